"""IMAPIFolder: folders and messages created, copied, moved, deleted; read flags; hierarchy and
contents tables; generated messages stay cheap."""

from __future__ import annotations

from test_contents_kit import fk, folder, logon, messages, own_store, prop, pw, raises, subtree  # noqa: F401

import fakemapi

PR_ENTRYID = 0x0FFF0102
PR_SUBJECT = 0x0037001F
PR_DISPLAY_NAME = 0x3001001F
PR_CONTENT_COUNT = 0x36020003
PR_CONTENT_UNREAD = 0x36030003
MAPI_W_PARTIAL_COMPLETION = 263808


def test_create_folder_collides_unless_open_if_exists(fk):
    m = pw()
    store = own_store(logon())
    parent = subtree(store, m.mapi.MAPI_MODIFY)
    created = parent.CreateFolder(m.mapi.FOLDER_GENERIC, "Receipts", "kept for tax", None, 0)
    assert type(created).__name__ == "PyIMAPIFolder"
    assert prop(created, PR_DISPLAY_NAME) == "Receipts"
    assert prop(created, 0x3004001F) == "kept for tax"
    raises(-2147219964, parent.CreateFolder, m.mapi.FOLDER_GENERIC, "receipts", None, None, 0)  # MAPI_E_COLLISION
    again = parent.CreateFolder(m.mapi.FOLDER_GENERIC, "Receipts", None, None, m.mapi.OPEN_IF_EXISTS)
    assert prop(again, PR_ENTRYID) == prop(created, PR_ENTRYID)
    assert prop(parent, 0x360A000B) is True


def test_delete_folder_needs_del_folders_and_del_messages(fk):
    m = pw()
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    projects = prop(folder(store, "Projects"), PR_ENTRYID)
    assert raises(-2147219959, inbox.DeleteFolder, projects, 0, None, 0)  # MAPI_E_HAS_FOLDERS
    raises(-2147219958, inbox.DeleteFolder, projects, 0, None, m.mapi.DEL_FOLDERS)  # MAPI_E_HAS_MESSAGES
    assert inbox.DeleteFolder(projects, 0, None, m.mapi.DEL_FOLDERS | m.mapi.DEL_MESSAGES) == 0
    raises(-2147221233, store.OpenEntry, projects, None, 0)  # MAPI_E_NOT_FOUND


def test_created_message_lands_in_the_folder_on_save_changes(fk):
    m = pw()
    store = own_store(logon())
    outbox_eid = prop(store, m.mapitags.PR_IPM_OUTBOX_ENTRYID)
    outbox = store.OpenEntry(outbox_eid, None, m.mapi.MAPI_MODIFY)
    msg = outbox.CreateMessage(None, 0)
    msg.SetProps([(PR_SUBJECT, "Draft")])
    assert prop(outbox, PR_CONTENT_COUNT) == 0
    assert msg.GetProps((PR_ENTRYID,), 0)[1][0] == (0x0FFF000A, -2147221233)
    msg.SaveChanges(0)
    assert prop(outbox, PR_CONTENT_COUNT) == 1
    assert messages(outbox, PR_SUBJECT, 0x0E070003) == [("Draft", 0x9)]  # MSGFLAG_READ | MSGFLAG_UNSENT
    assert prop(msg, PR_ENTRYID) == messages(outbox, PR_ENTRYID)[0][0]


def test_associated_messages_live_in_the_associated_contents_table(fk):
    m = pw()
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    fai = inbox.CreateMessage(None, m.mapi.MAPI_ASSOCIATED)
    fai.SetProps([(0x001A001F, "IPM.Configuration.Test")])
    fai.SaveChanges(0)
    assoc = inbox.GetContentsTable(m.mapi.MAPI_ASSOCIATED)
    assoc.SetColumns((0x001A001F, 0x0E070003), 0)
    assert assoc.QueryRows(10, 0) == (((0x001A001F, "IPM.Configuration.Test"), (0x0E070003, 0x49)),)
    assert prop(inbox, PR_CONTENT_COUNT) == 22
    assert prop(inbox, 0x36170003) == 1  # PR_ASSOC_CONTENT_COUNT


def test_copy_messages_with_message_move_moves_and_reports_partial_completion(fk):
    m = pw()
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    projects = folder(store, "Projects")
    eids = [row[0] for row in messages(inbox, PR_ENTRYID)[:2]]
    bogus = eids[0][:-8] + b"\xff\xff\xff\xff\xff\xff\0\0"
    assert inbox.CopyMessages(eids + [bogus], None, projects, 0, None, m.mapi.MAPI_MOVE) == MAPI_W_PARTIAL_COMPLETION
    assert prop(inbox, PR_CONTENT_COUNT) == 20
    assert sorted(s for (s,) in messages(projects, PR_SUBJECT)) == ["Big", "Hello", "Plan"]
    raises(-2147221233, store.OpenEntry, eids[0], None, 0)  # a moved message has a new entry id
    assert projects.CopyMessages(messages(projects, PR_ENTRYID)[0][0], None, inbox, 0, None, 0) == 0
    assert prop(inbox, PR_CONTENT_COUNT) == 21


def test_delete_messages_and_empty_folder(fk):
    m = pw()
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    eid = messages(inbox, PR_ENTRYID)[0][0]
    assert inbox.DeleteMessages([eid], 0, None, 0) == 0
    assert inbox.DeleteMessages(eid, 0, None, 0) == MAPI_W_PARTIAL_COMPLETION
    assert prop(inbox, PR_CONTENT_COUNT) == 21
    assert inbox.EmptyFolder(0, None, 0) == 0
    assert (prop(inbox, PR_CONTENT_COUNT), prop(inbox, 0x360A000B)) == (0, False)
    assert m.mapi.HrQueryAllRows(inbox.GetContentsTable(0), None, None, None, 0) == ()


def test_set_read_flags_marks_all_or_some_and_clears(fk):
    m = pw()
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    assert prop(inbox, PR_CONTENT_UNREAD) == 21
    # pywin32 cannot pass NULL ("all messages"): mapiutil.cpp PyMAPIObject_AsSBinaryArray refuses None
    with pytest.raises(TypeError, match="^SBinaryArray must be a sequence of strings$"):
        inbox.SetReadFlags(None, 0, None, 0)
    every = [row[0] for row in messages(inbox, PR_ENTRYID)]
    assert inbox.SetReadFlags(every, 0, None, 0) == 0
    assert prop(inbox, PR_CONTENT_UNREAD) == 0
    eids = every[:3]
    assert inbox.SetReadFlags(eids, 0, None, m.mapi.CLEAR_READ_FLAG) == 0
    assert prop(inbox, PR_CONTENT_UNREAD) == 3
    msg = inbox.OpenEntry(eids[0], None, 0)
    msg.SetReadFlag(0)
    assert prop(inbox, PR_CONTENT_UNREAD) == 2
    assert prop(msg, 0x0E070003) & 0x1 == 1


def test_hierarchy_table_with_convenient_depth_lists_the_tree_with_pr_depth(fk):
    m = pw()
    store = own_store(logon())
    table = subtree(store).GetHierarchyTable(m.mapi.CONVENIENT_DEPTH)
    rows = m.mapi.HrQueryAllRows(table, (PR_DISPLAY_NAME, 0x30050003), None, None, 0)
    assert [(r[0][1], r[1][1]) for r in rows] == [
        ("Inbox", 1), ("Projects", 2), ("Archive", 3), ("Outbox", 1), ("Sent Items", 1), ("Deleted Items", 1),
        # the exchange-2003 preset's default folders (fakemapi/world/mailbox_layout.py, MS-OXOSFLD 2.2)
        ("Calendar", 1), ("Contacts", 1), ("Drafts", 1), ("Journal", 1), ("Notes", 1), ("Tasks", 1),
        ("Junk E-mail", 1), ("Sync Issues", 1), ("Conflicts", 2), ("Local Failures", 2), ("Server Failures", 2)]
    flat = subtree(store).GetHierarchyTable(0)
    assert flat.GetRowCount(0) == 12


def test_a_hundred_thousand_generated_messages_cost_only_the_rows_read(install_big):
    fake, store, inbox = install_big
    assert prop(inbox, PR_CONTENT_COUNT) == 100_000
    assert prop(inbox, PR_CONTENT_UNREAD) == 100_000
    table = inbox.GetContentsTable(0)
    table.SetColumns((PR_SUBJECT,), 0)
    assert table.QueryRows(3, 0) == (((PR_SUBJECT, "Item 1"),), ((PR_SUBJECT, "Item 2"),), ((PR_SUBJECT, "Item 3"),))
    table.SeekRow(pw().mapi.BOOKMARK_END, -1)
    assert table.QueryRows(1, 0) == (((PR_SUBJECT, "Item 100000"),),)
    inbox_data = fake.runtime.server.store_of(fake.world.mailbox("alice")).folders[3]
    assert len(inbox_data.messages) == 0  # nothing built to stay


import pytest  # noqa: E402


@pytest.fixture
def install_big():
    world = {"schema_version": 1, "servers": [{"name": "EX01"}],
             "mailboxes": [{"alias": "alice", "folders": {"Inbox": {"messages": [
                 {"generate": {"count": 100_000, "subject": "Item {n}", "every": 60}}]}}}],
             "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}]}
    fake = fakemapi.install(world)
    pw().mapi.MAPIInitialize(None)
    try:
        store = own_store(logon())
        yield fake, store, folder(store, "Inbox")
    finally:
        fakemapi.uninstall()
