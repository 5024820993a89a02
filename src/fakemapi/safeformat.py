"""A small, safe subset of ``str.format`` for the templates of world and scenario files.

``str.format`` on live objects lets a file reach any attribute (``{org.__class__...__globals__}``)
and ask for any width (``{n:>999999999}``). Templates here may name only the fields the caller
offers, and only the attributes or keys the caller lists for each; format specs are the standard
mini-language with width and precision of at most :data:`MAX_WIDTH`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any, Callable

#: the widest field (and longest precision) a template may ask for
MAX_WIDTH = 100
#: [[fill]align][sign][z][#][0][width][grouping][.precision][type]
_SPEC = re.compile(r"(?:[^{}]?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[_,]?(?:\.(?P<precision>\d+))?[bcdeEfFgGnosxX%]?",
                   re.DOTALL)
_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([^\[\]]*)\]")


class TemplateError(ValueError):
    """A template that names something it may not, or asks for a format it may not."""


def check_spec(spec: str) -> None:
    """Refuse a format spec outside the standard mini-language, or wider than MAX_WIDTH."""
    m = _SPEC.fullmatch(spec)
    if m is None:
        raise TemplateError(f"format spec {spec!r} is not a format such as 03, >8 or x")
    for part in ("width", "precision"):
        text = m.group(part)
        if text and int(text) > MAX_WIDTH:
            raise TemplateError(f"format spec {spec!r} asks for a {part} of {int(text)}; at most {MAX_WIDTH}")


def format_value(value: Any, spec: str) -> str:
    """``format(value, spec)`` for a plain value (int, float, str, None) and a checked spec."""
    check_spec(spec)
    return _format(value, spec)


_PLAIN = (int, float, str, bool)


def _format(value: Any, spec: str) -> str:
    if value is not None and type(value) not in _PLAIN:
        raise TemplateError(f"cannot format a {type(value).__name__}")
    try:
        return format(value, spec)
    except (ValueError, TypeError) as exc:
        raise TemplateError(f"format spec {spec!r} does not fit {value!r} ({exc})") from None


def resolve(expr: str, fields: Mapping[str, Any], allowed: Mapping[str, frozenset[str]],
            lookup: Callable[[Any, str], Any] | None = None) -> Any:
    """The value of ``name.attr``, ``name[key]`` or ``name[key].attr``: only fields in ``fields``;
    only the attributes ``allowed[type name]`` lists (no underscores, no calls); ``[key]`` only
    through ``lookup``."""
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", expr)
    if m is None:
        raise TemplateError(f"{{{expr}}}: expected a field name such as n")
    name = m.group(0)
    if name not in fields:
        raise TemplateError(f"{{{expr}}}: unknown field {name!r}; expected one of {', '.join(fields)}")
    value = fields[name]
    rest = expr[m.end():]
    pos = 0
    while pos < len(rest):
        part = _PART.match(rest, pos)
        if part is None:
            raise TemplateError(f"{{{expr}}}: expected .attribute or [key] after {rest[:pos] or name!r}")
        attr, key = part.group(1), part.group(2)
        kind = type(value).__name__
        if attr is not None:
            names = allowed.get(kind, frozenset())
            if attr not in names:
                offer = f"; it has {', '.join(sorted(names))}" if names else ""
                raise TemplateError(f"{{{expr}}}: {attr!r} is not a field of {name}{rest[:pos]}{offer}")
            value = getattr(value, attr)
        else:
            if lookup is None:
                raise TemplateError(f"{{{expr}}}: [{key}] cannot be used here")
            value = lookup(value, key)
        pos = part.end()
    return value


def resolver(expr: str, allowed: Mapping[str, frozenset[str]],
             lookup: Callable[[Any, str], Any] | None = None) -> Callable[[Any], Any] | None:
    """:func:`resolve` for one ``expr``, parsed once: the result takes the field's value (the
    root name's) and follows the same attributes and keys under the same checks (an attribute
    only if ``allowed[type name]`` lists it for the value actually met). None when ``expr`` does
    not parse; the caller then uses :func:`resolve`, which says what is wrong."""
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", expr)
    if m is None:
        return None
    rest = expr[m.end():]
    path: list[tuple[str | None, str | None]] = []
    pos = 0
    while pos < len(rest):
        part = _PART.match(rest, pos)
        if part is None:
            return None
        path.append((part.group(1), part.group(2)))
        pos = part.end()
    if not path:
        return lambda value: value
    if any(attr is None for attr, _ in path) and lookup is None:
        return None
    steps = tuple(path)

    def follow(value: Any) -> Any:
        for attr, key in steps:
            if attr is not None:
                if attr not in allowed.get(type(value).__name__, ()):
                    raise _Refused
                value = getattr(value, attr)
            else:
                value = lookup(value, key)  # type: ignore[misc,arg-type]
        return value

    return follow


class _Refused(Exception):
    """A path :func:`resolver`'s fast walk does not take: :func:`resolve` then gives the error."""


#: raised by a :func:`resolver` walk that must fall back to :func:`resolve` for its error
Refused = _Refused


def format_checked(value: Any, spec: str) -> str:
    """:func:`format_value` for a spec :func:`check_spec` has already accepted."""
    return _format(value, spec)


def compile_template(text: str, names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], str]:
    """``text.format`` for the plain fields ``names`` only (no attributes, indexes or conversions;
    ``{{`` and ``}}`` for braces), checked once; the result renders it. Raises TemplateError."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateError(str(exc)) from None
    used: set[str] = set()
    for _literal, field, spec, conversion in parsed:
        if field is not None:
            if conversion is not None:
                raise TemplateError(f"{{{field}!{conversion}}}: conversions are not supported")
            if field not in names:
                shown = field or "{}"
                raise TemplateError(f"unknown field {shown!r}; expected {', '.join('{' + f + '}' for f in names)}")
            if spec and "{" in spec:
                raise TemplateError(f"{{{field}:{spec}}}: nested fields are not supported")
            check_spec(spec or "")
            used.add(field)
    needed = tuple(sorted(used))

    def render(fields: Mapping[str, Any]) -> str:
        # every field is a plain name with a checked spec, so str.format can reach nothing else, as
        # long as the values are plain too
        for name in needed:
            if fields[name] is not None and type(fields[name]) not in _PLAIN:
                raise TemplateError(f"cannot format a {type(fields[name]).__name__}")
        try:
            return text.format_map(fields)
        except (ValueError, TypeError) as exc:
            raise TemplateError(f"{text!r} does not fit its values ({exc})") from None

    return render


def expand(text: str, fields: Mapping[str, Any]) -> str:
    """``text.format(**fields)`` for plain fields only; raises TemplateError."""
    return compile_template(text, tuple(fields))(fields)
