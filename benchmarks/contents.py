"""B4: contents tables through the drop-in (issue 6).

    python benchmarks/run.py --only B4          # as part of the suite
    python benchmarks/contents.py [--rounds 9]  # alone (prints the rows)

A world with one mailbox whose folders hold 1,000, 10,000 and 100,000 generated messages is
installed with ``World.from_dict``, and everything is measured through ``win32com.mapi`` as a
client uses it:

- **paging**: a fresh contents table, ``SetColumns``, then ``QueryRows(100)`` until the table is
  exhausted; each page is timed, and the row is the median page (median over rounds of each
  round's median). Target: flat in N and <= 0.5 ms per page.
- **Restrict + SortTable**: a fresh contents table, then ``Restrict`` (unread and received in the
  second half of the range: a quarter of the rows), ``SortTable`` (received, newest first) and
  the first ``QueryRows(100)``: what a client waits for before it can show anything. Target on
  100,000 rows: <= 200 ms.

Sizes are interleaved within each round (rotating the order) so drift on a noisy machine hits
them alike.
"""

from __future__ import annotations

import datetime
import gc
import os
import statistics
import sys
import time
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if os.path.join(ROOT, "src") not in sys.path:
    sys.path.insert(0, os.path.join(ROOT, "src"))

import fakemapi  # noqa: E402
from fakemapi.world import World  # noqa: E402

Row = dict[str, Any]

SIZES = (1_000, 10_000, 100_000)
PAGE = 100
PAGE_TARGET_US = 500.0
#: "flat in N": the per-page median at N is at most this many times the one at the smallest N
FLAT_RATIO = 1.5
RESTRICT_TARGET_US = 200_000.0
START = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
MSGFLAG_READ = 0x1  # not exported by pywin32


def world_data(sizes: tuple[int, ...] = SIZES) -> dict[str, Any]:
    """One mailbox with a folder ``Bench<n>`` of ``n`` generated messages per size: half read and
    half unread, in two runs whose delivery times interleave (so sorting by time has work to do)."""
    folders: dict[str, Any] = {}
    for n in sizes:
        half = n // 2
        common = {"subject": "Report {n}", "body": "Body of report {n}", "from": "bob", "to": ["admin"],
                  "every": "2h"}
        folders[f"Bench{n}"] = {"messages": [
            {"generate": dict(common, count=half, read=True, received_from=START.isoformat())},
            {"generate": dict(common, count=n - half, read=False,
                              received_from=(START + datetime.timedelta(hours=1)).isoformat())},
        ]}
    return {
        "schema_version": 1,
        "organization": {"name": "Contoso", "site": "HQ"},
        "servers": [{"name": "EX01"}],
        "mailboxes": [{"alias": "admin", "display_name": "Administrator", "rights": "admin", "folders": folders},
                      {"alias": "bob", "display_name": "Bob"}],
        "profiles": [{"name": "Bench", "mailbox": "admin", "default": True}],
    }


def _open_folders(mapi: Any, mapitags: Any, sizes: tuple[int, ...]) -> tuple[Any, dict[int, Any]]:
    session = mapi.MAPILogonEx(0, "Bench", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
    rows = mapi.HrQueryAllRows(session.GetMsgStoresTable(0), (mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE),
                               None, None, 0)
    store_eid = next(row[0][1] for row in rows if row[1][1])
    store = session.OpenMsgStore(0, store_eid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)
    subtree_eid = store.GetProps((mapitags.PR_IPM_SUBTREE_ENTRYID,), 0)[1][0][1]
    subtree = store.OpenEntry(subtree_eid, None, 0)
    hier = subtree.GetHierarchyTable(0)
    hier.SetColumns((mapitags.PR_DISPLAY_NAME_W, mapitags.PR_ENTRYID, mapitags.PR_CONTENT_COUNT), 0)
    folders = {}
    for row in hier.QueryRows(1000, 0):
        name, eid, count = row[0][1], row[1][1], row[2][1]
        if name.startswith("Bench"):
            n = int(name[len("Bench"):])
            assert count == n, (name, count)
            folders[n] = store.OpenEntry(eid, None, 0)
    assert set(folders) == set(sizes), folders
    return session, folders


def run(rounds: int, sizes: tuple[int, ...] = SIZES) -> list[Row]:
    world = World.from_dict(world_data(sizes))
    fake = fakemapi.install(world)
    try:
        from win32com.mapi import mapi, mapitags

        mapi.MAPIInitialize(None)
        session, folders = _open_folders(mapi, mapitags, sizes)
        columns = (mapitags.PR_ENTRYID, mapitags.PR_SUBJECT_W, mapitags.PR_MESSAGE_DELIVERY_TIME,
                   mapitags.PR_MESSAGE_FLAGS, mapitags.PR_MESSAGE_SIZE)
        # unread and received in the second half of the folder's range, newest first
        sort = (((mapitags.PR_MESSAGE_DELIVERY_TIME, mapi.TABLE_SORT_DESCEND),), 0, 0)

        def restriction(n: int) -> Any:
            middle = START + datetime.timedelta(hours=n // 2)  # a message every hour overall
            return (mapi.RES_AND, (
                (mapi.RES_BITMASK, (mapi.BMR_EQZ, mapitags.PR_MESSAGE_FLAGS, MSGFLAG_READ)),
                (mapi.RES_PROPERTY, (mapi.RELOP_GE, mapitags.PR_MESSAGE_DELIVERY_TIME,
                                     (mapitags.PR_MESSAGE_DELIVERY_TIME, middle))),
            ))

        def page_through(folder: Any, n: int) -> list[float]:
            table = folder.GetContentsTable(0)
            table.SetColumns(columns, 0)
            times = []
            seen = 0
            clock = time.perf_counter
            while True:
                start = clock()
                rows = table.QueryRows(PAGE, 0)
                times.append(clock() - start)
                if not rows:
                    break
                seen += len(rows)
            assert seen == n, (seen, n)
            return times[:-1]  # the empty page that ends the loop is not a page

        def restrict_sort(folder: Any, n: int) -> float:
            table = folder.GetContentsTable(0)
            table.SetColumns(columns, 0)
            res = restriction(n)
            start = time.perf_counter()
            table.Restrict(res, 0)
            table.SortTable(sort, 0)
            rows = table.QueryRows(PAGE, 0)
            elapsed = time.perf_counter() - start
            assert len(rows) == min(PAGE, n // 4), (len(rows), n)
            assert rows[0][2][1] > rows[-1][2][1]  # newest first
            return elapsed

        page: dict[int, list[float]] = {n: [] for n in sizes}
        rsort: dict[int, list[float]] = {n: [] for n in sizes}
        for r in range(rounds):
            order = list(sizes[r % len(sizes):] + sizes[:r % len(sizes)])
            for n in order:
                gc.collect()
                page[n].append(statistics.median(page_through(folders[n], n)))
                gc.collect()
                rsort[n].append(restrict_sort(folders[n], n))
            fake.runtime.trace.clear()
        del folders, session
        mapi.MAPIUninitialize()
    finally:
        fakemapi.uninstall()

    base = statistics.median(page[sizes[0]]) * 1e6
    out: list[Row] = []
    for n in sizes:
        us = statistics.median(page[n]) * 1e6
        ratio = us / base
        out.append({"id": "B4", "what": f"QueryRows({PAGE}) per page, contents table", "size": n,
                    "median_us": us, "ratio": ratio, "ratio_of": f"{sizes[0]:,} rows",
                    "target": f"<= {PAGE_TARGET_US:.0f} us, flat", "met": us <= PAGE_TARGET_US and ratio <= FLAT_RATIO,
                    "samples_us": [v * 1e6 for v in page[n]]})  # one per round: the spread in cost.png
    for n in sizes:
        us = statistics.median(rsort[n]) * 1e6
        target = n == max(sizes)
        # size None: not drawn in the cost-against-size plot (milliseconds would flatten the paging lines)
        out.append({"id": "B4", "what": f"Restrict + SortTable + first page, {n:,} rows", "size": None,
                    "median_us": us, "ratio": None, "ratio_of": "",
                    "target": f"<= {RESTRICT_TARGET_US / 1000:.0f} ms" if target else "",
                    "met": us <= RESTRICT_TARGET_US if target else None})
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args(argv)
    for row in run(options.rounds):
        value = row["median_us"]
        shown = f"{value / 1000:.2f} ms" if value >= 1000 else f"{value:.1f} us"
        ratio = f"{row['ratio']:.2f}x {row['ratio_of']}" if row["ratio"] is not None else ""
        met = "" if row["met"] is None else ("yes" if row["met"] else "NO")
        print(f"{row['what'][:50]:50} {str(row['size'] or ''):>7} {shown:>10} {ratio:>16} {row['target']:>18} {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
