"""Frozen entry point of the console executable ``gkaudit`` (the same ``main`` as ``gkaudit.cli:main``)."""

import sys

from gkaudit.cli import main

if __name__ == "__main__":
    sys.exit(main())
