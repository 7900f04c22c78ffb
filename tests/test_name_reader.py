"""The signer's name reader: trueocr's line reader fine-tuned on drawn name lines under seals
(`ocr/models/names`, trained by `benchmarks.namereader`)."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from ocr.linereader import NAMES_MODEL, LineReader

STOCK = Path(__import__("trueocr").__file__).parent / "models"


def test_the_name_reader_ships_with_the_project_and_names_its_base_and_licence():
    meta = json.loads((NAMES_MODEL / "meta.json").read_text(encoding="utf-8"))
    stock = json.loads((STOCK / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "sohoa-names-r01" and meta["base"] == stock["name"]
    assert meta["charset"] == stock["charset"]  # the same letters, so the same decoding
    assert "Apache License" in (NAMES_MODEL / "LICENSE").read_text(encoding="utf-8")


def test_drawn_name_lines_are_names_the_reader_can_spell():
    from benchmarks.namereader.lines import draw

    chars = set(json.loads((STOCK / "meta.json").read_text(encoding="utf-8"))["charset"])
    rnd = random.Random(3)
    for _ in range(20):
        line = draw(rnd)
        assert line.image.dtype == np.uint8 and min(line.image.shape) > 8
        assert line.text == unicodedata.normalize("NFC", line.text)
        assert 2 <= len(line.text.split()) <= 4 and set(line.text) - {" "} <= chars
        assert (line.image < 128).any()  # ink, not a blank crop


def test_the_trainable_graph_computes_what_trueocr_computes():
    torch = pytest.importorskip("torch")  # the `train` extra (make train-names)
    import onnx
    import onnxruntime as ort

    from benchmarks.namereader.graph import LOG_PROBS, OnnxGraph

    model = onnx.load(str(STOCK / "rec.onnx"))
    model.graph.output.append(onnx.helper.make_tensor_value_info(
        LOG_PROBS, onnx.TensorProto.FLOAT, None))
    session = ort.InferenceSession(model.SerializeToString())
    x = (np.random.default_rng(0).random((2, 1, 96, 136)) > 0.8).astype(np.float32)
    widths = np.array([128, 64])
    want, lengths = session.run([LOG_PROBS, "lengths"], {"x": x, "widths": widths})
    with torch.no_grad():
        got, got_lengths = OnnxGraph(STOCK / "rec.onnx")(torch.from_numpy(x),
                                                         torch.from_numpy(widths))
    assert got_lengths.tolist() == lengths.tolist()
    assert np.abs(got.numpy() - want).max() < 1e-3


def test_a_name_line_crossed_by_a_black_ring_is_spelt_as_printed():
    """A name as a 1-bit seal leaves it: the seal's black ring through its first words (the
    stock reader reads "DănVăn Hùng" here)."""
    import cv2
    from PIL import Image, ImageDraw, ImageFont

    from sohoa.samples.render import font_path

    name = "Trần Văn Hùng"
    page = Image.new("L", (900, 130), 255)
    ImageDraw.Draw(page).text((40, 40), name, font=ImageFont.truetype(font_path("Bold"), 54),
                              fill=0)
    ink = np.asarray(page).copy()
    cv2.circle(ink, (60, -120), 200, 0, 6)
    assert LineReader().recognise_names([ink[30:115, 10:880]])[0][0] == name


def test_a_signers_name_under_a_one_bit_seal_is_read_as_printed(tmp_path: Path):
    """A page of the signer benchmark (seed 73, its second page): the 1-bit seal's lettering
    and ring over the name. With the stock reader the engine gave "Nhâm Kim Toàn"."""
    from datetime import date

    from ocr.documents import document_fields
    from ocr.engine import Engine
    from ocr.options import OcrOptions
    from sohoa.samples.build import write_scan
    from sohoa.samples.documents import SampleDoc

    doc = SampleDoc(result_id="000.00.00.X02-250210-0001", unit="X02", procedure="ct",
                    number=15, issued=date(2025, 2, 10), person="Võ Văn Lực",
                    signer="Doãn Kim Toàn", variant="bilevel", seal_above_mm=12.0)
    path = tmp_path / "signer-0001.tif"
    write_scan(doc, path, dpi=200)
    pages = Engine(OcrOptions(pdf_dpi=200)).read_all(path, path.name)
    assert document_fields(pages)["signer"]["value"] == "Doãn Kim Toàn"
