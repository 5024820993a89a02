"""Moved to :mod:`fakemapi.testing.invariants` (the testing kit is one package now); this name stays an
alias of it, so ``import fakemapi.invariants`` and ``from fakemapi.invariants import ...`` keep working."""

import sys
from typing import TYPE_CHECKING

from fakemapi.testing import invariants as _moved

if TYPE_CHECKING:
    from fakemapi.testing.invariants import *  # noqa: F403

sys.modules[__name__] = _moved
