"""The interface objects pywin32 hands out, as thin wrappers over the model, one module per
interface family:

=============  ==========================================================
``prop``       PyIMAPIProp (every object with properties derives from it)
``session``    PyIMAPISession
``store``      PyIMsgStore, IExchangeManageStore, IExchangeManageStoreEx
``folder``     PyIMAPIContainer, PyIMAPIFolder
``message``    PyIMessage, PyIAttach
``stream``     PyIStream
``table``      PyIMAPITable
``profile``    PyIProfAdmin, PyIMsgServiceAdmin(2)
``profsect``   PyIProfSect
``addrbook``   PyIAddrBook, PyIABContainer, PyIMailUser, PyIDistList
``advise``     PyIMAPIAdviseSink and what Advise / Unadvise share
``status``     PyIMAPIStatus
``provider``   PyIProviderAdmin
``query``      QueryInterface: which class answers which IID
``common``     constants, IIDs and helpers they share
=============  ==========================================================

Each method parses its positional arguments the way pywin32 does, calls the model, and shapes
the result; :func:`fakemapi.dropin.base.api` does the rest (liveness, errors, trace).
"""

from fakemapi.dropin.base import wrapper_classes
from fakemapi.dropin.interfaces.addrbook import PyIABContainer as PyIABContainer
from fakemapi.dropin.interfaces.addrbook import PyIAddrBook as PyIAddrBook
from fakemapi.dropin.interfaces.addrbook import PyIDistList as PyIDistList
from fakemapi.dropin.interfaces.addrbook import PyIMailUser as PyIMailUser
from fakemapi.dropin.interfaces.advise import PyIMAPIAdviseSink as PyIMAPIAdviseSink
from fakemapi.dropin.interfaces.common import IID_IExchangeManageStore as IID_IExchangeManageStore
from fakemapi.dropin.interfaces.folder import PyIMAPIContainer as PyIMAPIContainer
from fakemapi.dropin.interfaces.folder import PyIMAPIFolder as PyIMAPIFolder
from fakemapi.dropin.interfaces.folder import _FolderRef as _FolderRef
from fakemapi.dropin.interfaces.message import PyIAttach as PyIAttach
from fakemapi.dropin.interfaces.message import PyIMessage as PyIMessage
from fakemapi.dropin.interfaces.profile import PyIMsgServiceAdmin as PyIMsgServiceAdmin
from fakemapi.dropin.interfaces.profile import PyIMsgServiceAdmin2 as PyIMsgServiceAdmin2
from fakemapi.dropin.interfaces.profile import PyIProfAdmin as PyIProfAdmin
from fakemapi.dropin.interfaces.profsect import PyIProfSect as PyIProfSect
from fakemapi.dropin.interfaces.prop import PyIMAPIProp as PyIMAPIProp
from fakemapi.dropin.interfaces.provider import PyIProviderAdmin as PyIProviderAdmin
from fakemapi.dropin.interfaces.query import TYPE_IIDS as TYPE_IIDS
from fakemapi.dropin.interfaces.query import query_interface as query_interface
from fakemapi.dropin.interfaces.session import PyIMAPISession as PyIMAPISession
from fakemapi.dropin.interfaces.status import PyIMAPIStatus as PyIMAPIStatus
from fakemapi.dropin.interfaces.store import PyIExchangeManageStore as PyIExchangeManageStore
from fakemapi.dropin.interfaces.store import PyIExchangeManageStoreEx as PyIExchangeManageStoreEx
from fakemapi.dropin.interfaces.store import PyIMsgStore as PyIMsgStore
from fakemapi.dropin.interfaces.stream import PyIStream as PyIStream
from fakemapi.dropin.interfaces.table import PyIMAPITable as PyIMAPITable
from fakemapi.dropin.missing import mark_missing

# every wrapper class is defined now: mark the names pywin32's classes have and these lack
mark_missing(wrapper_classes())
