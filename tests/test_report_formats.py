"""The report as people open it: the workbook in LibreOffice (numbers are numbers, rates are
percentages, dates are dates), the HTML page on a 400 px phone screen and printed on A4 (in
Debian's Chromium), the CSV in Excel (a byte-order mark)."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

from pipeline.models import Level, RegisterEntry
from pipeline.render.html import render_html
from pipeline.render.tables import render_csv
from pipeline.render.xlsx import render_xlsx
from pipeline.report import QuarantinedFile, UnmatchedScan, build_report

AS_OF = date(2025, 6, 30)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


def report():
    """Commune Xã Đông Hòa 2 of 3 (66.7%), a commune with a long name 0 of 1, a district
    1 of 2; a scan matched to nothing and a file set aside on the server."""
    rows = [("R1", "000.21.11.H01", "Xã Đông Hòa", Level.COMMUNE),
            ("R2", "000.21.11.H01", "Xã Đông Hòa", Level.COMMUNE),
            ("R3", "000.21.11.H01", "Xã Đông Hòa", Level.COMMUNE),
            ("R4", "000.22.11.H01", "Xã Quảng Phước Thịnh Hưng Yên Lạc Thượng Hạ Đông Tây",
             Level.COMMUNE),
            ("R5", "000.00.11.H01", "Huyện Ngọc Lâm", Level.DISTRICT),
            ("R6", "000.00.11.H01", "Huyện Ngọc Lâm", Level.DISTRICT)]
    entries = [RegisterEntry(rid, "1.001193", "Đăng ký khai sinh", "Hộ tịch", code, name,
                             level, date(2024, 3, 15)) for rid, code, name, level in rows]
    return build_report(entries, {"R1", "R2", "R5"}, AS_OF,
                        {Level.DISTRICT: 0.60, Level.COMMUNE: 0.55},
                        [UnmatchedScan("IMG_0412.jpg", "ab" * 32, "unmatched/abab.jpg")],
                        [QuarantinedFile("hỏng.pdf", "không đọc được (not a readable PDF)",
                                         "/srv/sohoa/state/quarantine/hỏng.pdf")])


def cells(row) -> list:
    out = []
    for c in row.findall("table:table-cell", NS):
        repeat = int(c.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
        kind = c.get(f"{{{NS['office']}}}value-type")
        value = (c.get(f"{{{NS['office']}}}value") or c.get(f"{{{NS['office']}}}date-value")
                 or " ".join(t.xpath("string()") for t in c.findall("text:p", NS)))
        out += [(kind, value)] * min(repeat, 20)
    return out


def test_the_workbook_opened_by_libreoffice_has_numbers_percentages_and_dates(tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is not installed: run SOHOA_TESTS=1 scripts/bootstrap.sh"
    book = tmp_path / "bao-cao.xlsx"
    book.write_bytes(render_xlsx(report()))
    done = subprocess.run([soffice, "--headless", "--norestore",
                           f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                           "--convert-to", "fods", "--outdir", str(tmp_path), str(book)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    doc = etree.parse(str(tmp_path / "bao-cao.fods"))
    sheets = {t.get(f"{{{NS['table']}}}name"): t for t in doc.iterfind(".//table:table", NS)}
    assert list(sheets) == ["Tổng hợp", "Lĩnh vực", "Thủ tục", "Còn thiếu", "Không tính"]
    rows = [cells(r) for r in sheets["Tổng hợp"].iterfind(".//table:table-row", NS)]
    assert rows[0][0][1] == "Tính đến ngày 30/06/2025"
    assert [v for _, v in rows[1][:9]] == ["Dòng", "Cấp", "Mã đơn vị", "Đơn vị",
                                           "Còn hiệu lực", "Đã số hóa", "Tỷ lệ", "Chỉ tiêu",
                                           "Kết quả"]
    hoa = next(r for r in rows if ("string", "Xã Đông Hòa") in r)
    assert hoa[4] == ("float", "3") and hoa[5] == ("float", "2")  # counts are numbers
    assert hoa[6][0] == "percentage" and abs(float(hoa[6][1]) - 2 / 3) < 1e-9
    assert hoa[7] == ("percentage", "0.55")
    commune = next(r for r in rows if r[0] == ("string", "Cấp") and r[1][1] == "Cấp xã")
    assert commune[6] == ("percentage", "0.5") and commune[8] == ("string", "Chưa đạt")  # 2/4
    missing = [cells(r) for r in sheets["Còn thiếu"].iterfind(".//table:table-row", NS)]
    assert missing[2][7] == ("date", "2024-03-15")  # a date, shown DD/MM/YYYY
    left = [cells(r) for r in sheets["Không tính"].iterfind(".//table:table-row", NS)]
    assert any(("string", "IMG_0412.jpg") in r for r in left)
    assert any(("string", "hỏng.pdf") in r for r in left)
    assert not any("/srv/sohoa" in str(r) for r in left)  # no server path

    wb = load_workbook(io.BytesIO(book.read_bytes()))
    ws = wb["Tổng hợp"]
    assert ws.freeze_panes == "A3" and ws.column_dimensions["D"].width >= 30
    assert ws["G4"].number_format == "0.0%"


def test_the_csv_report_starts_with_a_byte_order_mark_for_excel():
    data = render_csv(report()).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Xã Đông Hòa,3,2,0.6667,0.5500" in data.decode("utf-8-sig")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def test_the_html_report_fits_a_400px_phone_and_prints_on_a4(browser, tmp_path: Path):
    page_file = tmp_path / "bao-cao.html"
    page_file.write_text(render_html(report()), encoding="utf-8")
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.goto(page_file.as_uri())
    # the page itself never scrolls sideways; the chart is scaled to the screen, whole
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    chart = page.locator("div.chart").bounding_box()
    assert 0 < chart["x"] and chart["x"] + chart["width"] <= 400
    assert page.locator("div.chart .bar").count() == 3  # one per unit, whole and legible
    for bar in page.locator("div.chart .unit").all():
        assert bar.bounding_box()["x"] + bar.bounding_box()["width"] <= 400
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                         "'.chart .name')).fontSize)") >= 14
    # every table is whole or scrolls in its own box (nothing cut off)
    for box in page.locator("div.scroll").all():
        assert box.evaluate("e => e.getBoundingClientRect().right") <= 400
        assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert page.get_by_text("Xã Quảng Phước Thịnh Hưng Yên Lạc Thượng Hạ Đông Tây").count()
    shots = Path(__file__).resolve().parent.parent / "test-artifacts"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "html-report-400px.png"), full_page=True)

    pdf = tmp_path / "bao-cao.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    with pikepdf.open(pdf) as printed:
        width, height = (float(v) for v in printed.pages[0].mediabox[2:])
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4
    page.close()
