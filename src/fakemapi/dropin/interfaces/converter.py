"""PyIConverterSession (com/win32comext/mapi/src/PyIConverterSession.i): MIME to MAPI and back, on
fakemapi/client/mime.py; and pythoncom.CoCreateInstance / CreateStreamOnHGlobal for it."""

from __future__ import annotations

import uuid
from typing import Any

from fakemapi.client.messages import Stream
from fakemapi.data.iids import IIDS
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import _cost
from fakemapi.dropin.interfaces.message import PyIMessage
from fakemapi.dropin.interfaces.stream import PyIStream
from fakemapi.hresult import fail

CLSID_IConverterSession = uuid.UUID(IIDS["CLSID_IConverterSession"][0])
IID_IConverterSession = uuid.UUID(IIDS["IID_IConverterSession"][0])
IID_IUnknown = uuid.UUID("{00000000-0000-0000-C000-000000000046}")


class PyIConverterSession(PyIUnknown):
    __slots__ = ()

    @api
    def MIMEToMAPI(self, stream: PyIStream, msg: PyIMessage, flags: int, /) -> None:  # noqa: N802
        """``"OO|l:MIMEToMAPI"``: the MIME message read from ``stream`` (from its current position)
        replaces the properties, recipients and attachments of ``msg`` (not saved: SaveChanges)."""
        from fakemapi.client import mime  # the email package, imported when first needed

        source, target, value = stream, msg, flags
        _cost(self._h)
        data = source._stream.read(1 << 62)
        open_message = target._msg
        open_message.require_writable()
        mime.fill_message(open_message, mime.mime_to_mapi(data, value))
        return None

    @api
    def MAPIToMIMEStm(self, msg: PyIMessage, stream: PyIStream, flags: int, /) -> None:  # noqa: N802
        """``"OO|l:MAPIToMIMEStm"``: ``msg`` as a MIME message, written into ``stream`` at its position."""
        from fakemapi.client import mime

        source, target, value = msg, stream, flags
        _cost(self._h)
        open_message = source._msg
        world = self._h.process.runtime.world

        def smtp_of(dn: str) -> str | None:  # the address book's SMTP address of a world mailbox
            mailbox = world.mailbox_by_dn(dn) if dn else None
            return mailbox.smtp if mailbox is not None else None

        data = mime.mapi_to_mime(open_message.view.view(), list(open_message.current_recipients()),
                                 [a for _, a in sorted(open_message.current_attachments().items())], value,
                                 smtp_of)
        target._stream.write(data)
        return None

    @api
    def SetAdrBook(self, addrBook: Any, /) -> None:  # noqa: N802,N803
        """``"O:SetAdrBook"``: None or an IAddrBook (PyIConverterSession.i:161); recipients are
        SMTP either way here."""
        return None


def co_create_instance(clsid: uuid.UUID, outer: PyIUnknown | None, context: int, iid: uuid.UUID) -> PyIUnknown:
    """pythoncom.CoCreateInstance after its parse (msgfunctions.py): only CLSID_IConverterSession
    is a class here, and it cannot be aggregated (CLASS_E_NOAGGREGATION for an outer unknown)."""
    from fakemapi.dropin.registry import current

    if clsid != CLSID_IConverterSession:
        raise fail("REGDB_E_CLASSNOTREG", detail=f"fakemapi registers only CLSID_IConverterSession, not {clsid}")
    if outer is not None:
        raise fail("CLASS_E_NOAGGREGATION", detail="the converter session cannot be aggregated")
    if iid not in (IID_IConverterSession, IID_IUnknown):
        raise fail("E_NOINTERFACE", detail="the converter session gives IConverterSession and IUnknown only")
    proc = current().current
    # PyCom_PyObjectFromIUnknown(result, iid) (com/win32com/src/PythonCOM.cpp:124): the type pywin32
    # registers for the IID asked for, so IID_IUnknown gives a PyIUnknown (QueryInterface it)
    cls = PyIConverterSession if iid == IID_IConverterSession else PyIUnknown
    return wrap(cls, proc, "converter", None, None, None)


def create_stream_on_hglobal(hglobal: int) -> PyIStream:
    """pythoncom.CreateStreamOnHGlobal after its parse (msgfunctions.py): an empty, growable
    stream in memory. A handle other than NULL is E_INVALIDARG: fakemapi allocates no global
    memory, so no handle is one of its own (CreateStreamOnHGlobal's documented E_INVALIDARG)."""
    from fakemapi.dropin.registry import current

    if hglobal:
        raise fail("E_INVALIDARG", detail="fakemapi allocates no global memory: hGlobal must be None")
    proc = current().current
    return wrap(PyIStream, proc, "stream", None, None, Stream(b"", True, None, ""))  # type: ignore[return-value]
