"""Scenario files as pytest items (the ``fakemapi_scenarios`` ini option), driven through
inner pytest runs with pytester: what is collected, what a failure reads like."""

from __future__ import annotations

import io
import os

import pytest
from scenario_text import OPEN_OWN_STORE

from fakemapi.scenario.replay import replay

pytest_plugins = ["pytester"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTOSO = open(os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios", "worlds", "contoso.yaml"),
               encoding="utf-8").read()

SCENARIO = """\
schema_version: 1
name: NAME
world: WORLD
steps:
""" + OPEN_OWN_STORE + """\
  - check: {logons: LOGONS}
"""


def scenario(name: str, logons: int = 1, world: str = "worlds/contoso.yaml") -> str:
    return SCENARIO.replace("NAME", name).replace("WORLD", world).replace("LOGONS", str(logons))


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """scen/ (ok, bad, broken, sub/deep, worlds/contoso), other/stray.yaml, tests/test_fixture.py."""
    pytester.makeini("[pytest]\ntestpaths = tests\nfakemapi_scenarios = scen\n")
    pytester.mkdir("scen")
    pytester.mkdir("scen/worlds")
    pytester.mkdir("scen/sub")
    pytester.mkdir("other")
    pytester.mkdir("tests")
    (pytester.path / "scen/worlds/contoso.yaml").write_text(CONTOSO)
    (pytester.path / "scen/ok.yaml").write_text(scenario("ok"))
    (pytester.path / "scen/bad.yaml").write_text(scenario("bad", logons=2))
    (pytester.path / "scen/broken.yaml").write_text("schema_version: 1\nsteps:\n  - mapi.MAPIFrobnicate: [0]\n")
    (pytester.path / "scen/sub/deep.yaml").write_text(scenario("deep", world="../worlds/contoso.yaml"))
    (pytester.path / "other/stray.yaml").write_text(scenario("stray"))
    (pytester.path / "tests/test_fixture.py").write_text(
        "def test_fixture_still_works(fakemapi):\n    assert fakemapi.logons() == []\n")
    return pytester


def run_inner(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)


def test_scenario_folders_are_collected_beside_testpaths(project):
    result = run_inner(project, "--collect-only", "-q")
    collected = [line for line in result.outlines if "::" in line]
    assert collected == [
        "tests/test_fixture.py::test_fixture_still_works",
        "scen/bad.yaml::bad",
        "scen/broken.yaml::broken",
        "scen/ok.yaml::ok",
        "scen/sub/deep.yaml::deep",
    ]


def test_scenarios_pass_and_fail_as_items(project):
    result = run_inner(project)
    result.assert_outcomes(passed=3, failed=2)


def test_a_failing_scenario_reads_like_the_cli(project):
    result = run_inner(project, "scen/bad.yaml")
    result.assert_outcomes(failed=1)
    path = str(project.path / "scen" / "bad.yaml")
    cli = io.StringIO()  # what fakemapi replay prints for the same file
    assert replay([path], out=cli) == 1
    cli_report = cli.getvalue().split("\n\n")[2].rstrip("\n").splitlines()
    assert cli_report[:3] == ["FAIL bad", f"{path}:14:12: check logons: logons: expected 2, got 1", "  last calls:"]
    text = result.stdout.str().splitlines()
    start = text.index("FAIL bad")
    assert text[start:start + len(cli_report)] == cli_report
    assert "Traceback" not in result.stdout.str()
    # the short summary's wording after the item id differs between pytest versions
    assert "FAILED scen/bad.yaml::bad" in result.stdout.str()


def test_a_file_that_cannot_be_loaded_fails_its_item_with_the_loader_message(project):
    result = run_inner(project, "scen/broken.yaml")
    result.assert_outcomes(failed=1)
    path = project.path / "scen" / "broken.yaml"
    result.stdout.fnmatch_lines([f"ERROR {path}:3:26: steps[0].mapi.MAPIFrobnicate: unknown call "
                                 f"mapi.MAPIFrobnicate: pywin32's mapi module has no such function"])


def test_explicit_paths_collect_only_what_they_name(project):
    result = run_inner(project, "tests", "--collect-only", "-q")
    assert [line for line in result.outlines if "::" in line] == ["tests/test_fixture.py::test_fixture_still_works"]
    result = run_inner(project, "scen/ok.yaml", "-q")
    result.assert_outcomes(passed=1)


def test_yaml_outside_the_folders_and_in_worlds_is_not_collected(project):
    result = run_inner(project, "other", "scen/worlds", "--collect-only", "-q")
    assert [line for line in result.outlines if "::" in line] == []


def test_a_missing_scenario_folder_is_a_usage_error(pytester):
    pytester.makeini("[pytest]\nfakemapi_scenarios = nowhere\n")
    result = run_inner(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [f"ERROR: fakemapi_scenarios: no such folder: nowhere (looked at {pytester.path}/nowhere)"])


def test_without_the_option_yaml_files_are_not_items(pytester):
    pytester.makeini("[pytest]\n")
    (pytester.path / "ok.yaml").write_text(scenario("ok"))
    result = run_inner(pytester)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
