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
    _chars,
    _cost,
    _last_error,
    _opt_iid,
    _unicode,
)
from fakemapi.dropin.interfaces.folder import PyIMAPIFolder, _FolderRef, _open_message_entry
from fakemapi.dropin.interfaces.profile import PyIMsgServiceAdmin, PyIProfSect, _profile_section
from fakemapi.dropin.interfaces.store import _store_object
from fakemapi.dropin.interfaces.table import PyIMAPITable, _table
from fakemapi.dropin.pytypes import as_uuid
from fakemapi.dropin.shapes import (
    as_entryid,
    as_entryid_s,
    as_int,
    as_ulong,
)
from fakemapi.hresult import MapiError, fail
from fakemapi.props import make_bag


# =========================================================================================
class PyIMAPISession(PyIUnknown):
    __slots__ = ()

    @property
    def _session(self) -> Session:
        return self._h.data  # type: ignore[no-any-return]

    @api
    def OpenMsgStore(self, uiParam: Any, entryId: Any, iid: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802,N803
        as_int(uiParam, "uiParam")
        eid = as_entryid_s(entryId)
        want = _opt_iid(iid)
        as_ulong(flags, "flags")
        session = self._session
        logon = session.open_store(eid)
        try:
            return _store_object(session.process, session, logon, want or IID_IMsgStore)
        except MapiError:
            session.process.emsmdb.free(logon)
            raise

    @api
    def OpenEntry(self, entryId: Any, iid: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802,N803
        eid = as_entryid(entryId)
        _opt_iid(iid)
        flags = as_ulong(flags, "flags")
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
    def GetMsgStoresTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        flags = as_ulong(flags, "flags")
        session = self._session
        text = t.PR_DISPLAY_NAME if _unicode(flags) else (t.PR_DISPLAY_NAME & 0xFFFF0000) | t.PT_STRING8
        columns = [t.PR_ENTRYID, text, t.PR_DEFAULT_STORE, t.PR_MDB_PROVIDER, t.PR_RESOURCE_FLAGS,
                   t.PR_OBJECT_TYPE, t.PR_RECORD_KEY, t.PR_INSTANCE_KEY]
        rows = session.stores_rows()
        return _table(session.process, "table", session, None, Table(lambda: rows, columns, _unicode(flags)))

    @api
    def GetStatusTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        flags = as_ulong(flags, "flags")
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
    def Logoff(self, uiParam: Any, flags: Any, reserved: Any, /) -> None:  # noqa: N802,N803
        as_int(uiParam, "uiParam")
        as_ulong(flags, "flags")
        as_int(reserved, "reserved")
        session = self._session
        session.process.end_session(session)
        return None

    @api
    def OpenProfileSection(self, iidSection: Any, iid: Any, flags: Any, /) -> PyIProfSect:  # noqa: N802,N803
        uid = as_uuid(iidSection, "section")
        _opt_iid(iid)
        flags = as_ulong(flags, "flags")
        session = self._session
        return _profile_section(session.process, session, session.profile, uid, flags)

    @api
    def AdminServices(self, flags: Any = 0, /) -> PyIMsgServiceAdmin:  # noqa: N802
        as_ulong(flags, "flags")
        session = self._session
        return wrap(PyIMsgServiceAdmin, session.process, "msgserviceadmin", session, None,  # type: ignore[return-value]
                    session.profile)

    @api
    def CompareEntryIDs(self, entryId: Any, entryId2: Any, flags: Any = 0, /) -> int:  # noqa: N802,N803
        a = _chars(entryId)
        b = _chars(entryId2)
        as_ulong(flags, "flags")
        return int(self._session.same_object(a, b))

    @api
    def OpenAddressBook(self, uiParm: Any, iid: Any, flags: Any, /) -> PyIAddrBook:  # noqa: N802,N803
        as_int(uiParm, "uiParm")
        _opt_iid(iid)
        as_ulong(flags, "flags")
        session = self._session
        return wrap(PyIAddrBook, session.process, "addrbook", session, None, session)  # type: ignore[return-value]

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return _last_error(self._session, hr)


