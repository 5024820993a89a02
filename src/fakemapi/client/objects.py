"""Interface objects as the MAPI client tracks them: what each pins, and whether it still works.

Every object a program holds (session, store, folder, table, profile section, ...) has one
:class:`Handle`. The drop-in wrapper releases its handle when Python drops the wrapper (R6),
so lifetimes follow Python references with no ``gc.collect()`` for plain code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakemapi.client.process import ClientProcess
    from fakemapi.client.session import Session
    from fakemapi.emsmdb.connection import Logon

#: Handle kinds and the server object type (R12) each one counts as, if any.
OBJT: dict[str, str | None] = {
    "session": None, "store": None, "manage-store": None, "folder": "objtFolder",
    "contents-table": "objtMessageView", "hierarchy-table": "objtFolderView",
    "message": "objtMessage", "attachment": "objtAttachment", "attachment-table": "objtAttachView",
    "stream": "objtStream", "table": None, "profadmin": None, "msgserviceadmin": None,
    "profsect": None, "addrbook": None, "mailuser": None, "status": None,
    "advise-sink": None, "advise": "objtNotify", "file-stream": None, "provideradmin": None,
    "abcontainer": None, "distlist": None,
}


class Handle:
    """One live interface object: its kind, owner, the logon it pins, and its state."""

    __slots__ = ("id", "kind", "process", "session", "logon", "objt", "is_store", "dead",
                 "released", "site", "data", "props", "label", "connection_id", "logon_id", "__weakref__")

    def __init__(self, hid: int, kind: str, process: ClientProcess, session: Session | None,
                 logon: Logon | None, data: Any, site: str | None) -> None:
        self.id = hid
        self.kind = kind
        #: how the trace and messages name the object, e.g. "folder#12"
        self.label = f"{kind}#{hid}"
        self.process = process
        self.session = session
        self.logon = logon
        #: where the trace places the object's calls: its logon's connection and LogonId
        #: (a logon's never change), None for an object on no logon
        if logon is None:
            self.connection_id = self.logon_id = None
        else:
            self.connection_id = logon.connection.id
            self.logon_id = logon.logon_id
        self.objt = OBJT.get(kind)
        self.is_store = kind == "store"
        #: 0 while usable; otherwise the HRESULT every call on it raises (R8, R9, R12)
        self.dead = 0
        self.released = False
        self.site = site
        self.data = data
        #: the object's property view (saved bag + unsaved changes), made when first used
        self.props: Any = None

    def kill(self, hr: int) -> None:
        if not self.dead:
            self.dead = hr

    def describe(self) -> str:
        where = f" created at {self.site}" if self.site else ""
        return f"{self.label}{where}"

    def __repr__(self) -> str:
        return f"<Handle {self.label}{' dead' if self.dead else ''}>"


class ReleaseOrderWarning(UserWarning):
    """Strict mode: a store was released while objects obtained through it are alive (R7).

    KB 260141 asks for release in the reverse order objects were obtained; the logon stays
    pinned until the named objects go.
    """
