"""What published MAPI clients rely on (issue 10): access modes, transactions, tables, the
properties new messages get, status rows, the public store, MAPILogonEx's profile choice, and
what OpenEntry / OpenMsgStore / QueryInterface return.

Each test cites the Microsoft document (and section) or the pywin32 source it pins.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import fakemapi
from tests.conftest import pw

MAPI_E_NO_ACCESS = -2147024891
MAPI_E_INVALID_PARAMETER = -2147024809
MAPI_E_INVALID_BOOKMARK = -2147220475
MAPI_E_UNKNOWN_ENTRYID = -2147220991
MAPI_E_LOGON_FAILED = -2147221231
MAPI_E_USER_CANCEL = -2147221229
MAPI_E_NOT_FOUND = -2147221233

PR_ENTRYID = 0x0FFF0102
PR_DISPLAY_NAME_W = 0x3001001F
PR_DISPLAY_NAME_A = 0x3001001E
PR_COMMENT_W = 0x3004001F
PR_SUBJECT_W = 0x0037001F
PR_ACCESS = 0x0FF40003
PR_ACCESS_LEVEL = 0x0FF70003
PR_IMPORTANCE = 0x00170003
PR_SENSITIVITY = 0x00360003
PR_MESSAGE_FLAGS = 0x0E070003
PR_MESSAGE_CLASS_W = 0x001A001F
PR_HASATTACH = 0x0E1B000B
PR_DISPLAY_TO_W = 0x0E04001F
PR_TRUST_SENDER = 0x0E790003
PR_IPM_SUBTREE_ENTRYID = 0x35E00102
PR_RESOURCE_TYPE = 0x3E030003
PR_ATTACH_DATA_BIN = 0x37010102
PR_BODY_W = 0x1000001F

WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [
        {"alias": "admin", "display_name": "Administrator", "rights": "admin",
         "folders": {"Inbox": {"messages": [
             {"subject": "From the world file", "from": "bob", "to": ["admin"],
              "attachments": [{"filename": "a.txt", "data": "text"}]}]}}},
        {"alias": "alice", "display_name": "Alice"},
        {"alias": "bob", "display_name": "Bob"},
    ],
    "profiles": [{"name": "Admin", "mailbox": "admin", "default": True}, {"name": "Alice", "mailbox": "alice"}],
}


@pytest.fixture
def fk() -> Iterator[fakemapi.Fake]:
    fake = fakemapi.install(WORLD)
    try:
        pw().mapi.MAPIInitialize(None)
        yield fake
    finally:
        fakemapi.uninstall()


def hr_of(fn: Any, *args: Any) -> int:
    with pytest.raises(pw().pywintypes.com_error) as info:
        fn(*args)
    return info.value.hresult  # type: ignore[no-any-return]


def logon(profile: str = "Admin", flags: int = 0) -> Any:
    m = pw().mapi
    return m.MAPILogonEx(0, profile, None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION | flags)


def store_eids(session: Any) -> list[bytes]:
    table = session.GetMsgStoresTable(0)
    table.SetColumns((PR_ENTRYID,), 0)
    return [row[0][1] for row in table.QueryRows(10, 0)]


def own_store(session: Any, flags: int | None = None) -> Any:
    m = pw().mapi
    return session.OpenMsgStore(0, store_eids(session)[0], None, m.MDB_WRITE if flags is None else flags)


def prop(obj: Any, tag: int) -> Any:
    return obj.GetProps((tag,), 0)[1][0][1]


def inbox_eid(store: Any) -> bytes:
    return store.GetReceiveFolder("IPM.Note", 0)[0]  # type: ignore[no-any-return]


def saved_message(store: Any) -> bytes:
    """A message saved in the Inbox, with one attachment; its entry id."""
    inbox = store.OpenEntry(inbox_eid(store), None, pw().mapi.MAPI_MODIFY)
    message = inbox.CreateMessage(None, 0)
    message.SetProps(((PR_SUBJECT_W, "draft"),))
    attach = message.CreateAttach(None, 0)[1]
    attach.SetProps(((PR_ATTACH_DATA_BIN, b"data"),))
    attach.SaveChanges(0)
    message.SaveChanges(0)
    return prop(message, PR_ENTRYID)  # type: ignore[no-any-return]


# === 1. MAPI_BEST_ACCESS ===================================================================
def test_a_message_opened_with_best_access_takes_setprops_deleteprops_and_savechanges(fk: fakemapi.Fake) -> None:
    # IMsgStore::OpenEntry, ulFlags: MAPI_BEST_ACCESS "Requests that the object be opened with
    # the maximum network permissions allowed for the user": read/write on the own mailbox.
    m = pw().mapi
    store = own_store(logon())
    eid = saved_message(store)
    message = store.OpenEntry(eid, None, m.MAPI_BEST_ACCESS)
    assert message.SetProps(((PR_COMMENT_W, "set"),)) == (0, None)
    assert message.DeleteProps((PR_SUBJECT_W,)) == (0, None)
    message.SaveChanges(0)
    again = store.OpenEntry(eid, None, 0)
    assert prop(again, PR_COMMENT_W) == "set"
    assert prop(again, PR_SUBJECT_W) == MAPI_E_NOT_FOUND


def test_best_access_gives_read_write_on_every_open_path(fk: fakemapi.Fake) -> None:
    # IMAPISession::OpenEntry, IMsgStore::OpenEntry, IMAPIContainer::OpenEntry,
    # IMessage::OpenAttach, IMAPISession::OpenMsgStore all take MAPI_BEST_ACCESS; the object's
    # PR_ACCESS_LEVEL (MS-OXCPRPT 2.2.1.2) is then 1, "Modify".
    m = pw().mapi
    session = logon()
    store = own_store(session, m.MAPI_BEST_ACCESS)
    assert prop(store, PR_ACCESS_LEVEL) == 1
    eid = saved_message(store)
    folder_eid = inbox_eid(store)
    opened = {
        "session folder": session.OpenEntry(folder_eid, None, m.MAPI_BEST_ACCESS),
        "store folder": store.OpenEntry(folder_eid, None, m.MAPI_BEST_ACCESS),
        "session message": session.OpenEntry(eid, None, m.MAPI_BEST_ACCESS),
        "store message": store.OpenEntry(eid, None, m.MAPI_BEST_ACCESS),
        "folder message": store.OpenEntry(folder_eid, None, 0).OpenEntry(eid, None, m.MAPI_BEST_ACCESS),
    }
    opened["attachment"] = opened["store message"].OpenAttach(0, None, m.MAPI_BEST_ACCESS)
    for name, obj in opened.items():
        assert prop(obj, PR_ACCESS_LEVEL) == 1, name
        assert obj.SetProps(((PR_COMMENT_W, name),)) == (0, None), name
    # OpenProperty with MAPI_BEST_ACCESS on a writable object gives a writable stream
    stream = opened["store message"].OpenProperty(PR_BODY_W, pw().pythoncom.IID_IStream, 0,
                                                  m.MAPI_BEST_ACCESS | m.MAPI_CREATE)
    stream.Write("body".encode("utf-16-le"))
    stream.Commit(0)
    assert prop(opened["store message"], PR_BODY_W) == "body"
    assert store.SetProps(((PR_COMMENT_W, "store"),)) == (0, None)


def test_without_modify_or_best_access_objects_are_read_only_and_say_so(fk: fakemapi.Fake) -> None:
    # IMsgStore::OpenEntry: "By default, objects are opened with read-only access"; SetProps on
    # a read-only object is MAPI_E_NO_ACCESS; PR_ACCESS_LEVEL 0 is "Read-Only" (MS-OXCPRPT 2.2.1.2).
    m = pw().mapi
    session = logon()
    store = own_store(session)
    eid = saved_message(store)
    message = store.OpenEntry(eid, None, 0)
    folder = store.OpenEntry(inbox_eid(store), None, 0)
    read_only_store = session.OpenMsgStore(0, store_eids(session)[0], None, m.MDB_NO_DIALOG)
    for obj in (message, folder, read_only_store):
        assert prop(obj, PR_ACCESS_LEVEL) == 0
        assert hr_of(obj.SetProps, ((PR_COMMENT_W, "x"),)) == MAPI_E_NO_ACCESS
        assert hr_of(obj.DeleteProps, (PR_COMMENT_W,)) == MAPI_E_NO_ACCESS
        assert prop(obj, PR_COMMENT_W) == MAPI_E_NOT_FOUND  # nothing changed
    assert hr_of(message.OpenAttach(0, None, m.MAPI_BEST_ACCESS).SetProps, ((PR_COMMENT_W, "x"),)) \
        == MAPI_E_NO_ACCESS  # best access on a read-only message is read-only


def test_pr_access_says_what_the_user_may_do_to_folders_and_messages(fk: fakemapi.Fake) -> None:
    # PR_ACCESS (MS-OXCPRPT 2.2.1.1; MAPI_ACCESS_* in MAPIDefS.h): a folder the user owns allows
    # every operation (0x3F); a saved message modify | read | delete (0x7); a new message 0x3
    # (MS-OXCMSG 3.2.5.2). PR_ACCESS is computed: SetProps reports MAPI_E_COMPUTED.
    m = pw().mapi
    store = own_store(logon())
    folder = store.OpenEntry(inbox_eid(store), None, m.MAPI_MODIFY)
    assert prop(folder, PR_ACCESS) == 0x3F
    assert prop(store.OpenEntry(saved_message(store), None, 0), PR_ACCESS) == 0x7
    draft = folder.CreateMessage(None, 0)
    assert prop(draft, PR_ACCESS) == 0x3
    assert draft.SetProps(((PR_ACCESS, 0),), True) == (0, ((0, PR_ACCESS, -2147221222),))


# === 2. folders and stores are not transacted ===============================================
def test_folder_and_store_property_changes_take_effect_at_once(fk: fakemapi.Fake) -> None:
    # IMAPIProp::SaveChanges, Remarks: folders and message stores are not transacted; changes
    # made with SetProps / DeleteProps take effect immediately, and other objects see them.
    m = pw().mapi
    session = logon()
    store = own_store(session)
    one = store.OpenEntry(inbox_eid(store), None, m.MAPI_MODIFY)
    other = store.OpenEntry(inbox_eid(store), None, 0)
    one.SetProps(((PR_COMMENT_W, "now"),))
    assert prop(other, PR_COMMENT_W) == "now"
    one.DeleteProps((PR_COMMENT_W,))
    assert prop(other, PR_COMMENT_W) == MAPI_E_NOT_FOUND
    second_store = own_store(session)
    store.SetProps(((PR_COMMENT_W, "store"),))
    assert prop(second_store, PR_COMMENT_W) == "store"


def test_messages_stay_transacted_until_savechanges(fk: fakemapi.Fake) -> None:
    # IMAPIProp::SaveChanges: messages and attachments are transacted.
    m = pw().mapi
    store = own_store(logon())
    eid = saved_message(store)
    changing = store.OpenEntry(eid, None, m.MAPI_MODIFY)
    changing.SetProps(((PR_COMMENT_W, "later"),))
    assert prop(store.OpenEntry(eid, None, 0), PR_COMMENT_W) == MAPI_E_NOT_FOUND
    changing.SaveChanges(0)
    assert prop(store.OpenEntry(eid, None, 0), PR_COMMENT_W) == "later"


# === 3. tables ============================================================================
def test_queryrows_with_tbl_noadvance_leaves_the_cursor_and_zero_rows_is_invalid(fk: fakemapi.Fake) -> None:
    # IMAPITable::QueryRows: TBL_NOADVANCE "Prevents the cursor from advancing"; return value
    # MAPI_E_INVALID_PARAMETER: "The lRowCount parameter is set to zero".
    session = logon()
    table = session.GetMsgStoresTable(0)
    table.SetColumns((PR_DISPLAY_NAME_W,), 0)
    first = table.QueryRows(1, 1)  # TBL_NOADVANCE
    assert table.QueryPosition()[0] == 0
    assert table.QueryRows(1, 1) == first
    assert table.QueryRows(1, 0) == first
    assert table.QueryPosition()[0] == 1
    assert hr_of(table.QueryRows, 0, 0) == MAPI_E_INVALID_PARAMETER
    assert table.QueryPosition()[0] == 1
    assert table.QueryRows(5, 0) == ((( PR_DISPLAY_NAME_W, "Public Folders"),),)


def test_bookmarks_and_columns_follow_the_imapitable_reference(fk: fakemapi.Fake) -> None:
    # IMAPITable::FreeBookmark, Notes to implementers: the three predefined bookmarks are ignored
    # (S_OK); an unknown one is MAPI_E_INVALID_BOOKMARK. IMAPITable::SetColumns: "every table
    # must have at least one column".
    m = pw().mapi
    table = logon().GetMsgStoresTable(0)
    for predefined in (m.BOOKMARK_BEGINNING, m.BOOKMARK_CURRENT, m.BOOKMARK_END):
        assert table.FreeBookmark(predefined) is None
    bookmark = table.CreateBookmark()
    table.FreeBookmark(bookmark)
    assert hr_of(table.FreeBookmark, bookmark) == MAPI_E_INVALID_BOOKMARK
    assert hr_of(table.SeekRow, bookmark, 0) == MAPI_E_INVALID_BOOKMARK
    assert hr_of(table.SetColumns, (), 0) == MAPI_E_INVALID_PARAMETER
    assert len(table.QueryRows(1, 0)[0]) > 1  # the column set is as it was


def test_sorting_or_restricting_a_table_invalidates_its_bookmarks(fk: fakemapi.Fake) -> None:
    # MS-OXCTABL, processing RopSeekRowBookmark: "If the bookmark has become invalid because of a
    # RopSortTable, RopRestrict ... the server SHOULD set the ReturnValue field to
    # ecInvalidBookmark"; IMAPITable::SeekRow / FindRow answer MAPI_E_INVALID_BOOKMARK. The
    # invalid bookmark can still be freed (once).
    m = pw().mapi
    store = own_store(logon())
    table = store.OpenEntry(inbox_eid(store), None, 0).GetContentsTable(0)
    table.SeekRow(m.BOOKMARK_BEGINNING, 1)
    kept = table.CreateBookmark()
    assert table.SeekRow(kept, 0) == 0
    table.SortTable((((PR_SUBJECT_W, m.TABLE_SORT_DESCEND),), 0, 0), 0)
    assert table.QueryPosition()[0] == 0
    assert hr_of(table.SeekRow, kept, 0) == MAPI_E_INVALID_BOOKMARK
    restriction = (m.RES_EXIST, (PR_SUBJECT_W,))
    assert hr_of(table.FindRow, restriction, kept, 0) == MAPI_E_INVALID_BOOKMARK
    table.FreeBookmark(kept)
    assert hr_of(table.FreeBookmark, kept) == MAPI_E_INVALID_BOOKMARK
    again = table.CreateBookmark()
    table.Restrict(restriction, 0)
    assert hr_of(table.SeekRow, again, 0) == MAPI_E_INVALID_BOOKMARK


# === 4. what new messages get ================================================================
def test_a_new_message_has_the_properties_exchange_initializes(fk: fakemapi.Fake) -> None:
    # MS-OXCMSG 3.2.5.2 "Receiving a RopCreateMessage ROP Request": PidTagImportance 1,
    # PidTagMessageClass "IPM.Note", PidTagSensitivity 0, PidTagDisplayTo "", PidTagMessageFlags
    # 0x9, PidTagHasAttachments 0, PidTagTrustSender 1, PidTagAccess 0x3, PidTagAccessLevel 1.
    m = pw().mapi
    store = own_store(logon())
    draft = store.OpenEntry(inbox_eid(store), None, m.MAPI_MODIFY).CreateMessage(None, 0)
    tags = (PR_IMPORTANCE, PR_MESSAGE_CLASS_W, PR_SENSITIVITY, PR_DISPLAY_TO_W, PR_MESSAGE_FLAGS, PR_HASATTACH,
            PR_TRUST_SENDER, PR_ACCESS, PR_ACCESS_LEVEL)
    assert draft.GetProps(tags, 0) == (0, ((PR_IMPORTANCE, 1), (PR_MESSAGE_CLASS_W, "IPM.Note"),
                                           (PR_SENSITIVITY, 0), (PR_DISPLAY_TO_W, ""), (PR_MESSAGE_FLAGS, 9),
                                           (PR_HASATTACH, False), (PR_TRUST_SENDER, 1), (PR_ACCESS, 3),
                                           (PR_ACCESS_LEVEL, 1)))


def test_a_message_from_the_world_file_has_importance_sensitivity_and_access(fk: fakemapi.Fake) -> None:
    # A delivered message has the properties the server gives every message (MS-OXCMSG 2.2.1.11
    # PidTagImportance, 2.2.1.13 PidTagSensitivity; MS-OXCPRPT 2.2.1.1 / 2.2.1.2).
    store = own_store(logon())
    inbox = store.OpenEntry(inbox_eid(store), None, 0)
    table = inbox.GetContentsTable(0)
    table.SetColumns((PR_ENTRYID,), 0)
    eid = table.QueryRows(1, 0)[0][0][1]
    message = store.OpenEntry(eid, None, pw().mapi.MAPI_BEST_ACCESS)
    assert message.GetProps((PR_IMPORTANCE, PR_SENSITIVITY, PR_ACCESS, PR_ACCESS_LEVEL, PR_HASATTACH), 0) == (
        0, ((PR_IMPORTANCE, 1), (PR_SENSITIVITY, 0), (PR_ACCESS, 7), (PR_ACCESS_LEVEL, 1), (PR_HASATTACH, True)))


# === 5. the status table ====================================================================
def test_the_status_table_has_the_rows_mapi_supplies_and_the_profile_name(fk: fakemapi.Fake) -> None:
    # IMAPISession::GetStatusTable, Remarks: one row for the MAPI subsystem, one for the spooler,
    # one for the integrated address book, one per service provider. The subsystem row's
    # PR_DISPLAY_NAME is the profile name (where clients read it).
    session = logon("Alice")
    table = session.GetStatusTable(0)
    table.SetColumns((PR_RESOURCE_TYPE, PR_DISPLAY_NAME_A), 0)
    rows = table.QueryRows(50, 0)
    # MAPI_SUBSYSTEM, MAPI_SPOOLER, MAPI_AB, then MSEMS: AB, private store, public store, transport
    assert [row[0][1] for row in rows] == [39, 37, 34, 35, 33, 33, 36]
    table.Restrict((pw().mapi.RES_PROPERTY, (pw().mapi.RELOP_EQ, PR_RESOURCE_TYPE, (PR_RESOURCE_TYPE, 39))), 0)
    assert table.QueryRows(1, 0) == (((PR_RESOURCE_TYPE, 39), (PR_DISPLAY_NAME_A, b"Alice")),)
    wide = session.GetStatusTable(pw().mapi.MAPI_UNICODE)
    assert PR_DISPLAY_NAME_W in wide.QueryColumns(0)


# === 6. the public store ====================================================================
def test_walking_every_stores_ipm_subtree_finds_public_folders(fk: fakemapi.Fake) -> None:
    # A public folder logon names its IPM subtree (MS-OXCSTOR, RopLogon for public folders); the
    # store shows it as PR_IPM_SUBTREE_ENTRYID, as a client walking every store expects.
    session = logon()
    names = []
    for eid in store_eids(session):
        store = session.OpenMsgStore(0, eid, None, pw().mapi.MDB_NO_DIALOG)
        hr, props = store.GetProps((PR_DISPLAY_NAME_W, PR_IPM_SUBTREE_ENTRYID), 0)
        assert hr == 0
        subtree = store.OpenEntry(props[1][1], None, 0)
        names.append((props[0][1], prop(subtree, PR_DISPLAY_NAME_W)))
    assert names == [("Mailbox - Administrator", "Top of Information Store"), ("Public Folders", "IPM_SUBTREE")]


# === 7. MAPILogonEx's profile choice ===========================================================
def profile_of(session: Any) -> bytes:
    table = session.GetStatusTable(0)
    table.SetColumns((PR_DISPLAY_NAME_A,), 0)
    return table.QueryRows(1, 0)[0][0][1]  # type: ignore[no-any-return]


def test_an_empty_profile_name_logs_on_with_the_default_unless_explicit_profile(fk: fakemapi.Fake) -> None:
    # MAPILogonEx, flFlags: MAPI_USE_DEFAULT substitutes the default profile's name, and "The
    # MAPI_EXPLICIT_PROFILE flag is ignored unless lpszProfileName is NULL or empty";
    # MAPI_EXPLICIT_PROFILE "The default profile should not be used, and the user should be
    # required to supply a profile". With no MAPI_LOGON_UI nobody can supply one:
    # MAPI_E_LOGON_FAILED; with it the dialog has no user: MAPI_E_USER_CANCEL.
    m = pw().mapi
    new = m.MAPI_EXTENDED | m.MAPI_NEW_SESSION
    assert profile_of(m.MAPILogonEx(0, "", None, new | m.MAPI_USE_DEFAULT)) == b"Admin"
    assert profile_of(m.MAPILogonEx(0, "", None, new)) == b"Admin"
    assert profile_of(m.MAPILogonEx(0, "", None, new | m.MAPI_LOGON_UI)) == b"Admin"
    assert hr_of(m.MAPILogonEx, 0, "", None, new | m.MAPI_EXPLICIT_PROFILE) == MAPI_E_LOGON_FAILED
    # ASynK (skarra/ASynK asynk/pimdb_ol.py) logs on with MAPI_USE_DEFAULT | MAPI_BEST_ACCESS, and
    # MAPI_BEST_ACCESS == MAPI_EXPLICIT_PROFILE == 0x10: the default profile, as on Windows
    assert m.MAPI_BEST_ACCESS == m.MAPI_EXPLICIT_PROFILE
    assert profile_of(m.MAPILogonEx(0, "", None, m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT | m.MAPI_BEST_ACCESS)) \
        == b"Admin"
    assert hr_of(m.MAPILogonEx, 0, "", None, new | m.MAPI_EXPLICIT_PROFILE | m.MAPI_LOGON_UI) \
        == MAPI_E_USER_CANCEL
    assert profile_of(m.MAPILogonEx(0, "Alice", None, new | m.MAPI_EXPLICIT_PROFILE)) == b"Alice"
    # pywin32 converts profileName with PyWinObject_AsMAPIStr(..., bNoneOK=FALSE) (mapi.i):
    with pytest.raises(TypeError):
        m.MAPILogonEx(0, None, None, new | m.MAPI_USE_DEFAULT)


def test_without_new_session_the_shared_session_is_returned_whatever_the_name(fk: fakemapi.Fake) -> None:
    # MAPILogonEx, MAPI_NEW_SESSION: "If the MAPI_NEW_SESSION flag is not set, MAPILogonEx uses
    # an existing shared session even if the lpszProfileName parameter is not NULL"; a session
    # is shared when made with MAPI_ALLOW_OTHERS.
    m = pw().mapi
    assert profile_of(m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED)) == b"Alice"  # none shared yet
    shared = m.MAPILogonEx(0, "Admin", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION | m.MAPI_ALLOW_OTHERS)
    again = m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED)
    assert profile_of(again) == b"Admin"
    assert again.QueryIdentity() == shared.QueryIdentity()
    assert profile_of(m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)) == b"Alice"


# === 9. unknown entry ids; IID_IMAPIProp ========================================================
def test_session_open_entry_with_an_id_no_provider_knows_is_unknown_entryid(fk: fakemapi.Fake) -> None:
    # IMAPISession::OpenEntry, return value MAPI_E_UNKNOWN_ENTRYID: no provider recognizes the id.
    session = logon()
    foreign = b"\0\0\0\0" + bytes(range(16)) + b"someone else's entry id"
    assert hr_of(session.OpenEntry, foreign, None, 0) == MAPI_E_UNKNOWN_ENTRYID
    assert hr_of(session.CompareEntryIDs, foreign, foreign, 0) == MAPI_E_UNKNOWN_ENTRYID


def test_open_msg_store_and_query_interface_with_iid_imapiprop_give_a_pyimapiprop(fk: fakemapi.Fake) -> None:
    # pywin32 builds the returned wrapper from the IID asked for (PyIMAPISession.i OpenMsgStore and
    # PyIUnknown::QueryInterface use PyCom_PyObjectFromIUnknown(pUnk, iid)): IID_IMAPIProp gives a
    # PyIMAPIProp, with IMAPIProp's methods and no more.
    m = pw()
    session = logon()
    prop_type = m.pythoncom.TypeIIDs[m.mapi.IID_IMAPIProp]
    store = session.OpenMsgStore(0, store_eids(session)[0], m.mapi.IID_IMAPIProp, m.mapi.MDB_WRITE)
    assert type(store).__name__ == "PyIMAPIProp" and isinstance(store, prop_type)
    assert not hasattr(store, "GetReceiveFolder") and not hasattr(store, "OpenEntry")
    assert prop(store, PR_DISPLAY_NAME_W) == "Mailbox - Administrator"
    full = own_store(session)
    for obj in (full, full.OpenEntry(inbox_eid(full), None, 0), full.OpenEntry(saved_message(full), None, 0)):
        as_prop = obj.QueryInterface(m.mapi.IID_IMAPIProp)
        assert type(as_prop).__name__ == "PyIMAPIProp" and isinstance(as_prop, prop_type)
        assert not hasattr(as_prop, "OpenEntry") and not hasattr(as_prop, "GetAttachmentTable")
        assert prop(as_prop, PR_DISPLAY_NAME_W) == prop(obj, PR_DISPLAY_NAME_W)
