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
from fakemapi.client.propobject import DerivedPropObject
from fakemapi.hresult import fail
from fakemapi.props import Bag, make_bag
from fakemapi.world.contents import (
    PR_LAST_MODIFICATION_TIME,
    Attachment,
    Message,
)
from fakemapi.world.store import Folder

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
        self.view = DerivedPropObject(message.props, self._derive, writable, GETPROPS_LIMIT)

    def _derive(self, own: Bag) -> Bag:
        return self.message.computed(self.current_recipients(), self.current_attachments(), own)

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
    def save(self, flags: int) -> None:
        message = self.message
        if message.deleted:
            raise fail("MAPI_E_OBJECT_DELETED", detail="the message was deleted since it was opened")
        if self.submitted:
            raise fail("MAPI_E_NO_ACCESS", detail="the message was submitted")
        if self.closed or not self.view.writable:
            if self.dirty:
                raise fail("MAPI_E_NO_ACCESS", detail="the message is open read-only")
            return
        self.view.save()
        if self.recipients is not None:
            message.recipients = self.recipients
            self.recipients = None
        if self.attachments is not None:
            message.attachments = self.attachments
            self.attachments = None
        message.next_rowid = self.next_rowid
        message.next_attach = self.next_attach
        message.props[PR_LAST_MODIFICATION_TIME >> 16] = (PR_LAST_MODIFICATION_TIME, message.store.now())
        if message.folder is None:
            self.home.add(message)
        else:
            message.store.touch()
        if flags & KEEP_OPEN_READONLY:
            self.closed = True


def _rowid(row: Sequence[tuple[int, Any]]) -> int:
    for tag, value in row:
        if tag == t.PR_ROWID:
            return int(value)
    raise fail("MAPI_E_INVALID_PARAMETER", detail="MODRECIP_MODIFY / MODRECIP_REMOVE rows need PR_ROWID")


class OpenAttachment:
    """One IAttach object: its attachment and this object's unsaved changes."""

    __slots__ = ("parent", "attachment", "view", "new")

    def __init__(self, parent: OpenMessage, attachment: Attachment, writable: bool, new: bool) -> None:
        self.parent = parent
        self.attachment = attachment
        self.new = new
        self.view = DerivedPropObject(attachment.props if new else dict(attachment.props), self._derive,
                                      writable, GETPROPS_LIMIT)

    def _derive(self, own: Bag) -> Bag:
        view = Attachment(self.attachment.num, own).view()
        return {pid: view[pid] for pid in (t.PR_OBJECT_TYPE >> 16, 0x0E21, 0x0E20) if pid in view}

    def save(self, flags: int) -> None:
        if not self.view.writable:
            if self.view.pending or self.view.deleted:
                raise fail("MAPI_E_NO_ACCESS", detail="the attachment is open read-only")
            return
        self.view.save()
        attachments = self.parent.writable_attachments()
        attachments[self.attachment.num] = Attachment(self.attachment.num, dict(self.view.saved))
        if flags & KEEP_OPEN_READONLY:
            self.view.writable = False


class Stream:
    """An IStream over one property's bytes (strings as UTF-16-LE or the code page)."""

    __slots__ = ("data", "position", "writable", "commit_to", "name")

    def __init__(self, data: bytes, writable: bool, commit_to: Callable[[bytes], None] | None,
                 name: str = "") -> None:
        self.data = bytearray(data)
        self.position = 0
        self.writable = writable
        self.commit_to = commit_to
        self.name = name

    def read(self, count: int) -> bytes:
        out = bytes(self.data[self.position:self.position + max(0, count)])
        self.position += len(out)
        return out

    def write(self, data: bytes) -> int:
        if not self.writable:
            raise fail("STG_E_ACCESSDENIED", detail="the stream was opened without MAPI_MODIFY")
        end = self.position + len(data)
        if end > len(self.data):
            self.data.extend(b"\0" * (end - len(self.data)))
        self.data[self.position:end] = data
        self.position = end
        return len(data)

    def seek(self, offset: int, origin: int) -> int:
        base = {0: 0, 1: self.position, 2: len(self.data)}.get(origin)
        if base is None or base + offset < 0:
            raise fail("STG_E_INVALIDFUNCTION", detail=f"cannot seek to {offset} from origin {origin}")
        self.position = base + offset
        return self.position

    def set_size(self, size: int) -> None:
        if not self.writable:
            raise fail("STG_E_ACCESSDENIED", detail="the stream was opened without MAPI_MODIFY")
        if size < len(self.data):
            del self.data[size:]
        else:
            self.data.extend(b"\0" * (size - len(self.data)))

    def commit(self) -> None:
        if self.writable and self.commit_to is not None:
            self.commit_to(bytes(self.data))
