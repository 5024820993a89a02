"""Constants pywin32's modules do not export that scenarios and failure reports know by name."""

from __future__ import annotations

#: constants the language knows by bare name, beside pywin32's modules (EdkMdb.h, not exported)
EXTRA_CONSTANTS: dict[str, int] = {
    "OPENSTORE_USE_ADMIN_PRIVILEGE": 0x1, "OPENSTORE_PUBLIC": 0x2, "OPENSTORE_HOME_LOGON": 0x4,
    "OPENSTORE_TAKE_OWNERSHIP": 0x8, "OPENSTORE_OVERRIDE_HOME_MDB": 0x10,
    "CONNECT_USE_ADMIN_PRIVILEGE": 0x1, "CONNECT_NO_RPC_ENCRYPTION": 0x2,
    "CONNECT_USE_SEPARATE_CONNECTION": 0x4, "CONNECT_NO_UNDER_COVER_CONNECTION": 0x8,
    "CONNECT_ANONYMOUS_ACCESS": 0x10, "CONNECT_NO_NOTIFICATIONS": 0x20,
    "CONNECT_NO_ADDRESS_RESOLUTION": 0x40, "CONNECT_RESTORE_DATABASE": 0x80,
    "MESSAGE_MOVE": 0x1, "MSGFLAG_READ": 0x1, "MSGFLAG_UNSENT": 0x8,
}
