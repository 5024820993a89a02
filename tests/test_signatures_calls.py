"""Calls through the drop-in parse their arguments by the signature table: boundary values,
argument counts, None, defaults, and the PyIStream methods (PyIStream.cpp). Each test names
the pywin32 line its signature comes from."""

from __future__ import annotations

from typing import Any

import pytest
from test_contents_kit import fk, folder, logon, own_store, pw, raises  # noqa: F401

import fakemapi
from fakemapi.dropin.signatures import SIGNATURES

pytestmark = pytest.mark.usefixtures("fk")
PR_BODY_W = 0x1000001F
PR_SUBJECT_W = 0x0037001F
IID_IStream = "{0000000C-0000-0000-C000-000000000046}"


# --- "l" arguments: the 32-bit boundaries ------------------------------------------------------
@pytest.mark.parametrize("value", [2 ** 31 - 1, -2 ** 31, 0x7FFFFFFF, -1])
def test_an_l_argument_takes_the_32_bit_range(value: int) -> None:
    """PyIMAPITable.i:87 GetRowCount(unsigned long ulFlags): SWIG parses it "l"."""
    table = logon().GetMsgStoresTable(0)
    assert table.GetRowCount(value) == table.GetRowCount(0)


@pytest.mark.parametrize("value", [2 ** 31, -2 ** 31 - 1, 2 ** 32, 0x80000000])
def test_an_l_argument_outside_the_32_bit_range_is_overflow_error_and_changes_nothing(value: int) -> None:
    table = logon().GetMsgStoresTable(0)
    table.SeekRow(0, 1)
    with pytest.raises(OverflowError, match="^Python int too large to convert to C long$"):
        table.SeekRow(0, value)  # PyIMAPITable.i:72, rowCount is a long
    assert table.QueryPosition()[0] == 1


def test_get_last_error_refuses_an_unsigned_hresult() -> None:
    """PyIMAPISession.i:266 "l|l:GetLastError": pass the signed form, as pywin32's constants are."""
    m = pw()
    session = logon()
    with pytest.raises(OverflowError):
        session.GetLastError(0x8004010F)
    assert session.GetLastError(m.mapi.MAPI_E_NOT_FOUND) is None


@pytest.mark.parametrize(("flags", "returned"), [(2 ** 32 + 1, 1), (-1, -1)])
def test_store_logoff_flags_are_k_masked(flags: int, returned: int) -> None:
    """PyIMsgStore.i:93 "k:StoreLogoff": masked, no overflow."""
    assert own_store(logon()).StoreLogoff(flags) == returned


# --- argument counts and defaults ----------------------------------------------------------------
@pytest.mark.parametrize(("call", "args", "message"), [
    ("GetProps", (), r"^GetProps\(\) takes at least 1 argument \(0 given\)$"),
    ("GetProps", (None, 0, 0), r"^GetProps\(\) takes at most 2 arguments \(3 given\)$"),
    ("OpenEntry", (None, None), r"^OpenEntry\(\) takes exactly 3 arguments \(2 given\)$"),
    ("GetReceiveFolder", (None, 0, 0), r"^GetReceiveFolder\(\) takes at most 2 arguments \(3 given\)$"),
])
def test_a_wrong_argument_count_is_cpythons_type_error(call: str, args: tuple[Any, ...], message: str) -> None:
    store = own_store(logon())
    with pytest.raises(TypeError, match=message):
        getattr(store, call)(*args)


def test_create_folder_without_a_name_in_its_format_says_function() -> None:
    """PyIMAPIFolder.i:88 "lO|OOl" has no ":CreateFolder": CPython says "function takes"."""
    inbox = folder(own_store(logon()), "Inbox")
    with pytest.raises(TypeError, match=r"^function takes at least 2 arguments \(1 given\)$"):
        inbox.CreateFolder(1)


def test_optional_arguments_take_pywin32s_defaults() -> None:
    m = pw()
    store = own_store(logon())
    assert store.GetProps((PR_SUBJECT_W,)) == store.GetProps((PR_SUBJECT_W,), 0)
    assert store.GetReceiveFolder() == store.GetReceiveFolder(None, 0)
    assert m.mapi.MAPILogonEx(0, "Alice") is not None


def test_query_interface_takes_an_optional_second_argument() -> None:
    """com/win32com/src/PyIUnknown.cpp:123 "O|O:QueryInterface"."""
    store = own_store(logon())
    assert store.QueryInterface("{00020306-0000-0000-C000-000000000046}", None) == store
    with pytest.raises(TypeError, match=r"^QueryInterface\(\) takes at least 1 argument \(0 given\)$"):
        store.QueryInterface()


def test_parsing_comes_before_the_object_is_checked() -> None:
    """pywin32 parses with PyArg_ParseTuple before it calls MAPI: a bad argument to an object
    MAPIUninitialize invalidated is still the argument's TypeError."""
    m = pw()
    table = logon().GetMsgStoresTable(0)
    m.mapi.MAPIUninitialize()
    with pytest.raises(TypeError):
        table.GetRowCount("x")
    raises(m.mapi.MAPI_E_INVALID_OBJECT, table.GetRowCount, 0)
    m.mapi.MAPIInitialize(None)


def test_mapi_initialize_takes_none_or_a_tuple_of_two_ints() -> None:
    """mapilib.i:551: PyArg_ParseTuple(ob, "ii:MAPIINIT_0 tuple")."""
    m = pw().mapi
    m.MAPIInitialize((0, 0))
    m.MAPIUninitialize()
    with pytest.raises(TypeError, match=r"^MAPIINIT_0 tuple\(\) takes exactly 2 arguments \(1 given\)$"):
        m.MAPIInitialize((0,))
    with pytest.raises(SystemError):
        m.MAPIInitialize([0, 0])


def test_hex_from_bin_is_s_hash_and_bin_from_hex_takes_str_only() -> None:
    """mapi.i:84 "s#:HexFromBin"; mapi.i:103 PyWinObject_AsTCHAR (wide: str only)."""
    m = pw().mapi
    assert m.HexFromBin(b"\x01\xab") == "01AB"
    assert m.HexFromBin("A") == "41"
    with pytest.raises(TypeError, match=r"^HexFromBin\(\) argument 1 must be read-only bytes-like object, "
                                        r"not bytearray$"):
        m.HexFromBin(bytearray(b"\x01"))
    assert m.BinFromHex("01AB") == b"\x01\xab"
    with pytest.raises(TypeError, match="^Objects of type 'bytes' can not be converted to Unicode.$"):
        m.BinFromHex(b"01")


def test_every_signature_rejects_one_argument_too_many() -> None:
    """For every C-parsed module function: CPython's count check runs before anything else."""
    m = pw()
    fakemapi.uninstall()
    fakemapi.install(flavor="x86")
    mods = {"mapi": m.mapi, "exchange": __import__("win32com.mapi.exchange", fromlist=["x"])}
    for call, sig in SIGNATURES.items():
        module, _, name = call.partition(".")
        if module not in mods or sig.python:
            continue
        with pytest.raises(TypeError, match=r"takes (exactly|at most) \d+ arguments? \(\d+ given\)$"):
            getattr(mods[module], name)(*([None] * (len(sig.args) + 1)))


# --- PyIStream (com/win32com/src/extensions/PyIStream.cpp) -------------------------------------------
def stream() -> Any:
    m = pw()
    msg = folder(own_store(logon()), "Inbox").CreateMessage(None, 0)
    return msg.OpenProperty(PR_BODY_W, IID_IStream, 0, m.mapi.MAPI_CREATE | m.mapi.MAPI_MODIFY)


def test_stream_write_returns_the_number_of_bytes_written() -> None:
    """PyIStream.cpp:66 PyLong_FromUnsignedLong(cbWritten); any buffer (PyWinBufferView)."""
    s = stream()
    assert s.Write(b"abc") == 3
    assert s.Write(bytearray(b"de")) == 2
    assert s.write(memoryview(b"f")) == 1
    with pytest.raises(TypeError, match="^a bytes-like object is required, not 'str'$"):
        s.Write("text")


def test_stream_commit_flags_are_optional() -> None:
    """PyIStream.cpp:155 "|l:Commit"."""
    s = stream()
    s.Write(b"a\0")
    assert s.Commit() is None
    assert s.Commit(0) is None


def test_stream_read_of_zero_bytes_is_a_type_error() -> None:
    """PyIStream.cpp:21-24."""
    s = stream()
    with pytest.raises(TypeError, match="^The numBytes param must be greater than zero$"):
        s.Read(0)
    with pytest.raises(OverflowError):
        s.Read(2 ** 31)


def test_stream_seek_and_set_size_take_64_bit_integers() -> None:
    """PyIStream.cpp:78 "Ol" + PyWinObject_AsLARGE_INTEGER; :99 "O" + AsULARGE_INTEGER."""
    s = stream()
    s.Write(b"abcdef")
    assert s.Seek(2, 0) == 2
    with pytest.raises(OverflowError, match="^can't convert negative int to unsigned$"):
        s.SetSize(-1)
    with pytest.raises(TypeError, match=r"^function takes exactly 2 arguments \(1 given\)$"):
        s.Seek(0)


def test_delete_folder_ui_param_is_pywinlong_asvoidptr() -> None:
    """PyIMAPIFolder.i:172 PyWinLong_AsULONG_PTR -> PyWinTypesmodule.cpp:521 PyWinLong_AsVoidPtr:
    PyNumber_Long first (a float passes), one TypeError for anything else."""
    m = pw()
    inbox = folder(own_store(logon()), "Inbox")
    child = inbox.CreateFolder(m.mapi.FOLDER_GENERIC, "Scratch", None, None, 0)
    eid = child.GetProps((0x0FFF0102,), 0)[1][0][1]
    del child
    with pytest.raises(TypeError, match="^Unable to convert str to pointer-sized value$"):
        inbox.DeleteFolder(eid, "hwnd", None, 0)
    with pytest.raises(TypeError, match="^Unable to convert NoneType to pointer-sized value$"):
        inbox.DeleteFolder(eid, None, None, 0)
    assert inbox.DeleteFolder(eid, 0.0, None, 0) == 0
