"""Module-level functions of ``mapi`` and ``exchange``, bound to the installed fake."""

from __future__ import annotations

import binascii
from typing import Any, Callable, TypeVar

from fakemapi.client.process import ClientProcess
from fakemapi.dropin.base import PyIUnknown, record, wrap
from fakemapi.dropin.interfaces import (
    IID_IExchangeManageStore,
    PyIMAPIFolder,
    PyIMAPIProp,
    PyIMAPISession,
    PyIMAPITable,
    PyIMsgStore,
    PyIProfAdmin,
    _FolderRef,
)
from fakemapi.dropin.pytypes import IID, com_error, make_com_error
from fakemapi.dropin.registry import current
from fakemapi.dropin.shapes import as_int, as_tags, as_text, as_ulong
from fakemapi.fake import Fake
from fakemapi.hresult import MapiError, code, fail, signed, unsigned

F = TypeVar("F", bound=Callable[..., Any])

MDB_NO_DIALOG = 0x1
MDB_TEMPORARY = 0x20
MDB_NO_MAIL = 0x80
MAPI_BEST_ACCESS = 0x10
LOGOFF_NO_WAIT = 0x1
OPENSTORE_USE_ADMIN_PRIVILEGE = 0x1
OPENSTORE_PUBLIC = 0x2
OPENSTORE_TAKE_OWNERSHIP = 0x8


def function(actor: str) -> Callable[[F], F]:
    """Decorate a module function: errors to com_error, and one trace line per call."""

    def deco(fn: F) -> F:
        name = fn.__name__

        def call(*args: Any) -> Any:
            fake = current()
            rt = fake.runtime
            failure: BaseException
            with rt.lock:
                proc = fake.current
                try:
                    if rt.faults.armed:
                        rt.faults.check(name, actor, actor, args, proc.name)
                    result = fn(*args)
                except MapiError as err:
                    record(rt, proc.name, actor, name, args, None, err, None)
                    failure = make_com_error(err.hr)
                except (TypeError, ValueError, com_error) as err:
                    record(rt, proc.name, actor, name, args, None, err, None)
                    failure = err.with_traceback(None)
                else:
                    record(rt, proc.name, actor, name, args, result, None, None)
                    return result
            # raised outside the except blocks, with the arguments dropped: a kept error must not
            # keep objects alive (see fakemapi.dropin.base.api)
            del args, fake, rt, proc
            failure.__context__ = None
            try:
                raise failure
            finally:
                del failure  # no cycle error -> traceback -> this frame -> error

        call.__name__ = name
        call.__qualname__ = name
        call.__doc__ = fn.__doc__
        call.__wrapped__ = fn  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return deco


def _proc() -> tuple[Fake, ClientProcess]:
    fake = current()
    return fake, fake.current


# ==========================================================================================
# mapi
@function("mapi")
def MAPIInitialize(init: Any, /) -> None:  # noqa: N802
    """Count one initialization of MAPI in the current process."""
    if init is not None:
        if not isinstance(init, tuple) or len(init) != 2:
            raise TypeError("MAPIINIT_0 tuple must be a tuple of (version, flags)")
        as_int(init[0], "version")
        as_int(init[1], "flags")
    _proc()[1].initialize()


@function("mapi")
def MAPIUninitialize() -> None:  # noqa: N802
    """When the count reaches zero, every object and logon of the process goes (R8)."""
    _proc()[1].uninitialize()


@function("mapi")
def MAPILogonEx(uiParam: Any, profileName: Any, password: Any = None, flags: Any = 0, /) -> PyIMAPISession:  # noqa: N802,N803
    as_int(uiParam, "uiParam")
    name = as_text(profileName, "profileName")
    as_text(password, "password", none_ok=True)
    value = as_ulong(flags, "flags")
    _, proc = _proc()
    session = proc.logon(name or "", value)
    return wrap(PyIMAPISession, proc, "session", session, None, session)  # type: ignore[return-value]


@function("mapi")
def MAPIAdminProfiles(flags: Any, /) -> PyIProfAdmin:  # noqa: N802
    as_ulong(flags, "flags")
    _, proc = _proc()
    proc.require_init()
    return wrap(PyIProfAdmin, proc, "profadmin", None, None, proc.runtime.profiles)  # type: ignore[return-value]


def HexFromBin(data: Any, /) -> str:  # noqa: N802
    if isinstance(data, str):
        data = data.encode("cp1252", "replace")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"a bytes-like object is required, not '{type(data).__name__}'")
    return binascii.hexlify(bytes(data)).decode("ascii").upper()


def BinFromHex(hexstr: Any, /) -> bytes:  # noqa: N802
    text = as_text(hexstr, "hexstr") or ""
    try:
        return binascii.unhexlify(text)
    except (binascii.Error, ValueError):
        raise ValueError("FBinFromHex failed - input data is invalid") from None


def MAPIUIDFromBinary(data: Any, /) -> IID:  # noqa: N802
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"a bytes-like object is required, not '{type(data).__name__}'")
    if len(data) != 16:
        raise ValueError("The buffer must be exactly 16 bytes long")
    return IID(bytes(data), True)


def HrQueryAllRows(table: Any, tags: Any, restriction: Any, sortOrderSet: Any, rowsMax: Any, /) -> tuple[Any, ...]:  # noqa: N802,N803,E501
    """Every row of ``table`` (from the start), at most ``rowsMax`` (0 = no limit)."""
    if not isinstance(table, PyIMAPITable):
        raise TypeError("The Python object is invalid (expected a PyIMAPITable)")
    limit = as_int(rowsMax, "rowsMax")
    if tags is not None:
        table.SetColumns(as_tags(tags, none_ok=False), 0)
    if restriction is not None:
        table.Restrict(restriction, 0)
    if sortOrderSet is not None:
        table.SortTable(sortOrderSet, 0)
    table.SeekRow(0, 0)
    total = table.GetRowCount(0)
    if limit and total > limit:
        raise make_com_error(code("MAPI_E_TABLE_TOO_BIG"))
    return table.QueryRows(max(total, 1), 0)


def HrGetOneProp(prop: Any, tag: Any, /) -> tuple[int, Any]:  # noqa: N802
    if not isinstance(prop, PyIMAPIProp):
        raise TypeError("The Python object is invalid (expected a PyIMAPIProp)")
    value = as_ulong(tag, "propTag")
    _, props = prop.GetProps((value,), 0)
    out_tag, out_value = props[0]
    if out_tag & 0xFFFF == 0x000A and value & 0xFFFF != 0x000A:
        raise make_com_error(unsigned(out_value))
    return out_tag, out_value


def HrSetOneProp(prop: Any, propValue: Any, /) -> None:  # noqa: N802,N803
    if not isinstance(prop, PyIMAPIProp):
        raise TypeError("The Python object is invalid (expected a PyIMAPIProp)")
    prop.SetProps((propValue,))
    return None


MAPI_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (MAPIInitialize, MAPIUninitialize, MAPILogonEx, MAPIAdminProfiles, HexFromBin,
                            BinFromHex, MAPIUIDFromBinary, HrQueryAllRows, HrGetOneProp, HrSetOneProp)
}


# ==========================================================================================
# exchange, 32-bit EDK helpers (flavor="x86")
def _session(obj: Any) -> PyIMAPISession:
    if not isinstance(obj, PyIMAPISession):
        raise TypeError("The Python object is invalid (expected a PyIMAPISession)")
    return obj


def _store(obj: Any) -> PyIMsgStore:
    if not isinstance(obj, PyIMsgStore):
        raise TypeError("The Python object is invalid (expected a PyIMsgStore)")
    return obj


@function("exchange")
def HrOpenExchangePrivateStore(session: Any, /) -> PyIUnknown:  # noqa: N802
    s = _session(session)
    eid = s._h.data.default_store_entryid()
    return s.OpenMsgStore(0, eid, None, MDB_NO_DIALOG | MAPI_BEST_ACCESS)


@function("exchange")
def HrOpenExchangePublicStore(session: Any, /) -> PyIUnknown:  # noqa: N802
    s = _session(session)
    eid = s._h.data.public_store_entryid()
    return s.OpenMsgStore(0, eid, None, MDB_NO_DIALOG | MAPI_BEST_ACCESS)


@function("exchange")
def HrGetServerDN(session: Any, /) -> str:  # noqa: N802
    s = _session(session)
    s._h.data.process.require_init()
    return str(s._h.data.home_server.dn)


@function("exchange")
def HrGetMailboxDN(session: Any, /) -> str:  # noqa: N802
    s = _session(session)
    return str(s._h.data.account.dn)


@function("exchange")
def HrMAPIFindDefaultMsgStore(session: Any, /) -> bytes:  # noqa: N802
    s = _session(session)
    return s._h.data.default_store_entryid()  # type: ignore[no-any-return]


@function("exchange")
def HrMAPIFindStore(session: Any, name: Any, /) -> bytes:  # noqa: N802
    s = _session(session)
    wanted = (as_text(name, "name") or "").lower()
    for row in s._h.data.stores_rows():
        if str(row[0x3001][1]).lower() == wanted:
            return row[0x0FFF][1]  # type: ignore[no-any-return]
    raise fail("MAPI_E_NOT_FOUND", detail=f"no store named {wanted!r} in the stores table")


@function("exchange")
def HrMAPIFindIPMSubtree(store: Any, /) -> bytes:  # noqa: N802
    st = _store(store)
    logon = st._h.logon
    s = logon.store  # type: ignore[union-attr]
    return s.folders[2].entryid


@function("exchange")
def HrMAPIFindInbox(store: Any, /) -> bytes:  # noqa: N802
    return _store(store).GetReceiveFolder(None, 0)[0]


def _find_path(st: PyIMsgStore, sep: str, path: str) -> Any:
    logon = st._h.logon
    folder = logon.store.folders[2]  # type: ignore[union-attr]
    for part in [p for p in path.split(sep) if p]:
        match = [c for c in folder.children if c.name.lower() == part.lower()]
        if not match:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no folder {part!r} under {folder.name!r}")
        folder = match[0]
    return folder


@function("exchange")
def HrMAPIFindFolderEx(store: Any, sep: Any, path: Any, /) -> bytes:  # noqa: N802
    st = _store(store)
    return _find_path(st, as_text(sep, "sep") or "\\", as_text(path, "path") or "").entryid  # type: ignore[no-any-return]


@function("exchange")
def HrMAPIOpenFolderEx(store: Any, sep: Any, path: Any, /) -> PyIUnknown:  # noqa: N802
    st = _store(store)
    folder = _find_path(st, as_text(sep, "sep") or "\\", as_text(path, "path") or "")
    h = st._h
    return wrap(PyIMAPIFolder, h.process, "folder", h.session, h.logon, _FolderRef(folder, True))


@function("exchange")
def HrMAPIFindFolder(folder: Any, name: Any, /) -> bytes:  # noqa: N802
    if not isinstance(folder, PyIMAPIFolder):
        raise TypeError("The Python object is invalid (expected a PyIMAPIFolder)")
    wanted = (as_text(name, "name") or "").lower()
    for child in folder._folder.children:
        if child.name.lower() == wanted:
            return child.entryid
    raise fail("MAPI_E_NOT_FOUND", detail=f"no subfolder {wanted!r}")


@function("exchange")
def HrCreateProfileName(prefix: Any, /) -> str:  # noqa: N802
    text = as_text(prefix, "prefix") or ""
    profiles = current().runtime.profiles
    n = 1
    while profiles.get(f"{text}{n}") is not None:
        n += 1
    return f"{text}{n}"


@function("exchange")
def HrMailboxLogon(session: Any, msgStore: Any, msgStoreDN: Any, mailboxDN: Any, /) -> PyIUnknown:  # noqa: N802,N803
    """EDK MBLOGON (R5): MAPI_E_NOT_FOUND becomes EDK_E_NOT_FOUND, any other failure E_FAIL."""
    if session is None or msgStore is None or msgStoreDN is None:
        raise fail("E_INVALIDARG", detail="HrMailboxLogon needs a session, a store and a store DN")
    s = _session(session)
    st = _store(msgStore)
    store_dn = as_text(msgStoreDN, "msgStoreDN") or ""
    mailbox_dn = as_text(mailboxDN, "mailboxDN", none_ok=True)
    flags = OPENSTORE_USE_ADMIN_PRIVILEGE | OPENSTORE_TAKE_OWNERSHIP
    if not mailbox_dn:
        flags |= OPENSTORE_PUBLIC
    try:
        manage = st.QueryInterface(IID(IID_IExchangeManageStore))
        try:
            eid = manage.CreateStoreEntryID(store_dn, mailbox_dn, flags)  # type: ignore[attr-defined]
        finally:
            del manage
    except com_error:
        raise fail("E_FAIL", detail="QueryInterface or CreateStoreEntryID failed") from None
    try:
        return s.OpenMsgStore(0, eid, None, MDB_NO_DIALOG | MDB_NO_MAIL | MDB_TEMPORARY | MAPI_BEST_ACCESS)
    except com_error as err:
        if err.hresult == signed(code("MAPI_E_NOT_FOUND")):
            raise fail("EDK_E_NOT_FOUND", detail="OpenMsgStore: MAPI_E_NOT_FOUND") from None
        raise fail("E_FAIL", detail=f"OpenMsgStore failed with 0x{unsigned(err.hresult or 0):08X}") from None


@function("exchange")
def HrMailboxLogoff(store: Any, /) -> None:  # noqa: N802
    """EDK: StoreLogoff(LOGOFF_NO_WAIT), then Release; the object is unusable afterwards."""
    st = _store(store)
    st.StoreLogoff(LOGOFF_NO_WAIT)
    h = st._h
    h.kill(code("MAPI_E_INVALID_OBJECT"))
    h.process.release(h)


@function("exchange")
def HrMAPISetPropBoolean(obj: Any, tag: Any, val: Any, /) -> None:  # noqa: N802
    if not isinstance(obj, PyIMAPIProp):
        raise TypeError("The Python object is invalid (expected a PyIMAPIProp)")
    obj.SetProps(((as_ulong(tag, "tag"), bool(val)),))


@function("exchange")
def HrMAPISetPropLong(obj: Any, tag: Any, val: Any, /) -> None:  # noqa: N802
    if not isinstance(obj, PyIMAPIProp):
        raise TypeError("The Python object is invalid (expected a PyIMAPIProp)")
    obj.SetProps(((as_ulong(tag, "tag"), as_int(val, "val")),))


EXCHANGE_X86_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (HrOpenExchangePrivateStore, HrOpenExchangePublicStore, HrGetServerDN,
                            HrGetMailboxDN, HrMAPIFindDefaultMsgStore, HrMAPIFindStore, HrMAPIFindIPMSubtree,
                            HrMAPIFindInbox, HrMAPIFindFolderEx, HrMAPIOpenFolderEx, HrMAPIFindFolder,
                            HrCreateProfileName, HrMailboxLogon, HrMailboxLogoff, HrMAPISetPropBoolean,
                            HrMAPISetPropLong)
}
