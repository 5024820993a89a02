"""fakemapi.record: recording a client's calls against fakemapi as the target, replaying the
written scenario with ``fakemapi replay`` and with the recorder itself, the record modes, the
mismatch message and the scrubbing hooks."""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest

import fakemapi
from fakemapi.dropin.registry import REGISTRY
from fakemapi.scenario import load_scenario, run_scenario
from fakemapi.scenario.recorder import RecorderError, RecordingMismatch, Ref, scrub_text
from fakemapi.scenario.replay import replay

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTOSO = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios", "worlds", "contoso.yaml")
PRIVATE_MDB = "/o=Contoso/ou=HQ/cn=Configuration/cn=Servers/cn=EX01/cn=Microsoft Private MDB"
RECIPIENTS = "/o=Contoso/ou=HQ/cn=Recipients/cn="


@pytest.fixture(autouse=True)
def _no_fake_left() -> Any:
    yield
    fakemapi.uninstall()


# --- client programs, written only against pywin32's modules ---------------------------------------
def logon(profile: str = "Admin") -> tuple[Any, Any, Any]:
    from win32com.mapi import exchange, mapi, mapitags

    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, profile, None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
    table = session.GetMsgStoresTable(0)
    table.SetColumns((mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), 0)
    rows = table.QueryRows(10, 0)
    own_eid = next(row[0][1] for row in rows if row[1][1])
    own = session.OpenMsgStore(0, own_eid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)
    manage = own.QueryInterface(exchange.IID_IExchangeManageStore)
    return session, own, manage


def backup(count: int = 3) -> list[Any]:
    """Opens ``count`` mailboxes and one that does not exist, reads names, walks a folder tree,
    releases as it goes, logs off."""
    import pywintypes
    from win32com.mapi import exchange, mapi, mapitags

    seen: list[Any] = []
    session, own, manage = logon()
    stores = []
    for n in range(1, count + 1):
        eid = manage.CreateStoreEntryID(PRIVATE_MDB, f"{RECIPIENTS}user{n:03}", exchange.OPENSTORE_USE_ADMIN_PRIVILEGE)
        stores.append(session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG))
        seen.append(stores[-1].GetProps((mapitags.PR_DISPLAY_NAME_A, mapitags.PR_MDB_PROVIDER), 0))
    try:
        eid = manage.CreateStoreEntryID(PRIVATE_MDB, f"{RECIPIENTS}nobody", exchange.OPENSTORE_USE_ADMIN_PRIVILEGE)
        session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG)
    except pywintypes.com_error as exc:
        seen.append(("error", exc.hresult))
    root = stores[-1].OpenEntry(None, None, 0)
    table = root.GetHierarchyTable(0)
    seen.append(table.GetRowCount(0))
    del table, root
    stores.clear()
    del manage, own
    session.Logoff(0, 0, 0)
    mapi.MAPIUninitialize()
    return seen


def page_through_stores() -> list[Any]:
    """The same call three times, with three different answers."""
    from win32com.mapi import mapi, mapitags

    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
    table = session.GetMsgStoresTable(0)
    table.SetColumns((mapitags.PR_DISPLAY_NAME_A,), 0)
    return [table.QueryRows(1, 0), table.QueryRows(1, 0), table.QueryRows(1, 0)]


def record_backup(path: str, **kwargs: Any) -> tuple[list[Any], str]:
    """Record ``backup()`` against a fresh fake of the default world; returns its results and
    the fake's trace as JSON lines."""
    fake = fakemapi.install()
    try:
        with fakemapi.record(path, target=fake, **kwargs):
            seen = backup()
        return seen, fake.trace.to_jsonl()
    finally:
        fakemapi.uninstall()


def where(path: str, needle: str) -> str:
    """``path:line:col`` of the step whose line holds ``needle`` (the column of its arguments,
    as the loader reports it)."""
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if needle in line:
                return f"{path}:{number}:{line.index(': [') + 3}"
    raise AssertionError(f"{needle!r} not in {path}")


# --- record, then replay ------------------------------------------------------------------------------
def test_recording_replays_with_fakemapi_replay_and_makes_the_same_calls(tmp_path):
    path = str(tmp_path / "backup.yaml")
    _, recorded_trace = record_backup(path)
    assert replay([path], out=open(os.devnull, "w")) == 0
    result = run_scenario(load_scenario(path))
    assert result.passed, result.failure
    assert result.trace.to_jsonl() == recorded_trace


def test_recording_writes_bindings_expectations_errors_and_releases(tmp_path):
    path = str(tmp_path / "backup.yaml")
    record_backup(path, description="three mailboxes and a missing one")
    text = open(path, encoding="utf-8").read()
    assert text.startswith('schema_version: 1\nname: "backup"\ndescription: "three mailboxes and a missing one"\n'
                           "steps:\n  - mapi.MAPIInitialize: [null]\n")
    assert "  - mapi.MAPILogonEx: [0, \"Admin\", null, 34]\n    as: session1\n    expect: {type: PyIMAPISession}\n" \
        in text
    assert "  - table1.SetColumns: [[PR_ENTRYID, PR_DEFAULT_STORE], 0]\n" in text
    assert "  - session1.OpenMsgStore: [0, $rows1.0.0.1, null, 17]\n    as: store1\n" in text  # the row's entry id
    assert "  - session1.OpenMsgStore: [0, $eid1, null, 1]\n    as: store2\n" in text
    assert '[PR_DISPLAY_NAME_A, "$b:Mailbox - User 001"]' in text
    assert "  - session1.OpenMsgStore: [0, $eid4, null, 1]\n    expect: {error: MAPI_E_NOT_FOUND}\n" in text
    assert ("  - release: table2\n  - release: folder1\n  - release: store4\n  - release: store3\n"
            "  - release: store2\n  - release: manage1\n  - release: store1\n") in text  # as the program dropped them
    # the session object goes when backup() returns, after MAPIUninitialize
    assert text.endswith("  - session1.Logoff: [0, 0, 0]\n  - mapi.MAPIUninitialize: []\n  - release: session1\n")


def test_once_replays_an_existing_recording_without_a_target(tmp_path):
    path = str(tmp_path / "backup.yaml")
    recorded, _ = record_backup(path)
    before = open(path, encoding="utf-8").read()
    with fakemapi.record(path) as rec:  # mode once, and no target at all
        assert REGISTRY.fake is None
        replayed = backup()
    assert rec.recording is False
    assert rec.all_played and rec.unplayed() == []
    assert replayed == recorded
    assert replayed[3] == ("error", -2147221233)  # MAPI_E_NOT_FOUND, as pywintypes.com_error
    assert open(path, encoding="utf-8").read() == before


def test_replayed_objects_have_the_pywin32_type_names(tmp_path):
    path = str(tmp_path / "backup.yaml")
    record_backup(path)
    with fakemapi.record(path, mode="none"):
        session, own, manage = logon()
        assert [type(o).__name__ for o in (session, own, manage)] == [
            "PyIMAPISession", "PyIMsgStore", "PyIExchangeManageStore"]
        assert repr(own) == "<PyIMsgStore $store1 (replayed)>"


def test_identical_calls_replay_in_recorded_order(tmp_path):
    path = str(tmp_path / "pages.yaml")
    with fakemapi.record(path, target=fakemapi.World.default()):
        recorded = page_through_stores()
    assert [len(rows) for rows in recorded] == [1, 1, 0]
    with fakemapi.record(path, mode="none"):
        assert page_through_stores() == recorded


def test_sys_modules_are_restored_after_recording_and_replaying(tmp_path):
    path = str(tmp_path / "pages.yaml")
    names = ("win32com", "win32com.mapi", "win32com.mapi.mapi", "pywintypes", "pythoncom")
    before = {n: sys.modules.get(n) for n in names}
    with fakemapi.record(path, target=fakemapi.World.default()):
        page_through_stores()
    assert {n: sys.modules.get(n) for n in names} == before
    assert REGISTRY.fake is None  # the recorder uninstalled the fake it made for the World
    with fakemapi.record(path):
        page_through_stores()
    assert {n: sys.modules.get(n) for n in names} == before


def test_code_that_imported_the_modules_earlier_is_recorded_too(tmp_path):
    fake = fakemapi.install()
    from win32com.mapi import mapi  # imported before the recorder starts, as a module would be

    original = mapi.MAPIInitialize
    path = str(tmp_path / "early.yaml")
    with fakemapi.record(path, target=fake):
        mapi.MAPIInitialize(None)
        mapi.MAPIUninitialize()
    assert mapi.MAPIInitialize is original  # put back
    assert open(path).read().endswith("steps:\n  - mapi.MAPIInitialize: [null]\n  - mapi.MAPIUninitialize: []\n")


# --- the mismatch message ---------------------------------------------------------------------------
def test_mismatch_names_the_nearest_recorded_step_and_the_argument_that_differs(tmp_path):
    path = str(tmp_path / "backup.yaml")
    record_backup(path)
    with fakemapi.record(path, mode="none"):
        from win32com.mapi import mapi

        session, own, manage = logon()
        eid = manage.CreateStoreEntryID(PRIVATE_MDB, f"{RECIPIENTS}user001", 1)
        with pytest.raises(RecordingMismatch) as info:
            session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)
    assert str(info.value) == (
        f"no recorded call matches session1.OpenMsgStore(0, $eid1, None, 17) in {path} (mode none)\n"
        f"  nearest recorded step: {where(path, 'session1.OpenMsgStore: [0, $eid1')}: session1.OpenMsgStore\n"
        f"  argument 4 differs: expected 1, got 17")


def test_mismatch_on_an_argument_value_shows_expected_and_got(tmp_path):
    path = str(tmp_path / "backup.yaml")
    record_backup(path)
    with fakemapi.record(path, mode="none"):
        session, own, manage = logon()
        with pytest.raises(RecordingMismatch) as info:
            manage.CreateStoreEntryID(PRIVATE_MDB, f"{RECIPIENTS}user009", 1)
    assert str(info.value) == (
        f"no recorded call matches manage1.CreateStoreEntryID({PRIVATE_MDB!r}, '{RECIPIENTS}user009', 1) in "
        f"{path} (mode none)\n"
        f"  nearest recorded step: {where(path, 'user001')}: manage1.CreateStoreEntryID\n"
        f"  argument 2 differs: expected '{RECIPIENTS}user001', got '{RECIPIENTS}user009'")


def test_mismatch_names_a_method_the_recording_does_not_have(tmp_path):
    path = str(tmp_path / "backup.yaml")
    record_backup(path)
    with fakemapi.record(path, mode="none"):
        session, own, manage = logon()
        with pytest.raises(RecordingMismatch) as info:
            own.GetReceiveFolder("IPM.Note", 0)
    assert str(info.value) == (
        f"no recorded call matches store1.GetReceiveFolder('IPM.Note', 0) in {path} (mode none)\n"
        f"  nearest recorded step: {where(path, 'store1.QueryInterface')}: store1.QueryInterface\n"
        f"  the method differs: expected QueryInterface, got GetReceiveFolder")


def test_mismatch_names_the_object_that_differs(tmp_path):
    path = str(tmp_path / "backup.yaml")
    record_backup(path)
    with fakemapi.record(path, mode="none"):
        from win32com.mapi import mapitags

        session, own, manage = logon()
        with pytest.raises(RecordingMismatch) as info:
            own.GetProps((mapitags.PR_DISPLAY_NAME_A, mapitags.PR_MDB_PROVIDER), 0)
    assert str(info.value) == (
        f"no recorded call matches store1.GetProps((PR_DISPLAY_NAME_A, PR_MDB_PROVIDER), 0) in {path} (mode none)\n"
        f"  nearest recorded step: {where(path, 'store2.GetProps')}: store2.GetProps\n"
        f"  the object differs: expected $store2, got $store1".replace(
            "(PR_DISPLAY_NAME_A, PR_MDB_PROVIDER)", f"({mapitags.PR_DISPLAY_NAME_A}, {mapitags.PR_MDB_PROVIDER})"))


def test_mismatch_when_a_call_is_made_more_often_than_recorded(tmp_path):
    path = str(tmp_path / "pages.yaml")
    with fakemapi.record(path, target=fakemapi.World.default()):
        page_through_stores()
    with fakemapi.record(path, mode="none"):
        rows = page_through_stores()
        assert len(rows[2]) == 0
        from win32com.mapi import mapi

        with pytest.raises(RecordingMismatch) as info:
            mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
    assert str(info.value) == (
        f"no recorded call matches mapi.MAPILogonEx(0, 'Admin', None, 34) in {path} (mode none)\n"
        f"  mapi.MAPILogonEx with these arguments was recorded 1 time(s) and every one was played already\n"
        f"  nearest recorded step: {where(path, 'mapi.MAPILogonEx')}: mapi.MAPILogonEx")


# --- modes ----------------------------------------------------------------------------------------------
def test_record_modes_are_validated_with_a_clear_error(tmp_path):
    with pytest.raises(ValueError) as info:
        fakemapi.record(str(tmp_path / "x.yaml"), mode="sometimes")
    assert str(info.value) == "record mode must be one of once, new_episodes, none, all; got 'sometimes'"
    assert fakemapi.record(str(tmp_path / "x.yaml"), mode=fakemapi.RecordMode.ALL).mode is fakemapi.RecordMode.ALL


def test_mode_none_needs_an_existing_recording(tmp_path):
    path = str(tmp_path / "missing.yaml")
    with pytest.raises(RecorderError) as info:
        with fakemapi.record(path, target=fakemapi.World.default(), mode="none"):
            pass
    assert str(info.value) == f"record mode 'none' replays only, and there is no recording at {path}"


def test_once_without_a_recording_needs_a_target(tmp_path):
    path = str(tmp_path / "missing.yaml")
    with pytest.raises(RecorderError) as info:
        with fakemapi.record(path):
            pass
    assert str(info.value) == (f"recording needs a target (there is no recording at {path}): pass "
                               f"target=fakemapi.install(world), a fakemapi World, or 'pywin32' on Windows")
    assert not os.path.exists(path)


def test_mode_all_records_again_and_overwrites(tmp_path):
    path = str(tmp_path / "backup.yaml")
    record_backup(path, description="d")
    with fakemapi.record(path, target=fakemapi.World.default(), mode="all", description="d"):
        page_through_stores()
    fresh = str(tmp_path / "fresh.yaml")
    with fakemapi.record(fresh, target=fakemapi.World.default(), mode="all", description="d"):
        page_through_stores()
    assert open(path).read() == open(fresh).read().replace('name: "fresh"', 'name: "backup"')


def test_new_episodes_keeps_the_recorded_steps_and_adds_the_new_calls(tmp_path):
    path = str(tmp_path / "backup.yaml")
    with fakemapi.record(path, target=fakemapi.World.default()):
        logon()
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    # a hand edit: the recorded step keeps it
    text = text.replace("  - store1.QueryInterface:", "  - note: the manage interface\n    store1.QueryInterface:")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    with fakemapi.record(path, target=fakemapi.World.default(), mode="new_episodes") as rec:
        session, own, manage = logon()
        eid = manage.CreateStoreEntryID(PRIVATE_MDB, f"{RECIPIENTS}user007", 1)
        from win32com.mapi import mapi

        store = session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG)
        del store
    assert rec.recording and rec.play_count == 8  # every recorded call matched
    merged = open(path, encoding="utf-8").read()
    assert merged.startswith(text.split("  - release:")[0])  # the recorded steps, as they were
    assert "  - note: the manage interface\n    store1.QueryInterface: [exchange.IID_IExchangeManageStore]\n" in merged
    assert (f'  - manage1.CreateStoreEntryID: ["{PRIVATE_MDB}", "{RECIPIENTS}user007", 1]\n    as: eid1\n'
            in merged)
    assert "  - session1.OpenMsgStore: [0, $eid1, null, 1]\n    as: store2\n" in merged
    assert "  - release: store2\n" in merged
    assert run_scenario(load_scenario(path)).passed
    with fakemapi.record(path, mode="none") as again:
        session, own, manage = logon()
        eid = manage.CreateStoreEntryID(PRIVATE_MDB, f"{RECIPIENTS}user007", 1)
        session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG)
    assert again.all_played


def test_new_episodes_keeps_recorded_steps_this_run_did_not_make(tmp_path):
    path = str(tmp_path / "pages.yaml")
    with fakemapi.record(path, target=fakemapi.World.default()):
        page_through_stores()
    before = open(path, encoding="utf-8").read()
    with fakemapi.record(path, target=fakemapi.World.default(), mode="new_episodes") as rec:
        from win32com.mapi import mapi

        mapi.MAPIInitialize(None)
    assert [u.rsplit(": ", 1)[1] for u in rec.unplayed()] == [
        "mapi.MAPILogonEx", "session1.GetMsgStoresTable", "table1.SetColumns", "table1.QueryRows",
        "table1.QueryRows", "table1.QueryRows"]
    assert rec.unplayed()[0] == f"{where(path, 'mapi.MAPILogonEx')}: mapi.MAPILogonEx"
    assert open(path, encoding="utf-8").read() == before


# --- what gets written ------------------------------------------------------------------------------
def test_before_record_sees_each_new_step_and_may_drop_it(tmp_path):
    path = str(tmp_path / "pages.yaml")
    seen: list[dict[str, Any]] = []

    def hook(step: dict[str, Any]) -> dict[str, Any] | None:
        seen.append(dict(step))
        return None if step.get("call", "").endswith(".SetColumns") else step

    with fakemapi.record(path, target=fakemapi.World.default(), before_record=hook):
        page_through_stores()
    assert seen[0] == {"call": "mapi.MAPIInitialize", "args": [None], "process": "main"}
    assert seen[1] == {"call": "mapi.MAPILogonEx", "args": [0, "Admin", None, 34], "as": "session1",
                       "expect": {"type": "PyIMAPISession"}, "process": "main"}
    assert seen[3]["call"] == "table1.SetColumns"
    assert seen[4] == {"call": "table1.QueryRows", "args": [1, 0],
                       "expect": {"value": ((( 0x3001001E, b"Mailbox - Administrator"),),)}, "process": "main"}
    text = open(path, encoding="utf-8").read()
    assert "SetColumns" not in text and text.count("table1.QueryRows") == 3


def test_scrub_text_replaces_names_in_strings_and_bytes(tmp_path):
    path = str(tmp_path / "pages.yaml")
    with fakemapi.record(path, target=fakemapi.World.default(),
                         before_record=scrub_text({"Administrator": "Someone", "Admin": "Profile1"})):
        page_through_stores()
    text = open(path, encoding="utf-8").read()
    assert "Administrator" not in text and "Admin" not in text
    assert '[PR_DISPLAY_NAME_A, "$b:Mailbox - Someone"]' in text
    assert 'mapi.MAPILogonEx: [0, "Profile1", null, 34]' in text
    hook = scrub_text({"a": "b"})
    step = {"call": "x.Y", "args": [Ref("table1"), "a", b"a", ("a",)], "expect": {"value": "aa"}}
    assert hook(step) == {"call": "x.Y", "args": [Ref("table1"), "b", b"b", ("b",)], "expect": {"value": "bb"}}


def test_recording_names_the_world_file_and_flavor_of_the_target_fake(tmp_path):
    path = str(tmp_path / "sub" / "x86.yaml")
    fake = fakemapi.install(CONTOSO, flavor="x86", strict=True)
    with fakemapi.record(path, target=fake, name="x86 recording"):
        from win32com.mapi import exchange, mapi

        mapi.MAPIInitialize(None)
        session = mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
        store = exchange.HrOpenExchangePrivateStore(session)
        del store
    fakemapi.uninstall()
    text = open(path, encoding="utf-8").read()
    world = os.path.relpath(CONTOSO, os.path.dirname(path))
    assert text.startswith(f'schema_version: 1\nname: "x86 recording"\ndescription: "Recorded by fakemapi.record '
                           f'(mode once) against an installed fakemapi Fake."\nworld: "{world}"\nflavor: "x86"\n'
                           f"strict: true\nsteps:\n")
    assert "  - exchange.HrOpenExchangePrivateStore: [$session1]\n    as: store1\n" in text
    assert replay([path], out=open(os.devnull, "w")) == 0


def test_recording_writes_other_processes_as_process_blocks(tmp_path):
    path = str(tmp_path / "workers.yaml")
    fake = fakemapi.install()
    with fakemapi.record(path, target=fake):
        from win32com.mapi import mapi

        with fake.process("worker1"):
            mapi.MAPIInitialize(None)
            s1 = mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
        mapi.MAPIInitialize(None)
        with fake.process("worker1"):
            s1.GetMsgStoresTable(0)
    fakemapi.uninstall()
    text = open(path, encoding="utf-8").read()
    assert text.split("steps:\n", 1)[1] == (
        '  - process: "worker1"\n    steps:\n      - mapi.MAPIInitialize: [null]\n'
        '      - mapi.MAPILogonEx: [0, "Admin", null, 34]\n        as: session1\n'
        "        expect: {type: PyIMAPISession}\n"
        "  - mapi.MAPIInitialize: [null]\n"
        '  - process: "worker1"\n    steps:\n      - session1.GetMsgStoresTable: [0]\n        as: table1\n'
        "        expect: {type: PyIMAPITable}\n"
        '      - release: table1\n')
    assert run_scenario(load_scenario(path)).passed


def test_strings_that_look_like_bindings_or_templates_are_written_verbatim(tmp_path):
    path = str(tmp_path / "odd.yaml")
    with fakemapi.record(path, target=fakemapi.World.default()) as rec:
        import pywintypes
        from win32com.mapi import mapi

        mapi.MAPIInitialize(None)
        for name in ("$session1", "profile {n}", "$b:x"):
            with pytest.raises(pywintypes.com_error):
                mapi.MAPILogonEx(0, name, None, mapi.MAPI_EXTENDED)
    assert rec.recording
    text = open(path, encoding="utf-8").read()
    assert '"$$$session1"' in text and '"$$profile {n}"' in text and '"$$$b:x"' in text
    assert run_scenario(load_scenario(path)).passed
    with fakemapi.record(path, mode="none") as again:
        import pywintypes
        from win32com.mapi import mapi

        mapi.MAPIInitialize(None)
        for name in ("$session1", "profile {n}", "$b:x"):
            with pytest.raises(pywintypes.com_error) as info:
                mapi.MAPILogonEx(0, name, None, mapi.MAPI_EXTENDED)
            assert info.value.hresult == -2147221231  # MAPI_E_LOGON_FAILED
    assert again.all_played


def test_python_errors_are_recorded_and_replayed_with_their_message(tmp_path):
    path = str(tmp_path / "typeerror.yaml")
    with fakemapi.record(path, target=fakemapi.World.default()):
        from win32com.mapi import mapi

        with pytest.raises(TypeError) as recorded:
            mapi.MAPILogonEx(0, None, None, 0)
    assert '  - mapi.MAPILogonEx: [0, null, null, 0]\n    expect: {error: TypeError}\n    note: "TypeError: ' in \
        open(path, encoding="utf-8").read()
    with fakemapi.record(path, mode="none"):
        from win32com.mapi import mapi

        with pytest.raises(TypeError) as replayed:
            mapi.MAPILogonEx(0, None, None, 0)
    assert str(replayed.value) == str(recorded.value)


# --- targets ------------------------------------------------------------------------------------------
def test_target_pywin32_needs_pywin32(tmp_path):
    with pytest.raises(RecorderError) as info:
        with fakemapi.record(str(tmp_path / "x.yaml"), target="pywin32"):
            pass
    assert str(info.value).startswith("target 'pywin32' needs pywin32's win32com.mapi, which is Windows-only (")
    assert "record against fakemapi (target=fakemapi.install(world))" in str(info.value)


def test_target_fake_must_be_the_installed_one(tmp_path):
    stale = fakemapi.install()
    fakemapi.install()
    with pytest.raises(RecorderError, match="the Fake given as target is not the installed one"):
        with fakemapi.record(str(tmp_path / "x.yaml"), target=stale):
            pass


def test_target_of_another_kind_is_refused(tmp_path):
    with pytest.raises(RecorderError) as info:
        with fakemapi.record(str(tmp_path / "x.yaml"), target=42):
            pass
    assert str(info.value) == ("target must be 'pywin32', a fakemapi Fake or World, a module set with mapi and "
                               "exchange, or None (replay only); got 42")


def test_a_world_without_a_file_needs_world_to_name_it(tmp_path):
    world = fakemapi.World.from_dict({"schema_version": 1, "servers": [{"name": "EX01"}],
                                      "mailboxes": [{"alias": "admin", "server": "EX01", "rights": "admin"}],
                                      "profiles": [{"name": "Admin", "mailbox": "admin", "default": True}]})
    with pytest.raises(RecorderError, match=r"pass world='path/to/world.yaml'"):
        with fakemapi.record(str(tmp_path / "x.yaml"), target=world):
            pass
    assert REGISTRY.fake is None  # the fake made for the World is gone again
    with fakemapi.record(str(tmp_path / "x.yaml"), target=world, world=CONTOSO):
        from win32com.mapi import mapi

        mapi.MAPIInitialize(None)
    assert f'world: "{os.path.relpath(CONTOSO, str(tmp_path))}"' in open(tmp_path / "x.yaml").read()


def test_a_module_set_target_is_recorded_through(tmp_path):
    """Any object with pywin32-shaped mapi and exchange modules can be the target."""
    from types import SimpleNamespace

    from fakemapi.dropin.modules import modules

    fakemapi.install()
    mods = modules()
    target = SimpleNamespace(mapi=mods.mapi, exchange=mods.exchange, mapitags=mods.mapitags)
    path = str(tmp_path / "modset.yaml")
    with fakemapi.record(path, target=target):
        page_through_stores()
    assert 'against a module set (SimpleNamespace)."' in open(path).read()
    assert run_scenario(load_scenario(path)).passed


def attach_a_file() -> int:
    """Creates a message in the Inbox with one attachment (CreateAttach returns [number, object])."""
    from win32com.mapi import mapi, mapitags

    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
    table = session.GetMsgStoresTable(0)
    table.SetColumns((mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), 0)
    rows = table.QueryRows(10, 0)
    own = session.OpenMsgStore(0, next(r[0][1] for r in rows if r[1][1]), None, mapi.MDB_WRITE)
    inbox = own.OpenEntry(own.GetReceiveFolder("IPM.Note", 0)[0], None, mapi.MAPI_MODIFY)
    message = inbox.CreateMessage(None, 0)
    number, attachment = message.CreateAttach(None, 0)
    attachment.SetProps(((mapitags.PR_ATTACH_FILENAME_A, b"a.txt"), (mapitags.PR_ATTACH_DATA_BIN, b"data")))
    attachment.SaveChanges(0)
    del attachment
    message.SaveChanges(0)
    return int(number)


def test_objects_inside_a_result_are_bound_by_index(tmp_path):
    path = str(tmp_path / "attach.yaml")
    with fakemapi.record(path, target=fakemapi.World.default()):
        assert attach_a_file() == 0
    text = open(path, encoding="utf-8").read()
    assert ("  - message1.CreateAttach: [null, 0]\n    as: attachment1\n"
            "    expect: {type: list, len: 2, objects: {1: PyIAttach}, at: {0: 0}}\n"
            '  - attachment1.1.SetProps: [[[PR_ATTACH_FILENAME_A, "$b:a.txt"], [PR_ATTACH_DATA_BIN, "$b:data"]]]\n'
            "    expect: {value: [0, null]}\n"
            "  - attachment1.1.SaveChanges: [0]\n"
            "  - release: attachment1\n") in text
    assert run_scenario(load_scenario(path)).passed
    with fakemapi.record(path, mode="none") as rec:
        assert attach_a_file() == 0
    assert rec.all_played


def test_replay_of_a_hand_written_recording_with_objects_inside_a_result(tmp_path):
    """``objects:`` marks interface objects inside a list result; ``pair1.1`` calls one."""
    path = tmp_path / "pair.yaml"
    path.write_text("""\
schema_version: 1
steps:
  - mapi.MAPILogonEx: [0, "Admin", null, 34]
    as: pair1
    expect: {type: list, len: 2, at: {0: 7}, objects: {1: PyIMAPISession}}
  - pair1.1.GetMsgStoresTable: [0]
    as: table1
    expect: {type: PyIMAPITable}
  - table1.GetRowCount: [0]
    expect: {value: 2}
""")
    with fakemapi.record(str(path), mode="none") as rec:
        from win32com.mapi import mapi

        pair = mapi.MAPILogonEx(0, "Admin", None, 34)
        assert isinstance(pair, list) and pair[0] == 7 and type(pair[1]).__name__ == "PyIMAPISession"
        assert pair[1].GetMsgStoresTable(0).GetRowCount(0) == 2
    assert rec.all_played


def test_a_recording_with_loops_cannot_be_replayed_by_the_recorder(tmp_path):
    path = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios", "kb260141-limit.yaml")
    with pytest.raises(RecorderError) as info:
        with fakemapi.record(path, mode="none"):
            pass
    assert str(info.value).startswith(f"cannot replay {path}:")
    assert str(info.value).endswith(": repeat 254: a recording is a flat list of calls, releases, checks and "
                                    "process blocks (no repeat, for_each or threads)")


def test_a_chained_call_is_recorded_before_its_object_is_released_and_replays(tmp_path):
    path = str(tmp_path / "chained.yaml")
    fake = fakemapi.install()
    try:
        with fakemapi.record(path, target=fake):
            from win32com.mapi import mapi

            mapi.MAPIInitialize(None)
            session = mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED)
            rows = session.GetMsgStoresTable(0).QueryRows(1, 0)  # the table is never bound
            del session
            mapi.MAPIUninitialize()
    finally:
        fakemapi.uninstall()
    text = open(path, encoding="utf-8").read()
    assert text.index("table1.QueryRows") < text.index("release: table1")
    assert rows[0][0][0] == 0x0FFF0102
    assert replay([path], out=open(os.devnull, "w")) == 0
