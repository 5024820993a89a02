"""Shared helpers for the Emsmdb32 rule tests (R1..R14).

Every test drives the fake through the pywin32 drop-in surface only (``win32com.mapi``,
``pythoncom``, ``pywintypes``), as a real client would, and inspects the model through the
``Fake`` handle (``logons()``, ``connections()``, ``live_objects()``, ``trace``, ``time_us``).

DNs are spelled out literally for the default world (fakemapi/world/default.yaml): a test
that asked the fake for them would only check the fake against itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any, Callable

import pytest

import fakemapi

ORG_DN = "/o=Contoso/ou=HQ"
PRIVATE_MDB = "Microsoft Private MDB"
PUBLIC_MDB = "Microsoft Public MDB"

#: PR_PROFILE_CONNECT_FLAGS bit (EdkMdb.h; pywin32 does not export it)
CONNECT_USE_SEPARATE_CONNECTION = 0x4


def server_dn(server: str = "EX01", org_dn: str = ORG_DN) -> str:
    """What ``HrGetServerDN`` / PR_PROFILE_HOME_SERVER_DN give for ``server``."""
    return f"{org_dn}/cn=Configuration/cn=Servers/cn={server}"


def private_mdb_dn(server: str = "EX01", org_dn: str = ORG_DN) -> str:
    """The store DN CreateStoreEntryID wants (KB Q203858: ends in /cn=Microsoft Private MDB)."""
    return f"{server_dn(server, org_dn)}/cn={PRIVATE_MDB}"


def mailbox_dn(alias: str, org_dn: str = ORG_DN) -> str:
    return f"{org_dn}/cn=Recipients/cn={alias}"


def pw() -> SimpleNamespace:
    """The installed pywin32 modules, imported the way client code imports them."""
    return SimpleNamespace(
        mapi=importlib.import_module("win32com.mapi.mapi"),
        exchange=importlib.import_module("win32com.mapi.exchange"),
        mapitags=importlib.import_module("win32com.mapi.mapitags"),
        pythoncom=importlib.import_module("pythoncom"),
        pywintypes=importlib.import_module("pywintypes"),
        winerror=importlib.import_module("winerror"),
    )


# --- installing ----------------------------------------------------------------------------
@pytest.fixture
def install() -> Iterator[Callable[..., fakemapi.Fake]]:
    """``install(world=None, flavor="x64", strict=False)`` -> Fake; always uninstalled after the test."""

    def _install(world: Any = None, *, flavor: str = "x64", strict: bool = False) -> fakemapi.Fake:
        return fakemapi.install(world, flavor=flavor, strict=strict)

    from fakemapi.dropin.registry import REGISTRY

    depth = len(REGISTRY.stack)
    try:
        yield _install
    finally:
        while len(REGISTRY.stack) > depth:  # installs nest: undo every one this test made
            fakemapi.uninstall()


@pytest.fixture
def fake(install: Callable[..., fakemapi.Fake]) -> fakemapi.Fake:
    """The default world, installed (x64, not strict), with MAPIInitialize already called."""
    f = install()
    pw().mapi.MAPIInitialize(None)
    return f


def small_world(*, mailboxes: int = 5, preset: str = "exchange-2003", emsmdb: dict[str, Any] | None = None,
                limits: dict[str, Any] | None = None, extra_mailboxes: list[dict[str, Any]] | None = None,
                profiles: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A world dict: server EX01 (and EX02), admin + alice + bob + u1..uN, profiles Admin (default),
    AdminSeparate, Alice, AliceSeparate."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "server_preset": preset,
        "servers": [{"name": "EX01"}, {"name": "EX02"}],
        "mailboxes": [
            {"alias": "admin", "server": "EX01", "rights": "admin"},
            {"alias": "alice", "server": "EX01"},
            {"alias": "bob", "server": "EX01"},
            {"generate": {"count": mailboxes, "alias": "u{n}", "server": "EX01"}},
            *(extra_mailboxes or []),
        ],
        "profiles": profiles if profiles is not None else [
            {"name": "Admin", "mailbox": "admin", "default": True},
            {"name": "AdminSeparate", "mailbox": "admin", "connect_flags": CONNECT_USE_SEPARATE_CONNECTION},
            {"name": "Alice", "mailbox": "alice"},
            {"name": "AliceSeparate", "mailbox": "alice", "connect_flags": CONNECT_USE_SEPARATE_CONNECTION},
        ],
    }
    if emsmdb is not None:
        data["emsmdb"] = emsmdb
    if limits is not None:
        data["limits"] = limits
    return data


# --- logging on ----------------------------------------------------------------------------
def logon(profile: str = "Admin", *, new_session: bool = True) -> tuple[Any, Any, Any]:
    """MAPILogonEx with ``profile``, open its default store from the stores table, and
    QueryInterface it for IExchangeManageStore. Returns (session, own_store, manage_store)."""
    m = pw()
    mapi = m.mapi
    flags = mapi.MAPI_EXTENDED | mapi.MAPI_NO_MAIL | (mapi.MAPI_NEW_SESSION if new_session else 0)
    session = mapi.MAPILogonEx(0, profile, None, flags)
    own = session.OpenMsgStore(0, default_store_entryid(session), None,
                               mapi.MDB_WRITE | mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)
    manage = own.QueryInterface(m.exchange.IID_IExchangeManageStore)
    return session, own, manage


def default_store_entryid(session: Any) -> bytes:
    """PR_ENTRYID of the row with PR_DEFAULT_STORE set in GetMsgStoresTable."""
    m = pw()
    tags = m.mapitags
    table = session.GetMsgStoresTable(0)
    rows = m.mapi.HrQueryAllRows(table, (tags.PR_ENTRYID, tags.PR_DEFAULT_STORE), None, None, 0)
    for (_, entryid), (_, is_default) in rows:
        if is_default:
            return entryid  # type: ignore[no-any-return]
    raise AssertionError("the stores table has no default store")


def admin_eid(manage: Any, alias: str, *, server: str = "EX01", flags: int | None = None,
              org_dn: str = ORG_DN) -> bytes:
    """CreateStoreEntryID for ``alias``'s mailbox with OPENSTORE_USE_ADMIN_PRIVILEGE |
    OPENSTORE_TAKE_OWNERSHIP (or ``flags``), as privileged-access tools build it (KB Q194627)."""
    exchange = pw().exchange
    if flags is None:
        flags = exchange.OPENSTORE_USE_ADMIN_PRIVILEGE | exchange.OPENSTORE_TAKE_OWNERSHIP
    return manage.CreateStoreEntryID(private_mdb_dn(server, org_dn), mailbox_dn(alias, org_dn), flags)  # type: ignore[no-any-return]


def open_mailbox(session: Any, manage: Any, alias: str, **kwargs: Any) -> Any:
    """OpenMsgStore of ``alias``'s mailbox with privileged access (see :func:`admin_eid`)."""
    mapi = pw().mapi
    return session.OpenMsgStore(0, admin_eid(manage, alias, **kwargs), None,
                                mapi.MDB_NO_DIALOG | mapi.MDB_NO_MAIL | mapi.MDB_TEMPORARY | mapi.MAPI_BEST_ACCESS)


def open_many(session: Any, manage: Any, aliases: list[str]) -> list[Any]:
    return [open_mailbox(session, manage, a) for a in aliases]


def users(first: int, last: int) -> list[str]:
    """user001..user300 of the default world, inclusive range."""
    return [f"user{i:03}" for i in range(first, last + 1)]


# --- errors --------------------------------------------------------------------------------
def assert_com_error(excinfo: pytest.ExceptionInfo[Any], hr: int) -> Any:
    """The exception is pywintypes.com_error with pywin32's exact shape for a MAPI failure:
    ``args == (hr, strerror, None, None)``, ``.hresult == hr`` (signed), and strerror as
    pythoncom.GetScodeString gives it (pywin32 builds it that way)."""
    m = pw()
    err = excinfo.value
    assert type(err) is m.pywintypes.com_error
    assert err.args == (hr, m.pythoncom.GetScodeString(hr), None, None)
    assert err.hresult == hr
    assert err.excepinfo is None and err.argerror is None
    return err


def kinds(labels: tuple[str, ...] | list[str]) -> list[str]:
    """``("folder#4", "contents-table#7")`` -> ``["folder", "contents-table"]`` (sorted)."""
    return sorted(label.split("#")[0] for label in labels)


# --- hypothesis profiles: "ci" by default (fast, derandomized: CI runs the same examples every
# time), "thorough" for long local runs: FAKEMAPI_HYPOTHESIS=thorough python -m pytest ------------
def _hypothesis_profiles() -> None:
    import os

    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", max_examples=50, stateful_step_count=30, deadline=None, derandomize=True,
                              database=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("thorough", max_examples=2000, stateful_step_count=80, deadline=None,
                              print_blob=True, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile(os.environ.get("FAKEMAPI_HYPOTHESIS", "ci"))


_hypothesis_profiles()
