"""pythoncom's PyILockBytes (com/win32com/src/extensions/PyILockBytes.cpp), the IMessage on a storage,
and PyIStorage / PyIEnumSTATSTG (defined in olestorage.py)."""

from __future__ import annotations

from typing import Any

from fakemapi.client.msgfile import FileMessage, LockBytes
from fakemapi.dropin.base import PyIUnknown, api
from fakemapi.dropin.interfaces.common import _cost
from fakemapi.dropin.interfaces.message import PyIMessage
from fakemapi.dropin.interfaces.olestorage import PyIEnumSTATSTG as PyIEnumSTATSTG
from fakemapi.dropin.interfaces.olestorage import PyIStorage as PyIStorage
from fakemapi.dropin.interfaces.olestorage import _stamp
from fakemapi.dropin.pytypes import IID
from fakemapi.world.contents import NameMap

STGTY_LOCKBYTES = 3


class PyILockBytes(PyIUnknown):
    """An ILockBytes on memory (CreateILockBytesOnHGlobal)."""

    __slots__ = ()

    @property
    def _bytes(self) -> LockBytes:
        return self._h.data  # type: ignore[no-any-return]

    @api
    def ReadAt(self, ulOffset: int, cb: int, /) -> bytes:  # noqa: N802,N803
        """``"Kk:ReadAt"`` (PyILockBytes.cpp:31): up to ``cb`` bytes from ``ulOffset``."""
        return self._bytes.read_at(ulOffset, cb)

    @api
    def WriteAt(self, ulOffset: int, data: bytes, /) -> int:  # noqa: N802,N803
        """``"OO:WriteAt"`` (PyILockBytes.cpp:60): a ULARGE_INTEGER offset and any buffer."""
        return self._bytes.write_at(ulOffset, bytes(data))

    @api
    def Flush(self) -> None:  # noqa: N802
        return None

    @api
    def SetSize(self, cb: int, /) -> None:  # noqa: N802
        self._bytes.set_size(cb)
        return None

    @api
    def Stat(self, grfStatFlag: int, /) -> tuple[Any, ...]:  # noqa: N802,N803
        """``"i:Stat"`` (PyILockBytes.cpp:196): the flag is required."""
        stamp = _stamp(self._h)
        return (None, STGTY_LOCKBYTES, len(self._bytes.data), stamp, stamp, stamp, 0, 0,
                IID("{00000000-0000-0000-0000-000000000000}"), 0, 0)


class PyIMsgFileMessage(PyIMessage):
    """An IMessage on a storage (OpenIMsgOnIStg): named properties are the file's own."""

    __slots__ = ()

    def _names(self) -> NameMap:
        msg = self._h.data
        assert isinstance(msg, FileMessage)
        return msg.file_store.names

    def _commit(self, view: Any, flags: int) -> None:
        _cost(self._h)
        self._msg.save(flags)
