"""Message files: pythoncom's storage functions (com/win32com/src/PyStorage.cpp) and mapi's
OpenIMsgSession / CloseIMsgSession / OpenIMsgOnIStg (com/win32comext/mapi/src/mapi.i)."""

from __future__ import annotations

import os
from typing import Any, Callable

from fakemapi.client.msgfile import FileMessage, LockBytes, Storage
from fakemapi.dropin.base import PyIUnknown, wrap
from fakemapi.dropin.functions import _proc, function
from fakemapi.dropin.interfaces.converter import co_create_instance, create_stream_on_hglobal
from fakemapi.dropin.interfaces.storage import PyILockBytes, PyIMsgFileMessage, PyIStorage
from fakemapi.dropin.parse import interface_converter
from fakemapi.dropin.pytypes import IID, as_uuid
from fakemapi.dropin.shapes import as_int
from fakemapi.hresult import MapiError


def _name(value: Any, what: str, none_ok: bool) -> str | None:
    """PyWinObject_AsAutoFreeBstr: str (or bytes), None where allowed."""
    if value is None:
        if none_ok:
            return None
        raise TypeError("None is not a valid string in this context")
    if isinstance(value, bytes):
        return value.decode("mbcs" if os.name == "nt" else "utf-8", "replace")
    if isinstance(value, str):
        return value
    raise TypeError(f"{what}: Objects of type '{type(value).__name__}' can not be converted to Unicode.")


def _live(obj: Any, cls: type[PyIUnknown], expected: str, none_ok: bool = False) -> Any:
    if obj is None and none_ok:
        return None
    if obj is None:
        raise TypeError("None is not a invalid interface object in this context")
    if not isinstance(obj, cls):
        raise TypeError(f"The Python object is invalid (expected a {expected})")
    if obj._h.dead:
        raise MapiError(obj._h.dead, detail="the object no longer works")
    return obj


def _wrap_storage(storage: Storage) -> PyIStorage:
    _, proc = _proc()
    return wrap(PyIStorage, proc, "storage", None, None, storage)  # type: ignore[return-value]


# --- pythoncom ----------------------------------------------------------------------------------
@function("pythoncom")
def StgCreateDocfile(name: Any, mode: Any, reserved: Any = 0, /) -> PyIStorage:  # noqa: N802
    """``"Oi|i:StgCreateDocfile"``: a new compound file at ``name`` (None: in memory only)."""
    path = _name(name, "name", True)
    flags = as_int(mode, "mode")
    as_int(reserved, "reserved")
    if path is None:
        return _wrap_storage(Storage({}, bytes(16), None, flags, ""))
    return _wrap_storage(Storage.create_file(path, flags))


@function("pythoncom")
def StgOpenStorage(name: Any, other: Any, mode: Any, snbExclude: Any = None, reserved: Any = 0, /) -> PyIStorage:  # noqa: N802,N803
    """``"OOi|Oi:StgOpenStorage"``: an existing compound file (``other`` and ``snbExclude`` must be None)."""
    path = _name(name, "name", False)
    _live(other, PyIStorage, "PyIStorage", none_ok=True)
    flags = as_int(mode, "mode")
    if snbExclude is not None:
        raise TypeError("snbExclude must be None")
    as_int(reserved, "reserved")
    assert path is not None
    return _wrap_storage(Storage.open_file(path, flags))


@function("pythoncom")
def CreateILockBytesOnHGlobal(hglobal: Any = None, deleteOnRelease: Any = True, /) -> PyILockBytes:  # noqa: N802,N803
    """``"|Ol:CreateILockBytesOnHGlobal"``: an ILockBytes on new memory (hGlobal must be None here)."""
    if hglobal is not None:
        raise TypeError("fakemapi's CreateILockBytesOnHGlobal makes new memory only: hGlobal must be None")
    as_int(deleteOnRelease, "DeleteOnRelease")
    _, proc = _proc()
    return wrap(PyILockBytes, proc, "lockbytes", None, None, LockBytes())  # type: ignore[return-value]


@function("pythoncom")
def StgCreateDocfileOnILockBytes(lockBytes: Any, mode: Any, reserved: Any = 0, /) -> PyIStorage:  # noqa: N802,N803
    """``"Oi|i:StgCreateDocfileOnILockBytes"``."""
    lb = _live(lockBytes, PyILockBytes, "PyILockBytes")
    flags = as_int(mode, "mode")
    as_int(reserved, "reserved")
    return _wrap_storage(Storage.create_on(lb._bytes, flags))


@function("pythoncom")
def StgOpenStorageOnILockBytes(lockBytes: Any, stgPriority: Any, mode: Any, snbExclude: Any = None,  # noqa: N802,N803
                               reserved: Any = 0, /) -> PyIStorage:
    """``"OOk|Ok:StgOpenStorageOnILockBytes"``."""
    lb = _live(lockBytes, PyILockBytes, "PyILockBytes")
    _live(stgPriority, PyIStorage, "PyIStorage", none_ok=True)
    flags = as_int(mode, "mode") & 0xFFFFFFFF
    if snbExclude is not None:
        raise TypeError("snbExclude must be None")
    as_int(reserved, "reserved")
    return _wrap_storage(Storage.open_on(lb._bytes, flags))


@function("pythoncom")
def WriteClassStg(storage: Any, iid: Any, /) -> None:  # noqa: N802
    """``"OO:WriteClassStg"``: the class id of a storage."""
    st = _live(storage, PyIStorage, "PyIStorage")
    st._storage.clsid = as_uuid(iid, "iid").bytes_le
    return None


@function("pythoncom")
def ReadClassStg(storage: Any, /) -> IID:  # noqa: N802
    """``"O:ReadClassStg"``."""
    import uuid

    st = _live(storage, PyIStorage, "PyIStorage")
    return IID(str(uuid.UUID(bytes_le=st._storage.clsid)))


@function("pythoncom")
def CoCreateInstance(clsid: Any, unkOuter: Any, context: Any, iid: Any, /) -> PyIUnknown:  # noqa: N802,N803
    """``"OOiO:CoCreateInstance"``: CLSID_IConverterSession is the one class (dropin/interfaces/converter.py)."""
    return co_create_instance(clsid, unkOuter, context, iid)


@function("pythoncom")
def CreateStreamOnHGlobal(hGlobal: Any = None, DeleteOnRelease: Any = True, /) -> PyIUnknown:  # noqa: N802,N803
    """``"|Ol:CreateStreamOnHGlobal"``: a stream in memory."""
    return create_stream_on_hglobal(hGlobal, DeleteOnRelease)


PYTHONCOM_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (StgCreateDocfile, StgOpenStorage, CreateILockBytesOnHGlobal, StgCreateDocfileOnILockBytes,
                            StgOpenStorageOnILockBytes, WriteClassStg, ReadClassStg, CoCreateInstance,
                            CreateStreamOnHGlobal)
}


# --- mapi -----------------------------------------------------------------------------------------
#: PyCom_InterfaceFromPyObject(ob, IID_IStorage, ..., FALSE), run after OpenIMsgOnIStg's own check
_AS_STORAGE = interface_converter("IStorage", none_ok=False, instance_ok=False)


@function("mapi")
def OpenIMsgSession(flags: int, /) -> int:  # noqa: N802
    """``"|l:OpenIMsgOnIStg"`` (sic, mapi.i:764): a message session handle, an int."""
    fake, _ = _proc()
    return 0x10000 + fake.runtime.next_handle_id()


@function("mapi")
def CloseIMsgSession(session: int, /) -> None:  # noqa: N802
    """``"l:CloseIMsgSession"`` (mapi.i:783)."""
    return None


@function("mapi")
def OpenIMsgOnIStg(session: int, support: Any, storage: Any, callback: Any, callbackData: int,  # noqa: N802,N803
                   flags: int, /) -> PyIMsgFileMessage:
    """``"lOO|Oll:OpenIMsgOnIStg"`` (mapi.i:808): an IMessage on ``storage``; ``support`` and
    ``callback`` must be None (checked first, mapi.i:817), then ``storage`` goes through
    PyCom_InterfaceFromPyObject(IID_IStorage) (mapi.i:825)."""
    if support is not None or callback is not None:
        raise TypeError("Only None us supported for MAPISupport and CallRelease")
    st: PyIStorage = _AS_STORAGE(storage)
    fake, proc = _proc()
    message = FileMessage(st._storage, fake.runtime.server.now)
    return wrap(PyIMsgFileMessage, proc, "message", None, None, message)  # type: ignore[return-value]


IMSG_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (OpenIMsgSession, CloseIMsgSession, OpenIMsgOnIStg)
}
