"""Tables read a column at a time (issue 6, B4): every fast path gives what the row-at-a-time
model gives.

- a generated block's rows (``BlockRows``) are the views of the messages ``build_from_spec``
  would build;
- a folder's column reader gives the entries of ``Folder.row``, whatever was opened, changed or
  deleted;
- ``select`` / ``sort_order`` keep the rows ``matches`` / the row-by-row stable sorts keep;
- a contents table with ``columns_of`` shows what the same table over whole bags shows;
- ``rows_out`` a column at a time is ``props_out`` row by row.
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakemapi.client import restriction as r
from fakemapi.client.tables import Table
from fakemapi.dropin.pytypes import TimeType
from fakemapi.dropin.shapes import props_out, rows_out
from fakemapi.world import World
from fakemapi.world.contents import BlockRows, build_from_spec
from fakemapi.world.server import ServerSide
from fakemapi.world.store import Folder

UTC = datetime.timezone.utc
PR_ENTRYID = 0x0FFF0102
PR_SUBJECT_W = 0x0037001F
PR_SUBJECT_A = 0x0037001E
PR_SUBJECT_ANY = 0x00370000  # PT_UNSPECIFIED
PR_NORMALIZED_SUBJECT = 0x0E1D001F
PR_BODY = 0x1000001F
PR_IMPORTANCE = 0x00170003
PR_MESSAGE_FLAGS = 0x0E070003
PR_MESSAGE_SIZE = 0x0E080003
PR_DELIVERY = 0x0E060040
PR_CREATION = 0x30070040
PR_SEARCH_KEY = 0x300B0102
PR_INSTANCE_KEY = 0x0FF60102
PR_RECORD_KEY = 0x0FF90102
PR_HASATTACH = 0x0E1B000B
PR_DISPLAY_TO = 0x0E04001F
PR_COMMENT = 0x3004001F
PR_MISSING = 0x6FFF0003

TEXTS = [None, "Report {n}", "R{n}-{n}", "{n:05} done", "plain", "{{n}} braces", "{x} unknown field",
         "bad { brace", "caf\u00e9 {n}", "", "{n}" * 3, "long " + "x" * 300 + " {n}"]


# --- a store with generated blocks -------------------------------------------------------------
def _template(draw: st.DrawFn) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "count": draw(st.integers(1, 130)),
        "read": draw(st.booleans()),
        "importance": draw(st.sampled_from([0, 1, 2])),
        "every": draw(st.sampled_from(["1h", "0s", "7d", "90s"])),
        "received_from": draw(st.sampled_from(["2024-01-01T00:00:00Z", "2023-06-30T23:59:59Z"])),
    }
    for key in ("subject", "body"):
        text = draw(st.sampled_from(TEXTS))
        if text is not None:
            spec[key] = text
    if draw(st.booleans()):
        spec["from"] = draw(st.sampled_from(["bob", "carol@fabrikam.com"]))
        spec["to"] = draw(st.lists(st.sampled_from(["alice", "bob", "x@y.com"]), max_size=2))
    if draw(st.booleans()):
        spec["size_hint"] = draw(st.sampled_from([10, 500, 100_000]))
    if draw(st.booleans()):
        spec["attachments"] = [{"filename": "a.txt", "data": "some data"}]
    props: dict[str, Any] = {}
    for name, value in (("PR_SUBJECT", "fixed subject"), ("PR_BODY", "fixed body"),
                        ("PR_CLIENT_SUBMIT_TIME", "2020-02-02T00:00:00Z"), ("PR_SEARCH_KEY", "hex:0102"),
                        ("PR_MESSAGE_SIZE", 7), ("PR_COMMENT", "a comment")):
        if draw(st.integers(0, 5)) == 0:
            props[name] = value
    if props:
        spec["props"] = props
    return spec


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, Any]:
    messages: list[Any] = [{"subject": "Written", "received": "2024-03-01T00:00:00Z", "importance": 2}]
    for _ in range(draw(st.integers(1, 3))):
        messages.append({"generate": _template(draw)})
    if draw(st.booleans()):
        messages.insert(0, {"subject": "Also written", "body": "b", "read": True})
    return {
        "schema_version": 1,
        "servers": [{"name": "EX01"}],
        "mailboxes": [{"alias": "alice", "folders": {"Inbox": {"messages": messages}}},
                      {"alias": "bob", "display_name": "Bob"}],
    }


def _inbox(data: dict[str, Any]) -> Folder:
    world = World.from_dict(data)
    store = ServerSide(world).store_of(world.find_mailbox("alice"))  # type: ignore[arg-type]
    return store.folders[3]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(SETTINGS, max_examples=25)
@given(worlds(), st.data())
def test_block_rows_are_the_views_of_the_built_messages(data, pick):
    inbox = _inbox(data)
    for block in inbox.blocks:
        rows = BlockRows(inbox.store, inbox, block)
        bags = {}
        for counter in range(block.start, block.stop):
            built = build_from_spec(inbox.store, counter, inbox, block.spec.message(counter - block.start + 1)).view()
            bag = rows.bag(counter)
            assert list(bag.items()) == list(built.items())  # same entries, same order
            bags[counter] = built
        pids = sorted({pid for bag in bags.values() for pid in bag}) + [PR_MISSING >> 16]
        counters = sorted(pick.draw(st.sets(st.integers(block.start, block.stop - 1))))
        contiguous = list(range(block.start, block.stop))[pick.draw(st.integers(0, block.spec.count - 1)):]
        for run in (counters, contiguous):
            for pid in pids:
                assert rows.column(pid, run) == [bags[c].get(pid) for c in run], hex(pid)
                assert all(rows.entry(pid, c) == bags[c].get(pid) for c in run[:5])


def _change(inbox: Folder, pick: st.DataObject) -> None:
    """Open, change and delete some messages, as clients do."""
    ids = inbox.ids()
    for counter in pick.draw(st.lists(st.sampled_from(ids), max_size=6, unique=True)):
        message = inbox.message(counter)
        what = pick.draw(st.sampled_from(["open", "change", "delete"]))
        if what == "change":
            message.props[PR_SUBJECT_W >> 16] = (PR_SUBJECT_W, "Changed " + str(counter))
            message.set_flags(message.flags ^ 1)
            inbox.store.touch()
        elif what == "delete":
            inbox.remove(message)
            message.deleted = True


@settings(SETTINGS, max_examples=30)
@given(worlds(), st.data())
def test_the_folder_column_reader_reads_what_rows_show(data, pick):
    inbox = _inbox(data)
    before = list(inbox.ids())
    _change(inbox, pick)
    items = before + [999_999]  # ids taken before the changes (some deleted since), and one never there
    read = inbox.columns(items)
    pids = [PR_ENTRYID >> 16, PR_SUBJECT_W >> 16, PR_DELIVERY >> 16, PR_MESSAGE_FLAGS >> 16,
            PR_MESSAGE_SIZE >> 16, PR_COMMENT >> 16, PR_MISSING >> 16]
    orders = [list(range(len(items))),
              pick.draw(st.permutations(range(len(items)))),
              pick.draw(st.lists(st.integers(0, len(items) - 1), max_size=40))]
    for indexes in orders:
        for pid in pids:
            assert read(indexes, pid) == [inbox.row(items[i]).get(pid) for i in indexes]
    assert read(range(2, len(items)), pids[0]) == [inbox.row(c).get(pids[0]) for c in items[2:]]


# --- restrictions and sorts over bags ----------------------------------------------------------
NAIVE = datetime.datetime(2024, 1, 2, 3, 4, 5)
AWARE = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
VALUES: dict[int, st.SearchStrategy[Any]] = {
    PR_SUBJECT_W: st.sampled_from(["Report 1", "report 1", "REPORT 10", "Caf\u00e9", "Cafe", "", "x" * 300]),
    PR_IMPORTANCE: st.sampled_from([0, 1, 2, -1, True, 2.0]),
    PR_MESSAGE_FLAGS: st.sampled_from([0, 1, 3, 8, 9]),
    PR_DELIVERY: st.sampled_from([AWARE, NAIVE, AWARE + datetime.timedelta(hours=1),
                                  NAIVE - datetime.timedelta(days=1)]),
    PR_ENTRYID: st.sampled_from([b"", b"\x00\x01", b"\x00\x02", b"abc"]),
    0x8001101F: st.lists(st.sampled_from(["a", "B", "c"]), max_size=3).map(tuple),  # PT_MV_UNICODE
    0x80020005: st.sampled_from([0.5, 1.0, -2.0]),  # PT_DOUBLE
}
#: a property stored under another type than its usual one (a family mismatch for some tests)
ODD = {PR_IMPORTANCE: 0x0017001F, PR_DELIVERY: 0x0E060003}


@st.composite
def bags(draw: st.DrawFn) -> dict[int, tuple[int, Any]]:
    bag = {}
    for tag, values in VALUES.items():
        choice = draw(st.integers(0, 9))
        if choice == 0:
            continue  # missing
        if choice == 1 and tag in ODD:
            bag[tag >> 16] = (ODD[tag], "odd" if ODD[tag] & 0xFFFF == 0x1F else 7)
        else:
            bag[tag >> 16] = (tag, draw(values))
    return bag


def _asked(tag: int) -> st.SearchStrategy[int]:
    options = [tag]
    if tag & 0xFFFF == 0x1F:
        options.append(tag & 0xFFFF0000 | 0x1E)  # the _A form
    if tag & 0x1000:
        options.append(tag & ~0x1000)  # a single value of a multi-valued property
    return st.sampled_from(options)


def _leaves() -> st.SearchStrategy[r.Restriction]:
    tags = st.sampled_from(sorted(VALUES))
    prop = tags.flatmap(lambda tag: st.builds(r.Property, st.integers(0, 5), _asked(tag),
                                              st.one_of(VALUES[tag], *(VALUES[o] for o in VALUES if o != tag))))
    content = st.builds(r.Content, st.sampled_from([0, 1, 2, 0x10001, 0x20002, 0x40000]),
                        st.sampled_from([PR_SUBJECT_W, PR_SUBJECT_A, PR_ENTRYID, 0x8001101F]),
                        st.sampled_from(["report", "Caf\u00e9", "", "1", b"\x00", b"abc"]))
    exist = st.builds(r.Exist, tags)
    bitmask = st.builds(r.Bitmask, st.integers(0, 1), st.sampled_from([PR_MESSAGE_FLAGS, PR_IMPORTANCE]),
                        st.sampled_from([1, 2, 8]))
    return st.one_of(prop, content, exist, bitmask)


restrictions = st.recursive(_leaves(), lambda inner: st.one_of(
    st.builds(r.And, st.lists(inner, max_size=3).map(tuple)),
    st.builds(r.Or, st.lists(inner, max_size=3).map(tuple)),
    st.builds(r.Not, inner)), max_leaves=6)
sort_keys = st.lists(st.builds(r.SortKey, st.sampled_from(sorted(VALUES) + [PR_SUBJECT_A]), st.booleans()),
                     max_size=3)


def _reference_sort(bag_list: list[dict[int, Any]], keys: list[r.SortKey]) -> list[int]:
    """The sort as it was, a row at a time."""
    order = list(range(len(bag_list)))
    for key in reversed(keys):
        order.sort(key=lambda i, tag=key.tag: r._sort_value(bag_list[i], tag), reverse=key.descending)
    return order


def _shared(bag_list: list[dict[int, Any]], pick: st.DataObject) -> list[dict[int, Any]]:
    """Some rows share their entry objects (as a generated block's rows do)."""
    out = []
    for bag in bag_list:
        if out and pick.draw(st.booleans()):
            source = pick.draw(st.sampled_from(out))
            bag = {pid: source.get(pid, entry) for pid, entry in bag.items()}
        out.append(bag)
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(bags(), max_size=12), restrictions, st.data())
def test_select_keeps_the_rows_matches_keeps(bag_list, restriction, pick):
    bag_list = _shared(bag_list, pick)

    def read(indexes, pid):
        return [bag_list[i].get(pid) for i in indexes]

    expected = [i for i, bag in enumerate(bag_list) if r.matches(restriction, bag)]
    assert r.select(restriction, list(range(len(bag_list))), read) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(bags(), max_size=12), sort_keys, st.data())
def test_sort_order_is_the_row_by_row_sort(bag_list, keys, pick):
    bag_list = _shared(bag_list, pick)

    def read(indexes, pid):
        return [bag_list[i].get(pid) for i in indexes]

    try:
        expected = _reference_sort(bag_list, keys)
    except TypeError as err:  # values of one rank that Python cannot order: the same error
        try:
            r.sort_order(list(range(len(bag_list))), keys, read)
        except TypeError as again:
            assert str(again) == str(err)
        else:
            raise AssertionError("sort_order sorted what the row-by-row sort could not") from err
        return
    assert r.sort_order(list(range(len(bag_list))), keys, read) == expected


# --- whole tables ----------------------------------------------------------------------------
COLUMNS = [PR_ENTRYID, PR_SUBJECT_W, PR_SUBJECT_A, PR_SUBJECT_ANY, PR_BODY, PR_DELIVERY, PR_MESSAGE_FLAGS,
           PR_MESSAGE_SIZE, PR_IMPORTANCE, PR_COMMENT, PR_MISSING, PR_SEARCH_KEY, PR_INSTANCE_KEY, PR_RECORD_KEY,
           PR_HASATTACH, PR_DISPLAY_TO, PR_NORMALIZED_SUBJECT, PR_CREATION, 0x0E070102]
folder_restrictions = st.recursive(st.one_of(
    st.builds(r.Property, st.integers(0, 5), st.sampled_from([PR_DELIVERY, PR_CREATION]),
              st.sampled_from([AWARE, NAIVE, datetime.datetime(2024, 1, 3, tzinfo=UTC)])),
    st.builds(r.Property, st.integers(0, 5), st.sampled_from([PR_SUBJECT_W, PR_BODY]),
              st.sampled_from(["Report 5", "report 12", "Written", "plain"])),
    st.builds(r.Property, st.integers(0, 5), st.sampled_from([PR_MESSAGE_SIZE, PR_IMPORTANCE]),
              st.sampled_from([0, 1, 300, 100_000])),
    st.builds(r.Content, st.sampled_from([1, 2, 0x10001]), st.sampled_from([PR_SUBJECT_W, PR_BODY]),
              st.sampled_from(["1", "Report", "x"])),
    st.builds(r.Bitmask, st.integers(0, 1), st.just(PR_MESSAGE_FLAGS), st.sampled_from([1, 0x10])),
    st.builds(r.Exist, st.sampled_from([PR_SUBJECT_W, PR_COMMENT, PR_BODY]))),
    lambda inner: st.one_of(st.builds(r.And, st.lists(inner, max_size=3).map(tuple)),
                            st.builds(r.Or, st.lists(inner, max_size=3).map(tuple)),
                            st.builds(r.Not, inner)), max_leaves=4)
folder_sorts = st.lists(st.builds(r.SortKey, st.sampled_from([PR_DELIVERY, PR_SUBJECT_W, PR_MESSAGE_SIZE,
                                                              PR_IMPORTANCE, PR_COMMENT, PR_ENTRYID,
                                                              PR_MESSAGE_FLAGS]), st.booleans()), max_size=2)


@SETTINGS
@given(worlds(), st.one_of(st.none(), folder_restrictions), folder_sorts,
       st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=6), st.booleans(), st.data())
def test_a_contents_table_read_by_columns_shows_what_whole_bags_show(data, restriction, keys, columns, unicode,
                                                                    pick):
    inbox = _inbox(data)
    _change(inbox, pick)

    def table(fast: bool) -> Table:
        made = Table(inbox.ids, columns, unicode, bag_of=inbox.row, version=lambda: inbox.store.version,
                     truncate=True, columns_of=inbox.columns if fast else None)
        made.set_restriction(restriction)
        made.set_sort(keys)
        return made

    fast, slow = table(True), table(False)
    assert fast.items() == slow.items()
    for count in (3, 50, -2, 1000):
        assert [list(row) for row in fast.query_rows(count)] == [list(row) for row in slow.query_rows(count)]
    finder = pick.draw(folder_restrictions)
    for origin, backward in ((0, False), (2, True), (1, False)):
        outcomes = []
        for t in (fast, slow):
            try:
                t.find_row(finder, origin, backward)
                outcomes.append(t.position)
            except Exception as err:  # noqa: BLE001 - MAPI_E_NOT_FOUND either way
                outcomes.append(type(err).__name__)
        assert outcomes[0] == outcomes[1]


def test_find_row_looks_past_the_first_chunk():
    inbox = _inbox({"schema_version": 1, "servers": [{"name": "EX01"}], "mailboxes": [
        {"alias": "alice", "folders": {"Inbox": {"messages": [
            {"generate": {"count": 1000, "subject": "Report {n}"}}]}}}]})
    table = Table(inbox.ids, [PR_SUBJECT_W], bag_of=inbox.row, columns_of=inbox.columns)
    table.find_row(r.Property(r.RELOP_EQ, PR_SUBJECT_W, "report 700"), 0, False)
    assert table.position == 699
    table.find_row(r.Property(r.RELOP_EQ, PR_SUBJECT_W, "report 3"), 1, True)  # BOOKMARK_CURRENT, backward
    assert table.position == 2


# --- rows out ---------------------------------------------------------------------------------
cells = st.one_of(
    st.tuples(st.just(PR_DELIVERY), st.sampled_from([AWARE, NAIVE, TimeType(2020, 1, 1, tzinfo=UTC)])),
    st.tuples(st.just(PR_SUBJECT_A), st.sampled_from(["abc", "caf\u00e9"])),
    st.tuples(st.just(PR_SUBJECT_W), st.sampled_from(["abc"])),
    st.tuples(st.just(0x0037000A), st.just(-2147221233)),  # PT_ERROR: MAPI_E_NOT_FOUND
    st.tuples(st.just(PR_MESSAGE_FLAGS), st.integers(-3, 3)),
    st.tuples(st.just(0x8003101E), st.just(("a", "b"))),  # PT_MV_STRING8
    st.tuples(st.just(0x80041040), st.just((AWARE, NAIVE))),  # PT_MV_SYSTIME
)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 5).flatmap(lambda width: st.lists(st.lists(cells, min_size=width, max_size=width),
                                                        max_size=6)),
       st.lists(st.lists(cells, max_size=3), max_size=3))
def test_rows_out_by_columns_is_props_out_by_rows(rows, ragged):
    for case in (rows, ragged):
        expected = tuple(props_out(row) for row in case)
        got = rows_out(case)
        assert got == expected
        assert [[type(v) for _, v in row] for row in got] == [[type(v) for _, v in row] for row in expected]
