"""``fakemapi replay``: the table, exit codes 0/1/2, --trace, folders, progress."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from scenario_text import OPEN_OWN_STORE

from fakemapi.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios")
CONTOSO = os.path.join(BUNDLED, "worlds", "contoso.yaml")

PASSING = """\
schema_version: 1
name: NAME
world: WORLD
steps:
""" + OPEN_OWN_STORE + """\
  - check: {logons: LOGONS}
"""


def write(folder, name: str, logons: int = 1) -> str:
    path = folder / f"{name}.yaml"
    text = PASSING.replace("NAME", name).replace("WORLD", CONTOSO).replace("LOGONS", str(logons))
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_table_has_one_line_per_scenario_with_its_numbers(tmp_path, capsys):
    a, b = write(tmp_path, "alpha"), write(tmp_path, "beta")
    assert main(["replay", a, b]) == 0
    out, err = capsys.readouterr()
    assert out == (
        "scenario  result  steps  logons peak  connections  virtual time  errors met\n"
        "alpha       PASS      6            1            1       21.0 ms  -\n"
        "beta        PASS      6            1            1       21.0 ms  -\n"
        "\n"
        "2 scenarios: 2 passed, 0 failed\n")
    assert err == ""  # no progress when stderr is not a terminal


def test_a_failing_scenario_exits_1_and_prints_its_report(tmp_path, capsys):
    good, bad = write(tmp_path, "good"), write(tmp_path, "bad", logons=2)
    assert main(["replay", good, bad]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[:3] == ["scenario  result  steps  logons peak  connections  virtual time  errors met",
                         "good        PASS      6            1            1       21.0 ms  -",
                         "bad         FAIL      6            1            1       21.0 ms  -"]
    assert lines[4] == "2 scenarios: 1 passed, 1 failed"
    assert lines[6:9] == ["FAIL bad", f"{bad}:14:12: check logons: logons: expected 2, got 1", "  last calls:"]


def test_a_file_that_cannot_be_loaded_exits_2_and_says_why(tmp_path, capsys):
    good = write(tmp_path, "good")
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\nsteps:\n  - mapi.MAPIFrobnicate: [0]\n")
    assert main(["replay", good, str(broken)]) == 2
    out = capsys.readouterr().out
    assert out.endswith("\n1 scenario: 1 passed, 0 failed; 1 could not be loaded\n\n"
                        f"ERROR {broken}:3:26: steps[0].mapi.MAPIFrobnicate: unknown call mapi.MAPIFrobnicate: "
                        f"pywin32's mapi module has no such function\n")


def test_a_missing_path_exits_2(tmp_path, capsys):
    assert main(["replay", str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err == f"fakemapi replay: no such file or folder: {tmp_path / 'nope.yaml'}\n"


def test_a_folder_without_scenarios_exits_2(tmp_path, capsys):
    assert main(["replay", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "fakemapi replay: no scenario files found\n"


def test_a_folder_runs_its_yaml_files_in_name_order_but_not_its_worlds(tmp_path, capsys):
    write(tmp_path, "b")
    write(tmp_path, "a")
    (tmp_path / "notes.txt").write_text("not a scenario")
    worlds = tmp_path / "worlds"
    worlds.mkdir()
    worlds.joinpath("w.yaml").write_text(open(CONTOSO).read())
    assert main(["replay", str(tmp_path)]) == 0
    rows = capsys.readouterr().out.splitlines()[1:3]
    assert [r.split()[0] for r in rows] == ["a", "b"]


def test_trace_writes_every_call_of_every_scenario_as_json_lines(tmp_path, capsys):
    a, b = write(tmp_path, "alpha"), write(tmp_path, "beta")
    trace = tmp_path / "out.jsonl"
    assert main(["replay", a, b, "--trace", str(trace)]) == 0
    events = [json.loads(line) for line in trace.read_text().splitlines()]
    assert [e["scenario"] for e in events].count("alpha") == [e["scenario"] for e in events].count("beta")
    first = events[0]
    assert first == {"scenario": "alpha", "seq": 1, "time_us": 0, "process": "main", "actor": "mapi",
                     "call": "MAPIInitialize", "args": "None", "result": "None", "hresult": None,
                     "connection_id": None, "logon_id": None}
    assert [e["call"] for e in events if e["scenario"] == "alpha"][:6] == [
        "MAPIInitialize", "MAPILogonEx", "GetMsgStoresTable", "QueryRows", "OpenMsgStore", "Release"]


def test_progress_option_reports_each_file_on_stderr(tmp_path, capsys):
    a, b = write(tmp_path, "alpha"), write(tmp_path, "beta")
    assert main(["replay", "--progress", a, b]) == 0
    assert capsys.readouterr().err == "[1/2] alpha.yaml\n[2/2] beta.yaml\n"


def test_report_option_writes_the_html_page(tmp_path, capsys):
    a = write(tmp_path, "alpha")
    assert main(["replay", a, "--report", str(tmp_path / "r.html")]) == 0
    html = (tmp_path / "r.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and 'data-scenario="alpha"' in html


def test_without_paths_it_replays_the_bundled_scenarios(capsys):
    assert main(["replay"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("scenario                        result  steps  logons peak     connections  virtual time  "
                        "errors met")
    files = [n[:-5] for n in sorted(os.listdir(BUNDLED)) if n.endswith(".yaml")]  # in file-name order
    assert [line.split()[0] for line in lines[1:1 + len(files)]] == files
    assert ("kb260141-limit                    PASS    518          255               1      275.0 ms  "
            "MAPI_E_FAILONEPROVIDER (OpenMsgStore at 255 LogonIds)") in lines
    assert lines[-1] == f"{len(files)} scenarios: {len(files)} passed, 0 failed"


@pytest.mark.parametrize("argv", [["-m", "fakemapi", "replay"], ["-m", "fakemapi.cli", "replay"]])
def test_the_command_runs_as_a_module(tmp_path, argv):
    a = write(tmp_path, "alpha")
    done = subprocess.run([sys.executable, *argv, a], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.splitlines()[1]) == (
        0, "alpha       PASS      6            1            1       21.0 ms  -")


def test_bundled_scenarios_come_from_the_installed_copy_when_there_is_one(tmp_path, monkeypatch):
    from fakemapi.scenario import replay as replay_module

    package = tmp_path / "site-packages" / "fakemapi"
    (package / "scenario").mkdir(parents=True)
    monkeypatch.setattr(replay_module, "__file__", str(package / "scenario" / "replay.py"))
    assert replay_module.bundled_dir() == str(tmp_path / "site-packages" / "scenarios")  # a checkout layout
    (package / "bundled_scenarios").mkdir()
    assert replay_module.bundled_dir() == str(package / "bundled_scenarios")


def test_in_a_checkout_the_bundled_scenarios_are_the_scenarios_folder():
    from fakemapi.scenario.replay import bundled_dir

    assert bundled_dir() == BUNDLED


def test_the_readme_shows_the_real_output_of_the_main_job(capsys):
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    assert "python -m pip install . && fakemapi replay\n" in readme
    shown = readme.split("Output of the first:\n\n```\n", 1)[1].split("```", 1)[0]
    assert main(["replay"]) == 0
    assert capsys.readouterr().out == shown


# --- what each scenario showed (issue 16 item 5) ----------------------------------------------------
def test_the_errors_column_names_each_error_with_the_call_and_the_table_state(capsys):
    # KB 260141: OpenMsgStore fails with MAPI_E_FAILONEPROVIDER once the 255 LogonIds are in use;
    # KB 842022 (R11): the 33rd server session of a user is refused
    limit, cap = os.path.join(BUNDLED, "kb260141-limit.yaml"), os.path.join(BUNDLED, "kb260141-session-cap.yaml")
    assert main(["replay", limit, cap]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].endswith("  MAPI_E_FAILONEPROVIDER (OpenMsgStore at 255 LogonIds)")
    assert lines[2].endswith("  MAPI_E_FAILONEPROVIDER (OpenMsgStore at 32 connections)")


def test_more_than_two_errors_are_counted_and_verbose_lists_them_all_with_the_description(capsys):
    path = os.path.join(BUNDLED, "privileged-access.yaml")
    assert main(["replay", path]) == 0
    row = capsys.readouterr().out.splitlines()[1]
    assert row.endswith("  MAPI_E_UNCONFIGURED (OpenMsgStore), MAPI_E_NO_ACCESS (OpenMsgStore), +2 more")
    assert main(["replay", "-v", path]) == 0
    out = capsys.readouterr().out
    details = out.split("\n\n")[1].splitlines()
    assert details[0] == "privileged-access"
    assert details[1].startswith("  ") and len(details) > 4
    assert details[-5:] == ["  errors met:",
                            "    MAPI_E_UNCONFIGURED: first in OpenMsgStore",
                            "    MAPI_E_NO_ACCESS: first in OpenMsgStore",
                            "    MAPI_E_NOT_FOUND: first in OpenMsgStore",
                            "    MAPI_E_CALL_FAILED: first in CreateStoreEntryID"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_quick_run_prints_no_progress_lines(tmp_path):
    from fakemapi.scenario.replay import replay

    err = _Terminal()
    assert replay([write(tmp_path, "alpha"), write(tmp_path, "beta")], out=io.StringIO(), err=err) == 0
    assert err.getvalue() == ""


def test_on_a_terminal_a_run_past_the_threshold_prints_progress_from_then_on(tmp_path, monkeypatch):
    from fakemapi.scenario import replay as replay_module

    monkeypatch.setattr(replay_module, "PROGRESS_AFTER_S", -1.0)  # every run counts as slow
    err = _Terminal()
    a, b = write(tmp_path, "alpha"), write(tmp_path, "beta")
    assert replay_module.replay([a, b], out=io.StringIO(), err=err) == 0
    assert err.getvalue() == "[1/2] alpha.yaml\n[2/2] beta.yaml\n"
    err = _Terminal()
    assert replay_module.replay([a, b], out=io.StringIO(), err=err, progress=False) == 0
    assert err.getvalue() == ""


def test_no_progress_flag_silences_progress(tmp_path, capsys):
    assert main(["replay", "--no-progress", write(tmp_path, "alpha")]) == 0
    assert capsys.readouterr().err == ""
