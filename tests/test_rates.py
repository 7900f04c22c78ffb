from datetime import date
from fractions import Fraction

from pipeline.models import Level, RegisterEntry
from pipeline.rates import compute_level_rates, is_valid_on
from pipeline.render.jsondoc import render_json
from pipeline.render.text import render_text
from pipeline.report import QuarantinedFile, UnmatchedScan, build_report

AS_OF = date(2025, 6, 30)
TARGETS = {Level.DISTRICT: 0.60, Level.COMMUNE: 0.55}


def e(rid, unit, level, issued=date(2024, 1, 1), valid_until=None, revoked=False):
    return RegisterEntry(rid, "1.000656", "Đăng ký khai sinh", "Hộ tịch", unit,
                         f"Xã {unit}", level, issued, valid_until, revoked)


def test_validity_on_the_as_of_date():
    assert is_valid_on(e("a", "X", Level.COMMUNE), AS_OF)  # no expiry
    assert is_valid_on(e("b", "X", Level.COMMUNE, valid_until=AS_OF), AS_OF)  # last day counts
    assert not is_valid_on(e("c", "X", Level.COMMUNE, valid_until=date(2025, 6, 29)), AS_OF)
    assert not is_valid_on(e("d", "X", Level.COMMUNE, revoked=True), AS_OF)
    assert not is_valid_on(e("f", "X", Level.COMMUNE, issued=date(2025, 7, 1)), AS_OF)
    assert is_valid_on(e("g", "X", Level.COMMUNE, issued=AS_OF), AS_OF)


def test_rates_per_level_and_unit_worked_by_hand():
    entries = [
        # district: 3 valid (d1, d2, d3), 2 digitized -> 2/3 = 66.7% >= 60%: met
        e("d1", "H1", Level.DISTRICT), e("d2", "H1", Level.DISTRICT),
        e("d3", "H2", Level.DISTRICT, valid_until=AS_OF),
        e("d4", "H2", Level.DISTRICT, valid_until=date(2025, 1, 1)),  # expired, digitized
        # commune: 4 valid, 2 digitized -> 50% < 55%: not met
        e("c1", "X1", Level.COMMUNE), e("c2", "X1", Level.COMMUNE),
        e("c3", "X2", Level.COMMUNE), e("c4", "X2", Level.COMMUNE),
        e("c5", "X2", Level.COMMUNE, revoked=True),  # revoked, digitized
        e("c6", "X2", Level.COMMUNE, issued=date(2025, 8, 1)),  # not yet issued
    ]
    digitized = {"d1", "d3", "d4", "c1", "c3", "c5", "unmatched-scan-id"}
    levels, excl = compute_level_rates(entries, digitized, AS_OF, TARGETS)
    district, commune = levels
    assert (district.level, district.tally.valid, district.tally.digitized) == (
        Level.DISTRICT, 3, 2)
    assert district.tally.rate == Fraction(2, 3) and district.met is True
    assert [(u.unit_code, u.tally.valid, u.tally.digitized) for u in district.units] == [
        ("H1", 2, 1), ("H2", 1, 1)]
    assert (commune.tally.valid, commune.tally.digitized, commune.met) == (4, 2, False)
    assert (excl.revoked, excl.expired, excl.not_yet_issued) == (1, 1, 1)


def test_rate_exactly_on_target_is_met():
    # 11 of 20 is exactly 55%: no float rounding may turn it into "not met"
    entries = [e(f"c{i}", "X1", Level.COMMUNE) for i in range(20)]
    (commune,), _ = compute_level_rates(entries, {f"c{i}" for i in range(11)}, AS_OF,
                                        {Level.COMMUNE: 0.55})
    assert commune.met is True
    (commune,), _ = compute_level_rates(entries, {f"c{i}" for i in range(10)}, AS_OF,
                                        {Level.COMMUNE: 0.55})
    assert commune.met is False


def test_level_with_nothing_valid_has_no_rate_and_no_verdict():
    levels, _ = compute_level_rates([e("c1", "X1", Level.COMMUNE, revoked=True)], set(),
                                    AS_OF, TARGETS)
    by = {lv.level: lv for lv in levels}
    assert by[Level.DISTRICT].tally.rate is None and by[Level.DISTRICT].met is None
    assert by[Level.COMMUNE].tally.valid == 0


def test_report_text_shows_vietnamese_labels_and_verdicts():
    entries = [e("d1", "H1", Level.DISTRICT), e("c1", "X1", Level.COMMUNE),
               e("c2", "X1", Level.COMMUNE)]
    report = build_report(entries, {"d1"}, AS_OF, TARGETS,
                          [UnmatchedScan("ảnh-chụp.jpg", "ab" * 32, "unmatched/abab.jpg")],
                          [QuarantinedFile("hỏng.pdf", "not a readable PDF", "/q/hỏng.pdf")])
    text = render_text(report)
    assert "tính đến ngày 30/06/2025" in text
    assert "Cấp huyện" in text and "Cấp xã" in text
    lines = {line.split()[1]: line for line in text.splitlines()
             if line.startswith(("Cấp huyện", "Cấp xã"))}
    assert lines["huyện"].split()[-1] == "Đạt" and "100.0%" in lines["huyện"]
    assert lines["xã"].endswith("Chưa đạt") and "0.0%" in lines["xã"]
    assert "ảnh-chụp.jpg" in text and "hỏng.pdf: not a readable PDF" in text
    js = render_json(report)
    assert '"met": false' in js and "hỏng.pdf" in js  # UTF-8, not \u escapes


def test_a_replaced_result_stops_counting_the_day_its_replacement_is_issued():
    from pipeline.rates import status_on

    old = e("A", "X", Level.COMMUNE, issued=date(2024, 1, 10))
    old = RegisterEntry(**{**old.__dict__, "replaced_by": "B"})
    new = e("B", "X", Level.COMMUNE, issued=date(2025, 5, 1))
    orphan = RegisterEntry(**{**e("C", "X", Level.COMMUNE).__dict__, "replaced_by": "ZZZ"})
    issued = {"A": old.issued_date, "B": new.issued_date}
    assert status_on(old, date(2025, 4, 30), issued) == "valid"
    assert status_on(old, date(2025, 5, 1), issued) == "replaced"
    assert status_on(orphan, AS_OF, issued) == "replaced"  # replacement not in the register
    levels, excluded = compute_level_rates([old, new, orphan], {"A"}, AS_OF,
                                           {Level.COMMUNE: 0.55})
    (commune,) = levels
    assert (commune.tally.valid, commune.tally.digitized) == (1, 0)  # only B; A's scan no longer
    assert excluded.replaced == 2
    levels, _ = compute_level_rates([old, new], {"A"}, date(2025, 4, 30), {Level.COMMUNE: 0.55})
    assert (levels[0].tally.valid, levels[0].tally.digitized) == (1, 1)
