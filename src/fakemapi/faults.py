"""Moved to :mod:`fakemapi.emsmdb.faults` (fault injection sits with the layer that uses it); this
name stays an alias of it, so ``import fakemapi.faults`` and ``from fakemapi.faults import ...``
keep working."""

import sys
from typing import TYPE_CHECKING

from fakemapi.emsmdb import faults as _moved

if TYPE_CHECKING:
    from fakemapi.emsmdb.faults import *  # noqa: F403

sys.modules[__name__] = _moved
