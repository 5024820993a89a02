"""The wrapper base: every interface method goes through :func:`api`, which checks that the
object still works, turns model errors into ``pywintypes.com_error``, and writes the trace."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from fakemapi.client.objects import Handle
from fakemapi.client.process import ClientProcess
from fakemapi.client.runtime import Runtime
from fakemapi.dropin.pytypes import make_com_error
from fakemapi.hresult import MapiError, name_of

F = TypeVar("F", bound=Callable[..., Any])

_SCALARS = (int, float, bool, type(None))


def short(value: Any) -> Any:
    """A value as the trace keeps it: small values as they are, objects by label, big ones
    summarized (the trace must not keep objects alive)."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, PyIUnknown):
        return f"<{value._h.label}>"
    if isinstance(value, bytes):
        return value if len(value) <= 48 else value[:8] + b"..." + value[-32:]
    if isinstance(value, str):
        return value if len(value) <= 48 else value[:45] + "..."
    if isinstance(value, (tuple, list)):
        if len(value) <= 4:
            return tuple(short(v) for v in value)
        return f"{type(value).__name__}[{len(value)}]"
    return repr(value)[:48]


def record(rt: Runtime, process: str, actor: str, call: str, args: tuple[Any, ...], result: Any,
           error: BaseException | None, handle: Handle | None) -> None:
    logon = None
    if isinstance(result, PyIUnknown) and result._h.logon is not None:
        logon = result._h.logon
    elif handle is not None:
        logon = handle.logon
    if isinstance(error, MapiError):
        outcome, hr = "", name_of(error.hr)
    elif error is not None:
        outcome, hr = f"{type(error).__name__}: {error}", type(error).__name__
    else:
        outcome, hr = short(result), None
    rt.trace.record(process, actor, call, tuple(short(a) for a in args), outcome, hr,
                    logon.connection.id if logon is not None else None,
                    logon.logon_id if logon is not None else None)


def api(fn: F) -> F:
    """Decorate an interface method: liveness check, error conversion, trace."""
    name = fn.__name__

    def method(self: PyIUnknown, *args: Any) -> Any:
        h = self._h
        proc = h.process
        rt = proc.runtime
        with rt.lock:
            if h.dead:
                err = MapiError(h.dead, detail="the object no longer works")
                record(rt, proc.name, h.label, name, args, None, err, h)
                raise make_com_error(h.dead)
            try:
                result = fn(self, *args)
            except MapiError as err:
                if h.session is not None:
                    h.session.remember(err)
                record(rt, proc.name, h.label, name, args, None, err, h)
                raise make_com_error(err.hr) from None
            except (TypeError, ValueError) as err:
                record(rt, proc.name, h.label, name, args, None, err, h)
                raise
            record(rt, proc.name, h.label, name, args, result, None, h)
            return result

    method.__name__ = name
    method.__qualname__ = fn.__qualname__
    method.__doc__ = fn.__doc__
    method.__wrapped__ = fn  # type: ignore[attr-defined]
    return method  # type: ignore[return-value]


class PyIUnknown:
    """Base of every wrapper. Dropping the last Python reference releases the object (R6)."""

    __slots__ = ("_h", "__weakref__")
    #: the kind of handle this wrapper class stands for (set per class)
    _iid_name = "IID_IUnknown"

    def __init__(self, handle: Handle) -> None:
        self._h = handle

    def __del__(self) -> None:
        try:
            h = self._h
            if h.released:
                return
            proc = h.process
            rt = proc.runtime
            with rt.lock:
                logon = h.logon
                held = logon is not None and logon.alive
                proc.release(h)
                freed = held and not logon.alive  # type: ignore[union-attr]
                rt.trace.record(proc.name, h.label, "Release", (), "logon freed" if freed else None, None,
                                logon.connection.id if logon is not None else None,
                                logon.logon_id if logon is not None else None)
        except Exception:  # noqa: BLE001 - never raise from a finalizer (interpreter shutdown)
            pass

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._h.label}>"

    def __eq__(self, other: object) -> bool:
        """Equality compares the underlying object, as pywin32 compares IUnknown identity."""
        if not isinstance(other, PyIUnknown):
            return NotImplemented
        return self._h.data is other._h.data

    def __hash__(self) -> int:
        return id(self._h.data)

    @api
    def QueryInterface(self, iid: Any, useIID: Any = None, /) -> PyIUnknown:  # noqa: N802,N803
        from fakemapi.dropin.interfaces import query_interface

        return query_interface(self, iid)


def wrap(cls: type[PyIUnknown], process: ClientProcess, kind: str, session: Any, logon: Any,
         data: Any) -> PyIUnknown:
    """A new interface object of ``cls`` with a fresh handle (pins ``logon``; may raise R12)."""
    return cls(process.new_handle(kind, session, logon, data))
