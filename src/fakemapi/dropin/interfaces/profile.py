"""PyIProfAdmin, PyIMsgServiceAdmin and PyIProfSect."""

from __future__ import annotations

import uuid
from typing import Any

from fakemapi import tags as t
from fakemapi.client.profiles import KNOWN_SERVICES, Profile
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import _last_error, _unicode
from fakemapi.dropin.interfaces.profsect import PyIProfSect, _profile_section
from fakemapi.dropin.interfaces.provider import PyIProviderAdmin, provider_table
from fakemapi.dropin.interfaces.table import PyIMAPITable, _table
from fakemapi.dropin.pytypes import IID
from fakemapi.hresult import fail
from fakemapi.props import Bag, make_bag


# =========================================================================================
class PyIMsgServiceAdmin(PyIUnknown):
    __slots__ = ()

    @property
    def _profile(self) -> Profile:
        return self._h.data  # type: ignore[no-any-return]

    def _service(self, value: uuid.UUID) -> uuid.UUID:
        if value not in self._profile.services:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no message service {{{str(value).upper()}}} in this profile")
        return value

    @api
    def CreateMsgService(self, serviceName: str, displayName: str | None, uiParam: int, flags: int, /) -> None:  # noqa: N802,N803
        name, display = serviceName, displayName
        if name.upper() not in KNOWN_SERVICES:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no message service {name!r} in MAPISVC.INF "
                                                  f"(known: {', '.join(KNOWN_SERVICES)})")
        self._profile.add_service(name.upper(), display)
        return None

    @api
    def ConfigureMsgService(self, iid: uuid.UUID, ulUIParam: int, ulFlags: int,  # noqa: N802,N803
                            props: list[tuple[int, Any]] | None, /) -> None:
        uid = self._service(iid)
        pairs = props or []
        self._profile.section(uid).update(make_bag(pairs))
        return None

    @api
    def GetMsgServiceTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        profile = self._profile

        def rows() -> list[Bag]:
            return [make_bag([(t.PR_SERVICE_UID, s.uid.bytes_le), (t.PR_SERVICE_NAME, s.name),
                              (t.PR_DISPLAY_NAME, s.display_name), (t.PR_RESOURCE_FLAGS, 0),
                              (t.PR_INSTANCE_KEY, i.to_bytes(4, "little"))])
                    for i, s in enumerate(profile.services.values(), 1)]

        columns = [t.PR_SERVICE_UID, t.PR_SERVICE_NAME, t.PR_DISPLAY_NAME, t.PR_RESOURCE_FLAGS,
                   t.PR_INSTANCE_KEY]
        h = self._h
        return _table(h.process, "table", h.session, None, Table(rows, columns, _unicode(flags)))

    @api
    def DeleteMsgService(self, uuid_: uuid.UUID, /) -> None:  # noqa: N802
        uid = self._service(uuid_)
        del self._profile.services[uid]
        self._profile.sections.pop(uid, None)
        return None

    @api
    def RenameMsgService(self, uuid_: uuid.UUID, flags: int, newName: str, /) -> None:  # noqa: N802,N803
        uid = self._service(uuid_)
        self._profile.services[uid].display_name = newName
        return None

    @api
    def OpenProfileSection(self, uuid_: uuid.UUID, iid: Any, flags: int, /) -> PyIProfSect:  # noqa: N802
        h = self._h
        return _profile_section(h.process, h.session, self._profile, uuid_, flags)

    @api
    def GetLastError(self, hr: int, flags: int, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)

    @api
    def GetProviderTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        """PyIMsgServiceAdmin.i:160, (unsigned long ulFlags): the providers of every service."""
        return provider_table(self, self._profile, None, flags)

    @api
    def AdminProviders(self, uuid_: uuid.UUID, flags: int, /) -> PyIProviderAdmin:  # noqa: N802
        """PyIMsgServiceAdmin.i:188, (MAPIUID *INPUT, unsigned long ulFlags)."""
        uid = self._service(uuid_)
        h = self._h
        pair = (self._profile, self._profile.services[uid])
        return wrap(PyIProviderAdmin, h.process, "provideradmin", h.session, None, pair)  # type: ignore[return-value]


class PyIMsgServiceAdmin2(PyIMsgServiceAdmin):
    """PyIMsgServiceAdmin2 derives from PyIMsgServiceAdmin (PyIMsgServiceAdmin2.i:17) and adds
    CreateMsgServiceEx; QueryInterface(IID_IMsgServiceAdmin2) on a service admin gives it."""

    __slots__ = ()
    _iid_name = "IID_IMsgServiceAdmin2"

    @api
    def CreateMsgServiceEx(self, serviceName: str, displayName: str | None, uiParam: int, flags: int, /) -> IID:  # noqa: N802,N803,E501
        """PyIMsgServiceAdmin2.i:52, "OO|ll": names through PyWinObject_AsMAPIStr (displayName
        may be None); returns the new service's MAPIUID as a PyIID."""
        name, display = serviceName, displayName
        if name.upper() not in KNOWN_SERVICES:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no message service {name!r} in MAPISVC.INF "
                                                  f"(known: {', '.join(KNOWN_SERVICES)})")
        service = self._profile.add_service(name.upper(), display)
        return IID(service.uid.bytes_le, True)


class PyIProfAdmin(PyIUnknown):
    __slots__ = ()

    def _store(self) -> Any:
        return self._h.process.runtime.profiles

    @api
    def GetProfileTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        store = self._store()
        text = t.PR_DISPLAY_NAME if _unicode(flags) else (t.PR_DISPLAY_NAME & 0xFFFF0000) | t.PT_STRING8
        h = self._h
        return _table(h.process, "table", None, None,
                      Table(store.rows, [text, t.PR_DEFAULT_PROFILE], _unicode(flags)))

    @api
    def CreateProfile(self, oldProfileName: str, Password: str | None, uiParam: int, flags: int, /) -> None:  # noqa: N802,N803
        self._store().create(oldProfileName)
        return None

    @api
    def DeleteProfile(self, oldProfileName: str, flags: int, /) -> None:  # noqa: N802,N803
        self._store().delete(oldProfileName)
        return None

    @api
    def CopyProfile(self, oldProfileName: str, Password: str | None, newProfileName: str, uiParam: int,  # noqa: N802,N803
                    flags: int, /) -> None:
        """PyIProfAdmin.i:177, "OOO|ll"; IProfAdmin::CopyProfile's documented returns."""
        self._store().copy(oldProfileName, newProfileName)
        return None

    @api
    def RenameProfile(self, oldProfileName: str, Password: str | None, newProfileName: str, uiParam: int,  # noqa: N802,N803
                      flags: int, /) -> None:
        """PyIProfAdmin.i:229, "OOO|ll"."""
        self._store().rename(oldProfileName, newProfileName)
        return None

    @api
    def ChangeProfilePassword(self, profileName: str, oldPassword: str | None, newPassword: str | None,  # noqa: N802,N803
                              flags: int, /) -> None:
        """PyIProfAdmin.i:151 (TCHAR*, TCHAR* or None, TCHAR* or None, unsigned long). Deprecated:
        S_OK and nothing changes, as IProfAdmin::ChangeProfilePassword documents."""
        return None

    @api
    def SetDefaultProfile(self, profileName: str | None, flags: int, /) -> None:  # noqa: N802,N803
        self._store().set_default(profileName)
        return None

    @api
    def AdminServices(self, profileName: str, Password: str | None, uiParam: int, flags: int, /) -> PyIMsgServiceAdmin:  # noqa: N802,N803,E501
        name = profileName
        profile = self._store().get(name)
        if profile is None:
            # IProfAdmin::AdminServices documents MAPI_E_LOGON_FAILED for a profile that does not exist
            raise fail("MAPI_E_LOGON_FAILED", component="MAPI", detail=f"no profile named {name!r}")
        h = self._h
        return wrap(PyIMsgServiceAdmin, h.process, "msgserviceadmin", None, None, profile)  # type: ignore[return-value]

    @api
    def GetLastError(self, hr: int, flags: int, /) -> Any:  # noqa: N802
        return None


