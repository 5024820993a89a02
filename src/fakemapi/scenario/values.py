"""Values in scenario steps: constants, bindings, templates, literals.

* An unquoted name, or names joined by ``|``, is a constant of pywin32's modules
  (``MAPI_BEST_ACCESS | MDB_NO_DIALOG``, ``exchange.IID_IExchangeManageStore``,
  ``CONNECT_USE_SEPARATE_CONNECTION``). An unquoted ALL-CAPS name nobody defines is an error;
  quote it for a string.
* ``$name`` is an object or value bound earlier with ``as: name``; ``$name.0.1`` (or
  ``$name[0][1]`` outside ``[...]`` lists) indexes it. Quoted or not, a whole string of this form
  is a binding (``"$store{n}"``: quote it where braces would confuse YAML).
* In any string, ``{n}``, ``{mailbox.dn}``, ``{servers[EX01].private_mdb_dn}``, ``{org.dn}`` are
  filled from the loop and the world (other braces, e.g. in a GUID, are left alone).
* Lists become tuples (pywin32 takes either); ``!!binary`` gives bytes.
* A string that starts with ``$b:`` is bytes: the rest, one byte per character (write other
  bytes as ``\\xNN`` in a double-quoted string): ``"$b:Mailbox - Alice"``, ``"$b:\\x00\\x01"``.
* A string that starts with ``$$`` is verbatim: the text after the ``$$``, with no binding,
  template or constant read into it (``"$$$5 off {n}"`` is the string ``$5 off {n}``).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from fakemapi.data.extra_constants import EXTRA_CONSTANTS
from fakemapi.data.iids import IIDS
from fakemapi.data.mapi_constants import MAPI_CONSTANTS
from fakemapi.data.mapitags_values import MAPITAGS
from fakemapi.hresult import CODES, signed
from fakemapi.safeformat import Refused, TemplateError, check_spec, format_checked, format_value, resolve, resolver

GLOBAL_PROFILE_SECTION = "{C8B0DB13-05AA-1A10-9BB0-00AA002FC45A}"

_NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?"
CONST_EXPR = re.compile(rf"^\s*{_NAME}(?:\s*\|\s*{_NAME})*\s*$")
BINDING = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_{}:]*)((?:\.-?[A-Za-z0-9_]+|\[[^\]]+\])*)$")
_INDEX = re.compile(r"\.(-?[A-Za-z0-9_]+)|\[([^\]]+)\]")
TEMPLATE = re.compile(r"\{((?:n|i|mailbox|servers|org|process)(?:[.\[][^{}:]*)?)(:[^{}]*)?\}")
CONTEXT_NAMES = ("n", "i", "mailbox", "servers", "org", "process")
#: the prefix of a verbatim string, and of a bytes value
VERBATIM = "$$"
BYTES_PREFIX = "$b:"


class ValueProblem(Exception):
    """A value the language cannot read; the loader adds where it is (``token``: the part of
    the text at fault, when it is one word)."""

    def __init__(self, message: str, token: str | None = None) -> None:
        super().__init__(message)
        self.token = token


def constant_table() -> dict[str, Any]:
    """Every name a scenario may use unquoted, bare and module-qualified."""
    from fakemapi.dropin.pytypes import IID

    table: dict[str, Any] = {}
    for name, value in MAPI_CONSTANTS.items():
        table[name] = value
        table[f"mapi.{name}"] = value
    for name, value in MAPITAGS.items():
        table.setdefault(name, value)
        table[f"mapitags.{name}"] = value
    for name, (guid, module) in IIDS.items():
        if module in ("mapi", "exchange"):
            table[name] = IID(guid)
            table[f"{module}.{name}"] = IID(guid)
    for name, value in EXTRA_CONSTANTS.items():
        table.setdefault(name, value)
        if name.startswith("OPENSTORE_"):
            table[f"exchange.{name}"] = value
    table["GLOBAL_PROFILE_SECTION"] = IID(GLOBAL_PROFILE_SECTION)
    table["pythoncom.IID_IStream"] = IID("{0000000C-0000-0000-C000-000000000046}")
    table["pythoncom.IID_IUnknown"] = IID("{00000000-0000-0000-C000-000000000046}")
    for name, value in CODES.items():
        table.setdefault(name, signed(value))
    return table


_CONSTANTS: dict[str, Any] = {}


def constants() -> dict[str, Any]:
    if not _CONSTANTS:
        _CONSTANTS.update(constant_table())
    return _CONSTANTS


def looks_constant(token: str) -> bool:
    bare = token.rsplit(".", 1)[-1]
    return bool(re.fullmatch(r"[A-Z][A-Z0-9_]*", bare)) and ("_" in bare or "." in token)


# --- compiled values: a function of the scope ---------------------------------------------
Scope = dict[str, Any]
Getter = Callable[[Scope], Any]


def compile_value(value: Any, plain: bool | Callable[[tuple[Any, ...]], bool],
                  path: tuple[Any, ...] = ()) -> Getter:
    """Compile one step value. ``plain`` says whether the YAML string at ``path`` was unquoted
    (a bool for a lone value, or a function of the path for nested lists and mappings)."""
    if isinstance(value, list):
        items = [compile_value(v, plain, path + (i,)) for i, v in enumerate(value)]
        return lambda scope: tuple(f(scope) for f in items)
    if isinstance(value, dict):
        pairs = [(k, compile_value(v, plain, path + (k,))) for k, v in value.items()]
        return lambda scope: {k: f(scope) for k, f in pairs}
    if not isinstance(value, str):
        return lambda scope: value
    if value.startswith("$"):
        if value.startswith(VERBATIM):
            text = value[len(VERBATIM):]
            return lambda scope: text
        if value.startswith(BYTES_PREFIX):
            data = bytes_literal(value)
            return lambda scope: data
    if callable(plain):
        plain = plain(path)
    m = BINDING.match(value)
    if m:
        return compile_binding(m.group(1), m.group(2))
    if plain:
        if CONST_EXPR.match(value):
            tokens = [tok.strip() for tok in value.split("|")]
            table = constants()
            known = [tok in table for tok in tokens]
            if all(known):
                if len(tokens) == 1:
                    const = table[tokens[0]]
                    return lambda scope: const
                total = 0
                for tok in tokens:
                    total |= table[tok]
                const_total = signed(total) if total >= 0x80000000 else total
                return lambda scope: const_total
            unknown = [tok for tok, ok in zip(tokens, known) if not ok]
            if len(tokens) > 1 or any(looks_constant(tok) for tok in unknown):
                from fakemapi.names import did_you_mean

                hint = did_you_mean(unknown[0], table)
                raise ValueProblem(f"unknown constant {unknown[0]!r}{hint} (quote it if you meant a string)",
                                   unknown[0])
    if "{" in value and TEMPLATE.search(value):
        return compile_template(value)
    return lambda scope: value


def bytes_literal(value: str) -> bytes:
    """``"$b:..."`` as bytes (characters U+0000 to U+00FF, one byte each)."""
    try:
        return value[len(BYTES_PREFIX):].encode("latin-1")
    except UnicodeEncodeError as exc:
        raise ValueProblem(f"a $b: value holds bytes: characters \\x00 to \\xff only; got {exc.object[exc.start]!r}"
                           ) from None


#: the attributes a template may read from each field (docs/scenarios.md, "Values"); nothing else
#: of the live objects is reachable
TEMPLATE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "MailboxView": frozenset({"alias", "dn", "display_name", "server", "server_dn", "mdb_dn", "smtp"}),
    "Server": frozenset({"name", "dn", "private_mdb_dn", "public_mdb_dn"}),
    "Organization": frozenset({"name", "site", "dn"}),
}
#: where each field is set, for the error when a template uses it elsewhere
_FIELD_SCOPE = {"n": "inside repeat or for_each", "i": "inside repeat or for_each",
                "mailbox": "inside for_each: mailboxes"}
#: the type each field holds, for checking a template when the file loads
_FIELD_TYPES = {"mailbox": "MailboxView", "org": "Organization"}


def _server_of(servers: Any, key: str) -> Any:
    if not isinstance(servers, dict):
        raise TemplateError(f"[{key}] cannot be used here")
    name = key.strip().strip("'\"")
    found = servers.get(name)
    if found is None:
        found = next((v for k, v in servers.items() if str(k).lower() == name.lower()), None)
    if found is None:
        raise TemplateError(f"no server {name!r} in the world (servers: {', '.join(map(str, servers))})")
    return found


def check_template_field(expr: str, spec: str) -> None:
    """Refuse, when the file loads, a field that names attributes the template language does not
    offer (``{org.__class__}``), or a format spec it does not take (``{n:>999999999}``)."""
    check_spec(spec)
    root = re.match(r"[A-Za-z_]+", expr)
    assert root is not None  # TEMPLATE only matches known names
    name, rest = root.group(0), expr[root.end():]
    if name == "servers":
        m = re.fullmatch(r"\[[^\[\]]+\](?:\.([A-Za-z_][A-Za-z0-9_]*))?", rest)
        if m is None:
            raise TemplateError(f"{{{expr}}}: expected {{servers[NAME].dn}} (or private_mdb_dn, public_mdb_dn, name)")
        attr = m.group(1)
        if attr is not None and attr not in TEMPLATE_ATTRIBUTES["Server"]:
            raise TemplateError(f"{{{expr}}}: {attr!r} is not a field of a server; it has "
                                f"{', '.join(sorted(TEMPLATE_ATTRIBUTES['Server']))}")
        return
    type_name = _FIELD_TYPES.get(name)
    if type_name is None:
        if rest:
            raise TemplateError(f"{{{expr}}}: {{{name}}} has no fields")
        return
    if rest:
        m = re.fullmatch(r"\.([A-Za-z_][A-Za-z0-9_]*)", rest)
        names = TEMPLATE_ATTRIBUTES[type_name]
        if m is None or m.group(1) not in names:
            raise TemplateError(f"{{{expr}}}: expected {{{name}.X}} with X one of {', '.join(sorted(names))}")


def compile_template(text: str) -> Getter:
    """A string with ``{n}``-style fields: checked now (names, attributes, format specs), filled
    from the scope when the step runs, through :mod:`fakemapi.safeformat` (no ``str.format`` on
    live objects)."""
    for m in TEMPLATE.finditer(text):
        try:
            check_template_field(m.group(1), (m.group(2) or ":")[1:])
        except TemplateError as exc:
            raise ValueProblem(f"cannot use {{{m.group(1)}{m.group(2) or ''}}}: {exc}") from None

    # split once into literal text and fields (expression, format spec, root name, as written)
    parts: list[str | tuple[str, str, str, str, Callable[[Any], Any] | None]] = []
    pos = 0
    for m in TEMPLATE.finditer(text):
        parts.append(text[pos:m.start()])
        expr = m.group(1)
        root = re.match(r"[A-Za-z_]+", expr)
        parts.append((expr, (m.group(2) or ":")[1:], root.group(0) if root else expr,
                      f"{{{expr}{m.group(2) or ''}}}", resolver(expr, TEMPLATE_ATTRIBUTES, _server_of)))
        pos = m.end()
    parts.append(text[pos:])

    def fields_of(scope: Scope) -> dict[str, Any]:
        fields = {k: scope.get(k) for k in CONTEXT_NAMES}
        if fields["process"] is None:
            fields["process"] = "main"  # the process outside any process: block (as the trace names it)
        return fields

    def render(scope: Scope) -> str:
        # each field: its path parsed once (safeformat.resolver, the same checks as resolve);
        # its spec checked once, above
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            expr, spec, name, shown, follow = part
            value = scope.get(name) if name in CONTEXT_NAMES else None
            if value is None and name == "process":
                value = "main"
            if value is None:
                where = _FIELD_SCOPE.get(name, "here")
                raise ValueProblem(f"cannot fill {shown} here: {{{name}}} is only set {where}")
            try:
                try:
                    if follow is None:
                        raise Refused
                    out.append(format_checked(follow(value), spec))
                except Refused:
                    out.append(format_value(resolve(expr, fields_of(scope), TEMPLATE_ATTRIBUTES, _server_of),
                                            spec))
            except TemplateError as exc:
                raise ValueProblem(f"cannot fill {shown} here: {exc}") from None
        return "".join(out)

    return render


def compile_name(text: str) -> Getter:
    """A binding name, possibly a template (``store{n}``)."""
    if "{" in text:
        return compile_template(text)
    return lambda scope: text


def compile_binding(name: str, indexes: str) -> Getter:
    name_of = compile_name(name)
    keys: list[Any] = []
    for dotted, bracketed in _INDEX.findall(indexes):
        raw = (dotted or bracketed).strip()
        keys.append(int(raw) if re.fullmatch(r"-?\d+", raw) else raw.strip("'\""))

    def get(scope: Scope) -> Any:
        bound = name_of(scope)
        vars_ = scope["vars"]
        if bound not in vars_:
            raise ValueProblem(f"${bound} is not bound (bind it with as: {bound})")
        value = vars_[bound]
        for key in keys:
            try:
                value = value[key]
            except (IndexError, KeyError, TypeError) as exc:
                raise ValueProblem(f"${bound}{indexes}: cannot index with {key!r} ({exc})") from None
        return value

    return get


def normalize(value: Any) -> Any:
    """Compare results as values: lists and tuples alike."""
    if isinstance(value, (list, tuple)):
        return tuple(normalize(v) for v in value)
    return value
