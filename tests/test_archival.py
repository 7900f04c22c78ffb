"""`sohoa ocr` and the archival PDF/A copy, on generated scans, with the real engines."""

import hashlib
import json
import subprocess
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from ocr.archival import write_archival_pdf
from ocr.engine import Engine
from ocr.files import expand, ocr_file
from ocr.options import OcrOptions
from sohoa.cli import main
from sohoa.samples.build import write_corrupt_pdf, write_scan
from sohoa.samples.documents import SampleDoc

ENGINE = Engine(OcrOptions(pdf_dpi=200))


def doc(**kw) -> SampleDoc:
    base = dict(result_id="000.22.11.H01-250210-0009", unit="X02", procedure="ct", number=15,
                issued=date(2025, 2, 10), person="Võ Văn Lực", signer="Trương Công Định")
    return SampleDoc(**{**base, **kw})


def pixels_hash(img: Image.Image) -> str:
    return hashlib.sha256(img.tobytes()).hexdigest()


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.parametrize("name,variant", [("qd.png", ""), ("qd.tif", "bilevel"),
                                          ("qd.jpg", "upside_down")])
def test_archival_pdf_keeps_pixels_and_is_searchable_pdfa(tmp_path: Path, name, variant):
    src = tmp_path / name
    write_scan(doc(variant=variant), src)
    pages = [o for _, o in ENGINE.read_pages(src, src.name)]
    out = write_archival_pdf(src, pages, tmp_path / "out" / "qd.pdf")

    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1
        (image,) = (pikepdf.PdfImage(x) for x in pdf.pages[0].get_images().values())
        with Image.open(src) as original:
            assert (image.width, image.height) == original.size
            assert pixels_hash(image.as_pil_image()) == pixels_hash(original)
            if src.suffix == ".jpg":  # a JPEG is embedded byte for byte, not re-encoded
                assert image.obj.read_raw_bytes() == src.read_bytes()
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3
        assert pdf.pdf_version >= "1.7"
        if variant == "upside_down":  # shown upright, pixels not turned
            assert int(pdf.pages[0].Rotate) == 180
    text = pdftotext(out)
    for expected in ("QUYẾT ĐỊNH", "Số: 15/QĐ-UBND", "ỦY BAN NHÂN DÂN", "Độc lập - Tự do"):
        assert expected in text, expected
    if variant != "bilevel":  # a 1-bit scan turns the red seal black: see README, limits
        assert "Trương Công Định" in text


def test_pdf_input_keeps_its_pages_and_gains_a_text_layer(tmp_path: Path):
    src = tmp_path / "two.pdf"
    write_scan(doc(pages=2, procedure="gpxd"), src)
    before = pikepdf.open(src)
    images_before = [pixels_hash(pikepdf.PdfImage(x).as_pil_image())
                     for p in before.pages for x in p.get_images().values()]
    assert pdftotext(src).strip() == ""  # a scanner PDF: no text
    pages = [o for _, o in ENGINE.read_pages(src, src.name)]
    out = write_archival_pdf(src, pages, tmp_path / "two-a.pdf")
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2
        assert [pixels_hash(pikepdf.PdfImage(x).as_pil_image())
                for p in pdf.pages for x in p.get_images().values()] == images_before
    text = pdftotext(out)
    assert "GIẤY PHÉP XÂY DỰNG" in text and "Nơi nhận" in text


def test_ocr_reads_the_signer_under_the_seal_and_the_header_fields(tmp_path: Path):
    src = tmp_path / "qd.png"
    write_scan(doc(), src)
    result = ocr_file(src, tmp_path / "out", ENGINE)
    assert result.error is None and result.pages == 1 and result.review == 0
    fields = json.loads((tmp_path / "out" / "qd.json").read_text(encoding="utf-8"))["fields"]
    values = {k: v["value"] for k, v in fields.items() if v}
    assert values["signer"] == "Trương Công Định"  # printed under the red seal
    assert values["number"] == "15/QĐ-UBND"
    assert values["date"] == "2025-02-10"
    assert values["doc_type"] == "QUYẾT ĐỊNH"
    assert values["issuing_body"] == "ỦY BAN NHÂN DÂN XÃ TÂN LẬP"
    assert values["subject"].startswith("Về việc")
    assert all(0 < v["certainty"] <= 1 for v in fields.values() if v)


def test_sohoa_ocr_command_writes_page_texts_and_pdfs_and_names_bad_files(tmp_path: Path,
                                                                          capsys):
    inbox = tmp_path / "in"
    write_scan(doc(pages=2, procedure="gpxd", variant="bilevel"), inbox / "gp.tif")
    write_scan(doc(variant="sideways"), inbox / "ct.jpg")
    write_corrupt_pdf(inbox / "hong.pdf")
    (inbox / "manifest.csv").write_text("file,result_id\n", encoding="utf-8")
    assert [p.name for p in expand([inbox])] == ["ct.jpg", "gp.tif", "hong.pdf"]

    rc = main(["ocr", str(inbox), "--output-dir", str(tmp_path / "out"), "--pdf"])
    out = capsys.readouterr()
    assert rc == 3  # one file could not be read: bad input (ExitCode.BAD_INPUT)
    assert "hong.pdf: not read: not a readable PDF" in out.err
    assert "2 file(s) read" in out.out
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["ct.json", "ct.pdf", "ct_p1.txt", "gp.json", "gp.pdf",
                     "gp_p1.txt", "gp_p2.txt"]
    p1 = (tmp_path / "out" / "gp_p1.txt").read_text(encoding="utf-8")
    assert "GIẤY PHÉP XÂY DỰNG" in p1 and p1.endswith("\n")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in (tmp_path / "out" / "ct_p1.txt").read_text(
        encoding="utf-8")
    with pikepdf.open(tmp_path / "out" / "gp.pdf") as pdf:
        assert len(pdf.pages) == 2
