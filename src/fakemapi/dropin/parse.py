"""Turn a signature-table entry into a parser: one precompiled tuple of converters per call.

:func:`compile_parser` is run once per wrapped function (at class-definition or module-build
time); the parser it returns takes the positional arguments as the caller passed them and
returns the values the wrapped body receives (defaults filled in), or raises what pywin32
raises. Phase one applies the format codes to every argument (PyArg_ParseTuple), phase two the
helpers in argument order (the C code after the parse).
"""

from __future__ import annotations

import inspect
import os
import uuid
from collections.abc import Callable
from typing import Any

from fakemapi.data.iids import IIDS
from fakemapi.dropin import convert as c
from fakemapi.dropin.pytypes import make_com_error
from fakemapi.dropin.signatures import SIGNATURES, Signature, format_codes

MAPI_UNICODE = 0x80000000
Parser = Callable[[tuple[Any, ...]], Any]


def _entryid_none(value: Any) -> bytes | None:
    """OpenEntry: ``None`` (NULL) or bytes (PyBytes_Check), else TypeError."""
    if value is None:
        return None
    if not isinstance(value, bytes):
        raise TypeError("EntryID must be a string or None")
    return bytes(value)


def _entryid(value: Any) -> bytes:
    """DeleteFolder: bytes (PyBytes_Check) only."""
    if not isinstance(value, bytes):
        raise TypeError("EntryID must be a string")
    return bytes(value)


#: helper name -> converter of one value (the C code's call after PyArg_ParseTuple)
HELPERS: dict[str, Callable[[Any], Any]] = {
    "ulong": lambda v: v & 0xFFFFFFFF,
    "tags": c.as_tags,
    "props": c.as_props,
    "props_none": c.as_props_none,
    "prop": c.as_prop,
    "restriction": c.as_restriction,
    "sort": c.as_sort_order,
    "binarray": c.as_binary_array,
    "adrlist": c.as_adrlist,
    "nameids": c.as_nameids,
    "iid": c.as_iid,
    "iid_none": c.as_iid_none,
    "iid_seq_none": c.iid_sequence_none,
    "entryid_none": _entryid_none,
    "entryid": _entryid,
    "entryid_opt": c.entryid_or_none,
    "chars": lambda v: c.chars_text(v, False),
    "chars_none": lambda v: c.chars_text(v, True),
    "chars_bytes": lambda v: c.chars_bytes(v, False),
    "tchar": lambda v: c.wchar_text(v, False),
    "tchar_none": lambda v: c.wchar_text(v, True),
    "bool": c.is_true,
    "buffer": c.buffer_view,
    "ulong_ptr": c.as_ulong_ptr,
    "large": c.as_large_integer,
    "ularge": c.as_unsigned_long_long,
    "mapiinit": c.mapiinit,
    "nonzero": c.not_zero_bytes,
    "bstr_none": lambda v: c.bstr_text(v, True),
    "handle": c.as_handle,
}
#: helpers that need the call's MAPI_UNICODE bit: name -> none_ok
UNICODE_HELPERS: dict[str, bool] = {"mapistr": False, "mapistr_none": True}
#: IIDs the interface helpers name that the IID table lacks
_EXTRA_IIDS = {
    "IStream": uuid.UUID("{0000000C-0000-0000-C000-000000000046}"),
    "IUnknown": uuid.UUID("{00000000-0000-0000-C000-000000000046}"),
    # MAPIGuid.h: DEFINE_OLEGUID(IID_IMAPIProgress, 0x0002031F, 0, 0)
    "IMAPIProgress": uuid.UUID("{0002031F-0000-0000-C000-000000000046}"),
    # ObjIdl.h: IID_IStorage {0000000B-0000-0000-C000-000000000046}
    "IStorage": uuid.UUID("{0000000B-0000-0000-C000-000000000046}"),
    # ObjIdl.h: IID_ILockBytes {0000000A-0000-0000-C000-000000000046}
    "ILockBytes": uuid.UUID("{0000000A-0000-0000-C000-000000000046}"),
}


def iid_of(interface: str) -> uuid.UUID:
    if interface in _EXTRA_IIDS:
        return _EXTRA_IIDS[interface]
    return uuid.UUID(IIDS[f"IID_{interface}"][0])


def interface_converter(interface: str, none_ok: bool, instance_ok: bool) -> Callable[[Any], Any]:
    """PyCom_InterfaceFromPyInstanceOrObject (``instance_ok``) or PyCom_InterfaceFromPyObject
    (com/win32com/src/PyComHelpers.cpp:307, :331): None by ``none_ok``; another object's
    ``_oleobj_`` (instances only); then QueryInterface, whose failure is com_error
    E_NOINTERFACE."""
    iid = iid_of(interface)

    def convert(value: Any) -> Any:
        from fakemapi.dropin.base import PyIUnknown
        from fakemapi.dropin.interfaces.query import answers, query_interface

        if value is None:
            if none_ok:
                return None
            raise TypeError("None is not a valid interface object in this context")
        if not isinstance(value, PyIUnknown):
            if not instance_ok:
                raise ValueError(f"argument is not a COM object (got type={type(value).__name__})")
            inner = getattr(value, "_oleobj_", None)
            if inner is None:
                raise TypeError("The Python instance can not be converted to a COM object")
            if not isinstance(inner, PyIUnknown):
                raise ValueError(f"argument is not a COM object (got type={type(inner).__name__})")
            value = inner
        h = value._h
        if h.dead:
            raise make_com_error(h.dead)
        if answers(value, iid):
            return value
        from fakemapi.hresult import MapiError

        try:
            return query_interface(value, iid)
        except MapiError as err:
            raise make_com_error(err.hr) from None

    return convert


def _helper(name: str) -> Callable[[Any], Any]:
    kind, _, interface = name.partition(":")
    if interface:
        if kind not in ("if", "if_none", "ifo", "ifo_none"):
            raise ValueError(f"unknown interface helper {name!r}")
        return interface_converter(interface, kind.endswith("_none"), not kind.startswith("ifo"))
    return HELPERS[name]


def _arity_error(fname: str, low: int, high: int, given: int) -> TypeError:
    """CPython's message for a wrong argument count (Python/getargs.c vgetargs1_impl)."""
    bound = low if given < low else high
    word = "exactly" if low == high else ("at least" if given < low else "at most")
    name = f"{fname}()" if fname else "function"
    return TypeError(f"{name} takes {word} {bound} argument{'' if bound == 1 else 's'} ({given} given)")


#: inline expressions for the common case of a format code (the converter runs otherwise)
_FAST: dict[str, str] = {
    "l": "{v} if type({v}) is int and -2147483648 <= {v} <= 2147483647 else {f}({v}, fname, {p})",
    "i": "{v} if type({v}) is int and -2147483648 <= {v} <= 2147483647 else {f}({v}, fname, {p})",
    "k": "{v} if type({v}) is int and 0 <= {v} <= 4294967295 else {f}({v}, fname, {p})",
    "O": "{v}",
    "s#": "{v} if type({v}) is bytes else {f}({v}, fname, {p})",
}
#: inline expressions for helpers (the helper runs otherwise)
_FAST_HELPERS: dict[str, str] = {
    "ulong": "{v} & 0xFFFFFFFF",
    "iid_none": "None if {v} is None else {h}({v})",
    "tags": "{v} if type({v}) is tuple and not [t for t in {v} if type(t) is not int or not 0 <= t <= 4294967295]"
            " else {h}({v})",
    # ASCII text with no NUL is what MAPI reads back of it, through the MBCS code page too
    "chars": "{v} if type({v}) is str and {v}.isascii() and '\\0' not in {v} else {h}({v})",
    "chars_none": "{v} if type({v}) is str and {v}.isascii() and '\\0' not in {v} else {h}({v})",
    "tchar": "{v} if type({v}) is str and '\\0' not in {v} else {h}({v})",
    "tchar_none": "{v} if type({v}) is str and '\\0' not in {v} else {h}({v})",
}


class Conversion:
    """What :func:`conversion` makes of a signature: the statements that convert the values
    ``a0``, ``a1``, ... in place (defaults already filled in, ``n`` the count the caller
    passed), the names they need, and the argument counts."""

    __slots__ = ("lines", "env", "low", "high", "codes", "defaults")

    def __init__(self, lines: list[str], env: dict[str, Any], low: int, high: int, codes: list[str],
                 defaults: tuple[Any, ...]) -> None:
        self.lines = lines
        self.env = env
        self.low = low
        self.high = high
        self.codes = codes
        self.defaults = defaults


def conversion(sig: Signature) -> Conversion:
    """The conversion statements of one signature (see the module docstring): generated source,
    so that the common case of each argument is an inline type check and no call. Phase one
    applies the format codes to the arguments the caller passed (defaults are C values already:
    PyArg_ParseTuple never sees them), phase two the helpers in argument order."""
    codes, low = format_codes(sig.fmt)
    high = len(codes)
    defaults = tuple(a.default for a in sig.args[low:])
    env: dict[str, Any] = {"fname": sig.fname, "arity": _arity_error, "mapi_str": c.mapi_str}
    names = [f"a{i}" for i in range(high)]
    lines: list[str] = []
    for i, code in enumerate(codes):
        env[f"f{i}"] = c.FORMATS[code] if code in c.FORMATS else c.fmt_tuple(code[1:-1])
        expr = _FAST.get(code, "{f}({v}, fname, {p})").format(v=names[i], f=f"f{i}", p=i + 1)
        if code != "O":
            guard = "" if i < low else f"if n > {i}: "
            lines.append(f"{guard}{names[i]} = {expr}")
    unicode_at = next((i for i, a in enumerate(sig.args) if a.name == sig.unicode), None)
    for i, arg in enumerate(sig.args):
        if arg.helper is None:
            continue
        v = names[i]
        if arg.helper in UNICODE_HELPERS:
            wide = "False" if unicode_at is None else f"bool({names[unicode_at]} & 0x80000000)"
            lines.append(f"{v} = mapi_str({v}, {wide}, {UNICODE_HELPERS[arg.helper]})")
            continue
        env[f"h{i}"] = _helper(arg.helper)
        expr = _FAST_HELPERS.get(arg.helper, "{h}({v})").format(v=v, h=f"h{i}")
        lines.append(f"{v} = {expr}")
    return Conversion(lines, env, low, high, codes, defaults)


def compile_parser(sig: Signature) -> Parser:
    """The parser for one signature: takes the positional arguments as the caller passed them
    and returns the values the wrapped body receives (defaults filled in), or raises what
    pywin32 raises."""
    if sig.python:
        return lambda args: args
    if sig.unparsed:
        return lambda args: ()
    conv = conversion(sig)
    low, high = conv.low, conv.high
    env = dict(conv.env, defaults=conv.defaults)
    names = [f"a{i}" for i in range(high)]
    lines = ["def parse(args):", "    n = len(args)"]
    if low == high:
        lines.append(f"    if n != {high}: raise arity(fname, {low}, {high}, n)")
    else:
        lines.append(f"    if n < {low} or n > {high}: raise arity(fname, {low}, {high}, n)")
        lines.append(f"    if n < {high}: args = args + defaults[n - {low}:]")
    if names:
        lines.append(f"    {', '.join(names)}{',' if high == 1 else ''} = args")
    lines += [f"    {line}" for line in conv.lines]
    lines.append(f"    return ({', '.join(names)}{',' if high == 1 else ''})")
    where = os.path.join(os.path.dirname(__file__), f"<parser {sig.call}>")  # a file of the package
    exec(compile("\n".join(lines), where, "exec"), env)  # noqa: S102 - generated from the table's own data only
    parse: Parser = env["parse"]
    parse.__doc__ = f"Parse the arguments of {sig.call} ({sig.fmt!r}, {sig.source})."
    return parse


def parser_for(call: str) -> Parser | None:
    """The parser for ``call``, or None when the table has no entry for it yet."""
    sig = SIGNATURES.get(call)
    return None if sig is None else compile_parser(sig)


def python_signature(call: str, fn: Callable[..., Any], method: bool) -> None:
    """Give ``fn`` (a wrapped body) the table's signature as its ``__signature__``: positional-only
    parameters with pywin32's defaults, so ``inspect.signature`` (and the scenario loader's
    arity check) sees what pywin32 accepts."""
    sig = SIGNATURES.get(call)
    if sig is None:
        return
    kind = inspect.Parameter.POSITIONAL_ONLY
    params = [inspect.Parameter("self", kind)] if method else []
    params += [inspect.Parameter(a.name, kind, default=a.default if a.optional else inspect.Parameter.empty)
               for a in sig.args]
    fn.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
