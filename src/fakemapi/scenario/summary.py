"""The text summary of replayed scenarios: one line per scenario and the totals line, shared by
``fakemapi replay`` (:mod:`fakemapi.scenario.replay`) and its HTML report
(:mod:`fakemapi.scenario.report`)."""

from __future__ import annotations

from collections.abc import Sequence

from fakemapi.scenario.runner import ScenarioResult


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    first = cells[0].ljust(widths[0])
    rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:])]
    return "  ".join([first, *rest]).rstrip()


HEADER = ("scenario", "result", "steps", "logons peak", "connections", "virtual time")


def table_line(r: ScenarioResult) -> tuple[str, ...]:
    conns = f"{r.connections_peak}" if r.connections_peak == r.connections_total else \
        f"{r.connections_peak} ({r.connections_total} opened)"
    return (r.name, "PASS" if r.passed else "FAIL", str(r.steps), str(r.logons_peak), conns,
            f"{r.time_us / 1000:.1f} ms")


def totals_text(results: Sequence[ScenarioResult], broken: int = 0) -> str:
    """``13 scenarios: 13 passed, 0 failed`` (and how many files could not be loaded)."""
    failed = sum(1 for r in results if not r.passed)
    text = f"{len(results)} scenario{'' if len(results) == 1 else 's'}: {len(results) - failed} passed, {failed} failed"
    if broken:
        text += f"; {broken} could not be loaded"
    return text
