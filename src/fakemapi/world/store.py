"""Store contents on the server: the folder tree of a mailbox or public store.

Every private store has the standard folders (root, the IPM subtree "Top of Information
Store", Inbox, Outbox, Sent Items, Deleted Items) with fixed entry ids derived from the
mailbox GUID, so the same world always gives the same ids (R14), and the non-IPM folders the
server makes under the root (world/mailbox_layout.py).
"""

from __future__ import annotations

import bisect
import datetime
import uuid
from collections.abc import Sequence
from typing import Any, Callable

import attrs

from fakemapi import tags as t
from fakemapi.hresult import fail
from fakemapi.props import Bag, make_bag
from fakemapi.world.contents import (
    CLOCK_EPOCH,
    IMPORTANCE_NORMAL,
    MSGFLAG_READ,
    MSGFLAG_UNSENT,
    PR_CREATION_TIME,
    PR_IMPORTANCE,
    PR_LAST_MODIFICATION_TIME,
    PR_MESSAGE_CLASS,
    PR_MESSAGE_FLAGS,
    PR_SENSITIVITY,
    PR_TRUST_SENDER,
    SENSITIVITY_NONE,
    Block,
    BlockRows,
    Message,
    NameMap,
    build_from_spec,
)
from fakemapi.world.entryid import (
    folder_entryid,
    folder_head,
    folder_tail,
    parse_folder_entryid,
    parse_message_entryid,
)
from fakemapi.world.events import (
    FNEV_OBJECT_CREATED,
    FNEV_OBJECT_DELETED,
    MAPI_MESSAGE,
    EventHub,
    StoreEvent,
)
from fakemapi.world.mailbox_layout import (
    COMMON_VIEWS,
    DEFERRED_ACTION,
    FINDER,
    PR_COMMON_VIEWS_ENTRYID,
    PR_FINDER_ENTRYID,
    PR_IPM_DAF_ENTRYID,
    PR_SCHEDULE_FOLDER_ENTRYID,
    PR_VIEWS_ENTRYID,
    SCHEDULE,
    STORE_SPECIAL,
    VIEWS,
    add_default_folders,
    add_root_folders,
)
from fakemapi.world.model import Mailbox, Server
from fakemapi.world.specs import FolderSpec, GeneratedSpec

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
PR_ASSOC_CONTENT_COUNT = t.tag("PR_ASSOC_CONTENT_COUNT")
ROOT, IPM_SUBTREE, INBOX, OUTBOX, SENT_ITEMS, DELETED_ITEMS = 1, 2, 3, 4, 5, 6
#: PR_VALID_FOLDER_MASK bit: PR_IPM_SUBTREE_ENTRYID is valid (MAPIDefS.h)
FOLDER_IPM_SUBTREE_VALID = 0x1
PR_ACCESS_LEVEL = t.tag("PR_ACCESS_LEVEL")


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
    #: messages that exist as objects (written out, opened, changed or created), by counter
    messages: dict[int, Message] = attrs.field(factory=dict)
    #: folder-associated (FAI) messages, by counter
    assoc: dict[int, Message] = attrs.field(factory=dict)
    #: generated messages not built yet
    blocks: list[Block] = attrs.field(factory=list)
    created: datetime.datetime = CLOCK_EPOCH
    deleted: bool = False
    #: PR_FOLDER_TYPE; None: FOLDER_ROOT for the root, FOLDER_GENERIC for the others
    kind: int | None = None
    _ids: tuple[int, list[int]] | None = None

    def props(self) -> Bag:
        pairs: list[tuple[int, Any]] = [
            (t.PR_ENTRYID, self.entryid),
            (t.PR_RECORD_KEY, self.entryid[-24:]),
            (t.PR_INSTANCE_KEY, self.counter.to_bytes(4, "little")),
            (t.PR_OBJECT_TYPE, MAPI_FOLDER),
            (t.PR_DISPLAY_NAME, self.name),
            (t.PR_FOLDER_TYPE, self.kind if self.kind is not None
             else FOLDER_ROOT if self.parent is None else FOLDER_GENERIC),
            (t.PR_CONTENT_COUNT, self.count()),
            (t.PR_CONTENT_UNREAD, self.unread()),
            (PR_ASSOC_CONTENT_COUNT, len(self.assoc)),
            (t.PR_SUBFOLDERS, bool(self.children)),
            (t.PR_PARENT_ENTRYID, (self.parent or self).entryid),
            (t.PR_STORE_ENTRYID, self.store.canonical_entryid),
            (t.PR_STORE_RECORD_KEY, self.store.guid.bytes_le),
            (PR_CREATION_TIME, self.created),
            (PR_LAST_MODIFICATION_TIME, self.created),
        ]
        if self.container_class:
            pairs.append((t.PR_CONTAINER_CLASS, self.container_class))
        return make_bag(pairs)

    # --- contents -----------------------------------------------------------------------
    def count(self) -> int:
        return sum(b.spec.count - len(b.taken) for b in self.blocks) + len(self.messages)

    def unread(self) -> int:
        return sum(b.unread for b in self.blocks) + sum(1 for m in self.messages.values() if not m.read)

    def ids(self, associated: bool = False) -> list[int]:
        """Counters of the messages in the folder, oldest first (cached until the store changes)."""
        if associated:
            return list(self.assoc)
        version = self.store.version
        if self._ids is not None and self._ids[0] == version:
            return self._ids[1]
        out: list[int] = []
        for block in self.blocks:
            out.extend(block.virgin())
        out.extend(self.messages)
        out.sort()
        self._ids = (version, out)
        return out

    def _block(self, counter: int) -> Block | None:
        for block in self.blocks:
            if counter in block and counter not in block.taken:
                return block
        return None

    def has(self, counter: int) -> bool:
        return counter in self.messages or counter in self.assoc or self._block(counter) is not None

    def message(self, counter: int) -> Message:
        """The message with this counter, built now if it was still only generated."""
        found = self.messages.get(counter) or self.assoc.get(counter)
        if found is not None:
            return found
        block = self._block(counter)
        if block is None:
            raise fail("MAPI_E_NOT_FOUND", detail="no such message in this folder")
        built = build_from_spec(self.store, counter, self, block.spec.message(counter - block.start + 1))
        block.taken.add(counter)
        self.messages[counter] = built
        return built

    def row(self, counter: int, associated: bool = False) -> Bag:
        """A message's properties for a table row; a generated message's are made from its block's
        rows (:class:`BlockRows`), without building the message."""
        found = (self.assoc if associated else self.messages).get(counter)
        if found is not None:
            return found.view()
        block = self._block(counter)
        if block is None:
            return {}
        return self.block_rows(block).bag(counter)

    def block_rows(self, block: Block) -> BlockRows:
        rows = block.rows
        if rows is None:
            rows = block.rows = BlockRows(self.store, self, block)
        return rows

    def columns(self, counters: Sequence[int], associated: bool = False) -> ColumnReader:
        """A reader of property columns over the messages ``counters`` (a table's items):
        ``read(indexes, pid)`` gives, for each index into ``counters``, the message's entry of
        property id ``pid`` (None where it has none), as :meth:`row` would. Generated messages
        are read from their block's rows, entry by entry; a message that exists as an object is
        viewed once per reader."""
        return _FolderColumns(self, counters, associated).read

    def add(self, message: Message, event: int = FNEV_OBJECT_CREATED) -> None:
        """Put ``message`` in the folder; ``event`` (0 for none) is what listeners hear."""
        message.folder = self
        (self.assoc if message.associated else self.messages)[message.counter] = message
        self.store.touch()
        if event:
            self.store.emit(event, message.entryid, self.entryid, MAPI_MESSAGE)

    def remove(self, message: Message, event: int = FNEV_OBJECT_DELETED) -> None:
        """Take ``message`` out of the folder; ``event`` (0 for none) is what listeners hear."""
        eid = message.entryid
        (self.assoc if message.associated else self.messages).pop(message.counter, None)
        self.store.touch()
        if event:
            self.store.emit(event, eid, self.entryid, MAPI_MESSAGE)

    def materialize_all(self) -> list[Message]:
        for block in self.blocks:
            for counter in list(block.virgin()):
                self.message(counter)
        return list(self.messages.values())

    def walk(self) -> list[Folder]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


Entry = tuple[int, Any]
#: PidTagLongTermEntryIdFromTable, a contents table column
PR_LONGTERM_ENTRYID_FROM_TABLE = t.tag("PR_LONGTERM_ENTRYID_FROM_TABLE")
#: ``read(indexes, pid) -> entries``: see :meth:`Folder.columns`
ColumnReader = Callable[[Sequence[int], int], "list[Entry | None]"]


class _FolderColumns:
    __slots__ = ("folder", "counters", "found", "blocks", "views")

    def __init__(self, folder: Folder, counters: Sequence[int], associated: bool) -> None:
        self.folder = folder
        self.counters = counters
        self.found = folder.assoc if associated else folder.messages
        self.blocks = sorted(((b.start, b.stop, b) for b in folder.blocks), key=lambda item: item[0])
        self.views: dict[int, Bag] = {}

    def read(self, indexes: Sequence[int], pid: int) -> list[Entry | None]:
        if pid == PR_LONGTERM_ENTRYID_FROM_TABLE >> 16:
            # "can be used in a contents table to get the entry ID of an item as a long-term entry
            # ID" (PidTagLongTermEntryIdFromTable): messages' PR_ENTRYIDs are long-term already
            return [None if e is None else (PR_LONGTERM_ENTRYID_FROM_TABLE, e[1])
                    for e in self.read(indexes, t.PR_ENTRYID >> 16)]
        counters = self.counters
        if isinstance(indexes, range) and indexes.step == 1:
            wanted = list(counters[indexes.start:indexes.stop])
        else:
            wanted = list(map(counters.__getitem__, indexes))
        ordered = sorted(set(wanted))
        if ordered == wanted:
            return self._ascending(wanted, pid)
        # read each counter once, in counter order, then give the entries in the order asked for
        entries = dict(zip(ordered, self._ascending(ordered, pid)))
        return list(map(entries.__getitem__, wanted))

    def _ascending(self, counters: list[int], pid: int) -> list[Entry | None]:
        """The entries of strictly ascending ``counters``: a block's at a time, the others one by one."""
        out: list[Entry | None] = []
        pos, end = 0, len(counters)
        for start, stop, block in self.blocks:
            if pos == end:
                break
            first = bisect.bisect_left(counters, start, pos)
            if first > pos:
                out.extend(self._one_by_one(counters[pos:first], pid))
            pos = bisect.bisect_left(counters, stop, first)
            if pos > first:
                out.extend(self._block(block, counters[first:pos], pid))
        if pos < end:
            out.extend(self._one_by_one(counters[pos:], pid))
        return out

    def _block(self, block: Block, run: list[int], pid: int) -> list[Entry | None]:
        rows = self.folder.block_rows(block)
        # counters of the block's range that are not generated (any more): opened, changed, gone
        odd = set(filter(self.found.__contains__, run)) if self.found else set()
        if block.taken:
            odd.update(filter(block.taken.__contains__, run))
        if not odd:
            return rows.column(pid, run)
        out: list[Entry | None] = []
        at = 0
        for counter in sorted(odd):
            k = bisect.bisect_left(run, counter, at)
            if k > at:
                out.extend(rows.column(pid, run[at:k]))
            out.extend(self._one_by_one([counter], pid))
            at = k + 1
        if at < len(run):
            out.extend(rows.column(pid, run[at:]))
        return out

    def _one_by_one(self, counters: list[int], pid: int) -> list[Entry | None]:
        """As :meth:`Folder.row` reads them."""
        out: list[Entry | None] = []
        found, views = self.found, self.views
        for counter in counters:
            message = found.get(counter)
            if message is not None:
                view = views.get(counter)
                if view is None:
                    view = views[counter] = message.view()
                out.append(view.get(pid))
                continue
            for start, stop, block in self.blocks:
                if start <= counter < stop and counter not in block.taken:
                    out.append(self.folder.block_rows(block).entry(pid, counter))
                    break
            else:
                out.append(None)
        return out


@attrs.define(slots=True, eq=False)
class StoreData:
    """One mailbox store (``mailbox`` set) or a server's public store (``mailbox`` None)."""

    server: Server
    mailbox: Mailbox | None
    canonical_entryid: bytes
    guid: uuid.UUID
    #: the folder tree, built when first used (see :attr:`folders`); an open that only reads
    #: the store's own properties never builds it
    _folders: dict[int, Folder] | None = None
    #: the server preset whose default folders (Calendar, Contacts, ...: world/mailbox_layout.py)
    #: the tree gets when it is built
    _layout: str | None = None
    #: properties clients saved on the store object
    extra: Bag = attrs.field(factory=dict)
    _props_cache: dict[bytes, Bag] = attrs.field(factory=dict)
    #: GetProps answers from the bags of :meth:`props` (which never change), by (entry id,
    #: writable, tags, unicode), as the client side shapes them: a pure function of the key,
    #: remembered for the next open of the same store (at most READS_KEPT, then started over)
    reads: dict[tuple[Any, ...], Any] = attrs.field(factory=dict)
    #: finds a world mailbox by alias, legacy DN or SMTP address (for senders and recipients)
    directory: Callable[[str], Mailbox | None] = attrs.field(default=lambda _: None)
    names: NameMap = attrs.field(factory=NameMap)
    #: the next GlobalCounter for a folder or message (R14: from the world, in order)
    next_counter: int = 0x100
    #: bumped on every change of the contents (tables cache their rows against it)
    version: int = 0
    #: the virtual clock, as a datetime (set by the server side)
    now: Callable[[], datetime.datetime] = attrs.field(default=lambda: CLOCK_EPOCH)
    #: where changes are reported (set by the server side; None: nobody listens)
    hub: EventHub | None = None
    #: ``guid.bytes_le``, once (``UUID.bytes_le`` is computed in Python on every read)
    raw_guid: bytes = attrs.field(init=False, default=b"")

    def __attrs_post_init__(self) -> None:
        self.raw_guid = self.guid.bytes_le

    @classmethod
    def create(cls, server: Server, mailbox: Mailbox | None, canonical_entryid: bytes,
               directory: Callable[[str], Mailbox | None] | None = None,
               now: Callable[[], datetime.datetime] | None = None, preset: str | None = None) -> StoreData:
        guid = mailbox.guid if mailbox is not None else server.guid
        store = cls(server, mailbox, canonical_entryid, guid)
        if directory is not None:
            store.directory = directory
        if now is not None:
            store.now = now
        if mailbox is not None:
            store._layout = preset
            for spec in mailbox.named_props:
                store.names.create(spec.guid, spec.name, spec.ptype)
        return store

    @property
    def folders(self) -> dict[int, Folder]:
        """Every folder by its counter; the standard layout, the world's folders and the
        preset's default folders are built on first use (the counters are the same as when
        built at once: nothing else allocates one before, see :meth:`allocate`)."""
        folders = self._folders
        if folders is None:
            folders = self._build_folders()
        return folders

    def _build_folders(self) -> dict[int, Folder]:
        folders: dict[int, Folder] = {}
        self._folders = folders
        mailbox = self.mailbox
        layout = PRIVATE_FOLDERS if mailbox is not None else PUBLIC_FOLDERS
        raw_guid = self.guid.bytes_le
        for counter, name, parent, cls_name in layout:
            parent_folder = folders.get(parent)
            folder = Folder(self, counter, name, parent_folder, cls_name,
                            entryid=folder_entryid(raw_guid, counter, public=mailbox is None))
            folders[counter] = folder
            if parent_folder is not None:
                parent_folder.children.append(folder)
        if mailbox is not None:
            # the server's non-IPM folders under the root (world/mailbox_layout.py)
            add_root_folders(self, Folder)
            if self._layout is not None:
                # the preset's default folders have fixed counters; a world folder of the same
                # name is that folder
                add_default_folders(self, self._layout, Folder)
            subtree = folders[IPM_SUBTREE]
            for fspec in mailbox.folders:
                existing = [c for c in subtree.children if c.name.lower() == fspec.name.lower()]
                self._populate(existing[0] if existing else None, subtree, fspec)
        return folders

    def _layout_entryid(self, counter: int) -> bytes:
        """The entry id of a folder of the standard layout, without building the tree."""
        folders = self._folders
        if folders is not None and counter in folders:
            return folders[counter].entryid
        return folder_entryid(self.raw_guid, counter, public=self.mailbox is None)

    def _populate(self, folder: Folder | None, parent: Folder, spec: FolderSpec) -> None:
        if folder is None:
            folder = self.new_folder(parent, spec.name, spec.container_class, CLOCK_EPOCH, announce=False)
        elif spec.container_class:
            folder.container_class = spec.container_class
        for entry in spec.messages:
            if isinstance(entry, GeneratedSpec):
                folder.blocks.append(Block(self.next_counter, entry))
                self.next_counter += entry.count
            else:
                counter = self.allocate()
                folder.messages[counter] = build_from_spec(self, counter, folder, entry)
        for child in spec.folders:
            self._populate(None, folder, child)
        self._populate_extras(folder, spec)

    def _populate_extras(self, folder: Folder, spec: FolderSpec) -> None:
        """The folder's own world-file properties and associated (FAI) messages."""
        folder.extra.update(make_bag(spec.props))
        for entry in spec.associated:
            counter = self.allocate()
            message = build_from_spec(self, counter, folder, entry)
            message.associated = True
            folder.assoc[counter] = message

    def allocate(self) -> int:
        if self._folders is None:
            self._build_folders()  # the world's messages take their counters first
        counter = self.next_counter
        self.next_counter += 1
        return counter

    def touch(self) -> None:
        self.version += 1

    def emit(self, kind: int, entryid: bytes, parent_id: bytes, obj_type: int, old_id: bytes = b"",
             old_parent_id: bytes = b"", message_class: str = "", message_flags: int = 0) -> None:
        """Report one change to the listeners (fakemapi.world.events)."""
        hub = self.hub
        if hub is not None and hub.listeners:
            hub.emit(StoreEvent(kind, self, entryid, parent_id, obj_type, old_id, old_parent_id,
                                message_class, message_flags))

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

    def message(self, entryid: bytes) -> Message:
        """The message with this entry id (built now if it was only generated)."""
        parsed = parse_message_entryid(entryid)
        if parsed.store_guid != self.guid:
            raise fail("MAPI_E_INVALID_ENTRYID", detail="the entry id belongs to another store")
        folder = self.folders.get(parsed.folder)
        if folder is None:
            raise fail("MAPI_E_NOT_FOUND", detail="no such message in this store (its folder is gone)")
        return folder.message(parsed.counter)

    # --- changes ------------------------------------------------------------------------
    def new_folder(self, parent: Folder, name: str, container_class: str | None,
                   created: datetime.datetime | None = None, announce: bool = True) -> Folder:
        """A new folder under ``parent``; ``announce``: report fnevObjectCreated (not for the
        world's own folders, which the store had before anyone could listen)."""
        counter = self.allocate()
        folder = Folder(self, counter, name, parent, container_class,
                        entryid=folder_entryid(self.guid, counter, public=self.public),
                        created=created or self.now())
        self.folders[counter] = folder
        parent.children.append(folder)
        self.touch()
        if announce:
            self.emit(FNEV_OBJECT_CREATED, folder.entryid, parent.entryid, MAPI_FOLDER)
        return folder

    def remove_folder(self, folder: Folder) -> None:
        for sub in folder.walk():
            sub.deleted = True
            self.folders.pop(sub.counter, None)
        if folder.parent is not None:
            folder.parent.children.remove(folder)
        self.touch()
        self.emit(FNEV_OBJECT_DELETED, folder.entryid, (folder.parent or folder).entryid, MAPI_FOLDER)

    def new_message(self, associated: bool = False) -> Message:
        """A message not yet in any folder (it lands in one on its first SaveChanges)."""
        counter = self.allocate()
        now = self.now()
        # the properties the server initializes (MS-OXCMSG 3.2.5.2, Receiving a RopCreateMessage
        # ROP Request); PR_DISPLAY_TO/CC/BCC, PR_HASATTACH, PR_MESSAGE_SIZE, PR_ACCESS and
        # PR_ACCESS_LEVEL are derived (Message.computed)
        message = Message(self, counter, None, make_bag([
            (PR_IMPORTANCE, IMPORTANCE_NORMAL), (PR_MESSAGE_CLASS, "IPM.Note"), (PR_SENSITIVITY, SENSITIVITY_NONE),
            (PR_MESSAGE_FLAGS, MSGFLAG_READ | MSGFLAG_UNSENT), (PR_TRUST_SENDER, 1), (PR_CREATION_TIME, now),
            (PR_LAST_MODIFICATION_TIME, now), (t.PR_SEARCH_KEY, self.guid.bytes_le + counter.to_bytes(6, "big")),
        ]), associated=associated)
        return message

    def props(self, entryid: bytes, writable: bool = True) -> Bag:
        """The store object's own properties; ``entryid`` is the one it was opened with and
        ``writable`` its access level (PR_ACCESS_LEVEL, MS-OXCPRPT 2.2.1.2)."""
        key = entryid if writable else b"r" + entryid
        bag = self._props_cache.get(key)
        if bag is None:
            bag = self._props_cache[key] = self._compute_props(entryid)
            bag[PR_ACCESS_LEVEL >> 16] = (PR_ACCESS_LEVEL, 1 if writable else 0)
            bag[_SUPPORT_MASK[0] >> 16] = _SUPPORT_MASK if writable else _READ_ONLY_SUPPORT_MASK
        return bag

    def _compute_props(self, entryid: bytes) -> Bag:
        mailbox = self.mailbox
        if mailbox is not None:
            # a mailbox store, the common case: the bag built at once, its constant entries
            # shared (fewer objects for the collector: a loop over mailboxes makes one per store)
            raw = self.raw_guid
            if self._folders is None:
                # each folder_entryid from the store's head (one concatenation each)
                head = folder_head(raw)
                subtree, outbox, sent, deleted, daf, common, schedule, finder, views = (
                    head + _T_SUBTREE, head + _T_OUTBOX, head + _T_SENT, head + _T_DELETED, head + _T_DAF,
                    head + _T_COMMON_VIEWS, head + _T_SCHEDULE, head + _T_FINDER, head + _T_VIEWS)
            else:
                f = self._layout_entryid
                subtree, outbox, sent, deleted, daf, common, schedule, finder, views = (
                    f(IPM_SUBTREE), f(OUTBOX), f(SENT_ITEMS), f(DELETED_ITEMS), f(DEFERRED_ACTION[0]),
                    f(COMMON_VIEWS[0]), f(SCHEDULE[0]), f(FINDER[0]), f(VIEWS[0]))
            return {
                _ID_ENTRYID: (t.PR_ENTRYID, entryid),
                _ID_STORE_ENTRYID: (t.PR_STORE_ENTRYID, entryid),
                _ID_RECORD_KEY: (t.PR_RECORD_KEY, raw),
                _ID_STORE_RECORD_KEY: (t.PR_STORE_RECORD_KEY, raw),
                _OBJECT_TYPE[0] >> 16: _OBJECT_TYPE,
                _ID_DISPLAY_NAME: (t.PR_DISPLAY_NAME, f"Mailbox - {mailbox.display_name}"),
                _PRIVATE_MDB_PROVIDER[0] >> 16: _PRIVATE_MDB_PROVIDER,
                _SUPPORT_MASK[0] >> 16: _SUPPORT_MASK,
                _ID_IPM_SUBTREE: (t.PR_IPM_SUBTREE_ENTRYID, subtree),
                _ID_OUTBOX: (t.PR_IPM_OUTBOX_ENTRYID, outbox),
                _ID_SENTMAIL: (t.PR_IPM_SENTMAIL_ENTRYID, sent),
                _ID_WASTEBASKET: (t.PR_IPM_WASTEBASKET_ENTRYID, deleted),
                _PRIVATE_FOLDER_MASK[0] >> 16: _PRIVATE_FOLDER_MASK,
                _ID_OWNER_NAME: (t.PR_MAILBOX_OWNER_NAME, mailbox.display_name),
                # the root's non-IPM folders the store names (world/mailbox_layout.py)
                _ID_DAF: (PR_IPM_DAF_ENTRYID, daf),
                _ID_COMMON_VIEWS: (PR_COMMON_VIEWS_ENTRYID, common),
                _ID_SCHEDULE: (PR_SCHEDULE_FOLDER_ENTRYID, schedule),
                _ID_FINDER: (PR_FINDER_ENTRYID, finder),
                _ID_VIEWS: (PR_VIEWS_ENTRYID, views),
            }
        f = self._layout_entryid
        pairs: list[tuple[int, Any]] = [
            (t.PR_ENTRYID, entryid),
            (t.PR_STORE_ENTRYID, entryid),
            (t.PR_RECORD_KEY, self.raw_guid),
            (t.PR_STORE_RECORD_KEY, self.raw_guid),
            (t.PR_OBJECT_TYPE, 1),  # MAPI_STORE
            (t.PR_DISPLAY_NAME, self.display_name()),
            (t.PR_MDB_PROVIDER, PUBLIC_PROVIDER if self.public else PRIVATE_PROVIDER),
            _SUPPORT_MASK,
        ]
        if self.mailbox is not None:
            pairs += [
                (t.PR_IPM_SUBTREE_ENTRYID, f(IPM_SUBTREE)),
                (t.PR_IPM_OUTBOX_ENTRYID, f(OUTBOX)),
                (t.PR_IPM_SENTMAIL_ENTRYID, f(SENT_ITEMS)),
                (t.PR_IPM_WASTEBASKET_ENTRYID, f(DELETED_ITEMS)),
                (t.PR_VALID_FOLDER_MASK, _PRIVATE_FOLDER_MASK[1]),
                (t.PR_MAILBOX_OWNER_NAME, self.mailbox.display_name),
            ] + [(tag, f(counter)) for tag, counter in STORE_SPECIAL]
        else:
            # A public folder logon (MS-OXCSTOR, the RopLogon response for public folders)
            # names the root, the IPM subtree and the non-IPM subtree; the store object shows
            # the IPM subtree as PR_IPM_SUBTREE_ENTRYID (so a client that walks every store's
            # IPM subtree finds the public folders) and as PR_IPM_PUBLIC_FOLDERS_ENTRYID.
            pairs += [
                (t.PR_IPM_SUBTREE_ENTRYID, f(IPM_SUBTREE)),
                (t.PR_IPM_PUBLIC_FOLDERS_ENTRYID, f(IPM_SUBTREE)),
                (t.PR_NON_IPM_SUBTREE_ENTRYID, f(3)),
                (t.PR_VALID_FOLDER_MASK, FOLDER_IPM_SUBTREE_VALID),
            ]
        return make_bag(pairs)


# pbExchangeProviderPrimaryUserGuid / pbExchangeProviderPublicGuid (EdkMdb.h; iids.tsv), as bytes.
PRIVATE_PROVIDER = uuid.UUID("{C0A19454-7F29-1B10-A587-08002B2A2517}").bytes_le
PUBLIC_PROVIDER = uuid.UUID("{70FAB278-F7AF-CD11-9BC8-00AA002FC45A}").bytes_le

# the mailbox store's bag (StoreData._compute_props): property ids, and the entries every
# mailbox store has alike
_SPECIAL_FOLDERS = (IPM_SUBTREE, OUTBOX, SENT_ITEMS, DELETED_ITEMS)
_ID_DAF = PR_IPM_DAF_ENTRYID >> 16
_ID_COMMON_VIEWS = PR_COMMON_VIEWS_ENTRYID >> 16
_ID_SCHEDULE = PR_SCHEDULE_FOLDER_ENTRYID >> 16
_ID_FINDER = PR_FINDER_ENTRYID >> 16
_ID_VIEWS = PR_VIEWS_ENTRYID >> 16
# the bag names each folder of STORE_SPECIAL (world/mailbox_layout.py), written out for speed
assert {tag: c for tag, c in STORE_SPECIAL} == {
    PR_IPM_DAF_ENTRYID: DEFERRED_ACTION[0], PR_COMMON_VIEWS_ENTRYID: COMMON_VIEWS[0],
    PR_SCHEDULE_FOLDER_ENTRYID: SCHEDULE[0], PR_FINDER_ENTRYID: FINDER[0], PR_VIEWS_ENTRYID: VIEWS[0]}
_T_SUBTREE, _T_OUTBOX, _T_SENT, _T_DELETED = map(folder_tail, _SPECIAL_FOLDERS)
_T_DAF, _T_COMMON_VIEWS, _T_SCHEDULE, _T_FINDER, _T_VIEWS = (
    folder_tail(row[0]) for row in (DEFERRED_ACTION, COMMON_VIEWS, SCHEDULE, FINDER, VIEWS))
_ID_ENTRYID = t.PR_ENTRYID >> 16
_ID_STORE_ENTRYID = t.PR_STORE_ENTRYID >> 16
_ID_RECORD_KEY = t.PR_RECORD_KEY >> 16
_ID_STORE_RECORD_KEY = t.PR_STORE_RECORD_KEY >> 16
_ID_DISPLAY_NAME = t.PR_DISPLAY_NAME >> 16
_ID_IPM_SUBTREE = t.PR_IPM_SUBTREE_ENTRYID >> 16
_ID_OUTBOX = t.PR_IPM_OUTBOX_ENTRYID >> 16
_ID_SENTMAIL = t.PR_IPM_SENTMAIL_ENTRYID >> 16
_ID_WASTEBASKET = t.PR_IPM_WASTEBASKET_ENTRYID >> 16
_ID_OWNER_NAME = t.PR_MAILBOX_OWNER_NAME >> 16
_OBJECT_TYPE = (t.PR_OBJECT_TYPE, 1)  # MAPI_STORE
_PRIVATE_MDB_PROVIDER = (t.PR_MDB_PROVIDER, PRIVATE_PROVIDER)
#: PR_STORE_SUPPORT_MASK (PidTagStoreSupportMask; MAPIDefS.h): STORE_ENTRYID_UNIQUE 0x1,
#: STORE_SEARCH_OK 0x4, STORE_MODIFY_OK 0x8, STORE_CREATE_OK 0x10; a store opened read-only has
#: neither STORE_MODIFY_OK nor STORE_CREATE_OK (IMAPISession::OpenMsgStore, Notes to callers) and
#: STORE_READONLY 0x2 ("all interfaces for the message store have a read-only access level")
_SUPPORT_MASK = (t.PR_STORE_SUPPORT_MASK, 0x00000001 | 0x00000004 | 0x00000008 | 0x00000010)
_READ_ONLY_SUPPORT_MASK = (t.PR_STORE_SUPPORT_MASK, 0x00000001 | 0x00000002 | 0x00000004)
#: every FOLDER_*_VALID bit (MAPIDefS.h): IPM subtree, Inbox, Outbox, Deleted Items, Sent Items,
#: Views, Common Views, Finder; the store names each (the Inbox through GetReceiveFolder)
_PRIVATE_FOLDER_MASK = (t.PR_VALID_FOLDER_MASK, 0xFF)
