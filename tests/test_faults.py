"""fake.faults: failing calls (nth, every, seeded probability, predicate, times), dropped
connections, servers down and up, slow connects and round trips; each fault listed in the
trace; bad arguments raise ValueError naming the argument."""

from __future__ import annotations

import pytest
from conftest import assert_com_error, logon, open_mailbox, pw, small_world

import fakemapi

# the signed HRESULTs pywin32 shows (hresults.tsv)
NETWORK_ERROR = -2147221227  # MAPI_E_NETWORK_ERROR 0x80040115
FAILONEPROVIDER = -2147221219  # MAPI_E_FAILONEPROVIDER 0x8004011D
CALL_FAILED = -2147467259  # MAPI_E_CALL_FAILED 0x80004005
TIMEOUT = -2147220479  # MAPI_E_TIMEOUT 0x80040401
END_OF_SESSION = -2147220992  # MAPI_E_END_OF_SESSION 0x80040200
PR_DISPLAY_NAME_A = 0x3001001E


def _name_of(store):
    return store.GetProps((PR_DISPLAY_NAME_A,), 0)[1][0][1]


# --- fail ----------------------------------------------------------------------------------------
def test_fail_nth_breaks_exactly_the_nth_matching_call_from_now(fake):
    m = pw()
    session, own, manage = logon("Admin")  # one OpenMsgStore before the rule: not counted
    rule = fake.faults.fail("OpenMsgStore", "MAPI_E_NETWORK_ERROR", nth=3)
    a = open_mailbox(session, manage, "user001")
    b = open_mailbox(session, manage, "user002")

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        open_mailbox(session, manage, "user003")

    assert_com_error(excinfo, NETWORK_ERROR)
    c = open_mailbox(session, manage, "user003")
    assert (rule.seen, rule.fired) == (4, 1)
    assert [li.logon_id for li in fake.logons()] == [0, 1, 2, 3]  # the failed call took no LogonId
    del a, b, c


def test_fail_every_with_times_fails_that_many_calls_then_lets_them_through(fake):
    m = pw()
    session, own, manage = logon("Admin")
    fake.faults.fail("GetProps", "MAPI_E_CALL_FAILED", every=True, times=2)

    for _ in range(2):
        with pytest.raises(m.pywintypes.com_error) as excinfo:
            _name_of(own)
        assert_com_error(excinfo, CALL_FAILED)

    assert _name_of(own) == b"Mailbox - Administrator"


def test_fail_with_a_name_or_a_number_gives_the_same_signed_hresult(fake):
    m = pw()
    session, own, manage = logon("Admin")
    fake.faults.fail("GetProps", 0x80040401, nth=1)
    fake.faults.fail("QueryIdentity", -2147220479, nth=1)

    with pytest.raises(m.pywintypes.com_error) as first:
        _name_of(own)
    with pytest.raises(m.pywintypes.com_error) as second:
        session.QueryIdentity()

    assert_com_error(first, TIMEOUT)
    assert_com_error(second, TIMEOUT)


def test_fail_star_matches_module_functions_and_methods_alike(install):
    fake = install()
    m = pw()
    fake.faults.fail("*", "MAPI_E_NETWORK_ERROR", nth=2)
    m.mapi.MAPIInitialize(None)

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        m.mapi.MAPILogonEx(0, "Admin", None, m.mapi.MAPI_EXTENDED)

    assert_com_error(excinfo, NETWORK_ERROR)
    assert fake.init_count == 1


def test_fail_when_narrows_the_calls_that_count_to_those_the_predicate_accepts(fake):
    m = pw()
    session, own, manage = logon("Admin")
    a = open_mailbox(session, manage, "user001")
    seen = []

    def on_user_stores(call):
        seen.append((call.method, call.kind, call.process))
        return call.actor == a._h.label

    fake.faults.fail("GetProps", "MAPI_E_NETWORK_ERROR", every=True, when=on_user_stores)

    assert _name_of(own) == b"Mailbox - Administrator"
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        _name_of(a)
    assert_com_error(excinfo, NETWORK_ERROR)
    assert seen == [("GetProps", "store", "main"), ("GetProps", "store", "main")]


def test_fail_low_level_is_what_get_last_error_reports(fake):
    m = pw()
    session, own, manage = logon("Admin")
    fake.faults.fail("OpenMsgStore", "MAPI_E_FAILONEPROVIDER", nth=1, low_level="ecRpcFailed")

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        open_mailbox(session, manage, "user001")

    assert_com_error(excinfo, FAILONEPROVIDER)
    assert session.GetLastError(FAILONEPROVIDER, 0)[3] == -2147221227  # ecRpcFailed 0x80040115


def test_probability_with_the_same_seed_fails_the_same_calls(install):
    patterns = []
    for _ in range(2):
        fake = install()
        pw().mapi.MAPIInitialize(None)
        session, own, manage = logon("Admin")
        rule = fake.faults.fail("GetProps", "MAPI_E_NETWORK_ERROR", probability=0.3, seed=7)
        pattern = []
        for _ in range(60):
            try:
                _name_of(own)
                pattern.append(False)
            except pw().pywintypes.com_error:
                pattern.append(True)
        patterns.append(pattern)
        assert rule.fired == sum(pattern) and rule.seen == 60
        del session, own, manage
        fakemapi.uninstall()

    assert patterns[0] == patterns[1]
    assert 5 < sum(patterns[0]) < 35  # it does fail some calls and not others


def test_probability_zero_never_fires_and_one_always_fires(fake):
    session, own, manage = logon("Admin")
    never = fake.faults.fail("GetProps", "MAPI_E_NETWORK_ERROR", probability=0.0, seed=1)
    for _ in range(20):
        _name_of(own)
    never.remove()
    always = fake.faults.fail("GetProps", "MAPI_E_NETWORK_ERROR", probability=1.0, seed=1)
    for _ in range(5):
        with pytest.raises(pw().pywintypes.com_error):
            _name_of(own)
    assert (never.fired, always.fired) == (0, 5)


def test_a_removed_rule_no_longer_fires_and_clear_removes_every_rule(fake):
    session, own, manage = logon("Admin")
    rule = fake.faults.fail("GetProps", "MAPI_E_NETWORK_ERROR", every=True)
    rule.remove()
    assert _name_of(own) == b"Mailbox - Administrator"
    fake.faults.fail("GetProps", "MAPI_E_NETWORK_ERROR", every=True)
    fake.faults.fail("QueryIdentity", "MAPI_E_NETWORK_ERROR", every=True)

    fake.faults.clear()

    assert fake.faults.rules == [] and fake.faults.armed is False
    assert _name_of(own) == b"Mailbox - Administrator"


def test_each_injected_failure_is_listed_in_the_trace_just_before_the_call_it_broke(fake):
    session, own, manage = logon("Admin")
    fake.faults.fail("GetProps", "MAPI_E_NETWORK_ERROR", nth=2)
    _name_of(own)
    with pytest.raises(pw().pywintypes.com_error):
        _name_of(own)

    fault, broken = fake.trace.events[-2:]
    assert (fault.actor, fault.call, fault.result, fault.hresult) == (
        "fault", "GetProps", "fail GetProps (call 2)", "MAPI_E_NETWORK_ERROR")
    assert (broken.actor, broken.call, broken.hresult) == (own._h.label, "GetProps", "MAPI_E_NETWORK_ERROR")
    assert len(fake.trace.filter(lambda e: e.actor == "fault")) == 1


# --- drop_connection -----------------------------------------------------------------------------
def test_drop_connection_frees_its_logons_and_its_objects_answer_network_error(fake):
    m = pw()
    session, own, manage = logon("Admin")
    a = open_mailbox(session, manage, "user001")
    folder = a.OpenEntry(None, None, 0)

    fake.faults.drop_connection(1)

    assert fake.connections() == [] and fake.logons() == []
    for call in (lambda: _name_of(a), lambda: folder.GetHierarchyTable(0),
                 lambda: manage.CreateStoreEntryID("x", "y", 0)):
        with pytest.raises(m.pywintypes.com_error) as excinfo:
            call()
        assert_com_error(excinfo, NETWORK_ERROR)
    assert session.QueryIdentity()  # the session has no connection of its own: it still works
    eid = session.GetMsgStoresTable(0).QueryRows(1, 0)[0][0][1]
    again = session.OpenMsgStore(0, eid, None, 0)
    assert [(c.connection_id, c.logon_ids) for c in fake.connections()] == [(2, [0])]
    event = fake.trace.filter(lambda e: e.actor == "fault")[0]
    assert (event.call, event.args, event.hresult, event.connection_id) == (
        "drop_connection", (1,), "MAPI_E_NETWORK_ERROR", 1)
    del again


def test_drop_connection_with_another_error_makes_the_objects_answer_it(fake):
    m = pw()
    session, own, manage = logon("Admin")
    fake.faults.drop_connection(1, "MAPI_E_END_OF_SESSION")
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        _name_of(own)
    assert_com_error(excinfo, END_OF_SESSION)


# --- server_down / server_up -------------------------------------------------------------------
def test_server_down_drops_its_connections_and_refuses_new_ones_until_server_up(install):
    fake = install(small_world(extra_mailboxes=[{"alias": "carol", "server": "EX02"}]))
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Admin")
    carol = open_mailbox(session, manage, "carol", server="EX02")
    assert [c.server for c in fake.connections()] == ["EX01", "EX02"]

    fake.faults.server_down("ex01")  # server names compare case-insensitively

    assert [c.server for c in fake.connections()] == ["EX02"]
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        _name_of(own)
    assert_com_error(excinfo, NETWORK_ERROR)
    eid = session.GetMsgStoresTable(0).QueryRows(1, 0)[0][0][1]
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        session.OpenMsgStore(0, eid, None, 0)
    assert_com_error(excinfo, FAILONEPROVIDER)
    assert session.GetLastError(FAILONEPROVIDER, 0)[3] == NETWORK_ERROR
    assert _name_of(carol) == b"Mailbox - carol"  # EX02 is not affected

    fake.faults.server_up("EX01")
    back = session.OpenMsgStore(0, eid, None, 0)
    assert sorted(c.server for c in fake.connections()) == ["EX01", "EX02"]
    del back, carol


# --- slow ----------------------------------------------------------------------------------------
def test_slow_connect_and_rop_add_exactly_their_cost_to_the_virtual_clock(install):
    fake = install(small_world(emsmdb={"connect_ms": 7, "rpc_ms": 1.5}))
    m = pw()
    m.mapi.MAPIInitialize(None)
    session = m.mapi.MAPILogonEx(0, "AdminSeparate", None, m.mapi.MAPI_EXTENDED | m.mapi.MAPI_NEW_SESSION)
    eid = session.GetMsgStoresTable(0).QueryRows(1, 0)[0][0][1]

    t0 = fake.time_us
    a = session.OpenMsgStore(0, eid, None, 0)
    plain = fake.time_us - t0
    fake.faults.slow("connect", ms=500)
    fake.faults.slow("rop", ms=2.5)
    t1 = fake.time_us
    b = session.OpenMsgStore(0, eid, None, 0)
    slowed = fake.time_us - t1
    fake.faults.slow("connect", ms=0)
    fake.faults.slow("rop", ms=0)
    t2 = fake.time_us
    c = session.OpenMsgStore(0, eid, None, 0)

    assert plain == 7_000 + 1_500
    assert slowed == 507_000 + 4_000
    assert fake.time_us - t2 == plain
    del a, b, c


# --- bad arguments -------------------------------------------------------------------------------
@pytest.mark.parametrize(("call", "argument"), [
    (lambda f: f.fail("", "MAPI_E_NETWORK_ERROR", nth=1), "method"),
    (lambda f: f.fail(None, "MAPI_E_NETWORK_ERROR", nth=1), "method"),
    (lambda f: f.fail("GetProps", "MAPI_E_NO_SUCH_THING", nth=1), "hresult"),
    (lambda f: f.fail("GetProps", True, nth=1), "hresult"),
    (lambda f: f.fail("GetProps", "MAPI_E_NETWORK_ERROR", nth=0), "nth"),
    (lambda f: f.fail("GetProps", "MAPI_E_NETWORK_ERROR", nth="3"), "nth"),
    (lambda f: f.fail("GetProps", "MAPI_E_NETWORK_ERROR", probability=1.5), "probability"),
    (lambda f: f.fail("GetProps", "MAPI_E_NETWORK_ERROR", probability=True), "probability"),
    (lambda f: f.fail("GetProps", "MAPI_E_NETWORK_ERROR", probability=0.5, seed="x"), "seed"),
    (lambda f: f.fail("GetProps", "MAPI_E_NETWORK_ERROR", every=True, times=0), "times"),
    (lambda f: f.fail("GetProps", "MAPI_E_NETWORK_ERROR", every=True, when=3), "when"),
    (lambda f: f.fail("GetProps", "MAPI_E_NETWORK_ERROR", every=True, low_level="nope"), "low_level"),
    (lambda f: f.drop_connection(99), "connection_id"),
    (lambda f: f.drop_connection(1, "nope"), "error"),
    (lambda f: f.server_down("EX99"), "name"),
    (lambda f: f.server_up("EX99"), "name"),
    (lambda f: f.server_down("EX01", error="nope"), "error"),
    (lambda f: f.slow("disk", ms=1), "what"),
    (lambda f: f.slow("connect", ms=-1), "ms"),
    (lambda f: f.slow("connect", ms="5"), "ms"),
])
def test_a_bad_argument_raises_value_error_naming_it(fake, call, argument):
    with pytest.raises(ValueError) as excinfo:
        call(fake.faults)
    assert str(excinfo.value).startswith(f"{argument}: ")
    assert fake.faults.rules == [] and fake.faults.down == set()


@pytest.mark.parametrize("when", [{}, {"nth": 1, "every": True}, {"nth": 2, "probability": 0.5}])
def test_fail_needs_exactly_one_of_nth_every_probability(fake, when):
    with pytest.raises(ValueError, match="exactly one of nth=N, every=True or probability=p"):
        fake.faults.fail("GetProps", "MAPI_E_NETWORK_ERROR", **when)


def test_a_when_predicate_alone_fails_every_call_it_picks_and_bad_rules_are_refused():
    with fakemapi.installed() as fake:
        rule = fake.faults.fail("QueryRows", "MAPI_E_TIMEOUT", when=lambda call: call.actor.startswith("contents"))
        assert rule.every is True
        with pytest.raises(ValueError, match="method: no MAPI interface method"):
            fake.faults.fail("OpenMsgStor", "MAPI_E_CALL_FAILED", every=True)
        with pytest.raises(ValueError, match="hresult: 0 is a success code"):
            fake.faults.fail("OpenMsgStore", 0, every=True)
