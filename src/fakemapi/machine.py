"""Moved to :mod:`fakemapi.testing.machine` (the testing kit is one package now); this name stays an
alias of it, so ``import fakemapi.machine`` and ``from fakemapi.machine import ...`` keep working."""

import sys
from typing import TYPE_CHECKING

from fakemapi.testing import machine as _moved

if TYPE_CHECKING:
    from fakemapi.testing.machine import *  # noqa: F403

sys.modules[__name__] = _moved
