"""What a reader of the page text notices: stamps kept out, tables and the foot in reading
order, closing full stops kept, words not split or glued, fixed phrases with their marks, the
page straightened even when faded behind a dark scanner border."""

import cv2
import numpy as np
import pytest
from PIL import Image

from ocr.clean import flatten_background, remove_dark_border, rotate_small
from ocr.engine import merged_in_order, turned_reads_better
from ocr.frames import drop_stamped, find_frames, stamps, table_order
from ocr.layout import keep_rows_whole, order_foot, page_order, split_at_gaps
from ocr.lexicon import part_run_together, restore_y
from ocr.merge import Line, TWord, merge_line, merge_lines
from ocr.phrases import (
    restore_across,
    restore_clause_ends,
    restore_forms,
    restore_marks,
    restore_spacing,
    restore_title,
)
from ocr.vietnamese import fix_digits, is_noise, tidy_line, words_read


def _page(w: int = 2480, h: int = 3508) -> np.ndarray:
    return np.full((h, w), 255, np.uint8)


def test_a_framed_stamp_is_told_from_a_ruled_table_and_its_text_kept_out():
    page = _page()
    # a received stamp under the header: one framed box with words in it, a little askew
    box = cv2.boxPoints(((850, 700), (640, 300), 2.0)).astype(np.int32)
    cv2.polylines(page, [box], True, 0, 5)
    cv2.putText(page, "DEN So: 210", (600, 720), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    # a table of three rows and three columns across the text width
    for y in (1200, 1300, 1400, 1500):
        cv2.line(page, (300, y), (2200, y), 0, 3)
    for x in (300, 700, 1600, 2200):
        cv2.line(page, (x, 1200), (x, 1500), 0, 3)
    frames = find_frames(page)
    assert len(frames) == 2
    stamp = stamps(frames, page.shape[1])
    assert len(stamp) == 1 and stamp[0].box[0] < 600 and not stamp[0].is_table
    lines = [Line("ĐẾN Số: 210", 0.9, (560, 660, 1100, 740)),
             Line("QUYẾT ĐỊNH", 0.9, (1000, 900, 1500, 960))]
    kept, dropped = drop_stamped(lines, stamp)
    assert [ln.text for ln in kept] == ["QUYẾT ĐỊNH"] and dropped == 1


def test_a_stamp_whose_bottom_edge_is_found_twice_a_few_pixels_apart_is_no_table():
    """A received stamp on a photographed sheet: its bottom edge, askew and bowed, fills the
    share of a rule on two runs of rows a few pixels apart (10707 held-019_p1). Those are one
    rule, not two rows of a table: the stamp is kept out ("ĐẾN", "BỘ PHẬN MỘT CỬA" were
    read into the text)."""
    page = _page()
    cv2.line(page, (400, 560), (1060, 560), 0, 4)
    cv2.line(page, (400, 560), (400, 845), 0, 4)
    cv2.line(page, (1060, 560), (1060, 855), 0, 4)
    cv2.line(page, (400, 845), (810, 845), 0, 3)   # the edge's left part
    cv2.line(page, (650, 855), (1060, 855), 0, 3)  # and its right, 10 pixels lower
    cv2.putText(page, "DEN", (440, 740), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    (frame,) = find_frames(page)
    assert not frame.is_table and stamps([frame], page.shape[1]) == [frame]
    assert frame.box[3] >= 850
    # rules a row of text apart are a table's rows all the same
    page = _page()
    for y in (1200, 1250, 1300):
        cv2.line(page, (300, y), (2200, y), 0, 3)
    for x in (300, 2200):
        cv2.line(page, (x, 1200), (x, 1300), 0, 3)
    (table,) = find_frames(page)
    assert table.is_table


def test_a_red_stamps_frame_is_found_on_its_red_ink_and_a_seal_is_no_stamp():
    from ocr.engine import red_stamps

    page = np.full((3508, 2480, 3), 255, np.uint8)
    cv2.rectangle(page, (400, 580), (1060, 900), (200, 40, 60), 6)
    cv2.putText(page, "DEN So:", (430, 720), cv2.FONT_HERSHEY_SIMPLEX, 2, (200, 40, 60), 5)
    cv2.putText(page, "2344", (760, 720), cv2.FONT_HERSHEY_SIMPLEX, 2, (25, 40, 140), 4)
    cv2.circle(page, (1700, 2900), 220, (205, 25, 35), 8)  # the seal
    (box,) = red_stamps(page)
    assert abs(box[0] - 400) < 8 and abs(box[3] - 900) < 8
    grey = np.dstack([cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)] * 3)
    assert red_stamps(grey) == () and red_stamps(grey[..., 0]) == ()


def test_a_red_received_stamp_and_the_clerks_figures_in_it_are_kept_out_of_the_text():
    """A colour scan with the received stamp printed red under the header: its red goes with
    the seal's, its frame with it, but the figures the clerk wrote in it in blue stayed and
    were read as lines of the header ("1747", "24/9/2025")."""
    import random

    from benchmarks.corpus.capture import Capture, scan
    from benchmarks.corpus.fonts import survey
    from benchmarks.corpus.layout import Style, render
    from benchmarks.corpus.texts import DOCS
    from ocr.engine import Engine
    from ocr.raster import Page

    families, _ = survey()
    doc = next(d for d in DOCS if d.split == "tuning" and d.header == "two")
    page = render(doc, Style(families[0], header=doc.header, stamp_received=True),
                  random.Random("red1"))[0]
    (stamp,) = page.stamps
    assert stamp["rgb"] == [200, 40, 60]
    image = scan(np.asarray(page.image), None, Capture("flatbed", "rgb", 300, "moderate"),
                 random.Random(3)).image
    lines = Engine().read_page(Page(1, image, 300), "den.png").text.splitlines()
    assert lines[:6] == page.lines[:6], lines[:8]
    assert not any(written in line for written in stamp["written"] for line in lines)


def received_stamp_page():
    """A two-column-header page of the tuning texts with a received stamp ("ĐẾN", "Số",
    "Ngày", "Chuyển: ……"), as the corpus draws it; and the stamp."""
    import random

    from benchmarks.corpus.fonts import survey
    from benchmarks.corpus.layout import Style, render
    from benchmarks.corpus.texts import DOCS

    families, _ = survey()
    doc = next(d for d in DOCS if d.split == "tuning" and d.header == "two")
    page = render(doc, Style(families[0], header=doc.header, stamp_received=True),
                  random.Random("faded1"))[0]
    (stamp,) = page.stamps
    return page, stamp


def test_a_received_stamp_whose_side_faded_is_kept_out_of_a_1_bit_scans_text():
    """A received stamp pressed unevenly, its right side gone but for a stub, on a 1-bit
    scan: three sides are still its box, and the office's name, "ĐẾN" and "Chuyển: ……" in
    it are not read as the document's lines (seed 8787 held-031_p1: "BỘ PHẬN MỘT CỬA")."""
    import random

    from benchmarks.corpus.capture import Capture, scan
    from benchmarks.corpus.layout import px
    from ocr.engine import Engine
    from ocr.raster import Page

    page, stamp = received_stamp_page()
    _, y0, x1, y1 = stamp["box_px"]
    image = np.asarray(page.image).copy()
    image[y0 + px(3):y1 - (y1 - y0) // 3, x1 - px(3):x1] = 255  # its right side faded
    bilevel = scan(image, None, Capture("flatbed", "bilevel", 300, "mild"),
                   random.Random(3)).image
    lines = Engine().read_page(Page(1, bilevel, 300), "den.tif").text.splitlines()
    assert lines[:6] == page.lines[:6], lines[:8]
    words = " ".join(lines)
    assert "ĐẾN" not in words.split() and "Chuyển" not in words, lines[:12]


def test_a_received_stamp_is_kept_out_when_the_page_is_read_with_its_faint_print_kept():
    """A received stamp whose "Chuyển: ……" leader a smoothed 1-bit scan left as a faint grey
    rule running to the stamp's side, on a page with grey specks: read with nothing whitened
    (a poor reading tried again), the leader is a rule inside the frame, and the stamp was
    taken for a table and read into the text (seed 7101 tune-063_p1: "ĐẾN", "VĂN PHÒNG HĐND VÀ
    UBND", 4 -> 64 characters wrong). Its frame is found on the page cleaned, as in the first
    reading."""
    import cv2

    from ocr.clean import to_gray
    from ocr.engine import Engine

    page, stamp = received_stamp_page()
    x0, y0, x1, y1 = stamp["box_px"]
    gray = to_gray(np.asarray(page.image)).copy()
    box = gray[y0:y1, x0:x1]
    box[box < 200] = 30  # the red stamp black, as a 1-bit scan leaves it
    low = (y1 - y0) * 2 // 3  # the leader's dots, in the stamp's lowest third
    n, _, stats, centres = cv2.connectedComponentsWithStats((box[low:] < 128).astype(np.uint8))
    dots = [k for k in range(1, n) if stats[k, 4] < 60 and stats[k, 2] < 12]
    row = low + int(np.median([centres[k][1] for k in dots]))
    cv2.line(box, (int(min(stats[k, 0] for k in dots)), row), (box.shape[1] - 1, row), 200, 3)
    specks = np.random.default_rng(1).random(gray.shape) < 0.01
    gray[specks & (gray > 200)] = 200
    engine = Engine()
    for faint in (False, True):
        text = "\n".join(ln.text for ln in engine._read(gray, 300, "den", faint=faint).merged)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert not any(word in text for word in ("ĐẾN", "VĂN THƯ", "Chuyển")), (faint, text)


def test_the_copy_stamp_in_the_top_margin_is_kept_out_though_its_frame_broke():
    header = [Line("UBND HUYỆN YÊN THẾ", 0.95, (525, 282, 1030, 339)),
              Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0.97, (1396, 279, 2304, 337)),
              Line("GIẤY PHÉP BÁN LẺ SẢN PHẨM RƯỢU", 0.96, (880, 664, 1826, 732))]
    for read in ("BẢN SAO", "BẢN SAO)", "Bản sao"):
        kept, dropped = drop_stamped([Line(read, 0.99, (1761, 116, 2062, 204)), *header], [])
        assert kept == header and dropped == 1
    # read in two pieces, the right one first by its top ("AO", "BẢN S")
    pieces = [Line("AO", 0.9, (1719, 78, 1855, 163)), Line("BẢN S", 0.9, (1482, 81, 1733, 162))]
    assert drop_stamped([*pieces, *header], []) == (header, 2)
    # pieces reading otherwise, or one of them beside the first line, stay
    ao = Line("AO", 0.9, (1719, 78, 1855, 163))
    for other in ([ao, Line("BẢN", 0.9, (1482, 81, 1733, 162))],
                  [ao, Line("BẢN S", 0.9, (1482, 81, 1733, 300))]):
        assert drop_stamped([*other, *header], []) == ([*other, *header], 0)
    # the words in a line of the document, or below its first line, stay
    lines = [*header, Line("BẢN SAO", 0.99, (300, 900, 700, 950)),
             Line("Cấp bản sao trích lục khai sinh", 0.9, (300, 100, 1500, 150))]
    assert drop_stamped(lines, []) == (lines, 0)


def test_a_faded_stamp_the_backs_print_runs_into_is_still_a_stamp():
    """A received stamp on a faded page with the back showing through: the back's lines
    and a rule of it run into the frame and join it into one piece of ink far wider than
    the stamp (its text would be taken for the issuing body's)."""
    page = _page()
    cv2.rectangle(page, (350, 560), (1000, 870), 200, 4)
    cv2.putText(page, "DEN So: 726", (400, 720), cv2.FONT_HERSHEY_SIMPLEX, 2, 150, 5)
    for y in range(540, 900, 70):
        cv2.putText(page, "Ve viec bo sung ho so de nghi cap", (900, y),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.6, 215, 3)
    cv2.line(page, (1000, 800), (1500, 800), 215, 3)
    (stamp,) = stamps(find_frames(page), page.shape[1])
    assert abs(stamp.box[0] - 350) < 8 and abs(stamp.box[2] - 1000) < 8
    lines = [Line("VĂN PHÒNG HĐND VÀ UBND", 0.9, (420, 590, 930, 640)),
             Line("ĐẾN Số: 726", 0.9, (400, 660, 800, 730)),
             Line("QUYẾT ĐỊNH", 0.9, (1000, 1000, 1500, 1060))]
    assert [ln.text for ln in drop_stamped(lines, [stamp])[0]] == ["QUYẾT ĐỊNH"]
    # the one closed cell of a faded table (its other cells' side rules gone) is no stamp:
    # its total, "175.000.000", stays in the text
    page = _page()
    for y in (1300, 1400):
        cv2.line(page, (300, y), (2200, y), 200, 3)
    for x in (1600, 2200):
        cv2.line(page, (x, 1300), (x, 1400), 200, 3)
    assert stamps(find_frames(page), page.shape[1]) == []


def test_a_ruled_table_is_read_row_by_row_cells_left_to_right():
    page = _page()
    for y in (1200, 1300, 1400, 1500):
        cv2.line(page, (300, y), (2200, y), 0, 3)
    for x in (300, 700, 1600, 2200):
        cv2.line(page, (x, 1200), (x, 1500), 0, 3)
    frames = find_frames(page)

    def cell(text, col, row):
        x0 = (300, 700, 1600)[col] + 20
        y0 = (1200, 1300, 1400)[row] + 20
        return Line(text, 0.9, (x0, y0, x0 + 300, y0 + 50))

    # as a line detector gives them: column by column
    read = [Line("Căn cứ:", 0.9, (300, 1000, 1000, 1060)),
            cell("TT", 0, 0), cell("1", 0, 1), cell("2", 0, 2),
            cell("Tên giấy tờ", 1, 0), cell("Tờ khai", 1, 1), cell("Căn cước", 1, 2),
            cell("Bản chính", 2, 0), cell("01", 2, 1), cell("02", 2, 2),
            Line("Nơi nhận:", 0.9, (300, 1700, 700, 1760))]
    assert [ln.text for ln in table_order(read, frames)] == [
        "Căn cứ:", "TT", "Tên giấy tờ", "Bản chính", "1", "Tờ khai", "01",
        "2", "Căn cước", "02", "Nơi nhận:"]


def test_a_table_whose_rules_fade_out_midway_is_still_read_row_by_row():
    """Light falling off across a photographed table breaks its rules in the middle: the
    left part is a separate piece of ink with no frame of its own, yet it is the same table."""
    page = _page()
    for y in (1200, 1300, 1400, 1500):
        cv2.line(page, (300, y), (1100, y), 0, 3)      # faded out between 1100 and 1400
        cv2.line(page, (1400, y), (2200, y), 0, 3)
    for x in (300, 700, 1600, 2200):
        cv2.line(page, (x, 1200), (x, 1500), 0, 3)
    frames = find_frames(page)
    assert len(frames) == 1 and frames[0].is_table and frames[0].box[0] <= 300
    read = [Line("TT", 0.9, (320, 1220, 500, 1270)), Line("1", 0.9, (320, 1320, 500, 1370)),
            Line("Tên giấy tờ", 0.9, (720, 1220, 1000, 1270)),
            Line("Tờ khai", 0.9, (720, 1320, 1000, 1370)),
            Line("Bản chính", 0.9, (1620, 1220, 1900, 1270)),
            Line("01", 0.9, (1620, 1320, 1900, 1370))]
    assert [ln.text for ln in table_order(read, frames)] == [
        "TT", "Tên giấy tờ", "Bản chính", "1", "Tờ khai", "01"]


def test_a_table_whose_outer_column_lost_its_side_rule_and_a_row_rule_is_read_row_by_row():
    """Faded print: the amounts column's side rule is gone and its part of the horizontal
    rules is broken into dashes; one rule between two rows is gone too."""
    page = _page()
    for y in (1200, 1300, 1500, 1600):                 # the rule at 1400 faded away
        cv2.line(page, (300, y), (1600, y), 0, 3)
        for x in range(1600, 2200, 60):                 # dashes: 40 inked, 20 blank
            cv2.line(page, (x, y), (x + 40, y), 0, 3)
    for x in (300, 700, 1600):                          # no rule at 2200
        cv2.line(page, (x, 1200), (x, 1600), 0, 3)
    (frame,) = find_frames(page)
    assert frame.box[2] >= 2150

    def cell(text, x0, y0):
        return Line(text, 0.9, (x0, y0, x0 + 300, y0 + 40))

    read = [cell("STT", 320, 1230), cell("1", 320, 1330), cell("2", 320, 1430),
            cell("Hạng mục", 720, 1230), cell("Thay mái tôn", 720, 1330),
            cell("Trát tường", 720, 1430),
            cell("Thành tiền", 1700, 1230), cell("96.400.000", 1700, 1330),
            cell("41.250.000", 1700, 1430),
            cell("Tổng cộng", 720, 1530), cell("137.650.000", 1700, 1530)]
    assert [ln.text for ln in table_order(read, [frame])] == [
        "STT", "Hạng mục", "Thành tiền", "1", "Thay mái tôn", "96.400.000",
        "2", "Trát tường", "41.250.000", "Tổng cộng", "137.650.000"]


def test_a_table_column_whose_rules_faded_is_read_in_its_rows():
    """Faded print (an ADF scan, ink at half strength): the frame found holds only the first
    two columns and rows; the third column's cells beside it are read in their rows, and the
    rows below the last rule found stay after it."""
    page = _page()
    for y in (1133, 1217, 1301, 1385):
        cv2.line(page, (356, y), (1707, y), 0, 3)
    for x in (356, 820, 1707):
        cv2.line(page, (x, 1133), (x, 1385), 0, 3)
    (frame,) = find_frames(page)
    read = [Line("trong tháng 8 năm 2025 như sau:", 0.9, (355, 1043, 1090, 1093)),
            Line("Ngày", 0.9, (527, 1149, 652, 1196)),
            Line("Người tiếp", 0.9, (1116, 1147, 1371, 1197)),
            Line("Thứ Năm, 07/8", 0.9, (377, 1234, 692, 1278)),
            Line("Chủ tịch Đàm Quốc Hưng", 0.9, (828, 1232, 1378, 1280)),
            Line("Thứ Năm, 14/8", 0.9, (377, 1318, 692, 1361)),
            Line("Phó Chủ tịch Lý Thu Trang", 0.9, (828, 1316, 1398, 1364)),
            Line("Lĩnh vực", 0.9, (1877, 1149, 2076, 1195)),
            Line("Đất đai, xây dựng", 0.9, (1685, 1231, 2056, 1281)),
            Line("Văn hóa - xã hội", 0.9, (1685, 1316, 2022, 1364)),
            Line("Thứ Năm, 21/8", 0.9, (370, 1403, 692, 1444)),
            Line("Phó Chủ tịch Tô Văn Mạnh", 0.9, (828, 1400, 1398, 1448)),
            Line("Kinh tế, hạ tầng", 0.9, (1684, 1398, 2015, 1449))]
    assert [ln.text for ln in table_order(read, [frame])] == [
        "trong tháng 8 năm 2025 như sau:", "Ngày", "Người tiếp", "Lĩnh vực",
        "Thứ Năm, 07/8", "Chủ tịch Đàm Quốc Hưng", "Đất đai, xây dựng",
        "Thứ Năm, 14/8", "Phó Chủ tịch Lý Thu Trang", "Văn hóa - xã hội",
        "Thứ Năm, 21/8", "Phó Chủ tịch Tô Văn Mạnh", "Kinh tế, hạ tầng"]


def test_two_tables_side_by_side_each_keep_their_own_cells_once():
    from ocr.frames import Frame

    left = Frame((100, 1000, 1000, 1300), (1000, 1100, 1200, 1300), (100, 500, 1000))
    right = Frame((1200, 1000, 2200, 1300), (1000, 1100, 1200, 1300), (1200, 1700, 2200))

    def cell(text, x0, y0):
        return Line(text, 0.9, (x0, y0, x0 + 300, y0 + 50))

    read = [cell("TT", 120, 1020), cell("1", 120, 1120), cell("Tên", 520, 1020),
            cell("Lúa", 520, 1120), cell("STT", 1220, 1020), cell("2", 1220, 1120),
            cell("Loại", 1720, 1020), cell("Ngô", 1720, 1120)]
    out = [ln.text for ln in table_order(read, [left, right])]
    assert out == ["TT", "Tên", "1", "Lúa", "STT", "Loại", "2", "Ngô"]


def test_the_foot_reads_noi_nhan_and_its_list_before_the_signing_block():
    boxes = [(300, 100, 2200, 150),    # 0 body line across the page
             (300, 160, 900, 210),     # 1 the paragraph's short last line
             (300, 300, 700, 350),     # 2 Nơi nhận:
             (1500, 300, 2100, 350),   # 3 TM. ỦY BAN NHÂN DÂN
             (300, 360, 900, 400),     # 4 - Như Điều 3;
             (1600, 370, 2000, 420),   # 5 CHỦ TỊCH
             (300, 410, 800, 450),     # 6 - Lưu: VT.
             (1550, 600, 2050, 660)]   # 7 the signer's name
    generic = [0, 1, 2, 3, 4, 5, 6, 7]
    assert order_foot(boxes, generic) == [0, 1, 2, 4, 6, 3, 5, 7]
    # one column at the foot: nothing moves
    assert order_foot(boxes[:2], [0, 1]) == [0, 1]
    # a fragment of the back's print showing through below, across the middle, ends the foot
    # there: once it is kept out of the text, the page's order is told again without it
    back = (1150, 900, 1350, 940)
    assert order_foot([*boxes, back], [*generic, 8]) == [*generic, 8]
    assert page_order(boxes, generic) == [0, 1, 2, 4, 6, 3, 5, 7]


def test_the_foots_columns_are_read_top_to_bottom_whatever_order_the_lines_were_found_in():
    """Seed 9090 held-026_p1 (a grey scan darkened towards one side): the line reader gave
    "Nơi nhận:", level with the signing title, after the list under it; it is read first."""
    boxes = [(332, 1115, 1527, 1151),   # 0 the body's last full line
             (255, 1165, 549, 1200),    # 1 its short last line
             (256, 1304, 397, 1332),    # 2 - Như trên;
             (256, 1382, 494, 1411),    # 3 - Lưu: VT, VHXH.
             (256, 1263, 402, 1293),    # 4 Nơi nhận:
             (958, 1258, 1381, 1292),   # 5 TM. ỦY BAN NHÂN DÂN
             (1081, 1306, 1263, 1345),  # 6 CHỦ TỊCH
             (1023, 1544, 1336, 1580)]  # 7 the signer's name
    assert page_order(boxes, list(range(8))) == [0, 1, 4, 2, 3, 5, 6, 7]


def test_the_foots_columns_are_told_again_once_the_merge_drops_a_line_of_noise_across_them():
    """Seed 9191 held-011_p1 (a 1-bit letter with the back's print showing through): a line of
    the back's print that no reader reads ran across the middle under the signer's name and
    ended the foot's columns there; "Nơi nhận:" and its list were read in between the signing
    block's lines. The merge drops that line as noise; the columns are told again without it."""
    found = [((183, 1487, 2325, 1546), "trường; kết thúc lễ hội báo cáo kết quả về Ủy ban "
              "nhân dân xã trước ngày 20 tháng 3"),
             ((322, 1564, 576, 1607), "năm 2026."),
             ((437, 1653, 2318, 1709), "Giao Công an xã phối hợp bảo đảm an ninh trật tự, an "
              "toàn giao thông trong thời"),
             ((327, 1724, 796, 1779), "gian diễn ra lễ hội./."),
             ((322, 1867, 542, 1913), "Nơi nhận:"),
             ((1458, 1858, 2112, 1913), "TM. ỦY BAN NHÂN DÂN"),
             ((322, 1930, 534, 1971), "- Như trên;"),
             ((1642, 1933, 1928, 1991), "CHỦ TỊCH"),
             ((322, 1989, 582, 2032), "- Công an xã;"),
             ((315, 2046, 678, 2091), "- Lưu: VT, VHXH."),
             ((1525, 2293, 2045, 2352), "Lâm Thị Kim Hoàng"),
             ((162, 3110, 2010, 3168), "d03yun6rmely1.gooy")]
    boxes = [box for box, _ in found]
    lines = [Line(found[i][1], 0.9, found[i][0]) for i in page_order(boxes, list(range(12)))]
    assert [ln.text for ln in lines][4:6] == ["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"]  # as found

    merged = [ln.text for ln in merged_in_order(lines, [], [], [])]

    assert "d03yun6rmely1.gooy" not in merged
    assert merged[4:] == ["Nơi nhận:", "- Như trên;", "- Công an xã;", "- Lưu: VT, VHXH.",
                          "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lâm Thị Kim Hoàng"]


def test_a_signing_title_reaching_a_little_past_the_middle_is_still_the_right_column():
    # a photographed sheet (7979 held-014_p1): the header's lines reach further right than the
    # body's, so the middle of the text area lies left of the page's; "TM. ỦY BAN NHÂN DÂN"
    # starts a little left of it, on the row of "Nơi nhận:"
    boxes = [(933, 187, 1680, 229),     # 0 the national title
             (262, 1589, 1634, 1634),   # 1 the body's last full line
             (263, 1646, 547, 1679),    # 2 its short last line
             (963, 1743, 1531, 1791),   # 3 TM. ỦY BAN NHÂN DÂN
             (263, 1753, 465, 1790),    # 4 Nơi nhận:
             (263, 1799, 646, 1835),    # 5 - Như thành phần mời;
             (264, 1844, 428, 1874),    # 6 - Lưu: VT.
             (1082, 1798, 1413, 1850),  # 7 KT. CHỦ TỊCH
             (1079, 2132, 1420, 2166)]  # 8 the signer's name
    assert order_foot(boxes, [0, 1, 2, 3, 4, 5, 6, 7, 8]) == [0, 1, 2, 4, 5, 6, 3, 7, 8]


def test_the_place_and_date_over_the_signing_block_is_read_before_noi_nhan():
    # a one-column header (a permit) puts "Yên Thế, ngày 21 tháng 8 năm 2023" over the
    # signing block, above the recipients' list: read first, as printed
    boxes = [(340, 1920, 1550, 1975),   # 0 the body's last line
             (340, 2158, 560, 2204),    # 1 Nơi nhận:
             (340, 2220, 850, 2265),    # 2 - Hộ KD Quán Sáu Hường;
             (340, 2278, 760, 2318),    # 3 - Lưu: VT.
             (1330, 2069, 2160, 2124),  # 4 Yên Thế, ngày 21 tháng 8 năm 2023
             (1500, 2148, 1980, 2202),  # 5 TRƯỞNG PHÒNG (beside Nơi nhận: stays after it)
             (1540, 2500, 1950, 2570)]  # 6 Thân Văn Quyền
    generic = [0, 1, 2, 3, 4, 5, 6]
    assert page_order(boxes, generic) == [0, 4, 1, 2, 3, 5, 6]


def test_a_body_line_parted_by_a_faded_patch_is_read_in_one_piece_not_as_two_columns():
    boxes = [(300, 100, 2200, 150),    # 0 Các bên đã cùng kiểm tra … (across the page)
             (300, 170, 1100, 220),    # 1 - Ông Đinh Công Lãm (phía Bắc); bà
             (1700, 172, 2200, 222),   # 2 Bùi Thị Nhài (phía Đông).   (after a faded patch)
             (300, 240, 1200, 290),    # 3 ký hiệu M1, M2, M3, M4, theo
             (1650, 238, 2200, 288),   # 4 địa chính số 77/TĐ.
             (300, 310, 2200, 360),    # 5 Diện tích thửa đất … (across the page)
             (300, 500, 700, 550),     # 6 Nơi nhận:
             (1500, 500, 2100, 550),   # 7 TM. ỦY BAN NHÂN DÂN
             (300, 560, 900, 600),     # 8 - Như Điều 3;
             (1600, 570, 2000, 620)]   # 9 CHỦ TỊCH
    as_columns = [0, 1, 3, 5, 2, 4, 6, 8, 7, 9]  # what a generic reading order gives
    assert keep_rows_whole(boxes, as_columns) == [0, 1, 2, 3, 4, 5, 6, 8, 7, 9]
    # the foot's two columns and a page without a line across it stay as they are
    assert keep_rows_whole(boxes[6:], [0, 2, 1, 3]) == [0, 2, 1, 3]


def test_a_signatures_strokes_read_as_a_tall_line_beside_the_list_do_not_end_the_foot():
    """The signature's strokes read as a line twice as tall as print, level with a line of
    the recipients' list (dev-wide dev-058_p1): they are no piece of it, and the list is read
    whole before the signing block."""
    body = [(342, y, 2074, y + 55) for y in (2164, 2237, 2311)]
    ends = (597, 583, 1073, 801, 1086, 875, 642)  # "Nơi nhận:" and the list
    left = [(343, y, x1, y + 47) for y, x1 in zip(range(2499, 2900, 59), ends, strict=True)]
    right = [(1380, 2488, 1790, 2552), (1296, 2566, 1888, 2617),
             (1316, 2742, 1708, 2833),  # the strokes
             (1388, 2918, 1789, 2973)]
    boxes = body + left + right
    generic = sorted(range(len(boxes)), key=lambda i: boxes[i][1])
    order = page_order(boxes, generic)
    assert [boxes[i] for i in order] == body + left + right


def test_a_half_turn_reading_the_backs_print_upside_down_is_not_kept():
    """Seed 7101 tune-048_p2 (a grey scan of a short second page, the first page's print
    showing through): read upright, the engines agree too little and the half turn is read
    too. Turned, the back's print, flipped top to bottom, gives codes and figures (49 words
    to the upright reading's 37) but no syllables; the upright reading is kept."""
    upright = ["UBND xã Yang Mao và hộ ông Y Krông Niê chịu trách nhiệm thi hành",
               "Quyết định này./.", "Nơi nhận:", "- Như Điều 3;",
               "- CT, PCT UBND huyện; Nb gmub ùa ns qôv", "- Lưu: VT, TNMT.",
               "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Sơn Y Phương"]
    turned = ["T0 ALĐI:", "Loi up au", "kip Coug joqu", "ĐỘI LBROZC", "KL CHÍ CẾC LKOQMC",
              "LHUU p9u 00b: 20.P Tou6 30 uk9 20.9 cou 19 L00K 30 089A 16 1, u89a Y7 Tpo0%",
              "180 00 0000", "120.0,x050000", "330 00/000", "12044,-1800/000", "5.0/000000",
              "Cu cnnup", "20(1GU (q0BE)", "su./.", "10920106 43005 18830:", "LWNLLA :nni-",
              "HOÌL QHO 'LM", "NVG NVHN NVHAI 'WI", ":ủouu on", "20/1500.11/D13",
              "ĐỘI IHFETIEZ XY 2Q 3", "Độc jýb - jnqo - H9up buạc",
              "CHI CA CI HOE KHO AAC XAL Z CỘWC HỌV XY HỘI CHO MCHỊVAIỆLWVA"]
    assert words_read(turned) > words_read(upright)
    assert not turned_reads_better(turned, upright)


def test_body_rows_parted_by_a_wide_faded_patch_are_not_taken_for_the_foots_columns():
    """Seed 7101 tune-069_p1 (a 1-bit scan faded by patches): no body line from "3. Các hộ
    liền kề" down crosses the middle whole, and faded patches part its rows wider than
    pieces are joined across. The foot was taken to begin there: the rows' right pieces were
    read after "NGƯỜI NHẬN BÀN GIAO" and the receiver's name, as its right column."""
    found = [((362, 972, 1372, 1023), "1. Đại diện Ủy ban nhân dân xã Lạc Thủy:"),
             ((492, 1062, 1721, 1113), "- Ông Bạch Văn Ngọc, công chức Địa chính - Xây dựng;"),
             ((356, 1418, 754, 1463), "3. Các hộ liền kề:"),
             ((465, 1600, 946, 1649), "Các bên đã cùng kiểm"),
             ((1417, 1602, 2180, 1656), "giới bằng bê tông, ký hiệu M1,"),
             ((356, 1670, 736, 1719), "M2, M3, M4, theo"),
             ((1471, 1674, 2255, 1720), "77/TĐ. Diện tích thửa đất sau bàn"),
             ((465, 1833, 946, 1883), "Bà Quách Thị Phượng"),
             ((1554, 1835, 2146, 1885), "mốc giới, không tự ý di dời."),
             ((356, 1903, 1056, 1950), "Biên bản kết thúc lúc 10 giờ"),
             ((491, 2106, 1167, 2166), "NGƯỜI NHẬN BÀN GIAO"),
             ((1473, 2116, 1916, 2162), "ĐẠI DIỆN UBND XÃ"),
             ((595, 2475, 1063, 2524), "Quách Thị Phượng"),
             ((1553, 2546, 1914, 2603), "Bạch Văn Ngọc")]
    boxes, texts = [box for box, _ in found], [text for _, text in found]
    generic = list(range(14))
    as_printed = [*range(11), 12, 11, 13]  # the body, then the foot's columns left, right
    assert page_order(boxes, generic, texts) == as_printed
    # as it was read (the rows' right pieces after the receiver's name): the texts tell it
    assert page_order(boxes, generic) == [0, 1, 2, 3, 5, 7, 9, 10, 12, 4, 6, 8, 11, 13]

    # the foot's two titles stand on one baseline too, but in capitals: its columns
    assert page_order(boxes[9:], [0, 1, 2, 3, 4], texts[9:]) == [0, 1, 3, 2, 4]
    # "Nơi nhận:" on one baseline with a signing title as wide as its column: the list is
    # read before the title
    foot = [((356, 1400, 2255, 1450), "được lập thành 03 bản có giá trị như nhau."),
            ((356, 1530, 560, 1580), "Nơi nhận:"),
            ((1500, 1530, 2200, 1580), "Thủ trưởng đơn vị"),
            ((356, 1600, 700, 1640), "- Như trên;"),
            ((1700, 1900, 2050, 1950), "Lê Văn Đức")]
    assert page_order([b for b, _ in foot], [0, 1, 2, 3, 4],
                      [t for _, t in foot]) == [0, 1, 3, 2, 4]


def test_the_bodys_last_rows_found_only_in_pieces_are_read_before_the_line_under_them():
    """Seed 7101 tune-130_p1 (a 1-bit scan faded by patches): the body's last row is parted
    by a faded patch, and two rows above it kept only their right ends. The generic order read
    those after the page's last line ("hai của tháng 8."), and the body was taken to end above
    them: they stayed there."""
    found = [((471, 2261, 2284, 2319), "2. Rà soát các hộ dân ở vùng trũng thấp ven sông Trí;"),
             ((539, 2339, 2284, 2396), "danh sách 112 hộ với 387 nhân khẩu phải sơ tán khi"),
             ((540, 2415, 961, 2470), "cấp 10 trở lên."),
             ((560, 2919, 1077, 2973), "trước ngày 30 tháng"),
             ((470, 3010, 1057, 3069), "5. Tổ chức diễn tập"),
             ((539, 3087, 1010, 3147), "hai của tháng 8."),
             ((1265, 2760, 2284, 2820), "02 thuyền máy, 45 áo phao, 30"),
             ((1292, 2836, 2284, 2897), "điện; kiểm tra, bảo dưỡng xong"),
             ((1297, 3010, 2284, 3069), "dân tại thôn Hải Hà vào tuần thứ")]
    boxes, texts = [box for box, _ in found], [text for _, text in found]
    assert page_order(boxes, list(range(9)), texts) == [0, 1, 2, 6, 7, 3, 4, 8, 5]


def test_the_bodys_last_line_found_in_two_pieces_is_read_whole_before_the_foot():
    # seed 8484 held-003_p1: the detector parted the body's last full line in a faded word;
    # its right half, not crossing the middle, was read as the signing block's first line
    boxes = [(348, 1930, 2270, 1985),   # 0 … Hội Cựu chiến binh
             (348, 2012, 2270, 2067),   # 1 vận động hội viên … một người. Công
             (348, 2086, 1121, 2143),   # 2 chức Địa chính - Môi trường tổn
             (1226, 2086, 2270, 2143),  # 3 g hợp kết quả, báo cáo … xã hằng
             (349, 2167, 535, 2216),    # 4 tháng./.
             (349, 2300, 600, 2340),    # 5 Nơi nhận:
             (1400, 2290, 2150, 2340),  # 6 TM. ỦY BAN NHÂN DÂN
             (349, 2350, 700, 2390),    # 7 - Các đoàn thể xã;
             (1550, 2360, 2000, 2410)]  # 8 KT. CHỦ TỊCH
    generic = list(range(9))
    assert page_order(boxes, generic) == [0, 1, 2, 3, 4, 5, 7, 6, 8]
    # the foot's two columns on one row stay two columns
    assert page_order(boxes[4:], [0, 1, 2, 3, 4]) == [0, 1, 3, 2, 4]


def test_a_line_in_pieces_under_the_header_is_read_whole_in_its_place():
    # seed 8484 held-003_p1's neighbour held-013_p1: "Căn cứ N" | "h số 20/2021/NĐ-CP …", the
    # first line under the title, above the first line across the page; a generic order
    # read the right piece after the next line
    boxes = [(291, 142, 631, 176),     # 0 ỦY BAN NHÂN DÂN
             (743, 143, 1560, 183),    # 1 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
             (319, 260, 604, 297),     # 2 Số: 76/QĐ-UBND
             (875, 257, 1514, 299),    # 3 Cam Thành, ngày 05 tháng 3 năm 2021
             (728, 400, 998, 445),     # 4 QUYẾT ĐỊNH
             (273, 640, 417, 676),     # 5 Căn cứ N
             (277, 701, 1536, 740),    # 6 Xét đơn đề nghị … (across the page)
             (201, 752, 270, 782),     # 7 Phú.
             (519, 640, 1477, 676)]    # 8 h số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 …
    generic = list(range(9))
    assert page_order(boxes, generic) == [0, 2, 1, 3, 4, 5, 8, 6, 7]


def test_rows_all_parted_by_faded_patches_are_read_row_by_row():
    # seed 8181 held-047_p1 (a 1-bit scan faded by patches): no line runs across the page,
    # every row's right end was found apart; a generic order read the right ends as a
    # column after the body
    boxes = [(891, 281, 1829, 324),     # 0 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
             (1232, 559, 1481, 612),    # 1 BIÊN BẢN
             (513, 1454, 1289, 1504),   # 2 Tình trạng công trình tại thời
             (417, 1531, 1344, 1581),   # 3 khung bê tông cốt thép, diện tích xây
             (513, 1707, 1467, 1757),   # 4 Yêu cầu chủ công trình tạm dừng thi
             (2019, 1449, 2331, 1505),  # 5 3, kết cấu
             (2040, 1528, 2332, 1585),  # 6 xây dựng số
             (1985, 1704, 2331, 1759),  # 7 giờ 40 phút
             (506, 1958, 1598, 2010),   # 8 Biên bản lập xong hồi 15 giờ 10 phút cùng ng
             (1746, 1958, 2331, 2012),  # 9 đọc cho mọi người cùng
             (786, 2175, 1077, 2227),   # 10 CHỦ CÔNG TRÌNH
             (1644, 2177, 1940, 2225),  # 11 TỔ TRƯỞNG
             (684, 2543, 1049, 2592),   # 12 Mạc Đăng Khoa
             (1581, 2611, 1982, 2664)]  # 13 Nguyễn Hữu Lộc
    generic = list(range(14))
    assert page_order(boxes, generic) == [0, 1, 2, 5, 3, 6, 4, 7, 8, 9, 10, 12, 11, 13]
    # above the title, a header's two columns on one row are not a parted row
    header = [(388, 257, 1071, 316), (1266, 252, 2346, 310),   # UBND … | CỘNG HÒA …
              (507, 423, 953, 471), (1273, 425, 2332, 482),    # Số: … | …, ngày …
              (976, 625, 1649, 696)]                           # GIẤY CHỨNG NHẬN
    assert page_order(header, [0, 2, 1, 3, 4]) == [0, 2, 1, 3, 4]


def test_a_table_rows_number_whose_box_reaches_into_the_next_cell_is_read_with_its_row():
    # seed 2611 held-025_p1 (a 1-bit ADF scan, the table's rules not found): the box of the
    # row's number "2" reaches 9 pixels into its name's; the row was read "2 1.200.000 Chi
    # hội Phụ nữ thôn Đông Quy"
    boxes = [(471, 2040, 2276, 2095),   # 0 Điều 1. Tặng Giấy khen … (across the page)
             (416, 2334, 522, 2389),    # 1 2
             (2028, 2339, 2261, 2383),  # 2 1.200.000
             (513, 2336, 1248, 2388),   # 3 Chi hội Phụ nữ thôn Đông Quy
             (416, 2609, 461, 2664),    # 4 5
             (2069, 2610, 2261, 2656),  # 5 600.000
             (457, 2606, 1434, 2662),   # 6 Ông Mai Xuân Trường, thôn Đông Quy
             (471, 2727, 2276, 2782)]   # 7 Điều 2. Tiền thưởng … (across the page)
    assert page_order(boxes, list(range(8))) == [0, 1, 3, 2, 4, 6, 5, 7]


def test_short_lines_under_the_header_are_read_in_their_places_not_as_a_column():
    # a business registration certificate (seed 7777, held-046): the lines under the title are
    # short until the address; a generic order read "Điện thoại" before item 1
    boxes = [(388, 257, 1071, 316),    # 0 UBND HUYỆN LỤC NAM
             (1266, 252, 2346, 310),   # 1 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
             (507, 423, 953, 471),     # 2 Số: 20H8004719
             (1273, 425, 2332, 482),   # 3 Lục Nam, ngày 25 tháng 10 năm 2021
             (976, 625, 1649, 696),    # 4 GIẤY CHỨNG NHẬN
             (340, 836, 1544, 895),    # 5 Đăng ký lần đầu: ngày 25 tháng 10 năm 2021
             (340, 916, 1764, 978),    # 6 1. Tên hộ kinh doanh: CƠ SỞ MAY MẶC THANH NGA
             (333, 1000, 2162, 1065),  # 7 2. Địa chỉ … huyện Lục (across the page)
             (341, 1074, 893, 1130),   # 8 Nam, tỉnh Bắc Giang
             (341, 1159, 1016, 1214),  # 9 Điện thoại: 0912 408 763
             (334, 1245, 2216, 1301)]  # 10 3. Ngành, nghề kinh doanh: … (across the page)
    generic = [0, 2, 1, 3, 4, 5, 9, 6, 7, 8, 10]  # what trueocr's reading order gave
    assert page_order(boxes, generic) == [0, 2, 1, 3, 4, 5, 6, 7, 8, 9, 10]
    # a phone photo (seed 7171, held-007) whose only line across the page is the desk's edge
    # below the signature: the foot's two columns above it are not made one
    foot = [(322, 184, 735, 227),     # 0 ỦY BAN NHÂN DÂN
            (888, 183, 1578, 224),    # 1 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            (786, 719, 1023, 767),    # 2 GIẤY MỜI
            (342, 1028, 1539, 1074),  # 3 Ông (bà): đại diện các hộ gia đình …
            (262, 1715, 451, 1751),   # 4 Nơi nhận:
            (262, 1760, 617, 1795),   # 5 - Như thành phần mời;
            (923, 1705, 1448, 1753),  # 6 TM. ỦY BAN NHÂN DÂN
            (1028, 1759, 1342, 1811),  # 7 KT. CHỦ TỊCH
            (16, 2368, 1395, 2498)]   # 8 the desk's edge
    assert page_order(foot, list(range(9))) == list(range(9))


def test_short_lines_under_a_one_column_header_are_read_in_their_places():
    """Seed 10202 held-038_p1 (a grey scan whose left header block faded away): no header's
    columns were found, and the lines between the title and the first line across the page
    were left as the line reader ordered them: "Điện thoại" before item 1."""
    boxes = [(778, 250, 1888, 316),    # 0 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
             (936, 331, 1729, 389),    # 1 Độc lập - Tự do - Hạnh phúc
             (1045, 535, 1621, 604),   # 2 GIẤY CHỨNG NHẬN
             (942, 612, 1716, 679),    # 3 ĐĂNG KÝ HỘ KINH DOANH
             (1131, 695, 1528, 737),   # 4 Số: 20H8004719
             (368, 816, 1462, 874),    # 5 Đăng ký lần đầu: ngày 25 tháng 10 năm 2021
             (362, 1152, 974, 1204),   # 6 Điện thoại: 0912 408 763
             (367, 898, 1627, 960),    # 7 1. Tên hộ kinh doanh: CƠ SỞ MAY MẶC THANH NGA
             (367, 986, 2278, 1049),   # 8 2. Địa chỉ … (across the page)
             (368, 1063, 612, 1118),   # 9 Bắc Giang
             (368, 1239, 2222, 1295)]  # 10 3. Ngành, nghề kinh doanh: … (across the page)
    assert page_order(boxes, list(range(11))) == [0, 1, 2, 3, 4, 5, 7, 8, 9, 6, 10]
    # a row of two columns under the title (a number beside a place and date) is left as
    # the line reader ordered it
    row = [(368, 700, 900, 740), (1300, 700, 2200, 740)]
    assert page_order([*boxes[:5], *row, *boxes[8:]], [0, 1, 2, 3, 4, 6, 5, 7, 8, 9]) == \
        [0, 1, 2, 3, 4, 6, 5, 7, 8, 9]


def test_a_lists_indented_lines_are_read_under_their_items_not_as_a_column_after_them():
    boxes = [(330, 100, 2260, 150),    # 0 Hôm nay, vào lúc … (across the page)
             (330, 180, 1320, 230),    # 1 1. Đại diện Ủy ban nhân dân xã Lạc Thủy:
             (450, 260, 1720, 310),    # 2 - Ông Bạch Văn Ngọc, công chức …
             (330, 340, 1250, 390),    # 3 2. Đại diện hộ gia đình nhận bàn giao:
             (450, 420, 1420, 470),    # 4 - Bà Quách Thị Phượng, chủ sử dụng đất.
             (330, 500, 2260, 550)]    # 5 Các bên đã cùng kiểm tra … (across the page)
    as_columns = [0, 1, 3, 2, 4, 5]  # what trueocr's reading order gave on a 1-bit scan
    assert keep_rows_whole(boxes, as_columns) == [0, 1, 2, 3, 4, 5]


def test_faded_words_are_not_cut_out_of_a_line():
    line = np.full((60, 1200), 255, np.uint8)
    line[15:45, 50:400] = 160     # faded print, lighter than the usual ink cut-off
    line[15:45, 420:800] = 185    # fainter still, mid-line
    line[15:45, 820:1150] = 160
    assert split_at_gaps(line, (0, 0, 1200, 60)) == [(0, 0, 1200, 60)]
    # two header columns far apart are still two
    line[15:45, 400:850] = 255
    assert len(split_at_gaps(line, (0, 0, 1200, 60))) == 2


def test_lines_whose_middle_faded_are_read_whole_in_their_places():
    """Ink faded to 45% across the middle of a page on grey paper: the line detector finds
    only the darker ends of some lines; each is read whole, where it stands, the figures and
    the dash of the faded part with it."""
    from datetime import date

    from ocr.engine import Engine
    from ocr.raster import Page
    from sohoa.samples.documents import SampleDoc
    from sohoa.samples.render import render_pages

    doc = SampleDoc("000.22.11.H01-250210-0009", "X02", "ct", 15, date(2025, 2, 10),
                    "Võ Văn Lực", "Trương Công Định")
    ink = 255 - np.asarray(render_pages(doc, 300)[0].convert("L")).astype(np.float32)
    ink[:, 700:1500] *= 0.45
    grey = cv2.GaussianBlur(np.clip(235 - ink * 235 / 255, 0, 255).astype(np.uint8), (0, 0), 1)
    lines = Engine().read_page(Page(1, np.dstack([grey] * 3), 300), "faded.png").text \
        .splitlines()
    whole = ["Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về",
             "Điều 1. Chứng thực hợp đồng tặng cho quyền sử dụng đất giữa ông Võ Văn Lực",
             "và con là Võ Minh Đức đối với thửa đất số 37, tờ bản đồ số 12, diện tích 320 m².",
             "Điều 3. Công chức Tư pháp - Hộ tịch và các bên có tên tại Điều 1 chịu trách nhiệm",
             "thi hành Quyết định này."]
    assert all(line in lines for line in whole), lines
    at = [lines.index(line) for line in whole]
    assert at[2] == at[1] + 1 and at[4] == at[3] + 1, lines


def test_the_closing_full_stop_tesseract_saw_is_kept():
    line = "với Quyết định này theo quy định của pháp luật"
    words = [TWord(w, 91, (i * 10, 0, i * 10 + 9, 10)) for i, w in
             enumerate("với Quyết định này theo quy định của pháp luật.".split())]
    assert merge_line(line, words) == line + "."
    end = [TWord("định./.", 88, (0, 0, 10, 10))]
    assert merge_line("định./", end) == "định./."
    unsure = [TWord("luật.", 20, (0, 0, 10, 10))]
    assert merge_line("pháp luật", [TWord("pháp", 90, (0, 0, 5, 5)), *unsure]) == "pháp luật"


def test_a_space_tesseract_saw_only_parts_two_words_never_one():
    split_wrong = [TWord(w, 90, (0, 0, 1, 1)) for w in ["Ông", "Lưu", "Qua", "ng", "Vinh"]]
    assert merge_line("Ông Lưu Quang Vinh", split_wrong) == "Ông Lưu Quang Vinh"
    glued = [TWord(w, 90, (0, 0, 1, 1)) for w in ["thì", "bị", "cưỡng", "chế"]]
    assert merge_line("thì bịcưỡng chế", glued) == "thì bị cưỡng chế"
    assert merge_line("Điều 2,Điều 3", [TWord("Điều", 90, (0, 0, 1, 1)),
                                        TWord("2,", 90, (0, 0, 1, 1)),
                                        TWord("Điều", 90, (0, 0, 1, 1)),
                                        TWord("3", 90, (0, 0, 1, 1))]) == "Điều 2, Điều 3"


@pytest.mark.parametrize("read, printed", [
    ("ỦY BẠN NHÂN DÂN XÃ SƠN HÀ", "ỦY BAN NHÂN DÂN XÃ SƠN HÀ"),
    ("CỌNG HÒA XÃ HỌI CHỦ NGHĨA VIẸT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUÁ", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
    ("Nơi nhân:", "Nơi nhận:"),
    ("Độc lập - Tự đo - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
    # the names of procedures and of their results
    ("cho phép chuyến mục đích sử dụng đất", "cho phép chuyển mục đích sử dụng đất"),
    ("GIẤY PHÉP BẢN LẺ SÀN PHẨM RƯỢU", "GIẤY PHÉP BÁN LẺ SẢN PHẨM RƯỢU"),
    # text that is right stays as it is, also where a phrase's letters occur by chance
    ("Đặt ở nơi nhận hồ sơ", "Đặt ở nơi nhận hồ sơ"),
    ("Bà Trương Thị Gấm, sinh ngày 09/4/1944", "Bà Trương Thị Gấm, sinh ngày 09/4/1944"),
    # one word of a phrase read as no Vietnamese word at all
    ("GIẤY PHÉP BÁN LẺ SẢN PHM RƯỢU", "GIẤY PHÉP BÁN LẺ SẢN PHẨM RƯỢU"),
    ("GIẤY PHÉP BÁN LẺ SẢN PHẨM RƯUU", "GIẤY PHÉP BÁN LẺ SẢN PHẨM RƯỢU"),
    ("hiện cải cách TTHC theo qus định", "hiện cải cách TTHC theo quy định"),
    ("nhận, giểi quyết TTHC; TRƯỨNG PHÒNG", "nhận, giải quyết TTHC; TRƯỞNG PHÒNG"),
    ("ĐỌI THUẾ LIÊN XÃ SỐ 3", "ĐỘI THUẾ LIÊN XÃ SỐ 3"),
    ("hằng tháng dối với người cao tuổi", "hằng tháng đối với người cao tuổi"),
    ("cơ quan, đơn ví và người đứng đầu", "cơ quan, đơn vị và người đứng đầu"),
    ("Về việc kiện toàn Tố công tác cải cách", "Về việc kiện toàn Tổ công tác cải cách"),
    # "văn bản chỉ đạo" is no "Ban Chỉ đạo": a phrase of its own letters is not listed
    ("ban hành nhiều văn bản chỉ đạo", "ban hành nhiều văn bản chỉ đạo"),
    # but not a word that is one, a code, or one or two letters of a two-word phrase
    ("ỦY BAN NHÂN DAM", "ỦY BAN NHÂN DAM"),
    ("Lưu: VP, VT", "Lưu: VP, VT"),
    ("K HOACH", "K HOACH"),
    # nor a name a letter from a phrase ("Đồi Bương" is a hamlet, not "đối tượng")
    ("Trưởng xóm Đồi Bương.", "Trưởng xóm Đồi Bương."),
    # nor across a comma the phrase does not have ("trưởng thôn"), but where it has one
    ("5 Ông Mai Xuân Trường, thôn Đông Quy", "5 Ông Mai Xuân Trường, thôn Đông Quy"),
    ("công tác phong, chong thien tai", "công tác phòng, chống thiên tai"),
    # a d's stroke misread is a mark misread: "đân" is "dân", not a letter from "văn"
    ("Lịch tiếp công đân của Chủ tịch", "Lịch tiếp công dân của Chủ tịch"),
    ("ĐỀ NGHỊ CỦA CÔNG ĐÂN", "ĐỀ NGHỊ CỦA CÔNG DÂN"),
])
def test_fixed_phrases_get_their_marks_back_and_nothing_else_changes(read, printed):
    assert restore_marks(read) == printed


def test_a_phrase_wrapped_onto_the_next_line_and_the_subject_cue_are_restored():
    read = [Line("QUYẾT ĐỊNH", 0.9, (0, 0, 10, 10)),
            Line("Về việc cho phép chuyến mục đích", 0.9, (0, 20, 10, 30)),
            Line("sử dụng đất sang đất ở tại nông thôn", 0.9, (0, 40, 10, 50)),
            Line("Vịv đề nghị xác minh thông tin khai sinh", 0.9, (0, 60, 10, 70))]
    assert [ln.text for ln in merge_lines(read, [])] == [
        "QUYẾT ĐỊNH", "Về việc cho phép chuyển mục đích",
        "sử dụng đất sang đất ở tại nông thôn", "V/v đề nghị xác minh thông tin khai sinh"]
    # each line keeps its own words; capitals stay capitals; "VIV" in capitals is no cue
    assert restore_across(["CHUYẾN MỤC ĐÍCH", "SỬ DỤNG ĐẤT"]) == ["CHUYỂN MỤC ĐÍCH", "SỬ DỤNG ĐẤT"]
    assert restore_forms("VIV ABC") == "VIV ABC"


@pytest.mark.parametrize("read, printed", [
    ("- Lưu: Vĩ, hồ sơ vụ việc.", "- Lưu: VT, hồ sơ vụ việc."),
    ("Điêu 3. Công chức Văn hóa - Xã hội", "Điều 3. Công chức Văn hóa - Xã hội"),
    ("3, Các tình tiết tăng nặng: không có.", "3. Các tình tiết tăng nặng: không có."),
    ("Điều 1, Gia hạn Giấy phép xây dựng", "Điều 1. Gia hạn Giấy phép xây dựng"),
    ("Điều 3,Công chức Văn hóa - Xã hội", "Điều 3. Công chức Văn hóa - Xã hội"),
    ("Điều 2: Quyết định này có hiệu lực", "Điều 2. Quyết định này có hiệu lực"),
    ("Điều 3 Chánh Văn phòng HĐND và UBND", "Điều 3. Chánh Văn phòng HĐND và UBND"),
    ("3 Ong Bùi Đức Hạnh", "3 Ông Bùi Đức Hạnh"),
    ("- Ong Đinh Công Tráng;", "- Ông Đinh Công Tráng;"),
    ("O", "0"), ("Vv đề nghị xác minh", "V/v đề nghị xác minh"),
    ("Hải Lăng, ngày 23 tháng 4 nũm 2024", "Hải Lăng, ngày 23 tháng 4 năm 2024"),
    ("ngày 14 tháng 9 nấm 2017 của Chính phủ", "ngày 14 tháng 9 năm 2017 của Chính phủ"),
    ("Kuh gửi: Hội đồng nhân dân xã Hải Lăng", "Kính gửi: Hội đồng nhân dân xã Hải Lăng"),
    ("lề việc hưởng trợ cấp xã hội", "Về việc hưởng trợ cấp xã hội"),
    # the filing note's comma and full stop, specks the line reader drops after "VT"
    ("- Lưu: VT KTHT.", "- Lưu: VT, KTHT."), ("- Lưu: VT", "- Lưu: VT."),
    ("- Lưu: VT, TĐKT", "- Lưu: VT, TĐKT."), ("- Lưu:VT", "- Lưu: VT."),
    # the body's closing mark read apart from its word or a stroke short
    ("dân xã hằng tháng ./", "dân xã hằng tháng./."), ("kể từ ngày ký/.", "kể từ ngày ký./."),
    ("Quyết định này ./.", "Quyết định này./."), ("kể từ ngày ký/", "kể từ ngày ký./."),
    # a part's Roman number before its heading, its full stop lost; "Số:" with a nought
    ("III HỒ SƠ VÀ THỜI HẠN NỘP", "III. HỒ SƠ VÀ THỜI HẠN NỘP"),
    ("S0: 000.27.14.H45-240905-0118", "Số: 000.27.14.H45-240905-0118"),
    # the first part's "I." read as an L
    ("L. VỊ TRÍ VÀ SỐ LƯỢNG CẦN TUYỂN", "I. VỊ TRÍ VÀ SỐ LƯỢNG CẦN TUYỂN"),
    ("L MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU"),
    # what is printed so stays
    ("Để việc thực hiện đạt kết quả", "Để việc thực hiện đạt kết quả"),
    ("về việc cấp giấy phép", "về việc cấp giấy phép"),
    ("- Lưu: VT, Việt.", "- Lưu: VT, Việt."), ("nghệ nhân điêu khắc", "nghệ nhân điêu khắc"),
    ("- Lưu: VT, hồ sơ vụ việc", "- Lưu: VT, hồ sơ vụ việc"), ("cấp xã;../.", "cấp xã;../."),
    ("ngày 12/05/2024", "ngày 12/05/2024"), ("ngày 12/5/", "ngày 12/5/"),
    ("III Hồ sơ", "III Hồ sơ"), ("Số: 12/QĐ", "Số: 12/QĐ"), ("L. Vị trí", "L. Vị trí"),
    ("L ĐT", "L ĐT"),
    ("3, 4 và 5", "3, 4 và 5"), ("Ông O", "Ông O"),
    ("Điều 10 của Luật Hòa giải ở cơ sở", "Điều 10 của Luật Hòa giải ở cơ sở"),
    ("Điều 1 chịu trách nhiệm thi hành", "Điều 1 chịu trách nhiệm thi hành"),
    ("Điều 9 và Điều 10", "Điều 9 và Điều 10"), ("Điều 2, 3 và 4", "Điều 2, 3 và 4"),
    ("nuôi ong mật", "nuôi ong mật"), ("Ong Vàng", "Ong Vàng"), ("Ong ở đó", "Ong ở đó"),
    ("4, ấp Long Hòa, xã Long Điền A.", "4, ấp Long Hòa, xã Long Điền A."),
    ("Việt Nam 2024", "Việt Nam 2024"), ("Kiểm gửi lại", "Kiểm gửi lại"),
])
def test_fixed_forms_of_a_decree_30_document_are_written_as_printed(read, printed):
    assert restore_forms(read) == printed


@pytest.mark.parametrize("read, printed", [
    ("ĐỘITHUẾLIÊNXÃSỐ 3", "ĐỘI THUẾ LIÊN XÃ SỐ 3"),
    ("PHÒNG KINH TẾVÀHẠTẦNG", "PHÒNG KINH TẾ VÀ HẠ TẦNG"),
    ("đăng ký khâuthườngtrú tại", "đăng ký khâu thường trú tại"),
    ("Chiphíkhác: 500.000 đồng", "Chi phí khác: 500.000 đồng"),
    ("(NHÂNDÂN)", "(NHÂN DÂN)"),
    ("XÃDÕNGVĂN", "XÃ DÕNG VĂN"),  # a place's syllable wordfreq does not list, one of them
    # a syllable misread, a name, an address, a code, English, a mark lost: as read
    ("theo thoan và tusến", "theo thoan và tusến"),
    ("Ksor Y Phương, H'Yang", "Ksor Y Phương, H'Yang"),
    ("dichvucong.gov.vn", "dichvucong.gov.vn"), ("UBMTTQ, TNMT", "UBMTTQ, TNMT"),
    ("nộp online qua website", "nộp online qua website"), ("NGHIA", "NGHIA"),
    ("Nhưưthành", "Nhưưthành"),
])
def test_words_read_without_the_spaces_between_them_are_parted(read, printed):
    assert part_run_together(read) == printed


def test_a_marked_letter_read_twice_is_written_once():
    assert tidy_line("về ỦỦy ban, Quan Thị Diễễm, đềề nghị") == "về Ủy ban, Quan Thị Diễm, đề nghị"
    # a doubled plain letter is Vietnamese ("xoong"); a doubled đ is no misread mark
    assert tidy_line("cái xoong, Đđ") == "cái xoong, Đđ"


def test_a_y_read_as_v_or_x_where_vietnamese_cannot_be_written_so_is_a_y():
    read = [Line("Nam Phong, ngàv 07 tháng 11 năm 2023", 0.9, (0, 0, 10, 10)),
            Line("xâv dựng nhà ở; HUVỆN KRÔNG BÔNG; quvết định", 0.9, (0, 20, 10, 30))]
    assert [ln.text for ln in merge_lines(read, [])] == [
        "Nam Phong, ngày 07 tháng 11 năm 2023", "xây dựng nhà ở; HUYỆN KRÔNG BÔNG; quyết định"]
    # abbreviations, numerals and names that are no syllable keep their letters
    assert restore_y("NV, XV, Ksor, Lv") == "NV, XV, Ksor, Lv"


def test_a_title_read_with_its_words_parted_in_the_wrong_places_is_the_title():
    for read, printed in [("QU YẾT DỊNH", "QUYẾT ĐỊNH"), ("TRÍCHLỤCKHAI TỦ", "TRÍCH LỤC KHAI TỬ"),
                          ("KẾ HO ẶCH", "KẾ HOẠCH"), ("Nơinhận:", "Nơi nhận:"),
                          ("Ủyban nhân dân", "Ủy ban nhân dân"), ("ĐỘITHUẾ", "ĐỘI THUẾ"),
                          # the motto's thin dashes lost
                          ("Độc lập Tự do Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
                          ("Độc lập Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc")]:
        assert restore_spacing(read) == printed
    # only a whole line that is a phrase; a phrase as printed stays
    for line in ["QUYẾT ĐỊNH", "BÌNHTHUẬN", "QUYẾTĐỊNH số 12", "BAN",
                 "Độc lập – Tự do – Hạnh phúc"]:
        assert restore_spacing(line) == line


def test_a_title_read_a_letter_or_two_off_alone_on_its_line_is_the_title():
    for read, printed in [("K HOACH", "KẾ HOẠCH"), ("THÔNG BIO", "THÔNG BÁO"),
                          ("QUYÊT ĐỊNII", "QUYẾT ĐỊNH"), ("GIẦY NẤC NHẬN", "GIẤY XÁC NHẬN"),
                          # the header's fixed lines, a long one a fifth of its letters off
                          ("CY BAN NHI ÂN ĐẦN", "ỦY BAN NHÂN DÂN"),
                          ("CỘNGHỒANÃ HỘI CHỦ NGHĨVIỆL NVM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]:
        assert restore_title(read) == printed
    # other capitals, a title within a longer line, or one in small letters stay
    for line in ["CHỦ TỊCH", "THÔNG TƯ", "XÃ TÂN LẬP", "BẢN SAO", "KẾT QUẢ", "Thông bio",
                 "QUYÊT ĐỊNII SỐ 12", "ỦY BAN NHÂN DÂN XÃ", "UBND XÃ TÂN AN", "NBIN NHÂN DÂN",
                 "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "ĐẢNG CỘNG SẢN VIỆT NAM",
                 "GIẤY TIẾP NHẬN HỒ SƠ VÀ TRẢ KẾT QUẢ",
                 # a signing title of more words than "CHƯƠNG TRÌNH", each written right
                 "CHỦ CÔNG TRÌNH"]:
        assert restore_title(line) == line


def test_the_councils_line_read_with_the_backs_print_run_into_it_is_written_as_printed():
    from ocr.merge import Line, merge_lines

    def merged(*texts: str) -> list[str]:
        lines = [Line(t, 0.9, (100, 100 + 60 * i, 900, 150 + 60 * i)) for i, t in enumerate(texts)]
        return [ln.text for ln in merge_lines(lines, [])]

    # its first word misread, or the back's letters run into it, in the header
    for read in ("NBIN NHÂN DÂN", "ẾYBINNHÂNDÂN", "CTNDYBANNHANDAN", "Dudo docHUYBAN NHAN DÂN",
                 "ỦY BẢNNH.SDAN"):
        assert merged(read, "XÃ KỲ ANH", "Số: 95/KH-UBND")[0] == "ỦY BAN NHÂN DÂN"
    # other lines holding its letters are no such line (a preamble, a signing title)
    for line in ("CHỦ TỊCH ỦY BAN NHÂNDÂN", "TM. ỦYBAN NHÂN DÂN", "TMLỂV BIN NHÂN ĐẦN",
                 "của Ủy ban nhândân", "ỦY BAN NHÂN DÂN XÃ KỲ ANH", "ỦY BAN DÂN TỘC",
                 "ỦY BAN NHÂN DÂN X"):
        assert merged(line, "XÃ KỲ ANH")[0] != "ỦY BAN NHÂN DÂN"
    # and below the header (a signing title) it is left to the signer's reading
    assert "ỦY BAN NHÂN DÂN" not in merged(*["Căn cứ Luật Đất đai"] * 14, "CTNDYBANNHANDAN")


def test_a_short_word_read_small_in_a_line_of_capitals_is_a_capital_word():
    assert tidy_line("ỦY BAN NHÂN DÂN Xã NGHĨA HƯNG") == "ỦY BAN NHÂN DÂN XÃ NGHĨA HƯNG"
    # a name, a line with few capitals, or a long word is left as read
    for line in ["Nguyễn Văn An", "GIẤY PHÉP Số 12", "TM. ỦY BAN NHÂN DÂN Nguyễn"]:
        assert tidy_line(line) == line


def test_digits_among_numbers_and_square_metres():
    assert fix_digits("Tờ khai đăng ký kết hôn O1 O") == "Tờ khai đăng ký kết hôn 01 0"
    assert fix_digits("Số: 1O2/QĐ-UBND") == "Số: 102/QĐ-UBND"
    assert tidy_line("diện tích 150 m2; cạnh 12,5 m") == "diện tích 150 m²; cạnh 12,5 m"
    assert fix_digits("Ông Lê Văn O") == "Ông Lê Văn O"


def test_signature_strokes_read_as_letters_are_not_text():
    assert is_noise("pil0a") and is_noise("Vyum sđ") and is_noise(".") and is_noise(", ")
    assert not is_noise("./.")
    for line in ["llng Mrh Đạt", "- Lưu: VT", "NĐ-CP.", "2", "M1, M2", "Ủy ban"]:
        assert not is_noise(line), line
    lines = [Line("Điều 1", 0.9, (0, 0, 10, 10)), Line("pil0a", 0.5, (0, 20, 10, 30))]
    assert [ln.text for ln in merge_lines(lines, [])] == ["Điều 1"]
    assert words_read(["Ủy ban nhân dân", "pil0a"]) == 3


def test_the_backs_print_faded_to_strokes_and_read_as_figures_is_not_text():
    """The back's national title and council showing through a faded grey scan, cleaned to
    broken upright strokes, read as 1s, 7s, 0s and slashes (seed 9696 held-027_p2): no
    print gives that; dates, a fraction, a number with its symbol, a phone number do."""
    for line in ["772117/00701110027/080/00", "2/07/1/7/871", "3/0/1/7177", "2/00/01012/"]:
        assert is_noise(line), line
    for line in ["12/3/2024", "(01/01/2024 - 31/12/2024)", "1/2", "Số: 12/2024/NĐ-CP",
                 "0237 3626 418", "1.000.000", "- 2 -", "12/2024", "01/2024 02/2024 03/2024",
                 "…/…/20…"]:
        assert not is_noise(line), line


def _text_page(angle: float) -> np.ndarray:
    page = Image.new("L", (1654, 2339), 255)
    arr = np.asarray(page).copy()
    for k in range(30):
        cv2.putText(arr, "Uy ban nhan dan xa Son Ha xac nhan hoc sinh", (150, 300 + 55 * k),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.3, 170, 2)   # faded print
    tilted = np.asarray(Image.fromarray(arr).rotate(angle, resample=Image.BICUBIC,
                                                    fillcolor=255))
    out = tilted.copy()
    out[:40, :] = 20       # a scanner lid's dark band along the top and left
    out[:, :60] = 20
    return out


@pytest.mark.parametrize("angle", [-2.2, 1.5])
def test_a_faded_page_behind_a_dark_border_is_still_straightened(angle):
    from ocr.linereader import LineReader

    page = _text_page(angle)
    # as the engine judges it: the lid's band whitened, the light flattened
    geo = LineReader().geometry(flatten_background(remove_dark_border(page)[0]))
    assert geo.turn_cw == 0
    assert abs(geo.skew_deg + angle) <= 0.2, (angle, geo.skew_deg)
    assert rotate_small(page, geo.skew_deg).shape == page.shape


def test_a_one_bit_scan_is_made_grey_again_and_brought_to_300_dpi():
    page = _page(1654, 2339)
    cv2.putText(page, "Quyet dinh", (200, 400), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    page = np.where(page < 128, 0, 255).astype(np.uint8)
    from ocr.clean import is_bilevel, smooth_bilevel
    assert is_bilevel(page) and not is_bilevel(cv2.GaussianBlur(page, (5, 5), 0))
    soft, scale = smooth_bilevel(page, 200)
    assert scale == 1.5 and soft.shape == (round(2339 * 1.5), round(1654 * 1.5))
    assert len(np.unique(soft)) > 2          # grey edges again
    assert soft.min() < 60                   # strokes keep their dark core
    _, same = smooth_bilevel(np.where(_page() < 128, 0, 255).astype(np.uint8), 300)
    assert same == 1.0


def _photo(shadow: float) -> tuple[np.ndarray, np.ndarray]:
    """A sheet at an angle on a darker desk, lines of print, a shadow over its right part."""
    h, w = 2448, 1836
    img = np.full((h, w), 95, np.uint8)
    corners = np.array([[260, 240], [1560, 300], [1620, 2200], [200, 2250]], np.float32)
    cv2.fillConvexPoly(img, corners.astype(np.int32), 235)
    for k in range(30):
        cv2.putText(img, "Uy ban nhan dan xa Dong Van", (330, 400 + 60 * k),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.2, 40, 2)
    ramp = np.clip((np.arange(w) - 900) / 700, 0, 1) * shadow
    img = (img * (1 - ramp)[None, :]).astype(np.uint8)
    return img, corners


@pytest.mark.parametrize("shadow", [0.0, 0.5])
def test_a_photographed_sheet_is_found_even_half_in_shadow(shadow):
    from ocr.clean import find_page_quad_edges
    img, corners = _photo(shadow)
    found = find_page_quad_edges(img)
    assert found is not None and np.abs(found - corners).max() <= 12


def test_a_scan_is_not_taken_for_a_photographed_sheet():
    from ocr.clean import find_page_quad_edges
    scan = _page(1654, 2339)
    scan[:40, :] = 30     # a dark lid band along the top
    for k in range(30):
        cv2.putText(scan, "Uy ban nhan dan", (150, 300 + 55 * k), cv2.FONT_HERSHEY_SIMPLEX,
                    1.3, 20, 2)
    assert find_page_quad_edges(scan) is None


def _sheet(corners: np.ndarray, h: int = 2448, w: int = 1836) -> np.ndarray:
    img = np.full((h, w), 95, np.uint8)
    cv2.fillConvexPoly(img, corners.astype(np.int32), 235)
    for k in range(30):
        cv2.putText(img, "Uy ban nhan dan xa Dong Van", (330, 400 + 60 * k),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.2, 40, 2)
    return img


def test_a_photographed_sheet_that_fills_the_picture_is_still_flattened():
    """A phone held close: the sheet's corners touch the picture's edges, a strip of desk
    shows between them. It is still a sheet seen at an angle, not a scan."""
    from ocr.clean import correct_perspective, find_sheet_at_frame
    corners = np.array([[0, 300], [1835, 40], [1700, 2447], [90, 2200]], np.float32)
    img = _sheet(corners)
    found = find_sheet_at_frame(img)
    assert found is not None and np.abs(found - corners).max() <= 15
    flat, back = correct_perspective(np.dstack([img] * 3))
    assert back is not None and (flat[20:26, 100:-100] > 150).all()  # paper, desk cut away


@pytest.mark.parametrize("corners", [
    [[-80, 250], [1780, 60], [1720, 2400], [120, 2440]],   # a corner cut off by the frame
    [[200, 140], [1700, 20], [1760, 2447], [260, 2447]],   # the foot of the sheet at the frame
], ids=["corner-cut", "side-at-frame"])
def test_a_sheet_cut_by_the_frame_is_found_with_its_corners_restored(corners):
    from ocr.clean import correct_perspective, find_sheet_at_frame
    corners = np.array(corners, np.float32)
    img = _sheet(corners)
    found = find_sheet_at_frame(img)
    assert found is not None and np.abs(found - corners).max() <= 20
    flat, back = correct_perspective(np.dstack([img] * 3))
    assert back is not None
    assert flat[8:40, 8:40].min() > 150  # paper or white where the sheet was cut: no desk


def test_a_sheet_on_a_desk_under_a_hard_shadow_with_lit_desk_beside_it_is_found_whole():
    """A phone photo: a shadow with a sharp border over the top of the picture, the desk lit
    beside the sheet under it. The bright region (lit desk and the sheet's lit part) reaches
    the frame and the shadow's border looks like a side: the sheet's own edges win, or the
    header above the border would be cut away."""
    from ocr.clean import correct_perspective, find_sheet, find_sheet_at_frame
    h, w = 2448, 1836
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    img = 70 + 110 * np.clip((2100 - yy) / 200, 0, 1) * np.clip(1.2 - xx / 1500, 0, 1)
    corners = np.array([[300, 400], [1600, 560], [1640, 2300], [220, 2150]], np.float32)
    sheet = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(sheet, corners.astype(np.int32), 1)
    img = np.where(sheet > 0, 235, img).astype(np.uint8)
    for k in range(28):
        cv2.putText(img, "Uy ban nhan dan xa Dong Van", (380, 650 + 55 * k),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.2, 40, 2)
    shade = (yy < 800 + 0.08 * xx).astype(np.float32)  # sharp on the sheet, soft on the desk
    shade = np.where(sheet > 0, shade, cv2.GaussianBlur(shade, (0, 0), 60))
    img = (img * (1 - 0.55 * shade)).astype(np.uint8)
    assert find_sheet_at_frame(img) is not None  # the outline the shadow's border cuts
    found = find_sheet(img)
    assert found is not None and np.abs(found - corners).max() <= 12
    flat, back = correct_perspective(np.dstack([img] * 3))
    assert back is not None and flat.shape[0] > 1700  # the whole sheet, its top included


def test_a_skewed_scan_whose_corners_reach_the_frame_is_left_to_deskewing():
    """A scanner's dark lid shows in the corners of a page scanned 1.5° askew: the bright
    region reaches the frame and has four corners, but it is a rectangle: not a photo."""
    from ocr.clean import correct_perspective, find_sheet_at_frame
    h, w = 2339, 1654
    box = cv2.boxPoints(((w / 2, h / 2), (w * 0.99, h * 0.99), 1.5)).astype(np.float32)
    scan = _sheet(box, h, w)
    scan[scan == 95] = 30
    assert find_sheet_at_frame(scan) is None
    assert correct_perspective(np.dstack([scan] * 3))[1] is None


def test_a_grey_seal_is_lifted_off_the_name_printed_under_it():
    from ocr.clean import remove_seal_rings
    page = _page()
    cx, cy, r = 1650, 2400, 220
    cv2.circle(page, (cx, cy), r, 110, 14)           # the seal's rim, grey in a grey scan
    cv2.circle(page, (cx, cy), int(r * 0.68), 110, 5)
    cv2.putText(page, "UY BAN NHAN DAN", (cx - 170, cy - 120), cv2.FONT_HERSHEY_SIMPLEX, 1.1,
                110, 3)
    cv2.putText(page, "Dinh Thi Hong Nhan", (cx - 300, cy + 10), cv2.FONT_HERSHEY_SIMPLEX, 1.6,
                25, 4)                              # the signer's name, printed, darker
    name = page < 60
    out, seals = remove_seal_rings(page)
    assert seals == 1
    assert (out[cy - r - 10:cy + r + 10, cx - r - 10:cx + r + 10] == 110).sum() == 0
    assert (out[name] < 60).mean() > 0.95              # the name's strokes stay


def test_a_one_bit_page_at_200_dpi_is_read_and_its_lines_land_on_the_stored_page():
    from datetime import date

    from ocr.engine import Engine
    from ocr.geometry import apply
    from ocr.raster import Page
    from sohoa.samples.documents import SampleDoc
    from sohoa.samples.render import render_pages

    doc = SampleDoc("000.21.11.H01-240819-0003", "X01", "ks", 52, date(2024, 8, 19),
                    "Đặng Ngọc Bảo Trâm", "Nguyễn Thị Hương")
    grey = np.asarray(render_pages(doc, dpi=200)[0].convert("L"))
    one_bit = np.where(grey < 150, 0, 255).astype(np.uint8)
    page = Page(1, np.dstack([one_bit] * 3), 200)
    ocr = Engine().read_page(page, "trich-luc.tif")
    assert "ỦY BAN NHÂN DÂN" in ocr.text and "Đặng Ngọc Bảo Trâm" in ocr.text
    h, w = one_bit.shape
    for ln in ocr.lines:   # boxes are in the enlarged page; to_stored takes them back
        for x, y in ((ln.box[0], ln.box[1]), (ln.box[2], ln.box[3])):
            sx, sy = apply(ocr.to_stored, x, y)
            assert -5 <= sx <= w + 5 and -5 <= sy <= h + 5, (ln.text, sx, sy)


def test_a_list_items_semicolon_read_as_a_colon_is_put_back():
    read = ["CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐẠI LỘC",
            "Căn cứ Luật Người cao tuổi ngày 23 tháng 11 năm 2009:",
            "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy",
            "định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội:",
            "Xét đề nghị của công chức Văn hóa - Xã hội,",
            "QUYẾT ĐỊNH:",
            "Điều 1. Thông báo như sau:",
            "Nơi nhận:", "- Như Điều 3:", "- Phòng Văn hóa - Xã hội:", "- Lưu: VT.",
            "TM. ỦY BAN NHÂN DÂN"]
    out = restore_clause_ends(read)
    assert out[1].endswith("2009;") and out[3].endswith("xã hội;")
    assert out[7:10] == ["Nơi nhận:", "- Như Điều 3;", "- Phòng Văn hóa - Xã hội;"]
    # what announces the lines after it keeps its colon; so does a clause the body follows,
    # and a dash line outside the recipients' list
    assert out[5] == "QUYẾT ĐỊNH:" and out[6] == "Điều 1. Thông báo như sau:"
    body = ["Căn cứ kết quả kiểm tra, Ủy ban nhân dân xã xác nhận:", "Ông Lò Văn Páo"]
    assert restore_clause_ends(body) == body
    listed = ["Hồ sơ gồm:", "- Đơn đề nghị:", "- Bản sao giấy tờ"]
    assert restore_clause_ends(listed) == listed


def test_a_number_filled_in_with_a_blue_pen_is_given_unsure_on_a_colour_scan():
    """Seed 10606 held-035_p1 (a colour ADF scan, the number "24" filled in with a blue pen):
    the "4" faded away and the "2" left keeps to the print's line, so its place did not tell
    it was written by hand; read "Số: 2/TB-UBND" and given as sure, it would have been
    believed against the register. Its ink is bluer than the print's."""
    import random

    from benchmarks.corpus.capture import Capture, scan
    from benchmarks.corpus.fonts import survey
    from benchmarks.corpus.layout import Style, render
    from benchmarks.corpus.texts import DOCS
    from ocr.clean import pen_blue
    from ocr.documents import document_fields
    from ocr.engine import Engine
    from ocr.figures import in_pen
    from ocr.raster import Page

    families, _ = survey()
    docs = [d for d in DOCS if d.split == "tuning" and d.header == "two"]
    doc, family = docs[7 % len(docs)], families[7 % len(families)]
    fields = {}
    for by_hand in (True, False):
        page = render(doc, Style(family, header=doc.header, handwritten=by_hand),
                      random.Random("pen7"))[0]
        image = scan(np.asarray(page.image), None, Capture("flatbed", "rgb", 300, "moderate"),
                     random.Random(7)).image
        fields[by_hand] = document_fields([Engine().read_page(Page(1, image, 300), "pen.jpg")])
    # "19" filled in by hand keeps to the print's line here (given 0.91 before)
    assert fields[True]["number"]["certainty"] < 0.8
    assert fields[False]["number"]["certainty"] >= 0.8
    # the same line, in black print and in a blue pen's figures, on a grey page: no colour
    line = Line("Số: 24/TB-UBND", 0.95, (10, 10, 410, 60))
    printed = np.full((80, 420, 3), 235, np.uint8)
    printed[25:45, 20:200] = 30                      # "Số:" and the symbol, black
    pen = printed.copy()
    pen[22:45, 120:160] = (60, 70, 160)              # the figures, blue
    gray = cv2.cvtColor(pen, cv2.COLOR_RGB2GRAY)
    assert in_pen(pen_blue(pen), gray, line)
    assert not in_pen(pen_blue(printed), cv2.cvtColor(printed, cv2.COLOR_RGB2GRAY), line)
    assert not in_pen(pen_blue(np.dstack([gray] * 3)), gray, line)
