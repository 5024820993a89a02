"""``mapi`` module functions for message bodies: WrapCompressedRTFStream(Ex), RTFSync,
RTFStreamToHTML (pywin32 com/win32comext/mapi/src/mapi.i; the model in fakemapi/client/bodies.py)."""

from __future__ import annotations

from typing import Any, Callable

from fakemapi.client import bodies
from fakemapi.client.messages import Stream
from fakemapi.dropin.base import PyIUnknown, wrap
from fakemapi.dropin.functions import function
from fakemapi.dropin.interfaces.message import PyIMessage
from fakemapi.dropin.interfaces.stream import PyIStream
from fakemapi.hresult import fail
from fakemapi.world import bodies as wb


def _wrapped(source: PyIStream, flags: int, native: bool) -> tuple[PyIStream, int]:
    h = source._h
    under: Stream = source._stream
    if flags & bodies.MAPI_MODIFY:
        if native:
            raise fail("MAPI_E_INVALID_PARAMETER", detail="MAPI_NATIVE_BODY cannot be combined with MAPI_MODIFY")

        def commit(rtf: bytes) -> None:
            # the compressed RTF replaces the underlying stream's bytes, which are committed to
            # the property too (so SaveChanges after the wrapper's Commit alone saves it)
            under.set_size(0)
            under.position = 0
            under.write(bodies.compressed(rtf, flags))
            under.commit()

        out = Stream(b"", True, commit, "WrapCompressedRTFStream")
        return wrap(PyIStream, h.process, "stream", h.session, h.logon, out), 0  # type: ignore[return-value]
    rtf = bodies.decompressed(bytes(under.data))
    kind = 0
    if native:
        rtf, kind = bodies.native_body(rtf)
    out = Stream(rtf, False, None, "WrapCompressedRTFStream")
    return wrap(PyIStream, h.process, "stream", h.session, h.logon, out), kind  # type: ignore[return-value]


@function("mapi")
def WrapCompressedRTFStream(stream: PyIStream, flags: int, /) -> PyIUnknown:  # noqa: N802
    """A stream of the uncompressed RTF of a PR_RTF_COMPRESSED stream; with MAPI_MODIFY, one whose
    Commit compresses what was written into it (STORE_UNCOMPRESSED_RTF: stored uncompressed)."""
    return _wrapped(stream, flags, False)[0]


@function("mapi")
def WrapCompressedRTFStreamEx(stream: PyIStream, wcsinfo: tuple[int, int, int], /) -> tuple[PyIUnknown, int]:  # noqa: N802
    """``(stream, ulStreamFlags)``; with MAPI_NATIVE_BODY the stream holds the native body (HTML,
    plain text or RTF) and ulStreamFlags says which (MAPI_NATIVE_BODY_TYPE_*), else 0. ``wcsinfo``
    is RTF_WCSINFO's (ulFlags, ulInCodePage, ulOutCodePage), parsed "(kkk)"."""
    flags = wcsinfo[0]
    return _wrapped(stream, flags, bool(flags & bodies.MAPI_NATIVE_BODY))


@function("mapi")
def RTFSync(message: PyIMessage, flags: int, /) -> int:  # noqa: N802
    """Bring PR_BODY and PR_RTF_COMPRESSED of an open message in step; 1 when it changed it."""
    msg = message._msg
    msg.require_writable()
    return int(bodies.rtf_sync(msg.view, flags))


@function("mapi")
def RTFStreamToHTML(stream: PyIStream, /) -> bytes | None:  # noqa: N802
    """The HTML an uncompressed ``\\fromhtml`` RTF stream encapsulates (read from the stream's
    current position), None for other RTF (pywin32 mapi.i ``MyRTFStreamToHTML``)."""
    return wb.rtf_to_html(stream._stream.read(1 << 62))


RTF_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (WrapCompressedRTFStream, WrapCompressedRTFStreamEx, RTFSync, RTFStreamToHTML)
}
