"""``python -m fakemapi ...`` is the ``fakemapi`` command."""

import sys

from fakemapi.cli import main

sys.exit(main())
