"""The one table of result codes. Every error the model raises goes through :func:`fail`.

Codes are kept unsigned here (``0x8004011D``); pywin32 shows them signed, and the drop-in
layer converts with :func:`signed`. Server-side (wire) codes are the ``ec*`` names; a
:class:`MapiError` carries the HRESULT the client sees and, separately, the provider's
low-level cause, which ``GetLastError`` reports.
"""

from __future__ import annotations

from fakemapi.data.ec_values import EC_CODES
from fakemapi.data.hresult_values import HRESULTS

#: Codes that are not in pywin32's ``mapi`` module but that the model needs.
EXTRA_CODES: dict[str, int] = {
    "S_OK": 0x00000000,
    "E_FAIL": 0x80004005,  # same number as MAPI_E_CALL_FAILED
    "E_INVALIDARG": 0x80070057,
    "E_NOINTERFACE": 0x80004002,
    "EDK_E_NOT_FOUND": 0x800B0001,  # exchange-edk.tsv: HrMailboxLogon's mapping of MAPI_E_NOT_FOUND
    # IStream errors (winerror.h), for streams from OpenProperty
    "STG_E_INVALIDFUNCTION": 0x80030001,
    "STG_E_ACCESSDENIED": 0x80030005,
    "STG_E_SEEKERROR": 0x80030019,  # MS-OXCPRPT 3.2.5.18: StreamSeekError
    "STG_E_MEDIUMFULL": 0x80030070,  # MS-OXCPRPT: StreamSizeError
    "E_NOTIMPL": 0x80004001,  # winerror.h; IStream::Revert on a property stream
    # compound-file errors (winerror.h), for StgCreateDocfile / StgOpenStorage
    "STG_E_FILENOTFOUND": 0x80030002,
    "STG_E_INVALIDFLAG": 0x800300FF,
    "STG_E_FILEALREADYEXISTS": 0x80030050,
    # a compound file past MS-CFB 2.9's 2 GB for 512-byte sectors (winerror.h: "The compound file
    # is too large for the current implementation"; that Commit answers it is inferred)
    "STG_E_DOCFILETOOLARGE": 0x80030111,
    # CoCreateInstance of a class that is not registered (winerror.h)
    "REGDB_E_CLASSNOTREG": 0x80040154,
    # CoCreateInstance with an outer unknown, of a class that cannot be aggregated (winerror.h)
    "CLASS_E_NOAGGREGATION": 0x80040110,
    # StgOpenStorage with a NULL name (winerror.h; StgOpenStorage's documented STG_E_INVALIDNAME)
    "STG_E_INVALIDNAME": 0x800300FC,
    # an IStorage whose element was destroyed, renamed or moved away under it (winerror.h)
    "STG_E_REVERTED": 0x80030102,
}

#: name -> unsigned code, for every name the project knows.
CODES: dict[str, int] = {**EC_CODES, **EXTRA_CODES, **HRESULTS}

#: unsigned code -> preferred name (MAPI names win over ec names that share a number).
NAMES: dict[int, str] = {}
for _name, _value in list(EC_CODES.items()) + list(EXTRA_CODES.items()) + list(HRESULTS.items()):
    NAMES[_value] = _name
NAMES[0x80004005] = "MAPI_E_CALL_FAILED"


def code(name: str) -> int:
    """The unsigned code for ``name``; KeyError names the unknown code."""
    try:
        return CODES[name]
    except KeyError:
        raise KeyError(f"unknown result code name {name!r}") from None


def signed(value: int) -> int:
    """The signed 32-bit form pywin32 exposes (``0x8004011D`` -> ``-2147221219``)."""
    value &= 0xFFFFFFFF
    return value - 0x100000000 if value & 0x80000000 else value


def unsigned(value: int) -> int:
    return value & 0xFFFFFFFF


def name_of(value: int) -> str:
    """``MAPI_E_FAILONEPROVIDER`` for either sign of the code; hex text when unknown."""
    value = unsigned(value)
    return NAMES.get(value, f"0x{value:08X}")


def failed(value: int) -> bool:
    return bool(unsigned(value) & 0x80000000)


class MapiError(Exception):
    """A failed MAPI call inside the model.

    ``hr`` is what the client sees; ``low_level`` is the provider's cause (an ec code, or 0),
    reported by ``GetLastError(hr, 0)`` as lowLevelError; ``component`` names the provider.
    """

    __slots__ = ("hr", "low_level", "component", "detail")

    def __init__(self, hr: int, low_level: int = 0, component: str = "", detail: str = "") -> None:
        super().__init__(hr, detail)
        self.hr = hr
        self.low_level = low_level
        self.component = component
        self.detail = detail

    @property
    def name(self) -> str:
        return name_of(self.hr)

    def __str__(self) -> str:
        text = self.name
        if self.low_level:
            text += f" (cause {name_of(self.low_level)})"
        if self.detail:
            text += f": {self.detail}"
        return text


def fail(name: str, *, ec: str | None = None, component: str = "", detail: str = "") -> MapiError:
    """Build the error for ``name`` (raise it: ``raise fail("MAPI_E_NOT_FOUND")``)."""
    return MapiError(code(name), code(ec) if ec else 0, component, detail)
