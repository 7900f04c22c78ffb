"""Input a real desk hands in, awkward or hostile: nothing lost, overwritten or silently
dropped, no run crashed, nothing counted that should not be. (The OCR side of intake, limits,
bombs and 16-bit images, is in test_intake_limits.py; the embedded store and the Prefect
server's access in test_local_security.py.)"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.bootstrap import App
from app.imports import import_register
from app.settings import load_settings
from pipeline.errors import CatalogueError
from pipeline.matching import read_manifest
from pipeline.models import InboxItem, Outcome, PageText, ScanFile, ScanResult
from pipeline.render.cells import spreadsheet_safe, terminal_safe
from pipeline.render.tables import render_csv
from pipeline.render.text import render_text
from pipeline.render.xlsx import render_xlsx
from pipeline.report import QuarantinedFile, build_report
from sohoa.samples.windows import cp1258_bytes
from storage.inbox_folder import FolderInbox, display_name, quarantine, scan_file

TODAY = date(2026, 11, 29)


# --- manifests as Excel on Vietnamese Windows saves them -------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258", "cp1252"])
@pytest.mark.parametrize("sep", [",", ";"])
def test_manifest_in_any_desk_encoding_and_separator(encoding, sep):
    name = "Anh chup.jpg" if encoding == "cp1252" else "Ảnh chụp hồ sơ.jpg"
    text = f"Tên tệp{sep}Mã hồ sơ\n{name}{sep}000.00.11.H01-240315-0001\n"
    if encoding == "cp1252":
        text = text.replace("Tên tệp", "file").replace("Mã hồ sơ", "result_id")
    data = cp1258_bytes(text) if encoding == "cp1258" else text.encode(encoding)
    manifest = read_manifest(data)
    assert manifest.rows == {name: "000.00.11.H01-240315-0001"}


def test_an_unreadable_manifest_is_a_warning_not_a_crash():
    manifest = read_manifest(b"\x00\x01\x02 garbage without columns\n")
    assert manifest.rows == {} and "no file and result_id columns" in manifest.warnings[0]
    assert read_manifest(b"").rows == {}


# --- file names, reasons, collisions ------------------------------------------------------------
def scan_at(path: Path, data: bytes = b"not a scan") -> ScanFile:
    path.write_bytes(data)
    return scan_file(path)


def test_a_file_name_in_cp1258_bytes_is_shown_decoded(tmp_path):
    raw = os.fsdecode("Quyết định số 5.pdf".encode().replace(b"\xe1\xba\xbf", b"\xea\xec"))
    p = tmp_path / raw
    p.write_bytes(b"x")
    shown = display_name(p.name)
    assert shown.isprintable() and "\udcea" not in shown
    shown.encode("utf-8")  # storable in the catalogue, printable in a log


def test_a_clerks_reason_file_is_never_overwritten(tmp_path):
    q = tmp_path / "quarantine"
    q.mkdir()
    (q / "X.pdf.reason.txt").write_text("ghi chú của cán bộ", encoding="utf-8")
    inbox = tmp_path / "in"
    inbox.mkdir()
    where = quarantine(scan_at(inbox / "X.pdf"), "not a readable PDF", q, keep_inbox=False)
    assert (q / "X.pdf.reason.txt").read_text(encoding="utf-8") == "ghi chú của cán bộ"
    reasons = [p for p in q.iterdir() if p.name.endswith(".reason.txt")]
    assert len(reasons) == 2 and where == q / "X.pdf"
    assert any("not a readable PDF" in p.read_text(encoding="utf-8") for p in reasons)


def test_a_clerks_reason_file_handed_in_is_kept_whichever_is_settled_first(tmp_path):
    """The inbox holds a bad X.pdf and the clerk's own X.pdf.reason.txt; with two workers
    either may be settled first. Both end in quarantine, the clerk's note never under the name
    of the run's note, and the run's note says why X.pdf was set aside."""
    for order in ("note first", "scan first"):
        q, inbox = tmp_path / order / "quarantine", tmp_path / order / "in"
        inbox.mkdir(parents=True)
        bad = scan_at(inbox / "X.pdf")
        note = scan_at(inbox / "X.pdf.reason.txt", "ghi chú của cán bộ".encode())
        settle = [(note, "not a scan"), (bad, "not a readable PDF")]
        for scan, why in settle if order == "note first" else settle[::-1]:
            quarantine(scan, why, q, keep_inbox=False)
        kept = q / f"X.pdf.reason.{note.sha256[:8]}.txt"
        assert kept.read_text(encoding="utf-8") == "ghi chú của cán bộ", order
        assert "not a readable PDF" in (q / "X.pdf.reason.txt").read_text(encoding="utf-8")
        assert list(inbox.iterdir()) == []


def test_a_250_byte_name_is_quarantined_with_its_reason(tmp_path):
    q, inbox = tmp_path / "quarantine", tmp_path / "in"
    inbox.mkdir()
    name = "Đ" * 122 + ".pdf"  # 248 bytes: name + ".reason.txt" is too long for ext4
    assert 245 < len(name.encode()) <= 255
    scan = scan_at(inbox / name)
    where = quarantine(scan, "empty", q, keep_inbox=False)
    assert where == q / name and where.is_file() and not (inbox / name).exists()
    assert (q / f"{scan.sha256[:16]}.reason.txt").read_text(encoding="utf-8").endswith(
        "empty\n")


def test_two_identical_bad_files_both_keep_their_reason(tmp_path):
    settings_q, processed = tmp_path / "q", tmp_path / "p"
    inbox = FolderInbox(tmp_path / "in", processed, settings_q)
    inbox.folder.mkdir()
    a, b = scan_at(inbox.folder / "a.pdf", b"%PDF-1.4 hong"), scan_at(
        inbox.folder / "b.pdf", b"%PDF-1.4 hong")
    first = ScanResult("a.pdf", a.sha256, Outcome.QUARANTINED, message="not a readable PDF")
    second = ScanResult("b.pdf", b.sha256, Outcome.DUPLICATE, previous=Outcome.QUARANTINED,
                        message="already quarantined: not a readable PDF")
    inbox.settle(InboxItem(str(a.path), "a.pdf"), a, first, TODAY)
    inbox.settle(InboxItem(str(b.path), "b.pdf"), b, second, TODAY)
    assert sorted(p.name for p in settings_q.iterdir()) == [
        "a.pdf", "a.pdf.reason.txt", "b.pdf", "b.pdf.reason.txt"]
    assert "not a readable PDF" in (settings_q / "b.pdf.reason.txt").read_text("utf-8")
    assert list(inbox.folder.iterdir()) == []


# --- outputs: formulas and control characters --------------------------------------------------
HOSTILE = ["=HYPERLINK(\"http://x\",\"bấm\")", "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1:A2)",
           "-2+3", "\tTab", "Xã \x1b[31mĐỏ\x07"]


def hostile_report():
    from pipeline.models import Level, RegisterEntry

    entries = [RegisterEntry(f"R{i}", "1.001193", name, name, f"U{i}", name, Level.COMMUNE,
                             date(2024, 1, 1)) for i, name in enumerate(HOSTILE)]
    return build_report(entries, set(), date(2025, 1, 1), {Level.COMMUNE: 0.55}, [],
                        [QuarantinedFile("\x1b]0;pwned\x07.pdf", "empty", "/q/x")])


def test_formula_cells_are_text_in_csv_and_xlsx():
    assert spreadsheet_safe("=1+2") == "'=1+2" and spreadsheet_safe("Xã Đông Hòa") == "Xã Đông Hòa"
    report = hostile_report()
    cells = [c for row in csv.reader(io.StringIO(render_csv(report))) for c in row]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    for bad in ("=HYPERLINK", "=cmd", "+1+1", "@SUM", "-2+3"):
        assert any(c.startswith(f"'{bad}") for c in cells)
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "+", "@")) for v in cells)  # no live formula
    assert any(v == "'=cmd|' /C calc'!A0" for v in cells)
    assert not any("\x1b" in v or "\x07" in v for v in cells)


def test_the_terminal_report_shows_control_characters_escaped():
    text = render_text(hostile_report())
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[31mĐỏ\\x07" in text and terminal_safe("a\x1bb") == "a\\x1bb"


# --- the catalogue: damaged, stale claims, blank pages held ---------------------------------------
@pytest.fixture
def app(env):
    app = App(load_settings())
    yield app
    app.close()


def test_a_damaged_sqlite_catalogue_is_refused_before_writing(app):
    app.catalogue.health_check()  # a fresh one is whole
    path = Path(app.settings.catalogue_url.removeprefix("sqlite:///"))
    app.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2:page * 2 + 100] = b"\xff" * 100  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    with pytest.raises(CatalogueError) as err:
        App(app.settings).catalogue.health_check()
    assert (not err.value.retryable and "damaged" in str(err.value)) or "malformed" in str(
        err.value)


def test_claims_of_runs_that_ended_are_cleaned(app):
    cat = app.catalogue
    cat.claim("a" * 64, "may-nay:999999:run", 0.01, "a.pdf")
    cat.claim("b" * 64, "may-khac:1:run", 300, "b.pdf")
    import time

    time.sleep(0.05)
    assert cat.drop_stale_claims() == 1  # the lapsed lease
    assert [c[1] for c in cat.claims()] == ["b.pdf"]
    assert cat.drop_stale_claims(lambda owner: owner.startswith("may-khac")) == 1
    assert cat.claims() == []


def test_a_blank_page_holds_its_document_until_a_person_confirms(app, fixture_set, tmp_path):
    import_register(app, fixture_set / "register.csv")
    cat = app.catalogue
    rid = "000.00.11.H01-240315-0001"
    scan = ScanFile(tmp_path / "trang.png", "trang.png", "c" * 64, 10)
    result = ScanResult("trang.png", "c" * 64, Outcome.ARCHIVED, rid, 1, 0.0, "file name")
    cat.record_scan(scan, result, [PageText(1, "", 0.0, needs_review=True, blank=True)],
                    media_type="image/png", original_key="k", text_key="t", bucket="b",
                    run_id="r")
    assert rid not in cat.digitized_result_ids()
    counted = {u.unit_code: u.digitized for u in cat.rate_counts(date(2025, 6, 30))[0]}
    assert counted["000.00.11.H01"] == 0
    assert [d.file_name for d in cat.held_documents()] == ["trang.png"]
    assert cat.confirm(rid, "Nguyễn Thị Hoa") == ["c" * 64]
    assert rid in cat.digitized_result_ids() and cat.held_documents() == []
    (event,) = [e for e in cat.audit_events() if e.stage == "review"]
    assert (event.outcome, event.actor) == ("confirmed", "Nguyễn Thị Hoa")


def test_review_confirm_from_the_command_line_names_the_actor(env, fixture_set, capsys):
    from sohoa.cli import main

    assert main(["review", "confirm", "khong-co", "--by", "Lê Văn Tám"]) == 2
    assert "no held document" in capsys.readouterr().err


def test_the_state_is_readable_by_its_owner_only(tmp_path, monkeypatch, fixture_set):
    import stat
    import subprocess
    import sys

    state = tmp_path / "trang-thai"
    monkeypatch.setenv("SOHOA_STATE_DIR", str(state))
    sohoa = str(Path(sys.executable).parent / "sohoa")
    subprocess.run([sohoa, "register", "import", str(fixture_set / "register.csv")],
                   check=True, capture_output=True, env={**os.environ, "SOHOA_STATE_DIR":
                                                          str(state)})
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE((state / "catalogue.db").stat().st_mode) == 0o600
    state.chmod(0o755)  # an older version's folder is closed at the next start
    subprocess.run([sohoa, "register", "import", str(fixture_set / "register.csv")],
                   check=True, capture_output=True, env={**os.environ, "SOHOA_STATE_DIR":
                                                          str(state)})
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
