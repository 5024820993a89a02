"""Notifications: HrAllocAdviseSink, HrThisThreadAdviseSink, HrDispatchNotifications, Advise and
Unadvise on stores, sessions and tables, and delivery in virtual time.

Payload shapes follow PyObject_FromNOTIFICATION (pywin32 com/win32comext/mapi/src/
PyIMAPIAdviseSink.cpp:17-86); the callback is called as callback(notifications, context)
(PyCMAPIAdviseSink::OnNotify, PyIMAPIAdviseSink.cpp:154-191).
"""

from __future__ import annotations

import runpy
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_contents_kit import WORLD, folder, logon, own_store, prop, pw, raises

import fakemapi

PR_SUBJECT = 0x0037001F
PR_ENTRYID = 0x0FFF0102
PR_DISPLAY_NAME = 0x3001001F
PR_EMAIL_ADDRESS = 0x3003001F
PR_ADDRTYPE = 0x3002001F
PR_RECIPIENT_TYPE = 0x0C150003
PR_INSTANCE_KEY = 0x0FF60102
PR_NULL = 0x00000001
MAPI_E_NOT_FOUND = -2147221233
MAPI_E_NO_SUPPORT = -2147221246
MAPI_E_INVALID_PARAMETER = -2147024809
E_NOINTERFACE = -2147467262
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(name="fk")
def _installed() -> Iterator[fakemapi.Fake]:
    """The contents-test world installed, MAPI initialized (as tests/test_contents_kit.py's fk)."""
    fake = fakemapi.install(WORLD)
    pw().mapi.MAPIInitialize(None)
    try:
        yield fake
    finally:
        fakemapi.uninstall()


def _recorder():
    got: list = []
    sink = pw().mapi.HrAllocAdviseSink(lambda notes, ctx: got.append((notes, ctx)), "ctx")
    return got, sink


def _send_to_alice(subject="hi"):
    m = pw().mapi
    bob = own_store(logon("Bob"))
    msg = folder(bob, "Outbox").CreateMessage(None, 0)
    msg.SetProps([(PR_SUBJECT, subject)])
    msg.ModifyRecipients(m.MODRECIP_ADD, [[(PR_DISPLAY_NAME, "Alice"), (PR_EMAIL_ADDRESS, "alice"),
                                           (PR_ADDRTYPE, "EX"), (PR_RECIPIENT_TYPE, m.MAPI_TO)]])
    msg.SubmitMessage(0)


def test_new_mail_payload_is_entryid_parent_flags_class_and_message_flags(fk):
    """fnevNewMail is "k(y#y#kNk)" (PyIMAPIAdviseSink.cpp:33-44): the message class is bytes
    when ulFlags lacks MAPI_UNICODE."""
    m = pw().mapi
    store = own_store(logon("Alice"))
    got, sink = _recorder()
    store.Advise(None, m.fnevNewMail, sink)
    _send_to_alice("Lunch?")
    assert got == []  # nothing before the process pumps (no MAPI_MULTITHREAD_NOTIFICATIONS)
    m.HrDispatchNotifications(0)
    assert len(got) == 1
    notes, ctx = got[0]
    assert ctx == "ctx" and isinstance(notes, tuple) and len(notes) == 1
    event, (eid, parent, flags, message_class, message_flags) = notes[0]
    assert event == m.fnevNewMail
    assert parent == folder(store, "Inbox").GetProps((PR_ENTRYID,), 0)[1][0][1]
    assert (flags, message_class, message_flags) == (0, b"IPM.Note", 0)
    assert prop(store.OpenEntry(eid, None, 0), PR_SUBJECT) == "Lunch?"


def test_object_events_carry_entryid_type_parent_old_ids_and_no_tag_array(fk):
    """fnevObject* are "k(y#iy#y#y#N)" (PyIMAPIAdviseSink.cpp:45-59); a move gives the old ids."""
    m = pw().mapi
    store = own_store(logon("Alice"))
    inbox, projects = folder(store, "Inbox"), folder(store, "Projects")
    got, sink = _recorder()
    store.Advise(None, m.fnevObjectCreated | m.fnevObjectMoved | m.fnevObjectDeleted, sink)
    msg = inbox.CreateMessage(None, 0)
    msg.SetProps([(PR_SUBJECT, "x")])
    msg.SaveChanges(0)
    eid = prop(msg, PR_ENTRYID)
    inbox_eid, projects_eid = prop(inbox, PR_ENTRYID), prop(projects, PR_ENTRYID)
    inbox.CopyMessages([eid], None, projects, 0, None, 0x1)  # MESSAGE_MOVE (MAPIDefS.h; pywin32 lacks it)
    m.HrDispatchNotifications(0)
    (created, moved), _ = got[0]
    assert created == (m.fnevObjectCreated, (eid, 5, inbox_eid, b"", b"", None))
    kind, (new_eid, objtype, parent, old_id, old_parent, tags) = moved
    assert (kind, objtype, parent, old_id, old_parent, tags) == (m.fnevObjectMoved, 5, projects_eid, eid,
                                                                inbox_eid, None)
    projects.DeleteMessages([new_eid], 0, None, 0)
    m.HrDispatchNotifications(0)
    assert got[1][0] == ((m.fnevObjectDeleted, (new_eid, 5, projects_eid, b"", b"", None)),)


def test_the_event_mask_and_the_entryid_filter_what_a_connection_hears(fk):
    m = pw().mapi
    store = own_store(logon("Alice"))
    inbox, projects = folder(store, "Inbox"), folder(store, "Projects")
    got, sink = _recorder()
    store.Advise(prop(projects, PR_ENTRYID), m.fnevObjectCreated, sink)  # only Projects
    store.Advise(None, m.fnevObjectDeleted, sink)  # a mask without fnevObjectCreated
    inbox.CreateMessage(None, 0).SaveChanges(0)
    m.HrDispatchNotifications(0)
    assert got == []
    projects.CreateMessage(None, 0).SaveChanges(0)
    m.HrDispatchNotifications(0)
    assert [n[0] for n in got[0][0]] == [m.fnevObjectCreated]


def test_mail_from_another_simulated_process_reaches_this_process_sink(fk):
    m = pw().mapi
    store = own_store(logon("Alice"))
    got, sink = _recorder()
    store.Advise(None, m.fnevNewMail, sink)
    with fk.process("sender"):
        m.MAPIInitialize(None)
        _send_to_alice("from elsewhere")
        m.HrDispatchNotifications(0)  # the sender's pump delivers nothing of main's
        m.MAPIUninitialize()
    assert got == []
    m.HrDispatchNotifications(0)
    assert got[0][0][0][0] == m.fnevNewMail


def test_multithread_notifications_arrive_at_the_end_of_the_call_that_caused_them():
    """MAPIInitialize((MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS)): no pump needed."""
    fake = fakemapi.install(WORLD)
    try:
        m = pw().mapi
        m.MAPIInitialize((m.MAPI_INIT_VERSION, m.MAPI_MULTITHREAD_NOTIFICATIONS))
        store = own_store(logon("Alice"))
        got, sink = _recorder()
        store.Advise(None, m.fnevObjectCreated, sink)
        folder(store, "Inbox").CreateMessage(None, 0).SaveChanges(0)
        assert [n[0] for n in got[0][0]] == [m.fnevObjectCreated]
        assert fake.dispatch_notifications() == 0
    finally:
        fakemapi.uninstall()


def test_a_this_thread_sink_waits_for_dispatch_even_when_multithreaded():
    fake = fakemapi.install(WORLD)
    try:
        m = pw().mapi
        m.MAPIInitialize((m.MAPI_INIT_VERSION, m.MAPI_MULTITHREAD_NOTIFICATIONS))
        store = own_store(logon("Alice"))
        got, sink = _recorder()
        wrapped = m.HrThisThreadAdviseSink(sink)
        assert type(wrapped).__name__ == "PyIMAPIAdviseSink"
        store.Advise(None, m.fnevObjectCreated, wrapped)
        folder(store, "Inbox").CreateMessage(None, 0).SaveChanges(0)
        assert got == []
        assert fake.dispatch_notifications() == 1
        assert len(got) == 1
    finally:
        fakemapi.uninstall()


def test_table_advise_reports_row_added_with_instance_keys_and_the_row(fk):
    """fnevTableModified is "k(kiNNN)" (PyIMAPIAdviseSink.cpp:60-66): event, hResult, propIndex,
    propPrior, row."""
    m = pw().mapi
    store = own_store(logon("Alice"))
    inbox = folder(store, "Inbox")
    table = inbox.GetContentsTable(0)
    table.SetColumns((PR_SUBJECT,), 0)
    got, sink = _recorder()
    conn = table.Advise(m.fnevTableModified, sink)
    msg = inbox.CreateMessage(None, 0)
    msg.SetProps([(PR_SUBJECT, "new row")])
    msg.SaveChanges(0)
    m.HrDispatchNotifications(0)
    ((event, (table_event, hr, index, prior, row)),), _ = got[0]
    assert (event, table_event, hr, row) == (m.fnevTableModified, m.TABLE_ROW_ADDED, 0, ((PR_SUBJECT, "new row"),))
    assert index == (PR_INSTANCE_KEY, prop(msg, PR_INSTANCE_KEY)) and prior[0] == PR_INSTANCE_KEY
    msg.SetProps([(PR_SUBJECT, "changed")])
    msg.SaveChanges(0)
    inbox.DeleteMessages([prop(msg, PR_ENTRYID)], 0, None, 0)
    m.HrDispatchNotifications(0)
    assert [n[1][0] for n in got[1][0]] == [m.TABLE_ROW_DELETED]
    table.Unadvise(conn)
    raises(MAPI_E_NOT_FOUND, table.Unadvise, conn)


def test_unadvise_of_an_unknown_connection_is_not_found_and_stops_delivery(fk):
    m = pw().mapi
    store = own_store(logon("Alice"))
    got, sink = _recorder()
    conn = store.Advise(None, m.fnevObjectCreated, sink)
    assert isinstance(conn, int) and conn > 0
    store.Unadvise(conn)
    raises(MAPI_E_NOT_FOUND, store.Unadvise, conn)
    folder(store, "Inbox").CreateMessage(None, 0).SaveChanges(0)
    m.HrDispatchNotifications(0)
    assert got == []


def test_an_advise_connection_pins_the_store_logon_until_unadvise(fk):
    """A RopRegisterNotification subscription is a server object on the logon (MS-OXCNOTIF
    2.2.1.2.1); only its release frees it (MS-OXCROPS 3.2.5.3)."""
    m = pw().mapi
    session = logon("Alice")
    store = own_store(session)
    got, sink = _recorder()
    conn = store.Advise(None, m.fnevNewMail, sink)
    other = own_store(session)  # a second object to call Unadvise through later: a new logon
    del store
    assert len(fk.logons()) == 2  # the first logon is still held by the advise connection
    raises(MAPI_E_NOT_FOUND, other.Unadvise, conn)  # connections belong to their logon
    assert len(fk.logons()) == 2


def test_session_advise_on_an_open_store_and_its_argument_errors(fk):
    """PyIMAPISession.i:159-203: "OkO"; entry id bytes or None ("EntryID must be a string or
    None"); the sink through PyCom_InterfaceFromPyObject (PyComHelpers.cpp:331-355)."""
    m = pw().mapi
    session = logon("Alice")
    store = own_store(session)
    got, sink = _recorder()
    store_eid = prop(store, PR_ENTRYID)
    conn = session.Advise(store_eid, m.fnevObjectCreated, sink)
    folder(store, "Inbox").CreateMessage(None, 0).SaveChanges(0)
    m.HrDispatchNotifications(0)
    assert len(got) == 1
    session.Unadvise(conn)
    with pytest.raises(TypeError, match="EntryID must be a string or None"):
        session.Advise("text", 0, sink)
    with pytest.raises(TypeError, match="None is not a valid interface object in this context"):
        session.Advise(store_eid, 0, None)
    with pytest.raises(ValueError, match="argument is not a COM object"):
        session.Advise(store_eid, 0, object())
    raises(E_NOINTERFACE, session.Advise, store_eid, 0, store)
    raises(MAPI_E_INVALID_PARAMETER, session.Advise, None, 0, sink)


def test_store_advise_argument_errors_as_pywin32_raises_them(fk):
    """PyIMsgStore.i:284-301 and PyCom_InterfaceFromPyInstanceOrObject (PyComHelpers.cpp:307-329)."""
    m = pw().mapi
    store = own_store(logon("Alice"))
    with pytest.raises(TypeError, match="EntryID must be a string"):
        store.Advise(1, 0, None)
    with pytest.raises(TypeError, match="The Python instance can not be converted to a COM object"):
        store.Advise(None, 0, object())
    with pytest.raises(TypeError, match="OnNotify must be callable"):
        m.HrAllocAdviseSink(42)


def test_a_callback_error_is_printed_and_delivery_goes_on(fk, capsys):
    m = pw().mapi
    store = own_store(logon("Alice"))

    def bad(notes, ctx):
        raise RuntimeError("boom")

    store.Advise(None, m.fnevObjectCreated, m.HrAllocAdviseSink(bad))
    folder(store, "Inbox").CreateMessage(None, 0).SaveChanges(0)
    m.HrDispatchNotifications(0)
    assert "RuntimeError: boom" in capsys.readouterr().err


def test_a_dropped_connection_raises_fnev_critical_error(fk):
    """ERROR_NOTIFICATION is "k(y#iiN)" (PyIMAPIAdviseSink.cpp:21-27) with a MAPIERROR tuple."""
    m = pw().mapi
    store = own_store(logon("Alice"))
    got, sink = _recorder()
    store.Advise(None, m.fnevCriticalError, sink)
    fk.faults.drop_connection(fk.connections()[0].connection_id)
    m.HrDispatchNotifications(0)
    ((event, (eid, scode, flags, error)),), _ = got[0]
    assert (event, eid, scode, flags) == (m.fnevCriticalError, b"", m.MAPI_E_NETWORK_ERROR, 0)
    assert len(error) == 5 and error[2] == "EMSMDB"


def test_connect_no_notifications_profiles_get_no_store_notifications():
    """PR_PROFILE_CONNECT_FLAGS & CONNECT_NO_NOTIFICATIONS (0x20, EdkMdb.h): Advise succeeds,
    nothing arrives (inferred; docs/notifications.md)."""
    world = dict(WORLD, profiles=[{"name": "Quiet", "mailbox": "alice", "connect_flags": 0x20}])
    fakemapi.install(world)
    try:
        m = pw().mapi
        m.MAPIInitialize(None)
        store = own_store(logon("Quiet"))
        got, sink = _recorder()
        store.Advise(None, m.fnevObjectCreated, sink)
        folder(store, "Inbox").CreateMessage(None, 0).SaveChanges(0)
        m.HrDispatchNotifications(0)
        assert got == []
    finally:
        fakemapi.uninstall()


def test_scheduled_deliveries_arrive_in_virtual_time_when_the_program_pumps():
    world = dict(WORLD, deliveries=[{"after": "10s", "from": "bob", "to": ["alice"], "subject": "later"}])
    fake = fakemapi.install(world)
    try:
        m = pw().mapi
        m.MAPIInitialize(None)
        store = own_store(logon("Alice"))
        got, sink = _recorder()
        store.Advise(None, m.fnevNewMail, sink)
        start = fake.time_us
        assert start < 10_000_000
        pw().pythoncom.PumpWaitingMessages()
        assert fake.time_us == 10_000_000 and len(got) == 1
        fake.deliver("alice", subject="now")
        m.HrDispatchNotifications(0)
        assert len(got) == 2
    finally:
        fakemapi.uninstall()


def test_fake_deliver_names_a_bad_argument(fk):
    with pytest.raises(ValueError, match="to: 'nobody' is not a mailbox of this world"):
        fk.deliver("nobody")
    with pytest.raises(ValueError, match="after_ms"):
        fk.deliver("alice", after_ms=-1)


def test_a_world_delivery_to_an_unknown_alias_is_a_world_error():
    with pytest.raises(fakemapi.WorldError, match="'zed' is not a mailbox alias"):
        fakemapi.World.from_dict(dict(WORLD, deliveries=[{"after": "1s", "to": ["zed"]}]))


def test_the_new_mail_watcher_example_runs_under_the_fake(capsys, monkeypatch):
    script = EXAMPLES / "watch_new_mail.py"
    fakemapi.install(str(EXAMPLES / "worlds" / "watcher.yaml"))
    monkeypatch.setattr(sys, "argv", [str(script)])
    try:
        with pytest.raises(SystemExit) as exit_info:
            runpy.run_path(str(script), run_name="__main__")
    finally:
        fakemapi.uninstall()
    assert exit_info.value.code == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["new mail (IPM.Note): Alice: Lunch?", "new mail (IPM.Note): Bob: Build is green",
                   "new mail (IPM.Note.Report): reports@fabrikam.com: Hourly report", "3 new message(s)"]


def test_a_scenario_can_advise_and_expect_notifications(tmp_path):
    """The scenario language's ``advise`` step and ``notifications`` check (docs/notifications.md):
    the example scenario passes, and a wrong expectation fails naming what came."""
    from fakemapi.scenario.replay import replay

    path = EXAMPLES / "scenarios" / "notifications-new-mail.yaml"
    with open(tmp_path / "out.txt", "w") as out:
        assert replay([str(path)], out=out) == 0
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(path.read_text().replace("[fnevObjectCreated, fnevNewMail]", "[fnevNewMail]"))
    with open(tmp_path / "out2.txt", "w") as out:
        assert replay([str(wrong)], out=out) == 1
    text = (tmp_path / "out2.txt").read_text()
    assert "expected notifications ['fnevNewMail'], got ['fnevObjectCreated', 'fnevNewMail']" in text


def test_many_row_changes_at_once_come_as_one_table_changed(fk):
    """More than 32 row changes between deliveries collapse into TABLE_CHANGED with PR_NULL keys
    and no row (a client must handle any level of table notification: MS-OXCNOTIF 3.1.4.3)."""
    m = pw().mapi
    store = own_store(logon("Alice"))
    projects = folder(store, "Projects")
    for _ in range(40):
        projects.CreateMessage(None, 0).SaveChanges(0)
    table = projects.GetContentsTable(0)
    got, sink = _recorder()
    table.Advise(m.fnevTableModified, sink)
    projects.EmptyFolder(0, None, 0)
    m.HrDispatchNotifications(0)
    assert got[0][0] == ((m.fnevTableModified, (m.TABLE_CHANGED, 0, (PR_NULL, None), (PR_NULL, None), ())),)


def test_logoff_ends_the_sessions_advise_connections_without_a_critical_error(fk):
    m = pw().mapi
    session = logon("Alice")
    store = own_store(session)
    got, sink = _recorder()
    store.Advise(None, m.fnevCriticalError | m.fnevObjectCreated, sink)
    session.Logoff(0, 0, 0)
    m.HrDispatchNotifications(0)
    assert got == []
    assert fk.logons() == []  # R9: Logoff frees the logon an advise connection held


def test_a_callback_closing_over_a_store_does_not_pin_its_logon_once_released(fk):
    """The trace keeps the callback by name only: dropping the sink and the store frees the logon."""
    import gc

    m = pw().mapi
    store = own_store(logon("Alice"))

    def on_notify(notes, ctx, keep=store):
        return keep

    sink = m.HrAllocAdviseSink(on_notify, None)
    del on_notify, store, sink
    gc.collect()
    assert fk.logons() == []


def test_folder_changes_are_object_events_of_type_mapi_folder(fk):
    """CreateFolder, SaveChanges on a folder, DeleteFolder: fnevObjectCreated / Modified / Deleted
    with ulObjType MAPI_FOLDER (3)."""
    m = pw().mapi
    store = own_store(logon("Alice"))
    inbox = folder(store, "Inbox")
    got, sink = _recorder()
    store.Advise(None, m.fnevObjectCreated | m.fnevObjectModified | m.fnevObjectDeleted, sink)
    child = inbox.CreateFolder(m.FOLDER_GENERIC, "Receipts", None, None, 0)
    child.SetProps([(0x3004001F, "kept for taxes")])  # PR_COMMENT
    child.SaveChanges(0)
    child_eid = prop(child, PR_ENTRYID)
    inbox.DeleteFolder(child_eid, 0, None, 0)
    m.HrDispatchNotifications(0)
    events = [(kind, payload[0], payload[1]) for kind, payload in got[0][0]]
    assert events == [(m.fnevObjectCreated, child_eid, 3), (m.fnevObjectModified, child_eid, 3),
                      (m.fnevObjectDeleted, child_eid, 3)]


def test_scheduled_mail_arrives_once_calls_have_moved_virtual_time_past_it():
    """Without any pump: a program that polls its Inbox sees the mail once the virtual clock
    (advanced by each call's modelled cost) has passed the delivery's time."""
    world = dict(WORLD, deliveries=[{"after": 1, "to": ["alice"], "subject": "one second in"}])
    fake = fakemapi.install(world)
    try:
        m = pw().mapi
        m.MAPIInitialize(None)
        store = own_store(logon("Alice"))
        inbox = folder(store, "Inbox")
        before = inbox.GetContentsTable(0).GetRowCount(0)
        polls = 0
        while fake.time_us < 1_000_000:
            inbox.GetContentsTable(0).GetRowCount(0)
            polls += 1
        assert polls > 0
        assert inbox.GetContentsTable(0).GetRowCount(0) == before + 1
    finally:
        fakemapi.uninstall()
