"""Pieces of scenario files shared by the scenario tests (not a test module)."""

#: steps that initialize MAPI, log on as Admin, and open the own store (bound as ``own``)
OPEN_OWN_STORE = """\
  - mapi.MAPIInitialize: [null]
  - mapi.MAPILogonEx: [0, "Admin", null, MAPI_EXTENDED | MAPI_NEW_SESSION]
    as: session
  - session.GetMsgStoresTable: [0]
    as: stores
  - stores.QueryRows: [1, 0]
    as: rows
  - session.OpenMsgStore: [0, $rows.0.0.1, null, MDB_NO_DIALOG]
    as: own
"""
