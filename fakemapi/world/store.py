"""Store contents on the server: the folder tree of a mailbox or public store.

Every private store has the standard folders (root, the IPM subtree "Top of Information
Store", Inbox, Outbox, Sent Items, Deleted Items) with fixed entry ids derived from the
mailbox GUID, so the same world always gives the same ids (R14).
"""

from __future__ import annotations

import uuid
from typing import Any

import attrs

from fakemapi import tags as t
from fakemapi.hresult import fail
from fakemapi.props import Bag, make_bag
from fakemapi.world.entryid import folder_entryid, parse_folder_entryid
from fakemapi.world.model import Mailbox, Server

MAPI_FOLDER = 3
FOLDER_ROOT = 0
FOLDER_GENERIC = 1

#: (counter, name, parent counter, container class) of the standard private folders.
PRIVATE_FOLDERS: tuple[tuple[int, str, int, str | None], ...] = (
    (1, "", 0, None),
    (2, "Top of Information Store", 1, None),
    (3, "Inbox", 2, "IPF.Note"),
    (4, "Outbox", 2, "IPF.Note"),
    (5, "Sent Items", 2, "IPF.Note"),
    (6, "Deleted Items", 2, "IPF.Note"),
)
PUBLIC_FOLDERS: tuple[tuple[int, str, int, str | None], ...] = (
    (1, "", 0, None),
    (2, "IPM_SUBTREE", 1, None),
    (3, "NON_IPM_SUBTREE", 1, None),
)
ROOT, IPM_SUBTREE, INBOX, OUTBOX, SENT_ITEMS, DELETED_ITEMS = 1, 2, 3, 4, 5, 6


@attrs.define(slots=True, eq=False)
class Folder:
    store: StoreData
    counter: int
    name: str
    parent: Folder | None
    container_class: str | None
    children: list[Folder] = attrs.field(factory=list)
    entryid: bytes = b""
    #: properties clients saved on the folder
    extra: Bag = attrs.field(factory=dict)

    def props(self) -> Bag:
        pairs: list[tuple[int, Any]] = [
            (t.PR_ENTRYID, self.entryid),
            (t.PR_RECORD_KEY, self.entryid[-24:]),
            (t.PR_INSTANCE_KEY, self.counter.to_bytes(4, "little")),
            (t.PR_OBJECT_TYPE, MAPI_FOLDER),
            (t.PR_DISPLAY_NAME, self.name),
            (t.PR_FOLDER_TYPE, FOLDER_ROOT if self.parent is None else FOLDER_GENERIC),
            (t.PR_CONTENT_COUNT, 0),
            (t.PR_CONTENT_UNREAD, 0),
            (t.PR_SUBFOLDERS, bool(self.children)),
            (t.PR_PARENT_ENTRYID, (self.parent or self).entryid),
            (t.PR_STORE_ENTRYID, self.store.canonical_entryid),
            (t.PR_STORE_RECORD_KEY, self.store.guid.bytes_le),
        ]
        if self.container_class:
            pairs.append((t.PR_CONTAINER_CLASS, self.container_class))
        return make_bag(pairs)


@attrs.define(slots=True, eq=False)
class StoreData:
    """One mailbox store (``mailbox`` set) or a server's public store (``mailbox`` None)."""

    server: Server
    mailbox: Mailbox | None
    canonical_entryid: bytes
    guid: uuid.UUID
    folders: dict[int, Folder] = attrs.field(factory=dict)
    #: properties clients saved on the store object
    extra: Bag = attrs.field(factory=dict)
    _props_cache: dict[bytes, Bag] = attrs.field(factory=dict)

    @classmethod
    def create(cls, server: Server, mailbox: Mailbox | None, canonical_entryid: bytes) -> StoreData:
        guid = mailbox.guid if mailbox is not None else server.guid
        store = cls(server, mailbox, canonical_entryid, guid)
        layout = PRIVATE_FOLDERS if mailbox is not None else PUBLIC_FOLDERS
        for counter, name, parent, cls_name in layout:
            parent_folder = store.folders.get(parent)
            folder = Folder(store, counter, name, parent_folder, cls_name,
                            entryid=folder_entryid(guid, counter, public=mailbox is None))
            store.folders[counter] = folder
            if parent_folder is not None:
                parent_folder.children.append(folder)
        return store

    @property
    def public(self) -> bool:
        return self.mailbox is None

    @property
    def root(self) -> Folder:
        return self.folders[ROOT]

    def display_name(self) -> str:
        if self.mailbox is None:
            return "Public Folders"
        return f"Mailbox - {self.mailbox.display_name}"

    def folder(self, entryid: bytes) -> Folder:
        """The folder with this entry id; MAPI_E_INVALID_ENTRYID / MAPI_E_NOT_FOUND otherwise."""
        parsed = parse_folder_entryid(entryid)
        if parsed.store_guid != self.guid:
            raise fail("MAPI_E_INVALID_ENTRYID", detail="the entry id belongs to another store")
        folder = self.folders.get(parsed.counter)
        if folder is None:
            raise fail("MAPI_E_NOT_FOUND", detail="no such folder in this store")
        return folder

    def props(self, entryid: bytes) -> Bag:
        """The store object's own properties; ``entryid`` is the one it was opened with."""
        bag = self._props_cache.get(entryid)
        if bag is None:
            bag = self._props_cache[entryid] = self._compute_props(entryid)
        return bag

    def _compute_props(self, entryid: bytes) -> Bag:
        f = self.folders
        pairs: list[tuple[int, Any]] = [
            (t.PR_ENTRYID, entryid),
            (t.PR_STORE_ENTRYID, entryid),
            (t.PR_RECORD_KEY, self.guid.bytes_le),
            (t.PR_STORE_RECORD_KEY, self.guid.bytes_le),
            (t.PR_OBJECT_TYPE, 1),  # MAPI_STORE
            (t.PR_DISPLAY_NAME, self.display_name()),
            (t.PR_MDB_PROVIDER, PUBLIC_PROVIDER if self.public else PRIVATE_PROVIDER),
            (t.PR_STORE_SUPPORT_MASK, 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010),
        ]
        if self.mailbox is not None:
            pairs += [
                (t.PR_IPM_SUBTREE_ENTRYID, f[IPM_SUBTREE].entryid),
                (t.PR_IPM_OUTBOX_ENTRYID, f[OUTBOX].entryid),
                (t.PR_IPM_SENTMAIL_ENTRYID, f[SENT_ITEMS].entryid),
                (t.PR_IPM_WASTEBASKET_ENTRYID, f[DELETED_ITEMS].entryid),
                (t.PR_VALID_FOLDER_MASK, 0x3F),
                (t.PR_MAILBOX_OWNER_NAME, self.mailbox.display_name),
            ]
        else:
            pairs += [
                (t.PR_IPM_PUBLIC_FOLDERS_ENTRYID, f[2].entryid),
                (t.PR_NON_IPM_SUBTREE_ENTRYID, f[3].entryid),
            ]
        return make_bag(pairs)


# pbExchangeProviderPrimaryUserGuid / pbExchangeProviderPublicGuid (EdkMdb.h; iids.tsv), as bytes.
PRIVATE_PROVIDER = uuid.UUID("{C0A19454-7F29-1B10-A587-08002B2A2517}").bytes_le
PUBLIC_PROVIDER = uuid.UUID("{70FAB278-F7AF-CD11-9BC8-00AA002FC45A}").bytes_le
