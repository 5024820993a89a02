"""Compound files (MS-CFB): a minimal, correct writer of version 3 files, and a reader on olefile.

A compound file is a tree of storages and streams. :func:`write` lays one out as MS-CFB 2.2 to
2.6 describe it: 512-byte sectors, one header, a FAT (with its own sectors marked FATSECT), a
MiniFAT and mini stream for streams under 4096 bytes, and the directory, whose siblings form a
red-black tree ordered by name length, then by upper-cased name (2.6.4). :func:`read` gives the
tree back from any compound file (olefile parses it).
"""

from __future__ import annotations

import io
import struct
from collections.abc import Mapping
from typing import Union

#: a storage: names to streams (bytes) and storages (dicts)
Tree = dict[str, Union[bytes, "Tree"]]
#: storage paths (names from the root) to their class ids (16 bytes, MS-CFB 2.6.1 CLSID)
Clsids = dict[tuple[str, ...], bytes]

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT, DIFSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC, 0xFFFFFFFF
#: sector numbers in one FAT or DIFAT sector; DIFAT entries in the header (MS-CFB 2.2)
PER_SECTOR, HEADER_DIFAT = SECTOR // 4, 109
#: MS-CFB 2.9: "A 512-byte sector compound file MUST be no greater than 2 GB in size" (sector
#: numbers would allow MAXREGSECT 0xFFFFFFFA; the size limit is what binds a version 3 file)
MAX_FILE_SIZE = 1 << 31
SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
ROOT, STORAGE, STREAM = 5, 1, 2
RED, BLACK = 0, 1


class TooLarge(ValueError):
    """The tree does not fit in a compound file with 512-byte sectors (MS-CFB 2.9)."""


class _Entry:
    __slots__ = ("name", "kind", "data", "children", "left", "right", "child", "color", "start", "size", "clsid")

    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name = name
        self.kind = kind
        self.data = data
        self.children: list[int] = []
        self.left = self.right = self.child = NOSTREAM
        self.color = BLACK
        self.start = ENDOFCHAIN
        self.size = 0
        self.clsid = bytes(16)


def _order(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


def _tree(entries: list[_Entry], ids: list[int], depth: int, leaf_depth: int) -> int:
    """A balanced binary tree of ``ids`` (sorted); nodes at ``leaf_depth`` when the tree is not
    perfect are red, all others black (so every path has the same number of black nodes)."""
    if not ids:
        return NOSTREAM
    mid = len(ids) // 2
    node = entries[ids[mid]]
    node.left = _tree(entries, ids[:mid], depth + 1, leaf_depth)
    node.right = _tree(entries, ids[mid + 1:], depth + 1, leaf_depth)
    node.color = RED if depth == leaf_depth else BLACK
    return ids[mid]


def _link(entries: list[_Entry], parent: _Entry) -> None:
    ids = sorted(parent.children, key=lambda i: _order(entries[i].name))
    if not ids:
        return
    height = len(ids).bit_length()  # levels of the balanced tree: depth 0 .. height - 1
    perfect = len(ids) == (1 << height) - 1
    parent.child = _tree(entries, ids, 0, -1 if perfect else height - 1)


def _flatten(tree: Tree, clsids: Mapping[tuple[str, ...], bytes]) -> list[_Entry]:
    entries = [_Entry("Root Entry", ROOT)]

    def add(parent: int, storage: Tree, path: tuple[str, ...]) -> None:
        for name, value in storage.items():
            if len(name) > 31:
                raise ValueError(f"a compound file name has at most 31 characters: {name!r}")
            index = len(entries)
            if isinstance(value, dict):
                entries.append(_Entry(name, STORAGE))
                entries[parent].children.append(index)
                clsid = clsids.get(path + (name,))
                if clsid is not None:
                    entries[index].clsid = clsid
                add(index, value, path + (name,))
            else:
                entries.append(_Entry(name, STREAM, bytes(value)))
                entries[parent].children.append(index)

    add(0, tree, ())
    for entry in entries:
        _link(entries, entry)
    return entries


def _chain(fat: list[int], first: int, count: int) -> None:
    for k in range(count):
        fat[first + k] = first + k + 1 if k + 1 < count else ENDOFCHAIN


def write(tree: Tree, root_clsid: bytes = bytes(16), clsids: Mapping[tuple[str, ...], bytes] | None = None) -> bytes:
    """The compound file of ``tree`` (version 3, 512-byte sectors); ``clsids`` gives storages
    their class ids by path."""
    entries = _flatten(tree, clsids or {})
    entries[0].clsid = root_clsid
    # the mini stream: streams under the cutoff, in 64-byte mini sectors
    mini = bytearray()
    minifat: list[int] = []
    for entry in entries:
        if entry.kind == STREAM and 0 < len(entry.data) < MINI_CUTOFF:
            count = -(-len(entry.data) // MINI_SECTOR)
            entry.start = len(minifat)
            entry.size = len(entry.data)
            minifat.extend([0] * count)
            _chain(minifat, entry.start, count)
            mini += entry.data.ljust(count * MINI_SECTOR, b"\0")
        elif entry.kind == STREAM and not entry.data:
            entry.start, entry.size = ENDOFCHAIN, 0
    # regular sectors: big streams, the mini stream, the MiniFAT, the directory; then the FAT
    # and the DIFAT. ``body`` holds each placed stream and its padding (no per-sector copies).
    body: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        count = -(-len(data) // SECTOR)
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(ENDOFCHAIN)
        body.append(data)
        if len(data) % SECTOR:
            body.append(bytes(SECTOR - len(data) % SECTOR))
        return first

    for entry in entries:
        if entry.kind == STREAM and len(entry.data) >= MINI_CUTOFF:
            entry.start, entry.size = place(entry.data), len(entry.data)
    if mini:
        entries[0].start, entries[0].size = place(bytes(mini)), len(mini)
    minifat_start, minifat_count = ENDOFCHAIN, 0
    if minifat:
        raw = struct.pack(f"<{len(minifat)}I", *minifat)
        minifat_start, minifat_count = place(raw), -(-len(raw) // SECTOR)
    unused = (-len(entries)) % (SECTOR // 128)
    directory = b"".join(_dirent(e) for e in entries) + _dirent(_Entry("", 0), unused=True) * unused
    dir_start = place(directory)
    fat_count, difat_count = _fat_sizes(len(fat))
    if (1 + len(fat) + fat_count + difat_count) * SECTOR > MAX_FILE_SIZE:
        raise TooLarge(f"a compound file with {SECTOR}-byte sectors is at most {MAX_FILE_SIZE} bytes (MS-CFB 2.9)")
    # MS-CFB 2.5: the first 109 FAT sector numbers are in the header, the rest in DIFAT sectors
    # of 127 numbers each and the number of the next DIFAT sector (ENDOFCHAIN in the last);
    # the FAT marks its own sectors FATSECT and the DIFAT's DIFSECT (2.3)
    fat_start = len(fat)
    fat.extend([FATSECT] * fat_count)
    difat_start = len(fat) if difat_count else ENDOFCHAIN
    fat.extend([DIFSECT] * difat_count)
    fat.extend([FREESECT] * (fat_count * PER_SECTOR - len(fat)))
    fat_sectors = list(range(fat_start, fat_start + fat_count))
    header_difat = fat_sectors[:HEADER_DIFAT] + [FREESECT] * (HEADER_DIFAT - min(fat_count, HEADER_DIFAT))
    difat: list[int] = []
    rest = fat_sectors[HEADER_DIFAT:]
    for k in range(difat_count):
        chunk = rest[k * (PER_SECTOR - 1):(k + 1) * (PER_SECTOR - 1)]
        chunk += [FREESECT] * (PER_SECTOR - 1 - len(chunk))
        difat.extend(chunk)
        difat.append(difat_start + k + 1 if k + 1 < difat_count else ENDOFCHAIN)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", SIGNATURE, bytes(16), 0x003E, 0x0003, 0xFFFE, 9, 6,
                         bytes(6), 0, fat_count, dir_start, 0, MINI_CUTOFF, minifat_start, minifat_count,
                         difat_start, difat_count)
    header += struct.pack(f"<{HEADER_DIFAT}I", *header_difat)
    return b"".join([header, *body, struct.pack(f"<{len(fat)}I", *fat), struct.pack(f"<{len(difat)}I", *difat)])


def _fat_sizes(data_sectors: int) -> tuple[int, int]:
    """FAT and DIFAT sectors for ``data_sectors`` other sectors: the FAT maps every sector,
    its own and the DIFAT's included; DIFAT sectors list the FAT sectors past the header's 109."""
    fat_count = difat_count = 0
    while True:
        need = -(-(data_sectors + fat_count + difat_count) // PER_SECTOR)
        difat_need = -(-max(0, need - HEADER_DIFAT) // (PER_SECTOR - 1))
        if (need, difat_need) == (fat_count, difat_count):
            return fat_count, difat_count
        fat_count, difat_count = max(need, fat_count), max(difat_need, difat_count)


def _dirent(entry: _Entry, unused: bool = False) -> bytes:
    if unused:
        return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, bytes(16), 0, 0, 0,
                           0, 0)
    name = entry.name.encode("utf-16-le") + b"\0\0"
    size = entry.size if entry.kind != STORAGE else 0
    start = entry.start if entry.kind != STORAGE else 0
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name), entry.kind, entry.color, entry.left, entry.right,
                       entry.child, entry.clsid, 0, 0, 0, start, size)


def read(data: bytes) -> Tree:
    """The tree of storages and streams of a compound file; ValueError when it is not one."""
    return read_all(data)[0]


def read_all(data: bytes) -> tuple[Tree, Clsids]:
    """The tree of a compound file and the class ids of its storages that have one."""
    import olefile  # type: ignore[import-untyped,unused-ignore]  # imported when first needed

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError) as err:
        raise ValueError(f"not a compound file: {err}") from None
    try:
        out: Tree = {}
        clsids: Clsids = {}
        for path in ole.listdir(streams=True, storages=True):
            node = out
            for part in path[:-1]:
                child = node.setdefault(part, {})
                assert isinstance(child, dict)
                node = child
            if ole.get_type(path) == olefile.STGTY_STORAGE:
                node.setdefault(path[-1], {})
                clsid = ole.getclsid(path)
                if clsid:
                    clsids[tuple(path)] = _clsid_bytes(clsid)
            else:
                node[path[-1]] = ole.openstream(path).read()
        return out, clsids
    finally:
        ole.close()


def _clsid_bytes(text: str) -> bytes:
    """olefile's CLSID text (``00020D0B-0000-...``) as the 16 bytes of the directory entry."""
    import uuid

    return uuid.UUID(text).bytes_le


def subtree_file(tree: Tree, clsids: Clsids, path: tuple[str, ...]) -> bytes:
    """The storage at ``path`` as a compound file of its own (its class id the root's)."""
    node: Tree | bytes = tree
    for part in path:
        assert isinstance(node, dict)
        node = node[part]
    assert isinstance(node, dict)
    depth = len(path)
    inner = {key[depth:]: value for key, value in clsids.items() if key[:depth] == path and len(key) > depth}
    return write(node, clsids.get(path, bytes(16)), inner)


def root_clsid(data: bytes) -> bytes:
    import olefile  # type: ignore[import-untyped,unused-ignore]

    ole = olefile.OleFileIO(io.BytesIO(data))
    try:
        return _clsid_bytes(ole.root.clsid) if ole.root.clsid else bytes(16)
    finally:
        ole.close()
