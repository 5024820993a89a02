"""IMAPIProp on messages, attachments and folders: values, transactions, named properties,
streams, computed properties, CopyTo / CopyProps."""

from __future__ import annotations

import datetime

from test_contents_kit import BIG_BODY, fk, folder, logon, own_store, prop, pw, raises  # noqa: F401

PR_SUBJECT = 0x0037001F
PR_SUBJECT_A = 0x0037001E
PR_BODY = 0x1000001F
PR_COMMENT = 0x3004001F
MAPI_E_NOT_FOUND = -2147221233
MAPI_E_NOT_ENOUGH_MEMORY = -2147024882
MAPI_E_NO_ACCESS = -2147024891
MAPI_E_COMPUTED = -2147221222
MAPI_W_ERRORS_RETURNED = 263040


def _inbox_message(store, subject, flags=0x1):
    inbox = folder(store, "Inbox")
    table = inbox.GetContentsTable(0)
    table.SetColumns((0x0FFF0102, PR_SUBJECT), 0)
    for (_, eid), (_, subj) in pw().mapi.HrQueryAllRows(table, None, None, None, 0):
        if subj == subject:
            return inbox, inbox.OpenEntry(eid, None, flags)
    raise AssertionError(subject)


def test_world_message_props_come_back_in_pywin32_shapes(fk):
    store = own_store(logon())
    _, msg = _inbox_message(store, "Hello")
    hr, props = msg.GetProps((PR_SUBJECT, PR_SUBJECT_A, 0x00170003, 0x0E060040, 0x0C1A001F, PR_COMMENT), 0)
    assert hr == 0
    assert props[:3] == ((PR_SUBJECT, "Hello"), (PR_SUBJECT_A, b"Hello"), (0x00170003, 2))
    when = props[3][1]
    assert isinstance(when, pw().pywintypes.TimeType)
    assert when == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    assert props[4:] == ((0x0C1A001F, "Bob"), (PR_COMMENT, "a comment"))


def test_get_props_refuses_a_body_too_large_and_open_property_streams_it(fk):
    m = pw()
    store = own_store(logon())
    _, msg = _inbox_message(store, "Big")
    hr, props = msg.GetProps((PR_BODY, PR_SUBJECT), 0)
    assert hr == MAPI_W_ERRORS_RETURNED
    assert props == ((0x1000000A, MAPI_E_NOT_ENOUGH_MEMORY), (PR_SUBJECT, "Big"))
    err = raises(MAPI_E_NOT_ENOUGH_MEMORY, m.mapi.HrGetOneProp, msg, PR_BODY)
    assert err.args[2:] == (None, None)
    stream = msg.OpenProperty(PR_BODY, m.pythoncom.IID_IStream, 0, 0)
    data = b""
    while chunk := stream.Read(10000):
        data += chunk
    assert data.decode("utf-16-le") == BIG_BODY
    stat = stream.Stat()
    assert stat[1:3] == (2, len(BIG_BODY) * 2)


def test_open_property_without_create_on_a_missing_property_is_not_found(fk):
    m = pw()
    store = own_store(logon())
    _, msg = _inbox_message(store, "Hello")
    raises(MAPI_E_NOT_FOUND, msg.OpenProperty, 0x0049001F, m.pythoncom.IID_IStream, 0, 0)


def test_stream_write_seek_setsize_commit_then_save_changes(fk):
    m = pw()
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    msg = inbox.CreateMessage(None, 0)
    stream = msg.OpenProperty(PR_BODY, m.pythoncom.IID_IStream, 0, m.mapi.MAPI_MODIFY | m.mapi.MAPI_CREATE)
    stream.Write("hello world".encode("utf-16-le"))
    assert stream.Seek(0, 0) == 0
    assert stream.Read(10) == "hello".encode("utf-16-le")
    assert stream.Seek(-2, 2) == 20
    stream.SetSize(10)
    stream.Commit(0)
    assert prop(msg, PR_BODY) == "hello"
    msg.SaveChanges(0)
    other = inbox.OpenEntry(prop(msg, 0x0FFF0102), None, 0)
    assert prop(other, PR_BODY) == "hello"
    ro = other.OpenProperty(PR_BODY, m.pythoncom.IID_IStream, 0, 0)
    raises(-2147287035, ro.Write, b"x")  # STG_E_ACCESSDENIED


def test_every_value_type_round_trips_with_pywin32_shapes(fk):
    m = pw()
    store = own_store(logon())
    msg = folder(store, "Inbox").CreateMessage(None, 0)
    iid = m.pywintypes.IID("{00062008-0000-0000-C000-000000000046}")
    when = m.pywintypes.Time(datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc))
    values = [(0x80000002, 7), (0x80010003, -5), (0x80020004, 1.5), (0x80030005, 2.25), (0x8004000B, True),
              (0x80050014, 2**40), (0x80060040, when), (0x8007001E, "ansi"), (0x8008001F, "wide"),
              (0x80090102, b"\x00\x01"), (0x800A0048, iid), (0x800B0001, None), (0x800C1003, [1, 2]),
              (0x800D101F, ("a", "b")), (0x800E1102, [b"x"]), (0x800F101E, ["p", "q"])]
    assert msg.SetProps(values) == (0, None)
    hr, props = msg.GetProps([tag for tag, _ in values], 0)
    assert hr == 0
    assert props == ((0x80000002, 7), (0x80010003, -5), (0x80020004, 1.5), (0x80030005, 2.25), (0x8004000B, True),
                     (0x80050014, 2**40), (0x80060040, when), (0x8007001E, b"ansi"), (0x8008001F, "wide"),
                     (0x80090102, b"\x00\x01"), (0x800A0048, iid), (0x800B0001, None), (0x800C1003, (1, 2)),
                     (0x800D101F, ("a", "b")), (0x800E1102, (b"x",)), (0x800F101E, (b"p", b"q")))
    assert isinstance(props[6][1], m.pywintypes.TimeType)
    assert isinstance(props[10][1], m.pywintypes.IIDType)


def test_changes_are_visible_to_other_objects_only_after_save_changes(fk):
    store = own_store(logon())
    inbox, msg = _inbox_message(store, "Hello")
    _, other = _inbox_message(store, "Hello", 0)
    msg.SetProps([(PR_SUBJECT, "Changed")])
    assert prop(msg, PR_SUBJECT) == "Changed"
    assert prop(other, PR_SUBJECT) == "Hello"
    msg.SaveChanges(pw().mapi.KEEP_OPEN_READWRITE)
    assert prop(other, PR_SUBJECT) == "Changed"
    msg.SetProps([(PR_SUBJECT, "Again")])
    msg.SaveChanges(pw().mapi.KEEP_OPEN_READONLY)
    raises(MAPI_E_NO_ACCESS, msg.SetProps, [(PR_SUBJECT, "No more")])


def test_a_message_opened_without_modify_refuses_changes(fk):
    store = own_store(logon())
    _, msg = _inbox_message(store, "Hello", 0)
    raises(MAPI_E_NO_ACCESS, msg.SetProps, [(PR_SUBJECT, "x")])


def test_delete_props_and_set_props_report_problems_when_asked(fk):
    store = own_store(logon())
    _, msg = _inbox_message(store, "Hello")
    assert msg.SetProps([(PR_SUBJECT, "x"), (0x0E080003, 5)], True) == (0, ((1, 0x0E080003, MAPI_E_COMPUTED),))
    assert msg.DeleteProps((PR_COMMENT, 0x0049001F), True) == (0, ((1, 0x0049001F, MAPI_E_NOT_FOUND),))
    assert msg.DeleteProps((PR_COMMENT,)) == (0, None)
    assert msg.GetProps((PR_COMMENT,), 0) == (MAPI_W_ERRORS_RETURNED, ((0x3004000A, MAPI_E_NOT_FOUND),))


def test_computed_message_properties_follow_attachments_and_flags(fk):
    m = pw()
    store = own_store(logon())
    inbox, msg = _inbox_message(store, "Hello")
    hr, props = msg.GetProps((0x0E1B000B, 0x0E070003, 0x0FFE0003, 0x0E090102, 0x0FFB0102, 0x0E04001F), 0)
    assert hr == 0
    assert props[0] == (0x0E1B000B, True)
    assert props[1] == (0x0E070003, 0x10)  # MSGFLAG_HASATTACH, unread
    assert props[2] == (0x0FFE0003, m.mapi.MAPI_MESSAGE)
    assert props[3][1] == prop(inbox, 0x0FFF0102)
    assert props[4][1] == prop(store, 0x0FFF0102)[:0] + props[4][1]  # bytes
    assert props[5] == (0x0E04001F, "Alice")
    size = prop(msg, 0x0E080003)
    msg.DeleteAttach(0, 0, None, 0)
    msg.DeleteAttach(1, 0, None, 0)
    assert prop(msg, 0x0E1B000B) is False
    assert prop(msg, 0x0E080003) < size


def test_record_search_and_instance_keys_are_binary_and_distinct(fk):
    store = own_store(logon())
    _, a = _inbox_message(store, "Hello")
    _, b = _inbox_message(store, "Big")
    keys = (0x0FF90102, 0x300B0102, 0x0FF60102)
    va, vb = a.GetProps(keys, 0)[1], b.GetProps(keys, 0)[1]
    assert all(isinstance(v, bytes) for _, v in va + vb)
    assert all(x != y for x, y in zip(va, vb))


def test_named_properties_start_at_0x8000_and_are_stable_per_store(fk):
    m = pw()
    store = own_store(logon())
    _, msg = _inbox_message(store, "Hello")
    ps = m.mapi.PS_PUBLIC_STRINGS
    assert msg.GetIDsFromNames([(ps, "Score")], 0) == (0x80000000,)
    assert msg.GetIDsFromNames([(ps, "Unknown")], 0) == (0x0000000A,)
    created = msg.GetIDsFromNames([(ps, "Unknown"), (m.mapi.PSETID_Common, 0x8501)], m.mapi.MAPI_CREATE)
    assert created == (0x80010000, 0x80020000)
    assert store.GetIDsFromNames([(ps, "Unknown")], 0) == (0x80010000,)
    assert prop(msg, 0x80000005) == 2.5
    hr, tags, names = msg.GetNamesFromIDs((0x80000005, 0x80020003, 0x80990003), None, 0)
    assert hr == MAPI_W_ERRORS_RETURNED
    assert tags == (0x80000005, 0x80020003, 0x80990003)
    assert names == [(ps, "Score"), (m.mapi.PSETID_Common, 0x8501), (None, None)]
    assert isinstance(names[0][0], m.pywintypes.IIDType)


def test_copy_to_copies_properties_recipients_and_attachments(fk):
    m = pw()
    store = own_store(logon())
    inbox, src = _inbox_message(store, "Hello")
    dst = inbox.CreateMessage(None, 0)
    assert src.CopyTo(None, None, 0, None, m.mapi.IID_IMessage, dst, 0) == (0, None)
    dst.SaveChanges(0)
    assert prop(dst, PR_SUBJECT) == "Hello"
    assert prop(dst, 0x0E1B000B) is True
    assert len(dst.GetRecipientTable(0).QueryRows(10, 0)) == 1
    other = inbox.CreateMessage(None, 0)
    assert src.CopyProps((PR_SUBJECT, 0x1013001F), 0, None, m.mapi.IID_IMessage, other, 0, True) == \
        (0, ((1, 0x1013001F, MAPI_E_NOT_FOUND),))
    assert prop(other, PR_SUBJECT) == "Hello"
    assert prop(other, 0x0E1B000B) is False


def test_folder_counts_follow_contents(fk):
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    hr, props = inbox.GetProps((0x36020003, 0x36030003, 0x360A000B, 0x3613001F), 0)
    assert props[:3] == ((0x36020003, 22), (0x36030003, 21), (0x360A000B, True))
    calendar = folder(store, "Calendar")
    assert prop(calendar, 0x3613001F) == "IPF.Appointment"
    assert prop(calendar, 0x360A000B) is False
