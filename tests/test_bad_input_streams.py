"""Property streams (OpenProperty(..., IID_IStream, ...)) have Exchange's size limit and errors,
and allocate nothing for a size they are only told about.

Sources: MS-OXCPRPT 3.2.5.18 (Processing RopSeekStream): a seek "beyond the max stream size of
2^31" fails with StreamSeekError 0x80030019 (STG_E_SEEKERROR); StreamSizeError 0x80030070
(STG_E_MEDIUMFULL, "the maximum size for the object was reached") when a write or RopSetStreamSize
passes it. IStream::SetSize (objidl.h docs) lists STG_E_MEDIUMFULL for a size that cannot be had.
pywin32 com/win32com/src/extensions/PyIStream.cpp: Revert calls IStream::Revert and raises the
com_error it returns; MAPI's property streams are not transacted (E_NOTIMPL, winerror.h 0x80004001).
"""

from __future__ import annotations

import pytest
from test_contents_kit import fk, folder, logon, own_store, prop, pw  # noqa: F401

PR_BODY = 0x1000001F
STG_E_SEEKERROR = -2147287015  # 0x80030019
STG_E_MEDIUMFULL = -2147286928  # 0x80030070
E_NOTIMPL = -2147467263  # 0x80004001
LIMIT = 2 ** 31


def _stream(fk):  # noqa: F811
    m = pw()
    msg = folder(own_store(logon()), "Inbox").CreateMessage(None, 0)
    stream = msg.OpenProperty(PR_BODY, m.pythoncom.IID_IStream, 0, m.mapi.MAPI_MODIFY | m.mapi.MAPI_CREATE)
    return m, msg, stream


def _hresult(call, *args):
    with pytest.raises(pw().pywintypes.com_error) as info:
        call(*args)
    return info.value.hresult


def test_set_size_past_the_exchange_limit_is_medium_full_and_keeps_the_stream(fk):  # noqa: F811
    m, msg, stream = _stream(fk)
    stream.Write("keep".encode("utf-16-le"))
    assert _hresult(stream.SetSize, LIMIT + 1) == STG_E_MEDIUMFULL
    assert _hresult(stream.SetSize, 2 ** 40) == STG_E_MEDIUMFULL  # 1 TiB
    assert stream.Stat()[2] == 8
    stream.Commit(0)
    assert prop(msg, PR_BODY) == "keep"


def test_a_large_set_size_reads_back_as_zeros_without_holding_them(fk):  # noqa: F811
    _, _, stream = _stream(fk)
    stream.SetSize(LIMIT)  # 2 GiB: allowed, and costs nothing until written
    assert stream.Stat()[2] == LIMIT
    assert stream.Seek(-4, 2) == LIMIT - 4
    assert stream.Read(100) == b"\0" * 4
    stream.SetSize(2)
    assert stream.Seek(0, 2) == 2


def test_seek_past_the_limit_is_seek_error_and_keeps_the_position(fk):  # noqa: F811
    _, _, stream = _stream(fk)
    stream.Write(b"ab")
    assert _hresult(stream.Seek, 2 ** 40, 0) == STG_E_SEEKERROR
    assert _hresult(stream.Seek, -3, 1) == STG_E_SEEKERROR  # before the start
    assert stream.Seek(0, 1) == 2


def test_a_write_that_would_pass_the_limit_is_medium_full(fk):  # noqa: F811
    _, _, stream = _stream(fk)
    assert stream.Seek(LIMIT, 0) == LIMIT
    assert _hresult(stream.Write, b"x") == STG_E_MEDIUMFULL
    assert stream.Stat()[2] == 0


def test_revert_on_a_property_stream_is_e_notimpl(fk):  # noqa: F811
    _, _, stream = _stream(fk)
    assert _hresult(stream.Revert) == E_NOTIMPL


def test_a_far_seek_and_write_hold_one_page_not_gigabytes(fk):  # noqa: F811
    import tracemalloc

    _, _, stream = _stream(fk)
    tracemalloc.start()
    try:
        assert stream.Seek(LIMIT - 2, 0) == LIMIT - 2
        stream.Write(b"xy")
        stream.SetSize(LIMIT)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024
    assert stream.Stat()[2] == LIMIT
    assert stream.Seek(LIMIT - 3, 0) == LIMIT - 3
    assert stream.Read(10) == b"\0xy"
