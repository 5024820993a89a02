"""Message submission: what the Exchange store and transport do after IMessage::SubmitMessage.

The submitted message leaves the Outbox for Sent Items (or the folder in PR_SENTMAIL_ENTRYID),
or is deleted when PR_DELETE_AFTER_SUBMIT is true; a copy is delivered, unread, to the Inbox of
every recipient that is a mailbox of the world (matched by SMTP address, legacy DN or alias);
other recipients are outside the world and only recorded. Delivery is immediate (the virtual
clock does not model transport latency).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from fakemapi import tags as t
from fakemapi.props import Bag
from fakemapi.world.contents import (
    MAPI_BCC,
    MAPI_CC,
    MAPI_TO,
    MSGFLAG_READ,
    MSGFLAG_SUBMIT,
    MSGFLAG_UNSENT,
    PR_ATTACH_LONG_FILENAME,
    PR_BODY,
    PR_CLIENT_SUBMIT_TIME,
    PR_DELETE_AFTER_SUBMIT,
    PR_MESSAGE_CLASS,
    PR_MESSAGE_DELIVERY_TIME,
    PR_RECEIVED_BY_EMAIL_ADDRESS,
    PR_RECEIVED_BY_NAME,
    PR_RECIPIENT_TYPE,
    PR_SENDER_ADDRTYPE,
    PR_SENDER_EMAIL_ADDRESS,
    PR_SENDER_ENTRYID,
    PR_SENDER_NAME,
    PR_SENT_REPRESENTING_ADDRTYPE,
    PR_SENT_REPRESENTING_EMAIL_ADDRESS,
    PR_SENT_REPRESENTING_NAME,
    PR_SENTMAIL_ENTRYID,
    PR_SMTP_ADDRESS,
    PR_SUBJECT,
    Message,
    SentMessage,
    build_from_spec,
)
from fakemapi.world.entryid import ab_entryid
from fakemapi.world.events import FNEV_NEW_MAIL, FNEV_OBJECT_DELETED, FNEV_OBJECT_MOVED, MAPI_MESSAGE
from fakemapi.world.store import INBOX, SENT_ITEMS, Folder

if TYPE_CHECKING:
    from fakemapi.world.model import Mailbox
    from fakemapi.world.server import ServerSide
    from fakemapi.world.specs import MessageSpec


def _get(bag: Bag, tag: int) -> Any:
    entry = bag.get(tag >> 16)
    return None if entry is None else entry[1]


def recipient_mailbox(server: ServerSide, row: Bag) -> Mailbox | None:
    for tag in (PR_SMTP_ADDRESS, t.PR_EMAIL_ADDRESS):
        value = _get(row, tag)
        if isinstance(value, str) and value:
            found = server.find_address(value)
            if found is not None:
                return found
    return None


def recipient_address(row: Bag) -> str:
    for tag in (PR_SMTP_ADDRESS, t.PR_EMAIL_ADDRESS, t.PR_DISPLAY_NAME):
        value = _get(row, tag)
        if isinstance(value, str) and value:
            return value
    return ""


def submit(server: ServerSide, message: Message, sender: Mailbox) -> SentMessage:
    store = message.store
    now = server.now()
    props = message.props
    sender_pairs = [
        (PR_SENDER_NAME, sender.display_name), (PR_SENDER_EMAIL_ADDRESS, sender.dn), (PR_SENDER_ADDRTYPE, "EX"),
        (PR_SENDER_ENTRYID, ab_entryid(sender.dn)), (PR_SENT_REPRESENTING_NAME, sender.display_name),
        (PR_SENT_REPRESENTING_EMAIL_ADDRESS, sender.dn), (PR_SENT_REPRESENTING_ADDRTYPE, "EX"),
        (PR_CLIENT_SUBMIT_TIME, now), (PR_MESSAGE_DELIVERY_TIME, now),
    ]
    for tag, value in sender_pairs:
        props[tag >> 16] = (tag, value)
    message.set_flags((message.flags & ~(MSGFLAG_UNSENT | MSGFLAG_SUBMIT)) | MSGFLAG_READ)

    delivered: list[str] = []
    addresses: dict[int, list[str]] = {MAPI_TO: [], MAPI_CC: [], MAPI_BCC: []}
    for row in message.recipients:
        kind = int(_get(row, PR_RECIPIENT_TYPE) or MAPI_TO) & 0x0FFFFFFF
        mailbox = recipient_mailbox(server, row)
        addresses.setdefault(kind, []).append(mailbox.smtp if mailbox is not None else recipient_address(row))
        if mailbox is None or mailbox.alias in delivered:
            continue
        delivered.append(mailbox.alias)
        target = server.store_of(mailbox)
        inbox = target.folders[INBOX]
        copy = message.copy_to(target, target.allocate(), inbox)
        for tag in (PR_SENTMAIL_ENTRYID, PR_DELETE_AFTER_SUBMIT):
            copy.props.pop(tag >> 16, None)
        copy.set_flags(0)
        for tag, value in ((PR_RECEIVED_BY_NAME, mailbox.display_name),
                           (PR_RECEIVED_BY_EMAIL_ADDRESS, mailbox.dn), (PR_MESSAGE_DELIVERY_TIME, now)):
            copy.props[tag >> 16] = (tag, value)
        deliver(inbox, copy)

    record = SentMessage(sender.alias, _get(props, PR_SUBJECT), _get(props, PR_BODY),
                         str(_get(props, PR_MESSAGE_CLASS) or "IPM.Note"), tuple(addresses[MAPI_TO]),
                         tuple(addresses[MAPI_CC]), tuple(addresses[MAPI_BCC]), tuple(delivered),
                         tuple(str(_get(a.props, PR_ATTACH_LONG_FILENAME) or "") for a in message.attachments.values()),
                         server.clock.now_us)
    server.sent.append(record)

    home = message.folder
    old_id = message.entryid
    if home is not None:
        home.remove(message, event=0)
    if _get(props, PR_DELETE_AFTER_SUBMIT):
        message.deleted = True
        message.folder = None
        if home is not None:
            store.emit(FNEV_OBJECT_DELETED, old_id, home.entryid, MAPI_MESSAGE)
    else:
        sent_items = store.folders.get(SENT_ITEMS)
        target_eid = _get(props, PR_SENTMAIL_ENTRYID)
        if isinstance(target_eid, bytes):
            try:
                sent_items = store.folder(target_eid)
            except Exception:  # noqa: BLE001 - an unusable PR_SENTMAIL_ENTRYID falls back to Sent Items
                pass
        if sent_items is not None:
            message.counter = store.allocate()
            sent_items.add(message, event=0)
            # the store moves the message out of the Outbox (an fnevObjectMoved, as any move)
            store.emit(FNEV_OBJECT_MOVED, message.entryid, sent_items.entryid, MAPI_MESSAGE, old_id,
                       home.entryid if home is not None else b"")
    message.submitted = True
    store.touch()
    return record


def deliver(inbox: Folder, message: Message) -> None:
    """Put a delivered ``message`` into ``inbox``: an fnevObjectCreated, then the fnevNewMail
    the store raises for delivered mail (IMsgStore::Advise; NEWMAIL_NOTIFICATION)."""
    inbox.add(message)
    inbox.store.emit(FNEV_NEW_MAIL, message.entryid, inbox.entryid, MAPI_MESSAGE,
                     message_class=str(_get(message.props, PR_MESSAGE_CLASS) or "IPM.Note"),
                     message_flags=message.flags)


def deliver_spec(server: ServerSide, spec: MessageSpec) -> list[str]:
    """Mail from outside the program (a world's ``deliveries``, ``Fake.deliver``): ``spec`` lands,
    unread and received now, in the Inbox of every world mailbox among its recipients. Returns
    the aliases it reached; recipients outside the world are ignored."""
    reached: list[str] = []
    spec = attrs.evolve(spec, received=server.now())
    for name in (*spec.to, *spec.cc, *spec.bcc):
        mailbox = server.find_address(name)
        if mailbox is None or mailbox.alias in reached:
            continue
        reached.append(mailbox.alias)
        store = server.store_of(mailbox)
        inbox = store.folders[INBOX]
        deliver(inbox, build_from_spec(store, store.allocate(), inbox, spec))
    return reached
