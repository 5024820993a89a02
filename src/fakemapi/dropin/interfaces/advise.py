"""PyIMAPIAdviseSink, and what Advise / Unadvise on sessions, stores and tables share: model notes
turned into the tuples PyIMAPIAdviseSink.cpp builds (the sink argument itself is converted by
the signature table's interface helpers, fakemapi.dropin.parse).

pywin32 gives PyIMAPIAdviseSink no methods of its own (PyIMAPIAdviseSink.cpp:113); a sink made
by HrAllocAdviseSink calls ``callback(notifications, context)`` with a tuple of notifications,
each ``(ulEventType, payload)`` (PyObject_FromNOTIFICATION, PyIMAPIAdviseSink.cpp:17-86), and
ignores what the callback returns or raises (the exception is printed and cleared,
PyCMAPIAdviseSink::OnNotify, PyIMAPIAdviseSink.cpp:154-191).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from typing import Any

from fakemapi.client.notify import ErrorNote, Note, ObjectNote, Sink, TableNote
from fakemapi.dropin.base import PyIUnknown
from fakemapi.dropin.convert import ENCODING
from fakemapi.dropin.shapes import props_out, value_out
from fakemapi.hresult import name_of, signed
from fakemapi.world.events import FNEV_NEW_MAIL

MAPI_UNICODE = 0x80000000


class PyIMAPIAdviseSink(PyIUnknown):
    """An advise sink (pywin32 wraps IMAPIAdviseSink with no methods but IUnknown's)."""

    __slots__ = ()
    _iid_name = "IID_IMAPIAdviseSink"

    @property
    def _sink(self) -> Sink:
        return self._h.data  # type: ignore[no-any-return]


def shape(note: Note) -> tuple[int, tuple[Any, ...]]:
    """One notification as PyObject_FromNOTIFICATION builds it."""
    if isinstance(note, ObjectNote):
        if note.kind == FNEV_NEW_MAIL:
            # "k(y#y#kNk)": entry id, parent id, ulFlags, message class (str if MAPI_UNICODE
            # is in ulFlags, else bytes), message flags (PyIMAPIAdviseSink.cpp:33-44)
            flags = MAPI_UNICODE if note.unicode else 0
            cls: Any = note.message_class if note.unicode else note.message_class.encode(ENCODING, "replace")
            return note.kind, (note.entryid, note.parent_id, signed(flags) & 0xFFFFFFFF, cls, note.message_flags)
        # "k(y#iy#y#y#N)": entry id, object type, parent id, old id, old parent id, prop tags
        # (None: Exchange sends no tag array) (PyIMAPIAdviseSink.cpp:45-59)
        return note.kind, (note.entryid, note.obj_type, note.parent_id, note.old_id, note.old_parent_id, None)
    if isinstance(note, TableNote):
        # "k(kiNNN)": table event, hResult, propIndex, propPrior, row (PyIMAPIAdviseSink.cpp:60-66)
        index = (note.index[0], value_out(note.index[0], note.index[1]))
        prior = (note.prior[0], value_out(note.prior[0], note.prior[1]))
        return note.kind, (note.table_event, 0, index, prior, props_out(note.row))
    assert isinstance(note, ErrorNote)
    # "k(y#iiN)": entry id, scode, ulFlags, MAPIERROR tuple (PyIMAPIAdviseSink.cpp:21-27;
    # PyObject_FromMAPIERROR, mapiutil.cpp:53: version, error text, component, low level, context)
    error = (0, f"the connection to the server was lost ({name_of(note.scode)})", "EMSMDB", 0, 0)
    return note.kind, (note.entryid, signed(note.scode), 0, error)


def callback_sink(callback: Any, context: Any) -> Sink:
    def deliver(notes: Sequence[Note]) -> None:
        payload = tuple(shape(n) for n in notes)
        try:
            callback(payload, context)
        except Exception:  # noqa: BLE001 - pywin32 logs the callback's error and carries on
            traceback.print_exc(file=sys.stderr)

    return Sink(deliver)


def this_thread_sink(inner: Sink) -> Sink:
    return Sink(inner.deliver, this_thread=True)


def _validate_target(logon: Any, eid: bytes) -> None:
    """Advise on an entry id: a folder or message of the logon's store, or the store itself."""
    from fakemapi.world.entryid import is_message_entryid, is_store_entryid

    store = logon.store
    if is_store_entryid(eid):
        return
    if is_message_entryid(eid):
        store.message(eid)
    else:
        store.folder(eid)


def register(h: Any, logon: Any, eid: bytes | None, mask: int, sink: Sink) -> int:
    """An advise connection on ``logon``'s store: a server object that pins the logon until
    Unadvise (fakemapi.client.notify); returns its connection number."""
    from fakemapi.client.notify import CONNECT_NO_NOTIFICATIONS
    from fakemapi.world.entryid import is_store_entryid

    if eid is not None:
        _validate_target(logon, eid)
        if is_store_entryid(eid):
            eid = None
    session = h.session
    muted = bool(session is not None and session.profile.connect_flags() & CONNECT_NO_NOTIFICATIONS)
    process = h.process
    handle = process.new_handle("advise", session, logon, None)  # objtNotify (R12); pins the logon
    conn = process.runtime.notifier.advise(process, sink, mask, eid, store=logon.store, handle=handle,
                                           muted=muted)
    handle.data = conn
    return int(conn.id)


def unregister(h: Any, conn_id: int, owns: Any) -> None:
    """Unadvise: the connection goes, and with it its hold on the logon."""
    from fakemapi.hresult import fail

    notifier = h.process.runtime.notifier
    conn = notifier.unadvise(conn_id, owns)
    if conn is None:
        raise fail("MAPI_E_NOT_FOUND", detail=f"no advise connection {conn_id} on this object")
    if conn.handle is not None and conn.handle is not h:
        conn.handle.process.release(conn.handle)
