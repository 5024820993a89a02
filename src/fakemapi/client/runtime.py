"""What every simulated process of one fake shares: the world, the servers, the clock, the
machine's profiles, id counters, and the strict-mode switch."""

from __future__ import annotations

import itertools
import os
import sys
import threading
from collections import deque
from collections.abc import Iterator
from typing import Any

from fakemapi.client.profiles import ProfileStore
from fakemapi.emsmdb.faults import Faults
from fakemapi.hresult import MapiError
from fakemapi.trace import DEFAULT_TRACE_SIZE, Clock, Timeline, Trace
from fakemapi.world.model import World
from fakemapi.world.server import ServerSide

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


class Runtime:
    __slots__ = ("world", "server", "clock", "trace", "lock", "profiles", "strict", "flavor",
                 "timeline", "processes", "faults", "failures", "_conn_ids", "handle_ids", "_session_ids",
                 "notifier")

    def __init__(self, world: World, strict: bool = False, flavor: str = "x64",
                 trace_size: int | None = DEFAULT_TRACE_SIZE) -> None:
        self.world = world
        self.clock = Clock()
        self.server = ServerSide(world, self.clock)
        self.trace = Trace(self.clock, trace_size)
        #: one lock for the whole fake: calls from several threads are serialized
        self.lock = threading.RLock()
        self.profiles = ProfileStore(world)
        self.strict = strict
        self.flavor = flavor
        #: logon-table occupancy of every connection over virtual time (see Emsmdb.timeline)
        self.timeline = Timeline(trace_size)
        #: the simulated processes by name (filled by the Fake)
        self.processes: dict[str, Any] = {}
        #: the last model errors the calls met, as (actor, call, error), newest last: what
        #: ``fakemapi run`` explains after an uncaught com_error (the cause pywin32 does not show)
        self.failures: deque[tuple[str, str, MapiError]] = deque(maxlen=32)
        self.faults = Faults(self.trace, self._live_connections, (s.name for s in world.servers.values()))
        self._conn_ids = 0
        #: the ids of interface objects, 1, 2, ... (``next()`` of it is one C call)
        self.handle_ids = itertools.count(1)
        self._session_ids = 0
        from fakemapi.client.notify import Notifier

        #: advise connections and scheduled deliveries (fakemapi.client.notify)
        self.notifier = Notifier(self)

    def _live_connections(self) -> Iterator[tuple[Any, Any]]:
        for proc in list(self.processes.values()):
            for conn in list(proc.emsmdb.connections.values()):
                yield proc.emsmdb, conn

    def next_connection_id(self) -> int:
        self._conn_ids += 1
        return self._conn_ids

    def next_handle_id(self) -> int:
        return next(self.handle_ids)

    def next_session_id(self) -> int:
        self._session_ids += 1
        return self._session_ids

    def creation_site(self) -> str | None:
        """In strict mode, ``file:line`` of the first caller outside fakemapi."""
        if not self.strict:
            return None
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
            frame = frame.f_back  # type: ignore[assignment]
        if frame is None:
            return None
        return f"{frame.f_code.co_filename}:{frame.f_lineno}"

    @staticmethod
    def user_stacklevel() -> int:
        """The ``stacklevel`` that makes a warning issued by the caller point at the first frame
        outside fakemapi (a release comes through ``__del__`` or through a wrapper function)."""
        level = 1
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
            frame = frame.f_back  # type: ignore[assignment]
            level += 1
        return level
