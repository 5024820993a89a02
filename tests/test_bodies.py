"""Message bodies: PR_BODY, PR_HTML / PR_BODY_HTML, PR_RTF_COMPRESSED (LZFu), PR_NATIVE_BODY_INFO,
and pywin32's WrapCompressedRTFStream(Ex), RTFSync and RTFStreamToHTML.

Sources: MS-OXRTFCP (LZFu, its section 4 examples), MS-OXCMSG 2.2.1.58 (body properties,
PidTagNativeBody values) and 3.2.4.1 (the server converts the body it has into the one asked
for), pywin32 com/win32comext/mapi/src/mapi.i (the functions' arguments; ``decodertfhtml`` and
``isrtfhtml`` for RTFStreamToHTML), the WrapCompressedRTFStreamEx / RTF_WCSINFO reference.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_contents_kit import logon, own_store, pw, raises

import fakemapi
from fakemapi.world import bodies

E_NOINTERFACE = -2147467262  # winerror.h, signed as pywin32's com_error has it

PR_SUBJECT = 0x0037001F
PR_BODY = 0x1000001F
PR_BODY_A = 0x1000001E
PR_HTML = 0x10130102
PR_BODY_HTML = 0x1013001F
PR_RTF_COMPRESSED = 0x10090102
PR_NATIVE_BODY_INFO = 0x10160003
PR_RTF_IN_SYNC = 0x0E1F000B
MAPI_E_INVALID_PARAMETER = -2147024809
MAPI_E_CORRUPT_DATA = -2147221221
STORE_UNCOMPRESSED_RTF = 0x8000

HTML = "<html><head><style>p {color: red}</style></head><body><p>Hello <b>World</b> caf\u00e9 {x} \\</p></body></html>"
FROMHTML_RTF = ("{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}"
                "{\\*\\htmltag19 <html>}{\\*\\htmltag50 <body>}\\htmlrtf {\\b\\htmlrtf0 "
                "{\\*\\htmltag64 <p>}Tab\\tab x\\par\r\nline \\'e9 \\{y\\}"
                "{\\*\\mhtmltag84 <img src=\"cid:1\">}{\\*\\htmltag84 <img src=\"a.png\">}"
                "\\htmlrtf }\\htmlrtf0 {\\*\\htmltag72 </p>}{\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}")
WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [{"alias": "alice", "display_name": "Alice", "folders": {"Inbox": {"messages": [
        {"subject": "Html", "html": HTML},
        {"subject": "Rtf", "rtf": "{\\rtf1\\ansi\\ansicpg1252\\fromtext \\pard Hi \\b there\\b0\\par second}"},
        {"subject": "Text", "body": "plain one\nline {two}"},
        {"subject": "FromHtml", "rtf": FROMHTML_RTF},
        {"generate": {"count": 3, "subject": "Gen {n}", "body": "number {n}"}},
    ]}}}],
    "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}],
}


@pytest.fixture
def fk() -> Any:
    fake = fakemapi.install(WORLD)
    pw().mapi.MAPIInitialize(None)
    try:
        yield fake
    finally:
        fakemapi.uninstall()


def _inbox(flags: int = 0x1) -> Any:
    store = own_store(logon())
    return store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, flags)


def _message(subject: str, flags: int = 0x1) -> Any:
    inbox = _inbox()
    table = inbox.GetContentsTable(0)
    table.SetColumns((0x0FFF0102, PR_SUBJECT), 0)
    for (_, eid), (_, subj) in table.QueryRows(50, 0):
        if subj == subject:
            return inbox.OpenEntry(eid, None, flags)
    raise AssertionError(subject)


def _read_all(stream: Any) -> bytes:
    data = b""
    while chunk := stream.Read(4096):
        data += chunk
    return data


def _rtf_of(msg: Any) -> bytes:
    m = pw()
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, m.pythoncom.IID_IStream, 0, 0)
    return _read_all(m.mapi.WrapCompressedRTFStream(stream, 0))


# --- LZFu, byte for byte (MS-OXRTFCP section 4) -------------------------------------------------
def test_lzfu_compresses_the_specification_examples_byte_for_byte():
    # MS-OXRTFCP 4.1 (simple compressed RTF) and 4.2 (compressed RTF with crossing the write
    # position: the "WXYZ" run)
    one = b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
    assert bodies.compress_rtf(one) == bytes.fromhex(
        "2d0000002b0000004c5a4675f1c5c7a703000a0072637067313235423 20af32068656c0900206277 05b06c647d0a800fa0"
        .replace(" ", ""))
    two = b"{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}"
    assert bodies.compress_rtf(two) == bytes.fromhex("1a0000001c0000004c5a4675e2d44b51410004205758595a0d6e7d010eb0")
    assert bodies.decompress_rtf(bodies.compress_rtf(one)) == one
    # MS-OXRTFCP 2.1.3.1: COMPTYPE "MELA" is the uncompressed form, CRC zero
    assert bodies.compress_rtf(one, compressed=False) == (
        (len(one) + 12).to_bytes(4, "little") + len(one).to_bytes(4, "little") + b"MELA" + bytes(4) + one)


# --- reading: the store converts the body it has (MS-OXCMSG 3.2.4.1) --------------------------
def test_an_html_message_reads_as_text_html_and_fromhtml_rtf(fk):
    msg = _message("Html")
    hr, props = msg.GetProps((PR_BODY, PR_HTML, PR_BODY_HTML, PR_NATIVE_BODY_INFO, PR_RTF_IN_SYNC), 0)
    assert hr == 0
    assert props == ((PR_BODY, "Hello World caf\u00e9 {x} \\"), (PR_HTML, HTML.encode("utf-8")),
                     (PR_BODY_HTML, HTML), (PR_NATIVE_BODY_INFO, 3), (PR_RTF_IN_SYNC, True))
    rtf = _rtf_of(msg)
    assert rtf.startswith(b"{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 ")
    # pywin32's RTFStreamToHTML (mapi.i) gives the HTML back byte for byte from the derived RTF
    m = pw()
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, m.pythoncom.IID_IStream, 0, 0)
    assert m.mapi.RTFStreamToHTML(m.mapi.WrapCompressedRTFStream(stream, 0)) == HTML.encode("utf-8")


def test_a_text_message_reads_as_fromtext_rtf_and_html(fk):
    msg = _message("Text")
    _, props = msg.GetProps((PR_BODY, PR_NATIVE_BODY_INFO, PR_BODY_HTML), 0)
    assert props[:2] == ((PR_BODY, "plain one\nline {two}"), (PR_NATIVE_BODY_INFO, 1))
    assert "plain one<br>\r\nline {two}" in props[2][1]
    rtf = _rtf_of(msg)
    assert rtf.startswith(b"{\\rtf1\\ansi\\ansicpg1252\\fromtext ")
    assert b"plain one\\par\r\nline \\{two\\}" in rtf
    # RTFStreamToHTML: None when the first \from is not \fromhtml (mapi.i isrtfhtml)
    m = pw()
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, m.pythoncom.IID_IStream, 0, 0)
    assert m.mapi.RTFStreamToHTML(m.mapi.WrapCompressedRTFStream(stream, 0)) is None


def test_an_rtf_message_reads_as_its_text_and_native_body_info_says_rtf(fk):
    msg = _message("Rtf")
    _, props = msg.GetProps((PR_BODY, PR_BODY_A, PR_NATIVE_BODY_INFO), 0)
    assert props == ((PR_BODY, "Hi there\r\nsecond"), (PR_BODY_A, b"Hi there\r\nsecond"), (PR_NATIVE_BODY_INFO, 2))
    assert _rtf_of(msg) == b"{\\rtf1\\ansi\\ansicpg1252\\fromtext \\pard Hi \\b there\\b0\\par second}"


def test_rtf_stream_to_html_follows_pywin32s_decoder(fk):
    # mapi.i decodertfhtml: \htmlrtf ... \htmlrtf0 dropped, \par -> CRLF, \tab -> three spaces,
    # \'XX -> the byte, \{ \} -> braces, an \mhtmltagN hides the \htmltagN that follows it
    msg = _message("FromHtml")
    m = pw()
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, m.pythoncom.IID_IStream, 0, 0)
    html = m.mapi.RTFStreamToHTML(m.mapi.WrapCompressedRTFStream(stream, 0))
    assert html == b'<html><body><p>Tab   x\r\nline \xe9 {y}<img src="cid:1"></p></body></html>'
    # the store derives PR_HTML the same way from \fromhtml RTF, and the text from that HTML
    _, props = msg.GetProps((PR_HTML, PR_BODY, PR_NATIVE_BODY_INFO), 0)
    assert props == ((PR_HTML, html), (PR_BODY, "Tab x line \u00e9 {y}"), (PR_NATIVE_BODY_INFO, 2))


def test_wrap_compressed_rtf_stream_ex_gives_the_native_body_and_its_type(fk):
    m = pw().mapi
    cases = {"Html": (HTML.encode("utf-8"), m.MAPI_NATIVE_BODY_TYPE_HTML),
             "Text": (b"plain one\r\nline {two}", m.MAPI_NATIVE_BODY_TYPE_PLAINTEXT),
             "Rtf": (b"Hi there\r\nsecond", m.MAPI_NATIVE_BODY_TYPE_PLAINTEXT)}
    for subject, (body, kind) in cases.items():
        msg = _message(subject)
        stream = msg.OpenProperty(PR_RTF_COMPRESSED, pw().pythoncom.IID_IStream, 0, 0)
        out, flags = m.WrapCompressedRTFStreamEx(stream, (m.MAPI_NATIVE_BODY, 0, 0))
        assert (_read_all(out), flags) == (body, kind), subject
    # without MAPI_NATIVE_BODY (the default (0, 0, 0) of mapi.i) the RTF itself; ulStreamFlags is
    # only meaningful with MAPI_NATIVE_BODY (RTF_WCSRETINFO reference): 0 here
    msg = _message("Rtf")
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, pw().pythoncom.IID_IStream, 0, 0)
    out, flags = m.WrapCompressedRTFStreamEx(stream)
    assert (_read_all(out)[:12], flags) == (b"{\\rtf1\\ansi\\", 0)


def test_native_body_with_modify_is_invalid_parameter(fk):
    # WrapCompressedRTFStreamEx reference: MAPI_NATIVE_BODY cannot be combined with MAPI_MODIFY
    m = pw()
    msg = _message("Rtf")
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, m.pythoncom.IID_IStream, 0, m.mapi.MAPI_MODIFY)
    raises(MAPI_E_INVALID_PARAMETER, m.mapi.WrapCompressedRTFStreamEx, stream,
           (m.mapi.MAPI_NATIVE_BODY | m.mapi.MAPI_MODIFY, 0, 0))


def test_bad_arguments_raise_what_pywin32_raises(fk):
    m = pw()
    msg = _message("Rtf")
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, m.pythoncom.IID_IStream, 0, 0)
    # the IStream *INPUT typemap (mapilib.i:317): PyCom_InterfaceFromPyInstanceOrObject, so a
    # message is QueryInterface'd for IStream (E_NOINTERFACE) and None refused
    # (com/win32com/src/PyComHelpers.cpp:313)
    with pytest.raises(m.pythoncom.com_error) as err:
        m.mapi.WrapCompressedRTFStream(msg, 0)
    assert err.value.hresult == E_NOINTERFACE
    with pytest.raises(TypeError, match="^None is not a valid interface object in this context$"):
        m.mapi.WrapCompressedRTFStream(None, 0)
    # SWIG parses the unsigned long with "l": CPython's own message (mapi.i:687)
    with pytest.raises(TypeError, match="'str' object cannot be interpreted as an integer"):
        m.mapi.WrapCompressedRTFStream(stream, "0")
    # "O|(kkk):PyWrapCompressedRTFStreamEx" (mapi.i)
    with pytest.raises(TypeError, match="argument 2 must be 3-item sequence, not int"):
        m.mapi.WrapCompressedRTFStreamEx(stream, 0)
    with pytest.raises(TypeError, match="^PyWrapCompressedRTFStreamEx\\(\\) argument 2, item 0 must be int, not str$"):
        m.mapi.WrapCompressedRTFStreamEx(stream, ("0", 0, 0))
    # IMessage *INPUT (mapilib.i:213): a stream is QueryInterface'd for IMessage
    with pytest.raises(m.pythoncom.com_error) as err:
        m.mapi.RTFSync(stream, 0)
    assert err.value.hresult == E_NOINTERFACE
    # PyCom_InterfaceFromPyObject (mapi.i:961; PyComHelpers.cpp:351)
    with pytest.raises(ValueError, match="^argument is not a COM object \\(got type=bytes\\)$"):
        m.mapi.RTFStreamToHTML(b"{\\rtf1}")
    # the stream still works after the refusals
    assert _read_all(m.mapi.WrapCompressedRTFStream(stream, 0)).startswith(b"{\\rtf1")


def test_a_property_stream_that_is_not_compressed_rtf_is_corrupt_data(fk):
    m = pw()
    msg = _message("Text")
    msg.SetProps([(PR_RTF_COMPRESSED, b"not compressed rtf at all")])
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, m.pythoncom.IID_IStream, 0, 0)
    raises(MAPI_E_CORRUPT_DATA, m.mapi.WrapCompressedRTFStream, stream, 0)


# --- writing ------------------------------------------------------------------------------------
def test_rtf_written_through_the_wrapper_is_saved_compressed_and_becomes_the_native_body(fk):
    m = pw()
    msg = _message("Text")
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, m.pythoncom.IID_IStream, 0, m.mapi.MAPI_MODIFY | m.mapi.MAPI_CREATE)
    wrapper = m.mapi.WrapCompressedRTFStream(stream, m.mapi.MAPI_MODIFY)
    rtf = b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
    wrapper.Write(rtf)
    wrapper.Commit(0)
    stream.Commit(0)
    msg.SaveChanges(0)
    again = _message("Text")
    _, props = again.GetProps((PR_RTF_COMPRESSED, PR_BODY, PR_NATIVE_BODY_INFO), 0)
    # the saved bytes are the LZFu of MS-OXRTFCP 4.1's input: the specification's output
    assert props[0][1] == bodies.compress_rtf(rtf)
    assert props[1:] == ((PR_BODY, "hello world"), (PR_NATIVE_BODY_INFO, 2))


def test_store_uncompressed_rtf_writes_the_mela_form(fk):
    m = pw()
    msg = _message("Text")
    stream = msg.OpenProperty(PR_RTF_COMPRESSED, m.pythoncom.IID_IStream, 0, m.mapi.MAPI_MODIFY | m.mapi.MAPI_CREATE)
    wrapper = m.mapi.WrapCompressedRTFStream(stream, m.mapi.MAPI_MODIFY | STORE_UNCOMPRESSED_RTF)
    wrapper.Write(b"{\\rtf1 abc}")
    wrapper.Commit(0)
    msg.SaveChanges(0)
    data = _message("Text").GetProps((PR_RTF_COMPRESSED,), 0)[1][0][1]
    assert data[8:16] == b"MELA\0\0\0\0" and data[16:] == b"{\\rtf1 abc}"  # MS-OXRTFCP 2.1.3.1


def test_writing_the_text_body_replaces_the_html_body(fk):
    msg = _message("Html")
    msg.SetProps([(PR_BODY, "new text")])
    msg.SaveChanges(0)
    _, props = _message("Html").GetProps((PR_BODY, PR_NATIVE_BODY_INFO, PR_BODY_HTML), 0)
    assert props[:2] == ((PR_BODY, "new text"), (PR_NATIVE_BODY_INFO, 1))
    assert "new text" in props[2][1] and "Hello" not in props[2][1]


def test_bodies_written_together_stay_together(fk):
    # Outlook saves an HTML message's PR_HTML with its text rendering in one transaction
    msg = _message("Text")
    msg.SetProps([(PR_HTML, b"<p>rich</p>"), (PR_BODY, "plain rendering")])
    msg.SaveChanges(0)
    _, props = _message("Text").GetProps((PR_HTML, PR_BODY, PR_NATIVE_BODY_INFO), 0)
    assert props == ((PR_HTML, b"<p>rich</p>"), (PR_BODY, "plain rendering"), (PR_NATIVE_BODY_INFO, 3))


def test_rtf_sync_makes_the_text_from_changed_rtf_once(fk):
    m = pw().mapi
    msg = _message("Text")
    msg.SetProps([(PR_RTF_COMPRESSED, bodies.compress_rtf(b"{\\rtf1\\ansi\\fromtext synced\\par text}"))])
    assert m.RTFSync(msg, m.RTF_SYNC_RTF_CHANGED) == 1
    assert msg.GetProps((PR_BODY, PR_RTF_IN_SYNC), 0)[1] == ((PR_BODY, "synced\r\ntext"), (PR_RTF_IN_SYNC, True))
    assert m.RTFSync(msg, m.RTF_SYNC_RTF_CHANGED) == 0


def test_generated_messages_show_their_own_derived_bodies_in_tables(fk):
    inbox = _inbox()
    table = inbox.GetContentsTable(0)
    table.SetColumns((PR_SUBJECT, PR_BODY_HTML, PR_NATIVE_BODY_INFO), 0)
    rows = [r for r in table.QueryRows(50, 0) if r[0][1].startswith("Gen ")]
    assert [r[0][1] for r in rows] == ["Gen 1", "Gen 2", "Gen 3"]
    assert ["number 2" in r[1][1] for r in rows] == [False, True, False]
    assert {r[2] for r in rows} == {(PR_NATIVE_BODY_INFO, 1)}


def test_a_world_rtf_body_must_be_rtf():
    data = {**WORLD, "mailboxes": [{"alias": "alice", "display_name": "Alice", "folders": {
        "Inbox": {"messages": [{"subject": "x", "rtf": "plain, not rtf"}]}}}]}
    with pytest.raises(fakemapi.WorldError, match=r"mailboxes\[0\].*rtf.*expected RTF source text"):
        fakemapi.World.from_dict(data)


def test_the_fast_lzfu_writer_gives_compressed_rtf_packages_bytes():
    # world/lzfu.py runs MS-OXRTFCP 3.3.4's search as compressed-rtf does, faster: same output
    import random

    import compressed_rtf

    rng = random.Random(12)
    inputs = [b"", b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n", b"{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}",
              bodies.text_to_rtf("Quarterly numbers are up.\r\n" * 200), b"x" * 5000]
    for n in (40, 700, 4500):
        words = [bytes(rng.choice(b"ab{}\\ par") for _ in range(rng.randint(1, 6))) for _ in range(12)]
        inputs.append(b"".join(rng.choice(words) for _ in range(n)))
    for data in inputs:
        assert bodies.compress_rtf(data) == compressed_rtf.compress(data, compressed=True), len(data)


def test_the_derived_rtf_is_listed_and_read_with_every_property(fk):
    # GetPropList and GetProps(None) show all three body types of a text message (MS-OXCMSG 3.2.4.1)
    msg = _message("Text")
    listed = {tag for tag in msg.GetPropList(0)}
    assert {PR_RTF_COMPRESSED, PR_HTML, PR_NATIVE_BODY_INFO} <= listed
    everything = dict(msg.GetProps(None, 0)[1])
    assert bodies.decompress_rtf(everything[PR_RTF_COMPRESSED]).startswith(b"{\\rtf1\\ansi\\ansicpg1252\\fromtext ")
