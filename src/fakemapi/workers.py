"""Moved to :mod:`fakemapi.testing.workers` (the testing kit is one package now); this name stays an
alias of it, so ``import fakemapi.workers`` and ``from fakemapi.workers import ...`` keep working."""

import sys
from typing import TYPE_CHECKING

from fakemapi.testing import workers as _moved

if TYPE_CHECKING:
    from fakemapi.testing.workers import *  # noqa: F403

sys.modules[__name__] = _moved
