"""A store opened read-only (OpenMsgStore without MDB_WRITE or MAPI_BEST_ACCESS) refuses what
would change it, and reads keep working.

The source for every refusal here is IMAPISession::OpenMsgStore, "Notes to callers" (MAPI
reference, imapisession-openmsgstore.md): "If you call OpenMsgStore to open a message store with
read-only permission, the following will occur: the store's PR_STORE_SUPPORT_MASK property will
not have its STORE_MODIFY_OK and STORE_CREATE_OK bits set; calls to open one of the message
store's messages or folders ... with the MAPI_MODIFY flag set will fail; calls to open one of
the properties of the message store's messages or folders by using IMAPIProp::OpenProperty with
the MAPI_MODIFY flag will fail; calls to ... IMAPIFolder::CreateMessage, DeleteMessages,
CreateFolder, DeleteFolder, ..., IMAPIProp::SetProps, DeleteProps will fail; calls to
CopyMessages, CopyFolder, CopyTo will fail if the destination for the copied message is
read-only". The page names no code; MAPI_E_NO_ACCESS is MAPI's for "an attempt was made to
modify a read-only object" (IMAPIProp::SetProps, IMsgStore::OpenEntry return values) and
MS-OXCDATA 2.4.1's AccessDenied (0x80070005).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import fakemapi
from tests.conftest import pw

MAPI_E_NO_ACCESS = -2147024891
STG_E_ACCESSDENIED = -2147287035  # 0x80030005

PR_ENTRYID = 0x0FFF0102
PR_SUBJECT_W = 0x0037001F
PR_DISPLAY_NAME_W = 0x3001001F
PR_BODY_W = 0x1000001F
PR_ACCESS_LEVEL = 0x0FF70003
PR_STORE_SUPPORT_MASK = 0x340D0003
PR_CONTENT_COUNT = 0x36020003
PR_ATTACH_DATA_BIN = 0x37010102
PR_ATTACH_NUM = 0x0E210003
PR_EMAIL_ADDRESS_W = 0x3003001F
PR_RECIPIENT_TYPE = 0x0C150003

# MAPIDefS.h (PidTagStoreSupportMask): STORE_READONLY, STORE_MODIFY_OK, STORE_CREATE_OK
STORE_READONLY, STORE_MODIFY_OK, STORE_CREATE_OK = 0x2, 0x8, 0x10
#: MAPIDefS.h; pywin32 does not export it
MESSAGE_MOVE = 0x1

WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [{"alias": "admin", "display_name": "Administrator", "rights": "admin"},
                  {"alias": "bob", "display_name": "Bob"}],
    "profiles": [{"name": "Admin", "mailbox": "admin", "default": True}],
}


@pytest.fixture
def fk() -> Iterator[fakemapi.Fake]:
    fake = fakemapi.install(WORLD)
    try:
        pw().mapi.MAPIInitialize(None)
        yield fake
    finally:
        fakemapi.uninstall()


def hr_of(fn: Any, *args: Any) -> int:
    with pytest.raises(pw().pywintypes.com_error) as info:
        fn(*args)
    return info.value.hresult  # type: ignore[no-any-return]


def logon() -> Any:
    m = pw().mapi
    return m.MAPILogonEx(0, "Admin", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION | m.MAPI_NO_MAIL)


def store_eid(session: Any) -> bytes:
    table = session.GetMsgStoresTable(0)
    table.SetColumns((PR_ENTRYID,), 0)
    return table.QueryRows(1, 0)[0][0][1]  # type: ignore[no-any-return]


def prop(obj: Any, tag: int) -> Any:
    return obj.GetProps((tag,), 0)[1][0][1]


class Mailbox:
    """The Inbox prepared through a store opened with MDB_WRITE (a saved message with a body,
    a recipient and an attachment; a subfolder), then the same store opened read-only."""

    def __init__(self) -> None:
        m = pw().mapi
        self.session = logon()
        self.writable = self.session.OpenMsgStore(0, store_eid(self.session), None, m.MDB_WRITE)
        self.inbox_eid = self.writable.GetReceiveFolder("IPM.Note", 0)[0]
        inbox = self.writable.OpenEntry(self.inbox_eid, None, m.MAPI_MODIFY)
        message = inbox.CreateMessage(None, 0)
        message.SetProps(((PR_SUBJECT_W, "kept"), (PR_BODY_W, "body")))
        message.ModifyRecipients(m.MODRECIP_ADD, [[(PR_DISPLAY_NAME_W, "Bob"), (PR_EMAIL_ADDRESS_W, "bob@x"),
                                                  (PR_RECIPIENT_TYPE, m.MAPI_TO)]])
        attach = message.CreateAttach(None, 0)[1]
        attach.SetProps(((PR_ATTACH_DATA_BIN, b"data"),))
        attach.SaveChanges(0)
        message.SaveChanges(0)
        self.message_eid: bytes = prop(message, PR_ENTRYID)
        self.subfolder_eid: bytes = prop(inbox.CreateFolder(m.FOLDER_GENERIC, "Sub", None, None, 0), PR_ENTRYID)
        # a second session, so that nothing in it was opened read/write
        self.reader = logon()
        self.read_only = self.reader.OpenMsgStore(0, store_eid(self.reader), None, m.MDB_NO_DIALOG)

    def counts(self) -> tuple[int, int]:
        """Messages and subfolders of the Inbox, read through the writable store."""
        inbox = self.writable.OpenEntry(self.inbox_eid, None, 0)
        return prop(inbox, PR_CONTENT_COUNT), len(inbox.GetHierarchyTable(0).QueryRows(50, 0))


def test_a_read_only_store_shows_no_modify_or_create_support_and_access_level_zero(fk: fakemapi.Fake) -> None:
    # OpenMsgStore, Notes to callers: no STORE_MODIFY_OK / STORE_CREATE_OK on a read-only store;
    # PidTagStoreSupportMask: STORE_READONLY "all interfaces for the message store have a
    # read-only access level"; PR_ACCESS_LEVEL 0 "read-only" (MS-OXCPRPT 2.2.1.2).
    box = Mailbox()
    read_only = prop(box.read_only, PR_STORE_SUPPORT_MASK)
    writable = prop(box.writable, PR_STORE_SUPPORT_MASK)
    assert read_only & (STORE_MODIFY_OK | STORE_CREATE_OK) == 0
    assert read_only & STORE_READONLY == STORE_READONLY
    assert writable & (STORE_MODIFY_OK | STORE_CREATE_OK | STORE_READONLY) == STORE_MODIFY_OK | STORE_CREATE_OK
    assert prop(box.read_only, PR_ACCESS_LEVEL) == 0
    assert prop(box.writable, PR_ACCESS_LEVEL) == 1


def test_folders_and_messages_of_a_read_only_store_refuse_mapi_modify_on_every_open_path(fk: fakemapi.Fake) -> None:
    # OpenMsgStore, Notes to callers: opening the store's messages or folders with MAPI_MODIFY
    # fails; MAPI_BEST_ACCESS ("the maximum network permissions allowed", IMsgStore::OpenEntry)
    # gives them read-only.
    m = pw().mapi
    box = Mailbox()
    store = box.read_only
    inbox = store.OpenEntry(box.inbox_eid, None, 0)
    for opener, eid in ((store.OpenEntry, box.inbox_eid), (store.OpenEntry, box.message_eid),
                        (inbox.OpenEntry, box.message_eid), (inbox.OpenEntry, box.subfolder_eid),
                        (box.reader.OpenEntry, box.inbox_eid), (box.reader.OpenEntry, box.message_eid)):
        assert hr_of(opener, eid, None, m.MAPI_MODIFY) == MAPI_E_NO_ACCESS
        best = opener(eid, None, m.MAPI_BEST_ACCESS)
        assert prop(best, PR_ACCESS_LEVEL) == 0
        assert hr_of(best.SetProps, ((PR_DISPLAY_NAME_W, "x"),)) == MAPI_E_NO_ACCESS


def test_a_read_only_store_refuses_create_and_delete_in_its_folders_and_keeps_its_contents(
        fk: fakemapi.Fake) -> None:
    # OpenMsgStore, Notes to callers: CreateMessage, DeleteMessages, CreateFolder, DeleteFolder
    # (and SetProps, DeleteProps) fail in a store opened read-only.
    m = pw().mapi
    box = Mailbox()
    before = box.counts()
    assert before == (1, 1)
    for flags in (0, m.MAPI_BEST_ACCESS):
        inbox = box.read_only.OpenEntry(box.inbox_eid, None, flags)
        assert hr_of(inbox.CreateMessage, None, 0) == MAPI_E_NO_ACCESS
        assert hr_of(inbox.CreateMessage, None, m.MAPI_ASSOCIATED) == MAPI_E_NO_ACCESS
        assert hr_of(inbox.CreateFolder, m.FOLDER_GENERIC, "New", None, None, 0) == MAPI_E_NO_ACCESS
        assert hr_of(inbox.CreateFolder, m.FOLDER_GENERIC, "Sub", None, None, m.OPEN_IF_EXISTS) == MAPI_E_NO_ACCESS
        assert hr_of(inbox.DeleteMessages, [box.message_eid], 0, None, 0) == MAPI_E_NO_ACCESS
        assert hr_of(inbox.DeleteFolder, box.subfolder_eid, 0, None, m.DEL_FOLDERS | m.DEL_MESSAGES) \
            == MAPI_E_NO_ACCESS
        assert hr_of(inbox.SetProps, ((PR_DISPLAY_NAME_W, "Renamed"),)) == MAPI_E_NO_ACCESS
        assert hr_of(inbox.DeleteProps, (PR_DISPLAY_NAME_W,)) == MAPI_E_NO_ACCESS
    assert box.counts() == before
    assert prop(box.writable.OpenEntry(box.message_eid, None, 0), PR_SUBJECT_W) == "kept"


def test_copying_into_a_folder_or_message_of_a_read_only_store_fails_and_moves_nothing(fk: fakemapi.Fake) -> None:
    # OpenMsgStore, Notes to callers: CopyMessages and CopyTo fail "if the destination for the
    # copied message is read-only, whether the destination is the same as the source message
    # store or is another read-only store".
    m = pw().mapi
    box = Mailbox()
    source = box.writable.OpenEntry(box.inbox_eid, None, m.MAPI_MODIFY)
    destination = box.read_only.OpenEntry(box.subfolder_eid, None, m.MAPI_BEST_ACCESS)
    for flags in (0, MESSAGE_MOVE):
        assert hr_of(source.CopyMessages, [box.message_eid], None, destination, 0, None, flags) == MAPI_E_NO_ACCESS
    assert box.counts() == (1, 1)
    assert destination.GetContentsTable(0).GetRowCount(0) == 0
    message = box.writable.OpenEntry(box.message_eid, None, m.MAPI_MODIFY)
    target = box.read_only.OpenEntry(box.message_eid, None, 0)
    assert hr_of(message.CopyTo, None, None, 0, None, pw().mapi.IID_IMessage, target, 0, False) == MAPI_E_NO_ACCESS


def test_a_read_only_store_refuses_writable_streams_and_writes_to_read_only_ones(fk: fakemapi.Fake) -> None:
    # OpenMsgStore, Notes to callers: OpenProperty with MAPI_MODIFY on its messages' properties
    # fails; a stream opened read-only refuses RopWriteStream with StreamAccessDenied
    # 0x80030005, "Write access is denied" (MS-OXCPRPT 3.2.5.13).
    m = pw().mapi
    iid_stream = pw().pythoncom.IID_IStream
    box = Mailbox()
    message = box.read_only.OpenEntry(box.message_eid, None, m.MAPI_BEST_ACCESS)
    assert hr_of(message.OpenProperty, PR_BODY_W, iid_stream, 0, m.MAPI_MODIFY) == MAPI_E_NO_ACCESS
    assert hr_of(message.OpenProperty, PR_SUBJECT_W, iid_stream, 0, m.MAPI_MODIFY | m.MAPI_CREATE) \
        == MAPI_E_NO_ACCESS
    stream = message.OpenProperty(PR_BODY_W, iid_stream, 0, 0)
    assert hr_of(stream.Write, "other".encode("utf-16-le")) == STG_E_ACCESSDENIED
    assert stream.Read(100) == "body".encode("utf-16-le")
    stream.Commit(0)
    assert prop(box.writable.OpenEntry(box.message_eid, None, 0), PR_BODY_W) == "body"
    # its attachments open read-only too (MAPI_BEST_ACCESS: the most the message allows) and
    # refuse a writable stream and SetProps ("modify a read-only object", IMAPIProp::SetProps)
    attach = message.OpenAttach(0, None, m.MAPI_BEST_ACCESS)
    assert prop(attach, PR_ACCESS_LEVEL) == 0
    assert hr_of(attach.OpenProperty, PR_ATTACH_DATA_BIN, iid_stream, 0, m.MAPI_MODIFY) == MAPI_E_NO_ACCESS
    assert hr_of(attach.SetProps, ((PR_ATTACH_DATA_BIN, b"other"),)) == MAPI_E_NO_ACCESS
    assert attach.OpenProperty(PR_ATTACH_DATA_BIN, iid_stream, 0, 0).Read(100) == b"data"


def test_a_read_only_store_still_answers_every_read(fk: fakemapi.Fake) -> None:
    # Read-only permission is permission to read: GetProps "if you have read-only access"
    # (Exchange SDK, Working with Folder Objects); tables, attachments and property streams
    # open as before (IMsgStore::OpenEntry: "by default, objects are opened with read-only
    # permission").
    box = Mailbox()
    store = box.read_only
    inbox = store.OpenEntry(box.inbox_eid, None, 0)
    contents = inbox.GetContentsTable(0)
    contents.SetColumns((PR_SUBJECT_W,), 0)
    assert contents.QueryRows(10, 0) == (((PR_SUBJECT_W, "kept"),),)
    hierarchy = inbox.GetHierarchyTable(0)
    hierarchy.SetColumns((PR_DISPLAY_NAME_W,), 0)
    assert hierarchy.QueryRows(10, 0) == (((PR_DISPLAY_NAME_W, "Sub"),),)
    message = store.OpenEntry(box.message_eid, None, 0)
    assert prop(message, PR_SUBJECT_W) == "kept"
    recipients = message.GetRecipientTable(0)
    recipients.SetColumns((PR_DISPLAY_NAME_W,), 0)
    assert recipients.QueryRows(10, 0) == (((PR_DISPLAY_NAME_W, "Bob"),),)
    attachments = message.GetAttachmentTable(0)
    attachments.SetColumns((PR_ATTACH_NUM,), 0)
    assert attachments.QueryRows(10, 0) == (((PR_ATTACH_NUM, 0),),)
    assert prop(message.OpenAttach(0, None, 0), PR_ATTACH_DATA_BIN) == b"data"
    stream = message.OpenProperty(PR_BODY_W, pw().pythoncom.IID_IStream, 0, 0)
    assert stream.Read(100) == "body".encode("utf-16-le")
    assert prop(store, PR_DISPLAY_NAME_W) == "Mailbox - Administrator"


def test_a_message_opened_read_only_refuses_recipient_attachment_and_submit_changes(fk: fakemapi.Fake) -> None:
    # RopOpenMessage ReadOnly: "Message will be opened as read-only" (MS-OXCMSG 2.2.3.1.1);
    # RopSaveChangesMessage on it fails: "The message has been opened or previously saved as
    # read only; changes cannot be saved" (MS-OXCMSG 3.2.5.3). The fake refuses each change
    # at the call, with SetProps' MAPI_E_NO_ACCESS, and the saved message stays as it was.
    m = pw().mapi
    box = Mailbox()
    message = box.writable.OpenEntry(box.message_eid, None, 0)
    assert hr_of(message.ModifyRecipients, m.MODRECIP_ADD, [[(PR_DISPLAY_NAME_W, "Eve")]]) == MAPI_E_NO_ACCESS
    assert hr_of(message.CreateAttach, None, 0) == MAPI_E_NO_ACCESS
    assert hr_of(message.DeleteAttach, 0, 0, None, 0) == MAPI_E_NO_ACCESS
    assert hr_of(message.SubmitMessage, 0) == MAPI_E_NO_ACCESS
    again = box.writable.OpenEntry(box.message_eid, None, 0)
    assert len(again.GetRecipientTable(0).QueryRows(10, 0)) == 1
    assert len(again.GetAttachmentTable(0).QueryRows(10, 0)) == 1


def test_session_open_entry_on_a_store_entry_id_opens_it_read_write_with_mapi_modify(fk: fakemapi.Fake) -> None:
    # IMAPISession::OpenEntry, Remarks: opening a store's entry id is OpenMsgStore with
    # MDB_NO_DIALOG, "except that to request read/write permission with OpenMsgStore, you must
    # set the MDB_WRITE flag instead of MAPI_MODIFY"; without it the store is read-only.
    m = pw().mapi
    session = logon()
    eid = store_eid(session)
    writable = session.OpenEntry(eid, None, m.MAPI_MODIFY).QueryInterface(m.IID_IMsgStore)
    assert prop(writable, PR_ACCESS_LEVEL) == 1
    inbox = writable.OpenEntry(writable.GetReceiveFolder("IPM.Note", 0)[0], None, m.MAPI_MODIFY)
    inbox.CreateMessage(None, 0).SaveChanges(0)
    assert prop(inbox, PR_CONTENT_COUNT) == 1
    del writable, inbox
    read_only = session.OpenEntry(eid, None, 0).QueryInterface(m.IID_IMsgStore)
    assert prop(read_only, PR_ACCESS_LEVEL) == 0
    inbox = read_only.OpenEntry(read_only.GetReceiveFolder("IPM.Note", 0)[0], None, 0)
    assert hr_of(inbox.CreateMessage, None, 0) == MAPI_E_NO_ACCESS
