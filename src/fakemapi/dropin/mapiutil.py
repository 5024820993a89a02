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

_PT_STRING8, _PT_UNICODE, _MV_FLAG = 0x001E, 0x001F, 0x1000

#: tag -> name, built as pywin32's mapiutil builds it from mapitags (in mapitags order, later names
#: win): a string tag under its _A / _W name, the un-suffixed string name under the bare property
#: id only; any other tag under both its full value and its property id.
prTable: dict[int, str] = {}  # noqa: N816
for _name, _value in MAPITAGS.items():
    if _name.startswith("PR_"):
        if _value & 0xFFFF in (_PT_STRING8, _PT_UNICODE):
            if _name[-2:] in ("_A", "_W"):
                prTable[_value] = _name
            else:
                prTable[_value >> 16] = _name
        else:
            prTable[_value] = _name
            prTable[_value >> 16] = _name

#: property type -> PT_* name (later names win; PT_TSTRING / PT_MV_TSTRING are left out)
ptTable: dict[int, str] = {}  # noqa: N816
for _name, _value in MAPITAGS.items():
    if _name.startswith("PT_") and _name not in ("PT_TSTRING", "PT_MV_TSTRING"):
        ptTable[_value] = _name


def GetScodeString(hr: int) -> str:  # noqa: N802
    """The MAPI_E_* / MAPI_W_* name of ``hr``, else pythoncom's text for it."""
    return mapiErrorTable.get(signed(hr), scode_text(hr))


def GetPropTagName(pt: int) -> str:  # noqa: N802
    """The PR_* name of tag ``pt``, else the name of its property id (so a PT_ERROR tag is named
    too), else its hex form (``hex()``: no padding, no sign)."""
    name = prTable.get(pt)
    if name is None:
        name = prTable.get(pt >> 16)
    if name is not None:
        return name
    return hex(int(pt)).lstrip("-")


def GetMapiTypeName(propType: int, rawType: bool = True) -> str:  # noqa: N802,N803
    """The PT_* name of a property type; with ``rawType`` the MV_FLAG bit is ignored. Unknown
    types give their ``hex()`` form."""
    ptype = propType & ~_MV_FLAG if rawType else propType
    return ptTable.get(ptype, hex(ptype))


def _tag(obj: Any, prop: Any) -> int:
    if isinstance(prop, str):
        if prop not in MAPITAGS:
            raise ValueError(f"unknown property name {prop!r}")
        return MAPITAGS[prop]
    return int(prop) & 0xFFFFFFFF


def GetProperties(obj: Any, propList: Any) -> Any:  # noqa: N802,N803
    """Values of the given tags (or PR_* names). As in pywin32, the whole result is None when any
    property could not be fetched (GetProps returned a warning). A single tag gives a single value."""
    single = not isinstance(propList, (list, tuple))
    tags = [_tag(obj, p) for p in ([propList] if single else propList)]
    hr, props = obj.GetProps(tags, 0)
    if hr != 0:
        return None
    values = [value for _, value in props]
    return values[0] if single else values


def GetAllProperties(obj: Any, make_tag_names: bool = True) -> list[tuple[Any, Any]]:  # noqa: N802
    """Every property of ``obj`` as (name or tag, value)."""
    _, props = obj.GetProps(None, 0)
    return [((GetPropTagName(tag) if make_tag_names else tag), value) for tag, value in props]


def SetPropertyValue(obj: Any, prop: Any, val: Any) -> None:  # noqa: N802
    """Set one property (by tag or PR_* name); ``None`` deletes it. As in pywin32, nothing is saved:
    call SaveChanges."""
    tag = _tag(obj, prop)
    if val is None:
        obj.DeleteProps((tag,))
    else:
        obj.SetProps(((tag, val),))


def SetProperties(msg: Any, propDict: dict[Any, Any]) -> None:  # noqa: N802,N803
    """Set several properties (keys are tags or PR_* names). As in pywin32, nothing is saved."""
    msg.SetProps(tuple((_tag(msg, k), v) for k, v in propDict.items()))
