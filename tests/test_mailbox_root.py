"""A mailbox's root holds the folders Exchange makes there, beside the IPM subtree.

Sources: MS-OXCSTOR 2.2.1.1.3 (RopLogon response for a private mailbox: FolderIds of the
Mailbox Root, "All other folders listed here are direct or indirect children of this folder":
Deferred Action, Spooler Queue, IPM subtree, Inbox, Outbox, Sent Items, Deleted Items, Common
Views, Schedule, Search, Views, Shortcuts); MAPI Special Folders (the search-results,
common-views and personal-views root folders "are not part of the IPM subtree; these folders are
created in the root folder of the message store"); MS-OXOSFLD 2.2.1 (Root, Finder, Common Views,
Personal Views: no container class; Reminders), 2.2.3 (PidTagRemindersOnlineEntryId on the Root
folder and the Inbox) and the creation of the Reminders folder (the client sets its search
criteria: a search folder); MAPITags.h (PR_VIEWS_ENTRYID 0x35E5, PR_COMMON_VIEWS_ENTRYID 0x35E6,
PR_FINDER_ENTRYID 0x35E7), EdkMdb.h:240 and :243 (PR_SCHEDULE_FOLDER_ENTRYID, pidStoreMin+0x06,
"All mailbox stores"; PR_IPM_DAF_ENTRYID, pidStoreMin+0x07, "All mailbox and gateway stores"),
MAPIDefS.h:1853-1855 (FOLDER_ROOT 0, FOLDER_GENERIC 1, FOLDER_SEARCH 2) and :2062-2069
(FOLDER_*_VALID bits of PR_VALID_FOLDER_MASK), all in pywin32's MAPIStubLibrary/include.
The documents do not settle the display names or the order of the root's rows: the fake follows
the order of the RopLogon FolderIds (world/mailbox_layout.py says so).
"""

from __future__ import annotations

from typing import Any

import pytest
from test_contents_kit import pw, raises

import fakemapi
from fakemapi.trace import Clock
from fakemapi.world.model import World
from fakemapi.world.server import ServerSide

PR_ENTRYID = 0x0FFF0102
PR_PARENT_ENTRYID = 0x0E090102
PR_DISPLAY_NAME = 0x3001001F
PR_CONTAINER_CLASS = 0x3613001F
PR_FOLDER_TYPE = 0x36010003
PR_SUBFOLDERS = 0x360A000B
PR_DEPTH = 0x30050003
PR_VALID_FOLDER_MASK = 0x35DF0003
PR_IPM_SUBTREE_ENTRYID = 0x35E00102
PR_VIEWS_ENTRYID = 0x35E50102
PR_COMMON_VIEWS_ENTRYID = 0x35E60102
PR_FINDER_ENTRYID = 0x35E70102
PR_SCHEDULE_FOLDER_ENTRYID = 0x661E0102
PR_IPM_DAF_ENTRYID = 0x661F0102
PR_REM_ONLINE_ENTRYID = 0x36D50102
PR_NON_IPM_SUBTREE_ENTRYID = 0x66200102
FOLDER_ROOT, FOLDER_GENERIC, FOLDER_SEARCH = 0, 1, 2
MAPI_E_NOT_FOUND = -2147221233  # 0x8004010F
MAPI_E_NO_ACCESS = -2147024891  # 0x80070005
MAPI_E_COLLISION = -2147219964  # 0x80040604
PT_ERROR = 0x000A

#: the server's folders in the root's hierarchy order, around the IPM subtree
SERVER_ROWS = ["Deferred Action", "Spooler Queue", "Top of Information Store", "Common Views", "Schedule",
               "Finder", "Views", "Shortcuts"]
#: the store property naming each of the root's folders (the two without one: none in the headers)
STORE_NAMES = {PR_IPM_DAF_ENTRYID: "Deferred Action", PR_IPM_SUBTREE_ENTRYID: "Top of Information Store",
               PR_COMMON_VIEWS_ENTRYID: "Common Views", PR_SCHEDULE_FOLDER_ENTRYID: "Schedule",
               PR_FINDER_ENTRYID: "Finder", PR_VIEWS_ENTRYID: "Views"}


def _world(preset: str) -> dict[str, Any]:
    return {"schema_version": 1, "server_preset": preset, "servers": [{"name": "EX01"}],
            "mailboxes": [{"alias": "alice", "display_name": "Alice", "folders": {"Projects": {}}}],
            "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}]}


@pytest.fixture(params=["exchange-5.5", "exchange-2003", "exchange-2010"])
def preset(request: pytest.FixtureRequest) -> Any:
    fakemapi.install(_world(request.param))
    pw().mapi.MAPIInitialize(None)
    try:
        yield request.param
    finally:
        fakemapi.uninstall()


def _stores() -> list[Any]:
    """The session's stores in stores-table order: the mailbox, then the public store."""
    m = pw().mapi
    session = m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)
    rows = m.HrQueryAllRows(session.GetMsgStoresTable(0), (PR_ENTRYID,), None, None, 0)
    return [session.OpenMsgStore(0, row[0][1], None, m.MDB_WRITE) for row in rows]


def _rows(table: Any, *tags: int) -> list[tuple[Any, ...]]:
    return [tuple(v for _, v in row) for row in pw().mapi.HrQueryAllRows(table, tags, None, None, 0)]


def _props(obj: Any, *tags: int) -> tuple[Any, ...]:
    return tuple(v for _, v in obj.GetProps(tags, 0)[1])


def _expected_root(preset: str) -> list[str]:
    # Reminders is Outlook's (from Outlook 2003 on, inferred): not in an Exchange 5.5 mailbox
    return SERVER_ROWS + ([] if preset == "exchange-5.5" else ["Reminders"])


def test_the_root_hierarchy_lists_the_servers_folders_around_top_of_information_store(preset):
    store = _stores()[0]
    root = store.OpenEntry(None, None, 0)
    rows = _rows(root.GetHierarchyTable(0), PR_DISPLAY_NAME, PR_FOLDER_TYPE, PR_DEPTH, PR_SUBFOLDERS)
    assert [r[0] for r in rows] == _expected_root(preset)
    assert {r[2] for r in rows} == {0}  # without CONVENIENT_DEPTH: the root's children only, depth 0
    kinds = {r[0]: r[1] for r in rows}
    assert kinds.pop("Reminders", FOLDER_SEARCH) == FOLDER_SEARCH
    assert set(kinds.values()) == {FOLDER_GENERIC}
    # only the IPM subtree has subfolders
    assert [r[0] for r in rows if r[3]] == ["Top of Information Store"]


def test_the_root_hierarchy_with_convenient_depth_puts_the_ipm_folders_one_level_down(preset):
    m = pw().mapi
    store = _stores()[0]
    root = store.OpenEntry(None, None, 0)
    deep = _rows(root.GetHierarchyTable(m.CONVENIENT_DEPTH), PR_DISPLAY_NAME, PR_DEPTH)
    assert [name for name, depth in deep if depth == 1] == _expected_root(preset)
    subtree = store.OpenEntry(_props(store, PR_IPM_SUBTREE_ENTRYID)[0], None, 0)
    below = [name for name, _ in _rows(subtree.GetHierarchyTable(m.CONVENIENT_DEPTH), PR_DISPLAY_NAME, PR_DEPTH)]
    # the subtree's folders follow its row, one level deeper, and nothing of the root's is among them
    at = [name for name, _ in deep].index("Top of Information Store")
    assert [name for name, _ in deep[at + 1:at + 1 + len(below)]] == below
    assert all(depth >= 2 for _, depth in deep[at + 1:at + 1 + len(below)])
    assert "Finder" not in below and "Projects" in below


def test_the_store_names_the_roots_folders_and_opens_each_with_its_props(preset):
    store = _stores()[0]
    root = store.OpenEntry(None, None, 0)
    root_eid = _props(root, PR_ENTRYID)[0]
    hr, props = store.GetProps(tuple(STORE_NAMES), 0)
    assert hr == 0
    for (tag, eid), name in zip(props, STORE_NAMES.values()):
        folder = store.OpenEntry(eid, None, 0)
        assert _props(folder, PR_DISPLAY_NAME, PR_ENTRYID, PR_PARENT_ENTRYID) == (name, eid, root_eid), tag
        kind, subfolders = _props(folder, PR_FOLDER_TYPE, PR_SUBFOLDERS)
        assert kind == FOLDER_GENERIC
        assert subfolders is (name == "Top of Information Store")
    # the hierarchy rows carry the same entry ids the store names
    by_name = {name: eid for eid, name in _rows(root.GetHierarchyTable(0), PR_ENTRYID, PR_DISPLAY_NAME)}
    assert {tag: by_name[name] for tag, name in STORE_NAMES.items()} == dict(props)


def test_the_non_ipm_root_folders_have_no_container_class(preset):
    # MS-OXOSFLD 2.2.1: Root, Finder, Top of Personal Folders, Common Views, Personal Views: "None"
    store = _stores()[0]
    for tag in (PR_FINDER_ENTRYID, PR_COMMON_VIEWS_ENTRYID, PR_VIEWS_ENTRYID, PR_IPM_SUBTREE_ENTRYID):
        folder = store.OpenEntry(_props(store, tag)[0], None, 0)
        hr, props = folder.GetProps((PR_CONTAINER_CLASS,), 0)
        assert props == (((PR_CONTAINER_CLASS & 0xFFFF0000) | PT_ERROR, MAPI_E_NOT_FOUND),)
    root = store.OpenEntry(None, None, 0)
    assert _props(root, PR_FOLDER_TYPE) == (FOLDER_ROOT,)


def test_the_valid_folder_mask_vouches_for_every_folder_the_store_names(preset):
    # MAPIDefS.h: IPM_SUBTREE 0x1, IPM_INBOX 0x2, IPM_OUTBOX 0x4, IPM_WASTEBASKET 0x8,
    # IPM_SENTMAIL 0x10, VIEWS 0x20, COMMON_VIEWS 0x40, FINDER 0x80
    store = _stores()[0]
    assert _props(store, PR_VALID_FOLDER_MASK) == (0xFF,)


def test_reminders_is_a_search_folder_under_the_root_named_by_the_root_and_the_inbox(preset):
    store = _stores()[0]
    root = store.OpenEntry(None, None, 0)
    inbox = store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, 0)
    if preset == "exchange-5.5":
        missing = ((PR_REM_ONLINE_ENTRYID & 0xFFFF0000) | PT_ERROR, MAPI_E_NOT_FOUND)
        assert root.GetProps((PR_REM_ONLINE_ENTRYID,), 0)[1] == (missing,)
        assert inbox.GetProps((PR_REM_ONLINE_ENTRYID,), 0)[1] == (missing,)
        return
    eid = _props(root, PR_REM_ONLINE_ENTRYID)[0]
    assert _props(inbox, PR_REM_ONLINE_ENTRYID) == (eid,)
    reminders = store.OpenEntry(eid, None, 0)
    assert _props(reminders, PR_DISPLAY_NAME, PR_CONTAINER_CLASS, PR_FOLDER_TYPE, PR_PARENT_ENTRYID) == (
        "Reminders", "Outlook.Reminder", FOLDER_SEARCH, _props(root, PR_ENTRYID)[0])
    assert reminders.GetContentsTable(0).GetRowCount(0) == 0  # fakemapi does not run search folders


def test_a_program_walking_the_root_by_name_finds_the_ipm_subtree(preset):
    # what clients do that look for "Top of Information Store" among the root's rows rather than
    # reading PR_IPM_SUBTREE_ENTRYID
    m = pw().mapi
    store = _stores()[0]
    root = store.OpenEntry(None, None, 0)
    rows = _rows(root.GetHierarchyTable(m.MAPI_UNICODE), PR_ENTRYID, PR_DISPLAY_NAME)
    found = [eid for eid, name in rows if name == "Top of Information Store"]
    assert found == [_props(store, PR_IPM_SUBTREE_ENTRYID)[0]]


def test_the_roots_server_folders_cannot_be_deleted_and_stay(preset):
    # like the standard folders (MAPI Special Folders: "These special folders typically cannot be
    # deleted"); the fake answers MAPI_E_NO_ACCESS for each and keeps it
    m = pw().mapi
    store = _stores()[0]
    root = store.OpenEntry(None, None, m.MAPI_MODIFY)
    for tag in (PR_FINDER_ENTRYID, PR_VIEWS_ENTRYID, PR_IPM_DAF_ENTRYID):
        eid = _props(store, tag)[0]
        raises(MAPI_E_NO_ACCESS, root.DeleteFolder, eid, 0, None, 0)
    assert [r[0] for r in _rows(root.GetHierarchyTable(0), PR_DISPLAY_NAME)] == _expected_root(preset)


def test_creating_a_root_folder_with_a_server_folders_name_collides(preset):
    # IMAPIFolder::CreateFolder: MAPI_E_COLLISION for a name a subfolder has; OPEN_IF_EXISTS opens it
    m = pw().mapi
    store = _stores()[0]
    root = store.OpenEntry(None, None, m.MAPI_MODIFY)
    raises(MAPI_E_COLLISION, root.CreateFolder, m.FOLDER_GENERIC, "Finder", None, None, 0)
    again = root.CreateFolder(m.FOLDER_GENERIC, "Finder", None, None, m.OPEN_IF_EXISTS)
    assert _props(again, PR_ENTRYID) == _props(store, PR_FINDER_ENTRYID)


def test_the_public_store_keeps_its_own_root_and_names_none_of_the_mailbox_folders(preset):
    # the public folders logon (MS-OXCSTOR RopLogon) names its root, IPM subtree and non-IPM subtree
    public = _stores()[1]
    root = public.OpenEntry(None, None, 0)
    assert [r[0] for r in _rows(root.GetHierarchyTable(0), PR_DISPLAY_NAME)] == ["IPM_SUBTREE", "NON_IPM_SUBTREE"]
    hr, props = public.GetProps((PR_FINDER_ENTRYID, PR_VIEWS_ENTRYID, PR_SCHEDULE_FOLDER_ENTRYID), 0)
    assert [value for _, value in props] == [MAPI_E_NOT_FOUND] * 3
    assert _props(public, PR_VALID_FOLDER_MASK) == (0x1,)


def test_the_store_names_the_roots_folders_without_building_its_tree() -> None:
    # the lazy tree (benchmark B5 opens 300 mailboxes and reads one property of each): the store's
    # properties name the root's folders by their fixed counters, the same ids the tree has later
    world = World.from_dict(_world("exchange-2003"))
    store: Any = ServerSide(world, Clock()).store_of(world.mailbox("alice"))
    bag = store.props(store.canonical_entryid)
    assert store._folders is None
    named = {tag: bag[tag >> 16][1] for tag in STORE_NAMES}
    assert {tag: store.folder(eid).name for tag, eid in named.items()} == STORE_NAMES
