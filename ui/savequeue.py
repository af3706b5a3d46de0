"""Workspace changes that wait for another program's lock: retried in order, saved, or the auditor told.

A change is a function that writes one change to the workspace and returns what the window needs
to show it. ``submit`` runs it at once; when the workspace is locked by another program
(``WorkspaceBusy``) the change is kept and retried on a timer, in the order it was made, until the
lock goes or ``GIVE_UP_SECONDS`` pass. Nothing is shown as saved before it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from gkaudit.workspace import BUSY_MESSAGE, WorkspaceBusy, WorkspaceError, WorkspaceReadOnly

RETRY_MS = 1000
GIVE_UP_SECONDS = 120.0
FLUSH_SECONDS = 5.0  # how long closing a report waits for the lock before saying what was not saved


@dataclass
class _Change:
    write: Callable[[], Any]
    saved: Callable[[Any], None]
    what: str
    since: float


class SaveQueue(QObject):
    """Writes changes to the workspace, holding them while another program has it locked.

    Signals:
        message(str): a line for the status bar (waiting, saved after waiting).
        problem(str): a change could not be saved; the auditor must be told (a dialog, not a crash).
    """

    message = Signal(str)
    problem = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list[_Change] = []
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.retry)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def submit(self, write: Callable[[], Any], saved: Callable[[Any], None], what: str) -> bool:
        """Write a change now (True), or keep it for later (False); ``saved`` runs once it is written."""
        change = _Change(write, saved, what, time.monotonic())
        if self._pending:  # behind the changes already waiting: they are saved in the order made
            self._wait(change)
            return False
        return self._try(change)

    def retry(self) -> None:
        """Try the waiting changes again, oldest first; stop at the first still locked out."""
        while self._pending:
            change = self._pending[0]
            try:
                value = change.write()
            except WorkspaceBusy:
                if time.monotonic() - change.since > GIVE_UP_SECONDS:
                    self._give_up(f"等待 {GIVE_UP_SECONDS:.0f} 秒后仍被占用")
                else:
                    self.message.emit(f"{BUSY_MESSAGE}，{len(self._pending)} 项更改等待保存（自动重试）…")
                return
            except (WorkspaceError, WorkspaceReadOnly) as exc:
                self._give_up(str(exc))
                return
            self._pending.pop(0)
            change.saved(value)
            self.message.emit(f"已保存（等待占用解除后）：{change.what}")
        self._timer.stop()

    def flush(self) -> bool:
        """Before the session goes: keep trying for ``FLUSH_SECONDS``; what still cannot be written is
        reported. True when nothing is left unsaved."""
        deadline = time.monotonic() + FLUSH_SECONDS
        self.retry()
        while self._pending and time.monotonic() < deadline:
            time.sleep(0.1)
            self.retry()
        if self._pending:
            self._give_up("审核已关闭")
            return False
        return True

    def _try(self, change: _Change) -> bool:
        try:
            value = change.write()
        except WorkspaceBusy:
            self._wait(change)
            return False
        except WorkspaceReadOnly as exc:  # an earlier version's review, opened to look at
            self.message.emit(str(exc))
            return False
        except WorkspaceError as exc:
            self.problem.emit(f"{exc}\n\n此项更改未保存：{change.what}")
            self.message.emit(f"未保存：{change.what}")
            return False
        change.saved(value)
        return True

    def _wait(self, change: _Change) -> None:
        self._pending.append(change)
        self.message.emit(f"{BUSY_MESSAGE}，正在等待后保存：{change.what}")
        if not self._timer.isActive():
            self._timer.start()

    def _give_up(self, why: str) -> None:
        lost = [c.what for c in self._pending]
        self._pending.clear()
        self._timer.stop()
        listed = "\n".join(f"· {w}" for w in lost[:10]) + ("\n……" if len(lost) > 10 else "")
        self.problem.emit(f"审核工作区无法保存（{why}），以下 {len(lost)} 项更改未保存，请稍后重做：\n{listed}")
        self.message.emit(f"{len(lost)} 项更改未保存")
