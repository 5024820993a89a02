"""Restrictions and sort orders over model values (property bags), as a table evaluates them.

Choices that the MAPI documents leave to the store, made as Exchange makes them (inferred where
noted): string comparisons ignore case (Exchange's default collation); a property the row lacks
matches no RES_PROPERTY / RES_CONTENT / RES_BITMASK, whatever the relop (SPropertyRestriction
says the result is undefined; Exchange returns FALSE); a multi-valued property matches when any
of its values does; in a sort, a missing value sorts below every present value.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import operator
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from typing import Any, Callable, Union

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


# --- evaluated a property at a time -------------------------------------------------------
Entry = tuple[int, Any]
#: ``read(indexes, pid)``: each indexed row's entry of property id ``pid`` (None when it has none)
ColumnReader = Callable[[Sequence[int], int], "list[Entry | None]"]
_OPS: dict[int, Callable[[Any, Any], Any]] = {
    RELOP_LT: operator.lt, RELOP_LE: operator.le, RELOP_GT: operator.gt, RELOP_GE: operator.ge,
    RELOP_EQ: operator.eq, RELOP_NE: operator.ne,
}
#: types ``comparable`` gives back unchanged
_AS_IS = frozenset({int, bool, float, bytes})
_DATETIME = datetime.datetime


def _comparable(value: Any) -> Any:
    """:func:`comparable`, with the common types first."""
    kind = type(value)
    if kind in _AS_IS or (kind is _DATETIME and value.tzinfo is not None):
        return value
    return comparable(value)


def _entry_values(entry: Entry | None, tag: int) -> list[Any] | None:
    """:func:`_values` of a bag whose entry for ``tag``'s property id is ``entry``."""
    if entry is None:
        return None
    natural, value = entry
    if not _same_family(tag & 0xFFFF, natural & 0xFFFF):
        return None
    if natural & MV_FLAG and not tag & MV_FLAG:
        return list(value)
    return [value]


def _leaf(r: Property | Content | Exist | Bitmask) -> Callable[[Entry | None], bool]:
    """``r`` as a test of one entry: ``_leaf(r)(bag.get(r.tag >> 16)) == matches(r, bag)``."""
    if isinstance(r, Exist):
        return lambda entry: entry is not None
    if isinstance(r, Bitmask):
        relation, mask = r.relation, r.mask

        def bitmask(entry: Entry | None) -> bool:
            if entry is None or isinstance(entry[1], bool) or not isinstance(entry[1], int):
                return False
            hit = entry[1] & mask
            return hit == 0 if relation == BMR_EQZ else hit != 0
        return bitmask
    tag = r.tag
    if isinstance(r, Content):
        fuzzy, needle = r.fuzzy, r.value

        def content(entry: Entry | None) -> bool:
            values = _entry_values(entry, tag)
            if values is None:
                return False
            return any(_content(fuzzy, v, needle) for v in values)
        return content
    relop, right = r.relop, r.value
    op = _OPS.get(relop)
    if op is None:  # check() refuses these first; matches() finds nothing
        return lambda entry: False
    want = comparable(right)
    multi = bool(tag & MV_FLAG)

    def test(value: Any) -> bool:
        try:
            return bool(op(_comparable(value), want))
        except TypeError:
            return False

    def prop(entry: Entry | None) -> bool:
        if entry is None:
            return False
        if entry[0] == tag and not multi:  # the common case: the natural tag, single-valued
            value = entry[1]
            kind = type(value)
            if kind in _AS_IS or (kind is _DATETIME and value.tzinfo is not None):
                try:  # comparable(value) is value
                    return bool(op(value, want))
                except TypeError:
                    return False
            return test(value)
        values = _entry_values(entry, tag)
        if values is None:
            return False
        if multi:
            return test(values[0])
        return any(test(v) for v in values)
    return prop



_FIRST: Callable[[Any], Any] = operator.itemgetter(0)
_SECOND: Callable[[Any], Any] = operator.itemgetter(1)
_TZINFO: Callable[[Any], Any] = operator.attrgetter("tzinfo")
#: the sort rank of every type in a column, when ``comparable`` gives its values back unchanged
_SAME = {frozenset({int}): 1, frozenset({float}): 1, frozenset({bool}): 1, frozenset({int, float}): 1,
         frozenset({int, bool}): 1, frozenset({float, bool}): 1, frozenset({int, float, bool}): 1,
         frozenset({bytes}): 3, frozenset({_DATETIME}): 4}


def _comparables(entries: list[Entry | None], tag: int) -> tuple[list[Any], int] | None:
    """``([comparable(value) ...], rank)`` when every entry is of the natural tag ``tag`` (single-
    valued) and the values share one sort rank: then each row's :func:`_entry_sort_value` is
    ``(rank, its comparable value)``, and a property test compares that value (done here a column
    at a time, without a call per row). None otherwise (and for no entries)."""
    if tag & MV_FLAG:
        return None
    try:
        naturals = set(map(_FIRST, entries))
    except TypeError:  # a row without the property (None)
        return None
    if naturals != {tag}:
        return None
    values = list(map(_SECOND, entries))
    kinds = frozenset(map(type, values))
    if kinds == {str}:
        return list(map(str.casefold, values)), _RANKS[str]
    rank = _SAME.get(kinds)
    if rank is None or (rank == 4 and None in map(_TZINFO, values)):  # naive times: comparable() adds UTC
        return None
    return values, rank


def _column_test(r: Restriction, entries: list[Entry | None]) -> list[Any] | None:
    """``[_leaf(r)(entry) ...]`` (as truth values) for a RES_PROPERTY, a column at a time, or None
    where that takes the row by row way."""
    if not isinstance(r, Property):
        return None
    op = _OPS.get(r.relop)
    if op is None:
        return None
    found = _comparables(entries, r.tag)
    if found is None:
        return None
    try:
        return list(map(op, found[0], itertools.repeat(comparable(r.value))))
    except TypeError:  # some rows do not compare: those are False, one by one
        return None


def select(r: Restriction, indexes: list[int], read: ColumnReader) -> list[int]:
    """The ``indexes`` (in their order) whose rows match ``r``, reading one property at a time for
    the rows still in question (``read`` as a table's column reader). The same rows as
    ``[i for i in indexes if matches(r, bag(i))]``: And and Or look at a row's later items only
    while its earlier ones leave the answer open, and the tests have no side effects."""
    if isinstance(r, And):
        for item in r.items:
            if not indexes:
                break
            indexes = select(item, indexes, read)
        return indexes
    if isinstance(r, Or):
        hit: set[int] = set()
        rest = indexes
        for item in r.items:
            if not rest:
                break
            found = select(item, rest, read)
            if found:
                hit.update(found)
                rest = [i for i in rest if i not in hit]
        return [i for i in indexes if i in hit]
    if isinstance(r, Not):
        excluded = set(select(r.item, indexes, read))
        return [i for i in indexes if i not in excluded]
    if not isinstance(r, (Property, Content, Exist, Bitmask)):
        raise TypeError(f"not a restriction: {r!r}")
    entries = read(indexes, r.tag >> 16)
    answers = _column_test(r, entries)
    return list(itertools.compress(indexes, _per_object(_leaf(r), entries) if answers is None else answers))


def _per_object(fn: Callable[[Any], Any], entries: list[Any]) -> Iterator[Any]:
    """``map(fn, entries)``, calling ``fn`` once per distinct object (rows of a generated block
    share the entries that are the same in every message; ``fn`` has no side effects)."""
    distinct = dict(zip(map(id, entries), entries))  # all alive in ``entries``: ids are distinct
    if len(distinct) == len(entries):
        return map(fn, entries)
    results = {key: fn(entry) for key, entry in distinct.items()}
    return map(results.__getitem__, map(id, entries))


# --- sorting -------------------------------------------------------------------------------
@attrs.frozen(slots=True)
class SortKey:
    tag: int
    descending: bool


def _sort_value(bag: Bag, tag: int) -> tuple[int, Any]:
    return _entry_sort_value(bag.get(tag >> 16), tag)


def _entry_sort_value(entry: Entry | None, tag: int) -> tuple[int, Any]:
    if entry is not None and entry[0] == tag and not tag & MV_FLAG:  # the natural tag, single-valued
        value = _comparable(entry[1])
        return (_RANKS.get(type(value), 9), value)
    values = _entry_values(entry, tag)
    if values is None:
        return (0, 0)
    value = comparable(values[0] if not tag & MV_FLAG else tuple(values))
    return (_RANKS.get(type(value), 9), value)


_RANKS: dict[type, int] = {bool: 1, int: 1, float: 1, str: 2, bytes: 3, datetime.datetime: 4, tuple: 5}


def sort_rows(items: Sequence[Any], bags: Sequence[Bag], keys: Sequence[SortKey]) -> list[Any]:
    """``items`` ordered by ``keys`` (stable; ``bags[i]`` holds the values of ``items[i]``)."""
    order = sort_order(list(range(len(items))), keys, lambda idx, pid: [bags[i].get(pid) for i in idx])
    return [items[i] for i in order]


def sort_order(indexes: list[int], keys: Sequence[SortKey], read: ColumnReader) -> list[int]:
    """``indexes`` ordered by ``keys`` (stable), reading each key's column once (``read`` as a
    table's column reader)."""
    order = list(indexes)
    for key in reversed(keys):
        tag = key.tag
        entries = read(order, tag >> 16)
        found = _comparables(entries, tag)
        if found is not None:  # one rank for all: comparing (rank, value) is comparing value
            values = dict(zip(order, found[0]))
        else:
            values = dict(zip(order, _per_object(functools.partial(_entry_sort_value, tag=tag), entries)))
        order.sort(key=values.__getitem__, reverse=key.descending)
    return order
