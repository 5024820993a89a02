"""R6 (a logon lives while the store or anything obtained through it lives), R7 (strict-mode
ReleaseOrderWarning), R8 (MAPIUninitialize / MAPI_E_NOT_INITIALIZED), R9 (Logoff ->
MAPI_E_END_OF_SESSION) and R12 (per-connection object caps)."""

from __future__ import annotations

import gc
import os
import sys
import warnings

import pytest
from conftest import (
    admin_eid,
    assert_com_error,
    default_store_entryid,
    kinds,
    logon,
    mailbox_dn,
    open_mailbox,
    open_many,
    pw,
    small_world,
    users,
)

import fakemapi

HERE = os.path.abspath(__file__)
#: the root of an exchange-2003 mailbox holds Deferred Action, Spooler Queue, Top of Information
#: Store, Common Views, Schedule, Finder, Views, Shortcuts (MS-OXCSTOR 2.2.1.1.3) and Outlook's
#: Reminders (MS-OXOSFLD 2.2.1)
ROOT_ROWS = 9


def _ids(fake, process=None):
    return [li.logon_id for li in fake.logons(process)]


def _line() -> int:
    """The line number of the caller's next line."""
    return sys._getframe(1).f_lineno + 1


def _display_name(obj):
    tags = pw().mapitags
    return obj.GetProps((tags.PR_DISPLAY_NAME,), 0)


def _raises(hr, call, *args):
    m = pw()
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        call(*args)
    return assert_com_error(excinfo, hr)


# --- R6: what pins a logon ---------------------------------------------------------------------
def _child(kind, store):
    exchange = pw().exchange
    if kind == "folder":
        return store.OpenEntry(None, None, 0)
    if kind == "inbox-folder":
        inbox, _cls = store.GetReceiveFolder("IPM.Note", 0)
        return store.OpenEntry(inbox, None, 0)
    if kind == "contents-table":
        return store.OpenEntry(None, None, 0).GetContentsTable(0)
    if kind == "hierarchy-table":
        return store.OpenEntry(None, None, 0).GetHierarchyTable(0)
    if kind == "receive-folder-table":
        return store.GetReceiveFolderTable(0)
    if kind == "manage-store":
        return store.QueryInterface(exchange.IID_IExchangeManageStore)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["folder", "inbox-folder", "contents-table", "hierarchy-table",
                                  "receive-folder-table", "manage-store"])
def test_a_live_child_object_pins_the_logon_after_the_store_is_released(fake, kind):
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")  # LogonId 1
    child = _child(kind, store)
    del store

    (pinned,) = [li for li in fake.logons() if li.logon_id == 1]
    assert pinned.mailbox_dn == mailbox_dn("user001")
    assert len(pinned.pinned_by) == 1
    # the index is still taken: the next logon gets 2
    other = open_mailbox(session, manage, "user002")
    assert _ids(fake) == [0, 1, 2]

    del child
    assert _ids(fake) == [0, 2]
    reuse = open_mailbox(session, manage, "user003")
    assert {li.logon_id: li.mailbox_dn for li in fake.logons()}[1] == mailbox_dn("user003")
    del other, reuse


def test_the_logon_stays_while_any_python_reference_to_the_store_remains(fake):
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    alias = store
    del store
    assert _ids(fake) == [0, 1]

    del alias
    assert _ids(fake) == [0]


def test_a_second_interface_on_the_same_store_holds_the_logon_too(fake):
    m = pw()
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    again = store.QueryInterface(m.mapi.IID_IMsgStore)
    del store
    assert _ids(fake) == [0, 1]
    assert _display_name(again) == (0, ((m.mapitags.PR_DISPLAY_NAME, "Mailbox - User 001"),))

    del again
    assert _ids(fake) == [0]


def test_a_store_opened_with_session_open_entry_pins_its_own_logon(fake):
    m = pw()
    session, own, manage = logon("Admin")
    unknown = session.OpenEntry(admin_eid(manage, "user001"), None, m.mapi.MAPI_BEST_ACCESS)
    store = unknown.QueryInterface(m.mapi.IID_IMsgStore)
    assert _ids(fake) == [0, 1]
    del unknown
    assert _ids(fake) == [0, 1]
    del store
    assert _ids(fake) == [0]


def test_a_store_kept_alive_by_a_reference_cycle_keeps_its_logon_until_gc_runs(fake):
    session, own, manage = logon("Admin")

    class Holder:
        pass

    # no automatic collection meanwhile (one may come at any allocation and is "gc runs" too)
    gc.disable()
    try:
        holder = Holder()
        holder.me = holder
        holder.store = open_mailbox(session, manage, "user001")
        del holder
        assert _ids(fake) == [0, 1]
    finally:
        gc.enable()

    gc.collect()
    assert _ids(fake) == [0]


def test_leaking_one_contents_table_per_mailbox_hits_failoneprovider_at_the_255th_logon(fake):
    """KB 260141: the store "cannot be released if any outstanding objects are open on the
    store"; IMAPITable is the interface most often leaked."""
    m = pw()
    session, own, manage = logon("Admin")
    leaked = []
    opened = 0
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        for alias in users(1, 300):
            store = open_mailbox(session, manage, alias)
            opened += 1
            leaked.append(store.OpenEntry(None, None, 0).GetContentsTable(0))
            del store

    assert_com_error(excinfo, m.mapi.MAPI_E_FAILONEPROVIDER)
    assert opened == 254
    assert all(kinds(li.pinned_by) == ["contents-table"] for li in fake.logons()[1:])

    leaked.clear()
    assert _ids(fake) == [0]


def test_releasing_everything_in_reverse_order_loops_over_300_mailboxes(fake):
    session, own, manage = logon("Admin")
    for alias in users(1, 300):
        store = open_mailbox(session, manage, alias)
        folder = store.OpenEntry(None, None, 0)
        table = folder.GetHierarchyTable(0)
        assert table.GetRowCount(0) == ROOT_ROWS
        del table, folder, store
    assert _ids(fake) == [0]


def test_a_message_pins_the_logon_after_store_and_folder_are_released(fake):
    m = pw()
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    folder = store.OpenEntry(None, None, m.mapi.MAPI_MODIFY)
    message = folder.CreateMessage(None, 0)
    del folder, store

    (pinned,) = [li for li in fake.logons() if li.logon_id == 1]
    assert kinds(pinned.pinned_by) == ["message"]
    del message
    assert _ids(fake) == [0]


def test_an_attachment_pins_the_logon_after_its_message_is_released(fake):
    m = pw()
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    folder = store.OpenEntry(None, None, m.mapi.MAPI_MODIFY)
    message = folder.CreateMessage(None, 0)
    num, attach = message.CreateAttach(None, 0)
    del message, folder, store

    (pinned,) = [li for li in fake.logons() if li.logon_id == 1]
    assert kinds(pinned.pinned_by) == ["attachment"]
    del attach
    assert _ids(fake) == [0]


def test_store_only_release_rule_frees_the_logon_with_the_store_and_kills_its_children(install):
    fake = install(small_world(emsmdb={"release_rule": "store-only"}))
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "u1")
    folder = store.OpenEntry(None, None, 0)
    del store

    assert _ids(fake) == [0]
    err = _raises(m.mapi.MAPI_E_INVALID_OBJECT, folder.GetHierarchyTable, 0)
    assert err.hresult == -2147221240
    again = open_mailbox(session, manage, "u2")
    assert _ids(fake) == [0, 1]
    del again


def test_assert_no_leaks_names_the_leaked_table(fake):
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    table = store.OpenEntry(None, None, 0).GetContentsTable(0)
    del store, own, manage

    with pytest.raises(AssertionError, match=r"1 logon\(s\) still open.*\n  contents-table#\d+"):
        fake.assert_no_leaks()

    del table
    fake.assert_no_leaks()


def test_live_objects_show_what_pins_a_logon(fake):
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    folder = store.OpenEntry(None, None, 0)
    del store

    pinning = [o for o in fake.live_objects() if o.logon_id == 1]
    assert [(o.kind, o.mailbox_dn, o.dead) for o in pinning] == [("folder", mailbox_dn("user001"), None)]
    assert pinning[0].created_at is None  # creation sites are recorded in strict mode only
    del folder


# --- R7: strict mode -----------------------------------------------------------------------------
def test_strict_mode_warns_when_a_store_is_released_before_its_children_naming_them_and_their_lines(install):
    fake = install(strict=True)
    pw().mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    eid = admin_eid(manage, "user001")
    line_store = _line()
    store = session.OpenMsgStore(0, eid, None, 0)
    line_folder = _line()
    folder = store.OpenEntry(None, None, 0)
    line_table = _line()
    table = folder.GetContentsTable(0)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line_del = _line()
        del store

    (w,) = caught
    assert w.category is fakemapi.ReleaseOrderWarning
    assert issubclass(fakemapi.ReleaseOrderWarning, UserWarning)
    text = str(w.message)
    assert f"created at {HERE}:{line_store}" in text
    assert "folder#" in text and f"created at {HERE}:{line_folder}" in text
    assert "contents-table#" in text and f"created at {HERE}:{line_table}" in text
    assert "LogonId 1" in text
    assert (w.filename, w.lineno) == (HERE, line_del)  # points at the release, not into fakemapi
    # releasing first is allowed: the logon stays until the children go
    assert _ids(fake) == [0, 1]
    del table, folder
    assert _ids(fake) == [0]
    del manage, own


def test_strict_mode_with_warnings_as_errors_still_releases_the_store(install):
    """Under ``-W error`` the warning becomes an exception inside the release; the logon must
    still go once the children are released (it used to stay pinned by the released store)."""
    fake = install(strict=True)
    pw().mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    folder = store.OpenEntry(None, None, 0)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        del store
        assert _ids(fake) == [0, 1]
        del folder

    assert _ids(fake) == [0]
    assert kinds(fake.logons()[0].pinned_by) == ["manage-store", "store"]
    del manage, own


def test_strict_mode_records_the_creation_line_of_every_live_object(install):
    fake = install(strict=True)
    pw().mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    eid = admin_eid(manage, "user001")
    line = _line()
    store = session.OpenMsgStore(0, eid, None, 0)

    (obj,) = [o for o in fake.live_objects() if o.logon_id == 1]
    assert obj.created_at == f"{HERE}:{line}"
    del store, manage, own


def test_strict_mode_does_not_warn_when_objects_are_released_in_reverse_order(install):
    fake = install(strict=True)
    pw().mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    folder = store.OpenEntry(None, None, 0)
    table = folder.GetContentsTable(0)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del table, folder, store

    assert caught == []
    assert _ids(fake) == [0]
    del manage, own


def test_strict_mode_does_not_warn_while_another_interface_on_the_store_lives(install):
    fake = install(strict=True)
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    again = store.QueryInterface(m.mapi.IID_IMsgStore)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del store

    assert caught == []
    assert _ids(fake) == [0, 1]
    del again, manage, own


def test_without_strict_mode_releasing_a_store_first_does_not_warn(fake):
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    folder = store.OpenEntry(None, None, 0)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del store

    assert caught == []
    assert _ids(fake) == [0, 1]
    del folder


# --- R8: MAPIInitialize / MAPIUninitialize ------------------------------------------------------
def test_calls_before_mapi_initialize_raise_not_initialized(install):
    install()
    m = pw()
    err = _raises(m.mapi.MAPI_E_NOT_INITIALIZED, m.mapi.MAPILogonEx, 0, "Admin", None, m.mapi.MAPI_EXTENDED)
    assert err.hresult == -2147219963
    _raises(m.mapi.MAPI_E_NOT_INITIALIZED, m.mapi.MAPIAdminProfiles, 0)


def test_mapi_uninitialize_invalidates_every_object_and_frees_every_logon_and_connection(fake):
    m = pw()
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    carol = open_mailbox(session, manage, "carol", server="EX02")
    folder = store.OpenEntry(None, None, 0)
    table = folder.GetContentsTable(0)
    assert len(fake.connections()) == 2

    m.mapi.MAPIUninitialize()

    assert fake.connections() == []
    assert fake.logons() == []
    hr = m.mapi.MAPI_E_INVALID_OBJECT
    assert hr == -2147221240
    _raises(hr, session.GetMsgStoresTable, 0)
    _raises(hr, _display_name, own)
    _raises(hr, _display_name, carol)
    _raises(hr, manage.CreateStoreEntryID, "/o=Contoso/ou=HQ/cn=Configuration/cn=Servers/cn=EX01"
            "/cn=Microsoft Private MDB", mailbox_dn("user002"), 1)
    _raises(hr, folder.GetHierarchyTable, 0)
    _raises(hr, table.QueryRows, 1, 0)
    assert all(o.dead == "MAPI_E_INVALID_OBJECT" for o in fake.live_objects())


def test_mapi_uninitialize_acts_only_when_the_init_count_reaches_zero(fake):
    m = pw()
    m.mapi.MAPIInitialize(None)  # count 2
    session, own, manage = logon("Admin")

    m.mapi.MAPIUninitialize()  # count 1
    assert _ids(fake) == [0]
    assert _display_name(own)[0] == 0

    m.mapi.MAPIUninitialize()  # count 0
    assert fake.logons() == []
    _raises(m.mapi.MAPI_E_INVALID_OBJECT, _display_name, own)


def test_after_mapi_uninitialize_logon_raises_not_initialized_again(fake):
    m = pw()
    m.mapi.MAPIUninitialize()
    _raises(m.mapi.MAPI_E_NOT_INITIALIZED, m.mapi.MAPILogonEx, 0, "Admin", None, m.mapi.MAPI_EXTENDED)


def test_releasing_objects_from_before_mapi_uninitialize_does_not_touch_new_logons(fake):
    m = pw()
    old_session, old_own, old_manage = logon("Admin")
    old_store = open_mailbox(old_session, old_manage, "user001")  # LogonId 1 on connection 1
    m.mapi.MAPIUninitialize()
    m.mapi.MAPIInitialize(None)

    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user002")
    (conn,) = fake.connections()
    assert conn.logon_ids == [0, 1]

    del old_store, old_own, old_manage, old_session

    assert fake.connections() == [conn]
    assert _display_name(store)[1] == ((pw().mapitags.PR_DISPLAY_NAME, "Mailbox - User 002"),)


def test_mapi_uninitialize_gives_the_server_sessions_back(fake):
    m = pw()
    session = m.mapi.MAPILogonEx(0, "AliceSeparate", None, m.mapi.MAPI_EXTENDED | m.mapi.MAPI_NEW_SESSION)
    stores = [session.OpenMsgStore(0, default_store_entryid(session), None, 0) for _ in range(32)]
    m.mapi.MAPIUninitialize()
    m.mapi.MAPIInitialize(None)

    session = m.mapi.MAPILogonEx(0, "AliceSeparate", None, m.mapi.MAPI_EXTENDED | m.mapi.MAPI_NEW_SESSION)
    again = [session.OpenMsgStore(0, default_store_entryid(session), None, 0) for _ in range(32)]

    assert len(fake.connections()) == 32
    del stores, again


# --- R9: Logoff ----------------------------------------------------------------------------------
def test_logoff_frees_the_session_logons_and_its_objects_raise_end_of_session(fake):
    m = pw()
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    folder = store.OpenEntry(None, None, 0)
    table = folder.GetHierarchyTable(0)
    stores_table = session.GetMsgStoresTable(0)

    session.Logoff(0, 0, 0)

    assert fake.logons() == []
    assert fake.connections() == []
    hr = m.mapi.MAPI_E_END_OF_SESSION
    assert hr == -2147220992
    _raises(hr, _display_name, own)
    _raises(hr, _display_name, store)
    _raises(hr, folder.GetContentsTable, 0)
    _raises(hr, table.QueryRows, 1, 0)
    _raises(hr, stores_table.GetRowCount, 0)
    _raises(hr, manage.CreateStoreEntryID, "/o=Contoso/ou=HQ/cn=Configuration/cn=Servers/cn=EX01"
            "/cn=Microsoft Private MDB", mailbox_dn("user002"), 1)
    _raises(hr, session.GetMsgStoresTable, 0)


def test_logoff_leaves_the_logons_of_another_session_on_the_shared_connection(fake):
    m = pw()
    s1, own1, manage1 = logon("Admin")  # LogonId 0
    s2, own2, manage2 = logon("Admin")  # LogonId 1
    a = open_mailbox(s1, manage1, "user001")  # 2
    b = open_mailbox(s2, manage2, "user002")  # 3

    s1.Logoff(0, 0, 0)

    (conn,) = fake.connections()
    assert [(li.logon_id, li.mailbox_dn) for li in conn.logons] == [(1, mailbox_dn("admin")),
                                                                     (3, mailbox_dn("user002"))]
    assert _display_name(b)[1] == ((m.mapitags.PR_DISPLAY_NAME, "Mailbox - User 002"),)
    c = open_mailbox(s2, manage2, "user003")
    assert {li.logon_id: li.mailbox_dn for li in fake.logons()}[0] == mailbox_dn("user003")
    del a, c


def test_logoff_of_a_separate_connection_session_closes_all_its_connections(fake):
    session, own, manage = logon("AdminSeparate")
    stores = open_many(session, manage, users(1, 4))
    other, other_own, _ = logon("Admin")
    assert len(fake.connections()) == 6

    session.Logoff(0, 0, 0)

    assert [(c.separate, c.logon_ids) for c in fake.connections()] == [(False, [0])]
    del stores


def test_logoff_gives_the_server_sessions_back(fake):
    m = pw()
    flags = m.mapi.MAPI_EXTENDED | m.mapi.MAPI_NEW_SESSION
    session = m.mapi.MAPILogonEx(0, "AliceSeparate", None, flags)
    stores = [session.OpenMsgStore(0, default_store_entryid(session), None, 0) for _ in range(32)]
    session.Logoff(0, 0, 0)

    session = m.mapi.MAPILogonEx(0, "AliceSeparate", None, flags)
    again = [session.OpenMsgStore(0, default_store_entryid(session), None, 0) for _ in range(32)]

    assert len(fake.connections()) == 32
    del stores, again


# --- R12: per-connection object caps -------------------------------------------------------------
def test_the_501st_open_folder_on_a_connection_fails_with_call_failed_and_the_server_ends_the_session(fake):
    m = pw()
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    folders = [store.OpenEntry(None, None, 0) for _ in range(500)]  # objtFolder cap: 500
    (conn,) = fake.connections()
    assert conn.objects == {"objtFolder": 500}

    err = _raises(m.mapi.MAPI_E_CALL_FAILED, store.OpenEntry, None, None, 0)

    assert err.hresult == -2147467259
    assert session.GetLastError(m.mapi.MAPI_E_CALL_FAILED, 0)[3] == 0x4DE  # ecMaxObjsExceeded
    assert fake.connections() == []
    hr = m.mapi.MAPI_E_END_OF_SESSION
    _raises(hr, _display_name, store)
    _raises(hr, _display_name, own)
    _raises(hr, folders[0].GetHierarchyTable, 0)
    _raises(hr, manage.CreateStoreEntryID, "/o=Contoso/ou=HQ/cn=Configuration/cn=Servers/cn=EX01"
            "/cn=Microsoft Private MDB", mailbox_dn("user002"), 1)
    # the session itself still works; the next logon opens a new connection
    fresh = session.OpenMsgStore(0, default_store_entryid(session), None, 0)
    (new_conn,) = fake.connections()
    assert new_conn.connection_id != conn.connection_id and new_conn.logon_ids == [0]
    del fresh


def test_object_caps_count_every_logon_of_the_connection_together(fake):
    m = pw()
    session, own, manage = logon("Admin")
    a = open_mailbox(session, manage, "user001")
    b = open_mailbox(session, manage, "user002")
    held = [a.OpenEntry(None, None, 0) for _ in range(250)]
    held += [b.OpenEntry(None, None, 0) for _ in range(250)]

    _raises(m.mapi.MAPI_E_CALL_FAILED, own.OpenEntry, None, None, 0)
    del held


def test_released_objects_no_longer_count_against_the_cap(fake):
    session, own, manage = logon("Admin")
    for _ in range(1200):
        folder = own.OpenEntry(None, None, 0)
        del folder
    (conn,) = fake.connections()
    assert conn.objects == {}


@pytest.mark.parametrize(("objt", "make"), [
    ("objtFolder", lambda store: store.OpenEntry(None, None, 0)),
    ("objtMessageView", lambda store: store.OpenEntry(None, None, 0).GetContentsTable(0)),
    ("objtFolderView", lambda store: store.OpenEntry(None, None, 0).GetHierarchyTable(0)),
])
def test_each_object_type_has_its_own_cap_from_the_world(install, objt, make):
    fake = install(small_world(limits={"objects_per_session": {objt: 3}}))
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    held = [make(own) for _ in range(3)]

    _raises(m.mapi.MAPI_E_CALL_FAILED, make, own)

    assert fake.connections() == []
    _raises(m.mapi.MAPI_E_END_OF_SESSION, _display_name, own)
    del held


def test_exchange_55_preset_has_no_object_caps(install):
    fake = install(small_world(preset="exchange-5.5"))
    pw().mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    folders = [own.OpenEntry(None, None, 0) for _ in range(600)]

    assert fake.connections()[0].objects == {"objtFolder": 600}
    del folders


def test_a_server_closed_connection_leaves_other_connections_working(fake):
    m = pw()
    session, own, manage = logon("AdminSeparate")
    other = open_mailbox(session, manage, "user001")
    other_folder = other.OpenEntry(None, None, 0)
    folders = [own.OpenEntry(None, None, 0) for _ in range(500)]

    _raises(m.mapi.MAPI_E_CALL_FAILED, own.OpenEntry, None, None, 0)

    assert [c.logons[0].mailbox_dn for c in fake.connections()] == [mailbox_dn("user001")]
    assert _display_name(other)[1] == ((m.mapitags.PR_DISPLAY_NAME, "Mailbox - User 001"),)
    assert other_folder.GetHierarchyTable(0).GetRowCount(0) == ROOT_ROWS
    del folders


def test_a_failed_call_does_not_keep_its_object_or_logon_alive_even_when_the_error_is_kept(fake):
    m = pw()
    session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")
    root = store.OpenEntry(None, None, 0)
    kept = []
    try:
        root.OpenEntry(b"\0" * 46, None, 0)  # not a folder of this store
    except m.pywintypes.com_error as exc:
        kept.append(exc)
    assert kept[0].hresult == m.mapi.MAPI_E_INVALID_ENTRYID
    del root, store  # no gc.collect(): plain code frees at once (R6)
    assert _ids(fake) == [0]
    assert session.GetLastError(m.mapi.MAPI_E_INVALID_ENTRYID, 0)[3] == 0
