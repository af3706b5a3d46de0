"""The offline OCR engine: PP-OCRv4 text detection and recognition models run on onnxruntime.

The models are the ones the ``rapidocr-onnxruntime`` wheel ships (Apache-2.0); only their files
are used, not that package's code, which would pull in OpenCV (its Qt clashes with PySide6 and it
would add 170 MB to the bundle). Pre- and post-processing here need numpy and Pillow alone.
Recognition keeps each character's own probability and position, so a number is read digit by
digit with a confidence, and every character gets a box.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ENV_MODELS = "GKAUDIT_OCR_MODELS"
DET_MODEL = "ch_PP-OCRv4_det_infer.onnx"
REC_MODEL = "ch_PP-OCRv4_rec_infer.onnx"
ENGINE_VERSION = "ppocrv4-5"  # part of the OCR cache key: a new model or decoder reads afresh
MISSING = "未安装文字识别（OCR）模型，无法读取扫描件或图片"

_REC_HEIGHT = 48
_REC_MIN_WIDTH = 64
# Lines are narrowed to this share of their width before recognition: the model was trained on
# lines squeezed into 320 pixels, reads them as well, and costs in proportion to the width
# (measured on the corpus pages: half the time, the same text).
SQUEEZE = 0.7
_REC_BATCH = 8
# A batch holds at most this many time-step columns (padded width × lines): onnxruntime's time per
# column grows with the batch's size (measured on this CPU: one 1000-pixel line 0.10 s, eight of
# them 1.1–2.0 s), so long lines go one by one and short cells eight at a time.
_REC_BATCH_COLUMNS = 1024
_DET_LONG_SIDE = 1280  # pixels: printed report lines stay 12+ pixels tall, detection stays under a second
_DET_THRESHOLD = 0.3
# How far a detected region is grown (DB's unclip ratio): at this threshold the PP-OCRv4 map covers
# most of the line already, and the usual 1.6 would take in the lines above and below.
UNCLIP = 0.6


@dataclass(frozen=True, slots=True)
class Char:
    """One recognised character: its text, probability and horizontal extent in the crop (pixels)."""

    text: str
    conf: float
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class Line:
    """What recognition read in one crop; for a number, the other reading the model gave some
    weight to (one character read otherwise: a / for a 1, an 8 for a 3) and that weight."""

    chars: tuple[Char, ...]
    alt: str = ""
    alt_conf: float = 0.0

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)


def model_dir() -> Path | None:
    """Where the two model files are: ``GKAUDIT_OCR_MODELS``, the frozen bundle, or the installed wheel."""
    candidates: list[Path] = []
    if os.environ.get(ENV_MODELS):
        candidates.append(Path(os.environ[ENV_MODELS]))
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "ocr-models")
    # Located without importing: the package's __init__ imports OpenCV.
    spec = importlib.util.find_spec("rapidocr_onnxruntime")
    if spec is not None and spec.submodule_search_locations:
        candidates.append(Path(next(iter(spec.submodule_search_locations))) / "models")
    for d in candidates:
        if (d / DET_MODEL).is_file() and (d / REC_MODEL).is_file():
            return d
    return None


def available() -> bool:
    """Whether OCR can run here (models and onnxruntime installed), without loading anything."""
    return model_dir() is not None and importlib.util.find_spec("onnxruntime") is not None


class Engine:
    """Detection and recognition sessions, loaded on first use (the window starts without them).

    One engine serves the whole process; its sessions are used under a lock, so readers on
    several threads take turns rather than oversubscribing the cores.
    """

    def __init__(self, directory: Path) -> None:
        self._dir = directory
        self._det: Any = None
        self._rec: Any = None
        self._chars: list[str] = []
        self._fold: np.ndarray = np.zeros((0, 0), dtype=np.float32)
        self.lock = threading.Lock()

    def _session(self, name: str, threads: int) -> Any:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.log_severity_level = 4
        opts.enable_cpu_mem_arena = False  # the arena keeps the peak of the largest page for good
        opts.intra_op_num_threads = threads
        # Spinning threads burn a shared core while waiting; measured no faster on two cores.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(str(self._dir / name), sess_options=opts, providers=["CPUExecutionProvider"])

    def _load(self) -> None:
        if self._rec is not None:
            return
        self._det = self._session(DET_MODEL, _threads())
        # Recognition runs its batches side by side, one thread each: a batch of short lines is too
        # small to share between threads (two intra-op threads kept 1.2 of 2 cores busy).
        self._rec = self._session(REC_MODEL, 1)
        meta = self._rec.get_modelmeta().custom_metadata_map
        # CTC classes: blank first, the model's dictionary, then the space it was trained with.
        self._chars = ["", *meta["character"].splitlines(), " "]
        self._fold = _fold_matrix(self._chars)

    def detect(self, gray: np.ndarray, scale: float | None = None) -> list[tuple[int, int, int, int]]:
        """Boxes (x0, y0, x1, y1, pixels) of the text lines on an upright page image.

        ``scale``: how far to shrink the image for detection (default: to the long side detection
        works at); a part of a page is given its page's scale, so its text is seen at the same size.
        """
        self._load()
        h, w = gray.shape
        if scale is None:
            scale = det_scale(gray.shape)
        dh, dw = max(32, round(h * scale / 32) * 32), max(32, round(w * scale / 32) * 32)
        small = _resize(gray, dw, dh)
        x = (small.astype(np.float32) / 255.0 - 0.5) / 0.5
        batch = np.repeat(x[None, None], 3, axis=1)
        prob = self._det.run(None, {self._det.get_inputs()[0].name: batch})[0][0, 0]
        boxes = []
        sx, sy = w / dw, h / dh
        for x0, y0, x1, y1 in components(prob > _DET_THRESHOLD):
            bw, bh = x1 - x0, y1 - y0
            if bw < 2 or bh < 2:
                continue
            # DB shrinks each text region; grow it back by the distance its training shrank it.
            d = UNCLIP * bw * bh / (2 * (bw + bh))
            boxes.append((
                max(0, int((x0 - d) * sx)), max(0, int((y0 - d) * sy)),
                min(w, int((x1 + d) * sx) + 1), min(h, int((y1 + d) * sy) + 1),
            ))
        return boxes

    def recognise(self, crops: list[np.ndarray], numeric: Sequence[bool] = ()) -> list[Line]:
        """Read each crop (a grey image of one text line).

        A crop flagged ``numeric`` (a table cell's line) that reads as a short run of digits and
        look-alikes (! for 1, o for 0) is read again as a number: at each place the digits, the
        separators and the blank marks (/ and —) compete, each with the model's whole probability
        for it and its look-alikes, which is also the digit's confidence. A number whose digits
        have a blank mark for a rival is looked at a second time at its natural width (the
        squeezed line makes a / upright, like a 1), and the two looks are weighed together.
        """
        self._load()
        out: list[Line] = [Line(())] * len(crops)
        looks = self._run(crops, SQUEEZE)
        again: list[int] = []
        for k, (pred, step) in enumerate(looks):
            out[k] = self._decode(pred, step)
            if k < len(numeric) and numeric[k] and _number_like(out[k]) is not None:
                out[k], rival = self._as_number(out[k], pred, step)
                if rival:
                    again.append(k)
        if again:
            second = self._run([crops[k] for k in again], 1.0)
            for k, (pred, step) in zip(again, second, strict=True):
                first_pred, first_step = looks[k]
                out[k] = _weigh(self._number(first_pred, first_step), self._number(pred, step))
        return [_doubt_stutter(line, crop.shape[0]) for line, crop in zip(out, crops, strict=True)]

    def _run(self, crops: Sequence[np.ndarray], squeeze: float) -> list[tuple[np.ndarray, float]]:
        """The model's output for each crop (time steps × classes) and the crop pixels a step covers."""
        batches = _batches(crops, squeeze)
        name = self._rec.get_inputs()[0].name

        def run(ids: list[int]) -> tuple[np.ndarray, int]:
            widths = [_rec_width(crops[k], squeeze) for k in ids]
            padded = max(_REC_MIN_WIDTH, *widths)
            batch = np.zeros((len(ids), 3, _REC_HEIGHT, padded), dtype=np.float32)
            for b, (k, rw) in enumerate(zip(ids, widths, strict=True)):
                img = _resize(crops[k], rw, _REC_HEIGHT).astype(np.float32)
                batch[b, :, :, :rw] = (img / 255.0 - 0.5) / 0.5
            # onnxruntime lets go of the GIL while it runs, and a session may run on several threads.
            return self._rec.run(None, {name: batch})[0], padded

        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=_threads(), thread_name_prefix="gkaudit-ocr") as pool:
            results = list(pool.map(run, batches))
        out: list[tuple[np.ndarray, float]] = [(np.zeros((0, 0)), 1.0)] * len(crops)
        for ids, (preds, padded) in zip(batches, results, strict=True):
            for b, k in enumerate(ids):
                rw = _rec_width(crops[k], squeeze)
                out[k] = (preds[b], padded / preds.shape[1] * crops[k].shape[1] / rw)  # crop pixels per step
        return out

    def _number(self, pred: np.ndarray, step: float) -> Line:
        """The crop read as a number, with its other reading when one character has a runner-up
        the model gave ``_ALT`` or more (two such characters: no single other reading)."""
        line = self._decode(pred, step, digits=True)
        folded = pred @ self._fold
        seconds = []
        for k, c in enumerate(line.chars):
            probs = folded[_steps(c, step)].max(axis=0)
            probs[0] = probs[DIGIT_CLASSES.index("—" if c.text == "-" else c.text)] = 0.0
            best = int(probs.argmax())
            if probs[best] >= _ALT:
                seconds.append((k, DIGIT_CLASSES[best], float(probs[best])))
        if len(seconds) != 1:
            return line
        k, other, conf = seconds[0]
        text = [c.text for c in line.chars]
        text[k] = other
        return Line(line.chars, "".join(text), conf)

    def _as_number(self, line: Line, pred: np.ndarray, step: float) -> tuple[Line, bool]:
        """A number-like cell's reading as a number, and whether a blank mark rivals one of its digits.

        The raw reading stays when the number has no character the model saw some digit in (日
        for a serifed 11 is taken for 11 only if the model gave 11 a fair share at each place)."""
        number = self._number(pred, step)
        if _number_like(line) == "doubtful" and min((c.conf for c in number.chars), default=0.0) < 0.2:
            return line, False
        folded = pred @ self._fold
        marks = [DIGIT_CLASSES.index(m) for m in _MARK_CLASSES]
        rival = any(
            c.text.isdigit() and float(folded[_steps(c, step)][:, marks].max()) >= _RIVAL for c in number.chars
        )
        return number, rival

    def _decode(self, pred: np.ndarray, step: float, digits: bool = False) -> Line:
        """Greedy CTC decoding that keeps each character's peak probability and its time steps.

        ``digits``: over the number's classes (``DIGIT_CLASSES``), each the sum of the model's
        probabilities for its shapes; a character's probability is then out of everything the
        model could have read there, not a share among the digits."""
        names = DIGIT_CLASSES if digits else self._chars
        if digits:
            sub = pred @ self._fold
            idx = sub.argmax(axis=1)
            prob = sub.max(axis=1)
        else:
            idx = pred.argmax(axis=1)
            prob = pred.max(axis=1)
        chars: list[Char] = []
        t = 0
        n = len(idx)
        while t < n:
            k = int(idx[t])
            end = t + 1
            while end < n and idx[end] == k:
                end += 1
            if k != 0 and k < len(names):
                chars.append(Char(names[k], float(prob[t:end].max()), t * step, end * step))
            t = end
        if digits:
            chars = _signed(chars)
        return Line(tuple(chars))


def _signed(chars: list[Char]) -> list[Char]:
    """A number's leading dash is its minus sign: the dash class holds the hyphen and the minus
    (a signed 本年增/减 such as -1), and a blank mark never stands before digits, so "—1" is -1."""
    if len(chars) > 1 and chars[0].text == "—" and chars[1].text.isdigit():
        first = chars[0]
        return [Char("-", first.conf, first.x0, first.x1), *chars[1:]]
    return chars


def _steps(c: Char, step: float) -> slice:
    t0 = int(c.x0 / step + 0.5)
    return slice(t0, max(int(c.x1 / step + 0.5), t0 + 1))


def _weigh(first: Line, second: Line) -> Line:
    """Two looks at one number weighed together: where they read the same characters, each keeps
    its lower probability; where they differ, the reading with more probability in all wins, and
    every character of it gets its lowest probability in either look, so the cell is uncertain."""
    if first.text == second.text:
        alt = first if first.alt_conf >= second.alt_conf else second
        return Line(tuple(
            Char(a.text, min(a.conf, b.conf), a.x0, a.x1) for a, b in zip(first.chars, second.chars, strict=True)
        ), alt.alt, alt.alt_conf)
    best, other = (first, second) if _mass(first) >= _mass(second) else (second, first)
    low = min((c.conf for c in (*first.chars, *second.chars)), default=0.0)
    low = min(low, 1.0 - max((c.conf for c in other.chars), default=0.0))
    return Line(tuple(Char(c.text, min(c.conf, low), c.x0, c.x1) for c in best.chars), other.text, _mass(other))


def _mass(line: Line) -> float:
    return sum(c.conf for c in line.chars) / max(len(line.chars), 1)


# What a table cell is read as when it is taken for a number: CTC's blank, the digits, the
# separators and the marks a blank cell is printed with, each with the characters of its shape that
# the model may prefer for it (a round 0 read as "o", a plain 1 as "l"). The model's probability for
# a look-alike counts for its digit, so a 0 read as "o" at 0.9 is a 0 at 0.98; a / the model gives
# 0.6 is not a 1 at 0.95 because the 1 had the rest.
_MARK_CLASSES = ("/", "—")
DIGIT_CLASSES = ("", *"0123456789", ",", ".", *_MARK_CLASSES)
_DIGIT_SHAPES = {
    "0": "0oOD０〇", "1": "1lI|!i１丨", "2": "2zZ２", "3": "3３", "4": "4４", "5": "5sS５", "6": "6b６",
    "7": "7７", "8": "8B８", "9": "9gq９", ",": ",，", ".": ".·。", "/": "/／\\", "—": "—-－一–_~",
}
# A blank mark this probable beside a digit is a rival worth a second look (printed digits of the
# scans give the / under 0.001; the / read as 1 gave it 0.03 and more).
_RIVAL = 0.01
# A runner-up this probable is another reading the arithmetic may choose for an uncertain cell.
_ALT = 0.05


def _fold_matrix(chars: Sequence[str]) -> np.ndarray:
    """The (model classes × DIGIT_CLASSES) 0/1 matrix that sums each digit's shapes."""
    fold = np.zeros((len(chars), len(DIGIT_CLASSES)), dtype=np.float32)
    fold[0, 0] = 1.0  # blank
    where = {ch: k for k, ch in enumerate(DIGIT_CLASSES)}
    for k, ch in enumerate(chars):
        for digit, shapes in _DIGIT_SHAPES.items():
            if ch and ch in shapes:
                fold[k, where[digit]] = 1.0
    return fold


def _threads() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def det_scale(shape: tuple[int, ...]) -> float:
    """How far detection shrinks a page of this size."""
    return min(1.0, _DET_LONG_SIDE / max(shape[0], shape[1]))


def _rec_width(crop: np.ndarray, squeeze: float = SQUEEZE) -> int:
    """The width recognition reads a crop at: scaled to the model's height, then squeezed."""
    return max(1, round(squeeze * _REC_HEIGHT * crop.shape[1] / max(crop.shape[0], 1)))


def _batches(crops: Sequence[np.ndarray], squeeze: float = SQUEEZE) -> list[list[int]]:
    """Crop indexes grouped for recognition: by width (little padding), within the column budget."""
    order = sorted(range(len(crops)), key=lambda k: crops[k].shape[1] / max(crops[k].shape[0], 1))
    out: list[list[int]] = []
    for k in order:
        width = max(_REC_MIN_WIDTH, _rec_width(crops[k], squeeze))  # the widest so far: the order is by width
        if out and len(out[-1]) < _REC_BATCH and width * (len(out[-1]) + 1) <= _REC_BATCH_COLUMNS:
            out[-1].append(k)
        else:
            out.append([k])
    return out


_LOOK_ALIKES = frozenset("0123456789,.!|lIiOoDQ()[]{}/\\'`’‘:;nuUsSzZ")
_BLANK_MARKS = frozenset({"/", "—", "-", "－", "一", "无", "／", "——", "--"})
BLANK_MARK_CHARS = frozenset("/／—-－一")  # what a blank cell is printed with, 无 aside (never a digit's look-alike)


def _doubt_stutter(line: Line, height: int) -> Line:
    """A digit read twice where one stands (CTC's stutter: 7 read as 77) is closer to its twin than
    digits are printed; its confidence is lowered so the cell comes out uncertain."""
    chars = list(line.chars)
    changed = False
    for k in range(1, len(chars)):
        a, b = chars[k - 1], chars[k]
        if a.text == b.text and a.text.isdigit() and (b.x0 + b.x1 - a.x0 - a.x1) / 2 < 0.3 * height:
            chars[k] = Char(b.text, min(b.conf, 0.5), b.x0, b.x1)
            changed = True
    return Line(tuple(chars), line.alt, line.alt_conf) if changed else line


def _number_like(line: Line) -> str | None:
    """Whether a cell's reading may be digits misread: "look-alike" (digits and look-alikes, not a
    blank mark read with confidence), "doubtful" (a character or two read without conviction, as
    日 for a serifed 11), or None."""
    text = line.text.strip()
    if not text or len(text) > 12:
        return None
    if not all(ch in _LOOK_ALIKES or ch.isspace() for ch in text):
        return "doubtful" if len(text) <= 2 and min(c.conf for c in line.chars) < 0.8 else None
    if text in _BLANK_MARKS and min(c.conf for c in line.chars) >= 0.9:
        return None
    return "look-alike"


def components(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x0, y0, x1, y1, exclusive ends) of the 8-connected regions of a boolean mask."""
    if not mask.any():
        return []
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    diff = np.diff(padded, axis=1)
    starts = np.argwhere(diff == 1)
    ends = np.argwhere(diff == -1)
    rows = starts[:, 0]
    xs0 = starts[:, 1]
    xs1 = ends[:, 1]
    parent = list(range(len(rows)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    # Runs of each row, then link each run to the overlapping runs of the row above.
    bounds = np.searchsorted(rows, np.arange(mask.shape[0] + 1))
    for r in range(1, mask.shape[0]):
        a0, a1 = bounds[r - 1], bounds[r]
        b0, b1 = bounds[r], bounds[r + 1]
        i, j = a0, b0
        while i < a1 and j < b1:
            if xs0[i] <= xs1[j] and xs0[j] <= xs1[i]:  # touching, diagonals included
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[rj] = ri
            if xs1[i] < xs1[j]:
                i += 1
            else:
                j += 1
    boxes: dict[int, list[int]] = {}
    for k in range(len(rows)):
        root = find(k)
        b = boxes.get(root)
        r, x0, x1 = int(rows[k]), int(xs0[k]), int(xs1[k])
        if b is None:
            boxes[root] = [x0, r, x1, r + 1]
        else:
            b[0], b[1], b[2], b[3] = min(b[0], x0), min(b[1], r), max(b[2], x1), max(b[3], r + 1)
    return [(b[0], b[1], b[2], b[3]) for b in boxes.values()]


def _resize(gray: np.ndarray, width: int, height: int) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.fromarray(gray).resize((width, height), Image.Resampling.BILINEAR))


_ENGINE: Engine | None = None
_ENGINE_LOCK = threading.Lock()


def engine() -> Engine | None:
    """The process's engine, or None when the models are not installed."""
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            d = model_dir()
            if d is None or importlib.util.find_spec("onnxruntime") is None:
                return None
            _ENGINE = Engine(d)
        return _ENGINE
