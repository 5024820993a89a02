"""pythoncom's PyIStorage and PyILockBytes (com/win32com/src/extensions/PyIStorage.cpp,
PyILockBytes.cpp), over fakemapi/client/msgfile.py, and the IMessage on a storage."""

from __future__ import annotations

from typing import Any

from fakemapi.client.msgfile import FileMessage, LockBytes, Storage
from fakemapi.dropin.base import PyIUnknown, api
from fakemapi.dropin.interfaces.common import _cost
from fakemapi.dropin.interfaces.message import PyIMessage
from fakemapi.dropin.pytypes import IID, TimeType, as_uuid
from fakemapi.dropin.shapes import as_bytes_arg, as_int
from fakemapi.world.contents import NameMap

STGTY_STORAGE, STGTY_LOCKBYTES = 1, 3


def _stamp(h: Any) -> TimeType:
    now = h.process.runtime.server.now()
    return TimeType(now.year, now.month, now.day, now.hour, now.minute, now.second, now.microsecond,
                    tzinfo=now.tzinfo)


class PyIStorage(PyIUnknown):
    """A root storage from StgCreateDocfile / StgOpenStorage / StgCreateDocfileOnILockBytes."""

    __slots__ = ()

    @property
    def _storage(self) -> Storage:
        return self._h.data  # type: ignore[no-any-return]

    @api
    def Commit(self, grfCommitFlags: Any, /) -> None:  # noqa: N802,N803
        """``"i:Commit"`` (PyIStorage.cpp)."""
        as_int(grfCommitFlags, "grfCommitFlags")
        self._storage.commit()
        return None

    @api
    def Revert(self) -> None:  # noqa: N802
        return None

    @api
    def SetClass(self, clsid: Any, /) -> None:  # noqa: N802
        """``"O:SetClass"``: the root storage's class id (what WriteClassStg writes)."""
        self._storage.clsid = as_uuid(clsid, "clsid").bytes_le
        return None

    @api
    def Stat(self, grfStatFlag: Any = 0, /) -> tuple[Any, ...]:  # noqa: N802,N803
        as_int(grfStatFlag, "grfStatFlag")
        storage = self._storage
        stamp = _stamp(self._h)
        import uuid

        return (storage.name or None, STGTY_STORAGE, 0, stamp, stamp, stamp, storage.mode, 0,
                IID(str(uuid.UUID(bytes_le=storage.clsid))), 0, 0)


class PyILockBytes(PyIUnknown):
    """An ILockBytes on memory (CreateILockBytesOnHGlobal)."""

    __slots__ = ()

    @property
    def _bytes(self) -> LockBytes:
        return self._h.data  # type: ignore[no-any-return]

    @api
    def ReadAt(self, ulOffset: Any, cb: Any, /) -> bytes:  # noqa: N802,N803
        """``"Kk:ReadAt"`` (PyILockBytes.cpp): up to ``cb`` bytes from ``ulOffset``."""
        return self._bytes.read_at(as_int(ulOffset, "ulOffset"), as_int(cb, "cb"))

    @api
    def WriteAt(self, ulOffset: Any, data: Any, /) -> int:  # noqa: N802,N803
        return self._bytes.write_at(as_int(ulOffset, "ulOffset"), as_bytes_arg(data))

    @api
    def Flush(self) -> None:  # noqa: N802
        return None

    @api
    def SetSize(self, cb: Any, /) -> None:  # noqa: N802
        self._bytes.set_size(as_int(cb, "cb"))
        return None

    @api
    def Stat(self, grfStatFlag: Any, /) -> tuple[Any, ...]:  # noqa: N802,N803
        """``"i:Stat"`` (PyILockBytes.cpp): the flag is required."""
        as_int(grfStatFlag, "grfStatFlag")
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
