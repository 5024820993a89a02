"""World files as Outlook leaves mailboxes: Outlook's well-known named properties by name, contacts,
appointments and tasks with the properties Outlook writes, folder properties and associated
(hidden) messages.

Sources: MS-OXPROPS section 2 (property sets and long ids of the PidLid properties), MS-OXOCNTC
2.2.1, MS-OXOCAL 2.2.1, MS-OXOTASK 2.2.2 (the properties of each item), MS-OXCFOLD 2.2.2.2.1.3 /
MS-OXCMSG 2.2.1.6 (folder-associated information: MAPI_ASSOCIATED contents tables, MSGFLAG_ASSOCIATED).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from test_contents_kit import alice_store, pw

import fakemapi

UTC = datetime.timezone.utc
PR_SUBJECT = 0x0037001F
PR_MESSAGE_CLASS = 0x001A001F
PR_MESSAGE_FLAGS = 0x0E070003
PR_DISPLAY_NAME = 0x3001001F
PR_GIVEN_NAME = 0x3A06001F
PR_SURNAME = 0x3A11001F
PR_COMMENT = 0x3004001F
PR_ENTRYID = 0x0FFF0102
PR_IPM_APPOINTMENT_ENTRYID = 0x36D00102
PR_IPM_CONTACT_ENTRYID = 0x36D10102
PR_IPM_TASK_ENTRYID = 0x36D40102
MSGFLAG_ASSOCIATED = 0x40

WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [{"alias": "alice", "display_name": "Alice", "folders": {
        "Contacts": {"messages": [
            {"contact": {"given_name": "Jane", "surname": "Doe", "email": "jane@fabrikam.com",
                         "company": "Fabrikam"}},
        ]},
        "Calendar": {"messages": [
            {"subject": "Standup", "appointment": {"start": "2024-03-04T09:00:00Z", "end": "2024-03-04T09:15:00Z",
                                                   "location": "Room 1", "busy_status": "tentative"}},
        ]},
        "Tasks": {"messages": [
            {"subject": "File taxes", "task": {"due": "2024-04-15T00:00:00Z", "status": "in_progress",
                                               "percent_complete": 0.5}},
        ]},
        "Inbox": {
            "props": {"PR_COMMENT": "where mail lands"},
            "associated": [{"subject": "View", "message_class": "IPM.Microsoft.FolderDesign.NamedView",
                            "props": {"PidLidPrivate": True}}],
            "messages": [{"subject": "Tagged", "props": {"PidNameKeywords": ["Red", "Blue"]}}],
        },
    }}],
    "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}],
}


@pytest.fixture
def store() -> Any:
    with alice_store(WORLD) as opened:
        yield opened


def _tags(store: Any, *names: tuple[Any, Any, int]) -> list[int]:
    """Tags of named properties, as a client gets them: GetIDsFromNames, then PROP_TAG(type, id)."""
    ids = store.GetIDsFromNames([(guid, name) for guid, name, _ in names], 0)
    return [(pid & 0xFFFF0000) | ptype for pid, (_, _, ptype) in zip(ids, names)]


def _only_item(store: Any, special: int, *tags: int) -> tuple[Any, ...]:
    root = store.OpenEntry(None, None, 0)
    folder = store.OpenEntry(root.GetProps((special,), 0)[1][0][1], None, 0)
    table = folder.GetContentsTable(0)
    table.SetColumns(tags, 0)
    rows = table.QueryRows(10, 0)
    assert len(rows) == 1
    return tuple(v for _, v in rows[0])


def test_a_contact_has_the_properties_outlook_writes(store):
    m = pw().mapi
    a = m.PSETID_Address
    file_under, file_under_id, email, email_type, email_shown = _tags(
        store, (a, 0x8005, 0x1F), (a, 0x8006, 0x3), (a, 0x8083, 0x1F), (a, 0x8082, 0x1F), (a, 0x8080, 0x1F))
    assert _only_item(store, PR_IPM_CONTACT_ENTRYID, PR_MESSAGE_CLASS, PR_SUBJECT, PR_DISPLAY_NAME, PR_GIVEN_NAME,
                      PR_SURNAME, file_under, file_under_id, email, email_type, email_shown) == (
        "IPM.Contact", "Jane Doe", "Jane Doe", "Jane", "Doe", "Doe, Jane", 0x8017, "jane@fabrikam.com", "SMTP",
        "Jane Doe (jane@fabrikam.com)")


def test_an_appointment_has_its_times_duration_location_and_busy_status(store):
    m = pw().mapi
    ap, common = m.PSETID_Appointment, m.PSETID_Common
    start, end, duration, location, busy, common_start = _tags(
        store, (ap, 0x820D, 0x40), (ap, 0x820E, 0x40), (ap, 0x8213, 0x3), (ap, 0x8208, 0x1F), (ap, 0x8205, 0x3),
        (common, 0x8516, 0x40))
    values = _only_item(store, PR_IPM_APPOINTMENT_ENTRYID, PR_MESSAGE_CLASS, start, end, duration, location, busy,
                        common_start)
    assert values[0] == "IPM.Appointment"
    assert values[1:3] == (datetime.datetime(2024, 3, 4, 9, 0, tzinfo=UTC),
                           datetime.datetime(2024, 3, 4, 9, 15, tzinfo=UTC))
    assert values[3:6] == (15, "Room 1", 1)
    assert values[6] == values[1]


def test_a_task_has_its_status_percent_and_due_date(store):
    m = pw().mapi
    tk = m.PSETID_Task
    status, percent, due, complete = _tags(store, (tk, 0x8101, 0x3), (tk, 0x8102, 0x5), (tk, 0x8105, 0x40),
                                           (tk, 0x811C, 0xB))
    assert _only_item(store, PR_IPM_TASK_ENTRYID, PR_MESSAGE_CLASS, status, percent, due, complete) == (
        "IPM.Task", 1, 0.5, datetime.datetime(2024, 4, 15, tzinfo=UTC), False)


def test_folder_props_and_associated_messages_come_from_the_world_file(store):
    m = pw().mapi
    inbox = store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, 0)
    assert inbox.GetProps((PR_COMMENT, 0x36170003), 0)[1] == ((PR_COMMENT, "where mail lands"), (0x36170003, 1))
    private, = _tags(store, (m.PSETID_Common, 0x8506, 0xB))
    hidden = inbox.GetContentsTable(m.MAPI_ASSOCIATED)
    hidden.SetColumns((PR_SUBJECT, PR_MESSAGE_CLASS, PR_MESSAGE_FLAGS, private), 0)
    (subject, cls, flags, is_private), = hidden.QueryRows(10, 0)
    assert (subject[1], cls[1], flags[1] & MSGFLAG_ASSOCIATED, is_private[1]) == (
        "View", "IPM.Microsoft.FolderDesign.NamedView", MSGFLAG_ASSOCIATED, True)
    normal = inbox.GetContentsTable(0)
    normal.SetColumns((PR_SUBJECT,), 0)
    assert normal.QueryRows(10, 0) == (((PR_SUBJECT, "Tagged"),),)


def test_public_strings_keywords_by_name(store):
    keywords, = _tags(store, (pw().mapi.PS_PUBLIC_STRINGS, "Keywords", 0x101F))
    inbox = store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, 0)
    table = inbox.GetContentsTable(0)
    table.SetColumns((keywords,), 0)
    assert table.QueryRows(1, 0) == (((keywords, ("Red", "Blue")),),)


@pytest.mark.parametrize(("message", "where", "reason"), [
    ({"contact": {"given_name": "x"}, "task": {}}, "task", "contact and task cannot be given together"),
    ({"appointment": {"location": "x"}}, "appointment", "an appointment needs a start time"),
    ({"appointment": {"start": "2024-01-02T00:00:00Z", "busy_status": "away"}}, "busy_status",
     "expected one of free, tentative, busy, out_of_office"),
    ({"task": {"percent_complete": 2}}, "percent_complete", "expected a number from 0 to 1"),
    ({"props": {"PidLidNoSuchThing": 1}}, "PidLidNoSuchThing", "unknown property"),
])
def test_bad_items_are_named_with_their_path(message, where, reason):
    data = {**WORLD, "mailboxes": [{"alias": "alice", "folders": {"Inbox": {"messages": [message]}}}]}
    with pytest.raises(fakemapi.WorldError) as info:
        fakemapi.World.from_dict(data)
    assert where in str(info.value) and reason in str(info.value)
