"""Compound files past 109 FAT sectors (the DIFAT), the mini-stream cutoff, and big directory trees.

Sources: MS-CFB 2.2 (header: Number of FAT Sectors at offset 0x2C, First DIFAT Sector Location at
0x44, Number of DIFAT Sectors at 0x48, the first 109 DIFAT entries from 0x4C), 2.3 (FAT: FATSECT
0xFFFFFFFD marks FAT sectors, DIFSECT 0xFFFFFFFC DIFAT sectors), 2.5 (DIFAT sectors: 127 FAT sector
numbers, then the Next DIFAT Sector Location, ENDOFCHAIN in the last), 2.4 (streams under the Mini
Stream Cutoff Size, 4096, live in the mini stream), 2.6.4 (siblings form a red-black tree), 2.9
(a 512-byte sector file is at most 2 GB). Every file is read back by olefile with
``raise_defects=DEFECT_INCORRECT``: any structure olefile finds incorrect fails the test.
"""

from __future__ import annotations

import io
import struct
from typing import Any

import olefile
import pytest
from test_msgfile import check_red_black

from fakemapi.world import cfb

MB = 1 << 20


def _open(data: bytes) -> Any:
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def _sector(data: bytes, number: int) -> tuple[int, ...]:
    return struct.unpack_from("<128I", data, 512 * (number + 1))


def _difat_chain(data: bytes) -> tuple[list[int], list[int]]:
    """The FAT sector numbers the header and the DIFAT sectors list, and the DIFAT sectors."""
    fat_count, = struct.unpack_from("<I", data, 0x2C)
    first_difat, difat_count = struct.unpack_from("<II", data, 0x44)
    fat_sectors = [n for n in struct.unpack_from("<109I", data, 0x4C) if n != cfb.FREESECT]
    difat_sectors: list[int] = []
    number = first_difat
    while number != cfb.ENDOFCHAIN:
        difat_sectors.append(number)
        entries = _sector(data, number)
        fat_sectors += [n for n in entries[:127] if n != cfb.FREESECT]
        number = entries[127]
    assert len(difat_sectors) == difat_count and len(fat_sectors) == fat_count
    return fat_sectors, difat_sectors


@pytest.mark.parametrize("megabytes", [20, 60])
def test_a_stream_past_109_fat_sectors_is_written_with_difat_sectors_and_read_back_byte_for_byte(megabytes):
    # 109 FAT sectors map 109 * 128 sectors of 512 bytes (about 6.8 MB); past that the FAT sector
    # numbers continue in DIFAT sectors chained from the header (MS-CFB 2.2, 2.5)
    payload = bytes(range(251)) * (megabytes * MB // 251 + 1)
    data = cfb.write({"__attach_version1.0_#00000000": {"__substg1.0_37010102": payload}, "small": b"s" * 100})
    fat_sectors, difat_sectors = _difat_chain(data)
    sectors = len(data) // 512 - 1
    assert len(fat_sectors) > 109 and len(difat_sectors) == -(-(len(fat_sectors) - 109) // 127)
    assert len(fat_sectors) * 128 >= sectors > (len(fat_sectors) - 1) * 128  # FAT covers every sector
    fat = [entry for number in fat_sectors for entry in _sector(data, number)]
    assert all(fat[n] == cfb.FATSECT for n in fat_sectors)  # MS-CFB 2.3
    assert all(fat[n] == cfb.DIFSECT for n in difat_sectors)
    ole = _open(data)
    try:
        assert ole.openstream(["__attach_version1.0_#00000000", "__substg1.0_37010102"]).read() == payload
        assert ole.openstream("small").read() == b"s" * 100
    finally:
        ole.close()
    assert cfb.read(data)["small"] == b"s" * 100


def test_the_fat_fills_the_header_difat_before_any_difat_sector_is_written():
    # exactly at the edge: 109 FAT sectors map 13,952 sectors, the FAT's own included (MS-CFB 2.2)
    below = cfb.write({"s": bytes(512 * (109 * 128 - 109 - 3))})  # with one directory sector: 13,950 sectors
    first_difat, difat_count = struct.unpack_from("<II", below, 0x44)
    assert (struct.unpack_from("<I", below, 0x2C)[0], first_difat, difat_count) == (109, cfb.ENDOFCHAIN, 0)
    above = cfb.write({"s": bytes(512 * (109 * 128))})
    assert struct.unpack_from("<II", above, 0x44)[1] == 1
    for data in (below, above):
        _difat_chain(data)
        ole = _open(data)
        assert ole.get_size("s") == len(cfb.read(data)["s"])
        ole.close()


def test_streams_below_the_4096_byte_cutoff_go_to_the_mini_stream_and_4096_bytes_to_sectors():
    # MS-CFB 2.4 / 2.6.3: a stream smaller than the cutoff is in the mini stream (its starting
    # sector is a mini sector number), one of 4096 bytes or more in regular sectors
    data = cfb.write({"below": b"b" * 4095, "at": b"a" * 4096, "big": b"g" * (8 * MB)})
    ole = _open(data)
    try:
        entries = {e.name: e for e in ole.direntries if e is not None}
        assert struct.unpack_from("<I", data, 0x38)[0] == 4096
        assert entries["below"].size < ole.minisectorcutoff and entries["at"].size == ole.minisectorcutoff
        root = entries["Root Entry"]
        assert root.size == 4096  # the mini stream: 4095 bytes in 64 mini sectors of 64 bytes
        assert ole.openstream("below").read() == b"b" * 4095 and ole.openstream("at").read() == b"a" * 4096
        assert ole.openstream("big").read() == b"g" * (8 * MB)
    finally:
        ole.close()


def test_a_directory_of_thousands_of_entries_in_nested_storages_reads_back_as_a_red_black_tree():
    # 3,000 streams across 30 storages: a directory chain of 750+ sectors, siblings ordered by
    # name length then upper-cased name with the red-black rules of MS-CFB 2.6.4
    tree: cfb.Tree = {f"__recip_version1.0_#{k:08X}": {f"__substg1.0_{n:08X}": bytes([k, n % 256]) * (n % 70)
                                                        for n in range(100)} for k in range(30)}
    data = cfb.write(tree)
    ole = _open(data)
    try:
        check_red_black(ole)
        assert len(ole.listdir(streams=True, storages=False)) == 3000
    finally:
        ole.close()
    assert cfb.read(data) == tree


def test_a_file_past_the_2_gb_limit_of_512_byte_sectors_is_refused_before_anything_is_written(monkeypatch):
    # MS-CFB 2.9: "A 512-byte sector compound file MUST be no greater than 2 GB in size"; a
    # 2 GB payload is too much memory for a unit test, so the check is shown on its arithmetic:
    # a tree whose sectors (header, data, FAT, DIFAT) pass the limit raises ValueError
    monkeypatch.setattr(cfb, "MAX_FILE_SIZE", 8 * MB)
    cfb.write({"fits": bytes(7 * MB)})
    with pytest.raises(ValueError, match=r"at most 8388608 bytes \(MS-CFB 2.9\)"):
        cfb.write({"too big": bytes(8 * MB)})


def test_a_20_mb_attachment_written_through_a_stream_into_a_msg_file_reads_back_in_olefile_and_extract_msg(tmp_path):
    # the .msg path a pywin32 exporter takes (StgCreateDocfile, OpenIMsgOnIStg, CreateAttach,
    # OpenProperty(PR_ATTACH_DATA_BIN, IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY), Write, Commit,
    # SaveChanges): the file needs DIFAT sectors (MS-CFB 2.5) and every byte comes back
    import importlib

    import extract_msg

    import fakemapi

    payload = bytes(range(251)) * (20 * MB // 251 + 1)
    path = tmp_path / "big.msg"
    fakemapi.install()
    try:
        mapi = importlib.import_module("win32com.mapi.mapi")
        pythoncom = importlib.import_module("pythoncom")
        storage = pythoncom.StgCreateDocfile(str(path), 0x1012, 0)  # STGM_CREATE | STGM_SHARE_EXCLUSIVE | READWRITE
        imsg = mapi.OpenIMsgOnIStg(mapi.OpenIMsgSession(), None, storage, None, 0, mapi.MAPI_UNICODE)
        imsg.SetProps([(0x001A001F, "IPM.Note"), (0x0037001F, "Big")])
        num, attach = imsg.CreateAttach(None, 0)
        attach.SetProps([(0x3707001F, "big.bin")])
        stream = attach.OpenProperty(0x37010102, pythoncom.IID_IStream, 0, mapi.MAPI_CREATE | mapi.MAPI_MODIFY)
        for at in range(0, len(payload), MB):
            stream.Write(payload[at:at + MB])
        stream.Commit(0)
        attach.SaveChanges(0)
        imsg.SaveChanges(0)
        del stream, attach, imsg, storage
    finally:
        fakemapi.uninstall()
    data = path.read_bytes()
    assert struct.unpack_from("<I", data, 0x48)[0] > 0  # DIFAT sectors
    ole = _open(data)
    try:
        assert ole.openstream(["__attach_version1.0_#00000000", "__substg1.0_37010102"]).read() == payload
    finally:
        ole.close()
    msg = extract_msg.openMsg(str(path))
    try:
        assert msg.subject == "Big" and msg.attachments[0].data == payload
    finally:
        msg.close()


def test_saving_a_msg_file_past_the_size_limit_answers_stg_e_docfiletoolarge_and_leaves_the_file(
        tmp_path, monkeypatch):
    # MS-CFB 2.9's limit (2 GB), lowered to 4 MB so that the test stays small; the error is
    # winerror.h's STG_E_DOCFILETOOLARGE (0x80030111, pywin32 winerror.py), its use here inferred
    import importlib

    import fakemapi

    path = tmp_path / "limit.msg"
    fakemapi.install()
    try:
        mapi = importlib.import_module("win32com.mapi.mapi")
        pythoncom = importlib.import_module("pythoncom")
        com_error = importlib.import_module("pywintypes").com_error
        storage = pythoncom.StgCreateDocfile(str(path), 0x1012, 0)
        imsg = mapi.OpenIMsgOnIStg(mapi.OpenIMsgSession(), None, storage, None, 0, mapi.MAPI_UNICODE)
        imsg.SetProps([(0x0037001F, "fits")])
        imsg.SaveChanges(mapi.KEEP_OPEN_READWRITE)
        before = path.read_bytes()
        monkeypatch.setattr(cfb, "MAX_FILE_SIZE", 4 * MB)
        num, attach = imsg.CreateAttach(None, 0)
        attach.SetProps([(0x37010102, bytes(5 * MB))])
        attach.SaveChanges(0)
        with pytest.raises(com_error) as info:
            imsg.SaveChanges(0)
        assert info.value.hresult == -2147286767
        assert path.read_bytes() == before  # the last good commit is what the file holds
        del attach, imsg, storage
    finally:
        fakemapi.uninstall()
