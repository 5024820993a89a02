"""The module objects put into ``sys.modules``: built once per Python process, so code that
imported them keeps working across reinstalls; the functions reach the installed fake."""

from __future__ import annotations

from types import ModuleType

from fakemapi.data.emsabtags_values import EMSABTAGS
from fakemapi.data.iids import IIDS
from fakemapi.data.mapi_constants import MAPI_CONSTANTS
from fakemapi.data.mapitags_values import MAPITAGS
from fakemapi.data.propsets import PROPSETS
from fakemapi.dropin import interfaces, pytypes
from fakemapi.dropin.comfunctions import PYWINTYPES_FUNCTIONS, WINERROR_FUNCTIONS
from fakemapi.dropin.functions import EXCHANGE_X86_FUNCTIONS, MAPI_FUNCTIONS
from fakemapi.dropin.missing import module_getattr
from fakemapi.dropin.msgfunctions import IMSG_FUNCTIONS, PYTHONCOM_FUNCTIONS
from fakemapi.dropin.rtf import RTF_FUNCTIONS
from fakemapi.hresult import signed
from fakemapi.tags import PROP_ID, PROP_TAG, PROP_TYPE

# Property-set GUIDs of pywin32's mapi module that iids.tsv does not list (fakemapi/data/propsets.py).
EXTRA_GUIDS: dict[str, str] = {name: guid for name, guid in PROPSETS.items() if name not in IIDS}

WINERROR: dict[str, int] = {
    "S_OK": 0, "S_FALSE": 1, "ERROR_SUCCESS": 0, "ERROR_INVALID_HANDLE": 6, "NOERROR": 0,
    "E_UNEXPECTED": signed(0x8000FFFF), "E_NOTIMPL": signed(0x80004001), "E_NOINTERFACE": signed(0x80004002),
    "E_POINTER": signed(0x80004003), "E_ABORT": signed(0x80004004), "E_FAIL": signed(0x80004005),
    "E_ACCESSDENIED": signed(0x80070005), "E_OUTOFMEMORY": signed(0x8007000E),
    "E_INVALIDARG": signed(0x80070057), "DISP_E_EXCEPTION": signed(0x80020009),
    "CO_E_CLASSSTRING": signed(0x800401F3), "FACILITY_NULL": 0, "FACILITY_RPC": 1, "FACILITY_DISPATCH": 2,
    "FACILITY_STORAGE": 3, "FACILITY_ITF": 4, "FACILITY_WIN32": 7, "FACILITY_WINDOWS": 8,
    "SEVERITY_SUCCESS": 0, "SEVERITY_ERROR": 1,
}


#: pywin32's com/win32com/storagecon.py: storage modes, commit flags, element types
STORAGECON: dict[str, int] = {
    "STGC_DEFAULT": 0, "STGC_OVERWRITE": 1, "STGC_ONLYIFCURRENT": 2, "STGC_DANGEROUSLYCOMMITMERELYTODISKCACHE": 4,
    "STGC_CONSOLIDATE": 8, "STGTY_STORAGE": 1, "STGTY_STREAM": 2, "STGTY_LOCKBYTES": 3, "STGTY_PROPERTY": 4,
    "LOCK_WRITE": 1, "LOCK_EXCLUSIVE": 2, "LOCK_ONLYONCE": 4, "STGM_DIRECT": 0, "STGM_TRANSACTED": 0x00010000,
    "STGM_SIMPLE": 0x08000000, "STGM_READ": 0, "STGM_WRITE": 1, "STGM_READWRITE": 2, "STGM_SHARE_DENY_NONE": 0x40,
    "STGM_SHARE_DENY_READ": 0x30, "STGM_SHARE_DENY_WRITE": 0x20, "STGM_SHARE_EXCLUSIVE": 0x10,
    "STGM_PRIORITY": 0x00040000, "STGM_DELETEONRELEASE": 0x04000000, "STGM_NOSCRATCH": 0x00100000,
    "STGM_CREATE": 0x00001000, "STGM_CONVERT": 0x00020000, "STGM_FAILIFTHERE": 0, "STGM_NOSNAPSHOT": 0x00200000,
    "STGTY_REPEAT": 0x100, "STGMOVE_MOVE": 0, "STGMOVE_COPY": 1, "STGMOVE_SHALLOWCOPY": 2,
}


def _module(name: str, doc: str, package: bool = False) -> ModuleType:
    mod = ModuleType(name, doc)
    mod.__file__ = f"<fakemapi {name}>"
    if package:
        mod.__path__ = []
    return mod


class Modules:
    """Every module install() puts into sys.modules, by name."""

    def __init__(self) -> None:
        self.pywintypes = self._pywintypes()
        self.pythoncom = self._pythoncom()
        self.winerror = self._winerror()
        self.mapitags = self._mapitags()
        self.emsabtags = self._emsabtags()
        self.mapi = self._mapi()
        self.exchange = self._exchange()
        self.mapiutil = self._mapiutil()
        self.win32com = _module("win32com", "fakemapi stand-in for pywin32's win32com", package=True)
        self.win32comext = _module("win32comext", "fakemapi stand-in for pywin32's win32comext", package=True)
        self.mapi_package = _module("win32com.mapi", "fakemapi stand-in for win32com.mapi", package=True)
        for sub in ("mapi", "exchange", "mapitags", "mapiutil", "emsabtags"):
            setattr(self.mapi_package, sub, getattr(self, sub))
        self.win32com.mapi = self.mapi_package  # type: ignore[attr-defined]
        self.storagecon = self._storagecon()
        self.win32com.storagecon = self.storagecon  # type: ignore[attr-defined]
        self.win32comext.mapi = self.mapi_package  # type: ignore[attr-defined]

    def by_name(self) -> dict[str, ModuleType]:
        out = {"pywintypes": self.pywintypes, "pythoncom": self.pythoncom, "winerror": self.winerror,
               "win32com": self.win32com, "win32comext": self.win32comext,
               "win32com.storagecon": self.storagecon}
        for prefix in ("win32com.mapi", "win32comext.mapi"):
            out[prefix] = self.mapi_package
            for sub in ("mapi", "exchange", "mapitags", "mapiutil", "emsabtags"):
                out[f"{prefix}.{sub}"] = getattr(self, sub)
        return out

    def set_flavor(self, flavor: str) -> None:
        """x86 adds the 32-bit EDK helpers to ``exchange``; x64 has only IIDs and flags."""
        for name, fn in EXCHANGE_X86_FUNCTIONS.items():
            if flavor == "x86":
                setattr(self.exchange, name, fn)
            elif hasattr(self.exchange, name):
                delattr(self.exchange, name)

    # --- the modules ----------------------------------------------------------------------------
    @staticmethod
    def _pywintypes() -> ModuleType:
        mod = _module("pywintypes", "fakemapi stand-in for pywintypes")
        mod.com_error = pytypes.com_error  # type: ignore[attr-defined]
        mod.error = pytypes.error  # type: ignore[attr-defined]
        mod.IIDType = pytypes.IID  # type: ignore[attr-defined]
        mod.TimeType = pytypes.TimeType  # type: ignore[attr-defined]
        for name, fn in PYWINTYPES_FUNCTIONS.items():  # IID and Time are functions (dropin/comfunctions.py)
            setattr(mod, name, fn)
        return mod

    @staticmethod
    def _pythoncom() -> ModuleType:
        mod = _module("pythoncom", "fakemapi stand-in for pythoncom")
        mod.com_error = pytypes.com_error  # type: ignore[attr-defined]
        mod.error = pytypes.com_error  # type: ignore[attr-defined]
        mod.ole_error = pytypes.com_error  # type: ignore[attr-defined]
        mod.IID_IUnknown = pytypes.IID("{00000000-0000-0000-C000-000000000046}")  # type: ignore[attr-defined]
        mod.IID_IDispatch = pytypes.IID("{00020400-0000-0000-C000-000000000046}")  # type: ignore[attr-defined]
        mod.IID_IStream = pytypes.IID("{0000000C-0000-0000-C000-000000000046}")  # type: ignore[attr-defined]
        mod.IID_NULL = pytypes.IID("{00000000-0000-0000-0000-000000000000}")  # type: ignore[attr-defined]
        mod.TypeIIDs = dict(interfaces.TYPE_IIDS)  # type: ignore[attr-defined]
        mod.COINIT_MULTITHREADED = 0  # type: ignore[attr-defined]
        mod.COINIT_APARTMENTTHREADED = 2  # type: ignore[attr-defined]
        for name, fn in PYTHONCOM_FUNCTIONS.items():  # module functions (dropin/msgfunctions.py)
            setattr(mod, name, fn)
        mod.IID_IStorage = pytypes.IID("{0000000B-0000-0000-C000-000000000046}")  # type: ignore[attr-defined]
        mod.CLSCTX_INPROC_SERVER = 1  # type: ignore[attr-defined]
        mod.CLSCTX_ALL = 23  # type: ignore[attr-defined]
        mod.IID_ILockBytes = pytypes.IID("{0000000A-0000-0000-C000-000000000046}")  # type: ignore[attr-defined]
        return mod

    @staticmethod
    def _winerror() -> ModuleType:
        mod = _module("winerror", "fakemapi stand-in for winerror")
        for name, value in WINERROR.items():
            setattr(mod, name, value)

        for name, fn in WINERROR_FUNCTIONS.items():  # pywin32's winerror.py helpers (dropin/comfunctions.py)
            setattr(mod, name, fn)
        return mod

    @staticmethod
    def _mapitags() -> ModuleType:
        mod = _module("win32com.mapi.mapitags", "fakemapi stand-in for pywin32's mapitags")
        for name, value in MAPITAGS.items():
            setattr(mod, name, value)
        mod.PROP_TAG = PROP_TAG  # type: ignore[attr-defined]
        mod.PROP_ID = PROP_ID  # type: ignore[attr-defined]
        mod.PROP_TYPE = PROP_TYPE  # type: ignore[attr-defined]
        return mod

    def _emsabtags(self) -> ModuleType:
        mod = _module("win32com.mapi.emsabtags", "fakemapi stand-in for pywin32's emsabtags")
        for name, value in MAPITAGS.items():
            if name.startswith("PT_"):
                setattr(mod, name, value)
        mod.PROP_TAG = PROP_TAG  # type: ignore[attr-defined]
        for name, value in EMSABTAGS.items():
            setattr(mod, name, value)
        return mod

    @staticmethod
    def _mapi() -> ModuleType:
        mod = _module("win32com.mapi.mapi", "fakemapi stand-in for pywin32's mapi")
        for name, value in MAPI_CONSTANTS.items():
            setattr(mod, name, value)
        for name, (guid, module) in IIDS.items():
            if module == "mapi":
                setattr(mod, name, pytypes.IID(guid))
        for name, guid in EXTRA_GUIDS.items():
            setattr(mod, name, pytypes.IID(guid))
        for name, fn in MAPI_FUNCTIONS.items():
            setattr(mod, name, fn)
        for name, fn in RTF_FUNCTIONS.items():
            setattr(mod, name, fn)
        for name, fn in IMSG_FUNCTIONS.items():
            setattr(mod, name, fn)
        mod.__getattr__ = module_getattr("win32com.mapi.mapi", "mapi")  # type: ignore[method-assign]
        return mod

    @staticmethod
    def _exchange() -> ModuleType:
        mod = _module("win32com.mapi.exchange", "fakemapi stand-in for pywin32's exchange")
        for name, (guid, module) in IIDS.items():
            if module == "exchange":
                setattr(mod, name, pytypes.IID(guid))
        for name, value in (("OPENSTORE_USE_ADMIN_PRIVILEGE", 1), ("OPENSTORE_PUBLIC", 2),
                            ("OPENSTORE_HOME_LOGON", 4), ("OPENSTORE_TAKE_OWNERSHIP", 8),
                            ("OPENSTORE_OVERRIDE_HOME_MDB", 0x10)):
            setattr(mod, name, value)
        return mod

    @staticmethod
    def _storagecon() -> ModuleType:
        mod = _module("win32com.storagecon", "fakemapi stand-in for pywin32's win32com.storagecon")
        for name, value in STORAGECON.items():
            setattr(mod, name, value)
        return mod

    def _mapiutil(self) -> ModuleType:
        from fakemapi.dropin import mapiutil

        mod = _module("win32com.mapi.mapiutil", "fakemapi stand-in for pywin32's mapiutil")
        for name in mapiutil.__all__:
            setattr(mod, name, getattr(mapiutil, name))
        return mod


_BUILT: list[Modules] = []


def modules() -> Modules:
    """The module set, built on first use."""
    if not _BUILT:
        _BUILT.append(Modules())
    return _BUILT[0]
