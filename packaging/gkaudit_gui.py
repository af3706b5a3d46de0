"""Frozen entry point of ``gkaudit-gui`` (``ui.app:main``), and on Linux of ``gkaudit`` too: there
``gkaudit`` is a symbolic link to this executable, and the name it was started by picks the command
line (``gkaudit.cli:main``) before anything imports Qt (build.spec, ONE_EXECUTABLE)."""

import multiprocessing
import os
import sys

CLI_NAMES = ("gkaudit", "gkaudit.exe")

if __name__ == "__main__":
    # The batch pool and the per-file isolation spawn this executable again as a worker: serve it
    # before importing Qt or parsing arguments.
    multiprocessing.freeze_support()
    if os.path.basename(sys.argv[0]).lower() in CLI_NAMES:
        from gkaudit.cli import main
    else:
        from ui.app import main

    sys.exit(main())
