"""What the fake pythoncom / pywintypes / winerror functions accept and refuse, as pywin32's code
does: com/win32com/src/PythonCOM.cpp, PyStorage.cpp, win32/src/PyIID.cpp, PyTime.cpp,
PyWinTypesmodule.cpp and win32/Lib/winerror.py (pywin32 @ 3cc9680c). Refusals are pywin32's
exact exception types and messages; a refused call leaves nothing behind."""

from __future__ import annotations

import datetime
import pickle
import sys
import traceback
import uuid
from pathlib import Path
from typing import Any

import pytest
from test_contents_kit import fk, pw, raises  # noqa: F401 - fk: the fixture every test here uses

from fakemapi.dropin.modules import modules

UTC = datetime.timezone.utc
STGM_CREATE_RW_EXCL = 0x1012  # STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE (storagecon.py)
STGM_SHARE_EXCLUSIVE = 0x10
E_NOINTERFACE = -2147467262
E_INVALIDARG = -2147024809
CO_E_CLASSSTRING = -2147221005
CLASS_E_NOAGGREGATION = -2147221232
STG_E_INVALIDNAME = -2147286788
CLSID_MailMessage = "{00020D0B-0000-0000-C000-000000000046}"

pytestmark = pytest.mark.usefixtures("fk")


# --- compound files (PyStorage.cpp) ----------------------------------------------------------------
def test_stgcreatedocfile_takes_a_str_name_or_none_and_refuses_bytes(tmp_path: Path) -> None:
    # PyStorage.cpp:162 "Oi|i", then PyWinObject_AsAutoFreeBstr(bNoneOK TRUE) (:169): str or
    # None only; bytes are refused (PyUnicode.cpp:178-181, :205) where fakemapi took them before
    pc = pw().pythoncom
    with pytest.raises(TypeError, match=r"^Objects of type 'bytes' can not be converted to Unicode\.$"):
        pc.StgCreateDocfile(str(tmp_path / "a.msg").encode(), STGM_CREATE_RW_EXCL)
    assert not (tmp_path / "a.msg").exists()
    assert type(pc.StgCreateDocfile(None, STGM_CREATE_RW_EXCL)).__name__ == "PyIStorage"
    pc.StgCreateDocfile(str(tmp_path / "b.msg"), STGM_CREATE_RW_EXCL)  # reserved defaults to 0
    assert (tmp_path / "b.msg").exists()


def test_stgcreatedocfile_counts_and_types_its_arguments_as_pyarg_parsetuple(tmp_path: Path) -> None:
    # PyStorage.cpp:162 "Oi|i:StgCreateDocfile" (CPython getargs.c)
    pc = pw().pythoncom
    with pytest.raises(TypeError, match=r"^StgCreateDocfile\(\) takes at least 2 arguments \(1 given\)$"):
        pc.StgCreateDocfile(str(tmp_path / "a.msg"))
    with pytest.raises(TypeError, match=r"^'str' object cannot be interpreted as an integer$"):
        pc.StgCreateDocfile(str(tmp_path / "a.msg"), "0x1012")
    with pytest.raises(OverflowError, match=r"^Python int too large to convert to C long$"):
        pc.StgCreateDocfile(str(tmp_path / "a.msg"), 2 ** 31)
    assert not (tmp_path / "a.msg").exists()


def test_stgopenstorage_parses_snbexclude_and_does_not_use_it(tmp_path: Path) -> None:
    # PyStorage.cpp:278 "OOi|Oi": snbExclude lands in `temp` and NULL reaches StgOpenStorage
    # (:293), so any object is taken (fakemapi used to raise TypeError 'snbExclude must be None')
    pc = pw().pythoncom
    path = str(tmp_path / "a.msg")
    pc.StgCreateDocfile(path, STGM_CREATE_RW_EXCL).Commit(0)
    storage = pc.StgOpenStorage(path, None, STGM_SHARE_EXCLUSIVE, ["not", "an", "SNB"], 0)
    assert type(storage).__name__ == "PyIStorage"


def test_stgopenstorage_with_a_null_name_is_stg_e_invalidname() -> None:
    # PyStorage.cpp:287 AsAutoFreeBstr(bNoneOK TRUE): None passes as NULL; StgOpenStorage's
    # documented STG_E_INVALIDNAME ("not a valid value for pwcsName")
    raises(STG_E_INVALIDNAME, pw().pythoncom.StgOpenStorage, None, None, STGM_SHARE_EXCLUSIVE)


def test_stgopenstorage_converts_other_as_an_istorage_or_none(tmp_path: Path) -> None:
    # PyStorage.cpp:290 PyCom_InterfaceFromPyObject(obOther, IID_IStorage, bNoneOK TRUE):
    # PyComHelpers.cpp:351 (not a COM object) and QueryInterface's E_NOINTERFACE
    pc = pw().pythoncom
    path = str(tmp_path / "a.msg")
    pc.StgCreateDocfile(path, STGM_CREATE_RW_EXCL).Commit(0)
    with pytest.raises(ValueError, match=r"^argument is not a COM object \(got type=str\)$"):
        pc.StgOpenStorage(path, "other", STGM_SHARE_EXCLUSIVE)
    raises(E_NOINTERFACE, pc.StgOpenStorage, path, pc.CreateILockBytesOnHGlobal(), STGM_SHARE_EXCLUSIVE)
    # the name is converted first (PyStorage.cpp:287 before :290)
    with pytest.raises(TypeError, match=r"^Objects of type 'int' can not be converted to Unicode\.$"):
        pc.StgOpenStorage(1, "other", STGM_SHARE_EXCLUSIVE)


def test_lockbytes_functions_take_an_ilockbytes_and_nothing_else() -> None:
    # PyStorage.cpp:195 / :228 PyCom_InterfaceFromPyObject(IID_ILockBytes, bNoneOK FALSE)
    pc = pw().pythoncom
    with pytest.raises(TypeError, match=r"^None is not a valid interface object in this context$"):
        pc.StgCreateDocfileOnILockBytes(None, STGM_CREATE_RW_EXCL)
    with pytest.raises(ValueError, match=r"^argument is not a COM object \(got type=bytes\)$"):
        pc.StgCreateDocfileOnILockBytes(b"bytes", STGM_CREATE_RW_EXCL)
    memory = pc.StgCreateDocfile(None, STGM_CREATE_RW_EXCL)
    raises(E_NOINTERFACE, pc.StgCreateDocfileOnILockBytes, memory, STGM_CREATE_RW_EXCL)
    lockbytes = pc.CreateILockBytesOnHGlobal()
    pc.StgCreateDocfileOnILockBytes(lockbytes, STGM_CREATE_RW_EXCL).Commit(0)
    # "OOk|Ok" (PyStorage.cpp:219): mode is "k", an int of any size; stgPriority an IStorage or None
    with pytest.raises(TypeError, match=r"^StgOpenStorageOnILockBytes\(\) argument 3 must be int, not str$"):
        pc.StgOpenStorageOnILockBytes(lockbytes, None, "16")
    with pytest.raises(ValueError, match=r"^argument is not a COM object \(got type=int\)$"):
        pc.StgOpenStorageOnILockBytes(lockbytes, 1, STGM_SHARE_EXCLUSIVE)
    storage = pc.StgOpenStorageOnILockBytes(lockbytes, None, STGM_SHARE_EXCLUSIVE, "snb ignored", 0)
    assert type(storage).__name__ == "PyIStorage"


@pytest.mark.parametrize("name", ["CreateILockBytesOnHGlobal", "CreateStreamOnHGlobal"])
def test_hglobal_is_a_handle_none_or_zero_makes_new_memory(name: str) -> None:
    # PyStorage.cpp:113 / :136 "|Ol", then PyWinObject_AsHANDLE (PyHANDLE.cpp:20): None and 0
    # are NULL (new memory); another handle is one fakemapi never allocated: E_INVALIDARG
    # (CreateStreamOnHGlobal / CreateILockBytesOnHGlobal's documented result)
    fn = getattr(pw().pythoncom, name)
    assert fn(None, True) is not None and fn(0) is not None and fn() is not None
    raises(E_INVALIDARG, fn, 0x1234)
    with pytest.raises(TypeError, match=r"^The object is not a PyHANDLE object$"):
        fn("hglobal")
    with pytest.raises(TypeError, match=rf"^{name}\(\) takes at most 2 arguments \(3 given\)$"):
        fn(None, True, 0)
    with pytest.raises(TypeError, match=r"^'str' object cannot be interpreted as an integer$"):
        fn(None, "yes")


def test_writeclassstg_converts_the_iid_before_the_storage() -> None:
    # PyStorage.cpp:41 PyWinObject_AsIID before :45 PyCom_InterfaceFromPyObject(IID_IStorage)
    pc = pw().pythoncom
    with pytest.raises(TypeError, match=r"^Only strings and iids can be converted to a CLSID\.$"):
        pc.WriteClassStg("not a storage", 5)
    with pytest.raises(ValueError, match=r"^argument is not a COM object \(got type=str\)$"):
        pc.WriteClassStg("not a storage", CLSID_MailMessage)
    storage = pc.StgCreateDocfile(None, STGM_CREATE_RW_EXCL)
    raises(CO_E_CLASSSTRING, pc.WriteClassStg, storage, "not a guid")
    pc.WriteClassStg(storage, CLSID_MailMessage)
    assert pc.ReadClassStg(storage) == pw().pywintypes.IID(CLSID_MailMessage)
    # PyStorage.cpp:18: ReadClassStg's storage, bNoneOK FALSE
    with pytest.raises(TypeError, match=r"^None is not a valid interface object in this context$"):
        pc.ReadClassStg(None)


# --- CoCreateInstance (PythonCOM.cpp:93-125) -----------------------------------------------------------
def test_cocreateinstance_converts_both_iids_then_the_outer_unknown() -> None:
    # PythonCOM.cpp:109 / :111 PyWinObject_AsIID, then :113 PyCom_InterfaceFromPyInstanceOrObject
    m = pw()
    clsid, iid = m_iids()
    with pytest.raises(TypeError, match=r"^Only strings and iids can be converted to a CLSID\.$"):
        m.pythoncom.CoCreateInstance(clsid, "outer", 1, 5)
    # PyComHelpers.cpp:320-324: neither a PyIUnknown nor an object with _oleobj_
    with pytest.raises(TypeError, match=r"^The Python instance can not be converted to a COM object$"):
        m.pythoncom.CoCreateInstance(clsid, "outer", 1, iid)
    with pytest.raises(TypeError, match=r"^'str' object cannot be interpreted as an integer$"):
        m.pythoncom.CoCreateInstance(clsid, None, "1", iid)
    assert type(m.pythoncom.CoCreateInstance(clsid, None, 1, iid)).__name__ == "PyIConverterSession"


def test_cocreateinstance_with_an_outer_unknown_is_class_e_noaggregation() -> None:
    # the outer unknown is converted (PyComHelpers.cpp:317) and reaches CoCreateInstance, whose
    # documented CLASS_E_NOAGGREGATION answers a class that cannot be aggregated (fakemapi
    # raised TypeError 'The Python object is invalid' here before)
    clsid, iid = m_iids()
    outer = pw().pythoncom.CreateStreamOnHGlobal()
    raises(CLASS_E_NOAGGREGATION, pw().pythoncom.CoCreateInstance, clsid, outer, 1, iid)


def m_iids() -> tuple[Any, Any]:
    mapi = pw().mapi
    return mapi.CLSID_IConverterSession, mapi.IID_IConverterSession


# --- COM initialisation, messages, scodes (PythonCOM.cpp) -----------------------------------------
def test_coinitialize_takes_no_arguments_and_coinitializeex_one_long() -> None:
    pc = pw().pythoncom
    # PythonCOM.cpp:933 ":CoInitialize"
    with pytest.raises(TypeError, match=r"^CoInitialize\(\) takes exactly 0 arguments \(1 given\)$"):
        pc.CoInitialize(0)
    assert pc.CoInitialize() is None
    # PythonCOM.cpp:966 "l:CoInitializeEx"
    with pytest.raises(TypeError, match=r"^CoInitializeEx\(\) takes exactly 1 argument \(0 given\)$"):
        pc.CoInitializeEx()
    with pytest.raises(OverflowError, match=r"^Python int too large to convert to C long$"):
        pc.CoInitializeEx(2 ** 31)
    assert pc.CoInitializeEx(pc.COINIT_MULTITHREADED) is None


def test_couninitialize_parses_nothing_so_takes_any_arguments() -> None:
    # PythonCOM.cpp:983-993: no PyArg_ParseTuple at all (registered METH_VARARGS, :1955)
    assert pw().pythoncom.CoUninitialize() is None
    assert pw().pythoncom.CoUninitialize(1, "two", None) is None


def test_pumpwaitingmessages_takes_two_optional_ints() -> None:
    # PythonCOM.cpp:1423 "|ii:PumpWaitingMessages"; 0 when no WM_QUIT came
    pc = pw().pythoncom
    assert pc.PumpWaitingMessages() == 0
    assert pc.PumpWaitingMessages(0, 0) == 0
    with pytest.raises(TypeError, match=r"^PumpWaitingMessages\(\) takes at most 2 arguments \(3 given\)$"):
        pc.PumpWaitingMessages(0, 0, 0)
    with pytest.raises(TypeError, match=r"^'str' object cannot be interpreted as an integer$"):
        pc.PumpWaitingMessages("0")


def test_getscodestring_masks_its_k_argument() -> None:
    # PythonCOM.cpp:595 "k": any int, masked to 32 bits; no name in the format
    pc = pw().pythoncom
    assert pc.GetScodeString(0x80070005) == pc.GetScodeString(-2147024891) == "Access is denied."
    assert pc.GetScodeString((1 << 40) | 0x80070005) == "Access is denied."
    with pytest.raises(TypeError, match=r"^argument 1 must be int, not str$"):
        pc.GetScodeString("0x80070005")
    with pytest.raises(TypeError, match=r"^function takes exactly 1 argument \(0 given\)$"):
        pc.GetScodeString()


# --- IIDs (PyIID.cpp:11-52; PythonCOM.cpp:728) ------------------------------------------------------
def test_pywintypes_iid_is_a_function_and_iidtype_the_type() -> None:
    # PyWinTypesmodule.cpp:777 {"IID", PyWinMethod_NewIID} and ADD_TYPE(IIDType) (:963)
    pt = pw().pywintypes
    iid = pt.IID(CLSID_MailMessage)
    assert isinstance(iid, pt.IIDType)
    assert not isinstance(pt.IID, type)
    assert pt.IID(iid) is iid  # PyIID.cpp:33: an IID is returned as it is


def test_pywintypes_iid_reads_a_str_only() -> None:
    # PyIID.cpp:37 PyWinObject_AsWCHAR, then :40-46 CLSIDFromString / ProgID, else com_error
    pt = pw().pywintypes
    with pytest.raises(TypeError, match=r"^Objects of type 'bytes' can not be converted to Unicode\.$"):
        pt.IID(CLSID_MailMessage.encode())
    with pytest.raises(TypeError, match=r"^None is not a valid string in this context$"):
        pt.IID(None)
    err = raises(CO_E_CLASSSTRING, pt.IID, "Outlook.Application")
    assert err.args == (CO_E_CLASSSTRING, "Invalid class string", None, None)
    with pytest.raises(TypeError, match=r"^function takes at most 2 arguments \(3 given\)$"):
        pt.IID(CLSID_MailMessage, 0, 0)


def test_pywintypes_iid_from_bytes_takes_the_first_16_of_a_buffer() -> None:
    # PyIID.cpp:22-30: PyWinBufferView; fewer than 16 bytes is ValueError, more are cut
    pt = pw().pywintypes
    raw = uuid.UUID(CLSID_MailMessage).bytes_le
    assert str(pt.IID(raw, True)) == CLSID_MailMessage
    assert str(pt.IID(bytearray(raw) + b"tail", 1)) == CLSID_MailMessage
    with pytest.raises(ValueError, match=r"^string too small - must be at least 16 bytes \(got 5\)$"):
        pt.IID(b"short", True)
    with pytest.raises(TypeError, match=r"^a bytes-like object is required, not 'str'$"):
        pt.IID(CLSID_MailMessage, True)


def test_makeiid_warns_that_it_is_deprecated_and_makes_an_iid() -> None:
    # PythonCOM.cpp:730: PyErr_Warn(DeprecationWarning, ...) then PyWinMethod_NewIID
    pc = pw().pythoncom
    with pytest.warns(DeprecationWarning, match=r"^MakeIID is deprecated - please use pywintypes\.IID\(\) instead\.$"):
        iid = pc.MakeIID(CLSID_MailMessage)
    assert iid == pw().pywintypes.IID(CLSID_MailMessage)


# --- times (PyTime.cpp:52-330) ------------------------------------------------------------------
def test_pywintypes_time_returns_a_datetime_as_it_is() -> None:
    # PyTime.cpp:263-266: PyDateTime_Check -> the same object
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert pw().pywintypes.Time(when) is when


def test_pywintypes_time_of_a_number_truncates_it_to_a_c_long() -> None:
    # PyTime.cpp:283-292: PyNumber_Long, PyLong_AsLong (32-bit); -1 is PyErr_BadArgument
    pt = pw().pywintypes
    assert pt.Time(86400.9) == pt.Time(86400) == datetime.datetime(1970, 1, 2, tzinfo=UTC)
    assert isinstance(pt.Time(0), pt.TimeType)
    with pytest.raises(OverflowError, match=r"^Python int too large to convert to C long$"):
        pt.Time(2 ** 31)
    with pytest.raises(TypeError, match=r"^bad argument type for built-in operation$"):
        pt.Time(-1)
    # PyTime.cpp:408-413: before 1970 Windows' localtime fails; pywin32 says ValueError
    with pytest.raises(ValueError, match=r"^invalid timestamp$"):
        pt.Time(-2)


def test_pywintypes_time_of_a_time_tuple_parses_it_as_gettmarg() -> None:
    # PyTime.cpp:231 "iiiiiiiii|i" (nine fields and milliseconds), :234-244 two-digit years
    pt = pw().pywintypes
    assert pt.Time((2024, 1, 2, 3, 4, 5, 0, 0, 0)) == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert pt.Time((24, 1, 2, 3, 4, 5, 0, 0, 0, 250)) == datetime.datetime(2024, 1, 2, 3, 4, 5, 250000, tzinfo=UTC)
    assert pt.Time(datetime.date(2024, 1, 2)) == datetime.datetime(2024, 1, 2, tzinfo=UTC)  # its timetuple()
    with pytest.raises(TypeError, match=r"^function takes at least 9 arguments \(3 given\)$"):
        pt.Time((2024, 1, 2))
    with pytest.raises(TypeError, match=r"^function takes at least 9 arguments \(4 given\)$"):
        pt.Time("2024")  # a str is a sequence (PyTime.cpp:296)
    with pytest.raises(ValueError, match=r"^year out of range$"):
        pt.Time((-5, 1, 2, 3, 4, 5, 0, 0, 0))
    # PyTime.cpp:313-316: mktime's -1; Windows' _mktime64 converts 1970 to 3000-12-31 23:59:59 UTC
    # only (Microsoft's C runtime reference, mktime)
    with pytest.raises(OverflowError, match=r"^mktime argument out of range$"):
        pt.Time((1969, 12, 31, 23, 59, 59, 0, 0, 0))
    with pytest.raises(OverflowError, match=r"^mktime argument out of range$"):
        pt.Time((3001, 1, 1, 0, 0, 0, 0, 0, 0))
    assert pt.Time((3000, 12, 31, 23, 59, 59, 0, 0, 0)) == datetime.datetime(3000, 12, 31, 23, 59, 59, tzinfo=UTC)


def test_pywintypes_time_refuses_what_is_neither_number_nor_sequence() -> None:
    # PyTime.cpp:326-327
    with pytest.raises(TypeError, match=r"^Objects of type 'NoneType' can not be used as a time object$"):
        pw().pywintypes.Time(None)
    with pytest.raises(TypeError, match=r"^function takes exactly 1 argument \(0 given\)$"):
        pw().pywintypes.Time()


# --- winerror (win32/Lib/winerror.py:3411-3440) ---------------------------------------------------
def test_winerror_failed_is_a_negative_hresult_only() -> None:
    # winerror.py:3415 FAILED(hr): hr < 0, so an unsigned 0x80004005 is not FAILED (fakemapi
    # took unsigned codes as failures before); plain Python functions take keywords
    w = modules().winerror
    assert w.FAILED(-2147467259) and not w.FAILED(0x80004005) and not w.FAILED(1)
    assert w.SUCCEEDED(0x80004005) and not w.SUCCEEDED(hr=-1)
    assert w.HRESULT_SEVERITY(-2147467259) == 1 and w.SCODE_FACILITY(sc=-2147024891) == 7


# --- the exception types (PyWinTypesmodule.cpp:799-856) ---------------------------------------------
@pytest.mark.parametrize("name", ["com_error", "error"])
def test_com_error_and_error_are_classes_of_the_pywintypes_module(name: str) -> None:
    # PyWinTypesmodule.cpp:807-850: defined by PyRun_String in a namespace whose __name__ is
    # "pywintypes"; pythoncom.com_error is the same class
    cls = getattr(modules().pywintypes, name)
    assert (cls.__module__, cls.__name__, cls.__qualname__) == ("pywintypes", name, name)
    assert modules().pythoncom.com_error is modules().pywintypes.com_error
    text = traceback.format_exception_only(cls, cls(-2147467259, "Unspecified error", None, None))
    assert text == [f"pywintypes.{name}: (-2147467259, 'Unspecified error', None, None)\n"]


def test_com_error_refuses_keywords_as_exception_does() -> None:
    # PyWinTypesmodule.cpp:836: __init__(self, *args, **kw) hands kw to Exception.__init__
    with pytest.raises(TypeError, match=r"^com_error\(\) takes no keyword arguments$"):
        pw().pywintypes.com_error(1, hresult=2)


def test_com_error_pickles_without_the_pywintypes_module(monkeypatch: pytest.MonkeyPatch) -> None:
    # a multiprocessing pool's parent unpickles a worker's error where no fake "pywintypes" is
    # importable: the pickle names fakemapi's module, not "pywintypes"
    err = modules().pywintypes.com_error(-2147221233, "OLE error 0x8004010f", None, None)
    data = pickle.dumps(err)
    assert b"pywintypes" not in data
    monkeypatch.delitem(sys.modules, "pywintypes", raising=False)
    back = pickle.loads(data)
    assert type(back) is type(err) and back.args == err.args and back.hresult == -2147221233
