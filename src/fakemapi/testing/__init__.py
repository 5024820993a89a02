"""Testing kit: a hypothesis state machine over the drop-in surface, the invariants it checks,
call programs, and real-process partitioning.

* :class:`MapiMachine` (needs hypothesis): subclass it to put your own client code in the loop.
* :func:`check_invariants`, :func:`track_logons`: the rules that hold after every call, and the
  peak number of logons a block of code held.
* :class:`Driver`, :func:`run_program` and the operations of :mod:`fakemapi.program`.
* :func:`partition`, :func:`map_partitioned`: split a mailbox list across spawned workers.

Strategies for worlds, programs and malformed arguments are in :mod:`fakemapi.strategies`.
Only :class:`MapiMachine` imports hypothesis, and only when it is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakemapi.testing.invariants import InvariantError, LogonMeter, check_invariants, track_logons
from fakemapi.testing.program import Driver, Outcome, Step, run_program
from fakemapi.testing.workers import map_partitioned, partition

if TYPE_CHECKING:
    from fakemapi.testing.machine import MapiMachine

__all__ = ["Driver", "InvariantError", "LogonMeter", "MapiMachine", "Outcome", "Step", "check_invariants",
           "map_partitioned", "partition", "run_program", "track_logons"]


def __getattr__(name: str) -> Any:
    if name == "MapiMachine":
        from fakemapi.testing.machine import MapiMachine

        return MapiMachine
    raise AttributeError(f"module 'fakemapi.testing' has no attribute {name!r}")
