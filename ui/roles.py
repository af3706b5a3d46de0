"""The custom item-data roles every model in ``ui`` speaks, as named constants in one place.

Enum values travel as their plain string value: PySide turns a ``str`` subclass into a QString.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

_BASE = int(Qt.ItemDataRole.UserRole)

CellIdRole = _BASE + 1  # str: "apply/3.7/social" (table cells)
SeverityRole = _BASE + 2  # str | None: the ``Severity`` value of the worst finding on the item
SuspectRole = _BASE + 3  # bool: the cell most likely wrong in a broken relation
CorrectedRole = _BASE + 4  # bool: the auditor corrected this cell
HeadingRole = _BASE + 5  # bool: a printed heading line of a table, not a row of values
FindingRole = _BASE + 6  # gkaudit.model.Finding
FindingKeyRole = _BASE + 7  # str: gkaudit.workspace.finding_key
StatusRole = _BASE + 8  # str: the ``Status`` value of a finding's review
SortRole = _BASE + 9  # a value that sorts the column the way a reader expects
PathRole = _BASE + 10  # str: a report file (batch rows)
SearchTextRole = _BASE + 11  # str: everything the findings filter searches in
DiffersRole = _BASE + 12  # bool: a consolidated cell whose value is not the sum of the parts
