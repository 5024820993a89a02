"""Shared world and helpers for the store-contents tests (tests/test_contents_*.py).

Every test drives the fake through pywin32's API only; DNs and values are spelled out.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest

import fakemapi

BIG_BODY = "".join(f"line {n:05}\n" for n in range(4000))  # 44,000 chars: too big for GetProps

WORLD: dict[str, Any] = {
    "schema_version": 1,
    "organization": {"name": "Contoso", "site": "HQ"},
    "servers": [{"name": "EX01"}],
    "mailboxes": [
        {"alias": "admin", "display_name": "Administrator", "rights": "admin"},
        {"alias": "alice", "display_name": "Alice", "named_props": [
            {"guid": "PS_PUBLIC_STRINGS", "name": "Score", "type": "PT_DOUBLE"}],
         "folders": {
             "Inbox": {"messages": [
                 {"subject": "Hello", "body": "Hi Alice", "from": "bob", "to": ["alice"],
                  "received": "2024-01-02T03:04:05Z", "importance": 2,
                  "attachments": [{"filename": "notes.txt", "data": "plain text notes"},
                                  {"filename": "logo.bin", "data": "base64:AAECAw=="}],
                  "props": {"Score": 2.5, 0x3004001F: "a comment"}},
                 {"subject": "Big", "body": BIG_BODY, "from": "carol@fabrikam.com", "to": ["alice"],
                  "received": "2024-01-03T00:00:00Z", "read": True},
                 {"generate": {"count": 20, "subject": "Report {n}", "from": "bob",
                               "received_from": "2024-02-01T00:00:00Z", "every": "1h"}},
             ], "folders": {"Projects": {"messages": [{"subject": "Plan", "from": "bob"}],
                                         "folders": {"Archive": {}}}}},
             "Calendar": {"container_class": "IPF.Appointment"},
         }},
        {"alias": "bob", "display_name": "Bob", "smtp": "robert@contoso.com"},
        {"alias": "carla", "display_name": "Carla"},
    ],
    "profiles": [{"name": "Admin", "mailbox": "admin", "default": True}, {"name": "Alice", "mailbox": "alice"},
                 {"name": "Bob", "mailbox": "bob"}],
}


def pw() -> SimpleNamespace:
    return SimpleNamespace(
        mapi=importlib.import_module("win32com.mapi.mapi"),
        mapitags=importlib.import_module("win32com.mapi.mapitags"),
        pythoncom=importlib.import_module("pythoncom"),
        pywintypes=importlib.import_module("pywintypes"),
    )


@pytest.fixture
def fk() -> Iterator[fakemapi.Fake]:
    fake = fakemapi.install(WORLD)
    pw().mapi.MAPIInitialize(None)
    try:
        yield fake
    finally:
        fakemapi.uninstall()


@contextmanager
def alice_store(world: dict[str, Any]) -> Iterator[Any]:
    """``world`` installed and MAPIInitialize'd, and the store of its profile ``Alice`` opened with
    MDB_WRITE (the fake uninstalled however the block ends)."""
    fakemapi.install(world)
    m = pw().mapi
    m.MAPIInitialize(None)
    try:
        session = m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)
        rows = m.HrQueryAllRows(session.GetMsgStoresTable(0), (pw().mapitags.PR_ENTRYID,), None, None, 0)
        yield session.OpenMsgStore(0, rows[0][0][1], None, m.MDB_WRITE)
    finally:
        fakemapi.uninstall()


def logon(profile: str = "Alice") -> Any:
    m = pw().mapi
    return m.MAPILogonEx(0, profile, None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)


def own_store(session: Any) -> Any:
    m = pw()
    rows = m.mapi.HrQueryAllRows(session.GetMsgStoresTable(0), (m.mapitags.PR_ENTRYID, m.mapitags.PR_DEFAULT_STORE),
                                 None, None, 0)
    eid = next(row[0][1] for row in rows if row[1][1])
    return session.OpenMsgStore(0, eid, None, m.mapi.MDB_WRITE | m.mapi.MAPI_BEST_ACCESS)


def prop(obj: Any, tag: int) -> Any:
    return obj.GetProps((tag,), 0)[1][0][1]


def subtree(store: Any, flags: int = 0) -> Any:
    return store.OpenEntry(prop(store, pw().mapitags.PR_IPM_SUBTREE_ENTRYID), None, flags)


def folder(store: Any, name: str, flags: int = 0x1) -> Any:
    """A folder under the IPM subtree by name (MAPI_MODIFY by default)."""
    m = pw()
    table = subtree(store).GetHierarchyTable(m.mapi.CONVENIENT_DEPTH)
    rows = m.mapi.HrQueryAllRows(table, (m.mapitags.PR_ENTRYID, m.mapitags.PR_DISPLAY_NAME_W), None, None, 0)
    eid = next(row[0][1] for row in rows if row[1][1] == name)
    return store.OpenEntry(eid, None, flags)


def raises(hr: int, fn: Any, *args: Any) -> Any:
    com_error = pw().pywintypes.com_error
    with pytest.raises(com_error) as info:
        fn(*args)
    assert info.value.hresult == hr, (info.value.hresult, hr)
    return info.value


def messages(fold: Any, *tags: int) -> list[tuple[Any, ...]]:
    table = fold.GetContentsTable(0)
    return [tuple(v for _, v in row) for row in pw().mapi.HrQueryAllRows(table, tags, None, None, 0)]
