"""The pytest plugin: the ``fakemapi`` fixture and the ``@pytest.mark.fakemapi`` marker, driven
through inner test files run by pytester."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

#: what inner tests import to look at the fake from outside the fixture
PRELUDE = """\
import sys
import pytest
from fakemapi.dropin.registry import REGISTRY
"""

SMALL_WORLD = """\
schema_version: 1
organization: {name: Fabrikam, site: Lab}
servers: [{name: MX1}]
mailboxes: [{alias: zoe, display_name: Zoe}]
profiles: [{name: Zoe, mailbox: zoe, default: true}]
"""


def run_inner(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # hypothesis's plugin would import hypothesis afresh in every inner run (pytester drops the
    # modules an inner run imported), which takes seconds; these inner tests do not need it
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)


def test_fixture_installs_the_default_world_x64_not_strict(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
def test_inner(fakemapi):
    from win32com.mapi import mapi, exchange
    import pythoncom
    assert REGISTRY.fake is fakemapi
    assert fakemapi.world.source == "fakemapi/world/default.yaml"
    assert (fakemapi.flavor, fakemapi.strict) == ("x64", False)
    assert not hasattr(exchange, "HrMailboxLogon")
    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_NEW_SESSION)
    assert session.QueryIdentity().endswith(b"/cn=admin\\0")
""")
    run_inner(pytester).assert_outcomes(passed=1)


def test_fixture_uninstalls_after_each_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
def test_1_uses_the_fake(fakemapi):
    assert REGISTRY.fake is fakemapi

def test_2_after():
    assert REGISTRY.fake is None
""")
    run_inner(pytester).assert_outcomes(passed=2)


def test_each_test_gets_a_fresh_fake(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
SEEN = []

@pytest.mark.parametrize("n", [1, 2])
def test_inner(fakemapi, n):
    from win32com.mapi import mapi
    assert fakemapi.init_count == 0
    mapi.MAPIInitialize(None)
    SEEN.append(fakemapi)
    if n == 2:
        assert SEEN[0] is not SEEN[1]
""")
    run_inner(pytester).assert_outcomes(passed=2)


def test_fixture_uninstalls_even_when_the_test_fails(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
BEFORE = sys.modules.get("win32com.mapi.mapi")

def test_1_fails_by_assertion(fakemapi):
    assert False, "inner failure"

def test_2_fails_by_exception(fakemapi):
    from win32com.mapi import mapi
    mapi.MAPIInitialize(None)
    mapi.MAPILogonEx(0, "NoSuchProfile", None, 0)  # com_error

def test_3_nothing_left_installed():
    assert REGISTRY.fake is None
    assert sys.modules.get("win32com.mapi.mapi") is BEFORE
""")
    result = run_inner(pytester)
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*AssertionError: inner failure*",
                                 "*com_error: (-2147221231, 'OLE error 0x80040111', None, None)*"])


def test_marker_world_given_as_a_relative_path_resolves_next_to_the_test_file(pytester: pytest.Pytester) -> None:
    sub = pytester.mkdir("sub")
    (sub / "small.yaml").write_text(SMALL_WORLD, encoding="utf-8")
    (sub / "test_inner.py").write_text(PRELUDE + """
import os

@pytest.mark.fakemapi(world="small.yaml")
def test_inner(fakemapi):
    assert not os.path.exists("small.yaml")  # not in the working directory
    assert fakemapi.world.source == os.path.join(os.path.dirname(__file__), "small.yaml")
    assert [m.alias for m in fakemapi.world] == ["zoe"]
""", encoding="utf-8")
    run_inner(pytester).assert_outcomes(passed=1)


def test_marker_world_relative_path_not_next_to_the_test_is_taken_from_the_rootdir_wherever_pytest_runs(
        pytester: pytest.Pytester) -> None:
    # issue 16 item 3: the result must not depend on the folder pytest is started from
    (pytester.path / "root_world.yaml").write_text(SMALL_WORLD, encoding="utf-8")
    (pytester.path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    sub = pytester.mkdir("sub")
    (sub / "test_inner.py").write_text(PRELUDE + """
@pytest.mark.fakemapi(world="root_world.yaml")
def test_inner(fakemapi):
    assert fakemapi.world.mailbox("zoe").dn == "/o=Fabrikam/ou=Lab/cn=Recipients/cn=zoe"
""", encoding="utf-8")
    run_inner(pytester).assert_outcomes(passed=1)
    elsewhere = pytester.mkdir("elsewhere")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(elsewhere)
        run_inner(pytester, str(sub)).assert_outcomes(passed=1)


def test_marker_world_that_is_not_found_names_every_path_tried(pytester: pytest.Pytester) -> None:
    (pytester.path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    sub = pytester.mkdir("sub")
    (sub / "test_inner.py").write_text(PRELUDE + """
@pytest.mark.fakemapi(world="worlds/big.yaml")
def test_inner(fakemapi):
    pass
""", encoding="utf-8")
    result = run_inner(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([
        f"*@pytest.mark.fakemapi(world='worlds/big.yaml'): no such world file; tried {sub}/worlds/big.yaml, "
        f"{pytester.path}/worlds/big.yaml*"])


def test_marker_world_given_as_a_dict(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
@pytest.mark.fakemapi(world={"schema_version": 1, "servers": [{"name": "S1"}], "mailboxes": [{"alias": "q"}]})
def test_inner(fakemapi):
    assert fakemapi.world.source is None
    assert fakemapi.world.mailbox("q").server == "S1"
""")
    run_inner(pytester).assert_outcomes(passed=1)


def test_marker_flavor_and_strict(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
@pytest.mark.fakemapi(flavor="x86", strict=True)
def test_inner(fakemapi):
    from win32com.mapi import exchange
    assert (fakemapi.flavor, fakemapi.strict) == ("x86", True)
    assert callable(exchange.HrMailboxLogon)
""")
    run_inner(pytester).assert_outcomes(passed=1)


def test_module_and_class_markers_apply_and_the_closest_one_wins(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
pytestmark = pytest.mark.fakemapi(flavor="x86")

def test_module_level(fakemapi):
    assert fakemapi.flavor == "x86"

class TestGroup:
    pytestmark = pytest.mark.fakemapi(strict=True)

    def test_class_level(self, fakemapi):
        assert (fakemapi.flavor, fakemapi.strict) == ("x64", True)

    @pytest.mark.fakemapi(flavor="x86")
    def test_function_level(self, fakemapi):
        assert (fakemapi.flavor, fakemapi.strict) == ("x86", False)
""")
    run_inner(pytester).assert_outcomes(passed=3)


def test_the_marker_is_registered(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
@pytest.mark.fakemapi(strict=True)
def test_inner(fakemapi):
    assert fakemapi.strict
""")
    run_inner(pytester, "--strict-markers").assert_outcomes(passed=1)
    result = run_inner(pytester, "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.fakemapi(world=None, flavor='x64', strict=False, trace_size=10000)*"])


@pytest.mark.parametrize("marker, message", [
    ('fakemapi(colour="red")',
     "@pytest.mark.fakemapi: unknown option(s) ['colour']; expected world, flavor, strict"),
    ('fakemapi("small.yaml")',
     "@pytest.mark.fakemapi takes keyword arguments only: world=, flavor=, strict="),
    ('fakemapi(flavor="arm64")',
     "@pytest.mark.fakemapi: flavor must be 'x64' or 'x86', not 'arm64'"),
    ('fakemapi(strict="yes")',
     "@pytest.mark.fakemapi: strict must be True or False, not 'yes'"),
])
def test_bad_marker_options_are_usage_errors(pytester: pytest.Pytester, marker: str, message: str) -> None:
    pytester.makepyfile(PRELUDE + f"""
@pytest.mark.{marker}
def test_inner(fakemapi):
    raise AssertionError("must not run")

def test_after():
    assert REGISTRY.fake is None
""")
    result = run_inner(pytester)
    result.assert_outcomes(errors=1, passed=1)
    assert f"UsageError: {message}" in result.stdout.str()
    result.stdout.no_fnmatch_line("*must not run*")


def test_a_bad_world_file_in_the_marker_errors_with_its_position(pytester: pytest.Pytester) -> None:
    (pytester.path / "bad.yaml").write_text("schema_version: 1\nservers: []\n", encoding="utf-8")
    pytester.makepyfile(PRELUDE + """
@pytest.mark.fakemapi(world="bad.yaml")
def test_inner(fakemapi):
    raise AssertionError("must not run")
""")
    result = run_inner(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*WorldError: */bad.yaml:2:10: servers: expected at least one server*"])


# --- programs imported at collection time (issue 16 item 1) -----------------------------------
PROGRAM = """\
from win32com.mapi import mapi   # at import time, as pywin32 programs do

def count_stores():
    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_EXTENDED | mapi.MAPI_USE_DEFAULT)
    try:
        return len(session.GetMsgStoresTable(0).QueryRows(10, 0))
    finally:
        session.Logoff(0, 0, 0)
        mapi.MAPIUninitialize()
"""


def run_subprocess(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # a fresh interpreter: nothing of this session's sys.modules, as a user's first run
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)


def test_a_test_module_may_import_the_program_at_its_top_level(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(myprogram=PROGRAM)
    pytester.makepyfile(test_inner="""
import myprogram                      # collection imports win32com.mapi: no fake installed yet

def test_first(fakemapi):
    assert myprogram.count_stores() == 2   # the own store and the public folders
    assert [e.call for e in fakemapi.trace.filter(call="MAPILogonEx")] == ["MAPILogonEx"]

def test_second_gets_its_own_fake(fakemapi):
    assert myprogram.count_stores() == 2   # the own store and the public folders
    assert len(fakemapi.trace.filter(call="MAPILogonEx")) == 1
""")
    run_subprocess(pytester).assert_outcomes(passed=2)


def test_a_drop_in_call_outside_the_fixture_raises_not_installed_error_saying_where_it_works(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile(myprogram=PROGRAM)
    pytester.makepyfile(test_inner="""
import pytest
import fakemapi
import myprogram

def test_outside():
    with pytest.raises(fakemapi.NotInstalledError) as info:
        myprogram.count_stores()
    assert "inside a test that uses the `fakemapi` fixture" in str(info.value)
    assert myprogram.mapi.MAPI_EXTENDED == 0x20      # constants need no fake
""")
    run_subprocess(pytester).assert_outcomes(passed=1)


def _real_pywin32(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in for an installed pywin32 on sys.path (what a Windows developer machine has)."""
    site = pytester.mkdir("site")
    (site / "pywintypes.py").write_text("REAL = True\n", encoding="utf-8")
    (site / "win32com").mkdir()
    (site / "win32com" / "__init__.py").write_text("REAL = True\n", encoding="utf-8")
    (site / "win32com" / "mapi").mkdir()
    (site / "win32com" / "mapi" / "__init__.py").write_text("", encoding="utf-8")
    (site / "win32com" / "mapi" / "mapi.py").write_text("REAL = True\n", encoding="utf-8")
    pytester.makepyfile(test_inner="""
import os
import pywintypes
from win32com.mapi import mapi

def test_which():
    assert getattr(mapi, "REAL", False) is (os.environ["EXPECT"] == "real")
    assert getattr(pywintypes, "REAL", False) is (os.environ["EXPECT"] == "real")
""")
    monkeypatch.setenv("PYTHONPATH", str(site))


def test_a_real_pywin32_is_not_shadowed_by_default(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    _real_pywin32(pytester, monkeypatch)
    monkeypatch.setenv("EXPECT", "real")
    run_subprocess(pytester).assert_outcomes(passed=1)


def test_a_real_pywin32_is_shadowed_with_the_command_line_flag(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    _real_pywin32(pytester, monkeypatch)
    monkeypatch.setenv("EXPECT", "fake")
    run_subprocess(pytester, "--fakemapi-shadow-pywin32").assert_outcomes(passed=1)


def test_a_real_pywin32_is_shadowed_with_the_ini_option(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    _real_pywin32(pytester, monkeypatch)
    pytester.makeini("[pytest]\nfakemapi_shadow_pywin32 = true\n")
    monkeypatch.setenv("EXPECT", "fake")
    run_subprocess(pytester).assert_outcomes(passed=1)


# --- nested installs (issue 13) ------------------------------------------------------------------
def test_an_inner_installed_block_in_a_fixture_test_gives_the_outer_fake_back(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
import fakemapi

def test_inner(fakemapi):
    from win32com.mapi import mapi
    outer = REGISTRY.fake
    with fakemapi_module().installed() as inner:
        assert REGISTRY.fake is inner
    assert REGISTRY.fake is outer
    mapi.MAPIInitialize(None)
    assert outer.init_count == 1

def fakemapi_module():
    import fakemapi as m
    return m
""")
    run_inner(pytester).assert_outcomes(passed=1)


def test_run_scenario_inside_a_fixture_test_leaves_the_fixtures_fake_installed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
from fakemapi.scenario import load_scenario, run_scenario
from fakemapi.scenario.replay import bundled_dir
import os

def test_inner(fakemapi):
    from win32com.mapi import mapi
    result = run_scenario(load_scenario(os.path.join(bundled_dir(), "kb260141-release-order.yaml")))
    assert result.passed
    assert REGISTRY.fake is fakemapi
    mapi.MAPIInitialize(None)
    assert fakemapi.init_count == 1
""")
    run_inner(pytester).assert_outcomes(passed=1)


def test_record_against_a_world_inside_a_fixture_test_leaves_the_fixtures_fake_installed(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PRELUDE + """
import fakemapi as fm

def test_inner(fakemapi, tmp_path):
    with fm.record(str(tmp_path / "r.yaml"), target=fm.World.default()):
        from win32com.mapi import mapi
        mapi.MAPIInitialize(None)
        assert REGISTRY.fake is not fakemapi
    assert REGISTRY.fake is fakemapi
    assert fakemapi.init_count == 0
""")
    run_inner(pytester).assert_outcomes(passed=1)
