"""Behaviours an audit found untested: FL_LOOSE content restrictions, PT_CLSID and PT_R4 round
trips, and mapiutil.SetProperties (which, as in pywin32, does not save)."""

from __future__ import annotations

from test_contents_kit import fk, folder, logon, own_store, prop, pw  # noqa: F401


def test_fl_loose_ignores_case_and_keeps_the_full_string_or_substring_level(fk):  # noqa: F811
    m = pw()
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    table = inbox.GetContentsTable(0)
    table.SetColumns((m.mapitags.PR_SUBJECT,), 0)
    subject = m.mapitags.PR_SUBJECT

    def matching(fuzzy: int) -> list[str]:
        table.Restrict((m.mapi.RES_CONTENT, (fuzzy, subject, (subject, "REPORT 1"))), 0)
        table.SeekRow(m.mapi.BOOKMARK_BEGINNING, 0)
        return sorted(row[0][1] for row in table.QueryRows(100, 0))

    # FL_LOOSE is a modifier (high word): on its own it is a loose FL_FULLSTRING match
    assert matching(m.mapi.FL_LOOSE) == ["Report 1"]
    assert matching(m.mapi.FL_SUBSTRING | m.mapi.FL_LOOSE) == sorted(
        ["Report 1"] + [f"Report {n}" for n in range(10, 20)])
    assert matching(m.mapi.FL_FULLSTRING) == []  # case matters without a modifier


def test_pt_clsid_and_pt_r4_values_round_trip_through_set_and_get_props(fk):  # noqa: F811
    m = pw()
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    message = inbox.CreateMessage(None, 0)
    clsid_tag = m.mapitags.PROP_TAG(m.mapitags.PT_CLSID, 0x6801)
    r4_tag = m.mapitags.PROP_TAG(m.mapitags.PT_R4, 0x6802)
    guid = m.pywintypes.IID("{00020D0B-0000-0000-C000-000000000046}")
    assert message.SetProps(((clsid_tag, guid), (r4_tag, 1.5))) == (0, None)
    hr, props = message.GetProps((clsid_tag, r4_tag), 0)
    assert hr == 0
    assert props == ((clsid_tag, guid), (r4_tag, 1.5))
    assert isinstance(props[0][1], m.pywintypes.IIDType)


def test_mapiutil_set_properties_sets_by_name_and_leaves_saving_to_the_caller(fk):  # noqa: F811
    from win32com.mapi import mapiutil

    m = pw()
    store = own_store(logon())
    inbox = folder(store, "Inbox")
    message = inbox.CreateMessage(None, 0)
    # pywin32 mapiutil.py SetProperties: a str key is a PS_PUBLIC_STRINGS named property (created
    # with MAPI_CREATE), never a PR_* name; a str value makes it PT_UNICODE
    mapiutil.SetProperties(message, {"PR_SUBJECT": "by name", m.mapitags.PR_BODY: "by tag"})
    named = message.GetIDsFromNames(((m.mapi.PS_PUBLIC_STRINGS, "PR_SUBJECT"),), 0)[0]
    assert prop(message, (named & 0xFFFF0000) | m.mapitags.PT_UNICODE) == "by name"
    assert prop(message, m.mapitags.PR_SUBJECT) == -2147221233  # MAPI_E_NOT_FOUND: untouched
    assert prop(message, m.mapitags.PR_BODY) == "by tag"
    before = inbox.GetContentsTable(0).GetRowCount(0)
    message.SaveChanges(0)
    assert inbox.GetContentsTable(0).GetRowCount(0) == before + 1
