"""The workspace in a real headless browser (Playwright driving Debian's chromium): what a clerk
and an auditor do, as they would do it. Screenshots are kept under test-artifacts/screenshots/
(one per step, named for what it shows)."""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from workspace_desk import AS_OF, FAR, PASSWORD, PERMIT, REVOKE, make_desk

from app.bootstrap import App
from app.settings import load_settings
from sohoa.cli.commands.web import start_in_background

SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def site(env, monkeypatch):
    port = _free_port()
    monkeypatch.setenv("SOHOA_WEB_PORT", str(port))
    app = App(load_settings())
    desk = make_desk(app)
    server = start_in_background(app)
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield desk, f"http://127.0.0.1:{port}"
    server.should_exit = True
    time.sleep(0.3)
    app.close()


@pytest.fixture
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def log_in(page, base: str, name: str) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/login?next=/")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tỷ lệ số hóa")).to_be_visible()


def rate_cell(page, base: str, level: str) -> str:
    page.goto(f"{base}/?as_of={AS_OF.isoformat()}")
    row = page.locator("tr.level", has_text=level)
    return row.locator("td").nth(2).inner_text()


def test_a_clerk_clears_the_review_queue_and_sees_the_rate_move(site, browser):
    desk, base = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, base, "binh")
    before = int(rate_cell(page, base, "Cấp xã"))
    page.screenshot(path=SHOTS / "01-clerk-dashboard-before.png", full_page=True)

    page.get_by_role("link", name="Hàng chờ xử lý").click()
    expect(page.locator("#flagged")).to_contain_text(REVOKE.result_id)
    expect(page.locator("#unmatched")).to_contain_text("IMG_0412.png")
    expect(page.locator("body")).not_to_contain_text(FAR.result_id)  # another district
    page.screenshot(path=SHOTS / "02-clerk-review-queue.png", full_page=True)

    # the flagged page: the scan beside the text; the misread number corrected, then confirmed
    page.locator("#flagged a").first.click()
    scan = page.locator("figure img").first
    expect(scan).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=scan.element_handle())
    number = page.get_by_label("Số ký hiệu (number)")
    expect(number).to_have_value("4l/QĐ-UBND")
    number.fill("41/QĐ-UBND")
    page.get_by_role("button", name="Lưu thành phiên bản mới").click()
    expect(page.locator(".note")).to_contain_text("V2")
    expect(page.locator("#versions")).to_contain_text("corrected: number")
    expect(page.locator("#versions")).not_to_contain_text("text")  # the text was not touched
    page.screenshot(path=SHOTS / "03-clerk-corrected-version-2.png", full_page=True)
    page.get_by_role("button", name="Đã kiểm tra, xác nhận").click()
    expect(page.locator(".note")).to_contain_text("Đã xác nhận")

    # the unmatched photo: its candidate chosen
    page.goto(f"{base}/review")
    page.locator("#unmatched a").first.click()
    page.get_by_role("button", name=f"Ghép với {PERMIT.result_id}").click()
    expect(page.locator(".status")).to_contain_text(PERMIT.result_id)
    page.screenshot(path=SHOTS / "04-clerk-matched-the-photo.png", full_page=True)

    after = int(rate_cell(page, base, "Cấp xã"))
    assert after == before + 2
    page.screenshot(path=SHOTS / "05-clerk-dashboard-after.png", full_page=True)
    page.goto(f"{base}/review")
    expect(page.locator("#flagged")).to_contain_text("Không có")
    expect(page.locator("#unmatched")).to_contain_text("Không có")

    # search without marks finds the decision and opens it
    page.goto(f"{base}/search")
    page.get_by_label("Từ khóa").fill("quyet dinh thu hoi")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("ol.hits mark").first).to_be_visible()
    expect(page.locator("ol.hits")).to_contain_text("thu hồi")
    page.screenshot(path=SHOTS / "06-search-quyet-dinh-thu-hoi.png", full_page=True)
    page.locator("ol.hits a").first.click()
    expect(page.locator("h1")).to_contain_text(REVOKE.result_id)

    # another unit's document is not there for this clerk
    page.goto(f"{base}/documents/{desk.other}")
    expect(page.locator("h1")).to_contain_text("Không tìm thấy")
    page.screenshot(path=SHOTS / "07-clerk-other-unit-not-found.png", full_page=True)


def test_an_auditor_reads_everything_drills_down_and_changes_nothing(site, browser):
    desk, base = site
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    log_in(page, base, "chi")
    page.goto(f"{base}/?as_of={AS_OF.isoformat()}")
    page.get_by_role("link", name="Cấp xã").click()
    expect(page.locator("#missing")).to_be_visible()
    page.get_by_role("link", name=PERMIT.result_id).click()
    expect(page.locator("body")).to_contain_text("Chưa có bản số hóa")
    page.screenshot(path=SHOTS / "08-auditor-phone-missing-result.png", full_page=True)

    page.goto(f"{base}/documents/{desk.other}")
    expect(page.locator("h1")).to_contain_text(FAR.result_id)
    expect(page.get_by_role("button", name="Lưu thành phiên bản mới")).to_have_count(0)
    expect(page.get_by_role("button", name="Đã kiểm tra, xác nhận")).to_have_count(0)
    page.screenshot(path=SHOTS / "09-auditor-document-read-only.png", full_page=True)
    # a request made by hand is refused as well
    token = page.locator("input[name=csrf]").first.get_attribute("value")
    r = page.request.post(f"{base}/documents/{desk.flagged}/confirm", form={"csrf": token})
    assert r.status == 403
    assert desk.ws.cat.document_by_id(desk.flagged).review_pages == 1
