"""What a world file says a mailbox contains: folders, messages (written out or generated),
attachments and named properties. Values, not state: the run-time contents are built from them
in :mod:`fakemapi.world.contents` when a store is first opened.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Union

import attrs

from fakemapi.safeformat import TemplateError, expand

EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


@attrs.frozen(slots=True)
class AttachmentSpec:
    """A file attachment (``filename`` and ``data``), or with ``message`` an embedded message
    (ATTACH_EMBEDDED_MSG, MS-OXCMSG 2.2.2.9), nested to any depth the loader allows.
    ``name`` is PR_DISPLAY_NAME (default: the file name, or the embedded message's subject)."""

    filename: str | None
    data: bytes = b""
    name: str | None = None
    message: MessageSpec | None = None


@attrs.frozen(slots=True, eq=False)
class MessageSpec:
    """One message as the world file writes it. ``sender`` and the recipients are mailbox
    aliases of the world or SMTP addresses (anything with an ``@``)."""

    subject: str | None = None
    body: str | None = None
    sender: str | None = None
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    received: datetime.datetime | None = None
    message_class: str = "IPM.Note"
    read: bool = False
    importance: int = 1
    #: PR_MESSAGE_SIZE is at least this (a message "as big as" a real one without the bytes)
    size_hint: int = 0
    attachments: tuple[AttachmentSpec, ...] = ()
    #: extra properties: (tag, value) with values in model form
    props: tuple[tuple[int, Any], ...] = ()
    #: an HTML body (PR_HTML) and an RTF body (RTF source, kept as PR_RTF_COMPRESSED); world/bodies.py
    html: str | None = None
    rtf: str | None = None


@attrs.frozen(slots=True, eq=False)
class GeneratedSpec:
    """``count`` messages made from ``template`` on demand: ``{n}`` (1-based) in the subject and
    body is the message's number; message n is received at ``received_from + (n-1) * every``."""

    count: int
    template: MessageSpec
    received_from: datetime.datetime = EPOCH
    every: datetime.timedelta = datetime.timedelta(hours=1)

    def message(self, n: int) -> MessageSpec:
        t = self.template
        return attrs.evolve(
            t,
            subject=_fill(t.subject, n),
            body=_fill(t.body, n),
            received=self.received_from + (n - 1) * self.every,
        )


def _fill(text: str | None, n: int) -> str | None:
    if text is None:
        return None
    try:
        return expand(text, {"n": n})
    except TemplateError:  # not a template: braces of its own, or a field it may not have
        return text


MessageEntry = Union[MessageSpec, GeneratedSpec]


@attrs.frozen(slots=True, eq=False)
class FolderSpec:
    """A folder of the world file; at the top of a mailbox, a name matching a standard folder
    (Inbox, Outbox, Sent Items, Deleted Items) means that folder, any other a new folder under
    the IPM subtree."""

    name: str
    container_class: str | None = None
    messages: tuple[MessageEntry, ...] = ()
    folders: tuple[FolderSpec, ...] = ()
    #: properties of the folder itself (PR_COMMENT, Outlook's view settings, ...)
    props: tuple[tuple[int, Any], ...] = ()
    #: folder-associated (hidden, FAI) messages: Outlook's views, rules, configuration
    associated: tuple[MessageSpec, ...] = ()


@attrs.frozen(slots=True)
class NamedPropSpec:
    """A named property known to a mailbox's store from the start (ids from 0x8000 in order)."""

    guid: uuid.UUID
    name: str | int
    ptype: int


@attrs.frozen
class DeliverySpec:
    """Mail the world delivers while a program runs (``deliveries`` in a world file): ``message``
    arrives in the Inbox of each of its ``to`` / ``cc`` / ``bcc`` mailboxes ``after_us``
    microseconds of virtual time after the fake starts."""

    after_us: int
    message: MessageSpec
