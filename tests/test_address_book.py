"""The address book: OpenAddressBook(...).OpenEntry(None) is the root container; its hierarchy
table lists the Exchange containers; their contents tables list the world's mailboxes and
distribution lists; PyIABContainer, PyIMailUser and PyIDistList as pywin32 wraps them
(com/win32comext/mapi/src/PyIAddrBook.i:39-86, PyMAPIObject_FromTypedUnknown; PyIABContainer.i,
PyIMailUser.i and PyIDistList.i all derive from PyIMAPIContainer)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_contents_kit import WORLD, logon, pw, raises

import fakemapi

PR_DISPLAY_NAME = 0x3001001F
PR_ENTRYID = 0x0FFF0102
PR_OBJECT_TYPE = 0x0FFE0003
PR_DISPLAY_TYPE = 0x39000003
PR_DEPTH = 0x30050003
PR_EMAIL_ADDRESS = 0x3003001F
PR_ADDRTYPE = 0x3002001F
PR_SMTP_ADDRESS = 0x39FE001F
PR_RECIPIENT_TYPE = 0x0C150003
PR_ACCOUNT_W, PR_ACCOUNT_A = 0x3A00001F, 0x3A00001E
PR_EMS_AB_PROXY_ADDRESSES_W, PR_EMS_AB_PROXY_ADDRESSES_A = 0x800F101F, 0x800F101E
MAPI_ABCONT, MAPI_MAILUSER, MAPI_DISTLIST = 4, 6, 8
DT_MAILUSER, DT_DISTLIST, DT_GLOBAL = 0, 1, 0x20000
MAPI_E_NO_SUPPORT = -2147221246
MAPI_E_NOT_FOUND = -2147221233
ALICE_DN = "/o=Contoso/ou=HQ/cn=Recipients/cn=alice"

AB_WORLD = dict(WORLD, distribution_lists=[
    {"alias": "team", "display_name": "Team", "members": ["alice", "bob"]},
    {"alias": "everyone", "display_name": "Everyone", "members": ["team", "carla"]},
])


@pytest.fixture(name="fk")
def _installed() -> Iterator[fakemapi.Fake]:
    fake = fakemapi.install(AB_WORLD)
    pw().mapi.MAPIInitialize(None)
    try:
        yield fake
    finally:
        fakemapi.uninstall()


def _book():
    return logon("Alice").OpenAddressBook(0, None, 0)


def _rows(table, *tags):
    return [tuple(v for _, v in row) for row in pw().mapi.HrQueryAllRows(table, tags, None, None, 0)]


def test_open_entry_none_is_the_root_container_with_the_exchange_containers(fk):
    m = pw().mapi
    root = _book().OpenEntry(None, None, 0)
    assert type(root).__name__ == "PyIABContainer"
    assert _rows(root.GetHierarchyTable(0), PR_DISPLAY_NAME, PR_OBJECT_TYPE) == [
        ("Global Address List", MAPI_ABCONT), ("All Address Lists", MAPI_ABCONT)]
    deep = _rows(root.GetHierarchyTable(m.CONVENIENT_DEPTH), PR_DISPLAY_NAME, PR_DEPTH)
    assert deep == [("Global Address List", 1), ("All Address Lists", 1), ("All Users", 2), ("All Groups", 2),
                    ("All Contacts", 2)]
    raises(MAPI_E_NO_SUPPORT, root.GetContentsTable, 0)  # the root holds containers only


def test_the_gal_lists_mailboxes_and_distribution_lists_by_name(fk):
    book = _book()
    root = book.OpenEntry(None, None, 0)
    (gal_eid, display_type), = [(eid, dt) for name, eid, dt in
                                _rows(root.GetHierarchyTable(0), PR_DISPLAY_NAME, PR_ENTRYID, PR_DISPLAY_TYPE)
                                if name == "Global Address List"]
    assert display_type == DT_GLOBAL
    gal = book.OpenEntry(gal_eid, None, 0)
    rows = _rows(gal.GetContentsTable(0), PR_DISPLAY_NAME, PR_EMAIL_ADDRESS, PR_ADDRTYPE, PR_SMTP_ADDRESS,
                 PR_OBJECT_TYPE, PR_DISPLAY_TYPE)
    assert [r[0] for r in rows] == ["Administrator", "Alice", "Bob", "Carla", "Everyone", "Team"]
    assert rows[1] == ("Alice", ALICE_DN, "EX", "alice@contoso.com", MAPI_MAILUSER, DT_MAILUSER)
    assert rows[5][4:] == (MAPI_DISTLIST, DT_DISTLIST)


def test_a_distribution_list_opens_as_pydistlist_listing_its_members(fk):
    book = _book()
    gal = book.OpenEntry(_rows(book.OpenEntry(None, None, 0).GetHierarchyTable(0), PR_ENTRYID)[0][0], None, 0)
    entries = dict(_rows(gal.GetContentsTable(0), PR_DISPLAY_NAME, PR_ENTRYID))
    everyone = gal.OpenEntry(entries["Everyone"], None, 0)
    assert type(everyone).__name__ == "PyIDistList"
    assert _rows(everyone.GetContentsTable(0), PR_DISPLAY_NAME, PR_OBJECT_TYPE) == [
        ("Team", MAPI_DISTLIST), ("Carla", MAPI_MAILUSER)]
    user = book.OpenEntry(entries["Bob"], None, 0)
    assert type(user).__name__ == "PyIMailUser"
    assert user.GetProps((PR_SMTP_ADDRESS,), 0)[1] == ((PR_SMTP_ADDRESS, "robert@contoso.com"),)


def test_resolve_name_finds_a_distribution_list(fk):
    m = pw().mapi
    adrlist = [[(PR_DISPLAY_NAME, "Team"), (PR_RECIPIENT_TYPE, m.MAPI_TO)]]
    rows = _book().ResolveName(0, m.MAPI_UNICODE, None, adrlist)
    resolved = dict(rows[0])
    assert (resolved[PR_OBJECT_TYPE], resolved[PR_DISPLAY_TYPE], resolved[PR_SMTP_ADDRESS]) == (
        MAPI_DISTLIST, DT_DISTLIST, "team@contoso.com")


def test_open_entry_argument_errors_are_pywin32s(fk):
    """PyIAddrBook.i:58-69: "OOl"; the entry id must be bytes or None."""
    book = _book()
    with pytest.raises(TypeError, match="EntryID must be a string or None"):
        book.OpenEntry("text", None, 0)
    nobody = b"\0\0\0\0" + bytes.fromhex("dca740c8c042101ab4b908002b2fe182") + b"\1\0\0\0\0\0\0\0/o=x/cn=nobody\0"
    raises(MAPI_E_NOT_FOUND, book.OpenEntry, nobody, None, 0)


def test_a_world_list_member_must_be_an_alias_of_the_world():
    with pytest.raises(fakemapi.WorldError, match="'zed' is not a mailbox or distribution list alias"):
        fakemapi.World.from_dict(dict(WORLD, distribution_lists=[{"alias": "x", "members": ["zed"]}]))


def _gal(book):
    root = book.OpenEntry(None, None, 0)
    gal_eid, = [eid for name, eid in _rows(root.GetHierarchyTable(0), PR_DISPLAY_NAME, PR_ENTRYID)
                if name == "Global Address List"]
    return book.OpenEntry(gal_eid, None, 0)


def test_gal_entries_carry_the_alias_as_pr_account_and_the_smtp_address_as_a_proxy(fk):
    # MS-OXOABK 2.2.3.20 PidTagAccount: "an Address Book object's alias"; 2.2.3.23
    # PidTagAddressBookProxyAddresses (0x800F101F): "prefixed by an e-mail type, followed by a
    # colon"; "the first string starting with the uppercase string "SMTP:" MUST match the
    # PidTagSmtpAddress property"
    table = _gal(_book()).GetContentsTable(0)
    table.SetColumns((PR_DISPLAY_NAME, PR_ACCOUNT_W, PR_EMS_AB_PROXY_ADDRESSES_W, PR_SMTP_ADDRESS), 0)
    rows = {r[0][1]: tuple(v for _, v in r[1:]) for r in table.QueryRows(10, 0)}
    assert rows["Alice"] == ("alice", ("SMTP:alice@contoso.com",), "alice@contoso.com")
    assert rows["Team"][0] == "team" and rows["Team"][1] == ("SMTP:" + rows["Team"][2],)
    # asked for in 8-bit strings (PT_STRING8 / PT_MV_STRING8), as programs built without
    # MAPI_UNICODE do (PR_ACCOUNT_A is what pywin32's mapitags calls PR_ACCOUNT)
    table.SetColumns((PR_DISPLAY_NAME, PR_ACCOUNT_A, PR_EMS_AB_PROXY_ADDRESSES_A), 0)
    table.SeekRow(pw().mapi.BOOKMARK_BEGINNING, 0)
    first = {r[0][1]: r for r in table.QueryRows(10, 0)}["Alice"]
    assert first[1] == (PR_ACCOUNT_A, b"alice")
    assert first[2] == (PR_EMS_AB_PROXY_ADDRESSES_A, (b"SMTP:alice@contoso.com",))


def test_a_mail_user_opened_from_the_gal_answers_pr_account(fk):
    book = _book()
    eid, = [e for name, e in _rows(_gal(book).GetContentsTable(0), PR_DISPLAY_NAME, PR_ENTRYID) if name == "Bob"]
    user = book.OpenEntry(eid, None, 0)
    assert user.GetProps((PR_ACCOUNT_W,), 0) == (0, ((PR_ACCOUNT_W, "bob"),))
