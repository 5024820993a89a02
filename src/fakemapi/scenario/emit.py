"""Writing scenario YAML: values as the scenario language reads them back (constants and
bindings unquoted, strings escaped so that nothing is read into them, bytes as ``"$b:..."`` or
``!!binary``), and steps as block YAML. Used by the recorder."""

from __future__ import annotations

import base64
import datetime
import math
import re
from typing import Any

from fakemapi.scenario.values import BYTES_PREFIX, TEMPLATE, VERBATIM, constants

#: paths (inside a step read from a file) of strings written unquoted there
Plain = frozenset[tuple[Any, ...]]
LINE_WIDTH = 110


class Ref(str):
    """An argument that is an earlier result, written ``$name`` (``$store1``, ``$rows1.0.0.1``)."""

    __slots__ = ()


class Name(str):
    """A constant or type name, written unquoted (``PR_ENTRYID``, ``MAPI_E_NOT_FOUND``)."""

    __slots__ = ()


def emit_step(item: tuple[dict[str, Any], Plain | None], indent: str) -> list[str]:
    """One step as block YAML. ``plain`` is None for a new step (strings are escaped, tags
    named); else the step was read from the file and is written back as it was."""
    data, plain = item
    lines: list[str] = []
    for i, (key, value) in enumerate(data.items()):
        lead = f"{indent}- " if i == 0 else f"{indent}  "
        key_text = key if isinstance(key, str) and re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_.{}$]*", key) \
            else quote(str(key))
        flow = emit(value, plain, (key,))
        if key != "expect" or not isinstance(value, dict) or len(lead) + len(key_text) + len(flow) + 2 <= LINE_WIDTH:
            lines.append(f"{lead}{key_text}: {flow}")
            continue
        lines.append(f"{lead}{key_text}:")
        for sub, subvalue in value.items():
            lines.extend(_emit_block(str(sub), subvalue, indent + "    ", plain, (key, sub)))
    return lines


def _emit_block(key: str, value: Any, indent: str, plain: Plain | None, path: tuple[Any, ...]) -> list[str]:
    flow = emit(value, plain, path)
    if len(indent) + len(key) + len(flow) + 2 <= LINE_WIDTH or not isinstance(value, (tuple, list)) or not value:
        return [f"{indent}{key}: {flow}"]
    lines = [f"{indent}{key}:"]
    for i, item in enumerate(value):
        lines.append(f"{indent}  - {emit(item, plain, path + (i,))}")
    return lines


def emit(value: Any, plain: Plain | None, path: tuple[Any, ...], tag: bool = False) -> str:
    """One value in YAML flow style, as the scenario language reads it back."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Ref):
        return f"${value}" if re.fullmatch(r"[A-Za-z0-9_.]+", value) else quote(f"${value}")
    if isinstance(value, Name):
        return str(value)
    if isinstance(value, int):
        if tag:
            name = _tag_names().get(value)
            if name is not None:
                return name
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, str):
        if plain is not None:  # as it was read
            return value if path in plain else quote(value)
        if value.startswith("$") or TEMPLATE.search(value):
            value = VERBATIM + value
        return quote(value)
    if isinstance(value, (bytes, bytearray)):
        return _emit_bytes(bytes(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        items = list(value)
        tags = [False] * len(items)
        if plain is None:
            names = _tag_names()
            if items and all(isinstance(v, int) and not isinstance(v, bool) and v in names for v in items):
                tags = [True] * len(items)  # a tag array
            elif len(items) == 2 and isinstance(items[0], int) and not isinstance(items[0], bool) \
                    and items[0] in names:
                tags[0] = True  # a (tag, value) pair
        return "[" + ", ".join(emit(v, plain, path + (i,), t) for i, (v, t) in enumerate(zip(items, tags))) + "]"
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            key = str(k) if isinstance(k, (int, str)) and re.fullmatch(r"[A-Za-z0-9_]+", str(k)) else quote(str(k))
            parts.append(f"{key}: {emit(v, plain, path + (k,))}")
        return "{" + ", ".join(parts) + "}"
    iid = _iid_name(value)
    if iid is not None:
        return iid
    return quote(str(value))


def _emit_bytes(data: bytes) -> str:
    """Mostly text: ``"$b:Mailbox - Alice"`` (other bytes as \\xNN); else ``!!binary``."""
    printable = sum(1 for b in data if 0x20 <= b < 0x7F)
    if data and printable * 2 < len(data):
        return f'!!binary "{base64.b64encode(data).decode("ascii")}"'
    return quote(BYTES_PREFIX + data.decode("latin-1"))


_TAGS: dict[int, str] = {}
_IIDS: dict[str, str] = {}


def _tag_names() -> dict[int, str]:
    """Property tag value -> the name the file writes (the shortest PR_* name that reads back the same)."""
    if not _TAGS:
        from fakemapi.data.mapitags_values import MAPITAGS

        table = constants()
        for name, value in sorted(MAPITAGS.items(), key=lambda kv: (len(kv[0]), kv[0])):
            if name.startswith("PR_") and value >= 0x10000 and table.get(name) == value:
                _TAGS.setdefault(value, name)
    return _TAGS


def _iid_name(value: Any) -> str | None:
    if "IID" not in type(value).__name__:
        return None
    text = str(value).upper()
    if not re.fullmatch(r"\{[0-9A-F-]{36}\}", text):
        return None
    if not _IIDS:
        for name, const in sorted(constants().items(), key=lambda kv: ("." not in kv[0], kv[0])):
            if "IID" in type(const).__name__ or name == "GLOBAL_PROFILE_SECTION":
                _IIDS.setdefault(str(const).upper(), name)
    return _IIDS.get(text) or quote(text)


_NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def quote(text: str) -> str:
    """A YAML double-quoted string: printable characters as they are, others escaped (bytes of a
    ``$b:`` value above 0x7e as ``\\xNN``, so that they read like Python's bytes)."""
    as_bytes = text.startswith(BYTES_PREFIX)
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[ch])
        elif code <= 0xFF and (code < 0x20 or code >= 0x7F) and (as_bytes or not _PRINTABLE.match(ch)):
            out.append(f"\\x{code:02x}")
        elif _PRINTABLE.match(ch):
            out.append(ch)
        elif 0xD800 <= code <= 0xDFFF:
            raise ValueError(f"the string {text[:40]!r} holds a lone surrogate (U+{code:04X}), which a YAML file "
                             f"cannot hold")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'
