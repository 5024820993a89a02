"""The HTML report of ``fakemapi replay --report``: its structure (no browser needed) and what
a real headless Chromium renders from it (skipped where /usr/bin/chromium is missing)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
from html.parser import HTMLParser
from typing import Any

import pytest
from scenario_text import OPEN_OWN_STORE

from fakemapi.scenario import ScenarioResult, load_scenario, run_scenario
from fakemapi.scenario.replay import errors_text, replay
from fakemapi.scenario.report import render_report, write_report

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios")
CHROMIUM = "/usr/bin/chromium"

FAILING = """\
schema_version: 1
name: limit-with-a-wrong-expectation
description: The limit scenario, expecting the wrong error on purpose.
world: {bundled}/worlds/contoso.yaml
steps:
""" + OPEN_OWN_STORE + """\
  - own.QueryInterface: [exchange.IID_IExchangeManageStore]
    as: manage
  - repeat: 255
    steps:
      - manage.CreateStoreEntryID: ["{{servers[EX01].private_mdb_dn}}",
                                    "/o=Contoso/ou=HQ/cn=Recipients/cn=user{{n:03}}", OPENSTORE_USE_ADMIN_PRIVILEGE]
        as: eid
      - session.OpenMsgStore: [0, $eid, null, MDB_NO_DIALOG]
        as: "store{{n}}"
"""


def _run(name: str) -> ScenarioResult:
    return run_scenario(load_scenario(os.path.join(BUNDLED, name)))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[ScenarioResult]:
    """Scenarios that between them have: errors in several rows (uninitialize), many
    connections (session-cap), two processes (worker-processes), and a failure."""
    folder = tmp_path_factory.mktemp("failing")
    failing = folder / "failing.yaml"
    failing.write_text(FAILING.format(bundled=BUNDLED))
    out = [_run("kb260141-uninitialize.yaml"), _run("kb260141-session-cap.yaml"),
           _run("kb260141-worker-processes.yaml"), run_scenario(load_scenario(str(failing)))]
    assert [r.passed for r in out] == [True, True, True, False]
    return out


def connections_with_logons(r: ScenarioResult) -> dict[int, int]:
    """connection id -> most LogonIds it held, from the timeline."""
    peaks: dict[int, int] = {}
    for _, _, conn, _, in_use in r.timeline:
        if in_use >= 0:
            peaks[conn] = max(peaks.get(conn, 0), in_use)
    return peaks


# --- a small DOM from html.parser ------------------------------------------------------------
class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.text = ""

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Any:
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.classes())]

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)


VOID = {"meta", "link", "br", "img", "input", "hr"}


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.cur.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.cur))

    def handle_endtag(self, tag: str) -> None:
        node = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"unbalanced </{tag}>"
        self.cur = node.parent

    def handle_data(self, data: str) -> None:
        self.cur.text += data


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.cur is builder.root, "unclosed elements at the end of the page"
    return builder.root


# --- structure, without a browser -------------------------------------------------------------
def test_report_is_one_self_contained_page_without_scripts_or_external_resources(results):
    html = render_report(results)
    doc = parse(html)
    tags = {n.tag for n in doc.iter()}
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    for node in doc.iter():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), f"event handler {name} on <{node.tag}>"
            if name in ("src", "href"):
                assert value.startswith("#"), f"<{node.tag} {name}={value!r}> leaves the page"
    assert "url(" not in html and "@import" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert len(doc.find_all("style")) == 1


def test_report_summary_table_has_the_cli_columns_and_a_row_per_scenario(results):
    doc = parse(render_report(results))
    table = doc.find_all("table", "summary")[0]
    assert [th.all_text() for th in table.find_all("th")] == [
        "scenario", "result", "steps", "logons peak", "connections", "virtual time", "errors met"]
    rows = [[td.all_text() for td in tr.find_all("td")] for tr in table.find_all("tbody")[0].find_all("tr")]
    expected = []
    for r in results:
        conns = str(r.connections_peak) if r.connections_peak == r.connections_total else \
            f"{r.connections_peak} ({r.connections_total} opened)"
        expected.append([r.name, "PASS" if r.passed else "FAIL", str(r.steps), str(r.logons_peak), conns,
                         f"{r.time_us / 1000:.1f} ms", errors_text(r)])
    assert rows == expected
    assert any(row[-1].startswith("MAPI_E_") for row in rows)  # the errors are named, not counted
    assert doc.find_all("p", "totals")[0].all_text() == "4 scenarios: 3 passed, 1 failed"
    links = [a.attrs["href"] for a in table.find_all("a")]
    assert links == [f"#scenario-{i}" for i in range(4)]
    assert [s.attrs["id"] for s in doc.find_all("section", "scenario")] == [f"scenario-{i}" for i in range(4)]


def test_report_draws_one_step_line_per_connection_with_its_peak(results):
    doc = parse(render_report(results))
    charts = doc.find_all("svg", "occupancy")
    assert len(charts) == len(results)
    for chart, r in zip(charts, results):
        assert chart.attrs["data-scenario"] == r.name
        paths = chart.find_all("path", "conn")
        assert {int(p.attrs["data-connection"]): int(p.attrs["data-peak"]) for p in paths} == \
            connections_with_logons(r)
        for p in paths:
            assert p.attrs["d"].startswith("M") and "H" in p.attrs["d"]
    worker = charts[2]
    assert sorted(p.attrs["data-process"] for p in worker.find_all("path", "conn")) == ["worker1", "worker2"]
    session_cap = charts[1]
    assert len(session_cap.find_all("path", "conn")) == 33  # 33 opened, never more than 32 at once
    assert session_cap.find_all("path", "open-connections")[0].attrs["data-peak"] == "32"


def test_report_draws_the_capacity_line_at_255_where_the_peak_comes_near_it(results):
    # issue 16 item 9: each y axis is scaled to what its scenario shows
    doc = parse(render_report(results))
    for chart, r in zip(doc.find_all("svg", "occupancy"), results):
        if r.logons_peak * 2 < r.capacity:
            assert chart.find_all("line", "capacity") == []
            (note,) = chart.find_all("text", "capacity-label")
            assert note.all_text() == f"capacity 255 LogonIds: off this scale (peak {r.logons_peak})"
            continue
        (cap,) = chart.find_all("line", "capacity")
        assert cap.attrs["data-capacity"] == "255"
        assert cap.attrs["y1"] == cap.attrs["y2"]
        assert "capacity 255 LogonIds" in [t.all_text() for t in chart.find_all("text", "capacity-label")]
    assert [r.logons_peak for r in results] == [255, 1, 251, 255]  # both kinds are in the fixture


def test_a_small_peak_fills_the_plot_height(results):
    session_cap = parse(render_report(results)).find_all("svg", "occupancy")[1]  # peak 1 per connection
    ticks = [int(t.all_text()) for t in session_cap.find_all("text", "tick") if t.attrs.get("text-anchor") == "end"]
    assert max(ticks[:-2]) <= 5  # the y ticks of the plot (the last two are the strip's 0 and its top)


def test_the_connections_strip_draws_the_session_cap_when_the_count_comes_near_it(results):
    # R11 / KB 842022: 32 server sessions per user; the session-cap scenario reaches it
    charts = parse(render_report(results)).find_all("svg", "occupancy")
    (cap,) = charts[1].find_all("line", "session-cap")
    assert cap.attrs["data-cap"] == "32"
    assert [t.all_text() for t in charts[1].find_all("text", "session-cap-label")] == ["session cap 32 per user"]
    assert charts[0].find_all("line", "session-cap") == []  # one connection: far from the cap


def test_long_stretches_without_calls_are_drawn_shortened_so_short_activity_stays_readable():
    # issue 16 item 9: faults-network spends 2 x 520 ms connecting (a slow-connect fault) and
    # does everything else in 2 ms; release-order spends 20 of its 23 ms in the first connect
    for name in ("faults-network.yaml", "kb260141-release-order.yaml"):
        result = _run(name)
        chart = parse(render_report([result])).find_all("svg", "occupancy")[0]
        gaps = chart.find_all("g", "gap")
        assert gaps, name
        shortened = sum(int(g.attrs["data-to-us"]) - int(g.attrs["data-from-us"]) for g in gaps)
        assert shortened > 0.8 * result.time_us, name
        path = chart.find_all("path", "conn")[0]
        xs = [float(v) for v in re.findall(r"[MH]([0-9.]+)", path.attrs["d"])]
        plot_w = 980 - 64 - 28
        assert max(xs) - min(xs) > 0.5 * plot_w, (name, min(xs), max(xs))  # the activity spans the plot
        titles = [t.all_text() for t in chart.find_all("text", "axis-title")]
        assert "virtual time (ms); shaded: stretches without calls, drawn shortened (\u2248 their length)" in titles


def test_report_marks_every_traced_error_with_its_name(results):
    doc = parse(render_report(results))
    for chart, r in zip(doc.find_all("svg", "occupancy"), results):
        groups = chart.find_all("g", "error")
        marked: dict[str, int] = {}
        for g in groups:
            marked[g.attrs["data-error"]] = marked.get(g.attrs["data-error"], 0) + int(g.attrs["data-count"])
            (label,) = g.find_all("text", "error-label")
            count = int(g.attrs["data-count"])
            assert label.all_text() == g.attrs["data-error"] + (f" \u00d7{count}" if count > 1 else "")
        traced: dict[str, int] = {}
        for e in r.trace.errors():
            traced[e.hresult] = traced.get(e.hresult, 0) + 1
        assert marked == traced
    uninit = doc.find_all("svg", "occupancy")[0]
    assert sorted(g.attrs["data-error"] for g in uninit.find_all("g", "error")) == [
        "MAPI_E_INVALID_OBJECT", "MAPI_E_NOT_INITIALIZED"]


def test_report_shows_the_failure_message_of_a_failed_scenario(results):
    doc = parse(render_report(results))
    sections = doc.find_all("section", "scenario")
    assert [("fail" in s.classes()) for s in sections] == [False, False, False, True]
    (pre,) = sections[3].find_all("pre", "failure")
    assert pre.all_text() == results[3].failure
    assert "failing.yaml:" in pre.all_text() and "expected success, got error MAPI_E_FAILONEPROVIDER" in pre.all_text()


def test_report_lists_files_that_could_not_be_loaded(results):
    doc = parse(render_report(results[:1], broken=["x.yaml:3:5: steps[0]: unknown call mapi.Nope"]))
    assert [p.all_text() for p in doc.find_all("pre", "broken")] == ["x.yaml:3:5: steps[0]: unknown call mapi.Nope"]
    assert doc.find_all("p", "totals")[0].all_text() == "1 scenario: 1 passed, 0 failed; 1 could not be loaded"


def test_report_escapes_names_and_messages():
    r = ScenarioResult("<b>&name", "a<b>.yaml", False, 0, 0, 0, 0, 0, "x < y & z", _empty_trace())
    html = render_report([r])
    assert "<b>&name" not in html and "&lt;b&gt;&amp;name" in html
    assert parse(html).find_all("pre", "failure")[0].all_text() == "x < y & z"


def test_report_is_the_same_bytes_for_the_same_results(results):
    assert render_report(results) == render_report(results)


def test_replay_cli_writes_the_report(tmp_path):
    out = tmp_path / "out.html"
    code = replay([os.path.join(BUNDLED, "kb260141-limit.yaml")], out=open(os.devnull, "w"), report=str(out))
    assert code == 0
    doc = parse(out.read_text(encoding="utf-8"))
    assert [s.attrs["data-scenario"] for s in doc.find_all("section", "scenario")] == ["kb260141-limit"]
    (g,) = doc.find_all("g", "error")
    assert (g.attrs["data-error"], g.attrs["data-count"]) == ("MAPI_E_FAILONEPROVIDER", "1")


def _empty_trace() -> Any:
    from fakemapi.trace import Clock, Trace

    return Trace(Clock())


# --- a real browser ---------------------------------------------------------------------------
MEASURE = """<script>
(function () {
  var out = [];
  document.querySelectorAll("svg.occupancy").forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    var conns = [];
    svg.querySelectorAll("path.conn").forEach(function (p) {
      var b = p.getBoundingClientRect();
      conns.push({id: p.getAttribute("data-connection"), length: p.getTotalLength(),
                  inside: b.left >= box.left - 1 && b.right <= box.right + 1 && b.top >= box.top - 1 &&
                          b.bottom <= box.bottom + 1});
    });
    var labels = [];
    svg.querySelectorAll("text.error-label, text.capacity-label, text.peak-label").forEach(function (t) {
      var b = t.getBoundingClientRect();
      labels.push({cls: t.getAttribute("class"), text: t.textContent, left: b.left, right: b.right,
                   top: b.top, bottom: b.bottom, width: b.width});
    });
    out.push({scenario: svg.getAttribute("data-scenario"), width: box.width, left: box.left, right: box.right,
              top: box.top, bottom: box.bottom, conns: conns, labels: labels,
              errors: svg.querySelectorAll("g.error").length});
  });
  var pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script></body>"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]

needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason=f"no headless browser: {CHROMIUM} is missing (Debian: apt-get install chromium)")


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    profile = tempfile.mkdtemp(prefix="fakemapi-chromium-")
    try:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                              text=True, timeout=120, check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@needs_chromium
def test_report_renders_in_chromium_with_every_line_drawn_and_no_label_overlapping(results, tmp_path):
    page = tmp_path / "report.html"
    write_report(str(page), results)
    measured = tmp_path / "measured.html"
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE), encoding="utf-8")
    dom = _chromium("--window-size=1200,900", "--dump-dom", measured.as_uri()).stdout
    data = json.loads(parse(dom).find_all("pre")[-1].all_text())
    assert [c["scenario"] for c in data] == [r.name for r in results]
    for chart, r in zip(data, results):
        assert chart["width"] > 900  # the SVG fills the card
        assert sorted(int(c["id"]) for c in chart["conns"]) == sorted(connections_with_logons(r))
        for conn in chart["conns"]:
            assert conn["length"] > 0 and conn["inside"], (r.name, conn)
        assert (chart["errors"] > 0) == bool(r.trace.errors())
        labels = chart["labels"]
        errors = [lb for lb in labels if lb["cls"] == "error-label"]
        assert len(errors) == chart["errors"]
        for lb in labels:
            assert lb["width"] > 0, lb
            assert chart["left"] <= lb["left"] and lb["right"] <= chart["right"], (r.name, lb)
        for i, a in enumerate(errors):
            for b in errors[i + 1:]:
                assert not _overlap(a, b), (r.name, a["text"], b["text"])
    assert [lb["text"] for lb in data[0]["labels"] if lb["cls"] == "error-label"] == [
        "MAPI_E_INVALID_OBJECT \u00d72", "MAPI_E_NOT_INITIALIZED"]


@needs_chromium
def test_report_dom_after_chromium_renders_it_keeps_paths_markers_and_labels(results, tmp_path):
    page = tmp_path / "report.html"
    write_report(str(page), results)
    dom = parse(_chromium("--dump-dom", page.as_uri()).stdout)
    charts = dom.find_all("svg", "occupancy")
    assert len(charts) == 4
    for chart, r in zip(charts, results):
        assert len(chart.find_all("path", "conn")) == len(connections_with_logons(r))
        assert len(chart.find_all("line", "capacity")) == (1 if r.logons_peak * 2 >= r.capacity else 0)
        names = sorted({e.hresult for e in r.trace.errors()})
        assert sorted({t.all_text().split(" ")[0] for t in chart.find_all("text", "error-label")}) == names


@needs_chromium
def test_report_screenshot_is_a_full_width_png(results, tmp_path):
    page = tmp_path / "report.html"
    write_report(str(page), results)
    shot = tmp_path / "shot.png"
    _chromium("--window-size=1100,1600", f"--screenshot={shot}", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1100, 1600)
    assert len(data) > 50_000  # a drawn page, not a blank one
