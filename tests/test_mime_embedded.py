"""MIME conversion of embedded messages (ATTACH_EMBEDDED_MSG) through PyIConverterSession:
MAPIToMIMEStm writes one as a message/rfc822 part, MIMEToMAPI makes a message/rfc822 part one,
at any depth, and a MAPI -> MIME -> MAPI round trip keeps what the embedded messages hold.

Sources: MS-OXCMAIL 2.1.3.4.3 "Embedded Message Attachments" (writer: an attachment whose
PidTagAttachMethod is 0x00000005 becomes a MIME entity with Content-Type "message/rfc822"
"without parameters being generated. No other MIME headers SHOULD be generated", its content the
embedded message "generated exactly as specified for ordinary messages"); 2.1.3.4.2 (an attached
file's Content-Type: "message/rfc822", "application/applefile", "application/mac-binhex40" and any
multipart type are replaced with "application/octet-stream"); 2.2.3.4 (readers: "message/rfc822"
MIME entities SHOULD be treated as embedded message attachments); 2.2.3.4.3 "Attached Messages"
(PidTagAttachMethod 5; the display name from the Content-Type name parameter, else the
Content-Disposition filename, else Content-Description, else Subject, written to PidTagDisplayName;
the file name from it with separator characters replaced by "?" and leading and trailing spaces and
dots removed); MS-OXCMSG 2.2.2.9 (afEmbeddedMessage 5). pywin32: PyIConverterSession.i
("OO|l:MIMEToMAPI", "OO|l:MAPIToMIMEStm"), PyIMAPIProp.i:317 (OpenProperty "kOll").
"""

from __future__ import annotations

import email
import email.policy
import pathlib
import sys
from email.message import EmailMessage
from typing import Any

import extract_msg
import pytest
from test_contents_kit import alice_store, pw
from test_mime import _converter, _from_mime
from test_mime import _new_draft as _draft

PR_SUBJECT = 0x0037001F
PR_BODY = 0x1000001F
PR_HTML = 0x10130102
PR_SENDER_NAME = 0x0C1A001F
PR_SENDER_EMAIL_ADDRESS = 0x0C1F001F
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
PR_ATTACH_DATA_OBJ = 0x3701000D
PR_IPM_DRAFTS_ENTRYID = 0x36D70102
ATTACH_BY_VALUE, ATTACH_EMBEDDED_MSG = 1, 5
MAPI_MODIFY, MAPI_CREATE = 0x1, 0x2
MAPI_E_NOT_FOUND = -2147221233

WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [{"alias": "alice", "display_name": "Alice"}, {"alias": "bob", "display_name": "Bob"}],
    "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}],
}

#: a forward: text, then the forwarded message (multipart/alternative, a file and a message of its own)
FORWARD = (
    b"From: Erin <erin@example.org>\r\nTo: Alice <alice@contoso.com>\r\nSubject: Fwd: Budget\r\n"
    b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
    b"--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee below.\r\n"
    b"--outer\r\nContent-Type: message/rfc822\r\n\r\n"
    b"From: Frank <frank@example.org>\r\nTo: Erin <erin@example.org>, gina@example.org\r\n"
    b"Cc: Hal <hal@example.org>\r\nSubject: Budget\r\nMessage-ID: <budget@example.org>\r\n"
    b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"mid\"\r\n\r\n"
    b"--mid\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
    b"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNumbers attached.\r\n"
    b"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Numbers <b>attached</b>.</p>\r\n--alt--\r\n"
    b"--mid\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"q1.csv\"\r\n\r\n"
    b"a,b\r\n1,2\r\n"
    b"--mid\r\nContent-Type: message/rfc822\r\n\r\n"
    b"From: Ivan <ivan@example.org>\r\nTo: Frank <frank@example.org>\r\nSubject: Raw figures\r\n\r\n"
    b"The raw figures.\r\n"
    b"--mid--\r\n"
    b"--outer--\r\n")


@pytest.fixture
def store() -> Any:
    with alice_store(WORLD) as opened:
        yield opened


def _mime_bytes(msg: Any, flags: int = 0) -> bytes:
    stream = pw().pythoncom.CreateStreamOnHGlobal()
    _converter().MAPIToMIMEStm(msg, stream, flags)
    stream.Seek(0, 0)
    data = b""
    while chunk := stream.Read(4096):
        data += chunk
    return data


def _parse(data: bytes) -> EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[return-value]


def _embed(parent: Any, subject: str, body: str, to: tuple[str, str]) -> tuple[Any, Any]:
    """An attachment of ``parent`` holding a new message, as pywin32 clients make one (afEmbeddedMessage,
    then PR_ATTACH_DATA_OBJ opened as IMessage with MAPI_CREATE | MAPI_MODIFY); saved by the caller."""
    _, attach = parent.CreateAttach(None, 0)
    attach.SetProps([(PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG), (PR_DISPLAY_NAME, subject)])
    inner = attach.OpenProperty(PR_ATTACH_DATA_OBJ, pw().mapi.IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY)
    inner.SetProps([(PR_SUBJECT, subject), (PR_BODY, body), (PR_SENDER_NAME, "Bob"),
                    (PR_SENDER_EMAIL_ADDRESS, "bob@contoso.com"), (0x0C1E001F, "SMTP")])  # PR_SENDER_ADDRTYPE
    inner.ModifyRecipients(0, [[(PR_DISPLAY_NAME, to[0]), (PR_EMAIL_ADDRESS, to[1]), (PR_ADDRTYPE, "SMTP"),
                                (PR_RECIPIENT_TYPE, 1)]])
    return attach, inner


def _nested(store: Any) -> Any:
    """A draft "Outer" whose one attachment holds "Middle", whose one attachment holds "Inner",
    which has a file attachment leaf.txt."""
    outer = _draft(store)
    outer.SetProps([(PR_SUBJECT, "Outer"), (PR_BODY, "outer body")])
    attach, middle = _embed(outer, "Middle", "middle body", ("Carol", "carol@fabrikam.com"))
    attach2, inner = _embed(middle, "Inner", "inner body", ("Dave", "dave@fabrikam.com"))
    _, leaf = inner.CreateAttach(None, 0)
    leaf.SetProps([(PR_ATTACH_METHOD, ATTACH_BY_VALUE), (PR_ATTACH_LONG_FILENAME, "leaf.txt"),
                   (PR_ATTACH_DATA_BIN, b"leaf data")])
    # innermost first (MS-OXCMSG "Saving an Embedded Message")
    for obj in (leaf, inner, attach2, middle, attach, outer):
        obj.SaveChanges(0)
    return outer


def _embedded(message: Any, num: int = 0) -> Any:
    return message.OpenAttach(num, None, 0).OpenProperty(PR_ATTACH_DATA_OBJ, pw().mapi.IID_IMessage, 0, 0)


def _recipients(message: Any) -> list[tuple[Any, ...]]:
    table = message.GetRecipientTable(0)
    table.SetColumns((PR_DISPLAY_NAME, PR_SMTP_ADDRESS, PR_RECIPIENT_TYPE), 0)
    return [tuple(v for _, v in row) for row in table.QueryRows(10, 0)]


def _attachments(message: Any) -> list[tuple[Any, ...]]:
    table = message.GetAttachmentTable(0)
    table.SetColumns((PR_ATTACH_METHOD, PR_DISPLAY_NAME), 0)
    return [tuple(v for _, v in row) for row in table.QueryRows(10, 0)]


# --- MAPI -> MIME ------------------------------------------------------------------------------
def test_mapi_to_mime_writes_an_embedded_message_as_a_message_rfc822_part_with_no_other_headers(store):
    """MS-OXCMAIL 2.1.3.4.3: Content-Type "message/rfc822" without parameters, no other MIME header."""
    data = _mime_bytes(_nested(store))
    mime = _parse(data)
    assert mime.get_content_type() == "multipart/mixed"
    assert mime.get_body(("plain",)).get_content().rstrip("\r\n") == "outer body"
    (part,) = list(mime.iter_attachments())
    assert list(part.keys()) == ["Content-Type"] and part["Content-Type"] == "message/rfc822"
    assert b"\r\nContent-Type: message/rfc822\r\n\r\n" in data  # no parameter, no Content-Disposition


def test_mapi_to_mime_converts_the_embedded_message_like_a_message_at_every_depth(store):
    """MS-OXCMAIL 2.1.3.4.3: the content is the embedded message "generated exactly as specified
    for ordinary messages": its headers, body and attachments, its own embedded message nested."""
    mime = _parse(_mime_bytes(_nested(store)))
    (part,) = list(mime.iter_attachments())
    middle = part.get_payload(0)
    assert (middle["Subject"], middle["From"], middle["To"]) == ("Middle", "Bob <bob@contoso.com>",
                                                                 "Carol <carol@fabrikam.com>")
    assert middle.get_body(("plain",)).get_content().rstrip("\r\n") == "middle body"
    (part2,) = list(middle.iter_attachments())
    assert part2.get_content_type() == "message/rfc822"
    inner = part2.get_payload(0)
    assert (inner["Subject"], inner["To"]) == ("Inner", "Dave <dave@fabrikam.com>")
    assert inner.get_body(("plain",)).get_content().rstrip("\r\n") == "inner body"
    assert [(a.get_filename(), a.get_payload(decode=True)) for a in inner.iter_attachments()] == [
        ("leaf.txt", b"leaf data")]


def test_mapi_to_mime_flags_apply_inside_the_embedded_message(store):
    """MS-OXCMAIL 2.1.3.4.3 ("exactly as specified for ordinary messages"): CCSF_INCLUDE_BCC
    writes the embedded message's Bcc too (IConverterSession's CCSF flags, pywin32 mapi module)."""
    outer = _draft(store)
    outer.SetProps([(PR_SUBJECT, "Outer")])
    attach, inner = _embed(outer, "Hidden", "x", ("Carol", "carol@fabrikam.com"))
    inner.ModifyRecipients(pw().mapi.MODRECIP_ADD, [[(PR_DISPLAY_NAME, "Eve"), (PR_EMAIL_ADDRESS, "eve@fabrikam.com"),
                                                     (PR_ADDRTYPE, "SMTP"), (PR_RECIPIENT_TYPE, 3)]])
    for obj in (inner, attach, outer):
        obj.SaveChanges(0)
    without = _parse(_mime_bytes(outer))
    with_bcc = _parse(_mime_bytes(outer, pw().mapi.CCSF_INCLUDE_BCC))
    assert next(iter(without.iter_attachments())).get_payload(0)["Bcc"] is None
    assert next(iter(with_bcc.iter_attachments())).get_payload(0)["Bcc"] == "Eve <eve@fabrikam.com>"


def test_mapi_to_mime_writes_a_file_attachment_tagged_message_rfc822_as_application_octet_stream(store):
    """MS-OXCMAIL 2.1.3.4.2 (an attached file's Content-Type): message/rfc822 and multipart
    types are replaced with application/octet-stream; the bytes are kept as they are."""
    msg = _draft(store)
    for name, tag in (("saved.eml", "message/rfc822"), ("parts.bin", "multipart/mixed")):
        _, att = msg.CreateAttach(None, 0)
        att.SetProps([(PR_ATTACH_METHOD, ATTACH_BY_VALUE), (PR_ATTACH_LONG_FILENAME, name),
                      (PR_ATTACH_MIME_TAG, tag), (PR_ATTACH_DATA_BIN, b"Subject: x\r\n\r\nbody\r\n")])
        att.SaveChanges(0)
    msg.SaveChanges(0)
    parts = list(_parse(_mime_bytes(msg)).iter_attachments())
    assert [(p.get_content_type(), p.get_filename(), p.get_payload(decode=True)) for p in parts] == [
        ("application/octet-stream", "saved.eml", b"Subject: x\r\n\r\nbody\r\n"),
        ("application/octet-stream", "parts.bin", b"Subject: x\r\n\r\nbody\r\n")]


# --- MIME -> MAPI ------------------------------------------------------------------------------
def test_mime_to_mapi_makes_a_message_rfc822_part_an_embedded_message_attachment(store):
    """MS-OXCMAIL 2.2.3.4 and 2.2.3.4.3: PidTagAttachMethod 5, the display name from the inner
    Subject (the part has no name, filename or description), PR_ATTACH_MIME_TAG the part's type."""
    msg = _from_mime(store, FORWARD)
    assert _attachments(msg) == [(ATTACH_EMBEDDED_MSG, "Budget")]
    attach = msg.OpenAttach(0, None, 0)
    assert attach.GetProps((PR_ATTACH_METHOD, PR_DISPLAY_NAME, PR_ATTACH_LONG_FILENAME, PR_ATTACH_MIME_TAG), 0)[1] == (
        (PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG), (PR_DISPLAY_NAME, "Budget"), (PR_ATTACH_LONG_FILENAME, "Budget"),
        (PR_ATTACH_MIME_TAG, "message/rfc822"))
    assert attach.GetProps((PR_ATTACH_DATA_BIN,), 0)[1][0][0] == 0x3701000A  # PT_ERROR: no bytes, a message


def test_mime_to_mapi_embedded_message_has_the_parts_headers_recipients_bodies_and_attachments(store):
    """MS-OXCMAIL 2.2.3.4.3 with 2.2.3 (the inner message is read as a message): subject,
    sender, To/Cc rows, text and HTML bodies, its file, and its own message/rfc822 nested."""
    budget = _embedded(_from_mime(store, FORWARD))
    _, props = budget.GetProps((PR_SUBJECT, PR_SENDER_NAME, PR_SENDER_EMAIL_ADDRESS, PR_BODY, PR_HTML), 0)
    assert props == ((PR_SUBJECT, "Budget"), (PR_SENDER_NAME, "Frank"), (PR_SENDER_EMAIL_ADDRESS, "frank@example.org"),
                     (PR_BODY, "Numbers attached."), (PR_HTML, b"<p>Numbers <b>attached</b>.</p>"))
    assert _recipients(budget) == [("Erin", "erin@example.org", 1), ("gina@example.org", "gina@example.org", 1),
                                   ("Hal", "hal@example.org", 2)]
    assert _attachments(budget) == [(ATTACH_BY_VALUE, "q1.csv"), (ATTACH_EMBEDDED_MSG, "Raw figures")]
    assert budget.OpenAttach(0, None, 0).GetProps((PR_ATTACH_DATA_BIN,), 0)[1] == ((PR_ATTACH_DATA_BIN, b"a,b\r\n1,2"),)
    raw = _embedded(budget, 1)
    # RFC 2046 5.1.1: the CRLF before a boundary belongs to the boundary
    assert raw.GetProps((PR_SUBJECT, PR_BODY), 0)[1] == ((PR_SUBJECT, "Raw figures"), (PR_BODY, "The raw figures."))
    assert _recipients(raw) == [("Frank", "frank@example.org", 1)]


def test_mime_to_mapi_embedded_message_keeps_its_own_transport_headers(store):
    """The inner message's header block is its PR_TRANSPORT_MESSAGE_HEADERS (MS-OXCMAIL 2.2.3:
    headers are read as for an ordinary message); CCSF_NOHEADERS keeps none inside either."""
    headers = _embedded(_from_mime(store, FORWARD)).GetProps((PR_TRANSPORT_MESSAGE_HEADERS,), 0)[1][0][1]
    assert headers.startswith("From: Frank <frank@example.org>\r\n")
    assert "Message-ID: <budget@example.org>\r\n" in headers
    assert "Fwd: Budget" not in headers
    none = _embedded(_from_mime(store, FORWARD, pw().mapi.CCSF_NOHEADERS))
    assert none.GetProps((PR_TRANSPORT_MESSAGE_HEADERS,), 0)[1][0][0] == 0x007D000A


@pytest.mark.parametrize(("part_headers", "shown", "file_name"), [
    (b"Content-Type: message/rfc822; name=\"From type.eml\"\r\nContent-Disposition: attachment; "
     b"filename=\"From disposition.eml\"\r\nContent-Description: From description\r\n",
     "From type.eml", "From type.eml"),
    (b"Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"From disposition.eml\"\r\n"
     b"Content-Description: From description\r\n", "From disposition.eml", "From disposition.eml"),
    (b"Content-Type: message/rfc822\r\nContent-Description: From description\r\n",
     "From description", "From description"),
    (b"Content-Type: message/rfc822\r\nContent-Description: ..Dots and spaces. \r\n",
     "..Dots and spaces.", "Dots and spaces"),
], ids=["content-type-name", "disposition-filename", "description", "file-name-trimmed"])
def test_mime_to_mapi_names_an_attached_message_in_ms_oxcmail_order(store, part_headers, shown, file_name):
    """MS-OXCMAIL 2.2.3.4.3: the display name is the Content-Type name parameter, else the
    Content-Disposition filename, else Content-Description, else the Subject (PidTagDisplayName);
    the file name drops leading and trailing spaces and dots."""
    data = (b"Subject: outer\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            b"--b\r\nContent-Type: text/plain\r\n\r\ntext\r\n--b\r\n" + part_headers +
            b"\r\nSubject: From subject\r\n\r\ninner\r\n--b--\r\n")
    attach = _from_mime(store, data).OpenAttach(0, None, 0)
    assert attach.GetProps((PR_ATTACH_METHOD, PR_DISPLAY_NAME, PR_ATTACH_LONG_FILENAME, PR_ATTACH_FILENAME), 0)[1] == (
        (PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG), (PR_DISPLAY_NAME, shown), (PR_ATTACH_LONG_FILENAME, file_name),
        (PR_ATTACH_FILENAME, file_name))
    inner = attach.OpenProperty(PR_ATTACH_DATA_OBJ, pw().mapi.IID_IMessage, 0, 0)
    assert inner.GetProps((PR_SUBJECT,), 0)[1] == ((PR_SUBJECT, "From subject"),)


def test_mime_to_mapi_makes_each_message_of_a_digest_an_embedded_message_attachment(store):
    """MS-OXCMAIL 2.2.3.4.3: a part with no Content-Type inside multipart/digest is an attached
    message (RFC 2046 5.1.5: a digest part's default type is message/rfc822)."""
    data = (b"Subject: Digest\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n"
            b"--m\r\nContent-Type: text/plain\r\n\r\nTwo messages.\r\n"
            b"--m\r\nContent-Type: multipart/digest; boundary=\"d\"\r\n\r\n"
            b"--d\r\n\r\nSubject: One\r\n\r\nfirst\r\n--d\r\n\r\nSubject: Two\r\n\r\nsecond\r\n--d--\r\n--m--\r\n")
    msg = _from_mime(store, data)
    assert _attachments(msg) == [(ATTACH_EMBEDDED_MSG, "One"), (ATTACH_EMBEDDED_MSG, "Two")]
    assert _embedded(msg, 1).GetProps((PR_SUBJECT, PR_BODY), 0)[1] == ((PR_SUBJECT, "Two"), (PR_BODY, "second"))


def test_mime_to_mapi_embedded_message_is_saved_with_the_message_and_reads_back(store):
    """MIMEToMAPI fills the open message only; its SaveChanges keeps the embedded message
    (MS-OXCMSG "Saving an Embedded Message": the embedded message lives in its attachment)."""
    msg = _from_mime(store, FORWARD)
    eid = msg.GetProps((0x0FFF0102,), 0)[1][0][1]  # PR_ENTRYID
    again = store.OpenEntry(eid, None, 0)
    assert _embedded(_embedded(again), 1).GetProps((PR_SUBJECT,), 0)[1] == ((PR_SUBJECT, "Raw figures"),)


# --- round trips -------------------------------------------------------------------------------
def test_mapi_to_mime_to_mapi_keeps_the_embedded_messages_subject_body_recipients_and_attachments(store):
    """MS-OXCMAIL 2.1.3.4.3 out, 2.2.3.4.3 in: nested embedded messages come back as they were."""
    back = _from_mime(store, _mime_bytes(_nested(store)))
    assert _attachments(back) == [(ATTACH_EMBEDDED_MSG, "Middle")]
    middle = _embedded(back)
    assert middle.GetProps((PR_SUBJECT, PR_BODY, PR_SENDER_EMAIL_ADDRESS), 0)[1] == (
        (PR_SUBJECT, "Middle"), (PR_BODY, "middle body\r\n"), (PR_SENDER_EMAIL_ADDRESS, "bob@contoso.com"))
    assert _recipients(middle) == [("Carol", "carol@fabrikam.com", 1)]
    assert _attachments(middle) == [(ATTACH_EMBEDDED_MSG, "Inner")]
    inner = _embedded(middle)
    assert inner.GetProps((PR_SUBJECT, PR_BODY), 0)[1] == ((PR_SUBJECT, "Inner"), (PR_BODY, "inner body\r\n"))
    assert _recipients(inner) == [("Dave", "dave@fabrikam.com", 1)]
    leaf = inner.OpenAttach(0, None, 0)
    assert leaf.GetProps((PR_ATTACH_LONG_FILENAME, PR_ATTACH_DATA_BIN), 0)[1] == (
        (PR_ATTACH_LONG_FILENAME, "leaf.txt"), (PR_ATTACH_DATA_BIN, b"leaf data"))


def test_mime_to_mapi_to_mime_keeps_the_attached_message(store):
    """The other way: a message/rfc822 part read in and written out is the same message."""
    back = _parse(_mime_bytes(_from_mime(store, FORWARD)))
    (part,) = list(back.iter_attachments())
    budget = part.get_payload(0)
    assert (budget["Subject"], budget["From"], budget["To"], budget["Cc"], budget["Message-ID"]) == (
        "Budget", "Frank <frank@example.org>", "Erin <erin@example.org>, gina@example.org", "Hal <hal@example.org>",
        "<budget@example.org>")
    assert budget.get_body(("html",)).get_content().rstrip("\r\n") == "<p>Numbers <b>attached</b>.</p>"
    files = list(budget.iter_attachments())
    assert [p.get_content_type() for p in files] == ["text/csv", "message/rfc822"]
    assert files[1].get_payload(0)["Subject"] == "Raw figures"


def test_an_eml_with_an_attached_message_converted_into_a_msg_file_holds_it_as_an_embedded_message(store, tmp_path):
    """EML to .msg, as pywin32 programs do it: MIMEToMAPI into OpenIMsgOnIStg's message, then
    SaveChanges; the attached message is an Embedded Message object storage (MS-OXMSG 2.2.2.1)
    that extract_msg reads as a message, with its own attached message inside."""
    m = pw()
    sc = sys.modules["win32com.storagecon"]
    path: pathlib.Path = tmp_path / "forward.msg"
    storage = m.pythoncom.StgCreateDocfile(str(path), sc.STGM_CREATE | sc.STGM_READWRITE | sc.STGM_SHARE_EXCLUSIVE, 0)
    imsg = m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), None, storage, None, 0, m.mapi.MAPI_UNICODE)
    stream = m.pythoncom.CreateStreamOnHGlobal()
    stream.Write(FORWARD)
    stream.Seek(0, 0)
    _converter().MIMEToMAPI(stream, imsg, m.mapi.CCSF_SMTP)
    imsg.SaveChanges(0)
    storage.Commit(0)
    del imsg, storage
    msg = extract_msg.openMsg(str(path))
    try:
        assert msg.subject == "Fwd: Budget"
        budget = msg.attachments[0].data
        assert isinstance(budget, extract_msg.msg_classes.MessageBase)
        assert (budget.subject, budget.body) == ("Budget", "Numbers attached.")
        assert [(r.name, r.email, r.type) for r in budget.recipients] == [
            ("Erin", "erin@example.org", 1), ("gina@example.org", "gina@example.org", 1), ("Hal", "hal@example.org", 2)]
        assert budget.attachments[0].data == b"a,b\r\n1,2"
        assert budget.attachments[1].data.subject == "Raw figures"
    finally:
        msg.close()


def test_mapi_to_mime_writes_the_same_bytes_for_the_same_message(store):
    """R14 (docs: DESIGN.md, no unseeded randomness): the multipart boundaries of the nested
    message come from the content, not from email's random generator, so a test can compare
    what MAPIToMIMEStm writes with bytes it keeps; each boundary separates only its own parts."""
    outer = _nested(store)
    first, second = _mime_bytes(outer), _mime_bytes(outer)
    assert first == second
    mime = _parse(first)
    boundaries = [part.get_boundary() for part in mime.walk() if part.is_multipart() and part.get_boundary()]
    assert len(boundaries) == len(set(boundaries)) == 3  # outer, Middle and Inner are multipart/mixed


def test_an_open_embedded_message_converts_to_mime_and_from_mime_like_any_message(store):
    """The IMessage OpenProperty(PR_ATTACH_DATA_OBJ, IID_IMessage) gives is a message for the
    converter (PyIConverterSession.i takes any IMessage): MAPIToMIMEStm writes it with its own
    attached message; MIMEToMAPI fills one opened read/write, saved through its attachment."""
    outer = _nested(store)
    middle = _parse(_mime_bytes(_embedded(outer)))
    assert middle["Subject"] == "Middle"
    assert next(iter(middle.iter_attachments())).get_payload(0)["Subject"] == "Inner"
    msg = _draft(store)
    attach, inner = _embed(msg, "placeholder", "x", ("Carol", "carol@fabrikam.com"))
    m = pw()
    stream = m.pythoncom.CreateStreamOnHGlobal()
    stream.Write(FORWARD)
    stream.Seek(0, 0)
    _converter().MIMEToMAPI(stream, inner, m.mapi.CCSF_SMTP)
    for obj in (inner, attach, msg):
        obj.SaveChanges(0)
    forwarded = _embedded(msg)
    assert forwarded.GetProps((PR_SUBJECT,), 0)[1] == ((PR_SUBJECT, "Fwd: Budget"),)
    assert _attachments(forwarded) == [(ATTACH_EMBEDDED_MSG, "Budget")]
    assert _embedded(forwarded).GetProps((PR_SUBJECT,), 0)[1] == ((PR_SUBJECT, "Budget"),)
