"""A loaded scenario: its world, options and compiled steps."""

from __future__ import annotations

import attrs

from fakemapi.scenario.steps import Step
from fakemapi.trace import DEFAULT_TRACE_SIZE
from fakemapi.world.model import World

SCHEMA_VERSION = 1


@attrs.frozen
class Scenario:
    name: str
    description: str
    source: str
    world: World
    flavor: str
    strict: bool
    steps: list[Step] = attrs.field(repr=False)
    #: trace events (and timeline points) the run keeps; None: all, 0: only the totals
    trace_size: int | None = attrs.field(default=DEFAULT_TRACE_SIZE, kw_only=True)

    def count_steps(self) -> int:
        """Leaf steps a run will take, loops counted out (for_each counted once per body)."""
        return sum(s.leaves() for s in self.steps)
