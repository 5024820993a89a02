"""R1: the one-byte LogonId table of an RPC connection, lowest free index first."""

from __future__ import annotations

import heapq
from collections.abc import Iterable


class LogonTable:
    """256 one-byte LogonIds minus the reserved ones; allocation takes the lowest free id."""

    __slots__ = ("_free", "_used", "reserved")

    def __init__(self, reserved: Iterable[int] = (0xFF,)) -> None:
        self.reserved = frozenset(reserved)
        self._free = [i for i in range(256) if i not in self.reserved]  # sorted, hence a heap
        self._used: set[int] = set()

    def allocate(self) -> int | None:
        """The lowest free LogonId, or None when the table is full."""
        if not self._free:
            return None
        logon_id = heapq.heappop(self._free)
        self._used.add(logon_id)
        return logon_id

    def release(self, logon_id: int) -> None:
        """Free ``logon_id`` for reuse at once (R6)."""
        if logon_id not in self._used:
            raise ValueError(f"LogonId {logon_id} is not in use")
        self._used.remove(logon_id)
        heapq.heappush(self._free, logon_id)

    @property
    def capacity(self) -> int:
        return 256 - len(self.reserved)

    @property
    def in_use(self) -> int:
        return len(self._used)

    def used_ids(self) -> list[int]:
        return sorted(self._used)

    def is_full(self) -> bool:
        return not self._free
