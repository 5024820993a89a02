"""A mail-sending client written only against pywin32's MAPI modules.

It finds the default store in the stores table, opens the Outbox from PR_IPM_OUTBOX_ENTRYID,
creates a message, adds recipients, sets subject and body, saves and submits it. Run it under
the fake (the default world's Admin profile sends to Alice and Bob):

    fakemapi run examples/send_mail.py alice@contoso.com bob@contoso.com
"""

import sys

from win32com.mapi import mapi, mapitags

MESSAGE_MOVE = 0x1  # not exported by pywin32


def find_default_store(session):
    table = session.GetMsgStoresTable(0)
    table.SetColumns((mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), 0)
    for (_, entryid), (_, default) in mapi.HrQueryAllRows(table, None, None, None, 0):
        if default:
            return session.OpenMsgStore(0, entryid, None, mapi.MDB_WRITE | mapi.MAPI_BEST_ACCESS)
    raise RuntimeError("no default store")


def send(session, subject, body, to):
    store = find_default_store(session)
    hr, props = store.GetProps((mapitags.PR_IPM_OUTBOX_ENTRYID,), 0)
    outbox = store.OpenEntry(props[0][1], None, mapi.MAPI_MODIFY)
    message = outbox.CreateMessage(None, 0)
    recipients = [[(mapitags.PR_DISPLAY_NAME, address), (mapitags.PR_EMAIL_ADDRESS, address),
                   (mapitags.PR_ADDRTYPE, "SMTP"), (mapitags.PR_RECIPIENT_TYPE, mapi.MAPI_TO)]
                  for address in to]
    message.ModifyRecipients(mapi.MODRECIP_ADD, recipients)
    message.SetProps([(mapitags.PR_SUBJECT, subject), (mapitags.PR_BODY, body),
                      (mapitags.PR_MESSAGE_CLASS, "IPM.Note")])
    message.SaveChanges(mapi.KEEP_OPEN_READWRITE)
    message.SubmitMessage(0)


def main(argv):
    to = argv[1:] or ["alice@contoso.com"]
    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_EXTENDED | mapi.MAPI_USE_DEFAULT | mapi.MAPI_NEW_SESSION)
    try:
        send(session, "Quarterly report", "The report is attached in spirit.", to)
        print(f"sent to {', '.join(to)}")
    finally:
        session.Logoff(0, 0, 0)
        mapi.MAPIUninitialize()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
