"""PyIAddrBook and PyIMailUser."""

from __future__ import annotations

from typing import Any

from fakemapi import tags as t
from fakemapi.client.propobject import PropObject
from fakemapi.client.session import Session
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import _last_error, _unicode
from fakemapi.dropin.interfaces.folder import PyIMAPIContainer
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.table import PyIMAPITable
from fakemapi.dropin.shapes import rows_out
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
    def GetContentsTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user has no contents table")

    @api
    def GetHierarchyTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user has no hierarchy table")

    @api
    def OpenEntry(self, entryId: bytes | None, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user contains no entries")


class PyIAddrBook(PyIMAPIProp):
    __slots__ = ()

    def _make_view(self) -> PropObject:
        return PropObject({}, writable=False)

    @api
    def OpenEntry(self, entryId: bytes | None, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        eid = entryId
        session: Session = self._h.data
        if eid is None:
            raise fail("MAPI_E_NO_SUPPORT", detail="fakemapi has no address-book root container yet")
        return wrap(PyIMailUser, session.process, "mailuser", session, None, session.mailuser_bag(eid))

    @api
    def CompareEntryIDs(self, entryId: bytes, entryId2: bytes, flags: int, /) -> int:  # noqa: N802,N803
        session: Session = self._h.data
        return int(session.same_object(entryId, entryId2))

    @api
    def ResolveName(self, uiParm: int, flags: int, entryTitle: str | None,  # noqa: N802,N803
                    adrList: list[list[tuple[int, Any]]], /) -> tuple[Any, ...]:  # noqa: N803
        value, rows = flags, adrList
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
    def GetLastError(self, hr: int, flags: int, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


