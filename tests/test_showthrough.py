"""Print of the back of the sheet showing through is kept out of the text, also where it reads
as well mirrored as not (figures, one syllable), by how light it is beside the page's own
print; the page's own faint lines stay."""

from __future__ import annotations

import logging
import random
from datetime import date

import cv2
import numpy as np
from PIL import Image

from benchmarks.corpus.capture import Capture, fade, scan, show_through
from ocr.clean import fade_show_through, flatten_background, whiten_background
from ocr.engine import Engine
from ocr.geometry import inside
from ocr.lexicon import in_words
from ocr.merge import Line
from ocr.options import OcrOptions
from ocr.showthrough import (
    bare_capitals,
    beside_cut,
    clearer_lines,
    ink_depth,
    lighter_lines,
    own_text,
    reads_mirrored,
    unit_lines,
    vanished,
    written_figures,
)
from ocr.vietnamese import is_syllable, syllables, syllables_read, word_share, words_read
from sohoa.samples.documents import SampleDoc
from sohoa.samples.render import render_pages


def _doc(**kw) -> SampleDoc:
    """A sample result (a certificate), the page's own or its back's."""
    base = dict(result_id="000.22.11.H01-250210-0009", unit="X02", procedure="ct", number=15,
                issued=date(2025, 2, 10), person="Võ Văn Lực", signer="Trương Công Định")
    return SampleDoc(**{**base, **kw})


def test_lines_as_light_as_the_mirrored_ones_go_with_them():
    # 0-2: read mirrored; 3-5: the page's own words; 6: "000.000.0TS", 7: "CỊ" (as light as
    # the back); 8: a line of the page's own figures, as dark as its print
    depths = [40.0, 43.0, 36.0, 107.0, 117.0, 91.0, 31.0, 29.0, 95.0]
    assert lighter_lines(depths, {0, 1, 2}, {3, 4, 5}) == {6, 7}


def test_nothing_is_judged_by_depth_without_enough_show_through_or_contrast():
    flat = [40.0, 43.0, 36.0, 50.0, 55.0, 31.0]
    assert lighter_lines(flat, {0, 1, 2}, {3, 4}) == set()          # own print as light
    # specks read as letters either way beside thin print in a shadow, no back showing:
    # the page's own print is not twice as deep, its lighter lines ("Số: 88/TB-PKT") stay
    shadowed = [62.0, 62.0, 63.0, 134.0, 108.0, 76.0, 79.0, 104.0, 53.0, 80.0]
    assert lighter_lines(shadowed, {0, 1, 2}, {3, 4, 5, 6, 7}) == set()


def test_with_few_lines_read_mirrored_only_a_population_apart_goes():
    # a short second page: two fragments of the back read mirrored ("1ạt", "t"), its other
    # fragments ("1htM1A4/31", "129") as light; the page's own print all twice as deep stays,
    # "- Lưu: VT" (no syllables to speak of) with it
    depths = [50.6, 46.0, 51.0, 45.2, 113.0, 139.0, 146.0, 101.3]
    assert lighter_lines(depths, {0, 1}, {4, 5, 6}) == {2, 3}
    # a phone photo's shadowed edge: one letter read mirrored by chance ("Q"); the page's own
    # lines fade into the shadow by degrees ("Người đi khai t", "Nơi đ") and stay
    shadow = [40.0, 58.0, 60.0, 60.0, 65.0, 83.0, 95.0, 110.0]
    assert lighter_lines(shadow, {0}, {3, 4, 5, 6, 7}) == set()
    # the back's capitals in fragments beside the header (seed 10202 held-018_p1: "BP", "LNS",
    # "BTH"), two of them read mirrored; the page's own lines, one of them faint (70), are not
    # all half as deep again as every fragment: the fragments as light as the lines read
    # mirrored go, the deeper ones (56, 61) are left to the page, and so is a line of figures
    # as light (a table's faded column of amounts read "1.200.0", seed 10101 held-021_p1)
    header = [45.0, 48.0, 44.0, 46.0, 47.0, 43.0, 56.0, 61.0, 70.0, 98.0, 110.0, 121.0, 106.0,
              44.0]
    own = {8, 9, 10, 11, 12}
    assert lighter_lines(header, {0, 1}, own, set(range(13))) == {2, 3, 4, 5}
    assert lighter_lines(header, {0, 1}, own) == {2, 3, 4, 5, 13}


def test_the_pages_own_words_are_told_from_figures_and_mirrored_letters():
    assert own_text("Quyết định này có hiệu lực")
    assert own_text("TM. ỦY BAN NHÂN DÂN")
    assert not own_text("000.000.0TS")
    assert not own_text("CỊ")
    assert not own_text("MAM TẬVAIHOM UHOIỘHAXAOHOVỘO")


def test_amounts_and_dates_as_the_page_writes_them_are_its_own_however_light():
    # a table's faded column of amounts (seed 10101 held-021_p1: lighter than the body, so
    # taken with the back's print, all five amounts lost)
    for text in ("1.200.000", "600.000", "600 000", "15/6/2022", "12.500.000."):
        assert written_figures(text)
    # the back's figures seen mirrored read their groups the other way round; figures that
    # could be either, and figures with words, are left to the other tests
    for text in ("000.002.1", "000.006", "2202/6/51", "1.200.0", "129", "2026", "10/2025",
                 "000.000.0TS", "1.200.000 đồng", ""):
        assert not written_figures(text)


def test_a_line_is_the_backs_when_mirrored_it_reads_as_words():
    # signs as read, words mirrored: the back's
    assert reads_mirrored("noszizdanigutatodod 62s/dud grou", "Điều 3. Công chức Lao động")
    # the back's capitals read half as words (seed 8383 held-016_p1), mirrored the page's
    # own kind of words: the back's
    assert reads_mirrored("VẢOVAHH ZABYU.MT", "TM. ÚY BAN NHÂN DÂN")
    assert reads_mirrored("nộnn toi", "Nơi nhận")
    # a garbled line of the page's own, half words as read, mirrored figures (held-010_p1):
    # the page's; a line of signs mirrored figures stays the back's, as before
    assert not reads_mirrored("GEN BAN NHANDANNAIIENLANG", "07/1/111////0//1/72/0/11")
    assert reads_mirrored("Iapii", "0.1")
    # words either way round: the page's
    assert not reads_mirrored("Quyết định này", "Quyết định này")


def test_the_units_line_under_the_councils_is_the_pages_own_however_it_reads():
    # "ỦY BAN NHÂN DÂN" (0); a display face's "XÃ ĐỒNG VĂN" read "XÃDÕNGVN" (1), which
    # mirrored reads as figures; the back's print beside the header (2); a body line (3)
    boxes = [(457, 238, 988, 293), (525, 308, 921, 372), (1100, 310, 1500, 360),
             (300, 900, 2200, 960)]
    texts = ["ỦY BAN NHÂN DÂN", "XÃDÕNGVN", "NGTUNGM", "ẾYBIN"]
    assert unit_lines(boxes, texts, {0}) == {1}
    assert unit_lines(boxes, ["ỦY BAN NHÂN DÂN", "Số: 58", "", ""], {0}) == set()


def test_lines_gone_once_the_back_is_faded_out_were_the_backs_print():
    """The first reading's lines the reading with the back faded out finds nothing on, and
    that are not the page's own words, were the back's print; the page's own lines stay, also
    one the faded reading lost (fading thins its strokes), and a short own line ("- Lưu: VT,
    TP.") stays where the faded reading still finds a line, and so does a name that is not all
    syllables (an Ê Đê signer's)."""
    first = [("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.", (100, 100, 1500, 140)),
             ("710H0302 R1O2,T3STH/11", (200, 160, 900, 200)),          # the back's figures
             ("Văn phòng Ủy ban nhân dân xã", (100, 220, 900, 260)),     # own, faded away
             ("- Lưu: VT, TP.", (100, 300, 400, 340)),
             ("40392112011281", (1200, 300, 1600, 340)),                # beside it, the back's
             ("ha", (700, 400, 760, 440)),
             ("Y Thanh Hmok", (1200, 500, 1600, 540))]                 # the signer's name
    faded = [(102, 104, 1490, 143), (98, 296, 380, 338)]
    gone = vanished([b for _, b in first], [t for t, _ in first], faded)
    assert [first[i][0] for i in sorted(gone)] == ["710H0302 R1O2,T3STH/11", "40392112011281",
                                                    "ha"]
    # a line one row down overlaps too little to stand for it
    assert vanished([(100, 300, 400, 340)], ["ha"], [(100, 325, 400, 365)]) == {0}
    # a faded line of the page's own read half garbled (seed 20002 tune-016_p1, 1-bit) holds a
    # word of the dictionary; the back's read the right way round does not
    garbled = ["ếBTày bah nhân dân xã Sơn Hà xàt nhên", "niup tiộn 6a - rư tđhứtg v đi ốt no"]
    assert vanished([(100, 100, 900, 140), (100, 200, 900, 240)], garbled, []) == {1}
    # nor does it open as the header's number or the foot's filing line do (seed 20007
    # tune-007_p1, seed 11818 held-029_p1, 1-bit)
    fixed = ["Số: 7/TTr-UBND", "- Lưu VT.", "SO: 1Ị2XN", "SO7 gn3 ts"]
    assert vanished([(100, 100 * i, 900, 100 * i + 40) for i in range(4)], fixed, []) == {3}


def test_the_backs_capitals_read_without_a_mark_go_with_the_back_once_it_is_faded_out():
    """10707 held-050_p2, a faded ADF colour page: the first page's national motto, seen
    through the second page's top, read "VAG VA HY VA YU" in place of its number "2": every
    word capitals that pass for abbreviations or syllables. With the back's print faded out
    nothing is found there, and the line goes; the page's own capitals stay, read with their
    marks or as abbreviations among syllables, also where fading lost them."""
    first = [("VAG VA HY VA YU", (1472, 237, 1989, 293)),
             ("Điều 3. Văn phòng HĐND và UBND xã, kế toán ngân sách", (457, 369, 2264, 425)),
             ("UBND XA TAM NONG", (300, 500, 900, 550)),
             ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", (1200, 500, 2200, 550))]
    faded = [(464, 370, 2263, 425)]
    assert vanished([b for _, b in first], [t for t, _ in first], faded) == {0}
    assert bare_capitals("VAG VA HY VA YU")
    assert not bare_capitals("ỦY BAN NHÂN DÂN") and not bare_capitals("HĐND BCH UBND")


def test_a_faded_tables_figures_stay_though_fading_the_back_out_whitened_them():
    """10707 held-050_p1, a faded ADF colour page with its back showing through: fading the
    back's print out whitened the table's faint figures too, and its rows' numbers and an
    amount went with the back's as lines the faded reading found nothing on. Amounts and a
    table's row numbers are the page's own; the back's figures, read the right way round,
    are neither ("11000.00"), nor is a row number outside a table."""
    table = (300, 1000, 2200, 1600)
    first = [("2", (330, 1200, 360, 1240)), ("1.200.000", (1800, 1200, 2000, 1240)),
             ("11000.00", (900, 1700, 1200, 1740)), ("4", (330, 1700, 360, 1740))]
    assert vanished([b for _, b in first], [t for t, _ in first], [], [table]) == {2, 3}


def test_lines_read_as_fragments_are_taken_from_the_reading_with_faint_print_kept():
    """10707 held-012_p1, a grey scan of print faded by patches: the cleaning whitened the
    faintest patches and their words read as fragments; read with faint print kept, those
    lines read as printed (59 -> 12 characters wrong on the page). Only the lines read with a
    token that cannot be a word are taken from it: a line read cleanly stays as read, and no
    line that reading alone finds is added (faint print kept keeps specks and the back's)."""
    first = [Line("kết cấu khung he tong cot thép, diện tích xây dựng khoảng 92 m²; giấy", 0.92,
                  (381, 1463, 2325, 1525)),
             Line("phép xây dưmư suư PXh chỉ cho phép xây dựng 02 tầng.", 0.86,
                  (381, 1535, 1942, 1597)),
             Line("Vào hồi 14 giờ 00 phút ngày 04 tháng 3 năm 2026, tại công trình", 0.98,
                  (490, 728, 2326, 792))]
    faint = [Line("kết cấu khung bê tông cốt thép, diện tích xây dựng khoảng 92 m²; giấy", 0.97,
                  (381, 1462, 2326, 1525)),
             Line("phép xây dựng số 06/GPXD chỉ cho phép xây dựng 02 tầng.", 0.97,
                  (381, 1535, 1942, 1597)),
             Line("Vào hồi 14 giờ 00 phút ngày 04 tháng 3 năm 2026, tại công trinh", 0.97,
                  (490, 728, 2326, 791)),
             Line("Số: 06 ngày 03 tháng 3", 0.5, (300, 3300, 900, 3350))]
    lines, taken = clearer_lines(first, faint, garbled_only=True)
    assert [ln.text for ln in lines] == [
        "kết cấu khung bê tông cốt thép, diện tích xây dựng khoảng 92 m²; giấy",
        "phép xây dựng số 06/GPXD chỉ cho phép xây dựng 02 tầng.",
        "Vào hồi 14 giờ 00 phút ngày 04 tháng 3 năm 2026, tại công trình"] and taken == 2


def test_a_line_the_backs_print_ran_into_is_taken_from_the_reading_with_it_faded_out():
    """Seed 9191 held-028_p1 (an ADF colour scan of faded print, the back's nearly as dark):
    the back's print ran into lines of the page's own, and the header's two columns were read
    as one line with the back's between them. Where the reading with the back faded out reads
    a line more clearly, its lines are taken; where fading only cost a mark, not; a row the
    first reading lost is taken where it reads as the page's own words, not where it reads as
    garbage."""
    L = Line
    first = [L("ỦY BAN NHÂN DÂN ỦHO IỘHCỘNG HÒAMẶ HỘI CHỦ NGHĨA VIỆT NAM", 0.9,
               (497, 235, 2408, 299)),
             L("Chính phủ quy định về cán bộ, công chức cấp xã; căn cứ chỉ tiêu", 0.9,
               (380, 927, 2340, 996)),
             L("uuh 0i xan 1,Có quốc tịch Việt Nam và cư trú tại Việt Nam; đủ 18 tuổi", 0.9,
               (168, 1664, 2340, 1729)),
             # dev-wide dev-042_p2: the faded reading cut the line short
             L("chuyển biến ngày càng tích cực. Đến cuõi năm 2019, đã khai trương", 0.9,
               (380, 2000, 2340, 2060))]
    faded = [L("ỦY HAM NHÂN DÂN YUVU", 0.9, (497, 236, 1205, 298)),
             L("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0.9, (1205, 236, 2408, 298)),
             L("Chính phủ quy định vẻ can bỏ, công chức cáp xã; căn cứ chỉ tiêu", 0.9,
               (381, 935, 2339, 993)),
             L("Đại học Luât", 0.9, (1473, 1288, 1802, 1335)),
             L("sdgruntkuun, hiichnh.", 0.9, (175, 1359, 1017, 1423)),
             L("1. Có quốc tịch Việt Nam và cư trú tại Việt Nam; đủ 18 tuổi", 0.9,
               (498, 1671, 2338, 1726)),
             L("chuyên biển ngày càng tích cực. Đén cuối năm 2019, đa kĩ a", 0.9,
               (381, 2003, 2339, 2058))]

    lines, taken = clearer_lines(first, faded)

    assert [ln.text for ln in lines] == [
        "ỦY HAM NHÂN DÂN YUVU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Chính phủ quy định về cán bộ, công chức cấp xã; căn cứ chỉ tiêu",
        "1. Có quốc tịch Việt Nam và cư trú tại Việt Nam; đủ 18 tuổi",
        "chuyển biến ngày càng tích cực. Đến cuõi năm 2019, đã khai trương", "Đại học Luât"]
    assert taken == 3
    # the dictionary writes "cộng hoà", "uỷ ban"; documents "cộng hòa", "ủy ban": alike
    assert in_words("ỦY BAN NHÂN DÂN") == in_words("UỶ BAN NHÂN DÂN") == 4
    assert in_words("CỘNG HÒA XÃ HỘI") == 4 and in_words("của quý") == 0


def test_the_backs_figures_count_for_no_syllables():
    """Read the right way round, the back's print is mostly figures (mirrored strokes read as
    1, 0, /): counted as words they would outweigh the page's syllables a faded reading
    gains; counted as syllables they are nothing, and garbage counts against."""
    back = "21/11114/402/970410471 4380740200040M2000"
    assert syllables_read([back]) == 0 and words_read([back]) >= 5
    # four syllables and "Số"; the number and the abbreviations neither way
    assert syllables_read(["ỦY BAN NHÂN DÂN", "Số: 47/QĐ-UBND"]) == 5
    assert syllables_read(["uoui msxử phạu vin hạm"]) < syllables_read(["Căn cứ Luật"])


def test_depth_and_boxes():
    gray = np.full((100, 200), 230, np.uint8)
    gray[40:50, 20:180:4] = 190                         # light strokes
    assert 30 <= ink_depth(gray, (0, 30, 200, 60)) <= 45
    assert ink_depth(gray, (5, 5, 5, 5)) == 0.0
    assert inside((10, 10, 30, 20), (0, 0, 50, 50))
    assert not inside((60, 10, 90, 20), (0, 0, 50, 50))


def test_a_faded_page_with_its_back_showing_through_reads_as_its_own_text(tmp_path):
    """A short second page (the back is a full page) in faded ink, the back's print showing
    through mirrored: the reading holds the page's own lines and none of the back's."""

    front = np.asarray(render_pages(_doc(), 300)[0].convert("RGB")).copy()
    front[front.shape[0] * 2 // 5:] = 255  # the page's text ends high up
    back = np.asarray(render_pages(_doc(number=16, person="Lê Thị Đào", procedure="hkd"),
                                   300)[0].convert("RGB"))
    rng = np.random.default_rng(random.Random(5).getrandbits(32))
    page = show_through(fade(front, 0.55, rng), back, 0.22)
    path = tmp_path / "faded-back.png"
    Image.fromarray(page).save(path, dpi=(300, 300))
    (read,) = Engine(OcrOptions(pdf_dpi=300)).read(path, path.name)
    lines = read.text.splitlines()
    assert "ỦY BAN NHÂN DÂN" in read.text and "Lê Thị Đào" not in read.text
    assert all(word_share(ln) >= 0.5 for ln in lines), lines


def test_the_backs_capitals_through_a_1_bit_scan_are_not_read_as_words(tmp_path):
    """A 1-bit scan of a short page whose back's signing block shows through below its text
    (seed 8383 held-016_p1): mirrored, "CHỦ TỊCH" keeps most of its letters (H, O, I, T, U
    read the same either way round) and reads "HOỊT ỦH", half syllables; it is the back's
    print all the same, told by reading it mirrored."""
    front = np.asarray(render_pages(_doc(), 300)[0].convert("RGB")).copy()
    front[front.shape[0] * 2 // 5:] = 255  # the page's text ends high up
    back = np.asarray(render_pages(_doc(number=16, person="Lê Thị Đào", procedure="hkd"),
                                   300)[0].convert("RGB")).copy()
    back[: back.shape[0] * 9 // 20] = 255  # the back's foot only, under the page's text
    grey = np.asarray(Image.fromarray(show_through(front, back, 0.65)).convert("L"))
    path = tmp_path / "back-through-1bit.tif"
    Image.fromarray(np.where(grey < 180, 0, 255).astype(np.uint8)).convert("1").save(
        path, dpi=(300, 300))
    (read,) = Engine(OcrOptions(pdf_dpi=300)).read(path, path.name)
    assert "Võ Minh Đức" in read.text
    # no line of letters that is not the page's own words (the back's result code, figures
    # as it is either way round, is not judged here)
    assert [ln for ln in read.text.splitlines()
            if not own_text(ln) and not any(c.isdigit() for c in ln)] == []


def test_the_backs_print_is_faded_out_where_the_pages_own_print_fades_by_patches():
    """Faded ink in patches, the back showing through as deep as the page's lightest words:
    one threshold for the whole page (Otsu) keeps the back's print among the lines; fading
    out ink less than half as deep as the print around it keeps the page's own strokes and
    whitens the back's."""
    front, back = (np.asarray(render_pages(d, 300)[0].convert("L")) for d in (
        _doc(), _doc(number=16, person="Lê Thị Đào", procedure="hkd")))
    page = show_through(fade(np.dstack([front] * 3), 0.45, np.random.default_rng(7)),
                        np.dstack([back] * 3), 0.3)[..., 0]
    own = front < 100                                          # the page's own strokes
    # the back's strokes between and beside the page's lines (not in its blank margins,
    # where no print of its own is there to be lighter than)
    near = cv2.dilate((front < 128).astype(np.uint8), np.ones((61, 61), np.uint8))
    backs = (cv2.GaussianBlur(back[:, ::-1], (0, 0), 2.2) < 100) & (front > 250) & (near > 0)
    out = fade_show_through(flatten_background(page), 300)
    assert np.mean(out[own] < 200) > 0.85                      # the page's print stays
    assert np.mean(out[backs] == 255) > 0.8                    # the back's print goes
    otsu = whiten_background(flatten_background(page))
    assert np.mean(otsu[backs] == 255) < 0.1


def test_the_backs_print_through_a_faded_1_bit_scan_is_faded_out(tmp_path, caplog):
    """A flatbed 1-bit scan of a faded page (the corpus's harsh capture, seed 13): where the
    lamp darkened the sheet, the back's print passed the scanner's threshold as thin strokes
    beside and among the page's own. Smoothed to grey, they are lighter than its own; faded
    out, the lines read from them go ("1502, TỐH 111,600 4 ô4 1M", "TV ưu", "-i")."""
    front, back = (np.asarray(render_pages(d, 300)[0].convert("RGB")) for d in (
        _doc(), _doc(number=16, person="Lê Thị Đào", procedure="hkd")))
    scanned = scan(front, back, Capture("flatbed", "bilevel", 300, "harsh", show_through=True,
                                        faded=True), random.Random(13))
    assert scanned.degradations["bleed_through"] >= 0.2
    path = tmp_path / "faded-back-1bit.tif"
    Image.fromarray(scanned.image).convert("1").save(path, dpi=(300, 300))
    with caplog.at_level(logging.INFO, logger="sohoa.ocr"):
        (read,) = Engine(OcrOptions(pdf_dpi=300)).read(path, path.name)
    assert any("show-through faded out" in m for m in caplog.messages)
    # lines with no syllable of two letters: the back's specks and figures (5 before: "6",
    # "-i", "1", "1", "1502, TỐH 111,600 4 ô4 1M"); one "1" is left
    junk = [ln for ln in read.text.splitlines()
            if not any(len(s) >= 2 and is_syllable(s) for s in syllables(ln))]
    assert len(junk) <= 1, junk
    assert "TV ưu" not in read.text  # the back's "- Lưu: VT." mirrored
    assert "Võ Minh Đức" in read.text and "Lê Thị Đào" not in read.text


def _own_then_back(own: str, back: str, own_ink: int, back_ink: int) -> np.ndarray:
    """A line's crop at 300 dpi: the page's own words in ``own_ink``, then, a letter's width
    on, the back's words mirrored in the lighter ``back_ink`` (its print seen through)."""
    from PIL import ImageDraw, ImageFont

    from sohoa.samples.render import font_path

    font = ImageFont.truetype(font_path("Regular"), 54)
    width = round(font.getlength(own))
    mirrored = Image.new("L", (round(font.getlength(back)) + 4, 80), 255)
    ImageDraw.Draw(mirrored).text((2, 8), back, font=font, fill=back_ink)
    line = Image.new("L", (width + mirrored.width + 20, 80), 255)
    ImageDraw.Draw(line).text((0, 8), own, font=font, fill=own_ink)
    line.paste(mirrored.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (width + 14, 0))
    return np.asarray(line)


def test_a_short_line_with_the_backs_print_run_on_beside_it_is_cut_where_the_depth_steps():
    own = "- Đảng ủy, HĐND xã;"
    line = _own_then_back(own, "Lịch tiếp công dân của Chủ tịch Ủy", 40, 110)
    at = beside_cut(line, line)
    from PIL import ImageFont

    from sohoa.samples.render import font_path

    end = ImageFont.truetype(font_path("Regular"), 54).getlength(own)
    assert end - 10 <= at <= end + 30
    # one ink all along (the page's own words, or the back's alone): no cut
    assert beside_cut(_own_then_back(own, "Lịch tiếp công dân", 40, 40),
                      _own_then_back(own, "Lịch tiếp công dân", 40, 40)) is None


def test_the_foots_short_lines_are_read_without_the_backs_print_beside_them(tmp_path):
    """The foot's "Nơi nhận" list with the back's print seen through just after each of its
    short lines, on their rows (10909 held-028_p2, 10707 held-050_p2: the back's title beside
    "- Đảng ủy, HĐND xã;"): each was read as one line with the back's mirrored words run on
    ("- NhưĐiều 3;uudiiuaubgnonglal") and stayed as garbage or went as the back's print."""
    from PIL import ImageDraw, ImageFont

    from sohoa.samples.render import font_path

    front = np.asarray(render_pages(_doc(), 300)[0].convert("RGB")).copy()
    gray = cv2.cvtColor(front, cv2.COLOR_RGB2GRAY)
    h, w = gray.shape
    left = gray[:, : w // 2] < 128
    rows = np.flatnonzero(left[h // 2:].any(axis=1)) + h // 2
    parts = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    bands = [(int(p[0]), int(p[-1]) + 1) for p in parts if p[-1] - p[0] > 20]
    back = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(back)
    font = ImageFont.truetype(font_path("Regular"), 54)
    text = "Lịch tiếp công dân của Chủ tịch"
    for y0, y1 in bands[1:]:  # the list under "Nơi nhận:"
        end = int(np.flatnonzero(left[y0:y1].any(axis=0)).max())
        # seen through just after the line's end: drawn there on the back, mirrored
        draw.text((w - end - 8 - round(font.getlength(text)), y0 - 6), text, font=font,
                  fill="black")
    rng = np.random.default_rng(random.Random(7).getrandbits(32))
    page = show_through(fade(front, 0.5, rng), np.asarray(back), 0.35)
    path = tmp_path / "foot-beside-back.png"
    Image.fromarray(page).save(path, dpi=(300, 300))
    (read,) = Engine(OcrOptions(pdf_dpi=300)).read(path, path.name)
    lines = read.text.splitlines()
    assert "- Như Điều 3;" in lines, lines
    assert any(ln.endswith("250210-0009;") for ln in lines), lines
    assert "Lịch" not in read.text, lines
