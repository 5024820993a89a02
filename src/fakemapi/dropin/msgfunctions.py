"""Message files: pythoncom's storage functions (com/win32com/src/PyStorage.cpp), gathered with
the rest of pythoncom's module functions in ``PYTHONCOM_FUNCTIONS``; and mapi's OpenIMsgSession /
CloseIMsgSession / OpenIMsgOnIStg (com/win32comext/mapi/src/mapi.i)."""

from __future__ import annotations

import uuid
from typing import Any, Callable

from fakemapi.client.msgfile import FileMessage, LockBytes, Storage
from fakemapi.client.storage import StorageNode
from fakemapi.dropin.base import PyIUnknown, wrap
from fakemapi.dropin.comfunctions import PYTHONCOM_BASIC_FUNCTIONS
from fakemapi.dropin.functions import PumpWaitingMessages, _proc, function
from fakemapi.dropin.interfaces.converter import co_create_instance, create_stream_on_hglobal
from fakemapi.dropin.interfaces.storage import PyILockBytes, PyIMsgFileMessage, PyIStorage
from fakemapi.dropin.parse import interface_converter
from fakemapi.dropin.pytypes import IID
from fakemapi.hresult import fail


def _wrap_storage(storage: Storage) -> PyIStorage:
    _, proc = _proc()
    return wrap(PyIStorage, proc, "storage", None, None, StorageNode(storage, (), storage.mode))  # type: ignore[return-value]


# --- pythoncom (arguments parsed by the signature table: fakemapi/dropin/signatures.py) ------------
@function("pythoncom")
def StgCreateDocfile(name: str | None, mode: int, reserved: int, /) -> PyIStorage:  # noqa: N802
    """``"Oi|i:StgCreateDocfile"`` (PyStorage.cpp:162): a new compound file at ``name``
    (PyWinObject_AsAutoFreeBstr, None allowed: a temporary file, in memory only here)."""
    if name is None:
        return _wrap_storage(Storage({}, bytes(16), None, mode, ""))
    return _wrap_storage(Storage.create_file(name, mode))


@function("pythoncom")
def StgOpenStorage(name: str | None, other: PyIStorage | None, mode: int, snbExclude: Any,  # noqa: N802,N803
                   reserved: int, /) -> PyIStorage:
    """``"OOi|Oi:StgOpenStorage"`` (PyStorage.cpp:278): an existing compound file. ``other``
    (an IStorage or None) is not used here; ``snbExclude`` is parsed and ignored, as pywin32
    passes NULL (PyStorage.cpp:293); a None name (NULL) is STG_E_INVALIDNAME."""
    if name is None:
        raise fail("STG_E_INVALIDNAME", detail="StgOpenStorage needs a file name (pwcsName is NULL)")
    return _wrap_storage(Storage.open_file(name, mode))


@function("pythoncom")
def CreateILockBytesOnHGlobal(hGlobal: int, DeleteOnRelease: Any, /) -> PyILockBytes:  # noqa: N802,N803
    """``"|Ol:CreateILockBytesOnHGlobal"`` (PyStorage.cpp:136): an ILockBytes on new memory. A
    handle (PyWinObject_AsHANDLE) other than NULL is E_INVALIDARG: fakemapi has no global memory."""
    if hGlobal:
        raise fail("E_INVALIDARG", detail="fakemapi allocates no global memory: hGlobal must be None")
    _, proc = _proc()
    return wrap(PyILockBytes, proc, "lockbytes", None, None, LockBytes())  # type: ignore[return-value]


@function("pythoncom")
def StgCreateDocfileOnILockBytes(lockBytes: PyILockBytes, mode: int, reserved: int, /) -> PyIStorage:  # noqa: N802,N803
    """``"Oi|i:StgCreateDocfileOnILockBytes"`` (PyStorage.cpp:188)."""
    return _wrap_storage(Storage.create_on(lockBytes._bytes, mode))


@function("pythoncom")
def StgOpenStorageOnILockBytes(lockBytes: PyILockBytes, stgPriority: PyIStorage | None, mode: int,  # noqa: N802,N803
                               snbExclude: Any, reserved: int, /) -> PyIStorage:  # noqa: N803
    """``"OOk|Ok:StgOpenStorageOnILockBytes"`` (PyStorage.cpp:219); ``stgPriority`` is not used
    here, ``snbExclude`` is parsed and ignored (pywin32 passes NULL, PyStorage.cpp:236)."""
    return _wrap_storage(Storage.open_on(lockBytes._bytes, mode))


#: PyCom_InterfaceFromPyObject(ob, IID_IStorage, ..., FALSE) (PyStorage.cpp:45)
_STORAGE = interface_converter("IStorage", none_ok=False, instance_ok=False)


@function("pythoncom")
def WriteClassStg(storage: Any, iid: uuid.UUID, /) -> None:  # noqa: N802
    """``"OO:WriteClassStg"`` (PyStorage.cpp:35): the class id of a storage; the IID is converted
    first (PyStorage.cpp:41), then the storage (PyStorage.cpp:45)."""
    st: PyIStorage = _STORAGE(storage)
    st._node.set_clsid(iid.bytes_le)
    return None


@function("pythoncom")
def ReadClassStg(storage: PyIStorage, /) -> IID:  # noqa: N802
    """``"O:ReadClassStg"`` (PyStorage.cpp:14)."""
    return IID(uuid.UUID(bytes_le=storage._node.clsid))


#: PyCom_InterfaceFromPyInstanceOrObject(ob, IID_IUnknown, ..., TRUE) (PythonCOM.cpp:113)
_UNKNOWN_OR_NONE = interface_converter("IUnknown", none_ok=True, instance_ok=True)


@function("pythoncom")
def CoCreateInstance(clsid: uuid.UUID, unkOuter: Any, context: int, iid: uuid.UUID, /) -> PyIUnknown:  # noqa: N802,N803
    """``"OOiO:CoCreateInstance"`` (PythonCOM.cpp:102): CLSID_IConverterSession is the one class
    (dropin/interfaces/converter.py)."""
    return co_create_instance(clsid, _UNKNOWN_OR_NONE(unkOuter), context, iid)



@function("pythoncom")
def CreateStreamOnHGlobal(hGlobal: int, DeleteOnRelease: Any, /) -> PyIUnknown:  # noqa: N802,N803
    """``"|Ol:CreateStreamOnHGlobal"`` (PyStorage.cpp:113): a stream in memory."""
    return create_stream_on_hglobal(hGlobal)


PYTHONCOM_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (StgCreateDocfile, StgOpenStorage, CreateILockBytesOnHGlobal, StgCreateDocfileOnILockBytes,
                            StgOpenStorageOnILockBytes, WriteClassStg, ReadClassStg, CoCreateInstance,
                            CreateStreamOnHGlobal, PumpWaitingMessages, *PYTHONCOM_BASIC_FUNCTIONS.values())
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
