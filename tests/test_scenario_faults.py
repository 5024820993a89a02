"""Faults in scenario files: the top-level ``faults:`` list (applied before the steps) and the
``fault:`` step; malformed ones fail with file:line:column, the path and what was expected."""

from __future__ import annotations

import os
import textwrap

import pytest

from fakemapi.scenario import ScenarioError, load_scenario, run_scenario
from fakemapi.scenario.faults import FaultSpec, FaultStep

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios")

HEAD = """\
    schema_version: 1
    world: {bundled}/worlds/contoso.yaml
    """
OPEN_OWN = """\
  - mapi.MAPIInitialize: [null]
  - mapi.MAPILogonEx: [0, "Admin", null, MAPI_EXTENDED | MAPI_NEW_SESSION]
    as: session
  - session.GetMsgStoresTable: [0]
    as: stores
  - stores.QueryRows: [1, 0]
    as: rows
"""


def write(tmp_path, body: str) -> str:
    path = tmp_path / "s.yaml"
    path.write_text(textwrap.dedent(HEAD).format(bundled=BUNDLED) + textwrap.dedent(body), encoding="utf-8")
    return str(path)


def error_of(tmp_path, body: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(write(tmp_path, body))
    return info.value


def located(err: ScenarioError) -> tuple[int | None, int | None, str, str]:
    return err.line, err.column, err.path, err.reason


# --- loading ---------------------------------------------------------------------------------------
def test_top_level_faults_become_uncounted_steps_before_the_others(tmp_path):
    scenario = load_scenario(write(tmp_path, """\
        faults:
          - {fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR, nth: 3, times: 1}
          - {fail: "*", error: MAPI_E_TIMEOUT, probability: 0.25, seed: 9, actor: "store#*", process: main}
          - {slow: connect, ms: 500}
          - {server_down: EX02, error: MAPI_E_END_OF_SESSION}
        steps:
          - mapi.MAPIInitialize: [null]
          - fault: {clear: true}
        """))
    faults = [s for s in scenario.steps if isinstance(s, FaultStep)]
    assert [(f.spec, f.counted) for f in faults] == [
        (FaultSpec("fail", "OpenMsgStore", {"error": "MAPI_E_NETWORK_ERROR", "nth": 3, "times": 1}), False),
        (FaultSpec("fail", "*", {"error": "MAPI_E_TIMEOUT", "probability": 0.25, "seed": 9, "actor": "store#*",
                                 "process": "main"}), False),
        (FaultSpec("slow", "connect", {"ms": 500}), False),
        (FaultSpec("server_down", "EX02", {"error": "MAPI_E_END_OF_SESSION"}), False),
        (FaultSpec("clear", True, {}), True),
    ]
    assert scenario.steps.index(faults[-1]) == 5  # after the four faults and the first step
    assert scenario.count_steps() == 2
    assert (faults[0].where.line, faults[0].where.column) == (4, 5)


@pytest.mark.parametrize(("body", "where"), [
    ("faults: {fail: OpenMsgStore}\nsteps: []\n",
     (3, 9, "faults", "expected a list of faults such as [{fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR, nth: 3}]")),
    ("faults:\n  - fail\nsteps: []\n",
     (4, 5, "faults[0]", "expected a fault: a mapping with one of fail, slow, server_down, server_up, "
                         "drop_connection, clear")),
    ("faults:\n  - {error: MAPI_E_NETWORK_ERROR}\nsteps: []\n",
     (4, 5, "faults[0]", "expected exactly one of fail, slow, server_down, server_up, drop_connection, clear "
                         "in a fault; got none")),
    ("faults:\n  - {fail: OpenMsgStore, slow: rop, error: MAPI_E_NETWORK_ERROR}\nsteps: []\n",
     (4, 5, "faults[0]", "expected exactly one of fail, slow, server_down, server_up, drop_connection, clear "
                         "in a fault; got fail, slow")),
    ("faults:\n  - {fail: OpenMsgStor, error: MAPI_E_NETWORK_ERROR, nth: 1}\nsteps: []\n",
     (4, 12, "faults[0].fail", "unknown method 'OpenMsgStor' (did you mean 'OpenMsgStore'?): expected a MAPI "
                               "method or function name such as OpenMsgStore, or '*' for every call")),
    ("faults:\n  - {fail: OpenMsgStore, nth: 1}\nsteps: []\n",
     (4, 5, "faults[0]", "a fail fault needs error: (the HRESULT to fail with, e.g. MAPI_E_NETWORK_ERROR)")),
    ("faults:\n  - {fail: OpenMsgStore, error: MAPI_E_NETWORK_EROR, nth: 1}\nsteps: []\n",
     (4, 33, "faults[0].error", "unknown error 'MAPI_E_NETWORK_EROR' (did you mean 'MAPI_E_NETWORK_ERROR'?): "
                                "expected a name such as MAPI_E_NETWORK_ERROR")),
    ("faults:\n  - {fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR}\nsteps: []\n",
     (4, 5, "faults[0]", "say exactly one of nth: N, every: true or probability: p")),
    ("faults:\n  - {fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR, nth: 0}\nsteps: []\n",
     (4, 60, "faults[0].nth", "expected a positive integer; got 0")),
    ("faults:\n  - {fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR, every: 2}\nsteps: []\n",
     (4, 62, "faults[0].every", "expected every: true")),
    ("faults:\n  - {fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR, probability: 2}\nsteps: []\n",
     (4, 68, "faults[0].probability", "expected a probability from 0 to 1; got 2")),
    ("faults:\n  - {fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR, nth: 1, seed: 3}\nsteps: []\n",
     (4, 69, "faults[0].seed", "seed goes with probability: p")),
    ("faults:\n  - {fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR, nth: 1, when: x}\nsteps: []\n",
     (4, 63, "faults[0].when", "unknown key 'when' in a fail fault; expected fail, error, nth, every, "
                               "probability, seed, times, low_level, actor, process")),
    ("faults:\n  - {slow: disk, ms: 5}\nsteps: []\n",
     (4, 12, "faults[0].slow", "expected slow: connect (each EcDoConnectEx) or slow: rop (each round trip); "
                               "got 'disk'")),
    ("faults:\n  - {slow: connect, ms: -5}\nsteps: []\n",
     (4, 25, "faults[0].ms", "expected ms: a non-negative number of milliseconds; got -5")),
    ("faults:\n  - {server_down: EX09}\nsteps: []\n",
     (4, 19, "faults[0].server_down", "unknown server 'EX09'; the world has ex01, ex02")),
    ("faults:\n  - {drop_connection: 1}\nsteps: []\n",
     (4, 23, "faults[0].drop_connection",
      "drop_connection needs a live connection; use it as a step: `- fault: {drop_connection: 1}`")),
    ("steps:\n  - fault: {drop_connection: first}\n",
     (4, 30, "steps[0].fault.drop_connection", "expected a positive integer; got 'first'")),
    ("steps:\n  - fault: {clear: false}\n",
     (4, 20, "steps[0].fault.clear", "expected clear: true")),
    ("steps:\n  - fault: {server_up: EX01}\n    expect: {error: MAPI_E_CALL_FAILED}\n",
     (5, 5, "steps[0].expect", "unknown key 'expect' in this step; expected fault, note")),
])
def test_a_malformed_fault_is_reported_with_its_position(tmp_path, body, where):
    err = error_of(tmp_path, body)
    assert located(err) == where
    assert str(err).startswith(f"{tmp_path / 's.yaml'}:{where[0]}:{where[1]}: {where[2]}: ")


# --- running ---------------------------------------------------------------------------------------
def test_the_nth_call_fails_as_the_top_level_fault_says_and_a_retry_succeeds(tmp_path):
    result = run_scenario(load_scenario(write(tmp_path, "faults:\n"
                                              "  - {fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR, nth: 2}\n"
                                              "steps:\n" + OPEN_OWN + """\
  - session.OpenMsgStore: [0, $rows.0.0.1, null, 0]
    as: a
  - session.OpenMsgStore: [0, $rows.0.0.1, null, 0]
    expect: {error: MAPI_E_NETWORK_ERROR}
  - session.OpenMsgStore: [0, $rows.0.0.1, null, 0]
    as: b
  - check: {logon_ids: [0, 1]}
""")))
    assert (result.passed, result.failure, result.steps) == (True, None, 8)
    assert [(e.actor, e.call, e.hresult) for e in result.trace.errors()] == [
        ("fault", "OpenMsgStore", "MAPI_E_NETWORK_ERROR"), ("session#1", "OpenMsgStore", "MAPI_E_NETWORK_ERROR")]


def test_a_fault_step_takes_effect_where_it_stands(tmp_path):
    result = run_scenario(load_scenario(write(tmp_path, "steps:\n" + OPEN_OWN + """\
  - session.OpenMsgStore: [0, $rows.0.0.1, null, 0]
    as: own
  - fault: {slow: connect, ms: 100}
  - fault: {drop_connection: 1, error: MAPI_E_END_OF_SESSION}
  - own.GetProps: [[PR_DISPLAY_NAME_A], 0]
    expect: {error: MAPI_E_END_OF_SESSION}
  - session.OpenMsgStore: [0, $rows.0.0.1, null, 0]
    as: again
  - check: {connection: {id: 2, logon_ids: [0]}, time_ms: 142}
""")))
    assert (result.passed, result.failure) == (True, None)


def test_dropping_a_connection_that_is_not_live_fails_the_step_with_its_position(tmp_path):
    result = run_scenario(load_scenario(write(tmp_path, """\
        steps:
          - mapi.MAPIInitialize: [null]
          - fault: {drop_connection: 4}
        """)))
    assert result.passed is False
    assert result.failure.startswith(f"{tmp_path / 's.yaml'}:5:12: fault drop_connection 4: connection_id: no live "
                                     f"connection 4 (live connections of this process: none)")


def test_the_bundled_faults_scenario_passes():
    result = run_scenario(load_scenario(os.path.join(BUNDLED, "faults-network.yaml")))
    assert (result.passed, result.failure) == (True, None)
    assert (result.connections_total, result.logons_peak, result.time_us) == (2, 3, 1_044_000)
