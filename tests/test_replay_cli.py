"""``fakemapi replay``: the table, exit codes 0/1/2, --trace, folders, progress."""

from __future__ import annotations

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
        "scenario  result  steps  logons peak  connections  virtual time\n"
        "alpha       PASS      6            1            1       21.0 ms\n"
        "beta        PASS      6            1            1       21.0 ms\n"
        "\n"
        "2 scenarios: 2 passed, 0 failed\n")
    assert err == ""  # no progress when stderr is not a terminal


def test_a_failing_scenario_exits_1_and_prints_its_report(tmp_path, capsys):
    good, bad = write(tmp_path, "good"), write(tmp_path, "bad", logons=2)
    assert main(["replay", good, bad]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[:3] == ["scenario  result  steps  logons peak  connections  virtual time",
                         "good        PASS      6            1            1       21.0 ms",
                         "bad         FAIL      6            1            1       21.0 ms"]
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
    assert lines[0] == "scenario                        result  steps  logons peak     connections  virtual time"
    files = [n[:-5] for n in sorted(os.listdir(BUNDLED)) if n.endswith(".yaml")]  # in file-name order
    assert [line.split()[0] for line in lines[1:1 + len(files)]] == files
    assert "kb260141-limit                    PASS    518          255               1      275.0 ms" in lines
    assert lines[-1] == f"{len(files)} scenarios: {len(files)} passed, 0 failed"


@pytest.mark.parametrize("argv", [["-m", "fakemapi", "replay"], ["-m", "fakemapi.cli", "replay"]])
def test_the_command_runs_as_a_module(tmp_path, argv):
    a = write(tmp_path, "alpha")
    done = subprocess.run([sys.executable, *argv, a], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.splitlines()[1]) == (
        0, "alpha       PASS      6            1            1       21.0 ms")


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
