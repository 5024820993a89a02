"""The format-code converters raise what CPython's PyArg_ParseTuple raises (Python/getargs.c).

Where the result does not depend on the size of a C long, each case is checked against this
interpreter's own ``PyArg_ParseTuple``, called through ctypes: the fake is compared with
CPython, not with itself. The 32-bit ``long`` boundaries are Windows' (LLP64; pywin32 runs
there), where ``PyLong_AsLong`` raises ``OverflowError("Python int too large to convert to C
long")`` outside [-2**31, 2**31-1]; on this 64-bit Linux the same message comes at 2**63.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pytest

from fakemapi.dropin import convert as c
from fakemapi.dropin.parse import compile_parser
from fakemapi.dropin.signatures import _s, format_codes


def cpython_parse(fmt: str, args: tuple[Any, ...]) -> str:
    """``PyArg_ParseTuple(args, fmt, ...)`` of this interpreter: 'ok' or 'Type: message'."""
    parse = ctypes.pythonapi._PyArg_ParseTuple_SizeT
    parse.restype = ctypes.c_int
    buffers = [ctypes.create_string_buffer(16) for _ in range(8)]
    try:
        parse(ctypes.py_object(args), ctypes.c_char_p(fmt.encode()),
              *[ctypes.cast(b, ctypes.c_void_p) for b in buffers])
    except Exception as exc:  # noqa: BLE001 - whatever CPython raised is the expectation
        return f"{type(exc).__name__}: {exc}"
    return "ok"


def fake_parse(fmt: str, args: tuple[Any, ...]) -> str:
    """fakemapi's parser for a table entry with format ``fmt``: 'ok' or 'Type: message'."""
    codes, required = format_codes(fmt)
    sig = _s("T.t", fmt, "test", "None", *[f"a{i}" if i < required else f"a{i}=0" for i in range(len(codes))])
    try:
        compile_parser(sig)(args)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return "ok"


CASES = [
    # "k" (getargs.c case 'k'): PyLong_Check, else converterr("int")
    ("k:F", ("x",)), ("k:F", (None,)), ("k:F", (1.5,)), ("k:F", (-1,)), ("k:F", (2 ** 40,)), ("k:F", (True,)),
    # "l" with values whose outcome does not depend on the size of long
    ("l:F", ("x",)), ("l:F", (1.5,)), ("l:F", (None,)), ("l:F", (b"1",)), ("l:F", (-5,)), ("l:F", (2 ** 31 - 1,)),
    # "z", "s", "s#"
    ("z:F", (b"a",)), ("z:F", (None,)), ("z:F", ("a",)), ("z:F", ("a\0b",)), ("z:F", (1,)),
    ("s:F", (b"a",)), ("s:F", (None,)), ("s:F", ("a",)),
    ("s#:F", (bytearray(b"a"),)), ("s#:F", (memoryview(b"a"),)), ("s#:F", (1,)), ("s#:F", (None,)),
    ("s#:F", ("é",)), ("s#:F", (b"a\0b",)),
    # the argument count (vgetargs1_impl), with and without a function name
    ("OOl:F", (1, 2)), ("OOl:F", (1, 2, 3, 4)), ("O|l:F", ()), ("O|l:F", (1, 2, 3)), ("Ol", (1,)),
    (":F", (1,)), ("|l:F", (1, 2)), ("O|l:F", (1, "x")),
]


IDS = [f"{f}-{'-'.join(type(v).__name__ for v in a)}-{i}" for i, (f, a) in enumerate(CASES)]


@pytest.mark.parametrize(("fmt", "args"), CASES, ids=IDS)
def test_format_code_errors_match_cpythons_pyarg_parsetuple(fmt: str, args: tuple[Any, ...]) -> None:
    assert fake_parse(fmt, args) == cpython_parse(fmt, args)


@pytest.mark.parametrize("value", [2 ** 31, -2 ** 31 - 1, 2 ** 32, 2 ** 63])
def test_l_refuses_values_outside_a_32_bit_c_long_as_windows_does(value: int) -> None:
    """getargs.c case 'l' -> PyLong_AsLong; C long is 32 bits on Windows (LLP64)."""
    with pytest.raises(OverflowError, match="^Python int too large to convert to C long$"):
        c.fmt_l(value, "F", 1)


@pytest.mark.parametrize("value", [2 ** 31 - 1, -2 ** 31, 0, True])
def test_l_accepts_the_32_bit_range_and_bools(value: int) -> None:
    assert c.fmt_l(value, "F", 1) == int(value)


def test_i_overflows_with_pylong_aslongs_message_on_windows() -> None:
    """getargs.c case 'i' calls PyLong_AsLong first: on Windows that overflows before the
    INT_MAX check ("signed integer is greater than maximum") can run."""
    with pytest.raises(OverflowError, match="^Python int too large to convert to C long$"):
        c.fmt_i(2 ** 31, "F", 1)


@pytest.mark.parametrize(("value", "masked"), [(2 ** 32, 0), (-1, 0xFFFFFFFF), (2 ** 32 + 5, 5), (-2 ** 31, 2 ** 31)])
def test_k_masks_without_a_range_check(value: int, masked: int) -> None:
    """getargs.c case 'k': PyLong_AsUnsignedLongMask (32-bit unsigned long on Windows)."""
    assert c.fmt_k(value, "F", 1) == masked


def test_s_hash_encodes_str_as_utf8_and_keeps_bytes_as_given() -> None:
    assert c.fmt_s_hash("é", "F", 1) == "é".encode()
    assert c.fmt_s_hash(b"a\0b", "F", 1) == b"a\0b"


def cpython_call(function: str, value: Any) -> str:
    """One of CPython's PyLong_* / PyFloat_* converters on ``value``: 'ok' or 'Type: message'."""
    fn = getattr(ctypes.pythonapi, function)
    fn.argtypes = [ctypes.py_object]
    fn.restype = ctypes.c_double if function.startswith("PyFloat") else ctypes.c_longlong
    try:
        fn(value)
    except Exception as exc:  # noqa: BLE001 - whatever CPython raised is the expectation
        return f"{type(exc).__name__}: {exc}"
    return "ok"


def fake_call(convert: Any, value: Any) -> str:
    try:
        convert(value)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return "ok"


HELPER_CASES = [
    # the tag-array items (mapiutil.cpp:740 PyLong_AsUnsignedLong); 2**64 overflows a long of any size
    ("PyLong_AsUnsignedLong", c.as_unsigned_long, [-1, "x", 1.0, None, 2 ** 64, 5]),
    # PT_I8 (PyLARGE_INTEGER.cpp PyLong_AsLongLong), SetSize / CopyTo (PyLong_AsUnsignedLongLong)
    ("PyLong_AsLongLong", c.as_long_long, [2 ** 63, -2 ** 63 - 1, "x", 1.5, 2 ** 63 - 1]),
    ("PyLong_AsUnsignedLongLong", c.as_unsigned_long_long, [-1, 2 ** 64, "x", 1.5, 2 ** 64 - 1]),
    # PT_R4 / PT_DOUBLE (mapiutil.cpp:143, :150 PyFloat_AsDouble)
    ("PyFloat_AsDouble", c.as_double, ["1", None, b"1", 2, 2.5, 2 ** 2000]),
    # PT_LONG / PT_I2 / PT_ERROR / PT_BOOLEAN type errors (PyLong_AsLong; the range is Windows')
    ("PyLong_AsLong", c.as_long, ["x", 1.5, None, True, -7]),
]
HELPER_IDS = [f"{fn}-{type(v).__name__}-{i}" for fn, _, values in HELPER_CASES for i, v in enumerate(values)]


@pytest.mark.parametrize(("function", "convert", "value"),
                         [(fn, conv, v) for fn, conv, values in HELPER_CASES for v in values], ids=HELPER_IDS)
def test_value_converters_raise_what_cpythons_pylong_functions_raise(function: str, convert: Any, value: Any) -> None:
    assert fake_call(convert, value) == cpython_call(function, value)
