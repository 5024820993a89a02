"""One converter per pywin32 argument format code and conversion helper.

Each converter takes the Python value a caller passed and returns what the model needs, or
raises exactly what pywin32 raises on Windows (type and message). The facts, with their
sources, are in ``docs/signatures.md``; in short:

* format codes are CPython's ``PyArg_ParseTuple`` (Python/getargs.c) with Windows' 32-bit C
  ``long``: ``l`` and ``i`` raise OverflowError outside [-2**31, 2**31-1], ``k`` masks;
* ``O`` arguments go through pywin32's helpers: ``win32/src/PyUnicode.cpp`` (strings),
  ``win32/src/PyIID.cpp`` (IIDs), ``win32/src/PyTime.cpp`` (times),
  ``com/win32comext/mapi/src/mapiutil.cpp`` (MAPI structures and property values) and
  ``com/win32com/src/PyComHelpers.cpp`` (interfaces, by QueryInterface).

The messages for the format codes were checked against this interpreter's own
``PyArg_ParseTuple`` (``tests/test_convert_formats.py`` calls it through ctypes).
"""

from __future__ import annotations

import ctypes
import datetime
import uuid
from collections.abc import Callable
from typing import Any

from fakemapi.client import restriction as r
from fakemapi.client.restriction import Restriction
from fakemapi.dropin.pytypes import IID, TimeType, com_error
from fakemapi.hresult import fail, signed
from fakemapi.tags import (
    MV_FLAG,
    PT_APPTIME,
    PT_BINARY,
    PT_BOOLEAN,
    PT_CLSID,
    PT_DOUBLE,
    PT_ERROR,
    PT_I2,
    PT_I8,
    PT_LONG,
    PT_NULL,
    PT_R4,
    PT_STRING8,
    PT_SYSTIME,
    PT_UNICODE,
)

ENCODING = "cp1252"  # what MBCS (CP_ACP) means on a western Windows
LONG_MIN, LONG_MAX = -0x80000000, 0x7FFFFFFF
_UTC = datetime.timezone.utc
_LONG_OVERFLOW = "Python int too large to convert to C long"

#: a converter: (value, fname, position) -> model value; fname/position build CPython's messages
Converter = Callable[[Any, str, int], Any]


def _where(fname: str, pos: int) -> str:
    """CPython's ``seterror`` prefix: ``'F() argument 2'`` (``'function'`` without a name)."""
    return f"{fname}() argument {pos}" if fname else f"argument {pos}"


def _tname(value: Any) -> str:
    return "None" if value is None else type(value).__name__


# --- CPython's PyLong_* helpers, as a 32-bit-long Windows build runs them ----------------------
def as_long(value: Any) -> int:
    """``PyLong_AsLong`` (C long is 32 bits on Windows): ``__index__``, OverflowError past the range."""
    if type(value) is not int:
        if not hasattr(type(value), "__index__"):
            raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an integer")
        value = type(value).__index__(value)
    if not LONG_MIN <= value <= LONG_MAX:
        raise OverflowError(_LONG_OVERFLOW)
    return int(value)


def as_unsigned_long(value: Any) -> int:
    """``PyLong_AsUnsignedLong`` (32 bits): an int only, no negatives, OverflowError past 2**32-1."""
    if not isinstance(value, int):
        raise TypeError("an integer is required")
    if value < 0:
        raise OverflowError("can't convert negative value to unsigned int")
    if value > 0xFFFFFFFF:
        raise OverflowError("Python int too large to convert to C unsigned long")
    return int(value)


def as_long_long(value: Any) -> int:
    """``PyLong_AsLongLong``: 64-bit signed."""
    if type(value) is not int:
        if not hasattr(type(value), "__index__"):
            raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an integer")
        value = type(value).__index__(value)
    if not -(1 << 63) <= value < (1 << 63):
        raise OverflowError("int too big to convert")
    return int(value)


def as_unsigned_long_long(value: Any) -> int:
    """``PyLong_AsUnsignedLongLong``: 64-bit unsigned, an int only."""
    if not isinstance(value, int):
        raise TypeError("an integer is required")
    if value < 0:
        raise OverflowError("can't convert negative int to unsigned")
    if value >= 1 << 64:
        raise OverflowError("int too big to convert")
    return int(value)


def as_double(value: Any) -> float:
    """``PyFloat_AsDouble``: a float, or anything with ``__float__`` (or ``__index__``)."""
    if type(value) is float:
        return value
    kind = type(value)
    if hasattr(kind, "__float__"):
        return float(value)
    if hasattr(kind, "__index__"):
        return float(kind.__index__(value))
    raise TypeError(f"must be real number, not {kind.__name__}")


# --- format codes -------------------------------------------------------------------------
def fmt_l(value: Any, fname: str, pos: int) -> int:
    """``l``: a C long (signed, 32-bit on Windows)."""
    if type(value) is int and LONG_MIN <= value <= LONG_MAX:
        return value
    return as_long(value)


def fmt_k(value: Any, fname: str, pos: int) -> int:
    """``k``: an int (TypeError naming the argument otherwise), masked to 32 bits, no range check."""
    if type(value) is int and 0 <= value <= 0xFFFFFFFF:
        return value
    if not isinstance(value, int):
        raise TypeError(f"{_where(fname, pos)} must be int, not {_tname(value)}")
    return int(value) & 0xFFFFFFFF


def fmt_i(value: Any, fname: str, pos: int) -> int:
    """``i``: a C int; on Windows PyLong_AsLong overflows first, with its message."""
    return fmt_l(value, fname, pos)


def fmt_o(value: Any, fname: str, pos: int) -> Any:
    """``O``: the object as it is."""
    return value


def fmt_z(value: Any, fname: str, pos: int) -> str | None:
    """``z``: str or None (no embedded NUL)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{_where(fname, pos)} must be str or None, not {_tname(value)}")
    if "\0" in value:
        raise ValueError("embedded null character")
    return value


def fmt_s_hash(value: Any, fname: str, pos: int) -> bytes:
    """``s#``: str (as UTF-8) or a read-only bytes-like object; bytearray / memoryview refused."""
    if type(value) is bytes:
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytearray, memoryview)):
        raise TypeError(f"{_where(fname, pos)} must be read-only bytes-like object, not {_tname(value)}")
    if isinstance(value, bytes):
        return bytes(value)
    raise TypeError(f"a bytes-like object is required, not '{type(value).__name__}'")


def fmt_s(value: Any, fname: str, pos: int) -> str:
    """``s``: str only (no embedded NUL)."""
    if not isinstance(value, str):
        raise TypeError(f"{_where(fname, pos)} must be str, not {_tname(value)}")
    if "\0" in value:
        raise ValueError("embedded null character")
    return value


def fmt_big_k(value: Any, fname: str, pos: int) -> int:
    """``K``: an int (TypeError naming the argument otherwise), masked to 64 bits, no range check
    (getargs.c case 'K': PyLong_Check, then PyLong_AsUnsignedLongLongMask)."""
    if type(value) is int and 0 <= value <= 0xFFFFFFFFFFFFFFFF:
        return value
    if not isinstance(value, int):
        raise TypeError(f"{_where(fname, pos)} must be int, not {_tname(value)}")
    return int(value) & 0xFFFFFFFFFFFFFFFF


def fmt_z_hash(value: Any, fname: str, pos: int) -> bytes | None:
    """``z#``: as ``s#``, and None (NULL, length 0)."""
    if value is None:
        return None
    return fmt_s_hash(value, fname, pos)


FORMATS: dict[str, Converter] = {
    "l": fmt_l, "k": fmt_k, "i": fmt_i, "O": fmt_o, "z": fmt_z, "s": fmt_s, "s#": fmt_s_hash,
    "K": fmt_big_k, "z#": fmt_z_hash,
}


def fmt_tuple(codes: str) -> Converter:
    """A tuple format such as ``(kkk)`` (getargs.c converttuple): any sequence but bytes (a str
    is one) of exactly ``len(codes)`` items, each converted by its code; the messages name the
    argument and, for an item, its index."""
    items = [FORMATS[ch] for ch in codes]
    n = len(items)

    def convert(value: Any, fname: str, pos: int) -> tuple[Any, ...]:
        where = _where(fname, pos)
        if not _is_sequence(value) or isinstance(value, bytes):
            raise TypeError(f"{where} must be {n}-item sequence, not {_tname(value)}")
        if len(value) != n:
            raise TypeError(f"{where} must be sequence of length {n}, not {len(value)}")
        out = []
        for i, conv in enumerate(items):
            try:
                out.append(conv(value[i], "", 0))
            except TypeError as err:
                text = str(err)
                prefix = _where("", 0) + " "
                if text.startswith(prefix):
                    raise TypeError(f"{where}, item {i} {text[len(prefix):]}") from None
                raise
        return tuple(out)

    return convert


def entryid_or_none(value: Any) -> bytes | None:
    """PyIMsgStore.Advise's entry id (com/win32comext/mapi/src/PyIMsgStore.i:289-297): None
    (NULL) or bytes (PyBytes_Check), else TypeError "EntryID must be a string" (the message
    does not mention None, though None is taken)."""
    if value is None:
        return None
    if not isinstance(value, bytes):
        raise TypeError("EntryID must be a string")
    return bytes(value)


# --- strings (win32/src/PyUnicode.cpp, mapiutil.cpp PyWinObject_AsMAPIStr) ----------------
def _c_string(text: str) -> str:
    """What a C string keeps: everything before the first NUL."""
    cut = text.find("\0")
    return text if cut < 0 else text[:cut]


def chars_bytes(value: Any, none_ok: bool = False) -> bytes | None:
    """PyWinObject_AsChars: bytes as given, str encoded as MBCS (strict); None only if allowed."""
    if value is None:
        if none_ok:
            return None
        raise TypeError("None is not a valid string in this context")
    if isinstance(value, str):
        return value.encode(ENCODING)
    if not isinstance(value, bytes):
        raise TypeError(f"Expected 'bytes', got '{type(value).__name__}'")
    return bytes(value)


def chars_text(value: Any, none_ok: bool = False) -> str | None:
    """PyWinObject_AsChars, then read back as MAPI reads a C string (up to the first NUL)."""
    if type(value) is str and value.isascii():
        # ENCODING keeps ASCII as it is both ways: the same text, without the round trip
        return _c_string(value)
    data = chars_bytes(value, none_ok)
    if data is None:
        return None
    return _c_string(data.decode(ENCODING, "surrogateescape"))


def wchar_text(value: Any, none_ok: bool = False) -> str | None:
    """PyWinObject_AsWCHAR / AsBstr: str only; None only if allowed."""
    if isinstance(value, str):
        return _c_string(value)
    if value is None:
        if none_ok:
            return None
        raise TypeError("None is not a valid string in this context")
    raise TypeError(f"Objects of type '{type(value).__name__}' can not be converted to Unicode.")


def bstr_text(value: Any, none_ok: bool = False) -> str | None:
    """PyWinObject_AsBstr / AsAutoFreeBstr (win32/src/PyUnicode.cpp:177): str only (bytes are
    refused, PyUnicode.cpp:179-181), None only if allowed; AsWCHAR's messages. The callee reads
    the BSTR as a C string: up to the first NUL."""
    return wchar_text(value, none_ok)


def mapi_str(value: Any, unicode: bool, none_ok: bool = False) -> str | None:
    """PyWinObject_AsMAPIStr: AsWCHAR when the call's flags carry MAPI_UNICODE, else AsChars."""
    return wchar_text(value, none_ok) if unicode else chars_text(value, none_ok)


# --- IIDs (win32/src/PyIID.cpp PyWinObject_AsIID) ----------------------------------------
def as_iid(value: Any) -> uuid.UUID:
    """An IID, or a str that CLSIDFromString reads; a bad string is com_error CO_E_CLASSSTRING."""
    if isinstance(value, IID):
        return value.uuid
    if isinstance(value, str):
        text = value.strip()
        try:
            if not (text.startswith("{") and text.endswith("}")):
                raise ValueError(text)
            return uuid.UUID(text)
        except ValueError:
            raise com_error(signed(0x800401F3), "Invalid class string", None, None) from None
    raise TypeError("Only strings and iids can be converted to a CLSID.")


def as_iid_none(value: Any) -> uuid.UUID | None:
    """``if (ob == Py_None) p = NULL; else PyWinObject_AsIID(ob, ...)``."""
    return None if value is None else as_iid(value)


# --- times (win32/src/PyTime.cpp) -----------------------------------------------------------
def as_systemtime(value: Any) -> TimeType:
    """PyWinObject_AsSYSTEMTIME: a datetime, converted to UTC, milliseconds kept (microseconds cut).

    A naive datetime is local time on Windows (``astimezone``); fakemapi's simulated machine runs
    in UTC, so a naive value is read as UTC (deterministic; a documented deviation)."""
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"must be a pywintypes time object (got {type(value).__name__})")
    utc = value.astimezone(_UTC) if value.tzinfo is not None else value.replace(tzinfo=_UTC)
    return TimeType(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second,
                    utc.microsecond // 1000 * 1000, tzinfo=_UTC)


# --- property tags and values (mapiutil.cpp) ------------------------------------------------
def _c_short(number: int) -> int:
    """The low 16 bits as a C short (``pv->Value.i = (int)PyLong_AsLong(ob)``)."""
    number &= 0xFFFF
    return number - 0x10000 if number & 0x8000 else number


def _c_float(number: float) -> float:
    """A double through a C float (``(float)PyFloat_AsDouble(ob)``)."""
    return float(ctypes.c_float(number).value)


def as_large_integer(value: Any) -> int:
    """PyWinObject_AsLARGE_INTEGER: an int (64-bit), or the deprecated ``(hi, lo)`` pair."""
    if isinstance(value, int):
        return as_long_long(value)
    if not (isinstance(value, tuple) and len(value) == 2):
        raise TypeError("LARGE_INTEGER must be 'int', or '(int, int)'")
    try:
        hi, lo = as_long(value[0]), as_long(value[1])
    except (TypeError, OverflowError):
        raise TypeError("LARGE_INTEGER must be 'int', or '(int, int)'") from None
    number = (hi << 32) | (lo & 0xFFFFFFFFFFFFFFFF if lo < 0 else lo)
    number &= 0xFFFFFFFFFFFFFFFF
    return number - (1 << 64) if number >> 63 else number


def _is_sequence(value: Any) -> bool:
    """PySequence_Check: str and bytes are sequences, dict and set are not."""
    return hasattr(type(value), "__getitem__") and not isinstance(value, (dict, type))


def _mv(value: Any) -> list[Any]:
    if not _is_sequence(value):
        raise TypeError("A multi-valued SPropValue item must be a sequence")
    return list(value)


def _binary(value: Any) -> bytes:
    """``PyBytes_AsString``: bytes (or a subclass) only."""
    if not isinstance(value, bytes):
        raise TypeError(f"expected bytes, {type(value).__name__} found")
    return bytes(value)


def _value_single(ptype: int, value: Any) -> Any:
    if ptype == PT_LONG:
        return as_long(value)
    if ptype == PT_UNICODE:
        return wchar_text(value)
    if ptype == PT_STRING8:
        return chars_text(value)
    if ptype == PT_BINARY:
        return _binary(value)
    if ptype == PT_BOOLEAN:
        return bool(as_long(value))
    if ptype == PT_I2:
        return _c_short(as_long(value))
    if ptype == PT_ERROR:
        return as_long(value) & 0xFFFFFFFF
    if ptype == PT_DOUBLE:
        return as_double(value)
    if ptype == PT_R4:
        return _c_float(as_double(value))
    if ptype == PT_SYSTIME or ptype == PT_APPTIME:
        return as_systemtime(value)
    if ptype == PT_I8:
        return as_large_integer(value)
    if ptype == PT_CLSID:
        return as_iid(value)
    if ptype == PT_NULL:
        return None
    raise TypeError(f"Unsupported MAPI property type 0x{ptype:X}")


#: the multi-valued types mapiutil.cpp converts, and how each element goes
_MV_TYPES = frozenset({PT_I2, PT_LONG, PT_R4, PT_DOUBLE, PT_APPTIME, PT_SYSTIME, PT_STRING8, PT_UNICODE,
                       PT_BINARY, PT_CLSID, PT_I8})


def value_in(tag: int, value: Any) -> Any:
    """PyMAPIObject_AsSPropValue's value half: checked and normalised per property type."""
    ptype = tag & 0xFFFF
    if not ptype & MV_FLAG:
        return _value_single(ptype, value)
    base = ptype & ~MV_FLAG
    if base not in _MV_TYPES:
        raise TypeError(f"Unsupported MAPI property type 0x{ptype:X}")
    items = _mv(value)
    if base == PT_BINARY:
        if any(not isinstance(v, bytes) for v in items):
            raise TypeError("PT_MV_BINARY elements must be strings")
        return tuple(bytes(v) for v in items)
    if base == PT_I2:  # MAKE_MV(short int, ..., PyLong_AsLong)
        return tuple(_c_short(as_long(v)) for v in items)
    return tuple(_value_single(base, v) for v in items)


def as_prop(item: Any) -> tuple[int, Any]:
    """One SPropValue: a tuple ``(tag, value)`` parsed with ``"kO"``; any parse failure is the
    one TypeError mapiutil.cpp sets."""
    if not isinstance(item, tuple) or len(item) != 2 or not isinstance(item[0], int):
        raise TypeError("An SPropValue item must be a tuple of (integer, object)")
    tag = int(item[0]) & 0xFFFFFFFF
    return tag, value_in(tag, item[1])


def as_props(value: Any) -> list[tuple[int, Any]]:
    """PyMAPIObject_AsSPropValueArray: a sequence of SPropValue tuples."""
    if not _is_sequence(value):
        raise TypeError(f"object of type '{type(value).__name__}' has no len()")
    return [as_prop(item) for item in value]


def as_props_none(value: Any) -> list[tuple[int, Any]] | None:
    return None if value is None else as_props(value)


def as_tags(value: Any) -> list[int] | None:
    """PyMAPIObject_AsSPropTagArray: None, a bare int, or a sequence of ints (each through
    PyLong_AsUnsignedLong: an int in [0, 2**32-1])."""
    if value is None:
        return None
    kind = type(value)
    if kind is tuple or kind is list:
        for item in value:
            if type(item) is not int or not 0 <= item <= 0xFFFFFFFF:
                return [as_unsigned_long(v) for v in value]
        return list(value)
    if _is_sequence(value):
        return [as_unsigned_long(v) for v in value]
    if isinstance(value, int):
        return [as_unsigned_long(value)]
    raise TypeError("SPropTagArray must be a sequence of integers")


def as_tags_required(value: Any) -> list[int]:
    """A tag array where the caller needs one (None reaches MAPI as NULL: MAPI_E_INVALID_PARAMETER)."""
    tags = as_tags(value)
    if tags is None:
        raise fail("MAPI_E_INVALID_PARAMETER", detail="a NULL property tag array")
    return tags


def as_binary_array(value: Any) -> list[bytes]:
    """PyMAPIObject_AsSBinaryArray: bytes, or a sequence of bytes."""
    if isinstance(value, bytes):
        return [bytes(value)]
    if not _is_sequence(value):
        raise TypeError("SBinaryArray must be a sequence of strings")
    out = []
    for item in value:
        if not isinstance(item, bytes):
            raise TypeError("SBinary must be a string")
        out.append(bytes(item))
    return out


def as_adrlist(value: Any) -> list[list[tuple[int, Any]]]:
    """PyMAPIObject_AsADRLIST / AsSRowSet (bNoneOK FALSE): a sequence of rows of SPropValues."""
    if value is None:
        raise ValueError("None is not a valid SRowSet/ADRLIST in this context")
    if not _is_sequence(value):
        raise TypeError("ADRLIST/SRowSet items must be a sequence")
    rows = []
    for row in value:
        if not _is_sequence(row):
            raise TypeError(f"object of type '{type(row).__name__}' has no len()")
        rows.append([as_prop(item) for item in row])
    return rows


def as_nameids(value: Any) -> list[tuple[uuid.UUID, str | int]] | None:
    """PyMAPIObject_AsMAPINAMEIDArray (bNoneOK TRUE): (iid, name or id) tuples; None means all."""
    if value is None:
        return None
    if not _is_sequence(value):
        raise TypeError("MAPINAMEID array list be a sequence of tuples")
    out: list[tuple[uuid.UUID, str | int]] = []
    for item in value:
        if not isinstance(item, tuple) or len(item) != 2:
            raise TypeError("MAPINAMEIDArray must be a sequence of (iid, string/int) tuples")
        guid = as_iid(item[0])
        name = item[1]
        if isinstance(name, int):
            out.append((guid, as_unsigned_long(name)))
        elif isinstance(name, str):
            out.append((guid, name))
        else:
            raise TypeError("The type of property ID is invalid - must be string/unicode or int")
    return out


# --- restrictions and sort orders (mapiutil.cpp) --------------------------------------------
def _parse(value: Any, fmt: str, what: str | None) -> tuple[Any, ...]:
    """PyArg_ParseTuple on a structure's tuple: ``fmt`` of ``l``/``k``/``O`` with ``|``."""
    if not isinstance(value, tuple):  # PyTuple_Check
        raise SystemError("new style getargs format but argument is not a tuple")
    required = fmt.split("|")[0]
    codes = fmt.replace("|", "")
    low, high = len(required), len(codes)
    if not low <= len(value) <= high:
        fname = what or "function"
        paren = "()" if what else ""
        bound = low if len(value) < low else high
        word = "exactly" if low == high else ("at least" if len(value) < low else "at most")
        raise TypeError(f"{fname}{paren} takes {word} {bound} argument{'s' if bound != 1 else ''} "
                        f"({len(value)} given)")
    return tuple(FORMATS[code](item, what or "", i + 1) for i, (code, item) in enumerate(zip(codes, value)))


def as_restriction(value: Any) -> Restriction | None:
    """PyMAPIObject_AsSRestriction (bNoneOK TRUE): None passes as NULL."""
    if value is None:
        return None
    return _restriction(value)


def _restriction(value: Any) -> Restriction:
    if not _is_sequence(value) or len(value) != 2:
        raise TypeError("The SRestriction object must be a sequence of length 2")
    rt, sub = value[0], value[1]
    if not isinstance(rt, int):
        raise TypeError("SRestriction must be a sequence of (integer, object)")
    rt = as_long(rt)
    if rt in (r.RES_AND, r.RES_OR):
        if not _is_sequence(sub):
            raise TypeError(f"object of type '{type(sub).__name__}' has no len()")
        items = tuple(_restriction(item) for item in sub)
        return r.And(items) if rt == r.RES_AND else r.Or(items)
    if rt == r.RES_NOT:
        parts = _parse(sub, "O|l", "SNotRestriction tuple")
        return r.Not(_restriction(parts[0]))
    if rt == r.RES_PROPERTY:
        relop, tag, prop = _parse(sub, "lkO", "SPropertyRestriction tuple")
        return r.Property(relop, tag, as_prop(prop)[1])
    if rt == r.RES_CONTENT:
        fuzzy, tag, prop = _parse(sub, "lkO", "SContentRestriction tuple")
        return r.Content(fuzzy & 0xFFFFFFFF, tag, as_prop(prop)[1])
    if rt == r.RES_EXIST:
        parts = _parse(sub, "k|ll", "SExistRestriction tuple")
        return r.Exist(parts[0])
    if rt == r.RES_BITMASK:
        parts = _parse(sub, "lk|l", None)
        mask = parts[2] & 0xFFFFFFFF if len(parts) == 3 else 0
        return r.Bitmask(parts[0], parts[1], mask)
    raise ValueError("Unsupported restriction type!  Please fix in mapiutil.cpp!!!")


def as_sort_order(value: Any) -> list[r.SortKey] | None:
    """PyMAPIObject_AsSSortOrderSet (bNoneOK TRUE): ``((tag, order), ...), cCategories=0,
    cExpanded=0)``; each item parsed ``"ll"`` (signed: a tag >= 0x80000000 overflows)."""
    if value is None:
        return None
    try:
        sorts = _parse(value, "O|ll", None)[0]
    except (TypeError, OverflowError, SystemError):
        raise TypeError("A SortOrder object must be tuple of (sequence, cCategories=0, cExpanded=0)") from None
    if not _is_sequence(sorts):
        raise TypeError("The first object must be a sequence")
    keys = []
    for item in sorts:
        # pywin32 loses this error (a shadowed ``ok``) and calls MAPI with an unset sort key;
        # fakemapi raises it, before MAPI is called (a documented deviation)
        tag, order = _parse(item, "ll", None)
        keys.append(r.SortKey(tag & 0xFFFFFFFF, bool(order & r.TABLE_SORT_DESCEND)))
    return keys


# --- other helpers -------------------------------------------------------------------------
def is_true(value: Any) -> bool:
    """PyObject_IsTrue."""
    return bool(value)


def iid_sequence_none(value: Any) -> Any:
    """CopyTo's exclude list: None or a sequence of IIDs."""
    if value is None:
        return None
    if not _is_sequence(value):
        raise TypeError("Argument 1 must be a sequence of IID's, or None")
    return [as_iid(v) for v in value]


def buffer_view(value: Any) -> bytes:
    """PyWinBufferView: any object with the buffer protocol."""
    try:
        return bytes(memoryview(value))
    except TypeError:
        raise TypeError(f"a bytes-like object is required, not '{type(value).__name__}'") from None


def as_ulong_ptr(value: Any) -> int:
    """PyWinLong_AsULONG_PTR = PyWinLong_AsVoidPtr (win32/src/PyWinTypesmodule.cpp:521, x64):
    ``PyNumber_Long`` (so a float or a numeric str works), then a signed, else an unsigned
    64-bit value; any failure is one TypeError."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"Unable to convert {type(value).__name__} to pointer-sized value") from None
    if not -(1 << 63) <= number < (1 << 64):
        raise TypeError(f"Unable to convert {type(value).__name__} to pointer-sized value")
    return number & 0xFFFFFFFFFFFFFFFF


def as_handle(value: Any) -> int:
    """PyWinObject_AsHANDLE (win32/src/PyHANDLE.cpp:20): None is NULL (0); anything else goes
    through PyWinLong_AsVoidPtr (a PyHANDLE is an int there), whose failure is replaced by
    TypeError ``The object is not a PyHANDLE object`` (PyHANDLE.cpp:32)."""
    if value is None:
        return 0
    try:
        return as_ulong_ptr(value)
    except TypeError:
        raise TypeError("The object is not a PyHANDLE object") from None


def mapiinit(value: Any) -> Any:
    """The MAPIINIT_0 typemap (mapilib.i): None, or a tuple parsed ``"ii:MAPIINIT_0 tuple"``."""
    if value is None:
        return None
    return _parse(value, "ii", "MAPIINIT_0 tuple")


def not_zero_bytes(value: int) -> int:
    """PyIStream.Read: numBytes must not be zero."""
    if value == 0:
        raise TypeError("The numBytes param must be greater than zero")
    return value
