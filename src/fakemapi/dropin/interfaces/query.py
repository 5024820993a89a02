"""QueryInterface: which wrapper class answers which IID, per kind of object."""

from __future__ import annotations

import uuid
from typing import Any

from fakemapi.dropin.base import PyIUnknown
from fakemapi.dropin.interfaces.addrbook import PyIAddrBook, PyIMailUser
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
from fakemapi.dropin.interfaces.folder import PyIMAPIContainer, PyIMAPIFolder
from fakemapi.dropin.interfaces.message import PyIAttach, PyIMessage
from fakemapi.dropin.interfaces.profile import PyIMsgServiceAdmin, PyIProfAdmin, PyIProfSect
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.session import PyIMAPISession
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
    want = as_uuid(iid, "iid")
    h = obj._h
    if h.kind in ("store", "manage-store"):
        return _store_object(h.process, h.session, h.logon, want)  # type: ignore[arg-type]
    cls = _SAME_OBJECT.get(h.kind, {}).get(want)
    if cls is None:
        raise fail("MAPI_E_INTERFACE_NOT_SUPPORTED",
                   detail=f"{type(obj).__name__} does not support {{{str(want).upper()}}}")
    new = cls(h.process.new_handle(h.kind, h.session, h.logon, h.data))
    return new


_SAME_OBJECT: dict[str, dict[uuid.UUID, type[PyIUnknown]]] = {
    "session": {IID_IMAPISession: PyIMAPISession, IID_IUnknown: PyIMAPISession},
    "folder": {IID_IMAPIFolder: PyIMAPIFolder, IID_IMAPIContainer: PyIMAPIFolder,
               IID_IMAPIProp: PyIMAPIFolder, IID_IUnknown: PyIMAPIFolder},
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
    "message": {IID_IMessage: PyIMessage, IID_IMAPIProp: PyIMessage, IID_IUnknown: PyIMessage},
    "attachment": {IID_IAttachment: PyIAttach, IID_IMAPIProp: PyIAttach, IID_IUnknown: PyIAttach},
    "stream": {IID_IStream: PyIStream, IID_IUnknown: PyIStream},
    "attachment-table": _SAME_OBJECT["table"],
})
TYPE_IIDS.update({
    IID(IID_IMessage): PyIMessage,
    IID(IID_IAttachment): PyIAttach,
    IID(IID_IStream): PyIStream,
})
