"""Real Tesseract (vie) on small generated pages in every format."""

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from ocr.engine import Engine, document_fields
from ocr.options import OcrOptions
from pipeline.errors import BadInputError
from sohoa.samples.build import write_corrupt_pdf, write_scan
from sohoa.samples.documents import SampleDoc

ENGINE = Engine(OcrOptions(pdf_dpi=200))


def doc(**kw) -> SampleDoc:
    base = dict(result_id="000.22.11.H01-250210-0009", unit="X02", procedure="ct", number=15,
                issued=date(2025, 2, 10), person="Võ Văn Lực", signer="Trương Công Định")
    return SampleDoc(**{**base, **kw})


def words(text: str) -> set[str]:
    return set(text.split())


def test_engine_reports_tesseract_with_vietnamese():
    assert ENGINE.check().startswith("5.")


def test_vietnamese_words_with_diacritics_are_read(tmp_path: Path):
    path = tmp_path / "qd.png"
    write_scan(doc(), path)
    (page,) = ENGINE.read(path, path.name)
    assert unicodedata.is_normalized("NFC", page.text)
    for expected in ("ỦY BAN NHÂN DÂN", "QUYẾT ĐỊNH", "Độc lập - Tự do - Hạnh phúc",
                     "Điều 1.", "quyền sử dụng đất", "XÃ TÂN LẬP", "Võ Văn Lực",
                     "Trương Công Định"):  # the signer's name is printed under the red seal
        assert expected in page.text, expected
    assert "Số: 15/QĐ-UBND" in page.text
    assert page.confidence > 80


def test_signer_name_under_a_one_bit_seal_is_read_again(tmp_path: Path):
    # 1-bit scan: the seal is as black as the print and its inner ring cuts the name's letters
    path = tmp_path / "seal.tif"
    write_scan(doc(variant="bilevel", signer="Đặng Quốc Phước", seal_above_mm=8), path, dpi=300)
    pages = [ocr for _, ocr in Engine(OcrOptions(pdf_dpi=300)).read_pages(path, path.name)]
    assert pages[0].text.splitlines()[-1] == "Đặng Quốc Phước"
    assert document_fields(pages)["signer"]["value"] == "Đặng Quốc Phước"


def test_a_signing_block_without_a_readable_name_is_flagged_for_review(tmp_path: Path):
    signed, unsigned = tmp_path / "signed.png", tmp_path / "unsigned.png"
    write_scan(doc(), signed)
    write_scan(doc(signer=""), unsigned)  # title and seal, but no printed name under them
    assert not ENGINE.read(signed, signed.name)[0].needs_review
    (page,) = ENGINE.read(unsigned, unsigned.name)
    assert page.needs_review
    assert "CHỦ TỊCH" in page.text


@pytest.mark.parametrize("variant,turn", [("upside_down", 180), ("sideways", 90)])
def test_turned_pages_are_read_upright(tmp_path: Path, variant, turn):
    path = tmp_path / f"{variant}.jpg"
    write_scan(doc(variant=variant), path)
    (page,) = ENGINE.read(path, path.name)
    assert page.rotated_deg == turn
    assert {"CỘNG", "HÒA", "Độc", "lập"} <= words(page.text)


def test_skewed_scan_is_deskewed_and_read(tmp_path: Path):
    path = tmp_path / "skew.png"
    write_scan(doc(variant="skew"), path)
    (page,) = ENGINE.read(path, path.name)
    assert abs(page.skew_deg + 2.0) <= 0.2
    assert "Chứng thực hợp đồng" in page.text or "chứng thực" in page.text


def test_multi_page_pdf_and_bilevel_tiff_give_every_page(tmp_path: Path):
    pdf, tif = tmp_path / "two.pdf", tmp_path / "two.tif"
    write_scan(doc(pages=2, procedure="gpxd"), pdf)
    write_scan(doc(pages=2, procedure="gpxd", variant="bilevel"), tif)
    for path in (pdf, tif):
        pages = ENGINE.read(path, path.name)
        assert [p.page_no for p in pages] == [1, 2]
        assert "GIẤY PHÉP XÂY DỰNG" in pages[0].text
        assert "Nơi nhận" in pages[1].text  # the signature block is on the last page


@pytest.mark.parametrize("name,content,reason", [
    ("empty.png", b"", "empty"),
    ("cut.pdf", None, "not a readable PDF"),
    ("note.jpg", "Biên bản họp".encode(), "not a PDF, TIFF, JPEG or PNG"),
    ("half.png", None, "cannot be read"),
])
def test_bad_files_raise_an_error_naming_file_and_reason(tmp_path: Path, name, content, reason):
    path = tmp_path / name
    if name == "cut.pdf":
        write_corrupt_pdf(path)
    elif name == "half.png":
        write_scan(doc(), path)
        path.write_bytes(path.read_bytes()[:5000])  # a copy cut short
    else:
        path.write_bytes(content)
    with pytest.raises(BadInputError) as info:
        ENGINE.read(path, name)
    assert info.value.name == name and reason in info.value.reason
    assert str(info.value).startswith(f"{name}: ")
