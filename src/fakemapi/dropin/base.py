"""The wrapper base: every interface method goes through :func:`api`, which checks that the
object still works, turns model errors into ``pywintypes.com_error``, and writes the trace."""

from __future__ import annotations

import os
import types
from typing import Any, Callable, TypeVar

from fakemapi.client.objects import Handle
from fakemapi.client.process import ClientProcess
from fakemapi.client.runtime import Runtime
from fakemapi.dropin.parse import conversion, python_signature
from fakemapi.dropin.pytypes import com_error, make_com_error
from fakemapi.dropin.signatures import SIGNATURES, Signature
from fakemapi.hresult import MapiError, name_of

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")

#: types whose values the trace must not keep as they are: every wrapper class (registered as
#: it is defined), the mutable containers a program may change after the call (list, dict,
#: bytearray, memoryview: a buffer argument) and functions (advise callbacks)
_SPECIAL: set[type] = {list, dict, bytearray, memoryview, types.FunctionType, types.MethodType}
#: the wrapper classes alone (a result of one of them is traced by label)
_WRAPPERS: set[type] = set()
#: what argument parsing (and pywin32's helpers) can raise besides com_error
PARSE_ERRORS = (TypeError, ValueError, OverflowError, SystemError, com_error)
#: results with more items than this are kept in the trace as their size only
_KEEP_ITEMS = 8
#: buffers longer than this (a stream's Write) are kept in the trace as their size only: the
#: trace keeps thousands of calls, and a program writing a large attachment in 1 MB pieces
#: would otherwise keep every piece alive
_KEEP_BYTES = 4096


def keep(value: Any) -> Any:
    """A value as the trace keeps it: interface objects by label (the trace must not keep them
    alive), callbacks by name, mutable containers and buffers copied (the program may change
    them after the call), their items kept the same way; everything else as it is."""
    if isinstance(value, PyIUnknown):
        return f"<{value._h.label}>"
    if isinstance(value, (types.FunctionType, types.MethodType)):
        # an advise callback: by name (kept, a closure over a store would pin its logon)
        return f"<function {value.__qualname__}>"
    if isinstance(value, list):
        return [keep(v) for v in value]  # a copy: the program may change its list afterwards
    if isinstance(value, dict):
        return {k: keep(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            size = len(value) if not isinstance(value, memoryview) else value.nbytes
            if size > _KEEP_BYTES:
                return f"bytes[{size}]"
            return bytes(value)
        except ValueError:  # a released memoryview
            return repr(value)
    if isinstance(value, tuple) and not _SPECIAL.isdisjoint(map(type, value)):
        return type(value)(keep(v) for v in value)
    return value


def _keep_args(args: tuple[Any, ...]) -> tuple[Any, ...]:
    if _SPECIAL.isdisjoint(map(type, args)):
        return args
    return _kept(args)


def _kept(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Every argument as the trace keeps it (see :func:`keep`)."""
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


def _failed(rt: Runtime, h: Handle, name: str, args: tuple[Any, ...], err: BaseException,
            in_body: bool) -> BaseException:
    """Trace a call that failed and give the exception the caller gets: com_error for a model
    error (remembered for GetLastError when the body raised it), the parse error as it is."""
    if isinstance(err, MapiError):
        if in_body:
            err.__traceback__ = None  # kept by GetLastError: it must not keep frames alive
            if h.session is not None:
                h.session.remember(err)
        record(rt, h.process.name, h.label, name, args, None, err, h)
        return make_com_error(err.hr)
    record(rt, h.process.name, h.label, name, args, None, err, h)
    return err.with_traceback(None)


def _dead(rt: Runtime, h: Handle, name: str, args: tuple[Any, ...]) -> BaseException:
    """The object no longer works (R8, R9, R12): every call raises its HRESULT."""
    record(rt, h.process.name, h.label, name, args, None,
           MapiError(h.dead, detail="the object no longer works"), h)
    return make_com_error(h.dead)


class _Missing:
    """The default of a generated method's parameters: the caller passed fewer arguments."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()
#: parameters a generated method has beyond the signature's most: a call with up to this many
#: arguments too many still gets pywin32's message ("takes at most 2 arguments (5 given)")
_SPARE = 8

# The method a signature-table entry makes (see :func:`api`). The arguments arrive as positional
# parameters (a call to a plain function of fixed parameters is the cheapest call CPython makes:
# no tuple of arguments, no separate parser to call), the conversion statements of
# fakemapi.dropin.parse run inline, and the body is called with the converted values.
_METHOD = """\
def {name}(self, {params}, /):
    h = self._h
    proc = h.process
    rt = proc.runtime
    failure = None
    with rt.lock:
        try:
{count}
{convert}
        except PARSE_ERRORS as err:
            failure = failed(rt, h, name, args, err, False)
        else:
            if h.dead:
                failure = dead(rt, h, name, args)
            else:
                try:
                    if rt.faults.armed:
                        rt.faults.check(name, h.label, h.kind, args, proc.name)
                    result = fn(self{values})
                except PARSE_ERRORS as err:
                    failure = failed(rt, h, name, args, err, True)
                else:
                    notifier = rt.notifier
                    if notifier.dirty or notifier.scheduled:
                        notifier.after_call()
                    # the success's trace row (the hot path: written here, no call of its own)
                    kind = type(result)
                    where = h
                    if kind in special:
                        if kind in wrappers:  # an interface object: by label, on the logon it pins (a store: its own)
                            rh = result._h
                            if rh.logon is not None:
                                where = rh
                            kept = "<" + rh.label + ">"
                        else:
                            kept = keep(result)
                    else:
                        # a long result (rows of a table) is kept as its size: the trace must stay small
                        kept = result if kind is not tuple or len(result) <= {keep_items} else "tuple[%d]" % len(result)
                    trace = rt.trace
                    cells = trace.cells  # one entry's fields after the last's (fakemapi.trace)
                    cells.extend((rt.clock.now_us, proc.name, h.label, name, args if plain else keep_args(args), kept,
                                  None, where.connection_id, where.logon_id))
                    if len(cells) > trace.high:
                        trace.trim()  # the window is full: the older half goes into the totals
                    return result
    # Raised here, outside the except blocks and with this frame's objects dropped: an error the
    # caller keeps must not keep the object (and its logon) alive, as pywin32's errors, which
    # have no Python frames, do not.
    del self, h, args, proc, rt, {params_del}
    failure.__context__ = None
    try:
        raise failure
    finally:
        del failure  # no cycle error -> traceback -> this frame -> error
"""


def _count(values: tuple[Any, ...]) -> int:
    """How many of a generated method's parameters the caller passed."""
    n = 0
    for value in values:
        if value is _MISSING:
            break
        n += 1
    return n


def _generated(fn: Callable[..., Any], sig: Signature) -> Callable[..., Any]:
    """The method for a signature-table entry (see :data:`_METHOD`)."""
    conv = conversion(sig)
    low, high = conv.low, conv.high
    slots = high + _SPARE
    params = [f"a{i}" for i in range(slots)]
    given = ", ".join(params[:high]) + ("," if high == 1 else "")
    ind = " " * 12
    # raw arguments the trace may not keep as they are (objects, lists): on the common path
    # only those of "O" codes can be one (every other code accepts numbers, text or buffers only)
    objects = [i for i, code in enumerate(conv.codes) if code == "O"]
    tests = [f"type({params[i]}) in special" for i in objects]
    # a buffer argument (a stream's Write) may be too long to keep as it is
    tests += [f"(type({params[i]}) is bytes and len({params[i]}) > {_KEEP_BYTES})"
              for i, arg in enumerate(sig.args) if arg.helper == "buffer"]
    plain = " or ".join(tests)
    count = [f"{ind}if {params[high]} is missing and " + (f"{params[high - 1]} is not missing:" if high else "True:"),
             f"{ind}    # the common call: every argument the signature has, no more",
             f"{ind}    n = {high}",
             f"{ind}    args = ({given})",
             f"{ind}    plain = " + (f"not ({plain})" if plain else "True"),
             f"{ind}else:",
             f"{ind}    n = count(({', '.join(params)},))",
             f"{ind}    args = ({', '.join(params)},)[:n]",
             f"{ind}    plain = special.isdisjoint(map(type, args))" + "".join(
                 f" and not (n > {i} and type({params[i]}) is bytes and len({params[i]}) > {_KEEP_BYTES})"
                 for i, arg in enumerate(sig.args) if arg.helper == "buffer"),
             f"{ind}    if n < {low} or n > {high}: raise arity(fname, {low}, {high}, n)"]
    count += [f"{ind}    if n <= {i}: {params[i]} = defaults[{i - low}]" for i in range(low, high)]
    source = _METHOD.format(
        name=fn.__name__, params=", ".join(f"{p}=missing" for p in params),
        count="\n".join(count), convert="\n".join(f"{ind}{line}" for line in conv.lines) or f"{ind}pass",
        values="".join(f", {p}" for p in params[:high]), keep_items=_KEEP_ITEMS, params_del=", ".join(params))
    env: dict[str, Any] = dict(conv.env)
    env.update(missing=_MISSING, count=_count, defaults=conv.defaults, PARSE_ERRORS=PARSE_ERRORS + (MapiError,),
               failed=_failed, dead=_dead, fn=fn, name=fn.__name__, special=_SPECIAL, wrappers=_WRAPPERS, keep=keep,
               keep_args=_kept)
    # named as a file of this package, so that strict mode's creation sites and warnings skip
    # its frames as they skip every other frame of fakemapi
    where = os.path.join(os.path.dirname(__file__), f"<method {fn.__qualname__}>")
    exec(compile(source, where, "exec"), env)  # noqa: S102 - generated from the table's own data only
    method: Callable[..., Any] = env[fn.__name__]
    return method


def _generic(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The method for a body the table does not parse (pywin32 implements it in Python): the
    arguments go to the body as the caller passed them."""
    name = fn.__name__
    errors = PARSE_ERRORS + (MapiError,)

    def method(self: PyIUnknown, *args: Any) -> Any:
        h = self._h
        proc = h.process
        rt = proc.runtime
        failure: BaseException
        with rt.lock:
            if h.dead:
                failure = _dead(rt, h, name, args)
            else:
                try:
                    if rt.faults.armed:
                        rt.faults.check(name, h.label, h.kind, args, proc.name)
                    result = fn(self, *args)
                except errors as err:
                    failure = _failed(rt, h, name, args, err, True)
                else:
                    if rt.notifier.dirty or rt.notifier.scheduled:
                        rt.notifier.after_call()
                    record(rt, proc.name, h.label, name, args, result, None, h)
                    return result
        del self, h, args, proc, rt  # see _METHOD: the error must not keep the object alive
        failure.__context__ = None
        try:
            raise failure
        finally:
            del failure

    return method


def api(fn: Callable[..., R]) -> Callable[..., R]:
    """Decorate an interface method: argument parsing by the signature table (made here, once:
    see :data:`_METHOD`), liveness check, error conversion, trace. The body receives the parsed
    values."""
    sig = SIGNATURES.get(fn.__qualname__)
    if sig is not None and sig.unparsed:
        raise ValueError(f"{sig.call}: the table marks it unparsed, which only module functions can be")
    python_signature(fn.__qualname__, fn, True)
    method = _generic(fn) if sig is None or sig.python else _generated(fn, sig)
    method.__name__ = fn.__name__
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
        _WRAPPERS.add(cls)

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
                    freed = None
                else:
                    held = logon.alive
                    proc.release(h)
                    freed = "logon freed" if held and not logon.alive else None
                trace = rt.trace
                cells = trace.cells
                cells.extend((rt.clock.now_us, proc.name, h.label, "Release", (), freed, None, h.connection_id,
                              h.logon_id))
                if len(cells) > trace.high:
                    trace.trim()
        except Exception:  # noqa: BLE001 - never raise from a finalizer (interpreter shutdown)
            pass

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._h.label}>"

    def __dir__(self) -> list[str]:
        """The names the object has: not those pywin32 has and fakemapi lacks (see
        fakemapi.dropin.missing.mark_missing: reading one says so)."""
        from fakemapi.dropin.missing import visible

        return visible(type(self), super().__dir__())

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
_WRAPPERS.add(PyIUnknown)


def wrapper_classes() -> list[type[PyIUnknown]]:
    """Every wrapper class defined so far (PyIUnknown and its subclasses, depth first)."""
    found: list[type[PyIUnknown]] = []
    todo: list[type[PyIUnknown]] = [PyIUnknown]
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.append(cls)
            todo.extend(cls.__subclasses__())
    return found


def wrap(cls: type[PyIUnknown], process: ClientProcess, kind: str, session: Any, logon: Any,
         data: Any) -> PyIUnknown:
    """A new interface object of ``cls`` with a fresh handle (pins ``logon``; may raise R12)."""
    return cls(process.new_handle(kind, session, logon, data))
