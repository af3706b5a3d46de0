"""``python -m gkaudit`` runs the command line."""

import sys

from gkaudit.cli import main

sys.exit(main())
