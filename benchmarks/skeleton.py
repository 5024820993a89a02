"""The least pure Python can do for B1's calls and still show what fakemapi shows.

One OpenMsgStore + GetProps + release, written as a single inlined path with none of
fakemapi's layers, checks or generality: the arguments' type and range checks pywin32 makes, a
lock, a LogonId from a one-byte table (lowest free first), a logon and an object record, a
wrapper released when its last reference goes (R6), a GetProps answered from a memo, one trace
row per call and one timeline point per change of the table, the virtual clock. Nothing else:
no fault hooks, notifications, sessions, connections policy, strict mode, error paths.

``benchmarks/run.py`` times it beside B1 (row "B1 skeleton"): the ratio of fakemapi to this is
what the layers cost, and this against the floor is how far any pure-Python design of the same
observable behaviour is from a bare object with a weakref finalizer.
"""

from __future__ import annotations

import heapq
import threading
from typing import Any


class _Logon:
    __slots__ = ("logon_id", "entryid", "pins", "alive")

    def __init__(self, logon_id: int, entryid: bytes) -> None:
        self.logon_id = logon_id
        self.entryid = entryid
        self.pins = 1
        self.alive = True


class _Handle:
    __slots__ = ("id", "label", "logon", "dead")

    def __init__(self, hid: int, logon: _Logon) -> None:
        self.id = hid
        self.label = f"store#{hid}"
        self.logon = logon
        self.dead = 0


class Skeleton:
    """A process with one connection: ``session.OpenMsgStore`` and the store's ``GetProps``."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.rows: list[tuple[Any, ...]] = []
        self.points: list[tuple[Any, ...]] = []
        self.now_us = 0
        self.next_id = 0
        self.freed: list[int] = []
        self.next_logon = 0
        self.in_use = 0
        self.memo: dict[tuple[Any, ...], Any] = {}
        self.props = {0x3001001F: (0x3001001F, "Mailbox - Administrator")}

    def OpenMsgStore(self, ui: Any, eid: Any, iid: Any, flags: Any) -> Store:  # noqa: N802
        if type(ui) is not int or not -2147483648 <= ui <= 2147483647:
            raise TypeError("an integer is required")
        if type(eid) is not bytes or iid is not None:
            raise TypeError("bad entry id or IID")
        if type(flags) is not int or not -2147483648 <= flags <= 2147483647:
            raise TypeError("an integer is required")
        with self.lock:
            if self.freed:
                logon_id = heapq.heappop(self.freed)
            else:
                logon_id = self.next_logon
                self.next_logon += 1
            self.in_use += 1
            self.now_us += 1000
            self.points.append((self.now_us, "main", 1, "EX01", self.in_use))
            self.next_id += 1
            store = Store(self, _Handle(self.next_id, _Logon(logon_id, eid)))
            self.rows.append((self.now_us, "main", "session#1", "OpenMsgStore", (ui, eid, iid, flags),
                              "<" + store.h.label + ">", None, 1, logon_id))
            return store


class Store:
    __slots__ = ("owner", "h", "__weakref__")

    def __init__(self, owner: Skeleton, h: _Handle) -> None:
        self.owner = owner
        self.h = h

    def GetProps(self, tags: Any, flags: Any = 0) -> Any:  # noqa: N802
        if type(tags) is not tuple or [t for t in tags if type(t) is not int or not 0 <= t <= 4294967295]:
            raise TypeError("bad tags")
        if type(flags) is not int or not -2147483648 <= flags <= 2147483647:
            raise TypeError("an integer is required")
        owner = self.owner
        h = self.h
        with owner.lock:
            if h.dead:
                raise RuntimeError("the object no longer works")
            key = (h.logon.entryid, tags, flags)
            found = owner.memo.get(key)
            if found is None:
                found = owner.memo[key] = (0, tuple(owner.props[t] for t in tags))
            owner.rows.append((owner.now_us, "main", h.label, "GetProps", (tags, flags), found, None, 1,
                               h.logon.logon_id))
            return found

    def __del__(self) -> None:
        owner = self.owner
        h = self.h
        with owner.lock:
            logon = h.logon
            logon.pins -= 1
            if not logon.pins:
                logon.alive = False
                heapq.heappush(owner.freed, logon.logon_id)
                owner.in_use -= 1
                owner.points.append((owner.now_us, "main", 1, "EX01", owner.in_use))
            owner.rows.append((owner.now_us, "main", h.label, "Release", (), "logon freed", None, 1, logon.logon_id))
            if len(owner.rows) > 20000:
                del owner.rows[:10000]
                del owner.points[:10000]
