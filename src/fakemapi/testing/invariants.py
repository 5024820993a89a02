"""The Emsmdb32 invariants that hold after every call, whatever the client did.

:func:`check_invariants` reads only the public views of a :class:`fakemapi.Fake`
(``connections()``, ``logons()``, ``live_objects()``, ``world``) and raises
:class:`InvariantError` (an ``AssertionError``) naming the first broken rule. It is what
:class:`fakemapi.testing.MapiMachine` checks after every step; call it from your own tests too.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from fakemapi.fake import ConnectionInfo, Fake
from fakemapi.trace import TimelineReader


class InvariantError(AssertionError):
    """A rule of the model does not hold; the message names the rule and the state."""


def _fail(rule: str, message: str) -> InvariantError:
    return InvariantError(f"{rule}: {message}")


@contextmanager
def no_collection() -> Iterator[None]:
    """Hold off the cycle collector: an object of a reference cycle released by a collection
    (``__del__``) would change the state while it is being read."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_invariants(fake: Fake) -> None:
    """Check every process of ``fake`` (with the cycle collector held off, so that the state
    read is one state):

    * R1: each connection's LogonIds are distinct, not reserved, and at most the usable count;
      no two live logons share (connection, LogonId); connection ids are unique.
    * R2: in ``connection_scope: process``, at most one shared connection per process, server
      and account.
    * R3: a separate connection carries exactly one logon (it goes with its logon).
    * R6: under ``release_rule: refcount`` every live logon is pinned by a live object; under
      ``store-only`` by a store object. A working object that belongs to a store belongs to a
      live logon of its process.
    * R8: a process whose MAPIInitialize count is zero has no connection, no logon and no
      working object.
    * R11: no non-admin account holds more connections to one server than ``sessions_per_user``.
    * R12: no connection holds more objects of a type than the cap.
    """
    with no_collection():
        _check(fake)


def _check(fake: Fake) -> None:
    world = fake.world
    settings = world.emsmdb
    reserved = settings.reserved_logon_ids
    usable = 256 - len(reserved)
    caps = world.limits.objects_per_session
    names = sorted(fake.processes)
    connections: list[ConnectionInfo] = []
    for name in names:
        connections.extend(fake.connections(name))

    ids = Counter(c.connection_id for c in connections)
    twice = sorted(i for i, n in ids.items() if n > 1)
    if twice:
        raise _fail("R1", f"connection ids {twice} are used by more than one live connection")
    seen: set[tuple[int, int]] = set()
    for conn in connections:
        where = f"connection {conn.connection_id} ({conn.process}, {conn.server}, {conn.user})"
        logon_ids = conn.logon_ids
        if len(set(logon_ids)) != len(logon_ids):
            raise _fail("R1", f"{where} gives a LogonId twice: {logon_ids}")
        bad = [i for i in logon_ids if i in reserved or not 0 <= i <= 255]
        if bad:
            raise _fail("R1", f"{where} uses reserved or out-of-range LogonIds {bad}")
        if len(logon_ids) > usable:
            raise _fail("R1", f"{where} holds {len(logon_ids)} logons; only {usable} LogonIds are usable")
        for li in conn.logons:
            pair = (li.connection_id, li.logon_id)
            if pair in seen:
                raise _fail("R1", f"two live logons share connection {pair[0]}, LogonId {pair[1]}")
            seen.add(pair)
        if conn.separate and len(conn.logons) != 1:
            raise _fail("R3", f"separate {where} carries {len(conn.logons)} logons; it goes with its one logon")
        for objt, count in conn.objects.items():
            cap = caps.get(objt)
            if cap is not None and count > cap:
                raise _fail("R12", f"{where} holds {count} {objt}, over the cap of {cap}")
        if count_negative := [k for k, v in conn.objects.items() if v < 0]:
            raise _fail("R12", f"{where} counts a negative number of {count_negative}")
        for li in conn.logons:
            if settings.release_rule == "refcount" and not li.pinned_by:
                raise _fail("R6", f"logon {li.logon_id} on {where} is pinned by no object yet still open")
            if settings.release_rule == "store-only" and not any(p.startswith("store#") for p in li.pinned_by):
                raise _fail("R6", f"logon {li.logon_id} on {where} has no store object yet still open "
                                  f"(release_rule: store-only)")

    if settings.connection_scope == "process":
        shared = Counter((c.process, c.server.lower(), c.user.lower()) for c in connections if not c.separate)
        many = sorted(k for k, n in shared.items() if n > 1)
        if many:
            raise _fail("R2", f"more than one shared connection for (process, server, account) {many}")

    cap = world.limits.sessions_per_user
    if cap is not None:
        per_user = Counter((c.server.lower(), c.user.lower()) for c in connections
                           if not world.mailbox(c.user).is_admin)
        over = sorted((k, n) for k, n in per_user.items() if n > cap)
        if over:
            raise _fail("R11", f"(server, account) with more connections than sessions_per_user={cap}: {over}")

    for name in names:
        live = {(li.connection_id, li.logon_id): li for li in fake.logons(name)}
        init = fake.processes[name].init_count
        working = [o for o in fake.live_objects(name) if o.dead is None]
        if init == 0:
            if live:
                raise _fail("R8", f"process {name!r} is not initialized but holds logons {sorted(live)}")
            if working:
                raise _fail("R8", f"process {name!r} is not initialized but {working[0]} still works")
        for obj in working:
            if obj.logon_id is None:
                continue
            held = live.get((obj.connection_id or 0, obj.logon_id))
            if held is None:
                raise _fail("R6", f"{obj} works but its logon is gone")
            if held.mailbox_dn != obj.mailbox_dn:
                raise _fail("R6", f"{obj} belongs to {obj.mailbox_dn!r}, but LogonId {obj.logon_id} "
                                  f"is {held.mailbox_dn!r}")
            if obj.label not in held.pinned_by:
                raise _fail("R6", f"{obj} works but does not pin its logon")


class _MeterReader(TimelineReader):
    """Folds timeline points into the running sum of LogonIds in use and its peak."""

    __slots__ = ("process", "in_use", "total", "peak")

    def __init__(self, position: int, process: str | None, in_use: dict[int, int]) -> None:
        super().__init__(position)
        self.process = process
        self.in_use = in_use
        self.total = sum(in_use.values())
        self.peak = self.total

    def feed(self, points: Sequence[tuple[int, str, int, str, int]]) -> None:
        process, in_use, total, peak = self.process, self.in_use, self.total, self.peak
        for _, proc, conn_id, _, count in points:
            if process is not None and proc != process:
                continue
            count = max(count, 0)
            total += count - in_use.get(conn_id, 0)
            in_use[conn_id] = count
            if total > peak:
                peak = total
        self.total, self.peak = total, peak


class LogonMeter:
    """How many logons a block of code added at its peak (see :func:`track_logons`).

    It reads every timeline point of the block, those the timeline's window drops included
    (the timeline hands them over before dropping them), so a long block measures right."""

    __slots__ = ("_fake", "_reader", "_start_total", "peak_extra")

    def __init__(self, fake: Fake, process: str | None) -> None:
        self._fake = fake
        names = sorted(fake.processes) if process is None else [process]
        base = {c.connection_id: len(c.logons) for name in names for c in fake.connections(name)}
        timeline = fake.runtime.timeline
        self._reader = _MeterReader(timeline.total, process, base)
        timeline.watch(self._reader)
        self._start_total = self._reader.total
        #: the most logons open at once beyond those open when the block began
        self.peak_extra = 0

    def update(self) -> int:
        """Read the timeline up to now; returns :attr:`peak_extra`."""
        self._fake.runtime.timeline.catch_up(self._reader)
        self.peak_extra = self._reader.peak - self._start_total
        return self.peak_extra


class _Tracking:
    def __init__(self, fake: Fake, process: str | None) -> None:
        self.meter = LogonMeter(fake, process)

    def __enter__(self) -> LogonMeter:
        return self.meter

    def __exit__(self, *exc: object) -> None:
        self.meter.update()


def track_logons(fake: Fake, process: str | None = None) -> _Tracking:
    """``with track_logons(fake) as meter: ...`` then ``meter.peak_extra`` is the most logons
    the block held open at once beyond those open when it began (of ``process``, or of every
    process), read from ``fake.timeline``. A loop that releases each mailbox before opening the
    next has a peak of one."""
    return _Tracking(fake, process)
