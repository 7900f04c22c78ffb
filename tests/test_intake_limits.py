"""Intake limits: a file past one is refused with its reason before any pixel is decoded or any
PDF page rendered (no OCR runs here), and image modes that cannot be read faithfully are
refused by name."""

import io
import struct
import warnings
import zlib
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageFile

import ocr.raster
from ocr.engine import Engine
from ocr.files import ocr_file
from ocr.options import OcrOptions
from ocr.raster import check_intake, iter_pages
from pipeline.errors import BadInputError

MM = 72 / 25.4  # PDF points per mm


def png_bomb(path: Path, width: int, height: int) -> Path:
    """A PNG of a few dozen bytes whose header declares width x height pixels: a 1x1 image
    with its IHDR width, height and CRC rewritten."""
    buf = io.BytesIO()
    Image.new("L", (1, 1), 255).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))
    return path


def pdf_with_pages(path: Path, *sizes_mm: tuple[float, float], crop_a4: bool = False) -> Path:
    pdf = pikepdf.new()
    for w, h in sizes_mm:
        page = pdf.add_blank_page(page_size=(w * MM, h * MM))
        if crop_a4:  # shown as A4, but pdftoppm renders the whole MediaBox
            page.obj.CropBox = [0, 0, 210 * MM, 297 * MM]
    pdf.save(path)
    return path


@pytest.fixture
def nothing_decoded(monkeypatch):
    """Decoding an image or rendering a PDF page fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("pixels decoded or a page rendered before the limits were checked")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    monkeypatch.setattr("pdf2image.convert_from_path", refuse)


def refused(path: Path, **options) -> BadInputError:
    engine = Engine(OcrOptions(**options))
    with pytest.raises(BadInputError) as info:
        engine.read(path, path.name)
    assert info.value.name == path.name
    assert str(info.value) == f"{path.name}: {info.value.reason}"
    assert "\n" not in info.value.reason
    return info.value


def test_a_png_bomb_is_refused_from_its_header(tmp_path: Path, nothing_decoded):
    bomb = png_bomb(tmp_path / "bom.png", 60000, 60000)
    assert bomb.stat().st_size < 4096
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning either
        error = refused(bomb)
    assert error.reason == ("trang quá lớn (page too large): 60000×60000 px = 3600 MP, "
                            "giới hạn (limit) 180 MP")


@pytest.mark.parametrize("side,limit_mp", [(15000, 1000), (60000, 100_000)])
def test_pillows_own_limit_is_a_bad_input_not_a_warning_or_a_crash(tmp_path: Path, side,
                                                                    limit_mp,
                                                                    nothing_decoded):
    # past the configured limit Pillow's (200 MP; it warns past it, refuses past twice it)
    # still stands, and is reported in the same words
    bomb = png_bomb(tmp_path / "bom.png", side, side)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        error = refused(bomb, max_megapixels=limit_mp)
    mp = side * side // 1_000_000
    assert error.reason == (f"trang quá lớn (page too large): {side}×{side} px = {mp} MP, "
                            "giới hạn của Pillow (Pillow's limit) 200 MP")


def test_pillows_decompression_bomb_error_at_decoding_becomes_a_bad_input(tmp_path: Path,
                                                                           monkeypatch):
    # should a page get past the header check, Pillow's own refusal is still a BadInputError
    monkeypatch.setattr(ocr.raster, "_check_pixels", lambda *a, **k: None)
    bomb = png_bomb(tmp_path / "bom.png", 60000, 60000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(BadInputError) as info:
            list(iter_pages(bomb, bomb.name))
    assert info.value.reason.startswith("trang quá lớn (page too large): ")
    assert "decompression bomb" in info.value.reason


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, nothing_decoded):
    path = tmp_path / "scan.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (200, 200), np.uint8)).save(path)
    size = path.stat().st_size
    error = refused(path, max_file_mb=0.01)
    assert error.reason == (f"tệp quá lớn (file too large): {size / 1e6:.2f} MB, "
                            "giới hạn (limit) 0.01 MB")


def test_a_multi_page_tiff_with_too_many_frames_is_refused(tmp_path: Path, nothing_decoded):
    path = tmp_path / "many.tif"
    frames = [Image.new("L", (50, 70), 255) for _ in range(4)]
    frames[0].save(path, "TIFF", save_all=True, append_images=frames[1:])
    error = refused(path, max_pages=3)
    assert error.reason == "quá nhiều trang (too many pages): 4 trang (pages), giới hạn (limit) 3"
    assert check_intake(path, path.name, OcrOptions(max_pages=4)) == ("tiff", 4)


def test_a_pdf_with_too_many_pages_is_refused(tmp_path: Path, nothing_decoded):
    path = pdf_with_pages(tmp_path / "many.pdf", *[(210, 297)] * 5)
    error = refused(path, max_pages=4)
    assert error.reason == "quá nhiều trang (too many pages): 5 trang (pages), giới hạn (limit) 4"


@pytest.mark.parametrize("crop_a4", [False, True])
def test_a_pdf_page_of_five_metres_is_refused_by_its_mediabox(tmp_path: Path, crop_a4,
                                                               nothing_decoded):
    path = pdf_with_pages(tmp_path / "ban-do.pdf", (5000, 5000), crop_a4=crop_a4)
    assert path.stat().st_size < 4096
    error = refused(path)
    assert error.reason == ("trang quá lớn (page too large): 5000×5000 mm, "
                            "giới hạn (limit) 1500 mm")


def test_the_page_past_a_limit_is_named_in_a_pdf_of_several(tmp_path: Path, nothing_decoded):
    path = pdf_with_pages(tmp_path / "ho-so.pdf", (210, 297), (420, 1600), (210, 297))
    error = refused(path)
    assert error.reason == ("trang 2 quá lớn (page 2 too large): 420×1600 mm, "
                            "giới hạn (limit) 1500 mm")


def test_a_pdf_page_too_many_pixels_at_the_render_resolution_is_refused(tmp_path: Path,
                                                                         nothing_decoded):
    # A0 (841 x 1189 mm) is within 1500 mm, but at 300 dpi it is 139.5 MP
    path = pdf_with_pages(tmp_path / "a0.pdf", (841, 1189))
    error = refused(path, max_megapixels=100, pdf_dpi=300)
    assert error.reason == ("trang quá lớn (page too large): 9934×14044 px ở 300 dpi "
                            "(at 300 dpi) = 139.5 MP, giới hạn (limit) 100 MP")


def test_files_within_the_limits_pass(tmp_path: Path):
    pdf = pdf_with_pages(tmp_path / "a4.pdf", (210, 297), (297, 210))
    assert check_intake(pdf, pdf.name, OcrOptions(max_pages=2), 300) == ("pdf", 2)
    png = tmp_path / "a4.png"
    Image.new("L", (1654, 2339), 255).save(png)
    assert check_intake(png, png.name, OcrOptions(max_megapixels=3.9)) == ("png", 1)
    pages = list(iter_pages(pdf, pdf.name, 72, OcrOptions(max_pages=2)))
    assert [p.rgb.shape[:2] for p in pages] == [(842, 596), (596, 842)]  # 595.3 x 841.9 pt


def test_ocr_file_names_the_refused_file_and_its_reason(tmp_path: Path, nothing_decoded):
    bomb = png_bomb(tmp_path / "bom.png", 60000, 60000)
    outcome = ocr_file(bomb, tmp_path / "out", Engine())
    assert outcome.pages == 0 and outcome.error.startswith("trang quá lớn (page too large)")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name,make,reason", [
    ("float.tif", lambda: Image.fromarray(np.full((40, 30), 0.5, np.float32)),
     "kiểu ảnh không hỗ trợ (unsupported image mode): F (32-bit float)"),
    ("int32.tif", lambda: Image.fromarray(np.full((40, 30), 1_000_000, np.int32)),
     "kiểu ảnh không hỗ trợ (unsupported image mode): I (32-bit integer, values "
     "1000000..1000000)"),
])
def test_image_modes_that_cannot_be_read_faithfully_are_refused_by_name(tmp_path: Path, name,
                                                                        make, reason):
    path = tmp_path / name
    make().save(path)
    with pytest.raises(BadInputError) as info:
        list(iter_pages(path, name))
    assert info.value.reason == reason
