"""The official units (statistics office, via vietnam-provinces) imported for one province,
the register's agency codes mapped to them, and results reported under the unit holding them
after 1 July 2025: a merged commune's under its new commune, a split commune's marked split
with the communes that share it, a district's under the province."""

from __future__ import annotations

import json
from pathlib import Path

from sohoa.cli import main

REGISTER = """result_id,procedure_code,procedure_name,field,unit_code,unit_name,level,issued_date
A-1,1.001193,Đăng ký khai sinh,Hộ tịch,000.21.01.H26,UBND phường Trúc Bạch,commune,2024-03-01
A-2,1.001193,Đăng ký khai sinh,Hộ tịch,000.21.01.H26,UBND P. Trúc Bạch,commune,2024-05-01
B-1,1.001193,Đăng ký khai sinh,Hộ tịch,000.22.01.H26,UBND phường Cống Vị,commune,2024-03-01
C-1,1.004227,Cấp giấy phép xây dựng,Xây dựng,000.00.01.H26,UBND quận Ba Đình,district,2024-03-01
"""
AGENCY_MAP = """agency_code,official_code
000.21.01.H26,00004
000.22.01.H26,00007
000.00.01.H26,001
"""


def units_of(out: str) -> dict[str, tuple[str, str, int]]:
    data = json.loads(out)
    return {u["unit_code"]: (lv["level"], u["unit_name"], u["valid"])
            for lv in data["levels"] for u in lv["units"]}


def test_official_units_of_a_province_with_the_registers_agency_codes(env, tmp_path: Path,
                                                                        capsys):
    (tmp_path / "so.csv").write_text(REGISTER, encoding="utf-8")
    (tmp_path / "ma.csv").write_text(AGENCY_MAP, encoding="utf-8")
    assert main(["register", "import", str(tmp_path / "so.csv")]) == 0
    assert main(["units", "import", "--official", "--province", "01", "--agency-map",
                 str(tmp_path / "ma.csv")]) == 0
    out = capsys.readouterr().out
    # Hà Nội: 1 new province, 126 new communes; 1 old province, 30 districts, 526 communes;
    # and the three agency codes
    assert "687 unit(s) read, 687 added" in out, out

    # before the merge: each under its own unit, named by the statistics office
    assert main(["report", "--as-of", "2025-06-30", "--by", "current", "--format",
                 "json"]) == 0
    before = units_of(capsys.readouterr().out)
    assert before["cu:xa:00004"] == ("commune", "Phường Trúc Bạch", 2)
    assert before["cu:huyen:001"] == ("district", "Quận Ba Đình", 1)

    # after: Trúc Bạch's results under Phường Ba Đình; Cống Vị was split between two; the
    # district's under the city
    assert main(["report", "--as-of", "2025-07-15", "--by", "current", "--format",
                 "json"]) == 0
    after = units_of(capsys.readouterr().out)
    assert after["moi:xa:00004"] == ("commune", "Phường Ba Đình", 2)
    level, name, valid = after["cu:xa:00007"]
    assert (level, valid) == ("commune", 1)
    assert name == "Phường Cống Vị (đã chia tách, split: Phường Ngọc Hà, Phường Giảng Võ)"
    assert after["moi:tinh:01"] == ("province", "Thành phố Hà Nội", 1)

    # by the issuing unit: one row per agency code, the official name shown
    assert main(["report", "--as-of", "2025-07-15", "--format", "json"]) == 0
    issuing = units_of(capsys.readouterr().out)
    assert issuing["000.21.01.H26"] == ("commune", "Phường Trúc Bạch", 2)

    # a mistake is one clear line
    assert main(["units", "import", "--official", "--province", "99"]) == 2
    assert "no province 99" in capsys.readouterr().err
    assert main(["units", "import", str(tmp_path / "so.csv"), "--official"]) == 2
