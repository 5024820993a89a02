"""PyIMAPISession."""

from __future__ import annotations

from typing import Any

from fakemapi import tags as t
from fakemapi.client.access import MAPI_MODIFY, MDB_WRITE, opens_in_store, opens_writable
from fakemapi.client.session import Session
from fakemapi.client.status import STATUS_COLUMNS, is_status_entryid, status_object, status_rows
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.addrbook import PyIAddrBook, open_ab_entry
from fakemapi.dropin.interfaces.advise import PyIMAPIAdviseSink, register, unregister
from fakemapi.dropin.interfaces.common import (
    IID_IMsgStore,
    IID_IUnknown,
    _cost,
    _last_error,
    _unicode,
)
from fakemapi.dropin.interfaces.folder import PyIMAPIFolder, _FolderRef, _open_message_entry
from fakemapi.dropin.interfaces.profile import PyIMsgServiceAdmin
from fakemapi.dropin.interfaces.profsect import PyIProfSect, _profile_section
from fakemapi.dropin.interfaces.status import PyIMAPIStatus
from fakemapi.dropin.interfaces.store import _store_object
from fakemapi.dropin.interfaces.table import PyIMAPITable, _table
from fakemapi.hresult import MapiError, fail


# =========================================================================================
class PyIMAPISession(PyIUnknown):
    __slots__ = ()

    @property
    def _session(self) -> Session:
        return self._h.data  # type: ignore[no-any-return]

    @api
    def OpenMsgStore(self, uiParam: int, entryId: bytes, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        session = self._session
        logon = session.open_store(entryId)
        logon.writable = opens_writable(flags, write_flag=MDB_WRITE)
        try:
            return _store_object(session.process, session, logon, iid or IID_IMsgStore)
        except MapiError:
            session.process.emsmdb.free(logon)
            raise

    @api
    def Advise(self, entryId: bytes | None, mask: int, sink: PyIMAPIAdviseSink, /) -> int:  # noqa: N802,N803
        """PyIMAPISession.i:169, "OkO": the entry id of an open store, or of a folder or message
        in one; the sink through PyCom_InterfaceFromPyObject (ValueError for a non-COM object)."""
        eid, value, adviser = entryId, mask, sink._sink
        session = self._session
        if eid is None:
            raise fail("MAPI_E_INVALID_PARAMETER", detail="Advise needs the entry id of a store, folder or message")
        kind = session.classify(eid)
        if kind == "store":
            logon = session.logon_for_store(eid)
        elif kind in ("folder", "message"):
            logon = session.logon_for_folder(eid)
        else:
            raise fail("MAPI_E_NO_SUPPORT", detail="address book notifications are not emulated")
        return register(self._h, logon, eid, value, adviser)

    @api
    def Unadvise(self, connection: int, /) -> None:  # noqa: N802
        """PyIMAPISession.i:208, "unsigned long connection"."""
        session = self._session
        unregister(self._h, connection, lambda c: c.handle is not None and c.handle.session is session)

    @api
    def OpenEntry(self, entryId: bytes | None, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        eid = entryId
        session = self._session
        if eid is None:
            raise fail("MAPI_E_INVALID_ENTRYID", detail="the session cannot open a null entry id")
        if is_status_entryid(eid):
            return wrap(PyIMAPIStatus, session.process, "status", session, None, status_object(eid))
        kind = session.classify(eid)
        if kind == "store":
            logon = session.open_store(eid)
            # IMAPISession::OpenEntry, Remarks: a store entry id opens as OpenMsgStore does, "except
            # that to request read/write permission with OpenMsgStore, you must set the MDB_WRITE
            # flag instead of MAPI_MODIFY": here MAPI_MODIFY asks for it (MDB_WRITE still does)
            logon.writable = opens_writable(flags, write_flag=MAPI_MODIFY | MDB_WRITE)
            return _store_object(session.process, session, logon, IID_IUnknown)
        if kind in ("folder", "message"):
            logon = session.logon_for_folder(eid)
            _cost(self._h)
            if kind == "message":
                return _open_message_entry(session.process, session, logon, logon.store, eid, flags)
            folder = logon.store.folder(eid)
            return wrap(PyIMAPIFolder, session.process, "folder", session, logon,
                        _FolderRef(folder, opens_in_store(flags, logon.writable)))
        return open_ab_entry(session, eid)

    @api
    def GetMsgStoresTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        session = self._session
        text = t.PR_DISPLAY_NAME if _unicode(flags) else (t.PR_DISPLAY_NAME & 0xFFFF0000) | t.PT_STRING8
        columns = [t.PR_ENTRYID, text, t.PR_DEFAULT_STORE, t.PR_MDB_PROVIDER, t.PR_RESOURCE_FLAGS,
                   t.PR_OBJECT_TYPE, t.PR_RECORD_KEY, t.PR_INSTANCE_KEY]
        rows = session.stores_rows()
        return _table(session.process, "table", session, None, Table(lambda: rows, columns, _unicode(flags)))

    @api
    def GetStatusTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        session = self._session
        rows = status_rows(session)
        columns = STATUS_COLUMNS
        return _table(session.process, "table", session, None, Table(lambda: rows, columns, _unicode(flags)))

    @api
    def QueryIdentity(self) -> bytes:  # noqa: N802
        return self._session.identity()

    @api
    def Logoff(self, uiParam: int, flags: int, reserved: int, /) -> None:  # noqa: N802,N803
        session = self._session
        session.process.end_session(session)
        return None

    @api
    def OpenProfileSection(self, iidSection: Any, iid: Any, flags: int, /) -> PyIProfSect:  # noqa: N802,N803
        session = self._session
        return _profile_section(session.process, session, session.profile, iidSection, flags)

    @api
    def AdminServices(self, flags: int, /) -> PyIMsgServiceAdmin:  # noqa: N802
        session = self._session
        return wrap(PyIMsgServiceAdmin, session.process, "msgserviceadmin", session, None,  # type: ignore[return-value]
                    session.profile)

    @api
    def CompareEntryIDs(self, entryId: bytes, entryId2: bytes, flags: int, /) -> int:  # noqa: N802,N803
        return int(self._session.same_object(entryId, entryId2))

    @api
    def OpenAddressBook(self, uiParm: int, iid: Any, flags: int, /) -> PyIAddrBook:  # noqa: N802,N803
        session = self._session
        return wrap(PyIAddrBook, session.process, "addrbook", session, None, session)  # type: ignore[return-value]

    @api
    def GetLastError(self, hr: int, flags: int, /) -> Any:  # noqa: N802
        return _last_error(self._session, hr)


