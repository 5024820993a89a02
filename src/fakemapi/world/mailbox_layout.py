"""Mailboxes as Exchange and Outlook leave them: the default folders of each server preset, their
container classes, and the special-folder entry ids on the root folder and the Inbox.

Sources: MS-OXOSFLD 2.2.3 (PidTagIpmAppointmentEntryId, PidTagIpmContactEntryId,
PidTagIpmDraftsEntryId, PidTagIpmJournalEntryId, PidTagIpmNoteEntryId, PidTagIpmTaskEntryId: on
the Root folder and the Inbox), 2.2.4 (PidTagAdditionalRenEntryIds on the Inbox: [0] Conflicts,
[1] Sync Issues, [2] Local Failures, [3] Server Failures, [4] Junk E-mail), 2.2.5
(PidTagContainerClass of each special folder), MS-OXPROPS for the property ids.

Which folders a preset has is inferred from the Outlook of each server's time (the folders are
created by the client, or by the server from Exchange 2007 on): Exchange 5.5 with Outlook 2000
(Calendar, Contacts, Drafts, Journal, Notes, Tasks), Exchange 2003 with Outlook 2003 (and Junk
E-mail, Sync Issues with Conflicts, Local Failures and Server Failures), Exchange 2010 with Outlook
2010 (and RSS Feeds, Conversation Action Settings, Quick Step Settings, Suggested Contacts).
Each folder has the same GlobalCounter in every mailbox and preset (R14), below the counters
the world's own folders and messages take (from 0x100).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fakemapi.world.store import Folder, StoreData

PR_IPM_APPOINTMENT_ENTRYID = 0x36D00102
PR_IPM_CONTACT_ENTRYID = 0x36D10102
PR_IPM_JOURNAL_ENTRYID = 0x36D20102
PR_IPM_NOTE_ENTRYID = 0x36D30102
PR_IPM_TASK_ENTRYID = 0x36D40102
PR_IPM_DRAFTS_ENTRYID = 0x36D70102
PR_ADDITIONAL_REN_ENTRYIDS = 0x36D81102

#: (counter, name, parent counter, container class, the root / Inbox property naming it)
FolderRow = tuple[int, str, int, str, "int | None"]
_SUBTREE = 2
CALENDAR: FolderRow = (7, "Calendar", _SUBTREE, "IPF.Appointment", PR_IPM_APPOINTMENT_ENTRYID)
CONTACTS: FolderRow = (8, "Contacts", _SUBTREE, "IPF.Contact", PR_IPM_CONTACT_ENTRYID)
DRAFTS: FolderRow = (9, "Drafts", _SUBTREE, "IPF.Note", PR_IPM_DRAFTS_ENTRYID)
JOURNAL: FolderRow = (10, "Journal", _SUBTREE, "IPF.Journal", PR_IPM_JOURNAL_ENTRYID)
NOTES: FolderRow = (11, "Notes", _SUBTREE, "IPF.StickyNote", PR_IPM_NOTE_ENTRYID)
TASKS: FolderRow = (12, "Tasks", _SUBTREE, "IPF.Task", PR_IPM_TASK_ENTRYID)
JUNK: FolderRow = (13, "Junk E-mail", _SUBTREE, "IPF.Note", None)
SYNC_ISSUES: FolderRow = (14, "Sync Issues", _SUBTREE, "IPF.Note", None)
CONFLICTS: FolderRow = (15, "Conflicts", 14, "IPF.Note", None)
LOCAL_FAILURES: FolderRow = (16, "Local Failures", 14, "IPF.Note", None)
SERVER_FAILURES: FolderRow = (17, "Server Failures", 14, "IPF.Note", None)
RSS_FEEDS: FolderRow = (18, "RSS Feeds", _SUBTREE, "IPF.Note.OutlookHomepage", None)
CONVERSATION_ACTIONS: FolderRow = (19, "Conversation Action Settings", _SUBTREE, "IPF.Configuration", None)
QUICK_STEPS: FolderRow = (20, "Quick Step Settings", _SUBTREE, "IPF.Configuration", None)
SUGGESTED_CONTACTS: FolderRow = (21, "Suggested Contacts", _SUBTREE, "IPF.Contact", None)

_OUTLOOK_2000 = (CALENDAR, CONTACTS, DRAFTS, JOURNAL, NOTES, TASKS)
_OUTLOOK_2003 = _OUTLOOK_2000 + (JUNK, SYNC_ISSUES, CONFLICTS, LOCAL_FAILURES, SERVER_FAILURES)
_OUTLOOK_2010 = _OUTLOOK_2003 + (RSS_FEEDS, CONVERSATION_ACTIONS, QUICK_STEPS, SUGGESTED_CONTACTS)

#: the default folders of a private mailbox, by server preset (beside root, IPM subtree, Inbox,
#: Outbox, Sent Items, Deleted Items, which every preset has)
DEFAULT_FOLDERS: dict[str, tuple[FolderRow, ...]] = {
    "exchange-5.5": _OUTLOOK_2000,
    "exchange-2003": _OUTLOOK_2003,
    "exchange-2010": _OUTLOOK_2010,
}
#: PidTagAdditionalRenEntryIds, index by index (MS-OXOSFLD 2.2.4)
_REN_ORDER = (CONFLICTS, SYNC_ISSUES, LOCAL_FAILURES, SERVER_FAILURES, JUNK)
ROOT, INBOX = 1, 3


def add_default_folders(store: StoreData, preset: str, folder_class: type[Folder]) -> None:
    """Make the preset's default folders (of ``folder_class``, the store's Folder: handed in so
    that this module does not import the store that calls it) in a new private store, and set
    the special-folder entry ids on its root folder and Inbox."""
    from fakemapi.world.entryid import folder_entryid

    rows = DEFAULT_FOLDERS.get(preset, ())
    raw_guid = store.guid.bytes_le
    for counter, name, parent, container, _ in rows:
        parent_folder = store.folders[parent]
        folder = folder_class(store, counter, name, parent_folder, container,
                        entryid=folder_entryid(raw_guid, counter, public=False))
        store.folders[counter] = folder
        parent_folder.children.append(folder)
    present = {row[0] for row in rows}
    special = [(tag, store.folders[counter].entryid) for counter, _, _, _, tag in rows if tag is not None]
    ren = tuple(store.folders[row[0]].entryid if row[0] in present else b"" for row in _REN_ORDER)
    for counter in (ROOT, INBOX):
        extra = store.folders[counter].extra
        for tag, eid in special:
            extra[tag >> 16] = (tag, eid)
    if any(ren):
        inbox = store.folders[INBOX].extra
        inbox[PR_ADDITIONAL_REN_ENTRYIDS >> 16] = (PR_ADDITIONAL_REN_ENTRYIDS, ren)
