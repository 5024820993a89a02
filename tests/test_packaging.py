"""How the package installs and imports (issue 16 item 8, issue 15).

Each test runs a fresh interpreter where what it pins is what ``import`` does at start-up, so the
modules this test process already imported do not hide anything.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import fakemapi
from fakemapi.cli import main


def python(code: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_the_pytest_plugin_imports_nothing_of_the_model() -> None:
    """pytest loads every ``pytest11`` entry point at start-up (pluggy's load_setuptools_entrypoints),
    so whatever the plugin imports, every pytest run in the environment pays for."""
    done = python("import sys, pytest, fakemapi.pytest_plugin\n"
                  "print(sorted(m for m in sys.modules if m.startswith('fakemapi')))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['fakemapi', 'fakemapi.pytest_plugin']"


def test_import_fakemapi_loads_its_public_names_when_first_used() -> None:
    """README "Public API": ``fakemapi.install``, ``fakemapi.World``, ... and ``fakemapi.scenario``
    after a bare ``import fakemapi``; PEP 562 module ``__getattr__`` loads them on first use."""
    done = python(
        "import sys, fakemapi\n"
        "before = sorted(m for m in sys.modules if m.startswith('fakemapi'))\n"
        "from fakemapi.dropin.install import install\n"
        "from fakemapi.world.model import World\n"
        "assert fakemapi.install is install and fakemapi.World is World\n"
        "assert callable(fakemapi.scenario.load_scenario)\n"
        "assert all(hasattr(fakemapi, n) for n in fakemapi.__all__)\n"
        "assert set(fakemapi.__all__) <= set(dir(fakemapi))\n"
        "print(before)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['fakemapi']"


def test_an_unknown_name_of_the_package_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'fakemapi' has no attribute 'no_such_name'"):
        fakemapi.no_such_name  # noqa: B018


def test_a_fakemapi_folder_in_the_working_directory_does_not_shadow_the_package(tmp_path: Path) -> None:
    """A folder named ``fakemapi`` without ``__init__.py`` is a namespace portion (PEP 420): the path
    finder gives it up for a regular package found anywhere on ``sys.path``, but not for a package
    that only a meta-path finder provides. setuptools (command/editable_wheel.py,
    ``_select_strategy``) writes a static ``.pth`` only when ``package-dir`` is the one mapping
    ``"" = ...`` over a simple layout, and otherwise a ``_TopLevelFinder`` import hook, which is
    what the flat layout with ``fakemapi.bundled_scenarios = "scenarios"`` got."""
    (tmp_path / "fakemapi").mkdir()
    done = python("import fakemapi; print(fakemapi.__file__); fakemapi.install", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == Path(fakemapi.__file__)


def test_the_version_is_the_distributions_and_the_cli_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    """``fakemapi --version`` (argparse's version action: prints and exits 0)."""
    assert fakemapi.__version__ == importlib.metadata.version("fakemapi")
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"fakemapi {fakemapi.__version__}\n"


@pytest.mark.parametrize(("statement", "what"), [
    ("import fakemapi.strategies", "fakemapi.strategies"),
    ("from fakemapi import strategies", "fakemapi.strategies"),
    ("from fakemapi.testing import MapiMachine", "fakemapi.testing.MapiMachine"),
])
def test_the_hypothesis_kit_without_hypothesis_names_the_extra(statement: str, what: str) -> None:
    """hypothesis is a test dependency; ``import fakemapi`` and ``fakemapi.testing`` work without it."""
    done = python(f"import sys; sys.modules['hypothesis'] = None  # as if not installed\n"
                  f"import fakemapi.testing\n{statement}")
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"ImportError: {what} needs hypothesis, which is not installed")
    assert last.endswith("pip install 'fakemapi[hypothesis]' (or 'fakemapi[test]')")


@pytest.mark.parametrize(("old", "new"), [
    ("fakemapi.strategies", "fakemapi.testing.strategies"),
    ("fakemapi.program", "fakemapi.testing.program"),
    ("fakemapi.invariants", "fakemapi.testing.invariants"),
    ("fakemapi.workers", "fakemapi.testing.workers"),
    ("fakemapi.machine", "fakemapi.testing.machine"),
    ("fakemapi.faults", "fakemapi.emsmdb.faults"),
])
def test_the_old_import_paths_are_the_moved_modules(old: str, new: str) -> None:
    """Issue 15: the kit moved into fakemapi/testing/ and fault injection into emsmdb/; the import
    paths users have keep working, as the same module (so patching one patches the other)."""
    done = python(f"import importlib, {old}, {new}\n"
                  f"assert importlib.import_module('{old}') is {new}\n"
                  f"from {old} import *\n")
    assert done.returncode == 0, done.stderr
