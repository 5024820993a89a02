"""The session's status table (IMAPISession::GetStatusTable) and its status objects (IMAPIStatus).

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

Each row names its status object by PR_ENTRYID; ``session.OpenEntry`` on it gives the object.
Which methods an object supports is its PR_RESOURCE_METHODS (MAPIDefS.h STATUS_VALIDATE_STATE,
STATUS_SETTINGS_DIALOG, STATUS_CHANGE_PASSWORD, STATUS_FLUSH_QUEUES); any other method answers
MAPI_E_NO_SUPPORT, as the IMAPIStatus reference says of unsupported methods. Which resource
supports which method is fakemapi's reading of an Exchange profile (inferred): MAPI's own status
objects validate their state (the spooler flushes its queues too: PidTagResourceMethods,
Remarks); the Exchange providers also have settings (no dialog is shown, the call succeeds); the
transport flushes its queues (delivery is immediate, so there is nothing to flush); none changes
passwords (Exchange authenticates with the Windows account).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import attrs

from fakemapi import tags as t
from fakemapi.hresult import fail
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
# PR_RESOURCE_METHODS (MAPIDefS.h)
STATUS_VALIDATE_STATE = 0x1
STATUS_SETTINGS_DIALOG = 0x2
STATUS_CHANGE_PASSWORD = 0x4
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

#: fakemapi's provider GUID in status-object entry ids (opaque to clients)
STATUS_GUID = uuid.UUID("{6B1C5A53-7E2A-4F55-8C1F-0000F5A7A705}")


@attrs.frozen
class StatusObject:
    """One status object: a row of the status table."""

    index: int
    #: PR_DISPLAY_NAME; None for the MAPI subsystem, whose display name is the profile's
    display_name: str | None
    provider_display: str
    dll: str
    resource_type: int
    resource_flags: int
    methods: int
    #: whether the row names the logged-on identity (PR_IDENTITY_DISPLAY, PR_IDENTITY_ENTRYID)
    identity: bool = False

    @property
    def entryid(self) -> bytes:
        return b"\0\0\0\0" + STATUS_GUID.bytes_le + bytes([self.index])

    def require(self, method: int, name: str) -> None:
        if not self.methods & method:
            raise fail("MAPI_E_NO_SUPPORT",
                       detail=f"the {self.provider_display} status object does not support {name}")


_EXCHANGE = STATUS_VALIDATE_STATE | STATUS_SETTINGS_DIALOG
RESOURCES: tuple[StatusObject, ...] = (
    StatusObject(0, None, "MAPI Subsystem", "MAPI32.DLL", MAPI_SUBSYSTEM, 0, STATUS_VALIDATE_STATE, identity=True),
    StatusObject(1, "MAPI Spooler", "MAPI Spooler", "MAPI32.DLL", MAPI_SPOOLER, 0,
                 STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES),
    StatusObject(2, "MAPI Address Book", "MAPI Address Book", "MAPI32.DLL", MAPI_AB, 0, STATUS_VALIDATE_STATE),
    StatusObject(3, "Microsoft Exchange Address Book", "Microsoft Exchange Address Book", "EMSABP32.DLL",
                 MAPI_AB_PROVIDER, 0, _EXCHANGE),
    StatusObject(4, "Microsoft Exchange Server", "Microsoft Exchange Message Store", "EMSMDB32.DLL",
                 MAPI_STORE_PROVIDER, STATUS_DEFAULT_STORE, _EXCHANGE, identity=True),
    StatusObject(5, "Public Folders", "Microsoft Exchange Message Store", "EMSMDB32.DLL", MAPI_STORE_PROVIDER, 0,
                 _EXCHANGE),
    StatusObject(6, "Microsoft Exchange Transport", "Microsoft Exchange Transport", "EMSMDB32.DLL",
                 MAPI_TRANSPORT_PROVIDER, STATUS_DEFAULT_OUTBOUND | STATUS_PRIMARY_IDENTITY,
                 _EXCHANGE | STATUS_FLUSH_QUEUES, identity=True),
)


def is_status_entryid(entryid: bytes) -> bool:
    return len(entryid) == 21 and entryid[4:20] == STATUS_GUID.bytes_le


def status_object(entryid: bytes) -> StatusObject:
    if not is_status_entryid(entryid) or entryid[20] >= len(RESOURCES):
        raise fail("MAPI_E_INVALID_ENTRYID", detail="not the entry id of a status object")
    return RESOURCES[entryid[20]]


def status_rows(session: Session) -> list[Bag]:
    """The status table rows of ``session``, in the order MAPI lists them."""
    account = session.account
    identity = session.identity()
    rows = []
    for obj in RESOURCES:
        pairs: list[tuple[int, object]] = [
            (t.PR_DISPLAY_NAME, session.profile.name if obj.display_name is None else obj.display_name),
            (t.PR_PROVIDER_DISPLAY, obj.provider_display), (t.PR_RESOURCE_TYPE, obj.resource_type),
            (t.PR_STATUS_CODE, STATUS_AVAILABLE), (t.PR_RESOURCE_FLAGS, obj.resource_flags),
            (PR_RESOURCE_METHODS, obj.methods), (PR_PROVIDER_DLL_NAME, obj.dll), (t.PR_ENTRYID, obj.entryid),
            (t.PR_INSTANCE_KEY, (obj.index + 1).to_bytes(4, "little")), (t.PR_OBJECT_TYPE, MAPI_STATUS),
            (PR_ROWID, obj.index)]
        if obj.identity:
            pairs += [(t.PR_IDENTITY_DISPLAY, account.display_name), (t.PR_IDENTITY_ENTRYID, identity)]
        if obj.resource_type == MAPI_SUBSYSTEM:
            pairs.append((PR_IDENTITY_SEARCH_KEY, ("EX:" + account.dn).upper().encode("ascii", "replace") + b"\0"))
        rows.append(make_bag(pairs))
    return rows
