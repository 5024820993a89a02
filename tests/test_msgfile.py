"""Message files: compound files (MS-CFB), MS-OXMSG, pythoncom's storage functions and MAPI's
IMessage on a storage (OpenIMsgSession / OpenIMsgOnIStg), CopyTo between a store message and a
.msg message, and the example exporter, its output read back with olefile and extract_msg.

Sources: MS-CFB 2.2 (header: minor version 0x003E, major 3, sector shift 9, mini sector shift 6,
mini stream cutoff 4096), 2.6 (directory entries); MS-OXMSG 2.1 to 2.4 (storages, streams,
property stream headers, named property mapping); pywin32 com/win32com/src/PyStorage.cpp
(StgCreateDocfile "Oi|i", StgOpenStorage "OOi|Oi", CreateILockBytesOnHGlobal "|Ol",
StgCreateDocfileOnILockBytes "Oi|i") and mapi.i (OpenIMsgSession "|l", OpenIMsgOnIStg "lOO|Oll",
"Only None us supported for MAPISupport and CallRelease"); StgOpenStorage's documented
STG_E_FILENOTFOUND and STG_E_FILEALREADYEXISTS ("the file exists but is not a storage object").
"""

from __future__ import annotations

import datetime
import io
import pathlib
import runpy
import struct
import sys
import uuid
from typing import Any

import extract_msg
import olefile
import pytest
from test_contents_kit import alice_store, pw, raises

import fakemapi
from fakemapi.props import make_bag
from fakemapi.world import cfb, msgfile

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
UTC = datetime.timezone.utc
PR_SUBJECT = 0x0037001F
PR_BODY = 0x1000001F
PR_DISPLAY_NAME = 0x3001001F
PR_EMAIL_ADDRESS = 0x3003001F
PR_RECIPIENT_TYPE = 0x0C150003
PR_ATTACH_LONG_FILENAME = 0x3707001F
PR_ATTACH_DATA_BIN = 0x37010102
PR_ENTRYID = 0x0FFF0102
PR_IPM_DRAFTS_ENTRYID = 0x36D70102
STG_E_FILENOTFOUND = -2147287038
STG_E_FILEALREADYEXISTS = -2147286960
CLSID_MAIL_MESSAGE = "{00020D0B-0000-0000-C000-000000000046}"

WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [
        {"alias": "alice", "display_name": "Alice", "folders": {"Inbox": {"messages": [
            {"subject": "Minutes", "body": "See the notes.", "from": "bob", "to": ["alice"],
             "cc": ["carol@fabrikam.com"], "received": "2024-01-03T09:00:00Z",
             "attachments": [{"filename": "notes.txt", "data": "plain text notes"}],
             "props": {"PidLidEmail1EmailAddress": "named@example.com", "PidNameKeywords": ["Red"]}},
        ]}}},
        {"alias": "bob", "display_name": "Bob"},
    ],
    "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}],
}


@pytest.fixture
def store() -> Any:
    with alice_store(WORLD) as opened:
        yield opened


def _minutes(store: Any) -> Any:
    inbox = store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, 0)
    table = inbox.GetContentsTable(0)
    table.SetColumns((PR_ENTRYID,), 0)
    return inbox.OpenEntry(table.QueryRows(1, 0)[0][0][1], None, 0)


def _export(store: Any, path: pathlib.Path) -> None:
    m = pw()
    sc = sys.modules["win32com.storagecon"]
    storage = m.pythoncom.StgCreateDocfile(str(path), sc.STGM_CREATE | sc.STGM_READWRITE | sc.STGM_SHARE_EXCLUSIVE, 0)
    session = m.mapi.OpenIMsgSession()
    imsg = m.mapi.OpenIMsgOnIStg(session, None, storage, None, 0, m.mapi.MAPI_UNICODE)
    _minutes(store).CopyTo(None, None, 0, None, m.mapi.IID_IMessage, imsg, 0)
    imsg.SaveChanges(0)
    storage.Commit(0)
    m.mapi.CloseIMsgSession(session)


# --- compound files -----------------------------------------------------------------------------
def test_compound_files_are_written_as_ms_cfb_version_3_and_read_back_stream_for_stream():
    tree: cfb.Tree = {"small": b"x" * 10, "cutoff-1": b"a" * 4095, "cutoff": b"b" * 4096, "empty": b"",
                      "storage": {"inner": b"hello", "deeper": {"z" * 31: bytes(range(256)) * 20}}}
    for i in range(40):  # enough siblings for a red-black tree of several levels
        tree[f"n{i:02}"] = bytes([i]) * i
    data = cfb.write(tree)
    assert data[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
    minor, major, order, shift, mini_shift = struct.unpack_from("<HHHHH", data, 24)
    assert (minor, major, order, shift, mini_shift) == (0x003E, 3, 0xFFFE, 9, 6)
    assert struct.unpack_from("<I", data, 56)[0] == 4096  # mini stream cutoff
    assert len(data) % 512 == 0
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert ole.openstream(["storage", "deeper", "z" * 31]).read() == bytes(range(256)) * 20
    assert ole.openstream("cutoff-1").read() == b"a" * 4095
    ole.close()
    assert cfb.read(data) == tree
    assert cfb.write(tree) == data  # deterministic (R14)


def check_red_black(ole: Any) -> None:
    """MS-CFB 2.6.4, for every storage of ``ole`` (an olefile.OleFileIO): siblings ordered by
    name length, then upper-cased name; no red node has a red child; every path from a node down
    has the same number of black nodes."""
    entries = ole.direntries

    def check(sid: int, low: Any, high: Any, parent_red: bool) -> int:
        if sid == cfb.NOSTREAM:
            return 1
        e = entries[sid]
        key = (len(e.name), e.name.upper())
        assert (low is None or low < key) and (high is None or key < high)
        red = e.color == cfb.RED
        assert not (red and parent_red)
        left = check(e.sid_left, low, key, red)
        assert left == check(e.sid_right, key, high, red)
        if e.sid_child != cfb.NOSTREAM:
            check(e.sid_child, None, None, False)
        return left + (0 if red else 1)

    check(entries[0].sid_child, None, None, False)


def test_the_directory_siblings_form_a_red_black_tree_in_ms_cfb_order():
    data = cfb.write({f"s{'x' * (i % 7)}{i}": b"1" for i in range(23)})
    ole = olefile.OleFileIO(io.BytesIO(data))
    check_red_black(ole)
    ole.close()


# --- MS-OXMSG -----------------------------------------------------------------------------------
def test_message_files_round_trip_every_property_type_recipients_attachments_and_names():
    when = datetime.datetime(2024, 1, 2, 3, 4, 5, 600000, tzinfo=UTC)
    props = make_bag([(PR_SUBJECT, "S\u00e9"), (0x0E1D001E, "eight-bit"), (0x00170003, 2), (0x0E1B000B, True),
                      (0x0E060040, when), (0x0E080003, 123), (0x3FDE0003, 65001), (0x80000005, 2.5),
                      (0x80011003, (1, 2, 3)), (0x8002101F, ("a", "bc")), (0x80031102, (b"\x00\x01", b"")),
                      (0x10130102, b"<p>x</p>"), (0x00140014, 1 << 40)])
    names = {0x8000: (msgfile.PS_PUBLIC_STRINGS, "Score"), 0x8001: (uuid.UUID(int=5), 0x8101),
             0x8002: (msgfile.PS_MAPI, 0x1234), 0x8003: (uuid.UUID(int=6), "Bin")}
    recipients = [make_bag([(PR_DISPLAY_NAME, "Alice"), (PR_EMAIL_ADDRESS, "a@x.com"), (PR_RECIPIENT_TYPE, 1),
                            (PR_ENTRYID, b"\x01\x02")])]
    attachments = [make_bag([(PR_ATTACH_LONG_FILENAME, "n.txt"), (PR_ATTACH_DATA_BIN, b"data" * 2000)])]
    contents = msgfile.MsgContents(props, recipients, attachments, names)
    back = msgfile.read_msg(msgfile.write_msg(contents))
    assert back == contents


def test_a_store_message_copied_into_a_msg_file_reads_back_in_extract_msg(store, tmp_path):
    path = tmp_path / "minutes.msg"
    _export(store, path)
    ole = olefile.OleFileIO(str(path))
    names = {"/".join(p) for p in ole.listdir(streams=True, storages=True)}
    assert {"__properties_version1.0", "__recip_version1.0_#00000000", "__recip_version1.0_#00000001",
            "__attach_version1.0_#00000000", "__nameid_version1.0/__substg1.0_00020102",
            "__substg1.0_0037001F"} <= names
    assert ole.root.clsid == CLSID_MAIL_MESSAGE.strip("{}")
    # the top-level header: next recipient id, next attachment id, recipient count, attachment count
    assert struct.unpack_from("<IIII", ole.openstream("__properties_version1.0").read(), 8) == (2, 1, 2, 1)
    ole.close()
    msg = extract_msg.openMsg(str(path))
    try:
        assert (msg.subject, msg.body, msg.sender) == ("Minutes", "See the notes.", "Bob")
        assert [(r.name, r.type) for r in msg.recipients] == [("Alice", 1), ("carol@fabrikam.com", 2)]
        assert [(a.longFilename, a.data) for a in msg.attachments] == [("notes.txt", b"plain text notes")]
        assert msg.getNamedProp("8083", "{00062004-0000-0000-C000-000000000046}") == "named@example.com"
        assert msg.date == datetime.datetime(2024, 1, 3, 9, 0, tzinfo=UTC)
        assert b"See the notes." in msg.htmlBody  # the HTML the store derives is saved too
    finally:
        msg.close()


def test_a_msg_file_opens_and_copies_into_a_store_folder(store, tmp_path):
    m = pw()
    path = tmp_path / "minutes.msg"
    _export(store, path)
    storage = m.pythoncom.StgOpenStorage(str(path), None, 0x10, None, 0)  # STGM_READ | STGM_SHARE_EXCLUSIVE
    imsg = m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), None, storage)
    assert imsg.GetProps((PR_SUBJECT, PR_BODY), 0) == (0, ((PR_SUBJECT, "Minutes"), (PR_BODY, "See the notes.")))
    table = imsg.GetRecipientTable(0)
    table.SetColumns((PR_DISPLAY_NAME, PR_RECIPIENT_TYPE), 0)
    assert table.QueryRows(10, 0) == (((PR_DISPLAY_NAME, "Alice"), (PR_RECIPIENT_TYPE, 1)),
                                      ((PR_DISPLAY_NAME, "carol@fabrikam.com"), (PR_RECIPIENT_TYPE, 2)))
    drafts = store.OpenEntry(store.OpenEntry(None, None, 0).GetProps((PR_IPM_DRAFTS_ENTRYID,), 0)[1][0][1], None,
                             m.mapi.MAPI_MODIFY)
    copy = drafts.CreateMessage(None, 0)
    imsg.CopyTo(None, None, 0, None, m.mapi.IID_IMessage, copy, 0)
    copy.SaveChanges(0)
    contents = drafts.GetContentsTable(0)
    email, = store.GetIDsFromNames([(m.mapi.PSETID_Address, 0x8083)], 0)
    contents.SetColumns((PR_SUBJECT, (email & 0xFFFF0000) | 0x1F), 0)
    # the named property has the store's id for PSETID_Address 0x8083 again (CopyTo maps names)
    assert contents.QueryRows(10, 0) == (((PR_SUBJECT, "Minutes"), ((email & 0xFFFF0000) | 0x1F, "named@example.com")),)


def test_a_msg_file_can_live_in_memory_on_ilockbytes(store):
    m = pw()
    lockbytes = m.pythoncom.CreateILockBytesOnHGlobal()
    storage = m.pythoncom.StgCreateDocfileOnILockBytes(lockbytes, 0x1012, 0)
    imsg = m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), None, storage, None, 0, 0)
    _minutes(store).CopyTo(None, None, 0, None, m.mapi.IID_IMessage, imsg, 0)
    imsg.SaveChanges(0)
    size = lockbytes.Stat(0)[2]  # "i:Stat": PyILockBytes.cpp requires the flag
    data = lockbytes.ReadAt(0, size)
    assert data[:8] == bytes.fromhex("d0cf11e0a1b11ae1") and len(data) == size
    assert msgfile.read_msg(data).props[PR_SUBJECT >> 16] == (PR_SUBJECT, "Minutes")


def test_storage_errors_are_the_documented_codes(store, tmp_path):
    m = pw()
    raises(STG_E_FILENOTFOUND, m.pythoncom.StgOpenStorage, str(tmp_path / "absent.msg"), None, 0x10, None, 0)
    (tmp_path / "text.msg").write_text("not a compound file")
    raises(STG_E_FILEALREADYEXISTS, m.pythoncom.StgOpenStorage, str(tmp_path / "text.msg"), None, 0x10, None, 0)
    raises(STG_E_FILEALREADYEXISTS, m.pythoncom.StgCreateDocfile, str(tmp_path / "text.msg"), 0x12, 0)
    with pytest.raises(TypeError, match="can not be converted to Unicode"):
        m.pythoncom.StgCreateDocfile(12, 0x1012, 0)
    storage = m.pythoncom.StgCreateDocfile(str(tmp_path / "new.msg"), 0x1012, 0)
    with pytest.raises(TypeError, match="Only None us supported for MAPISupport and CallRelease"):
        m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), object(), storage)
    # PyCom_InterfaceFromPyObject(IID_IStorage) (mapi.i:825; PyComHelpers.cpp:351)
    with pytest.raises(ValueError, match="^argument is not a COM object \\(got type=str\\)$"):
        m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), None, "storage")
    assert olefile.isOleFile(str(tmp_path / "new.msg"))  # StgCreateDocfile made the file at once


def test_the_example_exporter_runs_unmodified_and_extract_msg_reads_its_files(tmp_path):
    world = fakemapi.World.load(str(EXAMPLES / "worlds" / "reader.yaml"))
    fakemapi.install(world)
    try:
        exporter = runpy.run_path(str(EXAMPLES / "export_to_msg.py"), run_name="example")
        assert exporter["main"](["export_to_msg.py", str(tmp_path)]) == 0
    finally:
        fakemapi.uninstall()
    files = sorted((tmp_path / "Inbox").glob("*.msg"))
    assert len(files) == 503 and (tmp_path / "Inbox" / "Projects" / "0001 Plan.msg").exists()
    msg = extract_msg.openMsg(str(tmp_path / "Inbox" / "0002 Minutes.msg"))
    try:
        assert (msg.subject, msg.body, msg.cc) == ("Minutes", "See the notes.", "Bob <bob@contoso.com>")
        assert [a.longFilename for a in msg.attachments] == ["notes.txt"]
    finally:
        msg.close()


def test_the_exporter_under_fakemapi_run_writes_files_extract_msg_reads_as_outlook_items(tmp_path):
    import subprocess

    world = EXAMPLES / "worlds" / "export.yaml"
    proc = subprocess.run([sys.executable, "-m", "fakemapi", "run", "--world", str(world),
                           str(EXAMPLES / "export_to_msg.py"), str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == f"6 messages exported to {tmp_path}"

    def opened(relative: str) -> Any:
        return extract_msg.openMsg(str(tmp_path / relative))

    news = opened("Inbox/0002 Newsletter.msg")
    assert (news.body, news.htmlBody) == (
        "News\r\nAll is well.", b"<html><body><h1>News</h1><p>All is <b>well</b>.</p></body></html>")
    news.close()
    rich = opened("Inbox/0003 Formatted.msg")
    assert rich.body == "Rich text"
    assert rich.rtfBody == b"{\\rtf1\\ansi\\ansicpg1252\\fromtext \\pard Rich \\b text\\b0\\par}"
    rich.close()
    contact = opened("Contacts/0001 Jane Doe.msg")
    assert (type(contact).__name__, contact.email1EmailAddress, contact.fileUnder) == (
        "Contact", "jane@fabrikam.com", "Doe, Jane")
    contact.close()
    meeting = opened("Calendar/0001 Standup.msg")
    assert (meeting.location, meeting.appointmentStartWhole, meeting.appointmentDuration) == (
        "Room 1", datetime.datetime(2024, 3, 4, 9, 0, tzinfo=UTC), 15)
    meeting.close()
    task = opened("Tasks/0001 File taxes.msg")
    assert (type(task).__name__, int(task.taskStatus), task.percentComplete) == ("Task", 1, 0.5)
    task.close()


def test_an_ansi_msg_file_laid_out_by_the_specification_opens(store, tmp_path):
    # MS-OXMSG 2.4 by hand, as an ANSI (PT_STRING8) Outlook file has it: 8-bit strings with their
    # terminator counted in the size, a string-named property in PS_PUBLIC_STRINGS (2.2.3: GUID
    # index 2, kind 1), a recipient and an attachment storage with 8-byte headers
    m = pw()

    def entry(tag: int, value: bytes) -> bytes:
        return struct.pack("<II", tag, 6) + value.ljust(8, b"\0")

    def size(n: int) -> bytes:
        return struct.pack("<II", n, 0)

    name = "Flag".encode("utf-16-le")
    tree: cfb.Tree = {
        "__properties_version1.0": bytes(8) + struct.pack("<IIII", 1, 1, 1, 1) + bytes(8)
        + entry(0x0037001E, size(6)) + entry(0x1000001E, size(9)) + entry(0x00170003, struct.pack("<i", 0))
        + entry(0x8000000B, struct.pack("<H", 1)),
        "__substg1.0_0037001E": b"Ahoy!", "__substg1.0_1000001E": b"cp1252 \xe9",
        "__nameid_version1.0": {"__substg1.0_00020102": b"",
                                "__substg1.0_00030102": struct.pack("<II", 0, (0 << 16) | (2 << 1) | 1),
                                "__substg1.0_00040102": struct.pack("<I", len(name)) + name},
        "__recip_version1.0_#00000000": {
            "__properties_version1.0": bytes(8) + entry(0x3001001E, size(5)) + entry(0x0C150003, struct.pack("<i", 1)),
            "__substg1.0_3001001E": b"Anne"},
        "__attach_version1.0_#00000000": {
            "__properties_version1.0": bytes(8) + entry(0x3707001E, size(6)) + entry(0x37010102, size(3)),
            "__substg1.0_3707001E": b"a.txt", "__substg1.0_37010102": b"abc"},
    }
    path = tmp_path / "ansi.msg"
    path.write_bytes(cfb.write(tree))
    storage = m.pythoncom.StgOpenStorage(str(path), None, 0x10, None, 0)
    imsg = m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), None, storage)
    flag, = imsg.GetIDsFromNames([(m.mapi.PS_PUBLIC_STRINGS, "Flag")], 0)
    assert imsg.GetProps((0x0037001E, PR_SUBJECT, PR_BODY, (flag & 0xFFFF0000) | 0xB), 0)[1] == (
        (0x0037001E, b"Ahoy!"), (PR_SUBJECT, "Ahoy!"), (PR_BODY, "cp1252 \u00e9"), ((flag & 0xFFFF0000) | 0xB, True))
    table = imsg.GetRecipientTable(0)
    table.SetColumns((PR_DISPLAY_NAME, PR_RECIPIENT_TYPE), 0)
    assert table.QueryRows(5, 0) == (((PR_DISPLAY_NAME, "Anne"), (PR_RECIPIENT_TYPE, 1)),)
    attach = imsg.OpenAttach(0, None, 0)
    assert attach.GetProps((PR_ATTACH_LONG_FILENAME, PR_ATTACH_DATA_BIN), 0)[1] == (
        (PR_ATTACH_LONG_FILENAME, "a.txt"), (PR_ATTACH_DATA_BIN, b"abc"))
