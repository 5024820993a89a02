"""``win32com.mapi.mapiutil`` as pywin32 has it: names for tags, codes and types, and the
property helpers. Written from the behaviour of pywin32's pure-Python
``com/win32comext/mapi/mapiutil.py``, not copied:

- A key that is not an ``int`` (a ``str``) names a named property in PS_PUBLIC_STRINGS, found
  with ``GetIDsFromNames`` (created, with MAPI_CREATE, when setting). It is never a PR_* name.
- ``GetProperties`` asks for such a property as PT_UNSPECIFIED; the whole result is None when
  GetProps returns anything but 0 (a missing property, an unknown name).
- ``SetPropertyValue`` types a named property from the value: a value equal to True or False
  (so 0 and 1 too) is PT_BOOLEAN, else float PT_DOUBLE, int PT_I4, bytes PT_STRING8, str
  PT_UNICODE, None PT_UNSPECIFIED (None deletes); anything else is a ValueError.
  ``SetProperties`` types them str PT_UNICODE, int PT_I4 (bool included), pywintypes.TimeType
  PT_SYSTIME, anything else a ValueError. Neither saves: the caller calls SaveChanges.
- ``GetAllProperties`` reads ``GetPropList(0)`` then ``GetProps``, and names each property by
  ``GetNamesFromIDs``: a string name where the property has one, else its PR_* name.
"""

from __future__ import annotations

from typing import Any

from fakemapi.data.mapi_constants import MAPI_CONSTANTS
from fakemapi.data.mapitags_values import MAPITAGS
from fakemapi.data.propsets import PROPSETS
from fakemapi.dropin.pytypes import IID, TimeType, scode_text

__all__ = ["mapiErrorTable", "GetScodeString", "GetPropTagName", "GetMapiTypeName", "GetProperties",
           "GetAllProperties", "SetPropertyValue", "SetProperties", "prTable", "ptTable"]

#: HRESULT -> MAPI_E_* / MAPI_W_* name, from the mapi module's values (negative ints for errors)
mapiErrorTable: dict[int, str] = {  # noqa: N816 - pywin32's name
    value: name for name, value in MAPI_CONSTANTS.items() if name[:7] in ("MAPI_E_", "MAPI_W_")
}

_PT_UNSPECIFIED, _PT_I4, _PT_DOUBLE, _PT_BOOLEAN = 0x0000, 0x0003, 0x0005, 0x000B
_PT_SYSTIME, _PT_STRING8, _PT_UNICODE, _MV_FLAG = 0x0040, 0x001E, 0x001F, 0x1000
_MAPI_CREATE = 0x2
PS_PUBLIC_STRINGS = IID(PROPSETS["PS_PUBLIC_STRINGS"])

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


def _prop_tag(ptype: int, pid: int) -> int:
    return (pid << 16) | ptype


def _prop_id(tag: int) -> int:
    return tag >> 16


def GetScodeString(hr: int) -> str:  # noqa: N802
    """The MAPI_E_* / MAPI_W_* name of ``hr`` (as the mapi module has the value: errors are
    negative ints), else pythoncom.GetScodeString's text for it."""
    return mapiErrorTable.get(hr, scode_text(hr))


def GetPropTagName(pt: int) -> str:  # noqa: N802
    """The PR_* name of tag ``pt``, else the name of its property id (so a PT_ERROR tag is named
    too), else its hex form (``hex()``: no padding, no sign)."""
    name = prTable.get(pt)
    if name is None:
        name = prTable.get(_prop_id(pt))
    if name is not None:
        return name
    return hex(int(pt)).lstrip("-")


def GetMapiTypeName(propType: int, rawType: bool = True) -> str:  # noqa: N802,N803
    """The PT_* name of a property type; with ``rawType`` the MV_FLAG bit is ignored. Unknown
    types give their ``hex()`` form."""
    ptype = propType & ~_MV_FLAG if rawType else propType
    return ptTable.get(ptype, str(hex(ptype)))


def GetProperties(obj: Any, propList: Any) -> Any:  # noqa: N802,N803
    """Values of the given tags; a key that is not an int is a PS_PUBLIC_STRINGS name. None
    when GetProps returns anything but 0. A single key gives a single value."""
    ret_list = isinstance(propList, (tuple, list))
    keys = propList if ret_list else (propList,)
    tags = []
    for prop in keys:
        if not isinstance(prop, int):
            ids = obj.GetIDsFromNames(((PS_PUBLIC_STRINGS, prop),), 0)
            prop = _prop_tag(_PT_UNSPECIFIED, _prop_id(ids[0]))
        tags.append(prop)
    hr, data = obj.GetProps(tags, 0)
    if hr != 0:
        return None
    if ret_list:
        return [value for _, value in data]
    return data[0][1]


def GetAllProperties(obj: Any, make_tag_names: bool = True) -> list[tuple[Any, Any]]:  # noqa: N802
    """Every property of ``obj`` as (name, value): a named property's string name, else its
    PR_* name (``make_tag_names`` False: the tag)."""
    tags = obj.GetPropList(0)
    _, data = obj.GetProps(tags)
    out: list[tuple[Any, Any]] = []
    for tag, value in data:
        if make_tag_names:
            _, _, names = obj.GetNamesFromIDs((tag,))
            # an id with no name gives None here, and pywin32's mapiutil fails on it (TypeError)
            name = names[0][1] if isinstance(names[0][1], str) else GetPropTagName(tag)
        else:
            name = tag
        out.append((name, value))
    return out


_TYPE_OF_VALUE: dict[type, int] = {
    float: _PT_DOUBLE, int: _PT_I4, bytes: _PT_STRING8, str: _PT_UNICODE,
    type(None): _PT_UNSPECIFIED, bool: _PT_BOOLEAN,
}


def SetPropertyValue(obj: Any, prop: Any, val: Any) -> None:  # noqa: N802
    """Set one property; a key that is not an int is a PS_PUBLIC_STRINGS name (created), typed
    from the value. ``None`` deletes it. Nothing is saved: call SaveChanges."""
    if not isinstance(prop, int):
        ids = obj.GetIDsFromNames(((PS_PUBLIC_STRINGS, prop),), _MAPI_CREATE)
        if val == True or val == False:  # noqa: E712 - pywin32 compares by value: 0 and 1 too
            ptype = _PT_BOOLEAN
        else:
            found = _TYPE_OF_VALUE.get(type(val))
            if found is None:
                raise ValueError(f"Don't know what to do with '{val!r}' ('{type(val)}')")
            ptype = found
        prop = _prop_tag(ptype, _prop_id(ids[0]))
    if val is None:
        obj.DeleteProps((prop,))
    else:
        obj.SetProps(((prop, val),))


def SetProperties(msg: Any, propDict: dict[Any, Any]) -> None:  # noqa: N802,N803
    """Set several properties in one SetProps (and at most one GetIDsFromNames, with
    MAPI_CREATE, for the str keys). Nothing is saved: call SaveChanges."""
    names = [(PS_PUBLIC_STRINGS, key) for key in propDict if isinstance(key, str)]
    ids: Any = msg.GetIDsFromNames(names, _MAPI_CREATE) if names else ()
    at = 0
    pairs = []
    for key, val in propDict.items():
        if isinstance(key, str):
            if isinstance(val, str):
                ptype = _PT_UNICODE
            elif isinstance(val, int):
                ptype = _PT_I4
            elif isinstance(val, TimeType):
                ptype = _PT_SYSTIME
            else:
                raise ValueError(f"The type of object {val!r}({type(val)}) can not be written")
            key = _prop_tag(ptype, _prop_id(ids[at]))
            at += 1
        pairs.append((key, val))
    msg.SetProps(pairs)
