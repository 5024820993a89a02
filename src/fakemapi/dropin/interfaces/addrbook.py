"""PyIAddrBook, PyIABContainer, PyIMailUser and PyIDistList (pywin32 derives the last three
from PyIMAPIContainer: PyIABContainer.i:17, PyIMailUser.i:17, PyIDistList.i:17)."""

from __future__ import annotations

from typing import Any

from fakemapi import tags as t
from fakemapi.client import addressbook as ab
from fakemapi.client.propobject import PropObject
from fakemapi.client.session import Session
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import _last_error, _unicode
from fakemapi.dropin.interfaces.folder import PyIMAPIContainer
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.table import PyIMAPITable, _table
from fakemapi.dropin.shapes import (
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
    def GetContentsTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user has no contents table")

    @api
    def GetHierarchyTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user has no hierarchy table")

    @api
    def OpenEntry(self, entryId: bytes | None, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        raise fail("MAPI_E_NO_SUPPORT", detail="a mail user contains no entries")


def open_ab_entry(session: Session, eid: bytes | None) -> PyIUnknown:
    """An address-book object by entry id (None: the root container), wrapped as pywin32 wraps
    its object type (PyMAPIObject_FromTypedUnknown)."""
    world = session.process.runtime.world
    target: Any
    kind, target = ("container", ab.ROOT) if eid is None else ab.lookup(world, eid)
    if kind == "container":
        return wrap(PyIABContainer, session.process, "abcontainer", session, None, target)
    if kind == "distlist":
        return wrap(PyIDistList, session.process, "distlist", session, None, target)
    return wrap(PyIMailUser, session.process, "mailuser", session, None, ab.mailuser_bag(target))


class _ABTableOwner(PyIMAPIContainer):
    __slots__ = ()

    def _rows_table(self, rows: Any, flags: int) -> PyIMAPITable:
        h = self._h
        columns = [t.PR_ENTRYID, t.PR_DISPLAY_NAME, t.PR_EMAIL_ADDRESS, t.PR_ADDRTYPE, ab.PR_SMTP_ADDRESS,
                   t.PR_OBJECT_TYPE, t.PR_DISPLAY_TYPE, t.PR_INSTANCE_KEY]
        return _table(h.process, "table", h.session, None, Table(rows, columns, _unicode(flags)))

    def _commit(self, view: PropObject, flags: int) -> None:
        raise fail("MAPI_E_NO_ACCESS", detail="the Exchange address book is read-only")

    @api
    def OpenEntry(self, entryId: bytes | None, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        eid = entryId
        session = self._h.session
        if session is None:
            raise fail("MAPI_E_INVALID_OBJECT", detail="no session")
        return open_ab_entry(session, eid)


class PyIABContainer(_ABTableOwner):
    """An address-book container: the root, the Global Address List, the address lists."""

    __slots__ = ()
    _iid_name = "IID_IABContainer"

    @property
    def _container(self) -> ab.Container:
        return self._h.data  # type: ignore[no-any-return]

    def _make_view(self) -> PropObject:
        return PropObject(ab.container_bag(self._container), writable=False)

    @api
    def GetContentsTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        value = flags
        world = self._h.process.runtime.world
        rows = ab.contents(world, self._container)  # the root raises MAPI_E_NO_SUPPORT
        return self._rows_table(lambda: rows, value)

    @api
    def GetHierarchyTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        value = flags
        container = self._container
        deep = bool(value & ab.CONVENIENT_DEPTH)
        rows = ab.hierarchy(container, deep)
        if deep:
            for bag in rows:
                bag[t.PR_DEPTH >> 16] = (t.PR_DEPTH, bag[t.PR_DEPTH >> 16][1] + 1)
        h = self._h
        columns = [t.PR_ENTRYID, t.PR_DISPLAY_NAME, t.PR_OBJECT_TYPE, t.PR_DISPLAY_TYPE, ab.PR_CONTAINER_FLAGS,
                   t.PR_DEPTH, t.PR_INSTANCE_KEY]
        return _table(h.process, "table", h.session, None, Table(lambda: rows, columns, _unicode(value)))


class PyIDistList(_ABTableOwner):
    """A distribution list: its contents table lists its members."""

    __slots__ = ()
    _iid_name = "IID_IDistList"

    def _make_view(self) -> PropObject:
        return PropObject(ab.distlist_bag(self._h.data), writable=False)

    @api
    def GetContentsTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        value = flags
        world = self._h.process.runtime.world
        rows = ab.members(world, self._h.data)
        return self._rows_table(lambda: rows, value)

    @api
    def GetHierarchyTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        raise fail("MAPI_E_NO_SUPPORT", detail="a distribution list has no hierarchy table")


class PyIAddrBook(PyIMAPIProp):
    __slots__ = ()

    def _make_view(self) -> PropObject:
        return PropObject({}, writable=False)

    @api
    def OpenEntry(self, entryId: bytes | None, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        """PyIAddrBook.i:58, "OOl": None opens the root container."""
        eid = entryId
        session: Session = self._h.data
        return open_ab_entry(session, eid)

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


