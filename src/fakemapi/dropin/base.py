"""The wrapper base: every interface method goes through :func:`api`, which checks that the
object still works, turns model errors into ``pywintypes.com_error``, and writes the trace."""

from __future__ import annotations

import types
from typing import Any, Callable, TypeVar

from fakemapi.client.objects import Handle
from fakemapi.client.process import ClientProcess
from fakemapi.client.runtime import Runtime
from fakemapi.dropin.parse import parser_for, python_signature
from fakemapi.dropin.pytypes import com_error, make_com_error
from fakemapi.hresult import MapiError, name_of

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")

#: types whose values the trace must not keep as they are: every wrapper class (registered as
#: it is defined), list (mutable, may hold wrappers) and functions (advise callbacks)
_SPECIAL: set[type] = {list, types.FunctionType, types.MethodType}
#: what argument parsing (and pywin32's helpers) can raise besides com_error
PARSE_ERRORS = (TypeError, ValueError, OverflowError, SystemError, com_error)
#: results with more items than this are kept in the trace as their size only
_KEEP_ITEMS = 8


def keep(value: Any) -> Any:
    """A value as the trace keeps it: interface objects by label (the trace must not keep them
    alive), lists copied the same way; everything else as it is (immutable in practice)."""
    if isinstance(value, PyIUnknown):
        return f"<{value._h.label}>"
    if isinstance(value, (types.FunctionType, types.MethodType)):
        # an advise callback: by name (kept, a closure over a store would pin its logon)
        return f"<function {value.__qualname__}>"
    if isinstance(value, (list, tuple)) and not _SPECIAL.isdisjoint(map(type, value)):
        return type(value)(keep(v) for v in value)
    return value


def _keep_args(args: tuple[Any, ...]) -> tuple[Any, ...]:
    if _SPECIAL.isdisjoint(map(type, args)):
        return args
    return tuple(keep(v) for v in args)


def record(rt: Runtime, process: str, actor: str, call: str, args: tuple[Any, ...], result: Any,
           error: BaseException | None, handle: Handle | None) -> None:
    """One trace line for a call that failed, or for a module function's call."""
    logon = None
    if isinstance(result, PyIUnknown) and result._h.logon is not None:
        logon = result._h.logon
    elif handle is not None:
        logon = handle.logon
    if isinstance(error, MapiError):
        outcome, hr = "", name_of(error.hr)
        # kept (failures, GetLastError): without its frames, or those of an error it replaced,
        # which would keep the objects of the failed call alive in a reference cycle
        error.__traceback__ = error.__context__ = error.__cause__ = None
        rt.failures.append((actor, call, error))
    elif error is not None:
        outcome, hr = f"{type(error).__name__}: {error}", type(error).__name__
    else:
        outcome, hr = keep(result), None
    rt.trace.record(process, actor, call, _keep_args(args), outcome, hr,
                    logon.connection.id if logon is not None else None,
                    logon.logon_id if logon is not None else None)


def api(fn: Callable[..., R]) -> Callable[..., R]:
    """Decorate an interface method: argument parsing by the signature table (bound here, once),
    liveness check, error conversion, trace. The body receives the parsed values."""
    name = fn.__name__
    special = _SPECIAL
    parse = parser_for(fn.__qualname__)
    python_signature(fn.__qualname__, fn, True)

    def method(self: PyIUnknown, *args: Any) -> Any:
        h = self._h
        proc = h.process
        rt = proc.runtime
        failure: BaseException
        values: Any = ()
        with rt.lock:
            try:
                # pywin32 parses the arguments before MAPI sees the call (and its object)
                values = parse(args) if parse is not None else args
            except MapiError as err:
                record(rt, proc.name, h.label, name, args, None, err, h)
                failure = make_com_error(err.hr)
            except PARSE_ERRORS as err:
                record(rt, proc.name, h.label, name, args, None, err, h)
                failure = err.with_traceback(None)
            else:
                if h.dead:
                    gone = MapiError(h.dead, detail="the object no longer works")
                    record(rt, proc.name, h.label, name, args, None, gone, h)
                    failure = make_com_error(h.dead)
                else:
                    try:
                        if rt.faults.armed:
                            rt.faults.check(name, h.label, h.kind, args, proc.name)
                        result = fn(self, *values)
                    except MapiError as err:
                        err.__traceback__ = None  # kept by GetLastError: it must not keep frames alive
                        if h.session is not None:
                            h.session.remember(err)
                        record(rt, proc.name, h.label, name, args, None, err, h)
                        failure = make_com_error(err.hr)
                    except PARSE_ERRORS as err:
                        record(rt, proc.name, h.label, name, args, None, err, h)
                        failure = err.with_traceback(None)
                    else:
                        if rt.notifier.dirty or rt.notifier.scheduled:
                            rt.notifier.after_call()
                        # trace the success (the hot path: inlined, no call of its own)
                        out: Any = result
                        kind = type(out)
                        if kind in special:
                            if kind is list:
                                logon = h.logon
                                kept = keep(out)
                            else:  # an interface object: by label, on the logon it pins (a store: its own)
                                rh = out._h
                                logon = rh.logon if rh.logon is not None else h.logon
                                kept = f"<{rh.label}>"
                        else:
                            logon = h.logon
                            # a long result (rows of a table) is kept as its size: the trace must stay small
                            kept = (out if kind is not tuple or len(out) <= _KEEP_ITEMS
                                    else f"tuple[{len(out)}]")
                        trace = rt.trace
                        rows = trace.rows
                        rows.append((rt.clock.now_us, proc.name, h.label, name,
                                     args if special.isdisjoint(map(type, args)) else _keep_args(args),
                                     kept, None,
                                     logon.connection.id if logon is not None else None,
                                     logon.logon_id if logon is not None else None))
                        if len(rows) > trace.high:
                            trace.trim()  # the window is full: the older half goes into the totals
                        return result
        # Raised here, outside the except blocks and with this frame's objects dropped: an
        # error the caller keeps must not keep the object (and its logon) alive, as pywin32's
        # errors, which have no Python frames, do not.
        del self, h, args, values, proc, rt
        failure.__context__ = None
        try:
            raise failure
        finally:
            del failure  # no cycle error -> traceback -> this frame -> error

    method.__name__ = name
    method.__qualname__ = fn.__qualname__
    method.__doc__ = fn.__doc__
    method.__wrapped__ = fn  # type: ignore[attr-defined]
    return method


class PyIUnknown:
    """Base of every wrapper. Dropping the last Python reference releases the object (R6)."""

    __slots__ = ("_h", "__weakref__")
    #: the kind of handle this wrapper class stands for (set per class)
    _iid_name = "IID_IUnknown"

    def __init__(self, handle: Handle) -> None:
        self._h = handle

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _SPECIAL.add(cls)

    def __del__(self) -> None:
        try:
            h = self._h
            if h.released:
                return
            proc = h.process
            rt = proc.runtime
            with rt.lock:
                logon = h.logon
                if logon is None:
                    proc.release(h)
                    row: tuple[Any, ...] = (rt.clock.now_us, proc.name, h.label, "Release", (), None, None,
                                            None, None)
                else:
                    held = logon.alive
                    proc.release(h)
                    row = (rt.clock.now_us, proc.name, h.label, "Release", (),
                           "logon freed" if held and not logon.alive else None, None,
                           logon.connection.id, logon.logon_id)
                trace = rt.trace
                rows = trace.rows
                rows.append(row)
                if len(rows) > trace.high:
                    trace.trim()
        except Exception:  # noqa: BLE001 - never raise from a finalizer (interpreter shutdown)
            pass

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._h.label}>"

    def __getattr__(self, name: str) -> Any:
        """Only for names the class lacks: says whether pywin32 has the name (fakemapi.dropin.missing)."""
        from fakemapi.dropin.missing import class_attribute_error

        raise class_attribute_error(type(self), name)

    def __eq__(self, other: object) -> bool:
        """Equality compares the underlying object, as pywin32 compares IUnknown identity."""
        if not isinstance(other, PyIUnknown):
            return NotImplemented
        return self._h.data is other._h.data

    def __hash__(self) -> int:
        return id(self._h.data)

    @api
    def QueryInterface(self, iid: Any, useIID: Any, /) -> PyIUnknown:  # noqa: N802,N803
        from fakemapi.dropin.interfaces import query_interface

        return query_interface(self, iid)


_SPECIAL.add(PyIUnknown)


def wrap(cls: type[PyIUnknown], process: ClientProcess, kind: str, session: Any, logon: Any,
         data: Any) -> PyIUnknown:
    """A new interface object of ``cls`` with a fresh handle (pins ``logon``; may raise R12)."""
    return cls(process.new_handle(kind, session, logon, data))
