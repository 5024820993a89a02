"""PyIMessage and PyIAttach over the open-object model of :mod:`fakemapi.client.messages`."""

from __future__ import annotations

from typing import Any

from fakemapi import tags as t
from fakemapi.client.access import MAPI_BEST_ACCESS, opens_writable
from fakemapi.client.embedded import EmbeddedMessage, open_embedded
from fakemapi.client.messages import OpenAttachment, OpenMessage
from fakemapi.client.propobject import PropObject
from fakemapi.client.storage import open_attachment_storage
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import (
    CLEAR_READ_FLAG,
    GENERATE_RECEIPT_ONLY,
    MAPI_CREATE,
    MAPI_MODIFY,
    IID_IMessage,
    IID_IStorage,
    _cost,
    _unicode,
)
from fakemapi.dropin.interfaces.olestorage import PyIStorage
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.table import _table
from fakemapi.hresult import fail
from fakemapi.props import Bag
from fakemapi.world.contents import (
    ATTACH_BY_VALUE,
    MSGFLAG_READ,
    PR_ATTACH_LONG_FILENAME,
    PR_ATTACH_METHOD,
    PR_ATTACH_NUM,
    PR_ATTACH_SIZE,
    PR_RECIPIENT_TYPE,
    PR_RENDERING_POSITION,
    Attachment,
    Message,
    NameMap,
)
from fakemapi.world.events import FNEV_OBJECT_MODIFIED, MAPI_MESSAGE
from fakemapi.world.store import Folder
from fakemapi.world.transport import submit

#: PR_ATTACH_DATA_OBJ (PidTagAttachDataObject, MS-OXCMSG 2.2.2.8): the attachment's object
PR_ATTACH_DATA_OBJ = 0x3701000D


def open_message(owner: PyIUnknown, message: Message, home: Folder, writable: bool) -> PyIMessage:
    h = owner._h
    return wrap(PyIMessage, h.process, "message", h.session, h.logon,  # type: ignore[return-value]
                OpenMessage(message, home, writable))


# =========================================================================================
class PyIMessage(PyIMAPIProp):
    __slots__ = ()

    @property
    def _msg(self) -> OpenMessage:
        return self._h.data  # type: ignore[no-any-return]

    def _make_view(self) -> PropObject:
        return self._msg.view

    def _commit(self, view: PropObject, flags: int) -> None:
        _cost(self._h)
        self._msg.save(flags)

    def _check_set(self) -> None:
        msg = self._msg
        if msg.submitted or msg.closed:
            msg.require_writable()

    @api
    def SetReadFlag(self, flags: int, /) -> None:  # noqa: N802
        value = flags
        msg = self._msg
        _cost(self._h)
        if value & GENERATE_RECEIPT_ONLY:
            return None
        message = msg.message
        current = message.flags
        new = current & ~MSGFLAG_READ if value & CLEAR_READ_FLAG else current | MSGFLAG_READ
        message.set_flags(new)
        pending = msg.view.pending.get(0x0E07)
        if pending is not None:
            msg.view.pending[0x0E07] = (pending[0], (pending[1] & ~MSGFLAG_READ) | (new & MSGFLAG_READ))
        message.store.touch()
        if message.folder is not None and new != current:
            message.store.emit(FNEV_OBJECT_MODIFIED, message.entryid, message.folder.entryid, MAPI_MESSAGE)
        return None

    @api
    def GetAttachmentTable(self, flags: int, /) -> Any:  # noqa: N802
        h = self._h
        _cost(h)
        msg = self._msg

        def rows() -> list[Bag]:
            return [a.view() for _, a in sorted(msg.current_attachments().items())]

        columns = [PR_ATTACH_NUM, t.PR_INSTANCE_KEY, t.PR_RECORD_KEY, PR_RENDERING_POSITION,
                   PR_ATTACH_LONG_FILENAME, PR_ATTACH_METHOD, PR_ATTACH_SIZE]
        return _table(h.process, "attachment-table", h.session, h.logon,
                      Table(rows, columns, _unicode(flags), truncate=True))

    @api
    def OpenAttach(self, attachmentNum: int, iid: Any, flags: int, /) -> PyIAttach:  # noqa: N802,N803
        num = attachmentNum
        msg = self._msg
        h = self._h
        _cost(h)
        attachment = msg.attachment(num)
        writable = opens_writable(flags, msg.view.writable and not msg.submitted and not msg.closed)
        return wrap(PyIAttach, h.process, "attachment", h.session, h.logon,  # type: ignore[return-value]
                    OpenAttachment(msg, attachment, writable, new=False))

    @api
    def CreateAttach(self, iid: Any, flags: int, /) -> list[Any]:  # noqa: N802
        msg = self._msg
        h = self._h
        _cost(h)
        num = msg.new_attachment_number()
        attachment = Attachment(num, {PR_ATTACH_METHOD >> 16: (PR_ATTACH_METHOD, ATTACH_BY_VALUE),
                                      PR_RENDERING_POSITION >> 16: (PR_RENDERING_POSITION, -1)})
        obj = wrap(PyIAttach, h.process, "attachment", h.session, h.logon, OpenAttachment(msg, attachment, True, True))
        return [num, obj]

    @api
    def DeleteAttach(self, attachmentNum: int, ulUIParam: int, interface: Any, flags: int, /) -> None:  # noqa: N802,N803
        num = attachmentNum
        _cost(self._h)
        self._msg.delete_attachment(num)
        return None

    @api
    def GetRecipientTable(self, flags: int, /) -> Any:  # noqa: N802
        h = self._h
        _cost(h)
        msg = self._msg
        columns = [t.PR_ROWID, t.PR_DISPLAY_NAME, t.PR_EMAIL_ADDRESS, t.PR_ADDRTYPE, PR_RECIPIENT_TYPE,
                   t.PR_ENTRYID, t.PR_OBJECT_TYPE, t.PR_DISPLAY_TYPE, t.PR_SEARCH_KEY]
        return _table(h.process, "table", h.session, h.logon,
                      Table(lambda: list(msg.current_recipients()), columns, _unicode(flags), truncate=True))

    @api
    def ModifyRecipients(self, flags: int, mods: list[list[tuple[int, Any]]], /) -> None:  # noqa: N802
        self._msg.modify_recipients(flags, mods)
        return None

    @api
    def SubmitMessage(self, flags: int, /) -> None:  # noqa: N802
        msg = self._msg
        h = self._h
        msg.require_writable()
        if isinstance(msg, EmbeddedMessage):  # inferred: only a message in a folder is sent
            raise fail("MAPI_E_NO_SUPPORT", detail="an embedded message cannot be submitted; submit the message "
                                                   "it is attached to")
        if not msg.current_recipients():
            raise fail("MAPI_E_NO_RECIPIENTS", detail="the message has no recipients")
        _cost(h)
        msg.save(0)
        session = h.session
        if session is None:
            raise fail("MAPI_E_NO_SUPPORT", detail="no session to submit from")
        submit(h.process.runtime.server, msg.message, session.account)
        msg.submitted = True
        return None


# =========================================================================================
class PyIAttach(PyIMAPIProp):
    __slots__ = ()

    @property
    def _att(self) -> OpenAttachment:
        return self._h.data  # type: ignore[no-any-return]

    def _make_view(self) -> PropObject:
        return self._att.view

    def _commit(self, view: PropObject, flags: int) -> None:
        _cost(self._h)
        self._att.save(flags)

    def _open_object(self, tag: int, iid: Any, flags: int) -> PyIUnknown | None:
        """PR_ATTACH_DATA_OBJ as IID_IMessage: the attachment's embedded message (client/embedded.py;
        MS-OXCMSG 2.2.3.16 RopOpenEmbeddedMessage); as IID_IStorage: its OLE storage
        (client/storage.py). Read-only unless ``flags`` has MAPI_MODIFY, MAPI_CREATE or
        MAPI_BEST_ACCESS on a writable attachment."""
        if tag != PR_ATTACH_DATA_OBJ or iid not in (IID_IMessage, IID_IStorage):
            return None
        att = self._att
        writable = bool(flags & (MAPI_MODIFY | MAPI_CREATE)) or bool(flags & MAPI_BEST_ACCESS) and att.view.writable
        h = self._h
        _cost(h)
        if iid == IID_IStorage:  # an OLE attachment's storage (client/storage.py)
            return wrap(PyIStorage, h.process, "storage", h.session, h.logon,
                        open_attachment_storage(att, flags, writable))
        return wrap(PyIEmbeddedMessage, h.process, "message", h.session, h.logon, open_embedded(att, flags, writable))


class PyIEmbeddedMessage(PyIMessage):
    """The IMessage of an embedded-message attachment: named properties are those of the
    message it is in (its store's, or a message file's)."""

    __slots__ = ()

    def _names(self) -> NameMap:
        msg = self._h.data
        assert isinstance(msg, EmbeddedMessage)
        return msg.message.store.names


# pywin32 wraps it as any IID_IMessage object (PyCom_PyObjectFromIUnknown): its type is PyIMessage
PyIEmbeddedMessage.__name__ = PyIEmbeddedMessage.__qualname__ = "PyIMessage"


# =========================================================================================
