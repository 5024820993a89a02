"""GetProps on a store object asked again and again (issue 14: the store remembers the shaped
answers from its derived bag): every answer still follows the store's state and the access
level of the open it is asked through.

pywin32: PyIMAPIProp.i:49 (GetProps, "O|l": the tag array through PyMAPIObject_AsSPropTagArray,
the result through PyMAPIObject_FromSPropValueArray). MAPI: IMAPIProp::GetProps returns
MAPI_W_ERRORS_RETURNED with a PT_ERROR value of MAPI_E_NOT_FOUND for a missing property;
IMsgStore properties set with SetProps are saved at once (message stores are not transacted).
PR_ACCESS_LEVEL: MS-OXCPRPT 2.2.1.2 (1 read/write, 0 read-only).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import fakemapi
from tests.conftest import pw

MAPI_W_ERRORS_RETURNED = 0x00040380
MAPI_E_NOT_FOUND = -2147221233
PR_ENTRYID = 0x0FFF0102
PR_COMMENT_W = 0x3004001F
PR_COMMENT_ERROR = 0x3004000A
PR_DISPLAY_NAME_W = 0x3001001F
PR_DISPLAY_NAME_A = 0x3001001E
PR_ACCESS_LEVEL = 0x0FF70003


@pytest.fixture
def session() -> Iterator[Any]:
    fakemapi.install()
    try:
        m = pw().mapi
        m.MAPIInitialize(None)
        yield m.MAPILogonEx(0, "", None, m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT | m.MAPI_NEW_SESSION)
    finally:
        fakemapi.uninstall()


def own_eid(session: Any) -> bytes:
    table = session.GetMsgStoresTable(0)
    table.SetColumns((PR_ENTRYID,), 0)
    return table.QueryRows(1, 0)[0][0][1]  # type: ignore[no-any-return]


def test_a_property_saved_on_the_store_shows_in_later_opens_and_goes_with_delete(session: Any) -> None:
    m = pw().mapi
    eid = own_eid(session)
    first = session.OpenMsgStore(0, eid, None, m.MAPI_BEST_ACCESS)
    missing = (MAPI_W_ERRORS_RETURNED, ((PR_COMMENT_ERROR, MAPI_E_NOT_FOUND),))
    assert first.GetProps((PR_COMMENT_W,), 0) == missing
    assert first.GetProps((PR_COMMENT_W,), 0) == missing  # asked again: the same answer
    del first
    writer = session.OpenMsgStore(0, eid, None, m.MAPI_BEST_ACCESS)
    assert writer.SetProps(((PR_COMMENT_W, "saved"),)) == (0, None)
    del writer
    reader = session.OpenMsgStore(0, eid, None, m.MAPI_BEST_ACCESS)
    assert reader.GetProps((PR_COMMENT_W,), 0) == (0, ((PR_COMMENT_W, "saved"),))
    assert reader.DeleteProps((PR_COMMENT_W,), False) == (0, None)
    del reader
    again = session.OpenMsgStore(0, eid, None, m.MAPI_BEST_ACCESS)
    assert again.GetProps((PR_COMMENT_W,), 0) == missing


def test_each_open_reads_its_own_access_level_and_string_type(session: Any) -> None:
    m = pw().mapi
    eid = own_eid(session)
    writable = session.OpenMsgStore(0, eid, None, m.MAPI_BEST_ACCESS)
    read_only = session.OpenMsgStore(0, eid, None, 0)
    for _ in range(2):
        assert writable.GetProps((PR_ACCESS_LEVEL,), 0) == (0, ((PR_ACCESS_LEVEL, 1),))
        assert read_only.GetProps((PR_ACCESS_LEVEL,), 0) == (0, ((PR_ACCESS_LEVEL, 0),))
    wide = writable.GetProps((PR_DISPLAY_NAME_W,), 0)[1][0]
    narrow = writable.GetProps((PR_DISPLAY_NAME_A,), 0)[1][0]
    assert isinstance(wide[1], str) and isinstance(narrow[1], bytes)  # PT_UNICODE / PT_STRING8
    assert narrow[1] == wide[1].encode("cp1252")
    # a list of tags and a tuple of the same tags give the same answer
    assert writable.GetProps([PR_DISPLAY_NAME_W], 0) == writable.GetProps((PR_DISPLAY_NAME_W,), 0)
