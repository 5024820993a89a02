"""Faults in scenario files: the top-level ``faults:`` list (applied before the steps) and the
``fault:`` step (applied where it stands). Both take the same mappings, one kind each::

    faults:
      - {fail: OpenMsgStore, error: MAPI_E_NETWORK_ERROR, nth: 3}
      - {fail: GetProps, error: MAPI_E_CALL_FAILED, every: true, times: 2, actor: "store#*"}
      - {fail: "*", error: MAPI_E_NETWORK_ERROR, probability: 0.05, seed: 7}
      - {slow: connect, ms: 500}
    steps:
      - fault: {server_down: EX01}
      - fault: {drop_connection: 1}
      - fault: {server_up: EX01}
      - fault: {clear: true}

They map one to one onto ``fake.faults`` (:mod:`fakemapi.faults`).
"""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING, Any, Callable

import attrs

from fakemapi.emsmdb.faults import FaultCall
from fakemapi.scenario.steps import Context, Step, Where
from fakemapi.scenario.values import Scope

if TYPE_CHECKING:
    from fakemapi.fake import Fake

#: the kinds of fault, each with the keys it takes besides its own
FAULT_KEYS: dict[str, tuple[str, ...]] = {
    "fail": ("error", "nth", "every", "probability", "seed", "times", "low_level", "actor", "process"),
    "slow": ("ms",),
    "server_down": ("error",),
    "server_up": (),
    "drop_connection": ("error",),
    "clear": (),
}


@attrs.frozen
class FaultSpec:
    """One fault as a scenario file gives it, checked by the loader."""

    kind: str
    target: Any  # the method, "connect"/"rop", the server name, the connection id, or True
    options: dict[str, Any] = attrs.field(factory=dict)

    def describe(self) -> str:
        return f"fault {self.kind} {self.target}" if self.kind != "clear" else "fault clear"

    def apply(self, fake: Fake) -> None:
        """Apply to ``fake.faults``; ValueError when the fake cannot (no such live connection)."""
        faults = fake.faults
        opts = dict(self.options)
        if self.kind == "fail":
            actor, process = opts.pop("actor", None), opts.pop("process", None)
            when: Callable[[FaultCall], bool] | None = None
            if actor is not None or process is not None:
                def when(call: FaultCall, actor: str | None = actor, process: str | None = process) -> bool:
                    return ((actor is None or fnmatch.fnmatchcase(call.actor, actor))
                            and (process is None or fnmatch.fnmatchcase(call.process, process)))
            hresult = opts.pop("error")
            faults.fail(self.target, hresult, when=when, **opts)
        elif self.kind == "slow":
            faults.slow(self.target, opts["ms"])
        elif self.kind == "server_down":
            faults.server_down(self.target, **opts)
        elif self.kind == "server_up":
            faults.server_up(self.target)
        elif self.kind == "drop_connection":
            faults.drop_connection(self.target, **opts)
        else:
            faults.clear()


@attrs.define(slots=True)
class FaultStep(Step):
    """``- fault: {...}`` (counted as a step), or one entry of the top-level ``faults:`` list
    (run before the steps, not counted)."""

    where: Where
    spec: FaultSpec
    counted: bool = True

    def run(self, ctx: Context, scope: Scope) -> None:
        if self.counted:
            ctx.count()
        try:
            self.spec.apply(ctx.fake)
        except ValueError as exc:
            live = sorted(c.connection_id for c in ctx.fake.connections())
            raise ctx.failure(self.where, f"{exc} (live connections of this process: {live or 'none'})",
                              scope) from None

    def leaves(self) -> int:
        return 1 if self.counted else 0
