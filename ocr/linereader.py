"""Thin adapter around trueocr (pinned 0.1.1): page orientation, skew, text lines in reading order.

trueocr's public ``predict`` works on grey pixels only and gives no hook between straightening
the page and reading it. We need that hook: the colour page is turned and straightened with
the same angles (so the seal can be removed by colour and the archival copy stays untouched),
and Tesseract reads the same straightened image. So this adapter drives trueocr's page engine
and recogniser directly; the pin in pyproject.toml guards those names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ocr.ctc import best_path, text_log_prob
from ocr.layout import Box, page_order, right_column_at, split_at_gaps
from ocr.merge import Line
from pipeline.errors import DependencyError, OcrError

#: trueocr's class for a page set in vertical columns: turned a quarter counter-clockwise.
_VERTICAL = 4
#: the recogniser graph's per-frame log-probabilities, which it computes but does not output
_LOG_PROBS = "/LogSoftmax_output_0"
#: trueocr's recogniser fine-tuned on signers' names under seals (`benchmarks.namereader`)
NAMES_MODEL = Path(__file__).parent / "models" / "names"
#: trueocr's recogniser fine-tuned on running text as a poor scan leaves it: faded in patches,
#: blurred, 1-bit (`benchmarks.fadedreader`)
FADED_MODEL = Path(__file__).parent / "models" / "faded"


@dataclass(frozen=True)
class Geometry:
    """What makes a page upright: a clockwise quarter turn, then a small rotation."""

    turn_cw: int       # 0, 90, 180, 270
    skew_deg: float    # counter-clockwise degrees, as cv2.getRotationMatrix2D takes them


@lru_cache(maxsize=2)
def _load_models(threads: int):
    """trueocr's page engine and recogniser, loaded once per process (sessions are
    thread-safe for inference)."""
    try:
        import trueocr
        from trueocr.page import PageEngine
        from trueocr.recognizer import Recognizer
    except ImportError as exc:  # pragma: no cover - installed with the project
        raise DependencyError("trueocr is not installed: run scripts/bootstrap.sh") from exc
    models = Path(trueocr.__file__).parent / "models"
    # onnxruntime would otherwise start a thread per core in every worker process.
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    return PageEngine(models, threads=threads), Recognizer(models, threads=threads)


@lru_cache(maxsize=2)
def _name_recogniser(threads: int):
    """The name reader, loaded on first use (only pages with a signer's name read again)."""
    from trueocr.recognizer import Recognizer

    _load_models(threads)  # sets the thread count before onnxruntime starts
    return Recognizer(NAMES_MODEL, threads=threads)


@lru_cache(maxsize=2)
def _faded_recogniser(threads: int):
    """The faded-print reader, loaded on first use (only pages read poorly are read with it)."""
    from trueocr.recognizer import Recognizer

    _load_models(threads)  # sets the thread count before onnxruntime starts
    return Recognizer(FADED_MODEL, threads=threads)


@lru_cache(maxsize=4)
def _log_prob_session(threads: int, model_dir: Path | None = None):
    """The recogniser's graph (trueocr's, or the one in ``model_dir``) with its per-frame
    log-probabilities as one more output (`LineReader.support`), built on first use: only
    pages whose signer is read again need it, and importing ``onnx`` and rebuilding the
    graph take about a second."""
    import onnx
    import onnxruntime as ort
    import trueocr

    _, recogniser = _load_models(threads)
    models = model_dir or Path(trueocr.__file__).parent / "models"
    model = onnx.load(str(models / "rec.onnx"))
    model.graph.output.append(onnx.helper.make_tensor_value_info(
        _LOG_PROBS, onnx.TensorProto.FLOAT, None))
    return ort.InferenceSession(model.SerializeToString(),
                                recogniser.session.get_session_options(),
                                providers=recogniser.session.get_providers())


class LineReader:
    def __init__(self, threads: int = 1):
        self.threads = threads

    @property
    def _models(self):
        return _load_models(self.threads)

    def geometry(self, gray: np.ndarray) -> Geometry:
        """Orientation (trueocr's orientation model) and skew of a grey page."""
        k, skew = self._upright(gray, turn=True)
        return Geometry(270 if k == _VERTICAL else (90 * k) % 360, skew)

    def skew(self, gray: np.ndarray) -> float:
        """The skew of a grey page as it lies (no turn judged)."""
        return self._upright(gray, turn=False)[1]

    def _upright(self, gray: np.ndarray, turn: bool) -> tuple[int, float]:
        engine, _ = self._models
        try:
            _, k, skew = engine.upright(gray, turn=turn)
        except Exception as exc:  # onnxruntime raises its own types
            raise OcrError(f"page orientation failed: {exc}") from exc
        return k, float(skew)

    def detect(self, gray: np.ndarray) -> list[tuple[int, int, int, int]]:
        """Text-line boxes (x0, y0, x1, y1) of an upright grey page, in no particular order."""
        engine, _ = self._models
        h, w = gray.shape
        try:
            found = engine.detect(gray)
        except Exception as exc:  # onnxruntime raises its own types
            raise OcrError(f"line detection failed: {exc}") from exc
        boxes = []
        for box in found:
            x0, y0 = (max(0, int(np.floor(v))) for v in box[:2])
            x1, y1 = min(w, int(np.ceil(box[2]))), min(h, int(np.ceil(box[3])))
            if x1 > x0 and y1 > y0:
                boxes.append((x0, y0, x1, y1))
        return boxes

    def recognise(self, crops: list[np.ndarray], faded: bool = False
                  ) -> list[tuple[str, float]]:
        """The text and confidence (0..1) of each grey line image (``faded``: by trueocr's
        reader fine-tuned on faded, blurred and 1-bit print, `FADED_MODEL`)."""
        _, stock = self._models  # trueocr missing: its own error, as before
        try:  # the faded model's file unreadable: a reading failure, as any of its errors
            recogniser = _faded_recogniser(self.threads) if faded else stock
            return [(p.text, float(p.confidence))
                    for p in recogniser.predict(crops, batch_size=32)]
        except Exception as exc:
            raise OcrError(f"line reading failed: {exc}") from exc

    def recognise_names(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """As `recognise`, by trueocr's reader fine-tuned on signers' names under seals and
        signature strokes (`ocr/models/names`, trained by `benchmarks.namereader`); for the
        signer's name only: it has seen names, not running text."""
        try:
            return [(p.text, float(p.confidence))
                    for p in _name_recogniser(self.threads).predict(crops, batch_size=32)]
        except Exception as exc:
            raise OcrError(f"name reading failed: {exc}") from exc

    def support(self, crops: list[np.ndarray], texts: list[str],
                names: bool = False) -> list[float]:
        """How well each text fits the line images: its log-probability under the line
        reader (``names``: the name reader, same letters and input), each crop's less that of
        the crop's own reading, summed over the crops (0: as good a fit as the reader's own
        readings; -inf: a letter the reader does not know, or a text too long for a crop)."""
        from trueocr.preprocess import pad_batch, prepare_image

        _, recogniser = self._models
        index = {c: i + 1 for i, c in enumerate(recogniser.chars)}
        frames = []
        try:
            session = _log_prob_session(self.threads, NAMES_MODEL if names else None)
            for crop in crops:
                ink = prepare_image(crop, max_width=recogniser.max_width,
                                    pad_y=recogniser.pad_y, pad_x=recogniser.pad_x)
                tensor, widths = pad_batch([ink])
                lengths, log_probs = session.run(
                    ["lengths", _LOG_PROBS], {"x": tensor, "widths": widths})
                frames.append(log_probs[0, :int(lengths[0])])
        except Exception as exc:  # onnxruntime raises its own types
            raise OcrError(f"line reading failed: {exc}") from exc
        own = [text_log_prob(lp, best_path(lp)) for lp in frames]
        out = []
        for text in texts:
            labels = [index.get(c) for c in text]
            if None in labels:
                out.append(float("-inf"))
                continue
            out.append(sum(text_log_prob(lp, labels) - o for lp, o in zip(frames, own,
                                                                            strict=True)))
        return out

    def _cut_header_rows(self, gray: np.ndarray, boxes: list[Box],
                         read: list[tuple[str, float]], faded: bool = False
                         ) -> tuple[list[Box], list[tuple[str, float]]]:
        """The header's rows read as one line across both columns (the back's print showing
        through or a noisy scan's grain filled the gap between them, or the columns stand
        close) cut where the smoothed ink leaves a gap, and their parts read again
        (`ocr.layout.split_at_gaps`); where no gap shows, the reading is parted where the
        right column's text begins (`ocr.layout.right_column_at`), each part given the share
        of the box its letters take. Only in the page's top third, where the header is."""
        top = gray.shape[0] / 3
        rows = {i: at for i, (text, _) in enumerate(read)
                if boxes[i][1] < top and (at := right_column_at(text)) is not None
                and 0 < at < len(text.rstrip())}
        cut = {i: parts for i in rows
               if len(parts := split_at_gaps(gray, boxes[i], smooth=True)) > 1}
        again = iter(self.recognise([gray[y0:y1, x0:x1] for i in sorted(cut)
                                     for x0, y0, x1, y1 in cut[i]], faded) if cut else [])
        out_boxes, out_read = [], []
        for i, (box, reading) in enumerate(zip(boxes, read, strict=True)):
            if i in cut:
                for part in cut[i]:
                    out_boxes.append(part)
                    out_read.append(next(again))
            elif i in rows:
                text, conf = reading
                x0, y0, x1, y1 = box
                x = x0 + round((x1 - x0) * rows[i] / max(1, len(text)))
                out_boxes += [(x0, y0, x, y1), (x, y0, x1, y1)]
                out_read += [(text[:rows[i]].rstrip(), conf), (text[rows[i]:], conf)]
            else:
                out_boxes.append(box)
                out_read.append(reading)
        return out_boxes, out_read

    def read_lines(self, gray: np.ndarray, faded: bool = False) -> list[Line]:
        """Text lines of an upright, straightened grey page, in reading order (``faded``: read
        by the faded-print reader)."""
        engine, _ = self._models
        h, w = gray.shape
        boxes, crops = [], []
        for box in self.detect(gray):
            for part in split_at_gaps(gray, box):
                boxes.append(part)
                crops.append(gray[part[1]:part[3], part[0]:part[2]])
        if not crops:
            return []
        read = self.recognise(crops, faded)
        boxes, read = self._cut_header_rows(gray, boxes, read, faded)
        try:
            order = engine.reading_order(np.asarray(boxes, np.float32).reshape(-1, 4),
                                         [text for text, _ in read], (w, h))
            order = page_order(boxes, [int(i) for i in order], [text for text, _ in read])
        except Exception as exc:
            raise OcrError(f"line reading failed: {exc}") from exc
        return [Line(*read[i], boxes[i]) for i in order]
