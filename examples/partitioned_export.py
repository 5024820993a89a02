"""KB 260141's second workaround, in real OS processes: "spawn subprocesses, each handling some
of the mailboxes". A naive export opens every mailbox of its list and keeps them all open; one
process stops after 254 mailboxes beside its own store, while two workers with 150 each get
through.

    python examples/partitioned_export.py [WORKERS] [--real]

Each worker is started with multiprocessing's spawn method (as on Windows) and installs the fake
with the default world; with --real the workers use the installed pywin32 and real MAPI instead.
"""

from __future__ import annotations

import sys

from fakemapi.testing import map_partitioned

MAILBOXES = [f"user{n:03}" for n in range(1, 301)]
ORG = "/o=Contoso/ou=HQ"
MDB = f"{ORG}/cn=Configuration/cn=Servers/cn=EX01/cn=Microsoft Private MDB"


def export_chunk(aliases: list[str]) -> tuple[int, str | None]:
    """Open every mailbox of ``aliases`` and keep them open; returns how many opened and the
    alias whose open failed (with the error name), if one did. Runs in a worker process."""
    import pywintypes
    from win32com.mapi import exchange, mapi, mapitags

    mapi.MAPIInitialize(None)
    try:
        session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_EXTENDED | mapi.MAPI_USE_DEFAULT | mapi.MAPI_NEW_SESSION)
        table = session.GetMsgStoresTable(0)
        table.SetColumns((mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), 0)
        own_eid = next(row[0][1] for row in table.QueryRows(10, 0) if row[1][1])
        own = session.OpenMsgStore(0, own_eid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)
        manage = own.QueryInterface(exchange.IID_IExchangeManageStore)
        opened = []
        for alias in aliases:
            eid = manage.CreateStoreEntryID(MDB, f"{ORG}/cn=Recipients/cn={alias}",
                                            exchange.OPENSTORE_USE_ADMIN_PRIVILEGE | exchange.OPENSTORE_TAKE_OWNERSHIP)
            try:
                opened.append(session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS))
            except pywintypes.com_error as exc:
                name = "MAPI_E_FAILONEPROVIDER" if exc.hresult == mapi.MAPI_E_FAILONEPROVIDER else hex(exc.hresult)
                return len(opened), f"{alias}: {name}"
        return len(opened), None
    finally:
        opened = []
        mapi.MAPIUninitialize()


def main(argv: list[str]) -> int:
    real = "--real" in argv
    args = [a for a in argv if a != "--real"]
    workers = int(args[0]) if args else 2
    results = map_partitioned(export_chunk, MAILBOXES, workers, install_fake=not real)
    for i, (count, failure) in enumerate(results, 1):
        print(f"worker {i}: opened {count} mailboxes" + (f"; {failure}" if failure else ""))
    return 0 if all(failure is None for _, failure in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
