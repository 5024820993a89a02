"""The pywin32-shaped surface: install/uninstall, module layout, constants, com_error, argument
parsing, result shapes, the x64 exchange module, mapiutil, and the session/store basics.

Expected values are the ones in shared/reference/pywin32-surface.md, written out literally.
"""

from __future__ import annotations

import gc
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

import fakemapi
from fakemapi.dropin.finder import DropinFinder
from fakemapi.dropin.registry import REGISTRY

MODULE_NAMES = [
    "win32com", "win32comext", "win32com.mapi", "win32comext.mapi",
    *(f"{pkg}.{sub}" for pkg in ("win32com.mapi", "win32comext.mapi")
      for sub in ("mapi", "exchange", "mapitags", "mapiutil", "emsabtags")),
    "pythoncom", "pywintypes", "winerror",
]

# signed HRESULTs, as pywin32 exposes them
MAPI_E_NOT_FOUND = -2147221233
MAPI_E_INVALID_ENTRYID = -2147221241
MAPI_E_NOT_INITIALIZED = -2147219963
MAPI_E_LOGON_FAILED = -2147221231
MAPI_E_INTERFACE_NOT_SUPPORTED = -2147467262
MAPI_W_ERRORS_RETURNED = 263040

# tags (mapitags.py values)
PR_ENTRYID = 0x0FFF0102
PR_DISPLAY_NAME_W = 0x3001001F
PR_DISPLAY_NAME_A = 0x3001001E
PR_DEFAULT_STORE = 0x3400000B
PR_MDB_PROVIDER = 0x34140102
PR_RESOURCE_FLAGS = 0x30090003
PR_OBJECT_TYPE = 0x0FFE0003
PR_SUBJECT_A = 0x0037001E
PR_IPM_SUBTREE_ENTRYID = 0x35E00102
PR_IPM_OUTBOX_ENTRYID = 0x35E20102
PR_IPM_WASTEBASKET_ENTRYID = 0x35E30102
PR_IPM_SENTMAIL_ENTRYID = 0x35E40102
PR_STORE_ENTRYID = 0x0FFB0102
PR_PARENT_ENTRYID = 0x0E090102
PR_IPM_PUBLIC_FOLDERS_ENTRYID = 0x66310102

ADMIN_DN = "/o=Contoso/ou=HQ/cn=Recipients/cn=admin"
EX01_PRIVATE_MDB = "/o=Contoso/ou=HQ/cn=Configuration/cn=Servers/cn=EX01/cn=Microsoft Private MDB"
# MS-OXCDATA: the Exchange address book's provider UID
AB_PROVIDER_UID = bytes.fromhex("dca740c8c042101ab4b908002b2fe182")
# pbExchangeProviderPrimaryUserGuid / pbExchangeProviderPublicGuid as bytes
PRIVATE_PROVIDER = bytes.fromhex("5494a1c0297f101ba58708002b2a2517")
PUBLIC_PROVIDER = bytes.fromhex("78b2fa70aff711cd9bc800aa002fc45a")


@pytest.fixture
def saved_modules() -> Iterator[dict[str, Any]]:
    """sys.modules entries of the drop-in names as they were before the test; restored after.

    The pytest plugin holds the drop-in modules in sys.modules for the session (so test modules
    can import programs that import win32com.mapi); these tests look at install() and uninstall()
    alone, so the hold is lifted for their duration."""
    holders, REGISTRY.holders = REGISTRY.holders, 0
    finders = [f for f in sys.meta_path if isinstance(f, DropinFinder)]
    for finder in finders:
        sys.meta_path.remove(finder)
    REGISTRY.take_out_if_unused()
    saved = {name: sys.modules.get(name) for name in MODULE_NAMES}
    try:
        yield saved
    finally:
        while REGISTRY.fake is not None:
            fakemapi.uninstall()
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        sys.meta_path[:0] = finders
        if holders:
            from fakemapi.dropin.modules import modules

            for _ in range(holders):
                REGISTRY.hold(modules().by_name())


@pytest.fixture
def fk() -> Iterator[fakemapi.Fake]:
    """The default world installed (x64), not initialized."""
    with fakemapi.installed() as fake:
        yield fake


def mods() -> types.SimpleNamespace:
    import pythoncom
    import pywintypes
    import winerror
    from win32com.mapi import emsabtags, exchange, mapi, mapitags, mapiutil

    return types.SimpleNamespace(mapi=mapi, exchange=exchange, mapitags=mapitags, mapiutil=mapiutil,
                                 emsabtags=emsabtags, pythoncom=pythoncom, pywintypes=pywintypes,
                                 winerror=winerror)


@pytest.fixture
def session(fk: fakemapi.Fake) -> Any:
    m = mods()
    m.mapi.MAPIInitialize(None)
    return m.mapi.MAPILogonEx(0, "Admin", None, m.mapi.MAPI_EXTENDED | m.mapi.MAPI_NEW_SESSION)


def store_rows(session: Any) -> tuple[Any, ...]:
    table = session.GetMsgStoresTable(0)
    table.SetColumns((PR_ENTRYID, PR_DISPLAY_NAME_A, PR_DEFAULT_STORE), 0)
    return table.QueryRows(10, 0)  # type: ignore[no-any-return]


def own_store_eid(session: Any) -> bytes:
    return store_rows(session)[0][0][1]  # type: ignore[no-any-return]


def public_store_eid(session: Any) -> bytes:
    return store_rows(session)[1][0][1]  # type: ignore[no-any-return]


def open_own_store(session: Any) -> Any:
    return session.OpenMsgStore(0, own_store_eid(session), None, mods().mapi.MDB_WRITE)


def com_error_of(excinfo: pytest.ExceptionInfo[Any], hr: int) -> Any:
    import pythoncom
    import pywintypes

    err = excinfo.value
    assert type(err) is pywintypes.com_error
    assert err.args == (hr, pythoncom.GetScodeString(hr), None, None)
    assert err.hresult == hr
    return err


# =====================================================================================
# install / uninstall / installed


def test_install_puts_every_drop_in_module_into_sys_modules(saved_modules: dict[str, Any]) -> None:
    fakemapi.install()
    for name in MODULE_NAMES:
        assert name in sys.modules, name
        assert sys.modules[name].__file__ == f"<fakemapi {sys.modules[name].__name__}>", name
    import win32com.mapi.mapi
    import win32comext.mapi.mapi

    assert win32comext.mapi.mapi is win32com.mapi.mapi
    assert sys.modules["win32com.mapi"].mapi is sys.modules["win32com.mapi.mapi"]
    assert sys.modules["win32com"].mapi is sys.modules["win32com.mapi"]
    assert sys.modules["win32comext"].mapi is sys.modules["win32com.mapi"]


def test_uninstall_removes_modules_that_were_absent(saved_modules: dict[str, Any]) -> None:
    for name in MODULE_NAMES:
        sys.modules.pop(name, None)
    fakemapi.install()
    fakemapi.uninstall()
    assert [name for name in MODULE_NAMES if name in sys.modules] == []
    assert REGISTRY.fake is None


def test_uninstall_restores_the_previous_module_objects(saved_modules: dict[str, Any]) -> None:
    previous = {name: types.ModuleType(name) for name in MODULE_NAMES}
    sys.modules.update(previous)
    fakemapi.install()
    assert all(sys.modules[name] is not previous[name] for name in MODULE_NAMES)
    fakemapi.uninstall()
    assert all(sys.modules[name] is previous[name] for name in MODULE_NAMES)


def test_installs_nest_and_the_last_uninstall_restores_the_originals(saved_modules: dict[str, Any]) -> None:
    # issue 13: installs nest as a stack; sys.modules comes back after the outermost uninstall
    original = types.ModuleType("pythoncom")
    sys.modules["pythoncom"] = original
    first = fakemapi.install()
    second = fakemapi.install()
    assert second is not first
    assert REGISTRY.fake is second
    fakemapi.uninstall()
    assert REGISTRY.fake is first
    assert sys.modules["pythoncom"] is not original
    fakemapi.uninstall()
    assert REGISTRY.fake is None
    assert sys.modules["pythoncom"] is original


def test_uninstall_twice_is_harmless(saved_modules: dict[str, Any]) -> None:
    fakemapi.install()
    fakemapi.uninstall()
    fakemapi.uninstall()
    assert REGISTRY.fake is None


def test_installed_uninstalls_when_the_block_raises(saved_modules: dict[str, Any]) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        with fakemapi.installed() as fake:
            assert REGISTRY.fake is fake
            raise RuntimeError("boom")
    assert REGISTRY.fake is None
    assert sys.modules.get("win32com.mapi") is saved_modules["win32com.mapi"]


def test_modules_imported_under_one_install_work_after_a_reinstall(saved_modules: dict[str, Any]) -> None:
    fakemapi.install()
    from win32com.mapi import mapi

    fakemapi.uninstall()
    fake = fakemapi.install()
    mapi.MAPIInitialize(None)
    assert fake.init_count == 1


def test_module_functions_raise_not_installed_error_after_uninstall(saved_modules: dict[str, Any]) -> None:
    fakemapi.install()
    from win32com.mapi import mapi

    fakemapi.uninstall()
    with pytest.raises(fakemapi.NotInstalledError):
        mapi.MAPIInitialize(None)


def test_unknown_flavor_is_a_value_error_and_installs_nothing(saved_modules: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="flavor must be 'x64' or 'x86', not 'arm'"):
        fakemapi.install(flavor="arm")
    assert REGISTRY.fake is None


# =====================================================================================
# module contents, constants, com_error


def test_pythoncom_com_error_is_pywintypes_com_error(fk: fakemapi.Fake) -> None:
    m = mods()
    assert m.pythoncom.com_error is m.pywintypes.com_error
    assert m.pythoncom.error is m.pywintypes.com_error
    assert m.pythoncom.ole_error is m.pywintypes.com_error
    assert issubclass(m.pywintypes.com_error, Exception)


def test_constants_at_or_above_0x80000000_are_negative(fk: fakemapi.Fake) -> None:
    m = mods()
    assert m.mapi.MAPI_UNICODE == -2147483648
    assert m.mapi.MAPI_E_NOT_FOUND == -2147221233
    assert m.mapi.MAPI_E_FAILONEPROVIDER == -2147221219
    assert m.mapi.MAPI_E_CALL_FAILED == -2147467259
    assert m.mapi.MAPI_E_NO_ACCESS == -2147024891
    assert m.mapi.fnevExtended == -2147483648
    assert m.mapi.MAIL_E_NAMENOTFOUND == -2130696378
    assert m.mapitags.OSTF_NO_ENCRYPTION == -2147483648


def test_success_codes_and_flags_keep_their_positive_values(fk: fakemapi.Fake) -> None:
    m = mods()
    assert m.mapi.MAPI_W_ERRORS_RETURNED == 263040
    assert m.mapi.MAPI_W_PARTIAL_COMPLETION == 263808
    assert (m.mapi.MAPI_NEW_SESSION, m.mapi.MAPI_EXTENDED, m.mapi.MAPI_USE_DEFAULT, m.mapi.MAPI_NO_MAIL) == (
        2, 32, 64, 32768)
    assert (m.mapi.MDB_NO_DIALOG, m.mapi.MDB_WRITE, m.mapi.MDB_TEMPORARY, m.mapi.MDB_NO_MAIL) == (1, 4, 32, 128)
    assert (m.mapi.MAPI_MODIFY, m.mapi.MAPI_BEST_ACCESS, m.mapi.MAPI_INIT_VERSION) == (1, 16, 0)


def test_property_tags_are_non_negative(fk: fakemapi.Fake) -> None:
    m = mods()
    assert m.mapitags.PR_DISPLAY_NAME == 0x3001001F  # PT_TSTRING is PT_UNICODE in pywin32
    assert m.mapitags.PR_DISPLAY_NAME_A == 0x3001001E
    assert m.mapitags.PR_PROFILE_CONNECT_FLAGS == 0x66040003
    assert m.emsabtags.PR_EMS_AB_HOME_MDB == 0x8006001F
    assert m.emsabtags.PR_EMS_AB_PROXY_ADDRESSES == 0x800F101F
    assert m.mapitags.PROP_TAG(m.mapitags.PT_ERROR, 0x0037) == 0x0037000A
    assert m.mapitags.PROP_ID(0x8006001F) == 0x8006
    assert m.mapitags.PROP_TYPE(0x8006001F) == 0x001F


def test_exchange_x64_has_only_the_iids_and_openstore_flags(fk: fakemapi.Fake) -> None:
    exchange = mods().exchange
    public = sorted(n for n in vars(exchange) if not n.startswith("_"))
    assert public == ["IID_IExchangeManageStore", "IID_IExchangeManageStoreEx", "OPENSTORE_HOME_LOGON",
                      "OPENSTORE_OVERRIDE_HOME_MDB", "OPENSTORE_PUBLIC", "OPENSTORE_TAKE_OWNERSHIP",
                      "OPENSTORE_USE_ADMIN_PRIVILEGE"]
    assert str(exchange.IID_IExchangeManageStore) == "{559D10B0-A772-11CD-9BC8-00AA002FC45A}"
    assert (exchange.OPENSTORE_USE_ADMIN_PRIVILEGE, exchange.OPENSTORE_PUBLIC, exchange.OPENSTORE_HOME_LOGON,
            exchange.OPENSTORE_TAKE_OWNERSHIP, exchange.OPENSTORE_OVERRIDE_HOME_MDB) == (1, 2, 4, 8, 16)


@pytest.mark.parametrize("name", ["HrMailboxLogon", "HrOpenExchangePrivateStore", "HrGetServerDN",
                                  "HrMAPIFindFolderEx", "GetMailboxTable", "HrFindExchangeGlobalAddressList"])
def test_names_pywin32_x64_lacks_raise_attribute_error(fk: fakemapi.Fake, name: str) -> None:
    with pytest.raises(AttributeError):
        getattr(mods().exchange, name)


@pytest.mark.parametrize("module, name", [
    ("mapi", "CONNECT_USE_SEPARATE_CONNECTION"), ("mapi", "MSGFLAG_READ"), ("mapi", "MDB_ONLINE"),
    ("mapi", "OPENSTORE_TRANSPORT"), ("mapi", "pbGlobalProfileSectionGuid"), ("mapi", "HrMailboxLogon"),
    ("mapitags", "PR_SMTP_ADDRESS"), ("mapitags", "PR_MAILBOX_OWNER_ENTRYID"), ("mapitags", "PR_INTERNET_MESSAGE_ID"),
])
def test_constants_pywin32_does_not_export_are_missing(fk: fakemapi.Fake, module: str, name: str) -> None:
    with pytest.raises(AttributeError):
        getattr(getattr(mods(), module), name)


def test_x86_flavor_adds_the_edk_helpers_and_a_later_x64_install_removes_them(
        saved_modules: dict[str, Any]) -> None:
    fakemapi.install(flavor="x86")
    from win32com.mapi import exchange

    assert callable(exchange.HrMailboxLogon)
    assert callable(exchange.HrOpenExchangePrivateStore)
    fakemapi.install(flavor="x64")
    assert not hasattr(exchange, "HrMailboxLogon")
    assert not hasattr(exchange, "HrOpenExchangePrivateStore")


def test_com_error_has_pywin32_args_and_attributes(fk: fakemapi.Fake) -> None:
    m = mods()
    with pytest.raises(m.pywintypes.com_error) as info:
        m.mapi.MAPILogonEx(0, "Admin", None, 0)  # before MAPIInitialize
    err = info.value
    assert err.args == (MAPI_E_NOT_INITIALIZED, "OLE error 0x80040605", None, None)
    assert (err.hresult, err.strerror, err.excepinfo, err.argerror) == (
        MAPI_E_NOT_INITIALIZED, "OLE error 0x80040605", None, None)
    hr, msg, exc, arg = err.args
    assert hr == m.mapi.MAPI_E_NOT_INITIALIZED


def test_com_error_is_not_iterable(fk: fakemapi.Fake) -> None:
    m = mods()
    err = m.pywintypes.com_error(MAPI_E_NOT_FOUND, "text", None, None)
    with pytest.raises(TypeError):
        iter(err)
    with pytest.raises(TypeError):
        err[0]  # type: ignore[index]


def test_com_error_strerror_uses_system_text_where_windows_has_one(fk: fakemapi.Fake) -> None:
    m = mods()
    assert m.pythoncom.GetScodeString(-2147024891) == "Access is denied."
    assert m.pythoncom.GetScodeString(-2147467259) == "Unspecified error"
    assert m.pythoncom.GetScodeString(MAPI_E_NOT_FOUND) == "OLE error 0x8004010f"


def test_winerror_helpers(fk: fakemapi.Fake) -> None:
    w = mods().winerror
    assert w.FAILED(MAPI_E_NOT_FOUND) and not w.FAILED(MAPI_W_ERRORS_RETURNED) and not w.FAILED(0)
    assert w.SUCCEEDED(MAPI_W_ERRORS_RETURNED)
    assert w.HRESULT_CODE(MAPI_E_NOT_FOUND) == 0x010F
    assert w.E_ACCESSDENIED == -2147024891
    assert w.DISP_E_EXCEPTION == -2147352567


def test_pywintypes_iid_is_hashable_and_equal_to_equal_iids_not_to_its_string(fk: fakemapi.Fake) -> None:
    # PyIID.cpp:179-184: richcompare is NotImplemented for a non-PyIID, so an IID is never equal
    # to its string (this test asserted it was: pywin32 says False)
    m = mods()
    iid = m.pywintypes.IID("{00020306-0000-0000-c000-000000000046}")
    assert str(iid) == "{00020306-0000-0000-C000-000000000046}"
    assert iid == m.mapi.IID_IMsgStore
    assert iid != "{00020306-0000-0000-C000-000000000046}"
    assert not iid == "{00020306-0000-0000-C000-000000000046}"  # noqa: SIM201 - the == operator is the point
    assert {iid: 1}[m.mapi.IID_IMsgStore] == 1
    assert m.pythoncom.TypeIIDs[m.mapi.IID_IMAPISession].__name__ == "PyIMAPISession"


def test_hex_from_bin_and_back(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    assert mapi.HexFromBin(b"\x01\xab\xff") == "01ABFF"
    assert mapi.BinFromHex("01ABFF") == b"\x01\xab\xff"
    with pytest.raises(ValueError, match="FBinFromHex failed - input data is invalid"):
        mapi.BinFromHex("0G")


def test_mapi_uid_from_binary_needs_16_bytes(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    uid = mapi.MAPIUIDFromBinary(bytes(range(16)))
    assert str(uid) == "{03020100-0504-0706-0809-0A0B0C0D0E0F}"
    with pytest.raises(ValueError):
        mapi.MAPIUIDFromBinary(b"\x00" * 15)


# =====================================================================================
# argument parsing


def test_mapilogonex_with_none_profile_name_is_a_type_error(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    mapi.MAPIInitialize(None)
    with pytest.raises(TypeError) as info:
        mapi.MAPILogonEx(0, None, None, mapi.MAPI_USE_DEFAULT)
    assert str(info.value) == "None is not a valid string in this context"
    assert fk.current.sessions == []


def test_mapilogonex_with_empty_name_and_use_default_logs_on_to_the_default_profile(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_USE_DEFAULT | mapi.MAPI_NEW_SESSION)
    assert session.QueryIdentity().endswith(ADMIN_DN.encode() + b"\0")


def test_mapilogonex_accepts_bytes_profile_name(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, b"Alice", None, mapi.MAPI_NEW_SESSION)
    assert session.QueryIdentity().endswith(b"/cn=alice\0")


def test_keyword_arguments_are_type_errors(session: Any) -> None:
    mapi = mods().mapi
    with pytest.raises(TypeError):
        mapi.MAPILogonEx(0, "Admin", None, flags=0)
    with pytest.raises(TypeError):
        mapi.MAPIInitialize(init=None)
    eid = own_store_eid(session)
    with pytest.raises(TypeError):
        session.OpenMsgStore(0, eid, None, flags=0)
    with pytest.raises(TypeError):
        session.GetMsgStoresTable(flags=0)


def test_open_entry_with_a_non_bytes_entry_id_is_a_type_error(session: Any) -> None:
    for bad in ("abc", 42, bytearray):
        with pytest.raises(TypeError) as info:
            session.OpenEntry(bad, None, 0)
        assert str(info.value) == "EntryID must be a string or None"
    store = open_own_store(session)
    with pytest.raises(TypeError) as info:
        store.OpenEntry("abc", None, 0)
    assert str(info.value) == "EntryID must be a string or None"


def test_open_entry_with_a_malformed_entry_id_fails_and_leaves_state_intact(
        fk: fakemapi.Fake, session: Any) -> None:
    store = open_own_store(session)
    before_conns = fk.connections()
    before_objects = [o.label for o in fk.live_objects()]
    # too short to name a provider: MAPI_E_INVALID_ENTRYID; long enough, but no provider has its
    # MAPIUID: MAPI_E_UNKNOWN_ENTRYID (IMAPISession::OpenEntry, return values)
    for bad, hr in ((b"", MAPI_E_INVALID_ENTRYID), (b"junk", MAPI_E_INVALID_ENTRYID),
                    (b"\0\0\0\0" + b"\x01" * 40, -2147220991)):
        with pytest.raises(mods().pywintypes.com_error) as info:
            session.OpenEntry(bad, None, 0)
        com_error_of(info, hr)
    with pytest.raises(mods().pywintypes.com_error) as info:
        session.OpenMsgStore(0, b"junk", None, 0)
    com_error_of(info, MAPI_E_INVALID_ENTRYID)
    assert fk.connections() == before_conns
    assert [o.label for o in fk.live_objects()] == before_objects
    # both the session and the store still work
    assert store.GetProps((PR_DISPLAY_NAME_A,), 0) == (0, ((PR_DISPLAY_NAME_A, b"Mailbox - Administrator"),))
    assert open_own_store(session) is not None


def test_open_msg_store_takes_str_entry_ids_encoded_as_utf8(session: Any) -> None:
    m = mods()
    with pytest.raises(TypeError):
        session.OpenMsgStore(0, 42, None, 0)
    # "s#" accepts str but encodes it as UTF-8: a binary entry id does not survive as text
    with pytest.raises(m.pywintypes.com_error) as info:
        session.OpenMsgStore(0, own_store_eid(session).decode("latin-1"), None, 0)
    com_error_of(info, MAPI_E_INVALID_ENTRYID)


def test_create_store_entry_id_with_none_server_dn_is_a_type_error(session: Any) -> None:
    exchange = mods().exchange
    manage = open_own_store(session).QueryInterface(exchange.IID_IExchangeManageStore)
    with pytest.raises(TypeError) as info:
        manage.CreateStoreEntryID(None, ADMIN_DN, 0)
    assert str(info.value) == "None is not a valid string in this context"


def test_create_store_entry_id_accepts_none_user_dn_and_bytes_dns(session: Any) -> None:
    exchange = mods().exchange
    manage = open_own_store(session).QueryInterface(exchange.IID_IExchangeManageStore)
    public = manage.CreateStoreEntryID(EX01_PRIVATE_MDB, None, 0)
    assert isinstance(public, bytes)
    as_bytes = manage.CreateStoreEntryID(EX01_PRIVATE_MDB.encode(), ADMIN_DN.encode(), 0)
    assert as_bytes == manage.CreateStoreEntryID(EX01_PRIVATE_MDB, ADMIN_DN, 0)
    assert not hasattr(manage, "GetMailboxTable")


def test_a_bare_int_is_accepted_as_a_tag_array(session: Any) -> None:
    store = open_own_store(session)
    assert store.GetProps(PR_DISPLAY_NAME_A, 0) == (0, ((PR_DISPLAY_NAME_A, b"Mailbox - Administrator"),))


def test_a_string_is_not_a_tag_array(session: Any) -> None:
    store = open_own_store(session)
    with pytest.raises(TypeError):
        store.GetProps("PR_DISPLAY_NAME", 0)


# =====================================================================================
# result shapes


def test_get_props_returns_errors_returned_and_pt_error_for_missing_props(session: Any) -> None:
    store = open_own_store(session)
    hr, props = store.GetProps((PR_DISPLAY_NAME_A, PR_SUBJECT_A), 0)
    assert hr == MAPI_W_ERRORS_RETURNED == 263040
    assert props == ((PR_DISPLAY_NAME_A, b"Mailbox - Administrator"), (0x0037000A, -2147221233))
    assert isinstance(props, tuple) and all(isinstance(p, tuple) for p in props)


def test_get_props_returns_zero_when_every_prop_is_found(session: Any) -> None:
    store = open_own_store(session)
    hr, props = store.GetProps((PR_DISPLAY_NAME_W, PR_OBJECT_TYPE), 0)
    assert (hr, props) == (0, ((PR_DISPLAY_NAME_W, "Mailbox - Administrator"), (PR_OBJECT_TYPE, 1)))


def test_pt_string8_comes_back_as_bytes_and_pt_unicode_as_str(session: Any) -> None:
    store = open_own_store(session)
    _, props = store.GetProps((PR_DISPLAY_NAME_A, PR_DISPLAY_NAME_W), 0)
    (tag_a, value_a), (tag_w, value_w) = props
    assert (tag_a, type(value_a), value_a) == (PR_DISPLAY_NAME_A, bytes, b"Mailbox - Administrator")
    assert (tag_w, type(value_w), value_w) == (PR_DISPLAY_NAME_W, str, "Mailbox - Administrator")


def test_query_identity_is_the_address_book_entry_id_of_the_account(session: Any) -> None:
    identity = session.QueryIdentity()
    assert isinstance(identity, bytes)
    assert identity == b"\0\0\0\0" + AB_PROVIDER_UID + b"\x01\0\0\0\0\0\0\0" + ADMIN_DN.encode() + b"\0"
    user = session.OpenEntry(identity, None, 0)
    assert type(user).__name__ == "PyIMailUser"
    assert user.GetProps((PR_DISPLAY_NAME_A, 0x3003001E), 0) == (
        0, ((PR_DISPLAY_NAME_A, b"Administrator"), (0x3003001E, ADMIN_DN.encode())))


def test_msg_stores_table_lists_own_mailbox_as_default_then_public_folders(session: Any) -> None:
    table = session.GetMsgStoresTable(0)
    table.SetColumns((PR_DISPLAY_NAME_A, PR_DEFAULT_STORE, PR_MDB_PROVIDER, PR_OBJECT_TYPE), 0)
    assert table.GetRowCount(0) == 2
    rows = table.QueryRows(10, 0)
    assert rows == (
        ((PR_DISPLAY_NAME_A, b"Mailbox - Administrator"), (PR_DEFAULT_STORE, True),
         (PR_MDB_PROVIDER, PRIVATE_PROVIDER), (PR_OBJECT_TYPE, 1)),
        ((PR_DISPLAY_NAME_A, b"Public Folders"), (PR_DEFAULT_STORE, False),
         (PR_MDB_PROVIDER, PUBLIC_PROVIDER), (PR_OBJECT_TYPE, 1)),
    )
    assert table.QueryRows(10, 0) == ()


def test_msg_stores_table_flags_the_default_store_in_resource_flags(session: Any) -> None:
    status_default_store = mods().mapi.STATUS_DEFAULT_STORE
    rows = mods().mapi.HrQueryAllRows(session.GetMsgStoresTable(0), (PR_RESOURCE_FLAGS,), None, None, 0)
    assert [row[0][0] for row in rows] == [PR_RESOURCE_FLAGS, PR_RESOURCE_FLAGS]
    assert [bool(row[0][1] & status_default_store) for row in rows] == [True, False]


def test_msg_stores_table_default_columns_follow_mapi_unicode(session: Any) -> None:
    mapi = mods().mapi
    ansi = session.GetMsgStoresTable(0)
    cols = ansi.QueryColumns(0)
    assert cols[:3] == (PR_ENTRYID, PR_DISPLAY_NAME_A, PR_DEFAULT_STORE)
    row = ansi.QueryRows(1, 0)[0]
    assert row[1] == (PR_DISPLAY_NAME_A, b"Mailbox - Administrator")
    assert isinstance(row[0][1], bytes)
    wide = session.GetMsgStoresTable(mapi.MAPI_UNICODE)
    assert wide.QueryColumns(0)[:3] == (PR_ENTRYID, PR_DISPLAY_NAME_W, PR_DEFAULT_STORE)
    assert wide.QueryRows(1, 0)[0][1] == (PR_DISPLAY_NAME_W, "Mailbox - Administrator")


def test_hr_query_all_rows_returns_every_row_as_a_tuple(session: Any) -> None:
    mapi = mods().mapi
    rows = mapi.HrQueryAllRows(session.GetMsgStoresTable(0), (PR_DISPLAY_NAME_A,), None, None, 0)
    assert rows == (((PR_DISPLAY_NAME_A, b"Mailbox - Administrator"),), ((PR_DISPLAY_NAME_A, b"Public Folders"),))


def test_store_props_name_the_standard_folders_and_open_entry_opens_them(session: Any) -> None:
    store = open_own_store(session)
    tags = (PR_IPM_SUBTREE_ENTRYID, PR_IPM_OUTBOX_ENTRYID, PR_IPM_SENTMAIL_ENTRYID, PR_IPM_WASTEBASKET_ENTRYID)
    hr, props = store.GetProps(tags, 0)
    assert hr == 0
    assert [tag for tag, _ in props] == list(tags)
    names = []
    for _, eid in props:
        assert isinstance(eid, bytes)
        folder = store.OpenEntry(eid, None, 0)
        assert type(folder).__name__ == "PyIMAPIFolder"
        _, ((_, name), (_, folder_eid)) = folder.GetProps((PR_DISPLAY_NAME_A, PR_ENTRYID), 0)
        assert folder_eid == eid
        names.append(name)
    assert names == [b"Top of Information Store", b"Outbox", b"Sent Items", b"Deleted Items"]


def test_inbox_is_the_receive_folder(session: Any) -> None:
    store = open_own_store(session)
    eid, explicit = store.GetReceiveFolder("IPM.Note", 0)
    assert explicit == "IPM"
    inbox = store.OpenEntry(eid, None, 0)
    assert inbox.GetProps((PR_DISPLAY_NAME_A,), 0) == (0, ((PR_DISPLAY_NAME_A, b"Inbox"),))


def test_hierarchy_table_of_the_ipm_subtree_lists_the_four_standard_folders(session: Any) -> None:
    store = open_own_store(session)
    subtree_eid = store.GetProps((PR_IPM_SUBTREE_ENTRYID,), 0)[1][0][1]
    subtree = store.OpenEntry(subtree_eid, None, 0)
    table = subtree.GetHierarchyTable(0)
    table.SetColumns((PR_DISPLAY_NAME_A, PR_PARENT_ENTRYID), 0)
    rows = table.QueryRows(50, 0)
    assert all(len(row) == 2 and row[0][0] == PR_DISPLAY_NAME_A for row in rows)
    names = [row[0][1] for row in rows]
    assert {b"Inbox", b"Outbox", b"Sent Items", b"Deleted Items"} <= set(names)
    assert len(names) == len(set(names)) == table.GetRowCount(0)
    assert {row[1] for row in rows} == {(PR_PARENT_ENTRYID, subtree_eid)}


def test_hierarchy_table_default_string_columns_follow_mapi_unicode(session: Any) -> None:
    mapi = mods().mapi
    store = open_own_store(session)
    subtree = store.OpenEntry(store.GetProps((PR_IPM_SUBTREE_ENTRYID,), 0)[1][0][1], None, 0)
    ansi = subtree.GetHierarchyTable(0)
    assert PR_DISPLAY_NAME_A in ansi.QueryColumns(0) and PR_DISPLAY_NAME_W not in ansi.QueryColumns(0)
    assert (PR_DISPLAY_NAME_A, b"Inbox") in [prop for row in ansi.QueryRows(50, 0) for prop in row]
    wide = subtree.GetHierarchyTable(mapi.MAPI_UNICODE)
    assert PR_DISPLAY_NAME_W in wide.QueryColumns(0) and PR_DISPLAY_NAME_A not in wide.QueryColumns(0)
    assert (PR_DISPLAY_NAME_W, "Inbox") in [prop for row in wide.QueryRows(50, 0) for prop in row]


def test_public_store_names_its_public_folder_tree(session: Any) -> None:
    # issue 10 item 6: a public folder logon exposes its IPM subtree as PR_IPM_SUBTREE_ENTRYID too
    public = session.OpenMsgStore(0, public_store_eid(session), None, 0)
    hr, props = public.GetProps((PR_DISPLAY_NAME_A, PR_IPM_PUBLIC_FOLDERS_ENTRYID, PR_IPM_SUBTREE_ENTRYID), 0)
    assert hr == 0
    assert props[0] == (PR_DISPLAY_NAME_A, b"Public Folders")
    assert props[2] == (PR_IPM_SUBTREE_ENTRYID, props[1][1])
    folder = public.OpenEntry(props[1][1], None, 0)
    assert folder.GetProps((PR_DISPLAY_NAME_A,), 0) == (0, ((PR_DISPLAY_NAME_A, b"IPM_SUBTREE"),))


def test_session_open_entry_on_a_store_entry_id_returns_a_plain_iunknown(fk: fakemapi.Fake, session: Any) -> None:
    m = mods()
    eid = own_store_eid(session)
    unknown = session.OpenEntry(eid, None, 0)
    assert isinstance(unknown, m.pythoncom.TypeIIDs[m.pythoncom.IID_IUnknown])
    for method in ("GetProps", "OpenEntry", "GetReceiveFolder", "SetProps"):
        assert not hasattr(unknown, method), method
    store = unknown.QueryInterface(m.mapi.IID_IMsgStore)
    assert type(store).__name__ == "PyIMsgStore"
    assert store == unknown  # IUnknown identity
    assert store.GetProps((PR_DISPLAY_NAME_A,), 0) == (0, ((PR_DISPLAY_NAME_A, b"Mailbox - Administrator"),))
    # it is a real store logon
    assert [(li.logon_id, li.mailbox_dn) for li in fk.logons()] == [(0, ADMIN_DN)]


def test_query_interface_for_an_unsupported_iid_is_interface_not_supported(session: Any) -> None:
    m = mods()
    store = open_own_store(session)
    with pytest.raises(m.pywintypes.com_error) as info:
        store.QueryInterface(m.mapi.IID_IMAPITable)
    com_error_of(info, MAPI_E_INTERFACE_NOT_SUPPORTED)


def test_compare_entry_ids_compares_the_store_not_the_bytes(session: Any) -> None:
    exchange = mods().exchange
    own, public = own_store_eid(session), public_store_eid(session)
    manage = open_own_store(session).QueryInterface(exchange.IID_IExchangeManageStore)
    admin_flags = manage.CreateStoreEntryID(EX01_PRIVATE_MDB, ADMIN_DN, exchange.OPENSTORE_USE_ADMIN_PRIVILEGE)
    assert admin_flags != own
    assert session.CompareEntryIDs(own, own, 0) == 1
    assert session.CompareEntryIDs(own, admin_flags, 0) == 1
    assert session.CompareEntryIDs(own, public, 0) == 0
    # str is accepted and MBCS (cp1252) encoded; flags are optional
    assert session.CompareEntryIDs(own, own.decode("cp1252")) == 1


def test_compare_entry_ids_of_a_folder_and_its_store_is_zero(session: Any) -> None:
    store = open_own_store(session)
    own = own_store_eid(session)
    subtree = store.GetProps((PR_IPM_SUBTREE_ENTRYID,), 0)[1][0][1]
    assert session.CompareEntryIDs(subtree, subtree, 0) == 1
    assert session.CompareEntryIDs(own, subtree, 0) == 0


def test_calls_before_mapi_initialize_raise_not_initialized(fk: fakemapi.Fake) -> None:
    m = mods()
    for call in (lambda: m.mapi.MAPILogonEx(0, "Admin", None, 0),
                 lambda: m.mapi.MAPIAdminProfiles(0)):
        with pytest.raises(m.pywintypes.com_error) as info:
            call()
        com_error_of(info, MAPI_E_NOT_INITIALIZED)


def test_after_the_last_uninitialize_logon_is_not_initialized_again(fk: fakemapi.Fake) -> None:
    m = mods()
    m.mapi.MAPIInitialize(None)
    m.mapi.MAPIInitialize((m.mapi.MAPI_INIT_VERSION, m.mapi.MAPI_MULTITHREAD_NOTIFICATIONS))
    m.mapi.MAPIUninitialize()
    m.mapi.MAPILogonEx(0, "Admin", None, m.mapi.MAPI_NEW_SESSION)  # still one init left
    m.mapi.MAPIUninitialize()
    with pytest.raises(m.pywintypes.com_error) as info:
        m.mapi.MAPILogonEx(0, "Admin", None, m.mapi.MAPI_NEW_SESSION)
    com_error_of(info, MAPI_E_NOT_INITIALIZED)


def test_mapi_initialize_rejects_a_malformed_init_tuple(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    with pytest.raises(TypeError):
        mapi.MAPIInitialize((0,))
    with pytest.raises(TypeError):
        mapi.MAPIInitialize(("0", 0))
    assert fk.init_count == 0


def test_unknown_profile_is_logon_failed(fk: fakemapi.Fake) -> None:
    m = mods()
    m.mapi.MAPIInitialize(None)
    with pytest.raises(m.pywintypes.com_error) as info:
        m.mapi.MAPILogonEx(0, "NoSuchProfile", None, m.mapi.MAPI_NEW_SESSION | m.mapi.MAPI_EXTENDED)
    com_error_of(info, MAPI_E_LOGON_FAILED)
    assert fk.current.sessions == []


def test_profile_names_are_case_insensitive(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "aLiCe", None, mapi.MAPI_NEW_SESSION)
    assert session.QueryIdentity().endswith(b"/cn=alice\0")


def test_dropping_the_last_reference_releases_the_logon(fk: fakemapi.Fake, session: Any) -> None:
    store = open_own_store(session)
    assert len(fk.logons()) == 1
    del store
    gc.collect()
    assert fk.logons() == []


# =====================================================================================
# mapiutil


def test_mapiutil_get_scode_string_names_mapi_codes(fk: fakemapi.Fake) -> None:
    u = mods().mapiutil
    assert u.GetScodeString(MAPI_E_NOT_FOUND) == "MAPI_E_NOT_FOUND"
    assert u.GetScodeString(-2147221219) == "MAPI_E_FAILONEPROVIDER"
    assert u.GetScodeString(263040) == "MAPI_W_ERRORS_RETURNED"
    assert u.GetScodeString(-2147024891) == "MAPI_E_NO_ACCESS"
    # not a MAPI code: pythoncom's text
    assert u.GetScodeString(-2146644781) == "OLE error 0x800cccd3"
    assert u.mapiErrorTable[-2147221233] == "MAPI_E_NOT_FOUND"


@pytest.mark.parametrize("tag, name", [
    (0x3001001E, "PR_DISPLAY_NAME_A"),
    (0x3001001F, "PR_DISPLAY_NAME_W"),   # string tags are named by their _A / _W names
    (0x3001000A, "PR_DISPLAY_NAME"),     # a PT_ERROR tag is named by its property id
    (0x0FFF0102, "PR_ENTRYID"),
    (0x0FFF000A, "PR_ENTRYID"),
    (0x66040003, "PR_PROFILE_CONNECT_FLAGS"),
    (0x6602001E, "PR_PROFILE_HOME_SERVER"),  # PT_STRING8 without a suffix: by its id
    (0x12340003, "0x12340003"),
    (0x00990003, "0x990003"),            # hex() of the tag, no padding
])
def test_mapiutil_get_prop_tag_name(fk: fakemapi.Fake, tag: int, name: str) -> None:
    assert mods().mapiutil.GetPropTagName(tag) == name


@pytest.mark.parametrize("ptype, raw, name", [
    (0x001E, True, "PT_STRING8"),
    (0x001F, True, "PT_UNICODE"),     # never PT_TSTRING
    (0x0003, True, "PT_I4"),          # the later alias wins, as in mapitags order
    (0x0002, True, "PT_SHORT"),
    (0x0102, True, "PT_BINARY"),
    (0x101E, True, "PT_STRING8"),     # rawType drops MV_FLAG
    (0x101E, False, "PT_MV_STRING8"),
    (0x101F, False, "PT_MV_UNICODE"),
    (0x0099, True, "0x99"),
])
def test_mapiutil_get_mapi_type_name(fk: fakemapi.Fake, ptype: int, raw: bool, name: str) -> None:
    assert mods().mapiutil.GetMapiTypeName(ptype, raw) == name


def test_mapiutil_get_properties_is_none_when_any_prop_is_missing(session: Any) -> None:
    u = mods().mapiutil
    store = open_own_store(session)
    assert u.GetProperties(store, PR_DISPLAY_NAME_A) == b"Mailbox - Administrator"
    assert u.GetProperties(store, [PR_DISPLAY_NAME_A, PR_OBJECT_TYPE]) == [b"Mailbox - Administrator", 1]
    assert u.GetProperties(store, [PR_DISPLAY_NAME_A, PR_SUBJECT_A]) is None


def test_mapiutil_set_property_value_does_not_save(session: Any) -> None:
    # pywin32 mapiutil.py SetPropertyValue calls SetProps only; a message is transacted
    # (IMAPIProp::SaveChanges), so another open object sees the change after SaveChanges.
    u = mods().mapiutil
    mapi = mods().mapi
    store = open_own_store(session)
    inbox_eid = store.GetReceiveFolder("IPM.Note", 0)[0]
    inbox = store.OpenEntry(inbox_eid, None, mapi.MAPI_MODIFY)
    draft = inbox.CreateMessage(None, 0)
    draft.SaveChanges(0)
    eid = draft.GetProps((PR_ENTRYID,), 0)[1][0][1]
    message = store.OpenEntry(eid, None, mapi.MAPI_MODIFY)
    comment = 0x3004001E  # PR_COMMENT_A
    u.SetPropertyValue(message, comment, b"note")
    assert message.GetProps((comment,), 0) == (0, ((comment, b"note"),))
    other = store.OpenEntry(eid, None, 0)
    assert other.GetProps((comment,), 0) == (MAPI_W_ERRORS_RETURNED, ((0x3004000A, MAPI_E_NOT_FOUND),))
    message.SaveChanges(0)
    assert store.OpenEntry(eid, None, 0).GetProps((comment,), 0) == (0, ((comment, b"note"),))


def test_exchange_manage_store_interfaces_each_have_only_their_one_method_as_in_pywin32():
    with fakemapi.installed() as fake:
        from win32com.mapi import exchange, mapi

        mapi.MAPIInitialize(None)
        session = mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED)
        eid = session.GetMsgStoresTable(0).QueryRows(1, 0)[0][0][1]
        store = session.OpenMsgStore(0, eid, None, 0)
        manage = store.QueryInterface(exchange.IID_IExchangeManageStore)
        manage_ex = store.QueryInterface(exchange.IID_IExchangeManageStoreEx)
        assert hasattr(manage, "CreateStoreEntryID") and not hasattr(manage, "CreateStoreEntryID2")
        assert hasattr(manage_ex, "CreateStoreEntryID2") and not hasattr(manage_ex, "CreateStoreEntryID")
        assert len(fake.logons()) == 1


def test_views_of_an_unknown_process_and_a_non_bool_strict_are_errors_naming_the_argument():
    with fakemapi.installed() as fake:
        with pytest.raises(ValueError, match="process: no process 'typo'"):
            fake.assert_no_leaks("typo")
        with pytest.raises(ValueError, match="process: no process 'typo'"):
            fake.logons("typo")
    with pytest.raises(ValueError, match="strict must be True or False"):
        fakemapi.install(strict="no")


def test_installs_and_uninstalls_from_several_threads_leave_sys_modules_as_it_was(
        saved_modules: dict[str, Any]) -> None:
    # issue 13: concurrent install()/uninstall() must not leave fake modules in sys.modules
    import threading

    world = fakemapi.World.default()
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(15):
                with fakemapi.installed(world):
                    assert sys.modules["win32com.mapi"].__file__ == "<fakemapi win32com.mapi>"
                fake = fakemapi.install(world)
                fakemapi.uninstall(fake)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert REGISTRY.stack == []
    assert {name: sys.modules.get(name) for name in MODULE_NAMES} == saved_modules


def test_uninstall_of_a_given_fake_removes_that_one_and_keeps_the_innermost(saved_modules: dict[str, Any]) -> None:
    first = fakemapi.install()
    second = fakemapi.install()
    fakemapi.uninstall(first)
    assert REGISTRY.stack == [second]
    fakemapi.uninstall()
    assert REGISTRY.fake is None


def test_leaving_an_inner_x86_install_gives_the_outer_x64_flavor_back(saved_modules: dict[str, Any]) -> None:
    with fakemapi.installed(flavor="x64"):
        from win32com.mapi import exchange

        with fakemapi.installed(flavor="x86"):
            assert callable(exchange.HrMailboxLogon)
        assert not hasattr(exchange, "HrMailboxLogon")
