"""Moved to :mod:`fakemapi.testing.strategies` (the testing kit is one package now); this name stays an
alias of it, so ``import fakemapi.strategies`` and ``from fakemapi.strategies import ...`` keep working."""

import sys
from typing import TYPE_CHECKING

from fakemapi.testing import strategies as _moved

if TYPE_CHECKING:
    from fakemapi.testing.strategies import *  # noqa: F403

sys.modules[__name__] = _moved
