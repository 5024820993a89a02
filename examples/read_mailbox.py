"""A reading client written only against pywin32's MAPI modules.

It walks the folder tree under the IPM subtree, lists the unread messages of the Inbox newest
first (a contents table with a restriction and a sort order), reads each one's properties,
reads a body too large for GetProps through OpenProperty as a stream, and saves nothing but
prints the attachments' names and sizes. Run it under the fake with a world that has mail:

    fakemapi run --world examples/worlds/reader.yaml examples/read_mailbox.py
"""

import sys

import pythoncom
from win32com.mapi import mapi, mapitags

PR_SUBJECT = mapitags.PR_SUBJECT
PR_BODY = mapitags.PR_BODY
MSGFLAG_READ = 0x1  # not exported by pywin32


def open_default_store(session):
    table = session.GetMsgStoresTable(0)
    rows = mapi.HrQueryAllRows(table, (mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), None, None, 0)
    entryid = next(row[0][1] for row in rows if row[1][1])
    return session.OpenMsgStore(0, entryid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)


def folder_tree(store):
    subtree_eid = store.GetProps((mapitags.PR_IPM_SUBTREE_ENTRYID,), 0)[1][0][1]
    subtree = store.OpenEntry(subtree_eid, None, 0)
    table = subtree.GetHierarchyTable(mapi.CONVENIENT_DEPTH)
    table.SetColumns((mapitags.PR_DISPLAY_NAME_W, mapitags.PR_DEPTH, mapitags.PR_CONTENT_COUNT,
                      mapitags.PR_CONTENT_UNREAD), 0)
    return [(row[1][1], row[0][1], row[2][1], row[3][1]) for row in table.QueryRows(1000, 0)]


def read_body(message):
    hr, props = message.GetProps((PR_BODY,), 0)
    tag, value = props[0]
    if tag == PR_BODY:
        return value
    if value != mapi.MAPI_E_NOT_ENOUGH_MEMORY:
        return ""
    stream = message.OpenProperty(PR_BODY, pythoncom.IID_IStream, 0, 0)
    chunks = []
    while True:
        chunk = stream.Read(4096)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-16-le")


def unread_messages(store):
    inbox_eid, _ = store.GetReceiveFolder("IPM.Note", 0)
    inbox = store.OpenEntry(inbox_eid, None, 0)
    table = inbox.GetContentsTable(0)
    table.SetColumns((mapitags.PR_ENTRYID, PR_SUBJECT, mapitags.PR_MESSAGE_DELIVERY_TIME), 0)
    table.Restrict((mapi.RES_BITMASK, (mapi.BMR_EQZ, mapitags.PR_MESSAGE_FLAGS, MSGFLAG_READ)), 0)
    table.SortTable((((mapitags.PR_MESSAGE_DELIVERY_TIME, mapi.TABLE_SORT_DESCEND),), 0, 0), 0)
    out = []
    for row in table.QueryRows(50, 0):
        message = inbox.OpenEntry(row[0][1], None, 0)
        hr, props = message.GetProps((PR_SUBJECT, mapitags.PR_SENDER_NAME, mapitags.PR_HASATTACH), 0)
        subject, sender, has_attach = (value for _, value in props)
        attachments = []
        if has_attach is True:
            atable = message.GetAttachmentTable(0)
            for arow in mapi.HrQueryAllRows(atable, (mapitags.PR_ATTACH_NUM,), None, None, 0):
                attach = message.OpenAttach(arow[0][1], None, 0)
                _, aprops = attach.GetProps((mapitags.PR_ATTACH_LONG_FILENAME, mapitags.PR_ATTACH_DATA_BIN), 0)
                attachments.append((aprops[0][1], len(aprops[1][1])))
        out.append({"subject": subject, "from": sender, "body": read_body(message), "attachments": attachments,
                    "received": row[2][1]})
    return out


def main():
    mapi.MAPIInitialize(None)
    session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_EXTENDED | mapi.MAPI_USE_DEFAULT | mapi.MAPI_NEW_SESSION)
    try:
        store = open_default_store(session)
        for depth, name, count, unread in folder_tree(store):
            print(f"{'  ' * (depth - 1)}{name} ({unread}/{count})")
        for message in unread_messages(store):
            names = ", ".join(f"{name} ({size} bytes)" for name, size in message["attachments"]) or "none"
            print(f"{message['received']:%Y-%m-%d %H:%M}  {message['from']}: {message['subject']} "
                  f"[{len(message['body'])} chars; attachments: {names}]")
        del store
    finally:
        session.Logoff(0, 0, 0)
        mapi.MAPIUninitialize()
    return 0


if __name__ == "__main__":
    sys.exit(main())
