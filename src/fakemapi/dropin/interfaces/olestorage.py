"""pythoncom's PyIStorage and PyIEnumSTATSTG (com/win32com/src/extensions/PyIStorage.cpp,
PyIEnumSTATSTG.cpp) over the storages of fakemapi/client/storage.py: compound files and the
storage of an OLE attachment."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from fakemapi.client.msgfile import Storage
from fakemapi.client.storage import StorageNode, node_of
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.convert import as_iid, wchar_text
from fakemapi.dropin.interfaces.stream import PyIStream
from fakemapi.dropin.parse import interface_converter
from fakemapi.dropin.pytypes import IID, TimeType
from fakemapi.hresult import fail

STGTY_STORAGE, STGTY_STREAM, STGTY_LOCKBYTES = 1, 2, 3
STATFLAG_NONAME = 1
#: IID_IStorage / IID_IStream (ObjIdl.h): what IStorage::CopyTo's exclusions name
IID_ISTORAGE = uuid.UUID("{0000000B-0000-0000-C000-000000000046}")
IID_ISTREAM = uuid.UUID("{0000000C-0000-0000-C000-000000000046}")
#: FILETIME 0 through PyWinObject_FromFILETIME (win32/src/PyTime.cpp:353-361, FromSYSTEMTIME: UTC)
_ZERO_TIME = TimeType(1601, 1, 1, tzinfo=datetime.timezone.utc)
#: PyCom_InterfaceFromPyObject(ob, IID_IStorage, ..., FALSE) (PyIStorage.cpp:182, :222)
_AS_STORAGE = interface_converter("IStorage", none_ok=False, instance_ok=False)


def _stamp(h: Any) -> TimeType:
    now = h.process.runtime.server.now()
    return TimeType(now.year, now.month, now.day, now.hour, now.minute, now.second, now.microsecond,
                    tzinfo=now.tzinfo)


class PyIStorage(PyIUnknown):
    """A storage: a root from StgCreateDocfile / StgOpenStorage / StgCreateDocfileOnILockBytes, a
    storage inside one (OpenStorage / CreateStorage), or the storage of an OLE attachment
    (``IAttach.OpenProperty(PR_ATTACH_DATA_OBJ, IID_IStorage, 0, flags)``). Iterating it iterates
    ``EnumElements()`` (PyIStorage.cpp:502-505, a PyComEnumProviderTypeObject)."""

    __slots__ = ()

    @property
    def _node(self) -> StorageNode:
        return node_of(self._h.data)

    @property
    def _storage(self) -> Storage:
        """The root storage this storage is in (what OpenIMsgOnIStg and WriteClassStg act on)."""
        return self._node.root

    def _wrap(self, cls: type[PyIUnknown], kind: str, data: Any) -> Any:
        h = self._h
        return wrap(cls, h.process, kind, h.session, h.logon, data)

    def __iter__(self) -> Any:
        return iter(self.EnumElements())

    @api
    def CreateStream(self, name: str, mode: int, reserved1: int, reserved2: int, /) -> Any:  # noqa: N802
        """``"Oi|ii:CreateStream"`` (PyIStorage.cpp:37): a new stream element, a PyIStream."""
        return self._wrap(PyIStream, "stream", self._node.create_stream(name, mode))

    @api
    def OpenStream(self, name: str, reserved1: Any, mode: int, reserved2: int, /) -> Any:  # noqa: N802
        """``"OOi|i:OpenStream"`` (PyIStorage.cpp:68); ``reserved1`` must be None (:70-73)."""
        if reserved1 is not None:
            raise TypeError("The 'reserved' parameter (param 2) must be None")
        return self._wrap(PyIStream, "stream", self._node.open_stream(_wchar(name), mode))

    @api
    def CreateStorage(self, name: str, mode: int, stgFmt: int, reserved2: int, /) -> PyIStorage:  # noqa: N802,N803
        """``"Oii|i:CreateStorage"`` (PyIStorage.cpp:102): a new storage element."""
        return self._wrap(PyIStorage, "storage", self._node.create_storage(name, mode))  # type: ignore[no-any-return]

    @api
    def OpenStorage(self, name: str | None, priority: Any, mode: int, snbExclude: Any,  # noqa: N802,N803
                    reserved: int, /) -> PyIStorage:
        """``"OOi|zi:OpenStorage"`` (PyIStorage.cpp:137): a storage element (``priority`` is
        converted and released, PyIStorage.cpp:144-150; NULL reaches the call for snbExclude)."""
        return self._wrap(PyIStorage, "storage", self._node.open_storage(name, mode))  # type: ignore[no-any-return]

    @api
    def CopyTo(self, rgiidExclude: Any, snbExclude: Any, stgDest: Any, /) -> None:  # noqa: N802,N803
        """``"OzO:CopyTo"`` (PyIStorage.cpp:174): the exclusions through SeqToVector and
        PyWinObject_AsIID (:178-180), then the destination as an IStorage (:182). IID_IStorage
        excluded: no storage elements; IID_IStream: no stream elements (IStorage::CopyTo)."""
        exclude = None if rgiidExclude is None else [as_iid(v) for v in tuple(rgiidExclude)]
        dest: PyIStorage = _AS_STORAGE(stgDest)
        skip = set(exclude or ())
        self._node.copy_to(dest._node, IID_ISTORAGE in skip, IID_ISTREAM in skip)
        return None

    @api
    def MoveElementTo(self, name: Any, stgDest: Any, newName: Any, flags: int, /) -> None:  # noqa: N802,N803
        """``"OOOi:MoveElementTo"`` (PyIStorage.cpp:214): both names (:218-221), then the
        destination as an IStorage (:222); flags STGMOVE_MOVE (0) or STGMOVE_COPY (1)."""
        old, new = _wchar(name), _wchar(newName)
        dest: PyIStorage = _AS_STORAGE(stgDest)
        self._node.move_element(old, dest._node, new, flags & 0xFFFFFFFF)
        return None

    @api
    def Commit(self, grfCommitFlags: int, /) -> None:  # noqa: N802,N803
        """``"i:Commit"`` (PyIStorage.cpp:247): a root writes its compound file where it came
        from; a storage inside is direct mode (its changes are in its parent already)."""
        self._node.commit()
        return None

    @api
    def Revert(self) -> None:  # noqa: N802
        """``":Revert"`` (PyIStorage.cpp:264): a transacted root goes back to its last commit;
        direct mode has nothing to discard."""
        self._node.revert()
        return None

    @api
    def EnumElements(self, reserved1: int, reserved2: Any, reserved3: int, /) -> PyIEnumSTATSTG:  # noqa: N802
        """``"|izi:EnumElements"`` (PyIStorage.cpp:288): a PyIEnumSTATSTG over the elements, in
        MS-CFB 2.6.4 order, each as PyCom_PyObjectFromSTATSTG builds it (mode 0: grfMode "is only
        valid in calls to Stat methods", PyComHelpers.cpp:435)."""
        node = self._node
        rows = [_element_statstg(node, key, value) for key, value in node.elements()]
        return self._wrap(PyIEnumSTATSTG, "storage-enum", _Enum(rows, 0))  # type: ignore[no-any-return]

    @api
    def DestroyElement(self, name: str, /) -> None:  # noqa: N802
        """``"O:DestroyElement"`` (PyIStorage.cpp:308)."""
        self._node.destroy(name)
        return None

    @api
    def RenameElement(self, oldName: str, newName: str, /) -> None:  # noqa: N802,N803
        """``"OO:RenameElement"`` (PyIStorage.cpp:331): old name converted first (:334)."""
        self._node.rename(oldName, newName)
        return None

    @api
    def SetClass(self, clsid: uuid.UUID, /) -> None:  # noqa: N802
        """``"O:SetClass"``, PyWinObject_AsIID (PyIStorage.cpp:407): the storage's class id
        (what WriteClassStg writes)."""
        self._node.set_clsid(clsid.bytes_le)
        return None

    @api
    def SetStateBits(self, grfStateBits: int, grfMask: int, /) -> None:  # noqa: N802,N803
        """``"ii:SetStateBits"`` (PyIStorage.cpp:432): the bits under the mask, kept while this
        storage is open (Stat's item 9)."""
        node = self._node
        node.tree()
        mask = grfMask & 0xFFFFFFFF
        node.state_bits = (node.state_bits & ~mask) | (grfStateBits & mask)
        return None

    @api
    def Stat(self, grfStatFlag: int, /) -> tuple[Any, ...]:  # noqa: N802,N803
        """``"|i:Stat"`` (PyIStorage.cpp:452), a STATSTG tuple (PyComHelpers.cpp:423-445): name
        (None with STATFLAG_NONAME, 1), STGTY_STORAGE, size 0, times, the mode it was opened
        with, 0, its class id, its state bits, 0."""
        node = self._node
        node.tree()
        stamp = _stamp(self._h) if not node.path else _ZERO_TIME
        name = None if grfStatFlag & STATFLAG_NONAME else (node.name or None)
        return (name, STGTY_STORAGE, 0, stamp, stamp, stamp, node.mode, 0,
                IID(str(uuid.UUID(bytes_le=node.clsid))), node.state_bits, 0)


class _Enum:
    """What a PyIEnumSTATSTG walks: the rows, and where it is."""

    __slots__ = ("rows", "position")

    def __init__(self, rows: list[tuple[Any, ...]], position: int) -> None:
        self.rows = rows
        self.position = position


class PyIEnumSTATSTG(PyIUnknown):
    """pywin32's PyIEnumSTATSTG (com/win32com/src/extensions/PyIEnumSTATSTG.cpp): Next, Skip,
    Reset, Clone; iterating it yields one STATSTG tuple at a time (a PyComEnumTypeObject,
    PyIEnumSTATSTG.cpp:142)."""

    __slots__ = ()

    @property
    def _enum(self) -> _Enum:
        return self._h.data  # type: ignore[no-any-return]

    def __iter__(self) -> Any:
        return self

    def __next__(self) -> tuple[Any, ...]:
        got = self.Next(1)
        if not got:
            raise StopIteration
        return got[0]

    @api
    def Next(self, num: int, /) -> tuple[tuple[Any, ...], ...]:  # noqa: N802
        """``"|l:Next"`` (PyIEnumSTATSTG.cpp:26): a tuple of up to ``num`` STATSTG tuples (fewer,
        or none, at the end: S_FALSE is not an error)."""
        enum = self._enum
        if num < 0:
            raise fail("E_INVALIDARG", detail=f"Next({num}): the count is a ULONG")
        rows = enum.rows[enum.position:enum.position + num]
        enum.position += len(rows)
        return tuple(rows)

    @api
    def Skip(self, num: int, /) -> None:  # noqa: N802
        """``"l:Skip"`` (PyIEnumSTATSTG.cpp:74); past the end is S_FALSE, not an error."""
        enum = self._enum
        enum.position = min(len(enum.rows), enum.position + (num & 0xFFFFFFFF))
        return None

    @api
    def Reset(self) -> None:  # noqa: N802
        """``":Reset"`` (PyIEnumSTATSTG.cpp:94)."""
        self._enum.position = 0
        return None

    @api
    def Clone(self) -> PyIEnumSTATSTG:  # noqa: N802
        """``":Clone"`` (PyIEnumSTATSTG.cpp:115): another enumerator at the same place."""
        h = self._h
        enum = self._enum
        return wrap(PyIEnumSTATSTG, h.process, "storage-enum", h.session, h.logon,  # type: ignore[return-value]
                    _Enum(enum.rows, enum.position))


def _element_statstg(node: StorageNode, key: str, value: Any) -> tuple[Any, ...]:
    """One element's STATSTG tuple (PyComHelpers.cpp:423-445) as EnumElements gives it: a stream
    has its size, no class id; a storage its class id; times are the directory entry's (zero,
    as MS-CFB 2.6.3 has them for streams and as fakemapi writes storages: 1601-01-01 UTC)."""
    if isinstance(value, dict):
        clsid = node.root.clsids.get(node.path + (key,), bytes(16))
        return (key, STGTY_STORAGE, 0, _ZERO_TIME, _ZERO_TIME, _ZERO_TIME, 0, 0,
                IID(str(uuid.UUID(bytes_le=clsid))), 0, 0)
    return (key, STGTY_STREAM, len(value), _ZERO_TIME, _ZERO_TIME, _ZERO_TIME, 0, 0, IID(str(uuid.UUID(int=0))), 0, 0)


def _wchar(value: Any) -> str:
    text = wchar_text(value, False)
    assert text is not None
    return text
