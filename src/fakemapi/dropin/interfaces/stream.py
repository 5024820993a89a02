"""PyIStream, as OpenProperty(tag, IID_IStream, ...) returns it."""

from __future__ import annotations

from typing import Any

from fakemapi.client.messages import Stream
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import STGTY_STREAM, _cost
from fakemapi.dropin.pytypes import IID, TimeType
from fakemapi.dropin.shapes import (
    as_bytes_arg,
    as_int,
    as_ulong,
)
from fakemapi.hresult import fail


class PyIStream(PyIUnknown):
    """pythoncom's PyIStream as OpenProperty(tag, IID_IStream, ...) returns it."""

    __slots__ = ()

    @property
    def _stream(self) -> Stream:
        return self._h.data  # type: ignore[no-any-return]

    @api
    def Read(self, numBytes: Any, /) -> bytes:  # noqa: N802,N803
        return self._stream.read(as_int(numBytes, "numBytes"))

    @api
    def read(self, numBytes: Any, /) -> bytes:  # noqa: N803
        return self._stream.read(as_int(numBytes, "numBytes"))

    @api
    def Write(self, data: Any, /) -> None:  # noqa: N802
        self._stream.write(as_bytes_arg(data))
        return None

    @api
    def write(self, data: Any, /) -> None:
        self._stream.write(as_bytes_arg(data))
        return None

    @api
    def Seek(self, offset: Any, origin: Any, /) -> int:  # noqa: N802
        return self._stream.seek(as_int(offset, "offset"), as_int(origin, "origin"))

    @api
    def SetSize(self, newSize: Any, /) -> None:  # noqa: N802,N803
        size = as_int(newSize, "newSize")
        if size < 0:
            raise OverflowError("can't convert negative int to unsigned")
        self._stream.set_size(size)
        return None

    @api
    def Commit(self, flags: Any, /) -> None:  # noqa: N802
        as_ulong(flags, "flags")
        _cost(self._h)
        self._stream.commit()
        return None

    @api
    def Revert(self) -> None:  # noqa: N802
        raise fail("E_NOTIMPL", detail="MAPI property streams are not transacted; Revert does nothing useful")

    @api
    def Stat(self, grfStatFlag: Any = 0, /) -> tuple[Any, ...]:  # noqa: N802,N803
        as_int(grfStatFlag, "grfStatFlag")
        stream = self._stream
        now = self._h.process.runtime.server.now()
        stamp = TimeType(now.year, now.month, now.day, now.hour, now.minute, now.second, now.microsecond,
                         tzinfo=now.tzinfo)
        mode = 0x2 if stream.writable else 0x0  # STGM_READWRITE / STGM_READ
        return (stream.name or None, STGTY_STREAM, len(stream.data), stamp, stamp, stamp, mode, 0,
                IID("{00000000-0000-0000-0000-000000000000}"), 0, 0)

    @api
    def Clone(self) -> PyIStream:  # noqa: N802
        h = self._h
        copy = Stream(bytes(self._stream.data), self._stream.writable, self._stream.commit_to, self._stream.name)
        copy.position = self._stream.position
        return wrap(PyIStream, h.process, "stream", h.session, h.logon, copy)  # type: ignore[return-value]

    @api
    def CopyTo(self, stream: Any, cb: Any, /) -> int:  # noqa: N802
        if not isinstance(stream, PyIStream):
            raise TypeError("The Python object is invalid (expected a PyIStream)")
        data = self._stream.read(as_int(cb, "cb"))
        stream._stream.write(data)
        return len(data)


