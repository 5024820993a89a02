"""PyIAddrBook and PyIMailUser."""

from __future__ import annotations

from typing import Any

from fakemapi import tags as t
from fakemapi.client.propobject import PropObject
from fakemapi.client.session import Session
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import _chars, _last_error, _opt_iid, _unicode
from fakemapi.dropin.interfaces.folder import PyIMAPIContainer
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.table import PyIMAPITable
from fakemapi.dropin.shapes import (
    as_adrlist,
    as_entryid,
    as_int,
    as_text,
    as_ulong,
    rows_out,
)
from fakemapi.hresult import fail
from fakemapi.props import make_bag, read


# =========================================================================================
class PyIMailUser(PyIMAPIContainer):
    """pywin32 derives PyIMailUser from PyIMAPIContainer; a mail user has no contents or
    hierarchy, so those methods answer MAPI_E_NO_SUPPORT as a messaging user does."""

    __slots__ = ()

    def _make_view(self) -> PropObject:
        return PropObject(self._h.data, writable=False)

    def _commit(self, view: PropObject, flags: int) -> None:
        view.save()

    @api
    def GetContentsTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        as_ulong(flags, "flags")
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user has no contents table")

    @api
    def GetHierarchyTable(self, flags: Any, /) -> PyIMAPITable:  # noqa: N802
        as_ulong(flags, "flags")
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user has no hierarchy table")

    @api
    def OpenEntry(self, entryId: Any, iid: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802,N803
        as_entryid(entryId)
        _opt_iid(iid)
        as_ulong(flags, "flags")
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user contains no entries")


class PyIAddrBook(PyIMAPIProp):
    __slots__ = ()

    def _make_view(self) -> PropObject:
        return PropObject({}, writable=False)

    @api
    def OpenEntry(self, entryId: Any, iid: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802,N803
        eid = as_entryid(entryId)
        _opt_iid(iid)
        as_ulong(flags, "flags")
        session: Session = self._h.data
        if eid is None:
            raise fail("MAPI_E_NO_SUPPORT", detail="fakemapi has no address-book root container yet")
        return wrap(PyIMailUser, session.process, "mailuser", session, None, session.mailuser_bag(eid))

    @api
    def CompareEntryIDs(self, entryId: Any, entryId2: Any, flags: Any = 0, /) -> int:  # noqa: N802,N803
        session: Session = self._h.data
        as_ulong(flags, "flags")
        return int(session.same_object(_chars(entryId), _chars(entryId2)))

    @api
    def ResolveName(self, uiParm: Any, flags: Any, entryTitle: Any, adrList: Any, /) -> tuple[Any, ...]:  # noqa: N802,N803
        as_int(uiParm, "uiParm")
        value = as_ulong(flags, "flags")
        as_text(entryTitle, "entryTitle", none_ok=True)
        rows = as_adrlist(adrList)
        session: Session = self._h.data
        out = []
        for row in rows:
            bag = make_bag(row)
            if t.PR_ENTRYID >> 16 in bag:
                out.append(row)  # already resolved
                continue
            name = bag.get(t.PR_DISPLAY_NAME >> 16)
            if name is None:
                raise fail("MAPI_E_INVALID_PARAMETER", detail="an unresolved ADRLIST row needs PR_DISPLAY_NAME")
            resolved = dict(bag)
            resolved.update(session.resolve(str(name[1])))
            out.append(read(resolved, None, _unicode(value))[1])
        return rows_out(out)

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


