"""A mailbox-to-.msg exporter written only against pywin32 (win32com.mapi, pythoncom, storagecon).

For every message of every folder under the IPM subtree it creates a compound file with
StgCreateDocfile, opens an IMessage on it (OpenIMsgSession / OpenIMsgOnIStg), copies the store
message into it with CopyTo (properties, recipients and attachments), saves and commits it: the
pattern Windows exporters use. Run it under the fake:

    fakemapi run --world examples/worlds/reader.yaml examples/export_to_msg.py OUTPUT_DIR

The files it writes are Outlook message files (MS-OXMSG) that other tools open.
"""

import os
import re
import sys

import pythoncom
import pywintypes
from win32com import storagecon
from win32com.mapi import mapi, mapitags

CLSID_MailMessage = pywintypes.IID("{00020D0B-0000-0000-C000-000000000046}")


def open_default_store(session):
    table = session.GetMsgStoresTable(0)
    rows = mapi.HrQueryAllRows(table, (mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), None, None, 0)
    entryid = next(row[0][1] for row in rows if row[1][1])
    return session.OpenMsgStore(0, entryid, None, mapi.MDB_NO_DIALOG | mapi.MAPI_BEST_ACCESS)


def folders(store):
    """(path, entry id) of every folder under the IPM subtree."""
    subtree_eid = store.GetProps((mapitags.PR_IPM_SUBTREE_ENTRYID,), 0)[1][0][1]
    subtree = store.OpenEntry(subtree_eid, None, 0)
    table = subtree.GetHierarchyTable(mapi.CONVENIENT_DEPTH)
    table.SetColumns((mapitags.PR_DISPLAY_NAME_W, mapitags.PR_DEPTH, mapitags.PR_ENTRYID), 0)
    path = []
    out = []
    for (_, name), (_, depth), (_, eid) in table.QueryRows(10000, 0):
        del path[depth - 1:]
        path.append(name)
        out.append(("/".join(path), eid))
    return out


def safe(text):
    return re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", text or "untitled").strip() or "untitled"


def export_message(store, entryid, path):
    message = store.OpenEntry(entryid, None, 0)
    mode = storagecon.STGM_CREATE | storagecon.STGM_READWRITE | storagecon.STGM_SHARE_EXCLUSIVE | \
        storagecon.STGM_TRANSACTED
    storage = pythoncom.StgCreateDocfile(path, mode, 0)
    pythoncom.WriteClassStg(storage, CLSID_MailMessage)
    msession = mapi.OpenIMsgSession()
    try:
        file_message = mapi.OpenIMsgOnIStg(msession, None, storage, None, 0, mapi.MAPI_UNICODE)
        message.CopyTo(None, None, 0, None, mapi.IID_IMessage, file_message, 0)
        file_message.SaveChanges(0)
        storage.Commit(storagecon.STGC_DEFAULT)
    finally:
        mapi.CloseIMsgSession(msession)


def export(session, out_dir):
    store = open_default_store(session)
    written = []
    for folder_path, folder_eid in folders(store):
        folder = store.OpenEntry(folder_eid, None, 0)
        table = folder.GetContentsTable(0)
        table.SetColumns((mapitags.PR_ENTRYID, mapitags.PR_SUBJECT_W), 0)
        rows = mapi.HrQueryAllRows(table, None, None, None, 0)
        if not rows:
            continue
        target = os.path.join(out_dir, *[safe(p) for p in folder_path.split("/")])
        os.makedirs(target, exist_ok=True)
        for n, ((_, eid), (subject_tag, subject)) in enumerate(rows, 1):
            if subject_tag != mapitags.PR_SUBJECT_W:
                subject = ""
            path = os.path.join(target, f"{n:04d} {safe(subject)[:60]}.msg")
            export_message(store, eid, path)
            written.append(path)
    return written


def main(argv):
    out_dir = argv[1] if len(argv) > 1 else "exported"
    mapi.MAPIInitialize(None)
    try:
        session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_EXTENDED | mapi.MAPI_USE_DEFAULT | mapi.MAPI_NEW_SESSION)
        try:
            written = export(session, out_dir)
        finally:
            session.Logoff(0, 0, 0)
    finally:
        mapi.MAPIUninitialize()
    for path in written:
        print(path)
    print(f"{len(written)} messages exported to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
