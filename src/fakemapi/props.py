"""Property bags as the model keeps them, and MAPI's rules for reading them.

A bag maps a property id to ``(natural tag, value)``. Strings are kept as ``str`` whatever
their type; reading with the ``_A`` or ``_W`` tag of the same id gives the same text (the
drop-in layer turns PT_STRING8 into bytes). A missing property reads as
``(PROP_TAG(PT_ERROR, id), MAPI_E_NOT_FOUND)``.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Mapping
from typing import Any

from fakemapi.hresult import code
from fakemapi.tags import MV_FLAG, PT_ERROR, PT_STRING8, PT_UNICODE, PT_UNSPECIFIED

Bag = dict[int, tuple[int, Any]]

NOT_FOUND = code("MAPI_E_NOT_FOUND")
_STRINGS = frozenset({PT_STRING8, PT_UNICODE, PT_STRING8 | MV_FLAG, PT_UNICODE | MV_FLAG})


def make_bag(pairs: Iterable[tuple[int, Any]]) -> Bag:
    return {tag >> 16: (tag, value) for tag, value in pairs}


def _same_kind(asked: int, natural: int) -> bool:
    return asked == natural or (asked in _STRINGS and natural in _STRINGS
                                and (asked & MV_FLAG) == (natural & MV_FLAG))


def _natural_out(tag: int, unicode: bool) -> int:
    ptype = tag & 0xFFFF
    if ptype in _STRINGS:
        base = PT_UNICODE if unicode else PT_STRING8
        return (tag & 0xFFFF0000) | base | (ptype & MV_FLAG)
    return tag


def read(bag: Mapping[int, tuple[int, Any]], tags: Iterable[int] | None,
         unicode: bool = False) -> tuple[bool, list[tuple[int, Any]]]:
    """GetProps semantics: ``(any_errors, [(tag, value), ...])``; values of errors are scodes."""
    if tags is None:
        return False, [(_natural_out(t, unicode), v) for t, v in bag.values()]
    out: list[tuple[int, Any]] = []
    errors = False
    for tag in tags:
        pid = tag >> 16
        entry = bag.get(pid)
        if entry is not None:
            natural, value = entry
            ptype = tag & 0xFFFF
            if ptype == PT_UNSPECIFIED:
                out.append((_natural_out(natural, unicode), value))
                continue
            if _same_kind(ptype, natural & 0xFFFF):
                out.append((tag, value))
                continue
            if pid == HTML_ID and {ptype, natural & 0xFFFF} <= _HTML_TYPES:
                out.append((tag, _html_as(ptype, value, bag)))
                continue
        out.append(((pid << 16) | PT_ERROR, NOT_FOUND))
        errors = True
    return errors, out


#: PR_HTML (PT_BINARY) and PR_BODY_HTML (PT_STRING8 / PT_UNICODE) are one property, 0x1013: either
#: tag reads it, as bytes in the message's PR_INTERNET_CPID code page (UTF-8 without one) or as text
HTML_ID = 0x1013
_HTML_TYPES = frozenset({0x0102, PT_STRING8, PT_UNICODE})
_CPID_ID = 0x3FDE


def codec_of(cpid: int) -> str:
    """The Python codec of a Windows code page id (UTF-8 for unknown ones)."""
    name = {65001: "utf-8", 1200: "utf-16-le", 20127: "ascii", 28591: "latin-1"}.get(cpid, f"cp{cpid}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def _html_as(ptype: int, value: Any, bag: Mapping[int, tuple[int, Any]]) -> Any:
    entry = bag.get(_CPID_ID)
    codec = codec_of(entry[1] if entry is not None and isinstance(entry[1], int) else 65001)
    if ptype == 0x0102:
        return value if isinstance(value, bytes) else str(value).encode(codec, "replace")
    return value if isinstance(value, str) else bytes(value).decode(codec, "replace")


def read_one(bag: Mapping[int, tuple[int, Any]], tag: int) -> Any:
    """The value of ``tag``, or None when absent."""
    errors, out = read(bag, (tag,))
    return None if errors else out[0][1]
