"""Open messages, attachments and streams as one client object sees them.

Messages and attachments are transacted (IMAPIProp::SaveChanges): property, recipient and
attachment changes stay in the open object until SaveChanges, and only then reach the server
where other objects see them. An attachment's SaveChanges commits into its open message; the
message's SaveChanges commits both. Streams from OpenProperty commit into the object that
opened them (IStream::Commit), which its own SaveChanges then saves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable

from fakemapi import tags as t
from fakemapi.client.access import ACCESS_LEVEL_READ_ONLY, PR_ACCESS_LEVEL, level_props
from fakemapi.client.bodies import MessageProps
from fakemapi.client.propobject import DerivedPropObject
from fakemapi.hresult import fail
from fakemapi.props import Bag, make_bag
from fakemapi.world.contents import (
    PR_LAST_MODIFICATION_TIME,
    Attachment,
    Message,
)
from fakemapi.world.events import FNEV_OBJECT_MODIFIED, MAPI_MESSAGE
from fakemapi.world.store import Folder
from fakemapi.world.subject import normalize_subject

#: GetProps refuses (PT_ERROR MAPI_E_NOT_ENOUGH_MEMORY) string and binary values above this many
#: bytes (strings counted as UTF-16); they must be read with OpenProperty. Inferred: Exchange's
#: limit depends on the version and the RPC buffer; 32 KB is a parameter here, not a documented fact.
GETPROPS_LIMIT = 0x8000

KEEP_OPEN_READONLY = 0x1
KEEP_OPEN_READWRITE = 0x2
FORCE_SAVE = 0x4
MODRECIP_ADD, MODRECIP_MODIFY, MODRECIP_REMOVE = 0x2, 0x4, 0x8


class OpenMessage:
    """One IMessage object: the server message plus this object's unsaved changes."""

    __slots__ = ("message", "home", "view", "recipients", "attachments", "next_rowid", "next_attach",
                 "closed", "submitted")

    def __init__(self, message: Message, home: Folder, writable: bool) -> None:
        self.message = message
        #: the folder the message is in, or will be saved into
        self.home = home
        self.recipients: list[Bag] | None = None  # working copy, made on the first change
        self.attachments: dict[int, Attachment] | None = None
        self.next_rowid = message.next_rowid
        self.next_attach = message.next_attach
        #: KEEP_OPEN_READONLY was used: no more changes
        self.closed = False
        self.submitted = False
        self.view = MessageProps(message.props, self._derive, writable, GETPROPS_LIMIT)

    def _derive(self, own: Bag, rtf: bool = False) -> Bag:
        bag = self.message.computed(self.current_recipients(), self.current_attachments(), own, rtf=rtf)
        if not self.view.writable or self.closed or self.submitted:
            bag[PR_ACCESS_LEVEL >> 16] = (PR_ACCESS_LEVEL, ACCESS_LEVEL_READ_ONLY)
        return bag

    # --- recipients and attachments as this object sees them ------------------------------
    def current_recipients(self) -> list[Bag]:
        return self.recipients if self.recipients is not None else self.message.recipients

    def current_attachments(self) -> dict[int, Attachment]:
        return self.attachments if self.attachments is not None else self.message.attachments

    def writable_recipients(self) -> list[Bag]:
        self.require_writable()
        if self.recipients is None:
            self.recipients = [dict(r) for r in self.message.recipients]
        return self.recipients

    def writable_attachments(self) -> dict[int, Attachment]:
        self.require_writable()
        if self.attachments is None:
            self.attachments = {n: a.copy() for n, a in self.message.attachments.items()}
        return self.attachments

    def require_writable(self) -> None:
        if self.submitted:
            raise fail("MAPI_E_NO_ACCESS", detail="the message was submitted; it can no longer be changed")
        if self.closed or not self.view.writable:
            raise fail("MAPI_E_NO_ACCESS", detail="the message is open read-only (MAPI_MODIFY, KEEP_OPEN_READWRITE)")

    @property
    def dirty(self) -> bool:
        return bool(self.view.pending or self.view.deleted or self.recipients is not None
                    or self.attachments is not None)

    # --- ModifyRecipients ---------------------------------------------------------------
    def modify_recipients(self, flags: int, rows: Sequence[list[tuple[int, Any]]]) -> None:
        current = self.writable_recipients()
        rowid_tag = t.PR_ROWID
        if flags & MODRECIP_REMOVE:
            for row in rows:
                rowid = _rowid(row)
                match = [r for r in current if _rowid(list(r.values())) == rowid]
                if not match:
                    raise fail("MAPI_E_NOT_FOUND", detail=f"no recipient with PR_ROWID {rowid}")
                current.remove(match[0])
            return
        if flags & MODRECIP_MODIFY:
            for row in rows:
                rowid = _rowid(row)
                for i, existing in enumerate(current):
                    if _rowid(list(existing.values())) == rowid:
                        current[i] = make_bag(row)
                        break
                else:
                    raise fail("MAPI_E_NOT_FOUND", detail=f"no recipient with PR_ROWID {rowid}")
            return
        if not flags & MODRECIP_ADD:
            current.clear()  # no flag: the list replaces every recipient (IMessage::ModifyRecipients)
        for row in rows:
            bag = make_bag(row)
            bag[rowid_tag >> 16] = (rowid_tag, self.next_rowid)
            self.next_rowid += 1
            current.append(bag)

    # --- attachments ----------------------------------------------------------------------
    def attachment(self, num: int) -> Attachment:
        found = self.current_attachments().get(num)
        if found is None:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no attachment number {num}")
        return found

    def new_attachment_number(self) -> int:
        self.require_writable()
        num = self.next_attach
        self.next_attach += 1
        return num

    def delete_attachment(self, num: int) -> None:
        attachments = self.writable_attachments()
        if num not in attachments:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no attachment number {num}")
        del attachments[num]

    # --- SaveChanges ----------------------------------------------------------------------
    def commit_changes(self, what: str, stamp: bool = True) -> bool:
        """SaveChanges' common step: the unsaved properties, recipients and attachments go into
        the message (with its subject split and, with ``stamp``, PR_LAST_MODIFICATION_TIME).
        False when there is nothing to save (closed, or read-only with no change); a read-only
        object with changes is MAPI_E_NO_ACCESS, ``what`` naming it."""
        if self.closed or not self.view.writable:
            if self.dirty:
                raise fail("MAPI_E_NO_ACCESS", detail=f"{what} is open read-only")
            return False
        message = self.message
        self.view.save()
        if stamp:
            normalize_subject(message.props)
        if self.recipients is not None:
            message.recipients = self.recipients
            self.recipients = None
        if self.attachments is not None:
            message.attachments = self.attachments
            self.attachments = None
        message.next_rowid = self.next_rowid
        message.next_attach = self.next_attach
        if stamp:
            message.props[PR_LAST_MODIFICATION_TIME >> 16] = (PR_LAST_MODIFICATION_TIME, message.store.now())
        return True

    def save(self, flags: int) -> None:
        message = self.message
        if message.deleted:
            raise fail("MAPI_E_OBJECT_DELETED", detail="the message was deleted since it was opened")
        if self.submitted:
            raise fail("MAPI_E_NO_ACCESS", detail="the message was submitted")
        if not self.commit_changes("the message"):
            return
        if message.folder is None:
            self.home.add(message)
        else:
            message.store.touch()
            message.store.emit(FNEV_OBJECT_MODIFIED, message.entryid, message.folder.entryid, MAPI_MESSAGE)
        if flags & KEEP_OPEN_READONLY:
            self.closed = True


def _rowid(row: Sequence[tuple[int, Any]]) -> int:
    for tag, value in row:
        if tag == t.PR_ROWID:
            return int(value)
    raise fail("MAPI_E_INVALID_PARAMETER", detail="MODRECIP_MODIFY / MODRECIP_REMOVE rows need PR_ROWID")


class OpenAttachment:
    """One IAttach object: its attachment and this object's unsaved changes."""

    __slots__ = ("parent", "attachment", "view", "new", "embedded", "ole")

    def __init__(self, parent: OpenMessage, attachment: Attachment, writable: bool, new: bool) -> None:
        self.parent = parent
        self.attachment = attachment
        self.new = new
        #: this object's copy of the embedded message (client/embedded.py), saved with it
        self.embedded = attachment.embedded.clone() if attachment.embedded is not None else None
        #: this object's OLE storage (a compound file; client/storage.py commits into it), saved with it
        self.ole = attachment.ole
        self.view = DerivedPropObject(attachment.props if new else dict(attachment.props), self._derive,
                                      writable, GETPROPS_LIMIT)

    def _derive(self, own: Bag) -> Bag:
        view = Attachment(self.attachment.num, own, self.embedded, self.ole).view()
        bag = {pid: view[pid] for pid in (t.PR_OBJECT_TYPE >> 16, 0x0E21, 0x0E20) if pid in view}
        bag.update(level_props(self.view.writable))
        return bag

    def save(self, flags: int) -> None:
        if not self.view.writable:
            if self.view.pending or self.view.deleted:
                raise fail("MAPI_E_NO_ACCESS", detail="the attachment is open read-only")
            return
        self.view.save()
        attachments = self.parent.writable_attachments()
        embedded = self.embedded.clone() if self.embedded is not None else None
        attachments[self.attachment.num] = Attachment(self.attachment.num, dict(self.view.saved), embedded,
                                                      self.ole)
        if flags & KEEP_OPEN_READONLY:
            self.view.writable = False


#: the largest an Exchange property stream gets: MS-OXCPRPT 3.2.5.18 (RopSeekStream) refuses a seek
#: "beyond the max stream size of 2^31" with StreamSeekError (0x80030019, STG_E_SEEKERROR); a write or
#: SetSize past it fails with StreamSizeError (0x80030070, STG_E_MEDIUMFULL: "the maximum size for
#: the object was reached")
MAX_STREAM_SIZE = 2 ** 31


class Stream:
    """An IStream over one property's bytes (strings as UTF-16-LE or the code page).

    The bytes are kept in pages of PAGE bytes, and a page nobody wrote reads as zeros without
    being held: SetSize(2**31), or a far Seek and a Write, cost a page, not gigabytes, until the
    stream is committed (which hands the whole value to the property)."""

    __slots__ = ("pages", "size", "position", "writable", "commit_to", "name")

    PAGE = 1 << 16

    def __init__(self, data: bytes, writable: bool, commit_to: Callable[[bytes], None] | None,
                 name: str = "") -> None:
        self.pages: dict[int, bytearray] = {}
        self.size = 0
        self.position = 0
        self.writable = writable
        self.commit_to = commit_to
        self.name = name
        self._put(0, data)
        self.size = len(data)

    def copy(self) -> Stream:
        other = Stream(b"", self.writable, self.commit_to, self.name)
        other.pages = {k: bytearray(v) for k, v in self.pages.items()}
        other.size, other.position = self.size, self.position
        return other

    def _get(self, start: int, end: int) -> bytes:
        parts: list[bytes | memoryview] = []  # views of the pages: one copy, made by the join
        page = self.PAGE
        pos = start
        while pos < end:
            index, offset = divmod(pos, page)
            take = min(page - offset, end - pos)
            held = self.pages.get(index)
            parts.append(memoryview(held)[offset:offset + take] if held is not None else bytes(take))
            pos += take
        return b"".join(parts)

    def _put(self, start: int, data: bytes) -> None:
        page = self.PAGE
        pos, done = start, 0
        while done < len(data):
            index, offset = divmod(pos, page)
            take = min(page - offset, len(data) - done)
            held = self.pages.setdefault(index, bytearray(page))
            held[offset:offset + take] = data[done:done + take]
            pos += take
            done += take

    def value(self) -> bytes:
        """All the stream's bytes."""
        return self._get(0, self.size)

    @property
    def data(self) -> bytes:
        return self.value()

    def read(self, count: int) -> bytes:
        end = min(self.size, self.position + max(0, count))
        if end <= self.position:
            return b""
        out = self._get(self.position, end)
        self.position = end
        return out

    def write(self, data: bytes) -> int:
        if not self.writable:
            raise fail("STG_E_ACCESSDENIED", detail="the stream was opened without MAPI_MODIFY")
        end = self.position + len(data)
        if end > MAX_STREAM_SIZE:
            raise fail("STG_E_MEDIUMFULL", detail=f"writing {len(data)} bytes at {self.position} would pass the "
                                                  f"largest size of a property stream ({MAX_STREAM_SIZE} bytes)")
        self._put(self.position, data)
        self.position = end
        self.size = max(self.size, end)
        return len(data)

    def seek(self, offset: int, origin: int) -> int:
        base = {0: 0, 1: self.position, 2: self.size}.get(origin)
        if base is None:
            raise fail("STG_E_INVALIDFUNCTION", detail=f"cannot seek from origin {origin} (0, 1 or 2)")
        if not 0 <= base + offset <= MAX_STREAM_SIZE:
            raise fail("STG_E_SEEKERROR", detail=f"cannot seek to {base + offset}: before the start or past the "
                                                 f"largest size of a property stream ({MAX_STREAM_SIZE} bytes)")
        self.position = base + offset
        return self.position

    def set_size(self, size: int) -> None:
        if not self.writable:
            raise fail("STG_E_ACCESSDENIED", detail="the stream was opened without MAPI_MODIFY")
        if size > MAX_STREAM_SIZE:
            raise fail("STG_E_MEDIUMFULL", detail=f"{size} bytes is more than the largest size of a property "
                                                  f"stream ({MAX_STREAM_SIZE} bytes)")
        if size < self.size:  # what is cut off reads as zeros if the stream grows again
            last, offset = divmod(size, self.PAGE)
            for index in [i for i in self.pages if i > last or (i == last and offset == 0)]:
                del self.pages[index]
            if offset and last in self.pages:
                self.pages[last][offset:] = bytes(self.PAGE - offset)
        self.size = size

    def commit(self) -> None:
        if self.writable and self.commit_to is not None:
            self.commit_to(self.value())
