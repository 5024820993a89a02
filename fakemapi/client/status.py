"""The rows of a session's status table (IMAPISession::GetStatusTable).

"There is one row in the table for information about the MAPI subsystem, one row for the MAPI
spooler, one row for the integrated address book, and one row for each service provider in the
profile" (IMAPISession::GetStatusTable, Remarks; "Status Tables"). The MAPI subsystem row's
PR_DISPLAY_NAME is the profile name: that is where clients read the name of the profile they
are logged on with. An Exchange profile's service (MSEMS) has an address book provider, a
private store provider, a public store provider and a transport provider.

Every row carries the columns "Status Tables" requires: from the status object PR_DISPLAY_NAME,
PR_PROVIDER_DISPLAY, PR_RESOURCE_METHODS, PR_STATUS_CODE; from MAPI PR_PROVIDER_DLL_NAME,
PR_RESOURCE_FLAGS, PR_RESOURCE_TYPE, PR_ROWID, PR_ENTRYID, PR_INSTANCE_KEY, PR_OBJECT_TYPE. The
providers' display names and DLL names are those of Exchange's MSEMS service as far as they are
known (inferred where the documents give none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakemapi import tags as t
from fakemapi.props import Bag, make_bag

if TYPE_CHECKING:
    from fakemapi.client.session import Session

# PR_RESOURCE_TYPE values (MAPIDefS.h)
MAPI_STORE_PROVIDER = 33
MAPI_AB = 34
MAPI_AB_PROVIDER = 35
MAPI_TRANSPORT_PROVIDER = 36
MAPI_SPOOLER = 37
MAPI_SUBSYSTEM = 39
# PR_RESOURCE_METHODS (MAPIDefS.h): MAPI's own status objects support ValidateState, the spooler
# FlushQueues too (PidTagResourceMethods, Remarks)
STATUS_VALIDATE_STATE = 0x1
STATUS_SETTINGS_DIALOG = 0x2
STATUS_FLUSH_QUEUES = 0x8
# PR_RESOURCE_FLAGS, PR_STATUS_CODE (MAPIDefS.h)
STATUS_DEFAULT_OUTBOUND = 0x1
STATUS_DEFAULT_STORE = 0x2
STATUS_PRIMARY_IDENTITY = 0x4
STATUS_AVAILABLE = 0x1
MAPI_STATUS = 0xA

PR_RESOURCE_METHODS = t.tag("PR_RESOURCE_METHODS")
PR_PROVIDER_DLL_NAME = t.tag("PR_PROVIDER_DLL_NAME")
PR_IDENTITY_SEARCH_KEY = t.tag("PR_IDENTITY_SEARCH_KEY")
PR_ROWID = t.tag("PR_ROWID")

#: the status table's default column set: the required columns
STATUS_COLUMNS = [t.PR_DISPLAY_NAME, t.PR_PROVIDER_DISPLAY, t.PR_RESOURCE_TYPE, t.PR_STATUS_CODE,
                  t.PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_PROVIDER_DLL_NAME, t.PR_ENTRYID,
                  t.PR_INSTANCE_KEY, t.PR_OBJECT_TYPE, PR_ROWID]

#: the entry ids of status objects start with this (they are fakemapi's own, opaque to clients)
STATUS_ENTRYID_PREFIX = b"\0\0\0\0FAKEMAPI-STATUS\0"


def status_entryid(resource_type: int, index: int) -> bytes:
    """The PR_ENTRYID of a status row (``index``: its PR_ROWID)."""
    return STATUS_ENTRYID_PREFIX + resource_type.to_bytes(4, "little") + index.to_bytes(4, "little")


def status_rows(session: Session) -> list[Bag]:
    """The status table rows of ``session``, in the order MAPI lists them."""
    account = session.account
    identity = session.identity()
    #: (display name, provider display, DLL, resource type, methods, resource flags, extra)
    specs: list[tuple[str, str, str, int, int, int, list[tuple[int, object]]]] = [
        (session.profile.name, "MAPI Subsystem", "MAPI32.DLL", MAPI_SUBSYSTEM, STATUS_VALIDATE_STATE, 0,
         [(t.PR_IDENTITY_DISPLAY, account.display_name), (t.PR_IDENTITY_ENTRYID, identity),
          (PR_IDENTITY_SEARCH_KEY, ("EX:" + account.dn).upper().encode("ascii", "replace") + b"\0")]),
        ("MAPI Spooler", "MAPI Spooler", "MAPI32.DLL", MAPI_SPOOLER,
         STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES, 0, []),
        ("MAPI Address Book", "MAPI Address Book", "MAPI32.DLL", MAPI_AB, STATUS_VALIDATE_STATE, 0, []),
        ("Microsoft Exchange Address Book", "Microsoft Exchange Address Book", "EMSABP32.DLL",
         MAPI_AB_PROVIDER, STATUS_VALIDATE_STATE, 0, []),
        ("Microsoft Exchange Server", "Microsoft Exchange Message Store", "EMSMDB32.DLL", MAPI_STORE_PROVIDER,
         STATUS_VALIDATE_STATE, STATUS_DEFAULT_STORE,
         [(t.PR_IDENTITY_DISPLAY, account.display_name), (t.PR_IDENTITY_ENTRYID, identity)]),
        ("Public Folders", "Microsoft Exchange Message Store", "EMSMDB32.DLL", MAPI_STORE_PROVIDER,
         STATUS_VALIDATE_STATE, 0, []),
        ("Microsoft Exchange Transport", "Microsoft Exchange Transport", "EMSMDB32.DLL", MAPI_TRANSPORT_PROVIDER,
         STATUS_VALIDATE_STATE, STATUS_DEFAULT_OUTBOUND | STATUS_PRIMARY_IDENTITY,
         [(t.PR_IDENTITY_DISPLAY, account.display_name), (t.PR_IDENTITY_ENTRYID, identity)]),
    ]
    rows = []
    for index, (name, provider, dll, rtype, methods, flags, extra) in enumerate(specs):
        rows.append(make_bag([
            (t.PR_DISPLAY_NAME, name), (t.PR_PROVIDER_DISPLAY, provider), (t.PR_RESOURCE_TYPE, rtype),
            (t.PR_STATUS_CODE, STATUS_AVAILABLE), (t.PR_RESOURCE_FLAGS, flags), (PR_RESOURCE_METHODS, methods),
            (PR_PROVIDER_DLL_NAME, dll), (t.PR_ENTRYID, status_entryid(rtype, index)),
            (t.PR_INSTANCE_KEY, (index + 1).to_bytes(4, "little")), (t.PR_OBJECT_TYPE, MAPI_STATUS),
            (PR_ROWID, index), *extra,
        ]))
    return rows
