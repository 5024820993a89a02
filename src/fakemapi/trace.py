"""The trace of every call, and the virtual clock (R14: no wall clock anywhere)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Callable

import attrs


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
    return repr(value)


class Trace:
    """Every call through the drop-in surface, in order. Iterate it, filter it, dump it.

    Calls are kept as plain tuples (cheap to record, ignored by the garbage collector) and
    turned into :class:`TraceEvent` objects when read.
    """

    __slots__ = ("_rows", "_events", "_clock")

    def __init__(self, clock: Clock) -> None:
        self._rows: list[tuple[Any, ...]] = []
        self._events: list[TraceEvent] = []
        self._clock = clock

    def record(self, process: str, actor: str, call: str, args: tuple[Any, ...], result: Any,
               hresult: str | None, connection_id: int | None = None,
               logon_id: int | None = None) -> None:
        self._rows.append((self._clock.now_us, process, actor, call, args, result, hresult,
                           connection_id, logon_id))

    @property
    def events(self) -> list[TraceEvent]:
        events = self._events
        for i in range(len(events), len(self._rows)):
            events.append(TraceEvent(i + 1, *self._rows[i]))
        return events

    def __iter__(self) -> Iterator[TraceEvent]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index: int) -> TraceEvent:
        return self.events[index]

    def filter(self, predicate: Callable[[TraceEvent], bool] | None = None, *,
               call: str | None = None, errors: bool = False) -> list[TraceEvent]:
        """Events for which ``predicate`` holds, of method ``call``, or that failed."""
        out = []
        for e in self.events:
            if call is not None and e.call != call:
                continue
            if errors and e.hresult is None:
                continue
            if predicate is not None and not predicate(e):
                continue
            out.append(e)
        return out

    def errors(self) -> list[TraceEvent]:
        return self.filter(errors=True)

    def tail(self, n: int = 10) -> str:
        return "\n".join(str(e) for e in self.events[-n:]) if n > 0 else ""

    def to_jsonl(self) -> str:
        return "".join(json.dumps(e.as_dict(), sort_keys=True) + "\n" for e in self.events)

    def dump(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(self.to_jsonl())
