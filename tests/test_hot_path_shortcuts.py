"""What the hot path's shortcuts (issue 14) must keep: a remembered OpenMsgStore route never
skips a check whose answer could differ, and a store that builds its folders on first use
hands out the same ids as one built at once.

R10 (rights, OPENSTORE_USE_ADMIN_PRIVILEGE; MS-OXCSTOR 3.2.5.1.3, IMAPISession::OpenMsgStore),
R4/R13 (KB 260141: a full table fails with MAPI_E_FAILONEPROVIDER, a failed open keeps no
index), R3 (CONNECT_USE_SEPARATE_CONNECTION), R14 (ids derive from the world and a counter).
"""

from __future__ import annotations

import pytest
from conftest import admin_eid, assert_com_error, logon, pw, small_world

from fakemapi.trace import Clock
from fakemapi.world.model import World
from fakemapi.world.server import ServerSide


def _open(session, eid):
    mapi = pw().mapi
    return session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)


def test_an_entry_id_one_account_opened_is_still_checked_for_another_account(install):
    install(small_world())
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    eid = admin_eid(manage, "bob")
    store = _open(session, eid)  # the administrator may: remembered for admin
    del store
    alice, _, _ = logon("Alice")
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        _open(alice, eid)  # alice has no rights on bob's mailbox (R10)
    assert_com_error(excinfo, m.mapi.MAPI_E_NO_ACCESS)


def test_a_failed_open_is_not_remembered_and_fails_the_same_way_again(install):
    fake = install(small_world())
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Alice")
    eid = admin_eid(manage, "bob")
    for _ in range(2):
        with pytest.raises(m.pywintypes.com_error) as excinfo:
            _open(session, eid)
        assert_com_error(excinfo, m.mapi.MAPI_E_NO_ACCESS)
    assert [li.logon_id for li in fake.logons()] == [0]  # R13: neither failure kept an index


def test_a_remembered_open_still_takes_a_new_logon_id_and_fails_when_the_table_is_full(install):
    fake = install(small_world(mailboxes=1, emsmdb={"reserved_logon_ids": list(range(3, 256))}))
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")  # LogonId 0
    eid = admin_eid(manage, "alice")
    first, second = _open(session, eid), _open(session, eid)  # 1 and 2: every open is a new logon
    assert sorted(li.logon_id for li in fake.logons()) == [0, 1, 2]
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        _open(session, eid)  # R4: no free LogonId, remembered route or not
    assert_com_error(excinfo, m.mapi.MAPI_E_FAILONEPROVIDER)
    del first
    again = _open(session, eid)  # the freed index comes back at once (KB 260141)
    assert sorted(li.logon_id for li in fake.logons()) == [0, 1, 2]
    del second, again


def test_a_remembered_open_follows_the_profiles_connect_flags_as_they_are_now(install):
    fake = install(small_world())
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    eid = admin_eid(manage, "alice")
    shared = _open(session, eid)
    separate_session, _, _ = logon("AdminSeparate")
    separate = _open(separate_session, eid)  # same entry id, same account: its own connection (R3)
    conns = {li.connection_id for li in fake.logons()}
    assert len(conns) == 3  # the shared one, AdminSeparate's own store's, and this open's
    del shared, separate


def _first_store(world: World) -> tuple[ServerSide, object]:
    server = ServerSide(world, Clock())
    return server, server.store_of(world.mailbox("alice"))


def test_a_store_hands_out_the_same_ids_whether_its_folders_were_built_first_or_not() -> None:
    world = World.from_dict({
        "schema_version": 1, "servers": [{"name": "EX01"}],
        "mailboxes": [{"alias": "alice", "folders": {"Inbox": {"messages": [{"subject": "a"}, {"subject": "b"}]},
                                                     "Projects": {}}}],
    })
    _, lazy = _first_store(world)
    counter_first = lazy.allocate()  # type: ignore[attr-defined]  # before anything built the tree
    _, eager = _first_store(world)
    folders = {c: f.name for c, f in eager.folders.items()}  # type: ignore[attr-defined]
    assert eager.allocate() == counter_first  # type: ignore[attr-defined]
    assert {c: f.name for c, f in lazy.folders.items()} == folders  # type: ignore[attr-defined]
    assert "Projects" in folders.values()
    # the store's own properties name the standard folders without building them, and the same
    _, fresh = _first_store(world)
    props = fresh.props(fresh.canonical_entryid)  # type: ignore[attr-defined]
    assert fresh._folders is None  # type: ignore[attr-defined]
    assert props == eager.props(eager.canonical_entryid)  # type: ignore[attr-defined]
