"""The text summary of replayed scenarios: one line per scenario and the totals line, shared by
``fakemapi replay`` (:mod:`fakemapi.scenario.replay`) and its HTML report
(:mod:`fakemapi.scenario.report`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fakemapi.scenario.runner import ScenarioResult


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
