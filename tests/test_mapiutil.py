"""``win32com.mapi.mapiutil`` behaves as pywin32's own pure-Python mapiutil.py
(com/win32comext/mapi/mapiutil.py): a str key is a PS_PUBLIC_STRINGS named property, the type of
a property set by name follows the Python value, GetAllProperties names named properties by
their string names. Line numbers below are of that file at pywin32's HEAD."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import fakemapi
from tests.conftest import pw

PR_SUBJECT_W = 0x0037001F
PR_SUBJECT_A = 0x0037001E
PR_ENTRYID = 0x0FFF0102
MAPI_E_NOT_FOUND = -2147221233
PT_I4, PT_DOUBLE, PT_BOOLEAN, PT_SYSTIME = 0x3, 0x5, 0xB, 0x40
PT_STRING8, PT_UNICODE, PT_UNSPECIFIED, PT_ERROR = 0x1E, 0x1F, 0x0, 0xA


@pytest.fixture
def fk() -> Iterator[fakemapi.Fake]:
    fake = fakemapi.install()
    try:
        pw().mapi.MAPIInitialize(None)
        yield fake
    finally:
        fakemapi.uninstall()


@pytest.fixture
def message(fk: fakemapi.Fake) -> Any:
    m = pw().mapi
    session = m.MAPILogonEx(0, "Admin", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)
    table = session.GetMsgStoresTable(0)
    table.SetColumns((PR_ENTRYID,), 0)
    store = session.OpenMsgStore(0, table.QueryRows(1, 0)[0][0][1], None, m.MDB_WRITE)
    inbox = store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, m.MAPI_MODIFY)
    msg = inbox.CreateMessage(None, 0)
    msg.SetProps(((PR_SUBJECT_W, "hello"),))
    return msg


def named_tag(obj: Any, name: str) -> int:
    """The tag (PT_UNSPECIFIED) of the PS_PUBLIC_STRINGS property ``name``; PT_ERROR if none."""
    return obj.GetIDsFromNames(((pw().mapi.PS_PUBLIC_STRINGS, name),), 0)[0]  # type: ignore[no-any-return]


def mapiutil() -> Any:
    from win32com.mapi import mapiutil as u

    return u


def test_a_str_key_is_a_ps_public_strings_name_never_a_pr_name(message: Any) -> None:
    # mapiutil.py 110-115 (GetProperties) and 156-158 (SetPropertyValue): a key that is not an int
    # goes through GetIDsFromNames((PS_PUBLIC_STRINGS, key)), MAPI_CREATE when setting.
    u = mapiutil()
    assert named_tag(message, "Score") == PT_ERROR  # PROP_TAG(PT_ERROR, 0): no such name yet
    u.SetPropertyValue(message, "Score", "high")
    tag = named_tag(message, "Score")
    assert tag >> 16 >= 0x8000
    assert message.GetProps(((tag & 0xFFFF0000) | PT_UNICODE,), 0) == (0, (((tag & 0xFFFF0000) | PT_UNICODE,
                                                                          "high"),))
    # asked for as PT_UNSPECIFIED without MAPI_UNICODE, a string comes back 8-bit
    # (IMAPIProp::GetProps, ulFlags MAPI_UNICODE)
    assert u.GetProperties(message, "Score") == b"high"
    assert u.GetProperties(message, ["Score", PR_SUBJECT_W]) == [b"high", "hello"]
    # "PR_SUBJECT" is a name like any other: the subject is untouched
    u.SetPropertyValue(message, "PR_SUBJECT", "named")
    assert u.GetProperties(message, PR_SUBJECT_W) == "hello"
    assert u.GetProperties(message, "PR_SUBJECT") == b"named"


def test_get_properties_is_none_for_an_unknown_name_or_a_missing_property(message: Any) -> None:
    # mapiutil.py 118-121: any hr but 0 from GetProps makes the result None.
    u = mapiutil()
    assert u.GetProperties(message, "never set") is None
    assert u.GetProperties(message, [PR_SUBJECT_W, 0x10000003]) is None
    assert u.GetProperties(message, [PR_SUBJECT_W]) == ["hello"]


@pytest.mark.parametrize("value, ptype", [
    (True, PT_BOOLEAN), (False, PT_BOOLEAN),
    (1, PT_BOOLEAN), (0, PT_BOOLEAN),       # 159: `val == True or val == False` also matches 1 and 0
    (7, PT_I4), (1.5, PT_DOUBLE), (b"ansi", PT_STRING8), ("wide", PT_UNICODE),
])
def test_set_property_value_types_a_named_property_from_the_value(message: Any, value: Any, ptype: int) -> None:
    # mapiutil.py 145-152 (_MapiTypeMap) and 159-167
    u = mapiutil()
    u.SetPropertyValue(message, "Field", value)
    tag = (named_tag(message, "Field") & 0xFFFF0000) | ptype
    assert message.GetProps((tag,), 0) == (0, ((tag, value),))


def test_set_property_value_none_deletes_and_other_types_are_a_value_error(message: Any) -> None:
    # mapiutil.py 150 (None -> PT_UNSPECIFIED), 163-166 (the ValueError), 168-170 (DeleteProps)
    u = mapiutil()
    u.SetPropertyValue(message, "Field", "x")
    u.SetPropertyValue(message, "Field", None)
    assert u.GetProperties(message, "Field") is None
    u.SetPropertyValue(message, PR_SUBJECT_W, None)
    assert message.GetProps((PR_SUBJECT_W,), 0)[1] == ((PR_SUBJECT_W & 0xFFFF0000 | PT_ERROR, MAPI_E_NOT_FOUND),)
    when = pw().pywintypes.Time(0)
    with pytest.raises(ValueError, match=r"^Don't know what to do with"):
        u.SetPropertyValue(message, "When", when)


def test_set_properties_types_str_int_and_time_and_asks_for_ids_once(fk: fakemapi.Fake, message: Any) -> None:
    # mapiutil.py 175-211: one GetIDsFromNames (MAPI_CREATE) for every str key, one SetProps;
    # str PT_UNICODE, int PT_I4 (a bool is an int), TimeType PT_SYSTIME, anything else ValueError.
    u = mapiutil()
    when = pw().pywintypes.Time(86400)
    before = len(fk.trace.filter(call="GetIDsFromNames"))
    u.SetProperties(message, {"Text": "t", "Count": 3, "Flag": True, "When": when, PR_SUBJECT_W: "by tag"})
    assert len(fk.trace.filter(call="GetIDsFromNames")) == before + 1
    expected = {"Text": (PT_UNICODE, "t"), "Count": (PT_I4, 3), "Flag": (PT_I4, 1), "When": (PT_SYSTIME, when)}
    for name, (ptype, value) in expected.items():
        tag = (named_tag(message, name) & 0xFFFF0000) | ptype
        assert message.GetProps((tag,), 0) == (0, ((tag, value),)), name
    assert u.GetProperties(message, PR_SUBJECT_W) == "by tag"
    with pytest.raises(ValueError, match=r"can not be written$"):
        u.SetProperties(message, {"Raw": b"bytes"})


def test_get_all_properties_names_named_properties_by_their_string_names(message: Any) -> None:
    # mapiutil.py 128-142: GetPropList, GetProps, then GetNamesFromIDs per tag; a str name wins
    # over the PR_* name.
    u = mapiutil()
    u.SetPropertyValue(message, "Score", 2.5)
    everything = dict(u.GetAllProperties(message))
    assert everything["Score"] == 2.5
    assert everything["PR_SUBJECT_A"] == b"hello"  # GetPropList(0): string tags 8-bit
    raw = dict(u.GetAllProperties(message, False))
    assert raw[PR_SUBJECT_A] == b"hello"


def test_get_scode_string_looks_up_the_mapi_modules_signed_values(fk: fakemapi.Fake) -> None:
    # mapiutil.py 65-70: the table holds the mapi module's values (negative ints for errors);
    # anything else is pythoncom.GetScodeString's text.
    u = mapiutil()
    m = pw()
    assert u.GetScodeString(MAPI_E_NOT_FOUND) == "MAPI_E_NOT_FOUND"
    assert u.GetScodeString(0x8004010F) == m.pythoncom.GetScodeString(0x8004010F)
    assert u.GetScodeString(0x8004010F) != "MAPI_E_NOT_FOUND"
