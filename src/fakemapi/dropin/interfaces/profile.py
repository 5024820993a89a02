"""PyIProfAdmin, PyIMsgServiceAdmin and PyIProfSect."""

from __future__ import annotations

import uuid
from typing import Any

from fakemapi import tags as t
from fakemapi.client.process import ClientProcess
from fakemapi.client.profiles import KNOWN_SERVICES, Profile
from fakemapi.client.propobject import PropObject
from fakemapi.client.session import Session
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import MAPI_MODIFY, _last_error, _opt_iid, _unicode
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.table import PyIMAPITable, _table
from fakemapi.dropin.pytypes import as_uuid
from fakemapi.dropin.shapes import (
    as_int,
    as_props,
    as_text,
    as_ulong,
)
from fakemapi.hresult import fail
from fakemapi.props import Bag, make_bag


# =========================================================================================
class PyIProfSect(PyIMAPIProp):
    __slots__ = ()


def _profile_section(process: ClientProcess, session: Session | None, profile: Profile, uid: uuid.UUID,
                     flags: int) -> PyIProfSect:
    bag = profile.section(uid, create=bool(flags & MAPI_MODIFY))
    handle_data = PropObject(bag, writable=bool(flags & MAPI_MODIFY))
    obj = wrap(PyIProfSect, process, "profsect", session, None, bag)
    obj._h.props = handle_data
    return obj  # type: ignore[return-value]


class PyIMsgServiceAdmin(PyIUnknown):
    __slots__ = ()

    @property
    def _profile(self) -> Profile:
        return self._h.data  # type: ignore[no-any-return]

    def _service(self, uid: Any) -> uuid.UUID:
        value = as_uuid(uid, "uuid")
        if value not in self._profile.services:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no message service {{{str(value).upper()}}} in this profile")
        return value

    @api
    def CreateMsgService(self, serviceName: Any, displayName: Any, uiParam: Any = 0, flags: Any = 0, /) -> None:  # noqa: N802,N803
        name = as_text(serviceName, "serviceName") or ""
        display = as_text(displayName, "displayName", none_ok=True)
        as_int(uiParam, "uiParam")
        as_ulong(flags, "flags")
        if name.upper() not in KNOWN_SERVICES:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no message service {name!r} in MAPISVC.INF "
                                                  f"(known: {', '.join(KNOWN_SERVICES)})")
        self._profile.add_service(name.upper(), display)
        return None

    @api
    def ConfigureMsgService(self, iid: Any, ulUIParam: Any, ulFlags: Any, props: Any, /) -> None:  # noqa: N802,N803
        uid = self._service(iid)
        as_int(ulUIParam, "ulUIParam")
        as_ulong(ulFlags, "ulFlags")
        pairs = [] if props is None else as_props(props)
        self._profile.section(uid).update(make_bag(pairs))
        return None

    @api
    def GetMsgServiceTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        flags = as_ulong(flags, "flags")
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
    def DeleteMsgService(self, uuid_: Any, /) -> None:  # noqa: N802
        uid = self._service(uuid_)
        del self._profile.services[uid]
        self._profile.sections.pop(uid, None)
        return None

    @api
    def RenameMsgService(self, uuid_: Any, flags: Any, newName: Any, /) -> None:  # noqa: N802,N803
        uid = self._service(uuid_)
        as_ulong(flags, "flags")
        self._profile.services[uid].display_name = as_text(newName, "newName") or ""
        return None

    @api
    def OpenProfileSection(self, uuid_: Any, iid: Any, flags: Any, /) -> PyIProfSect:  # noqa: N802
        uid = as_uuid(uuid_, "uuid")
        _opt_iid(iid)
        flags = as_ulong(flags, "flags")
        h = self._h
        return _profile_section(h.process, h.session, self._profile, uid, flags)

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


class PyIProfAdmin(PyIUnknown):
    __slots__ = ()

    def _store(self) -> Any:
        return self._h.process.runtime.profiles

    @api
    def GetProfileTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        flags = as_ulong(flags, "flags")
        store = self._store()
        text = t.PR_DISPLAY_NAME if _unicode(flags) else (t.PR_DISPLAY_NAME & 0xFFFF0000) | t.PT_STRING8
        h = self._h
        return _table(h.process, "table", None, None,
                      Table(store.rows, [text, t.PR_DEFAULT_PROFILE], _unicode(flags)))

    @api
    def CreateProfile(self, oldProfileName: Any, Password: Any, uiParam: Any = 0, flags: Any = 0, /) -> None:  # noqa: N802,N803
        name = as_text(oldProfileName, "profileName") or ""
        as_text(Password, "password", none_ok=True)
        as_int(uiParam, "uiParam")
        as_ulong(flags, "flags")
        self._store().create(name)
        return None

    @api
    def DeleteProfile(self, oldProfileName: Any, flags: Any = 0, /) -> None:  # noqa: N802,N803
        self._store().delete(as_text(oldProfileName, "profileName") or "")
        as_ulong(flags, "flags")
        return None

    @api
    def SetDefaultProfile(self, profileName: Any, flags: Any = 0, /) -> None:  # noqa: N802,N803
        self._store().set_default(as_text(profileName, "profileName", none_ok=True))
        as_ulong(flags, "flags")
        return None

    @api
    def AdminServices(self, profileName: Any, Password: Any = None, uiParam: Any = 0, flags: Any = 0, /) -> PyIMsgServiceAdmin:  # noqa: N802,N803,E501
        name = as_text(profileName, "profileName") or ""
        as_text(Password, "password", none_ok=True)
        as_int(uiParam, "uiParam")
        as_ulong(flags, "flags")
        profile = self._store().get(name)
        if profile is None:
            # IProfAdmin::AdminServices documents MAPI_E_LOGON_FAILED for a profile that does not exist
            raise fail("MAPI_E_LOGON_FAILED", component="MAPI", detail=f"no profile named {name!r}")
        h = self._h
        return wrap(PyIMsgServiceAdmin, h.process, "msgserviceadmin", None, None, profile)  # type: ignore[return-value]

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return None


