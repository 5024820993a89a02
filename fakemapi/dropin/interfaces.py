"""The interface objects pywin32 hands out, as thin wrappers over the model.

Each method parses its positional arguments the way pywin32 does, calls the model, and shapes
the result; :func:`fakemapi.dropin.base.api` does the rest (liveness, errors, trace).
"""

from __future__ import annotations

import uuid
from typing import Any

from fakemapi import tags as t
from fakemapi.client.messages import Stream
from fakemapi.client.objects import Handle
from fakemapi.client.process import ClientProcess
from fakemapi.client.profiles import KNOWN_SERVICES, Profile
from fakemapi.client.propobject import DerivedPropObject, PropObject
from fakemapi.client.restriction import check
from fakemapi.client.session import Session
from fakemapi.client.tables import Table
from fakemapi.data.iids import IIDS
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.pytypes import IID, as_uuid
from fakemapi.dropin.shapes import (
    ENCODING,
    as_adrlist,
    as_binary_array,
    as_entryid,
    as_entryid_s,
    as_int,
    as_nameids,
    as_props,
    as_restriction,
    as_sort_order,
    as_tags,
    as_text,
    as_ulong,
    names_out,
    props_out,
    rows_out,
)
from fakemapi.emsmdb.connection import Logon
from fakemapi.hresult import MapiError, code, fail, name_of, signed
from fakemapi.props import Bag, make_bag, read
from fakemapi.world.contents import COMPUTED_IDS, Attachment, NameMap
from fakemapi.world.entryid import is_message_entryid, store_entryid
from fakemapi.world.model import PRIVATE_MDB, PUBLIC_MDB
from fakemapi.world.server import OPENSTORE_PUBLIC
from fakemapi.world.store import Folder

MAPI_UNICODE = 0x80000000
MAPI_MODIFY = 0x1
MAPI_W_ERRORS_RETURNED = 0x00040380
CONVENIENT_DEPTH = 0x1
TBL_ALL_COLUMNS = 0x1
TBLSTAT_COMPLETE = 0
TBLTYPE_DYNAMIC = 2
MAPI_FOLDER = 3
MAPI_CREATE = 0x2
MAPI_MOVE = 0x1
MAPI_NOREPLACE = 0x2
MAPI_ASSOCIATED = 0x40
OPEN_IF_EXISTS = 0x1
FOLDER_SEARCH = 0x2
DEL_MESSAGES = 0x1
DEL_FOLDERS = 0x4
DEL_ASSOCIATED = 0x8
MESSAGE_MOVE = 0x1
CLEAR_READ_FLAG = 0x4
GENERATE_RECEIPT_ONLY = 0x10
DIR_BACKWARD = 0x1
MAPI_W_PARTIAL_COMPLETION = 0x00040680
PS_MAPI = uuid.UUID("{00020328-0000-0000-C000-000000000046}")
PR_MESSAGE_RECIPIENTS = t.tag("PR_MESSAGE_RECIPIENTS")
PR_MESSAGE_ATTACHMENTS = t.tag("PR_MESSAGE_ATTACHMENTS")
PR_COMMENT = t.tag("PR_COMMENT")
#: properties that name the object itself: CopyTo never copies them
_IDENTITY_IDS = frozenset(tag >> 16 for tag in (t.PR_ENTRYID, t.PR_SEARCH_KEY, t.PR_RECORD_KEY, t.PR_INSTANCE_KEY,
                                                t.PR_PARENT_ENTRYID, t.PR_STORE_ENTRYID, t.PR_STORE_RECORD_KEY,
                                                t.PR_OBJECT_TYPE))


def _iid(name: str) -> uuid.UUID:
    return uuid.UUID(IIDS[name][0])


IID_IUnknown = uuid.UUID("{00000000-0000-0000-C000-000000000046}")
IID_IMAPIProp = _iid("IID_IMAPIProp")
IID_IMsgStore = _iid("IID_IMsgStore")
IID_IMAPIFolder = _iid("IID_IMAPIFolder")
IID_IMAPIContainer = _iid("IID_IMAPIContainer")
IID_IMAPITable = _iid("IID_IMAPITable")
IID_IMAPISession = _iid("IID_IMAPISession")
IID_IProfSect = _iid("IID_IProfSect")
IID_IMailUser = _iid("IID_IMailUser")
IID_IExchangeManageStore = _iid("IID_IExchangeManageStore")
IID_IExchangeManageStoreEx = _iid("IID_IExchangeManageStoreEx")


def _opt_iid(value: Any) -> uuid.UUID | None:
    return None if value is None else as_uuid(value)


def _cost(h: Handle) -> None:
    """One ROP round trip on the virtual clock."""
    rt = h.process.runtime
    rt.clock.advance(rt.world.emsmdb.rop_cost_us + rt.faults.extra_rop_us)


def _unicode(flags: int) -> bool:
    return bool(flags & MAPI_UNICODE)


def _table(process: ClientProcess, kind: str, session: Session | None, logon: Logon | None,
           table: Table) -> PyIMAPITable:
    return wrap(PyIMAPITable, process, kind, session, logon, table)  # type: ignore[return-value]


# =========================================================================================
class PyIMAPIProp(PyIUnknown):
    """IMAPIProp over the handle's property view (see :meth:`_view`)."""

    __slots__ = ()

    def _view(self) -> PropObject:
        h = self._h
        if h.props is None:
            h.props = self._make_view()
        return h.props  # type: ignore[no-any-return]

    def _make_view(self) -> PropObject:
        raise fail("MAPI_E_NO_SUPPORT", detail=f"{type(self).__name__} has no properties")

    def _read(self, tags: list[int] | None, unicode: bool) -> tuple[bool, list[tuple[int, Any]]]:
        """GetProps on the properties as this object sees them (saved plus unsaved changes)."""
        return self._view().get(tags, unicode)

    def _commit(self, view: PropObject, flags: int) -> None:
        view.save()

    def _check_set(self) -> None:
        """Raise if the object takes no more changes (a submitted message, KEEP_OPEN_READONLY)."""

    def _names(self) -> NameMap:
        logon = self._h.logon
        if logon is None:
            raise fail("MAPI_E_NO_SUPPORT", detail=f"{type(self).__name__} has no named properties")
        return logon.store.names

    @api
    def GetProps(self, propList: Any, flags: Any = 0, /) -> tuple[int, tuple[tuple[int, Any], ...]]:  # noqa: N802,N803
        tags = as_tags(propList)
        flags = as_ulong(flags, "flags")
        errors, pairs = self._read(tags, _unicode(flags))
        return (MAPI_W_ERRORS_RETURNED if errors else 0), props_out(pairs)

    @api
    def SetProps(self, propList: Any, wantProblems: Any = False, /) -> tuple[int, Any]:  # noqa: N802,N803
        pairs = as_props(propList)
        view = self._view()
        self._check_set()
        if not view.writable:
            raise fail("MAPI_E_NO_ACCESS", detail="the object was opened read-only (pass MAPI_MODIFY)")
        problems = []
        if isinstance(view, DerivedPropObject):
            # the store derives these; setting them is a per-property problem (MAPI_E_COMPUTED)
            problems = [(i, tag, signed(code("MAPI_E_COMPUTED"))) for i, (tag, _) in enumerate(pairs)
                        if tag >> 16 in COMPUTED_IDS]
            pairs = [p for p in pairs if p[0] >> 16 not in COMPUTED_IDS]
        view.set(pairs)
        if not wantProblems:
            return 0, None
        return 0, tuple(problems)

    @api
    def DeleteProps(self, propList: Any, wantProblems: Any = False, /) -> tuple[int, Any]:  # noqa: N802,N803
        tags = as_tags(propList, none_ok=False) or []
        view = self._view()
        self._check_set()
        if not view.writable:
            raise fail("MAPI_E_NO_ACCESS", detail="the object was opened read-only (pass MAPI_MODIFY)")
        computed = [tag for tag in tags if tag >> 16 in COMPUTED_IDS] if isinstance(view, DerivedPropObject) else []
        missing = view.delete([tag for tag in tags if tag not in computed])
        if not wantProblems:
            return 0, None
        problems = tuple((i, tag, signed(code("MAPI_E_COMPUTED" if tag in computed else "MAPI_E_NOT_FOUND")))
                         for i, tag in enumerate(tags) if tag in missing or tag in computed)
        return 0, problems

    @api
    def SaveChanges(self, flags: Any, /) -> None:  # noqa: N802
        value = as_ulong(flags, "flags")
        view = self._view()
        if not view.writable and (view.pending or view.deleted):
            raise fail("MAPI_E_NO_ACCESS", detail="the object was opened read-only")
        self._commit(view, value)
        return None

    @api
    def GetPropList(self, flags: Any, /) -> tuple[int, ...]:  # noqa: N802
        flags = as_ulong(flags, "flags")
        _, pairs = read(self._view().view(), None, _unicode(flags))
        return tuple(tag for tag, _ in pairs)

    @api
    def GetIDsFromNames(self, nameIds: Any, flags: Any = 0, /) -> tuple[int, ...]:  # noqa: N802,N803
        names = as_nameids(nameIds)
        value = as_ulong(flags, "flags")
        store_names = self._names()
        if names is None:  # every named property the store knows
            return tuple(pid << 16 for pid in sorted(store_names.names))
        out = []
        for guid, name in names:
            if guid == PS_MAPI:
                # PS_MAPI names the ordinary properties: its MNID_IDs are property ids
                out.append((name & 0xFFFF) << 16 if isinstance(name, int) and name < 0x8000 else t.PT_ERROR)
                continue
            pid = store_names.get(guid, name)
            if pid is None and value & MAPI_CREATE:
                pid = store_names.create(guid, name)
            # an unknown name is PROP_TAG(PT_ERROR, 0): MAPI_W_ERRORS_RETURNED is swallowed by pywin32
            out.append(pid << 16 if pid is not None else t.PT_ERROR)
        return tuple(out)

    @api
    def GetNamesFromIDs(self, propTags: Any, propSetGuid: Any = None, flags: Any = 0, /) -> tuple[int, Any, Any]:  # noqa: N802,N803
        tags = as_tags(propTags)
        guid = _opt_iid(propSetGuid)
        as_ulong(flags, "flags")
        store_names = self._names()
        if tags is None:
            tags = [pid << 16 for pid, (g, _) in sorted(store_names.names.items()) if guid is None or g == guid]
        names: list[Any] = []
        errors = False
        for tag in tags:
            pid = tag >> 16
            if pid < 0x8000:
                names.append((PS_MAPI, pid))
                continue
            found = store_names.names.get(pid)
            if found is None or (guid is not None and found[0] != guid):
                names.append(None)
                errors = True
            else:
                names.append(found)
        return (MAPI_W_ERRORS_RETURNED if errors else 0), tuple(tags), names_out(names)

    @api
    def OpenProperty(self, propTag: Any, iid: Any, interfaceOptions: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802,N803
        tag = as_ulong(propTag, "propTag")
        want = as_uuid(iid, "iid")
        as_int(interfaceOptions, "interfaceOptions")
        value = as_ulong(flags, "flags")
        from fakemapi.dropin.contents import IID_IStream, PyIStream

        if want != IID_IStream:
            raise fail("MAPI_E_INTERFACE_NOT_SUPPORTED",
                       detail=f"fakemapi opens properties as IStream only, not {{{str(want).upper()}}}")
        ptype = tag & 0xFFFF
        if ptype not in (t.PT_BINARY, t.PT_STRING8, t.PT_UNICODE):
            raise fail("MAPI_E_NO_SUPPORT", detail=f"a property of type 0x{ptype:04X} has no stream")
        view = self._view()
        entry = (view.own() if isinstance(view, DerivedPropObject) else view.view()).get(tag >> 16)
        create = bool(value & MAPI_CREATE)
        writable = bool(value & (MAPI_MODIFY | MAPI_CREATE))
        if writable:
            self._check_set()
            if not view.writable:
                raise fail("MAPI_E_NO_ACCESS", detail="the object was opened read-only (pass MAPI_MODIFY)")
        if entry is None and not create:
            raise fail("MAPI_E_NOT_FOUND", detail=f"the object has no property 0x{tag:08X}")
        data = b"" if entry is None or create and not value & MAPI_MODIFY else _stream_bytes(tag, entry[1])

        def commit(payload: bytes) -> None:
            view.set([(tag, _stream_value(tag, payload))])

        h = self._h
        _cost(h)
        stream = Stream(data, writable, commit, f"0x{tag:08X}")
        return wrap(PyIStream, h.process, "stream", h.session, h.logon, stream)

    @api
    def CopyTo(self, IIDExcludeList: Any, propTags: Any, uiParam: Any, progress: Any, resultIID: Any,  # noqa: N802,N803
               dest: Any, flags: Any, wantProblems: Any = False, /) -> tuple[int, Any]:  # noqa: N803
        if IIDExcludeList is not None and (isinstance(IIDExcludeList, (str, bytes))
                                           or not isinstance(IIDExcludeList, (list, tuple))):
            raise TypeError("Argument 1 must be a sequence of IID's, or None")
        exclude = set(as_tags(propTags) or [])
        return self._copy(None, {tag >> 16 for tag in exclude}, uiParam, progress, resultIID, dest, flags,
                          wantProblems)

    @api
    def CopyProps(self, propTags: Any, uiParam: Any, progress: Any, resultIID: Any, dest: Any,  # noqa: N802,N803
                  flags: Any, wantProblems: Any = False, /) -> tuple[int, Any]:  # noqa: N803
        tags = as_tags(propTags, none_ok=False) or []
        return self._copy(tags, set(), uiParam, progress, resultIID, dest, flags, wantProblems)

    def _copy(self, tags: list[int] | None, exclude: set[int], ui_param: Any, progress: Any, result_iid: Any,
              dest: Any, flags: Any, want_problems: Any) -> tuple[int, Any]:
        as_int(ui_param, "uiParam")
        if progress is not None and not isinstance(progress, str):
            raise TypeError("progress must be None")
        as_uuid(result_iid, "resultIID")
        value = as_ulong(flags, "flags")
        if not isinstance(dest, PyIMAPIProp):
            raise TypeError("The Python object is invalid (expected a PyIMAPIProp)")
        source = self._view()
        target = dest._view()
        dest._check_set()
        if not target.writable:
            raise fail("MAPI_E_NO_ACCESS", detail="the destination was opened read-only")
        own = source.own() if isinstance(source, DerivedPropObject) else source.view()
        existing = target.own() if isinstance(target, DerivedPropObject) else target.view()
        objects = {PR_MESSAGE_RECIPIENTS >> 16, PR_MESSAGE_ATTACHMENTS >> 16}
        if tags is None:
            wanted_objects = objects - exclude
            candidates = [entry for pid, entry in own.items()
                          if pid not in exclude and pid not in COMPUTED_IDS and pid not in _IDENTITY_IDS]
        else:
            wanted_objects = {tag >> 16 for tag in tags} & objects
            candidates = []
        problems = []
        for i, tag in enumerate(tags or []):
            if tag >> 16 in objects:
                continue
            entry = own.get(tag >> 16)
            if entry is None:
                problems.append((i, tag, signed(code("MAPI_E_NOT_FOUND"))))
            else:
                candidates.append(entry)
        pairs = [(tag, val) for tag, val in candidates
                 if not (value & MAPI_NOREPLACE and tag >> 16 in existing)]
        target.set(pairs)
        self._copy_contents(dest, wanted_objects)
        if value & MAPI_MOVE and tags is not None and source.writable:
            source.delete([tag for tag, _ in pairs])
        return 0, (tuple(problems) if want_problems else None)

    def _copy_contents(self, dest: PyIMAPIProp, wanted: set[int]) -> None:
        """Messages also copy their recipients and attachments (PR_MESSAGE_RECIPIENTS /
        PR_MESSAGE_ATTACHMENTS: all of them for CopyTo unless excluded, when listed for CopyProps)."""
        from fakemapi.dropin.contents import PyIMessage

        if not (isinstance(self, PyIMessage) and isinstance(dest, PyIMessage)):
            return
        src, dst = self._msg, dest._msg
        if PR_MESSAGE_RECIPIENTS >> 16 in wanted:
            dst.modify_recipients(0, [list(r.values()) for r in src.current_recipients()])
        if PR_MESSAGE_ATTACHMENTS >> 16 in wanted:
            attachments = dst.writable_attachments()
            for att in src.current_attachments().values():
                num = dst.new_attachment_number()
                attachments[num] = Attachment(num, dict(att.props))

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


def _stream_bytes(tag: int, value: Any) -> bytes:
    ptype = tag & 0xFFFF
    if isinstance(value, bytes):
        return value
    text = str(value)
    return text.encode("utf-16-le") if ptype == t.PT_UNICODE else text.encode(ENCODING, "replace")


def _stream_value(tag: int, data: bytes) -> Any:
    ptype = tag & 0xFFFF
    if ptype == t.PT_UNICODE:
        return data.decode("utf-16-le", "replace").rstrip("\0")
    if ptype == t.PT_STRING8:
        return data.decode(ENCODING, "replace").rstrip("\0")
    return data


def _last_error(session: Session | None, hr: Any) -> Any:
    """MAPIERROR as pywin32 returns it: (version, errorText, component, lowLevelError, context)."""
    value = as_int(hr, "hr") & 0xFFFFFFFF
    error = session.last_errors.get(value) if session is not None else None
    if error is None:
        return None
    text = error.detail or name_of(error.hr)
    return (0, text, error.component or "fakemapi", signed(error.low_level), 0)


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


def _chars(value: Any) -> bytes:
    """CompareEntryIDs uses PyWinObject_AsChars: bytes, or str (MBCS-encoded)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("cp1252", "replace")
    raise TypeError(f"Objects of type '{type(value).__name__}' can not be converted to a string")


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


# =========================================================================================
class _FolderRef:
    """A folder as one open object sees it (the data all its wrappers share)."""

    __slots__ = ("folder", "writable")

    def __init__(self, folder: Folder, writable: bool) -> None:
        self.folder = folder
        self.writable = writable


class PyIMAPIContainer(PyIMAPIProp):
    __slots__ = ()

    @property
    def _folder(self) -> Folder:
        return self._h.data.folder  # type: ignore[no-any-return]

    def _make_view(self) -> PropObject:
        folder = self._folder
        return PropObject(folder.extra, folder.props, writable=True)

    def _commit(self, view: PropObject, flags: int) -> None:
        _cost(self._h)
        view.save()

    @api
    def GetContentsTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        flags = as_ulong(flags, "flags")
        h = self._h
        _cost(h)
        folder = self._folder
        store = folder.store
        associated = bool(flags & MAPI_ASSOCIATED)
        columns = [t.PR_ENTRYID, t.tag("PR_SUBJECT"), t.tag("PR_MESSAGE_CLASS"), t.tag("PR_MESSAGE_FLAGS"),
                   t.tag("PR_MESSAGE_SIZE"), t.tag("PR_MESSAGE_DELIVERY_TIME"), t.PR_INSTANCE_KEY]
        table = Table(lambda: [] if folder.deleted else folder.ids(associated), columns, _unicode(flags),
                      bag_of=lambda counter: folder.row(counter, associated), version=lambda: store.version,
                      truncate=True, columns_of=lambda counters: folder.columns(counters, associated))
        return _table(h.process, "contents-table", h.session, h.logon, table)

    @api
    def GetHierarchyTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        flags = as_ulong(flags, "flags")
        h = self._h
        _cost(h)
        folder = self._folder
        deep = bool(flags & CONVENIENT_DEPTH)

        def rows() -> list[Bag]:
            out: list[Bag] = []

            def walk(node: Folder, depth: int) -> None:
                for child in node.children:
                    bag = dict(child.props())
                    bag.update(child.extra)
                    bag[t.PR_DEPTH >> 16] = (t.PR_DEPTH, depth)
                    out.append(bag)
                    if deep:
                        walk(child, depth + 1)

            walk(folder, 0 if not deep else 1)
            return out

        columns = [t.PR_ENTRYID, t.PR_DISPLAY_NAME, t.PR_CONTENT_COUNT, t.PR_CONTENT_UNREAD,
                   t.PR_SUBFOLDERS, t.PR_CONTAINER_CLASS, t.PR_DEPTH, t.PR_INSTANCE_KEY]
        return _table(h.process, "hierarchy-table", h.session, h.logon, Table(rows, columns, _unicode(flags)))

    @api
    def OpenEntry(self, entryId: Any, iid: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802,N803
        eid = as_entryid(entryId)
        _opt_iid(iid)
        flags = as_ulong(flags, "flags")
        h = self._h
        _cost(h)
        store = self._folder.store
        if eid is not None and is_message_entryid(eid):
            return _open_message_entry(h.process, h.session, h.logon, store, eid, flags)
        folder = self._folder if eid is None else store.folder(eid)
        return wrap(PyIMAPIFolder, h.process, "folder", h.session, h.logon,
                    _FolderRef(folder, bool(flags & MAPI_MODIFY)))


def _open_message_entry(process: ClientProcess, session: Session | None, logon: Logon | None, store: Any,
                        eid: bytes, flags: int) -> PyIUnknown:
    from fakemapi.client.messages import OpenMessage
    from fakemapi.dropin.contents import PyIMessage

    message = store.message(eid)
    return wrap(PyIMessage, process, "message", session, logon,
                OpenMessage(message, message.folder, bool(flags & MAPI_MODIFY)))


class PyIMAPIFolder(PyIMAPIContainer):
    __slots__ = ()

    def _messages(self, entry_ids: list[bytes]) -> tuple[list[Any], bool]:
        """The messages of this folder that ``entry_ids`` name; whether any was not found."""
        folder = self._folder
        found, missing = [], False
        for eid in entry_ids:
            try:
                message = folder.store.message(eid)
            except MapiError:
                missing = True
                continue
            if message.folder is not folder:
                missing = True
                continue
            found.append(message)
        return found, missing

    @api
    def CreateFolder(self, folderType: Any, folderName: Any, folderComment: Any = None, iid: Any = None,  # noqa: N802,N803
                     flags: Any = 0, /) -> PyIMAPIFolder:
        kind = as_ulong(folderType, "folderType")
        name = as_text(folderName, "folderName") or ""
        comment = as_text(folderComment, "folderComment", none_ok=True)
        _opt_iid(iid)
        value = as_ulong(flags, "flags")
        h = self._h
        _cost(h)
        folder = self._folder
        if kind == FOLDER_SEARCH:
            raise fail("MAPI_E_NO_SUPPORT", detail="fakemapi does not emulate search folders")
        if not name:
            raise fail("MAPI_E_INVALID_PARAMETER", detail="a folder needs a name")
        same = [c for c in folder.children if c.name.lower() == name.lower()]
        if same:
            if not value & OPEN_IF_EXISTS:
                raise fail("MAPI_E_COLLISION", detail=f"{folder.name!r} already has a subfolder {name!r}")
            child = same[0]
        else:
            child = folder.store.new_folder(folder, name, "IPF.Note" if folder.container_class == "IPF.Note" else None)
            if comment:
                child.extra[PR_COMMENT >> 16] = (PR_COMMENT, comment)
        return wrap(PyIMAPIFolder, h.process, "folder", h.session, h.logon,  # type: ignore[return-value]
                    _FolderRef(child, True))

    @api
    def DeleteFolder(self, entryId: Any, uiParam: Any, progress: Any, flags: Any = 0, /) -> int:  # noqa: N802,N803
        eid = as_entryid(entryId, none_ok=False) or b""
        as_int(uiParam, "uiParam")
        value = as_ulong(flags, "flags")
        _cost(self._h)
        folder = self._folder
        child = folder.store.folder(eid)
        if child.parent is not folder:
            raise fail("MAPI_E_NOT_FOUND", detail=f"{child.name!r} is not a subfolder of {folder.name!r}")
        if child.counter <= 6 and not folder.store.public:
            raise fail("MAPI_E_NO_ACCESS", detail=f"{child.name!r} is a standard folder of the mailbox")
        tree = child.walk()
        if child.children and not value & DEL_FOLDERS:
            raise fail("MAPI_E_HAS_FOLDERS", detail=f"{child.name!r} has subfolders (pass DEL_FOLDERS)")
        if any(f.count() or f.assoc for f in tree) and not value & DEL_MESSAGES:
            raise fail("MAPI_E_HAS_MESSAGES", detail=f"{child.name!r} has messages (pass DEL_MESSAGES)")
        for f in tree:
            for message in list(f.messages.values()) + list(f.assoc.values()):
                message.deleted = True
        folder.store.remove_folder(child)
        return 0

    @api
    def CreateMessage(self, iid: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802
        _opt_iid(iid)
        value = as_ulong(flags, "flags")
        h = self._h
        _cost(h)
        from fakemapi.client.messages import OpenMessage
        from fakemapi.dropin.contents import PyIMessage

        folder = self._folder
        message = folder.store.new_message(associated=bool(value & MAPI_ASSOCIATED))
        return wrap(PyIMessage, h.process, "message", h.session, h.logon, OpenMessage(message, folder, True))

    @api
    def CopyMessages(self, msgList: Any, iid: Any, folder: Any, ulUIParam: Any, progress: Any,  # noqa: N802,N803
                     flags: Any, /) -> int:
        entry_ids = as_binary_array(msgList)
        _opt_iid(iid)
        if not isinstance(folder, PyIMAPIFolder):
            raise TypeError("The Python object is invalid (expected a PyIMAPIFolder)")
        as_int(ulUIParam, "ulUIParam")
        value = as_ulong(flags, "flags")
        _cost(self._h)
        messages, missing = self._messages(entry_ids)
        dest = folder._folder
        for message in messages:
            if value & MESSAGE_MOVE:
                if dest is message.folder:
                    continue
                message.folder.remove(message)
                if dest.store is message.store:
                    message.counter = dest.store.allocate()
                    dest.add(message)
                else:
                    message.deleted = True
                    dest.add(message.copy_to(dest.store, dest.store.allocate(), dest))
            else:
                dest.add(message.copy_to(dest.store, dest.store.allocate(), dest))
        return MAPI_W_PARTIAL_COMPLETION if missing else 0

    @api
    def DeleteMessages(self, msgList: Any, uiParam: Any, progress: Any, flags: Any, /) -> int:  # noqa: N802,N803
        entry_ids = as_binary_array(msgList)
        as_int(uiParam, "uiParam")
        as_ulong(flags, "flags")
        _cost(self._h)
        messages, missing = self._messages(entry_ids)
        for message in messages:
            message.folder.remove(message)
            message.deleted = True
        return MAPI_W_PARTIAL_COMPLETION if missing else 0

    @api
    def EmptyFolder(self, uiParam: Any, progress: Any, flags: Any, /) -> int:  # noqa: N802,N803
        as_int(uiParam, "uiParam")
        value = as_ulong(flags, "flags")
        _cost(self._h)
        folder = self._folder
        for message in folder.materialize_all():
            message.deleted = True
        folder.messages.clear()
        folder.blocks.clear()
        if value & DEL_ASSOCIATED:
            for message in folder.assoc.values():
                message.deleted = True
            folder.assoc.clear()
        for child in list(folder.children):
            folder.store.remove_folder(child)
        folder.store.touch()
        return 0

    @api
    def SetReadFlags(self, msgList: Any, uiParam: Any, progress: Any, flags: Any, /) -> int:  # noqa: N802,N803
        entry_ids = None if msgList is None else as_binary_array(msgList)
        as_int(uiParam, "uiParam")
        value = as_ulong(flags, "flags")
        _cost(self._h)
        folder = self._folder
        if entry_ids is None:
            messages, missing = folder.materialize_all(), False
        else:
            messages, missing = self._messages(entry_ids)
        if not value & GENERATE_RECEIPT_ONLY:
            for message in messages:
                current = message.flags
                message.set_flags(current & ~0x1 if value & CLEAR_READ_FLAG else current | 0x1)
        folder.store.touch()
        return MAPI_W_PARTIAL_COMPLETION if missing else 0

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


# =========================================================================================
class PyIMAPITable(PyIUnknown):
    __slots__ = ()

    @property
    def _table(self) -> Table:
        return self._h.data  # type: ignore[no-any-return]

    def _server(self) -> None:
        if self._h.logon is not None:
            _cost(self._h)

    @api
    def SetColumns(self, propTags: Any, flags: Any, /) -> None:  # noqa: N802,N803
        tags = as_tags(propTags, none_ok=False) or []
        as_ulong(flags, "flags")
        self._table.set_columns(tags)
        return None

    @api
    def QueryColumns(self, flags: Any, /) -> tuple[int, ...]:  # noqa: N802
        flags = as_ulong(flags, "flags")
        return tuple(self._table.query_columns(bool(flags & TBL_ALL_COLUMNS)))

    @api
    def QueryRows(self, rowCount: Any, flags: Any, /) -> tuple[Any, ...]:  # noqa: N802,N803
        count = as_int(rowCount, "rowCount")
        as_ulong(flags, "flags")
        self._server()
        return rows_out(self._table.query_rows(count))

    @api
    def GetRowCount(self, flags: Any, /) -> int:  # noqa: N802
        as_ulong(flags, "flags")
        return self._table.row_count()

    @api
    def SeekRow(self, bookmark: Any, rowCount: Any, /) -> int:  # noqa: N802,N803
        bm = as_ulong(bookmark, "bookmark")
        count = as_int(rowCount, "rowCount")
        return self._table.seek_row(bm, count)

    @api
    def SeekRowApprox(self, numerator: Any, denominator: Any, /) -> None:  # noqa: N802
        self._table.seek_row_approx(as_ulong(numerator, "numerator"), as_ulong(denominator, "denominator"))
        return None

    @api
    def QueryPosition(self) -> list[int]:  # noqa: N802
        return list(self._table.query_position())

    @api
    def GetStatus(self) -> list[int]:  # noqa: N802
        return [TBLSTAT_COMPLETE, TBLTYPE_DYNAMIC]

    @api
    def CreateBookmark(self) -> int:  # noqa: N802
        return self._table.create_bookmark()

    @api
    def FreeBookmark(self, bookmark: Any, /) -> None:  # noqa: N802
        self._table.free_bookmark(as_ulong(bookmark, "bookmark"))
        return None

    @api
    def Abort(self) -> None:  # noqa: N802
        return None

    @api
    def Restrict(self, restriction: Any, flags: Any, /) -> None:  # noqa: N802
        parsed = as_restriction(restriction)
        as_ulong(flags, "flags")
        if parsed is not None:
            check(parsed)
        self._server()
        self._table.set_restriction(parsed)
        return None

    @api
    def SortTable(self, sortOrderSet: Any, flags: Any, /) -> None:  # noqa: N802,N803
        keys = as_sort_order(sortOrderSet)
        as_ulong(flags, "flags")
        self._server()
        self._table.set_sort(keys or [])
        return None

    @api
    def FindRow(self, restriction: Any, bookmark: Any, flags: Any, /) -> None:  # noqa: N802
        parsed = as_restriction(restriction, none_ok=False)
        bm = as_ulong(bookmark, "bookmark")
        value = as_ulong(flags, "flags")
        assert parsed is not None
        check(parsed)
        self._server()
        self._table.find_row(parsed, bm, bool(value & DIR_BACKWARD))
        return None

    @api
    def Advise(self, eventMask: Any, adviseSink: Any, /) -> int:  # noqa: N802,N803
        raise fail("MAPI_E_NO_SUPPORT", detail="fakemapi does not emulate notifications (Advise) yet")

    @api
    def Unadvise(self, connection: Any, /) -> None:  # noqa: N802
        raise fail("MAPI_E_NOT_FOUND", detail="no such advise connection")

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


# =========================================================================================
class PyIProfSect(PyIMAPIProp):
    __slots__ = ()


def _profile_section(process: ClientProcess, session: Session | None, profile: Profile, uid: uuid.UUID,
                     flags: int) -> PyIProfSect:
    bag = profile.section(uid, create=bool(flags & MAPI_MODIFY))
    handle_data = PropObject(bag, writable=bool(flags & MAPI_MODIFY))
    obj = wrap(PyIProfSect, process, "profsect", session, None, bag)
    obj._h.props = handle_data
    return obj  # type: ignore[return-value]


class PyIMsgServiceAdmin(PyIUnknown):
    __slots__ = ()

    @property
    def _profile(self) -> Profile:
        return self._h.data  # type: ignore[no-any-return]

    def _service(self, uid: Any) -> uuid.UUID:
        value = as_uuid(uid, "uuid")
        if value not in self._profile.services:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no message service {{{str(value).upper()}}} in this profile")
        return value

    @api
    def CreateMsgService(self, serviceName: Any, displayName: Any, uiParam: Any = 0, flags: Any = 0, /) -> None:  # noqa: N802,N803
        name = as_text(serviceName, "serviceName") or ""
        display = as_text(displayName, "displayName", none_ok=True)
        as_int(uiParam, "uiParam")
        as_ulong(flags, "flags")
        if name.upper() not in KNOWN_SERVICES:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no message service {name!r} in MAPISVC.INF "
                                                  f"(known: {', '.join(KNOWN_SERVICES)})")
        self._profile.add_service(name.upper(), display)
        return None

    @api
    def ConfigureMsgService(self, iid: Any, ulUIParam: Any, ulFlags: Any, props: Any, /) -> None:  # noqa: N802,N803
        uid = self._service(iid)
        as_int(ulUIParam, "ulUIParam")
        as_ulong(ulFlags, "ulFlags")
        pairs = [] if props is None else as_props(props)
        self._profile.section(uid).update(make_bag(pairs))
        return None

    @api
    def GetMsgServiceTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        flags = as_ulong(flags, "flags")
        profile = self._profile

        def rows() -> list[Bag]:
            return [make_bag([(t.PR_SERVICE_UID, s.uid.bytes_le), (t.PR_SERVICE_NAME, s.name),
                              (t.PR_DISPLAY_NAME, s.display_name), (t.PR_RESOURCE_FLAGS, 0),
                              (t.PR_INSTANCE_KEY, i.to_bytes(4, "little"))])
                    for i, s in enumerate(profile.services.values(), 1)]

        columns = [t.PR_SERVICE_UID, t.PR_SERVICE_NAME, t.PR_DISPLAY_NAME, t.PR_RESOURCE_FLAGS,
                   t.PR_INSTANCE_KEY]
        h = self._h
        return _table(h.process, "table", h.session, None, Table(rows, columns, _unicode(flags)))

    @api
    def DeleteMsgService(self, uuid_: Any, /) -> None:  # noqa: N802
        uid = self._service(uuid_)
        del self._profile.services[uid]
        self._profile.sections.pop(uid, None)
        return None

    @api
    def RenameMsgService(self, uuid_: Any, flags: Any, newName: Any, /) -> None:  # noqa: N802,N803
        uid = self._service(uuid_)
        as_ulong(flags, "flags")
        self._profile.services[uid].display_name = as_text(newName, "newName") or ""
        return None

    @api
    def OpenProfileSection(self, uuid_: Any, iid: Any, flags: Any, /) -> PyIProfSect:  # noqa: N802
        uid = as_uuid(uuid_, "uuid")
        _opt_iid(iid)
        flags = as_ulong(flags, "flags")
        h = self._h
        return _profile_section(h.process, h.session, self._profile, uid, flags)

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


class PyIProfAdmin(PyIUnknown):
    __slots__ = ()

    def _store(self) -> Any:
        return self._h.process.runtime.profiles

    @api
    def GetProfileTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        flags = as_ulong(flags, "flags")
        store = self._store()
        text = t.PR_DISPLAY_NAME if _unicode(flags) else (t.PR_DISPLAY_NAME & 0xFFFF0000) | t.PT_STRING8
        h = self._h
        return _table(h.process, "table", None, None,
                      Table(store.rows, [text, t.PR_DEFAULT_PROFILE], _unicode(flags)))

    @api
    def CreateProfile(self, oldProfileName: Any, Password: Any, uiParam: Any = 0, flags: Any = 0, /) -> None:  # noqa: N802,N803
        name = as_text(oldProfileName, "profileName") or ""
        as_text(Password, "password", none_ok=True)
        as_int(uiParam, "uiParam")
        as_ulong(flags, "flags")
        self._store().create(name)
        return None

    @api
    def DeleteProfile(self, oldProfileName: Any, flags: Any = 0, /) -> None:  # noqa: N802,N803
        self._store().delete(as_text(oldProfileName, "profileName") or "")
        as_ulong(flags, "flags")
        return None

    @api
    def SetDefaultProfile(self, profileName: Any, flags: Any = 0, /) -> None:  # noqa: N802,N803
        self._store().set_default(as_text(profileName, "profileName", none_ok=True))
        as_ulong(flags, "flags")
        return None

    @api
    def AdminServices(self, profileName: Any, Password: Any = None, uiParam: Any = 0, flags: Any = 0, /) -> PyIMsgServiceAdmin:  # noqa: N802,N803,E501
        name = as_text(profileName, "profileName") or ""
        as_text(Password, "password", none_ok=True)
        as_int(uiParam, "uiParam")
        as_ulong(flags, "flags")
        profile = self._store().get(name)
        if profile is None:
            # IProfAdmin::AdminServices documents MAPI_E_LOGON_FAILED for a profile that does not exist
            raise fail("MAPI_E_LOGON_FAILED", component="MAPI", detail=f"no profile named {name!r}")
        h = self._h
        return wrap(PyIMsgServiceAdmin, h.process, "msgserviceadmin", None, None, profile)  # type: ignore[return-value]

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return None


# =========================================================================================
class PyIMailUser(PyIMAPIContainer):
    """pywin32 derives PyIMailUser from PyIMAPIContainer; a mail user has no contents or
    hierarchy, so those methods answer MAPI_E_NO_SUPPORT as a messaging user does."""

    __slots__ = ()

    def _make_view(self) -> PropObject:
        return PropObject(self._h.data, writable=False)

    def _commit(self, view: PropObject, flags: int) -> None:
        view.save()

    @api
    def GetContentsTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        as_ulong(flags, "flags")
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user has no contents table")

    @api
    def GetHierarchyTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        as_ulong(flags, "flags")
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user has no hierarchy table")

    @api
    def OpenEntry(self, entryId: Any, iid: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802,N803
        as_entryid(entryId)
        _opt_iid(iid)
        as_ulong(flags, "flags")
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user contains no entries")


class PyIAddrBook(PyIMAPIProp):
    __slots__ = ()

    def _make_view(self) -> PropObject:
        return PropObject({}, writable=False)

    @api
    def OpenEntry(self, entryId: Any, iid: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802,N803
        eid = as_entryid(entryId)
        _opt_iid(iid)
        as_ulong(flags, "flags")
        session: Session = self._h.data
        if eid is None:
            raise fail("MAPI_E_NO_SUPPORT", detail="fakemapi has no address-book root container yet")
        return wrap(PyIMailUser, session.process, "mailuser", session, None, session.mailuser_bag(eid))

    @api
    def CompareEntryIDs(self, entryId: Any, entryId2: Any, flags: Any = 0, /) -> int:  # noqa: N802,N803
        session: Session = self._h.data
        as_ulong(flags, "flags")
        return int(session.same_object(_chars(entryId), _chars(entryId2)))

    @api
    def ResolveName(self, uiParm: Any, flags: Any, entryTitle: Any, adrList: Any, /) -> tuple[Any, ...]:  # noqa: N802,N803
        as_int(uiParm, "uiParm")
        value = as_ulong(flags, "flags")
        as_text(entryTitle, "entryTitle", none_ok=True)
        rows = as_adrlist(adrList)
        session: Session = self._h.data
        out = []
        for row in rows:
            bag = make_bag(row)
            if t.PR_ENTRYID >> 16 in bag:
                out.append(row)  # already resolved
                continue
            name = bag.get(t.PR_DISPLAY_NAME >> 16)
            if name is None:
                raise fail("MAPI_E_INVALID_PARAMETER", detail="an unresolved ADRLIST row needs PR_DISPLAY_NAME")
            resolved = dict(bag)
            resolved.update(session.resolve(str(name[1])))
            out.append(read(resolved, None, _unicode(value))[1])
        return rows_out(out)

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


# =========================================================================================
#: iid -> (wrapper class, handle kind) for objects over a store logon
_STORE_INTERFACES: dict[uuid.UUID, tuple[type[PyIUnknown], str]] = {
    IID_IMsgStore: (PyIMsgStore, "store"),
    IID_IMAPIProp: (PyIMsgStore, "store"),
    IID_IUnknown: (_StoreUnknown, "store"),
    IID_IExchangeManageStore: (PyIExchangeManageStore, "manage-store"),
    IID_IExchangeManageStoreEx: (PyIExchangeManageStoreEx, "manage-store"),
}


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
from fakemapi.dropin import contents as _contents  # noqa: E402,F401 - registers PyIMessage, PyIAttach, PyIStream
