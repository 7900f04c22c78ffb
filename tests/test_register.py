import unicodedata
from datetime import date

from pipeline.models import Level
from pipeline.register import parse_register_csv

HEADER = ("result_id,procedure_code,procedure_name,field,unit_code,unit_name,level,"
          "issued_date,valid_until,revoked\n")


def test_good_rows_load_and_bad_rows_are_reported_with_line_numbers():
    text = HEADER + (
        "000.21.11.H01-240819-0003,1.001193,Đăng ký khai sinh,Hộ tịch,000.21.11.H01,"
        "Xã Đông Hòa,commune,2024-08-19,,no\n"
        "000.00.11.H01-240315-0012,1.001612,Đăng ký hộ kinh doanh,Hộ kinh doanh,000.00.11.H01,"
        "Huyện Ngọc Lâm,huyện,15/03/2024,2030-01-01,\n"
        "X-1,1.0,a,b,U1,Xã A,village,2024-01-01,,\n"
        "X-2,1.0,a,b,U1,Xã A,xã,2024-13-01,,\n"
        ",1.0,a,b,U1,Xã A,xã,2024-01-01,,\n"
        "X-3,1.0,a,b,U1,Xã A,xã,2024-05-01,2024-04-01,\n"
        "X-4,1.0,a,b,U1,Xã A,Cấp xã,2024-05-01,,có\n"
        "000.21.11.H01-240819-0003,1.0,a,b,U1,Xã A,xã,2024-01-01,,\n"
    )
    parsed = parse_register_csv(text)
    assert [x.result_id for x in parsed.entries] == [
        "000.21.11.H01-240819-0003", "000.00.11.H01-240315-0012", "X-4"]
    first, second, third = parsed.entries
    assert first.level is Level.COMMUNE and first.valid_until is None and not first.revoked
    assert second.level is Level.DISTRICT and second.issued_date == date(2024, 3, 15)
    assert third.revoked is True
    errors = {err.line: err.reason for err in parsed.errors}
    assert set(errors) == {4, 5, 6, 7, 9}
    assert "unknown level 'village'" in errors[4]
    assert "issued_date '2024-13-01' is not a date" in errors[5]
    assert "missing result_id" in errors[6]
    assert "before issued_date" in errors[7]
    assert "repeats line 2" in errors[9]


def test_missing_required_column_is_one_clear_error():
    parsed = parse_register_csv("result_id,unit_code\nA,B\n")
    assert not parsed.entries
    assert "header lacks column(s) level, issued_date" in str(parsed.errors[0])


def test_text_is_nfc_even_when_the_file_is_nfd_and_has_a_bom():
    row = ("A-1,1.0,Đăng ký kết hôn,Hộ tịch,U1,Xã Hưng Đạo,xã,2024-01-01,,\n")
    parsed = parse_register_csv("\ufeff" + unicodedata.normalize("NFD", HEADER + row))
    (entry,) = parsed.entries
    assert entry.unit_name == "Xã Hưng Đạo"
    assert unicodedata.is_normalized("NFC", entry.procedure_name)


def test_what_one_stop_systems_write_for_levels_no_end_and_revocation_days():
    text = ("Mã hồ sơ,Mã đơn vị,Cấp,Ngày cấp,Hiệu lực đến,Thu hồi,Ngày thu hồi\n"
            "A,000.21.11.H01,cap xa,15/03/2025,Không thời hạn,,\n"
            "B,000.21.11.H01,CẤP XÃ,2025-03-15,,x,\n"
            "C,000.21.11.H01,Cấp huyện,2025-03-15,,,20/05/2025\n"
            "D,000.21.11.H01,xã,2025-03-15,,x,01/03/2025\n")
    parsed = parse_register_csv(text)
    rows = {e.result_id: e for e in parsed.entries}
    assert rows["A"].level == Level.COMMUNE and rows["A"].valid_until is None
    assert rows["B"].revoked and rows["B"].revoked_on is None  # the import's day, when stored
    assert rows["C"].level == Level.DISTRICT and rows["C"].revoked  # a day says revoked
    assert rows["C"].revoked_on == date(2025, 5, 20)
    assert [str(e) for e in parsed.errors] == [
        "line 5: revoked_on 2025-03-01 is before issued_date 2025-03-15"]
