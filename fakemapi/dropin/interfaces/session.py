"""PyIMAPISession."""

from __future__ import annotations

from typing import Any

from fakemapi import tags as t
from fakemapi.client.session import Session
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.addrbook import PyIAddrBook, PyIMailUser
from fakemapi.dropin.interfaces.common import (
    MAPI_MODIFY,
    IID_IMsgStore,
    IID_IUnknown,
    _cost,
    _last_error,
    _unicode,
)
from fakemapi.dropin.interfaces.folder import PyIMAPIFolder, _FolderRef, _open_message_entry
from fakemapi.dropin.interfaces.profile import PyIMsgServiceAdmin, PyIProfSect, _profile_section
from fakemapi.dropin.interfaces.store import _store_object
from fakemapi.dropin.interfaces.table import PyIMAPITable, _table
from fakemapi.hresult import MapiError, fail
from fakemapi.props import make_bag


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
        try:
            return _store_object(session.process, session, logon, iid or IID_IMsgStore)
        except MapiError:
            session.process.emsmdb.free(logon)
            raise

    @api
    def OpenEntry(self, entryId: bytes | None, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        eid = entryId
        session = self._session
        if eid is None:
            raise fail("MAPI_E_INVALID_ENTRYID", detail="the session cannot open a null entry id")
        kind = session.classify(eid)
        if kind == "store":
            logon = session.open_store(eid)
            return _store_object(session.process, session, logon, IID_IUnknown)
        if kind in ("folder", "message"):
            logon = session.logon_for_folder(eid)
            _cost(self._h)
            if kind == "message":
                return _open_message_entry(session.process, session, logon, logon.store, eid, flags)
            folder = logon.store.folder(eid)
            return wrap(PyIMAPIFolder, session.process, "folder", session, logon,
                        _FolderRef(folder, bool(flags & MAPI_MODIFY)))
        return wrap(PyIMailUser, session.process, "mailuser", session, None, session.mailuser_bag(eid))

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
        rows = [
            make_bag([(t.PR_DISPLAY_NAME, "MAPI Subsystem"), (t.PR_PROVIDER_DISPLAY, "MAPI"),
                      (t.PR_RESOURCE_TYPE, 39), (t.PR_STATUS_CODE, 1), (t.PR_RESOURCE_FLAGS, 0),
                      (t.PR_IDENTITY_DISPLAY, session.account.display_name),
                      (t.PR_IDENTITY_ENTRYID, session.identity())]),
            make_bag([(t.PR_DISPLAY_NAME, "Microsoft Exchange Server"),
                      (t.PR_PROVIDER_DISPLAY, "Microsoft Exchange Message Store"),
                      (t.PR_RESOURCE_TYPE, 33), (t.PR_STATUS_CODE, 1),
                      (t.PR_RESOURCE_FLAGS, 2)]),
        ]
        columns = [t.PR_DISPLAY_NAME, t.PR_PROVIDER_DISPLAY, t.PR_RESOURCE_TYPE, t.PR_STATUS_CODE,
                   t.PR_RESOURCE_FLAGS]
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


