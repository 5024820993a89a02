"""R1 (the one-byte LogonId table), R4 (a full table fails OpenMsgStore with
MAPI_E_FAILONEPROVIDER), R13 (a failed open keeps no index) and index reuse (KB 260141:
"Once a mailbox is released, its index value can be reused")."""

from __future__ import annotations

import pytest
from conftest import (
    admin_eid,
    assert_com_error,
    logon,
    mailbox_dn,
    open_mailbox,
    open_many,
    private_mdb_dn,
    pw,
    small_world,
    users,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fakemapi


def _ids(fake):
    return [li.logon_id for li in fake.logons()]


# --- R1: lowest free id first, 255 usable (0..254) -------------------------------------------
def test_first_store_logon_takes_logon_id_0_and_each_next_logon_the_next_lowest_id(fake):
    session, own, manage = logon("Admin")
    stores = open_many(session, manage, users(1, 5))

    logons = fake.logons()
    assert [li.logon_id for li in logons] == [0, 1, 2, 3, 4, 5]
    assert [li.mailbox_dn for li in logons] == [mailbox_dn("admin")] + [mailbox_dn(u) for u in users(1, 5)]
    assert {li.connection_id for li in logons} == {1}
    # the trace shows the LogonId each OpenMsgStore got, in call order
    opened = [e.logon_id for e in fake.trace.filter(call="OpenMsgStore") if e.hresult is None]
    assert opened == [0, 1, 2, 3, 4, 5]
    assert len(stores) == 5


def test_one_connection_holds_255_store_logons_with_ids_0_to_254(fake):
    session, own, manage = logon("Admin")
    stores = open_many(session, manage, users(1, 254))

    assert len(stores) == 254
    (conn,) = fake.connections()
    assert conn.logon_ids == list(range(255))
    assert 255 not in conn.logon_ids  # 0xFF is reserved


# --- R4: table full -> MAPI_E_FAILONEPROVIDER ------------------------------------------------
def test_open_msg_store_fails_with_failoneprovider_when_255_logons_are_open(fake):
    mapi = pw().mapi
    session, own, manage = logon("Admin")
    stores = open_many(session, manage, users(1, 254))
    assert len(fake.logons()) == 255
    eid = admin_eid(manage, "user255")

    with pytest.raises(pw().pywintypes.com_error) as excinfo:
        session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)

    err = assert_com_error(excinfo, mapi.MAPI_E_FAILONEPROVIDER)
    assert err.hresult == -2147221219  # 0x8004011D, signed as pywin32 shows it
    hr, _text, excepinfo, argerror = err.args
    assert (hr, excepinfo, argerror) == (-2147221219, None, None)
    # the failure neither took an index nor opened a second connection
    assert len(fake.logons()) == 255
    assert len(fake.connections()) == 1
    last = fake.trace.errors()[-1]
    assert (last.call, last.hresult) == ("OpenMsgStore", "MAPI_E_FAILONEPROVIDER")
    assert len(stores) == 254


def test_full_table_fails_for_a_second_mapi_session_of_the_same_process_too(fake):
    """KB 260141: the limit is "in a single session and process" - a new MAPI session does not
    get a new table while the process shares one connection (R2)."""
    mapi = pw().mapi
    session, own, manage = logon("Admin")
    stores = open_many(session, manage, users(1, 254))
    session2 = mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)

    with pytest.raises(pw().pywintypes.com_error) as excinfo:
        open_mailbox(session2, manage, "user255")

    assert_com_error(excinfo, mapi.MAPI_E_FAILONEPROVIDER)
    assert len(stores) == 254


def test_releasing_one_store_after_failoneprovider_lets_the_next_open_reuse_its_logon_id(fake):
    mapi = pw().mapi
    session, own, manage = logon("Admin")
    stores = open_many(session, manage, users(1, 254))  # user001 has LogonId 1, user100 has 100
    with pytest.raises(pw().pywintypes.com_error) as excinfo:
        open_mailbox(session, manage, "user255")
    assert_com_error(excinfo, mapi.MAPI_E_FAILONEPROVIDER)

    del stores[99]  # user100, LogonId 100
    assert 100 not in _ids(fake)
    again = open_mailbox(session, manage, "user255")

    reused = [li for li in fake.logons() if li.logon_id == 100]
    assert [li.mailbox_dn for li in reused] == [mailbox_dn("user255")]
    assert len(fake.logons()) == 255
    del again


def test_reserved_logon_ids_are_a_world_parameter_and_are_never_handed_out(install):
    fake = install(small_world(mailboxes=260, emsmdb={"reserved_logon_ids": [0, 7, 255]}))
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    stores = []
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        for n in range(1, 261):
            stores.append(open_mailbox(session, manage, f"u{n}"))

    assert_com_error(excinfo, m.mapi.MAPI_E_FAILONEPROVIDER)
    ids = _ids(fake)
    assert len(ids) == 253  # 256 - 3 reserved
    assert ids[:8] == [1, 2, 3, 4, 5, 6, 8, 9]
    assert not {0, 7, 255} & set(ids)
    assert len(stores) == 252


def test_with_no_reserved_ids_all_256_logon_ids_are_usable(install):
    fake = install(small_world(mailboxes=260, emsmdb={"reserved_logon_ids": []}))
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    stores = open_many(session, manage, [f"u{n}" for n in range(1, 256)])

    assert _ids(fake) == list(range(256))
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        open_mailbox(session, manage, "u256")
    assert_com_error(excinfo, m.mapi.MAPI_E_FAILONEPROVIDER)
    assert len(stores) == 255


# --- index reuse -----------------------------------------------------------------------------
def test_a_released_store_frees_its_logon_id_and_the_next_open_takes_the_lowest_free_one(fake):
    session, own, manage = logon("Admin")
    stores = open_many(session, manage, users(1, 5))  # LogonIds 1..5
    del stores[3]  # user004, LogonId 4
    del stores[1]  # user002, LogonId 2
    assert _ids(fake) == [0, 1, 3, 5]

    a = open_mailbox(session, manage, "user010")
    b = open_mailbox(session, manage, "user011")
    c = open_mailbox(session, manage, "user012")

    by_id = {li.logon_id: li.mailbox_dn for li in fake.logons()}
    assert by_id[2] == mailbox_dn("user010")
    assert by_id[4] == mailbox_dn("user011")
    assert by_id[6] == mailbox_dn("user012")
    del a, b, c


def test_release_and_reopen_in_a_loop_over_300_mailboxes_never_exceeds_one_logon_id(fake):
    """KB 260141 workaround 1: keep the number open at once under the limit."""
    session, own, manage = logon("Admin")
    seen = set()
    for alias in users(1, 300):
        store = open_mailbox(session, manage, alias)
        seen.update(li.logon_id for li in fake.logons())
        del store
    assert seen == {0, 1}
    assert _ids(fake) == [0]


# --- R13: a failed open keeps no index --------------------------------------------------------
@pytest.mark.parametrize(("profile", "target", "flags_name", "hr_name"), [
    ("Admin", "nobody", "admin", "MAPI_E_NOT_FOUND"),
    ("Admin", "user001", "none", "MAPI_E_UNCONFIGURED"),
    ("Alice", "bob", "admin", "MAPI_E_NO_ACCESS"),
])
def test_a_failed_open_does_not_keep_the_logon_id_it_would_have_used(fake, profile, target, flags_name, hr_name):
    m = pw()
    session, own, manage = logon(profile)
    first = open_mailbox(session, manage, "shared01" if profile == "Alice" else "user002")
    flags = (m.exchange.OPENSTORE_USE_ADMIN_PRIVILEGE | m.exchange.OPENSTORE_TAKE_OWNERSHIP
             if flags_name == "admin" else m.exchange.OPENSTORE_TAKE_OWNERSHIP)
    eid = manage.CreateStoreEntryID(private_mdb_dn(), mailbox_dn(target), flags)

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        session.OpenMsgStore(0, eid, None, m.mapi.MDB_NO_DIALOG | m.mapi.MAPI_BEST_ACCESS)
    assert_com_error(excinfo, getattr(m.mapi, hr_name))
    assert _ids(fake) == [0, 1]

    after = open_mailbox(session, manage, "shared02" if profile == "Alice" else "user003")
    assert _ids(fake) == [0, 1, 2]
    assert fake.logons()[2].mailbox_dn == mailbox_dn("shared02" if profile == "Alice" else "user003")
    del first, after


def test_300_failed_opens_leave_the_whole_table_free(fake):
    m = pw()
    session, own, manage = logon("Admin")
    for n in range(300):
        with pytest.raises(m.pywintypes.com_error) as excinfo:
            open_mailbox(session, manage, f"ghost{n}")
        assert excinfo.value.hresult == m.mapi.MAPI_E_NOT_FOUND == -2147221233

    stores = open_many(session, manage, users(1, 254))
    assert _ids(fake) == list(range(255))
    assert len(stores) == 254


def test_a_failed_first_open_leaves_no_connection_behind(fake):
    m = pw()
    session, own, manage = logon("Admin")
    eid_bob = admin_eid(manage, "bob")
    with fake.process("worker"):  # a process with no connection yet
        m.mapi.MAPIInitialize(None)
        alice = m.mapi.MAPILogonEx(0, "Alice", None, m.mapi.MAPI_EXTENDED | m.mapi.MAPI_NEW_SESSION)

        with pytest.raises(m.pywintypes.com_error) as excinfo:
            alice.OpenMsgStore(0, eid_bob, None, m.mapi.MDB_NO_DIALOG)

        assert_com_error(excinfo, m.mapi.MAPI_E_NO_ACCESS)
        assert fake.connections() == []
        assert fake.logons() == []


def test_open_msg_store_asking_for_an_unsupported_interface_keeps_no_logon(fake):
    m = pw()
    session, own, manage = logon("Admin")
    eid = admin_eid(manage, "user001")

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        session.OpenMsgStore(0, eid, m.mapi.IID_IMAPIFolder, m.mapi.MDB_NO_DIALOG)

    err = assert_com_error(excinfo, m.mapi.MAPI_E_INTERFACE_NOT_SUPPORTED)
    assert err.hresult == -2147467262
    assert _ids(fake) == [0]


# --- property: the table against a reference model ------------------------------------------
@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["open", "release", "fail"]), st.integers(0, 30)), max_size=40))
def test_logon_ids_follow_lowest_free_first_through_any_sequence_of_opens_releases_and_failures(ops):
    """R1 + R4 + R6 + R13 against a model: 8 usable ids (0..7), the lowest free one is taken,
    a release frees at once, a full table fails with MAPI_E_FAILONEPROVIDER, a failure takes
    nothing."""
    world = small_world(mailboxes=31, emsmdb={"reserved_logon_ids": list(range(8, 256))})
    try:
        fake = fakemapi.install(world)
        m = pw()
        m.mapi.MAPIInitialize(None)
        session, own, manage = logon("Admin")  # LogonId 0
        model: dict[int, str] = {0: "admin"}
        held: list[tuple[int, object]] = []
        for op, n in ops:
            if op == "release":
                if held:
                    logon_id, _store = held.pop(n % len(held))
                    del _store
                    del model[logon_id]
            elif op == "fail":
                with pytest.raises(m.pywintypes.com_error) as excinfo:
                    open_mailbox(session, manage, f"ghost{n}")
                expected = m.mapi.MAPI_E_FAILONEPROVIDER if len(model) == 8 else m.mapi.MAPI_E_NOT_FOUND
                assert excinfo.value.hresult == expected
            elif len(model) == 8:
                with pytest.raises(m.pywintypes.com_error) as excinfo:
                    open_mailbox(session, manage, f"u{n + 1}")
                assert excinfo.value.hresult == m.mapi.MAPI_E_FAILONEPROVIDER
            else:
                logon_id = min(set(range(8)) - set(model))
                held.append((logon_id, open_mailbox(session, manage, f"u{n + 1}")))
                model[logon_id] = f"u{n + 1}"
            assert {li.logon_id: li.mailbox_dn for li in fake.logons()} == {
                i: mailbox_dn(alias) for i, alias in model.items()}
        del held
    finally:
        fakemapi.uninstall()
