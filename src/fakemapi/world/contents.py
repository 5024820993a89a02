"""Messages, attachments, recipients and named properties on the server.

A message is a saved property bag plus its recipient rows and attachments. Messages the world
file *generates* are not built until something needs them: a folder keeps each generated run
as a :class:`Block` (a counter range and a template) and makes a message's bag only when a row
is read (thrown away afterwards) or the message is opened or changed (kept from then on).
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Callable

import attrs

from fakemapi import tags as t
from fakemapi.props import Bag, make_bag
from fakemapi.tags import MV_FLAG, PT_BINARY, PT_STRING8, PT_UNICODE
from fakemapi.world.bodies import derived_bodies, spec_bodies
from fakemapi.world.entryid import ab_entryid, message_entryid
from fakemapi.world.specs import EPOCH, GeneratedSpec, MessageSpec, _fill
from fakemapi.world.subject import split_subject, subject_entries

if TYPE_CHECKING:
    from fakemapi.world.model import Mailbox
    from fakemapi.world.store import Folder, StoreData

MAPI_MESSAGE = 5
MAPI_MAILUSER = 6
MAPI_ATTACH = 7
MSGFLAG_READ = 0x1
MSGFLAG_UNMODIFIED = 0x2
MSGFLAG_SUBMIT = 0x4
MSGFLAG_UNSENT = 0x8
MSGFLAG_HASATTACH = 0x10
MSGFLAG_FROMME = 0x20
MSGFLAG_ASSOCIATED = 0x40
MAPI_TO, MAPI_CC, MAPI_BCC = 1, 2, 3
ATTACH_BY_VALUE = 1
#: PR_ATTACH_METHOD of an attachment that is a message (MS-OXCMSG 2.2.2.9 afEmbeddedMessage)
ATTACH_EMBEDDED_MSG = 5
#: PR_ATTACH_METHOD of an OLE object attachment (MS-OXCMSG 2.2.2.9 afStorage)
ATTACH_OLE = 6

PR_SMTP_ADDRESS = 0x39FE001F  # not in pywin32's mapitags (MS-OXPROPS PidTagSmtpAddress)
PR_SUBJECT = t.tag("PR_SUBJECT")
PR_BODY = t.tag("PR_BODY")
PR_MESSAGE_CLASS = t.tag("PR_MESSAGE_CLASS")
PR_IMPORTANCE = t.tag("PR_IMPORTANCE")
PR_MESSAGE_FLAGS = t.tag("PR_MESSAGE_FLAGS")
PR_MESSAGE_SIZE = t.tag("PR_MESSAGE_SIZE")
PR_HASATTACH = t.tag("PR_HASATTACH")
PR_MESSAGE_DELIVERY_TIME = t.tag("PR_MESSAGE_DELIVERY_TIME")
PR_CLIENT_SUBMIT_TIME = t.tag("PR_CLIENT_SUBMIT_TIME")
PR_CREATION_TIME = t.tag("PR_CREATION_TIME")
PR_LAST_MODIFICATION_TIME = t.tag("PR_LAST_MODIFICATION_TIME")
PR_SENDER_NAME = t.tag("PR_SENDER_NAME")
PR_SENDER_EMAIL_ADDRESS = t.tag("PR_SENDER_EMAIL_ADDRESS")
PR_SENDER_ADDRTYPE = t.tag("PR_SENDER_ADDRTYPE")
PR_SENDER_ENTRYID = t.tag("PR_SENDER_ENTRYID")
PR_SENT_REPRESENTING_NAME = t.tag("PR_SENT_REPRESENTING_NAME")
PR_SENT_REPRESENTING_EMAIL_ADDRESS = t.tag("PR_SENT_REPRESENTING_EMAIL_ADDRESS")
PR_SENT_REPRESENTING_ADDRTYPE = t.tag("PR_SENT_REPRESENTING_ADDRTYPE")
PR_DISPLAY_TO = t.tag("PR_DISPLAY_TO")
PR_DISPLAY_CC = t.tag("PR_DISPLAY_CC")
PR_DISPLAY_BCC = t.tag("PR_DISPLAY_BCC")
PR_RECIPIENT_TYPE = t.tag("PR_RECIPIENT_TYPE")
PR_ATTACH_NUM = t.tag("PR_ATTACH_NUM")
PR_ATTACH_METHOD = t.tag("PR_ATTACH_METHOD")
PR_ATTACH_LONG_FILENAME = t.tag("PR_ATTACH_LONG_FILENAME")
PR_ATTACH_FILENAME = t.tag("PR_ATTACH_FILENAME")
PR_ATTACH_DATA_BIN = t.tag("PR_ATTACH_DATA_BIN")
PR_ATTACH_SIZE = t.tag("PR_ATTACH_SIZE")
PR_RENDERING_POSITION = t.tag("PR_RENDERING_POSITION")
PR_DELETE_AFTER_SUBMIT = t.tag("PR_DELETE_AFTER_SUBMIT")
PR_SENTMAIL_ENTRYID = t.tag("PR_SENTMAIL_ENTRYID")
PR_RECEIVED_BY_NAME = t.tag("PR_RECEIVED_BY_NAME")
PR_RECEIVED_BY_EMAIL_ADDRESS = t.tag("PR_RECEIVED_BY_EMAIL_ADDRESS")
PR_NORMALIZED_SUBJECT = t.tag("PR_NORMALIZED_SUBJECT")
PR_SENSITIVITY = t.tag("PR_SENSITIVITY")
PR_ACCESS = t.tag("PR_ACCESS")
PR_ACCESS_LEVEL = t.tag("PR_ACCESS_LEVEL")
#: PidTagTrustSender (MS-OXCMSG 2.2.1.45); not in pywin32's mapitags
PR_TRUST_SENDER = 0x0E790003
IMPORTANCE_NORMAL = 1
SENSITIVITY_NONE = 0
#: PR_ACCESS (MS-OXCPRPT 2.2.1.1) of a saved message its owner may change: MAPI_ACCESS_MODIFY |
#: MAPI_ACCESS_READ | MAPI_ACCESS_DELETE (inferred: the rights an owner has)
MESSAGE_ACCESS = 0x7
#: PR_ACCESS of a message not saved yet: 0x00000003 (MS-OXCMSG 3.2.5.2, RopCreateMessage)
NEW_MESSAGE_ACCESS = 0x3

#: properties the store derives; clients cannot set them (SetProps reports MAPI_E_COMPUTED)
COMPUTED_IDS = frozenset(tag >> 16 for tag in (
    t.PR_ENTRYID, t.PR_RECORD_KEY, t.PR_INSTANCE_KEY, t.PR_OBJECT_TYPE, t.PR_PARENT_ENTRYID,
    t.PR_STORE_ENTRYID, t.PR_STORE_RECORD_KEY, PR_MESSAGE_SIZE, PR_HASATTACH, PR_DISPLAY_TO,
    PR_DISPLAY_CC, PR_DISPLAY_BCC, t.PR_CONTENT_COUNT, t.PR_CONTENT_UNREAD, t.PR_SUBFOLDERS,
    PR_ATTACH_NUM, PR_ATTACH_SIZE, t.tag("PR_ASSOC_CONTENT_COUNT"), PR_ACCESS, PR_ACCESS_LEVEL,
))

#: the start of virtual time, as message and folder times show it (R14: no wall clock)
CLOCK_EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


def clock_time(now_us: int) -> datetime.datetime:
    return CLOCK_EPOCH + datetime.timedelta(microseconds=now_us)


def value_size(tag: int, value: Any) -> int:
    """Bytes a value takes in the store, as PR_MESSAGE_SIZE counts them (approximately: strings
    as UTF-16, binaries as they are, everything else 8 bytes)."""
    ptype = tag & 0xFFFF
    if ptype & MV_FLAG:
        base = (tag & 0xFFFF0000) | (ptype & ~MV_FLAG)
        return sum(value_size(base, v) for v in value)
    if ptype in (PT_STRING8, PT_UNICODE):
        return 2 * len(value) if isinstance(value, str) else len(value)
    if ptype == PT_BINARY:
        return len(value)
    return 8


def bag_size(bag: Bag) -> int:
    return sum(value_size(tag, value) for tag, value in bag.values())


# =========================================================================================
@attrs.define(slots=True, eq=False)
class Attachment:
    num: int
    props: Bag
    #: the message an ATTACH_EMBEDDED_MSG attachment holds (PR_ATTACH_DATA_OBJ opened as
    #: IMessage; MS-OXCMSG 2.2.2.9 and "Saving an Embedded Message"); None for other kinds
    embedded: Message | None = None
    #: the storage of an ATTACH_OLE attachment (afStorage), as a compound file of its own: kept
    #: as it came (from a .msg file's custom attachment storage, MS-OXMSG 2.2.2.2) and copied on
    ole: bytes | None = None

    def copy(self) -> Attachment:
        return Attachment(self.num, dict(self.props), self.embedded.clone() if self.embedded is not None else None,
                          self.ole)

    def size(self) -> int:
        """Bytes the attachment takes: its properties, its embedded message or OLE storage."""
        return (bag_size(self.props) + (self.embedded.size() if self.embedded is not None else 0)
                + (len(self.ole) if self.ole is not None else 0))

    def view(self) -> Bag:
        bag = dict(self.props)
        bag[PR_ATTACH_NUM >> 16] = (PR_ATTACH_NUM, self.num)
        bag[t.PR_OBJECT_TYPE >> 16] = (t.PR_OBJECT_TYPE, MAPI_ATTACH)
        bag[PR_ATTACH_SIZE >> 16] = (PR_ATTACH_SIZE, self.size())
        bag.setdefault(t.PR_RECORD_KEY >> 16, (t.PR_RECORD_KEY, self.num.to_bytes(4, "little")))
        bag.setdefault(t.PR_INSTANCE_KEY >> 16, (t.PR_INSTANCE_KEY, self.num.to_bytes(4, "little")))
        return bag


@attrs.define(slots=True, eq=False)
class Message:
    """A message on the server. ``folder`` is None until its first SaveChanges."""

    store: StoreData
    counter: int
    folder: Folder | None
    props: Bag
    recipients: list[Bag] = attrs.field(factory=list)
    attachments: dict[int, Attachment] = attrs.field(factory=dict)
    associated: bool = False
    next_attach: int = 0
    next_rowid: int = 0
    size_hint: int = 0
    deleted: bool = False
    submitted: bool = False

    @property
    def entryid(self) -> bytes:
        folder = self.folder.counter if self.folder is not None else 0
        return message_entryid(self.store.guid, folder, self.counter, self.store.public)

    @property
    def flags(self) -> int:
        entry = self.props.get(PR_MESSAGE_FLAGS >> 16)
        flags = int(entry[1]) if entry is not None else 0
        if self.attachments:
            flags |= MSGFLAG_HASATTACH
        if self.associated:
            flags |= MSGFLAG_ASSOCIATED
        return flags

    @property
    def read(self) -> bool:
        return bool(self.flags & MSGFLAG_READ)

    def set_flags(self, value: int) -> None:
        self.props[PR_MESSAGE_FLAGS >> 16] = (PR_MESSAGE_FLAGS, value & ~(MSGFLAG_HASATTACH | MSGFLAG_ASSOCIATED))

    def computed(self, recipients: list[Bag] | None = None,
                 attachments: dict[int, Attachment] | None = None, props: Bag | None = None,
                 rtf: bool = False) -> Bag:
        """What the store derives; an open message passes its unsaved recipients/attachments.
        A derived PR_RTF_COMPRESSED (LZFu, slow to make) only with ``rtf``: an open message shows
        it, table rows do not (world/bodies.py)."""
        recips = self.recipients if recipients is None else recipients
        attach = self.attachments if attachments is None else attachments
        own = self.props if props is None else props
        store = self.store
        pairs: list[tuple[int, Any]] = [
            (t.PR_RECORD_KEY, store.guid.bytes_le + self.counter.to_bytes(6, "big")),
            (t.PR_INSTANCE_KEY, self.counter.to_bytes(4, "little")),
            (t.PR_OBJECT_TYPE, MAPI_MESSAGE),
            (t.PR_STORE_ENTRYID, store.canonical_entryid),
            (t.PR_STORE_RECORD_KEY, store.guid.bytes_le),
            (PR_HASATTACH, bool(attach)),
            (PR_ACCESS, MESSAGE_ACCESS if self.folder is not None else NEW_MESSAGE_ACCESS),
            (PR_ACCESS_LEVEL, 1),
            (PR_MESSAGE_SIZE, max(self.size_hint, bag_size(own) + sum(a.size() for a in attach.values())
                                  + sum(bag_size(r) for r in recips))),
        ]
        if self.folder is not None:
            pairs.append((t.PR_ENTRYID, self.entryid))
            pairs.append((t.PR_PARENT_ENTRYID, self.folder.entryid))
        flags_entry = own.get(PR_MESSAGE_FLAGS >> 16)
        flags = int(flags_entry[1]) if flags_entry is not None else 0
        if attach:
            flags |= MSGFLAG_HASATTACH
        if self.associated:
            flags |= MSGFLAG_ASSOCIATED
        pairs.append((PR_MESSAGE_FLAGS, flags))
        for tag, kind in ((PR_DISPLAY_TO, MAPI_TO), (PR_DISPLAY_CC, MAPI_CC), (PR_DISPLAY_BCC, MAPI_BCC)):
            names = [str(r[t.PR_DISPLAY_NAME >> 16][1]) for r in recips
                     if _recipient_type(r) == kind and t.PR_DISPLAY_NAME >> 16 in r]
            pairs.append((tag, "; ".join(names)))
        bag = make_bag(pairs)
        bag.update(derived_bodies(own, rtf))  # the body types it was not written in (world/bodies.py)
        return bag

    def view(self) -> Bag:
        """Saved and derived properties together, as tables and other objects see them."""
        bag = dict(self.props)
        bag.update(self.computed())
        return bag

    def size(self) -> int:
        """What the message's saved properties, recipients and attachments take (PR_MESSAGE_SIZE)."""
        return max(self.size_hint, bag_size(self.props) + sum(a.size() for a in self.attachments.values())
                   + sum(bag_size(r) for r in self.recipients))

    def clone(self, store: StoreData | None = None, names: Callable[[Bag], Bag] | None = None) -> Message:
        """A deep copy, not in any folder (an embedded message's own copy), optionally into
        ``store`` with ``names`` mapping its named properties (and its recipients' and
        attachments', at every depth) to that store's ids."""
        remap = names or dict
        return Message(self.store if store is None else store, self.counter, None, remap(self.props),
                       [remap(r) for r in self.recipients],
                       {n: Attachment(n, remap(a.props), a.embedded.clone(store, names) if a.embedded else None, a.ole)
                        for n, a in self.attachments.items()},
                       self.associated, self.next_attach, self.next_rowid, self.size_hint)

    def copy_to(self, store: StoreData, counter: int, folder: Folder | None) -> Message:
        return Message(store, counter, folder, dict(self.props), [dict(r) for r in self.recipients],
                       {n: Attachment(n, dict(a.props), a.embedded.clone(store) if a.embedded else None, a.ole)
                        for n, a in self.attachments.items()}, self.associated, self.next_attach,
                       self.next_rowid, self.size_hint)


def _recipient_type(row: Bag) -> int:
    entry = row.get(PR_RECIPIENT_TYPE >> 16)
    return int(entry[1]) & 0x0FFFFFFF if entry is not None else MAPI_TO


@attrs.define(slots=True, eq=False)
class Block:
    """``spec.count`` generated messages with counters ``start`` .. ``start + count - 1``."""

    start: int
    spec: GeneratedSpec
    #: counters no longer generated from the template (opened, changed, moved or deleted)
    taken: set[int] = attrs.field(factory=set)
    #: the rows of its messages, made on first use (see :class:`BlockRows`)
    rows: BlockRows | None = None

    @property
    def stop(self) -> int:
        return self.start + self.spec.count

    def __contains__(self, counter: int) -> bool:
        return self.start <= counter < self.stop

    def virgin(self) -> Iterable[int]:
        if not self.taken:
            return range(self.start, self.stop)
        return (c for c in range(self.start, self.stop) if c not in self.taken)

    @property
    def unread(self) -> int:
        return 0 if self.spec.template.read else self.spec.count - len(self.taken)


Entry = tuple[int, Any]


class BlockRows:
    """What tables read of a block's generated messages, without building them.

    Message ``n`` of a block differs from message 1 only in its number and counter: the subject,
    normalized subject and body (``{n}`` filled in), the four times (``received_from + (n-1) *
    every``), PR_SEARCH_KEY, PR_RECORD_KEY, PR_INSTANCE_KEY, PR_ENTRYID and PR_MESSAGE_SIZE (the
    strings' lengths); a property the template's ``props`` sets stays as it sets it. So the view
    of message 1 (built once, by :func:`build_from_spec` and :meth:`Message.view`) serves every
    other entry, and ``varying`` computes the ones above from the counter.
    ``bag(counter) == build_from_spec(...).view()`` (tests/test_contents_columns.py checks it).
    """

    __slots__ = ("proto", "varying", "runs")

    def __init__(self, store: StoreData, folder: Folder, block: Block) -> None:
        spec, start = block.spec, block.start
        template = spec.template
        first = build_from_spec(store, start, folder, spec.message(1))
        own = first.props
        self.proto: Bag = first.view()
        fixed = {tag >> 16 for tag, _ in template.props}  # set by the template: the same in every message
        #: pid -> the entry of a counter
        varying: dict[int, Callable[[int], Entry]] = {}
        #: pid -> the entries of ascending counters, all at once
        self.runs: dict[int, Callable[[list[int]], list[Entry]]] = {}

        texts: list[tuple[int, str]] = []  # (tag, template text) of the strings that change with n
        normalized = None if template.subject is None else split_subject(template.subject)[1]
        for tag, text in ((PR_SUBJECT, template.subject), (PR_NORMALIZED_SUBJECT, normalized),
                          (PR_BODY, template.body)):
            if text is None or tag >> 16 in fixed or ("{" not in text and "}" not in text):
                continue
            texts.append((tag, text))
            varying[tag >> 16], self.runs[tag >> 16] = _text_entry(tag, text, start)
        if PR_BODY >> 16 in varying:
            varying.update(_derived_body_entries(own, varying[PR_BODY >> 16]))
        received_from, every = spec.received_from, spec.every
        for tag in (PR_MESSAGE_DELIVERY_TIME, PR_CLIENT_SUBMIT_TIME, PR_CREATION_TIME, PR_LAST_MODIFICATION_TIME):
            if tag >> 16 not in fixed:
                varying[tag >> 16], self.runs[tag >> 16] = _time_entry(tag, received_from, every, start)
        guid = store.guid.bytes_le
        if t.PR_SEARCH_KEY >> 16 not in fixed:
            varying[t.PR_SEARCH_KEY >> 16], self.runs[t.PR_SEARCH_KEY >> 16] = _key_entry(t.PR_SEARCH_KEY, guid)
        varying[t.PR_RECORD_KEY >> 16], self.runs[t.PR_RECORD_KEY >> 16] = _key_entry(t.PR_RECORD_KEY, guid)
        varying[t.PR_INSTANCE_KEY >> 16], self.runs[t.PR_INSTANCE_KEY >> 16] = _instance_entry()
        head = message_entryid(store.guid, folder.counter, 0, store.public)[:-8]
        varying[t.PR_ENTRYID >> 16], self.runs[t.PR_ENTRYID >> 16] = _entryid_entry(head)
        if texts:
            rest = (bag_size(own) + sum(a.size() for a in first.attachments.values())
                    + sum(bag_size(r) for r in first.recipients)
                    - sum(value_size(tag, own[tag >> 16][1]) for tag, _ in texts))
            varying[PR_MESSAGE_SIZE >> 16], self.runs[PR_MESSAGE_SIZE >> 16] = _size_entry(
                texts, rest, first.size_hint, start)
        self.varying = varying

    def entry(self, pid: int, counter: int) -> Entry | None:
        make = self.varying.get(pid)
        return make(counter) if make is not None else self.proto.get(pid)

    def column(self, pid: int, counters: list[int]) -> list[Entry | None]:
        """``[self.entry(pid, c) for c in counters]`` for strictly ascending ``counters`` (an entry
        that is the same in every message is the same object in every row)."""
        make = self.varying.get(pid)
        if make is None:
            return [self.proto.get(pid)] * len(counters)
        run = self.runs.get(pid)
        if run is not None:
            return run(counters)  # type: ignore[return-value]
        return list(map(make, counters))

    def bag(self, counter: int) -> Bag:
        """The message's view, as ``build_from_spec(...).view()`` would give it."""
        bag = dict(self.proto)
        for pid, make in self.varying.items():
            bag[pid] = make(counter)
        return bag


# Each of these gives (entry of a counter, entries of strictly ascending counters); the second is the
# first applied to each counter, written out as a loop (no call per counter).
One = Callable[[int], Entry]
Many = Callable[[list[int]], list[Entry]]


def _only_n(text: str) -> list[str] | None:
    """``text`` split at its "{n}" fields when they are its only fields (then ``_fill(text, n)``
    is ``str(n).join(parts)``), else None."""
    parts = text.split("{n}")
    if any("{" in part or "}" in part for part in parts):
        return None
    return parts


def _text_entry(tag: int, text: str, start: int) -> tuple[One, Many]:
    parts = _only_n(text)
    if parts is None:
        def one(counter: int) -> Entry:
            return (tag, _fill(text, counter - start + 1))
        return one, lambda counters: [(tag, _fill(text, c - start + 1)) for c in counters]
    join = str.join
    offset = 1 - start
    return ((lambda counter: (tag, join(str(counter + offset), parts))),
            (lambda counters: [(tag, join(str(c + offset), parts)) for c in counters]))


def _time_entry(tag: int, base: datetime.datetime, every: datetime.timedelta, start: int) -> tuple[One, Many]:
    def many(counters: list[int]) -> list[Entry]:
        if counters and counters[-1] - counters[0] == len(counters) - 1:
            # consecutive counters: each time is the one before plus ``every`` (exact: datetimes
            # add as integers, so this is ``base + (counter - start) * every`` for every counter)
            times = itertools.accumulate(itertools.repeat(every, len(counters) - 1),
                                         initial=base + (counters[0] - start) * every)
            return list(zip(itertools.repeat(tag), times))
        return [(tag, base + (c - start) * every) for c in counters]
    return (lambda counter: (tag, base + (counter - start) * every)), many


def _derived_body_entries(own: Bag, body: One) -> dict[int, One]:
    """The body types the store derives from a plain-text body that changes with n (world/bodies.py)."""
    pids = set(derived_bodies(own)) - {PR_BODY >> 16}

    def entry_of(pid: int) -> One:
        def one(counter: int) -> Entry:
            bag = dict(own)
            bag[PR_BODY >> 16] = body(counter)
            return derived_bodies(bag)[pid]
        return one
    return {pid: entry_of(pid) for pid in pids}


def _key_entry(tag: int, guid: bytes) -> tuple[One, Many]:
    return ((lambda counter: (tag, guid + counter.to_bytes(6, "big"))),
            (lambda counters: [(tag, guid + c.to_bytes(6, "big")) for c in counters]))


def _instance_entry() -> tuple[One, Many]:
    tag = t.PR_INSTANCE_KEY
    return ((lambda counter: (tag, counter.to_bytes(4, "little"))),
            (lambda counters: [(tag, c.to_bytes(4, "little")) for c in counters]))


def _entryid_entry(head: bytes) -> tuple[One, Many]:
    tag = t.PR_ENTRYID
    # the counter's 6 bytes, big-endian, then 2 bytes of padding: the counter << 16 in 8 bytes
    return ((lambda counter: (tag, head + (counter << 16).to_bytes(8, "big"))),
            (lambda counters: [(tag, head + (c << 16).to_bytes(8, "big")) for c in counters]))


def _size_entry(texts: list[tuple[int, str]], rest: int, hint: int, start: int) -> tuple[One, Many]:
    # the texts are string properties: value_size is 2 bytes a character (the subject's text
    # counts twice, as PR_SUBJECT and PR_NORMALIZED_SUBJECT)
    assert all(tag & 0xFFFF in (PT_STRING8, PT_UNICODE) for tag, _ in texts)
    weights: dict[str, int] = {}
    for _, text in texts:
        weights[text] = weights.get(text, 0) + 2
    fixed = rest  # the characters that do not change with n, where "{n}" is the only field ...
    per_digit = 0  # ... and the characters per digit of n
    groups: list[tuple[str, int]] = []  # texts with other fields: filled in
    for text, weight in weights.items():
        parts = _only_n(text)
        if parts is None:
            groups.append((text, weight))
        else:
            fixed += weight * sum(map(len, parts))
            per_digit += weight * (len(parts) - 1)
    tag = PR_MESSAGE_SIZE

    def one(counter: int) -> Entry:
        n = counter - start + 1
        size = fixed + per_digit * len(str(n))
        for text, weight in groups:
            size += weight * len(_fill(text, n) or "")
        return (tag, max(hint, size))

    if groups:
        return one, lambda counters: list(map(one, counters))
    offset = 1 - start

    def many(counters: list[int]) -> list[Entry]:
        # the size changes only with the number of digits of n: one entry per run of them
        out: list[Entry] = []
        at, end = 0, len(counters)
        while at < end:
            digits = len(str(counters[at] + offset))
            stop = bisect.bisect_left(counters, 10 ** digits - offset, at)  # n gets one more digit there
            out.extend([(tag, max(hint, fixed + per_digit * digits))] * (stop - at))
            at = stop
        return out
    return one, many


# =========================================================================================
@attrs.define(slots=True, eq=False)
class NameMap:
    """A store's named properties: (property set, name or id) <-> id from 0x8000, stable per store."""

    ids: dict[tuple[uuid.UUID, str | int], int] = attrs.field(factory=dict)
    names: dict[int, tuple[uuid.UUID, str | int]] = attrs.field(factory=dict)
    types: dict[int, int] = attrs.field(factory=dict)
    next_id: int = 0x8000

    def get(self, guid: uuid.UUID, name: str | int) -> int | None:
        return self.ids.get((guid, name))

    def create(self, guid: uuid.UUID, name: str | int, ptype: int = 0) -> int:
        pid = self.ids.get((guid, name))
        if pid is None:
            pid = self.next_id
            self.next_id += 1
            self.ids[(guid, name)] = pid
            self.names[pid] = (guid, name)
            if ptype:
                self.types[pid] = ptype
        return pid


# =========================================================================================
Directory = Callable[[str], "Mailbox | None"]


def address_props(address: str, directory: Directory) -> list[tuple[int, Any]]:
    """Recipient (or sender) properties for a world alias / DN / SMTP address."""
    mailbox = directory(address)
    if mailbox is not None:
        return [(t.PR_DISPLAY_NAME, mailbox.display_name), (t.PR_EMAIL_ADDRESS, mailbox.dn),
                (t.PR_ADDRTYPE, "EX"), (t.PR_ENTRYID, ab_entryid(mailbox.dn)), (PR_SMTP_ADDRESS, mailbox.smtp),
                (t.PR_SEARCH_KEY, ("EX:" + mailbox.dn).upper().encode("ascii", "replace") + b"\0")]
    return [(t.PR_DISPLAY_NAME, address), (t.PR_EMAIL_ADDRESS, address), (t.PR_ADDRTYPE, "SMTP"),
            (PR_SMTP_ADDRESS, address),
            (t.PR_SEARCH_KEY, ("SMTP:" + address).upper().encode("ascii", "replace") + b"\0")]


def recipient_row(address: str, kind: int, rowid: int, directory: Directory) -> Bag:
    pairs = address_props(address, directory)
    pairs += [(PR_RECIPIENT_TYPE, kind), (t.PR_ROWID, rowid), (t.PR_OBJECT_TYPE, MAPI_MAILUSER),
              (t.PR_DISPLAY_TYPE, 0)]
    return make_bag(pairs)


def build_from_spec(store: StoreData, counter: int, folder: Folder, spec: MessageSpec) -> Message:
    """The message a world file describes, as the server keeps it."""
    return _build(store, counter, folder, spec, b"")


def _build(store: StoreData, counter: int, folder: Folder | None, spec: MessageSpec, at: bytes) -> Message:
    """``spec`` as a message of ``store``; ``at`` is empty for a message in ``folder``, and for an
    embedded message (in no folder) the attachment numbers leading to it, 4 bytes each: it
    shares the counter of the message in the folder (it is no message of the store's own: it has
    no entry id, and allocating one would make the ids of later messages depend on which
    generated messages were read) and its PR_SEARCH_KEY ends with ``at``, so that no two are
    alike."""
    directory = store.directory
    received = spec.received or EPOCH
    flags = MSGFLAG_READ if spec.read else 0
    pairs: list[tuple[int, Any]] = [
        (PR_MESSAGE_CLASS, spec.message_class), (PR_IMPORTANCE, spec.importance), (PR_SENSITIVITY, SENSITIVITY_NONE),
        (PR_MESSAGE_FLAGS, flags),
        (PR_MESSAGE_DELIVERY_TIME, received), (PR_CLIENT_SUBMIT_TIME, received), (PR_CREATION_TIME, received),
        (PR_LAST_MODIFICATION_TIME, received),
        (t.PR_SEARCH_KEY, store.guid.bytes_le + counter.to_bytes(6, "big") + at),
    ]
    if spec.subject is not None:
        pairs += [(PR_SUBJECT, spec.subject), *subject_entries(PR_SUBJECT, spec.subject)]
    if spec.body is not None:
        pairs.append((PR_BODY, spec.body))
    if spec.sender is not None:
        sender = dict((tag, v) for tag, v in address_props(spec.sender, directory))
        pairs += [(PR_SENDER_NAME, sender[t.PR_DISPLAY_NAME]), (PR_SENDER_EMAIL_ADDRESS, sender[t.PR_EMAIL_ADDRESS]),
                  (PR_SENDER_ADDRTYPE, sender[t.PR_ADDRTYPE]),
                  (PR_SENT_REPRESENTING_NAME, sender[t.PR_DISPLAY_NAME]),
                  (PR_SENT_REPRESENTING_EMAIL_ADDRESS, sender[t.PR_EMAIL_ADDRESS]),
                  (PR_SENT_REPRESENTING_ADDRTYPE, sender[t.PR_ADDRTYPE])]
        if t.PR_ENTRYID in sender:
            pairs.append((PR_SENDER_ENTRYID, sender[t.PR_ENTRYID]))
    if store.mailbox is not None and not at:  # an embedded message was not delivered to this mailbox
        pairs += [(PR_RECEIVED_BY_NAME, store.mailbox.display_name),
                  (PR_RECEIVED_BY_EMAIL_ADDRESS, store.mailbox.dn)]
    pairs += spec_bodies(spec)
    pairs += list(spec.props)
    message = Message(store, counter, folder, make_bag(pairs), size_hint=spec.size_hint)
    for kind, names in ((MAPI_TO, spec.to), (MAPI_CC, spec.cc), (MAPI_BCC, spec.bcc)):
        for name in names:
            message.recipients.append(recipient_row(name, kind, message.next_rowid, directory))
            message.next_rowid += 1
    for att in spec.attachments:
        num = message.next_attach
        message.next_attach += 1
        if att.message is None:
            message.attachments[num] = Attachment(num, make_bag([
                (PR_ATTACH_METHOD, ATTACH_BY_VALUE), (PR_ATTACH_LONG_FILENAME, att.filename),
                (PR_ATTACH_FILENAME, att.filename), (t.PR_DISPLAY_NAME, att.name or att.filename),
                (PR_ATTACH_DATA_BIN, att.data), (PR_RENDERING_POSITION, -1)]))
            continue
        # MS-OXCMSG 2.2.2.9 / 3.1.5.11: PidTagAttachMethod afEmbeddedMessage, the message held as
        # the attachment's embedded message (PR_ATTACH_DATA_OBJ opened as IMessage)
        pairs = [(PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG), (PR_RENDERING_POSITION, -1)]
        display = att.name if att.name is not None else att.message.subject
        if display is not None:
            pairs.append((t.PR_DISPLAY_NAME, display))
        if att.filename is not None:
            pairs += [(PR_ATTACH_LONG_FILENAME, att.filename), (PR_ATTACH_FILENAME, att.filename)]
        inner = _build(store, counter, None, att.message, at + num.to_bytes(4, "little"))
        message.attachments[num] = Attachment(num, make_bag(pairs), inner)
    return message


@attrs.frozen(slots=True)
class SentMessage:
    """One submitted message, as ``fake.sent`` records it."""

    sender: str  # the submitting account's alias
    subject: str | None
    body: str | None
    message_class: str
    to: tuple[str, ...]  # addresses as the recipients carry them (SMTP address where known)
    cc: tuple[str, ...]
    bcc: tuple[str, ...]
    delivered_to: tuple[str, ...]  # aliases of the world mailboxes that got a copy
    attachments: tuple[str, ...]  # file names
    time_us: int
