"""MIME: PyIConverterSession (CLSID_IConverterSession through pythoncom.CoCreateInstance) with
pythoncom.CreateStreamOnHGlobal streams: MIMEToMAPI and MAPIToMIMEStm, round trips of headers,
bodies, attachments and recipients.

Sources: pywin32 com/win32comext/mapi/src/PyIConverterSession.i ("OO|l:MIMEToMAPI" stream then
message, "OO|l:MAPIToMIMEStm" message then stream), com/win32com/src/PyStorage.cpp
(CreateStreamOnHGlobal "|Ol"), the IConverterSession reference (CCSF_INCLUDE_BCC, CCSF_NO_MSGID,
CCSF_PLAIN_TEXT_ONLY, CCSF_NOHEADERS), MS-OXCMAIL 2.2.3 (header to property mapping), CoCreateInstance's
REGDB_E_CLASSNOTREG and E_NOINTERFACE.
"""

from __future__ import annotations

import datetime
import email
import email.policy
from typing import Any

import pytest
from test_contents_kit import alice_store, pw, raises

UTC = datetime.timezone.utc
PR_SUBJECT = 0x0037001F
PR_BODY = 0x1000001F
PR_HTML = 0x10130102
PR_NATIVE_BODY_INFO = 0x10160003
PR_SENDER_NAME = 0x0C1A001F
PR_SENDER_EMAIL_ADDRESS = 0x0C1F001F
PR_CLIENT_SUBMIT_TIME = 0x00390040
PR_INTERNET_MESSAGE_ID = 0x1035001F
PR_TRANSPORT_MESSAGE_HEADERS = 0x007D001F
PR_DISPLAY_NAME = 0x3001001F
PR_SMTP_ADDRESS = 0x39FE001F
PR_RECIPIENT_TYPE = 0x0C150003
PR_ATTACH_LONG_FILENAME = 0x3707001F
PR_ATTACH_DATA_BIN = 0x37010102
PR_ATTACH_MIME_TAG = 0x370E001F
PR_ENTRYID = 0x0FFF0102
PR_IPM_DRAFTS_ENTRYID = 0x36D70102
REGDB_E_CLASSNOTREG = -2147221164
E_NOINTERFACE = -2147467262

WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [
        {"alias": "alice", "display_name": "Alice", "folders": {"Inbox": {"messages": [
            {"subject": "Minutes", "html": "<p>See the <b>notes</b>.</p>", "from": "bob", "to": ["alice"],
             "cc": ["carol@fabrikam.com"], "bcc": ["dave@fabrikam.com"], "received": "2024-01-03T09:00:00Z",
             "attachments": [{"filename": "notes.txt", "data": "plain text notes"}],
             "props": {0x1035001F: "<minutes@contoso.com>"}},
        ]}}},
        {"alias": "bob", "display_name": "Bob"},
    ],
    "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}],
}
MIME = (b"From: Erin Example <erin@example.org>\r\nTo: Alice <alice@contoso.com>, frank@example.org\r\n"
        b"Cc: Gina <gina@example.org>\r\nSubject: Quarterly =?utf-8?q?caf=C3=A9?= report\r\n"
        b"Date: Tue, 02 Jan 2024 03:04:05 +0000\r\nMessage-ID: <q1@example.org>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
        b"--outer\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
        b"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNumbers are up.\r\nSee attached.\r\n"
        b"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Numbers are <i>up</i>.</p>\r\n--alt--\r\n"
        b"--outer\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"q1.pdf\"\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--outer--\r\n")


@pytest.fixture
def store() -> Any:
    with alice_store(WORLD) as opened:
        yield opened


def _converter() -> Any:
    m = pw()
    return m.pythoncom.CoCreateInstance(m.mapi.CLSID_IConverterSession, None, m.pythoncom.CLSCTX_INPROC_SERVER,
                                        m.mapi.IID_IConverterSession)


def _to_mime(msg: Any, flags: int = 0) -> email.message.EmailMessage:
    stream = pw().pythoncom.CreateStreamOnHGlobal()
    _converter().MAPIToMIMEStm(msg, stream, flags)
    stream.Seek(0, 0)
    data = b""
    while chunk := stream.Read(4096):
        data += chunk
    return email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[return-value]


def _minutes(store: Any) -> Any:
    inbox = store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, 0)
    table = inbox.GetContentsTable(0)
    table.SetColumns((PR_ENTRYID,), 0)
    return inbox.OpenEntry(table.QueryRows(1, 0)[0][0][1], None, 0)


def _new_draft(store: Any) -> Any:
    m = pw().mapi
    root = store.OpenEntry(None, None, 0)
    drafts = store.OpenEntry(root.GetProps((PR_IPM_DRAFTS_ENTRYID,), 0)[1][0][1], None, m.MAPI_MODIFY)
    return drafts.CreateMessage(None, 0)


def _from_mime(store: Any, data: bytes, flags: int = 0) -> Any:
    m = pw()
    stream = m.pythoncom.CreateStreamOnHGlobal()
    stream.Write(data)
    stream.Seek(0, 0)
    msg = _new_draft(store)
    _converter().MIMEToMAPI(stream, msg, flags | m.mapi.CCSF_SMTP)
    msg.SaveChanges(0)
    return msg


def test_mapi_to_mime_writes_headers_bodies_and_attachments(store):
    mime = _to_mime(_minutes(store))
    assert (mime["From"], mime["To"], mime["Cc"], mime["Bcc"]) == (
        "Bob <bob@contoso.com>", "Alice <alice@contoso.com>", "carol@fabrikam.com", None)
    assert (mime["Subject"], mime["Message-ID"]) == ("Minutes", "<minutes@contoso.com>")
    assert mime["Date"].datetime == datetime.datetime(2024, 1, 3, 9, 0, tzinfo=UTC)
    # the text/html part is the HTML body; text/plain the text the store derives from it
    assert mime.get_body(("html",)).get_content().rstrip("\r\n") == "<p>See the <b>notes</b>.</p>"
    assert mime.get_body(("plain",)).get_content().rstrip("\r\n") == "See the notes."
    (att,) = list(mime.iter_attachments())
    assert (att.get_filename(), att.get_content_type(), att.get_payload(decode=True)) == (
        "notes.txt", "text/plain", b"plain text notes")


def test_mapi_to_mime_flags_include_bcc_drop_message_id_and_html(store):
    m = pw().mapi
    mime = _to_mime(_minutes(store), m.CCSF_INCLUDE_BCC | m.CCSF_NO_MSGID | m.CCSF_PLAIN_TEXT_ONLY)
    assert (mime["Bcc"], mime["Message-ID"]) == ("dave@fabrikam.com", None)
    assert mime.get_body(("html",)) is None


def test_mime_to_mapi_fills_a_message(store):
    msg = _from_mime(store, MIME)
    _, props = msg.GetProps((PR_SUBJECT, PR_SENDER_NAME, PR_SENDER_EMAIL_ADDRESS, PR_CLIENT_SUBMIT_TIME,
                             PR_INTERNET_MESSAGE_ID, PR_BODY, PR_HTML, PR_NATIVE_BODY_INFO), 0)
    assert props == ((PR_SUBJECT, "Quarterly caf\u00e9 report"), (PR_SENDER_NAME, "Erin Example"),
                     (PR_SENDER_EMAIL_ADDRESS, "erin@example.org"),
                     (PR_CLIENT_SUBMIT_TIME, datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
                     (PR_INTERNET_MESSAGE_ID, "<q1@example.org>"), (PR_BODY, "Numbers are up.\r\nSee attached."),
                     # RFC 2046 5.1.1: the CRLF before a boundary belongs to the boundary
                     (PR_HTML, b"<p>Numbers are <i>up</i>.</p>"), (PR_NATIVE_BODY_INFO, 3))
    headers = msg.GetProps((PR_TRANSPORT_MESSAGE_HEADERS,), 0)[1][0][1]
    assert headers.startswith("From: Erin Example <erin@example.org>\r\n") and "Message-ID: <q1@example.org>" in headers
    table = msg.GetRecipientTable(0)
    table.SetColumns((PR_DISPLAY_NAME, PR_SMTP_ADDRESS, PR_RECIPIENT_TYPE), 0)
    assert [tuple(v for _, v in row) for row in table.QueryRows(10, 0)] == [
        ("Alice", "alice@contoso.com", 1), ("frank@example.org", "frank@example.org", 1),
        ("Gina", "gina@example.org", 2)]
    attach = msg.OpenAttach(0, None, 0)
    assert attach.GetProps((PR_ATTACH_LONG_FILENAME, PR_ATTACH_MIME_TAG, PR_ATTACH_DATA_BIN), 0)[1] == (
        (PR_ATTACH_LONG_FILENAME, "q1.pdf"), (PR_ATTACH_MIME_TAG, "application/pdf"),
        (PR_ATTACH_DATA_BIN, b"%PDF-1.4\n"))


def test_ccsf_noheaders_keeps_no_transport_headers(store):
    msg = _from_mime(store, MIME, pw().mapi.CCSF_NOHEADERS)
    assert msg.GetProps((PR_TRANSPORT_MESSAGE_HEADERS,), 0)[1][0][0] == 0x007D000A


def test_mime_round_trips_through_a_mapi_message(store):
    back = _to_mime(_from_mime(store, MIME))
    original = email.message_from_bytes(MIME, policy=email.policy.default)
    for header in ("From", "To", "Cc", "Subject", "Message-ID"):
        assert str(back[header]) == str(original[header]), header
    assert back["Date"].datetime == original["Date"].datetime
    for kind in ("plain", "html"):  # the same text; email's set_content ends a body with a line break
        assert back.get_body((kind,)).get_content().replace("\r\n", "\n").rstrip("\n") == \
            original.get_body((kind,)).get_content().replace("\r\n", "\n")
    assert [(a.get_filename(), a.get_payload(decode=True)) for a in back.iter_attachments()] == [
        ("q1.pdf", b"%PDF-1.4\n")]


def test_co_create_instance_knows_only_the_converter_and_arguments_are_checked(store):
    m = pw()
    raises(REGDB_E_CLASSNOTREG, m.pythoncom.CoCreateInstance, m.mapi.IID_IMessage, None, 1,
           m.mapi.IID_IConverterSession)
    raises(E_NOINTERFACE, m.pythoncom.CoCreateInstance, m.mapi.CLSID_IConverterSession, None, 1, m.mapi.IID_IMessage)
    converter = _converter()
    # PyCom_InterfaceFromPyObject(IID_IStream) (PyIConverterSession.i:74): a message is
    # QueryInterface'd for IStream; None is refused (com/win32com/src/PyComHelpers.cpp:345)
    raises(E_NOINTERFACE, converter.MIMEToMAPI, _new_draft(store), _new_draft(store), 0)
    with pytest.raises(TypeError, match="^None is not a valid interface object in this context$"):
        converter.MAPIToMIMEStm(None, m.pythoncom.CreateStreamOnHGlobal(), 0)
