"""IMessage: attachments, recipients, submission and delivery; object caps and logon pins."""

from __future__ import annotations

import runpy
from pathlib import Path

from test_contents_kit import WORLD, fk, folder, logon, messages, own_store, prop, pw, raises  # noqa: F401

import fakemapi

PR_SUBJECT = 0x0037001F
PR_BODY = 0x1000001F
PR_ENTRYID = 0x0FFF0102
PR_DISPLAY_NAME = 0x3001001F
PR_EMAIL_ADDRESS = 0x3003001F
PR_ADDRTYPE = 0x3002001F
PR_RECIPIENT_TYPE = 0x0C150003
PR_ROWID = 0x30000003
PR_ATTACH_NUM = 0x0E210003
PR_ATTACH_DATA_BIN = 0x37010102
PR_ATTACH_LONG_FILENAME = 0x3707001F
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _new(store, where="Outbox"):
    return folder(store, where).CreateMessage(None, 0)


def test_create_attach_returns_a_list_and_attachments_save_through_the_message(fk):
    m = pw()
    store = own_store(logon())
    msg = _new(store, "Inbox")
    result = msg.CreateAttach(None, 0)
    assert isinstance(result, list) and result[0] == 0
    num, attach = result
    attach.SetProps([(PR_ATTACH_LONG_FILENAME, "a.txt"), (PR_ATTACH_DATA_BIN, b"data")])
    assert msg.GetAttachmentTable(0).GetRowCount(0) == 0
    attach.SaveChanges(0)
    assert msg.GetAttachmentTable(0).GetRowCount(0) == 1
    msg.SaveChanges(0)
    again = store.OpenEntry(prop(msg, PR_ENTRYID), None, 0)
    table = again.GetAttachmentTable(0)
    rows = m.mapi.HrQueryAllRows(table, (PR_ATTACH_NUM, PR_ATTACH_LONG_FILENAME), None, None, 0)
    assert rows == (((PR_ATTACH_NUM, 0), (PR_ATTACH_LONG_FILENAME, "a.txt")),)
    opened = again.OpenAttach(0, None, 0)
    assert prop(opened, PR_ATTACH_DATA_BIN) == b"data"
    raises(-2147221233, again.OpenAttach, 7, None, 0)


def test_modify_recipients_add_modify_remove_and_replace(fk):
    m = pw().mapi
    store = own_store(logon())
    msg = _new(store)
    row = [(PR_DISPLAY_NAME, "Bob"), (PR_EMAIL_ADDRESS, "robert@contoso.com"), (PR_ADDRTYPE, "SMTP"),
           (PR_RECIPIENT_TYPE, m.MAPI_TO)]
    msg.ModifyRecipients(m.MODRECIP_ADD, [row, [(PR_DISPLAY_NAME, "Carla"), (PR_RECIPIENT_TYPE, m.MAPI_CC)]])
    table = msg.GetRecipientTable(0)
    rows = m.HrQueryAllRows(table, (PR_ROWID, PR_DISPLAY_NAME, PR_RECIPIENT_TYPE), None, None, 0)
    assert rows == (((PR_ROWID, 0), (PR_DISPLAY_NAME, "Bob"), (PR_RECIPIENT_TYPE, 1)),
                    ((PR_ROWID, 1), (PR_DISPLAY_NAME, "Carla"), (PR_RECIPIENT_TYPE, 2)))
    msg.ModifyRecipients(m.MODRECIP_MODIFY, [[(PR_ROWID, 1), (PR_DISPLAY_NAME, "Carla C"),
                                              (PR_RECIPIENT_TYPE, m.MAPI_BCC)]])
    assert prop(msg, 0x0E02001F) == "Carla C"  # PR_DISPLAY_BCC
    msg.ModifyRecipients(m.MODRECIP_REMOVE, [[(PR_ROWID, 0)]])
    assert table.GetRowCount(0) == 1
    raises(-2147221233, msg.ModifyRecipients, m.MODRECIP_REMOVE, [[(PR_ROWID, 9)]])
    raises(-2147024809, msg.ModifyRecipients, m.MODRECIP_REMOVE, [[(PR_DISPLAY_NAME, "x")]])
    msg.ModifyRecipients(0, [row])
    assert [r[1][1] for r in m.HrQueryAllRows(table, (PR_ROWID, PR_DISPLAY_NAME), None, None, 0)] == ["Bob"]


def test_submit_moves_to_sent_items_delivers_to_world_inboxes_and_records_fake_sent(fk):
    m = pw()
    store = own_store(logon())
    msg = _new(store)
    msg.ModifyRecipients(m.mapi.MODRECIP_ADD, [
        [(PR_DISPLAY_NAME, "Bob"), (PR_EMAIL_ADDRESS, "robert@contoso.com"), (PR_ADDRTYPE, "SMTP"),
         (PR_RECIPIENT_TYPE, m.mapi.MAPI_TO)],
        [(PR_DISPLAY_NAME, "Carla"), (PR_EMAIL_ADDRESS, "/o=Contoso/ou=HQ/cn=Recipients/cn=carla"),
         (PR_ADDRTYPE, "EX"), (PR_RECIPIENT_TYPE, m.mapi.MAPI_CC)],
        [(PR_DISPLAY_NAME, "Zed"), (PR_EMAIL_ADDRESS, "zed@elsewhere.test"), (PR_ADDRTYPE, "SMTP"),
         (PR_RECIPIENT_TYPE, m.mapi.MAPI_BCC)]])
    msg.SetProps([(PR_SUBJECT, "Lunch?"), (PR_BODY, "At noon.")])
    msg.SubmitMessage(0)
    assert prop(folder(store, "Outbox"), 0x36020003) == 0
    assert messages(folder(store, "Sent Items"), PR_SUBJECT, 0x0E070003) == [("Lunch?", 0x1)]
    (sent,) = fk.sent
    assert (sent.sender, sent.subject, sent.body, sent.to, sent.cc, sent.bcc, sent.delivered_to) == (
        "alice", "Lunch?", "At noon.", ("robert@contoso.com",), ("carla@contoso.com",), ("zed@elsewhere.test",),
        ("bob", "carla"))
    bob_store = own_store(logon("Bob"))
    assert messages(folder(bob_store, "Inbox"), PR_SUBJECT, 0x0C1A001F, 0x0E070003) == [("Lunch?", "Alice", 0)]
    raises(-2147024891, msg.SetProps, [(PR_SUBJECT, "too late")])  # MAPI_E_NO_ACCESS after submission


def test_delete_after_submit_leaves_no_copy_and_no_recipients_is_an_error(fk):
    m = pw()
    store = own_store(logon())
    empty = _new(store)
    raises(-2147219961, empty.SubmitMessage, 0)  # MAPI_E_NO_RECIPIENTS
    msg = _new(store)
    msg.ModifyRecipients(m.mapi.MODRECIP_ADD, [[(PR_DISPLAY_NAME, "Bob"), (PR_EMAIL_ADDRESS, "bob"),
                                                 (PR_ADDRTYPE, "SMTP"), (PR_RECIPIENT_TYPE, 1)]])
    msg.SetProps([(PR_SUBJECT, "Gone"), (0x0E01000B, True)])
    msg.SubmitMessage(0)
    assert messages(folder(store, "Sent Items"), PR_SUBJECT) == []
    assert [s.delivered_to for s in fk.sent] == [("bob",)]


def test_messages_and_attachments_pin_the_logon_and_count_against_object_caps():
    world = dict(WORLD, limits={"objects_per_session": {"objtMessage": 3, "objtAttachment": 2}})
    fake = fakemapi.install(world)
    try:
        m = pw()
        m.mapi.MAPIInitialize(None)
        store = own_store(logon())
        inbox = folder(store, "Inbox")
        eid = messages(inbox, PR_ENTRYID)[0][0]
        held = [inbox.OpenEntry(eid, None, 0) for _ in range(3)]
        assert fake.connections()[0].objects["objtMessage"] == 3
        attach = held[0].OpenAttach(0, None, 0)
        stream = held[0].OpenProperty(PR_SUBJECT, m.pythoncom.IID_IStream, 0, 0)
        del store, inbox, held
        (logon_info,) = fake.logons()
        assert sorted(label.split("#")[0] for label in logon_info.pinned_by) == ["attachment", "stream"]
        assert fake.connections()[0].objects == {"objtAttachment": 1, "objtStream": 1}
        del attach, stream
        assert fake.logons() == []
        store = own_store(logon())
        inbox = folder(store, "Inbox")
        held = [inbox.OpenEntry(eid, None, 0) for _ in range(3)]
        raises(-2147467259, inbox.OpenEntry, eid, None, 0)  # MAPI_E_CALL_FAILED: the server closed the session
        raises(-2147220992, prop, inbox, PR_SUBJECT)  # MAPI_E_END_OF_SESSION
        del held
    finally:
        fakemapi.uninstall()


def test_address_book_resolve_name_and_receive_folder_table(fk):
    m = pw().mapi
    session = logon()
    book = session.OpenAddressBook(0, None, 0)
    rows = book.ResolveName(0, m.MAPI_UNICODE, None, [[(PR_DISPLAY_NAME, "bob"), (PR_RECIPIENT_TYPE, m.MAPI_TO)],
                                                      [(PR_DISPLAY_NAME, "someone@outside.test")]])
    first = dict(rows[0])
    assert (first[PR_DISPLAY_NAME], first[PR_RECIPIENT_TYPE], first[PR_ADDRTYPE]) == ("Bob", 1, "EX")
    assert dict(rows[1])[PR_ADDRTYPE] == "SMTP"
    ansi = dict(book.ResolveName(0, 0, None, [[(PR_DISPLAY_NAME, "Carla")]])[0])
    assert ansi[0x3001001E] == b"Carla"
    user = book.OpenEntry(first[PR_ENTRYID], None, 0)
    assert prop(user, PR_DISPLAY_NAME) == "Bob"
    raises(-2147221233, book.ResolveName, 0, 0, None, [[(PR_DISPLAY_NAME, "nobody at all")]])
    store = own_store(session)
    table = store.GetReceiveFolderTable(0)
    assert table.GetRowCount(0) == 2
    assert session.GetStatusTable(0).GetRowCount(0) == 4  # subsystem, store, directory, transport (client/status.py)


def test_the_example_sending_client_runs_unmodified(fk):
    runpy.run_path(str(EXAMPLES / "send_mail.py"), run_name="example")["main"](["send_mail", "alice@contoso.com"])
    assert [(s.sender, s.subject, s.delivered_to) for s in fk.sent] == [("admin", "Quarterly report", ("alice",))]
    alice = own_store(logon())
    assert ("Quarterly report",) in messages(folder(alice, "Inbox"), PR_SUBJECT)


def test_the_example_reading_client_runs_unmodified(fk):
    from test_contents_kit import BIG_BODY

    pw().mapi.MAPIInitialize(None)
    session = logon()
    reader = runpy.run_path(str(EXAMPLES / "read_mailbox.py"), run_name="example")
    store = reader["open_default_store"](session)
    tree = reader["folder_tree"](store)
    assert [(d, n) for d, n, _, _ in tree][:3] == [(1, "Inbox"), (2, "Projects"), (3, "Archive")]
    unread = reader["unread_messages"](store)
    assert [u["subject"] for u in unread][:2] == ["Report 20", "Report 19"]
    hello = next(u for u in unread if u["subject"] == "Hello")
    assert hello["attachments"] == [("notes.txt", 16), ("logo.bin", 4)]
    inbox = folder(store, "Inbox")
    big_eid = next(e for e, s in messages(inbox, PR_ENTRYID, PR_SUBJECT) if s == "Big")
    assert reader["read_body"](inbox.OpenEntry(big_eid, None, 0)) == BIG_BODY
