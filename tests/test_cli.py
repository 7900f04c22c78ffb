"""The `sohoa` command as records staff and auditors use it."""

import csv
import json
from pathlib import Path

from sohoa.cli import main
from sohoa.samples.build import build_samples
from sohoa.samples.documents import UNITS, sample_documents


def test_register_import_reports_bad_rows_by_line_and_loads_good_ones(env, tmp_path, capsys):
    f = tmp_path / "so-theo-doi.csv"
    f.write_text(
        "result_id,procedure_code,procedure_name,field,unit_code,unit_name,level,issued_date,"
        "valid_until,revoked\n"
        "A-1,1.001193,Đăng ký khai sinh,Hộ tịch,U1,Xã Đông Hòa,xã,2024-08-19,,\n"
        "A-2,1.001193,Đăng ký khai sinh,Hộ tịch,U1,Xã Đông Hòa,thôn,2024-08-19,,\n",
        encoding="utf-8")
    assert main(["register", "import", str(f)]) == 0
    out, err = capsys.readouterr()
    assert "1 row(s) read, 1 added, 0 updated, 1 rejected" in out
    assert f"{f}: line 3: unknown level 'thôn'" in err
    assert main(["register", "import", str(f)]) == 0  # again: nothing duplicated
    assert "0 added, 0 updated" in capsys.readouterr().out


def test_register_import_of_a_missing_file_says_so(env, capsys):
    assert main(["register", "import", "khong-co.csv"]) == 2
    assert "khong-co.csv does not exist" in capsys.readouterr().err


def test_report_as_json_for_a_chosen_date(env, tmp_path, capsys):
    f = tmp_path / "r.csv"
    f.write_text("result_id,unit_code,unit_name,level,issued_date,valid_until\n"
                 "A,U1,Huyện Ngọc Lâm,district,2024-01-01,2024-12-31\n", encoding="utf-8")
    main(["register", "import", str(f)])
    capsys.readouterr()
    assert main(["report", "--as-of", "2024-12-31", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    district = next(lv for lv in doc["levels"] if lv["level"] == "district")
    assert (district["valid"], district["digitized"], district["rate"], district["met"]) == (
        1, 0, 0.0, False)
    main(["report", "--as-of", "2025-01-01"])
    assert "hết hiệu lực 1 (expired)" in capsys.readouterr().out


def test_sample_set_covers_formats_units_and_outcomes(tmp_path: Path):
    written = build_samples(tmp_path)
    suffixes = {p.suffix for p in written}
    assert {".pdf", ".tif", ".jpg", ".png"} <= suffixes
    docs = sample_documents()
    scanned = [d for d in docs if d.scan]
    assert len(scanned) + 1 >= 12  # + the unmatched scan
    levels = {UNITS[d.unit].level for d in docs}
    units = {d.unit for d in docs}
    assert levels == {"district", "commune"}
    assert sum(UNITS[u].level == "district" for u in units) >= 2
    assert sum(UNITS[u].level == "commune" for u in units) >= 4
    rows = list(csv.DictReader((tmp_path / "register.csv").open(encoding="utf-8")))
    assert any(r["revoked"] == "yes" for r in rows) and any(r["valid_until"] for r in rows)
    manifest = (tmp_path / "inbox" / "manifest.csv").read_text(encoding="utf-8")
    assert "IMG_20250318_093122.jpg" in manifest


def test_register_import_from_excel_with_vietnamese_headers_updates_not_duplicates(
        env, tmp_path, capsys):
    from datetime import datetime

    from openpyxl import Workbook

    def write(rows, path):
        wb = Workbook()
        ws = wb.active
        ws.append(["SỔ THEO DÕI KẾT QUẢ GIẢI QUYẾT TTHC"])  # a title above the table
        ws.append([])
        ws.append(["Mã hồ sơ", "Mã TTHC", "Tên thủ tục", "Lĩnh vực", "Mã đơn vị", "Tên đơn vị",
                   "Cấp", "Ngày cấp", "Hiệu lực đến", "Thu hồi"])
        for r in rows:
            ws.append(r)
        wb.save(path)

    f = tmp_path / "so-theo-doi.xlsx"
    write([["000.21.11.H01-240819-0003", "1.001193", "Đăng ký khai sinh", "Hộ tịch",
            "000.21.11.H01", "Xã Đông Hòa", "Cấp xã", datetime(2024, 8, 19), None, "không"],
           ["000.00.11.H01-240315-0012", 1.001612, "Đăng ký hộ kinh doanh", "Hộ kinh doanh",
            "000.00.11.H01", "Huyện Ngọc Lâm", "Cấp huyện", "15/03/2024", "2030-01-01", None],
           ["X-9", "1.0", "a", "b", "U1", "Xã A", "thôn", datetime(2024, 1, 1), None, None]], f)
    assert main(["register", "import", str(f)]) == 0
    out, err = capsys.readouterr()
    assert "2 row(s) read, 2 added, 0 updated, 1 rejected" in out
    assert "line 6: unknown level 'thôn'" in err  # the sheet's own row number

    write([["000.21.11.H01-240819-0003", "1.001193", "Đăng ký khai sinh", "Hộ tịch",
            "000.21.11.H01", "Xã Đông Hòa", "Cấp xã", datetime(2024, 8, 19), None, "có"]], f)
    assert main(["register", "import", str(f)]) == 0  # the result was revoked since
    assert "1 row(s) read, 0 added, 1 updated, 0 rejected" in capsys.readouterr().out
    # revoked as of this import (the register gives no day): a report for an earlier day
    # still counts it valid; today's does not
    assert main(["report", "--as-of", "30/06/2025", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["not_counted"]["revoked"] == 0
    assert main(["report", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["not_counted"]["revoked"] == 1


def test_reports_in_every_format_with_drill_downs(env, tmp_path, capsys):
    from openpyxl import load_workbook

    register = Path(__file__).resolve().parent.parent / "sample_scans" / "register.csv"
    assert main(["register", "import", str(register)]) == 0
    capsys.readouterr()
    html = tmp_path / "r.html"
    assert main(["report", "--as-of", "2025-06-30", "--format", "html", "-o", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    assert page.count('class="bar ') == 6 and 'class="target"' in page  # 6 units, targets
    assert "Cấp huyện" in page and "Chưa đạt" in page and "<script" not in page
    assert "Theo lĩnh vực" in page and "Hộ tịch" in page
    assert "Dòng (flow, Quyết định 766/QĐ-TTg): kết quả cấp từ 01/06/2025 đến 30/06/2025" in page
    assert f"report written to {html}" in capsys.readouterr().out

    assert main(["report", "--as-of", "2025-06-30", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff")  # a byte-order mark: Excel on Windows reads UTF-8
    rows = list(csv.reader(out.removeprefix("\ufeff").splitlines()))
    assert rows[0][:4] == ["Dòng (scope)", "Cấp (level)", "Mã đơn vị (code)", "Đơn vị (name)"]
    assert {r[0] for r in rows[1:]} == {"Cấp", "Đơn vị"}
    assert {r[1] for r in rows[1:]} == {"Cấp huyện", "Cấp xã"}

    assert main(["report", "--as-of", "2025-06-30", "--missing"]) == 0
    missing = list(csv.reader(capsys.readouterr().out.removeprefix("\ufeff").splitlines()))
    assert missing[0][0] == "Mã hồ sơ (result_id)" and len(missing) > 1  # nothing scanned yet

    xlsx = tmp_path / "r.xlsx"
    assert main(["report", "--as-of", "2025-06-30", "--format", "xlsx", "-o", str(xlsx)]) == 0
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Tổng hợp", "Lĩnh vực", "Thủ tục", "Còn thiếu", "Không tính",
                               "Dòng (QĐ 766)"]
    assert book["Còn thiếu"].max_row == len(missing) + 1  # title row + header + rows


def test_targets_per_year_apply_to_reports_of_that_year(env, tmp_path, capsys, monkeypatch):
    (env.parent / "sohoa.toml").write_text(
        "[targets_by_year.2026]\ncommune = 0.70\nprovince = 1.0\n", encoding="utf-8")
    monkeypatch.setenv("SOHOA_CONFIG", str(env.parent / "sohoa.toml"))
    register = Path(__file__).resolve().parent.parent / "sample_scans" / "register.csv"
    assert main(["register", "import", str(register)]) == 0
    capsys.readouterr()
    assert main(["report", "--as-of", "2026-01-15", "--format", "json"]) == 0
    targets = {lv["level"]: lv["target"] for lv in json.loads(capsys.readouterr().out)["levels"]}
    assert targets == {"province": 1.0, "district": 0.6, "commune": 0.7}
    assert main(["report", "--as-of", "2025-06-30", "--format", "json"]) == 0
    targets = {lv["level"]: lv["target"] for lv in json.loads(capsys.readouterr().out)["levels"]}
    assert targets == {"district": 0.6, "commune": 0.55}


def test_report_by_current_unit_after_the_2025_merges(env, capsys):
    samples = Path(__file__).resolve().parent.parent / "sample_scans"
    assert main(["register", "import", str(samples / "register.csv")]) == 0
    assert main(["units", "import", str(samples / "units.csv")]) == 0
    assert "8 unit(s) read, 8 added, 0 updated, 0 problem(s)" in capsys.readouterr().out
    assert main(["report", "--as-of", "2025-07-15", "--by", "current", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["grouping"] == "current"
    held = {u["unit_code"]: u["valid"] for lv in report["levels"] for u in lv["units"]}
    assert set(held) == {"000.31.11.X05", "000.32.12.X06"}  # the two new communes hold all
    assert main(["report", "--as-of", "2025-07-15", "--format", "json"]) == 0
    issuing = json.loads(capsys.readouterr().out)
    assert sum(held.values()) == sum(lv["valid"] for lv in issuing["levels"])


def test_report_for_one_unit_covers_what_it_answers_for(env, capsys):
    """Xã Ngọc Lâm (merged on 1 July 2025) answers for the former Huyện Ngọc Lâm and its
    communes Đông Hòa and Tân Lập: its report has their results and nothing of Đức Thành."""
    samples = Path(__file__).resolve().parent.parent / "sample_scans"
    assert main(["register", "import", str(samples / "register.csv")]) == 0
    assert main(["units", "import", str(samples / "units.csv")]) == 0
    capsys.readouterr()
    assert main(["report", "--as-of", "2025-07-15", "--unit", "000.31.11.X05",
                 "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    units = {u["unit_code"] for lv in report["levels"] for u in lv["units"]}
    assert report["scope"] == "000.31.11.X05"
    assert units and units <= {"000.00.11.H01", "000.21.11.H01", "000.22.11.H01",
                               "000.31.11.X05"}
    assert all(m["unit_code"] in units for m in report["missing"])
    assert main(["report", "--as-of", "2025-07-15", "--unit", "000.31.11.X05"]) == 0
    assert "Phạm vi: đơn vị 000.31.11.X05" in capsys.readouterr().out


def test_a_report_lists_the_first_missing_results_and_says_how_many_there_are(
        env, tmp_path, capsys, monkeypatch):
    """A province misses millions of scans: the report lists the first few (a setting) and
    says how many in all; `report --missing` writes every one."""
    monkeypatch.setenv("SOHOA_REPORT_MISSING_SHOWN", "2")
    register = Path(__file__).resolve().parent.parent / "sample_scans" / "register.csv"
    assert main(["register", "import", str(register)]) == 0
    capsys.readouterr()
    assert main(["report", "--as-of", "2025-06-30", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    total = sum(lv["valid"] - lv["digitized"] for lv in report["levels"])
    assert total > 2 and report["missing_total"] == total and len(report["missing"]) == 2
    html = tmp_path / "r.html"
    assert main(["report", "--as-of", "2025-06-30", "--format", "html", "-o", str(html)]) == 0
    assert f"Chỉ liệt kê 2 trên {total} kết quả" in html.read_text(encoding="utf-8")
    out = tmp_path / "thieu.csv"
    assert main(["report", "--as-of", "2025-06-30", "--missing", "-o", str(out)]) == 0
    assert f"{total} result(s) missing a scan written to {out}" in capsys.readouterr().out
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == total + 1
    assert [r[0] for r in rows[1:3]] == [m["result_id"] for m in report["missing"]]
