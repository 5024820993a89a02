"""Notifications: advise connections, the queue, and deterministic delivery in virtual time.

The world reports every change of a store through its event hook
(:class:`fakemapi.world.events.EventHub`); the :class:`Notifier` of a runtime listens, and
queues a :class:`Note` for every advise connection the change concerns, in any simulated
process. Notes are handed to the connection's sink only at *delivery points*, so the order of
callbacks is a function of the program alone (R14):

* a process that called ``MAPIInitialize`` with ``MAPI_MULTITHREAD_NOTIFICATIONS`` gets its
  notes at the end of every MAPI call (of any process) that produced them: MAPI's notification
  thread runs at once;
* otherwise notes wait until the process pumps its messages (``pythoncom.PumpWaitingMessages``)
  or calls ``HrDispatchNotifications``, as a sink fed through MAPI's hidden notification window
  or one made by ``HrThisThreadAdviseSink`` waits on Windows;
* a this-thread sink (``HrThisThreadAdviseSink``) always waits for those two calls.

Mail the world schedules (``deliveries`` in a world file, :meth:`fakemapi.Fake.deliver`) arrives
when the virtual clock reaches its time; a pump that finds nothing to deliver advances the clock
to the next scheduled delivery (the program waits, as a watcher waits for mail).

An advise connection on a store is a server object (a RopRegisterNotification subscription,
objtNotify) on the store's logon: it pins the logon until ``Unadvise`` (MS-OXCNOTIF 2.2.1.2.1;
MS-OXCROPS 3.2.5.3, where only RopRelease frees a server object). With the profile connect flag
CONNECT_NO_NOTIFICATIONS (0x20) Emsmdb32 registers nothing on the server: Advise succeeds but
no store or table notification ever arrives (inferred from EdkMdb.h's description of the flag).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from fakemapi.world.events import (
    FNEV_CRITICAL_ERROR,
    FNEV_TABLE_MODIFIED,
    StoreEvent,
)
from fakemapi.world.transport import deliver_spec

if TYPE_CHECKING:
    from fakemapi.client.objects import Handle
    from fakemapi.client.runtime import Runtime
    from fakemapi.client.tables import Table
    from fakemapi.world.specs import MessageSpec
    from fakemapi.world.store import StoreData

#: MAPIInitialize flag (MAPIX.h)
MAPI_MULTITHREAD_NOTIFICATIONS = 0x1
#: PR_PROFILE_CONNECT_FLAGS bit (EdkMdb.h): no notifications from the server
CONNECT_NO_NOTIFICATIONS = 0x20
#: MAPIDefS.h table events
TABLE_CHANGED = 1
TABLE_ERROR = 2
TABLE_ROW_ADDED = 3
TABLE_ROW_DELETED = 4
TABLE_ROW_MODIFIED = 5
TABLE_SORT_DONE = 6
TABLE_RESTRICT_DONE = 7
TABLE_SETCOL_DONE = 8
TABLE_RELOAD = 9
PR_INSTANCE_KEY_ID = 0x0FF6
#: more row changes than this between two deliveries are reported as one TABLE_CHANGED
#: (inferred: Exchange collapses bulk changes; MS-OXCNOTIF 3.1.4.3 lets a server send any of
#: the three levels of table notification)
TABLE_CHANGED_AFTER = 32
PR_NULL = 0x00000001


@attrs.frozen
class ObjectNote:
    """fnevNewMail or an fnevObject* notification (NEWMAIL_NOTIFICATION / OBJECT_NOTIFICATION)."""

    kind: int
    entryid: bytes
    parent_id: bytes
    obj_type: int
    old_id: bytes = b""
    old_parent_id: bytes = b""
    message_class: str = ""
    message_flags: int = 0
    unicode: bool = False


@attrs.frozen
class TableNote:
    """fnevTableModified (TABLE_NOTIFICATION): the event, the row's instance key, the instance
    key of the row before it (PR_NULL when it is the first), and the row itself."""

    table_event: int
    index: tuple[int, Any] = (PR_NULL, None)
    prior: tuple[int, Any] = (PR_NULL, None)
    row: tuple[tuple[int, Any], ...] = ()
    kind: int = FNEV_TABLE_MODIFIED


@attrs.frozen
class ErrorNote:
    """fnevCriticalError (ERROR_NOTIFICATION): the connection to the server is gone."""

    entryid: bytes
    scode: int
    kind: int = FNEV_CRITICAL_ERROR


Note = ObjectNote | TableNote | ErrorNote


@attrs.define(slots=True, eq=False)
class Sink:
    """An advise sink: ``deliver(notes)`` hands notes to the program (the drop-in's callback).
    ``this_thread`` sinks wait for HrDispatchNotifications or a message pump."""

    deliver: Callable[[Sequence[Note]], None]
    this_thread: bool = False


@attrs.define(slots=True, eq=False)
class Advise:
    """One advise connection: on a store (``store`` set), a session, or a table (``table``)."""

    id: int
    process: Any
    sink: Sink
    mask: int
    #: the entry id the registration is about (None: the whole store)
    entryid: bytes | None
    store: StoreData | None = None
    table: Table | None = None
    unicode: bool = False
    #: the handle that pins the logon (None for a session-only connection)
    handle: Handle | None = None
    #: the server registered nothing (CONNECT_NO_NOTIFICATIONS)
    muted: bool = False
    #: rows of the table as last reported: instance key -> row
    seen: dict[bytes, tuple[tuple[int, Any], ...]] | None = None
    order: list[bytes] = attrs.field(factory=list)
    stamp: int = -1
    reported_error: bool = False
    pending: list[Note] = attrs.field(factory=list)


class Notifier:
    """Every advise connection of a runtime, and the scheduled deliveries of its world."""

    __slots__ = ("runtime", "connections", "_next_id", "scheduled", "_seq", "dirty", "_busy")

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.connections: dict[int, Advise] = {}
        self._next_id = 0
        #: (due time, order, what to run)
        self.scheduled: list[tuple[int, int, Callable[[], None]]] = []
        self._seq = 0
        #: set when a note is queued: a delivery point has work
        self.dirty = False
        self._busy = False
        runtime.server.events.listeners.append(self._on_event)
        for spec in runtime.world.deliveries:
            self.schedule_mail(spec.after_us, spec.message)

    def schedule_mail(self, due_us: int, message: MessageSpec) -> None:
        """``message`` arrives (fakemapi.world.transport.deliver_spec) at virtual time ``due_us``."""
        server = self.runtime.server
        self.schedule(due_us, lambda: self._arrive(deliver_spec(server, message)))

    def _arrive(self, reached: list[str]) -> None:
        self.dirty = True

    def after_call(self) -> None:
        """The end of a MAPI call: scheduled mail whose time has come arrives, and MAPI's
        notification thread (MAPI_MULTITHREAD_NOTIFICATIONS) hands over what is due."""
        if self._busy:
            return
        self._busy = True
        try:
            self.run_due()
            if self.dirty:
                self.deliver(None, pumped=False)
        finally:
            self._busy = False

    # --- registration ---------------------------------------------------------------------
    def advise(self, process: Any, sink: Sink, mask: int, entryid: bytes | None, *,
               store: StoreData | None = None, table: Table | None = None, unicode: bool = False,
               handle: Handle | None = None, muted: bool = False) -> Advise:
        self._next_id += 1
        conn = Advise(self._next_id, process, sink, mask, entryid, store, table, unicode, handle, muted)
        if table is not None:
            conn.seen, conn.order = self._snapshot(table)
            conn.stamp = self._stamp(table)
        self.connections[conn.id] = conn
        return conn

    def unadvise(self, conn_id: int, owner: Callable[[Advise], bool]) -> Advise | None:
        """Remove connection ``conn_id`` if ``owner`` accepts it; None if there is none."""
        conn = self.connections.get(conn_id)
        if conn is None or not owner(conn):
            return None
        del self.connections[conn_id]
        return conn

    def drop_process(self, process: Any) -> None:
        """MAPIUninitialize: the process's connections go."""
        for cid in [c.id for c in self.connections.values() if c.process is process]:
            del self.connections[cid]

    # --- scheduled world events -------------------------------------------------------------
    def schedule(self, due_us: int, action: Callable[[], None]) -> None:
        self._seq += 1
        heapq.heappush(self.scheduled, (due_us, self._seq, action))

    def run_due(self) -> int:
        """Run every scheduled action whose time has come; how many ran."""
        clock = self.runtime.clock
        ran = 0
        while self.scheduled and self.scheduled[0][0] <= clock.now_us:
            _, _, action = heapq.heappop(self.scheduled)
            action()
            ran += 1
        return ran

    def wait_for_next(self) -> bool:
        """Advance the virtual clock to the next scheduled action and run it (False if none)."""
        if not self.scheduled:
            return False
        clock = self.runtime.clock
        due = self.scheduled[0][0]
        if due > clock.now_us:
            clock.advance(due - clock.now_us)
        self.run_due()
        return True

    # --- events -----------------------------------------------------------------------------
    def _on_event(self, event: StoreEvent) -> None:
        if not self.connections:
            return
        for conn in list(self.connections.values()):
            if conn.muted or conn.table is not None or conn.store is not event.store:
                continue
            if conn.handle is not None and conn.handle.dead:
                continue
            if not conn.mask & event.kind:
                continue
            eid = conn.entryid
            if eid is not None and eid not in (event.entryid, event.parent_id, event.old_parent_id):
                continue
            conn.pending.append(ObjectNote(event.kind, event.entryid, event.parent_id, event.obj_type,
                                           event.old_id, event.old_parent_id, event.message_class,
                                           event.message_flags, conn.unicode))
        self.dirty = True

    # --- tables -----------------------------------------------------------------------------
    @staticmethod
    def _stamp(table: Table) -> int:
        return table.version() if table.version is not None else -1

    @staticmethod
    def _snapshot(table: Table) -> tuple[dict[bytes, tuple[tuple[int, Any], ...]], list[bytes]]:
        items = table.items()
        rows = table._rows(items)
        keys = table._reader(items)(range(len(items)), PR_INSTANCE_KEY_ID)
        seen: dict[bytes, tuple[tuple[int, Any], ...]] = {}
        order: list[bytes] = []
        for i, (entry, row) in enumerate(zip(keys, rows)):
            key = entry[1] if entry is not None and isinstance(entry[1], bytes) else i.to_bytes(4, "little")
            seen[key] = tuple(row)
            order.append(key)
        return seen, order

    def _table_notes(self, conn: Advise) -> None:
        table = conn.table
        assert table is not None and conn.seen is not None
        stamp = self._stamp(table)
        if stamp != -1 and stamp == conn.stamp:
            return
        conn.stamp = stamp
        seen, order = self._snapshot(table)
        old = conn.seen
        notes: list[Note] = []
        for key in conn.order:
            if key not in seen:
                notes.append(TableNote(TABLE_ROW_DELETED, (PR_INSTANCE_KEY_ID << 16 | 0x0102, key)))
        for i, key in enumerate(order):
            prior = (PR_NULL, None) if i == 0 else (PR_INSTANCE_KEY_ID << 16 | 0x0102, order[i - 1])
            index = (PR_INSTANCE_KEY_ID << 16 | 0x0102, key)
            if key not in old:
                notes.append(TableNote(TABLE_ROW_ADDED, index, prior, seen[key]))
            elif old[key] != seen[key]:
                notes.append(TableNote(TABLE_ROW_MODIFIED, index, prior, seen[key]))
        conn.seen, conn.order = seen, order
        if len(notes) > TABLE_CHANGED_AFTER:
            # many rows at once (EmptyFolder, a big move): one TABLE_CHANGED, re-read the table
            notes = [TableNote(TABLE_CHANGED)]
        if conn.mask & FNEV_TABLE_MODIFIED and not conn.muted:
            conn.pending.extend(notes)

    # --- delivery ---------------------------------------------------------------------------
    def deliver(self, process: Any | None, pumped: bool) -> int:
        """Hand the due notes to their sinks: those of ``process`` (every process if None) when
        it ``pumped`` its messages, else only those of multithreaded processes' plain sinks.
        Returns how many notes were handed over."""
        self.run_due()
        handed = 0
        for conn in list(self.connections.values()):
            if process is not None and conn.process is not process:
                continue
            proc = conn.process
            threaded = bool(getattr(proc, "notify_flags", 0) & MAPI_MULTITHREAD_NOTIFICATIONS)
            if not pumped and (conn.sink.this_thread or not threaded):
                continue
            self._collect(conn)
            if conn.pending and conn.id in self.connections:
                notes, conn.pending = conn.pending, []
                handed += len(notes)
                conn.sink.deliver(tuple(notes))
            if conn.handle is not None and conn.handle.dead:
                # its object no longer works (a dropped connection, Logoff, MAPIUninitialize):
                # after the fnevCriticalError, if any, the connection is gone
                self.connections.pop(conn.id, None)
        self.dirty = any(c.pending for c in self.connections.values())
        return handed

    def _collect(self, conn: Advise) -> None:
        handle = conn.handle
        if handle is not None and handle.dead and not conn.reported_error:
            conn.reported_error = True
            logon = handle.logon
            dropped = logon is not None and not logon.connection.alive and \
                logon.connection.closed_reason not in ("MAPIUninitialize", "its sessions logged off")
            if dropped and conn.mask & FNEV_CRITICAL_ERROR:
                conn.pending.append(ErrorNote(b"", handle.dead))
            return
        if conn.table is not None and (handle is None or not handle.dead):
            self._table_notes(conn)

