"""PyIMAPITable: columns, restrictions, sorts, cursor and bookmarks over a model table."""

from __future__ import annotations

from typing import Any

from fakemapi.client.process import ClientProcess
from fakemapi.client.restriction import check
from fakemapi.client.session import Session
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import (
    DIR_BACKWARD,
    TBL_ALL_COLUMNS,
    TBLSTAT_COMPLETE,
    TBLTYPE_DYNAMIC,
    _cost,
    _last_error,
)
from fakemapi.dropin.shapes import (
    as_int,
    as_restriction,
    as_sort_order,
    as_tags,
    as_ulong,
    rows_out,
)
from fakemapi.emsmdb.connection import Logon
from fakemapi.hresult import fail


def _table(process: ClientProcess, kind: str, session: Session | None, logon: Logon | None,
           table: Table) -> PyIMAPITable:
    return wrap(PyIMAPITable, process, kind, session, logon, table)  # type: ignore[return-value]


# =========================================================================================
class PyIMAPITable(PyIUnknown):
    __slots__ = ()

    @property
    def _table(self) -> Table:
        return self._h.data  # type: ignore[no-any-return]

    def _server(self) -> None:
        if self._h.logon is not None:
            _cost(self._h)

    @api
    def SetColumns(self, propTags: Any, flags: Any, /) -> None:  # noqa: N802,N803
        tags = as_tags(propTags, none_ok=False) or []
        as_ulong(flags, "flags")
        self._table.set_columns(tags)
        return None

    @api
    def QueryColumns(self, flags: Any, /) -> tuple[int, ...]:  # noqa: N802
        flags = as_ulong(flags, "flags")
        return tuple(self._table.query_columns(bool(flags & TBL_ALL_COLUMNS)))

    @api
    def QueryRows(self, rowCount: Any, flags: Any, /) -> tuple[Any, ...]:  # noqa: N802,N803
        count = as_int(rowCount, "rowCount")
        as_ulong(flags, "flags")
        self._server()
        return rows_out(self._table.query_rows(count))

    @api
    def GetRowCount(self, flags: Any, /) -> int:  # noqa: N802
        as_ulong(flags, "flags")
        return self._table.row_count()

    @api
    def SeekRow(self, bookmark: Any, rowCount: Any, /) -> int:  # noqa: N802,N803
        bm = as_ulong(bookmark, "bookmark")
        count = as_int(rowCount, "rowCount")
        return self._table.seek_row(bm, count)

    @api
    def SeekRowApprox(self, numerator: Any, denominator: Any, /) -> None:  # noqa: N802
        self._table.seek_row_approx(as_ulong(numerator, "numerator"), as_ulong(denominator, "denominator"))
        return None

    @api
    def QueryPosition(self) -> list[int]:  # noqa: N802
        return list(self._table.query_position())

    @api
    def GetStatus(self) -> list[int]:  # noqa: N802
        return [TBLSTAT_COMPLETE, TBLTYPE_DYNAMIC]

    @api
    def CreateBookmark(self) -> int:  # noqa: N802
        return self._table.create_bookmark()

    @api
    def FreeBookmark(self, bookmark: Any, /) -> None:  # noqa: N802
        self._table.free_bookmark(as_ulong(bookmark, "bookmark"))
        return None

    @api
    def Abort(self) -> None:  # noqa: N802
        return None

    @api
    def Restrict(self, restriction: Any, flags: Any, /) -> None:  # noqa: N802
        parsed = as_restriction(restriction)
        as_ulong(flags, "flags")
        if parsed is not None:
            check(parsed)
        self._server()
        self._table.set_restriction(parsed)
        return None

    @api
    def SortTable(self, sortOrderSet: Any, flags: Any, /) -> None:  # noqa: N802,N803
        keys = as_sort_order(sortOrderSet)
        as_ulong(flags, "flags")
        self._server()
        self._table.set_sort(keys or [])
        return None

    @api
    def FindRow(self, restriction: Any, bookmark: Any, flags: Any, /) -> None:  # noqa: N802
        parsed = as_restriction(restriction, none_ok=False)
        bm = as_ulong(bookmark, "bookmark")
        value = as_ulong(flags, "flags")
        assert parsed is not None
        check(parsed)
        self._server()
        self._table.find_row(parsed, bm, bool(value & DIR_BACKWARD))
        return None

    @api
    def Advise(self, eventMask: Any, adviseSink: Any, /) -> int:  # noqa: N802,N803
        raise fail("MAPI_E_NO_SUPPORT", detail="fakemapi does not emulate notifications (Advise) yet")

    @api
    def Unadvise(self, connection: Any, /) -> None:  # noqa: N802
        raise fail("MAPI_E_NOT_FOUND", detail="no such advise connection")

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


