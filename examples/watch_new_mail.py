"""A new-mail watcher written only against pywin32's MAPI modules.

It registers for fnevNewMail on the default store with an advise sink, then pumps messages,
as a Windows program waiting for MAPI's notification window must, and prints each new
message's sender and subject as it arrives. It stops after ``--count`` messages (default 3) or
``--polls`` pumps without mail (default 1000). Run it under the fake with a world that
delivers mail while it runs:

    fakemapi run --world examples/worlds/watcher.yaml examples/watch_new_mail.py
"""

import argparse
import sys

import pythoncom
from win32com.mapi import mapi, mapitags


def open_default_store(session):
    table = session.GetMsgStoresTable(0)
    rows = mapi.HrQueryAllRows(table, (mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), None, None, 0)
    entryid = next(row[0][1] for row in rows if row[1][1])
    return session.OpenMsgStore(0, entryid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)


def watch(count, polls):
    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_EXTENDED | mapi.MAPI_USE_DEFAULT | mapi.MAPI_NEW_SESSION)
    arrived = []

    def on_notify(notifications, store):
        for event, payload in notifications:
            if event != mapi.fnevNewMail:
                continue
            entryid, parent, flags, message_class, message_flags = payload
            message = store.OpenEntry(entryid, None, 0)
            _, props = message.GetProps((mapitags.PR_SENDER_NAME, mapitags.PR_SUBJECT), 0)
            sender, subject = (value for _, value in props)
            arrived.append(subject)
            print(f"new mail ({message_class.decode()}): {sender}: {subject}")

    try:
        store = open_default_store(session)
        sink = mapi.HrAllocAdviseSink(on_notify, store)
        connection = store.Advise(None, mapi.fnevNewMail, sink)
        idle = 0
        while len(arrived) < count and idle < polls:
            before = len(arrived)
            pythoncom.PumpWaitingMessages()
            idle = 0 if len(arrived) > before else idle + 1
        store.Unadvise(connection)
        del sink, store
    finally:
        session.Logoff(0, 0, 0)
        mapi.MAPIUninitialize()
    print(f"{len(arrived)} new message(s)")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--polls", type=int, default=1000)
    options = parser.parse_args(argv)
    return watch(options.count, options.polls)


if __name__ == "__main__":
    sys.exit(main())
