"""PyIMAPIStatus (PyIMAPIStatus.i): ValidateState, SettingsDialog, ChangePassword, FlushQueues
on the status objects of fakemapi.client.status; properties as any PyIMAPIProp."""

from __future__ import annotations

from fakemapi.client.propobject import PropObject
from fakemapi.client.status import (
    STATUS_CHANGE_PASSWORD,
    STATUS_FLUSH_QUEUES,
    STATUS_SETTINGS_DIALOG,
    STATUS_VALIDATE_STATE,
    StatusObject,
    status_rows,
)
from fakemapi.dropin.base import api
from fakemapi.dropin.interfaces.prop import PyIMAPIProp


class PyIMAPIStatus(PyIMAPIProp):
    __slots__ = ()
    _iid_name = "IID_IMAPIStatus"

    @property
    def _status(self) -> StatusObject:
        return self._h.data  # type: ignore[no-any-return]

    def _make_view(self) -> PropObject:
        obj = self._status
        session = self._h.session
        rows = status_rows(session) if session is not None else []
        bag = rows[obj.index] if obj.index < len(rows) else {}
        return PropObject(bag, writable=False)

    @api
    def ValidateState(self, ulUIParam: int, ulFlags: int, /) -> None:  # noqa: N802,N803
        """PyIMAPIStatus.i:51, (ULONG ulUIParam, ULONG ulFlags)."""
        self._status.require(STATUS_VALIDATE_STATE, "ValidateState")
        return None

    @api
    def SettingsDialog(self, ulUIParam: int, ulFlags: int, /) -> None:  # noqa: N802,N803
        """PyIMAPIStatus.i:46, (ULONG ulUIParam, ULONG ulFlags). No dialog is shown."""
        self._status.require(STATUS_SETTINGS_DIALOG, "SettingsDialog")
        return None

    @api
    def ChangePassword(self, oldPassword: str, newPassword: str, ulFlags: int, /) -> None:  # noqa: N802,N803
        """PyIMAPIStatus.i:41, (TCHAR *old, TCHAR *new, ULONG ulFlags)."""
        self._status.require(STATUS_CHANGE_PASSWORD, "ChangePassword")
        return None

    @api
    def FlushQueues(self, uiparam: int, entryID: bytes | None, flags: int, /) -> None:  # noqa: N802,N803
        """PyIMAPIStatus.i:70, "lz#l": a ULONG, bytes / str / None (the transport), a ULONG."""
        self._status.require(STATUS_FLUSH_QUEUES, "FlushQueues")
        return None
