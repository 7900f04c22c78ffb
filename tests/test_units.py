"""Administrative units after the 2025 reorganisation: results reported under the unit that
issued them or under the unit that holds them now. Hand-worked."""

from datetime import date

from pipeline.models import Level, RegisterEntry
from pipeline.report import build_report
from pipeline.units import current_unit, parse_units_csv

UNITS_CSV = """Mã đơn vị,Tên đơn vị,Cấp,Trực thuộc,Hiệu lực từ,Hiệu lực đến,Đơn vị kế thừa
H01,Huyện Ngọc Lâm,Cấp huyện,,2008-01-01,2025-06-30,X05
X01,Xã Đông Hòa,Cấp xã,H01,2008-01-01,2025-06-30,X05
X02,Xã Tân Lập,Cấp xã,H01,2008-01-01,2025-06-30,X05
X05,Xã Ngọc Lâm,Cấp xã,,2025-07-01,,
X09,Xã Lạc,Cấp xã,,,,Z99
"""
TARGETS = {Level.DISTRICT: 0.60, Level.COMMUNE: 0.55}


def entry(rid, unit, name, level):
    return RegisterEntry(rid, "1.001193", "Đăng ký khai sinh", "Hộ tịch", unit, name, level,
                         date(2024, 3, 1))


REGISTER = [entry("R1", "H01", "Huyện Ngọc Lâm", Level.DISTRICT),
            entry("R2", "X01", "Xã Đông Hòa", Level.COMMUNE),
            entry("R3", "X02", "Xã Tân Lập", Level.COMMUNE)]
DIGITIZED = {"R1", "R3"}


def units():
    parsed, errors = parse_units_csv(UNITS_CSV)
    assert [str(e) for e in errors] == ["line 0: unit X09: successor Z99 is not listed"]
    return {u.code: u for u in parsed}


def test_units_table_with_vietnamese_headers_and_successors():
    u = units()
    assert u["H01"].level is Level.DISTRICT and u["H01"].valid_to == date(2025, 6, 30)
    assert current_unit("X01", u, date(2025, 6, 30)).code == "X01"  # still existed that day
    assert current_unit("X01", u, date(2025, 7, 1)).code == "X05"
    assert current_unit("H01", u, date(2026, 1, 1)).name == "Xã Ngọc Lâm"
    assert current_unit("NOPE", u, date(2026, 1, 1)) is None


def test_former_district_and_merged_communes_report_under_the_new_commune():
    as_of = date(2025, 7, 15)
    issuing = build_report(REGISTER, DIGITIZED, as_of, TARGETS, [], [])
    district, commune = issuing.levels
    assert (district.tally.valid, district.tally.digitized) == (1, 1)
    assert [(x.unit_code, x.tally.valid, x.tally.digitized) for x in commune.units] == [
        ("X01", 1, 0), ("X02", 1, 1)]

    current = build_report(REGISTER, DIGITIZED, as_of, TARGETS, [], [], units=units())
    assert current.grouping == "current"
    by_level = {lv.level: lv for lv in current.levels}
    assert by_level[Level.DISTRICT].tally.valid == 0  # no district holds results any more
    (ngoc_lam,) = by_level[Level.COMMUNE].units
    assert (ngoc_lam.unit_code, ngoc_lam.unit_name) == ("X05", "Xã Ngọc Lâm")
    assert (ngoc_lam.tally.valid, ngoc_lam.tally.digitized) == (3, 2)
    assert by_level[Level.COMMUNE].met is True  # 2/3 >= 55%

    before = build_report(REGISTER, DIGITIZED, date(2025, 6, 30), TARGETS, [], [],
                          units=units())
    assert [lv.tally.valid for lv in before.levels] == [1, 2]  # the old units still existed
