"""Probe for the PySide6 "deallocating None" abort: fill a big model again and again (not a test).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/probe_pyside_fill.py [ROUNDS]

A probe under PySide6 6.12.0 on Python 3.11 aborted with ``Fatal Python error: none_dealloc:
deallocating None`` after a few thousand calls while filling a 300×20 table. On Python 3.11 None,
True and False are not immortal, so a binding that drops a reference it does not own wears their
reference count down until the interpreter aborts (this script, under 6.12.0, dies in the first
round with ``bool_dealloc: deallocating True or False``). This script exercises the calls a model and its view make
most — ``data()`` returning None for unhandled roles, ``headerData``, ``setData``, item creation in
a ``QStandardItemModel``, resets and repaints — and prints ``sys.getrefcount(None)`` as it goes: a
steady fall is the bug even before it aborts (True and False are watched too). Exit status 0 means it survived every round.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import PySide6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

ROWS, COLS = 300, 20
Index = QModelIndex | QPersistentModelIndex


class Big(QAbstractTableModel):
    """300×20 cells; answers Display and Edit, and None for every other role (as most models do)."""

    def __init__(self) -> None:
        super().__init__()
        self.values = [[0] * COLS for _ in range(ROWS)]
        self.generation = 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else ROWS

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.values[index.row()][index.column()] + self.generation
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return f"列{section}" if role == Qt.ItemDataRole.DisplayRole else None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        self.values[index.row()][index.column()] = int(value)
        self.dataChanged.emit(index, index)
        return True

    def refill(self) -> None:
        self.beginResetModel()
        self.generation += 1
        self.endResetModel()


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    app = QApplication.instance() or QApplication([])
    print(f"PySide6 {PySide6.__version__}, Qt {PySide6.QtCore.qVersion()}, Python {sys.version.split()[0]}, "
          f"platform {QApplication.platformName()}")
    big = Big()
    view = QTableView()
    view.setModel(big)
    view.resize(1600, 1200)
    view.show()
    standard = QStandardItemModel(ROWS, COLS)
    start_refs = sys.getrefcount(None)
    start_bools = sys.getrefcount(True) + sys.getrefcount(False)
    calls = 0
    started = time.perf_counter()
    for r in range(rounds):
        # 1. Python calls into the model through Qt: 6,000 cells × several roles, most answered None.
        for row in range(ROWS):
            for col in range(COLS):
                index = big.index(row, col)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                             Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.UserRole + 1):
                    index.data(role)
                    calls += 1
                big.setData(index, row * col)
                calls += 1
        # 2. Qt calls the Python model: a reset and a full repaint of the view.
        big.refill()
        view.viewport().grab()
        # 3. Filling a QStandardItemModel item by item (6,000 new items each round).
        for row in range(ROWS):
            for col in range(COLS):
                standard.setItem(row, col, QStandardItem(f"{row},{col}"))
                calls += 1
        app.processEvents()
        refs = sys.getrefcount(None)
        bools = sys.getrefcount(True) + sys.getrefcount(False)
        if r % 10 == 0 or r == rounds - 1:
            print(f"round {r + 1:3d}/{rounds}: {calls:>9,} calls, refcount(None) {refs:,} "
                  f"(change {refs - start_refs:+,}), refcount(True)+refcount(False) change {bools - start_bools:+,}",
                  flush=True)
    seconds = time.perf_counter() - started
    drift = sys.getrefcount(None) - start_refs
    bool_drift = sys.getrefcount(True) + sys.getrefcount(False) - start_bools
    print(f"survived {calls:,} calls in {seconds:.1f} s; refcount(None) change {drift:+,}, "
          f"refcount(True)+refcount(False) change {bool_drift:+,}")
    view.close()
    # A negative drift that grows with the rounds is the bug; a small constant one is caching.
    return 0


if __name__ == "__main__":
    sys.exit(main())
