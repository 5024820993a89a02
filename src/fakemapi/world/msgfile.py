"""Outlook message files (MS-OXMSG): a message, its recipients, attachments and named properties
as the storages and streams of a compound file (fakemapi/world/cfb.py), both ways.

Layout (MS-OXMSG 2.1 to 2.4): the root storage holds ``__properties_version1.0`` (a 32-byte header:
reserved, next recipient id, next attachment id, recipient count, attachment count, reserved; then
one 16-byte entry per property: tag, flags, value or size), a ``__substg1.0_TTTTTTTT`` stream per
variable-size property (strings UTF-16-LE or 8-bit without the terminator, binaries as they
are; multi-valued ones a length stream and ``-NNNNNNNN`` value streams), ``__nameid_version1.0``
(GUID, entry and string streams), and one ``__recip_version1.0_#NNNNNNNN`` /
``__attach_version1.0_#NNNNNNNN`` storage per recipient / attachment with its own property
stream (an 8-byte header). An attachment that is a message (ATTACH_EMBEDDED_MSG) holds it in an
Embedded Message object storage, ``__substg1.0_3701000D`` (MS-OXMSG 2.2.2.1): the same layout as
the root, with a 24-byte property stream header and no named property mapping of its own (the
root's maps the named properties of the message and of everything in it, 2.2.3); the
attachment's property stream has a PR_ATTACH_DATA_OBJ (PtypObject) entry of size 0xFFFFFFFF
(2.4.2.2).
"""

from __future__ import annotations

import datetime
import struct
import uuid
from typing import Any

import attrs

from fakemapi.props import Bag, make_bag
from fakemapi.tags import (
    MV_FLAG,
    PT_BINARY,
    PT_BOOLEAN,
    PT_CLSID,
    PT_DOUBLE,
    PT_I2,
    PT_I8,
    PT_LONG,
    PT_R4,
    PT_STRING8,
    PT_SYSTIME,
    PT_UNICODE,
)
from fakemapi.world import cfb

PT_CURRENCY, PT_APPTIME, PT_ERROR, PT_OBJECT = 0x0006, 0x0007, 0x000A, 0x000D
PS_MAPI = uuid.UUID("{00020328-0000-0000-C000-000000000046}")
PS_PUBLIC_STRINGS = uuid.UUID("{00020329-0000-0000-C000-000000000046}")
#: CLSID_MailMessage, the root storage's class of a message file written by Outlook
CLSID_MAIL_MESSAGE = uuid.UUID("{00020D0B-0000-0000-C000-000000000046}")
PROPS = "__properties_version1.0"
#: the Embedded Message object storage of an attachment (MS-OXMSG 2.2.2.1): PR_ATTACH_DATA_OBJ
EMBEDDED = "__substg1.0_3701000D"
PR_ATTACH_DATA_OBJ = 0x3701000D
PR_ATTACH_METHOD = 0x37050003
ATTACH_EMBEDDED_MSG = 5
NAMEID = "__nameid_version1.0"
RECIP = "__recip_version1.0_#"
ATTACH = "__attach_version1.0_#"
READABLE_WRITABLE = 0x6
FILETIME_EPOCH = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
PR_ATTACH_NUM = 0x0E210003
PR_ROWID = 0x30000003
#: properties a message file does not keep: they belong to the store the message was in
STORE_ONLY = frozenset({0x0FFF, 0x0E09, 0x0FFB, 0x0FFA, 0x0FF6, 0x0FFE, 0x3010, 0x3000, 0x0E21})
_FIXED = {PT_I2: "<h", PT_LONG: "<i", PT_R4: "<f", PT_DOUBLE: "<d", PT_BOOLEAN: "<H", PT_I8: "<q",
          PT_CURRENCY: "<q", PT_APPTIME: "<d", PT_ERROR: "<I"}


@attrs.define(slots=True)
class MsgContents:
    """What a message file holds: property bags in model form, named properties by id."""

    props: Bag = attrs.field(factory=dict)
    recipients: list[Bag] = attrs.field(factory=list)
    attachments: list[Bag] = attrs.field(factory=list)
    #: property id (0x8000..) -> (property set, name or long id); in an embedded message's
    #: contents empty: the top level's names cover it (MS-OXMSG 2.2.3)
    names: dict[int, tuple[uuid.UUID, str | int]] = attrs.field(factory=dict)
    #: attachment index -> the message that attachment holds (ATTACH_EMBEDDED_MSG)
    embedded: dict[int, MsgContents] = attrs.field(factory=dict)
    #: attachment index -> the storage of an ATTACH_OLE attachment (afStorage), as a compound
    #: file of its own (MS-OXMSG 2.2.2.2 custom attachment storage)
    objects: dict[int, bytes] = attrs.field(factory=dict)


# =========================================================================================
# writing
def _filetime(value: datetime.datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    delta = value - FILETIME_EPOCH
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def _stream_name(tag: int, index: int | None = None) -> str:
    name = f"__substg1.0_{tag & 0xFFFFFFFF:08X}"
    return name if index is None else f"{name}-{index:08X}"


def _variable(ptype: int, value: Any) -> bytes:
    if ptype == PT_UNICODE:
        return str(value).encode("utf-16-le")
    if ptype == PT_STRING8:
        return value if isinstance(value, bytes) else str(value).encode("cp1252", "replace")
    if ptype == PT_CLSID:
        return value.bytes_le if isinstance(value, uuid.UUID) else bytes(value)
    return bytes(value)


def _props_stream(storage: cfb.Tree, bag: Bag, header: bytes, skip: frozenset[int] = frozenset(),
                  first: bytes = b"") -> None:
    entries = [header, first]
    for tag, value in sorted(bag.values(), key=lambda entry: entry[0]):
        ptype = tag & 0xFFFF
        if tag >> 16 in skip or ptype in (PT_ERROR, PT_OBJECT, 0x0000, 0x0001):
            continue
        if ptype & MV_FLAG:
            base = ptype & ~MV_FLAG
            items = list(value)
            if base in _FIXED or base == PT_SYSTIME:
                fmt = _FIXED.get(base, "<q")
                raw = b"".join(struct.pack(fmt, _filetime(v) if base == PT_SYSTIME else v) for v in items)
                storage[_stream_name(tag)] = raw
                size = len(raw)
            else:
                lengths = b""
                for k, item in enumerate(items):
                    data = _variable(base, item)
                    if base == PT_UNICODE:
                        lengths += struct.pack("<I", len(data) + 2)
                        storage[_stream_name(tag, k)] = data + b"\0\0"
                    elif base == PT_STRING8:
                        lengths += struct.pack("<I", len(data) + 1)
                        storage[_stream_name(tag, k)] = data + b"\0"
                    else:
                        lengths += struct.pack("<II", len(data), 0)
                        storage[_stream_name(tag, k)] = data
                storage[_stream_name(tag)] = lengths
                size = len(lengths)
            entries.append(struct.pack("<IIII", tag, READABLE_WRITABLE, size, 0))
        elif ptype == PT_SYSTIME:
            entries.append(struct.pack("<IIq", tag, READABLE_WRITABLE, _filetime(value)))
        elif ptype in _FIXED:
            packed = struct.pack(_FIXED[ptype], int(value) if ptype in (PT_BOOLEAN, PT_I2, PT_LONG, PT_I8) else value)
            entries.append(struct.pack("<II", tag, READABLE_WRITABLE) + packed.ljust(8, b"\0"))
        else:
            data = _variable(ptype, value)
            storage[_stream_name(tag)] = data
            size = len(data) + (2 if ptype == PT_UNICODE else 1 if ptype == PT_STRING8 else 0)
            entries.append(struct.pack("<IIII", tag, READABLE_WRITABLE, size, 0))
    storage[PROPS] = b"".join(entries)


def _nameid(names: dict[int, tuple[uuid.UUID, str | int]]) -> cfb.Tree:
    guids: list[uuid.UUID] = []
    strings = bytearray()
    entries = bytearray()
    for pid, (guid, name) in sorted(names.items()):
        if guid == PS_MAPI:
            guid_index = 1
        elif guid == PS_PUBLIC_STRINGS:
            guid_index = 2
        else:
            if guid not in guids:
                guids.append(guid)
            guid_index = 3 + guids.index(guid)
        index = pid - 0x8000
        if isinstance(name, str):
            offset = len(strings)
            text = name.encode("utf-16-le")
            strings += struct.pack("<I", len(text)) + text
            strings += b"\0" * (-len(strings) % 4)
            entries += struct.pack("<II", offset, (index << 16) | (guid_index << 1) | 1)
        else:
            entries += struct.pack("<II", name, (index << 16) | (guid_index << 1))
    return {"__substg1.0_00020102": b"".join(g.bytes_le for g in guids),
            "__substg1.0_00030102": bytes(entries), "__substg1.0_00040102": bytes(strings)}


def write_msg(contents: MsgContents, clsid: uuid.UUID | None = CLSID_MAIL_MESSAGE) -> bytes:
    """The message file of ``contents``."""
    clsids: cfb.Clsids = {}
    tree = msg_tree(contents, clsids)
    return cfb.write(tree, (clsid or uuid.UUID(int=0)).bytes_le, clsids)


def msg_tree(contents: MsgContents, clsids: cfb.Clsids | None = None) -> cfb.Tree:
    """The storages and streams of ``contents``; ``clsids`` gets the class ids of the OLE
    attachments' storages (by path)."""
    tree = _message_tree(contents, 32, clsids if clsids is not None else {}, ())
    tree[NAMEID] = _nameid(dict(contents.names))
    return tree


def _message_tree(contents: MsgContents, header_size: int, clsids: cfb.Clsids, path: tuple[str, ...]) -> cfb.Tree:
    """A message's storages and streams: the root (a 32-byte header, MS-OXMSG 2.4.1.1) or an
    Embedded Message object storage (24 bytes, 2.4.1.2), without the named property mapping."""
    tree: cfb.Tree = {}
    header = struct.pack("<8sIIII", bytes(8), len(contents.recipients), len(contents.attachments),
                         len(contents.recipients), len(contents.attachments)).ljust(header_size, b"\0")
    _props_stream(tree, contents.props, header, STORE_ONLY)
    for k, recipient in enumerate(contents.recipients):
        sub: cfb.Tree = {}
        _props_stream(sub, recipient, bytes(8), frozenset({PR_ROWID >> 16}),
                      struct.pack("<IIII", PR_ROWID, READABLE_WRITABLE, k, 0))
        tree[f"{RECIP}{k:08X}"] = sub
    for k, attachment in enumerate(contents.attachments):
        sub = {}
        first = struct.pack("<IIII", PR_ATTACH_NUM, READABLE_WRITABLE, k, 0)
        inner = contents.embedded.get(k)
        ole = contents.objects.get(k)
        name = f"{ATTACH}{k:08X}"
        if inner is not None or ole is not None:
            # MS-OXMSG 2.4.2.2: "If the message contains an embedded message attachment or a
            # storage attachment, this field [Size] MUST be set to 0xFFFFFFFF"
            first += struct.pack("<IIII", PR_ATTACH_DATA_OBJ, READABLE_WRITABLE, 0xFFFFFFFF, 0)
        if inner is not None:
            sub[EMBEDDED] = _message_tree(inner, 24, clsids, path + (name, EMBEDDED))
        elif ole is not None:  # the custom attachment storage (2.2.2.2): the object's own tree
            inner_tree, inner_clsids = cfb.read_all(ole)
            sub[EMBEDDED] = inner_tree
            where = path + (name, EMBEDDED)
            clsids[where] = cfb.root_clsid(ole)
            clsids.update({where + key: value for key, value in inner_clsids.items()})
        _props_stream(sub, attachment, bytes(8), frozenset({PR_ATTACH_NUM >> 16}), first)
        tree[name] = sub
    return tree


# =========================================================================================
# reading
def _from_filetime(value: int) -> datetime.datetime:
    return FILETIME_EPOCH + datetime.timedelta(microseconds=value // 10)


def _value(ptype: int, data: bytes) -> Any:
    if ptype == PT_UNICODE:
        return data.decode("utf-16-le", "replace").rstrip("\0")
    if ptype == PT_STRING8:
        return data.rstrip(b"\0").decode("cp1252", "replace")
    if ptype == PT_CLSID:
        return uuid.UUID(bytes_le=data[:16])
    return data


def _read_props(storage: cfb.Tree, header: int) -> Bag:
    raw = storage.get(PROPS)
    if not isinstance(raw, bytes):
        raise ValueError(f"no {PROPS} stream")
    pairs: list[tuple[int, Any]] = []
    for at in range(header, len(raw) - 15, 16):
        tag, _flags = struct.unpack_from("<II", raw, at)
        ptype = tag & 0xFFFF
        value_at = at + 8
        if ptype & MV_FLAG:
            base = ptype & ~MV_FLAG
            stream = storage.get(_stream_name(tag), b"")
            assert isinstance(stream, bytes)
            if base in _FIXED or base == PT_SYSTIME:
                fmt = _FIXED.get(base, "<q")
                width = struct.calcsize(fmt)
                values = [struct.unpack_from(fmt, stream, k)[0] for k in range(0, len(stream) - width + 1, width)]
                pairs.append((tag, tuple(_from_filetime(v) if base == PT_SYSTIME else v for v in values)))
            else:
                step = 8 if base == PT_BINARY else 4
                items = []
                for k in range(len(stream) // step):
                    part = storage.get(_stream_name(tag, k), b"")
                    assert isinstance(part, bytes)
                    items.append(_value(base, part))
                pairs.append((tag, tuple(items)))
        elif ptype == PT_SYSTIME:
            pairs.append((tag, _from_filetime(struct.unpack_from("<q", raw, value_at)[0])))
        elif ptype == PT_BOOLEAN:
            pairs.append((tag, bool(struct.unpack_from("<H", raw, value_at)[0])))
        elif ptype in _FIXED:
            pairs.append((tag, struct.unpack_from(_FIXED[ptype], raw, value_at)[0]))
        else:
            data = storage.get(_stream_name(tag))
            if isinstance(data, bytes):
                pairs.append((tag, _value(ptype, data)))
    return make_bag(pairs)


def _read_names(storage: cfb.Tree) -> dict[int, tuple[uuid.UUID, str | int]]:
    sub = storage.get(NAMEID)
    if not isinstance(sub, dict):
        return {}
    guids_raw, entries, strings = (sub.get(f"__substg1.0_000{k}0102", b"") for k in (2, 3, 4))
    assert isinstance(guids_raw, bytes) and isinstance(entries, bytes) and isinstance(strings, bytes)
    guids = [uuid.UUID(bytes_le=guids_raw[k:k + 16]) for k in range(0, len(guids_raw) - 15, 16)]
    out: dict[int, tuple[uuid.UUID, str | int]] = {}
    for at in range(0, len(entries) - 7, 8):
        ident, packed = struct.unpack_from("<II", entries, at)
        index, guid_index, is_string = packed >> 16, (packed & 0xFFFF) >> 1, packed & 1
        if guid_index == 1:
            guid = PS_MAPI
        elif guid_index == 2:
            guid = PS_PUBLIC_STRINGS
        elif 0 <= guid_index - 3 < len(guids):
            guid = guids[guid_index - 3]
        else:
            continue
        if is_string:
            (length,) = struct.unpack_from("<I", strings, ident)
            name: str | int = strings[ident + 4:ident + 4 + length].decode("utf-16-le", "replace")
        else:
            name = ident
        out[0x8000 + index] = (guid, name)
    return out


def read_msg(data: bytes) -> MsgContents:
    """What a message file holds; ValueError when ``data`` is not one."""
    return read_tree(cfb.read(data))


def read_tree(tree: cfb.Tree, clsids: cfb.Clsids | None = None) -> MsgContents:
    """What the storages and streams ``tree`` of a message file hold (``clsids``: the class ids
    of its storages, which an OLE attachment's storage keeps)."""
    contents = _read_message(tree, 32, clsids or {})
    contents.names = _read_names(tree)
    return contents


def _read_message(tree: cfb.Tree, header: int, clsids: cfb.Clsids) -> MsgContents:
    """A message's contents from its storage ``tree``; ``clsids`` by paths from ``tree``."""
    contents = MsgContents(_read_props(tree, header))
    for name in sorted(tree):
        sub = tree[name]
        if not isinstance(sub, dict):
            continue
        if name.startswith(RECIP):
            row = _read_props(sub, 8)
            row.pop(PR_ROWID >> 16, None)
            contents.recipients.append(row)
        elif name.startswith(ATTACH):
            row = _read_props(sub, 8)
            row.pop(PR_ATTACH_NUM >> 16, None)
            inner = sub.get(EMBEDDED)
            method = row.get(PR_ATTACH_METHOD >> 16)
            if isinstance(inner, dict):
                # MS-OXMSG 2.2.2: an Embedded Message object storage for a message attachment, a
                # custom attachment storage for afStorage (ATTACH_OLE, 6)
                if (method is None or method[1] == ATTACH_EMBEDDED_MSG) and isinstance(inner.get(PROPS), bytes):
                    below = {key[2:]: value for key, value in clsids.items() if key[:2] == (name, EMBEDDED)}
                    contents.embedded[len(contents.attachments)] = _read_message(inner, 24, below)
                else:
                    contents.objects[len(contents.attachments)] = cfb.subtree_file(tree, clsids, (name, EMBEDDED))
            contents.attachments.append(row)
    return contents
