"""What published pywin32 MAPI programs exercised (docs/clients.md lists them), pinned in calls of
our own: none of their code is here. Each test names the program and the behaviour it relied
on, with the Microsoft document or pywin32 source that says what Windows does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import fakemapi
from tests.conftest import pw

PR_ENTRYID = 0x0FFF0102
PR_STORE_ENTRYID = 0x0FFB0102
PR_DISPLAY_NAME_A = 0x3001001E
PR_DISPLAY_NAME_W = 0x3001001F
PR_DEFAULT_STORE = 0x3400000B
PR_IPM_SUBTREE_ENTRYID = 0x35E00102
PR_IPM_OUTBOX_ENTRYID = 0x35E20102
PR_IPM_WASTEBASKET_ENTRYID = 0x35E30102
PR_SUBJECT_A = 0x0037001E
PR_BODY_A = 0x1000001E
PR_MESSAGE_FLAGS = 0x0E070003
PR_FOLDER_TYPE = 0x36010003
PR_SUBFOLDERS = 0x360A000B
PR_CONTENT_COUNT = 0x36020003
PR_DEPTH = 0x30050003
PR_RECIPIENT_TYPE = 0x0C150003
PR_SEND_RICH_INFO = 0x3A40000B
PR_DISPLAY_TYPE = 0x39000003
PR_OBJECT_TYPE = 0x0FFE0003
PR_EMAIL_ADDRESS_A = 0x3003001E
PR_ADDRTYPE_A = 0x3002001E
MSGFLAG_READ = 0x1
PT_ERROR = 0xA
MAPI_E_NOT_FOUND = -2147221233

WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [
        {"alias": "admin", "display_name": "Administrator", "rights": "admin", "folders": {
            "Inbox": {"messages": [
                {"subject": "Hello there", "from": "bob", "to": ["admin"]},
                {"subject": "Cheap pills", "from": "spam@fabrikam.com", "to": ["admin"]}]},
            "Contacts": {"container_class": "IPF.Contact", "messages": [
                {"subject": "Alice Smith", "message_class": "IPM.Contact",
                 "props": {"PR_DISPLAY_NAME": "Alice Smith", "PR_GIVEN_NAME": "Alice"}}]}}},
        {"alias": "alice", "display_name": "Alice", "smtp": "alice@contoso.com"},
        {"alias": "bob", "display_name": "Bob"},
    ],
    "profiles": [{"name": "Outlook", "mailbox": "admin", "default": True}],
}


@pytest.fixture
def fk() -> Iterator[fakemapi.Fake]:
    fake = fakemapi.install(WORLD)
    try:
        pw().mapi.MAPIInitialize(None)
        yield fake
    finally:
        fakemapi.uninstall()


def store_rows(session: Any) -> list[tuple[bytes, bytes, bool]]:
    m = pw().mapi
    rows = m.HrQueryAllRows(session.GetMsgStoresTable(0), (PR_ENTRYID, PR_DISPLAY_NAME_A, PR_DEFAULT_STORE),
                            None, None, 0)
    return [(eid, name, default) for (_, eid), (_, name), (_, default) in rows]


def test_mapisend_demo_sends_through_the_outbox_opened_with_best_access(fk: fakemapi.Fake) -> None:
    # pywin32 com/win32comext/mapi/demos/mapisend.py: MAPILogonEx("" , MAPI_USE_DEFAULT); the
    # default store opened MDB_NO_DIALOG | MAPI_BEST_ACCESS; GetProps with a bare tag; the Outbox
    # opened MAPI_BEST_ACCESS; recipients with PT_STRING8 columns given as str; the folder's
    # SaveChanges (folders are not transacted: nothing to do, IMAPIProp::SaveChanges) and
    # SubmitMessage, which saves the message (IMessage::SubmitMessage).
    m = pw().mapi
    session = m.MAPILogonEx(0, "", None, m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT)
    table = session.GetMsgStoresTable(0)
    table.SetColumns((PR_ENTRYID, PR_DISPLAY_NAME_A, PR_DEFAULT_STORE), 0)
    while True:
        row = table.QueryRows(1, 0)[0]
        if (PR_DEFAULT_STORE, True) in row:
            break
    store = session.OpenMsgStore(0, row[0][1], None, m.MDB_NO_DIALOG | m.MAPI_BEST_ACCESS)
    hr, props = store.GetProps(PR_IPM_OUTBOX_ENTRYID, 0)
    assert hr == 0 and props[0][0] & 0xFFFF != PT_ERROR
    outbox = store.OpenEntry(props[0][1], None, m.MAPI_BEST_ACCESS)
    message = outbox.CreateMessage(None, 0)
    message.ModifyRecipients(m.MODRECIP_ADD, [(
        (PR_RECIPIENT_TYPE, m.MAPI_TO), (PR_SEND_RICH_INFO, False), (PR_DISPLAY_TYPE, 0), (PR_OBJECT_TYPE, 6),
        (PR_EMAIL_ADDRESS_A, "alice@contoso.com"), (PR_ADDRTYPE_A, "SMTP"), (PR_DISPLAY_NAME_A, "alice@contoso.com"))])
    message.SetProps([(PR_BODY_A, "testing one two three"), (PR_SUBJECT_A, "Testing Extended MAPI!!")])
    assert outbox.SaveChanges(0) is None
    message.SubmitMessage(0)
    assert [(s.subject, s.body, s.delivered_to) for s in fk.sent] == [
        ("Testing Extended MAPI!!", "testing one two three", ("alice",))]
    # the demo's default MAPIProfile=None: PyWinObject_AsMAPIStr(..., bNoneOK=FALSE) in mapi.i
    with pytest.raises(TypeError):
        m.MAPILogonEx(0, None, None, m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT)


def test_spambayes_walks_every_stores_ipm_subtree_public_folders_included(fk: fakemapi.Fake) -> None:
    # SpamBayes Outlook2000/sandbox/mapi_driver.py DumpTopLevelFolders: every store of
    # GetMsgStoresTable, opened MDB_WRITE | MDB_NO_MAIL | MAPI_DEFERRED_ERRORS; the folder from
    # GetProps((PR_IPM_SUBTREE_ENTRYID,)) is opened at once, so the public store must have one
    # (a public folder logon names its IPM subtree, MS-OXCSTOR RopLogon). Names come back 8-bit
    # (PR_DISPLAY_NAME_A): the driver's `name.lower() == find_name` against a str never matches
    # under Python 3, on Windows as here.
    m = pw().mapi
    session = m.MAPILogonEx(0, "", None, m.MAPI_NO_MAIL | m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT)
    found = []
    for eid, name, _ in store_rows(session):
        store = session.OpenMsgStore(0, eid, None, m.MDB_WRITE | m.MDB_NO_MAIL | m.MAPI_DEFERRED_ERRORS)
        hr, data = store.GetProps((PR_IPM_SUBTREE_ENTRYID,), 0)
        folder = store.OpenEntry(data[0][1], None, m.MAPI_DEFERRED_ERRORS)
        rows = m.HrQueryAllRows(folder.GetHierarchyTable(0), PR_DISPLAY_NAME_A, None, None, 0)
        found.append((name, [row[0][1] for row in rows]))
    # the default world's exchange-2003 mailbox: the standard folders, then the default folders
    # Outlook and Exchange make (world/mailbox_layout.py); the world's own Contacts is the default one
    assert found == [(b"Mailbox - Administrator", [b"Inbox", b"Outbox", b"Sent Items", b"Deleted Items",
                                                    b"Calendar", b"Contacts", b"Drafts", b"Journal", b"Notes",
                                                    b"Tasks", b"Junk E-mail", b"Sync Issues"]),
                     (b"Public Folders", [])]


def test_spambayes_set_read_flag_finds_by_substring_and_flips_the_read_state(fk: fakemapi.Fake) -> None:
    # SpamBayes sandbox/set_read_flag.py with mapi_driver.GetItemsWithValue: RES_CONTENT with
    # FL_SUBSTRING | FL_IGNORECASE | FL_LOOSE on PR_SUBJECT_A; each row's PR_STORE_ENTRYID is
    # opened with OpenMsgStore and the message with MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS;
    # SetReadFlag(SUPPRESS_RECEIPT) / SetReadFlag(CLEAR_READ_FLAG) (IMessage::SetReadFlag).
    m = pw().mapi
    flags = m.MAPI_DEFERRED_ERRORS | m.MAPI_BEST_ACCESS
    session = m.MAPILogonEx(0, "", None, m.MAPI_NO_MAIL | m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT)
    own = session.OpenMsgStore(0, store_rows(session)[0][0], None, m.MDB_WRITE | m.MDB_NO_MAIL)
    inbox = own.OpenEntry(own.GetReceiveFolder("IPM.Note", 0)[0], None, flags)

    def matching(text: str) -> list[Any]:
        restriction = (m.RES_CONTENT, (m.FL_SUBSTRING | m.FL_IGNORECASE | m.FL_LOOSE, PR_SUBJECT_A,
                                       (PR_SUBJECT_A, text)))
        rows = m.HrQueryAllRows(inbox.GetContentsTable(0), (PR_ENTRYID, PR_STORE_ENTRYID), restriction, None, 0)
        return [session.OpenMsgStore(0, store_eid, None, flags).OpenEntry(eid, None, flags)
                for (_, eid), (_, store_eid) in rows]

    items = matching("CHEAP")
    assert len(items) == 1
    items[0].SetReadFlag(m.MAPI_DEFERRED_ERRORS | 0x1)  # SUPPRESS_RECEIPT
    assert items[0].GetProps((PR_MESSAGE_FLAGS,), 0)[1][0][1] & MSGFLAG_READ
    items[0].SetReadFlag(m.MAPI_DEFERRED_ERRORS | m.CLEAR_READ_FLAG)
    assert not matching("cheap")[0].GetProps((PR_MESSAGE_FLAGS,), 0)[1][0][1] & MSGFLAG_READ


def test_asynk_logs_on_walks_the_tree_and_saves_sync_tags_with_best_access(fk: fakemapi.Fake) -> None:
    # ASynK asynk/pimdb_ol.py, folder_ol.py, contact_ol.py: MOD_FLAG = MAPI_BEST_ACCESS everywhere;
    # MAPILogonEx("", MAPI_EXTENDED | MAPI_USE_DEFAULT | MOD_FLAG) (0x10 is also
    # MAPI_EXPLICIT_PROFILE, ignored once MAPI_USE_DEFAULT names the profile); every store opened
    # MDB_NO_DIALOG | MOD_FLAG; GetProps with a bare tag (the public store has no wastebasket);
    # the IPM subtree's hierarchy table with CONVENIENT_DEPTH | MAPI_UNICODE read with
    # SeekRow(BOOKMARK_BEGINNING, 0) and QueryRows(1) until empty; named properties in ASynK's own
    # property set (a str GUID) with MAPI_CREATE; sync tags saved with SetProps + SaveChanges on a
    # contact opened with MOD_FLAG (IMsgStore::OpenEntry, MAPI_BEST_ACCESS).
    m = pw().mapi
    mod = m.MAPI_BEST_ACCESS
    session = m.MAPILogonEx(0, "", None, m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT | mod)
    stores = [session.OpenMsgStore(0, eid, None, m.MDB_NO_DIALOG | mod) for eid, _, _ in store_rows(session)]
    assert [s.GetProps(PR_IPM_WASTEBASKET_ENTRYID)[0] for s in stores] == [0, 0x00040380]  # MAPI_W_ERRORS_RETURNED
    store = stores[0]
    subtree = store.OpenEntry(store.GetProps(PR_IPM_SUBTREE_ENTRYID)[1][0][1], None, mod)
    table = subtree.GetHierarchyTable(m.CONVENIENT_DEPTH | m.MAPI_UNICODE)
    table.SetColumns((PR_ENTRYID, PR_DISPLAY_NAME_W, PR_FOLDER_TYPE, PR_SUBFOLDERS, PR_CONTENT_COUNT, PR_DEPTH), 0)
    assert table.SeekRow(m.BOOKMARK_BEGINNING, 0) == 0
    folders = {}
    while True:
        rows = table.QueryRows(1, 0)
        if len(rows) != 1:
            break
        (_, eid), (_, name), (_, ftype), _, (_, count), (_, depth) = rows[0]
        folders[name] = (eid, ftype, count, depth)
    assert folders["Contacts"][1:] == (m.FOLDER_GENERIC, 1, 1)
    contacts = store.OpenEntry(folders["Contacts"][0], None, mod)
    asynk_guid = "{a1271100-ac2e-11e0-bc8b-0025644a821c}"  # ASynK config/config_v7.json
    sync_tag = contacts.GetIDsFromNames([(asynk_guid, 0x9001)], m.MAPI_CREATE)[0] | 0x001F
    rows = m.HrQueryAllRows(contacts.GetContentsTable(0), (PR_ENTRYID,), None, None, 0)
    contact = store.OpenEntry(rows[0][0][1], None, mod)
    assert contact.SetProps([(sync_tag, "google-id-1")]) == (0, None)
    contact.SaveChanges(0)
    listed = m.HrQueryAllRows(contacts.GetContentsTable(0), (PR_DISPLAY_NAME_W, sync_tag), None, None, 0)
    assert listed == (((PR_DISPLAY_NAME_W, "Alice Smith"), (sync_tag, "google-id-1")),)


def test_mbcs_decodes_pt_string8_values_while_installed_as_on_windows() -> None:
    # SpamBayes Outlook2000/msgstore.py GetProfileName: the status table's MAPI_SUBSYSTEM row,
    # PR_DISPLAY_NAME_A, then val.decode("mbcs", "ignore"). On Windows "mbcs" is the ANSI code page;
    # while installed fakemapi provides it (cp1252, its PT_STRING8 code page) where Python lacks it.
    import codecs

    had_mbcs = True
    try:
        codecs.lookup("mbcs")
    except LookupError:
        had_mbcs = False
    with fakemapi.installed(WORLD):
        m = pw().mapi
        m.MAPIInitialize(None)
        session = m.MAPILogonEx(0, "", None, m.MAPI_NO_MAIL | m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT)
        restriction = (m.RES_PROPERTY, (m.RELOP_EQ, 0x3E030003, (0x3E030003, 39)))  # MAPI_SUBSYSTEM
        rows = m.HrQueryAllRows(session.GetStatusTable(0), (PR_DISPLAY_NAME_A,), restriction, None, 0)
        assert [row[0][1].decode("mbcs", "ignore") for row in rows] == ["Outlook"]
        assert "café".encode("mbcs") == b"caf\xe9"
    if not had_mbcs and hasattr(codecs, "unregister"):  # Python 3.9 cannot take a codec away
        with pytest.raises(LookupError):
            codecs.lookup("mbcs")


def test_type_iids_has_every_interface_pywin32s_mapi_module_registers(fk: fakemapi.Fake) -> None:
    # pywin32 com/win32comext/mapi/src/mapi.i 138-204: PyCom_RegisterClientType for each wrapped
    # interface, so pythoncom.TypeIIDs has them once mapi is imported. nczeczulin/mapikit
    # (src/mapikit/interfaces/mapi.py) subclasses TypeIIDs[mapi.IID_IDistList] and the rest at
    # import time. Bases as pywin32 has them (pywin32-surface.md 1.3).
    m = pw()
    types = m.pythoncom.TypeIIDs
    names = ("IMAPISession", "IMAPIStatus", "IMAPITable", "IMAPIProp", "IMAPIFolder", "IMAPIContainer",
             "IMessage", "IMsgStore", "IAttachment", "IProfAdmin", "IAddrBook", "IDistList", "IMailUser",
             "IABContainer", "IProfSect", "IMsgServiceAdmin", "IMsgServiceAdmin2", "IProviderAdmin",
             "IMAPIAdviseSink")
    for name in names:
        assert getattr(m.mapi, "IID_" + name) in types, name
    prop, container = types[m.mapi.IID_IMAPIProp], types[m.mapi.IID_IMAPIContainer]
    assert issubclass(types[m.mapi.IID_IMAPIStatus], prop)
    assert issubclass(types[m.mapi.IID_IDistList], container)
    assert issubclass(types[m.mapi.IID_IABContainer], container)
    assert issubclass(types[m.mapi.IID_IMsgServiceAdmin2], types[m.mapi.IID_IMsgServiceAdmin])
    assert types[m.mapi.IID_IDistList].__name__ == "PyIDistList"


def test_mapiutils_error_table_takes_a_clients_own_codes(fk: fakemapi.Fake) -> None:
    # nczeczulin/mapikit src/mapikit/__init__.py adds codes to mapiutil.mapiErrorTable (a dict, as
    # in pywin32's mapiutil.py 62) and re-labels errors through it; GetScodeString (mapiutil.py 65-70)
    # looks them up there.
    from win32com.mapi import mapiutil

    mapiutil.mapiErrorTable[-2147219456] = "SYNC_E_OBJECT_DELETED"
    try:
        assert mapiutil.GetScodeString(-2147219456) == "SYNC_E_OBJECT_DELETED"
    finally:
        del mapiutil.mapiErrorTable[-2147219456]


def test_mapikit_searches_a_table_backward_with_findrow_and_noadvance(fk: fakemapi.Fake) -> None:
    # nczeczulin/mapikit src/mapikit/interfaces/mapi.py IMAPITable.search: FindRow(res, bookmark,
    # DIR_BACKWARD), then QueryRows(1, -1): flags -1 is 0xFFFFFFFF as pywin32 passes a ULONG
    # (PyIMAPITable.i), so TBL_NOADVANCE is set and the cursor stays on the row found
    # (IMAPITable::QueryRows); the next FindRow from BOOKMARK_CURRENT searches from the row before it
    # (IMAPITable::FindRow, Remarks).
    m = pw().mapi
    session = m.MAPILogonEx(0, "Outlook", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION | m.MAPI_EXPLICIT_PROFILE)
    store = session.OpenMsgStore(0, store_rows(session)[0][0], None, m.MAPI_BEST_ACCESS | m.MDB_NO_DIALOG)
    table = store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, 0).GetContentsTable(0)
    table.SetColumns((PR_SUBJECT_A,), 0)
    restriction = (m.RES_EXIST, (PR_SUBJECT_A,))
    found, bookmark = [], m.BOOKMARK_END
    while True:
        try:
            table.FindRow(restriction, bookmark, m.DIR_BACKWARD)
        except pw().pywintypes.com_error as exc:
            assert exc.hresult == MAPI_E_NOT_FOUND
            break
        bookmark = m.BOOKMARK_CURRENT
        found.append(table.QueryRows(1, -1)[0][0][1])
    assert found == [b"Cheap pills", b"Hello there"]


PR_SUBJECT_W = 0x0037001F
PR_SUBJECT_PREFIX_W = 0x003D001F
PR_NORMALIZED_SUBJECT_W = 0x0E1D001F
PR_NORMALIZED_SUBJECT_A = 0x0E1D001E
PR_MESSAGE_CLASS_W = 0x001A001F
PR_LONGTERM_ENTRYID_FROM_TABLE = 0x66700102
PR_GIVEN_NAME_W = 0x3A06001F
PSETID_ADDRESS = "{00062004-0000-0000-C000-000000000046}"


def test_crampi_lists_normalized_subjects_the_store_computes_without_the_prefix() -> None:
    # apenwarr/crampi cmd/mapi-items.py lists a folder's PR_NORMALIZED_SUBJECT (MAPI_UNICODE
    # contents table). Microsoft, "PidTagNormalizedSubject Canonical Property", Remarks: the store
    # computes it from PR_SUBJECT and PR_SUBJECT_PREFIX on SaveChanges; a prefix is one to three
    # characters that are not numbers, blanks or punctuation, then a colon and a space; a
    # PR_SUBJECT_PREFIX that is an initial substring of PR_SUBJECT is kept, one that is not is
    # recalculated. Before this work fakemapi copied PR_SUBJECT ("Re: lunch" stayed "Re: lunch").
    world = dict(WORLD, mailboxes=[{"alias": "admin", "display_name": "Administrator", "folders": {"Inbox": {
        "messages": [{"subject": s, "from": "bob", "to": ["admin"]}
                     for s in ("Re: lunch", "AW: Termin", "12: numbers", "Hello: too long", "Re:no space")]}}},
        {"alias": "bob", "display_name": "Bob"}])
    with fakemapi.installed(world):
        m = pw().mapi
        m.MAPIInitialize((m.MAPI_INIT_VERSION, 0))
        session = m.MAPILogonEx(0, "", "", m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT)
        store = session.OpenMsgStore(0, store_rows(session)[0][0], None, m.MDB_NO_DIALOG | m.MAPI_BEST_ACCESS)
        inbox_id, _ = store.GetReceiveFolder("IPM.Note", 0)
        inbox = store.OpenEntry(inbox_id, None, m.MAPI_BEST_ACCESS)
        table = inbox.GetContentsTable(m.MAPI_UNICODE)
        assert table.SeekRow(m.BOOKMARK_BEGINNING, 0) == 0
        table.SetColumns((PR_NORMALIZED_SUBJECT_W, PR_SUBJECT_PREFIX_W), 0)
        listed = [(row[0][1], row[1][1] if row[1][0] == PR_SUBJECT_PREFIX_W else None)
                  for row in table.QueryRows(1024, 0)]
        assert listed == [("lunch", "Re: "), ("Termin", "AW: "), ("12: numbers", None),
                          ("Hello: too long", None), ("Re:no space", None)]

        msg = inbox.CreateMessage(None, 0)
        msg.SetProps([(PR_SUBJECT_W, "FW: report")])
        msg.SaveChanges(m.KEEP_OPEN_READWRITE)
        wanted = (PR_SUBJECT_PREFIX_W, PR_NORMALIZED_SUBJECT_W, PR_NORMALIZED_SUBJECT_A)
        assert msg.GetProps(wanted, 0) == (0, ((PR_SUBJECT_PREFIX_W, "FW: "), (PR_NORMALIZED_SUBJECT_W, "report"),
                                               (PR_NORMALIZED_SUBJECT_A, b"report")))
        msg.SetProps([(PR_SUBJECT_W, "Status: ok")])  # the old prefix no longer starts it: recalculated
        msg.SaveChanges(m.KEEP_OPEN_READWRITE)
        assert msg.GetProps(wanted[:2], 0)[1] == ((PR_SUBJECT_PREFIX_W, ""), (PR_NORMALIZED_SUBJECT_W, "Status: ok"))
        msg.SetProps([(PR_SUBJECT_PREFIX_W, "Status: "), (PR_SUBJECT_W, "Status: ok")])  # a prefix that starts it
        msg.SaveChanges(0)
        assert msg.GetProps(wanted[:2], 0)[1] == ((PR_SUBJECT_PREFIX_W, "Status: "), (PR_NORMALIZED_SUBJECT_W, "ok"))


def test_crampi_exports_and_adds_contacts_through_outlooks_address_properties() -> None:
    # apenwarr/crampi lib/cmapi.py + lib/cmapitags.py + cmd/mapi.py: MAPIInitialize((MAPI_INIT_VERSION,
    # 0)), MAPILogonEx(0, "", "", MAPI_EXTENDED | MAPI_USE_DEFAULT), every store opened MDB_NO_DIALOG
    # | MAPI_BEST_ACCESS, folders found by fnmatch on PR_DISPLAY_NAME_W from PR_IPM_SUBTREE_ENTRYID;
    # Email1Address & co. looked up with GetIDsFromNames([(PSETID_Address, lid)], 0) (no MAPI_CREATE:
    # a name the store never mapped comes back as PROP_TAG(PT_ERROR, 0), IMAPIProp::GetIDsFromNames,
    # and pywin32 returns the array for the MAPI_W_ERRORS_RETURNED warning, PyIMAPIProp.i
    # GetIDsFromNames: only FAILED(hr) raises); the contents table read with
    # PR_LONGTERM_ENTRYID_FROM_TABLE ("can be used in a contents table to get the entry ID of an item
    # as a long-term entry ID", PidTagLongTermEntryIdFromTable; before this work a MAPI_E_NOT_FOUND
    # cell, and crampi fell back to PR_ENTRYID); a contact added with CreateMessage + SetProps + SaveChanges(0)
    # and its PR_ENTRYID read afterwards; then reopened by that id and updated.
    world = dict(WORLD, mailboxes=[{"alias": "admin", "display_name": "Administrator", "folders": {"Contacts": {
        "container_class": "IPF.Contact", "messages": [{
            "subject": "Alice Smith", "message_class": "IPM.Contact",
            "props": {"PR_DISPLAY_NAME": "Alice Smith", "PR_GIVEN_NAME": "Alice",
                      "PidLidEmail1EmailAddress": "alice@contoso.com", "PidLidFileUnder": "Smith, Alice"}}]}}}])
    with fakemapi.installed(world):
        m = pw().mapi
        m.MAPIInitialize((m.MAPI_INIT_VERSION, 0))
        session = m.MAPILogonEx(0, "", "", m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT)
        store = session.OpenMsgStore(0, store_rows(session)[0][0], None, m.MDB_NO_DIALOG | m.MAPI_BEST_ACCESS)
        root = store.OpenEntry(store.GetProps((PR_IPM_SUBTREE_ENTRYID,), 0)[1][0][1], None, m.MAPI_BEST_ACCESS)
        rows = m.HrQueryAllRows(root.GetHierarchyTable(m.MAPI_UNICODE), (PR_ENTRYID, PR_DISPLAY_NAME_W), None, None, 0)
        contacts = store.OpenEntry(next(eid for (_, eid), (_, name) in rows if name == "Contacts"), None,
                                   m.MAPI_BEST_ACCESS)

        def named(lid: int) -> int:
            found = contacts.GetIDsFromNames([(PSETID_ADDRESS, lid)], 0)[0]
            return found if found == PT_ERROR else (found & 0xFFFF0000) | 0x001F

        email, file_as, email2 = named(0x8083), named(0x8005), named(0x8093)
        assert email != PT_ERROR and file_as != PT_ERROR
        assert email2 == PT_ERROR  # never used in this store: crampi raises its PropertyError, as on Windows
        table = contacts.GetContentsTable(m.MAPI_UNICODE)
        table.SetColumns((PR_ENTRYID, PR_LONGTERM_ENTRYID_FROM_TABLE, PR_GIVEN_NAME_W, email), 0)
        ((_, eid), (_, longterm), given, mail), = table.QueryRows(1024, 0)
        assert longterm == eid and given == (PR_GIVEN_NAME_W, "Alice") and mail == (email, "alice@contoso.com")

        new = contacts.CreateMessage(None, 0)
        new.SetProps([(PR_MESSAGE_CLASS_W, "IPM.Contact")])
        new.SetProps([(PR_DISPLAY_NAME_W, "Jones, Bob"), (file_as, "Jones, Bob")])
        new.SetProps([(PR_GIVEN_NAME_W, "Bob"), (email, "bob@fabrikam.com")])
        new.SaveChanges(0)
        hr, ((tag, lid),) = new.GetProps((PR_ENTRYID,), 0)
        assert (hr, tag) == (0, PR_ENTRYID)
        again = contacts.OpenEntry(lid, None, m.MAPI_BEST_ACCESS)
        again.SetProps([(PR_GIVEN_NAME_W, "Robert")])
        again.SaveChanges(0)
        listed = m.HrQueryAllRows(contacts.GetContentsTable(m.MAPI_UNICODE), (PR_GIVEN_NAME_W, email, file_as),
                                  None, None, 0)
        assert [tuple(v for _, v in row) for row in listed] == [
            ("Alice", "alice@contoso.com", "Smith, Alice"), ("Robert", "bob@fabrikam.com", "Jones, Bob")]


PR_ATTACH_NUM = 0x0E210003
PR_ATTACH_LONG_FILENAME_W = 0x3707001F
PR_ATTACH_DATA_BIN = 0x37010102
PR_MESSAGE_DELIVERY_TIME = 0x0E060040
PR_HASATTACH = 0x0E1B000B


def test_student_applications_saves_attachments_only_through_an_istream_iid() -> None:
    # LeConsulat2/student-applications mapi.py: MAPILogonEx(profile, MAPI_EXTENDED |
    # MAPI_NEW_SESSION), the default store MDB_WRITE | MAPI_DEFERRED_ERRORS, the receive folder
    # MAPI_MODIFY, contents rows filtered by PR_MESSAGE_DELIVERY_TIME.timestamp() (pywin32's
    # PyTime is a datetime), messages opened through the folder with flags 0, then
    # OpenAttach(n, None, 0) and OpenProperty(PR_ATTACH_DATA_BIN, None, 0, 0). pywin32 converts
    # the IID with PyWinObject_AsIID (PyIMAPIProp.i OpenProperty; win32/src/PyIID.cpp), which
    # refuses None with TypeError "Only strings and iids can be converted to a CLSID.": the
    # program swallows it and downloads nothing, on Windows as here. With IID_IStream it reads
    # the bytes in 4096-byte chunks. Its Archive search opens the store's root with
    # OpenEntry(None) and reads GetHierarchyTable(CONVENIENT_DEPTH).
    world = dict(WORLD, mailboxes=[{"alias": "admin", "display_name": "Administrator", "folders": {
        "Inbox": {"messages": [{"subject": "NSN Report 12 Oct", "from": "bob", "to": ["admin"],
                                "received": "2025-10-12T09:00:00Z",
                                "attachments": [{"filename": "Active.xlsx", "data": "hex:504b0304aabb"}]}]},
        "Archive": {"messages": []}}}, {"alias": "bob", "display_name": "Bob"}])
    with fakemapi.installed(world):
        m = pw().mapi
        m.MAPIInitialize(None)
        session = m.MAPILogonEx(0, "Outlook", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)
        store = session.OpenMsgStore(0, store_rows(session)[0][0], None, m.MDB_WRITE | m.MAPI_DEFERRED_ERRORS)
        inbox = store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, m.MAPI_MODIFY)
        table = inbox.GetContentsTable(0)
        table.SetColumns((PR_ENTRYID, PR_MESSAGE_DELIVERY_TIME, PR_HASATTACH), 0)
        ((_, eid), (_, delivered), (_, has_attach)), = table.QueryRows(100, 0)
        assert delivered.timestamp() == 1760259600.0 and has_attach is True
        msg = inbox.OpenEntry(eid, None, 0)
        attachments = msg.GetAttachmentTable(0)
        attachments.SetColumns((PR_ATTACH_NUM, PR_ATTACH_LONG_FILENAME_W), 0)
        ((_, num), (_, name)), = attachments.QueryRows(10, 0)
        attach = msg.OpenAttach(num, None, 0)
        with pytest.raises(TypeError, match=r"^Only strings and iids can be converted to a CLSID\.$"):
            attach.OpenProperty(PR_ATTACH_DATA_BIN, None, 0, 0)
        stream = attach.OpenProperty(PR_ATTACH_DATA_BIN, pw().pythoncom.IID_IStream, 0, 0)
        data = b""
        while chunk := stream.Read(4096):
            data += chunk
        assert (name, data) == ("Active.xlsx", bytes.fromhex("504b0304aabb"))
        root = store.OpenEntry(None, None, 0)
        rows = m.HrQueryAllRows(root.GetHierarchyTable(m.CONVENIENT_DEPTH), (PR_DISPLAY_NAME_W,), None, None, 0)
        assert ((PR_DISPLAY_NAME_W, "Archive"),) in rows


PR_MESSAGE_FLAGS_FULL = 0x0E070003
FOLDER_NAME = "Imported"


def test_nsf2x_gets_the_converter_through_iunknown_and_imports_into_a_folder_it_creates() -> None:
    # adb014/nsf2x mapiex.py (the EML import layer of its Lotus Notes to PST converter) with its
    # testmapiex.py: pythoncom.CoCreateInstance(CLSID_IConverterSession, None,
    # CLSCTX_INPROC_SERVER, IID_IUnknown) then QueryInterface(IID_IConverterSession). pywin32
    # returns the type it registers for the IID asked for (PyCom_PyObjectFromIUnknown(result, iid),
    # com/win32com/src/PythonCOM.cpp:124): a PyIUnknown, whose QueryInterface gives the converter.
    # Before this work the fake gave a PyIConverterSession for IID_IUnknown and its QueryInterface
    # refused IID_IConverterSession (E_NOINTERFACE). Then: CreateFolder(FOLDER_GENERIC, name, None,
    # None, OPEN_IF_EXISTS | MAPI_UNICODE) twice is one folder (IMAPIFolder::CreateFolder),
    # MIMEToMAPI into a new message, PR_MESSAGE_FLAGS set to MSGFLAG_READ before the first
    # SaveChanges ("read/write until the first save", PidTagMessageFlags), SaveChanges(0).
    with fakemapi.installed(WORLD):
        p = pw()
        m = p.mapi
        m.MAPIInitialize(None)
        session = m.MAPILogonEx(0, "", None, m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT)
        unknown = p.pythoncom.CoCreateInstance(m.CLSID_IConverterSession, None, p.pythoncom.CLSCTX_INPROC_SERVER,
                                               p.pythoncom.IID_IUnknown)
        assert type(unknown).__name__ == "PyIUnknown" and not hasattr(unknown, "MIMEToMAPI")
        converter = unknown.QueryInterface(m.IID_IConverterSession)
        assert type(converter).__name__ == "PyIConverterSession"
        assert type(converter.QueryInterface(p.pythoncom.IID_IUnknown)).__name__ == "PyIUnknown"

        store = session.OpenMsgStore(0, store_rows(session)[0][0], None, m.MDB_NO_DIALOG | m.MAPI_BEST_ACCESS)
        root = store.OpenEntry(store.GetProps((PR_IPM_SUBTREE_ENTRYID,), 0)[1][0][1], None, m.MAPI_MODIFY)
        flags = m.OPEN_IF_EXISTS | m.MAPI_UNICODE
        made = root.CreateFolder(m.FOLDER_GENERIC, FOLDER_NAME, None, None, flags)
        again = root.CreateFolder(m.FOLDER_GENERIC, FOLDER_NAME, None, None, flags)
        assert session.CompareEntryIDs(made.GetProps((PR_ENTRYID,), 0)[1][0][1],
                                       again.GetProps((PR_ENTRYID,), 0)[1][0][1], 0)
        eml = b"From: Bob <bob@fabrikam.com>\r\nSubject: Re: from Notes\r\nContent-Type: text/plain\r\n\r\nHello.\r\n"
        stream = p.pythoncom.CreateStreamOnHGlobal()
        stream.Write(eml)
        stream.Seek(0, 0)
        msg = again.CreateMessage(None, 0)
        converter.MIMEToMAPI(stream, msg, m.CCSF_SMTP | m.CCSF_INCLUDE_BCC)
        msg.SetProps([(PR_MESSAGE_FLAGS_FULL, MSGFLAG_READ)])
        msg.SaveChanges(0)
        rows = m.HrQueryAllRows(made.GetContentsTable(0), (PR_SUBJECT_W, PR_NORMALIZED_SUBJECT_W, PR_MESSAGE_FLAGS),
                                None, None, 0)
        assert rows == (((PR_SUBJECT_W, "Re: from Notes"), (PR_NORMALIZED_SUBJECT_W, "from Notes"),
                         (PR_MESSAGE_FLAGS, MSGFLAG_READ)),)


def test_pyivo_opens_each_users_mailbox_with_admin_privilege_through_the_32_bit_edk_helpers() -> None:
    # tidalf/pyivo wrap_mapi/msg_store_wrapper.py (mapi_calc: per-mailbox folder, mail, attachment
    # and recipient counts for every AD user): HrOpenExchangePrivateStore, QueryInterface
    # (IID_IExchangeManageStore), HrGetServerDN + "/cn=Microsoft Private MDB",
    # CreateStoreEntryID(server DN, user's legacy DN, 0x9 = OPENSTORE_USE_ADMIN_PRIVILEGE |
    # OPENSTORE_TAKE_OWNERSHIP), OpenMsgStore(MAPI_BEST_ACCESS). The EDK helpers exist only in
    # 32-bit pywin32 (exchange.i: #ifdef SWIG_PY32BIT): under 64-bit the program stops with
    # AttributeError, as here with the x64 flavor. "For a message store, this property
    # [PR_STORE_ENTRYID] is identical to the store's own PR_ENTRYID" (PidTagStoreEntryId, Remarks).
    with fakemapi.installed(WORLD, flavor="x64"):
        assert not hasattr(pw().exchange, "HrOpenExchangePrivateStore")
    with fakemapi.installed(WORLD, flavor="x86"):
        m, ex = pw().mapi, pw().exchange
        m.MAPIInitialize(None)
        session = m.MAPILogonEx(0, "", None, m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT | m.MAPI_UNICODE)
        manage = ex.HrOpenExchangePrivateStore(session).QueryInterface(ex.IID_IExchangeManageStore)
        server_dn = ex.HrGetServerDN(session) + "/cn=Microsoft Private MDB"
        alice_dn = fakemapi.World.from_dict(WORLD).mailbox("alice").dn
        assert alice_dn.lower().endswith("/cn=alice")
        store = session.OpenMsgStore(0, manage.CreateStoreEntryID(server_dn, alice_dn, 0x9), None,
                                     m.MAPI_BEST_ACCESS)
        hr, ((_, own), (_, store_eid), (_, subtree)) = store.GetProps(
            (PR_ENTRYID, PR_STORE_ENTRYID, PR_IPM_SUBTREE_ENTRYID), 0)
        assert hr == 0 and own == store_eid
        root = store.OpenEntry(subtree, None, m.MAPI_BEST_ACCESS)
        names = [row[0][1] for row in m.HrQueryAllRows(root.GetHierarchyTable(0), (PR_DISPLAY_NAME_A,),
                                                       None, None, 0)]
        assert b"Inbox" in names
