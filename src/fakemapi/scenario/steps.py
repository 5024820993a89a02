"""Scenario steps: each one knows where it was written and how to run itself."""

from __future__ import annotations

import fnmatch
import re
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from fakemapi.hresult import name_of
from fakemapi.scenario.values import Getter, Scope, ValueProblem, normalize

if TYPE_CHECKING:
    from fakemapi.dropin import pytypes
    from fakemapi.fake import Fake


class Context(Protocol):
    """What a step sees of the running scenario (the runner's ``Context`` provides it; declared
    here so that steps do not import the runner that runs them)."""

    @property
    def fake(self) -> Fake: ...

    @property
    def modules(self) -> dict[str, Any]: ...

    @property
    def com_error(self) -> type[pytypes.com_error]: ...

    def count(self) -> None: ...

    def watch_warnings(self, caught: list[warnings.WarningMessage]) -> Any: ...

    def check_warnings(self, where: Where, scope: Scope, expected: str | None,
                       caught: list[warnings.WarningMessage]) -> None: ...

    def failure(self, where: Where, message: str, scope: Scope) -> StepFailed: ...

    def check_model(self, where: Where, scope: Scope, key: str, spec: Any) -> None: ...

    def recording_sink(self) -> Any: ...


@attrs.frozen
class Where:
    source: str
    line: int | None
    column: int | None
    text: str  # the step in short, e.g. "session.OpenMsgStore"

    def __str__(self) -> str:
        pos = f"{self.source}:{self.line}:{self.column}" if self.line is not None else self.source
        return f"{pos}: {self.text}"


class StepFailed(Exception):
    """A step did not do what the scenario says; the message is the report."""

    def __init__(self, where: Where, message: str, scope: Scope | None = None) -> None:
        loop = ""
        if scope is not None:
            parts = []
            if scope.get("n") is not None:
                parts.append(f"n={scope['n']}")
            if scope.get("mailbox") is not None:
                parts.append(f"mailbox={scope['mailbox'].alias}")
            if scope.get("process"):
                parts.append(f"process={scope['process']}")
            loop = f" [{', '.join(parts)}]" if parts else ""
        super().__init__(f"{where}{loop}: {message}")
        self.where = where
        self.detail = message


@attrs.frozen
class Expect:
    error: str | None = None  # MAPI_E_* / EDK_E_* name, or a Python exception name
    value: Getter | None = None
    first: Getter | None = None
    length: int | None = None
    type_name: str | None = None
    warning: str | None = None
    at: tuple[tuple[int, Getter], ...] = ()  # (index, expected item)
    objects: tuple[tuple[int, str], ...] = ()  # (index, interface type name of the item there)
    #: nothing to check but success without warnings (derived, once: the step's fast path)
    plain: bool = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "plain", self.error is None and self.value is None and self.first is None
                           and self.length is None and self.type_name is None and self.warning is None
                           and not self.at and not self.objects)

    def describe(self) -> str:
        parts = []
        if self.error:
            parts.append(f"error {self.error}")
        if self.length is not None:
            parts.append(f"len {self.length}")
        if self.type_name:
            parts.append(f"type {self.type_name}")
        if self.value is not None:
            parts.append("a value")
        if self.first is not None:
            parts.append("a first item")
        if self.at:
            parts.append("items " + ", ".join(str(i) for i, _ in self.at))
        if self.objects:
            parts.append("objects " + ", ".join(f"{i}: {t}" for i, t in self.objects))
        if self.warning:
            parts.append(f"warning {self.warning}")
        return ", ".join(parts) or "success"


OK = Expect()


def _show(value: Any) -> str:
    """A value in a failure report: property tags by name, entry ids in short (fakemapi.names)."""
    from fakemapi.names import show

    return show(value)


class Step:
    where: Where

    def run(self, ctx: Context, scope: Scope) -> None:
        raise NotImplementedError

    def leaves(self) -> int:
        return 1


def run_body(steps: Sequence[Step], ctx: Context, scope: Scope) -> None:
    for step in steps:
        run_step(step, ctx, scope)


def run_step(step: Step, ctx: Context, scope: Scope) -> None:
    """Run one step; whatever goes wrong in it (a template that cannot be filled here, a value of
    the wrong kind, an error the call raised that the language has no name for) fails this step,
    at its place in the file, and never escapes as a traceback."""
    try:
        step.run(ctx, scope)
    except StepFailed:
        raise
    except ValueProblem as exc:
        raise StepFailed(step.where, str(exc), scope) from None
    except Exception as exc:  # noqa: BLE001 - reported at the step, with its kind (RecursionError too)
        raise StepFailed(step.where, f"{type(exc).__name__}: {_clip(str(exc))}", scope) from None


def _invoke(ctx: Context, fn: Callable[..., Any], args: list[Any]) -> tuple[str | None, Any]:
    """Call ``fn``: (None, result), or (the error's name, None or the message of a Python error)."""
    try:
        return None, fn(*args)
    except ctx.com_error as exc:
        return name_of(exc.hresult if isinstance(exc.hresult, int) else 0), None
    except (TypeError, ValueError, NotImplementedError, AttributeError, OverflowError) as exc:
        return type(exc).__name__, str(exc)


def _clip(text: str) -> str:
    return text if len(text) <= 300 else text[:297] + "..."


@attrs.define(slots=True)
class CallStep(Step):
    where: Where
    actor: str
    method: str
    args: list[Getter]
    bind: Getter | None
    expect: Expect
    #: for an actor that indexes a binding (``att.1`` in ``att.1.SaveChanges``)
    actor_get: Getter | None = None

    def run(self, ctx: Context, scope: Scope) -> None:
        ctx.count()
        target = ctx.modules.get(self.actor)
        if target is None:
            target = scope["vars"].get(self.actor)
            if target is None:
                target = self.indexed_actor(scope)
        fn = getattr(target, self.method, None)
        if fn is None:
            if self.expect.error == "AttributeError":
                return
            from fakemapi.names import did_you_mean

            hint = did_you_mean(self.method, [m for m in dir(target) if not m.startswith("_")])
            raise StepFailed(self.where, f"{type(target).__name__} has no {self.method}{hint}", scope)
        try:
            args = [g(scope) for g in self.args]
        except ValueProblem as exc:
            raise StepFailed(self.where, str(exc), scope) from None
        caught: list[warnings.WarningMessage] = []
        if ctx.fake.strict:
            with ctx.watch_warnings(caught):
                error, result = _invoke(ctx, fn, args)
        else:  # warnings are only watched in strict mode (Context.watch_warnings)
            error, result = _invoke(ctx, fn, args)
        if not (error is None and not caught and self.expect.plain):
            self.check(ctx, scope, error, result, caught)
        if self.bind is not None and error is None:
            scope["vars"][self.bind(scope)] = result

    def indexed_actor(self, scope: Scope) -> Any:
        if self.actor_get is None:
            raise StepFailed(self.where, f"${self.actor} is not bound here", scope)
        try:
            return self.actor_get(scope)
        except ValueProblem as exc:
            raise StepFailed(self.where, str(exc), scope) from None

    def check(self, ctx: Context, scope: Scope, error: str | None, result: Any,
              caught: list[warnings.WarningMessage]) -> None:
        expect = self.expect
        ctx.check_warnings(self.where, scope, expect.warning, caught)
        if expect.error is not None:
            if error != expect.error:
                got = f"error {error}" if error else f"success: {_show(result)}"
                raise ctx.failure(self.where, f"expected error {expect.error}, got {got}", scope)
            return
        if error is not None:
            detail = f" ({result})" if isinstance(result, str) and result else ""
            raise ctx.failure(self.where, f"expected {expect.describe()}, got error {error}{detail}", scope)
        if expect.type_name is not None and type(result).__name__ != expect.type_name:
            raise ctx.failure(self.where, f"expected a {expect.type_name}, got a {type(result).__name__}", scope)
        if expect.length is not None:
            try:
                size = len(result)
            except TypeError:
                raise ctx.failure(self.where, f"expected len {expect.length}, got {_show(result)} "
                                              f"which has no length", scope) from None
            if size != expect.length:
                raise ctx.failure(self.where, f"expected len {expect.length}, got len {size}", scope)
        if expect.value is not None:
            want = normalize(expect.value(scope))
            if normalize(result) != want:
                raise ctx.failure(self.where, f"expected {_show(want)}, got {_show(result)}", scope)
        if expect.first is not None:
            want = normalize(expect.first(scope))
            try:
                first = result[0]
            except (TypeError, IndexError, KeyError):
                raise ctx.failure(self.where, f"expected a first item {_show(want)}, got {_show(result)}",
                                  scope) from None
            if normalize(first) != want:
                raise ctx.failure(self.where, f"expected first item {_show(want)}, got {_show(first)}", scope)
        for index, getter in expect.at:
            want = normalize(getter(scope))
            try:
                item = result[index]
            except (TypeError, IndexError, KeyError):
                raise ctx.failure(self.where, f"expected an item {index}, got {_show(result)}", scope) from None
            if normalize(item) != want:
                raise ctx.failure(self.where, f"expected item {index} to be {_show(want)}, got {_show(item)}",
                                  scope)
        for index, type_name in expect.objects:
            try:
                item = result[index]
            except (TypeError, IndexError, KeyError):
                raise ctx.failure(self.where, f"expected an item {index}, got {_show(result)}", scope) from None
            if type(item).__name__ != type_name:
                raise ctx.failure(self.where, f"expected item {index} to be a {type_name}, got a "
                                              f"{type(item).__name__}", scope)


@attrs.define(slots=True)
class ReleaseStep(Step):
    where: Where
    names: list[Getter]
    warning: str | None

    def run(self, ctx: Context, scope: Scope) -> None:
        ctx.count()
        caught: list[warnings.WarningMessage] = []
        with ctx.watch_warnings(caught):
            for get in self.names:
                name = get(scope)
                if name not in scope["vars"]:
                    raise StepFailed(self.where, f"cannot release ${name}: it is not bound", scope)
                del scope["vars"][name]
        ctx.check_warnings(self.where, scope, self.warning, caught)


@attrs.define(slots=True)
class RepeatStep(Step):
    where: Where
    count: int
    start: int
    body: list[Step]

    def run(self, ctx: Context, scope: Scope) -> None:
        outer = scope.get("n")
        for n in range(self.start, self.start + self.count):
            scope["n"] = n
            run_body(self.body, ctx, scope)
        scope["n"] = outer

    def leaves(self) -> int:
        return self.count * sum(s.leaves() for s in self.body)


@attrs.frozen
class MailboxView:
    """What ``{mailbox.*}`` offers in a for_each loop."""

    alias: str
    dn: str
    display_name: str
    server: str
    server_dn: str
    mdb_dn: str
    smtp: str


@attrs.define(slots=True)
class ForEachStep(Step):
    where: Where
    filters: dict[str, str]
    limit: int | None
    body: list[Step]

    def selected(self, ctx: Context) -> list[MailboxView]:
        out = []
        world = ctx.fake.world
        # fnmatch.fnmatchcase, with each pattern translated once rather than once per mailbox
        matchers = [(key, re.compile(fnmatch.translate(pattern.lower())).match)
                    for key, pattern in self.filters.items()]
        servers: dict[str, tuple[str, str, str]] = {}
        for m in world.mailboxes:
            if all(match(str(getattr(m, key)).lower()) for key, match in matchers):
                where = servers.get(m.server)
                if where is None:
                    server = world.servers[m.server.lower()]
                    where = servers[m.server] = (server.name, server.dn, server.private_mdb_dn)
                out.append(MailboxView(m.alias, m.dn, m.display_name, *where, m.smtp))
                if self.limit is not None and len(out) >= self.limit:
                    break
        return out

    def run(self, ctx: Context, scope: Scope) -> None:
        outer_n, outer_m = scope.get("n"), scope.get("mailbox")
        for n, mailbox in enumerate(self.selected(ctx), 1):
            scope["n"], scope["mailbox"] = n, mailbox
            run_body(self.body, ctx, scope)
        scope["n"], scope["mailbox"] = outer_n, outer_m


@attrs.define(slots=True)
class ProcessStep(Step):
    where: Where
    name: Getter
    body: list[Step]

    def run(self, ctx: Context, scope: Scope) -> None:
        name = self.name(scope)
        outer = scope.get("process")
        with ctx.fake.process(name):
            scope["process"] = name
            try:
                run_body(self.body, ctx, scope)
            finally:
                scope["process"] = outer


@attrs.define(slots=True)
class ThreadsStep(Step):
    """Concurrent threads, interleaved deterministically: one step of each thread in turn
    (round robin), so a replay gives the same trace every time."""

    where: Where
    bodies: list[list[Step]]

    def run(self, ctx: Context, scope: Scope) -> None:
        cursors = [0] * len(self.bodies)
        while any(c < len(body) for c, body in zip(cursors, self.bodies)):
            for i, body in enumerate(self.bodies):
                if cursors[i] < len(body):
                    run_step(body[cursors[i]], ctx, scope)
                    cursors[i] += 1


@attrs.define(slots=True)
class CheckStep(Step):
    where: Where
    checks: list[tuple[str, Any]]

    def run(self, ctx: Context, scope: Scope) -> None:
        ctx.count()
        for key, spec in self.checks:
            ctx.check_model(self.where, scope, key, spec)


#: fnev* names a scenario may use (MAPIDefS.h)
EVENT_NAMES: dict[str, int] = {
    "fnevCriticalError": 0x1, "fnevNewMail": 0x2, "fnevObjectCreated": 0x4, "fnevObjectDeleted": 0x8,
    "fnevObjectModified": 0x10, "fnevObjectMoved": 0x20, "fnevObjectCopied": 0x40,
    "fnevSearchComplete": 0x80, "fnevTableModified": 0x100, "fnevStatusObjectModified": 0x200,
}


@attrs.define(slots=True)
class AdviseStep(Step):
    """``advise: $store`` (or a session with ``entry``, or a table): register a sink that records
    what it is told for later ``check: {notifications: [...]}`` steps; ``as`` binds the
    connection number."""

    where: Where
    target: Getter
    mask: int
    entry: Getter | None
    bind: Getter | None

    def run(self, ctx: Context, scope: Scope) -> None:
        ctx.count()
        try:
            target = self.target(scope)
            entry = self.entry(scope) if self.entry is not None else None
        except ValueProblem as exc:
            raise StepFailed(self.where, str(exc), scope) from None
        sink = ctx.recording_sink()
        try:
            if type(target).__name__ == "PyIMAPITable":
                conn = target.Advise(self.mask, sink)
            else:
                conn = target.Advise(entry, self.mask, sink)
        except ctx.com_error as exc:
            raise StepFailed(self.where, f"Advise failed with {name_of(exc.hresult or 0)}", scope) from None
        if self.bind is not None:
            scope["vars"][self.bind(scope)] = conn
