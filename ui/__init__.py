"""The PySide6 desktop window; it calls gkaudit, never the reverse."""
