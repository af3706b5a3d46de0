"""``python -m ui FILE...``: the same as ``gkaudit-gui``."""

import sys

from ui.app import main

# The guard matters: batch worker processes are spawned and import the main module again.
if __name__ == "__main__":
    sys.exit(main())
