"""IMAPITable as a model: columns, a cursor, bookmarks, over rows read when asked for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable

from fakemapi.hresult import fail
from fakemapi.props import Bag, read
from fakemapi.tags import MV_FLAG, PT_STRING8, PT_UNICODE

BOOKMARK_BEGINNING = 0
BOOKMARK_CURRENT = 1
BOOKMARK_END = 2

Row = list[tuple[int, Any]]


def _string_width(tag: int, unicode: bool) -> int:
    """``tag`` with PT_STRING8 / PT_UNICODE (single or multi-valued) set to the asked-for width."""
    ptype = tag & 0xFFFF
    if ptype & ~MV_FLAG in (PT_STRING8, PT_UNICODE):
        return (tag & 0xFFFF0000) | (ptype & MV_FLAG) | (PT_UNICODE if unicode else PT_STRING8)
    return tag


class Table:
    """A table over ``source()``, evaluated each time rows are read (tables show the data as it
    is when rows are read)."""

    __slots__ = ("source", "columns", "default_columns", "position", "bookmarks", "_next_bm",
                 "unicode")

    def __init__(self, source: Callable[[], Sequence[Bag]], columns: Sequence[int],
                 unicode: bool = False) -> None:
        self.source = source
        # MAPI_UNICODE decides the width of the string columns of the default column set
        self.default_columns = [_string_width(tag, unicode) for tag in columns]
        self.columns = list(self.default_columns)
        self.position = 0
        self.bookmarks: dict[int, int] = {}
        self._next_bm = 3
        self.unicode = unicode

    def set_columns(self, tags: Sequence[int]) -> None:
        self.columns = list(tags)

    def query_columns(self, all_columns: bool) -> list[int]:
        if not all_columns:
            return list(self.columns)
        seen: dict[int, None] = {}
        for bag in self.source():
            for tag, _ in bag.values():
                seen.setdefault(tag, None)
        for tag in self.columns:
            seen.setdefault(tag, None)
        return list(seen)

    def row_count(self) -> int:
        return len(self.source())

    def _row(self, bag: Bag) -> Row:
        return read(bag, self.columns, self.unicode)[1]

    def query_rows(self, count: int, backward: bool = False) -> list[Row]:
        rows = self.source()
        if count < 0:
            backward, count = True, -count
        if backward:
            start = max(0, self.position - count)
            out = [self._row(b) for b in rows[start:self.position]]
            self.position = start
            return out
        start = min(self.position, len(rows))
        out = [self._row(b) for b in rows[start:start + count]]
        self.position = start + len(out)
        return out

    def _origin(self, bookmark: int) -> int:
        if bookmark == BOOKMARK_BEGINNING:
            return 0
        if bookmark == BOOKMARK_CURRENT:
            return self.position
        if bookmark == BOOKMARK_END:
            return self.row_count()
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
        self.position = (self.row_count() * numerator) // denominator

    def query_position(self) -> tuple[int, int, int]:
        return self.position, self.position, max(1, self.row_count())

    def create_bookmark(self) -> int:
        bm = self._next_bm
        self._next_bm += 1
        self.bookmarks[bm] = self.position
        return bm

    def free_bookmark(self, bookmark: int) -> None:
        if self.bookmarks.pop(bookmark, None) is None:
            raise fail("MAPI_E_INVALID_BOOKMARK", detail=f"no bookmark {bookmark}")
