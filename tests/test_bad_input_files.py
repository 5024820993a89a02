"""World and scenario files a user (or a generator) gets wrong end in a located, clean error:
never a traceback, a hang, a gigabyte of memory, or a quote of a file that is not theirs.

Sources: the YAML 1.1 spec (aliases, tags, the core schema's int/float/timestamp forms; NEL,
U+0085, is a line break in YAML 1.1 section 5.4, so a double-quoted string must escape it);
docs/scenarios.md (templates: {n}, {mailbox.*}, {servers[NAME].*}, {org.*}, {process}); Exchange's
alias rule (New-Mailbox -Alias, learn.microsoft.com/powershell/module/exchange/new-mailbox: at most
64 of A-Z a-z 0-9 and !#$%&'*+-/=?^_`{|}~, periods only between other characters); a FILETIME
(PT_SYSTIME) counts from 1601-01-01 and Python's datetime ends in 9999.
"""

from __future__ import annotations

import os
import pathlib
import textwrap
import time

import pytest

import fakemapi
from fakemapi import World, WorldError
from fakemapi.scenario import load_scenario, run_scenario
from fakemapi.scenario.loader import ScenarioError
from fakemapi.scenario.replay import replay

MINIMAL = "schema_version: 1\nservers: [{name: EX01}]\n"


def world_error(tmp_path: pathlib.Path, text: str | bytes) -> WorldError:
    path = tmp_path / "w.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(WorldError) as info:
        World.load(str(path))
    return info.value


def scenario_error(tmp_path: pathlib.Path, text: str) -> ScenarioError:
    path = tmp_path / "s.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    return info.value


def where(err: WorldError | ScenarioError) -> tuple[int | None, int | None, str]:
    return err.line, err.column, err.path


# --- YAML itself ---------------------------------------------------------------------------------
def test_billion_laughs_is_refused_at_once(tmp_path):
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for prev, name in zip("abcdefgh", "bcdefghi"):
        text += f"{name}: &{name} [{', '.join('*' + prev for _ in range(10))}]\n"
    started = time.process_time()
    err = world_error(tmp_path, text)
    assert "aliases expand to more than 1,000,000 values" in err.reason
    assert time.process_time() - started < 5  # refused from the node graph, not by expanding it


def test_an_alias_inside_itself_is_refused_at_its_anchor(tmp_path):
    # PyYAML's composer gives an alias the very node of its anchor, so the anchor is the place known
    err = world_error(tmp_path, "schema_version: 1\nservers: &s [{name: EX01}, *s]\n")
    assert (err.line, err.column) == (2, 10)
    assert "an alias refers to a list or mapping that contains it" in err.reason


def test_nesting_deeper_than_100_levels_is_refused(tmp_path):
    err = world_error(tmp_path, "schema_version: 1\nservers: " + "[" * 150 + "]" * 150 + "\n")
    assert err.line == 2 and "nested deeper than 100 levels" in err.reason


@pytest.mark.parametrize("value, shown", [("!!int ten", "'ten' is not a valid int value"),
                                          ("!!float x", "'x' is not a valid float value"),
                                          ("!!timestamp soon", "'soon' is not a valid timestamp value"),
                                          ("2024-02-30", "'2024-02-30' is not a valid timestamp value")])
def test_explicit_and_implicit_tags_that_do_not_fit_are_located(tmp_path, value, shown):
    err = world_error(tmp_path, f"{MINIMAL}organization: {{name: {value}}}\n")
    assert where(err) == (3, 22, "organization.name")
    assert err.reason == f"{shown} (quote it for a string)"


def test_python_tags_are_not_constructed(tmp_path):
    err = world_error(tmp_path, f"{MINIMAL}organization: {{name: !!python/name:os.system x}}\n")
    assert where(err) == (3, 22, "organization.name")
    assert "could not determine a constructor" in err.reason


def test_a_mapping_used_as_a_key_is_refused_at_the_key(tmp_path):
    err = world_error(tmp_path, MINIMAL + "? {a: 1}\n: 2\n")
    assert (err.line, err.column) == (3, 3)
    assert err.reason.startswith("a mapping key must be a plain value")


def test_invalid_utf8_names_the_line_and_column(tmp_path):
    err = world_error(tmp_path, MINIMAL.encode() + b"organization: {name: Co\xffntoso}\n")
    assert (err.line, err.column) == (3, 24)
    assert err.reason.startswith("not UTF-8 text: byte 0xFF")


def test_a_control_character_is_a_located_yaml_error(tmp_path):
    err = world_error(tmp_path, MINIMAL + "organization: {name: \x07}\n")
    assert (err.line, err.column) == (3, 22)
    assert "character U+0007 is not allowed" in err.reason


# --- files that are not the user's world --------------------------------------------------------
def test_a_nul_in_the_path_is_a_world_error():
    with pytest.raises(WorldError) as info:
        World.load("worlds/a\0b.yaml")
    assert "the path holds a NUL character" in str(info.value)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero (a character device)")
def test_a_device_is_not_read():
    with pytest.raises(WorldError) as info:
        World.load("/dev/zero")
    assert str(info.value) == "/dev/zero: cannot read the world file: it is not a regular file"


def test_a_folder_is_not_read(tmp_path):
    with pytest.raises(WorldError) as info:
        World.load(str(tmp_path))
    assert str(info.value) == f"{tmp_path}: cannot read the world file: it is a folder"


@pytest.mark.parametrize("content", ["root:x:0:0:root:/root:/bin/bash\nsecret:x:1:1::/:/bin/sh\n",
                                     "API_KEY: s3cr3t-value\nOTHER: 1\n", "- s3cr3t-value\n"])
def test_a_file_that_is_not_a_world_is_never_quoted(tmp_path, content):
    (tmp_path / "passwd").write_text(content, encoding="utf-8")
    (tmp_path / "s.yaml").write_text("schema_version: 1\nworld: passwd\nsteps: []\n", encoding="utf-8")
    with pytest.raises(WorldError) as info:
        load_scenario(str(tmp_path / "s.yaml"))
    assert str(info.value).startswith(f"{tmp_path / 'passwd'}:1:1: ")
    message = str(info.value).replace(str(tmp_path), "")
    assert "s3cr3t" not in message and "bash" not in message and "API_KEY" not in message


def test_fakemapi_run_does_not_quote_a_file_that_is_not_a_world(tmp_path, capsys):
    from fakemapi.cli import main

    (tmp_path / "notes.txt").write_text("password: hunter2\n", encoding="utf-8")
    (tmp_path / "p.py").write_text("print('ran')\n", encoding="utf-8")
    assert main(["run", "--world", str(tmp_path / "notes.txt"), str(tmp_path / "p.py")]) == 2
    err = capsys.readouterr().err
    assert "hunter2" not in err and "password" not in err
    assert "missing schema_version" in err


# --- worlds that load but could not work ----------------------------------------------------------
@pytest.mark.parametrize("alias", ["j\u00f6rg", "a\0b", "a..b", ".ab", "x" * 65])
def test_an_alias_exchange_would_refuse_is_refused_at_load(tmp_path, alias):
    err = world_error(tmp_path, f"{MINIMAL}mailboxes: [{{alias: {alias!r}}}]\n".replace("'", '"'))
    assert where(err)[2] == "mailboxes[0].alias"
    assert "is not an Exchange alias" in err.reason


@pytest.mark.parametrize("key, value", [("organization", "{name: M\u00fcller AG}"),
                                        ("organization", "{site: 'H Q'}"),
                                        ("servers", '[{name: "EX\\0"}]'),
                                        ("servers", "[{name: SERVER.LOCAL}]")])
def test_names_that_go_into_dns_are_ascii_host_or_organization_names(tmp_path, key, value):
    text = f"schema_version: 1\n{key}: {value}\n" + ("servers: [{name: EX01}]\n" if key != "servers" else "")
    err = world_error(tmp_path, text)
    assert "is not a name Exchange accepts" in err.reason
    assert err.line == 2


def test_an_accepted_alias_with_punctuation_opens_its_own_store():
    world = World.from_dict({"schema_version": 1, "servers": [{"name": "EX-01"}],
                             "organization": {"name": "Fabrikam Inc"},
                             "mailboxes": [{"alias": "o'brien.j", "rights": "admin"}],
                             "profiles": [{"name": "P", "mailbox": "o'brien.j"}]})
    with fakemapi.installed(world):
        from win32com.mapi import mapi, mapitags

        mapi.MAPIInitialize(None)
        session = mapi.MAPILogonEx(0, "P", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
        table = session.GetMsgStoresTable(0)
        table.SetColumns((mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), 0)
        eid = next(row[0][1] for row in table.QueryRows(10, 0) if row[1][1])
        store = session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG)
        assert store.GetProps((mapitags.PR_DISPLAY_NAME_A,), 0)[1][0][1] == b"Mailbox - o'brien.j"


# --- numbers, durations and dates ---------------------------------------------------------------
@pytest.mark.parametrize("value", [".inf", ".nan", "-.inf", "1e300", "99999999999999"])
def test_connect_cost_must_be_a_finite_number_of_milliseconds(tmp_path, value):
    err = world_error(tmp_path, f"{MINIMAL}emsmdb: {{connect_ms: {value}}}\n")
    assert where(err)[2] == "emsmdb.connect_ms"
    assert err.reason.startswith("expected a number of milliseconds from 0 to 3,600,000")


MESSAGES = MINIMAL + "mailboxes:\n  - alias: a\n    folders:\n      Inbox:\n        messages:\n"


@pytest.mark.parametrize("every, reason", [
    (".inf", "expected a duration such as 90s"),
    (".nan", "expected a duration such as 90s"),
    ("999999999999999d", "is longer than the years a time can span"),
    ("99999999999999999999", "is longer than the years a time can span"),
])
def test_every_must_be_a_duration_a_time_can_hold(tmp_path, every, reason):
    err = world_error(tmp_path, MESSAGES + f"          - generate: {{count: 2, every: {every}}}\n")
    assert where(err)[2] == "mailboxes[0].folders.Inbox.messages[0].generate.every"
    assert reason in err.reason


def test_generated_messages_that_would_be_received_after_9999_are_refused(tmp_path):
    err = world_error(tmp_path, MESSAGES + "          - generate: {count: 10000000, every: 30d}\n")
    assert where(err)[2] == "mailboxes[0].folders.Inbox.messages[0].generate.every"
    assert "would be received after the year 9999" in err.reason


@pytest.mark.parametrize("stamp", ["9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00", "1500-01-01"])
def test_times_outside_1601_to_9999_after_their_offset_are_refused(tmp_path, stamp):
    err = world_error(tmp_path, MESSAGES + f"          - {{subject: s, received: '{stamp}'}}\n")
    assert where(err)[2] == "mailboxes[0].folders.Inbox.messages[0].received"
    assert "outside the years 1601 to 9999" in err.reason


# --- generate templates ---------------------------------------------------------------------------
@pytest.mark.parametrize("pattern, reason", [
    ("u{n:>999999999}", "asks for a width of 999999999; at most 100"),
    ("u{n.__class__}", "unknown field 'n.__class__'"),
    ("u{n!r}", "conversions are not supported"),
    ("u{n:{n}}", "nested fields are not supported"),
])
def test_generate_patterns_take_n_and_a_bounded_format_only(tmp_path, pattern, reason):
    err = world_error(tmp_path, f"{MINIMAL}mailboxes: [{{generate: {{count: 2, alias: '{pattern}'}}}}]\n")
    assert where(err)[2] == "mailboxes[0].generate.alias"
    assert reason in err.reason


def test_a_world_holds_at_most_a_million_mailboxes_in_all(tmp_path):
    entries = ", ".join(f"{{generate: {{count: 600000, alias: 'g{i}u{{n}}'}}}}" for i in range(2))
    err = world_error(tmp_path, f"{MINIMAL}mailboxes: [{entries}]\n")
    assert where(err)[2] == "mailboxes[1].generate.count"
    assert err.reason == "the world would hold 1,200,000 mailboxes by here; a world holds at most 1,000,000"


def test_a_message_subject_template_with_a_huge_width_stays_as_written(tmp_path):
    generated = {"generate": {"count": 1, "subject": "s{n:>999999999}"}}
    world = World.from_dict({"schema_version": 1, "servers": [{"name": "EX01"}], "mailboxes": [
        {"alias": "a", "folders": {"Inbox": {"messages": [generated]}}}]})
    spec = world.mailboxes[0].folders[0].messages[0]
    assert spec.message(1).subject == "s{n:>999999999}"


# --- scenario files ---------------------------------------------------------------------------------
HEAD = "schema_version: 1\nsteps:\n"


def test_an_unquoted_hresult_is_read_as_that_code(tmp_path):
    # docs/scenarios.md writes codes such as 0x80040600 unquoted; YAML reads them as numbers
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + "  - mapi.MAPILogonEx: [0, 'Admin', null, 0]\n    expect: {error: 0x80040605}\n",
                    encoding="utf-8")
    scenario = load_scenario(str(path))
    assert scenario.steps[0].expect.error == "MAPI_E_NOT_INITIALIZED"
    assert run_scenario(scenario).passed
    unnamed = tmp_path / "n.yaml"
    unnamed.write_text(HEAD + "  - mapi.MAPILogonEx: [0, 'x', null, 0]\n    expect: {error: 0x800401F3}\n",
                       encoding="utf-8")
    assert load_scenario(str(unnamed)).steps[0].expect.error == "0x800401F3"


def test_an_hresult_number_out_of_32_bits_is_located(tmp_path):
    err = scenario_error(tmp_path, HEAD + "  - mapi.MAPIInitialize: [null]\n    expect: {error: 0x1800401F3}\n")
    assert where(err) == (4, 21, "steps[0].expect.error")


@pytest.mark.parametrize("template, reason", [
    ("{org.__class__}", "expected {org.X} with X one of dn, name, site"),
    ("{mailbox.__init__.__globals__}", "expected {mailbox.X} with X one of"),
    ("{servers[EX01].__class__}", "'__class__' is not a field of a server"),
    ("{n:>999999999}", "asks for a width of 999999999"),
    ("{process.upper}", "{process} has no fields"),
])
def test_scenario_templates_reach_documented_fields_only(tmp_path, template, reason):
    err = scenario_error(tmp_path, HEAD + f"  - mapi.MAPIInitialize: ['{template}']\n")
    assert where(err)[2] == "steps[0].mapi.MAPIInitialize[0]"
    assert reason in err.reason


@pytest.mark.parametrize("step, path", [("- mapi.MAPIInitialize: [null]\n    as: 'x{n:>999999999}'", "steps[0].as"),
                                        ("- release: '{org.__class__}'", "steps[0].release"),
                                        ("- process: 'p{n.real}'\n    steps: []", "steps[0].process")])
def test_templates_in_names_are_checked_at_load(tmp_path, step, path):
    err = scenario_error(tmp_path, HEAD + "  " + step + "\n")
    assert where(err)[2] == path


def run_text(tmp_path: pathlib.Path, steps: str) -> str:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + textwrap.dedent(steps), encoding="utf-8")
    result = run_scenario(load_scenario(str(path)))
    assert not result.passed
    assert result.failure is not None
    return result.failure


@pytest.mark.parametrize("steps, line, reason", [
    ("  - mapi.MAPIInitialize: [null]\n    as: 'x{n}'\n", 3, "{n} is only set inside repeat or for_each"),
    ("  - process: 'p{n}'\n    steps: []\n", 3, "{n} is only set inside repeat or for_each"),
    ("  - mapi.MAPIInitialize: [null]\n    as: x\n  - release: 'x{n}'\n", 5,
     "{n} is only set inside repeat or for_each"),
    ("  - mapi.MAPIInitialize: [null]\n    expect: {value: '{mailbox.dn}'}\n", 3,
     "{mailbox} is only set inside for_each: mailboxes"),
])
def test_a_template_outside_its_loop_fails_that_step_at_its_place(tmp_path, steps, line, reason):
    failure = run_text(tmp_path, steps)
    assert failure.startswith(f"{tmp_path / 's.yaml'}:{line}:")
    assert reason in failure


def test_an_overflow_error_from_a_call_is_an_error_the_scenario_can_expect(tmp_path):
    from scenario_text import OPEN_OWN_STORE

    path = tmp_path / "s.yaml"
    # pywin32 mapiutil.cpp PyMAPIObject_AsSRestriction reads relop with "l" (a C long): a number past
    # it raises OverflowError, which a scenario names like TypeError
    path.write_text(HEAD + OPEN_OWN_STORE + "  - stores.Restrict: [[4, [18446744073709551617, PR_DISPLAY_NAME_A, "
                    "[PR_DISPLAY_NAME_A, x]]], 0]\n    expect: {error: OverflowError}\n", encoding="utf-8")
    result = run_scenario(load_scenario(str(path)))
    assert result.passed, result.failure


@pytest.mark.parametrize("check, reason", [
    ("{connection: {id: 1, logons: many}}", "expected a number or {min: a, max: b}"),
    ("{connection: {id: one}}", "expected a connection id (an integer)"),
    ("{connection: {id: 1, separate: 3}}", "expected true or false"),
    ("{server_sessions: {admin: lots}}", "expected a user (or server/user) and a number"),
])
def test_check_values_of_the_wrong_kind_are_refused_at_load(tmp_path, check, reason):
    err = scenario_error(tmp_path, HEAD + f"  - check: {check}\n")
    assert err.line == 3 and reason in err.reason


def test_replay_reports_a_broken_scenario_and_runs_the_others(tmp_path):
    import io

    (tmp_path / "a_broken.yaml").write_text(HEAD + "  - mapi.MAPIInitialize: [null]\n    as: 'x{n}'\n",
                                            encoding="utf-8")
    (tmp_path / "b_bad_yaml.yaml").write_text("schema_version: 1\nsteps: [\x07]\n", encoding="utf-8")
    (tmp_path / "c_good.yaml").write_text(HEAD + "  - mapi.MAPIInitialize: [null]\n  - mapi.MAPIUninitialize: []\n",
                                          encoding="utf-8")
    out = io.StringIO()
    code = replay([str(tmp_path)], out=out, err=io.StringIO())
    text = out.getvalue()
    assert code == 2
    assert "c_good" in text and "PASS" in text
    assert f"FAIL a_broken\n{tmp_path / 'a_broken.yaml'}:3:" in text
    assert f"ERROR {tmp_path / 'b_bad_yaml.yaml'}:2:9:" in text


# --- found while fuzzing: loops and ranges that would run or allocate without end -----------------
def test_nested_repeats_past_a_million_steps_are_refused_at_load(tmp_path):
    err = scenario_error(tmp_path, HEAD + "  - repeat: 100000\n    steps:\n      - repeat: 100000\n"
                                          "        steps:\n          - check: {logons: 0}\n")
    assert where(err) == (3, 5, "steps[0]")
    assert "would run more than 1,000,000 steps" in err.reason


def test_a_logon_id_range_past_one_byte_is_refused(tmp_path):
    # a LogonId is one byte (R1; MS-OXCROPS 2.2.1: LogonId is a 1-byte field)
    err = scenario_error(tmp_path, HEAD + "  - check: {logon_ids: 0..99999999999}\n")
    assert where(err) == (3, 24, "steps[0].check.logon_ids")
    assert err.reason == "expected a range of LogonIds within 0..255; got 0..99999999999"


@pytest.mark.parametrize("ms", [".inf", ".nan", "1e20"])
def test_a_slow_fault_takes_a_bounded_number_of_milliseconds(tmp_path, ms):
    err = scenario_error(tmp_path, f"schema_version: 1\nfaults: [{{slow: connect, ms: {ms}}}]\nsteps: []\n")
    assert where(err)[2] == "faults[0].ms"


@pytest.mark.parametrize("props, reason", [("{0x00170002: 70000}", "does not fit a PT_I2 property"),
                                           ("{0x0E080003: 99999999999}", "does not fit a PT_LONG property")])
def test_integer_property_values_must_fit_their_type(tmp_path, props, reason):
    err = world_error(tmp_path, MESSAGES + f"          - {{subject: s, props: {props}}}\n")
    assert reason in err.reason


def test_a_size_hint_must_fit_pr_message_size(tmp_path):
    err = world_error(tmp_path, MESSAGES + "          - {subject: s, size_hint: 99999999999}\n")
    assert where(err)[2] == "mailboxes[0].folders.Inbox.messages[0].size_hint"


def test_a_dict_world_whose_folders_hold_themselves_is_a_world_error():
    folders: dict = {}
    folders["A"] = {"folders": folders}
    with pytest.raises(WorldError) as info:
        World.from_dict({"schema_version": 1, "servers": [{"name": "EX01"}],
                         "mailboxes": [{"alias": "a", "folders": folders}]})
    assert info.value.reason == "folders nested more than 30 deep"


def test_a_numeric_named_property_id_is_32_bits(tmp_path):
    # MAPINAMEID (mapidefs.h): Kind.lID is a LONG
    err = world_error(tmp_path, MINIMAL + "mailboxes: [{alias: a, named_props: [{name: 99999999999}]}]\n")
    assert where(err)[2] == "mailboxes[0].named_props[0].name"
    assert err.reason == "a numeric name is a 32-bit id (0 to 0xFFFFFFFF); got 99999999999"


def test_process_outside_a_process_block_is_main(tmp_path):
    # docs/scenarios.md: {process} is the current process name; the trace names the first one main
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + "  - mapi.MAPIInitialize: [null]\n    as: 'init_{process}'\n  - release: init_main\n",
                    encoding="utf-8")
    result = run_scenario(load_scenario(str(path)))
    assert result.passed, result.failure


def test_a_template_that_names_a_whole_object_fails_its_step_without_showing_it(tmp_path):
    # only plain values (numbers, strings) are filled in; {servers[EX01]} is a server, not text
    failure = run_text(tmp_path, "  - mapi.MAPIInitialize: ['{servers[EX01]}']\n")
    assert failure.startswith(f"{tmp_path / 's.yaml'}:3:")
    assert "cannot format a Server" in failure
