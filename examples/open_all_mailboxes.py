"""An admin tool written only against pywin32's MAPI modules: it opens every mailbox on the
server with admin privilege and keeps them open, as a naive backup loop would.

On Windows against Exchange it stops after 254 mailboxes beside the own store (KB 260141);
run it under the fake with `fakemapi run examples/open_all_mailboxes.py`.
"""

import sys

import pywintypes
from win32com.mapi import exchange, mapi, mapitags

MAILBOXES = [f"user{n:03}" for n in range(1, 301)]
ORG = "/o=Contoso/ou=HQ"
SERVER_DN = f"{ORG}/cn=Configuration/cn=Servers/cn=EX01/cn=Microsoft Private MDB"


def main() -> int:
    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_EXTENDED | mapi.MAPI_USE_DEFAULT | mapi.MAPI_NEW_SESSION)
    table = session.GetMsgStoresTable(0)
    table.SetColumns((mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), 0)
    rows = table.QueryRows(10, 0)
    own_eid = next(row[0][1] for row in rows if row[1][1])
    own = session.OpenMsgStore(0, own_eid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)
    manage = own.QueryInterface(exchange.IID_IExchangeManageStore)
    opened = []
    for alias in MAILBOXES:
        eid = manage.CreateStoreEntryID(SERVER_DN, f"{ORG}/cn=Recipients/cn={alias}",
                                        exchange.OPENSTORE_USE_ADMIN_PRIVILEGE | exchange.OPENSTORE_TAKE_OWNERSHIP)
        try:
            opened.append(session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS))
        except pywintypes.com_error as exc:
            hr = exc.hresult
            name = "MAPI_E_FAILONEPROVIDER" if hr == mapi.MAPI_E_FAILONEPROVIDER else hex(hr & 0xFFFFFFFF)
            print(f"opened {len(opened)} mailboxes beside the own store; {alias} failed with {name} ({hr})")
            return 1
    print(f"opened all {len(opened)} mailboxes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
