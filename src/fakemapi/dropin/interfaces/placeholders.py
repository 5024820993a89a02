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

# Every interface registered here once (IMAPIStatus, IABContainer, IDistList, IMsgServiceAdmin2,
# IProviderAdmin, IMAPIAdviseSink, IConverterSession) now has its wrapper in its own module and
# its entry in query.TYPE_IIDS; a placeholder of the same name would shadow it (two classes
# called PyIConverterSession, the placeholder registered for IID_IConverterSession).

#: IID -> wrapper type, for interfaces registered but not implemented (none at present)
PLACEHOLDER_TYPES: dict[uuid.UUID, type[PyIUnknown]] = {}
