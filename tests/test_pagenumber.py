"""A page's number at the top centre, which Tesseract reads and the line reader's detector
missed, is kept as the page's first line; other lone figures are not taken for it."""

from ocr.merge import Line, TWord
from ocr.pagenumber import page_number

WIDTH = 2480
#: a second page as read at 300 dpi: its first lines, the number above them missed
LINES = [Line("Điều 3. Văn phòng HĐND và UBND xã, kế toán ngân sách và các tập thể, cá", 0.97,
              (423, 347, 2317, 401)),
         Line("nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.", 0.96,
              (307, 417, 1872, 469)),
         Line("Nơi nhận:", 0.99, (301, 559, 541, 604))]
BODY_WORDS = [TWord("Điều", 96.0, (424, 347, 532, 390)), TWord("Nơi", 95.0, (301, 559, 380, 604))]


def test_the_number_at_the_top_centre_of_a_second_page_is_read():
    number = page_number(LINES, [TWord("2", 96.0, (1299, 203, 1325, 241)), *BODY_WORDS], WIDTH)
    assert number is not None and number.text == "2" and number.box == (1299, 203, 1325, 241)


def test_a_figure_that_is_no_page_number_is_not_taken_for_one():
    for word in (TWord("2", 96.0, (300, 203, 326, 241)),      # at the margin, not the centre
                 TWord("2", 40.0, (1299, 203, 1325, 241)),    # unsure
                 TWord("2", 96.0, (1299, 120, 1325, 300)),    # a seal's or a mark's height
                 TWord("2026", 96.0, (1250, 203, 1370, 241)),  # a year
                 TWord("2", 96.0, (1299, 700, 1325, 738))):   # among the lines
        assert page_number(LINES, [word, *BODY_WORDS], WIDTH) is None, word
    # a figure with words beside it on its row is a line the line reader missed, no number
    beside = [TWord("2", 96.0, (1299, 203, 1325, 241)),
              TWord("Trang", 90.0, (1150, 203, 1280, 241))]
    assert page_number(LINES, [*beside, *BODY_WORDS], WIDTH) is None
    # a page already holding its number as a line
    assert page_number([Line("2", 0.9, (1299, 203, 1325, 241)), *LINES],
                       [TWord("2", 96.0, (1299, 203, 1325, 241)), *BODY_WORDS], WIDTH) is None
