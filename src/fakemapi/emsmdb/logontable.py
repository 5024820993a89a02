"""R1: the one-byte LogonId table of an RPC connection, lowest free index first."""

from __future__ import annotations

import heapq
from collections.abc import Iterable


class LogonTable:
    """256 one-byte LogonIds minus the reserved ones; allocation takes the lowest free id.

    Ids never used yet are handed out from a counter and freed ids go to a heap; every freed id
    is below the counter, so the heap's smallest, when there is one, is the lowest free id.
    Making a table costs nothing per id.
    """

    __slots__ = ("_freed", "_next", "_used", "reserved", "in_use")

    def __init__(self, reserved: Iterable[int] = (0xFF,)) -> None:
        self.reserved = frozenset(reserved)
        self._freed: list[int] = []
        self._next = 0
        self._used: set[int] = set()
        #: LogonIds in use now (an attribute, not a property: the open and release paths read it)
        self.in_use = 0
        self._skip_reserved()

    def _skip_reserved(self) -> None:
        while self._next < 256 and self._next in self.reserved:
            self._next += 1

    def allocate(self) -> int | None:
        """The lowest free LogonId, or None when the table is full."""
        if self._freed:
            logon_id = heapq.heappop(self._freed)
        elif self._next < 256:
            logon_id = self._next
            self._next += 1
            self._skip_reserved()
        else:
            return None
        self._used.add(logon_id)
        self.in_use += 1
        return logon_id

    def release(self, logon_id: int) -> None:
        """Free ``logon_id`` for reuse at once (R6)."""
        if logon_id not in self._used:
            raise ValueError(f"LogonId {logon_id} is not in use")
        self._used.remove(logon_id)
        self.in_use -= 1
        heapq.heappush(self._freed, logon_id)

    @property
    def capacity(self) -> int:
        return 256 - len(self.reserved)

    def used_ids(self) -> list[int]:
        return sorted(self._used)

    def is_full(self) -> bool:
        return not self._freed and self._next >= 256
