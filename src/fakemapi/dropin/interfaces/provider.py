"""PyIProviderAdmin: the providers of one message service (IMsgServiceAdmin::AdminProviders)."""

from __future__ import annotations

import uuid
from typing import Any

from fakemapi import tags as t
from fakemapi.client.profiles import PROVIDERS, Profile, Service
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api
from fakemapi.dropin.interfaces.common import _last_error, _unicode
from fakemapi.dropin.interfaces.table import PyIMAPITable, _table
from fakemapi.dropin.pytypes import IID
from fakemapi.hresult import fail

#: the provider table's columns ("Provider Tables", MAPI reference)
PROVIDER_COLUMNS = [t.PR_INSTANCE_KEY, t.PR_SERVICE_UID, t.tag("PR_PROVIDER_UID"), t.PR_RESOURCE_TYPE,
                    t.PR_DISPLAY_NAME, t.PR_PROVIDER_DISPLAY, t.tag("PR_PROVIDER_DLL_NAME"), t.PR_RESOURCE_FLAGS,
                    t.tag("PR_PROVIDER_ORDINAL"), t.PR_SERVICE_NAME]


def provider_table(owner: PyIUnknown, profile: Profile, service: Service | None, flags: int) -> PyIMAPITable:
    h = owner._h
    return _table(h.process, "table", h.session, None,
                  Table(lambda: profile.provider_rows(service), PROVIDER_COLUMNS, _unicode(flags)))


class PyIProviderAdmin(PyIUnknown):
    """pywin32's PyIProviderAdmin (PyIProviderAdmin.i): GetLastError, GetProviderTable,
    CreateProvider, DeleteProvider, OpenProfileSection."""

    __slots__ = ()
    _iid_name = "IID_IProviderAdmin"

    @property
    def _pair(self) -> tuple[Profile, Service]:
        return self._h.data  # type: ignore[no-any-return]

    @api
    def GetLastError(self, hr: int, flags: int, /) -> Any:  # noqa: N802
        """PyIProviderAdmin.i:43, "l|l"."""
        return _last_error(self._h.session, hr)

    @api
    def GetProviderTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        """PyIProviderAdmin.i:65, (unsigned long ulFlags): this service's providers."""
        profile, service = self._pair
        return provider_table(self, profile, service, flags)

    @api
    def CreateProvider(self, name: str, cValues: int, props: list[tuple[int, Any]] | None,  # noqa: N802,N803
                       uiParam: int, flags: int, /) -> IID:  # noqa: N803
        """PyIProviderAdmin.i:95, "slOll": the provider section's name (a str: "s"), a count
        pywin32 ignores, properties or None; returns the new provider's MAPIUID."""
        pairs = props or []
        profile, service = self._pair
        known = {entry[0].lower(): entry for entries in PROVIDERS.values() for entry in entries}
        entry = known.get(name.lower())
        if entry is None:
            # MAPI finds no such provider section in MAPISVC.INF (MAPI_E_NOT_FOUND, inferred); pywin32
            # then returns NULL without setting an exception (PyIProviderAdmin.i:116), which Python
            # reports as SystemError
            raise SystemError(f"<built-in method CreateProvider of PyIProviderAdmin object> returned NULL "
                              f"without setting an exception (fakemapi: no provider section {name!r} in "
                              f"MAPISVC.INF, MAPI_E_NOT_FOUND)")
        provider = profile.add_provider(service, *entry)
        if pairs:
            profile.sections[provider.uid].update({tag >> 16: (tag, value) for tag, value in pairs})
        return IID(provider.uid.bytes_le, True)

    @api
    def DeleteProvider(self, uid: uuid.UUID, /) -> None:  # noqa: N802
        """PyIProviderAdmin.i:71, (MAPIUID *INPUT)."""
        profile, service = self._pair
        for provider in service.providers:
            if provider.uid == uid:
                service.providers.remove(provider)
                profile.sections.pop(uid, None)
                return None
        raise fail("MAPI_E_NOT_FOUND", detail=f"no provider {{{str(uid).upper()}}} in this service")

    @api
    def OpenProfileSection(self, uid: uuid.UUID, iid: uuid.UUID | None, flags: int, /) -> PyIUnknown:  # noqa: N802
        """PyIProviderAdmin.i:76, (MAPIUID *INPUT, IID *INPUT_NULLOK, unsigned long ulFlags)."""
        from fakemapi.dropin.interfaces.profsect import _profile_section

        profile, _ = self._pair
        h = self._h
        return _profile_section(h.process, h.session, profile, uid, flags)
