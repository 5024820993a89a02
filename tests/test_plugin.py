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
BEFORE = sys.modules.get("win32com.mapi")

def test_1_uses_the_fake(fakemapi):
    import win32com.mapi
    assert sys.modules["win32com.mapi"] is not BEFORE

def test_2_after():
    assert REGISTRY.fake is None
    assert sys.modules.get("win32com.mapi") is BEFORE
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


def test_marker_world_relative_path_that_is_not_next_to_the_test_is_taken_from_the_working_directory(
        pytester: pytest.Pytester) -> None:
    (pytester.path / "cwd_world.yaml").write_text(SMALL_WORLD, encoding="utf-8")
    sub = pytester.mkdir("sub")
    (sub / "test_inner.py").write_text(PRELUDE + """
@pytest.mark.fakemapi(world="cwd_world.yaml")
def test_inner(fakemapi):
    assert fakemapi.world.source == "cwd_world.yaml"
    assert fakemapi.world.mailbox("zoe").dn == "/o=Fabrikam/ou=Lab/cn=Recipients/cn=zoe"
""", encoding="utf-8")
    run_inner(pytester).assert_outcomes(passed=1)


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
