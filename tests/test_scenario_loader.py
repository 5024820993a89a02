"""The scenario loader: a malformed file fails with ``file:line:column: path: what was
expected`` (a ScenarioError), checked before anything runs, never a parser traceback."""

from __future__ import annotations

import os
import textwrap

import pytest

from fakemapi.scenario import ScenarioError, load_scenario
from fakemapi.scenario.steps import CallStep, ProcessStep, RepeatStep

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORLDS = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios", "worlds")


def error_of(tmp_path, text: str, name: str = "s.yaml") -> ScenarioError:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    return info.value


def located(err: ScenarioError) -> tuple[int | None, int | None, str, str]:
    return err.line, err.column, err.path, err.reason


# --- calls ------------------------------------------------------------------------------------------
def test_unknown_module_function_names_the_module(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPIFrobnicate: [0]
        """)
    assert str(err) == (f"{tmp_path / 's.yaml'}:3:26: steps[0].mapi.MAPIFrobnicate: unknown call "
                        f"mapi.MAPIFrobnicate: pywin32's mapi module has no such function")


def test_unknown_method_on_a_binding_of_known_type(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPILogonEx: [0, "Admin", null, 0]
            as: session
          - session.QueryRows: [1, 0]
        """)
    assert located(err) == (5, 24, "steps[1].session.QueryRows",
                            "unknown call: $session is a PyIMAPISession, which has no method QueryRows")


def test_unknown_method_on_any_interface(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPIAdminProfiles: [0]
            as: admin
          - admin.GetProfileTable: [0]
            as: t
          - t.Frobnicate: []
        """)
    assert located(err) == (7, 19, "steps[2].t.Frobnicate",
                            "unknown call: $t is a PyIMAPITable, which has no method Frobnicate")


def test_exchange_edk_helpers_need_the_x86_flavor(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - exchange.HrMailboxLogon: [1, 2, 3, 4]
        """)
    assert located(err) == (3, 30, "steps[0].exchange.HrMailboxLogon",
                            "exchange.HrMailboxLogon exists only in 32-bit pywin32: add flavor: x86")


def test_wrong_argument_count_says_how_many_the_call_takes(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPIInitialize: [null, 1, 2]
        """)
    assert str(err) == (f"{tmp_path / 's.yaml'}:3:26: steps[0].mapi.MAPIInitialize: mapi.MAPIInitialize "
                        f"takes 1 argument(s); got 3")


def test_wrong_argument_count_for_a_range(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPILogonEx: [0]
        """)
    assert located(err) == (3, 23, "steps[0].mapi.MAPILogonEx", "mapi.MAPILogonEx takes 2 to 4 argument(s); got 1")


def test_arguments_must_be_a_list(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPIInitialize: 0
        """)
    assert located(err) == (3, 26, "steps[0].mapi.MAPIInitialize",
                            "expected the arguments as a list, e.g. [0, $eid, null, MDB_NO_DIALOG]")


# --- constants and bindings ---------------------------------------------------------------------------
def test_unknown_constant_points_at_the_name_itself(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPILogonEx: [0, "Admin", null, MAPI_EXTENDED | MAPI_NO_SUCH]
        """)
    assert str(err) == (f"{tmp_path / 's.yaml'}:3:58: steps[0].mapi.MAPILogonEx[3]: unknown constant "
                        f"'MAPI_NO_SUCH' (quote it if you meant a string)")


def test_a_lone_unknown_capitalized_name_is_an_unknown_constant(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPILogonEx: [0, NO_SUCH_PROFILE, null, 0]
        """)
    assert located(err) == (3, 27, "steps[0].mapi.MAPILogonEx[1]",
                            "unknown constant 'NO_SUCH_PROFILE' (quote it if you meant a string)")


def test_unbound_actor_is_a_bad_binding(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - session.GetMsgStoresTable: [0]
        """)
    assert str(err) == (f"{tmp_path / 's.yaml'}:3:32: steps[0].session.GetMsgStoresTable: bad binding: 'session' "
                        f"is not bound by an earlier step (use `as: session`), and is not a module (mapi, exchange, "
                        f"mapiutil, mapitags)")


def test_unbound_argument_is_a_bad_binding(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPIInitialize: [null]
          - mapi.MAPILogonEx: [0, $profile, null, 0]
        """)
    assert located(err) == (4, 27, "steps[1].mapi.MAPILogonEx[1]",
                            "bad binding: 'profile' is not bound by an earlier step (use `as: profile`), and is "
                            "not a module (mapi, exchange, mapiutil, mapitags)")


def test_binding_used_before_the_step_that_binds_it(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - s.GetMsgStoresTable: [0]
          - mapi.MAPILogonEx: [0, "Admin", null, 0]
            as: s
        """)
    assert located(err)[:3] == (3, 26, "steps[0].s.GetMsgStoresTable")


def test_releasing_an_unbound_name(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - release: store
        """)
    assert located(err)[:3] == (3, 14, "steps[0].release")
    assert err.reason.startswith("bad binding: 'store' is not bound")


def test_bad_binding_name(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPILogonEx: [0, "Admin", null, 0]
            as: 3x
        """)
    assert located(err) == (4, 9, "steps[0].as",
                            "expected a name to bind the result to (letters, digits, _ and {n}); got '3x'")


def test_binding_to_a_module_name_is_refused(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPILogonEx: [0, "Admin", null, 0]
            as: mapi
        """)
    assert located(err) == (4, 9, "steps[0].as", "'mapi' is a module name; bind to another name")


def test_indexed_actor_needs_its_root_bound(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - pair.1.GetMsgStoresTable: [0]
        """)
    assert located(err)[:3] == (3, 31, "steps[0].pair.1.GetMsgStoresTable")
    assert err.reason.startswith("bad binding: 'pair' is not bound")


def test_bytes_value_holds_only_bytes(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPILogonEx: [0, "$b:\u20ac", null, 0]
        """)
    assert located(err) == (3, 27, "steps[0].mapi.MAPILogonEx[1]",
                            "a $b: value holds bytes: characters \\x00 to \\xff only; got '\u20ac'")


# --- YAML and keys ------------------------------------------------------------------------------------
def test_bad_yaml_gives_the_parser_position_not_a_traceback(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPIInitialize: [null
          - x
        """)
    assert str(err) == f"{tmp_path / 's.yaml'}:5:1: not valid YAML: did not find expected ',' or ']'"


def test_tab_indentation_is_bad_yaml(tmp_path):
    err = error_of(tmp_path, "schema_version: 1\nsteps:\n\t- x\n")
    assert located(err) == (3, 1, "", "not valid YAML: found character that cannot start any token")


def test_duplicate_key(tmp_path):
    err = error_of(tmp_path, "schema_version: 1\nsteps: []\nsteps: []\n")
    assert located(err) == (3, 1, "steps", "duplicate key 'steps'")


def test_empty_file(tmp_path):
    err = error_of(tmp_path, "")
    assert str(err) == f"{tmp_path / 's.yaml'}: the file is empty; expected a mapping with schema_version: 1 and steps"


def test_unknown_top_level_key_points_at_the_key(tmp_path):
    err = error_of(tmp_path, "schema_version: 1\nstepz: []\n")
    assert str(err) == (f"{tmp_path / 's.yaml'}:2:1: stepz: unknown key 'stepz'; expected one of schema_version, "
                        f"name, description, world, flavor, strict, trace_size, faults, steps")


def test_unknown_step_key_points_at_the_key(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPIInitialize: [null]
            expext: {error: MAPI_E_CALL_FAILED}
        """)
    assert located(err) == (4, 5, "steps[0].expext",
                            "unknown key 'expext' in this step; expected mapi.MAPIInitialize, as, expect, note")


def test_unknown_expect_key(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPIInitialize: [null]
            expect: {eror: MAPI_E_CALL_FAILED}
        """)
    assert located(err) == (4, 14, "steps[0].expect.eror",
                            "unknown key 'eror' in expect; expected error, value, first, len, type, warning, at, "
                            "objects")


def test_unknown_check_key(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - check: {logonz: 3}
        """)
    assert located(err) == (3, 13, "steps[0].check.logonz",
                            "unknown check 'logonz'; expected one of logons, connections, logon_ids, live_objects, "
                            "time_ms, init_count, connection, no_leaks, server_sessions, notifications")


def test_unknown_error_name(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPIInitialize: [null]
            expect: {error: MAPI_E_NOPE}
        """)
    assert located(err) == (4, 21, "steps[0].expect.error",
                            "unknown error 'MAPI_E_NOPE': expected a MAPI_E_* (or EDK_E_*, E_*) name, a code such as "
                            "0x80040600, or one of TypeError, ValueError, AttributeError, NotImplementedError, "
                            "OverflowError")


def test_unknown_interface_type_in_objects(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPILogonEx: [0, "Admin", null, 0]
            expect: {objects: {1: PyINope}}
        """)
    assert located(err) == (4, 27, "steps[0].expect.objects[1]", "unknown interface type 'PyINope'")


def test_an_expected_error_excludes_values(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - mapi.MAPILogonEx: [0, "Admin", null, 0]
            expect: {error: MAPI_E_LOGON_FAILED, len: 2}
        """)
    assert located(err) == (4, 13, "steps[0].expect",
                            "an expected error excludes value, first, len, type, at and objects")


def test_schema_version_must_be_1(tmp_path):
    err = error_of(tmp_path, "schema_version: 2\nsteps: []\n")
    assert located(err) == (1, 17, "schema_version", "expected schema_version: 1; got 2")


def test_repeat_needs_a_count(tmp_path):
    err = error_of(tmp_path, """\
        schema_version: 1
        steps:
          - repeat: many
            steps: []
        """)
    assert located(err) == (3, 13, "steps[0].repeat", "expected a number of repetitions (0 or more)")


def test_world_file_that_does_not_exist(tmp_path):
    err = error_of(tmp_path, "schema_version: 1\nworld: nowhere.yaml\nsteps: []\n")
    assert located(err) == (2, 8, "world",
                            f"world file 'nowhere.yaml' not found (looked at {tmp_path / 'nowhere.yaml'})")


def test_inline_world_errors_carry_the_scenario_position(tmp_path):
    err = error_of(tmp_path, "schema_version: 1\nworld: {schema_version: 1, servers: [{nam: EX01}]}\nsteps: []\n")
    # an unknown key is pointed at where the key is written, as in a world file of its own
    assert str(err) == f"{tmp_path / 's.yaml'}:2:39: world.servers[0].nam: unknown key 'nam'; expected one of name"


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(tmp_path / "none.yaml"))
    assert str(info.value) == f"{tmp_path / 'none.yaml'}: cannot read the scenario file: No such file or directory"


# --- what loads ---------------------------------------------------------------------------------------
def test_a_valid_file_loads_with_its_steps_in_order(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(textwrap.dedent(f"""\
        schema_version: 1
        name: ok
        description: a small one
        world: {WORLDS}/contoso.yaml
        steps:
          - mapi.MAPIInitialize: [null]
          - repeat: 3
            steps:
              - check: {{init_count: 1}}
          - process: w
            steps:
              - mapi.MAPIInitialize: [null]
        """))
    scenario = load_scenario(str(path))
    assert (scenario.name, scenario.description, scenario.flavor, scenario.strict) == ("ok", "a small one", "x64",
                                                                                        False)
    assert [type(s) for s in scenario.steps] == [CallStep, RepeatStep, ProcessStep]
    assert scenario.count_steps() == 5
    assert str(scenario.steps[0].where) == f"{path}:6:26: mapi.MAPIInitialize"


def test_verbatim_and_bytes_strings_are_not_read_as_bindings(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text('schema_version: 1\nsteps:\n  - mapi.MAPILogonEx: [0, "$$$odd {n}", "$b:\\x00ab", 0]\n')
    step = load_scenario(str(path)).steps[0]
    assert [g({}) for g in step.args] == [0, "$odd {n}", b"\x00ab", 0]


def test_every_bundled_scenario_loads():
    folder = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios")
    names = sorted(n for n in os.listdir(folder) if n.endswith(".yaml"))
    assert len(names) >= 13  # one per KB 260141 statement and workaround, and more
    for name in names:
        assert load_scenario(os.path.join(folder, name)).steps
