"""Restrictions and sort orders over model values (property bags), as a table evaluates them.

Choices that the MAPI documents leave to the store, made as Exchange makes them (inferred where
noted): string comparisons ignore case (Exchange's default collation); a property the row lacks
matches no RES_PROPERTY / RES_CONTENT / RES_BITMASK, whatever the relop (SPropertyRestriction
says the result is undefined; Exchange returns FALSE); a multi-valued property matches when any
of its values does; in a sort, a missing value sorts below every present value.
"""

from __future__ import annotations

import datetime
import unicodedata
import uuid
from collections.abc import Sequence
from typing import Any, Union

import attrs

from fakemapi.hresult import fail
from fakemapi.props import Bag
from fakemapi.tags import MV_FLAG, PT_BINARY, PT_STRING8, PT_UNICODE

RES_AND, RES_OR, RES_NOT, RES_CONTENT, RES_PROPERTY = 0, 1, 2, 3, 4
RES_BITMASK, RES_EXIST = 6, 8
RELOP_LT, RELOP_LE, RELOP_GT, RELOP_GE, RELOP_EQ, RELOP_NE, RELOP_RE = 0, 1, 2, 3, 4, 5, 6
FL_FULLSTRING, FL_SUBSTRING, FL_PREFIX = 0, 1, 2
FL_IGNORECASE, FL_IGNORENONSPACE, FL_LOOSE = 0x10000, 0x20000, 0x40000
BMR_EQZ, BMR_NEZ = 0, 1
TABLE_SORT_ASCEND, TABLE_SORT_DESCEND, TABLE_SORT_COMBINE = 0, 1, 2

_STRINGS = (PT_STRING8, PT_UNICODE)


@attrs.frozen(slots=True)
class And:
    items: tuple[Restriction, ...]


@attrs.frozen(slots=True)
class Or:
    items: tuple[Restriction, ...]


@attrs.frozen(slots=True)
class Not:
    item: Restriction


@attrs.frozen(slots=True)
class Property:
    relop: int
    tag: int
    value: Any


@attrs.frozen(slots=True)
class Content:
    fuzzy: int
    tag: int
    value: Any


@attrs.frozen(slots=True)
class Exist:
    tag: int


@attrs.frozen(slots=True)
class Bitmask:
    relation: int
    tag: int
    mask: int


Restriction = Union[And, Or, Not, Property, Content, Exist, Bitmask]


def check(r: Restriction) -> None:
    """What the store refuses before evaluating anything (inferred: Exchange answers
    MAPI_E_TOO_COMPLEX for what it cannot evaluate, e.g. RELOP_RE)."""
    if isinstance(r, (And, Or)):
        for item in r.items:
            check(item)
    elif isinstance(r, Not):
        check(r.item)
    elif isinstance(r, Property):
        if r.relop == RELOP_RE:
            raise fail("MAPI_E_TOO_COMPLEX", detail="RELOP_RE (regular expressions) is not supported by the store")
        if not 0 <= r.relop <= RELOP_NE:
            raise fail("MAPI_E_INVALID_PARAMETER", detail=f"unknown relop {r.relop}")
    elif isinstance(r, Content):
        base = r.tag & 0xFFFF & ~MV_FLAG
        if base not in _STRINGS and base != PT_BINARY:
            raise fail("MAPI_E_TOO_COMPLEX", detail="RES_CONTENT works on string and binary properties only")
        if r.fuzzy & 0xFFFF not in (FL_FULLSTRING, FL_SUBSTRING, FL_PREFIX):
            raise fail("MAPI_E_INVALID_PARAMETER", detail=f"unknown fuzzy level 0x{r.fuzzy:X}")
    elif isinstance(r, Bitmask):
        if r.relation not in (BMR_EQZ, BMR_NEZ):
            raise fail("MAPI_E_INVALID_PARAMETER", detail=f"unknown bitmask relation {r.relation}")


def _same_family(asked: int, natural: int) -> bool:
    a, n = asked & ~MV_FLAG, natural & ~MV_FLAG
    return a == n or (a in _STRINGS and n in _STRINGS)


def _values(bag: Bag, tag: int) -> list[Any] | None:
    """The row's values of ``tag``'s property (several for a multi-valued one), or None."""
    entry = bag.get(tag >> 16)
    if entry is None:
        return None
    natural, value = entry
    if not _same_family(tag & 0xFFFF, natural & 0xFFFF):
        return None
    if natural & MV_FLAG and not tag & MV_FLAG:
        return list(value)
    return [value]


def comparable(value: Any) -> Any:
    """A value in a form Python compares as the store does."""
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, uuid.UUID):
        return value.bytes_le
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    if isinstance(value, tuple):
        return tuple(comparable(v) for v in value)
    return value


def _compare(relop: int, left: Any, right: Any) -> bool:
    a, b = comparable(left), comparable(right)
    try:
        if relop == RELOP_EQ:
            return bool(a == b)
        if relop == RELOP_NE:
            return bool(a != b)
        if relop == RELOP_LT:
            return bool(a < b)
        if relop == RELOP_LE:
            return bool(a <= b)
        if relop == RELOP_GT:
            return bool(a > b)
        if relop == RELOP_GE:
            return bool(a >= b)
    except TypeError:
        return False
    return False


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _content(fuzzy: int, haystack: Any, needle: Any) -> bool:
    if isinstance(haystack, str) and isinstance(needle, str):
        if fuzzy & (FL_IGNORECASE | FL_LOOSE):
            haystack, needle = haystack.casefold(), needle.casefold()
        if fuzzy & (FL_IGNORENONSPACE | FL_LOOSE):
            haystack, needle = _strip_marks(haystack), _strip_marks(needle)
    elif not (isinstance(haystack, bytes) and isinstance(needle, bytes)):
        return False
    level = fuzzy & 0xFFFF
    if level == FL_SUBSTRING:
        return bool(needle in haystack)
    if level == FL_PREFIX:
        return bool(haystack.startswith(needle))
    return bool(haystack == needle)


def matches(r: Restriction, bag: Bag) -> bool:
    if isinstance(r, And):
        return all(matches(item, bag) for item in r.items)
    if isinstance(r, Or):
        return any(matches(item, bag) for item in r.items)
    if isinstance(r, Not):
        return not matches(r.item, bag)
    if isinstance(r, Exist):
        return (r.tag >> 16) in bag
    if isinstance(r, Property):
        values = _values(bag, r.tag)
        if values is None:
            return False
        if r.tag & MV_FLAG:
            return _compare(r.relop, values[0], r.value)
        return any(_compare(r.relop, v, r.value) for v in values)
    if isinstance(r, Content):
        values = _values(bag, r.tag)
        if values is None:
            return False
        return any(_content(r.fuzzy, v, r.value) for v in values)
    if isinstance(r, Bitmask):
        entry = bag.get(r.tag >> 16)
        if entry is None or isinstance(entry[1], bool) or not isinstance(entry[1], int):
            return False
        hit = entry[1] & r.mask
        return hit == 0 if r.relation == BMR_EQZ else hit != 0
    raise TypeError(f"not a restriction: {r!r}")


# --- sorting -------------------------------------------------------------------------------
@attrs.frozen(slots=True)
class SortKey:
    tag: int
    descending: bool


def _sort_value(bag: Bag, tag: int) -> tuple[int, Any]:
    values = _values(bag, tag)
    if values is None:
        return (0, 0)
    value = comparable(values[0] if not tag & MV_FLAG else tuple(values))
    return (_RANKS.get(type(value), 9), value)


_RANKS: dict[type, int] = {bool: 1, int: 1, float: 1, str: 2, bytes: 3, datetime.datetime: 4, tuple: 5}


def sort_rows(items: Sequence[Any], bags: Sequence[Bag], keys: Sequence[SortKey]) -> list[Any]:
    """``items`` ordered by ``keys`` (stable; ``bags[i]`` holds the values of ``items[i]``)."""
    order = list(range(len(items)))
    for key in reversed(keys):
        tag = key.tag

        def value(i: int, tag: int = tag) -> tuple[int, Any]:
            return _sort_value(bags[i], tag)

        order.sort(key=value, reverse=key.descending)
    return [items[i] for i in order]
