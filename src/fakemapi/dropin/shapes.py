"""Result shapes as pywin32's C code builds them (mapiutil.cpp PyMAPIObject_FromSPropValue).

PT_STRING8 as bytes (MBCS), PT_UNICODE as str, PT_ERROR as a signed scode, PT_BOOLEAN as bool,
PT_SYSTIME / PT_APPTIME as a UTC pywintypes.TimeType with millisecond precision (a FILETIME
read through a SYSTEMTIME, PyTime.cpp PyWinObject_FromFILETIME), PT_CLSID as PyIID,
multi-valued as tuples, tags non-negative (PyLong_FromUnsignedLong). Arguments are parsed by
:mod:`fakemapi.dropin.parse` from the signature table.
"""

from __future__ import annotations

import datetime
import operator
import uuid
from collections.abc import Sequence
from typing import Any

from fakemapi.dropin.convert import ENCODING
from fakemapi.dropin.pytypes import IID, TimeType
from fakemapi.hresult import signed
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

_UTC = datetime.timezone.utc


# --- out -----------------------------------------------------------------------------------
_DATETIME_STATE = datetime.datetime.__reduce__


def mbcs(text: str) -> bytes:
    """A str as WideCharToMultiByte(CP_ACP) gives it: '?' for what cp1252 lacks; the surrogate
    escapes the input side made of undecodable bytes go back to those bytes."""
    try:
        return text.encode(ENCODING)
    except UnicodeEncodeError:
        return b"".join(ch.encode(ENCODING, "surrogateescape") if "\udc80" <= ch <= "\udcff"
                        else ch.encode(ENCODING, "replace") for ch in text)


def time_out(value: datetime.datetime) -> TimeType:
    """A PT_SYSTIME value as pywin32 gives it: a TimeType in UTC (naive values are UTC), with
    millisecond precision."""
    if value.tzinfo is not _UTC and value.tzinfo is not None:
        value = value.astimezone(_UTC)
    micro = value.microsecond
    if micro % 1000:
        micro -= micro % 1000
    elif value.tzinfo is _UTC:
        # the same fields and zone (fold left out), from the datetime's packed state: a few
        # times cheaper than passing the fields one by one
        return TimeType(*_DATETIME_STATE(value)[1])
    return TimeType(value.year, value.month, value.day, value.hour, value.minute, value.second,
                    micro, tzinfo=_UTC)


def value_out(tag: int, value: Any) -> Any:
    ptype = tag & 0xFFFF
    if ptype == PT_STRING8:
        data = mbcs(value) if isinstance(value, str) else value
        cut = data.find(b"\0")
        return data if cut < 0 else data[:cut]
    if ptype == PT_ERROR:
        return signed(value)
    if ptype == PT_SYSTIME or ptype == PT_APPTIME:
        return time_out(value) if isinstance(value, datetime.datetime) else value
    if ptype == PT_CLSID:
        return IID(value)
    if ptype == PT_BOOLEAN:
        return bool(value)
    if ptype & MV_FLAG:
        base = (tag & 0xFFFF0000) | (ptype & ~MV_FLAG)
        return tuple(value_out(base, v) for v in value)
    return value


#: property types whose values pywin32 hands out unchanged (the common case, kept fast)
_AS_IS = frozenset({PT_I2, PT_LONG, PT_R4, PT_DOUBLE, PT_I8, PT_UNICODE, PT_BINARY, PT_NULL})


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
                state, time, utc = _DATETIME_STATE, TimeType, _UTC
                columns.append([(tag, time(*state(value)[1]) if value.tzinfo is utc and not value.microsecond % 1000
                                 else time_out(value)) for _, value in column])
            else:
                columns.append([(tag, value_out(tag, value)) for _, value in column])
            continue
        columns.append([pair if pair[0] & 0xFFFF in as_is else (pair[0], value_out(pair[0], pair[1]))
                        for pair in column])
    return tuple(zip(*columns))


_TAG = operator.itemgetter(0)


def names_out(names: Sequence[tuple[uuid.UUID, str | int] | None]) -> list[tuple[Any, Any]]:
    return [(None, None) if n is None else (IID(n[0]), n[1]) for n in names]


# --- for calls without a signature-table entry yet ---------------------------------------------
