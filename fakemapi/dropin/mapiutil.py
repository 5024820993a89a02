"""``win32com.mapi.mapiutil`` as pywin32 has it: names for tags, codes and types, and the
property helpers. Written from pywin32's documented behaviour, not copied."""

from __future__ import annotations

from typing import Any

from fakemapi.data.hresult_values import HRESULTS
from fakemapi.data.mapi_constants import MAPI_CONSTANTS
from fakemapi.data.mapitags_values import MAPITAGS
from fakemapi.dropin.pytypes import scode_text
from fakemapi.hresult import signed

__all__ = ["mapiErrorTable", "GetScodeString", "GetPropTagName", "GetMapiTypeName", "GetProperties",
           "GetAllProperties", "SetPropertyValue", "SetProperties", "prTable", "ptTable"]

#: signed HRESULT -> MAPI_E_* / MAPI_W_* name, as mapiutil builds it from the mapi module
mapiErrorTable: dict[int, str] = {  # noqa: N816 - pywin32's name
    value: name for name, value in MAPI_CONSTANTS.items() if name[:7] in ("MAPI_E_", "MAPI_W_")
}
for _name, _value in HRESULTS.items():
    mapiErrorTable.setdefault(signed(_value), _name)

#: tag -> name (the shortest name wins where _W / _A variants share a value)
prTable: dict[int, str] = {}  # noqa: N816
for _name, _value in sorted(MAPITAGS.items(), key=lambda kv: (len(kv[0]), kv[0])):
    if _name.startswith("PR_"):
        prTable.setdefault(_value, _name)

#: property type -> PT_* name
ptTable: dict[int, str] = {}  # noqa: N816
for _name, _value in sorted(MAPITAGS.items(), key=lambda kv: (len(kv[0]), kv[0])):
    if _name.startswith("PT_"):
        ptTable.setdefault(_value, _name)


def GetScodeString(hr: int) -> str:  # noqa: N802
    """The MAPI_E_* / MAPI_W_* name of ``hr``, else pythoncom's text for it."""
    return mapiErrorTable.get(signed(hr), scode_text(hr))


def GetPropTagName(pt: int) -> str:  # noqa: N802
    """The PR_* name of tag ``pt``; for an unknown tag, its hex form."""
    tag = pt & 0xFFFFFFFF
    name = prTable.get(tag)
    if name is not None:
        return name
    ptype = tag & 0xFFFF
    if ptype in (0x001E, 0x001F):  # the other string width
        other = prTable.get((tag & 0xFFFF0000) | (0x001F if ptype == 0x001E else 0x001E))
        if other is not None:
            return other + ("_A" if ptype == 0x001E else "_W") if not other.endswith(("_A", "_W")) else other
    return f"0x{tag:08x}"


def GetMapiTypeName(propType: int, rawType: bool = True) -> str:  # noqa: N802,N803
    """The PT_* name of a property type (or of a tag's type when ``rawType`` is False)."""
    ptype = propType if rawType else propType & 0xFFFF
    return ptTable.get(ptype & 0xFFFF, f"0x{ptype & 0xFFFF:04x}")


def _tag(obj: Any, prop: Any) -> int:
    if isinstance(prop, str):
        if prop not in MAPITAGS:
            raise ValueError(f"unknown property name {prop!r}")
        return MAPITAGS[prop]
    return int(prop) & 0xFFFFFFFF


def GetProperties(obj: Any, propList: Any) -> Any:  # noqa: N802,N803
    """Values of the given tags (or PR_* names); errors come back as None. A single tag gives a
    single value."""
    single = not isinstance(propList, (list, tuple))
    tags = [_tag(obj, p) for p in ([propList] if single else propList)]
    _, props = obj.GetProps(tags, 0)
    values = [None if (tag & 0xFFFF) == 0x000A and (want & 0xFFFF) != 0x000A else value
              for (tag, value), want in zip(props, tags)]
    return values[0] if single else values


def GetAllProperties(obj: Any, make_tag_names: bool = True) -> list[tuple[Any, Any]]:  # noqa: N802
    """Every property of ``obj`` as (name or tag, value)."""
    _, props = obj.GetProps(None, 0)
    return [((GetPropTagName(tag) if make_tag_names else tag), value) for tag, value in props]


def SetPropertyValue(obj: Any, prop: Any, val: Any) -> None:  # noqa: N802
    """Set one property (by tag or PR_* name) and save."""
    obj.SetProps(((_tag(obj, prop), val),))
    obj.SaveChanges(0)


def SetProperties(msg: Any, propDict: dict[Any, Any]) -> None:  # noqa: N802,N803
    """Set several properties (keys are tags or PR_* names) and save."""
    msg.SetProps(tuple((_tag(msg, k), v) for k, v in propDict.items()))
    msg.SaveChanges(0)
