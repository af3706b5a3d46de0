"""Frozen entry point of the console executable ``gkaudit`` (the same ``main`` as ``gkaudit.cli:main``)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Each file is audited in a child process (gkaudit.isolation), and a batch reads in worker
    # processes: a frozen child must run the worker, not the CLI again.
    multiprocessing.freeze_support()
    from gkaudit.cli import main

    sys.exit(main())
