"""The drop-in against an independent reference model of R1..R14 (tests/reference_model.py).

A hypothesis state machine draws a world (few LogonIds, small caps, either scope and release
rule, any preset) and a call program; every step runs through the pywin32 drop-in surface and
through the reference model, and their results (HRESULT names, object keys, the
(connection, LogonId) an open took) and states (every process's init count and live
connections with their LogonIds and object counts) must agree after every step. The base
machine (fakemapi.testing.MapiMachine) checks the invariants on top.

At the end, the disagreements it found (and the fuzz test found) are pinned as plain tests.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from reference_model import Model

import fakemapi
from fakemapi import strategies
from fakemapi.program import Outcome, Step, run_program
from fakemapi.testing import MapiMachine


def fake_state(fake: fakemapi.Fake) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(fake.processes):
        conns = sorted((c.connection_id, c.server.lower(), c.user.lower(), c.separate, tuple(c.logon_ids),
                        tuple(sorted((k, v) for k, v in c.objects.items() if v)))
                       for c in fake.connections(name))
        init = fake.processes[name].init_count
        if conns or init:
            out[name] = (init, conns)
    return out


class DifferentialMachine(MapiMachine):
    worlds = strategies.worlds()
    inject_faults = True

    def installed(self) -> None:
        self.model = Model(self.world_source) if isinstance(self.world_source, dict) else None
        self.log: list[str] = []

    def execute(self, step: Step) -> Outcome:
        outcome = super().execute(step)
        assert self.model is not None, "the world is drawn before any step"
        expected = self.model.apply(step.action, step.target, step.arg)
        got = (outcome.error, outcome.key, outcome.logon)
        self.log.append(f"{step} -> {got}")
        history = "\n  ".join(self.log[-12:])
        assert got == expected, f"{step}: drop-in gave {got}, reference model {expected}\n  {history}"
        state, model_state = fake_state(self.fake), self.model.state()
        assert state == model_state, (f"after {step}: drop-in state {state}\n reference model {model_state}"
                                      f"\n  {history}")
        return outcome


TestDifferential = DifferentialMachine.TestCase


@given(strategies.worlds(), strategies.programs(faults=True))
def test_the_same_program_gives_the_same_trace_outcomes_and_clock(world: dict[str, Any], program: list[Any]) -> None:
    runs = []
    for _ in range(2):
        with fakemapi.installed(world) as fake:
            outcomes = run_program(fake, program)
            runs.append((outcomes, fake.trace.to_jsonl(), fake.time_us, fake.timeline))
    assert runs[0] == runs[1]


# --- what the differential and fuzz tests found, pinned --------------------------------------------
def _store_only_world() -> dict[str, Any]:
    return {"schema_version": 1, "servers": [{"name": "EX01"}],
            "mailboxes": [{"alias": "admin", "rights": "admin"}, {"alias": "u1"}],
            "profiles": [{"name": "Admin", "mailbox": "admin", "default": True}],
            "emsmdb": {"release_rule": "store-only"},
            "limits": {"objects_per_session": {"objtFolder": 2}}}


def _session_and_store(fake: fakemapi.Fake) -> tuple[Any, Any]:
    import win32com.mapi.mapi as mapi

    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
    eid = session.GetMsgStoresTable(0).QueryRows(1, 0)[0][0][1]
    return session, session.OpenMsgStore(0, eid, None, 0)


def test_folders_of_a_store_released_under_store_only_stop_counting_against_the_cap():
    """MS-OXCROPS R4570: the server releases a logon's objects with the logon, so they no longer
    count against MaxObjsPerMapiSession (R12), although the client still holds the dead objects."""
    with fakemapi.installed(_store_only_world()) as fake:
        session, store = _session_and_store(fake)
        folders = [store.OpenEntry(None, None, 0), store.OpenEntry(None, None, 0)]
        assert fake.connections()[0].objects == {"objtFolder": 2}
        del store  # store-only: the logon goes now; the folders answer MAPI_E_INVALID_OBJECT
        assert fake.connections()[0].objects == {}
        _, again = _session_and_store(fake)
        more = [again.OpenEntry(None, None, 0), again.OpenEntry(None, None, 0)]  # within the cap of 2
        assert fake.connections()[0].objects == {"objtFolder": 2}
        del folders, more, again, session


def test_folders_of_a_logged_off_session_stop_counting_on_a_connection_another_session_keeps():
    world = {**_store_only_world(), "emsmdb": {"release_rule": "refcount"}}
    with fakemapi.installed(world) as fake:
        first, store = _session_and_store(fake)
        folder = store.OpenEntry(None, None, 0)
        second, other = _session_and_store(fake)  # the same shared connection
        first.Logoff(0, 0, 0)
        assert [(c.connection_id, c.logon_ids, c.objects) for c in fake.connections()] == [(1, [1], {})]
        del folder, store, other, first, second


class _Link:
    """A store kept only by a reference cycle. Collecting it releases the store and makes the
    next link (a new, young cycle), so each collection releases one more store, in the middle of
    whatever allocated."""

    def __init__(self, store: Any, stores: list[Any]) -> None:
        self.store, self.stores, self.me = store, stores, self

    def __del__(self) -> None:
        if self.stores:
            _Link(self.stores.pop(), self.stores)


def test_the_views_survive_collections_that_release_stores_while_they_read(install):
    """fake.connections()/logons()/live_objects() allocate while they read; a collection then may
    release an object kept only by a reference cycle, which frees its logon mid-read."""
    import gc

    fake = install()
    session, own = _session_and_store(fake)
    eid = session.GetMsgStoresTable(0).QueryRows(1, 0)[0][0][1]
    stores = [session.OpenMsgStore(0, eid, None, 0) for _ in range(60)]
    old = gc.get_threshold()
    gc.set_threshold(1, 1, 1)
    try:
        _Link(stores.pop(), stores)  # garbage now; each collection frees one store and arms the next
        views = [(len(fake.connections()[0].logons), len(fake.logons()), len(fake.live_objects()))
                 for _ in range(5)]
    finally:
        gc.set_threshold(*old)
    while stores:
        gc.collect()
    gc.collect()
    assert [li.logon_id for li in fake.logons()] == [0]
    # logons were (or, where the collector runs incrementally, may have been) freed while the
    # views were read; what matters is that reading them raised nothing and never grew
    assert views[0][0] >= views[-1][0]
    del own, session
