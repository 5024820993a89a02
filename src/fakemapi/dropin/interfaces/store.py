"""PyIMsgStore, a store as plain IUnknown, and IExchangeManageStore / IExchangeManageStoreEx."""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from fakemapi import tags as t
from fakemapi.client.access import opens_in_store
from fakemapi.client.process import ClientProcess
from fakemapi.client.propobject import PropObject
from fakemapi.client.session import Session
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.advise import PyIMAPIAdviseSink, register, unregister
from fakemapi.dropin.interfaces.common import (
    MAPI_W_ERRORS_RETURNED,
    IID_IExchangeManageStore,
    IID_IExchangeManageStoreEx,
    IID_IMAPIProp,
    IID_IMsgStore,
    IID_IUnknown,
    _cost,
    _unicode,
)
from fakemapi.dropin.interfaces.folder import PyIMAPIFolder, _FolderRef, _open_message_entry
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.table import PyIMAPITable, _table
from fakemapi.dropin.shapes import props_out
from fakemapi.emsmdb.connection import Logon
from fakemapi.hresult import MapiError, fail, signed
from fakemapi.props import make_bag, read
from fakemapi.world.entryid import is_message_entryid, store_entryid
from fakemapi.world.model import PRIVATE_MDB, PUBLIC_MDB
from fakemapi.world.server import OPENSTORE_PUBLIC

#: how many GetProps answers a store remembers (StoreData.reads) before it starts over
READS_KEPT = 256


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
        writable = logon.writable
        return PropObject(store.extra, lambda: store.props(entryid, writable), writable=writable,
                          transacted=False)

    def _read(self, tags: list[int] | None, unicode: bool) -> tuple[bool, list[tuple[int, Any]]]:
        # the hot path (OpenMsgStore, GetProps, release): no view object until one is needed
        h = self._h
        if h.props is None:
            store = h.logon.store  # type: ignore[union-attr]
            if not store.extra:
                return read(store.props(h.logon.entryid, h.logon.writable), tags, unicode)  # type: ignore[union-attr]
        return self._view().get(tags, unicode)

    def _get_props(self, tags: list[int] | None, unicode: bool) -> tuple[int, tuple[tuple[int, Any], ...]]:
        # the hot path: a store nobody saved properties on answers from its derived bag, which
        # never changes (StoreData.props), so the shaped answer for the same tags is remembered
        h = self._h
        if h.props is None and tags is not None:
            logon: Logon = h.logon  # type: ignore[assignment]
            store = logon.store
            if not store.extra:
                key = (logon.entryid, logon.writable, tuple(tags), unicode)
                memo = store.reads
                found = memo.get(key)
                if found is None:
                    errors, pairs = read(store.props(logon.entryid, logon.writable), tags, unicode)
                    if len(memo) >= READS_KEPT:
                        memo.clear()
                    found = memo[key] = (MAPI_W_ERRORS_RETURNED if errors else 0), props_out(pairs)
                return found
        return super()._get_props(tags, unicode)

    def _commit(self, view: PropObject, flags: int) -> None:
        _cost(self._h)
        view.save()


class PyIMsgStore(_StoreView):
    __slots__ = ()

    @api
    def OpenEntry(self, entryId: bytes | None, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        eid = entryId
        h = self._h
        store = self._logon.store
        _cost(h)
        if eid is not None and is_message_entryid(eid):
            return _open_message_entry(h.process, h.session, self._logon, store, eid, flags)
        folder = store.root if eid is None else store.folder(eid)
        return wrap(PyIMAPIFolder, h.process, "folder", h.session, self._logon,
                    _FolderRef(folder, opens_in_store(flags, self._logon.writable)))

    @api
    def AbortSubmit(self, entryId: bytes, flags: int, /) -> None:  # noqa: N802,N803
        # delivery is immediate in fakemapi: a submitted message is never still in the queue
        raise fail("MAPI_E_NOT_IN_QUEUE", detail="the message is not in the outgoing queue")

    @api
    def GetReceiveFolder(self, messageClass: str | None, flags: int, /) -> tuple[bytes, str]:  # noqa: N802,N803
        cls = messageClass or ""
        store = self._logon.store
        if store.public:
            raise fail("MAPI_E_NO_SUPPORT", detail="a public store has no receive folder")
        _cost(self._h)
        explicit = "IPM" if cls.upper().startswith("IPM") else ""
        return store.folders[3].entryid, explicit

    @api
    def GetReceiveFolderTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        store = self._logon.store
        rows = [] if store.public else [
            make_bag([(t.PR_ENTRYID, store.folders[3].entryid), (t.tag("PR_MESSAGE_CLASS"), "")]),
            make_bag([(t.PR_ENTRYID, store.folders[3].entryid), (t.tag("PR_MESSAGE_CLASS"), "IPM")]),
        ]
        h = self._h
        return _table(h.process, "table", h.session, self._logon,
                      Table(lambda: rows, [t.PR_ENTRYID, t.tag("PR_MESSAGE_CLASS")], _unicode(flags)))

    @api
    def CompareEntryIDs(self, entryId: bytes, entryId2: bytes, flags: int, /) -> int:  # noqa: N802,N803
        a, b = entryId, entryId2
        session = self._h.session
        if session is not None:
            try:
                return int(session.same_object(a, b))
            except MapiError:
                pass
        return int(a == b)

    @api
    def StoreLogoff(self, flags: int, /) -> int:  # noqa: N802
        return signed(flags)

    @api
    def Advise(self, entryId: bytes | None, eventMask: int, adviseSink: PyIMAPIAdviseSink, /) -> int:  # noqa: N802,N803
        """PyIMsgStore.i:284, "OkO": entry id bytes or None; the sink as PyIMAPIAdviseSink."""
        _cost(self._h)
        return register(self._h, self._logon, entryId, eventMask, adviseSink._sink)

    @api
    def Unadvise(self, connection: int, /) -> None:  # noqa: N802
        """PyIMsgStore.i:319, "ULONG handle"."""
        logon = self._logon
        unregister(self._h, connection, lambda c: c.handle is not None and c.handle.logon is logon)


class _StoreProp(_StoreView):
    """A store through IID_IMAPIProp: pywin32 makes the wrapper from the IID asked for
    (PyCom_PyObjectFromIUnknown in OpenMsgStore and QueryInterface), so it is a PyIMAPIProp
    with IMAPIProp's methods only, not a PyIMsgStore."""

    __slots__ = ()


_StoreProp.__name__ = _StoreProp.__qualname__ = "PyIMAPIProp"


class _StoreUnknown(PyIUnknown):
    """A store as session.OpenEntry returns it: a plain PyIUnknown (QueryInterface needed)."""

    __slots__ = ()


def _store_object(process: ClientProcess, session: Session, logon: Logon, iid: uuid.UUID) -> PyIUnknown:
    cls, kind = _STORE_INTERFACES_BY_INT.get(iid.int, (None, ""))  # UUID.__hash__ is Python code
    if cls is None:
        raise fail("MAPI_E_INTERFACE_NOT_SUPPORTED", detail=f"a store does not support {{{str(iid).upper()}}}")
    return cls(process.new_handle(kind, session, logon, logon))  # wrap(), inlined (the hot path)


# =========================================================================================
class PyIExchangeManageStore(PyIUnknown):
    """pywin32 wraps one method of IExchangeManageStore: CreateStoreEntryID."""

    __slots__ = ()

    def _world(self) -> Any:
        return self._h.process.runtime.world

    @api
    def CreateStoreEntryID(self, serverDN: str, userDN: str | None, flags: int, /) -> bytes:  # noqa: N802,N803
        return _create_store_entryid(self._world(), serverDN, userDN, flags)


class PyIExchangeManageStoreEx(PyIUnknown):
    """pywin32 wraps one method of IExchangeManageStoreEx, CreateStoreEntryID2, and derives the
    wrapper from PyIUnknown, not from PyIExchangeManageStore (pywin32-surface.md 1.2)."""

    __slots__ = ()

    @api
    def CreateStoreEntryID2(self, props: list[tuple[int, Any]], flags: int, /) -> bytes:  # noqa: N802
        pairs = dict(props)
        value = flags
        mdb = pairs.get(t.PR_PROFILE_MDB_DN)
        if not mdb:
            raise fail("MAPI_E_INVALID_PARAMETER", detail="CreateStoreEntryID2 needs PR_PROFILE_MDB_DN")
        mailbox = pairs.get(t.PR_PROFILE_MAILBOX) or pairs.get((t.PR_PROFILE_MAILBOX & 0xFFFF0000) | t.PT_UNICODE)
        return _create_store_entryid(self._h.process.runtime.world, str(mdb), str(mailbox) if mailbox else None,
                                     value)


def _create_store_entryid(world: Any, server_dn: str, user_dn: str | None, flags: int) -> bytes:
    short = _server_of_store_dn(server_dn)
    if not user_dn:
        flags |= OPENSTORE_PUBLIC
    return store_entryid(short, user_dn or "", flags)


_STORE_DN_ENDS = (f"cn={PRIVATE_MDB}".lower(), f"cn={PUBLIC_MDB}".lower())


@lru_cache(maxsize=1024)
def _server_of_store_dn(server_dn: str) -> str:
    """The short server name a store DN names (a pure function of the text, so remembered:
    a loop over mailboxes passes the same store DN every time; errors are not remembered)."""
    parts = [p for p in server_dn.split("/") if p]
    last = parts[-1].lower() if parts else ""
    if last not in _STORE_DN_ENDS:
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
    return short


#: iid -> (wrapper class, handle kind) for objects over a store logon
_STORE_INTERFACES: dict[uuid.UUID, tuple[type[PyIUnknown], str]] = {
    IID_IMsgStore: (PyIMsgStore, "store"),
    IID_IMAPIProp: (_StoreProp, "store"),
    IID_IUnknown: (_StoreUnknown, "store"),
    IID_IExchangeManageStore: (PyIExchangeManageStore, "manage-store"),
    IID_IExchangeManageStoreEx: (PyIExchangeManageStoreEx, "manage-store"),
}
_STORE_INTERFACES_BY_INT = {iid.int: value for iid, value in _STORE_INTERFACES.items()}
