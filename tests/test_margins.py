"""Marks in the left margin (the back's print showing through, a dark edge's speckle) read into
the text are kept out; the column's own words, list markers and lines of their own in the margin
stay."""

from __future__ import annotations

from ocr.margins import column_edge, margin_marks_out
from ocr.merge import Line

DPI = 300
EDGE = 700  # the column's left edge, in pixels at 300 dpi (a wide margin)
CHAR = 31   # a character's width at this size


def line(text: str, x0: int, y: int, conf: float = 0.95) -> Line:
    return Line(text, conf, (x0, y, x0 + CHAR * len(text), y + 60))


def body(y: int = 1000) -> list[Line]:
    """Four lines of the column, starting at its edge or indented."""
    return [line("Hôm nay, vào lúc 8 giờ 30 phút ngày 11 tháng 10 năm 2023, tại", EDGE + 90, y),
            line("thửa đất số 640, tờ bản đồ số 09, xóm Đồi Bương, xã Lạc Thủy,", EDGE, y + 80),
            line("1. Đại diện Ủy ban nhân dân xã Lạc Thủy:", EDGE + 8, y + 160),
            line("Các bên đã cùng kiểm tra và bàn giao 04 mốc giới bằng bê tông,", EDGE, y + 240)]


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines]


def test_the_column_edge_is_where_lines_opening_with_a_word_start_together():
    assert column_edge(body(), DPI) == EDGE
    # two lines are no column
    assert column_edge(body()[:2], DPI) is None


def test_marks_read_beside_a_line_in_the_margin_are_kept_out_and_the_line_stays_whole():
    marked = line("gị79hệ 3. Các hộ liền kề:", EDGE - 7 * CHAR, 1400)
    numbered = line("C 2302 -Ông Xa Văn Tiến, Trưởng xóm Đồi Bương.", EDGE - 7 * CHAR, 1480)
    kept, out = margin_marks_out([*body(), marked, numbered], DPI)
    assert texts(kept)[-2:] == ["3. Các hộ liền kề:", "-Ông Xa Văn Tiến, Trưởng xóm Đồi Bương."]
    assert out == ["gị79hệ", "C 2302"]
    # the line's box starts where its own words do, for the archival copy's text layer
    assert abs(kept[-2].box[0] - EDGE) <= CHAR


def test_lines_of_their_own_in_the_margin_stay():
    # a table wider than the column puts its first column's head there
    head = line("TT", EDGE - 180, 1400, conf=0.4)
    lines = [*body(), head]
    assert margin_marks_out(lines, DPI) == (lines, [])


def test_a_short_line_at_the_margin_stays_when_most_lines_of_the_column_are_indented():
    # articles' first lines indented half an inch make the edge; their last lines, at the
    # margin, are short: nothing of the page's own is left to be a line read with marks
    lines = [line(f"Điều {k}. Tiền thưởng được trích từ quỹ thi đua, khen thưởng", EDGE + 150,
                  1000 + 160 * k) for k in range(1, 5)]
    lines.append(line("2025.", EDGE, 1080))
    assert column_edge(lines, DPI) == EDGE + 150
    assert margin_marks_out(lines, DPI) == (lines, [])


def test_words_and_markers_in_the_margin_stay():
    # an outdented line whose first token is a syllable, or a list marker, is left as read
    outdented = line("Nơi nhận: UBND xã Lạc Thủy;", EDGE - 150, 1400)
    marker = line("- Như trên;", EDGE - 120, 1480)
    lines = [*body(), outdented, marker]
    assert margin_marks_out(lines, DPI) == (lines, [])


def test_a_line_whose_words_do_not_reach_the_column_edge_is_left_as_read():
    # a line set wider than the column (a table's row): after its code, its words start far
    # left of the column's edge, so the code is no mark beside the column's print
    far = line("QĐ-UBND ngày 12/3/2024 của Ủy ban nhân dân tỉnh Thanh Hóa", EDGE - 600, 1400)
    lines = [*body(), far]
    assert margin_marks_out(lines, DPI) == (lines, [])
