"""MAPI structures and interface arguments, as pywin32's helpers convert them: tag arrays,
restrictions, sort orders, binary arrays, ADRLISTs, IIDs (mapiutil.cpp, PyIID.cpp) and
interface objects (com/win32com/src/PyComHelpers.cpp). Each test names the line it pins."""

from __future__ import annotations

from typing import Any

import pytest
from test_contents_kit import fk, folder, logon, messages, own_store, pw, raises  # noqa: F401

pytestmark = pytest.mark.usefixtures("fk")
E_NOINTERFACE = -2147467262
PR_ENTRYID = 0x0FFF0102
PR_SUBJECT = 0x0037001F
PR_MESSAGE_FLAGS = 0x0E070003


# --- SPropTagArray (mapiutil.cpp:704 PyMAPIObject_AsSPropTagArray) ----------------------------
def test_a_tag_array_takes_a_tuple_a_list_or_a_bare_int() -> None:
    store = own_store(logon())
    by_tuple = store.GetProps((0x3001001F,), 0)
    assert store.GetProps([0x3001001F], 0) == by_tuple
    assert store.GetProps(0x3001001F, 0) == by_tuple


@pytest.mark.parametrize(("tags", "error", "message"), [
    ((-1,), OverflowError, "can't convert negative value to unsigned int"),           # PyLong_AsUnsignedLong
    ((2 ** 32,), OverflowError, "Python int too large to convert to C unsigned long"),
    (("x",), TypeError, "an integer is required"),
    ((1.0,), TypeError, "an integer is required"),
    ("ab", TypeError, "an integer is required"),                                       # a str is a sequence
    ({1: 2}, TypeError, "SPropTagArray must be a sequence of integers"),               # a dict is not
    (-1, OverflowError, "can't convert negative value to unsigned int"),
])
def test_a_bad_tag_array_raises_what_pylong_asunsignedlong_raises(tags: Any, error: type,
                                                                  message: str) -> None:
    store = own_store(logon())
    with pytest.raises(error) as info:
        store.GetProps(tags, 0)
    assert str(info.value) == message


def test_none_is_every_property_for_getprops() -> None:
    """mapiutil.cpp:706: None is NULL, which IMAPIProp::GetProps reads as "all properties"."""
    hr, props = own_store(logon()).GetProps(None, 0)
    assert hr == 0 and len(props) > 3


# --- SRestriction (mapiutil.cpp:1085-1150) ------------------------------------------------------
def restrict(restriction: Any) -> Any:
    table = folder(own_store(logon()), "Inbox").GetContentsTable(0)
    table.Restrict(restriction, 0)
    return table


def test_a_bitmask_restriction_mask_is_parsed_l_and_overflows_at_2_31() -> None:
    """mapiutil.cpp:1074 PyArg_ParseTuple(ob, "lk|l", relBMR, ulPropTag, ulMask)."""
    m = pw().mapi
    assert restrict((m.RES_BITMASK, (m.BMR_NEZ, PR_MESSAGE_FLAGS, 2 ** 31 - 1))) is not None
    with pytest.raises(OverflowError, match="^Python int too large to convert to C long$"):
        restrict((m.RES_BITMASK, (m.BMR_NEZ, PR_MESSAGE_FLAGS, 2 ** 31)))
    # the mask is a ULONG: pass 0x80000000 as its negative, as pywin32's constants are
    assert restrict((m.RES_BITMASK, (m.BMR_NEZ, PR_MESSAGE_FLAGS, -2 ** 31))) is not None


def test_a_property_restriction_tag_is_k_and_its_relop_l() -> None:
    """mapiutil.cpp:1001 "lkO:SPropertyRestriction tuple"."""
    m = pw().mapi
    with pytest.raises(OverflowError):
        restrict((m.RES_PROPERTY, (2 ** 31, PR_SUBJECT, (PR_SUBJECT, "x"))))
    with pytest.raises(TypeError, match=r"^SPropertyRestriction tuple\(\) argument 2 must be int, not str$"):
        restrict((m.RES_PROPERTY, (m.RELOP_EQ, "tag", (PR_SUBJECT, "x"))))
    with pytest.raises(TypeError, match=r"^SPropertyRestriction tuple\(\) takes exactly 3 arguments \(2 given\)$"):
        restrict((m.RES_PROPERTY, (m.RELOP_EQ, PR_SUBJECT)))


def test_a_restriction_part_parsed_as_a_tuple_cannot_be_a_list() -> None:
    """PyArg_ParseTuple on a list: CPython's SystemError (mapiutil.cpp:1001)."""
    m = pw().mapi
    with pytest.raises(SystemError, match="^new style getargs format but argument is not a tuple$"):
        restrict((m.RES_PROPERTY, [m.RELOP_EQ, PR_SUBJECT, (PR_SUBJECT, "x")]))


def test_the_outer_restriction_may_be_a_list_of_two() -> None:
    """mapiutil.cpp:1087: PySequence_Check and length 2 (any sequence)."""
    m = pw().mapi
    assert restrict([m.RES_EXIST, (PR_SUBJECT,)]) is not None
    with pytest.raises(TypeError, match="^The SRestriction object must be a sequence of length 2$"):
        restrict((m.RES_EXIST,))
    with pytest.raises(ValueError, match=r"^Unsupported restriction type!  Please fix in mapiutil.cpp!!!$"):
        restrict((99, ()))


def test_findrow_with_none_reaches_mapi_as_null() -> None:
    """PyIMAPITable.i:146: SRestriction *INPUT, bNoneOK TRUE: None is NULL, which MAPI refuses."""
    table = folder(own_store(logon()), "Inbox").GetContentsTable(0)
    raises(-2147024809, table.FindRow, None, 0, 0)


# --- SSortOrderSet (mapiutil.cpp:1170-1215) -------------------------------------------------------
def test_a_sort_order_item_is_parsed_ll_so_a_named_property_tag_must_be_negative() -> None:
    table = folder(own_store(logon()), "Inbox").GetContentsTable(0)
    named = 0x8001001F
    with pytest.raises(OverflowError, match="^Python int too large to convert to C long$"):
        table.SortTable((((named, 0),), 0, 0), 0)
    table.SortTable((((named - 2 ** 32, 0),), 0, 0), 0)
    with pytest.raises(TypeError, match=r"^A SortOrder object must be tuple of \(sequence, cCategories=0, "
                                        r"cExpanded=0\)$"):
        table.SortTable([((PR_SUBJECT, 0),)], 0)
    with pytest.raises(TypeError, match="^The first object must be a sequence$"):
        table.SortTable((5,), 0)


# --- SBinaryArray (mapiutil.cpp:776) ----------------------------------------------------------------
def test_a_binary_array_takes_bytes_or_a_sequence_of_bytes_and_refuses_bytearray() -> None:
    inbox = folder(own_store(logon()), "Inbox")
    eid = messages(inbox, PR_ENTRYID)[0][0]
    assert inbox.SetReadFlags(eid, 0, None, 0) == 0
    assert inbox.SetReadFlags([eid], 0, None, 0) == 0
    with pytest.raises(TypeError, match="^SBinary must be a string$"):
        inbox.SetReadFlags([bytearray(eid)], 0, None, 0)
    with pytest.raises(TypeError, match="^SBinaryArray must be a sequence of strings$"):
        inbox.SetReadFlags(5, 0, None, 0)


# --- entry ids and strings ---------------------------------------------------------------------
def test_open_entry_takes_bytes_or_none_and_refuses_str_and_bytearray() -> None:
    """PyIMsgStore.i:54-62: None, or PyBytes_Check."""
    store = own_store(logon())
    for bad in ("abc", bytearray(b"abc"), 5):
        with pytest.raises(TypeError, match="^EntryID must be a string or None$"):
            store.OpenEntry(bad, None, 0)


def test_open_msg_store_entry_id_is_s_hash() -> None:
    """PyIMAPISession.i:104 "ls#Ol": a bytearray is not a read-only buffer."""
    session = logon()
    with pytest.raises(TypeError, match=r"^OpenMsgStore\(\) argument 2 must be read-only bytes-like object, "
                                        r"not bytearray$"):
        session.OpenMsgStore(0, bytearray(b"x"), None, 0)


def test_mapi_str_follows_the_calls_mapi_unicode_flag() -> None:
    """mapiutil.cpp:1273 PyWinObject_AsMAPIStr: AsWCHAR with MAPI_UNICODE (bytes refused), else
    AsChars (bytes accepted)."""
    m = pw().mapi
    inbox = folder(own_store(logon()), "Inbox")
    inbox.CreateFolder(m.FOLDER_GENERIC, b"narrow", None, None, 0)
    with pytest.raises(TypeError, match="^Objects of type 'bytes' can not be converted to Unicode.$"):
        inbox.CreateFolder(m.FOLDER_GENERIC, b"wide", None, None, m.MAPI_UNICODE)
    inbox.CreateFolder(m.FOLDER_GENERIC, "wide", None, None, m.MAPI_UNICODE)
    with pytest.raises(TypeError, match="^Expected 'bytes', got 'bytearray'$"):
        inbox.CreateFolder(m.FOLDER_GENERIC, bytearray(b"x"), None, None, 0)
    with pytest.raises(TypeError, match="^None is not a valid string in this context$"):
        inbox.CreateFolder(m.FOLDER_GENERIC, None, None, None, 0)


def test_mapilogonex_refuses_a_positive_mapi_unicode_flag() -> None:
    """mapi.i:629 "lO|Ol": flags is a C long; 0x80000000 must be passed as pywin32's negative
    constant."""
    m = pw().mapi
    with pytest.raises(OverflowError):
        m.MAPILogonEx(0, "Alice", None, 0x80000000 | m.MAPI_EXTENDED)
    assert m.MAPILogonEx(0, "Alice", None, m.MAPI_UNICODE | m.MAPI_EXTENDED) is not None


# --- IIDs (PyIID.cpp:62) --------------------------------------------------------------------------
def test_an_iid_argument_takes_a_pyiid_or_a_braced_string() -> None:
    m = pw()
    store = own_store(logon())
    text = "{00020306-0000-0000-C000-000000000046}"  # IID_IMsgStore
    assert store.QueryInterface(text) == store.QueryInterface(m.pywintypes.IID(text))
    with pytest.raises(TypeError, match=r"^Only strings and iids can be converted to a CLSID.$"):
        store.QueryInterface(b"x")
    raises(-2147221005, store.QueryInterface, "IID_IMsgStore")


# --- interfaces (PyComHelpers.cpp:307 / :331) -------------------------------------------------------
class Holder:
    def __init__(self, obj: Any) -> None:
        self._oleobj_ = obj


def test_the_wrong_interface_is_com_error_e_nointerface() -> None:
    m = pw()
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    raises(E_NOINTERFACE, m.mapi.HrQueryAllRows, inbox, None, None, None, 0)
    eid = messages(inbox, PR_ENTRYID)[0][0]
    raises(E_NOINTERFACE, inbox.CopyMessages, [eid], None, store, 0, None, 0)


def test_a_non_com_object_is_pywin32s_own_type_or_value_error() -> None:
    m = pw()
    with pytest.raises(TypeError, match="^The Python instance can not be converted to a COM object$"):
        m.mapi.HrQueryAllRows("table", None, None, None, 0)
    with pytest.raises(ValueError, match=r"^argument is not a COM object \(got type=int\)$"):
        m.mapi.HrQueryAllRows(Holder(5), None, None, None, 0)
    with pytest.raises(TypeError, match="^None is not a valid interface object in this context$"):
        m.mapi.HrQueryAllRows(None, None, None, None, 0)


def test_an_object_with_oleobj_is_accepted_where_an_instance_may_be() -> None:
    m = pw()
    table = logon().GetMsgStoresTable(0)
    assert m.mapi.HrQueryAllRows(Holder(table), None, None, None, 0) == m.mapi.HrQueryAllRows(table, None, None,
                                                                                                None, 0)


def test_a_plain_iunknown_store_is_accepted_where_an_imapiprop_is_needed() -> None:
    """session.OpenEntry on a store entry id gives a plain PyIUnknown (mapiutil.cpp:43
    MAPI_STORE -> IID_IUnknown); HrGetOneProp QueryInterfaces it to IMAPIProp."""
    m = pw()
    session = logon()
    store = own_store(session)
    eid = store.GetProps((PR_ENTRYID,), 0)[1][0][1]
    unknown = session.OpenEntry(eid, None, 0)
    assert type(unknown).__name__ == "_StoreUnknown" or not hasattr(unknown, "GetProps")
    assert m.mapi.HrGetOneProp(unknown, 0x3001001F)[1] == store.GetProps((0x3001001F,), 0)[1][0][1]


def test_hr_get_one_prop_takes_no_oleobj_instance() -> None:
    """mapi.i:1126 uses PyCom_InterfaceFromPyObject: no ``_oleobj_`` lookup."""
    m = pw()
    store = own_store(logon())
    with pytest.raises(ValueError, match=r"^argument is not a COM object \(got type=Holder\)$"):
        m.mapi.HrGetOneProp(Holder(store), 0x3001001F)
