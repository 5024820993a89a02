"""PyIMessage and PyIAttach over the open-object model of :mod:`fakemapi.client.messages`."""

from __future__ import annotations

from typing import Any

from fakemapi import tags as t
from fakemapi.client.messages import OpenAttachment, OpenMessage
from fakemapi.client.propobject import PropObject
from fakemapi.client.tables import Table
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.interfaces.common import (
    CLEAR_READ_FLAG,
    GENERATE_RECEIPT_ONLY,
    MAPI_MODIFY,
    _cost,
    _opt_iid,
    _unicode,
)
from fakemapi.dropin.interfaces.prop import PyIMAPIProp
from fakemapi.dropin.interfaces.table import _table
from fakemapi.dropin.shapes import (
    as_adrlist,
    as_int,
    as_ulong,
)
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
)
from fakemapi.world.store import Folder
from fakemapi.world.transport import submit


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
    def SetReadFlag(self, flags: Any, /) -> None:  # noqa: N802
        value = as_ulong(flags, "flags")
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
        return None

    @api
    def GetAttachmentTable(self, flags: Any, /) -> Any:  # noqa: N802
        flags = as_ulong(flags, "flags")
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
    def OpenAttach(self, attachmentNum: Any, iid: Any, flags: Any, /) -> PyIAttach:  # noqa: N802,N803
        num = as_ulong(attachmentNum, "attachmentNum")
        _opt_iid(iid)
        flags = as_ulong(flags, "flags")
        msg = self._msg
        h = self._h
        _cost(h)
        attachment = msg.attachment(num)
        writable = bool(flags & MAPI_MODIFY) and msg.view.writable and not msg.submitted
        return wrap(PyIAttach, h.process, "attachment", h.session, h.logon,  # type: ignore[return-value]
                    OpenAttachment(msg, attachment, writable, new=False))

    @api
    def CreateAttach(self, iid: Any, flags: Any, /) -> list[Any]:  # noqa: N802
        _opt_iid(iid)
        as_ulong(flags, "flags")
        msg = self._msg
        h = self._h
        _cost(h)
        num = msg.new_attachment_number()
        attachment = Attachment(num, {PR_ATTACH_METHOD >> 16: (PR_ATTACH_METHOD, ATTACH_BY_VALUE),
                                      PR_RENDERING_POSITION >> 16: (PR_RENDERING_POSITION, -1)})
        obj = wrap(PyIAttach, h.process, "attachment", h.session, h.logon, OpenAttachment(msg, attachment, True, True))
        return [num, obj]

    @api
    def DeleteAttach(self, attachmentNum: Any, ulUIParam: Any, interface: Any, flags: Any, /) -> None:  # noqa: N802,N803
        num = as_ulong(attachmentNum, "attachmentNum")
        as_int(ulUIParam, "ulUIParam")
        as_ulong(flags, "flags")
        _cost(self._h)
        self._msg.delete_attachment(num)
        return None

    @api
    def GetRecipientTable(self, flags: Any, /) -> Any:  # noqa: N802
        flags = as_ulong(flags, "flags")
        h = self._h
        _cost(h)
        msg = self._msg
        columns = [t.PR_ROWID, t.PR_DISPLAY_NAME, t.PR_EMAIL_ADDRESS, t.PR_ADDRTYPE, PR_RECIPIENT_TYPE,
                   t.PR_ENTRYID, t.PR_OBJECT_TYPE, t.PR_DISPLAY_TYPE, t.PR_SEARCH_KEY]
        return _table(h.process, "table", h.session, h.logon,
                      Table(lambda: list(msg.current_recipients()), columns, _unicode(flags), truncate=True))

    @api
    def ModifyRecipients(self, flags: Any, mods: Any, /) -> None:  # noqa: N802
        value = as_ulong(flags, "flags")
        rows = as_adrlist(mods)
        self._msg.modify_recipients(value, rows)
        return None

    @api
    def SubmitMessage(self, flags: Any, /) -> None:  # noqa: N802
        as_ulong(flags, "flags")
        msg = self._msg
        h = self._h
        msg.require_writable()
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


# =========================================================================================
