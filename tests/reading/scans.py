"""Scanned copies of PDF pages made in the tests: rendered, turned, noised and JPEG-compressed."""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def scan_page(pdf: Path, index: int, dpi: int, angle: float, quality: int, seed: int = 0) -> Image.Image:
    """One page as a scanner would give it: grey, turned ``angle`` degrees, noisy, JPEG-compressed."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        image = doc[index].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    noisy = np.asarray(image, dtype=np.float32) + np.random.default_rng(seed).normal(0, 10, (image.height, image.width))
    image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def scanned_pdf(pdf: Path, pages: Sequence[int], out: Path, dpi: int = 150, quality: int = 70, seed: int = 0) -> Path:
    """An image-only PDF of some pages of ``pdf`` (0-based), turned alternately by +1° and -0.8°
    (with ``seed``, by other angles within ±1° and with other noise)."""
    rng = np.random.default_rng(seed)
    images = [
        scan_page(pdf, p, dpi, (1.0 if k % 2 == 0 else -0.8) if not seed else float(rng.uniform(-1, 1)), quality,
                  seed=k + 1000 * seed).convert("RGB")
        for k, p in enumerate(pages)
    ]
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out


def time_page_reads() -> tuple[list[float], list[float]]:
    """Time every page OCR reads from now on: lists that fill with each page's wall and CPU seconds
    (CPU of the process, onnxruntime's threads included). For the benchmark scripts."""
    import gkaudit.reading.scan_page as scan_page_module

    wall: list[float] = []
    cpu: list[float] = []
    read_page = scan_page_module.read_page

    def timed(*a: object, **k: object) -> object:
        start, used = time.perf_counter(), time.process_time()
        try:
            return read_page(*a, **k)  # type: ignore[arg-type]
        finally:
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - used)

    scan_page_module.read_page = timed  # type: ignore[assignment]
    return wall, cpu
