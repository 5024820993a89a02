"""Module functions of the fake ``pythoncom``, ``pywintypes`` and ``winerror`` that need no MAPI:
COM initialisation, IIDs, times and result-code helpers, each parsed by the signature table
(``pythoncom.*`` from com/win32com/src/PythonCOM.cpp, ``pywintypes.*`` from win32/src/PyIID.cpp
and PyTime.cpp; ``winerror.*`` is Python in pywin32, win32/Lib/winerror.py)."""

from __future__ import annotations

import datetime
import inspect
import warnings
from typing import Any, Callable

from fakemapi.dropin import convert as c
from fakemapi.dropin.functions import parsed
from fakemapi.dropin.pytypes import IID as PyIID  # noqa: N811 - pywintypes.IID is the function below
from fakemapi.dropin.pytypes import TimeType, scode_text

_UTC = datetime.timezone.utc


# --- pythoncom (com/win32com/src/PythonCOM.cpp) ----------------------------------------------
@parsed("pythoncom")
def CoInitialize() -> None:  # noqa: N802
    """``":CoInitialize"``: COM needs no initialising here."""
    return None


@parsed("pythoncom")
def CoInitializeEx(flags: int, /) -> None:  # noqa: N802
    """``"l:CoInitializeEx"``: any flags (pywin32 hands them to CoInitializeEx unchecked)."""
    return None


@parsed("pythoncom")
def CoUninitialize() -> None:  # noqa: N802
    """No PyArg_ParseTuple (PythonCOM.cpp:983): takes any arguments and ignores them."""
    return None


CoUninitialize.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [inspect.Parameter("args", inspect.Parameter.VAR_POSITIONAL)])


@parsed("pythoncom")
def GetScodeString(scode: int, /) -> str:  # noqa: N802
    """``"k"``: the system's text for an HRESULT, or ``'OLE error 0x8004010f'``."""
    return scode_text(scode)


def new_iid(value: Any, is_bytes: int) -> PyIID:
    """PyWinMethod_NewIID (win32/src/PyIID.cpp:11) after its ``"O|i"`` parse."""
    if is_bytes:
        data = c.buffer_view(value)  # PyWinBufferView: TypeError for a non-buffer
        if len(data) < 16:
            raise ValueError(f"string too small - must be at least 16 bytes (got {len(data)})")
        return PyIID(data[:16], is_bytes=True)
    if isinstance(value, PyIID):  # PyIID_Check: the same object back (PyIID.cpp:33)
        return value
    # PyWinObject_AsWCHAR: str only, None refused (PyIID.cpp:37); CLSIDFromString reads a C string
    return PyIID(c.as_iid(c.wchar_text(value)))


@parsed("pythoncom")
def MakeIID(iidString: Any, is_bytes: int, /) -> PyIID:  # noqa: N802,N803
    """pywintypes.IID after ``DeprecationWarning`` (PythonCOM.cpp:730)."""
    warnings.warn("MakeIID is deprecated - please use pywintypes.IID() instead.", DeprecationWarning, stacklevel=3)
    return new_iid(iidString, is_bytes)


# --- pywintypes (win32/src/PyIID.cpp, PyTime.cpp) ----------------------------------------------
@parsed("pywintypes")
def IID(iidString: Any, is_bytes: int, /) -> PyIID:  # noqa: N802,N803
    """``"O|i"`` (PyIID.cpp:20): an IID from its string (``{...}``; CLSIDFromString, else
    com_error CO_E_CLASSSTRING), from a PyIID (the same object), or with ``is_bytes`` from the
    first 16 bytes of a buffer."""
    return new_iid(iidString, is_bytes)


#: the last second Windows' _mktime64 converts: 3000-12-31 23:59:59 UTC (Microsoft's mktime reference)
_MKTIME_MAX = 32535215999


def _from_timestamp(seconds: float) -> TimeType:
    """DateTime_FromTimestamp (PyTime.cpp:408): Windows' localtime fails before 1970, which
    CPython raises as OSError and pywin32 turns into ValueError (PyTime.cpp:410-413)."""
    if seconds < 0:
        raise ValueError("invalid timestamp")
    try:
        when = datetime.datetime.fromtimestamp(seconds, _UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError("invalid timestamp") from None
    return TimeType(when.year, when.month, when.day, when.hour, when.minute, when.second, when.microsecond,
                    tzinfo=_UTC)


def _from_timetuple(value: Any) -> TimeType:
    """gettmarg (PyTime.cpp:226): ``"iiiiiiiii|i"`` on the tuple (nine fields and an optional
    millisecond one), two-digit years, then mktime (the machine runs in UTC), which Windows does
    from 1970 to the year 3000 only."""
    items = tuple(value)
    if not 9 <= len(items) <= 10:
        word = "at least" if len(items) < 9 else "at most"
        bound = 9 if len(items) < 9 else 10
        raise TypeError(f"function takes {word} {bound} arguments ({len(items)} given)")
    year, month, day, hour, minute, second, _, _, _, *rest = (c.fmt_i(v, "", i + 1) for i, v in enumerate(items))
    millisecond = rest[0] if rest else 0
    if year < 1900:
        if 69 <= year <= 99:
            year += 1900
        elif 0 <= year <= 68:
            year += 2000
        else:
            raise ValueError("year out of range")
    try:
        start = datetime.datetime(year, 1, 1, tzinfo=_UTC)
        when = start + datetime.timedelta(days=_days_before(year, month) + day - 1, hours=hour, minutes=minute,
                                          seconds=second)
    except (OverflowError, ValueError):
        raise OverflowError("mktime argument out of range") from None
    seconds = when.timestamp()
    if not 0 <= seconds <= _MKTIME_MAX:  # _mktime64's range; -1 is PyTime.cpp:314-316's error
        raise OverflowError("mktime argument out of range")
    return _from_timestamp(seconds + millisecond / 1000.0)


def _days_before(year: int, month: int) -> int:
    """Days from 1 January to the first of ``month`` (mktime normalises months out of 1..12)."""
    first = datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return (first - datetime.date(year, 1, 1)).days


@parsed("pywintypes")
def Time(timeRepr: Any, /) -> datetime.datetime:  # noqa: N802,N803
    """``"O"`` (PyTime.cpp:60), then PyWin_NewTime (PyTime.cpp:260): a datetime as it is; an
    object with ``timetuple()`` by its tuple; a number through ``int()`` and a C long (POSIX
    seconds); a time tuple. The result is a UTC pywintypes.TimeType (pywin32 gives local time,
    naive; fakemapi's machine runs in UTC)."""
    if isinstance(timeRepr, datetime.datetime):
        return timeRepr
    value = timeRepr
    method = getattr(value, "timetuple", None)
    if method is not None:
        value = method()
    kind = type(value)
    if hasattr(kind, "__index__") or hasattr(kind, "__int__") or hasattr(kind, "__float__"):  # PyNumber_Check
        seconds = c.as_long(int(value))  # PyNumber_Long, then PyLong_AsLong (32-bit)
        if seconds == -1:
            raise TypeError("bad argument type for built-in operation")  # PyErr_BadArgument (PyTime.cpp:289)
        return _from_timestamp(seconds)
    if c._is_sequence(value):
        return _from_timetuple(value)
    raise TypeError(f"Objects of type '{kind.__name__}' can not be used as a time object")


# --- winerror (win32/Lib/winerror.py: Python) ---------------------------------------------------
# plain functions as pywin32's are (keyword arguments work); their table entries are ``python``
def SUCCEEDED(hr: Any) -> bool:  # noqa: N802
    """winerror.py:3411: ``hr >= 0`` (a signed HRESULT, as pywin32 gives them)."""
    return bool(hr >= 0)


def FAILED(hr: Any) -> bool:  # noqa: N802
    """winerror.py:3415: ``hr < 0`` (so an unsigned ``0x80004005`` is not FAILED)."""
    return bool(hr < 0)


def HRESULT_CODE(hr: Any) -> Any:  # noqa: N802
    """winerror.py:3419."""
    return hr & 0xFFFF


def SCODE_CODE(sc: Any) -> Any:  # noqa: N802
    """winerror.py:3423."""
    return sc & 0xFFFF


def HRESULT_FACILITY(hr: Any) -> Any:  # noqa: N802
    """winerror.py:3427."""
    return (hr >> 16) & 0x1FFF


def SCODE_FACILITY(sc: Any) -> Any:  # noqa: N802
    """winerror.py:3431."""
    return (sc >> 16) & 0x1FFF


def HRESULT_SEVERITY(hr: Any) -> Any:  # noqa: N802
    """winerror.py:3435."""
    return (hr >> 31) & 0x1


def SCODE_SEVERITY(sc: Any) -> Any:  # noqa: N802
    """winerror.py:3439."""
    return (sc >> 31) & 0x1


PYTHONCOM_BASIC_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (CoInitialize, CoInitializeEx, CoUninitialize, GetScodeString, MakeIID)
}
PYWINTYPES_FUNCTIONS: dict[str, Callable[..., Any]] = {"IID": IID, "Time": Time}
WINERROR_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (SUCCEEDED, FAILED, HRESULT_CODE, SCODE_CODE, HRESULT_FACILITY, SCODE_FACILITY,
                            HRESULT_SEVERITY, SCODE_SEVERITY)
}
