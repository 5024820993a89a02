"""pywin32's argument parsing and result shapes, in one place.

In: positional arguments, checked as pywin32's C code checks them (TypeError / ValueError
before MAPI is called). Out: PT_STRING8 as bytes, PT_UNICODE as str, PT_ERROR as a signed
scode, PT_SYSTIME as pywintypes.TimeType, multi-valued as tuples, tags non-negative.
"""

from __future__ import annotations

import datetime
import operator
import uuid
from collections.abc import Sequence
from typing import Any

from fakemapi.client import restriction as r
from fakemapi.client.restriction import Restriction
from fakemapi.dropin.pytypes import IID, TimeType, as_uuid
from fakemapi.hresult import signed
from fakemapi.tags import (
    MV_FLAG,
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

ENCODING = "cp1252"  # what MBCS means on a western Windows


# --- in ------------------------------------------------------------------------------------
def as_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, bool):
            return int(value)
        raise TypeError(f"{what}: an integer is required (got type {type(value).__name__})")
    return value


def as_ulong(value: Any, what: str) -> int:
    """Flags and tags are parsed as unsigned longs; negative constants are accepted as such."""
    return as_int(value, what) & 0xFFFFFFFF


def as_text(value: Any, what: str, none_ok: bool = False) -> str | None:
    """PyWinObject_AsChars / AsTCHAR: str or bytes; None only where pywin32 allows it."""
    if value is None:
        if none_ok:
            return None
        raise TypeError("None is not a valid string in this context")
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode(ENCODING, "replace")
    raise TypeError(f"{what}: Objects of type '{type(value).__name__}' can not be converted to a string")


def as_entryid(value: Any, none_ok: bool = True) -> bytes | None:
    """OpenEntry's rule: bytes or None; anything else is a TypeError."""
    if value is None and none_ok:
        return None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    raise TypeError("EntryID must be a string or None")


def as_entryid_s(value: Any) -> bytes:
    """OpenMsgStore parses its entry id with "s#": bytes, or str (which "s#" encodes as UTF-8)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    raise TypeError(f"a bytes-like object is required, not '{type(value).__name__}'")


def as_tags(value: Any, none_ok: bool = True) -> list[int] | None:
    """SPropTagArray: a sequence of ints, a single int, or None."""
    if value is None:
        if none_ok:
            return None
        raise TypeError("The tag array may not be None")
    kind = type(value)
    if kind is int:
        return [value & 0xFFFFFFFF]
    if kind is tuple or kind is list:
        out = []
        for item in value:
            if type(item) is not int:
                if isinstance(item, bool) or not isinstance(item, int):
                    raise TypeError("Must be a sequence of integers")
            out.append(item & 0xFFFFFFFF)
        return out
    if isinstance(value, bool):
        raise TypeError("Must be a sequence of integers")
    if isinstance(value, int):
        return [value & 0xFFFFFFFF]
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError("Must be a sequence of integers")
    return as_tags(list(value), none_ok)


def as_prop(item: Any) -> tuple[int, Any]:
    """One SPropValue in: ``(tag, value)``; the value is checked against the tag's type."""
    if not isinstance(item, (tuple, list)) or len(item) != 2:
        raise TypeError("An SPropValue item must be a tuple of (tag, value)")
    tag = as_ulong(item[0], "property tag")
    return tag, value_in(tag, item[1])


def as_props(value: Any) -> list[tuple[int, Any]]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError("Properties must be a sequence of (tag, value) tuples")
    return [as_prop(item) for item in value]


def value_in(tag: int, value: Any) -> Any:
    ptype = tag & 0xFFFF
    if ptype & MV_FLAG:
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise TypeError("A multi-valued SPropValue item must be a sequence")
        base = (tag & 0xFFFF0000) | (ptype & ~MV_FLAG)
        return tuple(value_in(base, v) for v in value)
    if ptype in (PT_I2, PT_LONG, PT_I8):
        return as_int(value, "property value")
    if ptype == PT_ERROR:
        return as_int(value, "property value") & 0xFFFFFFFF
    if ptype == PT_BOOLEAN:
        return bool(as_int(value, "property value")) if not isinstance(value, bool) else value
    if ptype in (PT_R4, PT_DOUBLE):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise TypeError(f"must be real number, not {type(value).__name__}")
        return float(value)
    if ptype in (PT_STRING8, PT_UNICODE):
        if ptype == PT_UNICODE and not isinstance(value, str):
            raise TypeError(f"Objects of type '{type(value).__name__}' can not be converted to Unicode.")
        return as_text(value, "property value")
    if ptype == PT_BINARY:
        if not isinstance(value, (bytes, bytearray)):
            raise TypeError(f"Binary property values must be bytes, not {type(value).__name__}")
        return bytes(value)
    if ptype == PT_SYSTIME:
        if not isinstance(value, datetime.datetime):
            raise TypeError("The object is not a PyTime object")
        return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    if ptype == PT_CLSID:
        if not isinstance(value, IID):
            raise TypeError("Only strings and iids can be converted to a CLSID")
        return value.uuid
    if ptype == PT_NULL:
        return None
    raise TypeError(f"Unsupported MAPI property type 0x{ptype:X}")


# --- out -----------------------------------------------------------------------------------
_DATETIME_STATE = datetime.datetime.__reduce__


def time_out(value: datetime.datetime) -> TimeType:
    """A PT_SYSTIME value as pywin32 gives it: a TimeType, UTC when the value has no zone."""
    if value.tzinfo:
        # the same fields and zone (fold left out), from the datetime's packed state: a few
        # times cheaper than passing the fields one by one
        return TimeType(*_DATETIME_STATE(value)[1])
    return TimeType(value.year, value.month, value.day, value.hour, value.minute, value.second,
                    value.microsecond, tzinfo=datetime.timezone.utc)


def value_out(tag: int, value: Any) -> Any:
    ptype = tag & 0xFFFF
    if ptype == PT_STRING8:
        return value.encode(ENCODING, "replace") if isinstance(value, str) else value
    if ptype == PT_ERROR:
        return signed(value)
    if ptype == PT_SYSTIME:
        return time_out(value)
    if ptype == PT_CLSID:
        return IID(value)
    if ptype & MV_FLAG:
        base = (tag & 0xFFFF0000) | (ptype & ~MV_FLAG)
        return tuple(value_out(base, v) for v in value)
    return value


#: property types whose values pywin32 hands out unchanged (the common case, kept fast)
_AS_IS = frozenset({PT_I2, PT_LONG, PT_R4, PT_DOUBLE, PT_BOOLEAN, PT_I8, PT_UNICODE, PT_BINARY, PT_NULL})


def props_out(pairs: Sequence[tuple[int, Any]]) -> tuple[tuple[int, Any], ...]:
    as_is = _AS_IS
    return tuple(pair if pair[0] & 0xFFFF in as_is else (pair[0], value_out(pair[0], pair[1]))
                 for pair in pairs)


def rows_out(rows: Sequence[Sequence[tuple[int, Any]]]) -> tuple[tuple[tuple[int, Any], ...], ...]:
    """``tuple(props_out(row) for row in rows)``, a column at a time when the rows have the same
    width (a column whose cells all have one tag of a type handed out as is stays as it is)."""
    if len(rows) < 2 or len(set(map(len, rows))) != 1 or not rows[0]:
        return tuple(props_out(row) for row in rows)
    as_is = _AS_IS
    columns: list[Sequence[tuple[int, Any]]] = []
    for column in zip(*rows):
        tags = set(map(_TAG, column))
        if len(tags) == 1:
            tag = tags.pop()
            if tag & 0xFFFF in as_is:
                columns.append(column)
            elif tag & 0xFFFF == PT_SYSTIME:  # value_out, inlined
                state, time = _DATETIME_STATE, TimeType
                columns.append([(tag, time(*state(value)[1]) if value.tzinfo else time_out(value))
                                for _, value in column])
            elif tag & 0xFFFF == PT_STRING8:  # value_out, inlined
                columns.append([(tag, value.encode(ENCODING, "replace") if isinstance(value, str) else value)
                                for _, value in column])
            else:
                columns.append([(tag, value_out(tag, value)) for _, value in column])
            continue
        columns.append([pair if pair[0] & 0xFFFF in as_is else (pair[0], value_out(pair[0], pair[1]))
                        for pair in column])
    return tuple(zip(*columns))


_TAG = operator.itemgetter(0)


# --- structures in ---------------------------------------------------------------------------
def _parse_tuple(value: Any, what: str, low: int, high: int) -> tuple[Any, ...]:
    """PyArg_ParseTuple on a restriction part: a tuple of ``low``..``high`` items."""
    if not isinstance(value, tuple):
        raise TypeError(f"{what} must be a tuple")
    if not low <= len(value) <= high:
        raise TypeError(f"{what} takes {low} to {high} items ({len(value)} given)")
    return value


def _long(value: Any, what: str) -> int:
    """A C ``long`` (32-bit on Windows), as "l" parses it: signed, OverflowError past the range."""
    number = as_int(value, what)
    if not -0x80000000 <= number <= 0x7FFFFFFF:
        raise OverflowError("Python int too large to convert to C long")
    return number


def as_restriction(value: Any, none_ok: bool = True) -> Restriction | None:
    """SRestriction, parsed as pywin32's mapiutil.cpp parses it."""
    if value is None:
        if none_ok:
            return None
        raise ValueError("None is not a valid SRestriction in this context")
    return _restriction(value)


def _restriction(value: Any) -> Restriction:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise TypeError("The SRestriction object must be a sequence of length 2")
    rt, sub = value[0], value[1]
    if isinstance(rt, bool) or not isinstance(rt, int):
        raise TypeError("SRestriction must be a sequence of (integer, object)")
    if rt in (r.RES_AND, r.RES_OR):
        if isinstance(sub, (str, bytes)) or not isinstance(sub, Sequence):
            raise TypeError(f"object of type '{type(sub).__name__}' has no len()")
        items = tuple(_restriction(item) for item in sub)
        return r.And(items) if rt == r.RES_AND else r.Or(items)
    if rt == r.RES_NOT:
        parts = _parse_tuple(sub, "SNotRestriction tuple", 1, 2)
        return r.Not(_restriction(parts[0]))
    if rt == r.RES_PROPERTY:
        relop, tag, prop = _parse_tuple(sub, "SPropertyRestriction tuple", 3, 3)
        ptag, pvalue = as_prop(prop)
        return r.Property(_long(relop, "relop"), as_ulong(tag, "propTag"), pvalue)
    if rt == r.RES_CONTENT:
        fuzzy, tag, prop = _parse_tuple(sub, "SContentRestriction tuple", 3, 3)
        ptag, pvalue = as_prop(prop)
        return r.Content(_long(fuzzy, "fuzzyLevel") & 0xFFFFFFFF, as_ulong(tag, "propTag"), pvalue)
    if rt == r.RES_EXIST:
        parts = _parse_tuple(sub, "SExistRestriction tuple", 1, 3)
        return r.Exist(as_ulong(parts[0], "propTag"))
    if rt == r.RES_BITMASK:
        parts = _parse_tuple(sub, "SBitMaskRestriction tuple", 2, 3)
        mask = _long(parts[2], "mask") & 0xFFFFFFFF if len(parts) == 3 else 0
        return r.Bitmask(_long(parts[0], "relBMR"), as_ulong(parts[1], "propTag"), mask)
    raise ValueError("Unsupported restriction type!  Please fix in mapiutil.cpp!!!")


def as_sort_order(value: Any, none_ok: bool = True) -> list[r.SortKey] | None:
    """SSortOrderSet: ``(((tag, order), ...), cCategories=0, cExpanded=0)``; items parsed "ll"
    (signed: a named-property tag >= 0x80000000 must be passed negative)."""
    if value is None:
        if none_ok:
            return None
        raise ValueError("None is not a valid SSortOrderSet in this context")
    if not isinstance(value, tuple) or not 1 <= len(value) <= 3:
        raise TypeError("A SortOrder object must be tuple of (sequence, cCategories=0, cExpanded=0)")
    sorts = value[0]
    if isinstance(sorts, (str, bytes)) or not isinstance(sorts, Sequence):
        raise TypeError("The first object must be a sequence")
    keys = []
    for item in sorts:
        tag, order = _parse_tuple(item, "sort order item", 2, 2)
        tag = _long(tag, "propTag") & 0xFFFFFFFF
        keys.append(r.SortKey(tag, bool(_long(order, "order") & r.TABLE_SORT_DESCEND)))
    return keys


def as_adrlist(value: Any) -> list[list[tuple[int, Any]]]:
    """ADRLIST / SRowSet in: any sequence of sequences of (tag, value)."""
    if value is None:
        raise ValueError("None is not a valid SRowSet/ADRLIST in this context")
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError("ADRLIST/SRowSet items must be a sequence")
    rows = []
    for row in value:
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise TypeError("ADRLIST/SRowSet items must be a sequence")
        rows.append([as_prop(item) for item in row])
    return rows


def as_binary_array(value: Any) -> list[bytes]:
    """SBinaryArray: a bytes object, or a sequence of bytes."""
    if isinstance(value, (bytes, bytearray)):
        return [bytes(value)]
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError("SBinaryArray must be a sequence of strings")
    out = []
    for item in value:
        if not isinstance(item, (bytes, bytearray)):
            raise TypeError("SBinary must be a string")
        out.append(bytes(item))
    return out


def as_nameids(value: Any) -> list[tuple[uuid.UUID, str | int]] | None:
    """MAPINAMEID array: a sequence of (iid, name-or-id); None means "all"."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError("MAPINAMEID array list be a sequence of tuples")
    out: list[tuple[uuid.UUID, str | int]] = []
    for item in value:
        if not isinstance(item, tuple) or len(item) != 2:
            raise TypeError("MAPINAMEIDArray must be a sequence of (iid, string/int) tuples")
        guid = as_uuid(item[0])
        name = item[1]
        if isinstance(name, int) and not isinstance(name, bool):
            out.append((guid, name & 0xFFFFFFFF))
        elif isinstance(name, str):
            out.append((guid, name))
        else:
            raise TypeError("The type of property ID is invalid - must be string/unicode or int")
    return out


def names_out(names: Sequence[tuple[uuid.UUID, str | int] | None]) -> list[tuple[Any, Any]]:
    return [(None, None) if n is None else (IID(n[0]), n[1]) for n in names]


def as_bytes_arg(value: Any) -> bytes:
    """A buffer argument (IStream.Write): bytes-like; str is refused as in Python 3 pywin32."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"a bytes-like object is required, not '{type(value).__name__}'")
