"""Embedded messages: the message an ATTACH_EMBEDDED_MSG attachment holds, opened as IMessage
with ``IAttach.OpenProperty(PR_ATTACH_DATA_OBJ, IID_IMessage, 0, flags)``.

The semantics are those of RopOpenEmbeddedMessage (MS-OXCMSG 2.2.3.16,
OpenModeFlags ReadOnly / ReadWrite / Create: "Create the attachment if it does not already exist
and open the message for both reading and writing") and of "Saving an Embedded Message": the
client saves the embedded message (it commits into the attachment object it was opened from),
then the attachment (into its message), then the enclosing message (into the store or the file).
An embedded message is in no folder: it has no PR_ENTRYID or PR_PARENT_ENTRYID, and its named
properties are its store's (a message file's are the file's, MS-OXMSG 2.2.3).
"""

from __future__ import annotations

from typing import Any, cast

from fakemapi.client.messages import KEEP_OPEN_READONLY, OpenAttachment, OpenMessage
from fakemapi.hresult import fail
from fakemapi.world.contents import Message

MAPI_MODIFY, MAPI_CREATE = 0x1, 0x2


class EmbeddedMessage(OpenMessage):
    """One IMessage on an attachment's embedded message; SaveChanges commits into ``owner``."""

    __slots__ = ("owner",)

    def __init__(self, owner: OpenAttachment, message: Message, writable: bool) -> None:
        super().__init__(message, cast(Any, None), writable)
        self.owner = owner

    def save(self, flags: int) -> None:
        if not self.commit_changes("the embedded message"):
            return
        self.owner.embedded = self.message  # the attachment's SaveChanges takes it into its message
        if flags & KEEP_OPEN_READONLY:
            self.closed = True


def open_embedded(owner: OpenAttachment, flags: int, writable: bool) -> EmbeddedMessage:
    """The embedded message of ``owner`` (an open attachment), for OpenProperty's ``flags``:
    MAPI_CREATE makes one when there is none (and opens an existing one read/write, as
    RopOpenEmbeddedMessage's Create does); without it an attachment with no embedded message
    answers MAPI_E_NOT_FOUND (ecNotFound; inferred: MS-OXCMSG names no code for this case).
    ``writable`` is what the flags ask for (MAPI_MODIFY, MAPI_CREATE or best access)."""
    if writable and not owner.view.writable:
        raise fail("MAPI_E_NO_ACCESS", detail="the attachment was opened read-only (pass MAPI_MODIFY)")
    message = owner.embedded
    if message is None:
        if not flags & MAPI_CREATE:
            raise fail("MAPI_E_NOT_FOUND", detail="the attachment holds no embedded message "
                                                  "(PR_ATTACH_DATA_OBJ; pass MAPI_CREATE to make one)")
        message = owner.parent.message.store.new_message()
        message.folder = None
    return EmbeddedMessage(owner, message, writable)
