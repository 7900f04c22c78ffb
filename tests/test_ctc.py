"""How well a spelling fits a line image, by the line reader's own probabilities."""

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.ctc import best_path, text_log_prob
from ocr.linereader import LineReader
from sohoa.samples.render import font_path


def test_a_letter_over_two_frames_sums_every_way_of_laying_it():
    # blank and "a": "a" held twice, "a" then blank, blank then "a"
    frames = np.log(np.array([[0.4, 0.6], [0.7, 0.3]]))
    assert text_log_prob(frames, [1]) == pytest.approx(math.log(0.6 * 0.3 + 0.6 * 0.7
                                                                + 0.4 * 0.3))
    # "aa" needs a blank between its letters: three frames at least
    assert text_log_prob(frames, [1, 1]) == float("-inf")
    assert best_path(frames) == [1]


def line(text: str, pt: int = 44) -> np.ndarray:
    font = ImageFont.truetype(font_path("Bold"), pt)
    width = int(font.getlength(text)) + 2 * pt
    image = Image.new("L", (width, 2 * pt), 255)
    ImageDraw.Draw(image).text((pt, pt // 3), text, font=font, fill=0)
    return np.asarray(image)


def test_the_printed_spelling_of_a_name_fits_its_line_better_than_its_rivals():
    crop = line("Doãn Văn Nghĩa")
    printed, rival, unknown = LineReader().support(
        [crop], ["Doãn Văn Nghĩa", "Đoàn Văn Nghĩa", "Doãn Văn Nghĩa ✓"])
    assert printed == pytest.approx(0.0, abs=0.5)   # as good as the reader's own reading
    assert rival < printed - 1
    assert unknown == float("-inf")                 # a sign the reader has no class for
