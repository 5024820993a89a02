"""PyIStream, as OpenProperty(tag, IID_IStream, ...) returns it."""

from __future__ import annotations

from typing import Any

from fakemapi.client.messages import Stream
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import STGTY_STREAM, _cost
from fakemapi.dropin.pytypes import IID, TimeType
from fakemapi.hresult import fail


class PyIStream(PyIUnknown):
    """pythoncom's PyIStream as OpenProperty(tag, IID_IStream, ...) returns it."""

    __slots__ = ()

    @property
    def _stream(self) -> Stream:
        return self._h.data  # type: ignore[no-any-return]

    @api
    def Read(self, numBytes: int, /) -> bytes:  # noqa: N802,N803
        # numBytes goes into a ULONG: a negative count asks for (nearly) 4 GiB, i.e. the rest
        return self._stream.read(numBytes & 0xFFFFFFFF)

    @api
    def read(self, numBytes: int, /) -> bytes:  # noqa: N803
        return self._stream.read(numBytes & 0xFFFFFFFF)

    @api
    def Write(self, data: bytes, /) -> int:  # noqa: N802
        self._stream.write(data)
        return len(data)

    @api
    def write(self, data: bytes, /) -> int:
        self._stream.write(data)
        return len(data)

    @api
    def Seek(self, offset: int, origin: int, /) -> int:  # noqa: N802
        return self._stream.seek(offset, origin)

    @api
    def SetSize(self, newSize: int, /) -> None:  # noqa: N802,N803
        self._stream.set_size(newSize)
        return None

    @api
    def Commit(self, flags: int, /) -> None:  # noqa: N802
        _cost(self._h)
        self._stream.commit()
        return None

    @api
    def Revert(self) -> None:  # noqa: N802
        raise fail("E_NOTIMPL", detail="MAPI property streams are not transacted; Revert does nothing useful")

    @api
    def Stat(self, grfStatFlag: int, /) -> tuple[Any, ...]:  # noqa: N802,N803
        stream = self._stream
        now = self._h.process.runtime.server.now()
        stamp = TimeType(now.year, now.month, now.day, now.hour, now.minute, now.second, now.microsecond,
                         tzinfo=now.tzinfo)
        mode = 0x2 if stream.writable else 0x0  # STGM_READWRITE / STGM_READ
        return (stream.name or None, STGTY_STREAM, stream.size, stamp, stamp, stamp, mode, 0,
                IID("{00000000-0000-0000-0000-000000000000}"), 0, 0)

    @api
    def LockRegion(self, offset: int, cb: int, lockType: int, /) -> None:  # noqa: N802,N803
        """Neither an Exchange property stream nor MAPI's file stream supports range locks:
        STG_E_INVALIDFUNCTION, IStream::LockRegion's answer for "locking is not supported"."""
        raise fail("STG_E_INVALIDFUNCTION", detail="this stream does not support region locking")

    @api
    def UnlockRegion(self, offset: int, cb: int, lockType: int, /) -> None:  # noqa: N802,N803
        """pywin32 spells it UnlockRegion (PyIStream.cpp:228; the stubs say UnLockRegion)."""
        raise fail("STG_E_INVALIDFUNCTION", detail="this stream does not support region locking")

    @api
    def Clone(self) -> PyIStream:  # noqa: N802
        h = self._h
        copy = self._stream.copy()
        return wrap(PyIStream, h.process, "stream", h.session, h.logon, copy)  # type: ignore[return-value]

    @api
    def CopyTo(self, stream: PyIStream, cb: int, /) -> int:  # noqa: N802
        data = self._stream.read(cb)
        stream._stream.write(data)
        return len(data)


