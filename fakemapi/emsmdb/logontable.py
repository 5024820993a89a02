"""R1: the one-byte LogonId table of an RPC connection, lowest free index first."""

from __future__ import annotations

from collections.abc import Iterable


class LogonTable:
    """256 one-byte LogonIds minus the reserved ones; allocation takes the lowest free id.

    One byte per id (0 free, 1 in use or reserved): the lowest free id is the first zero byte,
    which ``bytearray.find`` finds in C, so taking and giving back an id are a few C calls.
    """

    __slots__ = ("_slots", "in_use", "reserved")

    def __init__(self, reserved: Iterable[int] = (0xFF,)) -> None:
        self.reserved = frozenset(reserved)
        self._slots = bytearray(256)
        for logon_id in self.reserved:
            if 0 <= logon_id < 256:
                self._slots[logon_id] = 1
        #: LogonIds in use now (an attribute, not a property: the open and release paths read it)
        self.in_use = 0

    def allocate(self) -> int | None:
        """The lowest free LogonId, or None when the table is full."""
        logon_id = self._slots.find(0)
        if logon_id < 0:
            return None
        self._slots[logon_id] = 1
        self.in_use += 1
        return logon_id

    def release(self, logon_id: int) -> None:
        """Free ``logon_id`` for reuse at once (R6)."""
        slots = self._slots
        if not 0 <= logon_id < 256 or not slots[logon_id] or logon_id in self.reserved:
            raise ValueError(f"LogonId {logon_id} is not in use")
        slots[logon_id] = 0
        self.in_use -= 1

    @property
    def capacity(self) -> int:
        return 256 - len(self.reserved)

    def used_ids(self) -> list[int]:
        reserved = self.reserved
        return [i for i, used in enumerate(self._slots) if used and i not in reserved]

    def is_full(self) -> bool:
        return self._slots.find(0) < 0
