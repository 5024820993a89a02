"""``fakemapi replay``: run scenario files and print one line per scenario."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from fakemapi.scenario.loader import ScenarioError, load_scenario
from fakemapi.scenario.runner import ScenarioResult, run_scenario
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


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    """The first and last columns (names) left-aligned, the numbers between right-aligned."""
    first = cells[0].ljust(widths[0])
    rest = [c.rjust(w) for c, w in zip(cells[1:-1], widths[1:-1])]
    return "  ".join([first, *rest, cells[-1]]).rstrip()


HEADER = ("scenario", "result", "steps", "logons peak", "connections", "virtual time", "errors met")

#: calls that open a store: their errors are shown with the logon tables' state at the time
STORE_OPENS = ("OpenMsgStore", "HrMailboxLogon", "HrOpenExchangePrivateStore", "HrOpenExchangePublicStore")


def errors_met(r: ScenarioResult) -> list[tuple[str, int, str]]:
    """The errors the scenario's calls met, in the order first met: (name, how often, where the
    first one happened: the call, and for a store open the LogonIds in use on the busiest
    connection, or the connections open). Fault-injection marker lines are not errors."""
    found: dict[str, list[Any]] = {}
    for event in r.trace:
        if not event.hresult or event.actor == "fault":
            continue
        entry = found.get(event.hresult)
        if entry is not None:
            entry[1] += 1
            continue
        where = event.call
        if event.call in STORE_OPENS:
            in_use, live = _tables_at(r.timeline, event.time_us)
            if in_use >= r.capacity:
                where += f" at {in_use} LogonIds"
            elif live > 1:
                where += f" at {live} connections"
        found[event.hresult] = [event.hresult, 1, where]
    return [(name, count, where) for name, count, where in found.values()]


def _tables_at(timeline: Sequence[tuple[int, str, int, str, int]], time_us: int) -> tuple[int, int]:
    """(LogonIds in use on the busiest live connection, live connections) when a call at
    ``time_us`` failed. Releases cost no virtual time, so changes stamped with the same time may
    come after the call: at that time, a connection counts with the most it held."""
    state: dict[int, int] = {}
    for t, _, conn, _, in_use in timeline:
        if t > time_us:
            break
        if t < time_us:
            if in_use < 0:
                state.pop(conn, None)
            else:
                state[conn] = in_use
        elif in_use >= 0:
            state[conn] = max(state.get(conn, in_use), in_use)
    return max(state.values(), default=0), len(state)


def errors_text(r: ScenarioResult, limit: int = 2) -> str:
    """``MAPI_E_FAILONEPROVIDER (OpenMsgStore at 255 LogonIds), ...``: the first ``limit`` errors
    met (``+N more``), the call that met each first, and for a store open the table full or the
    connections open; ``-`` for none."""
    met = errors_met(r)
    parts = [f"{name}{f' x{count}' if count > 1 else ''} ({where})" for name, count, where in met[:limit]]
    if len(met) > limit:
        parts.append(f"+{len(met) - limit} more")
    return ", ".join(parts) or "-"


def table_line(r: ScenarioResult) -> tuple[str, ...]:
    conns = f"{r.connections_peak}" if r.connections_peak == r.connections_total else \
        f"{r.connections_peak} ({r.connections_total} opened)"
    return (r.name, "PASS" if r.passed else "FAIL", str(r.steps), str(r.logons_peak), conns,
            f"{r.time_us / 1000:.1f} ms", errors_text(r))


def totals_text(results: Sequence[ScenarioResult], broken: int = 0) -> str:
    """``13 scenarios: 13 passed, 0 failed`` (and how many files could not be loaded)."""
    failed = sum(1 for r in results if not r.passed)
    text = f"{len(results)} scenario{'' if len(results) == 1 else 's'}: {len(results) - failed} passed, {failed} failed"
    if broken:
        text += f"; {broken} could not be loaded"
    return text


#: with progress left to the default, a terminal sees ``[i/n] file`` lines only once a run has
#: taken this long (wall-clock seconds; the scenarios' own times are virtual)
PROGRESS_AFTER_S = 1.0


def details(r: ScenarioResult, width: int = 100) -> list[str]:
    """``-v``: the scenario's description and every error it met, under its name."""
    import textwrap

    lines = [r.name]
    if r.description:
        lines += textwrap.wrap(" ".join(r.description.split()), width, initial_indent="  ", subsequent_indent="  ")
    met = errors_met(r)
    if met:
        lines.append("  errors met:")
        lines += [f"    {name}{f' x{count}' if count > 1 else ''}: first in {where}" for name, count, where in met]
    else:
        lines.append("  errors met: none")
    return lines


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
