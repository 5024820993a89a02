"""fakemapi.names: the names failure reports show instead of raw numbers (issue 16 item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakemapi import names

# pywin32 com/win32comext/mapi/mapitags.py:18,48,132-134: PT_UNICODE = 31, PT_TSTRING = PT_UNICODE,
# PR_SUBJECT = PROP_TAG(PT_TSTRING, 55), PR_SUBJECT_W = PROP_TAG(PT_UNICODE, 55),
# PR_SUBJECT_A = PROP_TAG(PT_STRING8, 55)
PR_SUBJECT_W = (55 << 16) | 31
PR_SUBJECT_A = (55 << 16) | 30


def test_a_tag_is_named_with_the_suffix_of_its_type() -> None:
    assert names.tag_name(PR_SUBJECT_W) == "PR_SUBJECT_W"
    assert names.tag_name(PR_SUBJECT_A) == "PR_SUBJECT_A"


def test_a_missing_propertys_error_entry_and_an_unknown_id_are_spelt_as_prop_tag() -> None:
    # a missing property comes back as (PROP_TAG(PT_ERROR, id), scode): pywin32-surface.md
    assert names.tag_name((55 << 16) | 0x000A) == "PROP_TAG(PT_ERROR, PR_SUBJECT)"
    assert names.tag_name(0x8001001F) == "PROP_TAG(PT_UNICODE, 0x8001)"
    assert names.tag_name(17) is None  # not a tag: id 0


def test_flags_are_named_by_the_constants_of_their_argument() -> None:
    # MAPI reference, IMAPISession::OpenMsgStore: ulFlags takes MDB_* and MAPI_BEST_ACCESS;
    # MDB_NO_DIALOG = 0x1, MAPI_BEST_ACCESS = 0x10 (mapi-constants.tsv)
    assert names.arg_text("OpenMsgStore", 3, 0x11) == "MDB_NO_DIALOG | MAPI_BEST_ACCESS"
    assert names.arg_text("OpenMsgStore", 3, 0x11 | 0x4000_0000) == "MDB_NO_DIALOG | MAPI_BEST_ACCESS | 0x40000000"
    assert names.arg_text("MAPILogonEx", 3, 0x22) == "MAPI_NEW_SESSION | MAPI_EXTENDED"  # not MAPI_CC
    assert names.arg_text("OpenMsgStore", 3, 0) == "0"
    assert names.arg_text("OpenMsgStore", 0, 0x11) == "17"  # not a flags argument


def test_values_show_tags_by_name_and_error_entries_by_scode_name() -> None:
    props = (0x00040380, ((0x3001001F, "Mailbox - Administrator"), ((55 << 16) | 0x000A, -2147221233)))
    assert names.show(props) == ("(MAPI_W_ERRORS_RETURNED, ((PR_DISPLAY_NAME_W, 'Mailbox - Administrator'), "
                                 "(PROP_TAG(PT_ERROR, PR_SUBJECT), MAPI_E_NOT_FOUND)))")
    assert names.show((0x3001001F, PR_SUBJECT_W)) == "(PR_DISPLAY_NAME_W, PR_SUBJECT_W)"  # a tag array
    assert names.show([1, 2, (3, "x")]) == "[1, 2, (3, 'x')]"


def test_entry_ids_are_shortened_to_length_head_and_the_readable_tail() -> None:
    eid = bytes(4) + bytes.fromhex("38a1bb10") + b"\x00" * 20 + b"/o=Contoso/ou=HQ/cn=Recipients/cn=user255\x00"
    assert names.entry_id_text(eid) == f'eid[{len(eid)} bytes 00000000 38A1BB10.. "/cn=user255"]'
    assert names.show(eid) == names.entry_id_text(eid)
    assert names.show(b"short") == "b'short'"


@pytest.mark.parametrize("word, candidates, hint", [
    ("MAPI_E_FAILONEPROVDER", names.error_names(), " (did you mean 'MAPI_E_FAILONEPROVIDER'?)"),
    ("OpenMsgStor", ["OpenMsgStore", "OpenEntry", "OpenProperty"], " (did you mean 'OpenMsgStore'?)"),
    ("MAPI_E_NOPE", names.error_names(), ""),                       # nothing close enough: no guess
    ("MAPI_NEW_SESION", ["MAPI_NEW_SESSION", "mapi.MAPI_NEW_SESSION"], " (did you mean 'MAPI_NEW_SESSION'?)"),
])
def test_did_you_mean_offers_only_close_names(word: str, candidates: list[str], hint: str) -> None:
    assert names.did_you_mean(word, candidates) == hint


def test_a_misspelt_method_in_a_scenario_step_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    from fakemapi.scenario.loader import ScenarioError, load_scenario

    path = tmp_path / "s.yaml"
    path.write_text("schema_version: 1\nname: s\nsteps:\n  - mapi.MAPIInitialise: [null]\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    assert str(info.value).endswith("unknown call mapi.MAPIInitialise: pywin32's mapi module has no such function "
                                    "(did you mean 'MAPIInitialize'?)")
