"""Cutting a batch scan into documents, and matching a document by what is printed on it."""

from datetime import date

from pipeline.batches import (
    PageSigns,
    is_motto,
    numbering_gaps,
    page_label,
    page_signs,
    split_batch,
)
from pipeline.content_match import choose, contradiction, number_key, rank
from pipeline.models import Level, RegisterEntry

W, H = 2480, 3508


def first(n, **kw):
    return PageSigns(n, motto=True, **kw)


def cont(n, label, **kw):
    return PageSigns(n, page_label=label, **kw)


def test_the_national_motto_is_known_with_a_word_misread():
    assert is_motto("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert is_motto("CỘNG HOÀ XÃ HỘI CHÚ NGHĨA VIỆT NAM")
    assert is_motto("Độc lập - Tự do - Hạnh phúc")
    assert not is_motto("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ")


def test_page_signs_read_the_motto_at_the_top_and_the_page_number_at_the_top_centre():
    lines = [("ỦY BAN NHÂN DÂN", (200, 150, 900, 200)),
             ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", (1200, 150, 2300, 200))]
    assert page_signs(1, lines, (W, H)).motto
    assert page_signs(2, [("2", (1220, 120, 1260, 170)), ("Điều 3.", (200, 300, 500, 350))],
                      (W, H)).page_label == 2
    # a number in the text, or in a corner, is not a page number
    assert page_signs(2, [("2", (200, 1500, 240, 1550))], (W, H)).page_label is None
    assert page_label("- 3 -") == 3 and page_label("Trang 4") == 4 and page_label("3.5 ha") \
        is None


def test_a_batch_without_separators_is_cut_where_a_document_starts():
    signs = [first(1), cont(2, 2), first(3), first(4), cont(5, 2), cont(6, 3)]
    parts = split_batch(signs)
    assert [p.pages for p in parts] == [(1, 2), (3,), (4, 5, 6)]
    assert all(p.sure for p in parts)


def test_separator_and_cover_sheets_cut_and_a_cover_gives_its_dossier_code():
    code = "000.00.06.H56-260125-010123"
    signs = [PageSigns(1, codes=(code,)), first(2), cont(3, 2), PageSigns(4, codes=("TÁCH",)),
             PageSigns(5), PageSigns(6)]
    parts = split_batch(signs)
    assert [p.pages for p in parts] == [(2, 3), (5, 6)]
    assert parts[0].code == code and parts[1].code == ""
    # after a separator a page without the motto may start a document; its next page with
    # neither motto nor number is a guess: a person decides
    assert parts[0].sure and not parts[1].sure and "page 6" in parts[1].doubt


def test_blank_pages_are_kept_out_of_documents_but_listed_with_them():
    signs = [first(1), PageSigns(2, blank=True), cont(3, 2), first(4), PageSigns(5, blank=True)]
    parts = split_batch(signs)
    assert [(p.pages, p.blank) for p in parts] == [((1, 3), (2,)), ((4,), (5,))]


def test_a_document_page_carrying_a_dossier_qr_is_not_a_cover():
    code = "000.00.06.H56-260125-0123"
    parts = split_batch([first(1, codes=(code,)), cont(2, 2), first(3)])
    assert [p.pages for p in parts] == [(1, 2), (3,)] and parts[0].code == code


def test_a_single_document_file_is_one_sure_document_and_its_numbering_is_checked():
    signs = [PageSigns(1), PageSigns(2), cont(3, 4)]
    parts = split_batch(signs)
    assert len(parts) == 1 and parts[0].sure
    assert "page 3 is numbered 4" in numbering_gaps(parts[0], signs)
    assert numbering_gaps(split_batch([first(1), cont(2, 2)])[0], [first(1), cont(2, 2)]) == ""


def entry(rid, number, day, unit="UBND xã Tân Phú", signer="", holder=""):
    return RegisterEntry(rid, "1.001", "Cấp giấy phép", "Xây dựng", "X1", unit, Level.COMMUNE,
                         day, document_number=number, signer=signer, holder=holder)


def fields(number, day, certainty=1.0, body="ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", signer=""):
    return {"number": {"value": number, "certainty": certainty},
            "date": {"value": day, "certainty": 1.0},
            "issuing_body": {"value": body, "certainty": 1.0},
            "signer": {"value": signer, "certainty": 1.0} if signer else None}


REGISTER = [
    entry("A-1", "47/QĐ-UBND", date(2025, 3, 14), signer="Nguyễn Văn Đức"),
    entry("A-2", "48/QĐ-UBND", date(2025, 3, 14)),
    entry("A-3", "47/QĐ-UBND", date(2024, 5, 2)),
    entry("A-4", "47/QĐ-UBND", date(2025, 3, 14), unit="UBND xã Bình An"),
]


def test_numbers_compare_without_marks_spaces_or_leading_zeros():
    assert number_key("047 / QĐ-UBND") == number_key("47/QD-UBND") == "47/QD-UBND"


def test_number_date_and_unit_pick_one_result_among_look_alikes():
    found = choose(rank(REGISTER, fields("47/QĐ-UBND", "2025-03-14",
                                         signer="Nguyễn Văn Đức")))
    assert found.result_id == "A-1", found.reason
    assert any("số ký hiệu" in e for e in found.candidates[0].evidence)


def test_two_results_the_page_cannot_tell_apart_are_left_to_a_person_with_both_listed():
    found = choose(rank(REGISTER, fields("47/QĐ-UBND", "2025-03-14", body="")))
    assert found.result_id is None
    assert {"A-1", "A-4"} <= {c.result_id for c in found.candidates}


def test_a_file_name_match_the_page_contradicts_is_caught():
    assert "48/QĐ-UBND" in contradiction(REGISTER[2], fields("48/QĐ-UBND", "2025-03-14"))
    assert contradiction(REGISTER[0], fields("47/QĐ-UBND", "2025-03-14")) == ""
    # an unsure reading contradicts nothing
    assert contradiction(REGISTER[2], fields("48/QĐ-UBND", "2025-03-14", certainty=0.3)) == ""


def test_a_handwritten_day_the_reader_missed_still_counts_by_month_and_year():
    from pipeline.content_match import date_in_text

    text = "Đông Sơn, ngày l7 tháng 9 năm 2025\nGIẤY XÁC NHẬN"
    assert date_in_text(date(2025, 9, 17), text) == 0.5
    assert date_in_text(date(2025, 9, 17), "ngày 17 tháng 09 năm 2025") == 1.0
    assert date_in_text(date(2024, 9, 17), text) == 0.0


def test_a_number_under_the_title_and_a_serial_misread_as_letters_still_agree():
    from pipeline.content_match import number_agrees, text_numbers

    assert text_numbers("GIẤY CHỨNG NHẬN\nĐĂNG KÝ HỘ KINH DOANH\nSố: 20H8045094\n") == \
        ["20H8045094"]
    assert number_agrees("Sl4/QĐ-UBND", "814/QĐ-UBND") > 0
    # a dossier code printed as the number must agree exactly: one digit is another dossier
    assert number_agrees("000.20.57.H80-250408-0047", "000.20.57.H80-250408-0048") == 0


def test_a_record_without_a_number_is_matched_by_its_date_and_holder_never_by_date_alone():
    record = RegisterEntry("B-1", "", "Bàn giao mốc giới", "Đất đai", "X9", "Xã Lạc Thủy",
                           Level.COMMUNE, date(2025, 1, 1), signer="Bạch Văn Ngọc",
                           holder="Quách Thị Phượng")
    other = RegisterEntry("B-2", "", "Bàn giao mốc giới", "Đất đai", "X9", "Xã Lạc Thủy",
                          Level.COMMUNE, date(2025, 1, 6), signer="Bạch Văn Ngọc",
                          holder="Lò Văn Páo")
    text = ("BIÊN BẢN\nHôm nay, vào lúc 8 giờ 30 phút ngày 01 tháng 01 năm 2025, tại xã "
            "Lạc Thủy\n- Bà Quách Thị Phượng, chủ sử dụng đất.")
    read = {"signer": {"value": "Bạch Văn Ngọc", "certainty": 0.99}}
    found = choose(rank([record, other], read, text))
    assert found.result_id == "B-1", found.reason
    # the same page without the holder's name: a date, a unit and a signer many share
    alone = choose(rank([record], read, text.replace("Quách Thị Phượng", "(tên)")))
    assert alone.result_id is None and "holder" in alone.reason


def test_a_record_is_found_in_the_register_by_the_date_of_its_first_sentence():
    from pipeline.content_match import text_dates
    from pipeline.matching import match_document

    record = RegisterEntry("B-1", "", "Bàn giao mốc giới", "Đất đai", "X9", "Xã Lạc Thủy",
                           Level.COMMUNE, date(2026, 7, 16), signer="Bạch Văn Ngọc",
                           holder="Quách Thị Phượng")
    text = ("BIÊN BẢN\nHôm nay, vào lúc 8 giờ 30 phút ngày 16 tháng 07 năm 2026, tại xã Lạc "
            "Thủy\n- Bà Quách Thị Phượng, chủ sử dụng đất.")
    assert text_dates(text) == [date(2026, 7, 16)]

    class Register:
        def known_result_ids(self, ids):
            return set()

        def entry(self, rid):
            return record if rid == "B-1" else None

        def candidates_for(self, number, issued):
            return [record] if issued == record.issued_date else []

    found = match_document(Register(), {"signer": {"value": "Bạch Văn Ngọc", "certainty": 1}},
                           text)
    assert found.result_id == "B-1", found.how


def test_a_date_from_the_body_or_a_recurring_holder_never_decides_between_two_results():
    truth = entry("G-1", "838/GXN-UBND", date(2024, 5, 22), holder="Lê Thị Huyền Trân")
    decoy = entry("G-2", "838/GXN-UBND", date(2025, 5, 19), holder="Lê Thị Huyền Trân")
    # no date line at the top; the header reader took a date from the body
    text = ("GIẤY XÁC NHẬN\nSố: 838/GXN-UBND\nEm: Lê Thị Huyền Trân\nthuộc hộ nghèo năm 2025 "
            "theo Quyết định số 11/QĐ-UBND ngày 15 tháng 01 năm 2025")
    read = fields("838/GXN-UBND", "2025-01-15", body="")
    assert choose(rank([truth, decoy], read, text)).result_id is None
    # the same holder in two results of a unit: without the number or the date, no match
    no_number = {"signer": None, "issuing_body": {"value": "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ",
                                                  "certainty": 1.0}}
    text2 = "ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ\nTân Phú, ngày l7 tháng 7 năm 2024\nÔng Lê Thị Huyền Trân"
    assert choose(rank([truth, decoy], no_number, text2)).result_id is None


def test_a_speck_in_the_serial_or_a_stroke_read_twice_does_not_hide_the_number():
    from pipeline.content_match import number_agrees

    assert number_agrees("3.18/XNTTHN", "318/XNTTHN") == 1.0
    assert number_key("22//GP-KTHT") == "22/GP-KTHT"
    assert number_key("_360/GM-UBND") == "360/GM-UBND"
    # a handwritten 1 read as "/", a "/" read as a digit: near, never the same
    assert 0 < number_agrees("8/2/TB-PKT", "812/TB-PKT") < 1
    assert 0 < number_agrees("6957TB-UBND", "695/TB-UBND") < 1
    assert number_agrees("12/2024/NĐ-CP", "12/2024/NĐ-CP") == 1.0
    # a dossier code or a serial number without a symbol still agrees only exactly
    assert number_agrees("21H8054816", "20H8054816") == 0


def test_a_unit_named_in_common_words_is_known_by_its_whole_name():
    nam_phong = entry("N-1", "20/QĐ-XPHC", date(2025, 12, 29), unit="XÃ NAM PHONG")
    read = fields("20/QĐ-XPHC", "2025-12-29", body="ỦY BAN NHÂN DÂN XÃ NAM PHONG")
    assert "đơn vị XÃ NAM PHONG" in rank([nam_phong], read)[0].evidence
    # "Văn" in a person's name is not Xã Đồng Văn
    dong_van = entry("N-2", "", date(2025, 8, 29), unit="Xã Đồng Văn")
    text = "BIÊN BẢN\n- Ông Bạch Văn Ngọc, công chức Địa chính\n- Bà Quách Thị Phượng"
    assert rank([dong_van], {}, text) == []  # nothing in its favour


def test_a_register_row_the_page_cannot_be_is_no_rival_to_the_one_it_identifies():
    code = "000.55.67.H59-240726-1148"
    truth = entry("R-1", code, date(2024, 7, 26), signer="Quan Thị Diễm",
                  holder="Tăng Minh Nhựt")
    # a record of the same unit and day: no number, another holder (not on the page)
    record = entry("R-2", "", date(2024, 7, 26), signer="Quan Thị Diễm", holder="Lò Văn Páo")
    read = fields(code, "2024-07-26", signer="Quan Thị Diễm")
    text = f"GIẤY TIẾP NHẬN HỒ SƠ\nSố: {code}\nÔng Tăng Minh Nhựt"
    found = choose(rank([truth, record], read, text))
    assert found.result_id == "R-1", found.reason
    # a row with the same number whose holder is not on the page: the holder decides
    other = entry("R-3", code, date(2024, 7, 26), signer="Quan Thị Diễm", holder="Lò Văn Páo")
    found = choose(rank([truth, other], read, text))
    assert found.result_id == "R-1" and "holder" in found.reason, found.reason
    # a second row the page identifies just as well: left to a person
    twin = entry("R-4", code, date(2024, 7, 26), signer="Quan Thị Diễm",
                  holder="Tăng Minh Nhựt")
    assert choose(rank([truth, twin], read, text)).result_id is None


def test_a_serial_with_one_digit_misread_finds_its_register_row(tmp_path):
    from pipeline.content_match import near_keys
    from storage.catalogue import SqlCatalogue

    assert "319/UBND-TP" in near_keys("379/UBND-TP") and "37/UBND-TP" in near_keys("379/UBND-TP")
    cat = SqlCatalogue(f"sqlite:///{tmp_path / 'c.db'}")
    cat.upsert_entries([entry("T-1", "319/UBND-TP", date(2025, 5, 26)),
                        entry("T-2", "319/QĐ-UBND", date(2025, 5, 26)),
                        entry("T-3", "512/UBND-TP", date(2025, 5, 26))])
    found = {e.result_id for e in cat.candidates_for("379/UBND-TP", date(2025, 5, 25))}
    cat.close()
    assert found == {"T-1"}
