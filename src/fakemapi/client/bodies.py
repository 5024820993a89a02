"""A message's bodies as one open IMessage changes them, and the MAPI body helpers.

* Writing one body type replaces the bodies of the other types the message had saved (the new
  one is native; the store derives the others from it, fakemapi/world/bodies.py). Bodies
  written in the same transaction stay side by side, as Outlook writes an HTML message's PR_HTML,
  PR_RTF_COMPRESSED and PR_BODY together. Inferred from MS-OXCMSG 3.2.4.1 (one body, converted on
  read); the store's exact rule is not documented.
* ``WrapCompressedRTFStream`` (MAPI: a stream over PR_RTF_COMPRESSED that decompresses as it is
  read, or compresses what is written when it is committed), ``WrapCompressedRTFStreamEx`` with
  MAPI_NATIVE_BODY, ``RTFSync`` and ``RTFStreamToHTML`` (pywin32's mapi.i).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable

from fakemapi.client.propobject import DerivedPropObject
from fakemapi.hresult import fail
from fakemapi.props import Bag
from fakemapi.world import bodies as b

MAPI_MODIFY = 0x1
#: WrapCompressedRTFStream: write the RTF uncompressed (MAPIUtil.h; not in pywin32's mapi module)
STORE_UNCOMPRESSED_RTF = 0x8000
MAPI_NATIVE_BODY = 0x00010000
NATIVE_BODY_TYPE_RTF, NATIVE_BODY_TYPE_HTML, NATIVE_BODY_TYPE_PLAINTEXT = 1, 2, 4
RTF_SYNC_RTF_CHANGED, RTF_SYNC_BODY_CHANGED = 0x1, 0x2


class MessageProps(DerivedPropObject):
    """An open message's properties: writing one body type drops the saved bodies of the others.

    A derived PR_RTF_COMPRESSED (LZFu: a quarter of a second for a 44 KB body) is made only when it
    is asked for: GetProps with its tag or with no tag list, GetPropList, OpenProperty on it."""

    __slots__ = ("_full", "derive_all")

    def __init__(self, saved: Bag, derive: Callable[..., Bag], writable: bool = True,
                 limit: int | None = None) -> None:
        super().__init__(saved, derive, writable, limit)
        self._full = False
        #: ``derive_all(own)``: the derived properties with the derived RTF too
        self.derive_all: Callable[[Bag], Bag] = lambda own: derive(own, True)

    def view(self) -> Bag:
        if not self._full:
            return super().view()
        own = self.own()
        merged = dict(own)
        merged.update(self.derive_all(own))
        return merged

    def full(self) -> Bag:
        """The view with the derived RTF body."""
        self._full = True
        try:
            return self.view()
        finally:
            self._full = False

    def get(self, tags: Iterable[int] | None, unicode: bool = False) -> tuple[bool, list[tuple[int, Any]]]:
        if tags is not None:
            tags = list(tags)
            if all(tag >> 16 != b.RTF_ID for tag in tags):
                return super().get(tags, unicode)
        self._full = True
        try:
            return super().get(tags, unicode)
        finally:
            self._full = False

    def tags(self) -> list[int]:
        return [tag for tag, _ in self.full().values()]

    def set(self, pairs: Iterable[tuple[int, Any]]) -> None:
        pairs = list(pairs)
        written = {tag >> 16 for tag, _ in pairs} & b.BODY_IDS
        if written:
            for pid in b.BODY_IDS - written:
                if pid in self.saved and pid not in self.pending:
                    self.deleted.add(pid)
        super().set(pairs)


# =========================================================================================
def decompressed(data: bytes) -> bytes:
    """The RTF in PR_RTF_COMPRESSED's bytes; MAPI_E_CORRUPT_DATA when they are not LZFu / MELA
    (inferred: MAPI documents no code for a stream that is not compressed RTF)."""
    if not data:
        return b""
    try:
        return b.decompress_rtf(data)
    except ValueError as err:
        raise fail("MAPI_E_CORRUPT_DATA", detail=str(err)) from None


def compressed(rtf: bytes, flags: int) -> bytes:
    return b.compress_rtf(rtf, compressed=not flags & STORE_UNCOMPRESSED_RTF)


def native_body(rtf: bytes) -> tuple[bytes, int]:
    """WrapCompressedRTFStreamEx with MAPI_NATIVE_BODY: the body the RTF encapsulates and its type
    (HTML from ``\\fromhtml`` RTF, plain text from ``\\fromtext`` RTF, else the RTF itself)."""
    origin = b.rtf_origin(rtf)
    if origin == "html":
        return b.rtf_to_html(rtf) or b"", NATIVE_BODY_TYPE_HTML
    if origin == "text":
        return b.rtf_to_text(rtf).encode("cp1252", "replace"), NATIVE_BODY_TYPE_PLAINTEXT
    return rtf, NATIVE_BODY_TYPE_RTF


def rtf_sync(view: DerivedPropObject, flags: int) -> bool:
    """RTFSync on an open message: with RTF_SYNC_RTF_CHANGED the plain text is made again from the
    RTF, with RTF_SYNC_BODY_CHANGED the RTF from the plain text; PR_RTF_IN_SYNC becomes true. True
    when it changed the message (MAPI RTFSync's lpfMessageUpdated)."""
    own = view.own()
    updated = False
    if flags & RTF_SYNC_RTF_CHANGED and b.RTF_ID in own:
        rtf = decompressed(bytes(own[b.RTF_ID][1]))
        text = b.rtf_to_text(rtf)
        current = own.get(b.BODY_ID)
        if current is None or current[1] != text:
            DerivedPropObject.set(view, [(b.PR_BODY, text)])
            updated = True
    elif flags & RTF_SYNC_BODY_CHANGED and b.BODY_ID in own:
        rtf = b.text_to_rtf(str(own[b.BODY_ID][1]))
        current_rtf = own.get(b.RTF_ID)
        if current_rtf is None or decompressed(bytes(current_rtf[1])) != rtf:
            DerivedPropObject.set(view, [(b.PR_RTF_COMPRESSED, b.compress_rtf(rtf))])
            updated = True
    if updated or own.get(b.IN_SYNC_ID, (0, True))[1] is not True:
        DerivedPropObject.set(view, [(b.PR_RTF_IN_SYNC, True)])
    return updated
