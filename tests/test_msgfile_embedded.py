"""Embedded-message attachments (ATTACH_EMBEDDED_MSG): made and opened through pywin32's
``IAttach.OpenProperty(PR_ATTACH_DATA_OBJ, IID_IMessage, 0, flags)``, saved in a store, copied
into and out of .msg files, read back by OpenIMsgOnIStg, olefile and extract_msg.

Sources: pywin32 PyIMAPIProp.i:317 (OpenProperty "kOll", the result wrapped for the IID asked,
PyCom_PyObjectFromIUnknown); MS-OXCMSG 2.2.2.9 (PidTagAttachMethod afEmbeddedMessage 5),
2.2.3.16.1 (RopOpenEmbeddedMessage OpenModeFlags: ReadOnly, ReadWrite, Create "Create the
attachment if it does not already exist and open the message for both reading and writing"),
3.1.5.11 (the client sets afEmbeddedMessage, then opens the embedded message), "Saving an
Embedded Message" (save the embedded message, then the attachment, then the enclosing message);
MS-OXMSG 2.2.2 (an attachment that is a message has an Embedded Message object storage),
2.2.2.1 (named ``__substg1.0_3701000D``), 2.2.3 (one named property mapping, at the top level,
for the message and everything in it), 2.4.1.2 (the embedded storage's property stream header is
24 bytes: reserved, next recipient id, next attachment id, recipient count, attachment count),
2.4.2.2 (the PtypObject entry's Size is 0xFFFFFFFF).
"""

from __future__ import annotations

import pathlib
import struct
import sys
import uuid
from typing import Any

import extract_msg
import olefile
import pytest
from test_contents_kit import alice_store, pw, raises

import fakemapi
from fakemapi.world import cfb

PR_SUBJECT = 0x0037001F
PR_BODY = 0x1000001F
PR_MESSAGE_CLASS = 0x001A001F
PR_DISPLAY_NAME = 0x3001001F
PR_EMAIL_ADDRESS = 0x3003001F
PR_ADDRTYPE = 0x3002001F
PR_RECIPIENT_TYPE = 0x0C150003
PR_ATTACH_METHOD = 0x37050003
PR_ATTACH_LONG_FILENAME = 0x3707001F
PR_ATTACH_DATA_BIN = 0x37010102
PR_ATTACH_DATA_OBJ = 0x3701000D
PR_ENTRYID = 0x0FFF0102
PR_IPM_DRAFTS_ENTRYID = 0x36D70102
ATTACH_EMBEDDED_MSG = 5
MAPI_MODIFY, MAPI_CREATE = 0x1, 0x2
MAPI_E_NOT_FOUND = -2147221233
MAPI_E_NO_ACCESS = -2147024891
MAPI_E_INTERFACE_NOT_SUPPORTED = -2147467262  # E_NOINTERFACE (MAPICode.h)
IID_IStorage = "{0000000B-0000-0000-C000-000000000046}"
CLSID_MAIL_MESSAGE = "{00020D0B-0000-0000-C000-000000000046}"
PSETID_ADDRESS = "{00062004-0000-0000-C000-000000000046}"

WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [{"alias": "alice", "display_name": "Alice"}, {"alias": "bob", "display_name": "Bob"}],
    "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}],
}


@pytest.fixture
def store() -> Any:
    with alice_store(WORLD) as opened:
        yield opened


def _drafts(store: Any) -> Any:
    m = pw()
    eid = store.OpenEntry(None, None, 0).GetProps((PR_IPM_DRAFTS_ENTRYID,), 0)[1][0][1]
    return store.OpenEntry(eid, None, m.mapi.MAPI_MODIFY)


def _recipient(name: str, address: str, kind: int = 1) -> list[tuple[int, Any]]:
    return [(PR_DISPLAY_NAME, name), (PR_EMAIL_ADDRESS, address), (PR_ADDRTYPE, "SMTP"), (PR_RECIPIENT_TYPE, kind)]


def _embed(parent: Any, subject: str, recipient: tuple[str, str], named: str | None = None) -> Any:
    """A new attachment of ``parent`` holding a new message, as pywin32 clients write it: set
    afEmbeddedMessage, open PR_ATTACH_DATA_OBJ as IMessage with MAPI_CREATE | MAPI_MODIFY (the
    embedded message is returned unsaved; the caller saves it, then the attachment)."""
    m = pw()
    num, attach = parent.CreateAttach(None, 0)
    attach.SetProps([(PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG), (PR_DISPLAY_NAME, subject)])
    inner = attach.OpenProperty(PR_ATTACH_DATA_OBJ, m.mapi.IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY)
    inner.SetProps([(PR_MESSAGE_CLASS, "IPM.Note"), (PR_SUBJECT, subject), (PR_BODY, f"body of {subject}")])
    inner.ModifyRecipients(0, [_recipient(*recipient)])
    if named is not None:
        pid, = inner.GetIDsFromNames([(m.mapi.PSETID_Address, 0x8083)], m.mapi.MAPI_CREATE)
        inner.SetProps([((pid & 0xFFFF0000) | 0x1F, named)])
    return attach, inner


def _nested_in_drafts(store: Any) -> Any:
    """Drafts/"Outer": one attachment holding "Middle", which holds "Inner" (which holds a file)."""
    outer = _drafts(store).CreateMessage(None, 0)
    outer.SetProps([(PR_SUBJECT, "Outer"), (PR_BODY, "outer body")])
    attach, middle = _embed(outer, "Middle", ("Bob", "bob@contoso.com"), named="middle@example.com")
    attach2, inner = _embed(middle, "Inner", ("Carol", "carol@fabrikam.com"), named="inner@example.com")
    num, leaf = inner.CreateAttach(None, 0)
    leaf.SetProps([(PR_ATTACH_LONG_FILENAME, "leaf.txt"), (PR_ATTACH_DATA_BIN, b"leaf data")])
    for obj in (leaf, inner, attach2, middle, attach, outer):  # innermost first
        obj.SaveChanges(0)
    return outer


def _open_embedded(message: Any, num: int = 0, flags: int = 0) -> Any:
    return message.OpenAttach(num, None, 0).OpenProperty(PR_ATTACH_DATA_OBJ, pw().mapi.IID_IMessage, 0, flags)


def _recipients(message: Any) -> tuple[Any, ...]:
    table = message.GetRecipientTable(0)
    table.SetColumns((PR_DISPLAY_NAME, PR_RECIPIENT_TYPE), 0)
    return table.QueryRows(10, 0)  # type: ignore[no-any-return]


def _reopen(store: Any, message: Any) -> Any:
    return store.OpenEntry(message.GetProps((PR_ENTRYID,), 0)[1][0][1], None, 0)


# --- the store -------------------------------------------------------------------------------
def test_an_embedded_message_saved_through_its_attachment_and_message_reads_back_from_the_store(store):
    outer = _nested_in_drafts(store)
    again = _reopen(store, outer)
    table = again.GetAttachmentTable(0)
    table.SetColumns((PR_ATTACH_METHOD,), 0)
    assert table.QueryRows(5, 0) == (((PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG),),)
    middle = _open_embedded(again)
    assert type(middle).__name__ == "PyIMessage"  # PyCom_PyObjectFromIUnknown for IID_IMessage
    assert middle.GetProps((PR_SUBJECT, PR_BODY), 0) == (0, ((PR_SUBJECT, "Middle"), (PR_BODY, "body of Middle")))
    assert _recipients(middle) == (((PR_DISPLAY_NAME, "Bob"), (PR_RECIPIENT_TYPE, 1)),)
    inner = _open_embedded(middle)
    assert inner.GetProps((PR_SUBJECT,), 0) == (0, ((PR_SUBJECT, "Inner"),))
    assert inner.OpenAttach(0, None, 0).GetProps((PR_ATTACH_DATA_BIN,), 0)[1] == ((PR_ATTACH_DATA_BIN, b"leaf data"),)
    # an embedded message is in no folder: no entry id (PT_ERROR MAPI_E_NOT_FOUND)
    assert inner.GetProps((PR_ENTRYID,), 0) == (pw().mapi.MAPI_W_ERRORS_RETURNED,
                                                ((0x0FFF000A, MAPI_E_NOT_FOUND),))


def test_an_embedded_message_reaches_the_store_only_when_attachment_and_message_are_saved(store):
    # MS-OXCMSG "Saving an Embedded Message": embedded message, then attachment, then message
    outer = _drafts(store).CreateMessage(None, 0)
    outer.SetProps([(PR_SUBJECT, "Outer")])
    outer.SaveChanges(pw().mapi.KEEP_OPEN_READWRITE)
    attach, inner = _embed(outer, "Middle", ("Bob", "bob@contoso.com"))
    inner.SaveChanges(0)
    # the attachment is not saved: its message has no attachment yet
    assert outer.GetAttachmentTable(0).GetRowCount(0) == 0
    attach.SaveChanges(0)
    assert _open_embedded(outer).GetProps((PR_SUBJECT,), 0) == (0, ((PR_SUBJECT, "Middle"),))
    # the enclosing message is not saved: the store's copy has none
    assert _reopen(store, outer).GetAttachmentTable(0).GetRowCount(0) == 0
    outer.SaveChanges(0)
    assert _open_embedded(_reopen(store, outer)).GetProps((PR_SUBJECT,), 0) == (0, ((PR_SUBJECT, "Middle"),))


def test_opening_an_embedded_message_that_is_not_there_or_for_writing_on_a_read_only_attachment_fails(store):
    m = pw()
    outer = _drafts(store).CreateMessage(None, 0)
    num, attach = outer.CreateAttach(None, 0)
    attach.SetProps([(PR_ATTACH_LONG_FILENAME, "a.txt"), (PR_ATTACH_DATA_BIN, b"abc")])
    # no embedded message and no MAPI_CREATE: not found (ecNotFound, inferred)
    raises(MAPI_E_NOT_FOUND, attach.OpenProperty, PR_ATTACH_DATA_OBJ, m.mapi.IID_IMessage, 0, MAPI_MODIFY)
    # no OLE storage either (IID_IStorage without MAPI_CREATE: not found, as for the message)
    raises(MAPI_E_NOT_FOUND, attach.OpenProperty, PR_ATTACH_DATA_OBJ, m.pywintypes.IID(IID_IStorage), 0, 0)
    # an interface the fake does not open a property as (ObjIdl.h IID_ILockBytes)
    raises(MAPI_E_INTERFACE_NOT_SUPPORTED, attach.OpenProperty, PR_ATTACH_DATA_OBJ,
           m.pywintypes.IID("{0000000A-0000-0000-C000-000000000046}"), 0, 0)
    attach.SaveChanges(0)
    outer.SaveChanges(0)
    read_only = _reopen(store, outer).OpenAttach(0, None, 0)
    raises(MAPI_E_NO_ACCESS, read_only.OpenProperty, PR_ATTACH_DATA_OBJ, m.mapi.IID_IMessage, 0,
           MAPI_CREATE | MAPI_MODIFY)
    # the failed calls left the attachment as it was
    assert read_only.GetProps((PR_ATTACH_DATA_BIN,), 0)[1] == ((PR_ATTACH_DATA_BIN, b"abc"),)


def test_an_embedded_message_opened_read_only_refuses_changes(store):
    outer = _nested_in_drafts(store)
    middle = _open_embedded(_reopen(store, outer))
    raises(MAPI_E_NO_ACCESS, middle.SetProps, [(PR_SUBJECT, "changed")])
    assert middle.GetProps((PR_SUBJECT,), 0) == (0, ((PR_SUBJECT, "Middle"),))


# --- .msg files --------------------------------------------------------------------------------
def _export(message: Any, path: pathlib.Path) -> None:
    m = pw()
    sc = sys.modules["win32com.storagecon"]
    storage = m.pythoncom.StgCreateDocfile(str(path), sc.STGM_CREATE | sc.STGM_READWRITE | sc.STGM_SHARE_EXCLUSIVE, 0)
    imsg = m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), None, storage, None, 0, m.mapi.MAPI_UNICODE)
    message.CopyTo(None, None, 0, None, m.mapi.IID_IMessage, imsg, 0)
    imsg.SaveChanges(0)
    storage.Commit(0)


def _open_file(path: pathlib.Path) -> Any:
    m = pw()
    storage = m.pythoncom.StgOpenStorage(str(path), None, 0x10, None, 0)  # STGM_READ | STGM_SHARE_EXCLUSIVE
    return m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), None, storage)


def test_a_message_with_messages_embedded_twice_is_written_as_ms_oxmsg_embedded_message_storages(store, tmp_path):
    path = tmp_path / "outer.msg"
    _export(_nested_in_drafts(store), path)
    ole = olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT)
    try:
        att = "__attach_version1.0_#00000000"
        middle = f"{att}/__substg1.0_3701000D"
        inner = f"{middle}/{att}/__substg1.0_3701000D"
        names = {"/".join(p) for p in ole.listdir(streams=True, storages=True)}
        assert {f"{middle}/__properties_version1.0", f"{middle}/__substg1.0_0037001F",
                f"{middle}/__recip_version1.0_#00000000/__properties_version1.0",
                f"{inner}/__properties_version1.0", f"{inner}/{att}/__substg1.0_37010102"} <= names
        # one named property mapping, at the top level (MS-OXMSG 2.2.3)
        assert [n for n in names if "__nameid_version1.0" in n and not n.startswith("__nameid")] == []
        # the 24-byte header of an embedded message: reserved, next recipient id, next attachment
        # id, recipient count, attachment count (MS-OXMSG 2.4.1.2); entries follow at 24
        middle_props = ole.openstream(f"{middle}/__properties_version1.0").read()
        assert struct.unpack_from("<8sIIII", middle_props) == (bytes(8), 1, 1, 1, 1)
        assert (len(middle_props) - 24) % 16 == 0
        tags = {struct.unpack_from("<I", middle_props, at)[0] for at in range(24, len(middle_props), 16)}
        assert PR_SUBJECT in tags
        # the attachment's PtypObject entry: Size 0xFFFFFFFF (MS-OXMSG 2.4.2.2)
        attach_props = ole.openstream(f"{att}/__properties_version1.0").read()
        entries = {struct.unpack_from("<I", attach_props, at)[0]: struct.unpack_from("<II", attach_props, at + 8)
                   for at in range(8, len(attach_props), 16)}
        assert entries[PR_ATTACH_DATA_OBJ] == (0xFFFFFFFF, 0)
        assert entries[PR_ATTACH_METHOD] == (ATTACH_EMBEDDED_MSG, 0)
    finally:
        ole.close()


def test_extract_msg_reads_the_embedded_messages_as_messages_with_the_top_level_named_properties(store, tmp_path):
    path = tmp_path / "outer.msg"
    _export(_nested_in_drafts(store), path)
    msg = extract_msg.openMsg(str(path))
    try:
        assert msg.subject == "Outer"
        middle = msg.attachments[0].data
        assert isinstance(middle, extract_msg.msg_classes.MessageBase)
        assert (middle.subject, middle.body) == ("Middle", "body of Middle")
        assert [(r.name, r.email, r.type) for r in middle.recipients] == [("Bob", "bob@contoso.com", 1)]
        assert middle.getNamedProp("8083", PSETID_ADDRESS) == "middle@example.com"
        inner = middle.attachments[0].data
        assert (inner.subject, [r.name for r in inner.recipients]) == ("Inner", ["Carol"])
        assert inner.getNamedProp("8083", PSETID_ADDRESS) == "inner@example.com"
        assert [(a.longFilename, a.data) for a in inner.attachments] == [("leaf.txt", b"leaf data")]
    finally:
        msg.close()


def test_open_imsg_on_istg_shows_the_embedded_messages_with_props_recipients_and_attachments(store, tmp_path):
    m = pw()
    path = tmp_path / "outer.msg"
    _export(_nested_in_drafts(store), path)
    imsg = _open_file(path)
    middle = _open_embedded(imsg)
    assert middle.GetProps((PR_SUBJECT, PR_BODY), 0) == (0, ((PR_SUBJECT, "Middle"), (PR_BODY, "body of Middle")))
    assert _recipients(middle) == (((PR_DISPLAY_NAME, "Bob"), (PR_RECIPIENT_TYPE, 1)),)
    # the embedded message's named properties are the file's (MS-OXMSG 2.2.3)
    pid, = middle.GetIDsFromNames([(m.mapi.PSETID_Address, 0x8083)], 0)
    assert middle.GetProps(((pid & 0xFFFF0000) | 0x1F,), 0)[1] == (((pid & 0xFFFF0000) | 0x1F, "middle@example.com"),)
    inner = _open_embedded(middle)
    assert (inner.GetProps((PR_SUBJECT,), 0)[1], _recipients(inner)) == (
        ((PR_SUBJECT, "Inner"),), (((PR_DISPLAY_NAME, "Carol"), (PR_RECIPIENT_TYPE, 1)),))
    assert inner.OpenAttach(0, None, 0).GetProps((PR_ATTACH_LONG_FILENAME, PR_ATTACH_DATA_BIN), 0)[1] == (
        (PR_ATTACH_LONG_FILENAME, "leaf.txt"), (PR_ATTACH_DATA_BIN, b"leaf data"))


def test_an_embedded_message_made_in_a_msg_file_and_copied_into_a_store_keeps_its_named_property(store, tmp_path):
    # built on the file's IMessage directly (no store message), then copied into Drafts: the
    # embedded message's named property takes the store's id for the same name (CopyTo)
    m = pw()
    sc = sys.modules["win32com.storagecon"]
    path = tmp_path / "made.msg"
    storage = m.pythoncom.StgCreateDocfile(str(path), sc.STGM_CREATE | sc.STGM_READWRITE | sc.STGM_SHARE_EXCLUSIVE, 0)
    imsg = m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), None, storage, None, 0, m.mapi.MAPI_UNICODE)
    imsg.SetProps([(PR_MESSAGE_CLASS, "IPM.Note"), (PR_SUBJECT, "Made in a file")])
    attach, inner = _embed(imsg, "Forwarded", ("Bob", "bob@contoso.com"), named="file@example.com")
    inner.SaveChanges(0)
    attach.SaveChanges(0)
    imsg.SaveChanges(0)
    del imsg, attach, inner, storage
    msg = extract_msg.openMsg(str(path))
    try:
        assert msg.attachments[0].data.getNamedProp("8083", PSETID_ADDRESS) == "file@example.com"
    finally:
        msg.close()
    copy = _drafts(store).CreateMessage(None, 0)
    _open_file(path).CopyTo(None, None, 0, None, m.mapi.IID_IMessage, copy, 0)
    copy.SaveChanges(0)
    pid, = store.GetIDsFromNames([(m.mapi.PSETID_Address, 0x8083)], 0)
    embedded = _open_embedded(_reopen(store, copy))
    assert embedded.GetProps((PR_SUBJECT, (pid & 0xFFFF0000) | 0x1F), 0)[1] == (
        (PR_SUBJECT, "Forwarded"), ((pid & 0xFFFF0000) | 0x1F, "file@example.com"))


# --- OLE attachments (afStorage) in .msg files -----------------------------------------------
CLSID_OLE_OBJECT = uuid.UUID("{0003000A-0000-0000-C000-000000000046}")  # any class: the object's own
CLSID_INNER = uuid.UUID("{12345678-9ABC-DEF0-1234-56789ABCDEF0}")
ATTACH_OLE = 6


def _ole_msg(path: pathlib.Path) -> None:
    """A .msg file laid out by MS-OXMSG by hand, as Outlook writes an OLE attachment: attach
    method afStorage (6), the object's storage as the custom attachment storage
    ``__substg1.0_3701000D`` (2.2.2.2) with its own class id and streams, a PtypObject entry of
    size 0xFFFFFFFF (2.4.2.2)."""
    def entry(tag: int, value: bytes) -> bytes:
        return struct.pack("<II", tag, 6) + value.ljust(8, b"\0")

    subject, note = "With a picture".encode("utf-16-le"), "IPM.Note".encode("utf-16-le")
    tree: cfb.Tree = {
        "__properties_version1.0": bytes(8) + struct.pack("<IIII", 0, 1, 0, 1) + bytes(8)
        + entry(PR_MESSAGE_CLASS, struct.pack("<I", len(note) + 2))
        + entry(PR_SUBJECT, struct.pack("<I", len(subject) + 2)),
        "__substg1.0_001A001F": note, "__substg1.0_0037001F": subject,
        "__nameid_version1.0": {"__substg1.0_00020102": b"", "__substg1.0_00030102": b"",
                                "__substg1.0_00040102": b""},
        "__attach_version1.0_#00000000": {
            "__properties_version1.0": bytes(8) + entry(PR_ATTACH_METHOD, struct.pack("<I", ATTACH_OLE))
            + entry(PR_ATTACH_DATA_OBJ, struct.pack("<II", 0xFFFFFFFF, 0)),
            "__substg1.0_3701000D": {"\x01Ole": bytes(20), "CONTENTS": b"picture bytes" * 400,
                                     "Inner": {"data": b"inner stream"}}},
    }
    clsids = {("__attach_version1.0_#00000000", "__substg1.0_3701000D"): CLSID_OLE_OBJECT.bytes_le,
              ("__attach_version1.0_#00000000", "__substg1.0_3701000D", "Inner"): CLSID_INNER.bytes_le}
    path.write_bytes(cfb.write(tree, uuid.UUID(CLSID_MAIL_MESSAGE).bytes_le, clsids))


def _copy_to_new_file(source: Any, path: pathlib.Path) -> None:
    _export(source, path)


def test_an_ole_attachments_storage_survives_opening_a_msg_file_and_copying_it_to_another(tmp_path):
    fakemapi.install()
    try:
        _ole_msg(tmp_path / "ole.msg")
        imsg = _open_file(tmp_path / "ole.msg")
        attach = imsg.OpenAttach(0, None, 0)
        assert attach.GetProps((PR_ATTACH_METHOD,), 0)[1] == ((PR_ATTACH_METHOD, ATTACH_OLE),)
        del attach
        _copy_to_new_file(imsg, tmp_path / "copy.msg")
    finally:
        fakemapi.uninstall()
    ole = olefile.OleFileIO(str(tmp_path / "copy.msg"), raise_defects=olefile.DEFECT_INCORRECT)
    try:
        custom = ["__attach_version1.0_#00000000", "__substg1.0_3701000D"]
        assert ole.openstream(custom + ["CONTENTS"]).read() == b"picture bytes" * 400
        assert ole.openstream(custom + ["Inner", "data"]).read() == b"inner stream"
        assert ole.getclsid(custom) == str(CLSID_OLE_OBJECT).upper()
        assert ole.getclsid(custom + ["Inner"]) == str(CLSID_INNER).upper()
        attach_props = ole.openstream("__attach_version1.0_#00000000/__properties_version1.0").read()
        entries = {struct.unpack_from("<I", attach_props, at)[0]: struct.unpack_from("<II", attach_props, at + 8)
                   for at in range(8, len(attach_props), 16)}
        assert entries[PR_ATTACH_DATA_OBJ] == (0xFFFFFFFF, 0)
    finally:
        ole.close()


def test_an_ole_attachment_copied_through_a_store_message_keeps_its_storage(store, tmp_path):
    m = pw()
    _ole_msg(tmp_path / "ole.msg")
    copy = _drafts(store).CreateMessage(None, 0)
    _open_file(tmp_path / "ole.msg").CopyTo(None, None, 0, None, m.mapi.IID_IMessage, copy, 0)
    copy.SaveChanges(0)
    _export(_reopen(store, copy), tmp_path / "back.msg")
    tree, clsids = cfb.read_all((tmp_path / "back.msg").read_bytes())
    custom = tree["__attach_version1.0_#00000000"]["__substg1.0_3701000D"]  # type: ignore[index]
    assert custom["CONTENTS"] == b"picture bytes" * 400  # type: ignore[index]
    assert clsids[("__attach_version1.0_#00000000", "__substg1.0_3701000D")] == CLSID_OLE_OBJECT.bytes_le


def test_read_class_stg_on_an_opened_msg_file_answers_clsid_mail_message(store, tmp_path):
    # the class id comes back as written: olefile's text form is the GUID, its 16 bytes are
    # little-endian in the directory entry (MS-CFB 2.6.1, CLSID)
    m = pw()
    _export(_nested_in_drafts(store), tmp_path / "outer.msg")
    storage = m.pythoncom.StgOpenStorage(str(tmp_path / "outer.msg"), None, 0x10, None, 0)
    assert m.pythoncom.ReadClassStg(storage) == m.pywintypes.IID(CLSID_MAIL_MESSAGE)


def test_a_msg_file_attached_to_a_store_message_as_an_embedded_message(store, tmp_path):
    # the usual way to attach a .msg "as an item": create the embedded message, CopyTo the
    # file's message into it, save embedded message, attachment and message in that order
    m = pw()
    _export(_nested_in_drafts(store), tmp_path / "outer.msg")
    carrier = _drafts(store).CreateMessage(None, 0)
    carrier.SetProps([(PR_SUBJECT, "FW: Outer")])
    num, attach = carrier.CreateAttach(None, 0)
    attach.SetProps([(PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG)])
    inner = attach.OpenProperty(PR_ATTACH_DATA_OBJ, m.mapi.IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY)
    _open_file(tmp_path / "outer.msg").CopyTo(None, None, 0, None, m.mapi.IID_IMessage, inner, 0)
    for obj in (inner, attach, carrier):
        obj.SaveChanges(0)
    outer = _open_embedded(_reopen(store, carrier))
    middle = _open_embedded(outer)
    pid, = store.GetIDsFromNames([(m.mapi.PSETID_Address, 0x8083)], 0)
    assert (outer.GetProps((PR_SUBJECT,), 0)[1], middle.GetProps((PR_SUBJECT, (pid & 0xFFFF0000) | 0x1F), 0)[1]) == (
        ((PR_SUBJECT, "Outer"),), ((PR_SUBJECT, "Middle"), ((pid & 0xFFFF0000) | 0x1F, "middle@example.com")))


def test_an_embedded_message_cannot_be_submitted(store):
    # inferred: only a message in a folder goes to the transport (MAPI_E_NO_SUPPORT)
    outer = _drafts(store).CreateMessage(None, 0)
    attach, inner = _embed(outer, "Middle", ("Bob", "bob@contoso.com"))
    raises(-2147221246, inner.SubmitMessage, 0)  # MAPI_E_NO_SUPPORT 0x80040102
