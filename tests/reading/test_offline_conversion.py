"""Old Word files are converted offline: a local listener sees no request from LibreOffice."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gkaudit.isolation import Isolator, Limits
from gkaudit.model import AuditReport
from gkaudit.reading import docx
from tests import hostile

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local web server that records every request; (its URL, the requests)."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(f"{self.command} {self.path}")
            self.send_response(404)
            self.end_headers()

        do_HEAD = do_POST = do_OPTIONS = do_PROPFIND = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def test_profile_settings_alone_keep_linked_pictures_unfetched(
    listener: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, hits = listener
    monkeypatch.setattr(docx, "_unshare_works", False)  # as on Windows: no network namespace
    text = docx.old_word_document("linked.doc", hostile.linked_picture_flat_odt(url), "sha").text
    assert "本年度主动公开政府信息 120 条。" in text
    assert hits == []


def test_isolated_audit_of_a_linked_doc_makes_no_request(listener: tuple[str, list[str]], tmp_path: Path) -> None:
    url, hits = listener
    path = tmp_path / "linked.doc"
    path.write_bytes(hostile.linked_picture_flat_odt(url))
    with Isolator(Limits(seconds=60, memory_mb=1024)) as iso:
        report = iso.audit(path)
    assert isinstance(report, AuditReport), report
    assert report.document is not None and "本年度主动公开政府信息 120 条。" in report.document.text
    assert hits == []
