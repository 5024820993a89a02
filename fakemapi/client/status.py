"""Status objects (IMAPIStatus): one per row of the session's status table.

Each row names its object by PR_ENTRYID; ``session.OpenEntry`` on it gives the object. Which
methods an object supports is its PR_RESOURCE_METHODS (MAPIDefS.h STATUS_VALIDATE_STATE,
STATUS_SETTINGS_DIALOG, STATUS_CHANGE_PASSWORD, STATUS_FLUSH_QUEUES); any other method answers
MAPI_E_NO_SUPPORT, as the IMAPIStatus reference says of unsupported methods. The rows and the
methods each resource supports are fakemapi's reading of an Exchange profile (inferred): the MAPI
subsystem validates its state only; the Exchange store, directory and transport also have
settings (no dialog is shown, the call succeeds); the transport flushes its queues (delivery is
immediate, so there is nothing to flush); none changes passwords (Exchange authenticates with the
Windows account).

This builds a minimal status table of its own; the lead reconciles it with issue 10's rows.
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

MAPI_STATUS = 0x0000000A
MAPI_STORE_PROVIDER = 33
MAPI_AB_PROVIDER = 35
MAPI_TRANSPORT_PROVIDER = 36
MAPI_SUBSYSTEM = 39
STATUS_VALIDATE_STATE = 0x1
STATUS_SETTINGS_DIALOG = 0x2
STATUS_CHANGE_PASSWORD = 0x4
STATUS_FLUSH_QUEUES = 0x8
STATUS_AVAILABLE = 0x1
STATUS_DEFAULT_STORE = 0x2
#: fakemapi's provider GUID in status-object entry ids
STATUS_GUID = uuid.UUID("{6B1C5A53-7E2A-4F55-8C1F-0000F5A7A705}")
PR_RESOURCE_METHODS = t.tag("PR_RESOURCE_METHODS")


@attrs.frozen
class StatusObject:
    index: int
    display_name: str
    provider_display: str
    resource_type: int
    resource_flags: int
    methods: int

    @property
    def entryid(self) -> bytes:
        return b"\0\0\0\0" + STATUS_GUID.bytes_le + bytes([self.index])

    def require(self, method: int, name: str) -> None:
        if not self.methods & method:
            raise fail("MAPI_E_NO_SUPPORT", detail=f"the {self.display_name} status object does not support {name}")


RESOURCES: tuple[StatusObject, ...] = (
    StatusObject(0, "MAPI Subsystem", "MAPI", MAPI_SUBSYSTEM, 0, STATUS_VALIDATE_STATE),
    StatusObject(1, "Microsoft Exchange Server", "Microsoft Exchange Message Store", MAPI_STORE_PROVIDER,
                 STATUS_DEFAULT_STORE, STATUS_VALIDATE_STATE | STATUS_SETTINGS_DIALOG),
    StatusObject(2, "Microsoft Exchange Directory Service", "Microsoft Exchange Directory Service",
                 MAPI_AB_PROVIDER, 0, STATUS_VALIDATE_STATE | STATUS_SETTINGS_DIALOG),
    StatusObject(3, "Microsoft Exchange Transport", "Microsoft Exchange Transport", MAPI_TRANSPORT_PROVIDER, 0,
                 STATUS_VALIDATE_STATE | STATUS_SETTINGS_DIALOG | STATUS_FLUSH_QUEUES),
)


def is_status_entryid(entryid: bytes) -> bool:
    return len(entryid) == 21 and entryid[4:20] == STATUS_GUID.bytes_le


def status_object(entryid: bytes) -> StatusObject:
    if not is_status_entryid(entryid) or entryid[20] >= len(RESOURCES):
        raise fail("MAPI_E_INVALID_ENTRYID", detail="not the entry id of a status object")
    return RESOURCES[entryid[20]]


def status_rows(session: Session) -> list[Bag]:
    rows = []
    for obj in RESOURCES:
        pairs = [(t.PR_ENTRYID, obj.entryid), (t.PR_DISPLAY_NAME, obj.display_name),
                 (t.PR_PROVIDER_DISPLAY, obj.provider_display), (t.PR_RESOURCE_TYPE, obj.resource_type),
                 (t.PR_STATUS_CODE, STATUS_AVAILABLE), (t.PR_RESOURCE_FLAGS, obj.resource_flags),
                 (PR_RESOURCE_METHODS, obj.methods), (t.PR_OBJECT_TYPE, MAPI_STATUS),
                 (t.PR_INSTANCE_KEY, bytes([obj.index, 0, 0, 0]))]
        if obj.resource_type == MAPI_SUBSYSTEM:
            pairs += [(t.PR_IDENTITY_DISPLAY, session.account.display_name),
                      (t.PR_IDENTITY_ENTRYID, session.identity())]
        rows.append(make_bag(pairs))
    return rows
