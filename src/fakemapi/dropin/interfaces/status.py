"""PyIMAPIStatus (PyIMAPIStatus.i): ValidateState, SettingsDialog, ChangePassword, FlushQueues
on the status objects of fakemapi.client.status; properties as any PyIMAPIProp."""

from __future__ import annotations

from typing import Any

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
from fakemapi.dropin.shapes import as_int, as_text, as_ulong


def _as_long(value: Any, what: str) -> int:
    number = as_int(value, what)
    if not -0x80000000 <= number <= 0x7FFFFFFF:
        raise OverflowError("Python int too large to convert to C long")
    return number


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
    def ValidateState(self, ulUIParam: Any, ulFlags: Any, /) -> None:  # noqa: N802,N803
        """PyIMAPIStatus.i:51, (ULONG ulUIParam, ULONG ulFlags)."""
        as_ulong(ulUIParam, "ulUIParam")
        as_ulong(ulFlags, "ulFlags")
        self._status.require(STATUS_VALIDATE_STATE, "ValidateState")
        return None

    @api
    def SettingsDialog(self, ulUIParam: Any, ulFlags: Any, /) -> None:  # noqa: N802,N803
        """PyIMAPIStatus.i:46, (ULONG ulUIParam, ULONG ulFlags). No dialog is shown."""
        as_ulong(ulUIParam, "ulUIParam")
        as_ulong(ulFlags, "ulFlags")
        self._status.require(STATUS_SETTINGS_DIALOG, "SettingsDialog")
        return None

    @api
    def ChangePassword(self, oldPassword: Any, newPassword: Any, ulFlags: Any, /) -> None:  # noqa: N802,N803
        """PyIMAPIStatus.i:41, (TCHAR *old, TCHAR *new, ULONG ulFlags)."""
        as_text(oldPassword, "oldPassword")
        as_text(newPassword, "newPassword")
        as_ulong(ulFlags, "ulFlags")
        self._status.require(STATUS_CHANGE_PASSWORD, "ChangePassword")
        return None

    @api
    def FlushQueues(self, uiparam: Any, entryID: Any, flags: Any, /) -> None:  # noqa: N802,N803
        """PyIMAPIStatus.i:70, "lz#l": a long, bytes / str / None (the transport), a long."""
        _as_long(uiparam, "uiparam")
        if entryID is not None and not isinstance(entryID, (bytes, bytearray, str)):
            raise TypeError(f"argument 2 must be str, bytes-like or None, not {type(entryID).__name__}")
        _as_long(flags, "flags")
        self._status.require(STATUS_FLUSH_QUEUES, "FlushQueues")
        return None
