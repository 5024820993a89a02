"""Message files as a client process sees them: OLE storages (on a file or on an ILockBytes in
memory) and IMessage objects on a storage (MAPI's OpenIMsgOnIStg), saved as MS-OXMSG files.

A storage holds its tree of streams and storages (fakemapi/world/cfb.py) and writes it out as a
compound file when it is committed (IStorage::Commit; a storage opened without STGM_TRANSACTED
writes at once, which here is: at every commit the IMessage on it makes). The IMessage on a
storage is an ordinary open message (transacted, with recipients and attachments) whose
SaveChanges writes the message's properties as MS-OXMSG streams into the storage and commits it.
"""

from __future__ import annotations

import datetime
import os
import uuid
from typing import Any, Callable, cast

from fakemapi.client.messages import OpenMessage
from fakemapi.hresult import fail
from fakemapi.props import Bag
from fakemapi.world import cfb, msgfile
from fakemapi.world.contents import CLOCK_EPOCH, Attachment, Message, NameMap

STGM_WRITE, STGM_READWRITE, STGM_CREATE, STGM_TRANSACTED = 0x1, 0x2, 0x1000, 0x10000


class LockBytes:
    """An ILockBytes on memory (CreateILockBytesOnHGlobal)."""

    __slots__ = ("data",)

    def __init__(self) -> None:
        self.data = bytearray()

    def read_at(self, offset: int, count: int) -> bytes:
        return bytes(self.data[offset:offset + max(0, count)])

    def write_at(self, offset: int, data: bytes) -> int:
        end = offset + len(data)
        if end > len(self.data):
            self.data.extend(b"\0" * (end - len(self.data)))
        self.data[offset:end] = data
        return len(data)

    def set_size(self, size: int) -> None:
        if size < len(self.data):
            del self.data[size:]
        else:
            self.data.extend(b"\0" * (size - len(self.data)))


class Storage:
    """A root storage: its tree, its class id, and where a commit writes the compound file."""

    __slots__ = ("tree", "clsid", "sink", "mode", "name", "clsids", "dirty", "snapshot")

    def __init__(self, tree: cfb.Tree, clsid: bytes, sink: Callable[[bytes], None] | None, mode: int,
                 name: str, clsids: cfb.Clsids | None = None) -> None:
        self.tree = tree
        self.clsid = clsid
        self.sink = sink
        self.mode = mode
        self.name = name
        #: the class ids of the storages inside (an OLE attachment's storage has its object's)
        self.clsids: cfb.Clsids = clsids if clsids is not None else {}
        #: element streams (client/storage.py) whose writes are not in the tree yet, by id
        self.dirty: dict[int, Any] = {}
        #: the tree, class ids and class id as last committed (what a transacted Revert restores)
        self.snapshot: tuple[cfb.Tree, cfb.Clsids, bytes] | None = (
            copy_tree(tree), dict(self.clsids), clsid) if mode & STGM_TRANSACTED else None

    @property
    def writable(self) -> bool:
        return bool(self.mode & (STGM_WRITE | STGM_READWRITE))

    def commit(self) -> None:
        if not self.writable:
            raise fail("STG_E_ACCESSDENIED", detail="the storage was opened read-only")
        if self.sink is not None:
            try:
                data = cfb.write(self.tree, self.clsid, self.clsids)
            except cfb.TooLarge as err:  # nothing is written: the file keeps its last commit
                raise fail("STG_E_DOCFILETOOLARGE", detail=str(err)) from None
            self.sink(data)

    # --- opening ----------------------------------------------------------------------------
    @classmethod
    def create_file(cls, path: str, mode: int) -> Storage:
        if os.path.exists(path) and not mode & STGM_CREATE:
            raise fail("STG_E_FILEALREADYEXISTS", detail=f"{path} exists (pass STGM_CREATE to replace it)")

        def sink(data: bytes) -> None:
            with open(path, "wb") as out:
                out.write(data)

        storage = cls({}, bytes(16), sink, mode, path)
        storage.commit()  # StgCreateDocfile creates the file at once
        return storage

    @classmethod
    def open_file(cls, path: str, mode: int) -> Storage:
        try:
            with open(path, "rb") as src:
                data = src.read()
        except FileNotFoundError:
            raise fail("STG_E_FILENOTFOUND", detail=f"no file {path}") from None
        except OSError as err:
            raise fail("STG_E_ACCESSDENIED", detail=str(err)) from None

        def sink(out: bytes) -> None:
            with open(path, "wb") as dst:
                dst.write(out)

        return cls._parse(data, sink, mode, path)

    @classmethod
    def create_on(cls, lockbytes: LockBytes, mode: int) -> Storage:
        def sink(data: bytes) -> None:
            lockbytes.data[:] = data

        storage = cls({}, bytes(16), sink, mode, "")
        storage.commit()
        return storage

    @classmethod
    def open_on(cls, lockbytes: LockBytes, mode: int) -> Storage:
        def sink(data: bytes) -> None:
            lockbytes.data[:] = data

        return cls._parse(bytes(lockbytes.data), sink, mode, "")

    @classmethod
    def _parse(cls, data: bytes, sink: Callable[[bytes], None], mode: int, name: str) -> Storage:
        try:
            tree, clsids = cfb.read_all(data)
            clsid = cfb.root_clsid(data)
        except ValueError:
            raise fail("STG_E_FILEALREADYEXISTS", detail=f"{name or 'the bytes'} is not a compound file") from None
        return cls(tree, clsid, sink, mode, name, clsids)


def copy_tree(tree: cfb.Tree) -> cfb.Tree:
    return {k: (copy_tree(v) if isinstance(v, dict) else v) for k, v in tree.items()}


# =========================================================================================
class FileStore:
    """What an IMessage on a storage has instead of a store: identity, named properties, a clock."""

    __slots__ = ("guid", "canonical_entryid", "names", "version", "clock", "mailbox")

    public = False

    def __init__(self, clock: Callable[[], datetime.datetime]) -> None:
        self.guid = uuid.UUID(int=0)
        self.canonical_entryid = b""
        self.names = NameMap()
        self.version = 0
        self.clock = clock
        self.mailbox = None

    def now(self) -> datetime.datetime:
        return self.clock()

    def touch(self) -> None:
        self.version += 1

    def new_message(self) -> Message:
        """A new embedded message (client/embedded.py): empty, as the file's own message starts."""
        return Message(cast(Any, self), 1, None, {})


def _message(store: FileStore, contents: msgfile.MsgContents) -> Message:
    """The message (and, at any depth, the embedded messages) a message file holds."""
    message = Message(cast(Any, store), 1, None, dict(contents.props))
    for k, row in enumerate(contents.recipients):
        row = dict(row)
        row[0x3000] = (0x30000003, k)  # PR_ROWID
        message.recipients.append(row)
    message.next_rowid = len(contents.recipients)
    for k, bag in enumerate(contents.attachments):
        inner = contents.embedded.get(k)
        message.attachments[k] = Attachment(k, dict(bag), _message(store, inner) if inner is not None else None,
                                            contents.objects.get(k))
    message.next_attach = len(contents.attachments)
    return message


class FileMessage(OpenMessage):
    """An IMessage on a storage (OpenIMsgOnIStg): SaveChanges writes it as an MS-OXMSG file."""

    __slots__ = ("storage", "file_store")

    def __init__(self, storage: Storage, clock: Callable[[], datetime.datetime] | None = None) -> None:
        store = FileStore(clock or (lambda: CLOCK_EPOCH))
        contents = (msgfile.read_tree(storage.tree, storage.clsids) if msgfile.PROPS in storage.tree
                    else msgfile.MsgContents())
        for pid, (guid, name) in sorted(contents.names.items()):
            store.names.ids[(guid, name)] = pid
            store.names.names[pid] = (guid, name)
            store.names.next_id = max(store.names.next_id, pid + 1)
        message = _message(store, contents)
        super().__init__(message, cast(Any, None), storage.writable)
        self.storage = storage
        self.file_store = store

    def save(self, flags: int) -> None:
        # a message file keeps what the program set: no subject split, no modification time
        if not self.commit_changes("the message file", stamp=False):
            return
        self.write()
        if flags & 0x1:  # KEEP_OPEN_READONLY
            self.closed = True

    def contents(self) -> msgfile.MsgContents:
        """The saved message as a message file holds it (derived bodies included), with its
        embedded messages, and the names of the named properties used at any depth."""
        names = self.file_store.names.names
        used: dict[int, tuple[uuid.UUID, str | int]] = {}

        def keep(bag: Bag) -> Bag:
            out = {pid: entry for pid, entry in bag.items() if pid < 0x8000 or pid in names}
            used.update((pid, names[pid]) for pid in out if pid >= 0x8000)
            return out

        def of(message: Message) -> msgfile.MsgContents:
            props: Bag = dict(message.props)
            props.update(message.computed(rtf=True))
            attachments = [a for _, a in sorted(message.attachments.items())]
            return msgfile.MsgContents(
                keep(props), [keep(r) for r in message.recipients], [keep(a.props) for a in attachments],
                embedded={k: of(a.embedded) for k, a in enumerate(attachments) if a.embedded is not None},
                objects={k: a.ole for k, a in enumerate(attachments) if a.ole is not None})

        contents = of(self.message)
        contents.names = dict(sorted(used.items()))
        return contents

    def write(self) -> None:
        tree = self.storage.tree
        for name in [n for n in tree if n.startswith("__")]:
            del tree[name]
        clsids = self.storage.clsids
        for path in [p for p in clsids if p[0].startswith("__")]:
            del clsids[path]
        tree.update(msgfile.msg_tree(self.contents(), clsids))
        if self.storage.clsid == bytes(16):
            self.storage.clsid = msgfile.CLSID_MAIL_MESSAGE.bytes_le
        self.storage.commit()
