"""What a records clerk notices: a number and date filled in by hand on the printed page are
read as figures, and figures that cannot be read are left unread, never made up. Real
readers (trueocr's line reader, Tesseract) on lines rendered here."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.figures import _agreed, _keyword_ends, _read_alone, by_hand, reread_figures
from ocr.linereader import LineReader
from ocr.merge import Line
from ocr.tesseract import line_chars, read_digits
from pipeline.content_match import SURE
from pipeline.header import extract_header
from sohoa.samples.render import font_path

PT = 54  # 13 pt at 300 dpi


def _line(pieces: list[tuple[str, bool]], seed: int = 0, ink: int = 0,
          pen_ink: int = 70) -> np.ndarray:
    """One header line: printed pieces in Liberation Serif, pieces filled in by hand in a
    slanted face, larger, turned a little and standing higher, in pen ink (``ink``,
    ``pen_ink``: their grey levels)."""
    rnd = np.random.default_rng(seed)
    printed = ImageFont.truetype(font_path("Regular"), PT)
    pen = ImageFont.truetype(font_path("Italic"), round(PT * 1.25))
    img = Image.new("L", (2200, 2 * PT), 255)
    draw = ImageDraw.Draw(img)
    x = 20
    for text, handwritten in pieces:
        if not handwritten:
            draw.text((x, PT // 2), text, font=printed, fill=ink)
            x += round(printed.getlength(text))
            continue
        x += PT // 6
        for ch in text:
            w = round(pen.getlength(ch))
            glyph = Image.new("L", (w + PT, 2 * PT), 0)
            ImageDraw.Draw(glyph).text((PT // 2, PT // 4), ch, font=pen, fill=255)
            glyph = glyph.rotate(float(rnd.uniform(-8, 8)), resample=Image.BICUBIC)
            img.paste(Image.new("L", glyph.size, pen_ink), (x - PT // 2, PT // 2 - PT // 3),
                      glyph)
            x += w
        x += PT // 6
    return np.asarray(img)[:, : x + 20].copy()


def _page(*rows: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    page = np.full((400 + 200 * len(rows), 2400), 255, np.uint8)
    boxes = []
    for k, row in enumerate(rows):
        y = 200 + 200 * k
        page[y:y + row.shape[0], 100:100 + row.shape[1]] = row
        boxes.append((100, y + PT // 3, 100 + row.shape[1], y + row.shape[0] - PT // 3))
    return page, boxes


def _reread(page: np.ndarray, lines: list[Line]) -> list[str]:
    return [ln.text for ln in reread_figures(
        lines, page, lambda imgs: line_chars(imgs, 300, "vie", 60),
        LineReader().recognise)]


@pytest.mark.parametrize("number,misread,day,month,seed", [
    ("132/QĐ-XPHC", "32/QĐ-XPHC", "07", "11", 1),   # a figure dropped within the line
    ("1864/QĐ-UBND", "18c4/QĐ-UBND", "30", "8", 2),  # figures taken for letters
    ("58/UBND-TP", "5g/UBND-TP", "20", "4", 3),
])
def test_a_number_and_a_date_filled_in_by_hand_are_read_as_figures(number, misread, day,
                                                                    month, seed):
    figures, symbol = number.split("/", 1)
    page, (line_no, line_date) = _page(
        _line([("Số: ", False), (figures, True), ("/" + symbol, False)], seed=seed),
        _line([("Nam Phong, ngày ", False), (day, True), (" tháng ", False), (month, True),
               (" năm 2023", False)], seed=seed + 10))
    read = [Line("ỦY BAN NHÂN DÂN", 0.9, (100, 20, 900, 80)),
            Line(f"Số: {misread}", 0.9, line_no),
            Line("Nam Phong, ngày í tháng Il năm 2023", 0.9, line_date)]
    text = _reread(page, read)
    assert text[1:] == [f"Số: {number}", f"Nam Phong, ngày {day} tháng {month} năm 2023"]
    fields = extract_header(text)
    assert fields.number.value == number
    assert fields.date.value == f"2023-{int(month):02d}-{int(day):02d}"


@pytest.mark.parametrize("figures,symbol,day,month,seed", [
    ("132", "QĐ-XPHC", "07", "11", 1), ("1864", "QĐ-UBND", "30", "8", 2),
    ("58", "UBND-TP", "20", "4", 3), ("95", "KH-UBND", "03", "6", 4)])
def test_a_number_and_a_date_filled_in_by_hand_are_given_unsure_even_when_read_right(
        figures, symbol, day, month, seed):
    """Figures written by hand stand off the print's line: a clerk checks them, and they do
    not overrule the register (certainty below 0.8), though read right."""
    page, (line_no, line_date) = _page(
        _line([("Số: ", False), (figures, True), ("/" + symbol, False)], seed=seed),
        _line([("Nam Phong, ngày ", False), (day, True), (" tháng ", False), (month, True),
               (" năm 2023", False)], seed=seed + 10))
    read = [Line(f"Số: {figures}/{symbol}", 0.95, line_no),
            Line(f"Nam Phong, ngày {day} tháng {month} năm 2023", 0.95, line_date)]
    out = reread_figures(read, page, lambda imgs: line_chars(imgs, 300, "vie", 60),
                         LineReader().recognise, lambda line: True)
    fields = extract_header([ln.text for ln in out], [ln.conf for ln in out])
    assert fields.number.value == f"{figures}/{symbol}" and fields.number.certainty < SURE
    assert fields.date.value == f"2023-{int(month):02d}-{int(day):02d}"
    assert fields.date.certainty < SURE


def test_printed_figures_shorter_than_their_capitals_are_not_taken_for_handwriting():
    """A face's figures may be a tenth shorter than its capitals (held-out's FreeSerif "40"
    beside "KH-UBND", glyph tops and bottoms as found): print, not a pen; beside the year's
    figures that height would be a pen's, and so are figures standing off the line."""
    capitals = [(348, 381)] * 6
    assert not by_hand([(350, 380), (350, 379)], capitals, capitals=True)
    assert by_hand([(350, 380), (350, 379)], capitals)
    assert by_hand([(340, 372), (341, 371)], capitals, capitals=True)


@pytest.mark.parametrize("number,when", [
    ("1209/TB-ĐT3", "Hòa Bình, ngày 13 tháng 6 năm 2023"),
    ("58/UBND-TP", "Quảng Đức, ngày 20 tháng 04 năm 2022")])
def test_printed_figures_read_right_are_kept_as_they_are(number, when):
    """… and printed ones keep the certainty they were read with."""
    page, boxes = _page(_line([(f"Số: {number}", False)]), _line([(when, False)]))
    read = [Line(f"Số: {number}", 0.9, boxes[0]), Line(when, 0.9, boxes[1])]
    out = reread_figures(read, page, lambda imgs: line_chars(imgs, 300, "vie", 60),
                         LineReader().recognise)
    assert out == read
    assert extract_header([ln.text for ln in out], [ln.conf for ln in out]).number.certainty \
        >= SURE


@pytest.mark.parametrize("scribble", ["~~", "xz"])
def test_figures_that_cannot_be_read_are_left_unread_not_guessed(scribble):
    page, (number,) = _page(_line([("Số: ", False), (scribble, True), ("/UBND-TP", False)]))
    read = [Line(f"Số: {scribble}/UBND-TP", 0.9, number)]
    text = _reread(page, read)
    assert text == [f"Số: {scribble}/UBND-TP"]
    assert extract_header(text).number is None or extract_header(text).number.certainty < 0.5


def test_a_number_read_with_its_slash_lost_has_its_figures_read_again():
    """A face whose slash and hyphens are hairlines: "Số: 58 UBND TP" as read, the 5 taken
    for a 3; the figures end where the symbol's first capital starts."""
    page, (number,) = _page(_line([("Số: ", False), ("58", True), (" UBND TP", False)],
                                  seed=11))
    text = _reread(page, [Line("Số: 38 UBND TP", 0.9, number)])
    assert text == ["Số: 58 UBND TP"]


def test_a_number_read_with_a_gap_before_its_slash_has_its_figures_read_again():
    """A handwritten "112" whose last figure the line reader did not read leaves a gap:
    "Số: 11 /XNTTHN" (seed 8888 held-028_p1, a 1-bit scan, given as sure). The figures are
    read again alone, and given unsure: written by hand."""
    page, (number,) = _page(_line([("Số: ", False), ("112", True), ("/XNTTHN", False)],
                                  seed=5))
    out = reread_figures([Line("Số: 11 /XNTTHN", 0.906, number)], page,
                         lambda imgs: line_chars(imgs, 300, "vie", 60), LineReader().recognise)
    assert [ln.text for ln in out] == ["Số: 112/XNTTHN"]
    fields = extract_header([ln.text for ln in out], [ln.conf for ln in out])
    assert fields.number.value == "112/XNTTHN" and fields.number.certainty < SURE


def test_a_day_left_blank_stays_blank():
    page, (line_date,) = _page(_line([("Nam Phong, ngày", False), ("        ", False),
                                      ("tháng 11 năm 2023", False)]))
    read = [Line("Nam Phong, ngày tháng 11 năm 2023", 0.9, line_date)]
    text = _reread(page, read)
    assert text == ["Nam Phong, ngày tháng 11 năm 2023"]
    assert extract_header(text).date is None or extract_header(text).date.certainty < 0.9


def test_a_certificate_dated_by_hand_at_its_foot_has_its_figures_read_not_a_sentences():
    page, (cited, foot) = _page(
        _line([("Căn cứ Nghị định số 105/2017/NĐ-CP ngày 14 tháng 9 năm 2017", False)]),
        _line([("Yên Thế, ngày ", False), ("21", True), (" tháng ", False), ("8", True),
               (" năm 2023", False)], seed=5))
    read = [Line("GIẤY PHÉP BÁN LẺ SẢN PHẨM RƯỢU", 0.9, (100, 20, 900, 80)),
            Line("Căn cứ Nghị định số 105/2017/NĐ-CP ngày 14 tháng 9 năm 2017", 0.9, cited),
            Line("Yên Thế, ngày 2l tháng & năm 2023", 0.9, foot)]
    text = _reread(page, read)
    assert text[1] == read[1].text  # a date cited in a sentence is left as it is
    assert text[2] == "Yên Thế, ngày 21 tháng 8 năm 2023"
    # a sentence's line that opens with the date it cites is no date line either
    read[1] = Line("ngày 14 tháng 9 năm 2017 của Chính phủ quy định chi tiết", 0.9, cited)
    assert _reread(page, read)[2] == "Yên Thế, ngày 21 tháng 8 năm 2023"


def test_a_certificate_with_a_dated_label_in_its_header_has_its_foot_date_read_again():
    """A household business's certificate: "Đăng ký lần đầu: ngày …" under its title is a
    label's date, printed; its own date is at its foot, filled in by hand, the month's 1 not
    read in the line (seed 9595 held-038_p1). The foot's figures are read again too."""
    page, (label, foot) = _page(
        _line([("Đăng ký lần đầu: ngày 25 tháng 10 năm 2021", False)]),
        _line([("Lục Nam, ngày ", False), ("25", True), (" tháng ", False), ("10", True),
               (" năm 2021", False)], seed=4))
    read = [Line("GIẤY CHỨNG NHẬN", 0.95, (100, 20, 900, 80)),
            Line("Đăng ký lần đầu: ngày 25 tháng 10 năm 2021", 0.98, label),
            Line("Lục Nam, ngày 25 tháng 0 năm 2021", 0.95, foot)]
    text = _reread(page, read)
    assert text[1:] == ["Đăng ký lần đầu: ngày 25 tháng 10 năm 2021",
                        "Lục Nam, ngày 25 tháng 10 năm 2021"]
    assert extract_header(text).date.value == "2021-10-25"


def test_faint_figures_on_a_faded_line_with_dark_specks_are_still_read():
    row = _line([("Số: ", False), ("14", True), ("/GP-KTHT", False)], seed=7, ink=110,
                pen_ink=160)
    rnd = np.random.default_rng(7)
    ys, xs = rnd.integers(0, row.shape[0], 12), rnd.integers(0, row.shape[1], 12)
    for y, x in zip(ys, xs, strict=True):
        row[y:y + 2, x:x + 2] = 0  # specks of noise, darker than any print
    page, (number,) = _page(row)
    text = _reread(page, [Line("SỐ: /H/GP-KTHT", 0.9, number)])
    assert text == ["SỐ: 14/GP-KTHT"]


def test_figures_the_line_reader_is_unsure_of_are_taken_only_when_a_second_reading_agrees():
    crops = [np.zeros((4, 4), np.uint8)] * 2
    unsure = [("01", 0.57), ("0z", 0.52)]
    assert _agreed(unsure, crops, lambda c: ["01", ""], 1, 12, 2) == "01"
    assert _agreed(unsure, crops, lambda c: ["07", "7"], 1, 12, 2) is None
    assert _agreed(unsure, crops, None, 1, 12, 2) is None
    assert _agreed([("11", 0.69), ("1I", 0.72)], crops, None, 1, 12, 2) == "11"  # both crops
    assert _agreed([("8", 0.3), ("8", 0.4)], crops, lambda c: ["8"], 1, 12, 2) is None
    # the line reader's reading of the line, a nought read as the letter, is a reading too
    assert _agreed([("50", 0.7), ("40", 0.89)], crops, lambda c: ["30", "30"], 1, 31, 2,
                   "3O") == "30"
    assert _agreed([("50", 0.7), ("40", 0.89)], crops, lambda c: ["30", "30"], 1, 31, 2,
                   "3") is None
    # … but not one that only read a speck beside a figure: "1-" for a faint 12
    assert _agreed([("12", 0.43), ("F", 0.44)], crops, lambda c: ["", "1"], 1, 31, 2,
                   "1-") is None
    # a pale "02" by hand: read alone, unsure, and "0" in the line, Tesseract reading nothing
    # there (seed 9595 held-037_p1): the line read it with a figure less
    pale = [("02", 0.78), ("@:", 0.64)]
    assert _agreed(pale, crops, lambda c: ["", ""], 1, 12, 2, "0") == "02"
    assert _agreed(pale, crops, lambda c: ["", ""], 1, 31, 2, "2") == "02"  # a day of one
    assert _agreed(pale, crops, lambda c: ["08", ""], 1, 12, 2, "0") is None  # T. disagrees
    assert _agreed(pale, crops, lambda c: ["", ""], 1, 12, 2, "5") is None  # not its part
    assert _agreed(pale, crops, lambda c: ["", ""], 1, 12, 2, "") is None
    assert _agreed([("12", 0.6)], crops, lambda c: [""], 1, 12, 2, "12") is None


def test_figures_kept_while_a_crop_reads_other_ones_are_in_doubt():
    crop = [np.zeros((20, 20), np.uint8)]  # inked: darker than the line's ink level 128
    assert _read_alone("2", crop, lambda c: [("8", 0.67)], 1, 12, 2, 128.0) == ("2", True)
    # a crop that cut a figure off ("2" of "22") casts no doubt
    assert _read_alone("22", crop, lambda c: [("2", 0.99)], 1, 31, 2, 128.0) == ("22", False)
    assert _read_alone("4", crop, lambda c: [("4", 0.99)], 1, 12, 2, 128.0) == ("4", False)
    assert _read_alone("1", crop, lambda c: [("+", 0.99)], 1, 12, 2, 128.0) == ("1", True)
    assert _read_alone("1", crop, lambda c: [("+", 0.40)], 1, 12, 2, 128.0) == ("1", False)
    # figures no reading is sure of, the line having read part of them: taken, in doubt
    assert _read_alone("0", crop * 2, lambda c: [("02", 0.78), ("@:", 0.64)], 1, 12, 2, 128.0,
                       lambda c: ["", ""]) == ("02", True)
    assert _read_alone("0", crop * 2, lambda c: [("02", 0.98), ("@:", 0.64)], 1, 12, 2, 128.0,
                       lambda c: ["", ""]) == ("02", False)


def test_readings_that_disagree_are_settled_by_the_value_most_of_them_read():
    """A handwritten "23": the line reader reads "23" in the line, "25" and "29" alone;
    Tesseract reads "23" on both crops. Readings that agree are not outvoted, and a tie
    leaves the line reader's confident reading."""
    crops = [np.zeros((20, 20), np.uint8)] * 2
    alone = lambda c: [("25", 0.96), ("29", 0.78)]  # noqa: E731
    assert _read_alone("23", crops, alone, 1, 31, 2, 128.0, lambda c: ["23", "23"]) == \
        ("23", True)
    assert _read_alone("23", crops, alone, 1, 31, 2, 128.0, lambda c: ["25", "28"]) == \
        ("25", True)
    assert _read_alone("23", crops, alone, 1, 31, 2, 128.0, lambda c: ["", ""]) == \
        ("25", True)  # 25, 29, 23: one reading each
    agreed = lambda c: [("25", 0.96), ("25", 0.9)]  # noqa: E731
    asked = []
    assert _read_alone("25", crops, agreed, 1, 31, 2, 128.0,
                       lambda c: asked.append(c) or ["23", "23"]) == ("25", False)
    assert not asked  # no disagreement: Tesseract is not asked
    # a reading with a figure less counts for the longer value: readers drop figures
    dropped = lambda c: [("132", 0.97), ("13", 1.0)]  # noqa: E731
    assert _read_alone("L@", crops, dropped, 0, 999_999, 6, 128.0,
                       lambda c: ["12", "12"])[0] == "132"
    assert _read_alone("1", crops, lambda c: [("11", 0.74), ("1", 0.97)], 1, 12, 2, 128.0,
                       lambda c: ["11", "11"], 1)[0] == "11"
    # … but a value read once, unsure, is no candidate: "158" is a stroke taken for a 1
    assert _read_alone("58", crops, lambda c: [("58", 0.98), ("158", 0.61)], 0, 999_999, 6,
                       128.0, lambda c: ["", ""], 2)[0] == "58"


def test_a_figure_more_in_the_line_than_tesseract_saw_there_is_a_stroke_beside_them():
    """"957/KH-UBND" where a handwritten 95's 5 runs into the slash: read alone, "95"; and
    Tesseract saw two characters between the colon and the slash. With three seen there, the
    crop may have lost a figure, and the line's reading stands."""
    crop = [np.zeros((20, 20), np.uint8)]
    alone = lambda c: [("95", 0.99)]  # noqa: E731
    assert _read_alone("957", crop, alone, 0, 999_999, 6, 128.0, count=2)[0] == "95"
    assert _read_alone("957", crop, alone, 0, 999_999, 6, 128.0, count=3)[0] == "957"
    assert _read_alone("957", crop, alone, 0, 999_999, 6, 128.0)[0] == "957"


def test_tesseract_reads_figures_written_by_hand_as_figures_only():
    crops = [_line([("71", True)], seed=3), _line([("8", True)], seed=4),
             _line([("1209", True)], seed=5)]
    assert read_digits(crops, 300, 60) == ["71", "8", "1209"]


def test_a_day_of_one_figure_is_read_again_even_when_both_readers_agree_on_it():
    """Decree 30 writes a day below 10 as "07": "ngày 1" read by both readers alike is a
    figure lost (a pen's light stroke), read again; "ngày 13" read alike is left alone."""
    page, (when, other) = _page(
        _line([("Cái Nước, ngày ", False), ("17", True), (" tháng 6 năm 2025", False)], seed=7),
        _line([("Hòa Bình, ngày 13 tháng 6 năm 2023", False)]))
    asked = []

    def chars(imgs):
        asked.append(len(imgs))
        return line_chars(imgs, 300, "vie", 60)

    read = [Line("Cái Nước, ngày 1 tháng 6 năm 2025", 0.9, when)]
    out = reread_figures(read, page, chars, LineReader().recognise, lambda line: True)
    assert asked == [1]
    assert out[0].text == "Cái Nước, ngày 17 tháng 6 năm 2025" or out[0].conf < 0.5
    read = [Line("Hòa Bình, ngày 13 tháng 6 năm 2023", 0.9, other)]
    out = reread_figures(read, page, chars, LineReader().recognise, lambda line: True)
    assert out == read  # printed, read alike: as it was, as sure


@pytest.mark.parametrize("kept", [0, 1])
def test_figures_inside_a_slashs_box_tesseract_drew_wide_are_still_read(kept):
    """Tesseract may read "14/" as one wide "/" (``kept``: 0, nothing between the colon and
    it) or "1" and a wide "/" (1): the figures are then looked for up to a slash's width
    before that box's end."""
    page, (number,) = _page(_line([("Số: ", False), ("14", True), ("/GP-KTHT", False)], seed=9))

    def swallowing(imgs):
        out = []
        for chars in line_chars(imgs, 300, "vie", 60):
            colon = next(i for i, (c, _, _) in enumerate(chars) if c == ":")
            slash = next(i for i, (c, _, _) in enumerate(chars) if c == "/")
            first = colon + 1 + kept
            start = chars[first][1] if slash > first else chars[slash][1]
            out.append([*chars[:first], ("/", start, chars[slash][2]), *chars[slash + 1:]])
        return out

    read = [Line("SỐ: JF/GP-KTHT", 0.9, number)]
    out = reread_figures(read, page, swallowing, LineReader().recognise)
    assert out[0].text == "SỐ: 14/GP-KTHT"


def test_a_day_written_with_a_pen_lighter_than_the_print_is_read_not_taken_for_a_blank():
    page, (when,) = _page(_line([("Hải Lăng, ngày ", False), ("23", True),
                                 (" tháng 4 năm 2024", False)], seed=11, pen_ink=160))
    read = [Line("Hải Lăng, ngày +3 tháng 4 năm 2024", 0.9, when)]
    out = reread_figures(read, page, lambda imgs: line_chars(imgs, 300, "vie", 60),
                         LineReader().recognise)
    assert out[0].text == "Hải Lăng, ngày 23 tháng 4 năm 2024" or out[0].conf < 0.5


@pytest.mark.parametrize("read", ["ngày21tháng2năm2025", "ngày?Ìthúng3năm2025",
                                  "ngòy21tháng2nấm2025"])
def test_the_day_and_month_are_found_between_keywords_tesseract_read_a_mark_off(read):
    chars = [(c, 10 * i, 10 * i + 9) for i, c in enumerate(read)]
    day0, day1, month0, month1 = _keyword_ends(chars)
    assert (day0, day1) == (40, 59) and month1 - month0 == 9
