"""fakemapi benchmarks: the hot paths, side by side with what users would use instead.

    python -m pip install -e '.[bench]' && python benchmarks/run.py [--quick] [--only B1,B3]

Everything is measured in one run, so ratios hold on a noisy machine. Prints a table of medians
and ratios against the targets, writes benchmarks/results.csv and benchmarks/cost.png (cost
against size). No timed assertions live in the test suite; the figures go in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import platform
import statistics
import sys
import time
import tracemalloc
import weakref
from collections.abc import Callable
from typing import Any
from unittest.mock import MagicMock

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(1, ROOT)  # benchmarks.contents (B4), however run.py is started

import fakemapi  # noqa: E402
from fakemapi.world import World  # noqa: E402

Row = dict[str, Any]

#: what the timings read: this process's CPU time by default (on a shared machine the wall clock
#: also counts the time other jobs had the core); ``--wall`` switches to ``time.perf_counter``
CLOCK: Callable[[], float] = time.process_time


def samples_us(fn: Callable[[], None], inner: int, rounds: int) -> list[float]:
    """The time per call of ``fn`` (called ``inner`` times a round) in each of ``rounds`` rounds."""
    samples = []
    for _ in range(rounds):
        start = CLOCK()
        for _ in range(inner):
            fn()
        samples.append((CLOCK() - start) / inner * 1e6)
    return samples


def median_us(fn: Callable[[], None], inner: int, rounds: int) -> float:
    """Median over ``rounds`` of the time per call of ``fn`` (called ``inner`` times a round)."""
    return statistics.median(samples_us(fn, inner, rounds))


def spread(samples: list[float]) -> dict[str, float]:
    """The columns results.csv keeps of a series point's rounds: min, quartiles, max."""
    ordered = sorted(samples)
    q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else (ordered * 3)
    return {"min_us": ordered[0], "p25_us": q1, "p75_us": q3, "max_us": ordered[-1]}


def logon_with_entry_ids(fake: Any, profile: str) -> tuple[Any, Any, list[bytes]]:
    """MAPIInitialize, log on with ``profile``, open the own store, and make admin-privileged
    entry ids for user001..user300: (session, own store, entry ids)."""
    from win32com.mapi import exchange, mapi

    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, profile, None, mapi.MAPI_EXTENDED)
    own_eid = session.GetMsgStoresTable(0).QueryRows(1, 0)[0][0][1]
    own = session.OpenMsgStore(0, own_eid, None, 0)
    manage = own.QueryInterface(exchange.IID_IExchangeManageStore)
    server = fake.world.servers["ex01"]
    eids = [manage.CreateStoreEntryID(server.private_mdb_dn, m.dn, exchange.OPENSTORE_USE_ADMIN_PRIVILEGE)
            for m in fake.world.mailboxes if m.alias.startswith("user")]
    return session, own, eids


# --- B1 -----------------------------------------------------------------------------------------
def b1(rounds: int) -> list[Row]:
    """OpenMsgStore + GetProps + release: drop-in vs MagicMock vs the floor."""
    fake = fakemapi.install()
    try:
        from win32com.mapi import mapi, mapitags

        mapi.MAPIInitialize(None)
        session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_EXTENDED | mapi.MAPI_USE_DEFAULT)
        eid = session.GetMsgStoresTable(0).QueryRows(1, 0)[0][0][1]
        tags = (mapitags.PR_DISPLAY_NAME,)
        flags = mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS

        def with_fake() -> None:
            store = session.OpenMsgStore(0, eid, None, flags)
            store.GetProps(tags, 0)
            del store

        mock = MagicMock()

        def with_mock() -> None:
            store = mock.OpenMsgStore(0, eid, None, flags)
            store.GetProps(tags, 0)
            del store

        class Bare:
            pass

        def floor() -> None:
            obj = Bare()
            weakref.finalize(obj, int)
            del obj

        from benchmarks.skeleton import Skeleton

        bare = Skeleton()

        def skeleton() -> None:
            store = bare.OpenMsgStore(0, eid, None, flags)
            store.GetProps(tags, 0)
            del store

        inner = 2000
        results = {}
        # interleave the three so drift on a noisy machine hits them alike
        samples: dict[str, list[float]] = {"fake": [], "mock": [], "floor": [], "skeleton": []}
        for _ in range(rounds):
            for name, fn in (("fake", with_fake), ("mock", with_mock), ("floor", floor), ("skeleton", skeleton)):
                samples[name].append(median_us(fn, inner, 1))
            mock.reset_mock()
            fake.runtime.trace.clear()
        for name, values in samples.items():
            results[name] = statistics.median(values)
        mapi.MAPIUninitialize()
    finally:
        fakemapi.uninstall()
    return [
        {"id": "B1", "what": "open+GetProps+release, fakemapi", "size": 1, "median_us": results["fake"],
         "ratio": results["fake"] / results["mock"], "ratio_of": "MagicMock", "target": "<= 0.33",
         "met": results["fake"] / results["mock"] <= 0.33},
        {"id": "B1", "what": "open+GetProps+release, fakemapi", "size": 1, "median_us": results["fake"],
         "ratio": results["fake"] / results["floor"], "ratio_of": "floor", "target": "<= 5",
         "met": results["fake"] / results["floor"] <= 5},
        {"id": "B1", "what": "same calls on MagicMock", "size": 1, "median_us": results["mock"], "ratio": None,
         "ratio_of": "", "target": "", "met": None},
        {"id": "B1", "what": "floor: object + weakref finalizer", "size": 1, "median_us": results["floor"],
         "ratio": None, "ratio_of": "", "target": "", "met": None},
        {"id": "B1", "what": "skeleton: the same work inlined (skeleton.py)", "size": 1,
         "median_us": results["skeleton"], "ratio": results["skeleton"] / results["floor"], "ratio_of": "floor",
         "target": "", "met": None},
    ]


# --- B2 -----------------------------------------------------------------------------------------
def b2(rounds: int) -> list[Row]:
    """Fill a connection's 255 logons and release them all: the logon table itself, and through
    the drop-in (OpenMsgStore x 255, then dropping the references)."""
    from fakemapi.emsmdb.logontable import LogonTable

    def table_only() -> None:
        table = LogonTable()
        ids = [table.allocate() for _ in range(255)]
        for i in ids:
            table.release(i)  # type: ignore[arg-type]

    table_us = median_us(table_only, 50, rounds)
    fake = fakemapi.install()
    try:
        session, own, eids = logon_with_entry_ids(fake, "Admin")
        eids = eids[:254]

        def fill_and_release() -> None:
            stores = [session.OpenMsgStore(0, eid, None, 0) for eid in eids]
            del stores

        dropin_us = median_us(fill_and_release, 3, rounds)
        assert len(fake.logons()) == 1  # only the own store is left open
    finally:
        fakemapi.uninstall()
    return [
        {"id": "B2", "what": "255 logons filled and released, LogonTable", "size": 255,
         "median_us": table_us, "ratio": None, "ratio_of": "", "target": "<= 1000 us", "met": table_us <= 1000},
        {"id": "B2", "what": "254 OpenMsgStore + release, drop-in", "size": 254,
         "median_us": dropin_us, "ratio": None, "ratio_of": "", "target": "<= 1000 us", "met": dropin_us <= 1000},
    ]


# --- B3 -----------------------------------------------------------------------------------------
def b3(rounds: int, big: int) -> list[Row]:
    World.default()  # the default world is parsed once per process; install() reuses it

    def cycle() -> None:
        fakemapi.install()
        fakemapi.uninstall()

    install_us = median_us(cycle, 50, rounds)
    rows: list[Row] = [{"id": "B3", "what": "install() + uninstall(), default world", "size": 1,
                        "median_us": install_us, "ratio": None, "ratio_of": "", "target": "<= 1000 us",
                        "met": install_us <= 1000}]
    data = {"schema_version": 1, "servers": [{"name": "EX01"}],
            "mailboxes": [{"alias": "admin", "rights": "admin"},
                          {"generate": {"count": big, "alias": "user{n:06}"}}]}
    times = []
    for _ in range(max(1, rounds // 2)):
        gc.collect()
        start = time.perf_counter()
        world = World.from_dict(data)
        times.append(time.perf_counter() - start)
        assert len(world) == big + 1
        del world
    gc.collect()
    tracemalloc.start()  # memory in a separate pass: tracing slows the load down
    world = World.from_dict(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del world
    load_s = statistics.median(times)
    rows.append({"id": "B3", "what": f"load a generated world of {big:,} mailboxes", "size": big,
                 "median_us": load_s * 1e6, "ratio": None, "ratio_of": "", "target": "<= 1 s",
                 "met": load_s <= 1.0})
    rows.append({"id": "B3", "what": f"memory for {big:,} mailboxes (tracemalloc peak)", "size": big,
                 "median_us": None, "mb": peak / 1e6, "ratio": None, "ratio_of": "", "target": "<= 100 MB",
                 "met": peak / 1e6 <= 100})
    return rows


# --- M1 -----------------------------------------------------------------------------------------
def m1(cycles: int) -> list[Row]:
    """Memory of a long run: ``cycles`` B1 cycles (OpenMsgStore + GetProps + release), traced
    with tracemalloc, for the default trace window and for an unbounded trace."""
    rows: list[Row] = []
    from fakemapi.trace import DEFAULT_TRACE_SIZE

    for size, label in ((DEFAULT_TRACE_SIZE, "default trace_size"), (None, "trace_size=None")):
        fake = fakemapi.install(trace_size=size)
        try:
            from win32com.mapi import mapi, mapitags

            mapi.MAPIInitialize(None)
            session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_EXTENDED | mapi.MAPI_USE_DEFAULT)
            eid = session.GetMsgStoresTable(0).QueryRows(1, 0)[0][0][1]
            tags = (mapitags.PR_DISPLAY_NAME,)
            for _ in range(100):
                session.OpenMsgStore(0, eid, None, 0).GetProps(tags, 0)
            gc.collect()
            tracemalloc.start()
            base = tracemalloc.get_traced_memory()[0]
            for _ in range(cycles):
                store = session.OpenMsgStore(0, eid, None, 0)
                store.GetProps(tags, 0)
                del store
            after = tracemalloc.get_traced_memory()[0] - base
            events = fake.trace.events
            read = tracemalloc.get_traced_memory()[0] - base
            tracemalloc.stop()
            del events
            mapi.MAPIUninitialize()
        finally:
            fakemapi.uninstall()
        target = "flat" if size is not None else ""
        rows.append({"id": "M1", "what": f"memory after {cycles:,} B1 cycles, {label}", "size": cycles,
                     "median_us": None, "mb": after / 1e6, "ratio": None, "ratio_of": "", "target": target,
                     "met": None})
        rows.append({"id": "M1", "what": f"  the same, after reading trace.events, {label}", "size": cycles,
                     "median_us": None, "mb": read / 1e6, "ratio": None, "ratio_of": "", "target": "", "met": None})
    return rows


# --- B5 -----------------------------------------------------------------------------------------
def b5(rounds: int) -> list[Row]:
    from fakemapi.scenario import load_scenario, run_scenario

    path = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios", "kb260141-index-reuse.yaml")
    scenario = load_scenario(path)
    steps = run_scenario(scenario).steps
    times = []
    for _ in range(rounds):
        start = CLOCK()
        result = run_scenario(scenario)
        times.append(CLOCK() - start)
        assert result.passed, result.failure
    rate = steps / statistics.median(times)
    return [{"id": "B5", "what": f"scenario replay ({os.path.basename(path)}, {steps} steps)", "size": steps,
             "median_us": statistics.median(times) / steps * 1e6, "ratio": None, "ratio_of": "",
             "target": ">= 100,000 steps/s", "rate": rate, "met": rate >= 100_000}]


# --- B6 -----------------------------------------------------------------------------------------
def b6(rounds: int) -> list[Row]:
    """The differential state machine (tests/test_differential.py): steps per second, each step
    run through the drop-in and the reference model and compared, invariants checked."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    try:
        from hypothesis import HealthCheck, settings
        from hypothesis.stateful import run_state_machine_as_test
        from test_differential import DifferentialMachine
    except ImportError as exc:
        print(f"B6 needs the test extra (hypothesis): {exc}", file=sys.stderr)
        return []
    counter = [0]

    class Counted(DifferentialMachine):  # type: ignore[misc,valid-type]
        def execute(self, step: Any) -> Any:
            counter[0] += 1
            return super().execute(step)

    rates = []
    for _ in range(max(1, rounds // 3)):
        counter[0] = 0
        start = time.perf_counter()
        run_state_machine_as_test(Counted, settings=settings(
            max_examples=40, stateful_step_count=40, derandomize=True, database=None, deadline=None,
            suppress_health_check=list(HealthCheck)))
        rates.append(counter[0] / (time.perf_counter() - start))
    rate = statistics.median(rates)
    return [{"id": "B6", "what": "differential state machine (drop-in vs reference model)", "size": None,
             "median_us": 1e6 / rate, "ratio": None, "ratio_of": "", "target": ">= 2,000 steps/s",
             "rate": rate, "met": rate >= 2000}]


# --- cost against size (for the plot) ------------------------------------------------------------
def sizes(rounds: int) -> list[Row]:
    """Per-open cost as the number of open logons grows (flat means no hidden O(n))."""
    out = []
    fake = fakemapi.install()
    try:
        session, own, eids = logon_with_entry_ids(fake, "AdminSeparate")
        for n in (1, 10, 50, 100, 200, 300):
            def open_n(count: int = n) -> None:
                stores = [session.OpenMsgStore(0, eid, None, 0) for eid in eids[:count]]
                del stores

            per_open = [v / n for v in samples_us(open_n, 3, rounds)]
            out.append({"id": "size", "what": "OpenMsgStore + release per store (separate connections)",
                        "size": n, "median_us": statistics.median(per_open), "ratio": None, "ratio_of": "",
                        "target": "", "met": None, "samples_us": per_open})
    finally:
        fakemapi.uninstall()
    return out


def plot(rows: list[Row], path: str) -> bool:
    """cost.png: one panel per series (each with its own scales, so neither flattens the other),
    the median over the rounds as a line, the middle half of the rounds as a band and the
    fastest and slowest round as whiskers."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no plot written", file=sys.stderr)
        return False
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if row["id"] in ("size", "B4") and row.get("median_us") is not None and isinstance(row.get("size"), int):
            groups.setdefault(row["what"], []).append(row)
    if not groups:
        return False
    fig, axes = plt.subplots(1, len(groups), figsize=(5.2 * len(groups), 4.7), dpi=100, squeeze=False)
    for ax, (what, points) in zip(axes[0], groups.items()):
        points.sort(key=lambda r: r["size"])
        xs = [r["size"] for r in points]
        med = [r["median_us"] for r in points]
        samples = [r.get("samples_us") or [r["median_us"]] for r in points]
        lows = [min(v) for v in samples]
        highs = [max(v) for v in samples]
        q = [spread(v) for v in samples]
        ax.fill_between(xs, [s["p25_us"] for s in q], [s["p75_us"] for s in q], alpha=0.25, color="C0",
                        label="middle half of the rounds")
        ax.errorbar(xs, med, yerr=[[m - lo for m, lo in zip(med, lows)], [hi - m for m, hi in zip(med, highs)]],
                    fmt="o-", color="C0", ecolor="0.45", elinewidth=1, capsize=3,
                    label=f"median of {len(samples[0])} rounds (whiskers: fastest, slowest)")
        ax.set_xscale("log")
        # the scale fits the medians and the middle half; a slowest round far above (a noisy,
        # shared machine) is cut at the top and its value written there
        top = max(max(s["p75_us"] for s in q) * 2.2, max(med) * 2.0)
        ax.set_ylim(0, top)
        for i, (x, hi) in enumerate(zip(xs, highs)):
            if hi > top:
                ax.annotate(f"\u2191 {hi:,.0f}", (x, top), xytext=(0, -12 - 10 * (i % 2)), textcoords="offset points",
                            ha="center", fontsize=7.5, color="0.35")
        ax.set_xlabel("rows in the folder" if "QueryRows" in what else "stores open")
        ax.set_ylabel("cost per " + ("page" if "QueryRows" in what else "store") + " (µs)")
        ax.set_title(what, fontsize=10)
        ax.grid(True, alpha=0.3)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=8.5, frameon=False)
    fig.suptitle("fakemapi: cost against size (flat is good)", fontsize=12)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(path)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and a smaller big world")
    parser.add_argument("--only", help="comma-separated benchmark ids, e.g. B1,B3")
    parser.add_argument("--plot", action="store_true", help="with --only size,B4: write cost.png from that run")
    parser.add_argument("--wall", action="store_true", help="time with the wall clock, not this process's CPU time")
    options = parser.parse_args(argv)
    global CLOCK
    CLOCK = time.perf_counter if options.wall else time.process_time
    rounds = 3 if options.quick else 9
    big = 10_000 if options.quick else 100_000
    wanted = set(options.only.split(",")) if options.only else None
    suites: list[tuple[str, Callable[[], list[Row]]]] = [
        ("B1", lambda: b1(rounds)), ("B2", lambda: b2(rounds)), ("B3", lambda: b3(rounds, big)),
        ("B5", lambda: b5(rounds)), ("B6", lambda: b6(rounds)),
        ("M1", lambda: m1(20_000 if options.quick else 200_000)), ("size", lambda: sizes(rounds)),
    ]
    from benchmarks import contents as b4  # the contents benchmarks (B4)

    suites.insert(3, ("B4", lambda: b4.run(rounds)))
    rows: list[Row] = []
    for sid, fn in suites:
        if wanted and sid not in wanted:
            continue
        print(f"running {sid} ...", file=sys.stderr, flush=True)
        rows.extend(fn())
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
          f"{platform.platform()}; clock: {'wall' if options.wall else 'process CPU time'}\n")
    header = f"{'#':4} {'what':58} {'median':>12} {'ratio':>16} {'target':>18} {'met':>4}"
    print(header)
    print("-" * len(header))
    for r in rows:
        if r["median_us"] is None:
            value = f"{r.get('mb', 0):.1f} MB"
        elif r.get("rate"):
            value = f"{r['rate']:,.0f}/s"
        elif r["median_us"] >= 1000:
            value = f"{r['median_us'] / 1000:.2f} ms"
        else:
            value = f"{r['median_us']:.2f} us"
        ratio = f"{r['ratio']:.2f}x {r['ratio_of']}" if r.get("ratio") is not None else ""
        met = "" if r["met"] is None else ("yes" if r["met"] else "NO")
        print(f"{r['id']:4} {r['what'][:58]:58} {value:>12} {ratio:>16} {r['target']:>18} {met:>4}")
    if wanted:
        if options.plot and plot(rows, os.path.join(HERE, "cost.png")):
            print(f"\nwrote {os.path.join(HERE, 'cost.png')} (results.csv is written by full runs only)")
        else:
            print("\n(--only: results.csv and cost.png are written by full runs only; --plot writes cost.png)")
        return 0
    with open(os.path.join(HERE, "results.csv"), "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "what", "size", "median_us", "mb", "rate", "ratio",
                                                "ratio_of", "target", "met", "min_us", "p25_us", "p75_us",
                                                "max_us"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows([{**r, **spread(r["samples_us"])} if r.get("samples_us") else r for r in rows])
    if plot(rows, os.path.join(HERE, "cost.png")):
        print(f"\nwrote {os.path.join(HERE, 'results.csv')} and {os.path.join(HERE, 'cost.png')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
