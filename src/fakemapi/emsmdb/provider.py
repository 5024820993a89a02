"""The Emsmdb32 transport of one process: connection policy (R2, R3), logons (R1, R4, R13),
server object caps (R12), and teardown (R8, R9)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable

from fakemapi.emsmdb.connection import Connection, Logon
from fakemapi.emsmdb.faults import Faults
from fakemapi.hresult import MapiError, code, fail
from fakemapi.trace import Clock, Occupancy, Timeline
from fakemapi.world.entryid import StoreEntryId, parse_store_entryid
from fakemapi.world.model import Mailbox, Server
from fakemapi.world.server import ServerSide
from fakemapi.world.store import StoreData

CONNECT_USE_SEPARATE_CONNECTION = 0x4

END_OF_SESSION = code("MAPI_E_END_OF_SESSION")

INVALID_OBJECT = code("MAPI_E_INVALID_OBJECT")
#: routes remembered per process before the memo starts again (keeps memory flat)
_ROUTES_MAX = 4096


class Emsmdb:
    """Connections and logons of one simulated process."""

    __slots__ = ("process", "server", "clock", "_next_id", "shared", "connections", "timeline", "faults",
                 "_routes", "_handles", "_rop_cost_us", "_per_session", "_store_only")

    def __init__(self, process: str, server: ServerSide, clock: Clock,
                 next_id: Callable[[], int], timeline: Timeline | None = None,
                 faults: Faults | None = None, handles: Mapping[int, Any] | None = None) -> None:
        self.process = process
        self.server = server
        self.clock = clock
        self._next_id = next_id
        #: (time_us, process, connection id, server, LogonIds in use) after every change
        self.timeline = timeline if timeline is not None else Timeline()
        self.faults = faults
        #: the shared connection for each (server, [session]) key (R2)
        self.shared: dict[tuple[Any, ...], Connection] = {}
        #: every live connection by id
        self.connections: dict[int, Connection] = {}
        #: (entry id, user alias) -> (parsed entry id, server, store, shared-connection key) of
        #: every OpenMsgStore that passed the server's checks: the same open skips them next time
        self._routes: dict[tuple[bytes, str], tuple[StoreEntryId, Server, StoreData, tuple[Any, ...]]] = {}
        #: the process's live interface objects by id (each with a ``logon`` attribute): which of
        #: them pin a logon is looked up here when it matters (a logon freed or closed while
        #: objects still hold it), never on the hot path, where logons only count their pins
        self._handles: Mapping[int, Any] = handles if handles is not None else {}
        # the world is immutable: what the open and release paths read of its settings, once
        settings = server.world.emsmdb
        self._rop_cost_us = settings.rop_cost_us
        self._per_session = settings.connection_scope != "process"
        self._store_only = settings.release_rule == "store-only"

    @property
    def settings(self) -> Any:
        return self.server.world.emsmdb

    # --- opening ------------------------------------------------------------------------
    def open_store(self, session: Any, session_id: int, user: Mailbox, connect_flags: int,
                   entryid: bytes) -> Logon:
        """OpenMsgStore on the wire: pick or make a connection, take a LogonId, RopLogon."""
        route_key = (entryid, user.alias)
        route = self._routes.get(route_key)
        if route is None:
            eid = parse_store_entryid(entryid)
            server = self.server.home_server(eid)
        else:
            # this user opened this entry id before: the world is immutable, so the entry id
            # parses, lands on the same server and passes the same RopLogon checks (R10)
            eid, server, store, base_key = route
        separate = bool(connect_flags & CONNECT_USE_SEPARATE_CONNECTION)
        conn: Connection | None = None
        key: tuple[Any, ...] | None = None
        if not separate:
            # An EcDoConnectEx session context is authenticated as one user: logons share a
            # connection only when they are made as the same account (and, in "session"
            # scope, from the same MAPI session).
            key = (server.name.lower(), user.alias.lower()) if route is None else base_key
            if self._per_session:
                key += (session_id,)
            conn = self.shared.get(key)
        fresh = conn is None
        if conn is None:
            conn = self._connect(server, user, separate, key)
        table = conn.table
        logon_id = table.allocate()
        if logon_id is None:  # R4: the one-byte table is full
            raise fail("MAPI_E_FAILONEPROVIDER", component="EMSMDB",
                       detail=f"connection {conn.id} has no free LogonId "
                              f"({table.capacity} in use)")
        clock = self.clock
        faults = self.faults
        clock.now_us += self._rop_cost_us + (faults.extra_rop_us if faults is not None else 0)  # RopLogon
        if route is None:
            try:
                store = self.server.logon(server, user, eid)
            except MapiError:
                table.release(logon_id)  # R13: a failed open keeps no index
                if fresh and not conn.logons:
                    self._disconnect(conn, "logon failed")
                raise
            routes = self._routes
            if len(routes) >= _ROUTES_MAX:
                routes.clear()
            routes[route_key] = (eid, server, store, (server.name.lower(), user.alias.lower()))
        logon = Logon(conn, logon_id, store, entryid, session)
        conn.logons[logon_id] = logon
        conn.sessions.add(session)
        timeline = self.timeline  # _mark, inlined (the hot path)
        cells = timeline.cells
        cells.extend((clock.now_us, self.process, conn.id, conn.server.name, table.in_use))
        if len(cells) > timeline.high:
            timeline.trim()
        return logon

    def _mark(self, conn: Connection) -> None:
        point: Occupancy = (self.clock.now_us, self.process, conn.id, conn.server.name,
                            conn.table.in_use if conn.alive else -1)
        self.timeline.append(point)

    def _connect(self, server: Server, user: Mailbox, separate: bool,
                 key: tuple[Any, ...] | None) -> Connection:
        faults = self.faults
        if faults is not None and server.name.lower() in faults.down:
            # inferred: the provider's logon fails because the RPC cannot reach the server
            raise fail("MAPI_E_FAILONEPROVIDER", ec="MAPI_E_NETWORK_ERROR", component="EMSMDB",
                       detail=f"server {server.name} is down (fault injection)")
        self.server.begin_session(server, user)  # R11 may refuse it
        self.clock.advance(self.settings.connect_cost_us + (faults.extra_connect_us if faults else 0))  # EcDoConnectEx
        conn = Connection(self._next_id(), server, user, self.process, separate, key,
                          self.settings.reserved_logon_ids, self.clock.now_us)
        self.connections[conn.id] = conn
        if key is not None:
            self.shared[key] = conn
        return conn

    def _disconnect(self, conn: Connection, reason: str) -> None:
        if not conn.alive:
            return
        conn.alive = False
        conn.closed_reason = reason
        self.connections.pop(conn.id, None)
        if conn.key is not None and self.shared.get(conn.key) is conn:
            del self.shared[conn.key]
        self.server.end_session(conn.server, conn.user)
        self._mark(conn)

    # --- lifetimes ------------------------------------------------------------------------
    def handles_of(self, logon: Logon) -> list[Any]:
        """The live objects that pin ``logon``, oldest first."""
        return [h for h in list(self._handles.values()) if h.logon is logon]

    def pin(self, logon: Logon, is_store: bool) -> None:
        """R6: one more object holds ``logon`` (a store object, or one obtained through it)."""
        logon.pins += 1
        if is_store:
            logon.store_refs += 1

    def unpin(self, logon: Logon, is_store: bool) -> None:
        """R6: drop one object's hold on ``logon`` (already gone from the live objects); free
        the logon when the rule says so."""
        logon.pins -= 1
        if is_store:
            logon.store_refs -= 1
        if not logon.alive:
            return
        if self._store_only:
            if logon.store_refs <= 0:
                for other in self.handles_of(logon):
                    other.kill(INVALID_OBJECT)
                self.free(logon)
        elif not logon.pins:
            self.free(logon)

    def free(self, logon: Logon) -> None:
        """Give the LogonId back at once. A separate connection goes with its logon; a shared
        one stays while the sessions that used it do (see :meth:`drop_session`)."""
        if not logon.alive:
            return
        logon.alive = False
        conn = logon.connection
        if conn.alive:
            # the server releases the logon's objects with it (MS-OXCROPS R4570: one object map
            # per logon), so objects still held (store-only rule, Logoff) stop counting (R12)
            if logon.pins:
                for handle in self.handles_of(logon):
                    if handle.objt is not None:
                        conn.objects[handle.objt] = conn.objects.get(handle.objt, 1) - 1
            conn.table.release(logon.logon_id)
            del conn.logons[logon.logon_id]
            timeline = self.timeline  # _mark of a live connection, inlined (the hot path)
            cells = timeline.cells
            cells.extend((self.clock.now_us, self.process, conn.id, conn.server.name, conn.table.in_use))
            if len(cells) > timeline.high:
                timeline.trim()
            if conn.separate and not conn.logons:
                self._disconnect(conn, "its logon was released")

    # --- R12: server object caps -----------------------------------------------------------
    def add_object(self, logon: Logon, objt: str) -> None:
        conn = logon.connection
        count = conn.objects.get(objt, 0) + 1
        cap = self.server.world.limits.objects_per_session.get(objt)
        if cap is not None and count > cap:
            self.close_by_server(conn, f"exceeded the maximum of {cap} objects of type {objt!r}")
            raise fail("MAPI_E_CALL_FAILED", ec="ecMaxObjsExceeded", component="EMSMDB",
                       detail=f"the server closed connection {conn.id}: more than {cap} {objt}")
        conn.objects[objt] = count

    def remove_object(self, logon: Logon, objt: str) -> None:
        conn = logon.connection
        if conn.alive:
            conn.objects[objt] = conn.objects.get(objt, 1) - 1

    def close_by_server(self, conn: Connection, reason: str) -> None:
        """The server ends the session: its objects answer MAPI_E_END_OF_SESSION from now on."""
        self.close(conn, END_OF_SESSION, reason)

    def close(self, conn: Connection, hr: int, reason: str) -> None:
        """The connection is gone (server's doing, or the network's): its logons are freed and
        every object on them answers ``hr`` from now on."""
        for logon in list(conn.logons.values()):
            logon.alive = False
            for handle in self.handles_of(logon):
                handle.kill(hr)
        conn.logons.clear()
        self._disconnect(conn, reason)

    # --- teardown -------------------------------------------------------------------------
    def drop_session(self, session: Any) -> None:
        """R9: a MAPI session logged off; its logons go with it, and so does a shared
        connection no other live session has used."""
        for conn in list(self.connections.values()):
            for logon in list(conn.logons.values()):
                if logon.session is session:
                    self.free(logon)
            conn.sessions.discard(session)
            if conn.alive and not conn.sessions and not conn.logons:
                self._disconnect(conn, "its sessions logged off")

    def drop_all(self) -> None:
        """R8: MAPIUninitialize frees every logon and connection."""
        for conn in list(self.connections.values()):
            for logon in list(conn.logons.values()):
                logon.alive = False
            conn.logons.clear()
            self._disconnect(conn, "MAPIUninitialize")
