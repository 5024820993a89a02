"""The scenario runner: what a failing step reports (the step's file:line:col, what was
expected, what came back, the last calls), what a result holds, and that a run always
uninstalls its fake."""

from __future__ import annotations

import os
import textwrap

from scenario_text import OPEN_OWN_STORE

from fakemapi.dropin.registry import REGISTRY
from fakemapi.names import event_text
from fakemapi.scenario import ScenarioResult, load_scenario, run_scenario

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTOSO = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios", "worlds", "contoso.yaml")

LOGON = f"""\
schema_version: 1
world: {CONTOSO}
steps:
""" + OPEN_OWN_STORE + """\
  - own.QueryInterface: [exchange.IID_IExchangeManageStore]
    as: manage
"""
OPEN = """\
- manage.CreateStoreEntryID: ["{servers[EX01].private_mdb_dn}", "/o=Contoso/ou=HQ/cn=Recipients/cn=user{n:03}",
                              OPENSTORE_USE_ADMIN_PRIVILEGE]
  as: eid
- session.OpenMsgStore: [0, $eid, null, MDB_NO_DIALOG]
  as: "store{n}"
"""


def run(tmp_path, steps: str, *, header: str = LOGON, name: str = "s.yaml") -> tuple[ScenarioResult, str]:
    path = tmp_path / name
    path.write_text(header + textwrap.indent(textwrap.dedent(steps), "  "), encoding="utf-8")
    result = run_scenario(load_scenario(str(path)))
    assert REGISTRY.fake is None  # uninstalled, pass or fail
    return result, str(path)


def pos(path: str, needle: str) -> str:
    """``path:line:col`` of the value of the first step line (after the common prefix) holding
    ``needle``: where the loader says the step is."""
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if number > LOGON.count("\n") and needle in line:
                return f"{path}:{number}:{line.index(': ', line.index(needle)) + 3}"
    raise AssertionError(f"{needle!r} not in {path}")


def reported(result: ScenarioResult) -> tuple[str, list[str]]:
    """The failure split into its first line and its last-calls lines, which must be five
    consecutive events of the run's trace, with names for flags, tags and entry ids
    (fakemapi.names.event_text; issue 16 item 6)."""
    assert result.failure is not None
    head, _, tail = result.failure.partition("\n  last calls:\n    ")
    lines = tail.split("\n    ")
    events = [event_text(e) for e in result.trace]
    assert len(lines) == 5
    start = events.index(lines[0])
    assert events[start:start + 5] == lines
    return head, lines


def test_expected_error_but_a_different_one_came_back(tmp_path):
    result, path = run(tmp_path, """\
      - mapi.MAPILogonEx: [0, "Nobody", null, MAPI_EXTENDED]
        expect: {error: MAPI_E_NOT_FOUND}
    """)
    assert not result.passed
    assert reported(result)[0] == (f"{pos(path, 'mapi.MAPILogonEx')}: "
                                   f"mapi.MAPILogonEx: expected error MAPI_E_NOT_FOUND, got error "
                                   f"MAPI_E_LOGON_FAILED")
    assert reported(result)[1][-1].endswith(
        "main:mapi.MAPILogonEx(0, Nobody, None, MAPI_EXTENDED) -> MAPI_E_LOGON_FAILED")


def test_expected_error_but_the_call_succeeded(tmp_path):
    result, path = run(tmp_path, """\
      - stores.GetRowCount: [0]
        expect: MAPI_E_CALL_FAILED
    """)
    assert reported(result)[0] == (f"{pos(path, 'stores.GetRowCount')}: "
                                   f"stores.GetRowCount: expected error MAPI_E_CALL_FAILED, got success: 2")


def test_expected_success_but_an_error_came_back(tmp_path):
    result, path = run(tmp_path, "- repeat: 255\n  steps:\n" + textwrap.indent(OPEN, "    "))
    assert reported(result)[0] == (f"{pos(path, 'session.OpenMsgStore')}: "
                                   f"session.OpenMsgStore [n=255]: expected success, got error "
                                   f"MAPI_E_FAILONEPROVIDER")
    assert result.steps == 6 + 2 * 255  # the failing one included
    assert result.logons_peak == 255


def test_python_error_shows_its_message(tmp_path):
    result, path = run(tmp_path, """\
      - mapi.MAPILogonEx: [0, null, null, 0]
    """)
    assert result.failure.startswith(f"{pos(path, 'mapi.MAPILogonEx')}: "
                                     f"mapi.MAPILogonEx: expected success, got error TypeError (")


def test_value_mismatch_shows_expected_and_got(tmp_path):
    result, path = run(tmp_path, """\
      - stores.GetRowCount: [0]
        expect: {value: 3}
    """)
    assert reported(result)[0] == f"{pos(path, 'stores.GetRowCount')}: stores.GetRowCount: expected 3, got 2"


def test_length_mismatch(tmp_path):
    result, path = run(tmp_path, """\
      - stores.SeekRow: [BOOKMARK_BEGINNING, 0]
      - stores.QueryRows: [10, 0]
        expect: {len: 3}
    """)
    assert reported(result)[0] == f"{pos(path, 'stores.QueryRows')}: stores.QueryRows: expected len 3, got len 2"


def test_type_mismatch(tmp_path):
    result, path = run(tmp_path, """\
      - own.OpenEntry: [null, null, 0]
        expect: {type: PyIMAPITable}
    """)
    assert reported(result)[0] == (f"{pos(path, 'own.OpenEntry')}: "
                                   f"own.OpenEntry: expected a PyIMAPITable, got a PyIMAPIFolder")


def test_item_and_first_item_mismatches(tmp_path):
    result, path = run(tmp_path, """\
      - own.GetProps: [[PR_DISPLAY_NAME_A, PR_MDB_PROVIDER], 0]
        expect: {at: {0: 1}}
    """)
    assert reported(result)[0] == (f"{pos(path, 'own.GetProps')}: own.GetProps: expected item 0 to be 1, got 0")
    result, path = run(tmp_path, """\
      - own.GetProps: [[PR_DISPLAY_NAME_A], 0]
        expect: {first: 1}
    """)
    assert reported(result)[0] == f"{pos(path, 'own.GetProps')}: own.GetProps: expected first item 1, got 0"


def test_objects_mismatch_names_the_item(tmp_path):
    result, path = run(tmp_path, """\
      - own.GetProps: [[PR_DISPLAY_NAME_A], 0]
        expect: {objects: {0: PyIMsgStore}}
    """)
    assert reported(result)[0] == (f"{pos(path, 'own.GetProps')}: "
                                   f"own.GetProps: expected item 0 to be a PyIMsgStore, got a int")


def test_check_count_mismatch(tmp_path):
    result, path = run(tmp_path, """\
      - check: {logons: 2}
    """)
    assert reported(result)[0] == f"{pos(path, 'check')}: check logons: logons: expected 2, got 1"


def test_check_bounds(tmp_path):
    result, path = run(tmp_path, """\
      - check: {connections: {min: 2, max: 3}}
    """)
    assert reported(result)[0] == (f"{pos(path, 'check')}: "
                                   f"check connections: connections: expected >= 2 and <= 3, got 1")


def test_check_logon_ids_lists_missing_and_unexpected(tmp_path):
    result, path = run(tmp_path, """\
      - check: {logon_ids: [1, 2]}
    """)
    assert reported(result)[0] == (f"{pos(path, 'check')}: "
                                   f"check logon_ids: logon_ids: expected 2 items, got 1; missing [1, 2], "
                                   f"unexpected [0]")


def test_check_on_a_connection_that_is_not_there(tmp_path):
    result, path = run(tmp_path, """\
      - check: {connection: {id: 7, logons: 1}}
    """)
    assert reported(result)[0] == (f"{pos(path, 'check')}: check connection: no live connection 7 (live: [1])")


def test_check_no_leaks_lists_what_pins_a_logon(tmp_path):
    result, path = run(tmp_path, """\
      - check: {no_leaks: true}
    """)
    assert result.failure.startswith(f"{pos(path, 'check')}: check no_leaks: leaks: 1 logon(s) still open, 2 object(s) "
                                     f"pinning them:\n  store#")


def test_expected_warning_needs_strict_mode(tmp_path):
    result, path = run(tmp_path, """\
      - own.OpenEntry: [null, null, 0]
        as: root
      - release: own
        expect: {warning: ReleaseOrderWarning}
    """)
    assert reported(result)[0] == (f"{pos(path, 'release')}: "
                                   f"release own: expected a ReleaseOrderWarning, but warnings are only "
                                   f"given in strict mode (add strict: true)")


def test_unexpected_warning_in_strict_mode(tmp_path):
    result, path = run(tmp_path, """\
      - own.OpenEntry: [null, null, 0]
        as: root
      - release: own
    """, header=LOGON.replace("steps:\n", "strict: true\nsteps:\n", 1))
    assert result.failure.startswith(f"{pos(path, 'release')}: release own: unexpected ReleaseOrderWarning: ")


def test_loop_context_names_the_mailbox(tmp_path):
    result, path = run(tmp_path, """\
      - for_each: mailboxes
        where: {alias: user00*}
        limit: 3
        steps:
          - manage.CreateStoreEntryID: ["{mailbox.mdb_dn}", "{mailbox.dn}", OPENSTORE_USE_ADMIN_PRIVILEGE]
            as: eid
          - session.OpenMsgStore: [0, $eid, null, MDB_NO_DIALOG]
            expect: {error: MAPI_E_NOT_FOUND}
    """)
    assert result.failure.startswith(f"{pos(path, 'session.OpenMsgStore')}: "
                                     f"session.OpenMsgStore [n=1, mailbox=user001]: expected error "
                                     f"MAPI_E_NOT_FOUND, got success: <PyIMsgStore store#")


def test_a_failure_stops_the_run_and_counts_the_steps_taken(tmp_path):
    result, _ = run(tmp_path, """\
      - check: {logons: 5}
      - check: {logons: 1}
    """)
    assert (result.passed, result.steps) == (False, 7)


def test_a_passing_result_prints_its_numbers_and_keeps_the_timeline(tmp_path):
    result, path = run(tmp_path, """\
      - check: {logons: 1, connections: 1, logon_ids: [0], time_ms: 21, init_count: 1}
    """, name="ok.yaml")
    assert result.passed and result.failure is None
    assert repr(result) == (f"ScenarioResult(name='ok', source='{path}', passed=True, steps=7, logons_peak=1, "
                            f"connections_peak=1, connections_total=1, time_us=21000, failure=None, capacity=255)")
    assert [tuple(t) for t in result.timeline] == [(21000, "main", 1, "EX01", 1), (21000, "main", 1, "EX01", 0)]


def test_the_capacity_follows_the_worlds_reserved_logon_ids(tmp_path):
    world = tmp_path / "w.yaml"
    world.write_text(open(CONTOSO).read().replace("reserved_logon_ids: [255]", "reserved_logon_ids: [0, 255]"))
    result, _ = run(tmp_path, "", header=LOGON.replace(CONTOSO, str(world)))
    assert result.passed and result.capacity == 254
