"""PyIMAPITable: columns, restrictions, sorts, cursor and bookmarks over a model table."""

from __future__ import annotations

from typing import Any

from fakemapi.client.process import ClientProcess
from fakemapi.client.restriction import Restriction, SortKey, check
from fakemapi.client.session import Session
from fakemapi.client.tables import TBL_NOADVANCE, Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.convert import as_tags_required
from fakemapi.dropin.interfaces.common import (
    DIR_BACKWARD,
    TBL_ALL_COLUMNS,
    TBLSTAT_COMPLETE,
    TBLTYPE_DYNAMIC,
    _cost,
    _last_error,
)
from fakemapi.dropin.shapes import rows_out
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
    def SetColumns(self, propTags: list[int] | None, flags: int, /) -> None:  # noqa: N802,N803
        self._table.set_columns(as_tags_required(propTags))
        return None

    @api
    def QueryColumns(self, flags: int, /) -> tuple[int, ...]:  # noqa: N802
        return tuple(self._table.query_columns(bool(flags & TBL_ALL_COLUMNS)))

    @api
    def QueryRows(self, rowCount: int, flags: int, /) -> tuple[Any, ...]:  # noqa: N802,N803
        self._server()
        return rows_out(self._table.query_rows(rowCount, no_advance=bool(flags & TBL_NOADVANCE)))

    @api
    def GetRowCount(self, flags: int, /) -> int:  # noqa: N802
        return self._table.row_count()

    @api
    def SeekRow(self, bookmark: int, rowCount: int, /) -> int:  # noqa: N802,N803
        return self._table.seek_row(bookmark, rowCount)

    @api
    def SeekRowApprox(self, numerator: int, denominator: int, /) -> None:  # noqa: N802
        self._table.seek_row_approx(numerator, denominator)
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
    def FreeBookmark(self, bookmark: int, /) -> None:  # noqa: N802
        self._table.free_bookmark(bookmark)
        return None

    @api
    def Abort(self) -> None:  # noqa: N802
        return None

    @api
    def Restrict(self, restriction: Restriction | None, flags: int, /) -> None:  # noqa: N802
        parsed = restriction
        if parsed is not None:
            check(parsed)
        self._server()
        self._table.set_restriction(parsed)
        return None

    @api
    def SortTable(self, sortOrderSet: list[SortKey] | None, flags: int, /) -> None:  # noqa: N802,N803
        self._server()
        self._table.set_sort(sortOrderSet or [])
        return None

    @api
    def FindRow(self, restriction: Restriction | None, bookmark: int, flags: int, /) -> None:  # noqa: N802
        if restriction is None:
            # pywin32 passes None on as NULL; IMAPITable::FindRow needs a restriction
            raise fail("MAPI_E_INVALID_PARAMETER", detail="FindRow needs a restriction (got None)")
        check(restriction)
        self._server()
        self._table.find_row(restriction, bookmark, bool(flags & DIR_BACKWARD))
        return None

    @api
    def Advise(self, eventMask: int, adviseSink: Any, /) -> int:  # noqa: N802,N803
        """PyIMAPITable.i:66: (unsigned long eventMask, IMAPIAdviseSink *INPUT); fnevTableModified
        notes are worked out from the rows as they were last reported (fakemapi.client.notify)."""
        from fakemapi.client.notify import CONNECT_NO_NOTIFICATIONS

        mask, sink = eventMask, adviseSink._sink  # a PyIMAPIAdviseSink (the table's "if:IMAPIAdviseSink")
        h = self._h
        self._server()
        session = h.session
        muted = bool(h.logon is not None and session is not None
                     and session.profile.connect_flags() & CONNECT_NO_NOTIFICATIONS)
        conn = h.process.runtime.notifier.advise(h.process, sink, mask, None, table=self._table, handle=h,
                                                 muted=muted)
        return conn.id

    @api
    def Unadvise(self, connection: int, /) -> None:  # noqa: N802
        """PyIMAPITable.i:158, "unsigned long handle"."""
        from fakemapi.dropin.interfaces.advise import unregister

        table = self._table
        unregister(self._h, connection, lambda c: c.table is table)

    @api
    def GetLastError(self, hr: int, flags: int, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


