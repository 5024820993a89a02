"""Fuzzing what users feed fakemapi: world files, scenario files, and property-stream calls with
random arguments. Whatever goes in, the outcome is a located WorldError / ScenarioError, a
ScenarioResult (a scenario that breaks fails alone), or, through the pywin32 surface, one of the
exception types pywin32 raises (com_error, TypeError, ValueError, OverflowError), with the stream
as it was before a failed call.

The fast "ci" hypothesis profile runs by default; ``FAKEMAPI_HYPOTHESIS=thorough`` runs 2000
examples each (tests/conftest.py). Sources: the YAML 1.1 spec (tags, aliases, the core schema);
MS-OXCPRPT 3.2.5.18 (stream seek limit 2^31, StreamSeekError) and StreamSizeError (0x80030070);
pywin32 com/win32com/src/extensions/PyIStream.cpp (Seek takes a LARGE_INTEGER, SetSize and Read
unsigned sizes: out of range raises OverflowError).
"""

from __future__ import annotations

import math
import pathlib
import sys
from typing import Any

import pytest
import yaml
from hypothesis import given, note
from hypothesis import strategies as st

import fakemapi
from fakemapi import World, WorldError
from fakemapi.scenario import load_scenario, run_scenario
from fakemapi.scenario.loader import ScenarioError

#: scalars that broke loaders before (issue 13) and their neighbours
NASTY = st.sampled_from([
    "", " ", "\x85", "\u2028", "\ufeff", "j\u00f6rg", "a/b", "a b", "\0", "x" * 200, "{n}", "{n:>999999999}",
    "{n.__class__}", "{org.__class__.__init__.__globals__}", "{mailbox.dn}", "{servers[EX01].dn}", "{process}",
    "u{n:03}", "$session", "$nope.0.1", "$$x", "$b:\u0100", "0x800401F3", "MAPI_E_NOT_FOUND", "E_NOTIMPL",
    "OverflowError", "2024-02-30", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00", "99999999999999d",
    "1h", "-1s", "Admin", "EX01", "mailboxes", "user*", "0..254", "PT_UNICODE", "PS_PUBLIC_STRINGS",
    "PR_SUBJECT", "base64:***", "hex:zz", 0, 1, -1, 255, 2 ** 31, 2 ** 64 + 1, -(2 ** 63), 10 ** 30,
    0.5, math.inf, -math.inf, math.nan, 1e308, True, False, None, [], {}, [1, [2, [3]]], {"min": "a"},
    {"error": 0x800401F3}, {"value": "{n}"}, {"a": {"b": {"c": None}}},
])
#: YAML fragments spliced into a file's text (tags, anchors, flow openers, control characters)
FRAGMENTS = st.sampled_from([
    "!!int x", "!!float y", "!!timestamp z", "!!binary '***'", "!!python/name:os.system x", "*undefined",
    "&a [*a]", "? {a: 1}\n: 2", "\x07", "\t", "[[[[", "{", "}", "%TAG ! x", "---\n---", "<<: *a", "'", '"',
    "\\", ": :", "- - -", "|\n  x", "\ud7ff", "\x85", "#", "&x", "!x", "@", "`",
])

BASE_WORLD: dict[str, Any] = {
    "schema_version": 1,
    "organization": {"name": "Contoso", "site": "HQ"},
    "server_preset": "exchange-2003",
    "servers": [{"name": "EX01"}, {"name": "EX02"}],
    "mailboxes": [
        {"alias": "admin", "rights": "admin", "grant": ["alice"]},
        {"alias": "alice", "server": "EX02", "smtp": "alice@contoso.com",
         "named_props": [{"guid": "PS_PUBLIC_STRINGS", "name": "Score", "type": "PT_LONG"}],
         "folders": {"Inbox": {"messages": [
             {"subject": "Hi", "from": "admin", "to": ["alice"], "received": "2024-01-02T03:04:05Z",
              "props": {"Score": 3, "PR_SUBJECT": "s"}, "attachments": [{"filename": "a.txt", "data": "hex:00"},
                                                                      {"name": "fwd", "message": {
                                                                          "subject": "In", "to": ["admin"],
                                                                          "attachments": [{"filename": "b"}]}}]},
             {"generate": {"count": 3, "subject": "n{n}", "every": "1h", "received_from": "2024-01-01"}}]},
             "Projects": {"container_class": "IPF.Note", "folders": {"Sub": None}}}},
        {"generate": {"count": 3, "alias": "u{n:02}", "display_name": "User {n}", "start": 1}},
    ],
    "profiles": [{"name": "Admin", "mailbox": "admin", "default": True, "connect_flags": 4}],
    "emsmdb": {"reserved_logon_ids": [255], "connection_scope": "process", "release_rule": "refcount",
               "connect_ms": 1, "rpc_ms": 0.5},
    "limits": {"sessions_per_user": 32, "objects_per_session": {"objtFolder": 500}},
}


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_paths(v, path + (k,)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_paths(v, path + (i,)))
    return out


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (_replace(v, rest, new) if k == head else v) for k, v in value.items()}
    return [(_replace(v, rest, new) if i == head else v) for i, v in enumerate(value)]


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> str:
    """``base`` with a few values replaced by nasty ones, dumped as YAML, then maybe a fragment
    spliced into the text."""
    data = base
    for _ in range(draw(st.integers(0, 4), label="mutations")):
        paths = _paths(data)
        path = paths[draw(st.integers(0, len(paths) - 1), label="path")]
        data = _replace(data, path, draw(NASTY, label="value"))
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=draw(st.booleans()), width=10_000)
    if draw(st.booleans(), label="splice"):
        at = draw(st.integers(0, len(text)), label="at")
        text = text[:at] + draw(FRAGMENTS, label="fragment") + text[at:]
    return text


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """One folder for the whole module (hypothesis runs many examples in one test call)."""
    return tmp_path_factory.mktemp("fuzz")


def _write(text: str, name: str, folder: pathlib.Path) -> str:
    path = folder / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return str(path)


@given(mutated(BASE_WORLD))
def test_any_mutated_world_file_loads_or_gives_a_located_world_error(folder, text):
    note(text)
    try:
        World.load(_write(text, "w.yaml", folder))
    except WorldError as exc:
        assert str(exc).startswith(exc.source or "<world>")
        assert "Traceback" not in str(exc)


@given(st.text(alphabet=st.sampled_from(list("ab: -[]{},&*!|>'\"#?\n\t\x07\x85\u00e9%@`\\0123{}n")), max_size=200))
def test_any_short_text_is_a_world_or_a_world_error(folder, text):
    note(repr(text))
    try:
        World.load(_write(text, "w.yaml", folder))
    except WorldError:
        pass


STEP_POOL: list[dict[str, Any]] = [
    {"mapi.MAPIInitialize": [None]},
    {"mapi.MAPILogonEx": [0, "Admin", None, "MAPI_EXTENDED | MAPI_NEW_SESSION"], "as": "session"},
    {"session.GetMsgStoresTable": [0], "as": "stores"},
    {"stores.QueryRows": [1, 0], "as": "rows"},
    {"session.OpenMsgStore": [0, "$rows.0.0.1", None, "MDB_NO_DIALOG"], "as": "own"},
    {"own.QueryInterface": ["IID_IExchangeManageStore"], "as": "manage"},
    {"repeat": 2, "steps": [{"mapi.MAPIInitialize": [None], "as": "x{n}"}, {"release": "x{n}"}]},
    {"for_each": "mailboxes", "where": {"alias": "u*"}, "limit": 2,
     "steps": [{"check": {"logons": {"min": 0}}}]},
    {"process": "worker", "steps": [{"mapi.MAPIInitialize": [None]}, {"mapi.MAPIUninitialize": []}]},
    {"threads": [[{"check": {"connections": 0}}], [{"check": {"init_count": {"max": 9}}}]]},
    {"check": {"connection": {"id": 1, "logons": 1}, "no_leaks": True}},
    {"fault": {"fail": "OpenMsgStore", "error": "MAPI_E_NETWORK_ERROR", "nth": 1}},
    {"mapi.MAPILogonEx": [0, "Nobody", None, 0], "expect": {"error": "MAPI_E_LOGON_FAILED"}},
    {"mapi.MAPIUninitialize": []},
]


@st.composite
def scenario_text(draw: st.DrawFn) -> str:
    # the first five bind session, stores, rows and own, so that later steps have something to call
    steps = STEP_POOL[:5] + draw(st.lists(st.sampled_from(STEP_POOL), max_size=6), label="steps")
    data = {"schema_version": 1, "name": "fuzz", "world": {"schema_version": 1, "servers": [{"name": "EX01"}],
                                                           "mailboxes": [{"alias": "admin", "rights": "admin"},
                                                                         {"generate": {"count": 2, "alias": "u{n}"}}],
                                                           "profiles": [{"name": "Admin", "mailbox": "admin"}]},
            "steps": steps}
    return draw(mutated(data))


@given(scenario_text())
def test_any_mutated_scenario_loads_and_runs_to_a_result_or_gives_a_scenario_error(folder, text):
    note(text)
    before = sys.modules.get("win32com")
    try:
        scenario = load_scenario(_write(text, "s.yaml", folder))
    except (ScenarioError, WorldError) as exc:
        assert str(exc).startswith(exc.source or "<scenario>")
        return
    result = run_scenario(scenario)
    assert result.passed or (result.failure or "").startswith(scenario.source)
    assert sys.modules.get("win32com") is before  # the fake is gone, whatever the scenario did


# --- property streams, with random arguments ----------------------------------------------------------
INTS = st.one_of(st.integers(-10, 10), st.sampled_from([2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32, 2 ** 40,
                                                        2 ** 63 - 1, 2 ** 63, 2 ** 64, -(2 ** 31), -(2 ** 63) - 1]))
ARGS = st.one_of(INTS, st.binary(max_size=8), st.sampled_from([None, "x", 1.5, [], b"\0" * 3]))
OPS = st.lists(st.tuples(st.sampled_from(["Write", "Read", "Seek", "SetSize", "Commit", "Revert", "Stat",
                                          "Clone", "CopyTo"]),
                         st.lists(ARGS, max_size=3)), max_size=12)


@given(OPS)
def test_stream_calls_with_random_arguments_raise_only_what_pywin32_raises_and_keep_the_stream(ops):
    with fakemapi.installed():
        import pythoncom
        import pywintypes
        from win32com.mapi import mapi, mapitags

        mapi.MAPIInitialize(None)
        session = mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
        table = session.GetMsgStoresTable(0)
        table.SetColumns((mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), 0)
        eid = next(row[0][1] for row in table.QueryRows(10, 0) if row[1][1])
        # MDB_WRITE: in a store opened read-only, OpenEntry with MAPI_MODIFY and CreateMessage
        # fail (IMAPISession::OpenMsgStore, Notes to callers)
        store = session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG | mapi.MDB_WRITE)
        inbox = store.OpenEntry(store.GetReceiveFolder("IPM", 0)[0], None, mapi.MAPI_MODIFY)
        msg = inbox.CreateMessage(None, 0)
        stream = msg.OpenProperty(0x1000001F, pythoncom.IID_IStream, 0, mapi.MAPI_MODIFY | mapi.MAPI_CREATE)
        for name, args in ops:
            if name == "CopyTo":
                args = [stream.Clone(), *args[:1]]
            size, position = stream.Stat()[2], stream.Seek(0, 1)
            note(f"{name}{tuple(args)!r} at size {size}, position {position}")
            try:
                getattr(stream, name)(*args)
            except (pywintypes.com_error, TypeError, ValueError, OverflowError):
                if name != "CopyTo":
                    assert (stream.Stat()[2], stream.Seek(0, 1)) == (size, position)  # a failed call changed nothing
            assert 0 <= stream.Stat()[2] <= 2 ** 31
        del stream, msg, inbox, store, table, session
        mapi.MAPIUninitialize()
