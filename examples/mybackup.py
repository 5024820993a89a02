"""A well-behaved backup loop written only against pywin32's MAPI modules (the README's pytest
example tests it): it opens each mailbox with admin privilege, counts its Inbox, releases it
before the next one (KB 260141: "once a mailbox is released, its index value can be reused"),
then logs off and uninitializes MAPI.

Run it under the fake with ``fakemapi run examples/mybackup.py``.
"""

from __future__ import annotations

import sys
from typing import Any

from win32com.mapi import exchange, mapi, mapitags

ORG = "/o=Contoso/ou=HQ"
SERVER_DN = f"{ORG}/cn=Configuration/cn=Servers/cn=EX01/cn=Microsoft Private MDB"
FLAGS = mapi.MDB_NO_DIALOG | mapi.MDB_NO_MAIL | mapi.MDB_TEMPORARY | mapi.MAPI_BEST_ACCESS


def inbox_count(store: Any) -> int:
    """Messages in the store's Inbox."""
    inbox_eid, _ = store.GetReceiveFolder("IPM.Note", 0)
    inbox = store.OpenEntry(inbox_eid, None, 0)
    (_, count), = inbox.GetProps((mapitags.PR_CONTENT_COUNT,), 0)[1]
    return int(count)


def run(mailboxes: list[str] | None = None, profile: str = "") -> dict[str, int]:
    """The Inbox size of each mailbox (default: user001 .. user300), opened one at a time."""
    aliases = mailboxes if mailboxes is not None else [f"user{n:03}" for n in range(1, 301)]
    mapi.MAPIInitialize(None)
    try:
        flags = mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION | (0 if profile else mapi.MAPI_USE_DEFAULT)
        session = mapi.MAPILogonEx(0, profile, None, flags)
        try:
            table = session.GetMsgStoresTable(0)
            table.SetColumns((mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), 0)
            own_eid = next(row[0][1] for row in table.QueryRows(10, 0) if row[1][1])
            del table
            own = session.OpenMsgStore(0, own_eid, None, FLAGS)
            manage = own.QueryInterface(exchange.IID_IExchangeManageStore)
            counts = {}
            for alias in aliases:
                eid = manage.CreateStoreEntryID(SERVER_DN, f"{ORG}/cn=Recipients/cn={alias}",
                                                exchange.OPENSTORE_USE_ADMIN_PRIVILEGE
                                                | exchange.OPENSTORE_TAKE_OWNERSHIP)
                store = session.OpenMsgStore(0, eid, None, FLAGS)
                counts[alias] = inbox_count(store)
                del store  # released before the next OpenMsgStore
            del manage, own
        finally:
            session.Logoff(0, 0, 0)
    finally:
        mapi.MAPIUninitialize()
    return counts


if __name__ == "__main__":
    result = run(sys.argv[1:] or None)
    print(f"backed up {len(result)} mailboxes, {sum(result.values())} messages")
