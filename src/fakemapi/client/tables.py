"""IMAPITable as a model: columns, a cursor, bookmarks, a restriction and a sort order, over
rows read when asked for.

A table's ``source()`` gives its items (property bags, or keys that ``bag_of`` turns into bags,
so a contents table of 100,000 generated messages builds only the bags of the rows it returns).
With ``columns_of``, the table reads properties a column at a time instead (restrictions, sort
keys and the columns of the rows it returns), so a source can answer without making whole bags.
Tables show the data as it is when rows are read; with ``version`` the restricted and sorted
item list is kept until the data changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any, Callable

from fakemapi.client.restriction import ColumnReader, Restriction, SortKey, select, sort_order
from fakemapi.hresult import fail
from fakemapi.props import Bag, read
from fakemapi.tags import MV_FLAG, PT_STRING8, PT_UNICODE, PT_UNSPECIFIED

BOOKMARK_BEGINNING = 0
BOOKMARK_CURRENT = 1
BOOKMARK_END = 2
#: QueryRows: leave the cursor where it was (MAPIDefS.h)
TBL_NOADVANCE = 0x1
#: Exchange truncates string columns of tables to 255 characters ("Working with Large Columns";
#: Outlook's "For Exchange and OST/PST stores ... will not exceed 255 bytes"); GetProps has them whole.
COLUMN_CHARS = 255
#: TBL_ALL_COLUMNS looks at this many rows at most (an inferred bound, so a huge folder stays cheap)
ALL_COLUMNS_SCAN = 1000

Row = Sequence[tuple[int, Any]]


def _string_width(tag: int, unicode: bool) -> int:
    """``tag`` with PT_STRING8 / PT_UNICODE (single or multi-valued) set to the asked-for width."""
    ptype = tag & 0xFFFF
    if ptype & ~MV_FLAG in (PT_STRING8, PT_UNICODE):
        return (tag & 0xFFFF0000) | (ptype & MV_FLAG) | (PT_UNICODE if unicode else PT_STRING8)
    return tag


def _identity(item: Any) -> Bag:
    return item  # type: ignore[no-any-return]


def _bag_columns(items: Sequence[Any], bag_of: Callable[[Any], Bag]) -> ColumnReader:
    """A column reader over whole bags (each made once per reader)."""
    bags: dict[int, Bag] = {}

    def read(indexes: Sequence[int], pid: int) -> list[Any]:
        out = []
        for i in indexes:
            bag = bags.get(i)
            if bag is None:
                bag = bags[i] = bag_of(items[i])
            out.append(bag.get(pid))
        return out
    return read


#: rows FindRow reads at a time
FIND_CHUNK = 256
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


class Table:
    """A table over ``source()``, evaluated each time rows are read (tables show the data as it
    is when rows are read)."""

    __slots__ = ("source", "columns", "default_columns", "position", "bookmarks", "stale", "_next_bm",
                 "unicode", "bag_of", "version", "restriction", "sort", "_cache", "truncate", "columns_of")

    def __init__(self, source: Callable[[], Sequence[Any]], columns: Sequence[int],
                 unicode: bool = False, bag_of: Callable[[Any], Bag] | None = None,
                 version: Callable[[], int] | None = None, truncate: bool = False,
                 columns_of: Callable[[Sequence[Any]], ColumnReader] | None = None) -> None:
        self.source = source
        # MAPI_UNICODE decides the width of the string columns of the default column set
        self.default_columns = [_string_width(tag, unicode) for tag in columns]
        self.columns = list(self.default_columns)
        self.position = 0
        self.bookmarks: dict[int, int] = {}
        #: bookmarks a SortTable / Restrict made invalid (still to be freed)
        self.stale: set[int] = set()
        self._next_bm = 3
        self.unicode = unicode
        self.bag_of = bag_of or _identity
        self.version = version
        self.restriction: Restriction | None = None
        self.sort: list[SortKey] = []
        self._cache: tuple[int, list[Any]] | None = None
        #: store tables cut long string columns (COLUMN_CHARS)
        self.truncate = truncate
        #: ``columns_of(items)`` reads the items' properties a column at a time (``read(indexes,
        #: pid)`` gives the entries ``bag_of(items[i]).get(pid)`` would); None reads whole bags
        self.columns_of = columns_of

    # --- the rows in view -----------------------------------------------------------------
    def items(self) -> list[Any]:
        """The items in view: restricted and sorted (kept while ``version()`` is unchanged)."""
        stamp = self.version() if self.version is not None else None
        if stamp is not None and self._cache is not None and self._cache[0] == stamp:
            return self._cache[1]
        items = list(self.source())
        if self.restriction is not None or self.sort:
            read = self._reader(items)
            order = list(range(len(items)))
            if self.restriction is not None:
                order = select(self.restriction, order, read)
            if self.sort:
                order = sort_order(order, self.sort, read)
            items = list(map(items.__getitem__, order))
        if stamp is not None:
            self._cache = (stamp, items)
        return items

    def _reader(self, items: Sequence[Any]) -> ColumnReader:
        if self.columns_of is not None:
            return self.columns_of(items)
        return _bag_columns(items, self.bag_of)

    def set_restriction(self, restriction: Restriction | None) -> None:
        self.restriction = restriction
        self._reset_view()

    def set_sort(self, keys: Sequence[SortKey]) -> None:
        self.sort = list(keys)
        self._reset_view()

    def _reset_view(self) -> None:
        """A new restriction or sort: the cursor goes to the beginning, and the bookmarks stop
        naming rows ("If the bookmark has become invalid because of a RopSortTable, RopRestrict
        ... the server SHOULD set the ReturnValue field to ecInvalidBookmark", MS-OXCTABL,
        RopSeekRowBookmark). They can still be freed."""
        self._cache = None
        self.position = 0
        self.stale.update(self.bookmarks)
        self.bookmarks.clear()

    def set_columns(self, tags: Sequence[int]) -> None:
        if not tags:
            # "every table must have at least one column" (IMAPITable::SetColumns); the error
            # code is not documented: MAPI_E_INVALID_PARAMETER, the code for a bad argument
            raise fail("MAPI_E_INVALID_PARAMETER", detail="SetColumns: propTags must name at least one column")
        self.columns = list(tags)

    def query_columns(self, all_columns: bool) -> list[int]:
        if not all_columns:
            return list(self.columns)
        seen: dict[int, None] = {}
        for item in self.items()[:ALL_COLUMNS_SCAN]:
            for tag, _ in self.bag_of(item).values():
                seen.setdefault(_string_width(tag, self.unicode), None)
        for tag in self.columns:
            seen.setdefault(tag, None)
        return list(seen)

    def row_count(self) -> int:
        return len(self.items())

    def _row(self, bag: Bag) -> Row:
        row = read(bag, self.columns, self.unicode)[1]
        if self.truncate:
            row = [(tag, value[:COLUMN_CHARS] if isinstance(value, str) and len(value) > COLUMN_CHARS else value)
                   for tag, value in row]
        return row

    def _rows(self, items: Sequence[Any]) -> list[Row]:
        if self.columns_of is None:
            return [self._row(self.bag_of(item)) for item in items]
        # only the columns asked for, read a column at a time
        if not self.columns:
            return [[] for _ in items]
        read = self.columns_of(items)
        indexes = range(len(items))
        entries: dict[int, list[Any]] = {}
        cells = []
        for tag in self.columns:
            pid = tag >> 16
            column = entries.get(pid)
            if column is None:
                column = entries[pid] = read(indexes, pid)
            cells.append(self._cells(tag, column))
        return list(zip(*cells))

    def _cells(self, tag: int, entries: list[Any]) -> list[tuple[int, Any]]:
        """Column ``tag`` of rows whose entries of its property are ``entries``: the cells
        ``self._row(bag)`` makes of it."""
        try:
            natural = set(map(_FIRST, entries))  # TypeError: a row without the property (None)
        except TypeError:
            natural = set()
        if natural == {tag} and tag & 0xFFFF != PT_UNSPECIFIED:
            # the natural tag in every row: the cell is the entry, unless a string is cut (only
            # PT_STRING8 / PT_UNICODE values are str: the model keeps every other type as its own)
            if not (self.truncate and tag & 0xFFFF in (PT_STRING8, PT_UNICODE)) or not any(
                    map(COLUMN_CHARS.__lt__, map(len, filter(str.__instancecheck__, map(_SECOND, entries))))):
                return entries
        unicode, truncate = self.unicode, self.truncate
        done: dict[int, tuple[int, Any]] = {}
        out = []
        for entry in entries:
            cell = done.get(id(entry))
            if cell is None:
                cell = read({} if entry is None else {tag >> 16: entry}, (tag,), unicode)[1][0]
                value = cell[1]
                if truncate and isinstance(value, str) and len(value) > COLUMN_CHARS:
                    cell = (cell[0], value[:COLUMN_CHARS])
                done[id(entry)] = cell
            out.append(cell)
        return out

    def query_rows(self, count: int, backward: bool = False, no_advance: bool = False) -> list[Row]:
        """IMAPITable::QueryRows: ``count`` rows from the cursor (a negative count moves the
        cursor back that many rows first, then reads forward). ``count`` 0 is
        MAPI_E_INVALID_PARAMETER ("The lRowCount parameter is set to zero"); ``no_advance``
        (TBL_NOADVANCE) leaves the cursor on the first row returned, i.e. where it was for a
        forward read."""
        if count == 0 and not backward:
            raise fail("MAPI_E_INVALID_PARAMETER", detail="QueryRows: rowCount must not be 0")
        if no_advance and count > 0:
            start = self.position
            out = self.query_rows(count, backward)
            self.position = start
            return out
        rows = self.items()
        self.position = min(self.position, len(rows))
        if count < 0:
            backward, count = True, -count
        if backward:
            start = max(0, self.position - count)
            out = self._rows(rows[start:self.position])
            self.position = start
            return out
        start = self.position
        out = self._rows(rows[start:start + count])
        self.position = start + len(out)
        return out

    # --- the cursor -------------------------------------------------------------------------
    def _origin(self, bookmark: int) -> int:
        if bookmark == BOOKMARK_BEGINNING:
            return 0
        if bookmark == BOOKMARK_CURRENT:
            return self.position
        if bookmark == BOOKMARK_END:
            return self.row_count()
        if bookmark in self.stale:
            raise fail("MAPI_E_INVALID_BOOKMARK",
                       detail=f"bookmark {bookmark} was made before the table was sorted or restricted")
        if bookmark not in self.bookmarks:
            raise fail("MAPI_E_INVALID_BOOKMARK", detail=f"no bookmark {bookmark}")
        return self.bookmarks[bookmark]

    def seek_row(self, bookmark: int, count: int) -> int:
        """Move the cursor; returns the rows actually moved (signed)."""
        origin = min(self._origin(bookmark), self.row_count())
        target = max(0, min(origin + count, self.row_count()))
        self.position = target
        return target - origin

    def seek_row_approx(self, numerator: int, denominator: int) -> None:
        if denominator == 0:
            raise fail("MAPI_E_INVALID_PARAMETER", detail="denominator 0")
        self.position = min(self.row_count(), (self.row_count() * numerator) // denominator)

    def query_position(self) -> tuple[int, int, int]:
        """``(row, numerator, denominator)``: the current row and the fraction of the table
        before it (at the end, numerator == denominator)."""
        count = self.row_count()
        position = min(self.position, count)
        return position, position, max(1, count)

    def find_row(self, restriction: Restriction, bookmark: int, backward: bool) -> None:
        """Move the cursor to the next row (from ``bookmark``) that matches; MAPI_E_NOT_FOUND
        leaves the cursor where it was."""
        rows = self.items()
        origin = min(self._origin(bookmark), len(rows))
        indexes = list(range(origin - 1, -1, -1) if backward else range(origin, len(rows)))
        read = self._reader(rows)
        for at in range(0, len(indexes), FIND_CHUNK):  # a chunk at a time: the first match ends it
            found = select(restriction, indexes[at:at + FIND_CHUNK], read)
            if found:
                self.position = found[0]
                return
        raise fail("MAPI_E_NOT_FOUND", detail="no row matches the restriction")

    def create_bookmark(self) -> int:
        bm = self._next_bm
        self._next_bm += 1
        self.bookmarks[bm] = self.position
        return bm

    def free_bookmark(self, bookmark: int) -> None:
        if bookmark in (BOOKMARK_BEGINNING, BOOKMARK_CURRENT, BOOKMARK_END):
            return  # IMAPITable::FreeBookmark: the predefined bookmarks are ignored, S_OK
        if bookmark in self.stale:
            self.stale.discard(bookmark)
            return
        if self.bookmarks.pop(bookmark, None) is None:
            raise fail("MAPI_E_INVALID_BOOKMARK", detail=f"no bookmark {bookmark}")
