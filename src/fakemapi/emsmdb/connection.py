"""RPC connections (one EcDoConnectEx session context each) and the logons on them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakemapi.emsmdb.logontable import LogonTable
from fakemapi.world.model import Mailbox, Server

if TYPE_CHECKING:
    from fakemapi.world.store import StoreData


class Connection:
    """One RPC connection of a process to a server, with its one-byte logon table (R1)."""

    __slots__ = ("id", "server", "user", "process", "separate", "key", "table", "logons",
                 "objects", "alive", "opened_us", "closed_reason", "sessions")

    def __init__(self, conn_id: int, server: Server, user: Mailbox, process: str, separate: bool,
                 key: tuple[Any, ...] | None, reserved: frozenset[int], opened_us: int) -> None:
        self.id = conn_id
        self.server = server
        self.user = user
        self.process = process
        self.separate = separate
        self.key = key  # the shared-connection key, None for a separate connection
        self.table = LogonTable(reserved)
        self.logons: dict[int, Logon] = {}
        #: live server objects by type (R12), e.g. {"objtFolder": 3}
        self.objects: dict[str, int] = {}
        self.alive = True
        self.opened_us = opened_us
        self.closed_reason = ""
        #: the MAPI sessions that have used this connection; a shared connection lives while
        #: any of them does
        self.sessions: set[Any] = set()

    def __repr__(self) -> str:
        state = "live" if self.alive else f"closed ({self.closed_reason})"
        return (f"<Connection {self.id} to {self.server.name} as {self.user.alias}, "
                f"{len(self.logons)} logons, {state}>")


class Logon:
    """A store logon: a LogonId on a connection, pinned by the objects obtained through it (R6)."""

    __slots__ = ("connection", "logon_id", "store", "entryid", "pins", "store_refs", "alive",
                 "session", "writable")

    def __init__(self, connection: Connection, logon_id: int, store: StoreData, entryid: bytes,
                 session: object) -> None:
        self.connection = connection
        self.logon_id = logon_id
        self.store = store
        self.entryid = entryid
        self.session = session
        #: how many live interface objects pin this logon (the store objects included); which
        #: ones is derived when asked (Emsmdb.handles_of): the hot path only counts
        self.pins = 0
        self.store_refs = 0
        self.alive = True
        #: the store object was opened read/write (MDB_WRITE or MAPI_BEST_ACCESS)
        self.writable = True

    @property
    def mailbox_dn(self) -> str:
        return self.store.mailbox.dn if self.store.mailbox is not None else ""

    def __repr__(self) -> str:
        return (f"<Logon {self.logon_id} on connection {self.connection.id}: "
                f"{self.mailbox_dn or 'public store'}>")
