"""Frozen entry point of the windowed executable ``gkaudit-gui`` (the same ``main`` as ``ui.app:main``)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # The batch pool spawns this executable again as a worker: serve it before importing Qt.
    multiprocessing.freeze_support()
    from ui.app import main

    sys.exit(main())
