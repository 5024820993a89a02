"""Server presets: the R10 to R12 numbers and version-specific codes of each Exchange version.

Sources (see shared/reference/emsmdb-facts.md): KB 842022 (32 sessions per user from Exchange
2003 SP1), KB 830829 (MaxObjsPerMapiSession defaults, SP1 column), MS-OXCSTOR 3.2.5.1.3
(ecAccessDenied on 2003/2007, ecLoginPerm on 2010). Exchange 5.5 had neither cap. The 2010
object caps were not captured by the reference; the 2003 SP1 values (which 2007 kept) are used.
"""

from __future__ import annotations

import attrs

#: Object types the store counts per server session (KB 830829), in a stable order.
OBJECT_TYPES: tuple[str, ...] = (
    "objtMessage", "objtFolder", "objtAttachment", "objtFolderView", "objtMessageView",
    "objtAttachView", "objtStream", "objtACLView", "objtRulesView", "objtFXSrcStrm",
    "objtFXDstStrm", "objtCStream", "objtNotify",
)

_SP1_OBJECT_CAPS: dict[str, int] = {
    "objtMessage": 250, "objtFolder": 500, "objtAttachment": 500, "objtFolderView": 500,
    "objtMessageView": 500, "objtAttachView": 500, "objtStream": 250, "objtACLView": 50,
    "objtRulesView": 50, "objtFXSrcStrm": 50, "objtFXDstStrm": 50, "objtCStream": 50,
    "objtNotify": 500_000,
}


@attrs.frozen
class Preset:
    name: str
    #: R11: server sessions (RPC connections) per non-admin user; None = no cap.
    sessions_per_user: int | None
    #: R12: per-connection caps by object type; missing type = no cap.
    objects_per_session: dict[str, int]
    #: R10: the ec code for opening a mailbox the account has no rights on.
    access_denied_ec: str


PRESETS: dict[str, Preset] = {
    "exchange-5.5": Preset("exchange-5.5", None, {}, "ecAccessDenied"),
    "exchange-2003": Preset("exchange-2003", 32, dict(_SP1_OBJECT_CAPS), "ecAccessDenied"),
    "exchange-2010": Preset("exchange-2010", 32, dict(_SP1_OBJECT_CAPS), "ecLoginPerm"),
}

DEFAULT_PRESET = "exchange-2003"
