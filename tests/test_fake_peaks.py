"""``fake.peak_logons()`` and ``fake.logon_peaks()``: the peak a loop reached, kept after it logged
off (issue 16 item 2: the README's ``max(len(c.logons) for c in fake.connections())`` raised
ValueError on an empty sequence once a well-behaved program had logged off)."""

from __future__ import annotations

import os
import sys

import pytest
from conftest import pw

import fakemapi

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples")


@pytest.fixture
def mybackup(monkeypatch: pytest.MonkeyPatch, fake: fakemapi.Fake) -> object:
    monkeypatch.syspath_prepend(EXAMPLES)
    sys.modules.pop("mybackup", None)
    import mybackup as module

    return module


def test_peak_logons_is_zero_before_any_store_opens(fake: fakemapi.Fake) -> None:
    assert fake.peak_logons() == 0
    assert fake.logon_peaks() == {}


def test_peak_logons_keeps_the_peak_after_the_program_logged_off(fake: fakemapi.Fake, mybackup: object) -> None:
    counts = mybackup.run(["user001", "user002", "user003"])  # type: ignore[attr-defined]
    assert list(counts) == ["user001", "user002", "user003"]
    assert fake.connections() == []           # the end state: everything released
    assert fake.peak_logons() == 2            # own store + one mailbox at a time (KB 260141 reuse)
    assert fake.logon_peaks() == {1: 2}


def test_peak_logons_reaches_255_when_a_loop_fills_the_table(fake: fakemapi.Fake) -> None:
    m = pw()
    session = m.mapi.MAPILogonEx(0, "Admin", None, m.mapi.MAPI_EXTENDED | m.mapi.MAPI_NEW_SESSION)
    own_eid = session.GetMsgStoresTable(0).QueryRows(1, 0)[0][0][1]
    own = session.OpenMsgStore(0, own_eid, None, m.mapi.MDB_NO_DIALOG)
    manage = own.QueryInterface(m.exchange.IID_IExchangeManageStore)
    mdb = fake.world.server("EX01").private_mdb_dn
    stores = []
    for alias in [f"user{n:03}" for n in range(1, 256)]:
        eid = manage.CreateStoreEntryID(mdb, fake.world.mailbox(alias).dn, m.exchange.OPENSTORE_USE_ADMIN_PRIVILEGE)
        try:
            stores.append(session.OpenMsgStore(0, eid, None, m.mapi.MDB_NO_DIALOG))
        except m.pywintypes.com_error:
            break
    assert len(stores) == 254                 # KB 260141: 254 beside the own store
    del stores, manage, own
    session.Logoff(0, 0, 0)
    assert fake.peak_logons() == 255


def test_peak_logons_of_an_unknown_process_is_a_value_error(fake: fakemapi.Fake) -> None:
    with pytest.raises(ValueError, match="process: no process 'nobody'"):
        fake.peak_logons("nobody")
