"""Running a scenario: install the fake for its world, run the steps, measure, report."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

import attrs

from fakemapi.dropin.install import installed
from fakemapi.dropin.pytypes import com_error
from fakemapi.fake import Fake
from fakemapi.scenario.model import Scenario
from fakemapi.scenario.steps import EVENT_NAMES, StepFailed, Where, run_body
from fakemapi.scenario.values import Scope
from fakemapi.trace import Trace

#: one change of a connection's logon table: (time_us, process, connection_id, server, in_use);
#: ``in_use`` is -1 once the connection closed (see ``Fake.timeline``)
Occupancy = tuple[int, str, int, str, int]


@attrs.frozen
class ScenarioResult:
    """What one run did; ``str()`` / ``repr()`` show the numbers, not the trace or timeline."""

    name: str
    source: str
    passed: bool
    steps: int  # leaf steps run (calls, releases, checks), loops counted out
    logons_peak: int  # most LogonIds in use on one connection at once
    connections_peak: int  # most connections open at once (all processes)
    connections_total: int  # connections opened in all
    time_us: int  # virtual time at the end
    failure: str | None
    trace: Trace = attrs.field(repr=False, eq=False)
    #: logon-table occupancy of every connection over virtual time, in order (the fake's own
    #: :class:`~fakemapi.trace.Timeline`: its most recent points; the peaks above cover all)
    timeline: Sequence[Occupancy] = attrs.field(factory=list, repr=False, eq=False, kw_only=True)
    description: str = attrs.field(default="", repr=False, kw_only=True)
    #: usable LogonIds per connection in the scenario's world (255 unless reserved ids change)
    capacity: int = attrs.field(default=255, kw_only=True)
    #: server sessions (connections) a non-admin user may hold per server (R11), None for no cap
    session_cap: int | None = attrs.field(default=None, kw_only=True, repr=False)


#: what watch_warnings gives outside strict mode (a nullcontext can be entered again and again)
_NOTHING = nullcontext()


class Context:
    """What steps see while a scenario runs."""

    def __init__(self, scenario: Scenario, fake: Fake) -> None:
        self.scenario = scenario
        self.fake = fake
        self.steps = 0
        self.com_error = com_error
        self.modules: dict[str, Any] = {
            "mapi": sys.modules["win32com.mapi.mapi"],
            "exchange": sys.modules["win32com.mapi.exchange"],
            "mapiutil": sys.modules["win32com.mapi.mapiutil"],
            "mapitags": sys.modules["win32com.mapi.mapitags"],
        }
        #: event types the sinks of ``advise`` steps got, not yet checked
        self.notified: list[int] = []

    def count(self) -> None:
        self.steps += 1

    def recording_sink(self) -> Any:
        """A sink for ``advise`` steps: it records the event names it gets."""
        record = self.notified

        def on_notify(notifications: Any, context: Any) -> None:
            for event, _ in notifications:
                record.append(event)

        return self.modules["mapi"].HrAllocAdviseSink(on_notify, None)

    def watch_warnings(self, caught: list[warnings.WarningMessage]) -> Any:
        if not self.fake.strict:
            return _NOTHING
        return _recording(caught)

    def check_warnings(self, where: Where, scope: Scope, expected: str | None,
                       caught: list[warnings.WarningMessage]) -> None:
        if expected is None and not caught:
            return
        names = [type(w.message).__name__ for w in caught]
        if expected is not None:
            if not self.fake.strict:
                raise self.failure(where, f"expected a {expected}, but warnings are only given in strict mode "
                                          f"(add strict: true)", scope)
            if expected not in names:
                raise self.failure(where, f"expected a {expected}, got {names or 'no warning'}", scope)
        elif caught:
            raise self.failure(where, f"unexpected {names[0]}: {caught[0].message}", scope)

    def failure(self, where: Where, message: str, scope: Scope) -> StepFailed:
        from fakemapi.names import event_text

        tail = "\n    ".join(event_text(e) for e in self.fake.trace.tail(5))
        return StepFailed(where, f"{message}\n  last calls:\n    " + tail, scope)

    def check_model(self, where: Where, scope: Scope, key: str, spec: Any) -> None:
        fake = self.fake
        if key == "no_leaks":
            try:
                fake.assert_no_leaks()
            except AssertionError as exc:
                if spec:
                    raise self.failure(where, f"leaks: {exc}", scope) from None
                return
            if not spec:
                raise self.failure(where, "expected leaks, found none", scope)
            return
        if key == "connection":
            wanted = dict(spec)
            conn_id = wanted.pop("id")
            conns = {c.connection_id: c for c in fake.connections()}
            conn = conns.get(conn_id)
            if conn is None:
                raise self.failure(where, f"no live connection {conn_id} (live: {sorted(conns) or 'none'})", scope)
            actual = {"logons": len(conn.logons), "logon_ids": conn.logon_ids, "server": conn.server,
                      "separate": conn.separate, "user": conn.user}
            for sub, value in wanted.items():
                _compare(self, where, scope, f"connection {conn_id} {sub}", actual[sub], value)
            return
        if key == "notifications":
            fake.dispatch_notifications()
            names = {v: k for k, v in EVENT_NAMES.items()}
            got = [names.get(e, hex(e)) for e in self.notified]
            self.notified.clear()
            if got != list(spec):
                raise self.failure(where, f"expected notifications {list(spec)}, got {got}", scope)
            return
        actual_value: Any
        if key == "logons":
            actual_value = len(fake.logons())
        elif key == "connections":
            actual_value = len(fake.connections())
        elif key == "logon_ids":
            actual_value = sorted(li.logon_id for li in fake.logons())
        elif key == "live_objects":
            actual_value = len(fake.live_objects())
        elif key == "time_ms":
            actual_value = fake.time_us / 1000
        elif key == "init_count":
            actual_value = fake.init_count
        elif key == "server_sessions":
            sessions = fake.runtime.server.sessions
            for who, value in spec.items():
                server, _, user = str(who).rpartition("/")
                count = sum(v for (srv, usr), v in sessions.items()
                            if usr == user.lower() and (not server or srv == server.lower()))
                _compare(self, where, scope, f"server sessions of {who}", count, value)
            return
        else:  # the loader only lets known keys through
            raise self.failure(where, f"unknown check {key!r}", scope)
        _compare(self, where, scope, key, actual_value, spec)


def _compare(ctx: Context, where: Where, scope: Scope, what: str, actual: Any, spec: Any) -> None:
    if isinstance(spec, dict):
        low, high = spec.get("min"), spec.get("max")
        if (low is not None and actual < low) or (high is not None and actual > high):
            bounds = " and ".join(x for x in (f">= {low}" if low is not None else "",
                                              f"<= {high}" if high is not None else "") if x)
            raise ctx.failure(where, f"{what}: expected {bounds}, got {actual}", scope)
        return
    if isinstance(spec, (list, tuple)):
        spec = list(spec)
        actual = list(actual)
    if actual != spec:
        if isinstance(spec, list) and isinstance(actual, list):
            missing = sorted(set(spec) - set(actual))[:10]
            extra = sorted(set(actual) - set(spec))[:10]
            raise ctx.failure(where, f"{what}: expected {len(spec)} items, got {len(actual)}; missing {missing}, "
                                     f"unexpected {extra}", scope)
        raise ctx.failure(where, f"{what}: expected {spec!r}, got {actual!r}", scope)


@contextmanager
def _recording(caught: list[warnings.WarningMessage]) -> Iterator[None]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        yield
    caught.extend(got)


def peaks(fake: Fake) -> tuple[int, int, int]:
    """(most LogonIds on one connection at once, most connections open at once, connections
    opened), over the whole run: the timeline's totals cover the points it no longer keeps."""
    timeline = fake.runtime.timeline
    return timeline.logons_peak, timeline.connections_peak, timeline.connections_total


def run_scenario(scenario: Scenario) -> ScenarioResult:
    """Run ``scenario`` in a fresh fake; the fake is uninstalled afterwards, whatever happens."""
    with installed(scenario.world, flavor=scenario.flavor, strict=scenario.strict,
                   trace_size=scenario.trace_size) as fake:
        ctx = Context(scenario, fake)
        scope: Scope = {"vars": {}, "n": None, "mailbox": None, "process": None,
                        "servers": {s.name: s for s in fake.world.servers.values()},
                        "org": fake.world.organization}
        failure = None
        try:
            run_body(scenario.steps, ctx, scope)
        except StepFailed as exc:
            failure = str(exc)
        except Exception as exc:  # noqa: BLE001 - a scenario that breaks fails alone, with its file
            failure = f"{scenario.source}: the scenario broke: {type(exc).__name__}: {exc}"
        finally:
            try:
                # release what the scenario still holds, inside the fake (the errors the fake
                # keeps hold no frames, dropin/base.py record(): nothing waits for the collector,
                # so the trace ends the same way on every replay)
                scope["vars"].clear()
            except Exception as exc:  # noqa: BLE001
                failure = failure or f"{scenario.source}: releasing the scenario's objects failed: {exc!r}"
        logons_peak, connections_peak, total = peaks(fake)
        return ScenarioResult(scenario.name, scenario.source, failure is None, ctx.steps, logons_peak,
                              connections_peak, total, fake.time_us, failure, fake.trace,
                              timeline=fake.runtime.timeline, description=scenario.description,
                              capacity=fake.world.emsmdb.usable_logon_ids,
                              session_cap=fake.world.limits.sessions_per_user)
