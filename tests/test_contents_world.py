"""World files: the contents schema (folders, messages, generated messages, named properties)."""

from __future__ import annotations

import pathlib

import pytest

from fakemapi import World, WorldError

HEAD = "schema_version: 1\nservers: [{name: EX01}]\nmailboxes:\n"


def _load(tmp_path: pathlib.Path, text: str) -> World:
    path = tmp_path / "world.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    return World.load(str(path))


def _error(tmp_path: pathlib.Path, text: str) -> tuple[str, WorldError]:
    with pytest.raises(WorldError) as info:
        _load(tmp_path, text)
    return str(tmp_path / "world.yaml"), info.value


def test_contents_schema_loads_folders_messages_generated_and_named_props(tmp_path):
    world = _load(tmp_path, """\
  - alias: alice
    folders:
      Inbox:
        messages:
          - {subject: Hello, from: bob, to: [alice], received: 2024-01-02T03:04:05Z,
             attachments: [{filename: a.bin, data: "hex:0001"}], props: {PR_COMMENT: note, Score: 1}}
          - {generate: {count: 3, subject: "R {n}", every: 2h}}
        folders: {Projects: {messages: []}}
      Calendar: {container_class: IPF.Appointment}
    named_props: [{guid: PS_PUBLIC_STRINGS, name: Score, type: PT_DOUBLE}]
  - {alias: bob}
""")
    alice = world.mailbox("alice")
    assert alice.smtp == "alice@contoso.com"
    inbox, calendar = alice.folders
    assert (inbox.name, calendar.name, calendar.container_class) == ("Inbox", "Calendar", "IPF.Appointment")
    hello, generated = inbox.messages
    assert hello.attachments[0].data == b"\x00\x01"
    assert hello.props == ((0x3004001F, "note"), (0x80000005, 1.0))
    assert [generated.message(n).subject for n in (1, 3)] == ["R 1", "R 3"]
    assert generated.message(2).received.isoformat() == "2024-01-01T02:00:00+00:00"
    assert inbox.folders[0].name == "Projects"
    assert alice.named_props[0].name == "Score"


def test_unknown_message_key_names_the_allowed_keys(tmp_path):
    path, err = _error(tmp_path, "  - {alias: a, folders: {Inbox: {messages: [{subjekt: x}]}}}\n")
    assert str(err) == (f"{path}:4:46: mailboxes[0].folders.Inbox.messages[0].subjekt: unknown key 'subjekt'; "
                        "expected one of subject, body, from, to, cc, bcc, received, message_class, read, "
                        "importance, size_hint, attachments, props, html, rtf, contact, appointment, task")


def test_a_recipient_that_is_no_alias_and_no_address_is_an_error(tmp_path):
    path, err = _error(tmp_path, "  - {alias: a, folders: {Inbox: {messages: [{to: [zed]}]}}}\n")
    assert str(err) == (f"{path}:4:51: mailboxes[0].folders.Inbox.messages[0].to[0]: 'zed' is not a mailbox "
                        "alias in this world; write an SMTP address (with @) for someone outside it")


def test_bad_times_durations_and_property_values_are_errors(tmp_path):
    path, err = _error(tmp_path, "  - {alias: a, folders: {Inbox: {messages: [{received: soon}]}}}\n")
    assert err.reason == "expected a time such as 2024-01-02T03:04:05Z; got 'soon'"
    path, err = _error(tmp_path, "  - {alias: a, folders: {Inbox: {messages: [{generate: {count: 1, every: 1w}}]}}}\n")
    assert err.reason == "expected a duration such as 90s, 15m, 1h or 2d (or seconds); got a string ('1w')"
    path, err = _error(tmp_path, "  - {alias: a, folders: {Inbox: {messages: [{props: {0x10000003: text}}]}}}\n")
    assert err.reason == "expected a value for a PT_LONG property; got a string ('text')"
    path, err = _error(tmp_path, "  - {alias: a, folders: {Inbox: {messages: [{props: {Nope: 1}}]}}}\n")
    assert err.reason.startswith("unknown property 'Nope'")


def test_bad_named_props_and_folder_names_are_errors(tmp_path):
    path, err = _error(tmp_path, "  - {alias: a, named_props: [{guid: PS_NOPE, name: X}]}\n")
    assert err.reason.startswith("expected a property set name (CLSID_MailMessage, PSETID_Address, ")
    path, err = _error(tmp_path, "  - {alias: a, named_props: [{name: X, type: PT_CURRENCY}]}\n")
    assert err.reason.startswith("expected a property type (PT_I2, ")
    path, err = _error(tmp_path, "  - {alias: a, folders: {a/b: {}}}\n")
    assert str(err) == f"{path}:4:26: mailboxes[0].folders.a/b: folder name 'a/b' may not contain '/' or '\\'"
