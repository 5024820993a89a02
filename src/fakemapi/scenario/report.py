"""The HTML report of a replay (``fakemapi replay --report out.html``).

One self-contained page: inline CSS and SVG, no scripts, no external resources, and no wall
clock (the same results give the same bytes). It holds the summary table the CLI prints and,
per scenario, a chart of each connection's logon-table occupancy over virtual time with the
capacity line (255 LogonIds unless the world reserves others) when the peak comes near it (else
the y axis fits the peak and the capacity is noted as off the scale), the errors the trace
recorded marked on the time axis with their names, and a strip of the connections open with the
per-user session cap when the count comes near it. Long stretches of virtual time without calls
(a connect of 20 or 500 ms, a server down) are drawn shortened and shaded, so that short
activity stays readable.

Elements carry classes a test (or a stylesheet) can find: ``svg.occupancy``, one
``path.conn`` per connection (``data-connection``, ``data-process``, ``data-server``,
``data-peak``), ``line.capacity``, one ``g.error`` per marked group of errors (``data-error``,
``data-count``, ``data-time-us``) holding a ``text.error-label``, ``path.open-connections``, and
``line.session-cap`` (``data-cap``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from html import escape
from typing import Callable

import attrs

from fakemapi.scenario.runner import Occupancy, ScenarioResult
from fakemapi.trace import TraceEvent

# --- geometry (SVG user units; the SVG scales to the page width) ---------------------------------
WIDTH = 980
LEFT = 64  # room for the y-axis labels
RIGHT = 28
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = 250
LANE_ROW = 17  # one row of error labels
MAX_LANE_ROWS = 5
AXIS_H = 44  # tick labels and the axis title under the plot
STRIP_H = 46  # the open-connections strip
STRIP_GAP = 18
LABEL_CHAR_W = 6.9  # 11.5px monospace: about 0.6em per character
LEGEND_MAX = 8  # connections named in the legend; the rest are summarized

PALETTE = ("#1f77b4", "#e377c2", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#bcbd22",
           "#7f7f7f", "#393b79")
ERROR_COLOR = "#c62828"

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f5f6f8; color: #1d2330;
       font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1060px; margin: 0 auto; padding: 28px 24px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0; }
.lede { color: #4a5263; margin: 0 0 20px; }
.card { background: #fff; border: 1px solid #dde1e8; border-radius: 10px; padding: 18px 22px; margin: 0 0 22px;
        box-shadow: 0 1px 2px rgba(20, 30, 50, .04); }
table.summary { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.summary th, table.summary td { padding: 7px 9px; border-bottom: 1px solid #e7eaf0; text-align: right;
                                     white-space: nowrap; }
table.summary th:first-child, table.summary td:first-child { text-align: left; }
table.summary th:last-child, table.summary td:last-child { text-align: left; white-space: normal; min-width: 14em;
                                                           font-size: 12.5px; overflow-wrap: break-word; }
table.summary th { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #5b6475;
                   font-weight: 600; }
table.summary tbody tr:hover { background: #f3f6fb; }
table.summary a { color: #1d4ed8; text-decoration: none; }
table.summary a:hover { text-decoration: underline; }
.badge { display: inline-block; min-width: 48px; text-align: center; padding: 1px 9px; border-radius: 999px;
         font-size: 12.5px; font-weight: 700; letter-spacing: .05em; }
.badge.pass { background: #dcf5e3; color: #166534; }
.badge.fail { background: #fde2e1; color: #9f1c1c; }
.totals { margin: 12px 0 0; color: #4a5263; }
.scenario header { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.scenario .source { color: #6b7385; font-size: 13px; margin-left: auto; font-family: ui-monospace, Menlo,
                    Consolas, monospace; }
.scenario p.description { margin: 8px 0 6px; color: #333a48; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 6px 0 10px; padding: 0; list-style: none;
         color: #4a5263; font-size: 14px; font-variant-numeric: tabular-nums; }
.facts b { color: #1d2330; }
pre.failure { background: #fff5f5; border: 1px solid #f3c1c1; border-left: 4px solid #c62828; padding: 10px 12px;
              border-radius: 6px; overflow-x: auto; font-size: 12.5px; line-height: 1.45; white-space: pre; }
pre.broken { background: #fff8e6; border: 1px solid #f1d59b; border-left: 4px solid #b7791f; padding: 10px 12px;
             border-radius: 6px; overflow-x: auto; font-size: 12.5px; white-space: pre-wrap; }
figure { margin: 6px 0 0; }
svg.chart { display: block; width: 100%; height: auto; font-family: system-ui, -apple-system, "Segoe UI", Roboto,
            Arial, sans-serif; }
svg .grid { stroke: #eceff4; stroke-width: 1; }
svg .axis { stroke: #8a93a5; stroke-width: 1; }
svg .tick { fill: #5b6475; font-size: 12px; }
svg .axis-title { fill: #4a5263; font-size: 12.5px; }
svg .capacity { stroke: #c62828; stroke-width: 1.6; stroke-dasharray: 7 5; }
svg .capacity-label { fill: #9f1c1c; font-size: 12.5px; font-weight: 600; }
svg path.conn { fill: none; stroke-width: 2.2; stroke-linejoin: round; stroke-linecap: round; }
svg path.conn.many { stroke-width: 1.1; stroke-opacity: .55; }
svg .peak-label { font-size: 12px; font-weight: 600; }
svg .error-line { stroke: #c62828; stroke-width: 1; stroke-dasharray: 3 3; stroke-opacity: .75; }
svg .error-mark { fill: #c62828; }
svg .error-label { fill: #9f1c1c; font: 600 11.5px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
svg .error-leader { stroke: #c62828; stroke-width: 1; stroke-opacity: .45; }
svg .strip-area { fill: #dbe6f6; stroke: #4a73b5; stroke-width: 1.4; }
svg .strip-title { fill: #4a5263; font-size: 12px; }
svg .session-cap { stroke: #b45309; stroke-width: 1.4; stroke-dasharray: 6 4; }
svg .session-cap-label { fill: #92400e; font-size: 12px; font-weight: 600; }
svg .capacity-label.off-scale { fill: #6b7385; font-weight: 500; }
svg rect.gap { fill: #8a93a5; fill-opacity: .10; }
svg .gap-label { fill: #6b7385; font-size: 11px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 8px 0 0 64px; padding: 0; list-style: none;
          font-size: 13px; color: #333a48; }
.legend li { display: flex; align-items: center; gap: 7px; }
.legend .swatch { width: 18px; height: 4px; border-radius: 2px; display: inline-block; }
.legend .more { color: #6b7385; }
.legend .err .swatch { height: 0; border-top: 2px dashed #c62828; border-radius: 0; }
.note { color: #6b7385; font-size: 13px; margin: 2px 0 0 64px; }
footer { color: #7a8293; font-size: 13px; text-align: center; }
"""


# --- data shaping ---------------------------------------------------------------------------
@attrs.define(slots=True)
class Series:
    """One connection's occupancy: ``points`` are (time_us, in_use) while it is open."""

    connection_id: int
    process: str
    server: str
    points: list[tuple[int, int]] = attrs.field(factory=list)
    closed_us: int | None = None

    @property
    def peak(self) -> int:
        return max((v for _, v in self.points), default=0)


@attrs.frozen
class ErrorMark:
    """Errors of one name close together on the time axis (one marker, one label)."""

    name: str
    first_us: int
    last_us: int
    count: int
    example: str  # the first event, as the trace prints it

    @property
    def label(self) -> str:
        return self.name if self.count == 1 else f"{self.name} \u00d7{self.count}"


def connection_series(timeline: Iterable[Occupancy]) -> list[Series]:
    """Group the timeline by connection, in order of first appearance. A connection refused or
    closed before it held a logon (only a close entry) has no points."""
    series: dict[int, Series] = {}
    for time_us, process, conn_id, server, in_use in timeline:
        s = series.get(conn_id)
        if s is None:
            s = series[conn_id] = Series(conn_id, process, server)
        if in_use < 0:
            s.closed_us = time_us
        else:
            s.points.append((time_us, in_use))
    return [s for s in series.values() if s.points]


def open_connections(timeline: Iterable[Occupancy]) -> list[tuple[int, int]]:
    """How many connections are open over time, (time_us, count) after each change, counted
    the way the summary's connections column counts them."""
    live: set[int] = set()
    out: list[tuple[int, int]] = []
    for time_us, _, conn_id, _, in_use in timeline:
        before = len(live)
        if in_use < 0:
            live.discard(conn_id)
        else:
            live.add(conn_id)
        if len(live) != before:
            out.append((time_us, len(live)))
    return out


def error_marks(events: Iterable[TraceEvent], min_gap_us: float) -> list[ErrorMark]:
    """Errors (trace events with an HRESULT name), merged per name when closer than
    ``min_gap_us`` on the axis. Fault-injection marker lines (actor ``fault``) are not errors a
    call met: the call they broke has its own line."""
    marks: list[ErrorMark] = []
    open_by_name: dict[str, int] = {}  # name -> index in marks of its latest group
    for e in events:
        if e.hresult is None or e.actor == "fault":
            continue
        i = open_by_name.get(e.hresult)
        if i is not None and e.time_us - marks[i].last_us <= min_gap_us:
            m = marks[i]
            marks[i] = attrs.evolve(m, last_us=e.time_us, count=m.count + 1)
            continue
        open_by_name[e.hresult] = len(marks)
        marks.append(ErrorMark(e.hresult, e.time_us, e.time_us, 1, str(e).strip()))
    return sorted(marks, key=lambda m: (m.first_us, m.name))


# --- numbers for axes -----------------------------------------------------------------------
def nice_step(span: float, target_ticks: int) -> float:
    raw = span / max(target_ticks, 1)
    if raw <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)


def fmt_ms(us: float) -> str:
    ms = us / 1000
    if ms == int(ms):
        return f"{int(ms):,}"
    return f"{ms:,.1f}" if ms >= 10 else f"{ms:,.2f}".rstrip("0").rstrip(".")


def _n(value: float) -> str:
    """A coordinate, short: one decimal, no trailing zeros."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


# --- the time axis: idle stretches shortened -------------------------------------------------
GAP_SHARE = 0.12  # a stretch with no call and no table change longer than this share of the run ...
GAP_WIDTH = 0.04  # ... is drawn this share of the plot wide, shaded and marked as shortened
MAX_GAPS = 6
GAP_MARGIN = 0.015  # of the run, kept to scale on each side of a shortened stretch


@attrs.define(slots=True)
class TimeAxis:
    """Virtual time to a fraction of the plot width. A run that spends most of its virtual time
    in a few long stretches without calls (connects of 20 or 500 ms, a server down) would have
    its activity squeezed into slivers; those stretches are drawn narrow instead."""

    span_us: float
    gaps: list[tuple[float, float]] = attrs.field(factory=list)  # (start, end), in order
    _shown: float = 0.0  # the axis length in time units, a shortened gap counting GAP_WIDTH of it

    def __attrs_post_init__(self) -> None:
        active = self.span_us - sum(b - a for a, b in self.gaps)
        self._shown = active / (1 - GAP_WIDTH * len(self.gaps)) if self.gaps else float(self.span_us)

    @classmethod
    def for_activity(cls, times: Iterable[int], span_us: int) -> TimeAxis:
        points = sorted({0, span_us, *(t for t in times if 0 <= t <= span_us)})
        long = [(a, b) for a, b in zip(points, points[1:]) if b - a > GAP_SHARE * span_us]
        active = span_us - sum(b - a for a, b in long)
        # each moment of activity keeps some to-scale room around it: a share of the run, but no
        # more than a fifth of what the activity itself spans
        margin = GAP_MARGIN * span_us if active <= 0 else min(GAP_MARGIN * span_us, active / 5)
        gaps = [(a + margin, b - margin) for a, b in long if b - a - 2 * margin > GAP_SHARE * span_us]
        gaps = sorted(sorted(gaps, key=lambda g: g[0] - g[1])[:MAX_GAPS])  # the longest ones
        return cls(float(span_us), [(float(a), float(b)) for a, b in gaps])

    @property
    def gap_width(self) -> float:
        return GAP_WIDTH * self._shown

    def frac(self, t_us: float) -> float:
        pos, prev = 0.0, 0.0
        for a, b in self.gaps:
            if t_us <= a:
                break
            pos += a - prev
            if t_us < b:
                return (pos + self.gap_width * (t_us - a) / (b - a)) / self._shown
            pos += self.gap_width
            prev = b
        return (pos + t_us - prev) / self._shown

    def segments(self) -> list[tuple[float, float]]:
        """The stretches drawn to scale, between the gaps."""
        out, prev = [], 0.0
        for a, b in self.gaps:
            if a > prev:
                out.append((prev, a))
            prev = b
        if self.span_us > prev or not out:
            out.append((prev, self.span_us))
        return out

    def ticks(self) -> list[float]:
        """Round times along each drawn stretch, at least 56 units apart on the page; each
        stretch after a gap is labelled where it starts."""
        out: list[float] = []
        for a, b in self.segments():
            width = PLOT_W * (self.frac(b) - self.frac(a))
            step = nice_step(b - a, max(1, int(width / 95)))
            t = math.ceil(a / step - 1e-9) * step
            candidates = [t + k * step for k in range(int((b - t) / step + 1e-9) + 1)]
            inside = [c for c in candidates if a - 1e-9 <= c <= b + 1e-9]
            if not inside:  # a stretch too short for a round tick: its middle, to 0.1 ms
                inside = [round((a + b) / 2, -2)]
            for c in inside:
                if all(abs(PLOT_W * (self.frac(c) - self.frac(o))) >= 56 for o in out):
                    out.append(c)
        return sorted(out)


# --- the chart ------------------------------------------------------------------------------
@attrs.define(slots=True)
class _Chart:
    result: ScenarioResult
    series: list[Series]
    marks: list[ErrorMark]
    span_us: int
    y_max: float
    axis: TimeAxis
    lane_rows: int = 0
    label_rows: list[int] = attrs.field(factory=list)

    @property
    def top(self) -> float:
        return 12 + self.lane_rows * LANE_ROW + (10 if self.lane_rows else 0)

    def x(self, t_us: float) -> float:
        return LEFT + PLOT_W * self.axis.frac(t_us)

    def y(self, value: float) -> float:
        return self.top + PLOT_H * (1 - value / self.y_max)


def _layout_labels(chart: _Chart) -> None:
    """Give each error label a row in the lane above the plot so that none overlap; labels
    that do not fit in MAX_LANE_ROWS rows share the last row's marker without a label."""
    row_ends: list[float] = []
    rows: list[int] = []
    for mark in chart.marks:
        x0, x1 = _label_extent(chart, mark)
        for row, end in enumerate(row_ends):
            if x0 >= end + 10:
                row_ends[row] = x1
                rows.append(row)
                break
        else:
            if len(row_ends) < MAX_LANE_ROWS:
                row_ends.append(x1)
                rows.append(len(row_ends) - 1)
            else:
                rows.append(-1)  # no room: marker and tooltip only
    chart.label_rows = rows
    chart.lane_rows = len(row_ends)


def _label_extent(chart: _Chart, mark: ErrorMark) -> tuple[float, float]:
    width = len(mark.label) * LABEL_CHAR_W + 8  # + the marker dot
    x = chart.x(mark.first_us)
    if x + width > WIDTH - 4:
        return x - width, x
    return x, x + width


def _step_d(points: Sequence[tuple[int, int]], x: Callable[[float], float], y: Callable[[float], float],
            end_us: float) -> tuple[str, str]:
    """An SVG step line through ``points`` (time, value): H to each change's time, V to its
    value, then on to ``end_us``. Changes that land on the same tenth of a unit collapse to
    their low, high and last value (one vertical run), so a long run stays a short path.
    Returns the path data and its last x."""
    parts: list[str] = []
    cur_x = ""
    run: list[int] = []

    def flush() -> None:
        if run:
            low, high, last = min(run), max(run), run[-1]
            for v in dict.fromkeys((low, high, last) if low != high else (last,)):
                parts.append(f"V{_n(y(v))}")
            run.clear()

    for i, (t, v) in enumerate(points):
        xs = _n(x(t))
        if i == 0:
            parts.append(f"M{xs} {_n(y(v))}")
            cur_x = xs
            continue
        if xs != cur_x:
            flush()
            parts.append(f"H{xs}")
            cur_x = xs
        run.append(v)
    flush()
    end = x(end_us)
    start = x(points[0][0]) if points else end
    end_x = _n(max(end, start + 1.5))  # a connection that lived for an instant stays visible
    if end_x != cur_x:
        parts.append(f"H{end_x}")
    return "".join(parts), end_x


def _step_path(chart: _Chart, s: Series, end_us: int) -> str:
    d, _ = _step_d(s.points, chart.x, chart.y, end_us)
    if s.closed_us is not None:
        d += f"V{_n(chart.y(0))}"  # closed: its table is gone
    return d


def _chart_svg(result: ScenarioResult, index: int) -> tuple[str, list[Series]]:
    series = connection_series(result.timeline)
    last_change = max((t for t, *_ in result.timeline), default=0)
    span_us = max(result.time_us, last_change, 1)
    peak = max((s.peak for s in series), default=0)
    # the y axis fits what the scenario shows: up to the capacity line when the peak comes near
    # it, else up to the peak (the capacity is then noted as off the scale)
    show_capacity = peak * 2 >= result.capacity
    if show_capacity:
        step = nice_step(max(result.capacity, peak), 6)
        y_max = max(result.capacity, peak) * 1.1
        y_max = math.ceil(y_max / step) * step if y_max > result.capacity + step / 3 else y_max
    else:
        step = max(1.0, nice_step(max(peak, 4) * 1.25, 5))
        step = float(math.ceil(step))
        y_max = math.ceil(max(peak, 4) * 1.25 / step) * step
    axis = TimeAxis.for_activity([*(t for t, *_ in result.timeline), *(e.time_us for e in result.trace.events)],
                                 span_us)
    min_gap = (span_us - sum(b - a for a, b in axis.gaps)) * (4 / PLOT_W)  # errors within 4 units: one marker
    chart = _Chart(result, series, error_marks(result.trace.events, min_gap), span_us, y_max, axis)
    _layout_labels(chart)
    plot_bottom = chart.top + PLOT_H
    strip_top = plot_bottom + AXIS_H + STRIP_GAP
    height = strip_top + STRIP_H + 30
    out: list[str] = []
    title = f"Logon-table occupancy of each connection over virtual time: {result.name}"
    out.append(f'<svg class="chart occupancy" id="chart-{index}" viewBox="0 0 {WIDTH} {_n(height)}" '
               f'width="{WIDTH}" height="{_n(height)}" role="img" aria-labelledby="chart-{index}-title" '
               f'data-scenario="{escape(result.name)}" xmlns="http://www.w3.org/2000/svg">')
    out.append(f'<title id="chart-{index}-title">{escape(title)}</title>')

    # y grid and ticks (LogonIds in use)
    value = 0.0
    while value <= y_max + 1e-9:
        y = chart.y(value)
        out.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{_n(y)}" y2="{_n(y)}"/>')
        out.append(f'<text class="tick" x="{LEFT - 8}" y="{_n(y + 4)}" text-anchor="end">{int(value)}</text>')
        value += step
    mid = chart.top + PLOT_H / 2
    out.append(f'<text class="axis-title" transform="translate(16 {_n(mid)}) rotate(-90)" '
               f'text-anchor="middle">LogonIds in use</text>')

    # x ticks (virtual time), and the shortened stretches: shaded, with their length
    for a, b in axis.gaps:
        x0, x1 = chart.x(a), chart.x(b)
        out.append(f'<g class="gap" data-from-us="{int(a)}" data-to-us="{int(b)}"><title>{fmt_ms(b - a)} ms without '
                   f'calls ({fmt_ms(a)} to {fmt_ms(b)} ms), drawn shortened</title>'
                   f'<rect class="gap" x="{_n(x0)}" y="{_n(chart.top)}" width="{_n(x1 - x0)}" height="{PLOT_H}"/>'
                   f'<text class="gap-label" x="{_n((x0 + x1) / 2)}" y="{_n(chart.top + PLOT_H / 2)}" '
                   f'text-anchor="middle">\u2248{fmt_ms(b - a)}</text></g>')
    for t in axis.ticks():
        x = chart.x(t)
        out.append(f'<line class="grid" x1="{_n(x)}" x2="{_n(x)}" y1="{_n(chart.top)}" y2="{_n(plot_bottom)}"/>')
        out.append(f'<line class="axis" x1="{_n(x)}" x2="{_n(x)}" y1="{_n(plot_bottom)}" '
                   f'y2="{_n(plot_bottom + 5)}"/>')
        out.append(f'<text class="tick" x="{_n(x)}" y="{_n(plot_bottom + 19)}" text-anchor="middle">'
                   f'{fmt_ms(t)}</text>')
    axis_title = "virtual time (ms)" if not axis.gaps else \
        "virtual time (ms); shaded: stretches without calls, drawn shortened (\u2248 their length)"
    out.append(f'<text class="axis-title" x="{LEFT + PLOT_W / 2}" y="{_n(plot_bottom + 38)}" '
               f'text-anchor="middle">{escape(axis_title)}</text>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{_n(plot_bottom)}" y2="{_n(plot_bottom)}"/>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{_n(chart.top)}" y2="{_n(plot_bottom)}"/>')

    # capacity
    if show_capacity:
        cap_y = chart.y(result.capacity)
        out.append(f'<line class="capacity" x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{_n(cap_y)}" y2="{_n(cap_y)}" '
                   f'data-capacity="{result.capacity}"><title>capacity: {result.capacity} usable LogonIds per '
                   f'connection</title></line>')
        out.append(f'<text class="capacity-label" x="{LEFT + PLOT_W - 6}" y="{_n(cap_y - 6)}" text-anchor="end">'
                   f'capacity {result.capacity} LogonIds</text>')
    else:
        out.append(f'<text class="capacity-label off-scale" x="{LEFT + PLOT_W - 6}" y="{_n(chart.top + 14)}" '
                   f'text-anchor="end" data-capacity="{result.capacity}">capacity {result.capacity} LogonIds: '
                   f'off this scale (peak {peak})</text>')

    # error markers: a dashed line through the plot, a dot on the time axis, the name above
    for mark, row in zip(chart.marks, chart.label_rows):
        x = chart.x(mark.first_us)
        x_end = chart.x(mark.last_us)
        tip = f"{mark.label} at {fmt_ms(mark.first_us)} ms" + (
            f" to {fmt_ms(mark.last_us)} ms" if mark.last_us != mark.first_us else "") + f"\n{mark.example}"
        out.append(f'<g class="error" data-error="{escape(mark.name)}" data-count="{mark.count}" '
                   f'data-time-us="{mark.first_us}"><title>{escape(tip)}</title>')
        if x_end - x >= 1:
            out.append(f'<rect x="{_n(x)}" y="{_n(chart.top)}" width="{_n(x_end - x)}" height="{PLOT_H}" '
                       f'fill="{ERROR_COLOR}" fill-opacity=".08"/>')
        out.append(f'<line class="error-line" x1="{_n(x)}" x2="{_n(x)}" y1="{_n(chart.top)}" '
                   f'y2="{_n(plot_bottom)}"/>')
        out.append(f'<circle class="error-mark" cx="{_n(x)}" cy="{_n(plot_bottom)}" r="4.5"/>')
        if row >= 0:
            ly = 12 + row * LANE_ROW + 11
            x0, x1 = _label_extent(chart, mark)
            anchor_end = x0 < x
            out.append(f'<line class="error-leader" x1="{_n(x)}" x2="{_n(x)}" y1="{_n(ly + 3)}" '
                       f'y2="{_n(chart.top)}"/>')
            out.append(f'<circle class="error-mark" cx="{_n(x)}" cy="{_n(ly - 4)}" r="3"/>')
            tx = x - 7 if anchor_end else x + 7
            out.append(f'<text class="error-label" x="{_n(tx)}" y="{_n(ly)}" '
                       f'text-anchor="{"end" if anchor_end else "start"}">{escape(mark.label)}</text>')
        out.append("</g>")

    # the connections, drawn after the grid so they sit on top
    many = len(series) > LEGEND_MAX
    for i, s in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        end_us = s.closed_us if s.closed_us is not None else span_us
        cls = "conn many" if many else "conn"
        out.append(f'<path class="{cls}" d="{_step_path(chart, s, end_us)}" stroke="{color}" '
                   f'data-connection="{s.connection_id}" data-process="{escape(s.process)}" '
                   f'data-server="{escape(s.server)}" data-peak="{s.peak}"><title>connection {s.connection_id} '
                   f'({escape(s.server)}, process {escape(s.process)}): peak {s.peak} LogonIds in use'
                   f'</title></path>')
    if series:
        best = max(series, key=lambda s: (s.peak, -s.connection_id))
        t_peak = next(t for t, v in best.points if v == best.peak)
        px, py = chart.x(t_peak), chart.y(best.peak)
        color = PALETTE[series.index(best) % len(PALETTE)]
        near_cap = abs(best.peak - result.capacity) < result.capacity * 0.06
        peak_y = py - 8 if not near_cap else py + 16
        anchor = "end" if px > LEFT + PLOT_W * 0.7 else "start"
        dx = -6 if anchor == "end" else 6
        text = f"peak {best.peak}" if not many else f"peak {best.peak} (every connection)" if all(
            s.peak == best.peak for s in series) else f"peak {best.peak} (connection {best.connection_id})"
        out.append(f'<text class="peak-label" x="{_n(px + dx)}" y="{_n(peak_y)}" text-anchor="{anchor}" '
                   f'fill="{color}">{escape(text)}</text>')

    # the open-connections strip, with the per-user session cap (R11) when the count comes near it
    counts = open_connections(result.timeline)
    c_max = max((c for _, c in counts), default=0)
    cap = result.session_cap
    show_cap = cap is not None and cap <= 2 * c_max <= 2 * cap
    strip_max = max(c_max, cap if show_cap and cap is not None else 0, 1)
    out.append(f'<text class="strip-title" x="{LEFT}" y="{_n(strip_top - 6)}">connections open '
               f'(peak {c_max})</text>')
    sy0 = strip_top + STRIP_H

    def sy(count: float) -> float:
        return sy0 - STRIP_H * count / strip_max

    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{_n(sy0)}" y2="{_n(sy0)}"/>')
    out.append(f'<text class="tick" x="{LEFT - 8}" y="{_n(sy0 + 4)}" text-anchor="end">0</text>')
    out.append(f'<text class="tick" x="{LEFT - 8}" y="{_n(sy(strip_max) + 4)}" text-anchor="end">{strip_max}</text>')
    if counts:
        line, _ = _step_d([(counts[0][0], 0), *counts], chart.x, sy, span_us)
        out.append(f'<path class="strip-area open-connections" d="{line}V{_n(sy0)}Z" data-peak="{c_max}">'
                   f'<title>connections open over virtual time (peak {c_max})</title></path>')
    if show_cap and cap is not None:
        cy = sy(cap)
        out.append(f'<line class="session-cap" x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{_n(cy)}" y2="{_n(cy)}" '
                   f'data-cap="{cap}"><title>session cap: {cap} server sessions per user and server '
                   f'(admin accounts exempt)</title></line>')
        out.append(f'<text class="session-cap-label" x="{LEFT + PLOT_W - 6}" y="{_n(cy - 5)}" text-anchor="end">'
                   f'session cap {cap} per user</text>')
    out.append("</svg>")
    return "".join(out), series


def _legend(series: Sequence[Series], has_errors: bool) -> str:
    items = []
    for i, s in enumerate(series[:LEGEND_MAX]):
        color = PALETTE[i % len(PALETTE)]
        items.append(f'<li><span class="swatch" style="background:{color}"></span>connection {s.connection_id} '
                     f'· {escape(s.server)} · process {escape(s.process)} · peak {s.peak}</li>')
    if len(series) > LEGEND_MAX:
        rest = len(series) - LEGEND_MAX
        items.append(f'<li class="more">and {rest} more connection{"s" if rest != 1 else ""} '
                     f'(thin lines), {len(series)} in all</li>')
    if not series:
        items.append('<li class="more">no connection was opened</li>')
    if has_errors:
        items.append('<li class="err"><span class="swatch"></span>an error the scenario met (name above the '
                     'plot; hover for the call)</li>')
    return f'<ul class="legend">{"".join(items)}</ul>'


def _summary_table(results: Sequence[ScenarioResult]) -> str:
    from fakemapi.scenario.summary import HEADER, table_line

    head = "".join(f"<th>{escape(h)}</th>" for h in HEADER)
    rows = []
    for i, r in enumerate(results):
        cells = table_line(r)
        badge = f'<span class="badge {"pass" if r.passed else "fail"}">{cells[1]}</span>'
        rows.append(f'<tr class="{"pass" if r.passed else "fail"}"><td><a href="#scenario-{i}">{escape(cells[0])}'
                    f'</a></td><td>{badge}</td>' + "".join(f"<td>{escape(c)}</td>" for c in cells[2:])
                    + "</tr>")
    return f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _window_note(result: ScenarioResult) -> str:
    """Say so when the chart shows only the last calls (the scenario's trace_size)."""
    trace = result.trace
    if trace.total <= len(trace):
        return ""
    return (f'<li class="window">chart and marks: the last <b>{len(trace):,}</b> of {trace.total:,} calls '
            f'(trace_size); the numbers cover them all</li>')


def _section(result: ScenarioResult, index: int) -> str:
    from fakemapi.scenario.summary import table_line

    cells = table_line(result)
    svg, series = _chart_svg(result, index)
    # every call's errors, kept in the trace's window or not; fault-injection marker lines are
    # not errors the scenario met
    errors = result.trace.error_total - sum(1 for e in result.trace.events if e.hresult is not None and
                                            e.actor == "fault")
    status = "pass" if result.passed else "fail"
    parts = [f'<section class="card scenario {status}" id="scenario-{index}" data-scenario="{escape(result.name)}">',
             f'<header><h2>{escape(result.name)}</h2><span class="badge {status}">{cells[1]}</span>'
             f'<span class="source">{escape(_shown_path(result.source))}</span></header>']
    if result.description:
        parts.append(f'<p class="description">{escape(result.description)}</p>')
    parts.append(f'<ul class="facts"><li><b>{cells[2]}</b> steps</li><li>logons peak <b>{cells[3]}</b></li>'
                 f'<li>connections <b>{escape(cells[4])}</b></li><li>virtual time <b>{escape(cells[5])}</b></li>'
                 f'<li>errors <b>{errors}</b></li>{_window_note(result)}</ul>')
    if result.failure:
        parts.append(f'<pre class="failure">{escape(result.failure)}</pre>')
    parts.append(f"<figure>{svg}{_legend(series, errors > 0)}</figure>")
    parts.append("</section>")
    return "".join(parts)


def _shown_path(path: str) -> str:
    """A source path as a reader wants it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith("..") else rel


def render_report(results: Sequence[ScenarioResult], *, broken: Sequence[str] = (),
                  title: str = "fakemapi replay") -> str:
    """The whole page as text (see the module docstring)."""
    from fakemapi.scenario.summary import totals_text

    totals = totals_text(results, len(broken))
    body = [f"<main><h1>{escape(title)}</h1>",
            '<p class="lede">Each chart shows every RPC connection\'s logon table over virtual time: how many of '
            'its one-byte LogonIds are in use, against the capacity (KB 260141). Red marks are the errors the '
            'calls met, at the virtual time they happened; the strip below counts the connections open.</p>',
            f'<section class="card"><h2>Summary</h2>{_summary_table(results)}'
            f'<p class="totals">{escape(totals)}</p></section>']
    for message in broken:
        body.append(f'<section class="card"><h2>Could not be loaded</h2><pre class="broken">{escape(message)}</pre>'
                    f"</section>")
    body.extend(_section(r, i) for i, r in enumerate(results))
    body.append("<footer>fakemapi: a deterministic Extended MAPI for tests. Times are virtual "
                "(modelled RPC costs), not wall-clock.</footer></main>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}: {escape(totals)}</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def write_report(path: str, results: Sequence[ScenarioResult], *, broken: Sequence[str] = (),
                 title: str = "fakemapi replay") -> None:
    """Write the report of ``results`` (and of files that could not be loaded) to ``path``."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(render_report(results, broken=broken, title=title))
