"""QueryInterface: which wrapper class answers which IID, per kind of object."""

from __future__ import annotations

import uuid
from typing import Any

from fakemapi.dropin.base import PyIUnknown
from fakemapi.dropin.interfaces.addrbook import PyIABContainer, PyIAddrBook, PyIDistList, PyIMailUser
from fakemapi.dropin.interfaces.advise import PyIMAPIAdviseSink
from fakemapi.dropin.interfaces.common import (
    IID_IAttachment,
    IID_IExchangeManageStore,
    IID_IExchangeManageStoreEx,
    IID_IMailUser,
    IID_IMAPIContainer,
    IID_IMAPIFolder,
    IID_IMAPIProp,
    IID_IMAPISession,
    IID_IMAPITable,
    IID_IMessage,
    IID_IMsgStore,
    IID_IProfSect,
    IID_IStream,
    IID_IUnknown,
    _iid,
)
from fakemapi.dropin.interfaces.converter import IID_IConverterSession, PyIConverterSession
from fakemapi.dropin.interfaces.folder import PyIMAPIContainer, PyIMAPIFolder
from fakemapi.dropin.interfaces.message import PyIAttach, PyIMessage
from fakemapi.dropin.interfaces.profile import PyIMsgServiceAdmin, PyIMsgServiceAdmin2, PyIProfAdmin
from fakemapi.dropin.interfaces.profsect import PyIProfSect
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.provider import PyIProviderAdmin
from fakemapi.dropin.interfaces.session import PyIMAPISession
from fakemapi.dropin.interfaces.status import PyIMAPIStatus
from fakemapi.dropin.interfaces.storage import PyILockBytes, PyIStorage
from fakemapi.dropin.interfaces.store import (
    PyIExchangeManageStore,
    PyIExchangeManageStoreEx,
    PyIMsgStore,
    _store_object,
)
from fakemapi.dropin.interfaces.stream import PyIStream
from fakemapi.dropin.interfaces.table import PyIMAPITable
from fakemapi.dropin.pytypes import IID, as_uuid
from fakemapi.hresult import fail


def query_interface(obj: PyIUnknown, iid: Any) -> PyIUnknown:
    """QueryInterface: a new reference to the same object through another interface."""
    want = iid if isinstance(iid, uuid.UUID) else as_uuid(iid, "iid")
    h = obj._h
    if h.kind in ("store", "manage-store"):
        return _store_object(h.process, h.session, h.logon, want)  # type: ignore[arg-type]
    cls = _SAME_OBJECT.get(h.kind, {}).get(want)
    if cls is not None and want == IID_IUnknown:
        # pywin32 wraps the result by the IID asked for (PyCom_PyObjectFromIUnknown,
        # com/win32com/src/PyIUnknown.cpp QueryInterface): IID_IUnknown gives a plain PyIUnknown,
        # which QueryInterfaces back to the object's own interfaces
        cls = PyIUnknown
    if cls is None:
        raise fail("MAPI_E_INTERFACE_NOT_SUPPORTED",
                   detail=f"{type(obj).__name__} does not support {{{str(want).upper()}}}")
    new = cls(h.process.new_handle(h.kind, h.session, h.logon, h.data))
    return new


def _prop_only(cls: type[PyIMAPIProp]) -> type[PyIMAPIProp]:
    """``cls`` seen through IID_IMAPIProp: pywin32's QueryInterface makes the wrapper from the IID
    asked for (PyCom_PyObjectFromIUnknown), so it is a PyIMAPIProp with IMAPIProp's methods
    only. The class keeps ``cls``'s private helpers (how it reads and saves its properties)."""
    helpers: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass in PyIMAPIProp.__mro__:
            continue
        helpers.update({k: v for k, v in vars(klass).items() if k.startswith("_") and not k.startswith("__")})
    helpers["__slots__"] = ()
    helpers["__module__"] = __name__
    return type("PyIMAPIProp", (PyIMAPIProp,), helpers)


_FOLDER_PROP = _prop_only(PyIMAPIFolder)

_SAME_OBJECT: dict[str, dict[uuid.UUID, type[PyIUnknown]]] = {
    "session": {IID_IMAPISession: PyIMAPISession, IID_IUnknown: PyIMAPISession},
    "folder": {IID_IMAPIFolder: PyIMAPIFolder, IID_IMAPIContainer: PyIMAPIFolder,
               IID_IMAPIProp: _FOLDER_PROP, IID_IUnknown: PyIMAPIFolder},
    "table": {IID_IMAPITable: PyIMAPITable, IID_IUnknown: PyIMAPITable},
    "contents-table": {IID_IMAPITable: PyIMAPITable, IID_IUnknown: PyIMAPITable},
    "hierarchy-table": {IID_IMAPITable: PyIMAPITable, IID_IUnknown: PyIMAPITable},
    "profsect": {IID_IProfSect: PyIProfSect, IID_IMAPIProp: PyIProfSect, IID_IUnknown: PyIProfSect},
    "mailuser": {IID_IMailUser: PyIMailUser, IID_IMAPIProp: PyIMailUser, IID_IUnknown: PyIMailUser},
}

#: pythoncom.TypeIIDs: IID -> wrapper type, for the interfaces fakemapi has
TYPE_IIDS: dict[IID, type[PyIUnknown]] = {
    IID(IID_IUnknown): PyIUnknown,
    IID(IID_IMAPISession): PyIMAPISession,
    IID(IID_IMsgStore): PyIMsgStore,
    IID(IID_IMAPIProp): PyIMAPIProp,
    IID(IID_IMAPIFolder): PyIMAPIFolder,
    IID(IID_IMAPIContainer): PyIMAPIContainer,
    IID(IID_IMAPITable): PyIMAPITable,
    IID(IID_IProfSect): PyIProfSect,
    IID(IID_IMailUser): PyIMailUser,
    IID(_iid("IID_IProfAdmin")): PyIProfAdmin,
    IID(_iid("IID_IMsgServiceAdmin")): PyIMsgServiceAdmin,
    IID(_iid("IID_IAddrBook")): PyIAddrBook,
    IID(IID_IExchangeManageStore): PyIExchangeManageStore,
    IID(IID_IExchangeManageStoreEx): PyIExchangeManageStoreEx,
}


_SAME_OBJECT.update({
    "message": {IID_IMessage: PyIMessage, IID_IMAPIProp: _prop_only(PyIMessage), IID_IUnknown: PyIMessage},
    "attachment": {IID_IAttachment: PyIAttach, IID_IMAPIProp: _prop_only(PyIAttach), IID_IUnknown: PyIAttach},
    "stream": {IID_IStream: PyIStream, IID_IUnknown: PyIStream},
    "storage": {uuid.UUID("{0000000B-0000-0000-C000-000000000046}"): PyIStorage, IID_IUnknown: PyIStorage},
    "attachment-table": _SAME_OBJECT["table"],
    "file-stream": {IID_IStream: PyIStream, IID_IUnknown: PyIStream},
    "advise-sink": {_iid("IID_IMAPIAdviseSink"): PyIMAPIAdviseSink, IID_IUnknown: PyIMAPIAdviseSink},
    "msgserviceadmin": {_iid("IID_IMsgServiceAdmin"): PyIMsgServiceAdmin,
                        _iid("IID_IMsgServiceAdmin2"): PyIMsgServiceAdmin2, IID_IUnknown: PyIMsgServiceAdmin},
    "abcontainer": {_iid("IID_IABContainer"): PyIABContainer, IID_IMAPIContainer: PyIABContainer,
                    IID_IMAPIProp: PyIABContainer, IID_IUnknown: PyIABContainer},
    "distlist": {_iid("IID_IDistList"): PyIDistList, IID_IMAPIContainer: PyIDistList, IID_IMAPIProp: PyIDistList,
                 IID_IUnknown: PyIDistList},
    "status": {_iid("IID_IMAPIStatus"): PyIMAPIStatus, IID_IMAPIProp: PyIMAPIStatus, IID_IUnknown: PyIMAPIStatus},
    "provideradmin": {_iid("IID_IProviderAdmin"): PyIProviderAdmin, IID_IUnknown: PyIProviderAdmin},
    "converter": {IID_IConverterSession: PyIConverterSession, IID_IUnknown: PyIUnknown},
})
TYPE_IIDS.update({
    IID(IID_IMessage): PyIMessage,
    IID(IID_IAttachment): PyIAttach,
    IID(IID_IStream): PyIStream,
    IID(_iid("IID_IMAPIAdviseSink")): PyIMAPIAdviseSink,
    IID(_iid("IID_IMsgServiceAdmin2")): PyIMsgServiceAdmin2,
    IID(_iid("IID_IProviderAdmin")): PyIProviderAdmin,
    IID(_iid("IID_IMAPIStatus")): PyIMAPIStatus,
    IID(_iid("IID_IABContainer")): PyIABContainer,
    IID(_iid("IID_IDistList")): PyIDistList,
    IID(IID_IConverterSession): PyIConverterSession,
})

# the types pywin32 registers for interfaces fakemapi does not return yet (placeholders.py)
from fakemapi.dropin.interfaces.placeholders import PLACEHOLDER_TYPES  # noqa: E402

for _placeholder_iid, _placeholder_cls in PLACEHOLDER_TYPES.items():
    TYPE_IIDS.setdefault(IID(_placeholder_iid), _placeholder_cls)

#: the wrapper class that stands for each IID (for the QueryInterface-free fast path)
_CLASS_OF: dict[uuid.UUID, type[PyIUnknown]] = {
    IID_IUnknown: PyIUnknown,
    IID_IMAPIProp: PyIMAPIProp,
    IID_IMAPITable: PyIMAPITable,
    IID_IMAPISession: PyIMAPISession,
    IID_IMsgStore: PyIMsgStore,
    IID_IMAPIFolder: PyIMAPIFolder,
    IID_IMAPIContainer: PyIMAPIContainer,
    IID_IMessage: PyIMessage,
    IID_IAttachment: PyIAttach,
    IID_IStream: PyIStream,
    IID_IProfSect: PyIProfSect,
    IID_IMailUser: PyIMailUser,
    # ObjIdl.h IID_IStorage; pywin32's PyIStorage (com/win32com/src/extensions/PyIStorage.cpp)
    uuid.UUID("{0000000B-0000-0000-C000-000000000046}"): PyIStorage,
    # ObjIdl.h IID_ILockBytes; pywin32's PyILockBytes (com/win32com/src/extensions/PyILockBytes.cpp)
    uuid.UUID("{0000000A-0000-0000-C000-000000000046}"): PyILockBytes,
    _iid("IID_IMAPIAdviseSink"): PyIMAPIAdviseSink,
    _iid("IID_IAddrBook"): PyIAddrBook,
}


def answers(obj: PyIUnknown, iid: uuid.UUID) -> bool:
    """Whether ``obj`` already is a wrapper of the interface ``iid`` (no QueryInterface needed)."""
    cls = _CLASS_OF.get(iid)
    return cls is not None and isinstance(obj, cls)
