"""Fault injection: make calls fail, drop connections, take servers down, slow the wire.

Everything is deterministic: rules count calls, and random rules draw from their own seeded
generator. Every fault that fires is listed in the trace (actor ``fault``) just before the call
it broke. Reach it as ``fake.faults``::

    fake.faults.fail("OpenMsgStore", "MAPI_E_NETWORK_ERROR", nth=3)   # the 3rd call from now
    fake.faults.fail("GetProps", "MAPI_E_CALL_FAILED", every=True, times=2)
    fake.faults.fail("*", "MAPI_E_NETWORK_ERROR", probability=0.01, seed=7)
    fake.faults.fail("QueryRows", "MAPI_E_TIMEOUT", when=lambda call: call.actor.startswith("contents"))
    fake.faults.drop_connection(1)              # its objects answer MAPI_E_NETWORK_ERROR from now on
    fake.faults.server_down("EX01"); ...; fake.faults.server_up("EX01")
    fake.faults.slow("connect", ms=500)         # every EcDoConnectEx costs 500 ms more virtual time
    fake.faults.clear()
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Callable, Protocol

import attrs

from fakemapi.hresult import CODES, MapiError, code

if TYPE_CHECKING:
    from fakemapi.emsmdb.connection import Connection
    from fakemapi.trace import Trace


class Emsmdb(Protocol):
    """What fault injection needs of a process's transport (:class:`fakemapi.emsmdb.provider.Emsmdb`,
    which itself holds the faults: declared here so that this module does not import it)."""

    @property
    def process(self) -> str: ...

    def close(self, conn: Connection, hr: int, reason: str) -> None: ...


@attrs.frozen
class FaultCall:
    """What a rule's ``when`` predicate is shown about a call."""

    method: str
    actor: str  # "mapi", "exchange", or an object's label such as "store#3"
    kind: str  # the object's kind ("store", "folder", ...) or the module name
    args: tuple[Any, ...]
    process: str


@attrs.define(eq=False)
class FaultRule:
    """One ``fail`` rule; ``remove()`` it, or read ``fired`` to see how often it hit."""

    method: str
    hresult: int
    nth: int | None
    every: bool
    probability: float | None
    when: Callable[[FaultCall], bool] | None
    times: int | None
    low_level: int
    seen: int = 0
    fired: int = 0
    owner: Faults | None = attrs.field(default=None, repr=False)
    _random: random.Random | None = attrs.field(default=None, repr=False)

    def matches(self, call: FaultCall) -> bool:
        if self.method != "*" and self.method != call.method:
            return False
        if self.when is not None and not self.when(call):
            return False
        if self.times is not None and self.fired >= self.times:
            return False
        self.seen += 1
        if self.nth is not None:
            hit = self.seen == self.nth
        elif self.probability is not None:
            assert self._random is not None
            hit = self._random.random() < self.probability
        else:
            hit = self.every
        if hit:
            self.fired += 1
        return hit

    def describe(self) -> str:
        if self.nth is not None:
            how = f"call {self.nth}"
        elif self.probability is not None:
            how = f"p={self.probability}"
        else:
            how = "every call"
        return f"fail {self.method} ({how})"

    def remove(self) -> None:
        if self.owner is not None and self in self.owner.rules:
            self.owner.rules.remove(self)
            self.owner._rearm()


class Faults:
    """The faults of one fake (``fake.faults``)."""

    def __init__(self, trace: Trace, connections: Callable[[], Iterable[tuple[Emsmdb, Any]]],
                 servers: Iterable[str] = ()) -> None:
        self.rules: list[FaultRule] = []
        #: lower-case names of the world's servers (empty: not checked)
        self.servers = frozenset(name.lower() for name in servers)
        #: lower-case names of servers that are down
        self.down: set[str] = set()
        self.extra_connect_us = 0
        self.extra_rop_us = 0
        #: True when any rule may fire (the hot path checks only this)
        self.armed = False
        self._trace = trace
        self._connections = connections
        #: the names ``fail`` accepts, handed down by the layer that defines the calls (the drop-in's
        #: ``install``); None: any name is accepted
        self.method_names: Callable[[], Iterable[str]] | None = None

    def _rearm(self) -> None:
        self.armed = bool(self.rules)

    # --- failing calls --------------------------------------------------------------------
    def fail(self, method: str, hresult: str | int, *, nth: int | None = None, every: bool = False,
             probability: float | None = None, seed: int = 0, when: Callable[[FaultCall], bool] | None = None,
             times: int | None = None, low_level: str | int | None = None) -> FaultRule:
        """Fail calls of ``method`` (an interface method or module function name, or ``"*"``)
        with ``hresult`` (a name such as ``"MAPI_E_NETWORK_ERROR"`` or a number): the ``nth``
        matching call from now, ``every`` one, or each with ``probability`` (seeded). ``when``
        narrows the calls that count; ``times`` caps how often the rule fires."""
        if not isinstance(method, str) or not method:
            raise ValueError("method: expected a method or function name such as 'OpenMsgStore', or '*'")
        chosen = sum(x is not None and x is not False for x in (nth, probability)) + (1 if every else 0)
        if chosen == 0 and when is not None:
            every = True  # a predicate alone: every call it picks
        elif chosen != 1:
            raise ValueError("say exactly one of nth=N, every=True or probability=p (or only when=...)")
        if method != "*" and self.method_names is not None and method not in set(self.method_names()):
            raise ValueError(f"method: no MAPI interface method or module function is called {method!r}")
        if nth is not None and (isinstance(nth, bool) or not isinstance(nth, int) or nth < 1):
            raise ValueError(f"nth: expected a positive integer, got {nth!r}")
        if probability is not None and (isinstance(probability, bool) or not isinstance(probability, (int, float))
                                        or not 0.0 <= probability <= 1.0):
            raise ValueError(f"probability: expected a number from 0 to 1, got {probability!r}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError(f"seed: expected an integer, got {seed!r}")
        if when is not None and not callable(when):
            raise ValueError(f"when: expected a function of a FaultCall, got {when!r}")
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise ValueError(f"times: expected a positive integer, got {times!r}")
        hr = _code(hresult, "hresult")
        if not hr & 0x80000000:
            raise ValueError(f"hresult: {hresult!r} is a success code; a fault needs a failure (MAPI_E_...)")
        rule = FaultRule(method, hr, nth, every, probability, when, times,
                         _code(low_level, "low_level") if low_level is not None else 0, owner=self,
                         random=random.Random(seed) if probability is not None else None)
        self.rules.append(rule)
        self._rearm()
        return rule

    def check(self, method: str, actor: str, kind: str, args: tuple[Any, ...], process: str) -> None:
        """Raise the error of the first rule that fires for this call (the drop-in calls this)."""
        call = FaultCall(method, actor, kind, args, process)
        for rule in self.rules:
            if rule.matches(call):
                self._trace.record(process, "fault", method, (), rule.describe(),
                                   _name(rule.hresult))
                raise MapiError(rule.hresult, rule.low_level, "fakemapi.faults",
                                f"injected fault: {rule.describe()}")

    # --- the wire and the servers -------------------------------------------------------------
    def drop_connection(self, connection_id: int, error: str | int = "MAPI_E_NETWORK_ERROR") -> None:
        """Drop a live RPC connection: its logons are gone and its objects answer ``error``."""
        hr = _code(error, "error")
        for emsmdb, conn in self._connections():
            if conn.id == connection_id:
                self._trace.record(emsmdb.process, "fault", "drop_connection", (connection_id,),
                                   f"connection {connection_id} dropped", _name(hr), connection_id)
                emsmdb.close(conn, hr, "dropped by a fault")
                return
        raise ValueError(f"connection_id: no live connection {connection_id!r}")

    def server_down(self, name: str, error: str | int = "MAPI_E_NETWORK_ERROR") -> None:
        """Take a server down: its connections drop (objects answer ``error``), new connections to
        it fail (OpenMsgStore: MAPI_E_FAILONEPROVIDER, cause MAPI_E_NETWORK_ERROR) until
        :meth:`server_up`."""
        hr = _code(error, "error")
        self._server(name)
        self.down.add(name.lower())
        for emsmdb, conn in list(self._connections()):
            if conn.server.name.lower() == name.lower():
                self._trace.record(emsmdb.process, "fault", "server_down", (name,),
                                   f"connection {conn.id} lost", _name(hr), conn.id)
                emsmdb.close(conn, hr, f"server {conn.server.name} went down")

    def server_up(self, name: str) -> None:
        self._server(name)
        self.down.discard(name.lower())

    def _server(self, name: str) -> None:
        if not isinstance(name, str) or (self.servers and name.lower() not in self.servers):
            known = ", ".join(sorted(self.servers))
            raise ValueError(f"name: expected the name of a server of the world ({known}), got {name!r}")

    def slow(self, what: str, ms: float) -> None:
        """Add ``ms`` of virtual time to every ``"connect"`` (EcDoConnectEx) or ``"rop"``
        (round trip) from now on; ``ms=0`` puts it back."""
        if what not in ("connect", "rop"):
            raise ValueError(f"what: expected 'connect' or 'rop', got {what!r}")
        if isinstance(ms, bool) or not isinstance(ms, (int, float)) or ms < 0:
            raise ValueError(f"ms: expected a non-negative number, got {ms!r}")
        if what == "connect":
            self.extra_connect_us = int(round(ms * 1000))
        else:
            self.extra_rop_us = int(round(ms * 1000))

    def clear(self) -> None:
        """Remove every rule, bring every server back, and end every slowdown."""
        self.rules.clear()
        self.down.clear()
        self.extra_connect_us = self.extra_rop_us = 0
        self._rearm()


def _code(value: str | int, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{what}: expected an error name or number, got {value!r}")
    if isinstance(value, int):
        return value & 0xFFFFFFFF
    if isinstance(value, str) and value in CODES:
        return code(value)
    raise ValueError(f"{what}: unknown error {value!r}; expected a name such as 'MAPI_E_NETWORK_ERROR' or a number")


def _name(hr: int) -> str:
    from fakemapi.hresult import name_of

    return name_of(hr)
