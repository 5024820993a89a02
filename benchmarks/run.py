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

import fakemapi  # noqa: E402
from fakemapi.world import World  # noqa: E402

Row = dict[str, Any]


def median_us(fn: Callable[[], None], inner: int, rounds: int) -> float:
    """Median over ``rounds`` of the time per call of ``fn`` (called ``inner`` times a round)."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - start) / inner * 1e6)
    return statistics.median(samples)


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

        inner = 2000
        results = {}
        # interleave the three so drift on a noisy machine hits them alike
        samples: dict[str, list[float]] = {"fake": [], "mock": [], "floor": []}
        for _ in range(rounds):
            for name, fn in (("fake", with_fake), ("mock", with_mock), ("floor", floor)):
                samples[name].append(median_us(fn, inner, 1))
            mock.reset_mock()
            fake.runtime.trace._rows.clear()
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


# --- B5 -----------------------------------------------------------------------------------------
def b5(rounds: int) -> list[Row]:
    from fakemapi.scenario import load_scenario, run_scenario

    path = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios", "kb260141-index-reuse.yaml")
    scenario = load_scenario(path)
    steps = run_scenario(scenario).steps
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        result = run_scenario(scenario)
        times.append(time.perf_counter() - start)
        assert result.passed, result.failure
    rate = steps / statistics.median(times)
    return [{"id": "B5", "what": f"scenario replay ({os.path.basename(path)}, {steps} steps)", "size": steps,
             "median_us": statistics.median(times) / steps * 1e6, "ratio": None, "ratio_of": "",
             "target": ">= 50,000 steps/s", "rate": rate, "met": rate >= 50_000}]


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

            per_open = median_us(open_n, 3, rounds) / n
            out.append({"id": "size", "what": "OpenMsgStore + release per store (separate connections)",
                        "size": n, "median_us": per_open, "ratio": None, "ratio_of": "", "target": "", "met": None})
    finally:
        fakemapi.uninstall()
    return out


def plot(rows: list[Row], path: str) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no plot written", file=sys.stderr)
        return False
    groups: dict[str, list[tuple[int, float]]] = {}
    for row in rows:
        if row["id"] in ("size", "B4") and row.get("median_us") is not None and isinstance(row.get("size"), int):
            groups.setdefault(row["what"], []).append((row["size"], row["median_us"]))
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    for what, points in groups.items():
        points.sort()
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=what)
    ax.set_xscale("log")
    ax.set_xlabel("size (stores open / rows in the table)")
    ax.set_ylabel("median cost (µs)")
    ax.set_ylim(bottom=0)
    ax.set_title("fakemapi: cost against size (flat is good)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and a smaller big world")
    parser.add_argument("--only", help="comma-separated benchmark ids, e.g. B1,B3")
    options = parser.parse_args(argv)
    rounds = 3 if options.quick else 9
    big = 10_000 if options.quick else 100_000
    wanted = set(options.only.split(",")) if options.only else None
    suites: list[tuple[str, Callable[[], list[Row]]]] = [
        ("B1", lambda: b1(rounds)), ("B2", lambda: b2(rounds)), ("B3", lambda: b3(rounds, big)),
        ("B5", lambda: b5(rounds)), ("B6", lambda: b6(rounds)), ("size", lambda: sizes(rounds)),
    ]
    try:
        from benchmarks import contents as b4  # issue 3's contents benchmarks, when present

        suites.insert(3, ("B4", lambda: b4.run(rounds)))
    except ImportError:
        pass
    rows: list[Row] = []
    for sid, fn in suites:
        if wanted and sid not in wanted:
            continue
        print(f"running {sid} ...", file=sys.stderr, flush=True)
        rows.extend(fn())
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
          f"{platform.platform()}\n")
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
        print("\n(--only: results.csv and cost.png are written by full runs only)")
        return 0
    with open(os.path.join(HERE, "results.csv"), "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "what", "size", "median_us", "mb", "rate", "ratio",
                                                "ratio_of", "target", "met"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    if plot(rows, os.path.join(HERE, "cost.png")):
        print(f"\nwrote {os.path.join(HERE, 'results.csv')} and {os.path.join(HERE, 'cost.png')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
