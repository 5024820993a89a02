"""Stand-ins for the pywintypes / pythoncom types that MAPI code touches.

They are made once per Python process so that ``except pywintypes.com_error`` written against
one install still matches errors raised after a reinstall.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from fakemapi.hresult import signed, unsigned

_SYSTEM_TEXT = {
    0x80004005: "Unspecified error",
    0x80004002: "No such interface supported",
    0x80070005: "Access is denied.",
    0x80070057: "The parameter is incorrect.",
    0x8007000E: "Not enough memory resources are available to complete this operation.",
    0x80004001: "Not implemented",
}


def scode_text(hr: int) -> str:
    """What pythoncom.GetScodeString / com_error.strerror give: system text where Windows has
    one, else ``'OLE error 0x8004010f'`` (clients must not parse it)."""
    value = unsigned(hr)
    return _SYSTEM_TEXT.get(value, f"OLE error 0x{value:08x}")


class com_error(Exception):  # noqa: N801 - pywin32's name
    """pywintypes.com_error: ``args == (hresult, strerror, excepinfo, argerror)``.

    pywin32 defines it (and :class:`error`) with ``PyRun_String`` in a namespace whose
    ``__name__`` is ``"pywintypes"`` (win32/src/PyWinTypesmodule.cpp:807-850), so its
    ``__module__`` is ``pywintypes`` and ``__qualname__`` ``com_error``; tracebacks print
    ``pywintypes.com_error: ...``."""

    __module__ = "pywintypes"

    def __init__(self, *args: Any, **kw: Any) -> None:
        self.hresult = args[0] if len(args) > 0 else None
        self.strerror = args[1] if len(args) > 1 else None
        self.excepinfo = args[2] if len(args) > 2 else None
        self.argerror = args[3] if len(args) > 3 else None
        Exception.__init__(self, *args, **kw)

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled through this module, so a process without the fake's "pywintypes" in
        # sys.modules (a pool's parent) still unpickles it
        return _rebuild, ("com_error", self.args), self.__dict__


class error(Exception):  # noqa: N801 - pywintypes.error
    """pywintypes.error: ``(winerror, funcname, strerror)``; ``__module__`` ``pywintypes``, as
    :class:`com_error`."""

    __module__ = "pywintypes"

    def __init__(self, *args: Any, **kw: Any) -> None:
        self.winerror = args[0] if len(args) > 0 else None
        self.funcname = args[1] if len(args) > 1 else None
        self.strerror = args[2] if len(args) > 2 else None
        Exception.__init__(self, *args, **kw)

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, ("error", self.args), self.__dict__


def _rebuild(name: str, args: tuple[Any, ...]) -> Exception:
    """Unpickle a :class:`com_error` or :class:`error`."""
    cls: type[Exception] = com_error if name == "com_error" else error
    return cls(*args)


def make_com_error(hr: int) -> com_error:
    value = signed(hr)
    return com_error(value, scode_text(value), None, None)


class IID:
    """pywintypes.IIDType (PyIID): hashable; ``str()`` gives ``{...}``; equal to an equal IID only:
    PyIID's richcompare answers NotImplemented for anything that is not a PyIID
    (win32/src/PyIID.cpp:179-184), so an IID never equals its string form."""

    __slots__ = ("_uuid",)

    def __init__(self, value: Any, is_bytes: bool = False) -> None:
        if isinstance(value, IID):
            self._uuid: uuid.UUID = value._uuid
        elif isinstance(value, uuid.UUID):
            self._uuid = value
        elif is_bytes or isinstance(value, (bytes, bytearray)):
            data = bytes(value)
            if len(data) != 16:
                raise ValueError("a byte IID must be 16 bytes long")
            self._uuid = uuid.UUID(bytes_le=data)
        elif isinstance(value, str):
            try:
                self._uuid = uuid.UUID(value.strip())
            except ValueError:
                raise com_error(signed(0x800401F3), "Invalid class string", None, None) from None
        else:
            raise TypeError(f"Only strings and iids can be converted to a CLSID, not {type(value).__name__}")

    @property
    def uuid(self) -> uuid.UUID:
        return self._uuid

    def __str__(self) -> str:
        return "{" + str(self._uuid).upper() + "}"

    def __repr__(self) -> str:
        return f"IID('{self}')"

    def __hash__(self) -> int:
        return hash(self._uuid)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IID):
            return self._uuid == other._uuid
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __bytes__(self) -> bytes:
        return self._uuid.bytes_le


def as_uuid(value: Any, what: str = "iid") -> uuid.UUID:
    """PyWinObject_AsIID: an IID, or a '{...}' string; anything else raises TypeError."""
    if isinstance(value, IID):
        return value.uuid
    if isinstance(value, str):
        return IID(value).uuid
    raise TypeError(f"{what}: Only strings and iids can be converted to a CLSID, not {type(value).__name__}")


class TimeType(datetime.datetime):
    """pywintypes.TimeType: a timezone-aware datetime subclass."""

    def Format(self, fmt: str = "%c") -> str:  # noqa: N802 - pywin32's name
        return self.strftime(fmt)
