"""What every simulated process of one fake shares: the world, the servers, the clock, the
machine's profiles, id counters, and the strict-mode switch."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

from fakemapi.client.profiles import ProfileStore
from fakemapi.emsmdb.faults import Faults
from fakemapi.trace import Clock, Trace
from fakemapi.world.model import World
from fakemapi.world.server import ServerSide

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


class Runtime:
    __slots__ = ("world", "server", "clock", "trace", "lock", "profiles", "strict", "flavor",
                 "timeline", "processes", "faults", "_conn_ids", "_handle_ids", "_session_ids")

    def __init__(self, world: World, strict: bool = False, flavor: str = "x64") -> None:
        self.world = world
        self.clock = Clock()
        self.server = ServerSide(world, self.clock)
        self.trace = Trace(self.clock)
        #: one lock for the whole fake: calls from several threads are serialized
        self.lock = threading.RLock()
        self.profiles = ProfileStore(world)
        self.strict = strict
        self.flavor = flavor
        #: logon-table occupancy of every connection over virtual time (see Emsmdb.timeline)
        self.timeline: list[tuple[int, str, int, str, int]] = []
        #: the simulated processes by name (filled by the Fake)
        self.processes: dict[str, Any] = {}
        self.faults = Faults(self.trace, self._live_connections, (s.name for s in world.servers.values()))
        self._conn_ids = 0
        self._handle_ids = 0
        self._session_ids = 0

    def _live_connections(self) -> Iterator[tuple[Any, Any]]:
        for proc in list(self.processes.values()):
            for conn in list(proc.emsmdb.connections.values()):
                yield proc.emsmdb, conn

    def next_connection_id(self) -> int:
        self._conn_ids += 1
        return self._conn_ids

    def next_handle_id(self) -> int:
        self._handle_ids += 1
        return self._handle_ids

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
