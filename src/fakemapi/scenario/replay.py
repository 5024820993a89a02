"""``fakemapi replay``: run scenario files and print one line per scenario."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from typing import TextIO

from fakemapi.scenario.loader import ScenarioError, load_scenario
from fakemapi.scenario.runner import ScenarioResult, run_scenario
from fakemapi.scenario.summary import (  # noqa: F401 - HEADER, table_line, errors_met: also used from here
    HEADER,
    _row,
    details,
    errors_met,
    errors_text,
    table_line,
    totals_text,
)
from fakemapi.world.loader import WorldError


def bundled_dir() -> str:
    """The bundled scenarios: the installed copy (``fakemapi/bundled_scenarios``), else the
    ``scenarios/`` folder of the checkout fakemapi runs from."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    installed = os.path.join(package, "bundled_scenarios")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(package), "scenarios")


def collect(paths: Iterable[str]) -> list[str]:
    """Scenario files named, or found (``*.yaml``, not under ``worlds/``) in folders named."""
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                full = os.path.join(path, name)
                if name.endswith((".yaml", ".yml")) and os.path.isfile(full):
                    out.append(full)
        elif os.path.isfile(path):
            out.append(path)
        elif os.path.exists(path):
            raise FileNotFoundError(f"{path} (not a regular file or a folder)")
        else:
            raise FileNotFoundError(path)
    return out


#: with progress left to the default, a terminal sees ``[i/n] file`` lines only once a run has
#: taken this long (wall-clock seconds; the scenarios' own times are virtual)
PROGRESS_AFTER_S = 1.0


def replay(paths: Sequence[str], out: TextIO | None = None, err: TextIO | None = None, *,
           trace: str | None = None, report: str | None = None, progress: bool | None = None,
           verbose: bool = False) -> int:
    """Run the scenarios (files, or the ``*.yaml`` files of folders; none: the bundled set);
    print the table to ``out`` (stdout); 0 when all pass, 1 when any fails, 2 on bad input.
    ``progress=True`` prints ``[i/n] file`` to ``err`` for every file, ``False`` never; by
    default, only when ``err`` is a terminal and once the run has taken more than a second.
    ``verbose`` adds each scenario's description and every error it met after the table."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        files = collect(paths or [bundled_dir()])
    except FileNotFoundError as exc:
        print(f"fakemapi replay: no such file or folder: {exc}", file=err)
        return 2
    if not files:
        print("fakemapi replay: no scenario files found", file=err)
        return 2
    terminal = progress is None and err.isatty()
    started = time.monotonic()
    results: list[ScenarioResult] = []
    broken: list[str] = []
    for i, path in enumerate(files, 1):
        if progress or (terminal and time.monotonic() - started > PROGRESS_AFTER_S):
            print(f"[{i}/{len(files)}] {os.path.basename(path)}", file=err, flush=True)
        try:
            scenario = load_scenario(path)
        except (ScenarioError, WorldError) as exc:
            broken.append(str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the others
            broken.append(f"{path}: cannot load the scenario: {type(exc).__name__}: {exc}")
            continue
        try:
            results.append(run_scenario(scenario))
        except Exception as exc:  # noqa: BLE001 - e.g. its world cannot be installed
            broken.append(f"{path}: cannot run the scenario: {type(exc).__name__}: {exc}")
    rows = [table_line(r) for r in results]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(HEADER)]
    print(_row(HEADER, widths), file=out)
    for row in rows:
        print(_row(row, widths), file=out)
    if verbose:
        for r in results:
            print("", file=out)
            for line in details(r):
                print(line, file=out)
    failed = [r for r in results if not r.passed]
    print(f"\n{totals_text(results, len(broken))}", file=out)
    for r in failed:
        print(f"\nFAIL {r.name}\n{r.failure}", file=out)
    for message in broken:
        print(f"\nERROR {message}", file=out)
    if trace:
        with open(trace, "w", encoding="utf-8") as fh:
            for r in results:
                for event in r.trace:
                    fh.write(json.dumps({"scenario": r.name, **event.as_dict()}, sort_keys=True) + "\n")
    if report:
        from fakemapi.scenario.report import write_report

        write_report(report, results, broken=broken)
    if broken:
        return 2
    return 1 if failed else 0
