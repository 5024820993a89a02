"""Constants, IIDs and small helpers the interface wrappers share."""

from __future__ import annotations

import uuid
from typing import Any

from fakemapi import tags as t
from fakemapi.client.objects import Handle
from fakemapi.client.session import Session
from fakemapi.data.iids import IIDS
from fakemapi.hresult import name_of, signed

MAPI_UNICODE = 0x80000000
MAPI_MODIFY = 0x1
MAPI_W_ERRORS_RETURNED = 0x00040380
CONVENIENT_DEPTH = 0x1
TBL_ALL_COLUMNS = 0x1
TBLSTAT_COMPLETE = 0
TBLTYPE_DYNAMIC = 2
MAPI_FOLDER = 3
MAPI_CREATE = 0x2
MAPI_MOVE = 0x1
MAPI_NOREPLACE = 0x2
MAPI_ASSOCIATED = 0x40
OPEN_IF_EXISTS = 0x1
FOLDER_SEARCH = 0x2
DEL_MESSAGES = 0x1
DEL_FOLDERS = 0x4
DEL_ASSOCIATED = 0x8
MESSAGE_MOVE = 0x1
CLEAR_READ_FLAG = 0x4
GENERATE_RECEIPT_ONLY = 0x10
DIR_BACKWARD = 0x1
MAPI_W_PARTIAL_COMPLETION = 0x00040680
PS_MAPI = uuid.UUID("{00020328-0000-0000-C000-000000000046}")
PR_MESSAGE_RECIPIENTS = t.tag("PR_MESSAGE_RECIPIENTS")
PR_MESSAGE_ATTACHMENTS = t.tag("PR_MESSAGE_ATTACHMENTS")
PR_COMMENT = t.tag("PR_COMMENT")
#: properties that name the object itself: CopyTo never copies them
_IDENTITY_IDS = frozenset(tag >> 16 for tag in (t.PR_ENTRYID, t.PR_SEARCH_KEY, t.PR_RECORD_KEY, t.PR_INSTANCE_KEY,
                                                t.PR_PARENT_ENTRYID, t.PR_STORE_ENTRYID, t.PR_STORE_RECORD_KEY,
                                                t.PR_OBJECT_TYPE))


def _iid(name: str) -> uuid.UUID:
    return uuid.UUID(IIDS[name][0])


IID_IUnknown = uuid.UUID("{00000000-0000-0000-C000-000000000046}")
IID_IMAPIProp = _iid("IID_IMAPIProp")
IID_IMsgStore = _iid("IID_IMsgStore")
IID_IMAPIFolder = _iid("IID_IMAPIFolder")
IID_IMAPIContainer = _iid("IID_IMAPIContainer")
IID_IMAPITable = _iid("IID_IMAPITable")
IID_IMAPISession = _iid("IID_IMAPISession")
IID_IProfSect = _iid("IID_IProfSect")
IID_IMailUser = _iid("IID_IMailUser")
IID_IExchangeManageStore = _iid("IID_IExchangeManageStore")
IID_IExchangeManageStoreEx = _iid("IID_IExchangeManageStoreEx")


def _cost(h: Handle) -> None:
    """One ROP round trip on the virtual clock."""
    rt = h.process.runtime
    rt.clock.advance(rt.world.emsmdb.rop_cost_us + rt.faults.extra_rop_us)


def _unicode(flags: int) -> bool:
    return bool(flags & MAPI_UNICODE)


IID_IMessage = uuid.UUID(IIDS["IID_IMessage"][0])
IID_IAttachment = uuid.UUID(IIDS["IID_IAttachment"][0])
IID_IStream = uuid.UUID("{0000000C-0000-0000-C000-000000000046}")
IID_IStorage = uuid.UUID("{0000000B-0000-0000-C000-000000000046}")  # ObjIdl.h
MAPI_MODIFY = 0x1
MAPI_CREATE = 0x2
CLEAR_READ_FLAG = 0x4
GENERATE_RECEIPT_ONLY = 0x10
STGTY_STREAM = 2


def _last_error(session: Session | None, hr: Any) -> Any:
    """MAPIERROR as pywin32 returns it: (version, errorText, component, lowLevelError, context)."""
    value = hr & 0xFFFFFFFF
    error = session.last_errors.get(value) if session is not None else None
    if error is None:
        return None
    text = error.detail or name_of(error.hr)
    return (0, text, error.component or "fakemapi", signed(error.low_level), 0)


