"""Module-level functions of ``mapi`` and ``exchange``, bound to the installed fake."""

from __future__ import annotations

import binascii
from typing import Any, Callable, TypeVar

from fakemapi.client.filestream import open_stream_on_file
from fakemapi.client.process import ClientProcess
from fakemapi.dropin.base import PARSE_ERRORS, PyIUnknown, record, wrap
from fakemapi.dropin.interfaces import (
    IID_IExchangeManageStore,
    PyIMAPIFolder,
    PyIMAPIProp,
    PyIMAPISession,
    PyIMAPITable,
    PyIMsgStore,
    PyIProfAdmin,
    PyIStream,
    _FolderRef,
)
from fakemapi.dropin.interfaces.advise import PyIMAPIAdviseSink, callback_sink, this_thread_sink
from fakemapi.dropin.parse import parser_for, python_signature
from fakemapi.dropin.pytypes import IID, com_error, make_com_error
from fakemapi.dropin.registry import current
from fakemapi.fake import Fake
from fakemapi.hresult import MapiError, code, fail, signed, unsigned

R = TypeVar("R")

MDB_NO_DIALOG = 0x1
MDB_TEMPORARY = 0x20
MDB_NO_MAIL = 0x80
MAPI_BEST_ACCESS = 0x10
LOGOFF_NO_WAIT = 0x1
OPENSTORE_USE_ADMIN_PRIVILEGE = 0x1
OPENSTORE_PUBLIC = 0x2
OPENSTORE_TAKE_OWNERSHIP = 0x8


def function(actor: str) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Decorate a module function: arguments parsed by the signature table (``actor.name``),
    errors to com_error, and one trace line per call."""

    def deco(fn: Callable[..., R]) -> Callable[..., R]:
        name = fn.__name__
        parse = parser_for(f"{actor}.{name}")
        python_signature(f"{actor}.{name}", fn, False)

        def call(*args: Any) -> Any:
            fake = current()
            rt = fake.runtime
            failure: BaseException
            values: Any = ()
            with rt.lock:
                proc = fake.current
                try:
                    values = parse(args) if parse is not None else args
                    if rt.faults.armed:
                        rt.faults.check(name, actor, actor, args, proc.name)
                    result = fn(*values)
                except MapiError as err:
                    record(rt, proc.name, actor, name, args, None, err, None)
                    failure = make_com_error(err.hr)
                except PARSE_ERRORS as err:
                    record(rt, proc.name, actor, name, args, None, err, None)
                    failure = err.with_traceback(None)
                else:
                    record(rt, proc.name, actor, name, args, result, None, None)
                    if rt.notifier.dirty or rt.notifier.scheduled:
                        rt.notifier.after_call()
                    return result
            # raised outside the except blocks, with the arguments dropped: a kept error must not
            # keep objects alive (see fakemapi.dropin.base.api)
            del args, values, fake, rt, proc
            failure.__context__ = None
            try:
                raise failure
            finally:
                del failure  # no cycle error -> traceback -> this frame -> error

        call.__name__ = name
        call.__qualname__ = name
        call.__doc__ = fn.__doc__
        call.__wrapped__ = fn  # type: ignore[attr-defined]
        return call

    return deco


def parsed(actor: str, raw: tuple[int, ...] = ()) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Decorate a module function with no trace line of its own (it runs without MAPI, or
    through wrapper methods that trace): arguments parsed by the signature table; the
    arguments at the positions in ``raw`` are checked, then handed on as the caller passed
    them (the wrapper method they go to parses them again)."""

    def deco(fn: Callable[..., R]) -> Callable[..., R]:
        parse = parser_for(f"{actor}.{fn.__name__}")
        python_signature(f"{actor}.{fn.__name__}", fn, False)
        if parse is None:
            return fn

        def call(*args: Any) -> Any:
            values = list(parse(args))
            for i in raw:
                values[i] = args[i]
            return fn(*values)

        call.__name__ = fn.__name__
        call.__qualname__ = fn.__qualname__
        call.__doc__ = fn.__doc__
        call.__wrapped__ = fn  # type: ignore[attr-defined]
        return call

    return deco


def _proc() -> tuple[Fake, ClientProcess]:
    fake = current()
    return fake, fake.current


# ==========================================================================================
# mapi
@function("mapi")
def MAPIInitialize(init: Any, /) -> None:  # noqa: N802
    """Count one initialization of MAPI in the current process."""
    # init: None, or (version, flags) parsed by the MAPIINIT_0 typemap (convert.mapiinit)
    _proc()[1].initialize(init[1] if init is not None else 0)


@function("mapi")
def MAPIUninitialize() -> None:  # noqa: N802
    """When the count reaches zero, every object and logon of the process goes (R8)."""
    _proc()[1].uninitialize()


@function("mapi")
def MAPILogonEx(uiParam: int, profileName: str, password: str | None, flags: int, /) -> PyIMAPISession:  # noqa: N802,N803
    _, proc = _proc()
    session = proc.logon(profileName, flags)
    return wrap(PyIMAPISession, proc, "session", session, None, session)  # type: ignore[return-value]


@function("mapi")
def MAPIAdminProfiles(flags: int, /) -> PyIProfAdmin:  # noqa: N802
    _, proc = _proc()
    proc.require_init()
    return wrap(PyIProfAdmin, proc, "profadmin", None, None, proc.runtime.profiles)  # type: ignore[return-value]


@parsed("mapi")
def HexFromBin(data: bytes, /) -> str:  # noqa: N802
    """"s#": bytes as given, str as its UTF-8 bytes."""
    return binascii.hexlify(data).decode("ascii").upper()


@parsed("mapi")
def BinFromHex(hexstr: str, /) -> bytes:  # noqa: N802
    try:
        return binascii.unhexlify(hexstr)
    except (binascii.Error, ValueError):
        raise ValueError("FBinFromHex failed - input data is invalid") from None


@parsed("mapi")
def MAPIUIDFromBinary(data: bytes, /) -> IID:  # noqa: N802
    if len(data) != 16:
        raise ValueError("The buffer must be exactly 16 bytes long")
    return IID(data, True)


@parsed("mapi", raw=(2, 3))
def HrQueryAllRows(table: PyIMAPITable, tags: list[int] | None, restriction: Any, sortOrderSet: Any,  # noqa: N802,N803
                   rowsMax: int, /) -> tuple[Any, ...]:  # noqa: N803
    """Every row of ``table`` (from the start), at most ``rowsMax`` (0 = no limit)."""
    limit = rowsMax
    if tags is not None:
        table.SetColumns(tags, 0)
    if restriction is not None:
        table.Restrict(restriction, 0)
    if sortOrderSet is not None:
        table.SortTable(sortOrderSet, 0)
    table.SeekRow(0, 0)
    total = table.GetRowCount(0)
    if limit and total > limit:
        raise make_com_error(code("MAPI_E_TABLE_TOO_BIG"))
    return table.QueryRows(max(total, 1), 0)


@parsed("mapi")
def HrGetOneProp(prop: PyIMAPIProp, tag: int, /) -> tuple[int, Any]:  # noqa: N802
    value = tag
    _, props = prop.GetProps((value,), 0)
    out_tag, out_value = props[0]
    if out_tag & 0xFFFF == 0x000A and value & 0xFFFF != 0x000A:
        raise make_com_error(unsigned(out_value))
    return out_tag, out_value


@parsed("mapi", raw=(1,))
def HrSetOneProp(prop: PyIMAPIProp, propValue: Any, /) -> None:  # noqa: N802,N803
    prop.SetProps((propValue,))
    return None


@function("mapi")
def HrAllocAdviseSink(callback: Any, context: Any, /) -> PyIMAPIAdviseSink:  # noqa: N802
    """A sink that calls ``callback(notifications, context)`` (mapi.i:1219, "O|O")."""
    if not callable(callback):
        raise TypeError("OnNotify must be callable")
    _, proc = _proc()
    return wrap(PyIMAPIAdviseSink, proc, "advise-sink", None, None,  # type: ignore[return-value]
                callback_sink(callback, context))


@function("mapi")
def HrThisThreadAdviseSink(sink: PyIMAPIAdviseSink, /) -> PyIMAPIAdviseSink:  # noqa: N802
    """A sink whose notifications wait for HrDispatchNotifications or a message pump on this
    thread (mapi.i:1237; the argument through PyCom_InterfaceFromPyInstanceOrObject)."""
    _, proc = _proc()
    return wrap(PyIMAPIAdviseSink, proc, "advise-sink", None, None,  # type: ignore[return-value]
                this_thread_sink(sink._sink))


def _pump() -> int:
    """Deliver the current process's queued notifications; if there were none, wait (in virtual
    time) for the next scheduled delivery and deliver what it brought."""
    fake, proc = _proc()
    notifier = fake.runtime.notifier
    handed = notifier.deliver(proc, pumped=True)
    if not handed and notifier.wait_for_next():
        handed = notifier.deliver(proc, pumped=True)
    return handed


@function("mapi")
def HrDispatchNotifications(flags: int, /) -> None:  # noqa: N802
    """Hand every queued notification of this process to its sink (mapi.i:1241)."""
    _pump()


@parsed("pythoncom")
def PumpWaitingMessages(firstMessage: int, lastMessage: int, /) -> int:  # noqa: N802,N803
    """pythoncom.PumpWaitingMessages (``"|ii"``, PythonCOM.cpp:1423): the notification window's
    messages are the only ones the fake has; returns 0 (no WM_QUIT)."""
    fake = current()
    with fake.runtime.lock:
        _pump()
    return 0


def _open_stream_on_file(filename: str | None, flags: int, prefix: str | None) -> PyIStream:
    fake, proc = _proc()
    stream = open_stream_on_file(filename, flags, prefix, fake.runtime.next_handle_id)
    return wrap(PyIStream, proc, "file-stream", None, None, stream)  # type: ignore[return-value]


@function("mapi")
def OpenStreamOnFile(filename: str | None, flags: int, prefix: str | None, /) -> PyIStream:  # noqa: N802
    """An IStream on a file on disk (mapi.i:1021, "O|lO", names through PyWinObject_AsChars)."""
    return _open_stream_on_file(filename, flags, prefix)


@function("mapi")
def OpenStreamOnFileW(filename: str | None, flags: int, prefix: str | None, /) -> PyIStream:  # noqa: N802
    """OpenStreamOnFile with wide names (mapi.i:1077, "O|lO", PyWinObject_AsWCHAR)."""
    return _open_stream_on_file(filename, flags, prefix)


MAPI_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (MAPIInitialize, MAPIUninitialize, MAPILogonEx, MAPIAdminProfiles, HexFromBin,
                            BinFromHex, MAPIUIDFromBinary, HrQueryAllRows, HrGetOneProp, HrSetOneProp,
                            HrAllocAdviseSink, HrThisThreadAdviseSink, HrDispatchNotifications,
                            OpenStreamOnFile, OpenStreamOnFileW)
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
def HrMAPIFindStore(session: Any, name: str, /) -> bytes:  # noqa: N802
    s = _session(session)
    wanted = name.lower()
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
def HrMAPIFindFolderEx(store: Any, sep: str, path: str, /) -> bytes:  # noqa: N802
    st = _store(store)
    return _find_path(st, sep or "\\", path).entryid  # type: ignore[no-any-return]


@function("exchange")
def HrMAPIOpenFolderEx(store: Any, sep: str, path: str, /) -> PyIUnknown:  # noqa: N802
    if store is None:
        # exchange.i:403 takes None (INPUT_NULLOK); the EDK helper refuses a NULL store (inferred)
        raise fail("E_INVALIDARG", detail="HrMAPIOpenFolderEx needs a store")
    st = _store(store)
    folder = _find_path(st, sep or "\\", path)
    h = st._h
    return wrap(PyIMAPIFolder, h.process, "folder", h.session, h.logon, _FolderRef(folder, True))


@function("exchange")
def HrMAPIFindFolder(folder: PyIMAPIFolder, name: str, /) -> bytes:  # noqa: N802
    wanted = name.lower()
    for child in folder._folder.children:
        if child.name.lower() == wanted:
            return child.entryid
    raise fail("MAPI_E_NOT_FOUND", detail=f"no subfolder {wanted!r}")


@function("exchange")
def HrCreateProfileName(prefix: str, /) -> str:  # noqa: N802
    text = prefix
    profiles = current().runtime.profiles
    n = 1
    while profiles.get(f"{text}{n}") is not None:
        n += 1
    return f"{text}{n}"


@function("exchange")
def HrMailboxLogon(session: Any, msgStore: Any, msgStoreDN: str, mailboxDN: str, /) -> PyIUnknown:  # noqa: N802,N803
    """EDK MBLOGON (R5): MAPI_E_NOT_FOUND becomes EDK_E_NOT_FOUND, any other failure E_FAIL.
    pywin32 parses both DNs with SWIG's ``s`` (str only: None is a TypeError)."""
    s = _session(session)
    st = _store(msgStore)
    store_dn = msgStoreDN
    mailbox_dn = mailboxDN
    flags = OPENSTORE_USE_ADMIN_PRIVILEGE | OPENSTORE_TAKE_OWNERSHIP
    if not mailbox_dn:
        flags |= OPENSTORE_PUBLIC
    try:
        manage: Any = st.QueryInterface(IID(IID_IExchangeManageStore))
        try:
            eid = manage.CreateStoreEntryID(store_dn, mailbox_dn, flags)
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
def HrMAPISetPropBoolean(obj: PyIMAPIProp, tag: int, val: int, /) -> None:  # noqa: N802
    obj.SetProps(((tag, bool(val)),))


@function("exchange")
def HrMAPISetPropLong(obj: PyIMAPIProp, tag: int, val: int, /) -> None:  # noqa: N802
    obj.SetProps(((tag, val),))


EXCHANGE_X86_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (HrOpenExchangePrivateStore, HrOpenExchangePublicStore, HrGetServerDN,
                            HrGetMailboxDN, HrMAPIFindDefaultMsgStore, HrMAPIFindStore, HrMAPIFindIPMSubtree,
                            HrMAPIFindInbox, HrMAPIFindFolderEx, HrMAPIOpenFolderEx, HrMAPIFindFolder,
                            HrCreateProfileName, HrMailboxLogon, HrMailboxLogoff, HrMAPISetPropBoolean,
                            HrMAPISetPropLong)
}
