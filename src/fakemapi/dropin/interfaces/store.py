"""PyIMsgStore, a store as plain IUnknown, and IExchangeManageStore / IExchangeManageStoreEx."""

from __future__ import annotations

import uuid
from typing import Any

from fakemapi import tags as t
from fakemapi.client.process import ClientProcess
from fakemapi.client.propobject import PropObject
from fakemapi.client.session import Session
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import (
    MAPI_MODIFY,
    IID_IExchangeManageStore,
    IID_IExchangeManageStoreEx,
    IID_IMAPIProp,
    IID_IMsgStore,
    IID_IUnknown,
    _chars,
    _cost,
    _opt_iid,
    _unicode,
)
from fakemapi.dropin.interfaces.folder import PyIMAPIFolder, _FolderRef, _open_message_entry
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.table import PyIMAPITable, _table
from fakemapi.dropin.shapes import (
    as_entryid,
    as_props,
    as_text,
    as_ulong,
)
from fakemapi.emsmdb.connection import Logon
from fakemapi.hresult import MapiError, fail, signed
from fakemapi.props import make_bag, read
from fakemapi.world.entryid import is_message_entryid, store_entryid
from fakemapi.world.model import PRIVATE_MDB, PUBLIC_MDB
from fakemapi.world.server import OPENSTORE_PUBLIC


# =========================================================================================
class _StoreView(PyIMAPIProp):
    """What every wrapper over a store logon shares."""

    __slots__ = ()

    @property
    def _logon(self) -> Logon:
        return self._h.logon  # type: ignore[return-value]

    def _make_view(self) -> PropObject:
        logon = self._logon
        store = logon.store
        entryid = logon.entryid
        return PropObject(store.extra, lambda: store.props(entryid))

    def _read(self, tags: list[int] | None, unicode: bool) -> tuple[bool, list[tuple[int, Any]]]:
        # the hot path (OpenMsgStore, GetProps, release): no view object until one is needed
        h = self._h
        if h.props is None:
            store = h.logon.store  # type: ignore[union-attr]
            if not store.extra:
                return read(store.props(h.logon.entryid), tags, unicode)  # type: ignore[union-attr]
        return self._view().get(tags, unicode)

    def _commit(self, view: PropObject, flags: int) -> None:
        _cost(self._h)
        view.save()


class PyIMsgStore(_StoreView):
    __slots__ = ()

    @api
    def OpenEntry(self, entryId: Any, iid: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802,N803
        eid = as_entryid(entryId)
        _opt_iid(iid)
        flags = as_ulong(flags, "flags")
        h = self._h
        store = self._logon.store
        _cost(h)
        if eid is not None and is_message_entryid(eid):
            return _open_message_entry(h.process, h.session, self._logon, store, eid, flags)
        folder = store.root if eid is None else store.folder(eid)
        return wrap(PyIMAPIFolder, h.process, "folder", h.session, self._logon,
                    _FolderRef(folder, bool(flags & MAPI_MODIFY)))

    @api
    def AbortSubmit(self, entryId: Any, flags: Any = 0, /) -> None:  # noqa: N802,N803
        _chars(entryId)
        as_ulong(flags, "flags")
        # delivery is immediate in fakemapi: a submitted message is never still in the queue
        raise fail("MAPI_E_NOT_IN_QUEUE", detail="the message is not in the outgoing queue")

    @api
    def GetReceiveFolder(self, messageClass: Any = None, flags: Any = 0, /) -> tuple[bytes, str]:  # noqa: N802,N803
        cls = as_text(messageClass, "messageClass", none_ok=True) or ""
        as_ulong(flags, "flags")
        store = self._logon.store
        if store.public:
            raise fail("MAPI_E_NO_SUPPORT", detail="a public store has no receive folder")
        _cost(self._h)
        explicit = "IPM" if cls.upper().startswith("IPM") else ""
        return store.folders[3].entryid, explicit

    @api
    def GetReceiveFolderTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        flags = as_ulong(flags, "flags")
        store = self._logon.store
        rows = [] if store.public else [
            make_bag([(t.PR_ENTRYID, store.folders[3].entryid), (t.tag("PR_MESSAGE_CLASS"), "")]),
            make_bag([(t.PR_ENTRYID, store.folders[3].entryid), (t.tag("PR_MESSAGE_CLASS"), "IPM")]),
        ]
        h = self._h
        return _table(h.process, "table", h.session, self._logon,
                      Table(lambda: rows, [t.PR_ENTRYID, t.tag("PR_MESSAGE_CLASS")], _unicode(flags)))

    @api
    def CompareEntryIDs(self, entryId: Any, entryId2: Any, flags: Any = 0, /) -> int:  # noqa: N802,N803
        a, b = _chars(entryId), _chars(entryId2)
        as_ulong(flags, "flags")
        session = self._h.session
        if session is not None:
            try:
                return int(session.same_object(a, b))
            except MapiError:
                pass
        return int(a == b)

    @api
    def StoreLogoff(self, flags: Any, /) -> int:  # noqa: N802
        value = as_ulong(flags, "flags")
        return signed(value)


class _StoreUnknown(PyIUnknown):
    """A store as session.OpenEntry returns it: a plain PyIUnknown (QueryInterface needed)."""

    __slots__ = ()


def _store_object(process: ClientProcess, session: Session, logon: Logon, iid: uuid.UUID) -> PyIUnknown:
    cls, kind = _STORE_INTERFACES.get(iid, (None, ""))
    if cls is None:
        raise fail("MAPI_E_INTERFACE_NOT_SUPPORTED", detail=f"a store does not support {{{str(iid).upper()}}}")
    return wrap(cls, process, kind, session, logon, logon)


# =========================================================================================
class PyIExchangeManageStore(PyIUnknown):
    """pywin32 wraps one method of IExchangeManageStore: CreateStoreEntryID."""

    __slots__ = ()

    def _world(self) -> Any:
        return self._h.process.runtime.world

    @api
    def CreateStoreEntryID(self, serverDN: Any, userDN: Any, flags: Any = 0, /) -> bytes:  # noqa: N802,N803
        server_dn = as_text(serverDN, "serverDN")
        user_dn = as_text(userDN, "userDN", none_ok=True)
        value = as_ulong(flags, "flags")
        return _create_store_entryid(self._world(), server_dn or "", user_dn, value)


class PyIExchangeManageStoreEx(PyIUnknown):
    """pywin32 wraps one method of IExchangeManageStoreEx, CreateStoreEntryID2, and derives the
    wrapper from PyIUnknown, not from PyIExchangeManageStore (pywin32-surface.md 1.2)."""

    __slots__ = ()

    @api
    def CreateStoreEntryID2(self, props: Any, flags: Any = 0, /) -> bytes:  # noqa: N802
        pairs = dict(as_props(props))
        value = as_ulong(flags, "flags")
        mdb = pairs.get(t.PR_PROFILE_MDB_DN)
        if not mdb:
            raise fail("MAPI_E_INVALID_PARAMETER", detail="CreateStoreEntryID2 needs PR_PROFILE_MDB_DN")
        mailbox = pairs.get(t.PR_PROFILE_MAILBOX) or pairs.get((t.PR_PROFILE_MAILBOX & 0xFFFF0000) | t.PT_UNICODE)
        return _create_store_entryid(self._h.process.runtime.world, str(mdb), str(mailbox) if mailbox else None,
                                     value)


def _create_store_entryid(world: Any, server_dn: str, user_dn: str | None, flags: int) -> bytes:
    parts = [p for p in server_dn.split("/") if p]
    last = parts[-1].lower() if parts else ""
    if last not in (f"cn={PRIVATE_MDB}".lower(), f"cn={PUBLIC_MDB}".lower()):
        # KB Q203858: the store DN must end in /cn=Microsoft Private MDB (or Public MDB).
        raise fail("MAPI_E_CALL_FAILED", component="EMSMDB",
                   detail=f"the store DN {server_dn!r} must end in /cn={PRIVATE_MDB} or /cn={PUBLIC_MDB}")
    short = None
    for i, part in enumerate(parts[:-1]):
        if part.lower() == "cn=servers" and i + 1 < len(parts) - 1:
            short = parts[i + 1].partition("=")[2]
    if not short:
        raise fail("MAPI_E_INVALID_PARAMETER", component="EMSMDB",
                   detail=f"the store DN {server_dn!r} names no server (.../cn=Servers/cn=<server>/...)")
    if not user_dn:
        flags |= OPENSTORE_PUBLIC
    return store_entryid(short, user_dn or "", flags)




#: iid -> (wrapper class, handle kind) for objects over a store logon
_STORE_INTERFACES: dict[uuid.UUID, tuple[type[PyIUnknown], str]] = {
    IID_IMsgStore: (PyIMsgStore, "store"),
    IID_IMAPIProp: (PyIMsgStore, "store"),
    IID_IUnknown: (_StoreUnknown, "store"),
    IID_IExchangeManageStore: (PyIExchangeManageStore, "manage-store"),
    IID_IExchangeManageStoreEx: (PyIExchangeManageStoreEx, "manage-store"),
}
