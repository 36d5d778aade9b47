"""``python -m tui``: the same as the ``newsexplore`` command."""

import sys

from tui.cli import main

sys.exit(main())
