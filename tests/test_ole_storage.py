"""pythoncom's PyIStorage and PyIEnumSTATSTG over fakemapi's storages: compound files
(StgCreateDocfile / StgOpenStorage) and the storage of an OLE attachment (ATTACH_OLE, afStorage),
opened with ``IAttach.OpenProperty(PR_ATTACH_DATA_OBJ, IID_IStorage, 0, flags)``.

Sources: pywin32 com/win32com/src/extensions/PyIStorage.cpp (each method's PyArg_ParseTuple line is
cited in its test; the type is a PyComEnumProviderTypeObject over EnumElements, :502-505),
PyIEnumSTATSTG.cpp (Next "|l" :26, Skip "l" :74, Reset :94, Clone :115), PyComHelpers.cpp:404-445
(PyCom_PyObjectFromSTATSTG: the 11-item tuple name, type, size, mtime, ctime, atime, mode,
locksSupported, clsid, stateBits, reserved), win32/src/PyTime.cpp:333-361 (a FILETIME as a UTC
datetime). Microsoft's IStorage pages: CreateStream (STG_E_FILEALREADYEXISTS without STGM_CREATE,
STG_E_INVALIDFUNCTION without STGM_SHARE_EXCLUSIVE, names of at most 31 characters), OpenStream
(STG_E_FILENOTFOUND), RenameElement (STG_E_FILENOTFOUND for the old name,
STG_E_FILEALREADYEXISTS for an existing new name), STG_E_ACCESSDENIED on a storage opened
read-only; IMAPIProp::OpenProperty (MAPI_MODIFY, MAPI_CREATE); MS-OXCMSG 2.2.2.9 (afStorage 6);
MS-OXMSG 2.2.2.2 (the custom attachment storage ``__substg1.0_3701000D``); MS-CFB 2.6.4 (element
order: by length, then upper-cased name).
"""

from __future__ import annotations

import datetime
import pathlib
import sys
from typing import Any

import olefile
import pytest
from test_contents_kit import alice_store, pw, raises
from test_msgfile_embedded import CLSID_INNER, CLSID_OLE_OBJECT, _ole_msg

import fakemapi

PR_SUBJECT = 0x0037001F
PR_MESSAGE_CLASS = 0x001A001F
PR_ATTACH_METHOD = 0x37050003
PR_ATTACH_DATA_OBJ = 0x3701000D
PR_ENTRYID = 0x0FFF0102
PR_IPM_DRAFTS_ENTRYID = 0x36D70102
ATTACH_OLE = 6
MAPI_MODIFY, MAPI_CREATE = 0x1, 0x2
MAPI_E_NOT_FOUND = -2147221233
MAPI_E_NO_ACCESS = -2147024891
IID_IStorage = "{0000000B-0000-0000-C000-000000000046}"
IID_IStream = "{0000000C-0000-0000-C000-000000000046}"
CLSID_MAIL_MESSAGE = "{00020D0B-0000-0000-C000-000000000046}"
# STGM_* (ObjBase.h)
READ, WRITE, READWRITE, SHARE_EXCLUSIVE, CREATE = 0x0, 0x1, 0x2, 0x10, 0x1000
RW = READWRITE | SHARE_EXCLUSIVE
STGTY_STORAGE, STGTY_STREAM = 1, 2
STATFLAG_NONAME = 1


def _signed(code: int) -> int:
    return code - (1 << 32)


STG_E_INVALIDFUNCTION = _signed(0x80030001)
STG_E_FILENOTFOUND = _signed(0x80030002)
STG_E_ACCESSDENIED = _signed(0x80030005)
STG_E_FILEALREADYEXISTS = _signed(0x80030050)
STG_E_INVALIDNAME = _signed(0x800300FC)
STG_E_REVERTED = _signed(0x80030102)
ZERO_TIME = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)

WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [{"alias": "alice", "display_name": "Alice"}],
    "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}],
}


@pytest.fixture
def fake() -> Any:
    fakemapi.install()
    try:
        yield pw()
    finally:
        fakemapi.uninstall()


@pytest.fixture
def store() -> Any:
    with alice_store(WORLD) as opened:
        yield opened


def _docfile(m: Any, path: pathlib.Path) -> Any:
    return m.pythoncom.StgCreateDocfile(str(path), CREATE | RW, 0)


# --- elements of a compound file ---------------------------------------------------------------
def test_streams_and_storages_made_in_a_docfile_are_in_the_file_olefile_reads_after_commit(fake, tmp_path):
    # CreateStream "Oi|ii" (PyIStorage.cpp:37), CreateStorage "Oii|i" (:102), SetClass "O" (:407)
    root = _docfile(fake, tmp_path / "new.cfb")
    stream = root.CreateStream("CONTENTS", RW, 0, 0)
    assert type(stream).__name__ == "PyIStream"
    stream.Write(b"picture bytes" * 400)
    inner = root.CreateStorage("Inner", RW, 0, 0)
    assert type(inner).__name__ == "PyIStorage"
    inner.CreateStream("data", RW).Write(b"inner stream")
    inner.SetClass(fake.pywintypes.IID(f"{{{CLSID_INNER}}}"))
    root.Commit(0)
    ole = olefile.OleFileIO(str(tmp_path / "new.cfb"), raise_defects=olefile.DEFECT_INCORRECT)
    try:
        assert ole.openstream("CONTENTS").read() == b"picture bytes" * 400
        assert ole.openstream(["Inner", "data"]).read() == b"inner stream"
        assert ole.getclsid("Inner") == str(CLSID_INNER).upper()
    finally:
        ole.close()


def test_enum_elements_gives_statstg_tuples_in_ms_cfb_order_through_next_skip_reset_clone(fake, tmp_path):
    # EnumElements "|izi" (PyIStorage.cpp:288) returns a PyIEnumSTATSTG; each item is the
    # 11-tuple of PyComHelpers.cpp:423-445; the compound file keeps names ordered by length,
    # then upper-cased (MS-CFB 2.6.4); mode is 0 outside Stat (PyComHelpers.cpp:435)
    root = _docfile(fake, tmp_path / "e.cfb")
    root.CreateStream("longer name", RW).Write(b"12345")
    root.CreateStorage("Sub", RW, 0).SetClass(fake.pywintypes.IID(f"{{{CLSID_INNER}}}"))
    root.CreateStream("b", RW)
    enum = root.EnumElements()
    assert type(enum).__name__ == "PyIEnumSTATSTG"
    first = enum.Next()  # num defaults to 1 (PyIEnumSTATSTG.cpp:24-26)
    assert first == (("b", STGTY_STREAM, 0, ZERO_TIME, ZERO_TIME, ZERO_TIME, 0, 0,
                      fake.pywintypes.IID("{00000000-0000-0000-0000-000000000000}"), 0, 0),)
    clone = enum.Clone()
    enum.Skip(1)
    assert [row[:3] for row in enum.Next(5)] == [("longer name", STGTY_STREAM, 5)]
    assert enum.Next(1) == ()  # the end: S_FALSE, an empty tuple (PyIEnumSTATSTG.cpp:48)
    sub, = clone.Next(1)
    assert (sub[0], sub[1], sub[8]) == ("Sub", STGTY_STORAGE, fake.pywintypes.IID(f"{{{CLSID_INNER}}}"))
    enum.Reset()
    assert [row[0] for row in enum] == ["b", "Sub", "longer name"]
    # iterating the storage iterates EnumElements (PyComEnumProviderTypeObject, PyIStorage.cpp:502-505)
    assert [row[0] for row in root] == ["b", "Sub", "longer name"]


def test_stat_of_a_storage_inside_gives_its_name_mode_and_class_and_none_with_statflag_noname(fake, tmp_path):
    # Stat "|i" (PyIStorage.cpp:452); STATFLAG_NONAME leaves pwcsName NULL: None (MakeOLECHARToObj)
    root = _docfile(fake, tmp_path / "s.cfb")
    inner = root.CreateStorage("Inner", RW, 0)
    inner.SetClass(fake.pywintypes.IID(f"{{{CLSID_INNER}}}"))
    inner.SetStateBits(0x5, 0xF)  # "ii:SetStateBits" (PyIStorage.cpp:432)
    stat = inner.Stat()
    assert len(stat) == 11
    assert (stat[0], stat[1], stat[2], stat[6], stat[8], stat[9]) == (
        "Inner", STGTY_STORAGE, 0, RW, fake.pywintypes.IID(f"{{{CLSID_INNER}}}"), 0x5)
    assert inner.Stat(STATFLAG_NONAME)[0] is None


def test_opening_a_missing_element_is_stg_e_filenotfound_and_a_stream_is_not_a_storage(fake, tmp_path):
    # IStorage::OpenStream / OpenStorage: STG_E_FILENOTFOUND "The stream with specified name does not exist"
    root = _docfile(fake, tmp_path / "m.cfb")
    root.CreateStream("CONTENTS", RW)
    raises(STG_E_FILENOTFOUND, root.OpenStream, "nothing", None, RW)
    raises(STG_E_FILENOTFOUND, root.OpenStorage, "CONTENTS", None, RW)
    raises(STG_E_FILENOTFOUND, root.DestroyElement, "nothing")
    # element names compare upper-cased (MS-CFB 2.6.4): another case opens the same stream
    assert root.OpenStream("contents", None, READ | SHARE_EXCLUSIVE).Stat()[0] == "CONTENTS"


def test_create_stream_refuses_an_existing_name_without_stgm_create_and_replaces_it_with(fake, tmp_path):
    # IStorage::CreateStream: STG_E_FILEALREADYEXISTS unless grfMode has STGM_CREATE, which
    # replaces the existing stream
    root = _docfile(fake, tmp_path / "c.cfb")
    root.CreateStream("CONTENTS", RW).Write(b"old")
    raises(STG_E_FILEALREADYEXISTS, root.CreateStream, "CONTENTS", RW)
    raises(STG_E_FILEALREADYEXISTS, root.CreateStorage, "contents", RW, 0)
    assert root.OpenStream("CONTENTS", None, RW).Read(10) == b"old"  # the refusals changed nothing
    root.CreateStream("CONTENTS", RW | CREATE).Write(b"new!")
    assert root.OpenStream("CONTENTS", None, RW).Read(10) == b"new!"


def test_bad_modes_and_names_are_refused_with_the_documented_codes(fake, tmp_path):
    root = _docfile(fake, tmp_path / "b.cfb")
    # CreateStream: STG_E_INVALIDFUNCTION "when this method is called without the STGM_SHARE_EXCLUSIVE flag"
    raises(STG_E_INVALIDFUNCTION, root.CreateStream, "x", READWRITE)
    # "The name must not exceed 31 characters in length"; MS-CFB 2.6.1 forbids / \ : !
    raises(STG_E_INVALIDNAME, root.CreateStream, "n" * 32, RW)
    raises(STG_E_INVALIDNAME, root.CreateStorage, "a/b", RW, 0)
    assert root.CreateStream("n" * 31, RW).Stat()[0] == "n" * 31
    assert [row[0] for row in root] == ["n" * 31]


def test_pywin32_argument_errors_come_before_the_call(fake, tmp_path):
    root = _docfile(fake, tmp_path / "a.cfb")
    # OpenStream: reserved1 must be None (PyIStorage.cpp:70-73), checked before the name
    with pytest.raises(TypeError) as err:
        root.OpenStream(b"bytes name", 0, RW)
    assert str(err.value) == "The 'reserved' parameter (param 2) must be None"
    # names go through PyWinObject_AsWCHAR (PyIStorage.cpp:41): bytes are refused
    with pytest.raises(TypeError) as err:
        root.CreateStream(b"CONTENTS", RW)
    assert str(err.value) == "Objects of type 'bytes' can not be converted to Unicode."
    with pytest.raises(TypeError) as err:
        root.CreateStream("CONTENTS")
    assert str(err.value) == "CreateStream() takes at least 2 arguments (1 given)"
    assert [row[0] for row in root] == []


def test_a_storage_opened_read_only_refuses_every_change_and_keeps_its_elements(fake, tmp_path):
    # STG_E_ACCESSDENIED: the storage was not opened with write access (STGM_READ)
    path = tmp_path / "ro.cfb"
    root = _docfile(fake, path)
    root.CreateStream("CONTENTS", RW).Write(b"kept")
    root.CreateStorage("Inner", RW, 0)
    root.Commit(0)
    del root
    ro = fake.pythoncom.StgOpenStorage(str(path), None, READ | SHARE_EXCLUSIVE, None, 0)
    raises(STG_E_ACCESSDENIED, ro.CreateStream, "new", RW)
    raises(STG_E_ACCESSDENIED, ro.DestroyElement, "CONTENTS")
    raises(STG_E_ACCESSDENIED, ro.RenameElement, "CONTENTS", "other")
    raises(STG_E_ACCESSDENIED, ro.OpenStream, "CONTENTS", None, RW)
    raises(STG_E_ACCESSDENIED, ro.OpenStorage, "Inner", None, RW)
    stream = ro.OpenStream("CONTENTS", None, READ | SHARE_EXCLUSIVE)
    raises(STG_E_ACCESSDENIED, stream.Write, b"x")
    assert stream.Read(10) == b"kept"
    assert [row[0] for row in ro] == ["Inner", "CONTENTS"]


def test_rename_and_destroy_element_follow_istorage_renameelement_and_destroyelement(fake, tmp_path):
    # RenameElement "OO" (PyIStorage.cpp:331): STG_E_FILENOTFOUND for a missing old name,
    # STG_E_FILEALREADYEXISTS when the new name exists; DestroyElement "O" (:308)
    root = _docfile(fake, tmp_path / "r.cfb")
    root.CreateStream("one", RW).Write(b"1")
    root.CreateStream("two", RW).Write(b"2")
    inner = root.CreateStorage("Inner", RW, 0)
    inner.SetClass(fake.pywintypes.IID(f"{{{CLSID_INNER}}}"))
    raises(STG_E_FILENOTFOUND, root.RenameElement, "three", "four")
    raises(STG_E_FILEALREADYEXISTS, root.RenameElement, "one", "TWO")
    root.RenameElement("one", "first")
    root.RenameElement("Inner", "Moved")
    root.DestroyElement("two")
    null = fake.pywintypes.IID("{00000000-0000-0000-0000-000000000000}")
    assert [(row[0], row[8]) for row in root] == [("first", null), ("Moved", fake.pywintypes.IID(f"{{{CLSID_INNER}}}"))]
    # the storage object opened under the old name is gone with it (STG_E_REVERTED)
    raises(STG_E_REVERTED, inner.EnumElements)
    assert root.OpenStream("first", None, RW).Read(5) == b"1"


def test_copy_to_and_move_element_to_copy_elements_and_class_ids_into_another_storage(fake, tmp_path):
    # CopyTo "OzO" (PyIStorage.cpp:174): exclusions, NULL snb, destination; an IID_IStream
    # exclusion leaves streams out (IStorage::CopyTo rgiidExclude). MoveElementTo "OOOi" (:214)
    # with STGMOVE_COPY (1) keeps the source, STGMOVE_MOVE (0) removes it.
    source = _docfile(fake, tmp_path / "src.cfb")
    source.SetClass(fake.pywintypes.IID(f"{{{CLSID_OLE_OBJECT}}}"))
    source.CreateStream("CONTENTS", RW).Write(b"data")
    source.CreateStorage("Inner", RW, 0).CreateStream("deep", RW).Write(b"deeper")
    dest = _docfile(fake, tmp_path / "dst.cfb")
    source.CopyTo(None, None, dest)
    assert [row[0] for row in dest] == ["Inner", "CONTENTS"]
    assert dest.Stat()[8] == fake.pywintypes.IID(f"{{{CLSID_OLE_OBJECT}}}")
    assert dest.OpenStorage("Inner", None, RW).OpenStream("deep", None, RW).Read(9) == b"deeper"
    streams_only_out = _docfile(fake, tmp_path / "dst2.cfb")
    source.CopyTo([fake.pywintypes.IID(IID_IStream)], None, streams_only_out)
    assert [row[0] for row in streams_only_out] == ["Inner"]
    third = _docfile(fake, tmp_path / "dst3.cfb")
    source.MoveElementTo("CONTENTS", third, "COPIED", 1)
    source.MoveElementTo("Inner", third, "Inner", 0)
    assert [row[0] for row in source] == ["CONTENTS"]
    assert [row[0] for row in third] == ["Inner", "COPIED"]
    raises(STG_E_FILENOTFOUND, source.MoveElementTo, "Inner", third, "again", 0)


# --- the storage of an OLE attachment ------------------------------------------------------------


def _open_msg(m: Any, path: pathlib.Path, mode: int) -> tuple[Any, Any]:
    storage = m.pythoncom.StgOpenStorage(str(path), None, mode | SHARE_EXCLUSIVE, None, 0)
    return storage, m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), None, storage)


def test_an_ole_attachment_of_a_msg_file_opens_as_its_storage_read_only_by_default(fake, tmp_path):
    _ole_msg(tmp_path / "ole.msg")
    _, imsg = _open_msg(fake, tmp_path / "ole.msg", READ)
    attach = imsg.OpenAttach(0, None, 0)
    storage = attach.OpenProperty(PR_ATTACH_DATA_OBJ, fake.pywintypes.IID(IID_IStorage), 0, 0)
    assert type(storage).__name__ == "PyIStorage"
    assert [(row[0], row[1]) for row in storage] == [("\x01Ole", STGTY_STREAM), ("Inner", STGTY_STORAGE),
                                                     ("CONTENTS", STGTY_STREAM)]
    assert storage.Stat()[8] == fake.pywintypes.IID(f"{{{CLSID_OLE_OBJECT}}}")
    assert fake.pythoncom.ReadClassStg(storage) == fake.pywintypes.IID(f"{{{CLSID_OLE_OBJECT}}}")
    assert storage.OpenStream("CONTENTS", None, READ | SHARE_EXCLUSIVE).Read(13) == b"picture bytes"
    inner = storage.OpenStorage("Inner", None, READ | SHARE_EXCLUSIVE)
    assert inner.Stat()[8] == fake.pywintypes.IID(f"{{{CLSID_INNER}}}")
    # without MAPI_MODIFY the storage is read-only
    raises(STG_E_ACCESSDENIED, storage.CreateStream, "new", RW)
    raises(STG_E_ACCESSDENIED, storage.Commit, 0)


def test_an_ole_attachment_changed_through_its_storage_is_in_the_msg_file_written_back(fake, tmp_path):
    # the order MAPI asks for: IStorage::Commit, IAttach::SaveChanges, IMessage::SaveChanges,
    # then the file's own storage Commit
    _ole_msg(tmp_path / "ole.msg")
    root, imsg = _open_msg(fake, tmp_path / "ole.msg", READWRITE)
    attach = imsg.OpenAttach(0, None, MAPI_MODIFY)
    storage = attach.OpenProperty(PR_ATTACH_DATA_OBJ, fake.pywintypes.IID(IID_IStorage), 0, MAPI_MODIFY)
    stream = storage.OpenStream("CONTENTS", None, RW)
    stream.SetSize(0)
    stream.Write(b"a new picture")
    storage.CreateStorage("Added", RW, 0).CreateStream("more", RW).Write(b"added stream")
    storage.DestroyElement("Inner")
    storage.Commit(0)
    attach.SaveChanges(0)
    imsg.SaveChanges(0)
    root.Commit(0)
    del stream, storage, attach, imsg, root
    ole = olefile.OleFileIO(str(tmp_path / "ole.msg"), raise_defects=olefile.DEFECT_INCORRECT)
    try:
        custom = ["__attach_version1.0_#00000000", "__substg1.0_3701000D"]
        assert ole.openstream(custom + ["CONTENTS"]).read() == b"a new picture"
        assert ole.openstream(custom + ["Added", "more"]).read() == b"added stream"
        assert not ole.exists("/".join(custom + ["Inner"]))
        assert ole.getclsid(custom) == str(CLSID_OLE_OBJECT).upper()
    finally:
        ole.close()


def _drafts(store: Any) -> Any:
    eid = store.OpenEntry(None, None, 0).GetProps((PR_IPM_DRAFTS_ENTRYID,), 0)[1][0][1]
    return store.OpenEntry(eid, None, MAPI_MODIFY)


def test_mapi_create_makes_the_storage_of_a_new_ole_attachment_in_a_store_message(store):
    # IMAPIProp::OpenProperty MAPI_CREATE: "If the property does not exist, it should be created";
    # the storage's changes reach the attachment at its Commit, the store at the SaveChanges
    m = pw()
    message = _drafts(store).CreateMessage(None, 0)
    message.SetProps([(PR_SUBJECT, "OLE")])
    num, attach = message.CreateAttach(None, 0)
    attach.SetProps([(PR_ATTACH_METHOD, ATTACH_OLE)])
    storage = attach.OpenProperty(PR_ATTACH_DATA_OBJ, m.pywintypes.IID(IID_IStorage), 0, MAPI_CREATE | MAPI_MODIFY)
    assert [row for row in storage] == []
    storage.SetClass(m.pywintypes.IID(f"{{{CLSID_OLE_OBJECT}}}"))
    storage.CreateStream("CONTENTS", RW).Write(b"object bytes")
    storage.Commit(0)
    storage.CreateStream("after commit", RW)  # not committed: the attachment does not keep it
    attach.SaveChanges(0)
    message.SaveChanges(0)
    again = store.OpenEntry(message.GetProps((PR_ENTRYID,), 0)[1][0][1], None, 0)
    saved = again.OpenAttach(num, None, 0).OpenProperty(PR_ATTACH_DATA_OBJ, m.pywintypes.IID(IID_IStorage), 0, 0)
    assert [row[0] for row in saved] == ["CONTENTS"]
    assert saved.OpenStream("CONTENTS", None, READ | SHARE_EXCLUSIVE).Read(100) == b"object bytes"
    assert saved.Stat()[8] == m.pywintypes.IID(f"{{{CLSID_OLE_OBJECT}}}")


def test_an_attachment_storage_that_is_not_there_or_asked_writable_on_a_read_only_attachment_fails(store):
    m = pw()
    message = _drafts(store).CreateMessage(None, 0)
    num, attach = message.CreateAttach(None, 0)
    attach.SetProps([(PR_ATTACH_METHOD, ATTACH_OLE)])
    # no storage and no MAPI_CREATE: not found (inferred, as for an embedded message)
    raises(MAPI_E_NOT_FOUND, attach.OpenProperty, PR_ATTACH_DATA_OBJ, m.pywintypes.IID(IID_IStorage), 0, MAPI_MODIFY)
    storage = attach.OpenProperty(PR_ATTACH_DATA_OBJ, m.pywintypes.IID(IID_IStorage), 0, MAPI_CREATE | MAPI_MODIFY)
    storage.CreateStream("CONTENTS", RW).Write(b"x")
    storage.Commit(0)
    attach.SaveChanges(0)
    message.SaveChanges(0)
    again = store.OpenEntry(message.GetProps((PR_ENTRYID,), 0)[1][0][1], None, 0)
    read_only = again.OpenAttach(num, None, 0)
    raises(MAPI_E_NO_ACCESS, read_only.OpenProperty, PR_ATTACH_DATA_OBJ, m.pywintypes.IID(IID_IStorage), 0,
           MAPI_MODIFY)
    kept = read_only.OpenProperty(PR_ATTACH_DATA_OBJ, m.pywintypes.IID(IID_IStorage), 0, 0)
    assert kept.OpenStream("CONTENTS", None, READ | SHARE_EXCLUSIVE).Read(5) == b"x"


def test_storagecon_constants_used_here_are_pywin32s(fake):
    # win32com/storagecon.py: the STGM_* values the tests pass by number
    sc = sys.modules["win32com.storagecon"]
    assert (sc.STGM_READWRITE, sc.STGM_SHARE_EXCLUSIVE, sc.STGM_CREATE, sc.STGTY_STORAGE, sc.STGTY_STREAM) == (
        READWRITE, SHARE_EXCLUSIVE, CREATE, STGTY_STORAGE, STGTY_STREAM)


def test_revert_takes_a_transacted_root_back_to_its_last_commit_and_does_nothing_in_direct_mode(fake, tmp_path):
    # Revert ":Revert" (PyIStorage.cpp:264). IStorage::Revert: "Discards all changes that have been
    # made to the storage object since the last commit operation"; a storage object opened below is
    # then "invalidated by a revert operation above it" (STG_E_REVERTED); for a storage opened in
    # direct mode it has no effect
    transacted = fake.pythoncom.StgCreateDocfile(str(tmp_path / "t.cfb"), CREATE | RW | 0x10000, 0)
    transacted.CreateStream("kept", RW).Write(b"1")
    transacted.Commit(0)
    transacted.CreateStream("dropped", RW)
    inner = transacted.CreateStorage("Inner", RW, 0)
    transacted.Revert()
    assert [row[0] for row in transacted] == ["kept"]
    raises(STG_E_REVERTED, inner.CreateStream, "x", RW)
    direct = _docfile(fake, tmp_path / "d.cfb")
    direct.CreateStream("stays", RW)
    direct.Revert()
    assert [row[0] for row in direct] == ["stays"]


def test_an_attachment_storage_and_its_streams_pin_the_logon_until_released():
    # DESIGN.md R6 (KB 260141): the logon stays while any object obtained through the store lives;
    # the attachment's storage and the streams opened in it are such objects
    with fakemapi.installed(WORLD) as fake:
        m = pw().mapi
        m.MAPIInitialize(None)
        session = m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)
        rows = m.HrQueryAllRows(session.GetMsgStoresTable(0), (PR_ENTRYID,), None, None, 0)
        store = session.OpenMsgStore(0, rows[0][0][1], None, m.MDB_WRITE)
        message = _drafts(store).CreateMessage(None, 0)
        _, attach = message.CreateAttach(None, 0)
        storage = attach.OpenProperty(PR_ATTACH_DATA_OBJ, pw().pywintypes.IID(IID_IStorage), 0,
                                      MAPI_CREATE | MAPI_MODIFY)
        stream = storage.CreateStream("CONTENTS", RW)
        enum = storage.EnumElements()
        del store, message, attach
        assert len(fake.logons()) == 1
        assert sorted(o.kind for o in fake.live_objects() if o.logon_id is not None) == [
            "storage", "storage-enum", "stream"]
        del storage, stream, enum
        fake.assert_no_leaks()
        session.Logoff(0, 0, 0)
        m.MAPIUninitialize()
