"""Tesseract in-process (tesserocr over Debian's libtesseract): the system's engine, one per
thread, and its failures as the project's errors."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import tesseract
from ocr.tesseract import check_tesseract, recognise_lines, recognise_words
from pipeline.errors import DependencyError, OcrError
from sohoa.samples.render import font_path

FONT = ImageFont.truetype(font_path(), 50)


def line(text: str, width: int = 900) -> np.ndarray:
    img = Image.new("L", (width, 80), 255)
    ImageDraw.Draw(img).text((10, 10), text, font=FONT, fill=0)
    return np.asarray(img)


def test_the_engine_is_the_systems_tesseract():
    assert check_tesseract("vie") == tesseract._binary_version()


def test_a_tesserocr_built_against_another_tesseract_is_refused(monkeypatch):
    import tesserocr

    monkeypatch.setattr(tesserocr, "tesseract_version",
                        lambda: "tesseract 5.5.4\n leptonica-1.85.0")
    with pytest.raises(DependencyError) as err:
        check_tesseract("vie")
    message = str(err.value)
    assert "5.5.4" in message and tesseract._binary_version() in message
    assert "scripts/bootstrap.sh" in message and "--no-binary tesserocr" in message


def test_lines_read_in_threads_side_by_side_keep_their_own_text():
    texts = ["Nguyễn Văn Đức", "ỦY BAN NHÂN DÂN", "Trần Thị Hòa", "Quyết định số 15"]
    imgs = [line(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        read = list(pool.map(lambda _: recognise_lines(imgs, 300, "vie", 60), range(8)))
    assert all([text for text, _ in r] == texts for r in read)


def test_a_page_past_its_time_limit_is_an_ocr_error_at_the_limit_and_the_next_call_reads():
    """Tesseract stops recognising at its limit but not laying a page out: a page of noise
    (eight seconds of layout here) is given up at the limit all the same, as the binary was killed
    at it, and the next call reads with another Tesseract."""
    import time

    noise = np.where(np.random.default_rng(0).random((1500, 1500)) < 0.1, 0, 255)
    start = time.monotonic()
    with pytest.raises(OcrError, match="timed out"):
        recognise_words(noise.astype(np.uint8), 300, "vie", 0.3)
    assert time.monotonic() - start < 0.3 + tesseract._GRACE + 0.5
    words = recognise_words(line("ỦY BAN NHÂN DÂN"), 300, "vie", 60, psm=7)
    assert [w.text for w in words] == ["ỦY", "BAN", "NHÂN", "DÂN"]
    page = np.vstack([line("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6",
                           2000)] * 30)
    with pytest.raises(OcrError, match="timed out"):  # and a page of print, in recognition
        recognise_words(page, 300, "vie", 0.01)


@pytest.mark.parametrize("img", [np.zeros((0, 40), np.uint8), np.zeros((20, 40), np.float32)])
def test_an_image_tesseract_cannot_take_is_one_clear_error(img):
    with pytest.raises(OcrError, match="8-bit grey or RGB"):
        recognise_words(img, 300, "vie", 60)


def test_leptonicas_complaints_stay_out_of_the_output(capfd):
    """Leptonica writes its errors on stderr while Tesseract lays some pages out ("Error in
    boxClipToRectangle"); in-process they would run through the command's output."""
    import ctypes

    recognise_words(line("Số: 15/QĐ-UBND"), 300, "vie", 60, psm=7)
    with open("/proc/self/maps", encoding="utf-8") as maps:
        (path,) = {ln.split()[-1] for ln in maps if "/liblept" in ln}
    capfd.readouterr()
    ctypes.CDLL(path).boxClipToRectangle(None, 10, 10)  # an error leptonica would report
    assert "Error in" not in capfd.readouterr().err
