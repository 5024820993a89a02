"""Arguments of the calls merged from the notification, profile, status, body, .msg-file and MIME
branches, parsed through the signature table as pywin32 parses them: what a program passing a
wrong argument sees, through the pywin32 surface. Each case names the pywin32 line it follows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_contents_kit import WORLD, own_store, pw, raises

import fakemapi

E_NOINTERFACE = -2147467262
STG_E_INVALIDFUNCTION = -2147287039
MAPI_UNICODE = -0x80000000  # pywin32's constant: negative, so "l" takes it
PR_RTF_COMPRESSED = 0x10090102
STGM_CREATE, STGM_READWRITE = 0x1000, 0x2
MAPI_NATIVE_BODY = 0x00010000
LONG_OVERFLOW = "^Python int too large to convert to C long$"


@pytest.fixture(name="fk")
def _installed() -> Iterator[fakemapi.Fake]:
    fake = fakemapi.install(WORLD)
    pw().mapi.MAPIInitialize(None)
    try:
        yield fake
    finally:
        fakemapi.uninstall()


def _session() -> Any:
    m = pw().mapi
    return m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)


def _sink() -> Any:
    return pw().mapi.HrAllocAdviseSink(lambda notes, context: None)


def test_unsigned_flags_parsed_with_l_refuse_2_to_the_31_as_pywin32_does(fk):
    """SWIG 1.1 parses an ``unsigned long`` with "l" (PyIMsgServiceAdmin.i:160 GetProviderTable,
    mapi.i:1241 HrDispatchNotifications): 0x80000000 overflows a 32-bit C long, so MAPI_UNICODE
    must be passed as pywin32's negative constant."""
    m = pw().mapi
    services = m.MAPIAdminProfiles(0).AdminServices("Alice", None, 0, 0)
    with pytest.raises(OverflowError, match=LONG_OVERFLOW):
        services.GetProviderTable(0x80000000)
    assert services.GetProviderTable(MAPI_UNICODE).GetRowCount(0) > 0
    with pytest.raises(TypeError, match="^'str' object cannot be interpreted as an integer$"):
        m.HrDispatchNotifications("0")
    with pytest.raises(TypeError, match=r"^HrDispatchNotifications\(\) takes exactly 1 argument \(0 given\)$"):
        m.HrDispatchNotifications()


def test_session_and_store_advise_word_their_entry_id_errors_differently(fk):
    """PyIMAPISession.i:180 says "EntryID must be a string or None"; PyIMsgStore.i:297 takes None
    as well but says "EntryID must be a string". The mask is "k" (any int, no range check)."""
    session = _session()
    store = own_store(session)
    sink = _sink()
    with pytest.raises(TypeError, match="^EntryID must be a string or None$"):
        session.Advise("eid", 0, sink)
    with pytest.raises(TypeError, match="^EntryID must be a string$"):
        store.Advise("eid", 0, sink)
    with pytest.raises(TypeError, match=r"^Advise\(\) argument 2 must be int, not str$"):
        store.Advise(None, "4", sink)
    # the session's sink goes through PyCom_InterfaceFromPyObject (PyIMAPISession.i:184): a plain
    # object is ValueError; the store's through ...FromPyInstanceOrObject (PyIMsgStore.i:300): TypeError
    with pytest.raises(ValueError, match=r"^argument is not a COM object \(got type=object\)$"):
        session.Advise(None, 0, object())
    with pytest.raises(TypeError, match="^The Python instance can not be converted to a COM object$"):
        store.Advise(None, 0, object())
    raises(E_NOINTERFACE, store.Advise, None, 0, store)
    connection = store.Advise(None, -1, sink)  # "k": -1 is every event
    assert store.Unadvise(connection) is None


def test_this_thread_advise_sink_wants_an_advise_sink(fk):
    """mapi.i:1237, IMAPIAdviseSink *INPUT (typemap mapilib.i:248)."""
    m = pw().mapi
    with pytest.raises(TypeError, match="^None is not a valid interface object in this context$"):
        m.HrThisThreadAdviseSink(None)
    raises(E_NOINTERFACE, m.HrThisThreadAdviseSink, _session())
    assert type(m.HrThisThreadAdviseSink(_sink())).__name__ == "PyIMAPIAdviseSink"
    with pytest.raises(TypeError, match="^OnNotify must be callable$"):
        m.HrAllocAdviseSink(42)


def test_open_stream_on_file_names_are_chars_or_wide_strings(fk, tmp_path: Path):
    """mapi.i:1021 "O|lO:OpenStreamOnFile" (PyWinObject_AsChars: bytes or str) and mapi.i:1077
    "O|lO:OpenStreamOnFileW" (PyWinObject_AsWCHAR: str only)."""
    m = pw().mapi
    path = tmp_path / "a.bin"
    stream = m.OpenStreamOnFile(str(path).encode("ascii"), STGM_CREATE | STGM_READWRITE)
    stream.Write(b"abc")
    stream.Commit(0)
    with pytest.raises(TypeError, match="^Objects of type 'bytes' can not be converted to Unicode.$"):
        m.OpenStreamOnFileW(str(path).encode("ascii"), 0)
    with pytest.raises(TypeError, match=r"^OpenStreamOnFileW\(\) takes at most 3 arguments \(4 given\)$"):
        m.OpenStreamOnFileW(str(path), 0, None, 0)
    with pytest.raises(OverflowError, match=LONG_OVERFLOW):
        m.OpenStreamOnFile(str(path), 0x80000000)


def test_profile_names_follow_the_flags_unicode_bit(fk):
    """PyIProfAdmin.i:177 CopyProfile "OOO|ll": PyWinObject_AsMAPIStr reads the names wide when
    the flags carry MAPI_UNICODE (bytes refused), narrow otherwise (bytes taken)."""
    admin = pw().mapi.MAPIAdminProfiles(0)
    with pytest.raises(TypeError, match="^Objects of type 'bytes' can not be converted to Unicode.$"):
        admin.CopyProfile(b"Alice", None, "Alice 2", 0, MAPI_UNICODE)
    assert admin.CopyProfile(b"Alice", None, b"Alice 2") is None
    assert admin.RenameProfile("Alice 2", None, "Alice 3", 0, MAPI_UNICODE) is None
    # PyIProfAdmin.i:151, TCHAR *INPUT: None is refused for the profile name, taken for passwords
    with pytest.raises(TypeError, match="^None is not a valid string in this context$"):
        admin.ChangeProfilePassword(None, None, None, 0)
    assert admin.ChangeProfilePassword("Alice", None, None, 0) is None


def test_create_provider_format_has_no_name_so_cpython_says_argument(fk):
    """PyIProviderAdmin.i:95 "slOll": no ":CreateProvider", so the messages name no function."""
    m = pw().mapi
    services = m.MAPIAdminProfiles(0).AdminServices("Alice", None, 0, 0)
    rows = m.HrQueryAllRows(services.GetMsgServiceTable(0), (0x3D0C0102,), None, None, 0)
    providers = services.AdminProviders(m.MAPIUIDFromBinary(rows[0][0][1]), 0)
    with pytest.raises(TypeError, match="^argument 1 must be str, not bytes$"):
        providers.CreateProvider(b"EMSDelegate", 0, None, 0, 0)
    with pytest.raises(TypeError, match=r"^function takes exactly 5 arguments \(4 given\)$"):
        providers.CreateProvider("EMSDelegate", 0, None, 0)


def test_stream_region_locks_parse_before_they_are_refused(fk):
    """PyIStream.cpp:198 "OOl:LockRegion": the long first (PyArg_ParseTuple), then the two
    ULARGE_INTEGERs; only then does the stream answer STG_E_INVALIDFUNCTION."""
    session = _session()
    store = own_store(session)
    inbox = store.OpenEntry(store.GetReceiveFolder("IPM", 0)[0], None, 0x1)
    msg = inbox.CreateMessage(None, 0)
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, pw().pythoncom.IID_IStream, 0, 0x2 | 0x10)
    with pytest.raises(OverflowError, match=LONG_OVERFLOW):
        stream.LockRegion(-1, 0, 2 ** 31)
    with pytest.raises(OverflowError, match="^can't convert negative int to unsigned$"):
        stream.UnlockRegion(-1, 0, 0)
    raises(STG_E_INVALIDFUNCTION, stream.LockRegion, 0, 10, 1)


def test_wrap_compressed_rtf_stream_ex_takes_a_three_item_sequence(fk):
    """mapi.i:719 "O|(kkk):PyWrapCompressedRTFStreamEx": a list works as well as a tuple; the
    stream is converted after the parse (mapi.i:723), so a bad wcsinfo is reported first."""
    session = _session()
    store = own_store(session)
    inbox = store.OpenEntry(store.GetReceiveFolder("IPM", 0)[0], None, 0x1)
    msg = inbox.CreateMessage(None, 0)
    m = pw().mapi
    msg.SetProps([(0x1000001F, "plain text")])
    m.RTFSync(msg, 1)  # RTF_SYNC_BODY_CHANGED: makes PR_RTF_COMPRESSED
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, pw().pythoncom.IID_IStream, 0, 0)
    with pytest.raises(TypeError, match=r"^PyWrapCompressedRTFStreamEx\(\) argument 2 must be sequence of length 3"
                                        r", not 2$"):
        m.WrapCompressedRTFStreamEx(None, (0, 0))
    body, kind = m.WrapCompressedRTFStreamEx(stream, [MAPI_NATIVE_BODY, 0, 0])
    assert kind != 0 and body.Read(1000)


def test_lockbytes_offsets_are_unsigned_64_bit(fk):
    """PyILockBytes.cpp:31 "Kk:ReadAt" (the offset masked to 64 bits) and :60 "OO:WriteAt"
    (PyWinObject_AsULARGE_INTEGER: a negative offset is refused)."""
    lockbytes = pw().pythoncom.CreateILockBytesOnHGlobal()
    assert lockbytes.WriteAt(0, bytearray(b"abc")) == 3
    with pytest.raises(OverflowError, match="^can't convert negative int to unsigned$"):
        lockbytes.WriteAt(-1, b"x")
    with pytest.raises(TypeError, match=r"^ReadAt\(\) argument 1 must be int, not str$"):
        lockbytes.ReadAt("0", 3)
    assert lockbytes.ReadAt(0, 3) == b"abc"
    with pytest.raises(TypeError, match=r"^Stat\(\) takes exactly 1 argument \(0 given\)$"):
        lockbytes.Stat()
