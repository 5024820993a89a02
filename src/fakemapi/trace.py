"""The trace of every call, the logon-table timeline, and the virtual clock (R14: no wall clock
anywhere).

Both the trace and the timeline keep the most recent ``size`` entries (a window over an
append-only log) and the totals of everything ever recorded, so a long run's memory stays flat.
``size=None`` keeps everything, ``size=0`` nothing but the totals. Entries are stored flat: the
fields of each one follow those of the one before in a single list (``cells``), so recording an
entry makes no object that outlives the call (a list of tuples keeps one tuple per entry, which
the cyclic garbage collector then counts and visits until it finds the tuple holds nothing it
tracks); once the list holds twice the window, the older half is folded into the totals and
dropped, so recording costs one ``extend`` and one comparison per call.
"""

from __future__ import annotations

import json
import types
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Callable, overload

import attrs

#: where a trace entry's hresult name (None on success) is among its fields
_HRESULT_FIELD = 6
#: how many trace events (and timeline points) a fake keeps unless told otherwise
DEFAULT_TRACE_SIZE = 10_000
#: the largest finite value of ``size``; more would no longer keep memory flat in practice
_NO_LIMIT = 1 << 62


def check_size(value: Any, name: str = "trace_size") -> int | None:
    """``value`` as a window size: an int >= 0, or None for unbounded; else ValueError naming it."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name}: expected an int >= 0 (0: keep no events, only the totals) or None "
                         f"(keep every event), got {value!r}")
    return value


def parse_size(value: Any, name: str = "trace_size") -> int | None:
    """A window size as a user writes it (a scenario file, ``--trace-size``, a marker): an int
    >= 0 or its digits, ``"unbounded"`` (or None) to keep every event, ``"off"`` for 0."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "unbounded":
            return None
        if text == "off":
            return 0
        if text.isdigit():
            return int(text)
        raise ValueError(f"{name}: expected a number >= 0, 'unbounded' or 'off', got {value!r}")
    return check_size(value, name)


@attrs.define(slots=True)
class Clock:
    """Virtual time in microseconds; advanced only by modelled RPC costs."""

    now_us: int = 0

    def advance(self, us: int) -> None:
        self.now_us += us


@attrs.frozen(slots=True)
class TraceEvent:
    """One call: who made it, what it was, what came back, where on the wire, and when."""

    seq: int
    time_us: int
    process: str
    actor: str
    call: str
    args: tuple[Any, ...]  # shortened: objects by label, long values cut
    result: Any
    hresult: str | None  # name of the error code, None on success
    connection_id: int | None
    logon_id: int | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: arguments and result as their repr."""
        data = attrs.asdict(self)
        data["args"] = ", ".join(_text(a) for a in self.args)
        data["result"] = _text(self.result)
        return data

    @property
    def args_text(self) -> str:
        return ", ".join(_text(a) for a in self.args)

    def __str__(self) -> str:
        where = ""
        if self.connection_id is not None:
            where = f" [conn {self.connection_id}" + (
                f" logon {self.logon_id}]" if self.logon_id is not None else "]")
        outcome = self.hresult if self.hresult else self.result
        return (f"{self.seq:>6} {self.time_us / 1000:>10.3f}ms {self.process}:{self.actor}."
                f"{self.call}({self.args_text}) -> {_text(outcome)}{where}")


def _text(value: Any) -> str:
    """A value as one short piece of text (long strings and entry ids are cut in the middle)."""
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:28] + "..." + value[-28:]
    if isinstance(value, bytes) and len(value) > 48:
        return repr(value[:8] + b"..." + value[-32:])
    if isinstance(value, tuple) and len(value) > 6:
        return f"tuple[{len(value)}]"
    if isinstance(value, (types.FunctionType, types.MethodType, types.BuiltinFunctionType)):
        # an advise callback: by name, not by address (R14: the same run writes the same trace)
        return f"<function {getattr(value, '__qualname__', '?')}>"
    return repr(value)


class _Log:
    """An append-only log that keeps its most recent ``size`` entries of ``width`` fields each.

    ``cells`` holds the fields of between ``size`` and ``2 * size`` entries, one after the other
    (fewer at the start); the window is the last ``size``. Appending past ``high`` cells calls
    :meth:`trim`, which hands the oldest entries to :meth:`_fold` and drops them. Hot paths
    extend ``cells`` by one entry's fields themselves and call ``trim`` when
    ``len(cells) > high``.
    """

    __slots__ = ("cells", "size", "high", "dropped")
    #: fields per entry
    width = 1

    def __init__(self, size: int | None) -> None:
        self.size = check_size(size, "size")
        self.cells: list[Any] = []
        #: when ``cells`` grows past this, the older half goes (no limit when unbounded)
        self.high = _NO_LIMIT if size is None else 2 * size * self.width
        #: entries dropped so far (the absolute index of the first kept one)
        self.dropped = 0

    def append(self, row: tuple[Any, ...]) -> None:
        if len(row) != self.width:
            raise ValueError(f"an entry has {self.width} fields, not {len(row)}")
        cells = self.cells
        cells.extend(row)
        if len(cells) > self.high:
            self.trim()

    def _count(self) -> int:
        """Entries held (the window and what is kept before it until the next trim)."""
        return len(self.cells) // self.width

    def _row(self, index: int) -> tuple[Any, ...]:
        w = self.width
        return tuple(self.cells[index * w:(index + 1) * w])

    def _rows(self, start: int = 0) -> list[tuple[Any, ...]]:
        """The held entries from ``start`` on, as tuples."""
        w = self.width
        flat = iter(self.cells[start * w:])
        return list(zip(*[flat] * w))

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """Every held entry as a tuple (a new list on each read)."""
        return self._rows()

    def trim(self) -> None:
        """Fold and drop every entry older than the window."""
        n = self._count() - (self.size or 0)
        if n <= 0:
            return
        self._fold(n)
        del self.cells[:n * self.width]
        self.dropped += n

    def _fold(self, n: int) -> None:
        """Take the first ``n`` entries into the totals before they are dropped."""

    @property
    def total(self) -> int:
        """Entries ever recorded, those no longer kept included."""
        return self.dropped + self._count()

    def _start(self) -> int:
        """Index of the window's first entry among those held."""
        size = self.size
        if size is None:
            return 0
        return max(0, self._count() - size)

    def _window(self) -> list[tuple[Any, ...]]:
        return self._rows(self._start())

    def __len__(self) -> int:
        """Entries kept (the window), at most ``size``."""
        return self._count() - self._start()

    def _describe_size(self) -> str:
        if self.size is None:
            return "keeping all"
        if self.size == 0:
            return "keeping none (totals only)"
        return f"keeping the last {self.size:,}"


class Trace(_Log):
    """Every call through the drop-in surface, in order: the most recent ``size`` events (all
    when ``size`` is None) and the totals of every call ever made.

    ``list(trace)``, ``trace[i]``, ``trace.filter(...)``, ``trace.errors()`` and
    ``trace.tail(n)`` all give :class:`TraceEvent` objects (of the kept events);
    ``trace.format(events)`` / ``str(trace)`` give the readable text, one line per event;
    ``trace.total``, ``trace.error_total`` and ``trace.error_counts()`` count every call.
    """

    __slots__ = ("_clock", "_folded_errors")
    #: (time_us, process, actor, call, args, result, hresult, connection_id, logon_id)
    width = 9

    def __init__(self, clock: Clock, size: int | None = DEFAULT_TRACE_SIZE) -> None:
        super().__init__(size)
        self._clock = clock
        #: HRESULT name -> errors among the dropped rows
        self._folded_errors: dict[str, int] = {}

    def record(self, process: str, actor: str, call: str, args: tuple[Any, ...], result: Any,
               hresult: str | None, connection_id: int | None = None,
               logon_id: int | None = None) -> None:
        cells = self.cells
        cells.extend((self._clock.now_us, process, actor, call, args, result, hresult, connection_id, logon_id))
        if len(cells) > self.high:
            self.trim()

    def _fold(self, n: int) -> None:
        folded = self._folded_errors
        for hr in filter(None, self.cells[_HRESULT_FIELD:n * 9:9]):  # the loop runs in C for successes
            folded[hr] = folded.get(hr, 0) + 1

    def clear(self) -> None:
        """Forget the kept events; the totals and the sequence numbers go on."""
        n = self._count()
        self._fold(n)
        self.cells.clear()
        self.dropped += n

    # --- reading --------------------------------------------------------------------------
    def _event(self, index: int) -> TraceEvent:
        """The event of the held entry ``index``."""
        return TraceEvent(self.dropped + index + 1, *self.cells[index * 9:index * 9 + 9])

    @property
    def events(self) -> list[TraceEvent]:
        """The kept events, oldest first (a new list on each read)."""
        first = self.dropped + 1 + self._start()
        return [TraceEvent(first + i, *row) for i, row in enumerate(self._window())]

    def __iter__(self) -> Iterator[TraceEvent]:
        return iter(self.events)

    @overload
    def __getitem__(self, index: int) -> TraceEvent: ...

    @overload
    def __getitem__(self, index: slice) -> list[TraceEvent]: ...

    def __getitem__(self, index: int | slice) -> TraceEvent | list[TraceEvent]:
        positions = range(self._start(), self._count())
        if isinstance(index, slice):
            return [self._event(i) for i in positions[index]]
        return self._event(positions[index])

    def filter(self, predicate: Callable[[TraceEvent], bool] | None = None, *,
               call: str | None = None, errors: bool = False) -> list[TraceEvent]:
        """Kept events for which ``predicate`` holds, of method ``call``, or that failed."""
        out = []
        cells = self.cells
        for i in range(self._start(), self._count()):
            if call is not None and cells[i * 9 + 3] != call:
                continue
            if errors and cells[i * 9 + _HRESULT_FIELD] is None:
                continue
            event = self._event(i)
            if predicate is not None and not predicate(event):
                continue
            out.append(event)
        return out

    def errors(self) -> list[TraceEvent]:
        """Kept events that failed (``hresult`` set); see :meth:`error_counts` for all of them."""
        return self.filter(errors=True)

    def tail(self, n: int = 10) -> list[TraceEvent]:
        """The last ``n`` kept events (fewer when fewer are kept), oldest first."""
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise ValueError(f"n: expected an int >= 0, got {n!r}")
        count = self._count()
        start = max(self._start(), count - n)
        return [self._event(i) for i in range(start, count)]

    def format(self, events: Iterable[TraceEvent] | None = None) -> str:
        """``events`` (default: every kept event) as text, one line per event."""
        return "\n".join(str(e) for e in (self.events if events is None else events))

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return (f"<Trace {self.total:,} events, {self.error_total:,} errors; "
                f"{self._describe_size()} ({len(self):,} kept)>")

    # --- totals (every call ever recorded, kept or not) ----------------------------------------
    def error_counts(self) -> dict[str, int]:
        """HRESULT (or exception) name -> how many calls failed with it, over the whole run."""
        counts = dict(self._folded_errors)
        for hr in filter(None, self.cells[_HRESULT_FIELD::9]):
            counts[hr] = counts.get(hr, 0) + 1
        return counts

    @property
    def error_total(self) -> int:
        """Calls that failed over the whole run (kept or not)."""
        return sum(self.error_counts().values())

    # --- export ---------------------------------------------------------------------------
    def to_jsonl(self) -> str:
        return "".join(json.dumps(e.as_dict(), sort_keys=True) + "\n" for e in self.events)

    def dump(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(self.to_jsonl())


#: one point of a connection's logon-table occupancy: (time_us, process, connection id,
#: server name, LogonIds in use; -1 once the connection is closed)
Occupancy = tuple[int, str, int, str, int]


class TimelineReader:
    """Reads timeline points in order, each exactly once, even those the window drops: the
    timeline hands a registered reader every point before dropping it (see
    :meth:`Timeline.watch`). Subclasses implement :meth:`feed`, which takes the points in
    batches (one call per batch: the fold costs a loop step per point, not a call)."""

    __slots__ = ("position", "__weakref__")

    def __init__(self, position: int = 0) -> None:
        #: absolute index of the next point to read
        self.position = position

    def feed(self, points: Sequence[Occupancy]) -> None:
        raise NotImplementedError


class Peaks(TimelineReader):
    """The totals of a timeline: the most LogonIds in use on one connection at once, the most
    connections open at once, how many connections held a logon, and each connection's own
    peak (``by_connection``: (process, connection id) -> most LogonIds it held at once)."""

    __slots__ = ("logons", "connections", "opened", "by_connection", "_live")

    def __init__(self, position: int = 0) -> None:
        super().__init__(position)
        self.logons = 0
        self.connections = 0
        self.opened = 0
        self.by_connection: dict[tuple[str, int], int] = {}
        self._live: set[int] = set()

    def feed(self, points: Sequence[Occupancy]) -> None:
        live = self._live
        by_connection = self.by_connection
        logons, connections, opened = self.logons, self.connections, self.opened
        for _, process, conn_id, _, in_use in points:
            if in_use < 0:
                live.discard(conn_id)
                continue
            if conn_id not in live:
                live.add(conn_id)  # connection ids are never reused: a new one
                opened += 1
                if len(live) > connections:
                    connections = len(live)
            key = (process, conn_id)
            if in_use > by_connection.get(key, -1):
                by_connection[key] = in_use
            if in_use > logons:
                logons = in_use
        self.logons, self.connections, self.opened = logons, connections, opened


class Timeline(_Log, Sequence[Occupancy]):
    """Logon-table occupancy of every connection over virtual time: a point
    ``(time_us, process, connection_id, server, in_use)`` after every change, ``in_use`` -1 once
    the connection closed. Keeps the most recent ``size`` points (all when None) and the peaks
    of the whole run (:attr:`logons_peak`, :attr:`connections_peak`, :attr:`connections_total`).
    Indexing, iteration and ``len`` see the kept points; a list of them compares equal."""

    __slots__ = ("_peaks", "_readers")
    #: (time_us, process, connection_id, server, in_use)
    width = 5

    def __init__(self, size: int | None = DEFAULT_TRACE_SIZE) -> None:
        super().__init__(size)
        self._peaks = Peaks()
        self._readers: weakref.WeakSet[TimelineReader] = weakref.WeakSet()
        self._readers.add(self._peaks)

    def watch(self, reader: TimelineReader) -> TimelineReader:
        """Register ``reader`` (from its ``position`` on, normally :attr:`total`): every point
        reaches it, through :meth:`catch_up` or before the window drops it. Held weakly."""
        self._readers.add(reader)
        return reader

    def catch_up(self, reader: TimelineReader) -> None:
        """Feed ``reader`` every point recorded since its position."""
        first = reader.position - self.dropped
        if first < 0:
            raise ValueError("the timeline dropped points this reader has not read "
                             "(it was not registered with watch())")
        count = self._count()
        if first < count:
            reader.feed(self._rows(first))
        reader.position = self.dropped + count

    def _fold(self, n: int) -> None:
        for reader in list(self._readers):
            self.catch_up(reader)

    @property
    def peaks(self) -> Peaks:
        self.catch_up(self._peaks)
        return self._peaks

    @property
    def logons_peak(self) -> int:
        """Most LogonIds in use on one connection at once, over the whole run."""
        return self.peaks.logons

    @property
    def connections_peak(self) -> int:
        """Most connections open at once (all processes), over the whole run."""
        return self.peaks.connections

    @property
    def connections_total(self) -> int:
        """Connections that held a logon, over the whole run."""
        return self.peaks.opened

    # --- the kept points as a sequence ------------------------------------------------------
    def __iter__(self) -> Iterator[Occupancy]:
        return iter(self._window())

    @overload
    def __getitem__(self, index: int) -> Occupancy: ...

    @overload
    def __getitem__(self, index: slice) -> list[Occupancy]: ...

    def __getitem__(self, index: int | slice) -> Occupancy | list[Occupancy]:
        return self._window()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Timeline):
            return self._window() == other._window()
        if isinstance(other, (list, tuple)):
            return self._window() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"<Timeline {self.total:,} points; {self._describe_size()} ({len(self):,} kept); "
                f"logons peak {self.logons_peak}, connections peak {self.connections_peak}>")
