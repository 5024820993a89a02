"""World files declare embedded messages: an attachment written as ``{message: {...}}`` is an
ATTACH_EMBEDDED_MSG attachment whose message opens through pywin32's
``IAttach.OpenProperty(PR_ATTACH_DATA_OBJ, IID_IMessage, 0, 0)``.

Sources: MS-OXCMSG 2.2.2.9 (PidTagAttachMethod: afEmbeddedMessage 0x00000005, "The attachment
is an embedded message that is accessed via the RopOpenEmbeddedMessage ROP"), 3.1.5.11 (the
client sets PidTagAttachMethod to afEmbeddedMessage and opens the embedded message with
RopOpenEmbeddedMessage), 2.2.1.2 (PidTagHasAttachments "indicates whether the Message object
contains at least one attachment"); MS-OXCPRPT 2.2.1.9 (PidTagSearchKey "contains a unique
binary-comparable key that identifies an object for a search"); pywin32
com/win32comext/mapi/src/PyIMAPIProp.i:317 (OpenProperty parses "kOll": tag, IID, interface
options, flags; the result wraps the interface asked for).
"""

from __future__ import annotations

import copy
import pathlib
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import extract_msg
import pytest
from test_contents_kit import alice_store, pw

import fakemapi
from fakemapi import World, WorldError
from fakemapi.scenario import load_scenario, run_scenario
from fakemapi.world.contents_loader import MAX_EMBED_DEPTH, MAX_EMBEDDED

PR_SUBJECT_W = 0x0037001F
PR_BODY_W = 0x1000001F
PR_HTML = 0x10130102
PR_SENDER_NAME_W = 0x0C1A001F
PR_DISPLAY_NAME_W = 0x3001001F
PR_RECIPIENT_TYPE = 0x0C150003
PR_HASATTACH = 0x0E1B000B
PR_MESSAGE_SIZE = 0x0E080003
PR_ENTRYID = 0x0FFF0102
PR_ATTACH_NUM = 0x0E210003
PR_ATTACH_METHOD = 0x37050003
PR_ATTACH_LONG_FILENAME_W = 0x3707001F
PR_ATTACH_DATA_BIN = 0x37010102
PR_ATTACH_DATA_OBJ = 0x3701000D
PR_SEARCH_KEY = 0x300B0102
ATTACH_BY_VALUE, ATTACH_EMBEDDED_MSG = 1, 5
MAPI_TO, MAPI_CC = 1, 2
MAPI_E_NOT_FOUND = -2147221233
PT_ERROR = 0x000A

INNER: dict[str, Any] = {
    "subject": "Quarterly report", "from": "carol@fabrikam.com", "to": ["bob"], "cc": ["alice"],
    "body": "Numbers attached.", "received": "2024-03-01T09:00:00Z",
    "attachments": [{"filename": "q1.csv", "data": "a,b\n1,2\n"},
                    {"name": "The original", "message": {"subject": "Original", "html": "<p>first</p>"}}],
}
WORLD: dict[str, Any] = {
    "schema_version": 1,
    "servers": [{"name": "EX01"}],
    "mailboxes": [{"alias": "alice", "display_name": "Alice", "folders": {"Inbox": {"messages": [
        {"subject": "Fwd: Quarterly report", "from": "bob", "to": ["alice"],
         "attachments": [{"message": INNER}]},
        {"subject": "Plain", "from": "bob"},
    ]}}}, {"alias": "bob", "display_name": "Bob"}],
    "profiles": [{"name": "Alice", "mailbox": "alice", "default": True}],
}


def _world(messages: list[dict[str, Any]]) -> dict[str, Any]:
    world = copy.deepcopy(WORLD)
    world["mailboxes"][0]["folders"]["Inbox"]["messages"] = messages
    return world


def _inbox(store: Any) -> Any:
    return store.OpenEntry(store.GetReceiveFolder("IPM.Note", 0)[0], None, 0)


def _rows(table: Any, tags: tuple[int, ...]) -> list[list[tuple[int, Any]]]:
    return [list(row) for row in pw().mapi.HrQueryAllRows(table, tags, None, None, 0)]


def _messages(store: Any) -> Iterator[Any]:
    inbox = _inbox(store)
    for row in _rows(inbox.GetContentsTable(0), (PR_ENTRYID,)):
        yield inbox.OpenEntry(row[0][1], None, 0)


def _embedded(message: Any, num: int) -> Any:
    attach = message.OpenAttach(num, None, 0)
    return attach.OpenProperty(PR_ATTACH_DATA_OBJ, pw().mapi.IID_IMessage, 0, 0)


def _values(obj: Any, tags: tuple[int, ...]) -> tuple[Any, ...]:
    return tuple(value for _, value in obj.GetProps(tags, 0)[1])


# --- what a world file's embedded message becomes ---------------------------------------------
def test_a_message_attachment_is_attach_method_5_named_for_its_subject_in_the_attachment_table():
    # MS-OXCMSG 2.2.2.9: afEmbeddedMessage is 0x00000005; the row's PR_DISPLAY_NAME is the subject
    with alice_store(WORLD) as store:
        message = next(_messages(store))
        rows = _rows(message.GetAttachmentTable(0), (PR_ATTACH_NUM, PR_ATTACH_METHOD, PR_DISPLAY_NAME_W))
        assert rows == [[(PR_ATTACH_NUM, 0), (PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG),
                         (PR_DISPLAY_NAME_W, "Quarterly report")]]


def test_the_contents_table_shows_pr_hasattach_for_the_message_holding_an_embedded_one():
    # MS-OXCMSG 2.2.1.2: PidTagHasAttachments is true when the message has attachments
    with alice_store(WORLD) as store:
        rows = _rows(_inbox(store).GetContentsTable(0), (PR_SUBJECT_W, PR_HASATTACH))
        assert sorted(rows) == [[(PR_SUBJECT_W, "Fwd: Quarterly report"), (PR_HASATTACH, True)],
                                [(PR_SUBJECT_W, "Plain"), (PR_HASATTACH, False)]]


def test_the_embedded_message_opens_through_openproperty_with_its_declared_props_and_recipients():
    # pywin32 PyIMAPIProp.i:317 OpenProperty(tag, iid, 0, 0); MS-OXCMSG 3.1.5.11
    with alice_store(WORLD) as store:
        inner = _embedded(next(_messages(store)), 0)
        assert _values(inner, (PR_SUBJECT_W, PR_BODY_W, PR_SENDER_NAME_W, PR_HASATTACH)) == (
            "Quarterly report", "Numbers attached.", "carol@fabrikam.com", True)
        recipients = _rows(inner.GetRecipientTable(0), (PR_DISPLAY_NAME_W, PR_RECIPIENT_TYPE))
        assert recipients == [[(PR_DISPLAY_NAME_W, "Bob"), (PR_RECIPIENT_TYPE, MAPI_TO)],
                              [(PR_DISPLAY_NAME_W, "Alice"), (PR_RECIPIENT_TYPE, MAPI_CC)]]


def test_an_embedded_message_is_in_no_folder_and_has_no_entry_id():
    # client/embedded.py: an embedded message is in no folder (it is reached through its
    # attachment, MS-OXCMSG 2.2.2.9); GetProps reports the missing tag as PT_ERROR
    with alice_store(WORLD) as store:
        inner = _embedded(next(_messages(store)), 0)
        assert inner.GetProps((PR_ENTRYID,), 0)[1] == ((PR_ENTRYID & 0xFFFF0000 | PT_ERROR, MAPI_E_NOT_FOUND),)


def test_attachments_of_an_embedded_message_nest_a_file_and_another_message():
    with alice_store(WORLD) as store:
        inner = _embedded(next(_messages(store)), 0)
        rows = _rows(inner.GetAttachmentTable(0), (PR_ATTACH_NUM, PR_ATTACH_METHOD, PR_DISPLAY_NAME_W))
        assert rows == [[(PR_ATTACH_NUM, 0), (PR_ATTACH_METHOD, ATTACH_BY_VALUE), (PR_DISPLAY_NAME_W, "q1.csv")],
                        [(PR_ATTACH_NUM, 1), (PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG),
                         (PR_DISPLAY_NAME_W, "The original")]]
        assert _values(inner.OpenAttach(0, None, 0), (PR_ATTACH_DATA_BIN,)) == (b"a,b\n1,2\n",)
        deepest = _embedded(inner, 1)
        assert _values(deepest, (PR_SUBJECT_W, PR_HTML, PR_HASATTACH)) == ("Original", b"<p>first</p>", False)


def test_each_embedded_message_has_its_own_search_key():
    # MS-OXCPRPT 2.2.1.9: PidTagSearchKey is "a unique binary-comparable key that identifies an
    # object for a search": the message, its embedded one and the one below differ
    with alice_store(WORLD) as store:
        outer = next(_messages(store))
        inner = _embedded(outer, 0)
        keys = {_values(m, (PR_SEARCH_KEY,))[0] for m in (outer, inner, _embedded(inner, 1))}
        assert len(keys) == 3


def test_a_filename_beside_message_sets_the_attachment_file_name():
    world = _world([{"subject": "s", "attachments": [{"filename": "report.msg", "message": {"subject": "R"}}]}])
    with alice_store(world) as store:
        attach = next(_messages(store)).OpenAttach(0, None, 0)
        assert _values(attach, (PR_ATTACH_METHOD, PR_DISPLAY_NAME_W, PR_ATTACH_LONG_FILENAME_W)) == (
            ATTACH_EMBEDDED_MSG, "R", "report.msg")


def test_generated_messages_carry_the_embedded_message_and_their_rows_size_it():
    # the row a table builds from the template must give the PR_MESSAGE_SIZE the opened message has
    world = _world([{"generate": {"count": 3, "subject": "Digest {n}",
                                  "attachments": [{"message": {"subject": "Item", "body": "x" * 500}}]}}])
    with alice_store(world) as store:
        inbox = _inbox(store)
        rows = _rows(inbox.GetContentsTable(0), (PR_ENTRYID, PR_HASATTACH, PR_MESSAGE_SIZE))
        assert len(rows) == 3
        for row in rows:
            message = inbox.OpenEntry(row[0][1], None, 0)
            assert row[1] == (PR_HASATTACH, True)
            assert _values(message, (PR_MESSAGE_SIZE,)) == (row[2][1],)
            assert row[2][1] > 1000  # the embedded body's 500 characters count (as UTF-16)
            assert _values(_embedded(message, 0), (PR_SUBJECT_W, PR_BODY_W)) == ("Item", "x" * 500)


# --- the same through a YAML file and a scenario -----------------------------------------------
YAML_WORLD = """\
schema_version: 1
servers: [{name: EX01}]
mailboxes:
  - alias: alice
    display_name: Alice
    folders:
      Inbox:
        messages:
          - subject: "Fwd: Lunch"
            from: bob
            attachments:
              - message:
                  subject: Lunch
                  from: bob
                  to: [alice]
                  body: "Noon?"
                  attachments:
                    - {filename: menu.txt, data: "soup"}
  - {alias: bob, display_name: Bob}
profiles: [{name: Alice, mailbox: alice, default: true}]
"""


def test_a_yaml_world_file_declares_an_embedded_message(tmp_path: pathlib.Path):
    path = tmp_path / "world.yaml"
    path.write_text(YAML_WORLD, encoding="utf-8")
    fakemapi.install(str(path))
    m = pw().mapi
    m.MAPIInitialize(None)
    try:
        session = m.MAPILogonEx(0, "Alice", None, m.MAPI_EXTENDED | m.MAPI_NEW_SESSION)
        eid = _rows(session.GetMsgStoresTable(0), (PR_ENTRYID,))[0][0][1]
        store = session.OpenMsgStore(0, eid, None, 0)
        inner = _embedded(next(_messages(store)), 0)
        assert _values(inner, (PR_SUBJECT_W, PR_BODY_W, PR_SENDER_NAME_W)) == ("Lunch", "Noon?", "Bob")
        assert _values(inner.OpenAttach(0, None, 0), (PR_ATTACH_DATA_BIN,)) == (b"soup",)
    finally:
        fakemapi.uninstall()


def test_world_from_dict_keeps_the_embedded_spec():
    world = World.from_dict(WORLD)
    message = world.mailboxes[0].folders[0].messages[0]
    attachment = message.attachments[0]
    assert (attachment.filename, attachment.name, attachment.message.subject) == (None, None, "Quarterly report")
    assert [a.name or a.filename for a in attachment.message.attachments] == ["q1.csv", "The original"]


SCENARIO = """\
schema_version: 1
world:
{world}
steps:
  - mapi.MAPIInitialize: [null]
  - mapi.MAPILogonEx: [0, "Alice", null, MAPI_EXTENDED | MAPI_NEW_SESSION]
    as: session
  - session.GetMsgStoresTable: [0]
    as: stores
  - stores.QueryRows: [1, 0]
    as: rows
  - session.OpenMsgStore: [0, $rows.0.0.1, null, 0]
    as: store
  - store.GetReceiveFolder: ["IPM.Note", 0]
    as: receive
  - store.OpenEntry: [$receive.0, null, 0]
    as: inbox
  - inbox.GetContentsTable: [0]
    as: contents
  - contents.QueryRows: [1, 0]
    as: first
  - inbox.OpenEntry: [$first.0.0.1, null, 0]
    as: message
  - message.GetAttachmentTable: [0]
    as: attachments
  - attachments.SetColumns: [[PR_ATTACH_METHOD, PR_DISPLAY_NAME_W], 0]
  - attachments.QueryRows: [10, 0]
    expect: {value: [[[PR_ATTACH_METHOD, 5], [PR_DISPLAY_NAME_W, "Lunch"]]]}
  - message.OpenAttach: [0, null, 0]
    as: attach
  - attach.OpenProperty: [PR_ATTACH_DATA_OBJ, IID_IMessage, 0, 0]
    as: inner
  - inner.GetProps: [[PR_SUBJECT_W, PR_BODY_W], 0]
    expect: {value: [0, [[PR_SUBJECT_W, "Lunch"], [PR_BODY_W, "Noon?"]]]}
"""


def test_a_scenario_with_an_inline_world_opens_its_embedded_message(tmp_path: pathlib.Path):
    # docs/scenarios.md "The file": world: may be an inline mapping in the world-file format
    inline = textwrap.indent(YAML_WORLD, "  ")
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.replace("{world}", inline), encoding="utf-8")
    result = run_scenario(load_scenario(str(path)))
    assert (result.passed, result.failure) == (True, None)


# --- bad and hostile input -------------------------------------------------------------------
HEAD = "schema_version: 1\nservers: [{name: EX01}]\nmailboxes:\n  - alias: alice\n    folders:\n      Inbox:\n" \
       "        messages:\n"


def _error(tmp_path: pathlib.Path, text: str) -> WorldError:
    path = tmp_path / "world.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    with pytest.raises(WorldError) as info:
        World.load(str(path))
    return info.value


def test_a_bad_key_deep_in_an_embedded_message_names_its_path_line_and_column(tmp_path: pathlib.Path):
    err = _error(tmp_path, "          - attachments:\n"
                           "              - message:\n"
                           "                  attachments: [{message: {subject: x, colour: red}}]\n")
    assert (err.line, err.column, err.path) == (
        10, 56, "mailboxes[0].folders.Inbox.messages[0].attachments[0].message.attachments[0].message.colour")
    assert err.reason.startswith("unknown key 'colour'; expected one of subject, body, from")


def test_an_unknown_recipient_of_an_embedded_message_is_refused_with_its_path(tmp_path: pathlib.Path):
    err = _error(tmp_path, "          - attachments: [{message: {to: [nobody]}}]\n")
    assert err.path == "mailboxes[0].folders.Inbox.messages[0].attachments[0].message.to[0]"
    assert err.reason == ("'nobody' is not a mailbox alias in this world; write an SMTP address (with @) for "
                          "someone outside it")


def test_an_attachment_cannot_be_both_a_file_and_a_message(tmp_path: pathlib.Path):
    err = _error(tmp_path, "          - attachments: [{message: {subject: x}, data: abc}]\n")
    assert err.path == "mailboxes[0].folders.Inbox.messages[0].attachments[0].data"
    assert err.reason == "an attachment is a file (filename: and data:) or a message (message:), not both"


def test_a_message_that_is_not_a_mapping_is_refused(tmp_path: pathlib.Path):
    err = _error(tmp_path, "          - attachments: [{message: [a, b]}]\n")
    assert err.path == "mailboxes[0].folders.Inbox.messages[0].attachments[0].message"
    assert err.reason.startswith("expected a mapping with keys subject, body, from")


def _chain(depth: int) -> str:
    """A YAML flow mapping: a message with an embedded message ``depth`` levels deep."""
    return "{subject: top" + ", attachments: [{message: {subject: m" * depth + "}}]" * depth + "}"


def test_an_embedded_chain_at_the_cap_loads_and_one_level_past_it_is_refused(tmp_path: pathlib.Path):
    world = (tmp_path / "ok.yaml")
    world.write_text(HEAD + f"          - {_chain(MAX_EMBED_DEPTH)}\n", encoding="utf-8")
    spec = World.load(str(world)).mailboxes[0].folders[0].messages[0]
    depth = 0
    while spec.attachments:
        spec, depth = spec.attachments[0].message, depth + 1
    assert depth == MAX_EMBED_DEPTH
    err = _error(tmp_path, f"          - {_chain(MAX_EMBED_DEPTH + 1)}\n")
    assert err.reason == f"embedded messages nested more than {MAX_EMBED_DEPTH} deep"
    assert err.path == "mailboxes[0].folders.Inbox.messages[0]" + ".attachments[0].message" * (MAX_EMBED_DEPTH + 1)


def test_a_yaml_alias_of_a_message_inside_itself_is_refused(tmp_path: pathlib.Path):
    err = _error(tmp_path, "          - &m {subject: loop, attachments: [{message: *m}]}\n")
    assert "an alias refers to a list or mapping that contains it" in err.reason


def test_a_dict_world_whose_embedded_message_holds_itself_is_a_world_error():
    message: dict[str, Any] = {"subject": "loop"}
    message["attachments"] = [{"message": message}]
    with pytest.raises(WorldError) as info:
        World.from_dict(_world([message]))
    assert info.value.reason == f"embedded messages nested more than {MAX_EMBED_DEPTH} deep"


def test_a_dict_world_sharing_one_message_between_attachments_is_capped_in_count():
    # two attachments a level, each the same mapping: 2**20 embedded messages if expanded
    message: dict[str, Any] = {"subject": "leaf"}
    for _ in range(MAX_EMBED_DEPTH - 1):
        message = {"subject": "level", "attachments": [{"message": message}, {"message": message}]}
    with pytest.raises(WorldError) as info:
        World.from_dict(_world([{"subject": "top", "attachments": [{"message": message}]}]))
    assert info.value.reason == f"the world would hold more than {MAX_EMBEDDED:,} embedded messages by here"



# --- what a client does with it ------------------------------------------------------------------
def test_an_embedded_world_message_changed_and_saved_outwards_keeps_the_change():
    # MS-OXCMSG "Saving an Embedded Message": save the embedded message, then the
    # attachment, then the enclosing message; pywin32 PyIMAPIProp.i:317 (OpenProperty flags)
    m = pw().mapi
    with alice_store(WORLD) as store:
        message = next(_messages(store))
        # MAPI_MODIFY on the message, the attachment and the embedded message (client/embedded.py)
        writable = _inbox(store).OpenEntry(_values(message, (PR_ENTRYID,))[0], None, m.MAPI_MODIFY)
        attach = writable.OpenAttach(0, None, m.MAPI_MODIFY)
        inner = attach.OpenProperty(PR_ATTACH_DATA_OBJ, m.IID_IMessage, 0, m.MAPI_MODIFY)
        inner.SetProps([(PR_SUBJECT_W, "Edited report")])
        inner.SaveChanges(0)
        attach.SaveChanges(0)
        writable.SaveChanges(0)
        del inner, attach, writable, message
        assert _values(_embedded(next(_messages(store)), 0), (PR_SUBJECT_W, PR_BODY_W)) == (
            "Edited report", "Numbers attached.")


def test_a_world_message_with_embedded_ones_exports_to_a_msg_file_that_extract_msg_reads(tmp_path: pathlib.Path):
    # MS-OXMSG 2.2.2.1: an embedded message is an Embedded Message object storage; extract_msg
    # (a third-party reader) gives it as a message with its own recipients and attachments
    m = pw()
    path = tmp_path / "fwd.msg"
    with alice_store(WORLD) as store:
        message = next(_messages(store))
        sc = sys.modules["win32com.storagecon"]
        storage = m.pythoncom.StgCreateDocfile(str(path), sc.STGM_CREATE | sc.STGM_READWRITE
                                               | sc.STGM_SHARE_EXCLUSIVE, 0)
        imsg = m.mapi.OpenIMsgOnIStg(m.mapi.OpenIMsgSession(), None, storage, None, 0, m.mapi.MAPI_UNICODE)
        message.CopyTo(None, None, 0, None, m.mapi.IID_IMessage, imsg, 0)
        imsg.SaveChanges(0)
        storage.Commit(0)
        del imsg, storage
    msg = extract_msg.openMsg(str(path))
    try:
        inner = msg.attachments[0].data
        assert isinstance(inner, extract_msg.msg_classes.MessageBase)
        assert (inner.subject, inner.body) == ("Quarterly report", "Numbers attached.")
        assert [r.name for r in inner.recipients] == ["Bob", "Alice"]
        assert inner.attachments[0].data == b"a,b\n1,2\n"
        assert inner.attachments[1].data.subject == "Original"
    finally:
        msg.close()


def test_a_world_delivery_can_carry_an_embedded_message():
    # world `deliveries` take the keys of a folder's messages (docs/notifications.md)
    world = copy.deepcopy(WORLD)
    world["deliveries"] = [{"after": "1s", "from": "bob", "to": ["alice"], "subject": "Later",
                            "attachments": [{"message": {"subject": "Enclosed", "body": "inside"}}]}]
    with alice_store(world) as store:
        pw().pythoncom.PumpWaitingMessages()  # virtual time runs to the delivery
        inbox = _inbox(store)
        rows = _rows(inbox.GetContentsTable(0), (PR_SUBJECT_W, PR_ENTRYID))
        later = [row[1][1] for row in rows if row[0][1] == "Later"]
        assert len(later) == 1
        inner = _embedded(inbox.OpenEntry(later[0], None, 0), 0)
        assert _values(inner, (PR_SUBJECT_W, PR_BODY_W)) == ("Enclosed", "inside")
