"""R14: everything is deterministic. Entry ids, keys and virtual times derive from the world
and counters; the same calls in a fresh install give the same ids and the same trace; threads
sharing one session never share a LogonId."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid

from conftest import admin_eid, logon, open_mailbox, pw, small_world, users

import fakemapi

TESTS = os.path.dirname(os.path.abspath(__file__))


def run_scenario(world=None) -> dict:
    """Install a fresh fake, run a fixed sequence of client calls (successes, failures,
    releases, two servers, a separate-connection session), and collect what a client and an
    observer see."""
    fakemapi.uninstall()
    with fakemapi.installed(world) as fake:
        m = pw()
        tags = m.mapitags
        m.mapi.MAPIInitialize(None)
        session, own, manage = logon("Admin")
        seen = []

        def props(obj, *ts):
            return obj.GetProps(ts, 0)[1]

        seen.append(props(own, tags.PR_ENTRYID, tags.PR_RECORD_KEY, tags.PR_IPM_SUBTREE_ENTRYID))
        stores = [open_mailbox(session, manage, a) for a in ("user001", "user002", "user003")]
        for store in stores:
            seen.append(props(store, tags.PR_ENTRYID, tags.PR_RECORD_KEY, tags.PR_IPM_SUBTREE_ENTRYID))
            root = store.OpenEntry(None, None, 0)
            table = root.GetHierarchyTable(m.mapi.CONVENIENT_DEPTH)
            seen.append(m.mapi.HrQueryAllRows(table, (tags.PR_ENTRYID, tags.PR_INSTANCE_KEY, tags.PR_DISPLAY_NAME),
                                              None, None, 0))
            seen.append(store.GetReceiveFolder("IPM.Note", 0))
            del table, root
        del stores[1]
        for alias in ("nobody", "user004"):
            try:
                stores.append(open_mailbox(session, manage, alias))
            except m.pywintypes.com_error as err:
                seen.append(err.args)
        stores.append(open_mailbox(session, manage, "carol", server="EX02"))
        separate, sep_own, sep_manage = logon("AdminSeparate")
        stores.append(open_mailbox(separate, sep_manage, "user005"))
        seen.append(admin_eid(manage, "user300"))
        seen.append(session.QueryIdentity())
        separate.Logoff(0, 0, 0)
        out = {
            "seen": repr(seen),
            "trace": fake.trace.to_jsonl(),
            "time_us": fake.time_us,
            "logons": [(li.connection_id, li.logon_id, li.mailbox_dn) for li in fake.logons()],
        }
        del stores, sep_own, sep_manage, own, manage, session, separate
        return out


def test_the_same_calls_in_a_fresh_install_give_identical_entry_ids_trace_and_time():
    first = run_scenario()
    second = run_scenario()

    assert first == second
    assert first["time_us"] > 0
    assert first["trace"].count("\n") > 40
    assert "MAPI_E_NOT_FOUND" in first["trace"]


def test_two_worlds_built_from_the_same_data_give_identical_results():
    data = small_world(mailboxes=10, extra_mailboxes=[
        {"alias": "user001", "server": "EX01"}, {"alias": "user002", "server": "EX01"},
        {"alias": "user003", "server": "EX01"}, {"alias": "user004", "server": "EX01"},
        {"alias": "user005", "server": "EX01"}, {"alias": "user300", "server": "EX01"},
        {"alias": "carol", "server": "EX02"}])

    assert run_scenario(data) == run_scenario(fakemapi.World.from_dict(data))


def test_the_scenario_reads_no_wall_clock_and_no_randomness(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("R14: fakemapi read the wall clock or an unseeded random source")

    expected = run_scenario()
    for mod, name in [(time, "time"), (time, "time_ns"), (time, "monotonic"), (time, "monotonic_ns"),
                      (time, "perf_counter"), (time, "perf_counter_ns"), (time, "localtime"),
                      (time, "gmtime"), (random, "random"), (random, "getrandbits"), (os, "urandom"),
                      (uuid, "uuid1"), (uuid, "uuid4")]:
        monkeypatch.setattr(mod, name, forbidden)

    assert run_scenario() == expected


def test_entry_ids_of_a_mailbox_do_not_depend_on_what_was_opened_before(fake):
    m = pw()
    tags = m.mapitags
    wanted = (tags.PR_RECORD_KEY, tags.PR_IPM_SUBTREE_ENTRYID, tags.PR_IPM_WASTEBASKET_ENTRYID)
    session, own, manage = logon("Admin")
    first = open_mailbox(session, manage, "user150")
    alone = first.GetProps(wanted, 0)
    inbox_alone = first.GetReceiveFolder(None, 0)[0]
    del first

    others = [open_mailbox(session, manage, a) for a in users(1, 20)]
    separate, sep_own, sep_manage = logon("AdminSeparate")
    later = open_mailbox(separate, sep_manage, "user150")

    assert later.GetProps(wanted, 0) == alone
    assert later.GetReceiveFolder(None, 0)[0] == inbox_alone
    # and different mailboxes do have different ids
    assert others[0].GetProps(wanted, 0) != alone


def test_the_same_calls_in_python_processes_with_different_hash_seeds_give_the_same_trace():
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import test_rules_determinism as t; "
            "print(json.dumps(t.run_scenario()))")
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-c", code, TESTS], capture_output=True, text=True, env=env,
                              timeout=120, check=True)
        outputs.append(json.loads(proc.stdout))

    local = json.loads(json.dumps(run_scenario()))
    assert outputs[0] == outputs[1] == local


# --- threads -------------------------------------------------------------------------------------
def test_threads_opening_stores_on_one_session_never_share_a_logon_id(fake):
    session, own, manage = logon("Admin")
    n_threads, per_thread = 8, 24
    barrier = threading.Barrier(n_threads)
    problems: list[str] = []
    kept: list[list] = [[] for _ in range(n_threads)]

    def check() -> None:
        for conn in fake.connections():
            if len(set(conn.logon_ids)) != len(conn.logon_ids):
                problems.append(f"duplicate LogonIds on connection {conn.connection_id}: {conn.logon_ids}")

    def work(k: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                store = open_mailbox(session, manage, f"user{k * per_thread + i + 1:03}")
                check()
                if i % 2:
                    kept[k].append(store)
                del store
        except Exception as exc:  # noqa: BLE001 - report any failure of a worker thread
            problems.append(repr(exc))

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(k,)) for k in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)

    assert problems == []
    logons = fake.logons()
    expected = 1 + n_threads * per_thread // 2
    assert len(logons) == expected
    assert sorted(li.logon_id for li in logons) == list(range(expected))  # lowest free first, no gaps
    opened = [e.logon_id for e in fake.trace.filter(call="OpenMsgStore") if e.hresult is None]
    assert len(opened) == 1 + n_threads * per_thread
    stores = [o for o in fake.live_objects() if o.kind == "store"]
    assert len({o.logon_id for o in stores}) == len(stores) == expected
