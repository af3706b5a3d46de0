"""Frozen entry point of the console executable ``gkaudit`` (the same ``main`` as ``gkaudit.cli:main``)."""

import multiprocessing
import sys

from gkaudit.cli import main

if __name__ == "__main__":
    # A batch reads in worker processes; a frozen child must run the worker, not the CLI again.
    multiprocessing.freeze_support()
    sys.exit(main())
