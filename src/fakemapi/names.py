"""Names for the numbers in failure reports: property tags (``PR_SUBJECT_W``), flag arguments
(``MDB_NO_DIALOG | MAPI_BEST_ACCESS``), entry ids in short, and "did you mean" suggestions for
misspelt constants, methods and error names.

Used by the scenario failure reports (expected / got, the last calls) and the loader's
messages; nothing here changes a value, only how it is shown.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

PT_ERROR = 0x000A
PT_UNICODE = 0x001F
PT_STRING8 = 0x001E

#: flag arguments by (call, argument index): the constant-name prefixes that make them up.
#: Sources: pywin32's mapi.i / exchange.i signatures (the flags argument of each call) and the
#: MAPI reference pages of each method (which flags it takes).
FLAG_ARGS: dict[tuple[str, int], tuple[str, ...]] = {
    ("MAPILogonEx", 3): ("MAPI_LOGON_UI", "MAPI_NEW_SESSION", "MAPI_ALLOW_OTHERS", "MAPI_EXPLICIT_PROFILE",
                         "MAPI_EXTENDED", "MAPI_USE_DEFAULT", "MAPI_FORCE_DOWNLOAD", "MAPI_SERVICE_UI_ALWAYS",
                         "MAPI_NO_MAIL", "MAPI_NT_SERVICE", "MAPI_PASSWORD_UI", "MAPI_TIMEOUT_SHORT",
                         "MAPI_BG_SESSION", "MAPI_UNICODE"),
    ("OpenMsgStore", 3): ("MDB_", "MAPI_BEST_ACCESS", "MAPI_DEFERRED_ERRORS"),
    ("CreateStoreEntryID", 2): ("OPENSTORE_",),
    ("HrMailboxLogon", 3): ("OPENSTORE_",),  # not used by every flavor; harmless where absent
    ("OpenEntry", 2): ("MAPI_MODIFY", "MAPI_BEST_ACCESS", "MAPI_DEFERRED_ERRORS", "SHOW_SOFT_DELETES"),
    ("SaveChanges", 0): ("KEEP_OPEN_", "FORCE_SAVE", "MAPI_DEFERRED_ERRORS"),
    ("GetContentsTable", 0): ("MAPI_ASSOCIATED", "MAPI_DEFERRED_ERRORS", "MAPI_UNICODE", "SHOW_SOFT_DELETES"),
    ("GetHierarchyTable", 0): ("CONVENIENT_DEPTH", "MAPI_DEFERRED_ERRORS", "MAPI_UNICODE", "SHOW_SOFT_DELETES"),
    ("Logoff", 2): ("LOGOFF_",),
    ("GetProps", 1): ("MAPI_UNICODE",),
    ("SetColumns", 1): ("TBL_ASYNC", "TBL_BATCH"),
    ("CreateFolder", 4): ("OPEN_IF_EXISTS", "MAPI_UNICODE", "MAPI_DEFERRED_ERRORS"),
    ("DeleteFolder", 4): ("DEL_", "FOLDER_DIALOG"),
}


@lru_cache(maxsize=1)
def _tags() -> dict[int, str]:
    """Tag value -> the name to show: the one whose suffix matches the type (``_W`` for
    PT_UNICODE, ``_A`` for PT_STRING8) where pywin32 has several."""
    from fakemapi.data.mapitags_values import MAPITAGS

    out: dict[int, str] = {}
    for name, value in MAPITAGS.items():
        if not name.startswith("PR_") or not isinstance(value, int):
            continue
        value &= 0xFFFFFFFF
        best = out.get(value)
        if best is None or _rank(name, value) < _rank(best, value):
            out[value] = name
    return out


def _rank(name: str, value: int) -> tuple[int, int]:
    kind = value & 0xFFFF
    suffix = 0 if (kind == PT_UNICODE and name.endswith("_W")) or (kind == PT_STRING8 and name.endswith("_A")) else 1
    return suffix, len(name)


@lru_cache(maxsize=1)
def _ids() -> dict[int, str]:
    """Property id -> a tag name without type suffix (for PT_ERROR entries)."""
    out: dict[int, str] = {}
    for value, name in _tags().items():
        base = name[:-2] if name.endswith(("_W", "_A")) else name
        pid = value >> 16
        if pid not in out or len(base) < len(out[pid]):
            out[pid] = base
    return out


@lru_cache(maxsize=1)
def _types() -> dict[int, str]:
    from fakemapi.data.mapi_constants import MAPI_CONSTANTS
    from fakemapi.data.mapitags_values import MAPITAGS

    out: dict[int, str] = {}
    for name, value in [*MAPITAGS.items(), *MAPI_CONSTANTS.items()]:
        if name.startswith("PT_") and isinstance(value, int) and value not in out and not name.startswith("PT_T"):
            out[value] = name
    return out


def tag_name(tag: int) -> str | None:
    """``PR_SUBJECT_W`` for 0x0037001F; ``PROP_TAG(PT_ERROR, PR_SUBJECT)`` for a missing
    property's error entry; ``PROP_TAG(PT_LONG, 0x8001)`` for a named or unknown id; None when
    ``tag`` does not look like a property tag."""
    if not isinstance(tag, int) or isinstance(tag, bool):
        return None
    value = tag & 0xFFFFFFFF
    name = _tags().get(value)
    if name is not None:
        return name
    pid, kind = value >> 16, value & 0xFFFF
    type_name = _types().get(kind)
    if type_name is None or pid == 0:
        return None
    base = _ids().get(pid)
    return f"PROP_TAG({type_name}, {base if base else f'0x{pid:04X}'})"


@lru_cache(maxsize=1)
def _constants() -> dict[str, int]:
    # the numeric constants a scenario knows by name (scenario/values.py builds its table from
    # the same data), module-qualified names left out
    from fakemapi.data.extra_constants import EXTRA_CONSTANTS
    from fakemapi.data.mapi_constants import MAPI_CONSTANTS
    from fakemapi.data.mapitags_values import MAPITAGS

    table: dict[str, int] = {}
    for source in (MAPI_CONSTANTS, MAPITAGS, EXTRA_CONSTANTS):
        for k, v in source.items():
            if isinstance(v, int) and not isinstance(v, bool):
                table.setdefault(k, v)
    return table


def flags_text(value: int, prefixes: Iterable[str]) -> str:
    """``MDB_NO_DIALOG | MAPI_BEST_ACCESS`` for 0x18 with prefixes (``MDB_``, ``MAPI_BEST_ACCESS``);
    bits no name covers stay as hex; 0 is ``0``."""
    if not isinstance(value, int) or isinstance(value, bool) or value == 0:
        return repr(value)
    rest = value & 0xFFFFFFFF
    wanted = tuple(prefixes)
    bits = sorted(((v & 0xFFFFFFFF, n) for n, v in _constants().items()
                   if n.startswith(wanted) and v and (v & 0xFFFFFFFF) & ((v & 0xFFFFFFFF) - 1) == 0),
                  key=lambda item: (item[0], len(item[1]), item[1]))
    names: list[str] = []
    seen: set[int] = set()
    for bit, name in bits:
        if rest & bit and bit not in seen:
            names.append(name)
            seen.add(bit)
            rest &= ~bit
    if rest:
        names.append(f"0x{rest:X}")
    return " | ".join(names)


def entry_id_text(value: bytes) -> str:
    """An entry id in short: its length, first bytes in hex, and the last readable text in it
    (``eid[94 bytes 00000000 38A1BB10.. "/cn=user255"]``)."""
    head = value[:8].hex().upper()
    text = _last_text(value)
    shown = f' "{text}"' if text else ""
    return f"eid[{len(value)} bytes {head[:8]} {head[8:]}..{shown}]"


def _last_text(value: bytes) -> str:
    runs: list[str] = []
    current = bytearray()
    for byte in value:
        if 32 <= byte < 127:
            current.append(byte)
        else:
            if len(current) >= 4:
                runs.append(current.decode("ascii"))
            current = bytearray()
    if len(current) >= 4:
        runs.append(current.decode("ascii"))
    if not runs:
        return ""
    text = runs[-1]
    cut = text.rfind("/cn=")
    return text[cut:] if cut > 0 else (text if len(text) <= 40 else "..." + text[-37:])


def show(value: Any, limit: int = 160) -> str:
    """``repr`` with property tags named in (tag, value) pairs and tag arrays, and long bytes
    (entry ids) in short; cut to ``limit`` characters."""
    text = _show(value, 0)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _show(value: Any, depth: int) -> str:
    if depth > 6:
        return "..."
    if isinstance(value, bytes) and len(value) > 24:
        return entry_id_text(value)
    if isinstance(value, (list, tuple)) and value and all(_is_tag(v) for v in value):
        inner = ", ".join(tag_name(v) or repr(v) for v in value)  # a tag array
        return f"({inner},)" if isinstance(value, tuple) and len(value) == 1 else (
            f"({inner})" if isinstance(value, tuple) else f"[{inner}]")
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], int) and tag_name(value[0]):
        tag = value[0] & 0xFFFFFFFF
        shown = _show(value[1], depth + 1)
        if tag & 0xFFFF == PT_ERROR and isinstance(value[1], int):
            from fakemapi.hresult import name_of

            shown = name_of(value[1])  # a missing property's error entry: its scode by name
        return f"({tag_name(value[0])}, {shown})"
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], int) and isinstance(
            value[1], (tuple, list)) and _warning(value[0]):
        return f"({_warning(value[0])}, {_show(value[1], depth + 1)})"  # GetProps' (hr, props)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_show(v, depth + 1) for v in value)
        if isinstance(value, tuple):
            return f"({inner},)" if len(value) == 1 else f"({inner})"
        return f"[{inner}]"
    return repr(value)


def _is_tag(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > 0xFFFF and \
        tag_name(value) is not None


def _warning(value: int) -> str | None:
    """The name of a MAPI warning code (``MAPI_W_ERRORS_RETURNED``), else None."""
    from fakemapi.hresult import name_of

    if value <= 0 or isinstance(value, bool):
        return None
    name = name_of(value)
    return name if "_W_" in name else None


def arg_text(call: str, index: int, value: Any) -> str:
    """One argument of a call as a report shows it: flags by name where the call's argument is a
    flags argument, tags by name, entry ids in short."""
    prefixes = FLAG_ARGS.get((call, index))
    if prefixes is not None and isinstance(value, int) and not isinstance(value, bool):
        return flags_text(value, prefixes)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 0xFFFF and tag_name(value):
        return tag_name(value) or repr(value)
    if isinstance(value, str):  # as the trace prints it: unquoted, long ones cut in the middle
        return value if len(value) <= 60 else value[:28] + "..." + value[-28:]
    return show(value, 100)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'MAPI_E_FAILONEPROVIDER'?)`` for the closest candidates, or ``""``."""
    pool = [c for c in candidates if "." in word or "." not in c]  # no qualified doubles
    close = difflib.get_close_matches(word, pool, n=3, cutoff=0.85)
    if close:  # only those about as close as the best
        best = difflib.SequenceMatcher(None, word, close[0]).ratio()
        close = [c for c in close if difflib.SequenceMatcher(None, word, c).ratio() >= best - 0.04]
    if not close:
        return ""
    if len(close) == 1:
        return f" (did you mean {close[0]!r}?)"
    return " (did you mean " + ", ".join(repr(c) for c in close[:-1]) + f" or {close[-1]!r}?)"


def error_names() -> list[str]:
    """Every HRESULT and ec name fakemapi knows (for suggestions)."""
    from fakemapi.hresult import CODES

    return list(CODES)


def event_text(event: Any) -> str:
    """A trace event as one line, as ``str(event)`` has it but with names: flags, tags and entry
    ids of its arguments, tags in its result."""
    where = ""
    if event.connection_id is not None:
        where = f" [conn {event.connection_id}" + (
            f" logon {event.logon_id}]" if event.logon_id is not None else "]")
    args = ", ".join(arg_text(event.call, i, a) for i, a in enumerate(event.args))
    outcome = event.hresult if event.hresult else show(event.result, 100)
    return (f"{event.seq:>6} {event.time_us / 1000:>10.3f}ms {event.process}:{event.actor}."
            f"{event.call}({args}) -> {outcome}{where}")
