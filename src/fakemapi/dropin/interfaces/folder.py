"""PyIMAPIContainer and PyIMAPIFolder."""

from __future__ import annotations

from typing import Any

from fakemapi import tags as t
from fakemapi.client.access import FOLDER_ACCESS, access_props, opens_in_store, require_store_writable, with_access
from fakemapi.client.messages import OpenMessage
from fakemapi.client.process import ClientProcess
from fakemapi.client.propobject import PropObject
from fakemapi.client.session import Session
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import (
    CLEAR_READ_FLAG,
    CONVENIENT_DEPTH,
    DEL_ASSOCIATED,
    DEL_FOLDERS,
    DEL_MESSAGES,
    FOLDER_SEARCH,
    GENERATE_RECEIPT_ONLY,
    MAPI_ASSOCIATED,
    MAPI_W_PARTIAL_COMPLETION,
    MESSAGE_MOVE,
    OPEN_IF_EXISTS,
    PR_COMMENT,
    _cost,
    _last_error,
    _unicode,
)
from fakemapi.dropin.interfaces.message import PyIMessage
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.table import PyIMAPITable, _table
from fakemapi.emsmdb.connection import Logon
from fakemapi.hresult import MapiError, fail
from fakemapi.props import Bag
from fakemapi.world.entryid import is_message_entryid
from fakemapi.world.events import (
    FNEV_OBJECT_COPIED,
    FNEV_OBJECT_MODIFIED,
    FNEV_OBJECT_MOVED,
    MAPI_FOLDER,
    MAPI_MESSAGE,
)
from fakemapi.world.mailbox_layout import SERVER_ROOT_FOLDERS
from fakemapi.world.store import Folder


# =========================================================================================
class _FolderRef:
    """A folder as one open object sees it (the data all its wrappers share)."""

    __slots__ = ("folder", "writable")

    def __init__(self, folder: Folder, writable: bool) -> None:
        self.folder = folder
        self.writable = writable


class PyIMAPIContainer(PyIMAPIProp):
    __slots__ = ()

    @property
    def _folder(self) -> Folder:
        return self._h.data.folder  # type: ignore[no-any-return]

    def _make_view(self) -> PropObject:
        ref = self._h.data
        folder = ref.folder
        return PropObject(folder.extra, with_access(folder.props, access_props(FOLDER_ACCESS, ref.writable)),
                          writable=ref.writable, transacted=False)

    def _commit(self, view: PropObject, flags: int) -> None:
        _cost(self._h)
        view.save()
        folder = self._folder
        folder.store.emit(FNEV_OBJECT_MODIFIED, folder.entryid, (folder.parent or folder).entryid, MAPI_FOLDER)

    @api
    def GetContentsTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        h = self._h
        _cost(h)
        folder = self._folder
        store = folder.store
        associated = bool(flags & MAPI_ASSOCIATED)
        columns = [t.PR_ENTRYID, t.tag("PR_SUBJECT"), t.tag("PR_MESSAGE_CLASS"), t.tag("PR_MESSAGE_FLAGS"),
                   t.tag("PR_MESSAGE_SIZE"), t.tag("PR_MESSAGE_DELIVERY_TIME"), t.PR_INSTANCE_KEY]
        table = Table(lambda: [] if folder.deleted else folder.ids(associated), columns, _unicode(flags),
                      bag_of=lambda counter: folder.row(counter, associated), version=lambda: store.version,
                      truncate=True, columns_of=lambda counters: folder.columns(counters, associated))
        return _table(h.process, "contents-table", h.session, h.logon, table)

    @api
    def GetHierarchyTable(self, flags: int, /) -> PyIMAPITable:  # noqa: N802
        h = self._h
        _cost(h)
        folder = self._folder
        deep = bool(flags & CONVENIENT_DEPTH)

        def rows() -> list[Bag]:
            out: list[Bag] = []

            def walk(node: Folder, depth: int) -> None:
                for child in node.children:
                    bag = dict(child.props())
                    bag.update(child.extra)
                    bag[t.PR_DEPTH >> 16] = (t.PR_DEPTH, depth)
                    out.append(bag)
                    if deep:
                        walk(child, depth + 1)

            walk(folder, 0 if not deep else 1)
            return out

        columns = [t.PR_ENTRYID, t.PR_DISPLAY_NAME, t.PR_CONTENT_COUNT, t.PR_CONTENT_UNREAD,
                   t.PR_SUBFOLDERS, t.PR_CONTAINER_CLASS, t.PR_DEPTH, t.PR_INSTANCE_KEY]
        return _table(h.process, "hierarchy-table", h.session, h.logon, Table(rows, columns, _unicode(flags)))

    @api
    def OpenEntry(self, entryId: bytes | None, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        eid = entryId
        h = self._h
        _cost(h)
        store = self._folder.store
        if eid is not None and is_message_entryid(eid):
            return _open_message_entry(h.process, h.session, h.logon, store, eid, flags)
        folder = self._folder if eid is None else store.folder(eid)
        return wrap(PyIMAPIFolder, h.process, "folder", h.session, h.logon,
                    _FolderRef(folder, opens_in_store(flags, store_writable(h.logon))))


def store_writable(logon: Logon | None) -> bool:
    """Whether the store an object was opened through was opened read/write (MDB_WRITE or
    MAPI_BEST_ACCESS); an object with no store logon (a message file) counts as writable."""
    return logon is None or logon.writable


def _open_message_entry(process: ClientProcess, session: Session | None, logon: Logon | None, store: Any,
                        eid: bytes, flags: int) -> PyIUnknown:

    message = store.message(eid)
    return wrap(PyIMessage, process, "message", session, logon,
                OpenMessage(message, message.folder, opens_in_store(flags, store_writable(logon))))


class PyIMAPIFolder(PyIMAPIContainer):
    __slots__ = ()

    def _messages(self, entry_ids: list[bytes]) -> tuple[list[Any], bool]:
        """The messages of this folder that ``entry_ids`` name; whether any was not found."""
        folder = self._folder
        found, missing = [], False
        for eid in entry_ids:
            try:
                message = folder.store.message(eid)
            except MapiError:
                missing = True
                continue
            if message.folder is not folder:
                missing = True
                continue
            found.append(message)
        return found, missing

    @api
    def CreateFolder(self, folderType: int, folderName: str, folderComment: str | None, iid: Any,  # noqa: N802,N803
                     flags: int, /) -> PyIMAPIFolder:
        kind, name, comment, value = folderType, folderName, folderComment, flags
        h = self._h
        _cost(h)
        require_store_writable(store_writable(h.logon), "CreateFolder")
        folder = self._folder
        if kind == FOLDER_SEARCH:
            raise fail("MAPI_E_NO_SUPPORT", detail="fakemapi does not emulate search folders")
        if not name:
            raise fail("MAPI_E_INVALID_PARAMETER", detail="a folder needs a name")
        same = [c for c in folder.children if c.name.lower() == name.lower()]
        if same:
            if not value & OPEN_IF_EXISTS:
                raise fail("MAPI_E_COLLISION", detail=f"{folder.name!r} already has a subfolder {name!r}")
            child = same[0]
        else:
            child = folder.store.new_folder(folder, name, "IPF.Note" if folder.container_class == "IPF.Note" else None)
            if comment:
                child.extra[PR_COMMENT >> 16] = (PR_COMMENT, comment)
        return wrap(PyIMAPIFolder, h.process, "folder", h.session, h.logon,  # type: ignore[return-value]
                    _FolderRef(child, True))

    @api
    def DeleteFolder(self, entryId: bytes, uiParam: int, progress: Any, flags: int, /) -> int:  # noqa: N802,N803
        eid, value = entryId, flags
        _cost(self._h)
        require_store_writable(store_writable(self._h.logon), "DeleteFolder")
        folder = self._folder
        child = folder.store.folder(eid)
        if child.parent is not folder:
            raise fail("MAPI_E_NOT_FOUND", detail=f"{child.name!r} is not a subfolder of {folder.name!r}")
        if (child.counter <= 6 or child.counter in SERVER_ROOT_FOLDERS) and not folder.store.public:
            raise fail("MAPI_E_NO_ACCESS", detail=f"{child.name!r} is a standard folder of the mailbox")
        tree = child.walk()
        if child.children and not value & DEL_FOLDERS:
            raise fail("MAPI_E_HAS_FOLDERS", detail=f"{child.name!r} has subfolders (pass DEL_FOLDERS)")
        if any(f.count() or f.assoc for f in tree) and not value & DEL_MESSAGES:
            raise fail("MAPI_E_HAS_MESSAGES", detail=f"{child.name!r} has messages (pass DEL_MESSAGES)")
        for f in tree:
            for message in list(f.messages.values()) + list(f.assoc.values()):
                message.deleted = True
        folder.store.remove_folder(child)
        return 0

    @api
    def CreateMessage(self, iid: Any, flags: int, /) -> PyIUnknown:  # noqa: N802
        value = flags
        h = self._h
        _cost(h)
        require_store_writable(store_writable(h.logon), "CreateMessage")
        folder = self._folder
        message = folder.store.new_message(associated=bool(value & MAPI_ASSOCIATED))
        return wrap(PyIMessage, h.process, "message", h.session, h.logon, OpenMessage(message, folder, True))

    @api
    def CopyMessages(self, msgList: list[bytes], iid: Any, folder: PyIMAPIFolder, ulUIParam: int,  # noqa: N802,N803
                     progress: Any, flags: int, /) -> int:
        entry_ids, value = msgList, flags
        _cost(self._h)
        require_store_writable(store_writable(folder._h.logon), "CopyMessages (the destination folder)")
        messages, missing = self._messages(entry_ids)
        dest = folder._folder
        for message in messages:
            old_id, old_parent = message.entryid, message.folder.entryid
            if value & MESSAGE_MOVE:
                if dest is message.folder:
                    continue
                if dest.store is message.store:
                    message.folder.remove(message, event=0)
                    message.counter = dest.store.allocate()
                    dest.add(message, event=0)
                    dest.store.emit(FNEV_OBJECT_MOVED, message.entryid, dest.entryid, MAPI_MESSAGE, old_id,
                                    old_parent)
                else:
                    message.folder.remove(message)
                    message.deleted = True
                    dest.add(message.copy_to(dest.store, dest.store.allocate(), dest))
            else:
                copy = message.copy_to(dest.store, dest.store.allocate(), dest)
                dest.add(copy, event=0)
                dest.store.emit(FNEV_OBJECT_COPIED, copy.entryid, dest.entryid, MAPI_MESSAGE, old_id, old_parent)
        return MAPI_W_PARTIAL_COMPLETION if missing else 0

    @api
    def DeleteMessages(self, msgList: list[bytes], uiParam: int, progress: Any, flags: int, /) -> int:  # noqa: N802,N803
        entry_ids = msgList
        _cost(self._h)
        require_store_writable(store_writable(self._h.logon), "DeleteMessages")
        messages, missing = self._messages(entry_ids)
        for message in messages:
            message.folder.remove(message)
            message.deleted = True
        return MAPI_W_PARTIAL_COMPLETION if missing else 0

    @api
    def EmptyFolder(self, uiParam: int, progress: Any, flags: int, /) -> int:  # noqa: N802,N803
        value = flags
        _cost(self._h)
        folder = self._folder
        for message in folder.materialize_all():
            message.deleted = True
        folder.messages.clear()
        folder.blocks.clear()
        if value & DEL_ASSOCIATED:
            for message in folder.assoc.values():
                message.deleted = True
            folder.assoc.clear()
        for child in list(folder.children):
            folder.store.remove_folder(child)
        folder.store.touch()
        return 0

    @api
    def SetReadFlags(self, msgList: list[bytes], uiParam: int, progress: Any, flags: int, /) -> int:  # noqa: N802,N803
        value = flags
        _cost(self._h)
        folder = self._folder
        messages, missing = self._messages(msgList)
        if not value & GENERATE_RECEIPT_ONLY:
            for message in messages:
                current = message.flags
                message.set_flags(current & ~0x1 if value & CLEAR_READ_FLAG else current | 0x1)
                folder.store.emit(FNEV_OBJECT_MODIFIED, message.entryid, folder.entryid, MAPI_MESSAGE)
        folder.store.touch()
        return MAPI_W_PARTIAL_COMPLETION if missing else 0

    @api
    def GetLastError(self, hr: int, flags: int, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


