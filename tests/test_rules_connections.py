"""R2 (store logons of a process share one connection per server), R3 (a separate-connection
profile opens one connection per logon, at a cost), per-server connections, R11 (the per-user
cap on server sessions) and the subprocess workaround (``fake.process()``)."""

from __future__ import annotations

import pytest
from conftest import (
    CONNECT_USE_SEPARATE_CONNECTION,
    admin_eid,
    assert_com_error,
    default_store_entryid,
    logon,
    mailbox_dn,
    open_mailbox,
    open_many,
    pw,
    small_world,
    users,
)

#: ecLoginFailure 0x80040111, as GetLastError's lowLevelError (signed)
EC_LOGIN_FAILURE = -2147221231


def _new_session(profile):
    mapi = pw().mapi
    return mapi.MAPILogonEx(0, profile, None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION | mapi.MAPI_NO_MAIL)


def _open_own(session):
    mapi = pw().mapi
    return session.OpenMsgStore(0, default_store_entryid(session), None, mapi.MDB_NO_DIALOG | mapi.MDB_WRITE)


# --- R2: one connection per server per process --------------------------------------------------
def test_two_mapi_sessions_of_one_process_share_one_connection_and_logon_table(fake):
    s1, own1, manage1 = logon("Admin")
    s2, own2, manage2 = logon("Admin")
    a = open_mailbox(s1, manage1, "user001")
    b = open_mailbox(s2, manage2, "user002")

    (conn,) = fake.connections()
    assert conn.logon_ids == [0, 1, 2, 3]
    assert [li.mailbox_dn for li in conn.logons] == [
        mailbox_dn("admin"), mailbox_dn("admin"), mailbox_dn("user001"), mailbox_dn("user002")]
    assert (conn.server, conn.user, conn.separate) == ("EX01", "admin", False)
    del a, b


def test_session_scope_gives_each_mapi_session_its_own_connection_and_logon_table(install):
    fake = install(small_world(emsmdb={"connection_scope": "session"}))
    pw().mapi.MAPIInitialize(None)
    s1, own1, manage1 = logon("Admin")
    s2, own2, manage2 = logon("Admin")
    a = open_mailbox(s2, manage2, "u1")

    conns = fake.connections()
    assert [c.logon_ids for c in conns] == [[0], [0, 1]]
    assert [li.mailbox_dn for li in conns[1].logons] == [mailbox_dn("admin"), mailbox_dn("u1")]
    del a


def test_logons_made_as_different_accounts_in_one_process_do_not_share_a_connection(fake):
    """EcDoConnectEx authenticates one user: Alice's logons cannot ride on Admin's connection."""
    s_admin, own_admin, _ = logon("Admin")
    s_alice, own_alice, _ = logon("Alice")

    conns = fake.connections()
    assert [(c.user, c.logon_ids) for c in conns] == [("admin", [0]), ("alice", [0])]


def test_after_every_store_is_released_the_next_open_takes_logon_id_0_again(fake):
    session, own, manage = logon("Admin")
    eid = admin_eid(manage, "user001")
    del own, manage
    assert fake.logons() == []

    store = session.OpenMsgStore(0, eid, None, 0)

    (conn,) = fake.connections()
    assert conn.logon_ids == [0]
    assert conn.logons[0].mailbox_dn == mailbox_dn("user001")
    del store


# --- per-server connections ----------------------------------------------------------------------
def test_each_server_gets_its_own_connection_with_its_own_logon_table(fake):
    session, own, manage = logon("Admin")
    on_ex01 = open_mailbox(session, manage, "user001")
    on_ex02 = open_mailbox(session, manage, "carol", server="EX02")

    conns = fake.connections()
    assert [(c.server, c.logon_ids) for c in conns] == [("EX01", [0, 1]), ("EX02", [0])]
    assert conns[1].logons[0].mailbox_dn == mailbox_dn("carol")
    del on_ex01, on_ex02


def test_an_entry_id_naming_another_server_lands_on_the_mailbox_home_server(fake):
    """Emsmdb32 follows ecWrongServer by itself (MS-OXCSTOR 3.1.5.1)."""
    session, own, manage = logon("Admin")
    carol = open_mailbox(session, manage, "carol", server="EX01")

    conns = fake.connections()
    assert [(c.server, c.logon_ids) for c in conns] == [("EX01", [0]), ("EX02", [0])]
    assert conns[1].logons[0].mailbox_dn == mailbox_dn("carol")
    del carol


def test_a_full_table_on_one_server_does_not_stop_logons_to_another_server(fake):
    m = pw()
    session, own, manage = logon("Admin")
    stores = open_many(session, manage, users(1, 254))
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        open_mailbox(session, manage, "user255")
    assert_com_error(excinfo, m.mapi.MAPI_E_FAILONEPROVIDER)

    carol = open_mailbox(session, manage, "carol", server="EX02")

    assert [(c.server, len(c.logons)) for c in fake.connections()] == [("EX01", 255), ("EX02", 1)]
    del stores, carol


# --- R3: CONNECT_USE_SEPARATE_CONNECTION ---------------------------------------------------------
def test_separate_connection_profile_opens_one_connection_per_store_logon(fake):
    session, own, manage = logon("AdminSeparate")
    stores = open_many(session, manage, users(1, 5))

    conns = fake.connections()
    assert len(conns) == 6
    assert all(c.separate and c.logon_ids == [0] for c in conns)
    assert [c.logons[0].mailbox_dn for c in conns] == [mailbox_dn("admin")] + [mailbox_dn(u) for u in users(1, 5)]
    assert len({c.connection_id for c in conns}) == 6
    del stores


def test_separate_connection_profile_keeps_300_mailboxes_open_at_once(fake):
    session, own, manage = logon("AdminSeparate")
    stores = open_many(session, manage, users(1, 300))

    assert len(fake.connections()) == 301
    assert len(fake.logons()) == 301
    assert {li.logon_id for li in fake.logons()} == {0}
    del stores


def test_separate_connection_opening_the_same_mailbox_twice_uses_two_connections(fake):
    session, own, manage = logon("AdminSeparate")
    again = _open_own(session)

    assert [c.logon_ids for c in fake.connections()] == [[0], [0]]
    del again


def test_releasing_a_store_of_a_separate_connection_closes_that_connection(fake):
    session, own, manage = logon("AdminSeparate")
    stores = open_many(session, manage, users(1, 3))
    before = [c.connection_id for c in fake.connections()]
    del stores[1]

    after = [c.connection_id for c in fake.connections()]
    assert after == before[:2] + before[3:]


def test_separate_connections_cost_one_connect_per_logon_in_virtual_time(install):
    """R3/R14: connect = 7 ms, one ROP round trip = 1.5 ms. A shared connection pays the connect
    once; a separate-connection profile pays it for every store logon."""
    world = small_world(mailboxes=10, emsmdb={"connect_ms": 7, "rpc_ms": 1.5})
    fake = install(world)
    pw().mapi.MAPIInitialize(None)
    shared_session = _new_session("Admin")
    separate_session = _new_session("AdminSeparate")
    eid = default_store_entryid(shared_session)

    t0 = fake.time_us
    own = shared_session.OpenMsgStore(0, eid, None, 0)
    assert fake.time_us - t0 == 7_000 + 1_500
    manage = own.QueryInterface(pw().exchange.IID_IExchangeManageStore)
    eids = [admin_eid(manage, f"u{n}") for n in range(1, 11)]

    t0 = fake.time_us
    shared = [shared_session.OpenMsgStore(0, e, None, 0) for e in eids]
    shared_cost = fake.time_us - t0
    t0 = fake.time_us
    separate = [separate_session.OpenMsgStore(0, e, None, 0) for e in eids]
    separate_cost = fake.time_us - t0

    assert shared_cost == 10 * 1_500
    assert separate_cost == 10 * (7_000 + 1_500)
    assert len(fake.connections()) == 1 + 10
    del shared, separate


def test_connect_flags_saved_in_the_global_profile_section_make_later_sessions_separate(fake):
    """The KB 260141 set-up: PR_PROFILE_CONNECT_FLAGS |= CONNECT_USE_SEPARATE_CONNECTION on the
    profile's global section (pbGlobalProfileSectionGuid), then log on again."""
    m = pw()
    session = _new_session("Alice")
    section = session.OpenProfileSection("{C8B0DB13-05AA-1A10-9BB0-00AA002FC45A}", None, m.mapi.MAPI_MODIFY)
    tag = m.mapitags.PR_PROFILE_CONNECT_FLAGS
    assert tag == 0x66040003
    _, ((_, flags),) = section.GetProps((tag,), 0)
    section.SetProps(((tag, flags | CONNECT_USE_SEPARATE_CONNECTION),))
    section.SaveChanges(0)
    session.Logoff(0, 0, 0)
    del section, session

    later = _new_session("Alice")
    a = _open_own(later)
    b = _open_own(later)

    assert [(c.user, c.separate, c.logon_ids) for c in fake.connections()] == [
        ("alice", True, [0]), ("alice", True, [0])]
    del a, b


# --- R11: server sessions per user ---------------------------------------------------------------
def test_a_user_past_32_server_sessions_gets_failoneprovider_with_ecloginfailure(fake):
    m = pw()
    session = _new_session("AliceSeparate")
    stores = [_open_own(session) for _ in range(32)]
    assert len(fake.connections()) == 32

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        _open_own(session)

    assert_com_error(excinfo, m.mapi.MAPI_E_FAILONEPROVIDER)
    version, _text, _component, low_level, _context = session.GetLastError(m.mapi.MAPI_E_FAILONEPROVIDER, 0)
    assert low_level == EC_LOGIN_FAILURE
    assert len(fake.connections()) == 32
    del stores


def test_the_session_cap_counts_granted_mailboxes_on_separate_connections_too(fake):
    m = pw()
    session, own, manage = logon("AliceSeparate")
    stores = open_many(session, manage, [f"shared{n:02}" for n in range(1, 32)])  # 1 + 31 = 32

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        open_mailbox(session, manage, "shared32")

    assert_com_error(excinfo, m.mapi.MAPI_E_FAILONEPROVIDER)
    assert session.GetLastError(excinfo.value.hresult, 0)[3] == EC_LOGIN_FAILURE
    del stores


def test_a_released_connection_gives_its_server_session_back(fake):
    session = _new_session("AliceSeparate")
    stores = [_open_own(session) for _ in range(32)]
    del stores[0]

    again = _open_own(session)

    assert len(fake.connections()) == 32
    del again


def test_failed_logons_do_not_use_up_server_sessions(fake):
    m = pw()
    session, own, manage = logon("AliceSeparate")
    eid_bob = admin_eid(manage, "bob")
    for _ in range(40):
        with pytest.raises(m.pywintypes.com_error) as excinfo:
            session.OpenMsgStore(0, eid_bob, None, 0)
        assert excinfo.value.hresult == m.mapi.MAPI_E_NO_ACCESS

    stores = [_open_own(session) for _ in range(31)]

    assert len(fake.connections()) == 32
    del stores


def test_admin_accounts_are_exempt_from_the_session_cap(fake):
    session = _new_session("AdminSeparate")
    stores = [_open_own(session) for _ in range(40)]

    assert len(fake.connections()) == 40
    del stores


def test_the_session_cap_counts_connections_of_every_worker_process(fake):
    """The cap is server-side: 33 worker processes of one user hit it like 33 connections."""
    m = pw()
    held = []
    for n in range(32):
        with fake.process(f"worker{n}"):
            m.mapi.MAPIInitialize(None)
            held.append(_open_own(_new_session("Alice")))

    with fake.process("worker32"):
        m.mapi.MAPIInitialize(None)
        session = _new_session("Alice")
        with pytest.raises(m.pywintypes.com_error) as excinfo:
            _open_own(session)

    assert_com_error(excinfo, m.mapi.MAPI_E_FAILONEPROVIDER)
    assert session.GetLastError(m.mapi.MAPI_E_FAILONEPROVIDER, 0)[3] == EC_LOGIN_FAILURE
    assert fake.connections("worker32") == []
    assert all(len(fake.connections(f"worker{n}")) == 1 for n in range(32))
    del held


def test_the_session_cap_is_a_world_parameter(install):
    fake = install(small_world(limits={"sessions_per_user": 3}))
    m = pw()
    m.mapi.MAPIInitialize(None)
    session = _new_session("AliceSeparate")
    stores = [_open_own(session) for _ in range(3)]

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        _open_own(session)

    assert_com_error(excinfo, m.mapi.MAPI_E_FAILONEPROVIDER)
    assert len(fake.connections()) == 3
    del stores


def test_exchange_55_preset_has_no_session_cap(install):
    fake = install(small_world(preset="exchange-5.5"))
    m = pw()
    m.mapi.MAPIInitialize(None)
    session = _new_session("AliceSeparate")

    stores = [_open_own(session) for _ in range(40)]

    assert len(fake.connections()) == 40
    del stores


# --- the subprocess workaround: fake.process() ---------------------------------------------------
def test_a_worker_process_has_its_own_connection_and_logon_table(fake):
    m = pw()
    session, own, manage = logon("Admin")
    stores = open_many(session, manage, users(1, 254))
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        open_mailbox(session, manage, "user255")
    assert_com_error(excinfo, m.mapi.MAPI_E_FAILONEPROVIDER)

    with fake.process("worker"):
        m.mapi.MAPIInitialize(None)
        w_session, w_own, w_manage = logon("Admin")
        w_store = open_mailbox(w_session, w_manage, "user255")
        assert [c.logon_ids for c in fake.connections()] == [[0, 1]]

    assert [c.logon_ids for c in fake.connections("worker")] == [[0, 1]]
    assert len(fake.logons("main")) == 255
    assert fake.connections("worker")[0].connection_id != fake.connections("main")[0].connection_id
    del stores, w_store


def test_two_worker_processes_keep_300_mailboxes_open_at_once(fake):
    """KB 260141 workaround 2: spawn processes, each handling some of the mailboxes."""
    m = pw()
    held = []
    for name, part in (("w1", users(1, 150)), ("w2", users(151, 300))):
        with fake.process(name):
            m.mapi.MAPIInitialize(None)
            session, own, manage = logon("Admin")
            held += [own, manage, *open_many(session, manage, part)]

    assert len(held) == 2 + 300 + 2
    assert [len(fake.logons(n)) for n in ("w1", "w2")] == [151, 151]
    assert fake.logons("main") == []


def test_a_worker_process_needs_its_own_mapi_initialize(fake):
    m = pw()
    with fake.process("worker"):
        with pytest.raises(m.pywintypes.com_error) as excinfo:
            m.mapi.MAPILogonEx(0, "Admin", None, m.mapi.MAPI_EXTENDED)

    err = assert_com_error(excinfo, m.mapi.MAPI_E_NOT_INITIALIZED)
    assert err.hresult == -2147219963


def test_objects_made_in_a_worker_process_stay_in_it_after_the_block(fake):
    m = pw()
    with fake.process("worker"):
        m.mapi.MAPIInitialize(None)
        session, own, manage = logon("Admin")
    store = open_mailbox(session, manage, "user001")  # called from main, acts in the worker

    assert [c.logon_ids for c in fake.connections("worker")] == [[0, 1]]
    assert fake.connections("main") == []
    del store
    assert [c.logon_ids for c in fake.connections("worker")] == [[0]]


def test_mapi_uninitialize_in_a_worker_leaves_other_processes_alone(fake):
    m = pw()
    session, own, manage = logon("Admin")
    with fake.process("worker"):
        m.mapi.MAPIInitialize(None)
        w_session, w_own, w_manage = logon("Admin")
        m.mapi.MAPIUninitialize()
        assert fake.connections() == []

    assert [c.logon_ids for c in fake.connections("main")] == [[0]]
    _, props = own.GetProps((m.mapitags.PR_DISPLAY_NAME,), 0)
    assert props == ((m.mapitags.PR_DISPLAY_NAME, "Mailbox - Administrator"),)
