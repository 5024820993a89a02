"""Entry ids: the byte layouts of MS-OXCDATA, built and parsed deterministically (R14).

* Store entry id (MS-OXCDATA 2.2.4.3): Flags(4) ProviderUID(16) Version(1) Flag(1)
  DLLFileName(14) WrappedFlags(4) WrappedProviderUID(16) WrappedType(4) ServerShortname(z)
  MailboxDN(z). The fake keeps the OPENSTORE_* flags of CreateStoreEntryID in WrappedFlags
  (real Emsmdb32 keeps them in its own way; only the fake reads this field).
* Folder entry id (2.2.4.1): Flags(4) ProviderUID(16, the mailbox GUID) FolderType(2)
  DatabaseGuid(16) GlobalCounter(6) Pad(2).
* Address-book entry id (2.2.5.2): Flags(4) ProviderUID(16) Version(4) Type(4) X500DN(z).
"""

from __future__ import annotations

import struct
import uuid
from functools import lru_cache

import attrs

from fakemapi.hresult import fail

#: MUID_STORE_WRAP, the provider UID of a wrapped store entry id.
STORE_WRAP_UID = bytes.fromhex("38a1bb1005e5101aa1bb08002b2a56c2")
PRIVATE_UID = bytes.fromhex("1b55fa20aa6611cd9bc800aa002fc45a")
PUBLIC_UID = bytes.fromhex("1c830210aa6611cd9bc800aa002fc45a")
#: the Exchange address book's provider UID (MS-OXCDATA 2.2.5.2).
AB_UID = bytes.fromhex("dca740c8c042101ab4b908002b2fe182")
DLL_NAME = b"emsmdb.dll".ljust(14, b"\0")
PRIVATE_TYPE = 0x0C
PUBLIC_TYPE = 0x06
PRIVATE_FOLDER = 0x0001
PUBLIC_FOLDER = 0x0003

_STORE_HEAD = struct.Struct("<4s16sBB14sI16sI")
_FOLDER = struct.Struct("<4s16sH16s6s2s")


@attrs.frozen(slots=True)
class StoreEntryId:
    server: str  # short server name
    mailbox_dn: str  # "" for a public store
    flags: int  # OPENSTORE_* bits

    @property
    def public(self) -> bool:
        return not self.mailbox_dn

    def identity(self) -> tuple[str, str]:
        return (self.server.lower(), self.mailbox_dn.lower())


@lru_cache(maxsize=8192)
def store_entryid(server: str, mailbox_dn: str, flags: int) -> bytes:
    """The store entry id (a pure function of its arguments, so remembered: a loop over the
    mailboxes makes each one twice, by CreateStoreEntryID and by the store's first logon)."""
    public = not mailbox_dn
    head = _STORE_HEAD.pack(b"\0\0\0\0", STORE_WRAP_UID, 0, 0, DLL_NAME, flags & 0xFFFFFFFF,
                            PUBLIC_UID if public else PRIVATE_UID, PUBLIC_TYPE if public else PRIVATE_TYPE)
    return head + server.encode("ascii", "replace") + b"\0" + mailbox_dn.encode("ascii", "replace") + b"\0"


@lru_cache(maxsize=8192)
def parse_store_entryid(eid: bytes) -> StoreEntryId:
    """Parse a store entry id; anything else raises MAPI_E_INVALID_ENTRYID."""
    n = _STORE_HEAD.size
    if len(eid) < n + 2 or not eid.startswith(b"\0\0\0\0" + STORE_WRAP_UID):
        raise fail("MAPI_E_INVALID_ENTRYID", detail="not a store entry id")
    _, _, _, _, dll, flags, wrapped_uid, wrapped_type = _STORE_HEAD.unpack_from(eid)
    if dll != DLL_NAME or wrapped_uid not in (PRIVATE_UID, PUBLIC_UID):
        raise fail("MAPI_E_INVALID_ENTRYID", detail="not an Exchange store entry id")
    parts = eid[n:].split(b"\0")
    if len(parts) != 3 or parts[2] != b"" or not parts[0]:
        raise fail("MAPI_E_INVALID_ENTRYID", detail="malformed server or mailbox DN")
    server, mailbox_dn = parts[0].decode("ascii", "replace"), parts[1].decode("ascii", "replace")
    if (wrapped_uid == PUBLIC_UID) != (not mailbox_dn):
        raise fail("MAPI_E_INVALID_ENTRYID", detail="store type does not match its mailbox DN")
    return StoreEntryId(server, mailbox_dn, flags)


def is_store_entryid(eid: bytes) -> bool:
    return eid.startswith(b"\0\0\0\0" + STORE_WRAP_UID)


@attrs.frozen(slots=True)
class FolderEntryId:
    store_guid: uuid.UUID
    counter: int
    public: bool


def folder_entryid(store_guid: uuid.UUID | bytes, counter: int, public: bool = False) -> bytes:
    """``store_guid`` as a UUID or already as its 16 little-endian bytes."""
    raw = store_guid if isinstance(store_guid, bytes) else store_guid.bytes_le
    return _FOLDER.pack(b"\0\0\0\0", raw, PUBLIC_FOLDER if public else PRIVATE_FOLDER,
                        raw, counter.to_bytes(6, "big"), b"\0\0")


def folder_head(raw_guid: bytes) -> bytes:
    """The bytes of a private folder entry id before :func:`folder_tail`: Flags(4)
    ProviderUID(16) FolderType(2) DatabaseGuid(16), for the store of ``raw_guid`` (its 16 bytes):
    ``folder_head(raw) + folder_tail(c) == folder_entryid(raw, c)``, made with one concatenation
    (a mailbox store's bag names nine folders, StoreData.props, for every store a loop opens)."""
    return b"\0\0\0\0" + raw_guid + b"\x01\0" + raw_guid


def folder_tail(counter: int) -> bytes:
    """The bytes of a folder entry id after the store's GUIDs: GlobalCounter(6) Pad(2)."""
    return counter.to_bytes(6, "big") + b"\0\0"


@lru_cache(maxsize=8192)
def parse_folder_entryid(eid: bytes) -> FolderEntryId:
    if len(eid) != _FOLDER.size or eid[:4] != b"\0\0\0\0":
        raise fail("MAPI_E_INVALID_ENTRYID", detail="not a folder entry id")
    _, uid, kind, _db, counter, _pad = _FOLDER.unpack(eid)
    if kind not in (PRIVATE_FOLDER, PUBLIC_FOLDER):
        raise fail("MAPI_E_INVALID_ENTRYID", detail="not a folder entry id")
    return FolderEntryId(uuid.UUID(bytes_le=uid), int.from_bytes(counter, "big"), kind == PUBLIC_FOLDER)


def is_folder_entryid(eid: bytes) -> bool:
    return len(eid) == _FOLDER.size and eid[:4] == b"\0\0\0\0" and eid[20:22] in (b"\x01\0", b"\x03\0")


def ab_entryid(dn: str, display_type: int = 0) -> bytes:
    """An address-book entry id: version 1, the object's display type (DT_MAILUSER 0 by
    default), its DN."""
    return b"\0\0\0\0" + AB_UID + struct.pack("<II", 1, display_type) + dn.encode("ascii", "replace") + b"\0"


def ab_display_type(eid: bytes) -> int:
    """The display type an address-book entry id carries (see :func:`ab_entryid`)."""
    parse_ab_entryid(eid)
    return int(struct.unpack_from("<I", eid, 24)[0])


def parse_ab_entryid(eid: bytes) -> str:
    if len(eid) < 29 or eid[:20] != b"\0\0\0\0" + AB_UID or not eid.endswith(b"\0"):
        raise fail("MAPI_E_INVALID_ENTRYID", detail="not an address-book entry id")
    return eid[28:-1].decode("ascii", "replace")


def is_ab_entryid(eid: bytes) -> bool:
    return eid[:20] == b"\0\0\0\0" + AB_UID


# --- messages (MS-OXCDATA 2.2.4.2): Flags(4) ProviderUID(16) MessageType(2) FolderDatabaseGuid(16)
# FolderGlobalCounter(6) Pad(2) MessageDatabaseGuid(16) MessageGlobalCounter(6) Pad(2) ----------
PRIVATE_MESSAGE = 0x0007
PUBLIC_MESSAGE = 0x0009
_MESSAGE = struct.Struct("<4s16sH16s6s2s16s6s2s")


@attrs.frozen(slots=True)
class MessageEntryId:
    store_guid: uuid.UUID
    folder: int
    counter: int
    public: bool


def message_entryid(store_guid: uuid.UUID, folder: int, counter: int, public: bool = False) -> bytes:
    guid = store_guid.bytes_le
    return _MESSAGE.pack(b"\0\0\0\0", guid, PUBLIC_MESSAGE if public else PRIVATE_MESSAGE, guid,
                         folder.to_bytes(6, "big"), b"\0\0", guid, counter.to_bytes(6, "big"), b"\0\0")


def parse_message_entryid(eid: bytes) -> MessageEntryId:
    if not is_message_entryid(eid):
        raise fail("MAPI_E_INVALID_ENTRYID", detail="not a message entry id")
    _, uid, kind, _db, folder, _p1, _db2, counter, _p2 = _MESSAGE.unpack(eid)
    return MessageEntryId(uuid.UUID(bytes_le=uid), int.from_bytes(folder, "big"),
                          int.from_bytes(counter, "big"), kind == PUBLIC_MESSAGE)


def is_message_entryid(eid: bytes) -> bool:
    return len(eid) == _MESSAGE.size and eid[:4] == b"\0\0\0\0" and eid[20:22] in (b"\x07\0", b"\x09\0")
