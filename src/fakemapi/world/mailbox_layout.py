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

Beside the IPM subtree, the server makes the mailbox's non-IPM folders under the Root folder:
MS-OXCSTOR 2.2.1.1.3 (the RopLogon response for a private mailbox names the Mailbox Root and, as
"direct or indirect children of this folder", Deferred Action, Spooler Queue, the IPM subtree,
Inbox, Outbox, Sent Items, Deleted Items, Common Views, Schedule, Search, Views, Shortcuts);
"MAPI Special Folders" (the search-results, common-views and personal-views root folders "are not
part of the IPM subtree; these folders are created in the root folder of the message store");
MS-OXOSFLD 2.2.1 (Finder, Common Views and Personal Views have no container class). The store names
them: PR_FINDER_ENTRYID, PR_COMMON_VIEWS_ENTRYID, PR_VIEWS_ENTRYID (MAPITags.h, the folders
PR_VALID_FOLDER_MASK vouches for: MAPIDefS.h FOLDER_*_VALID), PR_SCHEDULE_FOLDER_ENTRYID ("All
mailbox stores") and PR_IPM_DAF_ENTRYID (the deferred-action folder, "All mailbox and gateway
stores"), EdkMdb.h. Spooler Queue and Shortcuts have no store property in those headers.
The documents do not settle the display names (the role names of MS-OXCSTOR are used, and
"Finder" for the search root as MS-OXOSFLD 2.2.1 calls it), nor the order of the root's hierarchy
rows (the order of the RopLogon FolderIds is used: Deferred Action, Spooler Queue, Top of
Information Store, Common Views, Schedule, Finder, Views, Shortcuts, then the client's Reminders).
Reminders is the client's: MS-OXOSFLD 2.2.1 (a special folder), 2.2.3 (PidTagRemindersOnlineEntryId
on the Root folder and the Inbox) and its section on creating the Reminders folder ("a client SHOULD
set the search criteria for the Reminders folder": a search folder, PR_FOLDER_TYPE FOLDER_SEARCH,
under the root); its container class "Outlook.Reminder" is what published clients give it (Zarafa,
OpenChange provisioning, exchangelib), not read in the documents here. Which Outlook first made it
is inferred (Outlook 2003: the exchange-2003 and exchange-2010 presets); it stays empty (fakemapi
does not run search folders).
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
PR_REM_ONLINE_ENTRYID = 0x36D50102
PR_VIEWS_ENTRYID = 0x35E50102
PR_COMMON_VIEWS_ENTRYID = 0x35E60102
PR_FINDER_ENTRYID = 0x35E70102
#: EdkMdb.h: pidStoreMin (0x6618) + 0x06 and + 0x07
PR_SCHEDULE_FOLDER_ENTRYID = 0x661E0102
PR_IPM_DAF_ENTRYID = 0x661F0102
#: PR_FOLDER_TYPE (MAPIDefS.h)
FOLDER_GENERIC, FOLDER_SEARCH = 1, 2

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
REMINDERS: FolderRow = (29, "Reminders", 1, "Outlook.Reminder", PR_REM_ONLINE_ENTRYID)
#: the client's folders that are search folders (PR_FOLDER_TYPE FOLDER_SEARCH)
SEARCH_FOLDERS = frozenset({REMINDERS[0]})

#: (counter, name, the store property naming it) of the server's non-IPM folders under the root
#: (no container class, MS-OXOSFLD 2.2.1), in the order they are the root's hierarchy rows; the
#: IPM subtree (counter 2) comes after Spooler Queue (see the module's docstring)
RootRow = tuple[int, str, "int | None"]
DEFERRED_ACTION: RootRow = (22, "Deferred Action", PR_IPM_DAF_ENTRYID)
SPOOLER_QUEUE: RootRow = (23, "Spooler Queue", None)
COMMON_VIEWS: RootRow = (24, "Common Views", PR_COMMON_VIEWS_ENTRYID)
SCHEDULE: RootRow = (25, "Schedule", PR_SCHEDULE_FOLDER_ENTRYID)
FINDER: RootRow = (26, "Finder", PR_FINDER_ENTRYID)
VIEWS: RootRow = (27, "Views", PR_VIEWS_ENTRYID)
SHORTCUTS: RootRow = (28, "Shortcuts", None)
ROOT_FOLDERS: tuple[RootRow, ...] = (DEFERRED_ACTION, SPOOLER_QUEUE, COMMON_VIEWS, SCHEDULE, FINDER, VIEWS,
                                     SHORTCUTS)
#: their counters: like the standard folders, they cannot be deleted (inferred: "These special
#: folders typically cannot be deleted", MAPI Special Folders; the server names them at logon)
SERVER_ROOT_FOLDERS = frozenset(row[0] for row in ROOT_FOLDERS)
#: how many of ROOT_FOLDERS come before the IPM subtree in the root's hierarchy
_BEFORE_SUBTREE = 2
#: the store properties naming root folders, with the folder's counter (StoreData's bag)
STORE_SPECIAL: tuple[tuple[int, int], ...] = tuple((tag, c) for c, _, tag in ROOT_FOLDERS if tag is not None)

_OUTLOOK_2000 = (CALENDAR, CONTACTS, DRAFTS, JOURNAL, NOTES, TASKS)
_OUTLOOK_2003 = _OUTLOOK_2000 + (JUNK, SYNC_ISSUES, CONFLICTS, LOCAL_FAILURES, SERVER_FAILURES, REMINDERS)
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


def add_root_folders(store: StoreData, folder_class: type[Folder]) -> None:
    """Make the server's non-IPM folders under the root of a new private store (of
    ``folder_class``, see :func:`add_default_folders`), in the root's hierarchy order."""
    from fakemapi.world.entryid import folder_entryid

    raw_guid = store.guid.bytes_le
    root = store.folders[ROOT]
    made = []
    for counter, name, _ in ROOT_FOLDERS:
        folder = folder_class(store, counter, name, root, None,
                              entryid=folder_entryid(raw_guid, counter, public=False))
        store.folders[counter] = folder
        made.append(folder)
    root.children[:0] = made[:_BEFORE_SUBTREE]
    root.children.extend(made[_BEFORE_SUBTREE:])


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
                        entryid=folder_entryid(raw_guid, counter, public=False),
                        kind=FOLDER_SEARCH if counter in SEARCH_FOLDERS else FOLDER_GENERIC)
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
