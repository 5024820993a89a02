"""The converters pythoncom's module functions add to the signature table: PyWinObject_AsHANDLE
(win32/src/PyHANDLE.cpp:20) and PyWinObject_AsAutoFreeBstr / AsBstr (win32/src/PyUnicode.cpp:177),
and the formats of those functions, compared with this interpreter's own PyArg_ParseTuple."""

from __future__ import annotations

from typing import Any

import pytest
from test_convert_formats import cpython_parse, fake_parse

from fakemapi.dropin import convert as c
from fakemapi.dropin.parse import HELPERS


# --- PyWinObject_AsHANDLE (PyHANDLE.cpp:20-37) ----------------------------------------------------
def test_a_handle_of_none_is_null() -> None:
    # PyHANDLE.cpp:22-23: None -> (HANDLE)0
    assert c.as_handle(None) == 0
    assert HELPERS["handle"](None) == 0


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (5, 5), (-1, 0xFFFFFFFFFFFFFFFF), (7.9, 7), ("12", 12),
                                                 (2 ** 64 - 1, 2 ** 64 - 1)])
def test_a_handle_is_any_pointer_sized_int(value: Any, expected: int) -> None:
    # PyHANDLE.cpp:29-31: an int goes through PyWinLong_AsVoidPtr (PyWinTypesmodule.cpp:521,
    # x64): PyNumber_Long, then signed, else unsigned 64 bits
    assert c.as_handle(value) == expected


@pytest.mark.parametrize("value", ["x", b"x", object(), 2 ** 64, -(2 ** 63) - 1, [1]])
def test_a_handle_that_is_no_number_is_refused_with_pyhandles_message(value: Any) -> None:
    # PyHANDLE.cpp:31-33: PyWinLong_AsVoidPtr's own TypeError is replaced
    with pytest.raises(TypeError, match=r"^The object is not a PyHANDLE object$"):
        c.as_handle(value)


# --- PyWinObject_AsBstr (PyUnicode.cpp:177-214) ---------------------------------------------------
def test_a_bstr_is_a_str_read_as_a_c_string() -> None:
    # PyUnicode.cpp:182-191 copies the str with its NULs; StgCreateDocfile reads a C string
    assert c.bstr_text("a.msg", False) == "a.msg"
    assert c.bstr_text("a.msg\0tail", False) == "a.msg"
    assert HELPERS["bstr_none"]("x") == "x"


def test_a_bstr_of_none_is_null_only_where_allowed() -> None:
    # PyUnicode.cpp:193-200
    assert c.bstr_text(None, True) is None
    assert HELPERS["bstr_none"](None) is None
    with pytest.raises(TypeError, match=r"^None is not a valid string in this context$"):
        c.bstr_text(None, False)


@pytest.mark.parametrize(("value", "kind"), [(b"a.msg", "bytes"), (bytearray(b"a"), "bytearray"), (12, "int")])
def test_a_bstr_refuses_bytes_and_anything_but_str(value: Any, kind: str) -> None:
    # PyUnicode.cpp:178-181 (bytes are no longer taken) and :203-205
    with pytest.raises(TypeError, match=rf"^Objects of type '{kind}' can not be converted to Unicode\.$"):
        HELPERS["bstr_none"](value)


# --- the formats of pythoncom's functions, against CPython's PyArg_ParseTuple ------------------------
CASES = [
    # PythonCOM.cpp:595 GetScodeString "k" (no name: 'argument 1', 'function takes')
    ("k", ("x",)), ("k", (None,)), ("k", ()), ("k", (1, 2)), ("k", (-1,)),
    # PythonCOM.cpp:933 / :966 / :1423
    (":CoInitialize", (0,)), ("l:CoInitializeEx", ()), ("l:CoInitializeEx", ("2",)),
    ("|ii:PumpWaitingMessages", (0, 0, 0)), ("|ii:PumpWaitingMessages", (1.0,)),
    # PyStorage.cpp:113 / :162 / :219 / :278
    ("|Ol:CreateStreamOnHGlobal", (None, "x")), ("Oi|i:StgCreateDocfile", ("a",)),
    ("Oi|i:StgCreateDocfile", ("a", "2")), ("OOk|Ok:StgOpenStorageOnILockBytes", (1, 2, "x")),
    ("OOi|Oi:StgOpenStorage", (1, 2, 3, 4, 5, 6)),
    # PythonCOM.cpp:102; PyIID.cpp:20 (no name)
    ("OOiO:CoCreateInstance", (1, 2, None, 4)), ("O|i", ()), ("O|i", (1, "x")),
]


@pytest.mark.parametrize(("fmt", "args"), CASES, ids=[f"{f}-{a!r}" for f, a in CASES])
def test_pythoncom_formats_refuse_what_pyarg_parsetuple_refuses(fmt: str, args: tuple[Any, ...]) -> None:
    """(Values whose outcome depends on the size of C long, as 2**31 for "i", are pinned in
    test_convert_formats.py against Windows' 32-bit long.)"""
    assert fake_parse(fmt, args) == cpython_parse(fmt, args)
