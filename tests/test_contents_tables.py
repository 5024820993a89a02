"""IMAPITable over contents: Restrict, SortTable, FindRow, cursor and bookmarks, HrQueryAllRows."""

from __future__ import annotations

import datetime

import pytest
from test_contents_kit import fk, folder, logon, own_store, pw, raises  # noqa: F401

PR_SUBJECT = 0x0037001F
PR_SUBJECT_A = 0x0037001E
PR_IMPORTANCE = 0x00170003
PR_MESSAGE_FLAGS = 0x0E070003
PR_DELIVERY = 0x0E060040
PR_SENDER_NAME = 0x0C1A001F
PR_BODY = 0x1000001F


def _table(fk_unused=None, columns=(PR_SUBJECT,)):
    store = own_store(logon())
    table = folder(store, "Inbox").GetContentsTable(0)
    table.SetColumns(columns, 0)
    return table


def _subjects(table):
    table.SeekRow(pw().mapi.BOOKMARK_BEGINNING, 0)
    return [row[0][1] for row in table.QueryRows(100, 0)]


def test_restrict_with_property_content_exist_bitmask_and_or_not(fk):
    m = pw().mapi
    table = _table()
    table.Restrict((m.RES_PROPERTY, (m.RELOP_EQ, PR_SUBJECT, (PR_SUBJECT, "hello"))), 0)
    assert _subjects(table) == ["Hello"]  # string comparisons ignore case
    table.Restrict((m.RES_CONTENT, (m.FL_SUBSTRING | m.FL_IGNORECASE, PR_SUBJECT, (PR_SUBJECT, "REPORT 1"))), 0)
    assert _subjects(table) == ["Report 1"] + [f"Report {n}" for n in range(10, 20)]
    table.Restrict((m.RES_CONTENT, (m.FL_PREFIX, PR_SUBJECT_A, (PR_SUBJECT_A, b"Bi"))), 0)
    assert _subjects(table) == ["Big"]
    table.Restrict((m.RES_CONTENT, (m.FL_FULLSTRING, PR_SUBJECT, (PR_SUBJECT, "report 2"))), 0)
    assert _subjects(table) == []
    table.Restrict((m.RES_EXIST, (0x3004001F,)), 0)
    assert _subjects(table) == ["Hello"]
    table.Restrict((m.RES_BITMASK, (m.BMR_NEZ, PR_MESSAGE_FLAGS, 0x1)), 0)
    assert _subjects(table) == ["Big"]
    table.Restrict((m.RES_AND, [(m.RES_BITMASK, (m.BMR_EQZ, PR_MESSAGE_FLAGS, 0x1)),
                                (m.RES_NOT, ((m.RES_CONTENT, (m.FL_PREFIX, PR_SUBJECT, (PR_SUBJECT, "Report"))),)),
                                ]), 0)
    assert _subjects(table) == ["Hello"]
    table.Restrict((m.RES_OR, ((m.RES_PROPERTY, (m.RELOP_GE, PR_IMPORTANCE, (PR_IMPORTANCE, 2))),
                               (m.RES_PROPERTY, (m.RELOP_EQ, PR_SENDER_NAME,
                                                 (PR_SENDER_NAME, "carol@fabrikam.com"))))), 0)
    assert _subjects(table) == ["Hello", "Big"]
    table.Restrict(None, 0)
    assert len(_subjects(table)) == 22


@pytest.mark.parametrize(("relop", "expected"), [(0, 3), (1, 4), (2, 18), (3, 19), (4, 1), (5, 21)])
def test_every_relop_compares_times(fk, relop, expected):
    table = _table()
    when = pw().pywintypes.Time(datetime.datetime(2024, 2, 1, 1, 0, tzinfo=datetime.timezone.utc))
    table.Restrict((4, (relop, PR_DELIVERY, (PR_DELIVERY, when))), 0)
    # Hello and Big came in January; Report n arrives at 2024-02-01T00:00 + (n-1) hours
    assert table.GetRowCount(0) == expected


def test_unsupported_restriction_types_are_pywin32_value_errors(fk):
    m = pw().mapi
    table = _table()
    for rt in (m.RES_COMPAREPROPS, m.RES_SIZE, m.RES_SUBRESTRICTION, m.RES_COMMENT):
        with pytest.raises(ValueError, match=r"^Unsupported restriction type!  Please fix in mapiutil.cpp!!!$"):
            table.Restrict((rt, (0, PR_SUBJECT)), 0)
    with pytest.raises(TypeError, match="sequence of length 2"):
        table.Restrict((m.RES_EXIST,), 0)
    raises(-2147221225, table.Restrict, (m.RES_PROPERTY, (m.RELOP_RE, PR_SUBJECT, (PR_SUBJECT, "R.*"))), 0)


def test_sort_table_by_several_keys_ascending_and_descending(fk):
    m = pw().mapi
    table = _table(columns=(PR_SUBJECT, PR_IMPORTANCE))
    table.SortTable((((PR_IMPORTANCE, m.TABLE_SORT_DESCEND), (PR_SUBJECT, m.TABLE_SORT_ASCEND)), 0, 0), 0)
    rows = table.QueryRows(4, 0)
    assert [r[0][1] for r in rows] == ["Hello", "Big", "Report 1", "Report 10"]
    table.SortTable((((PR_DELIVERY, m.TABLE_SORT_DESCEND),), 0, 0), 0)
    assert table.QueryRows(1, 0)[0][0] == (PR_SUBJECT, "Report 20")
    with pytest.raises(TypeError, match="tuple of"):
        table.SortTable([((PR_SUBJECT, 0),)], 0)
    with pytest.raises(OverflowError):
        table.SortTable((((0x80000003, 0),), 0, 0), 0)


def test_find_row_moves_the_cursor_or_raises_not_found(fk):
    m = pw().mapi
    table = _table()
    table.FindRow((m.RES_CONTENT, (m.FL_PREFIX, PR_SUBJECT, (PR_SUBJECT, "Report 5"))), m.BOOKMARK_BEGINNING, 0)
    assert table.QueryRows(1, 0) == (((PR_SUBJECT, "Report 5"),),)
    assert table.QueryPosition()[0] == 7
    raises(-2147221233, table.FindRow, (m.RES_EXIST, (0x0049001F,)), m.BOOKMARK_BEGINNING, 0)
    assert table.QueryPosition()[0] == 7
    table.FindRow((m.RES_PROPERTY, (m.RELOP_EQ, PR_SUBJECT, (PR_SUBJECT, "Hello"))), m.BOOKMARK_CURRENT,
                  m.DIR_BACKWARD)
    assert table.QueryPosition()[0] == 0


def test_bookmarks_seek_row_approx_query_position_get_status_abort(fk):
    m = pw().mapi
    table = _table()
    assert table.SeekRow(m.BOOKMARK_BEGINNING, 5) == 5
    bm = table.CreateBookmark()
    table.SeekRowApprox(1, 2)
    assert table.QueryPosition() == [11, 11, 22]
    assert table.SeekRow(bm, 1) == 1
    assert table.QueryRows(1, 0) == (((PR_SUBJECT, "Report 5"),),)
    table.FreeBookmark(bm)
    raises(-2147220475, table.SeekRow, bm, 0)  # MAPI_E_INVALID_BOOKMARK
    assert table.GetStatus() == [0, 2]  # TBLSTAT_COMPLETE, TBLTYPE_DYNAMIC
    assert table.Abort() is None
    table.SeekRow(m.BOOKMARK_END, 0)
    assert table.QueryRows(10, 0) == ()


def test_hr_query_all_rows_applies_restriction_and_sort(fk):
    m = pw().mapi
    table = _table()
    rows = m.HrQueryAllRows(table, (PR_SUBJECT,),
                            (m.RES_CONTENT, (m.FL_PREFIX, PR_SUBJECT, (PR_SUBJECT, "Report 1"))),
                            (((PR_SUBJECT, m.TABLE_SORT_DESCEND),), 0, 0), 0)
    assert [r[0][1] for r in rows][:3] == ["Report 19", "Report 18", "Report 17"]
    assert len(rows) == 11
    raises(-2147220477, m.HrQueryAllRows, table, None, None, None, 5)  # MAPI_E_TABLE_TOO_BIG


def test_table_string_columns_are_cut_at_255_characters_but_restrictions_see_everything(fk):
    m = pw().mapi
    table = _table(columns=(PR_SUBJECT, PR_BODY))
    table.Restrict((m.RES_CONTENT, (m.FL_SUBSTRING, PR_BODY, (PR_BODY, "line 03999"))), 0)
    (row,) = table.QueryRows(5, 0)
    assert row[0] == (PR_SUBJECT, "Big")
    assert len(row[1][1]) == 255


def test_tables_show_the_folder_as_it_is_when_rows_are_read(fk):
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    table = inbox.GetContentsTable(0)
    assert table.GetRowCount(0) == 22
    msg = inbox.CreateMessage(None, 0)
    msg.SaveChanges(0)
    assert table.GetRowCount(0) == 23
    columns = table.QueryColumns(pw().mapi.TBL_ALL_COLUMNS)
    assert PR_SUBJECT_A in columns and 0x0FFF0102 in columns
