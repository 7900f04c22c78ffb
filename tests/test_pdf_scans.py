"""A scanner's black-and-white page stored in a PDF (CCITT G4 or JBIG2) is read as the 1-bit
scan it is.

Rendered, poppler interpolates a 1-bit image into grey at any resolution, its own too: the page
then went the grey scan's way, not the 1-bit scan's (its seal rings, its smoothing, its retry
with faint print kept)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import numpy as np
import pikepdf
from PIL import Image

from ocr.archival import write_archival_pdf
from ocr.documents import document_fields
from ocr.engine import Engine
from ocr.options import OcrOptions
from ocr.raster import iter_pages
from sohoa.samples.build import write_scan
from sohoa.samples.documents import SampleDoc
from sohoa.samples.jbig2 import store_as_jbig2


def doc(**kw) -> SampleDoc:
    base = dict(result_id="000.22.11.H01-250210-0009", unit="X02", procedure="ct", number=15,
                issued=date(2025, 2, 10), person="Võ Văn Lực", signer="Trương Công Định",
                variant="bilevel")
    return SampleDoc(**{**base, **kw})


def stored(path: Path) -> np.ndarray:
    with pikepdf.open(path) as pdf:
        (image,) = pdf.pages[0].get_images().values()
        return np.asarray(pikepdf.PdfImage(image).as_pil_image().convert("L"))


def test_a_one_bit_pdf_page_comes_as_the_scanner_stored_it(tmp_path: Path, caplog):
    path = tmp_path / "qd.pdf"
    write_scan(doc(), path, dpi=200)
    caplog.set_level("INFO", logger="sohoa.ocr")
    (page,) = iter_pages(path, path.name, 300)
    # its own pixels at its own resolution: black and white, not poppler's grey at 300 dpi
    assert page.dpi == 200
    assert set(np.unique(page.rgb)) == {0, 255}
    assert np.array_equal(page.rgb[..., 0], stored(path))
    assert "qd.pdf p1: a 1-bit scan, read as stored (200 dpi)" in caplog.text


def jbig2_scan(path: Path, dpi: int = 200, **kw) -> np.ndarray:
    """A 1-bit scan stored as JBIG2 in a PDF; the pixels it was stored from."""
    write_scan(doc(**kw), path, dpi=dpi)
    pixels = stored(path)
    store_as_jbig2(path)
    with pikepdf.open(path) as pdf:
        (image,) = pdf.pages[0].get_images().values()
        assert image.Filter == pikepdf.Name.JBIG2Decode
    return pixels


def test_a_jbig2_pdf_page_comes_as_the_scanner_stored_it(tmp_path: Path, caplog):
    path = tmp_path / "qd.pdf"
    pixels = jbig2_scan(path)
    caplog.set_level("INFO", logger="sohoa.ocr")
    (page,) = iter_pages(path, path.name, 300)
    assert page.dpi == 200
    assert np.array_equal(page.rgb[..., 0], pixels)
    assert "qd.pdf p1: a 1-bit scan, read as stored (200 dpi)" in caplog.text


def test_without_jbig2dec_a_jbig2_page_is_rendered_and_the_log_says_what_to_install(
        tmp_path: Path, monkeypatch, caplog):
    path = tmp_path / "qd.pdf"
    jbig2_scan(path)
    tools = tmp_path / "bin"  # poppler's tools, and no jbig2dec
    tools.mkdir()
    for tool in ("pdfinfo", "pdftoppm"):
        (tools / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(tools))
    (page,) = iter_pages(path, path.name, 300)
    assert page.dpi == 300 and len(np.unique(page.rgb)) > 2  # poppler's grey at 300 dpi
    assert ("qd.pdf p1: jbig2dec - not installed or not found; the page is rendered and read "
            "as grey: run scripts/bootstrap.sh (Debian package jbig2dec)") in caplog.text


def test_a_one_bit_pdf_page_turned_by_its_rotate_comes_turned(tmp_path: Path):
    path = tmp_path / "qd.pdf"
    write_scan(doc(), path, dpi=200)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(path)
    (page,) = iter_pages(path, path.name, 300)
    assert np.array_equal(page.rgb[..., 0], np.rot90(stored(path), k=-1))  # a quarter clockwise


def test_a_pdf_page_with_more_than_its_scan_on_it_is_rendered(tmp_path: Path):
    # a line drawn over the scan (a note, a form's frame) is part of the page as shown
    path = tmp_path / "qd.pdf"
    write_scan(doc(), path, dpi=200)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].contents_add(b"q 2 w 50 50 m 300 50 l S Q", prepend=False)
        pdf.save(path)
    (page,) = iter_pages(path, path.name, 300)
    assert page.dpi == 300 and len(np.unique(page.rgb)) > 2  # poppler's grey at 300 dpi


def test_a_one_bit_scan_reads_the_same_from_a_pdf_as_from_a_tiff(tmp_path: Path):
    # 1-bit, 300 dpi, the seal's inner ring through the name: read again under the seal
    kw = dict(signer="Đặng Quốc Phước", seal_above_mm=8)
    pdf, tif, jbig2 = tmp_path / "seal.pdf", tmp_path / "seal.tif", tmp_path / "seal-jbig2.pdf"
    write_scan(doc(**kw), pdf, dpi=300)
    write_scan(doc(**kw), tif, dpi=300)
    with Image.open(tif) as im:
        assert np.array_equal(np.asarray(im.convert("L")), stored(pdf))
    jbig2_scan(jbig2, dpi=300, **kw)
    engine = Engine(OcrOptions(pdf_dpi=300))
    from_pdf, from_tif, from_jbig2 = ([ocr for _, ocr in engine.read_pages(p, p.name)]
                                      for p in (pdf, tif, jbig2))
    assert from_pdf[0].text == from_tif[0].text == from_jbig2[0].text
    assert document_fields(from_pdf)["signer"]["value"] == "Đặng Quốc Phước"
    # the archival copy of a JBIG2 page keeps its image as it was stored
    kept = write_archival_pdf(jbig2, from_jbig2, tmp_path / "out" / "seal-jbig2.pdf")
    with pikepdf.open(jbig2) as before, pikepdf.open(kept) as after:
        (a,), (b,) = (p.pages[0].get_images().values() for p in (before, after))
        assert b.Filter == pikepdf.Name.JBIG2Decode
        assert b.read_raw_bytes() == a.read_raw_bytes()
    # the archival copy's text lies over its print: the page read at the scan's own size is
    # mapped onto the PDF page's points
    out = write_archival_pdf(pdf, from_pdf, tmp_path / "out" / "seal.pdf")
    html = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', html).group(1))
    words: dict[str, float] = {}  # each word's first place down the page
    for y, word in re.findall(r'yMin="([\d.]+)"[^>]*>([^<]+)</word>', html):
        words.setdefault(word, float(y))
    assert words["ỦY"] < 0.15 * height < 0.6 * height < words["Phước"]
