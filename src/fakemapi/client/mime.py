"""MIME and MAPI messages, both ways, on Python's ``email`` package: what IConverterSession's
MIMEToMAPI and MAPIToMIMEStm do (MS-OXCMAIL gives the mapping; this model keeps its main lines).

* Headers: Subject <-> PR_SUBJECT (and PR_SUBJECT_PREFIX, PR_NORMALIZED_SUBJECT); From <-> PR_SENDER_* and
  PR_SENT_REPRESENTING_* (SMTP); To / Cc / Bcc <-> recipient rows (MAPI_TO / MAPI_CC / MAPI_BCC,
  address type SMTP); Date <-> PR_CLIENT_SUBMIT_TIME (and PR_MESSAGE_DELIVERY_TIME on the way in);
  Message-ID <-> PR_INTERNET_MESSAGE_ID; the whole header block -> PR_TRANSPORT_MESSAGE_HEADERS.
* Bodies: text/plain <-> PR_BODY, text/html <-> PR_HTML (multipart/alternative when the message has
  both; CCSF_PLAIN_TEXT_ONLY writes the text only).
* Attachments: each part with a file name (or Content-Disposition: attachment) <-> an attachment
  by value with PR_ATTACH_LONG_FILENAME, PR_ATTACH_MIME_TAG and PR_ATTACH_DATA_BIN.
* Embedded messages: an ATTACH_EMBEDDED_MSG attachment <-> a message/rfc822 part holding the
  embedded message converted the same way, at any depth (MS-OXCMAIL 2.1.3.4.3 "Embedded Message
  Attachments" on the way out, 2.2.3.4.3 "Attached Messages" on the way in; see the functions).
* Flags (pywin32's mapi module, IConverterSession reference): CCSF_INCLUDE_BCC writes Bcc;
  CCSF_NO_MSGID leaves out Message-ID; CCSF_NOHEADERS on the way in keeps no transport headers.
"""

from __future__ import annotations

import datetime
import email.policy
import email.utils
import hashlib
import io
import mimetypes
import re
import unicodedata
from collections.abc import Iterator, Sequence
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.parser import BytesParser
from typing import TYPE_CHECKING, Any, Callable

import attrs

from fakemapi.props import Bag, make_bag, read_one
from fakemapi.world import bodies
from fakemapi.world.contents import Attachment, Message
from fakemapi.world.subject import subject_entries

if TYPE_CHECKING:
    from fakemapi.client.messages import OpenMessage

CCSF_NOHEADERS = 0x4
CCSF_INCLUDE_BCC = 0x20
CCSF_PLAIN_TEXT_ONLY = 0x1000
CCSF_NO_MSGID = 0x4000

PR_SUBJECT = 0x0037001F
PR_MESSAGE_CLASS = 0x001A001F
PR_SENDER_NAME = 0x0C1A001F
PR_SENDER_EMAIL_ADDRESS = 0x0C1F001F
PR_SENDER_ADDRTYPE = 0x0C1E001F
PR_SENT_REPRESENTING_NAME = 0x0042001F
PR_SENT_REPRESENTING_EMAIL_ADDRESS = 0x0065001F
PR_SENT_REPRESENTING_ADDRTYPE = 0x0064001F
PR_SENDER_SMTP_ADDRESS = 0x5D01001F
PR_CLIENT_SUBMIT_TIME = 0x00390040
PR_MESSAGE_DELIVERY_TIME = 0x0E060040
PR_INTERNET_MESSAGE_ID = 0x1035001F
PR_TRANSPORT_MESSAGE_HEADERS = 0x007D001F
PR_DISPLAY_NAME = 0x3001001F
PR_EMAIL_ADDRESS = 0x3003001F
PR_ADDRTYPE = 0x3002001F
PR_SMTP_ADDRESS = 0x39FE001F
PR_RECIPIENT_TYPE = 0x0C150003
PR_ATTACH_METHOD = 0x37050003
PR_ATTACH_LONG_FILENAME = 0x3707001F
PR_ATTACH_FILENAME = 0x3704001F
PR_ATTACH_MIME_TAG = 0x370E001F
PR_ATTACH_DATA_BIN = 0x37010102
PR_RENDERING_POSITION = 0x370B0003
PR_ROWID = 0x30000003
ATTACH_BY_VALUE, ATTACH_EMBEDDED_MSG = 1, 5
MAPI_TO, MAPI_CC, MAPI_BCC = 1, 2, 3
_KIND = {MAPI_TO: "To", MAPI_CC: "Cc", MAPI_BCC: "Bcc"}


def _text(bag: Bag, tag: int) -> str | None:
    value = read_one(bag, tag)
    return None if value is None else str(value)


#: ``smtp_of(Exchange DN) -> SMTP address`` (the address book's answer), None when unknown
Resolver = Callable[[str], "str | None"]


def _address(bag: Bag, name_tag: int, smtp_tags: tuple[int, ...], type_tag: int, email_tag: int,
             smtp_of: Resolver) -> str | None:
    name = _text(bag, name_tag) or ""
    address = next((a for a in (_text(bag, tag) for tag in smtp_tags) if a), None)
    kind = (_text(bag, type_tag) or "").upper()
    if address is None and kind == "SMTP":
        address = _text(bag, email_tag)
    if address is None and kind == "EX":
        address = smtp_of(_text(bag, email_tag) or "")
    if address is None:
        address = _text(bag, email_tag) or ""
    if not name and not address:
        return None
    return email.utils.formataddr((name if name != address else "", address))


# =========================================================================================
def mapi_to_mime(view: Bag, recipients: list[Bag], attachments: Sequence[Attachment], flags: int,
                 smtp_of: Resolver = lambda dn: None) -> bytes:
    """The MIME message (RFC 5322 bytes, CRLF line ends) of a MAPI message; Exchange (EX)
    addresses become SMTP ones through ``smtp_of``. ``attachments`` in attachment-number order."""
    out = io.BytesIO()
    _Generator(out, mangle_from_=False, policy=email.policy.SMTP).flatten(
        _to_mime(view, recipients, attachments, flags, smtp_of))
    return out.getvalue()


class _Generator(BytesGenerator):
    """email's BytesGenerator with multipart boundaries derived from the parts they separate
    instead of ``random.randrange`` (R14: the same message converts to the same bytes). It
    overrides the generator's ``_make_boundary`` hook (CPython's email.generator since 3.2),
    keeping its check that no line of the text is the boundary."""

    @classmethod
    def _make_boundary(cls, text: str | bytes | None = None) -> str:
        # BytesGenerator hands the parts' text as bytes (Generator as str)
        data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else (text or b"")
        boundary = f"=_{hashlib.sha256(data).hexdigest()[:24]}_="
        candidate, counter = boundary, 0
        while text is not None and re.search(b"^--" + re.escape(candidate.encode("ascii")) + b"(--)?$", data,
                                             re.MULTILINE):
            candidate = f"{boundary}.{counter}"
            counter += 1
        return candidate


#: MIME types a file attachment's Content-Type never takes (MS-OXCMAIL 2.1.3.4.2, attached
#: files' Content-Type: "or if the value represents any multipart MIME content-type, or if the
#: value matches one of the following values, MIME writers replace it with application/octet-stream")
_NOT_A_FILE_TYPE = ("application/applefile", "application/mac-binhex40", "message/rfc822")


def _file_type(att: Bag, filename: str) -> tuple[str, str]:
    mime = (_text(att, PR_ATTACH_MIME_TAG) or mimetypes.guess_type(filename)[0] or "").strip().lower()
    maintype, _, subtype = mime.partition("/")
    if not maintype or not subtype or maintype == "multipart" or mime in _NOT_A_FILE_TYPE:
        return "application", "octet-stream"
    return maintype, subtype


def _to_mime(view: Bag, recipients: list[Bag], attachments: Sequence[Attachment], flags: int,
             smtp_of: Resolver) -> EmailMessage:
    msg = EmailMessage(policy=email.policy.SMTP)
    sender = _address(view, PR_SENT_REPRESENTING_NAME, (PR_SENDER_SMTP_ADDRESS,), PR_SENT_REPRESENTING_ADDRTYPE,
                      PR_SENT_REPRESENTING_EMAIL_ADDRESS, smtp_of) or _address(
        view, PR_SENDER_NAME, (PR_SENDER_SMTP_ADDRESS,), PR_SENDER_ADDRTYPE, PR_SENDER_EMAIL_ADDRESS, smtp_of)
    if sender:
        msg["From"] = sender
    for kind in (MAPI_TO, MAPI_CC, MAPI_BCC):
        if kind == MAPI_BCC and not flags & CCSF_INCLUDE_BCC:
            continue
        addresses = [a for a in (_address(r, PR_DISPLAY_NAME, (PR_SMTP_ADDRESS,), PR_ADDRTYPE, PR_EMAIL_ADDRESS,
                                          smtp_of) for r in recipients if _kind(r) == kind) if a]
        if addresses:
            msg[_KIND[kind]] = ", ".join(addresses)
    subject = _text(view, PR_SUBJECT)
    if subject is not None:
        msg["Subject"] = subject
    when = read_one(view, PR_CLIENT_SUBMIT_TIME) or read_one(view, PR_MESSAGE_DELIVERY_TIME)
    if isinstance(when, datetime.datetime):
        msg["Date"] = email.utils.format_datetime(when if when.tzinfo else when.replace(tzinfo=datetime.timezone.utc))
    message_id = _text(view, PR_INTERNET_MESSAGE_ID)
    if message_id and not flags & CCSF_NO_MSGID:
        msg["Message-ID"] = message_id
    text = _text(view, PR_BODY_TAG) or ""
    html = read_one(view, bodies.PR_HTML)
    native = read_one(view, bodies.PR_NATIVE_BODY_INFO)
    msg.set_content(text.replace("\r\n", "\n"))
    if isinstance(html, bytes) and native == bodies.NATIVE_HTML and not flags & CCSF_PLAIN_TEXT_ONLY:
        msg.add_alternative(bodies.decode_html(html, bodies.cpid_of(view)), subtype="html")
    for att in attachments:
        if read_one(att.props, PR_ATTACH_METHOD) == ATTACH_EMBEDDED_MSG:
            if att.embedded is not None:
                _add_embedded(msg, att.embedded, flags, smtp_of)
            continue  # afEmbeddedMessage with no message in it yet: nothing to write
        data = read_one(att.props, PR_ATTACH_DATA_BIN)
        if not isinstance(data, bytes):
            continue
        filename = (_text(att.props, PR_ATTACH_LONG_FILENAME) or _text(att.props, PR_ATTACH_FILENAME)
                    or "attachment.bin")
        maintype, subtype = _file_type(att.props, filename)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def _add_embedded(msg: EmailMessage, embedded: Message, flags: int, smtp_of: Resolver) -> None:
    """MS-OXCMAIL 2.1.3.4.3 (Embedded Message Attachments): "MIME writers SHOULD generate a MIME
    entity with the Content-Type header set to message/rfc822 (without parameters being
    generated). No other MIME headers SHOULD be generated"; its content is the embedded message
    "generated exactly as specified for ordinary messages" (so the same flags apply inside).
    So no Content-Disposition and no file name: a reader names the attachment from the inner
    Subject (2.2.3.4.3). The attachment's own PR_DISPLAY_NAME / PR_ATTACH_LONG_FILENAME are
    therefore not written. (The copy of the section read for this model, MS-OXCMAIL page
    65cf9cca-58ab-4b85-aa55-bb018f6d80cc, shows no number: 2.1.3.4.3 is its place after
    2.1.3.4.2 "Attached Files", inferred.)"""
    inner = _to_mime(embedded.view(), embedded.recipients,
                     [a for _, a in sorted(embedded.attachments.items())], flags, smtp_of)
    part = EmailMessage(policy=email.policy.SMTP)
    part["Content-Type"] = "message/rfc822"
    part.set_payload([inner])
    if msg.get_content_type() != "multipart/mixed":
        msg.make_mixed()
    msg.attach(part)


PR_BODY_TAG = bodies.PR_BODY


def _kind(row: Bag) -> int:
    value = read_one(row, PR_RECIPIENT_TYPE)
    return int(value) & 0x0FFFFFFF if isinstance(value, int) else MAPI_TO


# =========================================================================================
def _smtp_row(name: str, address: str, kind: int) -> list[tuple[int, Any]]:
    return [(PR_DISPLAY_NAME, name or address), (PR_EMAIL_ADDRESS, address), (PR_ADDRTYPE, "SMTP"),
            (PR_SMTP_ADDRESS, address), (PR_RECIPIENT_TYPE, kind),
            (0x0FFE0003, 6), (0x39000003, 0),  # PR_OBJECT_TYPE MAPI_MAILUSER, PR_DISPLAY_TYPE DT_MAILUSER
            (0x300B0102, ("SMTP:" + address).upper().encode("ascii", "replace") + b"\0")]  # PR_SEARCH_KEY


@attrs.define(slots=True, eq=False)
class MimeAttachment:
    """One attachment read from a MIME part: its properties and, for a message/rfc822 part,
    the message it holds."""

    props: Bag
    embedded: MimeMessage | None = None


@attrs.define(slots=True, eq=False)
class MimeMessage:
    """What MIMEToMAPI makes of a MIME message: properties, recipient rows, attachments."""

    props: list[tuple[int, Any]]
    recipients: list[list[tuple[int, Any]]]
    attachments: list[MimeAttachment]


def mime_to_mapi(data: bytes, flags: int) -> MimeMessage:
    """The properties, recipient rows and attachments of a MIME message (embedded messages
    nested in their attachments)."""
    msg = BytesParser(policy=email.policy.default).parsebytes(data)
    head = data.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in data else data.split(b"\n\n", 1)[0]
    return _from_mime(msg, head.decode("utf-8", "replace") + "\r\n", flags)


def _from_mime(msg: EmailMessage, head: str, flags: int) -> MimeMessage:
    props: list[tuple[int, Any]] = [(PR_MESSAGE_CLASS, "IPM.Note")]
    subject = msg.get("Subject")
    if subject is not None:
        props += [(PR_SUBJECT, str(subject)), *subject_entries(PR_SUBJECT, str(subject))]
    sender = msg.get("From")
    if sender is not None:
        name, address = email.utils.parseaddr(str(sender))
        shown = name or address
        props += [(PR_SENDER_NAME, shown), (PR_SENDER_EMAIL_ADDRESS, address), (PR_SENDER_ADDRTYPE, "SMTP"),
                  (PR_SENDER_SMTP_ADDRESS, address), (PR_SENT_REPRESENTING_NAME, shown),
                  (PR_SENT_REPRESENTING_EMAIL_ADDRESS, address), (PR_SENT_REPRESENTING_ADDRTYPE, "SMTP")]
    date = msg.get("Date")
    if date is not None:
        try:
            when = email.utils.parsedate_to_datetime(str(date))
        except (TypeError, ValueError):
            when = None
        if when is not None:
            when = when if when.tzinfo else when.replace(tzinfo=datetime.timezone.utc)
            when = when.astimezone(datetime.timezone.utc)
            props += [(PR_CLIENT_SUBMIT_TIME, when), (PR_MESSAGE_DELIVERY_TIME, when)]
    if msg.get("Message-ID") is not None:
        props.append((PR_INTERNET_MESSAGE_ID, str(msg["Message-ID"]).strip()))
    if not flags & CCSF_NOHEADERS:
        props.append((PR_TRANSPORT_MESSAGE_HEADERS, head))
    recipients: list[list[tuple[int, Any]]] = []
    for header, kind in (("To", MAPI_TO), ("Cc", MAPI_CC), ("Bcc", MAPI_BCC)):
        for name, address in email.utils.getaddresses([str(v) for v in msg.get_all(header, [])]):
            if address:
                recipients.append(_smtp_row(name, address, kind))
    text_part = msg.get_body(preferencelist=("plain",))
    html_part = msg.get_body(preferencelist=("html",))
    if text_part is not None:
        props.append((bodies.PR_BODY, text_part.get_content().replace("\r\n", "\n").replace("\n", "\r\n")))
    if html_part is not None:
        props.append((bodies.PR_HTML, html_part.get_content().encode("utf-8")))
        props.append((bodies.PR_INTERNET_CPID, 65001))
    attachments: list[MimeAttachment] = []
    for part in _attachment_parts(msg):
        if part.get_content_type() == "message/rfc822":
            attachments.append(_attached_message(part, flags))
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        filename = part.get_filename() or "attachment.bin"
        attachments.append(MimeAttachment(make_bag([
            (PR_ATTACH_METHOD, ATTACH_BY_VALUE), (PR_ATTACH_LONG_FILENAME, filename), (PR_ATTACH_FILENAME, filename),
            (PR_DISPLAY_NAME, filename), (PR_ATTACH_MIME_TAG, part.get_content_type()),
            (PR_ATTACH_DATA_BIN, payload), (PR_RENDERING_POSITION, -1)])))
    return MimeMessage(props, recipients, attachments)


def _attachment_parts(msg: EmailMessage) -> Iterator[EmailMessage]:
    """The parts email's iter_attachments gives, with a multipart/digest among them replaced
    by its sub-parts: MS-OXCMAIL 2.2.3.4 classifies the non-multipart entities, and 2.2.3.4.3
    makes a digest's sub-part (message/rfc822 by default, RFC 2046 5.1.5) an attached message.
    Other multiparts among the attachments are not looked into (not modelled)."""
    for part in msg.iter_attachments():
        if part.get_content_type() == "multipart/digest":
            yield from part.iter_parts()  # type: ignore[misc]
        else:
            yield part


#: the name step 5 of MS-OXCMAIL 2.2.3.4.3 leaves to the reader ("generate a name at random, or
#: use a name derived from some other text value"): a fixed one here (R14, no randomness)
UNNAMED_MESSAGE = "Untitled message"


def _attached_message(part: EmailMessage, flags: int) -> MimeAttachment:
    """MS-OXCMAIL 2.2.3.4.3 (Attached Messages): a message/rfc822 part is an embedded message
    attachment, PidTagAttachMethod 5. Its display name is the first non-empty of the part's
    Content-Type name, its Content-Disposition filename, its Content-Description, the inner
    message's Subject; it goes to PR_DISPLAY_NAME, and the file name is made from it by
    replacing "Unicode separator characters" with "?" and removing leading and trailing spaces
    and dots. What the section says after that (the file name's extension, its length) is not
    in the copy read for this model: PR_ATTACH_LONG_FILENAME / PR_ATTACH_FILENAME get the name as
    it is, no ".eml" added. PR_ATTACH_MIME_TAG is the part's Content-Type, as for a file (the
    section: "MIME analysis ... in the same way as for ordinary file attachments")."""
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if not isinstance(inner, EmailMessage):  # an empty message/rfc822 part: an empty message
        inner = EmailMessage(policy=email.policy.default)
    described = part.get("Content-Description")
    subject = inner.get("Subject")
    candidates = (part.get_param("name", header="content-type"), part.get_filename(),
                  str(described) if described is not None else None, str(subject) if subject is not None else None)
    name = next((str(c).strip() for c in candidates if c is not None and str(c).strip()), UNNAMED_MESSAGE)
    head = "".join(f"{key}: {value}\r\n" for key, value in inner.raw_items()) + "\r\n"
    return MimeAttachment(make_bag([
        (PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG), (PR_DISPLAY_NAME, name),
        (PR_ATTACH_LONG_FILENAME, _file_name(name)), (PR_ATTACH_FILENAME, _file_name(name)),
        (PR_ATTACH_MIME_TAG, "message/rfc822"), (PR_RENDERING_POSITION, -1)]),
        _from_mime(inner, head, flags))


def _file_name(display_name: str) -> str:
    """MS-OXCMAIL 2.2.3.4.3's two steps. "Unicode separator characters" is read as the line and
    paragraph separators (categories Zl, Zp): the next step removes leading and trailing spaces,
    so a space (Zs) is not replaced by the first (inferred; the section does not list them)."""
    replaced = "".join("?" if unicodedata.category(c) in ("Zl", "Zp") else c for c in display_name)
    return replaced.strip(" .") or UNNAMED_MESSAGE


# =========================================================================================
def fill_message(target: OpenMessage, parsed: MimeMessage) -> None:
    """MIMEToMAPI's effect on an open message: ``parsed`` replaces its properties' values,
    its recipients and adds its attachments (unsaved until SaveChanges); embedded messages
    become messages of the target's store, in no folder (as client/embedded.py makes them)."""
    target.require_writable()
    target.view.set(parsed.props)
    target.modify_recipients(0, parsed.recipients)
    current = target.writable_attachments()
    for att in parsed.attachments:
        num = target.new_attachment_number()
        current[num] = Attachment(num, make_bag(att.props.values()),
                                  _embedded(target.message, att.embedded) if att.embedded is not None else None)


def _embedded(outer: Message, parsed: MimeMessage) -> Message:
    message = outer.store.new_message()
    message.props.update(make_bag(parsed.props))
    for rowid, row in enumerate(parsed.recipients):
        bag = make_bag(row)
        bag[PR_ROWID >> 16] = (PR_ROWID, rowid)
        message.recipients.append(bag)
    message.next_rowid = len(message.recipients)
    for num, att in enumerate(parsed.attachments):
        message.attachments[num] = Attachment(num, make_bag(att.props.values()),
                                              _embedded(outer, att.embedded) if att.embedded is not None else None)
    message.next_attach = len(message.attachments)
    return message
