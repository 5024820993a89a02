"""The handle a test gets from ``install()``: the world, the processes, and what to inspect."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import attrs

from fakemapi.client.objects import Handle
from fakemapi.client.process import ClientProcess
from fakemapi.client.runtime import Runtime
from fakemapi.emsmdb.connection import Connection, Logon
from fakemapi.emsmdb.faults import Faults
from fakemapi.emsmdb.provider import Emsmdb
from fakemapi.trace import DEFAULT_TRACE_SIZE, Timeline, Trace, check_size
from fakemapi.world.contents import SentMessage
from fakemapi.world.model import World
from fakemapi.world.specs import MessageSpec

MAIN_PROCESS = "main"


@attrs.frozen
class LogonInfo:
    """A live store logon: the LogonId it holds on which connection, for which mailbox."""

    connection_id: int
    logon_id: int
    mailbox_dn: str  # "" for a public store
    server: str
    process: str
    pinned_by: tuple[str, ...]  # labels of the live objects holding it


@attrs.frozen
class ConnectionInfo:
    """A live RPC connection (one server session) and its logons."""

    connection_id: int
    server: str
    user: str  # the account's alias
    process: str
    separate: bool
    logons: tuple[LogonInfo, ...]
    objects: dict[str, int]  # live server objects by type (R12)

    @property
    def logon_ids(self) -> list[int]:
        return [logon.logon_id for logon in self.logons]


@attrs.frozen
class LiveObject:
    """A live interface object and what it pins."""

    label: str  # e.g. "folder#12"
    kind: str
    process: str
    mailbox_dn: str | None  # the store it belongs to, if any
    connection_id: int | None
    logon_id: int | None
    created_at: str | None  # "file:line", in strict mode
    dead: str | None  # the error its calls raise, if it no longer works

    def __str__(self) -> str:
        where = f" (LogonId {self.logon_id} on connection {self.connection_id}, {self.mailbox_dn or 'public store'})" \
            if self.logon_id is not None else ""
        site = f" created at {self.created_at}" if self.created_at else ""
        return f"{self.label}{where}{site}"


# The views copy the model's containers first (``list(d.values())`` allocates nothing the cycle
# collector tracks) and build their values from the copies: building them allocates, a collection
# may then release an object of a reference cycle (PyIUnknown.__del__), and that release changes
# the containers.
def _logon_info(logon: Logon, emsmdb: Emsmdb) -> LogonInfo:
    return LogonInfo(logon.connection.id, logon.logon_id, logon.mailbox_dn, logon.connection.server.name,
                     logon.connection.process, tuple(sorted(h.label for h in emsmdb.handles_of(logon))))


def _connection_info(conn: Connection, emsmdb: Emsmdb) -> ConnectionInfo:
    logons = sorted(list(conn.logons.values()), key=lambda logon: logon.logon_id)
    objects = dict(conn.objects)
    return ConnectionInfo(conn.id, conn.server.name, conn.user.alias, conn.process, conn.separate,
                          tuple(_logon_info(logon, emsmdb) for logon in logons),
                          {k: v for k, v in objects.items() if v})


class Fake:
    """An installed fake: ``fake.world``, ``fake.trace``, and views of the client state."""

    def __init__(self, world: World, *, flavor: str = "x64", strict: bool = False,
                 trace_size: int | None = DEFAULT_TRACE_SIZE) -> None:
        if flavor not in ("x64", "x86"):
            raise ValueError(f"flavor must be 'x64' or 'x86', not {flavor!r}")
        if not isinstance(strict, bool):
            raise ValueError(f"strict must be True or False, not {strict!r}")
        check_size(trace_size)
        self.world = world
        self.flavor = flavor
        self.strict = strict
        self.runtime = Runtime(world, strict=strict, flavor=flavor, trace_size=trace_size)
        self.processes: dict[str, ClientProcess] = self.runtime.processes
        self._main = self._process(MAIN_PROCESS)
        self._local = threading.local()

    @property
    def current(self) -> ClientProcess:
        """The process the calling thread acts as: ``main`` unless inside ``fake.process(...)``."""
        proc: ClientProcess | None = getattr(self._local, "process", None)
        return proc if proc is not None else self._main

    def _existing(self, name: str) -> ClientProcess:
        """A process the program has acted as; a name never used is an error, not an empty view."""
        proc = self.processes.get(name)
        if proc is None:
            raise ValueError(f"process: no process {name!r} (known: {', '.join(sorted(self.processes))})")
        return proc

    def _process(self, name: str) -> ClientProcess:
        proc = self.processes.get(name)
        if proc is None:
            proc = self.processes[name] = ClientProcess(name, self.runtime)
        return proc

    # --- acting as another process ---------------------------------------------------------
    @contextmanager
    def process(self, name: str) -> Iterator[ClientProcess]:
        """Calls the calling thread makes under this block act as OS process ``name``: its own
        MAPIInitialize count, connections and logon tables, against the same servers. Other
        threads are not affected (each thread starts as ``main``)."""
        if not isinstance(name, str) or not name:
            raise ValueError(f"name: expected a non-empty string naming the process, got {name!r}")
        with self.runtime.lock:
            proc = self._process(name)
        previous = getattr(self._local, "process", None)
        self._local.process = proc
        try:
            yield proc
        finally:
            self._local.process = previous

    # --- inspection -----------------------------------------------------------------------------
    @property
    def faults(self) -> Faults:
        """Fault injection (see :mod:`fakemapi.faults`)."""
        return self.runtime.faults

    @property
    def trace(self) -> Trace:
        """Every call: the most recent ``trace_size`` events and the totals (see :class:`Trace`)."""
        return self.runtime.trace

    @property
    def timeline(self) -> Timeline:
        """Logon-table occupancy over virtual time: ``(time_us, process, connection_id, server,
        in_use)`` after every change; ``in_use`` is -1 once the connection closed. The most
        recent ``trace_size`` points, and the peaks of the whole run (see :class:`Timeline`)."""
        return self.runtime.timeline

    def logon_peaks(self, process: str | None = None) -> dict[int, int]:
        """The most LogonIds each connection held at once over the fake's life, by connection id
        (closed connections included), for every process or only ``process``."""
        if process is not None:
            self._existing(process)
        peaks: dict[int, int] = {}
        # the timeline's totals: they cover the points its window no longer keeps
        for (proc, conn_id), in_use in self.runtime.timeline.peaks.by_connection.items():
            if process is None or proc == process:
                peaks[conn_id] = max(peaks.get(conn_id, 0), in_use)
        return dict(sorted(peaks.items()))

    def peak_logons(self, process: str | None = None) -> int:
        """The most LogonIds one connection held at once so far (255 is the table full), whatever
        is still open now: what a test of a loop that must stay under the limit asserts on. Every
        process, or only ``process``; 0 when no store was ever opened."""
        return max(self.logon_peaks(process).values(), default=0)

    @property
    def sent(self) -> list[SentMessage]:
        """Every message submitted so far (SubmitMessage), oldest first: sender alias, subject, body,
        message class, to / cc / bcc addresses, the aliases it was delivered to, attachment names."""
        with self.runtime.lock:
            return list(self.runtime.server.sent)

    @property
    def time_us(self) -> int:
        """Virtual time so far, in microseconds."""
        return self.runtime.clock.now_us

    def deliver(self, to: str | Sequence[str], *, subject: str | None = None, body: str | None = None,
                sender: str | None = None, message_class: str = "IPM.Note", after_ms: float = 0) -> None:
        """Mail from outside the program: a message to ``to`` (aliases or SMTP addresses of world
        mailboxes) lands unread in each one's Inbox, now or ``after_ms`` of virtual time from now;
        it raises fnevObjectCreated and fnevNewMail for whoever advised (docs/notifications.md)."""
        recipients = (to,) if isinstance(to, str) else tuple(to)
        if not recipients or not all(isinstance(r, str) and r for r in recipients):
            raise ValueError(f"to: expected a mailbox alias or SMTP address (or a list of them), got {to!r}")
        for name in recipients:
            if self.runtime.server.find_address(name) is None:
                raise ValueError(f"to: {name!r} is not a mailbox of this world")
        for what, value in (("subject", subject), ("body", body), ("sender", sender)):
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{what}: expected a string or None, got {type(value).__name__}")
        if not isinstance(message_class, str) or not message_class:
            raise ValueError(f"message_class: expected a message class such as 'IPM.Note', got {message_class!r}")
        if isinstance(after_ms, bool) or not isinstance(after_ms, (int, float)) or after_ms < 0:
            raise ValueError(f"after_ms: expected a number of milliseconds >= 0, got {after_ms!r}")
        spec = MessageSpec(subject, body, sender, recipients, message_class=message_class)
        with self.runtime.lock:
            notifier = self.runtime.notifier
            notifier.schedule_mail(self.runtime.clock.now_us + int(after_ms * 1000), spec)
            notifier.run_due()

    def dispatch_notifications(self, process: str | None = None) -> int:
        """Hand the queued notifications of the current process (or ``process``) to their sinks,
        as a message pump would; returns how many were handed over."""
        proc = self.current if process is None else self._existing(process)
        with self.runtime.lock:
            return self.runtime.notifier.deliver(proc, pumped=True)

    def connections(self, process: str | None = None) -> list[ConnectionInfo]:
        """Live RPC connections of the current process (or of ``process``), oldest first."""
        proc = self.current if process is None else self._existing(process)
        with self.runtime.lock:
            conns = sorted(list(proc.emsmdb.connections.values()), key=lambda c: c.id)
            return [_connection_info(c, proc.emsmdb) for c in conns]

    def logons(self, process: str | None = None) -> list[LogonInfo]:
        """Live store logons of the current process (or of ``process``)."""
        return [logon for conn in self.connections(process) for logon in conn.logons]

    def live_objects(self, process: str | None = None) -> list[LiveObject]:
        """Every live interface object of the current process (or ``process``), oldest first."""
        proc = self.current if process is None else self._existing(process)
        with self.runtime.lock:
            handles = sorted(list(proc.handles.values()), key=lambda h: h.id)
            return [_live(h) for h in handles]

    def assert_no_leaks(self, process: str | None = None) -> None:
        """Fail when any store logon is open or any object obtained through a store is alive.

        Sessions, profile objects and session-level tables pin no logon and are not leaks.
        """
        leaked = [o for o in self.live_objects(process) if o.logon_id is not None and o.dead is None]
        logons = self.logons(process)
        if leaked or logons:
            lines = [f"{len(logons)} logon(s) still open, {len(leaked)} object(s) pinning them:"]
            lines += [f"  {o}" for o in leaked]
            lines += [f"  logon {li.logon_id} on connection {li.connection_id}: {li.mailbox_dn or 'public store'}"
                      for li in logons if not li.pinned_by]
            raise AssertionError("\n".join(lines))

    @property
    def init_count(self) -> int:
        return self.current.init_count

    def __repr__(self) -> str:
        return (f"<Fake flavor={self.flavor} strict={self.strict} processes={sorted(self.processes)} "
                f"current={self.current.name!r}>")


def _live(h: Handle) -> LiveObject:
    from fakemapi.hresult import name_of

    logon = h.logon
    return LiveObject(h.label, h.kind, h.process.name,
                      logon.mailbox_dn if logon is not None else None,
                      logon.connection.id if logon is not None else None,
                      logon.logon_id if logon is not None else None,
                      h.site, name_of(h.dead) if h.dead else None)
