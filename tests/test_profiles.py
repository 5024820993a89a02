"""Profile administration (IProfAdmin, IMsgServiceAdmin), profile sections, and the
PR_PROFILE_CONNECT_FLAGS workaround (CONNECT_USE_SEPARATE_CONNECTION) as clients set it."""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import pytest

import fakemapi

# signed HRESULTs
MAPI_E_NO_ACCESS = -2147024891
MAPI_E_NOT_FOUND = -2147221233
MAPI_E_UNCONFIGURED = -2147221220
MAPI_E_LOGON_FAILED = -2147221231
MAPI_W_ERRORS_RETURNED = 263040

# tags
PR_DISPLAY_NAME_A = 0x3001001E
PR_DISPLAY_NAME_W = 0x3001001F
PR_DEFAULT_PROFILE = 0x3D04000B
PR_SERVICE_UID = 0x3D0C0102
PR_SERVICE_NAME_A = 0x3D09001E
PR_SERVICE_NAME_W = 0x3D09001F
PR_PROFILE_HOME_SERVER = 0x6602001E
PR_PROFILE_USER = 0x6603001E
PR_PROFILE_CONNECT_FLAGS = 0x66040003
PR_PROFILE_NAME_A = 0x3D12001E
PR_ENTRYID = 0x0FFF0102
PR_DEFAULT_STORE = 0x3400000B

GLOBAL_SECTION = "{C8B0DB13-05AA-1A10-9BB0-00AA002FC45A}"  # pbGlobalProfileSectionGuid
CONNECT_USE_SEPARATE_CONNECTION = 0x4
ALICE_DN = "/o=Contoso/ou=HQ/cn=Recipients/cn=alice"
ADMIN_DN = "/o=Contoso/ou=HQ/cn=Recipients/cn=admin"


@pytest.fixture
def fk() -> Iterator[fakemapi.Fake]:
    """The default world, installed and MAPIInitialize'd."""
    with fakemapi.installed() as fake:
        mods().mapi.MAPIInitialize(None)
        yield fake


def mods() -> types.SimpleNamespace:
    import pythoncom
    import pywintypes
    from win32com.mapi import mapi, mapitags

    return types.SimpleNamespace(mapi=mapi, mapitags=mapitags, pythoncom=pythoncom, pywintypes=pywintypes)


def assert_com_error(excinfo: pytest.ExceptionInfo[Any], hr: int) -> None:
    m = mods()
    err = excinfo.value
    assert type(err) is m.pywintypes.com_error
    assert err.args == (hr, m.pythoncom.GetScodeString(hr), None, None)


def logon(profile: str) -> Any:
    mapi = mods().mapi
    return mapi.MAPILogonEx(0, profile, None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION | mapi.MAPI_NO_MAIL)


def own_store_eid(session: Any) -> bytes:
    rows = mods().mapi.HrQueryAllRows(session.GetMsgStoresTable(0), (PR_ENTRYID, PR_DEFAULT_STORE), None, None, 0)
    return next(eid for (_, eid), (_, default) in rows if default)  # type: ignore[no-any-return]


def open_own_store(session: Any) -> Any:
    mapi = mods().mapi
    return session.OpenMsgStore(0, own_store_eid(session), None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)


def profile_rows(admin: Any) -> list[tuple[bytes, bool]]:
    rows = mods().mapi.HrQueryAllRows(admin.GetProfileTable(0), (PR_DISPLAY_NAME_A, PR_DEFAULT_PROFILE),
                                      None, None, 0)
    return [(name, default) for (_, name), (_, default) in rows]


def exchange_service_uid(svcadmin: Any) -> Any:
    """The MSEMS service's uid as clients get it: PR_SERVICE_UID bytes -> MAPIUIDFromBinary."""
    mapi = mods().mapi
    rows = mapi.HrQueryAllRows(svcadmin.GetMsgServiceTable(0), (PR_SERVICE_UID, PR_SERVICE_NAME_A), None, None, 0)
    uids = [uid for (_, uid), (_, name) in rows if name == b"MSEMS"]
    assert len(uids) == 1
    return mapi.MAPIUIDFromBinary(uids[0])


def create_alice_profile(name: str = "Scripted") -> Any:
    """CreateProfile + MSEMS configured for alice on EX01, the way admin scripts do it."""
    mapi = mods().mapi
    admin = mapi.MAPIAdminProfiles(0)
    admin.CreateProfile(name, None, 0, 0)
    svcadmin = admin.AdminServices(name, None, 0, 0)
    svcadmin.CreateMsgService("MSEMS", None, 0, 0)
    svcadmin.ConfigureMsgService(exchange_service_uid(svcadmin), 0, 0,
                                 ((PR_PROFILE_HOME_SERVER, "EX01"), (PR_PROFILE_USER, ALICE_DN)))
    return svcadmin


def global_section(session: Any, flags: int) -> Any:
    return session.OpenProfileSection(mods().pywintypes.IID(GLOBAL_SECTION), None, flags)


# =====================================================================================
# IProfAdmin


def test_profile_table_lists_the_world_profiles_with_the_default_flagged(fk: fakemapi.Fake) -> None:
    admin = mods().mapi.MAPIAdminProfiles(0)
    table = admin.GetProfileTable(0)
    assert table.QueryColumns(0) == (PR_DISPLAY_NAME_A, PR_DEFAULT_PROFILE)
    assert table.QueryRows(10, 0) == (
        ((PR_DISPLAY_NAME_A, b"Admin"), (PR_DEFAULT_PROFILE, True)),
        ((PR_DISPLAY_NAME_A, b"AdminSeparate"), (PR_DEFAULT_PROFILE, False)),
        ((PR_DISPLAY_NAME_A, b"Alice"), (PR_DEFAULT_PROFILE, False)),
        ((PR_DISPLAY_NAME_A, b"AliceSeparate"), (PR_DEFAULT_PROFILE, False)),
    )


def test_profile_table_with_mapi_unicode_gives_str_names(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    table = mapi.MAPIAdminProfiles(0).GetProfileTable(mapi.MAPI_UNICODE)
    assert table.QueryRows(1, 0) == (((PR_DISPLAY_NAME_W, "Admin"), (PR_DEFAULT_PROFILE, True)),)


def test_create_profile_adds_a_row(fk: fakemapi.Fake) -> None:
    admin = mods().mapi.MAPIAdminProfiles(0)
    admin.CreateProfile("Backup", None, 0, 0)
    assert (b"Backup", False) in profile_rows(admin)
    assert len(profile_rows(admin)) == 5


def test_create_profile_with_an_existing_name_is_no_access(fk: fakemapi.Fake) -> None:
    m = mods()
    admin = m.mapi.MAPIAdminProfiles(0)
    for name in ("Alice", "alice"):
        with pytest.raises(m.pywintypes.com_error) as info:
            admin.CreateProfile(name, None, 0, 0)
        assert_com_error(info, MAPI_E_NO_ACCESS)
    assert len(profile_rows(admin)) == 4


def test_delete_profile_removes_it_and_an_unknown_name_is_not_found(fk: fakemapi.Fake) -> None:
    m = mods()
    admin = m.mapi.MAPIAdminProfiles(0)
    admin.DeleteProfile("AliceSeparate", 0)
    assert [name for name, _ in profile_rows(admin)] == [b"Admin", b"AdminSeparate", b"Alice"]
    with pytest.raises(m.pywintypes.com_error) as info:
        admin.DeleteProfile("AliceSeparate", 0)
    assert_com_error(info, MAPI_E_NOT_FOUND)
    with pytest.raises(m.pywintypes.com_error) as info:
        logon("AliceSeparate")
    assert_com_error(info, MAPI_E_LOGON_FAILED)


def test_set_default_profile_moves_the_default_and_use_default_follows_it(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    admin = mapi.MAPIAdminProfiles(0)
    admin.SetDefaultProfile("alice", 0)
    assert profile_rows(admin) == [(b"Admin", False), (b"AdminSeparate", False), (b"Alice", True),
                                   (b"AliceSeparate", False)]
    session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_USE_DEFAULT | mapi.MAPI_NEW_SESSION)
    assert session.QueryIdentity().endswith(ALICE_DN.encode() + b"\0")


def test_set_default_profile_of_an_unknown_name_is_not_found(fk: fakemapi.Fake) -> None:
    m = mods()
    admin = m.mapi.MAPIAdminProfiles(0)
    with pytest.raises(m.pywintypes.com_error) as info:
        admin.SetDefaultProfile("Nobody", 0)
    assert_com_error(info, MAPI_E_NOT_FOUND)
    assert profile_rows(admin)[0] == (b"Admin", True)


def test_deleting_the_default_profile_leaves_no_default(fk: fakemapi.Fake) -> None:
    m = mods()
    admin = m.mapi.MAPIAdminProfiles(0)
    admin.DeleteProfile("Admin", 0)
    assert all(not default for _, default in profile_rows(admin))
    with pytest.raises(m.pywintypes.com_error) as info:
        m.mapi.MAPILogonEx(0, "", None, m.mapi.MAPI_USE_DEFAULT | m.mapi.MAPI_NEW_SESSION)
    assert_com_error(info, MAPI_E_LOGON_FAILED)


def test_profiles_are_machine_wide_across_simulated_processes(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    create_alice_profile("Shared")
    with fk.process("worker"):
        mapi.MAPIInitialize(None)
        session = logon("Shared")
        assert session.QueryIdentity().endswith(ALICE_DN.encode() + b"\0")


def test_profiles_created_under_one_install_are_gone_after_a_reinstall(fk: fakemapi.Fake) -> None:
    m = mods()
    m.mapi.MAPIAdminProfiles(0).CreateProfile("Temp", None, 0, 0)
    with fakemapi.installed():  # installs nest: the inner fake is a fresh one
        m.mapi.MAPIInitialize(None)
        assert b"Temp" not in [name for name, _ in profile_rows(m.mapi.MAPIAdminProfiles(0))]


def test_admin_services_of_an_unknown_profile_is_logon_failed(fk: fakemapi.Fake) -> None:
    # IProfAdmin::AdminServices: "MAPI_E_LOGON_FAILED: The specified profile doesn't exist"
    m = mods()
    with pytest.raises(m.pywintypes.com_error) as info:
        m.mapi.MAPIAdminProfiles(0).AdminServices("Nobody", None, 0, 0)
    assert_com_error(info, MAPI_E_LOGON_FAILED)


def test_prof_admin_takes_positional_arguments_only(fk: fakemapi.Fake) -> None:
    admin = mods().mapi.MAPIAdminProfiles(0)
    with pytest.raises(TypeError):
        admin.CreateProfile("X", None, uiParam=0)
    with pytest.raises(TypeError):
        admin.CreateProfile(None, None, 0, 0)


# =====================================================================================
# IMsgServiceAdmin


def test_new_profile_has_no_services(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    admin = mapi.MAPIAdminProfiles(0)
    admin.CreateProfile("Empty", None, 0, 0)
    svcadmin = admin.AdminServices("Empty", None, 0, 0)
    assert svcadmin.GetMsgServiceTable(0).GetRowCount(0) == 0


def test_msg_service_table_row_of_the_exchange_service(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    admin = mapi.MAPIAdminProfiles(0)
    admin.CreateProfile("Svc", None, 0, 0)
    svcadmin = admin.AdminServices("Svc", None, 0, 0)
    svcadmin.CreateMsgService("MSEMS", None, 0, 0)
    table = svcadmin.GetMsgServiceTable(0)
    table.SetColumns((PR_SERVICE_UID, PR_SERVICE_NAME_A, PR_DISPLAY_NAME_A), 0)
    ((uid_prop, name_prop, display_prop),) = table.QueryRows(10, 0)
    assert uid_prop[0] == PR_SERVICE_UID and isinstance(uid_prop[1], bytes) and len(uid_prop[1]) == 16
    assert name_prop == (PR_SERVICE_NAME_A, b"MSEMS")
    assert display_prop == (PR_DISPLAY_NAME_A, b"Microsoft Exchange Server")
    uid = mapi.MAPIUIDFromBinary(uid_prop[1])
    assert bytes(uid) == uid_prop[1]


def test_msg_service_table_string_columns_follow_mapi_unicode(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    svcadmin = create_alice_profile()
    ansi = svcadmin.GetMsgServiceTable(0)
    assert PR_SERVICE_NAME_A in ansi.QueryColumns(0) and PR_SERVICE_NAME_W not in ansi.QueryColumns(0)
    assert (PR_SERVICE_NAME_A, b"MSEMS") in ansi.QueryRows(1, 0)[0]
    wide = svcadmin.GetMsgServiceTable(mapi.MAPI_UNICODE)
    assert (PR_SERVICE_NAME_W, "MSEMS") in wide.QueryRows(1, 0)[0]


def test_create_msg_service_of_an_unknown_service_is_not_found(fk: fakemapi.Fake) -> None:
    m = mods()
    admin = m.mapi.MAPIAdminProfiles(0)
    admin.CreateProfile("Svc", None, 0, 0)
    svcadmin = admin.AdminServices("Svc", None, 0, 0)
    with pytest.raises(m.pywintypes.com_error) as info:
        svcadmin.CreateMsgService("NOSUCHSVC", None, 0, 0)
    assert_com_error(info, MAPI_E_NOT_FOUND)
    assert svcadmin.GetMsgServiceTable(0).GetRowCount(0) == 0


def test_configured_exchange_profile_logs_on_as_its_user(fk: fakemapi.Fake) -> None:
    create_alice_profile("Scripted")
    session = logon("Scripted")
    assert session.QueryIdentity().endswith(ALICE_DN.encode() + b"\0")
    store = open_own_store(session)
    assert store.GetProps((PR_DISPLAY_NAME_A,), 0) == (0, ((PR_DISPLAY_NAME_A, b"Mailbox - Alice"),))
    ((conn_user, mailbox),) = [(c.user, li.mailbox_dn) for c in fk.connections() for li in c.logons]
    assert (conn_user, mailbox) == ("alice", ALICE_DN)


def test_configure_msg_service_accepts_the_uid_as_a_guid_string(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    admin = mapi.MAPIAdminProfiles(0)
    admin.CreateProfile("ByString", None, 0, 0)
    svcadmin = admin.AdminServices("ByString", None, 0, 0)
    svcadmin.CreateMsgService("MSEMS", None, 0, 0)
    uid_text = str(exchange_service_uid(svcadmin))
    assert uid_text.startswith("{") and uid_text.endswith("}")
    svcadmin.ConfigureMsgService(uid_text, 0, 0, ((PR_PROFILE_HOME_SERVER, b"EX01"), (PR_PROFILE_USER, ADMIN_DN)))
    assert logon("ByString").QueryIdentity().endswith(ADMIN_DN.encode() + b"\0")


def test_configure_msg_service_with_an_unknown_uid_is_not_found(fk: fakemapi.Fake) -> None:
    m = mods()
    svcadmin = create_alice_profile()
    with pytest.raises(m.pywintypes.com_error) as info:
        svcadmin.ConfigureMsgService(m.pywintypes.IID("{01234567-89AB-CDEF-0123-456789ABCDEF}"), 0, 0, None)
    assert_com_error(info, MAPI_E_NOT_FOUND)


def test_logon_to_an_unconfigured_exchange_profile_is_unconfigured(fk: fakemapi.Fake) -> None:
    m = mods()
    admin = m.mapi.MAPIAdminProfiles(0)
    admin.CreateProfile("Half", None, 0, 0)
    admin.AdminServices("Half", None, 0, 0).CreateMsgService("MSEMS", None, 0, 0)
    with pytest.raises(m.pywintypes.com_error) as info:
        logon("Half")
    assert_com_error(info, MAPI_E_UNCONFIGURED)


def test_logon_to_a_profile_whose_user_is_not_in_the_world_fails(fk: fakemapi.Fake) -> None:
    m = mods()
    admin = m.mapi.MAPIAdminProfiles(0)
    admin.CreateProfile("Ghost", None, 0, 0)
    svcadmin = admin.AdminServices("Ghost", None, 0, 0)
    svcadmin.CreateMsgService("MSEMS", None, 0, 0)
    svcadmin.ConfigureMsgService(exchange_service_uid(svcadmin), 0, 0,
                                 ((PR_PROFILE_HOME_SERVER, "EX01"),
                                  (PR_PROFILE_USER, "/o=Contoso/ou=HQ/cn=Recipients/cn=ghost")))
    with pytest.raises(m.pywintypes.com_error) as info:
        logon("Ghost")
    assert_com_error(info, MAPI_E_LOGON_FAILED)


# =====================================================================================
# profile sections and PR_PROFILE_CONNECT_FLAGS


def connection_summary(fk: fakemapi.Fake) -> list[tuple[bool, list[int]]]:
    return [(c.separate, c.logon_ids) for c in fk.connections()]


def test_stores_share_one_connection_without_the_separate_connection_flag(fk: fakemapi.Fake) -> None:
    session = logon("Admin")
    stores = [open_own_store(session) for _ in range(3)]
    assert connection_summary(fk) == [(False, [0, 1, 2])]
    assert len(stores) == 3


def test_connect_flags_saved_on_the_global_section_give_each_later_store_its_own_connection(
        fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    session = logon("Admin")
    first = open_own_store(session)
    section = global_section(session, mapi.MAPI_MODIFY)
    section.SetProps(((PR_PROFILE_CONNECT_FLAGS, CONNECT_USE_SEPARATE_CONNECTION),))
    # not saved yet: nothing changes
    second = open_own_store(session)
    assert connection_summary(fk) == [(False, [0, 1])]
    section.SaveChanges(0)
    third = open_own_store(session)
    fourth = open_own_store(session)
    assert connection_summary(fk) == [(False, [0, 1]), (True, [0]), (True, [0])]
    assert len({c.connection_id for c in fk.connections()}) == 3
    assert [first, second, third, fourth]  # all still open


def test_connect_flags_set_with_hr_set_one_prop_through_the_admin_path(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    svcadmin = mapi.MAPIAdminProfiles(0).AdminServices("Alice", None, 0, 0)
    section = svcadmin.OpenProfileSection(mods().pywintypes.IID(GLOBAL_SECTION), None, mapi.MAPI_MODIFY)
    assert mapi.HrSetOneProp(section, (PR_PROFILE_CONNECT_FLAGS, CONNECT_USE_SEPARATE_CONNECTION)) is None
    section.SaveChanges(0)
    del section, svcadmin
    session = logon("Alice")
    stores = [open_own_store(session), open_own_store(session)]
    assert connection_summary(fk) == [(True, [0]), (True, [0])]
    assert len(stores) == 2


def test_unsaved_section_changes_are_dropped_with_the_object_and_saved_ones_persist(fk: fakemapi.Fake) -> None:
    # one section object at a time: MAPI lets a section be open for writing by one object only
    mapi = mods().mapi
    session = logon("Admin")
    reader = global_section(session, 0)
    assert mapi.HrGetOneProp(reader, PR_PROFILE_CONNECT_FLAGS) == (PR_PROFILE_CONNECT_FLAGS, 0)
    del reader
    writer = global_section(session, mapi.MAPI_MODIFY)
    writer.SetProps(((PR_PROFILE_CONNECT_FLAGS, CONNECT_USE_SEPARATE_CONNECTION),))
    assert mapi.HrGetOneProp(writer, PR_PROFILE_CONNECT_FLAGS) == (PR_PROFILE_CONNECT_FLAGS, 4)
    del writer  # released without SaveChanges
    assert mapi.HrGetOneProp(global_section(session, 0), PR_PROFILE_CONNECT_FLAGS) == (PR_PROFILE_CONNECT_FLAGS, 0)
    writer = global_section(session, mapi.MAPI_MODIFY)
    writer.SetProps(((PR_PROFILE_CONNECT_FLAGS, CONNECT_USE_SEPARATE_CONNECTION),))
    writer.SaveChanges(0)
    del writer
    assert mapi.HrGetOneProp(global_section(session, 0), PR_PROFILE_CONNECT_FLAGS) == (PR_PROFILE_CONNECT_FLAGS, 4)
    # and through the admin path, for sessions that log on later
    svcadmin = mapi.MAPIAdminProfiles(0).AdminServices("Admin", None, 0, 0)
    assert mapi.HrGetOneProp(svcadmin.OpenProfileSection(GLOBAL_SECTION, None, 0), PR_PROFILE_CONNECT_FLAGS) == (
        PR_PROFILE_CONNECT_FLAGS, 4)


def test_world_profile_with_connect_flags_uses_separate_connections(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    session = logon("AdminSeparate")
    assert mapi.HrGetOneProp(global_section(session, 0), PR_PROFILE_CONNECT_FLAGS) == (
        PR_PROFILE_CONNECT_FLAGS, CONNECT_USE_SEPARATE_CONNECTION)
    stores = [open_own_store(session), open_own_store(session)]
    assert connection_summary(fk) == [(True, [0]), (True, [0])]
    assert len(stores) == 2


def test_section_opened_without_modify_rejects_set_props(fk: fakemapi.Fake) -> None:
    m = mods()
    session = logon("Admin")
    section = global_section(session, 0)
    with pytest.raises(m.pywintypes.com_error) as info:
        section.SetProps(((PR_PROFILE_CONNECT_FLAGS, CONNECT_USE_SEPARATE_CONNECTION),))
    assert_com_error(info, MAPI_E_NO_ACCESS)
    with pytest.raises(m.pywintypes.com_error) as info:
        m.mapi.HrSetOneProp(section, (PR_PROFILE_CONNECT_FLAGS, CONNECT_USE_SEPARATE_CONNECTION))
    assert_com_error(info, MAPI_E_NO_ACCESS)
    section.SaveChanges(0)  # nothing pending: allowed
    assert m.mapi.HrGetOneProp(section, PR_PROFILE_CONNECT_FLAGS) == (PR_PROFILE_CONNECT_FLAGS, 0)
    stores = [open_own_store(session), open_own_store(session)]
    assert connection_summary(fk) == [(False, [0, 1])]
    assert len(stores) == 2


def test_global_section_holds_the_exchange_settings_of_the_profile(fk: fakemapi.Fake) -> None:
    session = logon("Alice")
    section = global_section(session, 0)
    hr, props = section.GetProps((PR_PROFILE_NAME_A, PR_PROFILE_USER, PR_PROFILE_HOME_SERVER), 0)
    assert (hr, props) == (0, ((PR_PROFILE_NAME_A, b"Alice"), (PR_PROFILE_USER, ALICE_DN.encode()),
                               (PR_PROFILE_HOME_SERVER, b"EX01")))


def test_open_profile_section_of_an_unknown_uid_is_not_found_unless_modify(fk: fakemapi.Fake) -> None:
    m = mods()
    session = logon("Admin")
    uid = m.pywintypes.IID("{11111111-2222-3333-4444-555555555555}")
    with pytest.raises(m.pywintypes.com_error) as info:
        session.OpenProfileSection(uid, None, 0)
    assert_com_error(info, MAPI_E_NOT_FOUND)
    created = session.OpenProfileSection(uid, None, m.mapi.MAPI_MODIFY)
    created.SetProps(((PR_PROFILE_CONNECT_FLAGS, 1),))
    created.SaveChanges(0)
    assert m.mapi.HrGetOneProp(session.OpenProfileSection(uid, None, 0), PR_PROFILE_CONNECT_FLAGS) == (
        PR_PROFILE_CONNECT_FLAGS, 1)


def test_open_profile_section_takes_the_uid_as_a_string_too(fk: fakemapi.Fake) -> None:
    session = logon("AdminSeparate")
    section = session.OpenProfileSection(GLOBAL_SECTION, None, 0)
    assert mods().mapi.HrGetOneProp(section, PR_PROFILE_CONNECT_FLAGS) == (PR_PROFILE_CONNECT_FLAGS, 4)


def test_open_profile_section_with_a_non_iid_is_a_type_error(fk: fakemapi.Fake) -> None:
    session = logon("Admin")
    with pytest.raises(TypeError):
        session.OpenProfileSection(b"\x13\xdb\xb0\xc8" + b"\0" * 12, None, 0)


# =====================================================================================
# HrGetOneProp / HrSetOneProp


def test_hr_get_one_prop_of_a_missing_prop_raises_not_found(fk: fakemapi.Fake) -> None:
    m = mods()
    admin = m.mapi.MAPIAdminProfiles(0)
    admin.CreateProfile("Bare", None, 0, 0)
    section = admin.AdminServices("Bare", None, 0, 0).OpenProfileSection(GLOBAL_SECTION, None, 0)
    with pytest.raises(m.pywintypes.com_error) as info:
        m.mapi.HrGetOneProp(section, PR_PROFILE_CONNECT_FLAGS)
    assert_com_error(info, MAPI_E_NOT_FOUND)
    # GetProps reports the same as a PT_ERROR value instead
    assert section.GetProps((PR_PROFILE_CONNECT_FLAGS,), 0) == (
        MAPI_W_ERRORS_RETURNED, ((0x6604000A, MAPI_E_NOT_FOUND),))


def test_hr_get_one_prop_returns_the_tag_value_pair(fk: fakemapi.Fake) -> None:
    session = logon("Alice")
    section = global_section(session, 0)
    assert mods().mapi.HrGetOneProp(section, PR_PROFILE_HOME_SERVER) == (PR_PROFILE_HOME_SERVER, b"EX01")


def test_hr_set_one_prop_then_save_changes_persists(fk: fakemapi.Fake) -> None:
    mapi = mods().mapi
    session = logon("Alice")
    section = global_section(session, mapi.MAPI_MODIFY)
    assert mapi.HrSetOneProp(section, (PR_PROFILE_CONNECT_FLAGS, 0x14)) is None
    section.SaveChanges(0)
    assert mapi.HrGetOneProp(global_section(logon("Alice"), 0), PR_PROFILE_CONNECT_FLAGS) == (
        PR_PROFILE_CONNECT_FLAGS, 0x14)


def test_hr_get_and_set_one_prop_need_a_mapi_prop_object(fk: fakemapi.Fake) -> None:
    """mapi.i:1126 / :1179: PyCom_InterfaceFromPyObject(ob, IID_IMAPIProp): a COM object that is
    not an IMAPIProp fails its QueryInterface (com_error E_NOINTERFACE, PyComHelpers.cpp:362);
    a non-COM object is a ValueError (PyComHelpers.cpp:351)."""
    m = mods()
    session = logon("Admin")
    with pytest.raises(m.pywintypes.com_error) as err:
        m.mapi.HrGetOneProp(session, PR_DISPLAY_NAME_A)
    assert err.value.hresult == -2147467262
    with pytest.raises(m.pywintypes.com_error) as err:
        m.mapi.HrSetOneProp(session.GetMsgStoresTable(0), (PR_PROFILE_CONNECT_FLAGS, 4))
    assert err.value.hresult == -2147467262
    with pytest.raises(ValueError, match=r"^argument is not a COM object \(got type=str\)$"):
        m.mapi.HrGetOneProp("session", PR_DISPLAY_NAME_A)
