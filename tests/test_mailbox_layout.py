"""Mailboxes as Exchange and Outlook leave them: default folders per server preset, their container
classes, the special-folder entry ids on the root folder and the Inbox (MS-OXOSFLD 2.2.3 to 2.2.5).
"""

from __future__ import annotations

from typing import Any

import pytest
from test_contents_kit import pw

import fakemapi

PR_DISPLAY_NAME = 0x3001001F
PR_CONTAINER_CLASS = 0x3613001F
PR_ENTRYID = 0x0FFF0102
PR_IPM_SUBTREE_ENTRYID = 0x35E00102
PR_IPM_APPOINTMENT_ENTRYID = 0x36D00102
PR_IPM_CONTACT_ENTRYID = 0x36D10102
PR_IPM_JOURNAL_ENTRYID = 0x36D20102
PR_IPM_NOTE_ENTRYID = 0x36D30102
PR_IPM_TASK_ENTRYID = 0x36D40102
PR_IPM_DRAFTS_ENTRYID = 0x36D70102
PR_ADDITIONAL_REN_ENTRYIDS = 0x36D81102
PR_SUBJECT = 0x0037001F

COMMON = [("Inbox", "IPF.Note"), ("Outbox", "IPF.Note"), ("Sent Items", "IPF.Note"), ("Deleted Items", "IPF.Note"),
          ("Calendar", "IPF.Appointment"), ("Contacts", "IPF.Contact"), ("Drafts", "IPF.Note"),
          ("Journal", "IPF.Journal"), ("Notes", "IPF.StickyNote"), ("Tasks", "IPF.Task")]
OUTLOOK_2003 = [("Junk E-mail", "IPF.Note"), ("Sync Issues", "IPF.Note")]
OUTLOOK_2010 = [("RSS Feeds", "IPF.Note.OutlookHomepage"), ("Conversation Action Settings", "IPF.Configuration"),
                ("Quick Step Settings", "IPF.Configuration"), ("Suggested Contacts", "IPF.Contact")]


def _world(preset: str) -> dict[str, Any]:
    return {"schema_version": 1, "server_preset": preset, "servers": [{"name": "EX01"}],
            "mailboxes": [{"alias": "alice", "display_name": "Alice", "folders": {
                "Contacts": {"messages": [{"subject": "Jane Doe", "message_class": "IPM.Contact"}]}}}],
            "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}]}


@pytest.fixture(params=["exchange-5.5", "exchange-2003", "exchange-2010"])
def preset(request: pytest.FixtureRequest) -> Any:
    fakemapi.install(_world(request.param))
    pw().mapi.MAPIInitialize(None)
    try:
        yield request.param
    finally:
        fakemapi.uninstall()


def _store() -> Any:
    m = pw().mapi
    session = m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)
    rows = m.HrQueryAllRows(session.GetMsgStoresTable(0), (PR_ENTRYID,), None, None, 0)
    return session.OpenMsgStore(0, rows[0][0][1], None, m.MDB_WRITE)


def _props(obj: Any, *tags: int) -> tuple[Any, ...]:
    return tuple(v for _, v in obj.GetProps(tags, 0)[1])


def test_each_preset_has_the_default_folders_with_their_container_classes(preset):
    store = _store()
    subtree = store.OpenEntry(_props(store, PR_IPM_SUBTREE_ENTRYID)[0], None, 0)
    rows = pw().mapi.HrQueryAllRows(subtree.GetHierarchyTable(0), (PR_DISPLAY_NAME, PR_CONTAINER_CLASS),
                                    None, None, 0)
    expected = COMMON + (OUTLOOK_2003 if preset != "exchange-5.5" else []) + (
        OUTLOOK_2010 if preset == "exchange-2010" else [])
    assert [(r[0][1], r[1][1]) for r in rows] == expected


def test_the_root_and_the_inbox_name_the_special_folders(preset):
    # MS-OXOSFLD 2.2.3: the PidTagIpm*EntryId properties are on the Root folder and the Inbox
    store = _store()
    root = store.OpenEntry(None, None, 0)
    inbox = store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, 0)
    tags = (PR_IPM_APPOINTMENT_ENTRYID, PR_IPM_CONTACT_ENTRYID, PR_IPM_JOURNAL_ENTRYID, PR_IPM_NOTE_ENTRYID,
            PR_IPM_TASK_ENTRYID, PR_IPM_DRAFTS_ENTRYID)
    names = ("Calendar", "Contacts", "Journal", "Notes", "Tasks", "Drafts")
    classes = ("IPF.Appointment", "IPF.Contact", "IPF.Journal", "IPF.StickyNote", "IPF.Task", "IPF.Note")
    from_root = _props(root, *tags)
    assert _props(inbox, *tags) == from_root
    for eid, name, cls in zip(from_root, names, classes):
        folder = store.OpenEntry(eid, None, 0)
        assert _props(folder, PR_DISPLAY_NAME, PR_CONTAINER_CLASS, PR_ENTRYID) == (name, cls, eid)


def test_the_inbox_lists_sync_issues_and_junk_in_additional_ren_entryids(preset):
    # MS-OXOSFLD 2.2.4: [0] Conflicts, [1] Sync Issues, [2] Local Failures, [3] Server Failures, [4] Junk E-mail
    store = _store()
    inbox = store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, 0)
    hr, props = inbox.GetProps((PR_ADDITIONAL_REN_ENTRYIDS,), 0)
    if preset == "exchange-5.5":  # Outlook 2000 made none of these folders
        assert props == ((0x36D8000A, -2147221233),)
        return
    ren = props[0][1]
    assert len(ren) == 5
    assert [_props(store.OpenEntry(eid, None, 0), PR_DISPLAY_NAME)[0] for eid in ren] == [
        "Conflicts", "Sync Issues", "Local Failures", "Server Failures", "Junk E-mail"]


def test_a_world_folder_named_like_a_default_folder_is_that_folder(preset):
    store = _store()
    contacts = store.OpenEntry(_props(store.OpenEntry(None, None, 0), PR_IPM_CONTACT_ENTRYID)[0], None, 0)
    table = contacts.GetContentsTable(0)
    table.SetColumns((PR_SUBJECT,), 0)
    assert table.QueryRows(10, 0) == (((PR_SUBJECT, "Jane Doe"),),)
