"""gkaudit: audit 政府信息公开工作年度报告 — read, extract the three tables, check, export."""

__version__ = "0.1.0"
APP_NAME = "gkaudit"
APP_TITLE = "政务公开年报审计"

__all__ = ["APP_NAME", "APP_TITLE", "__version__"]
