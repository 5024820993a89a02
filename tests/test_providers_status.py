"""Profiles and providers (IProfAdmin CopyProfile / RenameProfile / ChangeProfilePassword,
IMsgServiceAdmin GetProviderTable / AdminProviders, PyIProviderAdmin, PyIMsgServiceAdmin2
CreateMsgServiceEx) and status objects (PyIMAPIStatus through session.OpenEntry on a status
row's entry id). Shapes from pywin32 com/win32comext/mapi/src/PyIProfAdmin.i,
PyIMsgServiceAdmin.i, PyIProviderAdmin.i, PyIMsgServiceAdmin2.i, PyIMAPIStatus.i."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_contents_kit import WORLD, pw, raises

import fakemapi

MAPI_E_NOT_FOUND = -2147221233
MAPI_E_NO_ACCESS = -2147024891
MAPI_E_NO_SUPPORT = -2147221246
PR_DISPLAY_NAME_W = 0x3001001F
PR_ENTRYID = 0x0FFF0102
PR_RESOURCE_TYPE = 0x3E030003
PR_PROVIDER_DLL_NAME_W = 0x300A001F
PR_PROVIDER_UID = 0x300C0102
PR_SERVICE_NAME_W = 0x3D09001F
PR_OBJECT_TYPE = 0x0FFE0003
PR_RESOURCE_METHODS = 0x3E020003
MAPI_UNICODE = -0x80000000  # as pywin32 has it: flags parse with "l" (a 32-bit C long)
MAPI_STORE_PROVIDER, MAPI_AB_PROVIDER, MAPI_TRANSPORT_PROVIDER, MAPI_SUBSYSTEM = 33, 35, 36, 39
MAPI_AB, MAPI_SPOOLER = 34, 37  # MAPIDefS.h


@pytest.fixture(name="fk")
def _installed() -> Iterator[fakemapi.Fake]:
    fake = fakemapi.install(WORLD)
    pw().mapi.MAPIInitialize(None)
    try:
        yield fake
    finally:
        fakemapi.uninstall()


def _names(admin):
    rows = pw().mapi.HrQueryAllRows(admin.GetProfileTable(MAPI_UNICODE), (PR_DISPLAY_NAME_W,), None, None, 0)
    return [row[0][1] for row in rows]


def _service_uid(services):
    rows = pw().mapi.HrQueryAllRows(services.GetMsgServiceTable(0), (0x3D0C0102,), None, None, 0)
    return pw().mapi.MAPIUIDFromBinary(rows[0][0][1])


def test_copy_profile_makes_a_profile_that_logs_on_as_the_same_mailbox(fk):
    m = pw().mapi
    admin = m.MAPIAdminProfiles(0)
    assert admin.CopyProfile("Alice", None, "Alice copy") is None
    assert "Alice copy" in _names(admin)
    session = m.MAPILogonEx(0, "Alice copy", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)
    original = m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)
    assert session.QueryIdentity() == original.QueryIdentity()
    # IProfAdmin::CopyProfile: an existing new name is MAPI_E_ACCESS_DENIED (E_ACCESSDENIED), an
    # unknown profile MAPI_E_NOT_FOUND
    raises(MAPI_E_NO_ACCESS, admin.CopyProfile, "Alice", None, "Bob")
    raises(MAPI_E_NOT_FOUND, admin.CopyProfile, "Nobody", None, "X")


def test_rename_profile_moves_the_name_and_keeps_the_default(fk):
    m = pw().mapi
    admin = m.MAPIAdminProfiles(0)
    admin.RenameProfile("Admin", None, "Administrator")
    names = _names(admin)
    assert "Admin" not in names and "Administrator" in names
    session = m.MAPILogonEx(0, "", None, m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT | m.MAPI_NEW_SESSION)
    assert session is not None
    raises(MAPI_E_NOT_FOUND, admin.RenameProfile, "Admin", None, "Again")
    with pytest.raises(TypeError):
        admin.RenameProfile(None, None, "x")  # PyWinObject_AsMAPIStr(..., FALSE): no None


def test_change_profile_password_is_accepted_and_does_nothing(fk):
    """IProfAdmin::ChangeProfilePassword is deprecated: S_OK, no action."""
    admin = pw().mapi.MAPIAdminProfiles(0)
    assert admin.ChangeProfilePassword("Alice", None, "secret", 0) is None
    assert "Alice" in _names(admin)


def test_an_exchange_service_has_directory_store_and_transport_providers(fk):
    """KB 294470's MAPISVC.INF: MSEMS has EMS_DSA, EMS_MDB_public, EMS_MDB_private, EMS_MSX, ..."""
    m = pw().mapi
    services = m.MAPIAdminProfiles(0).AdminServices("Alice", None, 0, 0)
    table = services.GetProviderTable(MAPI_UNICODE)
    rows = m.HrQueryAllRows(table, (PR_DISPLAY_NAME_W, PR_RESOURCE_TYPE, PR_PROVIDER_DLL_NAME_W, PR_SERVICE_NAME_W),
                            None, None, 0)
    assert [tuple(v for _, v in row) for row in rows] == [
        ("Microsoft Exchange Directory Service", MAPI_AB_PROVIDER, "EMSABP.DLL", "MSEMS"),
        ("Public Folders", MAPI_STORE_PROVIDER, "EMSMDB.DLL", "MSEMS"),
        ("Private Folders", MAPI_STORE_PROVIDER, "EMSMDB.DLL", "MSEMS"),
        ("Microsoft Exchange Transport", MAPI_TRANSPORT_PROVIDER, "EMSMDB.DLL", "MSEMS"),
    ]


def test_admin_providers_creates_opens_and_deletes_a_provider(fk):
    m = pw().mapi
    services = m.MAPIAdminProfiles(0).AdminServices("Alice", None, 0, 0)
    providers = services.AdminProviders(_service_uid(services), 0)
    assert type(providers).__name__ == "PyIProviderAdmin"
    before = providers.GetProviderTable(0).GetRowCount(0)
    uid = providers.CreateProvider("EMS_MDB_public", 0, None, 0, 0)
    assert providers.GetProviderTable(0).GetRowCount(0) == before + 1
    section = providers.OpenProfileSection(uid, None, 0)
    assert m.MAPIUIDFromBinary(section.GetProps((PR_PROVIDER_UID,), 0)[1][0][1]) == uid
    providers.DeleteProvider(uid)
    assert providers.GetProviderTable(0).GetRowCount(0) == before
    raises(MAPI_E_NOT_FOUND, providers.DeleteProvider, uid)
    with pytest.raises(TypeError, match="argument 1 must be str"):
        providers.CreateProvider(b"EMS_MSX", 0, None, 0, 0)  # "s"
    with pytest.raises(SystemError):  # pywin32 returns NULL without an exception (PyIProviderAdmin.i:116)
        providers.CreateProvider("NO_SUCH_SECTION", 0, None, 0, 0)


def test_create_msg_service_ex_through_imsgserviceadmin2_returns_the_new_uid(fk):
    m = pw().mapi
    services = m.MAPIAdminProfiles(0).AdminServices("Alice", None, 0, 0)
    admin2 = services.QueryInterface(m.IID_IMsgServiceAdmin2)
    assert type(admin2).__name__ == "PyIMsgServiceAdmin2"
    uid = admin2.CreateMsgServiceEx("CONTAB", None)
    rows = m.HrQueryAllRows(admin2.GetMsgServiceTable(0), (0x3D0C0102, PR_SERVICE_NAME_W), None, None, 0)
    assert (m.MAPIUIDFromBinary(rows[-1][0][1]), rows[-1][1][1]) == (uid, "CONTAB")
    raises(MAPI_E_NOT_FOUND, admin2.CreateMsgServiceEx, "NOPE", None)


def test_status_rows_open_as_status_objects_that_answer_per_resource(fk):
    m = pw().mapi
    session = m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)
    rows = m.HrQueryAllRows(session.GetStatusTable(0), (PR_ENTRYID, PR_RESOURCE_TYPE, PR_OBJECT_TYPE), None, None, 0)
    by_type = {row[1][1]: row[0][1] for row in rows}
    assert {row[2][1] for row in rows} == {m.MAPI_STATUS}
    # IMAPISession::GetStatusTable, Remarks: subsystem, spooler, address book, one per provider
    assert set(by_type) == {MAPI_SUBSYSTEM, MAPI_SPOOLER, MAPI_AB, MAPI_STORE_PROVIDER, MAPI_AB_PROVIDER,
                            MAPI_TRANSPORT_PROVIDER}
    subsystem = session.OpenEntry(by_type[MAPI_SUBSYSTEM], None, 0)
    assert type(subsystem).__name__ == "PyIMAPIStatus"
    assert subsystem.ValidateState(0, 0) is None
    raises(MAPI_E_NO_SUPPORT, subsystem.SettingsDialog, 0, 0)
    raises(MAPI_E_NO_SUPPORT, subsystem.FlushQueues, 0, None, 0)
    transport = session.OpenEntry(by_type[MAPI_TRANSPORT_PROVIDER], None, 0)
    assert transport.FlushQueues(0, None, 0) is None
    raises(MAPI_E_NO_SUPPORT, transport.ChangePassword, "old", "new", 0)
    assert transport.GetProps((PR_DISPLAY_NAME_W,), 0) == (0, ((PR_DISPLAY_NAME_W, "Microsoft Exchange Transport"),))
    with pytest.raises(TypeError):
        transport.FlushQueues(0, 42, 0)  # "z#"
