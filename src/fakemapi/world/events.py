"""What happens in a store, as the server reports it to whoever listens (the MAPI client's
notification model, :mod:`fakemapi.client.notify`, registers a listener; the world imports
nothing above it).

One :class:`StoreEvent` per change: a message or folder created, modified, deleted, moved or
copied, or new mail delivered. Event kinds are the ``fnev*`` bits of MAPIDefS.h.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import attrs

if TYPE_CHECKING:
    from fakemapi.world.store import StoreData

#: MAPIDefS.h event types (fnev*)
FNEV_CRITICAL_ERROR = 0x00000001
FNEV_NEW_MAIL = 0x00000002
FNEV_OBJECT_CREATED = 0x00000004
FNEV_OBJECT_DELETED = 0x00000008
FNEV_OBJECT_MODIFIED = 0x00000010
FNEV_OBJECT_MOVED = 0x00000020
FNEV_OBJECT_COPIED = 0x00000040
FNEV_SEARCH_COMPLETE = 0x00000080
FNEV_TABLE_MODIFIED = 0x00000100
FNEV_STATUS_OBJECT_MODIFIED = 0x00000200
FNEV_EXTENDED = 0x80000000

#: MAPIDefS.h object types
MAPI_FOLDER = 3
MAPI_MESSAGE = 5


@attrs.frozen
class StoreEvent:
    """One change in ``store``. ``entryid`` / ``parent_id`` name the object and its folder;
    ``old_id`` / ``old_parent_id`` are set for moves and copies; ``message_class`` and
    ``message_flags`` for new mail."""

    kind: int
    store: StoreData
    entryid: bytes
    parent_id: bytes
    obj_type: int
    old_id: bytes = b""
    old_parent_id: bytes = b""
    message_class: str = ""
    message_flags: int = 0


#: a listener gets every event of every store of the server side
Listener = Callable[[StoreEvent], None]


@attrs.define(slots=True)
class EventHub:
    """The hook the world emits through; the listeners are registered by the client layer."""

    listeners: list[Listener] = attrs.field(factory=list)

    def emit(self, event: StoreEvent) -> None:
        for listener in list(self.listeners):
            listener(event)
