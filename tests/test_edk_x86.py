"""R5 (and R4's second half): the 32-bit EDK helpers of ``exchange`` (flavor="x86").

HrMailboxLogon = QueryInterface(IExchangeManageStore) + CreateStoreEntryID(... |
USE_ADMIN_PRIVILEGE | TAKE_OWNERSHIP) + OpenMsgStore; MAPI_E_NOT_FOUND becomes EDK_E_NOT_FOUND
(0x800B0001) and every other failure E_FAIL, which is why KB 260141 reports MAPI_E_CALL_FAILED
for HrMailboxLogon where OpenMsgStore reports MAPI_E_FAILONEPROVIDER. 64-bit pywin32 has none
of these names.
"""

from __future__ import annotations

import pytest
from conftest import (
    ORG_DN,
    admin_eid,
    assert_com_error,
    mailbox_dn,
    private_mdb_dn,
    pw,
    users,
)

EDK_E_NOT_FOUND = -2146762751  # 0x800B0001
E_FAIL = -2147467259  # 0x80004005

EDK_NAMES = ["HrMailboxLogon", "HrMailboxLogoff", "HrOpenExchangePrivateStore", "HrOpenExchangePublicStore",
             "HrGetServerDN", "HrGetMailboxDN", "HrMAPIFindDefaultMsgStore", "HrMAPIFindFolderEx"]


@pytest.fixture
def x86(install):
    fake = install(flavor="x86")
    pw().mapi.MAPIInitialize(None)
    return fake


def _edk_logon(profile="Admin"):
    """The EDK way: MAPILogonEx, HrOpenExchangePrivateStore, HrGetServerDN + the MDB RDN."""
    m = pw()
    session = m.mapi.MAPILogonEx(0, profile, None, m.mapi.MAPI_EXTENDED | m.mapi.MAPI_NEW_SESSION)
    own = m.exchange.HrOpenExchangePrivateStore(session)
    store_dn = m.exchange.HrGetServerDN(session) + "/cn=Microsoft Private MDB"
    return session, own, store_dn


def _ids(fake):
    return [li.logon_id for li in fake.logons()]


def test_hr_get_server_dn_gives_the_home_server_dn(x86):
    session, own, store_dn = _edk_logon()
    assert pw().exchange.HrGetServerDN(session) == f"{ORG_DN}/cn=Configuration/cn=Servers/cn=EX01"
    assert store_dn == private_mdb_dn()


def test_hr_mailbox_logon_opens_another_mailbox_with_privileged_access(x86):
    m = pw()
    session, own, store_dn = _edk_logon()

    store = m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn("user001"))

    assert [(li.logon_id, li.mailbox_dn) for li in x86.logons()] == [(0, mailbox_dn("admin")),
                                                                     (1, mailbox_dn("user001"))]
    tag = m.mapitags.PR_DISPLAY_NAME
    assert store.GetProps((tag,), 0) == (0, ((tag, "Mailbox - User 001"),))


def test_hr_mailbox_logon_releases_the_manage_store_interface_it_queries(x86):
    m = pw()
    session, own, store_dn = _edk_logon()
    stores = [m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn(u)) for u in users(1, 3)]

    assert [o.kind for o in x86.live_objects() if o.logon_id is not None] == ["store"] * 4
    del stores


def test_hr_mailbox_logon_raises_call_failed_where_open_msg_store_raises_failoneprovider(x86):
    m = pw()
    session, own, store_dn = _edk_logon()
    stores = [m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn(u)) for u in users(1, 254)]
    assert _ids(x86) == list(range(255))

    with pytest.raises(m.pywintypes.com_error) as edk:
        m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn("user255"))
    manage = own.QueryInterface(m.exchange.IID_IExchangeManageStore)
    with pytest.raises(m.pywintypes.com_error) as direct:
        session.OpenMsgStore(0, admin_eid(manage, "user255"), None, m.mapi.MDB_NO_DIALOG | m.mapi.MAPI_BEST_ACCESS)

    err = assert_com_error(edk, m.mapi.MAPI_E_CALL_FAILED)
    assert err.args == (E_FAIL, "Unspecified error", None, None)
    assert m.mapi.MAPI_E_CALL_FAILED == E_FAIL == pw().winerror.E_FAIL
    assert_com_error(direct, m.mapi.MAPI_E_FAILONEPROVIDER)
    assert _ids(x86) == list(range(255))
    del stores


def test_hr_mailbox_logon_of_an_unknown_mailbox_raises_edk_e_not_found_and_keeps_no_index(x86):
    m = pw()
    session, own, store_dn = _edk_logon()

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        m.exchange.HrMailboxLogon(session, own, store_dn, f"{ORG_DN}/cn=Recipients/cn=nobody")

    err = assert_com_error(excinfo, EDK_E_NOT_FOUND)
    assert err.hresult == -2146762751
    assert _ids(x86) == [0]
    store = m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn("user001"))
    assert _ids(x86) == [0, 1]
    del store


def test_hr_mailbox_logon_without_rights_flattens_no_access_to_e_fail(x86):
    m = pw()
    session, own, store_dn = _edk_logon("Alice")

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn("bob"))

    assert_com_error(excinfo, E_FAIL)
    assert _ids(x86) == [0]


def test_hr_mailbox_logon_with_a_store_dn_ending_in_cn_null_raises_e_fail(x86):
    """KB Q203858: the EDK sample's "/CN=NULL" store DN makes CreateStoreEntryID fail, and the
    EDK wrapper reports E_FAIL (0x80004005)."""
    m = pw()
    session, own, _ = _edk_logon()
    store_dn = m.exchange.HrGetServerDN(session) + "/cn=NULL"

    with pytest.raises(m.pywintypes.com_error) as excinfo:
        m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn("user001"))

    assert_com_error(excinfo, E_FAIL)
    assert _ids(x86) == [0]


def test_hr_mailbox_logoff_frees_the_logon_id_at_once(x86):
    m = pw()
    session, own, store_dn = _edk_logon()
    stores = [m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn(u)) for u in users(1, 4)]

    result = m.exchange.HrMailboxLogoff(stores[1])  # user002, LogonId 2; the Python object still exists

    assert result is None
    assert _ids(x86) == [0, 1, 3, 4]
    again = m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn("user100"))
    assert {li.logon_id: li.mailbox_dn for li in x86.logons()}[2] == mailbox_dn("user100")
    del stores, again
    assert _ids(x86) == [0]


def test_a_loop_of_hr_mailbox_logon_and_logoff_over_300_mailboxes_never_fills_the_table(x86):
    m = pw()
    session, own, store_dn = _edk_logon()
    seen = set()
    for alias in users(1, 300):
        store = m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn(alias))
        seen.update(_ids(x86))
        m.exchange.HrMailboxLogoff(store)
    assert seen == {0, 1}
    assert _ids(x86) == [0]


def test_hr_mailbox_logon_follows_the_mailbox_to_its_home_server(x86):
    m = pw()
    session, own, store_dn = _edk_logon()

    carol = m.exchange.HrMailboxLogon(session, own, store_dn, mailbox_dn("carol"))

    assert [(c.server, c.logon_ids) for c in x86.connections()] == [("EX01", [0]), ("EX02", [0])]
    del carol


def test_hr_mailbox_logon_without_a_mailbox_dn_opens_the_public_store(x86):
    m = pw()
    session, own, store_dn = _edk_logon()

    public = m.exchange.HrMailboxLogon(session, own, store_dn, "")

    assert [li.mailbox_dn for li in x86.logons()] == [mailbox_dn("admin"), ""]
    del public


def test_hr_mailbox_logon_refuses_none_for_a_dn_as_swig_s_does(x86):
    """exchange.i:390-391 declares both DNs ``char *INPUT``; no typemap matches, so SWIG 1.1
    parses them with ``s``: str only, None is CPython's TypeError naming the argument."""
    m = pw()
    session, own, store_dn = _edk_logon()
    with pytest.raises(TypeError, match=r"^HrMailboxLogon\(\) argument 4 must be str, not None$"):
        m.exchange.HrMailboxLogon(session, own, store_dn, None)
    with pytest.raises(TypeError, match=r"^HrMailboxLogon\(\) argument 3 must be str, not bytes$"):
        m.exchange.HrMailboxLogon(session, own, store_dn.encode(), "")


# --- x64: the names do not exist -----------------------------------------------------------------
@pytest.mark.parametrize("name", EDK_NAMES)
def test_x64_flavor_exchange_module_has_no_edk_helper(install, name):
    install(flavor="x64")
    exchange = pw().exchange
    with pytest.raises(AttributeError):
        getattr(exchange, name)
    assert not hasattr(exchange, name)


def test_x64_exchange_module_keeps_the_iids_and_openstore_flags(install):
    install(flavor="x64")
    exchange = pw().exchange
    assert str(exchange.IID_IExchangeManageStore) == "{559D10B0-A772-11CD-9BC8-00AA002FC45A}"
    assert (exchange.OPENSTORE_USE_ADMIN_PRIVILEGE, exchange.OPENSTORE_PUBLIC, exchange.OPENSTORE_HOME_LOGON,
            exchange.OPENSTORE_TAKE_OWNERSHIP, exchange.OPENSTORE_OVERRIDE_HOME_MDB) == (1, 2, 4, 8, 0x10)


def test_reinstalling_as_x64_after_x86_removes_the_edk_helpers(install):
    install(flavor="x86")
    from win32com.mapi import exchange

    assert callable(exchange.HrMailboxLogon)
    install(flavor="x64")
    with pytest.raises(AttributeError):
        exchange.HrMailboxLogon  # noqa: B018 - the attribute access is the test
