"""The trace and the timeline keep the most recent ``trace_size`` entries and the totals of the
whole run, so a long run's memory stays flat (issue 14); the trace has one API of events, with
its text form apart (issue 16 item 10).

Boundedness is asserted by counts (events kept), never by bytes or time. What counts as "a
call" and the shapes of a call's result follow the drop-in (pywin32's ``mapi.i``:
OpenMsgStore, GetProps; ``PyIMAPIProp.cpp``); the LogonIds follow KB 260141 (lowest free index
first, reused at once)."""

from __future__ import annotations

import pathlib
import sys
from typing import Any

import pytest
from conftest import admin_eid, logon, pw, users

import fakemapi
import fakemapi.cli
from fakemapi.dropin.registry import REGISTRY
from fakemapi.scenario import load_scenario, run_scenario
from fakemapi.scenario.loader import ScenarioError
from fakemapi.testing import track_logons
from fakemapi.trace import DEFAULT_TRACE_SIZE, TraceEvent

pytest_plugins = ["pytester"]


def _cycles(n: int) -> None:
    """``n`` times OpenMsgStore of the own store + GetProps + release: 3 trace events and 2
    timeline points each (the logon taken, the logon freed)."""
    m = pw()
    session, own, _ = logon("Admin")
    eid = own.GetProps((m.mapitags.PR_ENTRYID,), 0)[1][0][1]
    for _ in range(n):
        store = session.OpenMsgStore(0, eid, None, m.mapi.MDB_NO_DIALOG)
        store.GetProps((m.mapitags.PR_DISPLAY_NAME,), 0)
        del store


@pytest.fixture
def sized(install: Any) -> Any:
    def _sized(size: int | None) -> fakemapi.Fake:
        fake = fakemapi.install(trace_size=size)
        pw().mapi.MAPIInitialize(None)
        return fake
    yield _sized
    fakemapi.uninstall()


# --- the window and the totals ------------------------------------------------------------------
def test_by_default_the_trace_keeps_the_last_10000_events_and_counts_every_call(sized: Any) -> None:
    fake = sized(DEFAULT_TRACE_SIZE)
    _cycles(4000)  # 12,000+ events
    trace = fake.trace
    assert len(trace) == DEFAULT_TRACE_SIZE == 10_000
    assert trace.total > 12_000
    events = trace.events
    assert len(events) == 10_000
    # sequence numbers stay those of the whole run: the kept ones are the newest, in order
    assert [e.seq for e in events] == list(range(trace.total - 9_999, trace.total + 1))
    assert events[-1].call == "Release" and trace[-1] == events[-1]


def test_a_long_run_keeps_at_most_the_window_whatever_its_length(sized: Any) -> None:
    fake = sized(50)
    _cycles(200)
    held_after_200 = len(fake.trace.rows), len(fake.timeline.rows)
    _cycles(2000)
    # the list behind the window never holds more than twice the window (then the older half goes)
    assert len(fake.trace.rows) <= 100 and len(fake.timeline.rows) <= 100
    assert held_after_200[0] <= 100
    assert len(fake.trace) == 50 and len(fake.timeline) == 50
    assert fake.trace.total > 6_600


def test_trace_size_none_keeps_every_event(sized: Any) -> None:
    fake = sized(None)
    _cycles(100)
    assert len(fake.trace) == fake.trace.total
    assert fake.trace[0].seq == 1 and fake.trace[0].call == "MAPIInitialize"


def test_trace_size_0_keeps_no_event_but_still_counts_calls_and_errors(sized: Any) -> None:
    fake = sized(0)
    m = pw()
    session, own, manage = logon("Admin")
    with pytest.raises(m.pythoncom.com_error):
        session.OpenMsgStore(0, admin_eid(manage, "nobody-here"), None, 0)
    assert len(fake.trace) == 0 and fake.trace.events == [] and fake.trace.tail(5) == []
    assert fake.trace.total >= 7
    assert fake.trace.error_counts() == {"MAPI_E_NOT_FOUND": 1}  # R10: unknown mailbox DN
    assert len(fake.timeline) == 0 and fake.timeline.logons_peak == 1


def test_error_counts_include_errors_the_window_dropped(sized: Any) -> None:
    fake = sized(10)
    m = pw()
    session, own, manage = logon("Admin")
    eid = admin_eid(manage, "nobody-here")
    for _ in range(3):
        with pytest.raises(m.pythoncom.com_error):
            session.OpenMsgStore(0, eid, None, 0)
    _cycles(20)
    assert fake.trace.errors() == []  # none of the kept events failed
    assert fake.trace.error_counts() == {"MAPI_E_NOT_FOUND": 3}
    assert fake.trace.error_total == 3


def test_clear_forgets_the_kept_events_but_not_the_totals_or_the_numbering(sized: Any) -> None:
    fake = sized(None)
    _cycles(5)
    total = fake.trace.total
    fake.trace.clear()
    assert len(fake.trace) == 0 and fake.trace.total == total
    pw().mapi.MAPIInitialize(None)
    assert fake.trace[0].seq == total + 1


# --- the timeline: window and peaks of the whole run ---------------------------------------------
def test_timeline_peaks_cover_points_the_window_dropped(sized: Any) -> None:
    fake = sized(8)
    session, own, manage = logon("Admin")
    stores = [session.OpenMsgStore(0, admin_eid(manage, u), None, 0) for u in users(1, 30)]
    del stores
    _cycles(20)
    timeline = fake.timeline
    assert len(timeline) == 8 and timeline.total > 60
    # the kept points are the cycles': this test's own store, the cycles' own store, the one cycled
    assert max(point[4] for point in timeline) == 3
    # KB 260141: own store + 30 others held at once on one connection: 31 LogonIds
    assert (timeline.logons_peak, timeline.connections_peak, timeline.connections_total) == (31, 1, 1)


def test_track_logons_measures_a_block_longer_than_the_window(sized: Any) -> None:
    fake = sized(4)
    session, own, manage = logon("Admin")
    eids = [admin_eid(manage, u) for u in users(1, 12)]
    with track_logons(fake) as meter:
        stores = [session.OpenMsgStore(0, eid, None, 0) for eid in eids]
        del stores
        _cycles(10)
    assert meter.peak_extra == 12


def test_the_timeline_compares_equal_to_the_list_of_its_kept_points(sized: Any) -> None:
    fake = sized(None)
    _cycles(1)
    points = list(fake.timeline)
    assert fake.timeline == points and points[0][1:4] == ("main", 1, "EX01")
    assert fake.timeline[:1] == points[:1]


# --- one API: events everywhere, text on request ---------------------------------------------------
def test_tail_filter_and_errors_all_return_lists_of_events(sized: Any) -> None:
    fake = sized(None)
    _cycles(3)
    m = pw()
    session, own, _ = logon("Admin")
    store = session.OpenMsgStore(0, own.GetProps((m.mapitags.PR_ENTRYID,), 0)[1][0][1], None, 0)
    store.GetProps((m.mapitags.PR_DISPLAY_NAME,), 0)
    del store
    trace = fake.trace
    for got in (trace.tail(4), trace.filter(call="GetProps"), trace.errors(), trace[-2:]):
        assert isinstance(got, list) and all(isinstance(e, TraceEvent) for e in got)
    assert [e.call for e in trace.tail(3)] == ["OpenMsgStore", "GetProps", "Release"]
    assert trace.tail(0) == []
    with pytest.raises(ValueError, match="n: expected an int >= 0"):
        trace.tail(-1)


def test_format_and_str_give_one_readable_line_per_event(sized: Any) -> None:
    fake = sized(None)
    _cycles(1)
    trace = fake.trace
    last = trace.tail(2)
    assert trace.format(last) == f"{last[0]}\n{last[1]}"
    assert str(trace).splitlines() == [str(e) for e in trace]
    assert "store#" in str(last[-1]) and ".Release()" in str(last[-1])


def test_repr_shows_the_totals_and_the_window(sized: Any) -> None:
    fake = sized(5)
    _cycles(3)
    assert repr(fake.trace) == f"<Trace {fake.trace.total:,} events, 0 errors; keeping the last 5 (5 kept)>"
    assert repr(fakemapi.install(trace_size=None).trace) == "<Trace 0 events, 0 errors; keeping all (0 kept)>"


# --- the size as a parameter: install, marker, fakemapi run, scenarios -------------------------------
@pytest.mark.parametrize("bad", [-1, 1.5, "10", True])
def test_install_rejects_a_bad_trace_size_naming_it_and_installs_nothing(bad: Any) -> None:
    before = REGISTRY.fake
    with pytest.raises(ValueError, match=r"trace_size: expected an int >= 0 .* or None"):
        fakemapi.install(trace_size=bad)
    assert REGISTRY.fake is before
    # (whether the drop-in modules are in sys.modules depends on the plugin's import hook, which
    # keeps them there for the session once a test imported them: docs/pytest.md)


def test_the_fixture_marker_takes_trace_size(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
import pytest

@pytest.mark.fakemapi(trace_size=3)
def test_small(fakemapi):
    from win32com.mapi import mapi
    for _ in range(5):
        mapi.MAPIInitialize(None)
    assert len(fakemapi.trace) == 3 and fakemapi.trace.total == 5

@pytest.mark.fakemapi(trace_size="unbounded")
def test_all(fakemapi):
    assert fakemapi.trace.size is None

@pytest.mark.fakemapi(trace_size=-2)
def test_bad(fakemapi):
    pass
""")
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*@pytest.mark.fakemapi: trace_size: expected an int >= 0*"])


def test_fakemapi_run_takes_trace_size(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("FAKEMAPI_WORLD", "FAKEMAPI_FLAVOR", "FAKEMAPI_STRICT", "FAKEMAPI_TRACE_SIZE", "PYTHONPATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(sys, "path", list(sys.path))
    prog = tmp_path / "prog.py"
    prog.write_text("from win32com.mapi import mapi\nfor _ in range(6):\n    mapi.MAPIInitialize(None)\n"
                    "import fakemapi.dropin.registry as r\nt = r.REGISTRY.fake.trace\nprint(len(t), t.total)\n",
                    encoding="utf-8")
    try:
        assert fakemapi.cli.main(["run", "--trace-size", "2", str(prog)]) == 0
        assert capsys.readouterr().out == "2 6\n"
        with pytest.raises(SystemExit):
            fakemapi.cli.main(["run", "--trace-size", "lots", str(prog)])
        assert "--trace-size: expected a number >= 0, 'unbounded' or 'off'" in capsys.readouterr().err
    finally:
        fakemapi.uninstall()


SCENARIO = """\
schema_version: 1
name: small-window
{size}
steps:
  - mapi.MAPIInitialize: [null]
  - mapi.MAPILogonEx: [0, "Admin", null, MAPI_EXTENDED | MAPI_NEW_SESSION]
    as: session
  - session.GetMsgStoresTable: [0]
    as: stores
  - stores.QueryRows: [1, 0]
    as: rows
  - repeat: 20
    steps:
      - session.OpenMsgStore: [0, $rows.0.0.1, null, MDB_NO_DIALOG]
        as: store
      - release: store
"""


def test_a_scenario_sets_its_trace_size_and_its_result_keeps_the_whole_runs_peaks(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.format(size="trace_size: 4"), encoding="utf-8")
    result = run_scenario(load_scenario(str(path)))
    assert result.passed, result.failure
    # 4 set-up calls, 20 x (OpenMsgStore, Release), and the releases of session and table at the end
    assert len(result.trace) == 4 and result.trace.total == 46
    assert (result.logons_peak, result.connections_peak, result.connections_total) == (1, 1, 1)
    path.write_text(SCENARIO.format(size="trace_size: unbounded"), encoding="utf-8")
    assert len(run_scenario(load_scenario(str(path))).trace) == 46


def test_a_scenario_with_a_bad_trace_size_fails_to_load_naming_the_key(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.format(size="trace_size: -3"), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"s.yaml:3:\d+: .*trace_size.*expected a number >= 0"):
        load_scenario(str(path))


def test_the_report_counts_every_error_and_says_when_its_chart_shows_only_the_last_calls(
        tmp_path: pathlib.Path) -> None:
    from fakemapi.scenario.report import render_report

    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.format(size="trace_size: 4") + """\
  - session.OpenMsgStore: [0, "$b:not an entry id", null, 0]
    expect: {error: MAPI_E_INVALID_ENTRYID}
  - repeat: 5
    steps:
      - session.QueryIdentity: []
""", encoding="utf-8")
    result = run_scenario(load_scenario(str(path)))
    assert result.passed, result.failure
    assert result.trace.errors() == [] and result.trace.error_total == 1  # dropped from the window
    page = render_report([result])
    assert "<li>errors <b>1</b></li>" in page
    assert f"the last <b>4</b> of {result.trace.total:,} calls" in page
