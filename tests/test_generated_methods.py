"""The methods the drop-in generates from the signature table take their arguments as pywin32's
C code does: PyArg_ParseTuple's count messages (CPython Python/getargs.c, vgetargs1_impl:
"takes exactly / at least / at most N argument(s) (M given)"), defaults for the arguments after
"|" filled in, no keyword arguments (the methods are METH_VARARGS), and the trace records the
arguments as the program passed them."""

from __future__ import annotations

from typing import Any

import pytest
from test_contents_kit import own_store, pw

import fakemapi

PR_DISPLAY_NAME = 0x3001001F


@pytest.fixture(name="session")
def _session(fake: fakemapi.Fake) -> Any:
    m = pw().mapi
    return m.MAPILogonEx(0, "", None, m.MAPI_EXTENDED | m.MAPI_USE_DEFAULT)


@pytest.fixture(name="store")
def _store(session: Any) -> Any:
    return own_store(session)


def _last(fake: fakemapi.Fake) -> Any:
    return fake.trace.tail(1)[0]


def test_getprops_counts_its_arguments_as_its_format_says(store: Any) -> None:
    # PyIMAPIProp.i:49 parses "O|l:GetProps": one to two arguments
    with pytest.raises(TypeError, match=r"^GetProps\(\) takes at least 1 argument \(0 given\)$"):
        store.GetProps()
    with pytest.raises(TypeError, match=r"^GetProps\(\) takes at most 2 arguments \(3 given\)$"):
        store.GetProps((PR_DISPLAY_NAME,), 0, 0)
    # a call far past the count still gets the C message, not Python's own
    with pytest.raises(TypeError, match=r"^GetProps\(\) takes at most 2 arguments \(10 given\)$"):
        store.GetProps((PR_DISPLAY_NAME,), *[0] * 9)


def test_queryrows_takes_exactly_its_two_arguments(store: Any) -> None:
    # PyIMAPITable.i:93 parses "ll:QueryRows"
    table = store.GetReceiveFolderTable(0)
    with pytest.raises(TypeError, match=r"^QueryRows\(\) takes exactly 2 arguments \(1 given\)$"):
        table.QueryRows(1)
    with pytest.raises(TypeError, match=r"^QueryRows\(\) takes exactly 2 arguments \(3 given\)$"):
        table.QueryRows(1, 0, 0)


def test_an_omitted_optional_argument_takes_its_default(store: Any) -> None:
    # GetProps' flags default to 0 (PyIMAPIProp.i:49, "|l"): no MAPI_UNICODE, yet PR_DISPLAY_NAME
    # asked for as PT_UNICODE comes back as str (mapiutil.cpp PyMAPIObject_FromSPropValue)
    assert store.GetProps((PR_DISPLAY_NAME,)) == (0, ((PR_DISPLAY_NAME, "Mailbox - Administrator"),))


def test_keyword_arguments_are_refused(store: Any) -> None:
    # METH_VARARGS methods take positional arguments only
    with pytest.raises(TypeError):
        store.GetProps(propList=(PR_DISPLAY_NAME,))
    with pytest.raises(TypeError):
        store.GetProps((PR_DISPLAY_NAME,), flags=0)


def test_the_trace_records_the_arguments_as_passed(fake: fakemapi.Fake, store: Any) -> None:
    store.GetProps((PR_DISPLAY_NAME,))
    assert _last(fake).args == ((PR_DISPLAY_NAME,),)  # not the default filled in
    tags = [PR_DISPLAY_NAME]
    store.GetProps(tags, 0)
    kept = _last(fake).args[0]
    tags.append(0)  # the program changes its list afterwards: the trace keeps what was passed
    assert kept == [PR_DISPLAY_NAME]


def test_the_trace_keeps_an_object_argument_by_label_not_alive(fake: fakemapi.Fake, session: Any,
                                                               store: Any) -> None:
    import gc
    import weakref

    m = pw().mapi
    sink = m.HrAllocAdviseSink(lambda *a: None)
    store_eid = store.GetProps((0x0FFF0102,), 0)[1][0][1]  # PR_ENTRYID
    connection = session.Advise(store_eid, 0x2, sink)  # fnevNewMail; "OkO" (PyIMAPISession.i:169)
    event = _last(fake)
    assert event.call == "Advise" and event.args[2] == f"<{sink._h.label}>"
    session.Unadvise(connection)
    ref = weakref.ref(sink)
    del sink
    gc.collect()
    assert ref() is None


def test_the_trace_copies_a_buffer_argument(fake: fakemapi.Fake) -> None:
    # PyIStream.Write takes any buffer ("O", PyWinObject_AsReadBuffer): a bytearray the program
    # reuses afterwards must not change what the trace says was written
    stream = pw().pythoncom.CreateStreamOnHGlobal(None, True)
    data = bytearray(b"abc")
    stream.Write(data)
    data[:] = b"xyz"
    assert _last(fake).args == (b"abc",)


def test_the_trace_keeps_a_long_buffer_as_its_size(fake: fakemapi.Fake) -> None:
    # the trace keeps thousands of calls: a stream written in large pieces must not keep every
    # piece alive (an attachment of 60 MB written in 1 MB pieces kept 63 MB more before)
    stream = pw().pythoncom.CreateStreamOnHGlobal(None, True)
    stream.Write(b"x" * 100)
    assert _last(fake).args == (b"x" * 100,)
    stream.Write(b"y" * 5000)
    assert _last(fake).args == ("bytes[5000]",)
    stream.Write(bytearray(b"z" * 5000))
    assert _last(fake).args == ("bytes[5000]",)
    stream.Seek(0, 0)
    assert stream.Read(5100) == b"x" * 100 + b"y" * 5000  # what was written is all there
