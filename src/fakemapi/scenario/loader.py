"""Scenario files (schema version 1): YAML in, a checked :class:`Scenario` out, or a
:class:`ScenarioError` naming the file, line, column and what was expected.

Calls are checked before anything runs: the actor must be a module (``mapi``, ``exchange``,
``mapiutil``, ``mapitags``) or a name bound earlier with ``as:``; the method must exist for the
scenario's flavor (and on the bound object's interface, where the loader can tell it); the
number of arguments must fit pywin32's signature; every unquoted constant must exist.
"""

from __future__ import annotations

import inspect
import os
import re
from typing import Any, Callable

from fakemapi.dropin import interfaces
from fakemapi.dropin.functions import EXCHANGE_X86_FUNCTIONS, MAPI_FUNCTIONS
from fakemapi.dropin.modules import modules
from fakemapi.scenario.faults import FAULT_KEYS, FaultSpec, FaultStep
from fakemapi.scenario.model import SCHEMA_VERSION, Scenario
from fakemapi.scenario.steps import (
    EVENT_NAMES,
    AdviseStep,
    CallStep,
    CheckStep,
    Expect,
    ForEachStep,
    ProcessStep,
    ReleaseStep,
    RepeatStep,
    Step,
    ThreadsStep,
    Where,
)
from fakemapi.scenario.values import (
    BINDING,
    BYTES_PREFIX,
    VERBATIM,
    ValueProblem,
    compile_binding,
    compile_name,
    compile_value,
    constants,
)
from fakemapi.trace import DEFAULT_TRACE_SIZE, parse_size
from fakemapi.world.loader import WorldError, _Builder, load_file
from fakemapi.world.model import World
from fakemapi.yamlsrc import Located, Path, SourceError, parse, read_text


class ScenarioError(SourceError):
    """A scenario file that cannot be run as written."""

    default_source = "<scenario>"


#: the most steps (calls, releases, checks, loops counted out) one scenario may run
MAX_STEPS = 1_000_000
MODULE_ACTORS = ("mapi", "exchange", "mapiutil", "mapitags")
CHECK_KEYS = ("logons", "connections", "logon_ids", "live_objects", "time_ms", "init_count",
              "connection", "no_leaks", "server_sessions", "notifications")
PY_ERRORS = ("TypeError", "ValueError", "AttributeError", "NotImplementedError", "OverflowError")
EXPECT_KEYS = ("error", "value", "first", "len", "type", "warning", "at", "objects")
CONNECTION_KEYS = ("id", "logons", "logon_ids", "server", "separate", "user")
FOREACH_KEYS = ("alias", "server", "rights", "display_name", "dn", "smtp")

#: what a call returns, where the loader can tell (for checking later calls on the binding)
RESULT_TYPES: dict[str, str] = {
    "MAPILogonEx": "PyIMAPISession", "MAPIAdminProfiles": "PyIProfAdmin", "OpenMsgStore": "PyIMsgStore",
    "GetMsgStoresTable": "PyIMAPITable", "GetStatusTable": "PyIMAPITable", "GetContentsTable": "PyIMAPITable",
    "GetHierarchyTable": "PyIMAPITable", "GetProfileTable": "PyIMAPITable", "GetMsgServiceTable": "PyIMAPITable",
    "GetReceiveFolderTable": "PyIMAPITable", "OpenProfileSection": "PyIProfSect",
    "AdminServices": "PyIMsgServiceAdmin", "OpenAddressBook": "PyIAddrBook",
    "HrOpenExchangePrivateStore": "PyIMsgStore", "HrOpenExchangePublicStore": "PyIMsgStore",
    "HrMailboxLogon": "PyIMsgStore", "HrMAPIOpenFolderEx": "PyIMAPIFolder",
    "CreateMessage": "PyIMessage", "CreateFolder": "PyIMAPIFolder", "OpenAttach": "PyIAttach",
    "GetAttachmentTable": "PyIMAPITable", "GetRecipientTable": "PyIMAPITable",
}


_CLASSES: dict[str, type] = {}


def _classes() -> dict[str, type]:
    """Every pywin32 interface type the drop-in layer has, by name (PyIMAPISession, PyIMessage, ...)."""
    if not _CLASSES:
        import importlib

        from fakemapi.dropin.base import PyIUnknown

        for module in ("fakemapi.dropin.interfaces",):
            try:
                importlib.import_module(module)
            except ImportError:  # a layer this version does not have
                pass
        todo: list[type] = [PyIUnknown]
        while todo:
            cls = todo.pop()
            if not cls.__name__.startswith("_"):
                _CLASSES.setdefault(cls.__name__, cls)
            todo.extend(cls.__subclasses__())
    return _CLASSES


def _arity(fn: Callable[..., Any]) -> tuple[int, int | None]:
    target = getattr(fn, "__wrapped__", fn)
    params = list(inspect.signature(target).parameters.values())
    if params and params[0].name == "self":
        params = params[1:]
    low = sum(1 for p in params if p.default is inspect.Parameter.empty
              and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    high: int | None = sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        high = None
    return low, high


def load_scenario(path: str) -> Scenario:
    """Read and check one scenario file."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path: expected a path to a scenario file, got {path!r}")
    path = os.fspath(path)
    if isinstance(path, bytes):
        raise TypeError(f"path: expected a path to a scenario file (str), got {path!r}")
    text = read_text(path, ScenarioError, "scenario file")
    data, located = parse(text, path, ScenarioError, "expected a mapping with schema_version: 1 and steps")
    return _Loader(located, path).scenario(data)


class _Loader:
    def __init__(self, located: Located, path: str) -> None:
        self.loc = located
        self.path = path
        self.flavor = "x64"
        #: names bound so far, in document order (templates as regexes)
        self.bound: list[tuple[re.Pattern[str], str | None]] = []
        #: lower-case server names of the scenario's world (for server_down / server_up)
        self.servers: set[str] = set()

    def fail(self, message: str, path: Path, *, at_key: bool = False) -> ScenarioError:
        """The error at ``path`` (at its key, for an unknown key)."""
        err = self.loc.error(message, path, at_key=at_key)
        assert isinstance(err, ScenarioError)
        return err

    def where(self, path: Path, text: str) -> Where:
        line, col = self.loc.where(path)
        return Where(self.path, line, col, text)

    # --- top level ------------------------------------------------------------------------
    def scenario(self, data: Any) -> Scenario:
        allowed = ("schema_version", "name", "description", "world", "flavor", "strict", "trace_size", "faults",
                   "steps")
        if not isinstance(data, dict):
            raise self.fail("not a scenario file: expected a mapping with schema_version, name, world and steps", ())
        if data.get("schema_version") != SCHEMA_VERSION:  # checked first: say nothing of a file that is no scenario
            from fakemapi.world.loader import _version_text

            got = data.get("schema_version")
            shown = "None" if got is None else _version_text(got)
            raise self.fail(f"expected schema_version: {SCHEMA_VERSION}; got {shown}",
                            ("schema_version",) if "schema_version" in data else ())
        for key in data:
            if key not in allowed:
                raise self.fail(f"unknown key {key!r}; expected one of {', '.join(allowed)}", (key,), at_key=True)
        name = data.get("name") or os.path.splitext(os.path.basename(self.path))[0]
        if not isinstance(name, str):
            raise self.fail("expected a string", ("name",))
        description = data.get("description") or ""
        if not isinstance(description, str):
            raise self.fail("expected a string", ("description",))
        self.flavor = data.get("flavor", "x64")
        if self.flavor not in ("x64", "x86"):
            raise self.fail(f"expected x64 or x86; got {self.flavor!r}", ("flavor",))
        strict = data.get("strict", False)
        if not isinstance(strict, bool):
            raise self.fail("expected true or false", ("strict",))
        try:
            trace_size = parse_size(data.get("trace_size", DEFAULT_TRACE_SIZE))
        except ValueError:
            raise self.fail("expected a number >= 0 (0: keep only the totals), unbounded or off",
                            ("trace_size",)) from None
        world = self.world(data.get("world"))
        self.servers = {s.name.lower() for s in world.servers.values()}
        faults = self.faults(data.get("faults"), ("faults",))
        if "steps" not in data:
            raise self.fail("missing steps; expected a list of steps", ())
        steps = self.steps(data["steps"], ("steps",))
        total = 0
        for i, step in enumerate(steps):
            total += _cost(step, len(world.mailboxes))
            if total > MAX_STEPS:
                raise self.fail(f"the scenario would run more than {MAX_STEPS:,} steps (loops counted out) by "
                                f"this step; make its loops smaller", ("steps", i))
        return Scenario(name, description.strip(), self.path, world, self.flavor, strict, faults + steps,
                        trace_size=trace_size)

    def world(self, value: Any) -> World:
        if value is None:
            return World.default()
        if isinstance(value, str):
            target = value if os.path.isabs(value) else os.path.join(os.path.dirname(self.path), value)
            try:
                return load_file(target)
            except WorldError as exc:
                if exc.reason == "cannot read the world file: No such file or directory":
                    raise self.fail(f"world file {value!r} not found (looked at {target})", ("world",)) from None
                if exc.reason.startswith("cannot read"):
                    raise self.fail(f"world file {value!r} (at {target}): {exc.reason}", ("world",)) from None
                raise
        if isinstance(value, dict):
            sub = Located(self.path, WorldError)
            sub.marks = {p[1:]: m for p, m in self.loc.marks.items() if p[:1] == ("world",)}
            sub.key_marks = {p[1:]: m for p, m in self.loc.key_marks.items() if p[:1] == ("world",)}
            sub.plain = {p[1:] for p in self.loc.plain if p[:1] == ("world",)}
            try:
                return _Builder(sub).world(value)
            except WorldError as exc:
                raise ScenarioError(exc.reason, source=self.path, line=exc.line, column=exc.column,
                                    path=f"world.{exc.path}" if exc.path else "world") from None
        raise self.fail("expected a path to a world file or an inline world mapping", ("world",))

    # --- steps ----------------------------------------------------------------------------
    def steps(self, value: Any, path: Path) -> list[Step]:
        if not isinstance(value, list):
            raise self.fail("expected a list of steps", path)
        return [self.step(item, path + (i,)) for i, item in enumerate(value)]

    def step(self, item: Any, path: Path) -> Step:
        if not isinstance(item, dict) or not item:
            raise self.fail("expected a step: a call such as `session.OpenMsgStore: [...]`, or release, "
                            "repeat, for_each, process, threads, check, fault", path)
        if "release" in item:
            return self.release(item, path)
        if "repeat" in item:
            return self.repeat(item, path)
        if "for_each" in item:
            return self.for_each(item, path)
        if "process" in item:
            return self.process(item, path)
        if "threads" in item:
            return self.threads(item, path)
        if "check" in item:
            return self.check(item, path)
        if "advise" in item:
            return self.advise(item, path)
        if "fault" in item:
            self._only(item, path, ("fault", "note"))
            spec = self.fault(item["fault"], path + ("fault",), top_level=False)
            return FaultStep(self.where(path + ("fault",), spec.describe()), spec)
        return self.call(item, path)

    def _only(self, item: dict[str, Any], path: Path, allowed: tuple[str, ...], what: str = "in this step") -> None:
        for key in item:
            if key not in allowed:
                raise self.fail(f"unknown key {key!r} {what}; expected {', '.join(allowed)}", path + (key,),
                                at_key=True)

    def call(self, item: dict[str, Any], path: Path) -> Step:
        calls = [k for k in item if isinstance(k, str) and "." in k]
        if len(calls) != 1:
            raise self.fail("expected exactly one call such as `session.OpenMsgStore: [args]` (or release, "
                            "repeat, for_each, process, threads, check)", path)
        key = calls[0]
        self._only(item, path, (key, "as", "expect", "note"))
        actor, _, method = key.rpartition(".")
        cpath = path + (key,)
        actor_get = None
        if "." in actor:  # an object inside a bound result: att.1.SaveChanges
            root, _, indexes = actor.partition(".")
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.-?[0-9]+)+", actor):
                raise self.fail(f"expected a call such as `session.OpenMsgStore` or `att.1.SaveChanges`; got {key!r}",
                                cpath)
            self.binding_type(root, cpath)
            actor_get = compile_binding(root, "." + indexes)
        raw_args = item[key]
        if raw_args is None:
            raw_args = []
        if not isinstance(raw_args, list):
            raise self.fail("expected the arguments as a list, e.g. [0, $eid, null, MDB_NO_DIALOG]", cpath)
        fn, type_name = self.resolve(actor, method, cpath)
        if fn is not None:
            low, high = _arity(fn)
            if len(raw_args) < low or (high is not None and len(raw_args) > high):
                want = f"{low}" if low == high else (f"{low} to {high}" if high is not None else f"at least {low}")
                raise self.fail(f"{key} takes {want} argument(s); got {len(raw_args)}", cpath)
        args = [self.value(v, cpath + (i,)) for i, v in enumerate(raw_args)]
        result_type = RESULT_TYPES.get(method)
        if method == "QueryInterface" and raw_args and isinstance(raw_args[0], str):
            iid = constants().get(raw_args[0].strip())
            if iid is not None:
                cls = interfaces.TYPE_IIDS.get(iid)
                result_type = cls.__name__ if cls is not None else None
        if method == "OpenMsgStore" and len(raw_args) > 2 and raw_args[2] is not None:
            result_type = None
        bind = None
        if "as" in item:
            bind = self.bind_name(item["as"], path + ("as",), result_type)
        expect = self.expect(item.get("expect"), path + ("expect",))
        del type_name
        return CallStep(self.where(cpath, key), actor, method, args, bind, expect, actor_get)

    def resolve(self, actor: str, method: str, path: Path) -> tuple[Callable[..., Any] | None, str | None]:
        """Check the call exists; returns the callable (for its signature) and the actor's type."""
        if "." in actor:  # an indexed binding: its type is not known here
            owners = [c for c in _classes().values() if hasattr(c, method)]
            if not owners:
                raise self.fail(f"unknown call {actor}.{method}: no MAPI interface has a method {method}", path)
            return getattr(owners[0], method), None
        if actor in MODULE_ACTORS:
            if actor == "exchange" and method in EXCHANGE_X86_FUNCTIONS:
                if self.flavor != "x86":
                    raise self.fail(f"exchange.{method} exists only in 32-bit pywin32: add flavor: x86", path)
                return EXCHANGE_X86_FUNCTIONS[method], actor
            fn = MAPI_FUNCTIONS.get(method) if actor == "mapi" else getattr(getattr(modules(), actor), method, None)
            if fn is None or not callable(fn):
                raise self.fail(f"unknown call {actor}.{method}: pywin32's {actor} module has no such function"
                                f"{_hint(method, _module_functions(actor))}", path)
            return fn, actor
        type_name = self.binding_type(actor, path)
        classes = _classes()
        if type_name is not None and type_name in classes:
            fn = getattr(classes[type_name], method, None)
            if fn is None:
                raise self.fail(f"unknown call: ${actor} is a {type_name}, which has no method {method}"
                                f"{_hint(method, [m for m in dir(classes[type_name]) if not m.startswith('_')])}",
                                path)
            return fn, type_name
        owners = [c for c in classes.values() if hasattr(c, method)]
        if not owners:
            raise self.fail(f"unknown call {actor}.{method}: no MAPI interface has a method {method}"
                            f"{_hint(method, _method_names())}", path)
        return getattr(owners[0], method), None

    def binding_type(self, name: str, path: Path) -> str | None:
        for pattern, type_name in reversed(self.bound):
            if pattern.fullmatch(name):
                return type_name
        raise self.fail(f"bad binding: {name!r} is not bound by an earlier step (use `as: {name}`), "
                        f"and is not a module ({', '.join(MODULE_ACTORS)})", path)

    def bind_name(self, value: Any, path: Path, type_name: str | None) -> Any:
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\{[^{}]+\}[A-Za-z0-9_]*)*", value):
            raise self.fail(f"expected a name to bind the result to (letters, digits, _ and {{n}}); got {value!r}",
                            path)
        if value in MODULE_ACTORS:
            raise self.fail(f"{value!r} is a module name; bind to another name", path)
        getter = self.name_getter(value, path)
        self.bound.append((re.compile(re.sub(r"\\\{[^{}]*\\\}", ".+", re.escape(value))), type_name))
        return getter

    def name_getter(self, text: str, path: Path) -> Any:
        """A name that may hold a template (``store{n}``), checked now."""
        try:
            return compile_name(text)
        except ValueProblem as exc:
            raise self.fail(str(exc), path) from None

    def value(self, raw: Any, path: Path) -> Any:
        if isinstance(raw, str) and not raw.startswith((VERBATIM, BYTES_PREFIX)):
            m = BINDING.match(raw)
            if m:
                name = m.group(1)
                if "{" not in name:
                    self.binding_type(name, path)
        try:
            return compile_value(raw, self.loc.plain.__contains__, path)
        except ValueProblem as exc:
            err = self.fail(str(exc), path)
            if exc.token and isinstance(raw, str) and "\n" not in raw and path in self.loc.plain \
                    and err.column is not None and exc.token in raw:
                # point at the word itself inside a plain one-line value
                err = ScenarioError(exc.args[0], source=err.source, line=err.line,
                                    column=err.column + raw.index(exc.token), path=err.path)
            raise err from None

    def expect(self, raw: Any, path: Path) -> Expect:
        if raw is None:
            return Expect()
        if isinstance(raw, str) or (isinstance(raw, int) and not isinstance(raw, bool)):
            raw = {"error": raw}
        if not isinstance(raw, dict):
            raise self.fail("expected a mapping such as {error: MAPI_E_FAILONEPROVIDER}, {len: 3} or {value: ...}",
                            path)
        self._only(raw, path, EXPECT_KEYS, "in expect")
        error = raw.get("error")
        if error is not None:
            from fakemapi.hresult import name_of

            if isinstance(error, int) and not isinstance(error, bool):
                # 0x800401F3 unquoted: YAML reads a number (either sign: -2147221005 too)
                if not -0x80000000 <= error <= 0xFFFFFFFF:
                    raise self.fail(f"expected an HRESULT (a 32-bit code such as 0x80040600); got {error}",
                                    path + ("error",))
                error = name_of(error)
            elif isinstance(error, str) and re.fullmatch(r"0[xX][0-9A-Fa-f]{8}", error):
                error = name_of(int(error, 16))  # a code without a name, as the trace shows it
            elif not isinstance(error, str) or (error not in PY_ERRORS and not _is_code(error)):
                raise self.fail(f"unknown error {error!r}{_hint(str(error), _error_names())}: expected a MAPI_E_* "
                                f"(or EDK_E_*, E_*) name, a code such as 0x80040600, or one of {', '.join(PY_ERRORS)}",
                                path + ("error",))
            if error == "E_FAIL":
                error = "MAPI_E_CALL_FAILED"  # the same number
            if any(k in raw for k in ("value", "first", "len", "type", "at", "objects")):
                raise self.fail("an expected error excludes value, first, len, type, at and objects", path)
        length = raw.get("len")
        if length is not None and (isinstance(length, bool) or not isinstance(length, int) or length < 0):
            raise self.fail("expected a non-negative integer", path + ("len",))
        type_name = raw.get("type")
        if type_name is not None and type_name not in _classes() and type_name not in ("int", "bytes", "str",
                                                                                       "tuple", "list", "NoneType"):
            raise self.fail(f"unknown type {type_name!r}", path + ("type",))
        warning = raw.get("warning")
        if warning is not None and warning != "ReleaseOrderWarning":
            raise self.fail("the only warning fakemapi gives is ReleaseOrderWarning", path + ("warning",))
        value = self.value(raw["value"], path + ("value",)) if "value" in raw else None
        first = self.value(raw["first"], path + ("first",)) if "first" in raw else None
        at = []
        if "at" in raw:
            if not isinstance(raw["at"], dict) or not all(isinstance(k, int) and not isinstance(k, bool)
                                                          for k in raw["at"]):
                raise self.fail("expected a mapping of item index to value, e.g. {3: -2147024891}", path + ("at",))
            at = [(k, self.value(v, path + ("at", k))) for k, v in raw["at"].items()]
        objects: list[tuple[int, str]] = []
        if "objects" in raw:
            spec = raw["objects"]
            if not isinstance(spec, dict) or not all(isinstance(k, int) and not isinstance(k, bool) for k in spec):
                raise self.fail("expected a mapping of item index to interface type, e.g. {1: PyIAttach}",
                                path + ("objects",))
            for k, v in spec.items():
                if v not in _classes():
                    raise self.fail(f"unknown interface type {v!r}", path + ("objects", k))
                objects.append((k, v))
        return Expect(error, value, first, length, type_name, warning, tuple(at), tuple(objects))

    def release(self, item: dict[str, Any], path: Path) -> Step:
        self._only(item, path, ("release", "expect", "note"))
        raw = item["release"]
        names = raw if isinstance(raw, list) else [raw]
        getters = []
        for i, name in enumerate(names):
            npath = path + ("release",) + ((i,) if isinstance(raw, list) else ())
            if not isinstance(name, str):
                raise self.fail("expected a bound name to release", npath)
            name = name.lstrip("$")
            if "{" not in name:
                self.binding_type(name, npath)
            getters.append(self.name_getter(name, npath))
        warning = None
        if "expect" in item:
            exp = item["expect"]
            if not isinstance(exp, dict) or set(exp) != {"warning"}:
                raise self.fail("a release can only expect {warning: ReleaseOrderWarning}", path + ("expect",))
            warning = self.expect(exp, path + ("expect",)).warning
        text = "release " + ", ".join(str(n) for n in names)
        return ReleaseStep(self.where(path + ("release",), text), getters, warning)

    def repeat(self, item: dict[str, Any], path: Path) -> Step:
        self._only(item, path, ("repeat", "from", "steps", "note"))
        count = item["repeat"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise self.fail("expected a number of repetitions (0 or more)", path + ("repeat",))
        start = item.get("from", 1)
        if isinstance(start, bool) or not isinstance(start, int):
            raise self.fail("expected the first value of {n} (an integer)", path + ("from",))
        body = self.steps(item.get("steps"), path + ("steps",))
        return RepeatStep(self.where(path + ("repeat",), f"repeat {count}"), count, start, body)

    def for_each(self, item: dict[str, Any], path: Path) -> Step:
        self._only(item, path, ("for_each", "where", "limit", "steps", "note"))
        if item["for_each"] != "mailboxes":
            raise self.fail("expected for_each: mailboxes", path + ("for_each",))
        filters = item.get("where") or {}
        if not isinstance(filters, dict):
            raise self.fail(f"expected a mapping of {', '.join(FOREACH_KEYS)} to patterns", path + ("where",))
        for key, pattern in filters.items():
            if key not in FOREACH_KEYS:
                raise self.fail(f"unknown filter {key!r}; expected {', '.join(FOREACH_KEYS)}", path + ("where", key),
                                at_key=True)
            if not isinstance(pattern, str):
                raise self.fail("expected a pattern such as user* (a string)", path + ("where", key))
        limit = item.get("limit")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
            raise self.fail("expected a number of mailboxes", path + ("limit",))
        body = self.steps(item.get("steps"), path + ("steps",))
        return ForEachStep(self.where(path + ("for_each",), "for_each mailboxes"), dict(filters), limit, body)

    def process(self, item: dict[str, Any], path: Path) -> Step:
        self._only(item, path, ("process", "steps", "note"))
        name = item["process"]
        if not isinstance(name, str) or not name:
            raise self.fail("expected a process name", path + ("process",))
        body = self.steps(item.get("steps"), path + ("steps",))
        getter = self.name_getter(name, path + ("process",))
        return ProcessStep(self.where(path + ("process",), f"process {name}"), getter, body)

    def threads(self, item: dict[str, Any], path: Path) -> Step:
        self._only(item, path, ("threads", "note"))
        raw = item["threads"]
        if not isinstance(raw, list) or not raw:
            raise self.fail("expected a list of threads, each a list of steps", path + ("threads",))
        bodies = [self.steps(body, path + ("threads", i)) for i, body in enumerate(raw)]
        return ThreadsStep(self.where(path + ("threads",), f"threads x{len(bodies)}"), bodies)

    def check(self, item: dict[str, Any], path: Path) -> Step:
        self._only(item, path, ("check", "note"))
        raw = item["check"]
        cpath = path + ("check",)
        if not isinstance(raw, dict) or not raw:
            raise self.fail(f"expected a mapping of checks: {', '.join(CHECK_KEYS)}", cpath)
        checks: list[tuple[str, Any]] = []
        for key, spec in raw.items():
            kpath = cpath + (key,)
            if key not in CHECK_KEYS:
                raise self.fail(f"unknown check {key!r}; expected one of {', '.join(CHECK_KEYS)}", kpath, at_key=True)
            if key == "connection":
                if not isinstance(spec, dict) or "id" not in spec:
                    raise self.fail("expected {id: N, logons: ..., logon_ids: ..., server: ..., separate: ...}", kpath)
                for sub in spec:
                    if sub not in CONNECTION_KEYS:
                        raise self.fail(f"unknown key {sub!r}; expected {', '.join(CONNECTION_KEYS)}", kpath + (sub,),
                                        at_key=True)
                if "logon_ids" in spec:
                    spec = {**spec, "logon_ids": self.ids(spec["logon_ids"], kpath + ("logon_ids",))}
                self.connection_spec(spec, kpath)
            elif key == "server_sessions":
                if not isinstance(spec, dict):
                    raise self.fail("expected a mapping of user (or server/user) to a count", kpath)
                for who, count in spec.items():
                    if not isinstance(who, str) or not _count_spec(count):
                        raise self.fail("expected a user (or server/user) and a number or {min: a, max: b}",
                                        kpath + (who,))
            elif key == "no_leaks":
                if not isinstance(spec, bool):
                    raise self.fail("expected true or false", kpath)
            elif key == "logon_ids":
                spec = self.ids(spec, kpath)
            elif key == "notifications":
                events = spec if isinstance(spec, list) else None
                if events is None or any(e not in EVENT_NAMES for e in events):
                    raise self.fail(f"expected a list of event names ({', '.join(EVENT_NAMES)}), in the order "
                                    f"the sinks get them", kpath)
            elif not _count_spec(spec):
                raise self.fail("expected a number or {min: a, max: b}", kpath)
            checks.append((key, spec))
        text = "check " + ", ".join(k for k, _ in checks)
        return CheckStep(self.where(cpath, text), checks)


    def advise(self, item: dict[str, Any], path: Path) -> Step:
        """``{advise: $store, mask: [fnevNewMail], entry: $eid, as: conn}`` (fakemapi.scenario.steps.AdviseStep)."""
        self._only(item, path, ("advise", "mask", "entry", "as", "note"))
        apath = path + ("advise",)
        raw = item["advise"]
        if not isinstance(raw, str) or not BINDING.match(raw):
            raise self.fail("expected the bound object to advise, e.g. $store", apath)
        target = self.value(raw, apath)
        mask_raw = item.get("mask")
        names = mask_raw if isinstance(mask_raw, list) else [mask_raw]
        if not names or any(n not in EVENT_NAMES for n in names):
            raise self.fail(f"expected a list of event names ({', '.join(EVENT_NAMES)})", path + ("mask",))
        mask = 0
        for name in names:
            mask |= EVENT_NAMES[str(name)]
        entry = self.value(item["entry"], path + ("entry",)) if item.get("entry") is not None else None
        bind = self.bind_name(item["as"], path + ("as",), "int") if "as" in item else None
        return AdviseStep(self.where(apath, f"advise {raw}"), target, mask, entry, bind)

    # --- faults (fakemapi.scenario.faults) ---------------------------------------------------
    def faults(self, value: Any, path: Path) -> list[Step]:
        """The top-level ``faults:`` list: applied before the steps, not counted as steps."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail("expected a list of faults such as [{fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR, "
                            "nth: 3}]", path)
        out: list[Step] = []
        for i, item in enumerate(value):
            spec = self.fault(item, path + (i,), top_level=True)
            out.append(FaultStep(self.where(path + (i,), spec.describe()), spec, counted=False))
        return out

    def fault(self, item: Any, path: Path, *, top_level: bool) -> FaultSpec:
        kinds = ", ".join(FAULT_KEYS)
        if not isinstance(item, dict):
            raise self.fail(f"expected a fault: a mapping with one of {kinds}", path)
        chosen = [k for k in item if k in FAULT_KEYS]
        if len(chosen) != 1:
            raise self.fail(f"expected exactly one of {kinds} in a fault; got "
                            f"{', '.join(map(str, chosen)) or 'none'}", path)
        kind = chosen[0]
        allowed = (kind,) + FAULT_KEYS[kind]
        for key in item:
            if key not in allowed:
                raise self.fail(f"unknown key {key!r} in a {kind} fault; expected {', '.join(allowed)}",
                                path + (key,), at_key=True)
        target = item[kind]
        kpath = path + (kind,)
        options: dict[str, Any] = {}
        for key in ("error", "low_level"):
            if key in item:
                if not isinstance(item[key], str) or not _is_code(item[key]):
                    raise self.fail(f"unknown error {item[key]!r}{_hint(str(item[key]), _error_names())}: expected "
                                    f"a name such as MAPI_E_NETWORK_ERROR", path + (key,))
                options[key] = item[key]
        if kind == "fail":
            if not isinstance(target, str) or not (target == "*" or target in _method_names()):
                raise self.fail(f"unknown method {target!r}{_hint(str(target), _method_names())}: expected a MAPI "
                                f"method or function name such as OpenMsgStore, or '*' for every call", kpath)
            if "error" not in item:
                raise self.fail("a fail fault needs error: (the HRESULT to fail with, e.g. MAPI_E_NETWORK_ERROR)",
                                path)
            when = [k for k in ("nth", "every", "probability") if k in item]
            if len(when) != 1:
                raise self.fail("say exactly one of nth: N, every: true or probability: p", path)
            if "nth" in item:
                options["nth"] = self._positive(item["nth"], path + ("nth",))
            if "every" in item:
                if item["every"] is not True:
                    raise self.fail("expected every: true", path + ("every",))
                options["every"] = True
            if "probability" in item:
                p = item["probability"]
                if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
                    raise self.fail(f"expected a probability from 0 to 1; got {p!r}", path + ("probability",))
                options["probability"] = float(p)
            if "seed" in item:
                if "probability" not in item:
                    raise self.fail("seed goes with probability: p", path + ("seed",))
                seed = item["seed"]
                if isinstance(seed, bool) or not isinstance(seed, int):
                    raise self.fail(f"expected an integer seed; got {seed!r}", path + ("seed",))
                options["seed"] = seed
            if "times" in item:
                options["times"] = self._positive(item["times"], path + ("times",))
            for key in ("actor", "process"):
                if key in item:
                    if not isinstance(item[key], str) or not item[key]:
                        raise self.fail("expected a pattern such as store#* (a string)", path + (key,))
                    options[key] = item[key]
        elif kind == "slow":
            if target not in ("connect", "rop"):
                raise self.fail(f"expected slow: connect (each EcDoConnectEx) or slow: rop (each round trip); "
                                f"got {target!r}", kpath)
            ms = item.get("ms")
            if isinstance(ms, bool) or not isinstance(ms, (int, float)) or not 0 <= ms <= 3_600_000:
                raise self.fail(f"expected ms: a non-negative number of milliseconds; got {ms!r}",
                                path + ("ms",) if "ms" in item else path)
            options["ms"] = ms
        elif kind in ("server_down", "server_up"):
            if not isinstance(target, str) or target.lower() not in self.servers:
                raise self.fail(f"unknown server {target!r}; the world has {', '.join(sorted(self.servers))}",
                                kpath)
        elif kind == "drop_connection":
            if top_level:
                raise self.fail("drop_connection needs a live connection; use it as a step: "
                                "`- fault: {drop_connection: 1}`", kpath)
            target = self._positive(target, kpath)
        elif target is not True:
            raise self.fail("expected clear: true", kpath)
        return FaultSpec(kind, target, options)

    def connection_spec(self, spec: dict[str, Any], path: Path) -> None:
        """The values of ``check: {connection: {...}}`` have the kinds the model gives."""
        if isinstance(spec["id"], bool) or not isinstance(spec["id"], int):
            raise self.fail("expected a connection id (an integer)", path + ("id",))
        if "logons" in spec and not _count_spec(spec["logons"]):
            raise self.fail("expected a number or {min: a, max: b}", path + ("logons",))
        for key in ("server", "user"):
            if key in spec and not isinstance(spec[key], str):
                raise self.fail("expected a name (a string)", path + (key,))
        if "separate" in spec and not isinstance(spec["separate"], bool):
            raise self.fail("expected true or false", path + ("separate",))

    def _positive(self, value: Any, path: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(f"expected a positive integer; got {value!r}", path)
        return value

    def ids(self, spec: Any, path: Path) -> list[int]:
        """A list of LogonIds, or a range such as ``0..254``."""
        if isinstance(spec, str) and re.fullmatch(r"\d+\.\.\d+", spec):
            low, high = (int(x) for x in spec.split(".."))
            if high > 255:  # a LogonId is one byte (emsmdb-facts, R1)
                raise self.fail(f"expected a range of LogonIds within 0..255; got {spec}", path)
            return list(range(low, high + 1))
        if not isinstance(spec, list) or not all(isinstance(x, int) and not isinstance(x, bool) for x in spec):
            raise self.fail("expected a list of LogonIds or a range such as 0..254", path)
        return spec


def _cost(step: Step, mailboxes: int) -> int:
    """How many steps ``step`` runs at most (capped just past MAX_STEPS, so numbers stay small)."""
    if isinstance(step, RepeatStep):
        runs = step.count
        body = step.body
    elif isinstance(step, ForEachStep):
        runs = mailboxes if step.limit is None else min(step.limit, mailboxes)
        body = step.body
    elif isinstance(step, ProcessStep):
        runs, body = 1, step.body
    elif isinstance(step, ThreadsStep):
        runs, body = 1, [s for thread in step.bodies for s in thread]
    else:
        return 1
    inner = 0
    for child in body:
        inner = min(inner + _cost(child, mailboxes), MAX_STEPS + 1)
    return min(runs * inner, MAX_STEPS + 1)


def _method_names() -> set[str]:
    names = {name for cls in _classes().values() for name in dir(cls) if name[:1].isupper()}
    return names | set(MAPI_FUNCTIONS) | set(EXCHANGE_X86_FUNCTIONS)


def _is_code(name: str) -> bool:
    from fakemapi.hresult import CODES

    return name in CODES


def _count_spec(spec: Any) -> bool:
    if isinstance(spec, bool):
        return False
    if isinstance(spec, (int, float)):
        return True
    return isinstance(spec, dict) and bool(spec) and set(spec) <= {"min", "max"} and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec.values())


# --- "did you mean" for misspelt names (fakemapi.names) -----------------------------------------
def _hint(word: str, candidates: Any) -> str:
    from fakemapi.names import did_you_mean

    return did_you_mean(word, candidates)


def _error_names() -> list[str]:
    from fakemapi.names import error_names

    return [*error_names(), *PY_ERRORS]


def _module_functions(actor: str) -> list[str]:
    if actor == "mapi":
        return list(MAPI_FUNCTIONS)
    module = getattr(modules(), actor, None)
    return [n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n))]
