"""mapi.OpenStreamOnFile / OpenStreamOnFileW (pywin32 com/win32comext/mapi/src/mapi.i:1008-1100,
"O|lO") and IStream LockRegion / UnlockRegion (com/win32com/src/extensions/PyIStream.cpp:190-246)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from test_contents_kit import WORLD, folder, logon, own_store, pw, raises

import fakemapi

STGM_READ, STGM_READWRITE, STGM_CREATE, STGM_DELETEONRELEASE = 0x0, 0x2, 0x1000, 0x04000000
MAPI_E_NOT_FOUND = -2147221233
STG_E_ACCESSDENIED = -2147287035
STG_E_INVALIDFUNCTION = -2147287039
PR_BODY = 0x1000001F


@pytest.fixture(name="fk")
def _installed() -> Iterator[fakemapi.Fake]:
    """The contents-test world installed, MAPI initialized (as tests/test_contents_kit.py's fk)."""
    fake = fakemapi.install(WORLD)
    pw().mapi.MAPIInitialize(None)
    try:
        yield fake
    finally:
        fakemapi.uninstall()


def test_open_stream_on_file_creates_writes_and_reads_back_a_real_file(fk, tmp_path):
    m = pw().mapi
    path = tmp_path / "out.bin"
    stream = m.OpenStreamOnFile(str(path), STGM_CREATE | STGM_READWRITE)
    stream.Write(b"hello file")
    stream.Commit(0)
    assert path.read_bytes() == b"hello file"
    stream.Seek(0, 0)
    assert stream.Read(5) == b"hello"
    assert stream.Stat()[2] == 10
    del stream
    reader = m.OpenStreamOnFileW(str(path), STGM_READ)
    assert reader.Read(100) == b"hello file"
    raises(STG_E_ACCESSDENIED, reader.Write, b"x")


def test_a_missing_file_without_stgm_create_is_not_found(fk, tmp_path):
    raises(MAPI_E_NOT_FOUND, pw().mapi.OpenStreamOnFile, str(tmp_path / "nope.bin"), STGM_READ)


def test_sof_uniquefilename_makes_a_new_file_from_the_prefix_in_the_directory(fk, tmp_path):
    """With SOF_UNIQUEFILENAME the file name argument is a directory and the prefix starts the
    new file's name (GetTempFileName: three characters of prefix, four hex digits, .TMP)."""
    m = pw().mapi
    stream = m.OpenStreamOnFile(str(tmp_path), m.SOF_UNIQUEFILENAME | STGM_DELETEONRELEASE | STGM_READWRITE, "att")
    stream.Write(b"temp")
    stream.Commit(0)
    (made,) = os.listdir(tmp_path)
    assert made.startswith("att") and made.endswith(".TMP") and len(made) == len("att0000.TMP")
    del stream
    assert os.listdir(tmp_path) == []  # STGM_DELETEONRELEASE


def test_flags_are_a_c_long_and_names_strings(fk, tmp_path):
    m = pw().mapi
    with pytest.raises(OverflowError):
        m.OpenStreamOnFile(str(tmp_path / "a"), 0x80000000)  # "l": use mapi.SOF_UNIQUEFILENAME (negative)
    with pytest.raises(TypeError):
        m.OpenStreamOnFile(42, 0)


def test_lock_region_is_not_supported_by_property_or_file_streams(fk, tmp_path):
    m = pw()
    store = own_store(logon("Alice"))
    msg = folder(store, "Inbox").CreateMessage(None, 0)
    prop_stream = msg.OpenProperty(PR_BODY, m.pythoncom.IID_IStream, 0, m.mapi.MAPI_CREATE | m.mapi.MAPI_MODIFY)
    file_stream = m.mapi.OpenStreamOnFile(str(tmp_path / "f"), STGM_CREATE | STGM_READWRITE)
    for stream in (prop_stream, file_stream):
        raises(STG_E_INVALIDFUNCTION, stream.LockRegion, 0, 10, 1)
        raises(STG_E_INVALIDFUNCTION, stream.UnlockRegion, 0, 10, 1)
        with pytest.raises(OverflowError):
            stream.LockRegion(-1, 10, 1)
