"""The elements of an OLE storage: the streams and storages inside a root storage (client/msgfile.py
``Storage``), as IStorage's element methods see them (Microsoft's IStorage reference pages).

A :class:`StorageNode` is one open storage: the root (path ``()``) or a storage inside it, found by
its path of names from the root. Element names are compared as MS-CFB 2.6.4 orders them (upper-cased),
are at most 31 characters and hold none of ``/ \\ : !`` (MS-CFB 2.6.1, Directory Entry Name). Storages
here are direct mode: a change to an element is in the tree at once, and the root's Commit writes the
tree where the root came from (a file, an ILockBytes, an OLE attachment). A stream opened on an
element (:class:`ElementStream`) writes into its element when the storage next looks at it.
"""

from __future__ import annotations

from typing import Any, Callable

from fakemapi.client.messages import OpenAttachment, Stream
from fakemapi.client.msgfile import STGM_CREATE, STGM_READWRITE, STGM_TRANSACTED, STGM_WRITE, Storage, copy_tree
from fakemapi.hresult import fail
from fakemapi.world import cfb

#: grfMode bits (ObjBase.h STGM_*)
STGM_SHARE_EXCLUSIVE = 0x10
STGM_ACCESS = 0x3
#: STGMOVE_MOVE / STGMOVE_COPY (ObjIdl.h)
STGMOVE_MOVE, STGMOVE_COPY = 0, 1
_BAD_CHARS = frozenset("/\\:!")
MAX_NAME = 31


def element_order(name: str) -> tuple[int, str]:
    """MS-CFB 2.6.4: shorter names first, then by upper-cased name (the order EnumElements gives)."""
    return (len(name), name.upper())


def check_name(name: str | None) -> str:
    if name is None or not name or len(name) > MAX_NAME or _BAD_CHARS & set(name):
        raise fail("STG_E_INVALIDNAME", detail=f"{name!r} is not an element name (1 to {MAX_NAME} characters, "
                                               "none of / \\ : !)")
    return name


def _find(tree: cfb.Tree, name: str) -> str | None:
    """The key of ``name`` in ``tree``, compared as MS-CFB compares names (case-insensitively)."""
    if name in tree:
        return name
    upper = name.upper()
    for key in tree:
        if key.upper() == upper:
            return key
    return None


class ElementStream(Stream):
    """A stream element opened with OpenStream / CreateStream: its bytes go into the element
    (``sync``) before the storage is read or written out."""

    __slots__ = ("root", "path", "detached")

    def __init__(self, root: Storage, path: tuple[str, ...], data: bytes, writable: bool) -> None:
        super().__init__(data, writable, None, path[-1])
        self.root = root
        self.path = path
        self.detached = False

    def write(self, data: bytes) -> int:
        count = super().write(data)
        root_streams(self.root)[id(self)] = self
        return count

    def set_size(self, size: int) -> None:
        super().set_size(size)
        root_streams(self.root)[id(self)] = self

    def commit(self) -> None:
        sync(self.root)

    def copy(self) -> Stream:
        other = ElementStream(self.root, self.path, b"", self.writable)
        other.pages = {k: bytearray(v) for k, v in self.pages.items()}
        other.size, other.position = self.size, self.position
        return other


def root_streams(root: Storage) -> dict[int, ElementStream]:
    """The root's streams with writes not yet in the tree (by id)."""
    return root.dirty


def sync(root: Storage) -> None:
    """Put what open element streams wrote into their elements."""
    for stream in list(root.dirty.values()):
        if stream.detached:
            continue
        parent = resolve(root, stream.path[:-1])
        if parent is not None and isinstance(parent.get(stream.path[-1]), bytes):
            parent[stream.path[-1]] = stream.value()
    root.dirty.clear()


def resolve(root: Storage, path: tuple[str, ...]) -> cfb.Tree | None:
    node: Any = root.tree
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, dict) else None


class StorageNode:
    """One open storage: the root or a storage inside it, opened with ``mode``."""

    __slots__ = ("root", "path", "mode", "reverted", "state_bits")

    def __init__(self, root: Storage, path: tuple[str, ...], mode: int) -> None:
        self.root = root
        self.path = path
        self.mode = mode
        self.reverted = False
        #: IStorage::SetStateBits' bits (Stat's item 9), kept by this open storage
        self.state_bits = 0

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else self.root.name

    @property
    def writable(self) -> bool:
        return bool(self.mode & (STGM_WRITE | STGM_READWRITE))

    def tree(self) -> cfb.Tree:
        sync(self.root)
        found = resolve(self.root, self.path)
        if found is None or self.reverted:
            raise fail("STG_E_REVERTED", detail=f"the storage {self.name!r} was destroyed, renamed or moved")
        return found

    def _writable_tree(self) -> cfb.Tree:
        tree = self.tree()
        if not self.writable:
            raise fail("STG_E_ACCESSDENIED", detail=f"the storage {self.name or 'root'!r} was opened read-only")
        return tree

    def _check_child_mode(self, mode: int) -> None:
        # IStorage::CreateStream: STG_E_INVALIDFUNCTION "when this method is called without the
        # STGM_SHARE_EXCLUSIVE flag"; STG_E_INVALIDFLAG: "not a valid STGM constant value"
        if not mode & STGM_SHARE_EXCLUSIVE:
            raise fail("STG_E_INVALIDFUNCTION", detail="an element of a storage opens with STGM_SHARE_EXCLUSIVE "
                                                       "(0x10)")
        if mode & STGM_ACCESS == STGM_ACCESS:
            raise fail("STG_E_INVALIDFLAG", detail="STGM_WRITE and STGM_READWRITE together are not a mode")
        if mode & (STGM_WRITE | STGM_READWRITE) and not self.writable:
            raise fail("STG_E_ACCESSDENIED", detail=f"the storage {self.name or 'root'!r} was opened read-only: "
                                                    "its elements cannot be opened for writing")

    # --- clsids ----------------------------------------------------------------------------
    @property
    def clsid(self) -> bytes:
        if not self.path:
            return self.root.clsid
        return self.root.clsids.get(self.path, bytes(16))

    def set_clsid(self, clsid: bytes) -> None:
        self._writable_tree()
        if self.path:
            self.root.clsids[self.path] = clsid
        else:
            self.root.clsid = clsid

    # --- elements --------------------------------------------------------------------------
    def _make_room(self, name: str, mode: int) -> cfb.Tree:
        """CreateStream / CreateStorage's checks: a writable tree, a valid name and mode, and no
        element of that name unless STGM_CREATE replaces it. The tree to add ``name`` to."""
        tree = self._writable_tree()
        check_name(name)
        self._check_child_mode(mode)
        key = _find(tree, name)
        if key is not None:
            if not mode & STGM_CREATE:
                raise fail("STG_E_FILEALREADYEXISTS", detail=f"{name!r} exists (pass STGM_CREATE to replace it)")
            self._forget(key)
            del tree[key]
        return tree

    def create_stream(self, name: str, mode: int) -> ElementStream:
        tree = self._make_room(name, mode)
        tree[name] = b""
        return ElementStream(self.root, self.path + (name,), b"", bool(mode & (STGM_WRITE | STGM_READWRITE)))

    def open_stream(self, name: str, mode: int) -> ElementStream:
        tree = self.tree()
        self._check_child_mode(mode)
        key = _find(tree, name)
        if key is None or not isinstance(tree[key], bytes):
            raise fail("STG_E_FILENOTFOUND", detail=f"the storage has no stream {name!r}")
        data = tree[key]
        assert isinstance(data, bytes)
        return ElementStream(self.root, self.path + (key,), data, bool(mode & (STGM_WRITE | STGM_READWRITE)))

    def create_storage(self, name: str, mode: int) -> StorageNode:
        tree = self._make_room(name, mode)
        tree[name] = {}
        return StorageNode(self.root, self.path + (name,), mode)

    def open_storage(self, name: str | None, mode: int) -> StorageNode:
        tree = self.tree()
        if name is None:
            raise fail("STG_E_INVALIDNAME", detail="OpenStorage needs the name of a storage element")
        self._check_child_mode(mode)
        key = _find(tree, name)
        if key is None or not isinstance(tree[key], dict):
            raise fail("STG_E_FILENOTFOUND", detail=f"the storage has no storage {name!r}")
        return StorageNode(self.root, self.path + (key,), mode)

    def elements(self) -> list[tuple[str, bytes | cfb.Tree]]:
        tree = self.tree()
        return [(key, tree[key]) for key in sorted(tree, key=element_order)]

    def destroy(self, name: str) -> None:
        tree = self._writable_tree()
        key = _find(tree, name)
        if key is None:
            raise fail("STG_E_FILENOTFOUND", detail=f"the storage has no element {name!r}")
        self._forget(key)
        del tree[key]

    def rename(self, old: str, new: str) -> None:
        tree = self._writable_tree()
        key = _find(tree, old)
        if key is None:
            raise fail("STG_E_FILENOTFOUND", detail=f"the storage has no element {old!r}")
        check_name(new)
        if _find(tree, new) is not None:
            raise fail("STG_E_FILEALREADYEXISTS", detail=f"an element {new!r} exists")
        value = tree.pop(key)
        self._forget(key, keep_clsids=new)
        tree[new] = value

    def _forget(self, key: str, keep_clsids: str | None = None) -> None:
        """The element ``key`` goes: open streams on it stop writing into it, and its class ids
        (and those below) go, or move to the new name ``keep_clsids``."""
        where = self.path + (key,)
        for stream in self.root.dirty.values():
            if stream.path[:len(where)] == where:
                stream.detached = True
        clsids = self.root.clsids
        for path in [p for p in clsids if p[:len(where)] == where]:
            value = clsids.pop(path)
            if keep_clsids is not None:
                clsids[self.path + (keep_clsids,) + path[len(where):]] = value

    def subtree_clsids(self, key: str) -> cfb.Clsids:
        where = self.path + (key,)
        return {p[len(where):]: v for p, v in self.root.clsids.items() if p[:len(where)] == where}

    def put(self, name: str, value: bytes | cfb.Tree, clsids: cfb.Clsids) -> None:
        """Write ``value`` as element ``name`` (a stream replaces, a storage merges into a storage of
        that name, as IStorage::CopyTo does), with the class ids of its storages (by path below it)."""
        tree = self._writable_tree()
        key = _find(tree, name)
        if isinstance(value, dict):
            if key is None or not isinstance(tree[key], dict):
                if key is not None:
                    self._forget(key)
                    del tree[key]
                key = name
                tree[key] = {}
            target = StorageNode(self.root, self.path + (key,), STGM_READWRITE)
            for sub, sub_value in value.items():
                below = {p[1:]: v for p, v in clsids.items() if p[:1] == (sub,)}
                target.put(sub, sub_value, below)
            if () in clsids:
                self.root.clsids[self.path + (key,)] = clsids[()]
        else:
            if key is not None:
                self._forget(key)
                del tree[key]
            tree[name] = value

    def copy_to(self, dest: StorageNode, skip_storages: bool, skip_streams: bool) -> None:
        """IStorage::CopyTo: every element into ``dest`` (with the class ids), and this storage's
        class id onto it."""
        dest._writable_tree()
        for key, value in self.elements():
            if isinstance(value, dict) and skip_storages or isinstance(value, bytes) and skip_streams:
                continue
            dest.put(key, copy_tree(value) if isinstance(value, dict) else value, self.subtree_clsids(key))
        dest.set_clsid(self.clsid)

    def move_element(self, name: str, dest: StorageNode, new_name: str, flags: int) -> None:
        tree = self.tree()
        key = _find(tree, name)
        if key is None:
            raise fail("STG_E_FILENOTFOUND", detail=f"the storage has no element {name!r}")
        check_name(new_name)
        if flags not in (STGMOVE_MOVE, STGMOVE_COPY):
            raise fail("STG_E_INVALIDFLAG", detail=f"flags {flags} is neither STGMOVE_MOVE (0) nor STGMOVE_COPY (1)")
        if flags == STGMOVE_MOVE:
            self._writable_tree()
        value = tree[key]
        clsids = self.subtree_clsids(key)
        dest.put(new_name, copy_tree(value) if isinstance(value, dict) else value, clsids)
        if flags == STGMOVE_MOVE and self.tree().get(key) is value:
            self._forget(key)
            del self.tree()[key]

    # --- commit / revert -------------------------------------------------------------------
    def commit(self) -> None:
        sync(self.root)
        if self.path:  # a storage inside: direct mode, its changes are in its parent already
            if not self.writable:
                raise fail("STG_E_ACCESSDENIED", detail=f"the storage {self.name!r} was opened read-only")
            return
        self.root.commit()
        if self.root.mode & STGM_TRANSACTED:
            self.root.snapshot = (copy_tree(self.root.tree), dict(self.root.clsids), self.root.clsid)

    def revert(self) -> None:
        """A transacted root goes back to its last commit; in direct mode Revert has no effect."""
        if self.path or not self.root.mode & STGM_TRANSACTED or self.root.snapshot is None:
            return
        tree, clsids, clsid = self.root.snapshot
        for stream in self.root.dirty.values():
            stream.detached = True
        self.root.dirty.clear()
        self.root.tree.clear()
        self.root.tree.update(copy_tree(tree))
        self.root.clsids.clear()
        self.root.clsids.update(clsids)
        self.root.clsid = clsid


def node_of(data: Any) -> StorageNode:
    """The open storage a handle holds: a :class:`StorageNode`, or a root ``Storage``."""
    if isinstance(data, StorageNode):
        return data
    assert isinstance(data, Storage)
    return StorageNode(data, (), data.mode)


def storage_on(data: bytes | None, mode: int, sink: Callable[[bytes], None], name: str = "") -> Storage:
    """A root storage on the compound file ``data`` (an empty one when None) whose commits go to
    ``sink``."""
    if data is None:
        return Storage({}, bytes(16), sink, mode, name)
    try:
        tree, clsids = cfb.read_all(data)
        clsid = cfb.root_clsid(data)
    except ValueError:
        raise fail("MAPI_E_CORRUPT_DATA", detail="the attachment's storage is not a compound file") from None
    return Storage(tree, clsid, sink, mode, name, clsids)


#: the mode an attachment's storage has (inferred: MAPI documents no grfMode for it; transacted,
#: as its changes wait for IStorage::Commit and the attachment's SaveChanges)
ATTACH_STORAGE_READ = STGM_SHARE_EXCLUSIVE | STGM_TRANSACTED
ATTACH_STORAGE_WRITE = STGM_READWRITE | STGM_SHARE_EXCLUSIVE | STGM_TRANSACTED
MAPI_MODIFY, MAPI_CREATE = 0x1, 0x2


def open_attachment_storage(owner: OpenAttachment, flags: int, writable: bool) -> StorageNode:
    """The OLE storage of ``owner`` (an open attachment; PR_ATTACH_DATA_OBJ as IID_IStorage,
    MS-OXCMSG 2.2.2.9 afStorage). ``writable``: what the flags ask for. MAPI_CREATE makes an empty
    storage when there is none, and, without MAPI_MODIFY, discards the one there is (IMAPIProp::
    OpenProperty: "If the property does exist, the current value of the property should be
    discarded"); without MAPI_CREATE an attachment with no storage answers MAPI_E_NOT_FOUND.
    The storage's Commit writes into the attachment object; its SaveChanges keeps it."""
    if writable and not owner.view.writable:
        raise fail("MAPI_E_NO_ACCESS", detail="the attachment was opened read-only (pass MAPI_MODIFY)")
    data = owner.ole
    if flags & MAPI_CREATE and not flags & MAPI_MODIFY:
        data = None
    elif data is None and not flags & MAPI_CREATE:
        raise fail("MAPI_E_NOT_FOUND", detail="the attachment holds no OLE storage "
                                              "(PR_ATTACH_DATA_OBJ; pass MAPI_CREATE to make one)")

    def sink(out: bytes) -> None:
        owner.ole = out

    storage = storage_on(data, ATTACH_STORAGE_WRITE if writable else ATTACH_STORAGE_READ, sink)
    return StorageNode(storage, (), storage.mode)
