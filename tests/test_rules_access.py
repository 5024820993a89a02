"""R10: privileged access to other users' mailboxes, and what GetLastError reports.

MS-OXCSTOR 3.2.5.1.3 gives the RopLogon codes; the client sees the MAPI code, and
``GetLastError(hr, 0)`` gives ``(version, errorText, component, lowLevelError, context)`` with
the server's ec code (signed, as pywin32 builds it with "i") as lowLevelError.
"""

from __future__ import annotations

import pytest
from conftest import (
    admin_eid,
    assert_com_error,
    default_store_entryid,
    logon,
    mailbox_dn,
    open_mailbox,
    private_mdb_dn,
    pw,
    small_world,
)

EC_PROFILE_NOT_CONFIGURED = 0x11C
EC_ACCESS_DENIED = -2147024891  # 0x80070005
EC_LOGIN_PERM = 0x3F2
EC_UNKNOWN_USER = 0x3EB


def _open(session, eid):
    mapi = pw().mapi
    return session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)


def _fails(session, eid, hr):
    m = pw()
    with pytest.raises(m.pywintypes.com_error) as excinfo:
        _open(session, eid)
    return assert_com_error(excinfo, hr)


def _last_error(session, hr):
    error = session.GetLastError(hr, 0)
    assert error is not None
    version, text, component, low_level, context = error
    assert version == 0 and context == 0
    assert isinstance(text, str) and text
    assert isinstance(component, str)
    return low_level


# --- MAPI_E_UNCONFIGURED: no OPENSTORE_USE_ADMIN_PRIVILEGE -----------------------------------------
def test_another_users_mailbox_without_use_admin_privilege_raises_unconfigured(fake):
    m = pw()
    session, own, manage = logon("Admin")
    eid = manage.CreateStoreEntryID(private_mdb_dn(), mailbox_dn("user001"), m.exchange.OPENSTORE_TAKE_OWNERSHIP)

    err = _fails(session, eid, m.mapi.MAPI_E_UNCONFIGURED)

    assert err.hresult == -2147221220
    assert _last_error(session, m.mapi.MAPI_E_UNCONFIGURED) == EC_PROFILE_NOT_CONFIGURED
    assert [li.mailbox_dn for li in fake.logons()] == [mailbox_dn("admin")]


def test_an_admin_account_still_needs_the_admin_privilege_flag(fake):
    """Rights do not replace the flag: even the administrator gets ecProfileNotConfigured."""
    m = pw()
    session, own, manage = logon("Admin")
    eid = manage.CreateStoreEntryID(private_mdb_dn("EX02"), mailbox_dn("carol"), 0)

    _fails(session, eid, m.mapi.MAPI_E_UNCONFIGURED)


def test_the_own_mailbox_opens_without_the_admin_privilege_flag(fake):
    m = pw()
    session, own, manage = logon("Alice")
    eid = manage.CreateStoreEntryID(private_mdb_dn(), mailbox_dn("alice"), 0)

    store = _open(session, eid)

    assert store.GetProps((m.mapitags.PR_DISPLAY_NAME,), 0) == (0, ((m.mapitags.PR_DISPLAY_NAME, "Mailbox - Alice"),))
    assert [li.logon_id for li in fake.logons()] == [0, 1]


def test_the_public_store_opens_without_the_admin_privilege_flag(fake):
    m = pw()
    session, own, manage = logon("Alice")
    tags = m.mapitags
    rows = m.mapi.HrQueryAllRows(session.GetMsgStoresTable(0), (tags.PR_ENTRYID, tags.PR_DEFAULT_STORE),
                                 None, None, 0)
    (public_eid,) = [eid for (_, eid), (_, default) in rows if not default]

    public = _open(session, public_eid)

    assert [li.mailbox_dn for li in fake.logons()] == [mailbox_dn("alice"), ""]
    del public


# --- MAPI_E_NO_ACCESS / MAPI_E_LOGON_FAILED: no rights ---------------------------------------------
def test_a_user_without_rights_on_the_mailbox_gets_no_access_with_ecaccessdenied(fake):
    m = pw()
    session, own, manage = logon("Alice")

    err = _fails(session, admin_eid(manage, "bob"), m.mapi.MAPI_E_NO_ACCESS)

    assert err.hresult == -2147024891
    assert _last_error(session, m.mapi.MAPI_E_NO_ACCESS) == EC_ACCESS_DENIED
    assert [li.mailbox_dn for li in fake.logons()] == [mailbox_dn("alice")]
    last = fake.trace.errors()[-1]
    assert (last.call, last.hresult) == ("OpenMsgStore", "MAPI_E_NO_ACCESS")


def test_a_user_with_a_grant_opens_the_mailbox_with_admin_privilege(fake):
    session, own, manage = logon("Alice")

    shared = open_mailbox(session, manage, "shared01")

    assert [li.mailbox_dn for li in fake.logons()] == [mailbox_dn("alice"), mailbox_dn("shared01")]
    del shared


def test_an_admin_account_opens_any_mailbox_on_any_server(fake):
    session, own, manage = logon("Admin")

    stores = [open_mailbox(session, manage, "alice"), open_mailbox(session, manage, "carol", server="EX02")]

    assert [li.mailbox_dn for li in fake.logons()] == [mailbox_dn("admin"), mailbox_dn("alice"),
                                                       mailbox_dn("carol")]
    del stores


def test_exchange_2010_preset_answers_logon_failed_with_ecloginperm(install):
    fake = install(small_world(preset="exchange-2010"))
    m = pw()
    m.mapi.MAPIInitialize(None)
    session, own, manage = logon("Alice")

    err = _fails(session, admin_eid(manage, "bob"), m.mapi.MAPI_E_LOGON_FAILED)

    assert err.hresult == -2147221231
    assert _last_error(session, m.mapi.MAPI_E_LOGON_FAILED) == EC_LOGIN_PERM
    assert session.GetLastError(m.mapi.MAPI_E_NO_ACCESS, 0) is None
    assert len(fake.logons()) == 1


def test_no_access_on_a_separate_connection_leaves_no_connection_behind(fake):
    m = pw()
    session, own, manage = logon("AliceSeparate")

    _fails(session, admin_eid(manage, "bob"), m.mapi.MAPI_E_NO_ACCESS)

    assert [(c.user, c.logon_ids) for c in fake.connections()] == [("alice", [0])]


# --- MAPI_E_NOT_FOUND: unknown mailbox DN --------------------------------------------------------
def test_an_unknown_mailbox_dn_raises_not_found_with_ecunknownuser(fake):
    m = pw()
    session, own, manage = logon("Admin")

    err = _fails(session, admin_eid(manage, "nobody"), m.mapi.MAPI_E_NOT_FOUND)

    assert err.hresult == -2147221233
    assert _last_error(session, m.mapi.MAPI_E_NOT_FOUND) == EC_UNKNOWN_USER
    assert len(fake.logons()) == 1


def test_get_last_error_keeps_the_cause_of_each_code_separately(fake):
    m = pw()
    session, own, manage = logon("Alice")
    assert session.GetLastError(m.mapi.MAPI_E_NOT_FOUND, 0) is None

    _fails(session, admin_eid(manage, "bob"), m.mapi.MAPI_E_NO_ACCESS)
    _fails(session, admin_eid(manage, "nobody"), m.mapi.MAPI_E_NOT_FOUND)

    assert _last_error(session, m.mapi.MAPI_E_NO_ACCESS) == EC_ACCESS_DENIED
    assert _last_error(session, m.mapi.MAPI_E_NOT_FOUND) == EC_UNKNOWN_USER


def test_access_errors_do_not_depend_on_which_mapi_session_asks(fake):
    m = pw()
    s1, own1, manage = logon("Alice")
    s2 = m.mapi.MAPILogonEx(0, "Alice", None, m.mapi.MAPI_EXTENDED | m.mapi.MAPI_NEW_SESSION)
    assert default_store_entryid(s2) == default_store_entryid(s1)

    _fails(s2, admin_eid(manage, "bob"), m.mapi.MAPI_E_NO_ACCESS)
    assert s1.GetLastError(m.mapi.MAPI_E_NO_ACCESS, 0) is None  # errors are per session
    assert _last_error(s2, m.mapi.MAPI_E_NO_ACCESS) == EC_ACCESS_DENIED
