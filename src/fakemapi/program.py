"""Moved to :mod:`fakemapi.testing.program` (the testing kit is one package now); this name stays an
alias of it, so ``import fakemapi.program`` and ``from fakemapi.program import ...`` keep working."""

import sys
from typing import TYPE_CHECKING

from fakemapi.testing import program as _moved

if TYPE_CHECKING:
    from fakemapi.testing.program import *  # noqa: F403

sys.modules[__name__] = _moved
