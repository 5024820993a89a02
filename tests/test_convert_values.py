"""Property values both ways, as mapiutil.cpp converts them: PyMAPIObject_AsSPropValue (in,
mapiutil.cpp:113-358) and PyMAPIObject_FromSPropValue (out, mapiutil.cpp:360-540). Each value
goes in through SetProps and comes back through GetProps on a new message."""

from __future__ import annotations

import datetime
import struct
from typing import Any

import pytest
from test_contents_kit import folder, logon, own_store, pw

import fakemapi

PROP_ID = 0x6800
UTC = datetime.timezone.utc


def tag(ptype: int, pid: int = PROP_ID) -> int:
    return (pid << 16) | ptype


@pytest.fixture
def msg() -> Any:
    fakemapi.install()
    pw().mapi.MAPIInitialize(None)
    try:
        yield folder(own_store(logon("Admin")), "Inbox").CreateMessage(None, 0)
    finally:
        fakemapi.uninstall()


def round_trip(msg: Any, ptype: int, value: Any) -> Any:
    msg.SetProps([(tag(ptype), value)])
    hr, props = msg.GetProps((tag(ptype),), 0)
    assert hr == 0, props
    assert props[0][0] == tag(ptype)
    return props[0][1]


# --- one case per type: (PT_*, value in, value out) ------------------------------------------
EST = datetime.timezone(datetime.timedelta(hours=-5))
ROUND_TRIPS = [
    ("PT_I2 in a C short", 0x0002, 70000, 70000 - 65536),            # :130 (int)PyLong_AsLong -> short
    ("PT_I2 negative", 0x0002, -2, -2),
    ("PT_LONG max", 0x0003, 2 ** 31 - 1, 2 ** 31 - 1),                # :136 PyLong_AsLong
    ("PT_LONG min", 0x0003, -2 ** 31, -2 ** 31),
    ("PT_R4 through a C float", 0x0004, 0.1, struct.unpack("f", struct.pack("f", 0.1))[0]),  # :143
    ("PT_R4 from an int", 0x0004, 3, 3.0),
    ("PT_DOUBLE", 0x0005, 0.1, 0.1),                                  # :150 PyFloat_AsDouble
    ("PT_DOUBLE from an int", 0x0005, 2, 2.0),
    ("PT_BOOLEAN from an int", 0x000B, 5, True),                      # :157 PyLong_AsLong(ob) ? TRUE
    ("PT_BOOLEAN false", 0x000B, 0, False),
    ("PT_ERROR unsigned in, signed out", 0x000A, -2147221233, -2147221233),  # :341, :409 PyLong_FromLong
    ("PT_I8", 0x0014, 2 ** 63 - 1, 2 ** 63 - 1),                      # :333 PyWinObject_AsLARGE_INTEGER
    ("PT_STRING8 bytes kept as given", 0x001E, b"caf\xe9", b"caf\xe9"),  # :185 PyWinObject_AsChars
    ("PT_STRING8 str encoded MBCS", 0x001E, "café", b"caf\xe9"),
    ("PT_STRING8 cut at the first NUL", 0x001E, b"ab\0cd", b"ab"),    # :388 PyBytes_FromString
    ("PT_UNICODE", 0x001F, "naïve", "naïve"),                          # :238 PyWinObject_AsBstr
    ("PT_UNICODE cut at the first NUL", 0x001F, "ab\0cd", "ab"),      # :391 PyWinObject_FromWCHAR
    ("PT_BINARY", 0x0102, b"\0\1\2", b"\0\1\2"),                       # :288 PyBytes_AsString
    ("PT_NULL takes anything", 0x0001, object(), None),                # :346, :412
    ("PT_MV_LONG from a list", 0x1003, [1, -2], (1, -2)),              # :138 MAKE_MV, :425 tuple
    ("PT_MV_I2 in C shorts", 0x1002, (70000,), (4464,)),
    ("PT_MV_UNICODE", 0x101F, ("a", "b"), ("a", "b")),
    ("PT_MV_UNICODE from a str (a sequence)", 0x101F, "ab", ("a", "b")),  # AllocMVBuffer: PySequence_Check
    ("PT_MV_STRING8", 0x101E, (b"a", "b"), (b"a", b"b")),
    ("PT_MV_BINARY", 0x1102, [b"a", b""], (b"a", b"")),
    ("PT_MV_DOUBLE", 0x1005, (1, 2.5), (1.0, 2.5)),
    ("PT_MV_I8", 0x1014, (-1, 2 ** 40), (-1, 2 ** 40)),
    ("PT_MV_R4", 0x1004, (0.1,), (struct.unpack("f", struct.pack("f", 0.1))[0],)),
    ("PT_MV_SYSTIME", 0x1040, (datetime.datetime(2020, 1, 1, 0, 0, 0, 999999, tzinfo=EST),),
     (datetime.datetime(2020, 1, 1, 5, 0, 0, 999000, tzinfo=UTC),)),
]


@pytest.mark.parametrize(("ptype", "value", "expected"), [c[1:] for c in ROUND_TRIPS],
                         ids=[c[0] for c in ROUND_TRIPS])
def test_property_value_round_trips_as_mapiutil_converts_it(msg: Any, ptype: int, value: Any, expected: Any) -> None:
    out = round_trip(msg, ptype, value)
    assert out == expected
    assert type(out) is type(expected)


def test_pt_systime_comes_back_in_utc_with_millisecond_precision(msg: Any) -> None:
    """PyTime.cpp PyWinObject_AsSYSTEMTIME: astimezone(UTC), microseconds // 1000; out through
    PyWinObject_FromFILETIME -> FromSYSTEMTIME (UTC, wMilliseconds * 1000)."""
    m = pw()
    out = round_trip(msg, 0x0040, datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=EST))
    assert out == datetime.datetime(2024, 5, 6, 12, 8, 9, 123000, tzinfo=UTC)
    assert out.utcoffset() == datetime.timedelta(0)
    assert isinstance(out, m.pywintypes.TimeType)


def test_pt_apptime_accepts_a_datetime_and_returns_a_time(msg: Any) -> None:
    """mapiutil.cpp:163 PyWinObject_AsDATE (via AsSYSTEMTIME); :385 PyWinObject_FromDATE."""
    out = round_trip(msg, 0x0007, datetime.datetime(2024, 1, 2, 3, 4, 5, 678900, tzinfo=UTC))
    assert out == datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    assert isinstance(out, pw().pywintypes.TimeType)


def test_pt_mv_clsid_takes_iids_and_strings_and_returns_pyiids(msg: Any) -> None:
    """mapiutil.cpp:325 MAKEB_MV(CLSID, ..., PyWinObject_AsIID); :476 a tuple of PyIIDs."""
    iid = pw().pywintypes.IID
    text = "{00020328-0000-0000-C000-000000000046}"
    out = round_trip(msg, 0x1048, [text, iid(text)])
    assert out == (iid(text), iid(text))
    assert all(type(v) is type(iid(text)) for v in out)


def test_pt_clsid_accepts_a_braced_string_and_returns_a_pyiid(msg: Any) -> None:
    """mapiutil.cpp:305 PyWinObject_AsIID (PyIID.cpp:62: a str through CLSIDFromString); :399
    PyWinObject_FromIID."""
    m = pw()
    text = "{00020328-0000-0000-C000-000000000046}"
    out = round_trip(msg, 0x0048, text)
    assert out == m.pywintypes.IID(text)
    assert type(out) is type(m.pywintypes.IID(text))


# --- refusals ----------------------------------------------------------------------------------
REFUSALS = [
    ("PT_LONG 2**31", 0x0003, 2 ** 31, OverflowError, "Python int too large to convert to C long"),
    ("PT_LONG -2**31-1", 0x0003, -2 ** 31 - 1, OverflowError, "Python int too large to convert to C long"),
    ("PT_ERROR unsigned HRESULT", 0x000A, 0x8004010F, OverflowError, "Python int too large to convert to C long"),
    ("PT_I2 beyond a C long", 0x0002, 2 ** 32, OverflowError, "Python int too large to convert to C long"),
    ("PT_I8 2**63", 0x0014, 2 ** 63, OverflowError, "int too big to convert"),
    ("PT_LONG float", 0x0003, 1.5, TypeError, "'float' object cannot be interpreted as an integer"),
    ("PT_BOOLEAN float", 0x000B, 1.0, TypeError, "'float' object cannot be interpreted as an integer"),
    ("PT_R4 str", 0x0004, "1", TypeError, "must be real number, not str"),
    ("PT_BINARY bytearray", 0x0102, bytearray(b"a"), TypeError, "expected bytes, bytearray found"),
    ("PT_BINARY str", 0x0102, "a", TypeError, "expected bytes, str found"),
    ("PT_STRING8 bytearray", 0x001E, bytearray(b"a"), TypeError, "Expected 'bytes', got 'bytearray'"),
    ("PT_STRING8 None", 0x001E, None, TypeError, "None is not a valid string in this context"),
    ("PT_UNICODE bytes", 0x001F, b"a", TypeError, "Objects of type 'bytes' can not be converted to Unicode."),
    ("PT_SYSTIME int", 0x0040, 0, TypeError, "must be a pywintypes time object (got int)"),
    ("PT_CLSID int", 0x0048, 1, TypeError, "Only strings and iids can be converted to a CLSID."),
    ("PT_CURRENCY", 0x0006, 1, TypeError, "Unsupported MAPI property type 0x6"),
    ("PT_OBJECT", 0x000D, 1, TypeError, "Unsupported MAPI property type 0xD"),
    ("PT_MV_BOOLEAN", 0x100B, (1,), TypeError, "Unsupported MAPI property type 0x100B"),
    ("PT_MV_LONG not a sequence", 0x1003, 5, TypeError, "A multi-valued SPropValue item must be a sequence"),
    ("PT_MV_BINARY str items", 0x1102, ("a",), TypeError, "PT_MV_BINARY elements must be strings"),
]


@pytest.mark.parametrize(("ptype", "value", "error", "message"), [c[1:] for c in REFUSALS],
                         ids=[c[0] for c in REFUSALS])
def test_bad_property_value_raises_what_mapiutil_raises_and_sets_nothing(
        msg: Any, ptype: int, value: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        msg.SetProps([(tag(0x0003, 0x6801), 7), (tag(ptype), value)])
    assert str(info.value) == message
    # the whole array is converted before IMAPIProp::SetProps is called: nothing was set
    hr, props = msg.GetProps((tag(0x0003, 0x6801),), 0)
    assert props[0][0] & 0xFFFF == 0x000A


def test_a_clsid_string_that_is_not_a_guid_is_com_error_co_e_classstring(msg: Any) -> None:
    """PyIID.cpp:69-73: CLSIDFromString fails -> PyWin_SetBasicCOMError(CO_E_CLASSSTRING)."""
    with pytest.raises(pw().pywintypes.com_error) as info:
        msg.SetProps([(tag(0x0048), "not-a-guid")])
    assert info.value.hresult == -2147221005


@pytest.mark.parametrize("item", [[tag(0x0003), 1], (tag(0x0003),), (tag(0x0003), 1, 2), ("tag", 1)],
                         ids=["list", "one item", "three items", "str tag"])
def test_an_spropvalue_must_be_a_tuple_of_integer_and_object(msg: Any, item: Any) -> None:
    """mapiutil.cpp:117 PyArg_ParseTuple(Valob, "kO") on failure sets this one TypeError (a list
    is not a tuple to PyArg_ParseTuple)."""
    with pytest.raises(TypeError, match=r"^An SPropValue item must be a tuple of \(integer, object\)$"):
        msg.SetProps([item])


def test_an_spropvalue_tag_is_masked_to_32_bits(msg: Any) -> None:
    """"k" masks: a negative tag is the same 32 bits."""
    msg.SetProps([(tag(0x0003) - 2 ** 32, 5)])
    assert msg.GetProps((tag(0x0003),), 0)[1][0] == (tag(0x0003), 5)
