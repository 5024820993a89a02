"""The pytest plugin (registered through the ``pytest11`` entry point).

``fakemapi`` fixture: installs the default world, or the one a
``@pytest.mark.fakemapi(world=..., flavor=..., strict=..., trace_size=...)`` marker names (a path is taken
relative to the test file when it exists there), and uninstalls after the test, whatever
happens in it.

Scenario files as tests: the ini option ``fakemapi_scenarios`` names folders (relative to the
rootdir); every ``*.yaml`` / ``*.yml`` file in them or their subfolders, except under a
``worlds/`` folder, is one test item that replays the scenario. A failing step fails the item
with the report ``fakemapi replay`` prints (``FAIL name`` and the step's file:line:col, what was
expected, what came back, the last calls); a file that cannot be loaded fails its item with the
loader's message. When pytest runs its ``testpaths`` (no paths on the command line), the folders
are collected too; with explicit paths, only what they name.

Programs imported at collection time: from the start of the session, ``win32com.mapi``,
``pywintypes``, ``pythoncom`` and ``winerror`` import as the drop-in modules (a
``sys.meta_path`` finder supplies them on first import), so a test module may import the program
under test at its top level. Their functions talk to the fixture's fake of the moment and raise
``fakemapi.NotInstalledError`` when called outside one. Where a real pywin32 is installed, the
finder steps aside (the real modules import) unless the ini option ``fakemapi_shadow_pywin32 =
true`` or ``--fakemapi-shadow-pywin32`` asks for the fake.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fakemapi.fake import Fake

_OPTIONS = ("world", "flavor", "strict", "trace_size")
SCENARIOS_INI = "fakemapi_scenarios"
SHADOW_INI = "fakemapi_shadow_pywin32"
SHADOW_FLAG = "--fakemapi-shadow-pywin32"
SCENARIO_SUFFIXES = (".yaml", ".yml")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(SCENARIOS_INI, "folders (relative to the rootdir) whose *.yaml scenario files are collected as "
                                 "test items (not under worlds/)", type="args", default=[])
    parser.addini(SHADOW_INI, "import the fakemapi drop-in modules even where a real pywin32 is installed",
                  type="bool", default=False)
    parser.getgroup("fakemapi").addoption(
        SHADOW_FLAG, action="store_true", default=False, dest="fakemapi_shadow_pywin32",
        help="import the fakemapi drop-in modules even where a real pywin32 is installed")


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser: pytest.Parser, args: list[str]) -> None:
    """From here on (before conftest files and test modules are imported), ``win32com.mapi`` and
    the other pywin32 names import as the drop-in modules (see the module docstring)."""
    from fakemapi.dropin.finder import DropinFinder

    shadow = bool(getattr(early_config.known_args_namespace, "fakemapi_shadow_pywin32", False)) or \
        bool(early_config.getini(SHADOW_INI))
    finder = DropinFinder(shadow=shadow)
    finder.insert()
    early_config._fakemapi_finder = finder  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    finder = getattr(config, "_fakemapi_finder", None)
    if finder is not None:
        finder.remove()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fakemapi(world=None, flavor='x64', strict=False, trace_size=10000): options of the "
                   "fakemapi fixture (trace_size=None keeps every call, 0 only the totals)")
    folders = _scenario_folders(config)
    if folders and _args_from_testpaths(config):
        present = [Path(os.path.abspath(a)) for a in config.args]
        for folder in folders:
            if not any(folder == p or p in folder.parents for p in present):
                config.args.append(str(folder))


def _args_from_testpaths(config: pytest.Config) -> bool:
    source = getattr(config, "args_source", None)
    return source is not None and source == pytest.Config.ArgsSource.TESTPATHS


def _scenario_folders(config: pytest.Config) -> list[Path]:
    cached: list[Path] | None = getattr(config, "_fakemapi_scenario_folders", None)
    if cached is not None:
        return cached
    folders = []
    for entry in config.getini(SCENARIOS_INI):
        folder = (config.rootpath / entry).resolve()
        if not folder.is_dir():
            raise pytest.UsageError(f"{SCENARIOS_INI}: no such folder: {entry} (looked at {folder})")
        folders.append(folder)
    config._fakemapi_scenario_folders = folders  # type: ignore[attr-defined]
    return folders


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in SCENARIO_SUFFIXES:
        return None
    resolved = file_path.resolve()
    for folder in _scenario_folders(parent.config):
        if folder in resolved.parents:
            if "worlds" in resolved.relative_to(folder).parts[:-1]:
                return None
            return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFailed(Exception):
    """A scenario item that did not pass; the message is what ``fakemapi replay`` prints."""


class ScenarioFile(pytest.File):
    """A scenario file: one item, named after the file."""

    def collect(self) -> Iterator[pytest.Item]:
        yield ScenarioItem.from_parent(self, name=self.path.stem)


class ScenarioItem(pytest.Item):
    """Replays one scenario file in a fresh fake."""

    def runtest(self) -> None:
        from fakemapi.scenario.loader import ScenarioError, load_scenario
        from fakemapi.scenario.runner import run_scenario
        from fakemapi.world.loader import WorldError

        try:
            scenario = load_scenario(str(self.path))
        except (ScenarioError, WorldError) as exc:
            raise ScenarioFailed(f"ERROR {exc}") from None
        result = run_scenario(scenario)
        self.user_properties.append(("fakemapi_steps", result.steps))
        if not result.passed:
            raise ScenarioFailed(f"FAIL {result.name}\n{result.failure}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | Any:
        if isinstance(excinfo.value, ScenarioFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"scenario {self.path.name}"


def _resolve_world(world: Any, request: pytest.FixtureRequest) -> Any:
    """A relative path is looked up next to the test file, then in the rootdir: never against the
    folder pytest was started from. Not found: a usage error naming every path tried."""
    if not isinstance(world, (str, os.PathLike)) or os.path.isabs(world):
        return world
    tried = []
    for base in (request.node.path.parent, request.config.rootpath):
        candidate = (base / os.fspath(world)).resolve()
        if candidate not in tried:
            tried.append(candidate)
        if candidate.is_file():
            return str(candidate)
    pytest.fail(f"@pytest.mark.fakemapi(world={os.fspath(world)!r}): no such world file; tried "
                + ", ".join(str(p) for p in tried)
                + " (a relative world= is looked up next to the test file, then in the rootdir)", pytrace=False)


@pytest.fixture
def fakemapi(request: pytest.FixtureRequest) -> Iterator[Fake]:
    """A freshly installed fake (see the module docstring)."""
    marker = request.node.get_closest_marker("fakemapi")
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    if marker is not None and marker.args:
        raise pytest.UsageError("@pytest.mark.fakemapi takes keyword arguments only: world=, flavor=, strict=, "
                                "trace_size=")
    unknown = set(options) - set(_OPTIONS)
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.fakemapi: unknown option(s) {sorted(unknown)}; "
                                f"expected {', '.join(_OPTIONS)}")
    if options.get("flavor", "x64") not in ("x64", "x86"):
        raise pytest.UsageError(f"@pytest.mark.fakemapi: flavor must be 'x64' or 'x86', not {options['flavor']!r}")
    if not isinstance(options.get("strict", False), bool):
        raise pytest.UsageError(f"@pytest.mark.fakemapi: strict must be True or False, not {options['strict']!r}")
    if "trace_size" in options:
        try:
            from fakemapi.trace import parse_size

            options["trace_size"] = parse_size(options["trace_size"])
        except ValueError as exc:
            raise pytest.UsageError(f"@pytest.mark.fakemapi: {exc}") from None
    world = _resolve_world(options.pop("world", None), request)
    from fakemapi.dropin.install import installed  # here, not at the top: every pytest start loads this plugin

    with installed(world, **options) as fake:
        yield fake
