"""Wrapper types for interfaces pywin32's mapi module registers but fakemapi does not return yet.

pywin32's mapi module registers a client type for each interface it wraps
(``PyCom_RegisterClientType`` in com/win32comext/mapi/src/mapi.i, lines 138-204), so
``pythoncom.TypeIIDs[mapi.IID_IDistList]`` and the like exist as soon as ``mapi`` is imported.
Published clients index them at import time (nczeczulin/mapikit
``src/mapikit/interfaces/mapi.py`` subclasses each one), so the fake must have them too. The
classes here are the types only, with their pywin32 base classes; a fuller implementation of an
interface replaces its entry (``TYPE_IIDS.setdefault`` keeps the one registered first).
"""

from __future__ import annotations

import uuid

from fakemapi.dropin.base import PyIUnknown
from fakemapi.dropin.interfaces.common import _iid
from fakemapi.dropin.interfaces.folder import PyIMAPIContainer
from fakemapi.dropin.interfaces.profile import PyIMsgServiceAdmin
from fakemapi.dropin.interfaces.prop import PyIMAPIProp


class PyIMAPIStatus(PyIMAPIProp):
    __slots__ = ()


class PyIABContainer(PyIMAPIContainer):
    __slots__ = ()


class PyIDistList(PyIMAPIContainer):
    __slots__ = ()


class PyIMsgServiceAdmin2(PyIMsgServiceAdmin):
    __slots__ = ()


class PyIProviderAdmin(PyIUnknown):
    __slots__ = ()


class PyIMAPIAdviseSink(PyIUnknown):
    __slots__ = ()


class PyIConverterSession(PyIUnknown):
    __slots__ = ()


#: IID -> wrapper type, for the registrations above
PLACEHOLDER_TYPES: dict[uuid.UUID, type[PyIUnknown]] = {
    _iid("IID_IMAPIStatus"): PyIMAPIStatus,
    _iid("IID_IABContainer"): PyIABContainer,
    _iid("IID_IDistList"): PyIDistList,
    _iid("IID_IMsgServiceAdmin2"): PyIMsgServiceAdmin2,
    _iid("IID_IProviderAdmin"): PyIProviderAdmin,
    _iid("IID_IMAPIAdviseSink"): PyIMAPIAdviseSink,
    _iid("IID_IConverterSession"): PyIConverterSession,
}
