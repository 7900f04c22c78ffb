"""The workspace over HTTP (pages and API), on a real catalogue and a real SeaweedFS: logins,
sessions and CSRF, roles and units, the review queue's actions, versions, search, the API."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from workspace_desk import AS_OF, FAR, PASSWORD, PERMIT, REVOKE, make_desk

from app.bootstrap import App
from app.settings import load_settings
from web.app import create_app


@pytest.fixture
def desk(env):
    app = App(load_settings())
    d = make_desk(app)
    yield d
    app.close()


def client(desk) -> TestClient:
    return TestClient(create_app(desk.app), base_url="http://127.0.0.1")


def login(c: TestClient, name: str, password: str = PASSWORD):
    form = c.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    return c.post("/login", data={"name": name, "password": password, "csrf": token,
                                  "next": "/"}, follow_redirects=False)


def csrf(c: TestClient, path: str = "/review") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', c.get(path).text).group(1)


def digitized(desk, level: str = "commune") -> int:
    report = desk.ws.report(desk.ws.cat.account("an").user, AS_OF)
    return next(x.tally.digitized for x in report.levels if x.level.value == level)


def test_nothing_is_served_without_a_login(desk):
    c = client(desk)
    for path in ("/", "/review", "/search?q=a", f"/documents/{desk.flagged}",
                 f"/documents/{desk.flagged}/original", "/users", "/report.csv"):
        r = c.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    for path in ("/api/v1/search?q=a", f"/api/v1/documents/{REVOKE.result_id}",
                 "/api/v1/report", "/api/v1/openapi.json"):
        assert c.get(path).status_code == 401, path
    assert c.get("/api/v1/search?q=a",
                 headers={"Authorization": "Bearer sohoa_wrong"}).status_code == 401


def test_the_session_cookie_is_httponly_and_samesite_and_a_wrong_password_says_so(desk):
    c = client(desk)
    r = login(c, "an")
    cookie = r.headers["set-cookie"]
    assert r.status_code == 303
    assert "sohoa_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Content-Security-Policy" in c.get("/").headers
    bad = login(client(desk), "an", "not the password")
    assert bad.status_code == 401 and "Sai tên hoặc mật khẩu" in bad.text
    # logging out ends the session: the old cookie opens nothing
    old = c.cookies.get("sohoa_session")
    c.post("/logout", data={"csrf": csrf(c, "/")})
    c2 = client(desk)
    c2.cookies.set("sohoa_session", old)
    assert c2.get("/", follow_redirects=False).status_code == 303


def test_logins_are_limited_after_five_failures(desk):
    c = client(desk)
    for _ in range(5):
        assert login(c, "binh", "wrong password!").status_code == 401
    # the right password no longer helps, for 15 minutes
    assert login(c, "binh").status_code == 429
    events = [e for e in desk.ws.cat.audit_events() if e.outcome == "login failed"]
    assert len(events) == 5 and all(e.actor == "binh" for e in events)


def test_a_form_without_the_sessions_csrf_token_changes_nothing(desk):
    c = client(desk)
    login(c, "an")
    r = c.post(f"/documents/{desk.flagged}/confirm", data={"csrf": "forged"})
    assert r.status_code == 403 and "CSRF" in r.text
    assert desk.ws.cat.document_by_id(desk.flagged).review_pages == 1
    # the login form wants its own token too
    r = c.post("/login", data={"name": "an", "password": PASSWORD, "csrf": "x"})
    assert r.status_code == 400


def test_a_flagged_page_counts_only_once_a_clerk_has_looked_and_corrected_it(desk):
    c = client(desk)
    login(c, "binh")
    before = digitized(desk)
    assert REVOKE.result_id not in desk.ws.cat.digitized_result_ids()  # flagged: not counted
    queue = c.get("/review").text
    assert REVOKE.result_id in queue and "IMG_0412.png" in queue
    assert FAR.result_id not in queue  # another district's document: not this clerk's
    page = c.get(f"/documents/{desk.flagged}").text
    assert "Quyết định" in page or "QUYẾT ĐỊNH" in page
    token = csrf(c, f"/documents/{desk.flagged}")
    r = c.post(f"/documents/{desk.flagged}/correct",
               data={"csrf": token, "number": "41/QĐ-UBND", "signer": "Phạm Quang Huy",
                     "note": "số ký hiệu đọc lại"})
    assert r.status_code == 200 and "V2" in r.text
    c.post(f"/documents/{desk.flagged}/confirm", data={"csrf": token})
    assert digitized(desk) == before + 1  # the commune rate moves
    versions = desk.ws.cat.versions(desk.flagged)
    assert [v.number for v in versions] == [1, 2] and versions[1].actor == "binh"
    assert versions[0].fields["number"]["value"] == "4l/QĐ-UBND"  # V1 as read, unchanged
    assert versions[1].fields["number"]["value"] == "41/QĐ-UBND"
    assert {(e.outcome, e.actor) for e in desk.ws.cat.events_of(desk.flagged)} >= {
        ("version 2", "binh"), ("confirmed", "binh")}
    # the page image of the scan is served beside the text
    png = c.get(f"/documents/{desk.flagged}/page/1.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_an_unmatched_photo_is_matched_by_a_clerk_and_counts(desk):
    c = client(desk)
    login(c, "binh")
    before = digitized(desk)
    page = c.get(f"/documents/{desk.waiting}").text
    assert PERMIT.result_id in page  # its candidate, to choose
    c.post(f"/documents/{desk.waiting}/attach",
           data={"csrf": csrf(c, f"/documents/{desk.waiting}"), "result_id": PERMIT.result_id})
    assert desk.ws.cat.document_by_id(desk.waiting).result_id == PERMIT.result_id
    assert digitized(desk) == before + 1
    # a result outside the clerk's units is refused
    r = c.post(f"/documents/{desk.waiting}/attach",
               data={"csrf": csrf(c, f"/documents/{desk.waiting}"), "result_id": FAR.result_id})
    assert r.status_code == 403


def test_a_clerk_never_sees_another_units_documents_and_an_auditor_changes_nothing(desk):
    c = client(desk)
    login(c, "binh")
    assert c.get(f"/documents/{desk.other}").status_code == 404
    assert c.get(f"/documents/{desk.other}/original").status_code == 404
    assert c.get("/users").status_code == 403
    a = client(desk)
    login(a, "chi")
    assert a.get(f"/documents/{desk.other}").status_code == 200  # reads everything
    page = a.get(f"/documents/{desk.flagged}").text
    assert 'action="/documents/' not in page  # no form to act with
    token = csrf(a, "/")
    for action, data in (("confirm", {}), ("detach", {}),
                         ("correct", {"number": "1/QĐ-UBND"})):
        r = a.post(f"/documents/{desk.flagged}/{action}", data={"csrf": token, **data})
        assert r.status_code == 403, action
    assert desk.ws.cat.document_by_id(desk.flagged).review_pages == 1


def test_search_ignores_marks_and_case_and_opens_the_document(desk):
    c = client(desk)
    login(c, "chi")
    page = c.get("/search", params={"q": "quyet dinh thu hoi"}).text
    assert f"/documents/{desk.flagged}" in page and "<mark>" in page
    assert "<mark>thu</mark> <mark>hồi</mark>" in page
    assert "1 văn bản" in page
    # by field: the holder (from the register), with đ written d
    page = c.get("/search", params={"holder": "luu van dat"}).text
    assert f"/documents/{desk.flagged}" in page
    assert f"/documents/{desk.other}" not in page
    # a clerk's search stays within the clerk's units
    b = client(desk)
    login(b, "binh")
    assert f"/documents/{desk.other}" not in b.get("/search", params={"q": "quyet dinh"}).text


def test_the_dashboard_drills_from_a_level_to_the_results_missing_a_scan(desk):
    c = client(desk)
    login(c, "chi")
    page = c.get("/", params={"as_of": AS_OF.isoformat(), "level": "commune"}).text
    assert "Cấp xã" in page and "Xã Đông Hòa" in page
    assert PERMIT.result_id in page  # valid, no counted scan
    r = c.get("/report.xlsx", params={"as_of": AS_OF.isoformat()})
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_the_api_reads_updates_and_downloads_a_document_by_its_code(desk):
    c = client(desk)
    clerk = {"Authorization": f"Bearer {desk.ws.new_token('binh')}"}
    auditor = {"Authorization": f"Bearer {desk.ws.new_token('chi')}"}
    r = c.get(f"/api/v1/documents/{REVOKE.result_id}", headers=clerk)
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == REVOKE.result_id and body["fields"]["number"] == "4l/QĐ-UBND"
    assert body["register"]["holder"] == "Lưu Văn Đạt"
    r = c.put(f"/api/v1/documents/{REVOKE.result_id}", headers=clerk,
              json={"fields": {"subject": "Về việc thu hồi giấy chứng nhận"},
                    "note": "trích yếu"})
    assert r.status_code == 200 and r.json()["created_version"] == 2
    assert any(e.outcome == "version 2" and e.actor == "binh"
               for e in desk.ws.cat.events_of(desk.flagged))
    # an auditor reads but may not change; a clerk may not read another unit's document
    assert c.put(f"/api/v1/documents/{REVOKE.result_id}", headers=auditor,
                 json={"fields": {"subject": "x"}}).status_code == 403
    assert c.get(f"/api/v1/documents/{FAR.result_id}", headers=clerk).status_code == 404
    assert c.get(f"/api/v1/documents/{FAR.result_id}", headers=auditor).status_code == 200
    r = c.get(f"/api/v1/documents/download/{REVOKE.result_id}?kind=original", headers=clerk)
    assert r.status_code == 200 and r.content.startswith(b"\x89PNG")
    r = c.get("/api/v1/search", params={"q": "QUYET DINH"}, headers=auditor)
    assert {x["code"] for x in r.json()["results"]} == {REVOKE.result_id, FAR.result_id}
    r = c.get("/api/v1/report", params={"as_of": AS_OF.isoformat()}, headers=auditor)
    assert r.status_code == 200 and r.json()["as_of"] == AS_OF.isoformat()
    assert c.get("/api/v1/openapi.json", headers=auditor).json()["paths"]
    # an import goes to the inbox under its dossier code, audited
    r = c.post("/api/v1/documents/import", headers=clerk, data={"code": PERMIT.result_id},
               files={"file": ("giay-phep.pdf", b"%PDF-1.4 test", "application/pdf")})
    assert r.status_code == 202
    name = r.json()["inbox_name"]
    assert (desk.app.settings.inbox_dir / name).read_bytes() == b"%PDF-1.4 test"
    assert name.startswith(PERMIT.result_id)
    # a name that climbs out of the inbox stays in it
    r = c.post("/api/v1/documents/import", headers=clerk,
               files={"file": ("../../ngoai.pdf", b"%PDF-1.4 x", "application/pdf")})
    assert r.json()["inbox_name"] == "ngoai.pdf"
    assert (desk.app.settings.inbox_dir / "ngoai.pdf").is_file()
    assert c.post("/api/v1/documents/import", headers=auditor,
                  files={"file": ("x.pdf", b"%PDF", "application/pdf")}).status_code == 403


def test_search_finds_the_same_documents_on_sqlite_and_postgresql(catalogue_url):
    from pathlib import Path

    from pipeline.models import Filing, Outcome, PageText, Recording, ScanFile, ScanResult
    from pipeline.search import terms
    from storage.catalogue import SqlCatalogue

    cat = SqlCatalogue(catalogue_url)
    texts = {"a" * 64: "QUYẾT ĐỊNH\nVề việc thu hồi đất của ông Đặng Văn Đức",
             "b" * 64: "GIẤY PHÉP XÂY DỰNG\nCấp cho bà Hồ Thị Thu",
             "c" * 64: "THÔNG BÁO\nVề việc thuê đất, quyết toán"}
    for sha, text in texts.items():
        name = f"{sha[:4]}.png"
        cat.record_documents(ScanFile(Path(name), name, sha, 1), [Recording(
            ScanResult(name, sha, Outcome.UNMATCHED), [PageText(1, text, 90.0)],
            f"o/{sha}", f"t/{sha}", None, {}, {}, Filing(sha))],
            media_type="image/png", bucket="b", run_id=None)

    def found(query: str) -> set[str]:
        return {d.sha256[0] for d, _ in cat.search(terms(query))[1]}

    assert found("quyet dinh thu hoi") == {"a"}
    assert found("DANG van duc") == {"a"}          # đ found as d, any case
    assert found("thu") == {"a", "b", "c"}          # a word, or the start of one (thuê)
    assert found("dat") == {"a", "c"}
    assert found("hoi dat") == {"a"}
    assert found("uyet") == set()                   # not the middle of a word
    cat.close()


def test_correcting_an_unmatched_documents_number_and_date_matches_it(desk):
    c = client(desk)
    clerk = {"Authorization": f"Bearer {desk.ws.new_token('binh')}"}
    r = c.put(f"/api/v1/documents/{desk.waiting}", headers=clerk,
              json={"fields": {"number": "42/GPXD", "date": PERMIT.issued.strftime("%d/%m/%Y")}})
    assert r.status_code == 200 and r.json()["code"] == PERMIT.result_id
    assert r.json()["fields"]["date"] == PERMIT.issued.isoformat()
    assert PERMIT.result_id in desk.ws.cat.digitized_result_ids()
    bad = c.put(f"/api/v1/documents/{desk.waiting}", headers=clerk,
                json={"fields": {"codes": "x", "date": "31/02/2025"}})
    assert bad.status_code == 400 and "codes" in bad.json()["error"]
    match = [e for e in desk.ws.cat.events_of(desk.waiting) if e.stage == "match"]
    assert match[-1].actor == "binh" and "correction" in match[-1].detail


def test_a_quarantined_file_is_tried_again_or_acknowledged_from_the_queue(desk, tmp_path):
    from pathlib import Path

    from pipeline.models import ScanFile

    cat = desk.ws.cat
    aside = tmp_path / "quarantine" / "hỏng.pdf"
    aside.parent.mkdir()
    aside.write_bytes(b"%PDF-1.4 broken")
    cat.record_quarantine(ScanFile(Path("hỏng.pdf"), "hỏng.pdf", "e" * 64, 15),
                          "not a readable PDF", "read", str(aside), None)
    cat.record_quarantine(ScanFile(Path("mờ.jpg"), "mờ.jpg", "f" * 64, 9),
                          "empty file", "read", "", None)
    c = client(desk)
    login(c, "an")
    queue = c.get("/review").text
    assert "hỏng.pdf" in queue and "mờ.jpg" in queue
    token = csrf(c)
    c.post(f"/quarantine/{'e' * 64}/retry", data={"csrf": token})
    assert (desk.app.settings.inbox_dir / "hỏng.pdf").read_bytes() == b"%PDF-1.4 broken"
    assert not aside.exists()
    c.post(f"/quarantine/{'f' * 64}/acknowledge", data={"csrf": token})
    queue = c.get("/review").text
    assert "hỏng.pdf" not in queue and "mờ.jpg" not in queue
    assert {(e.outcome, e.actor) for e in cat.audit_events() if e.stage == "review"} >= {
        ("released", "an"), ("acknowledged", "an")}
    # a clerk of one district does not release files that belong to no unit yet
    b = client(desk)
    login(b, "binh")
    assert b.post(f"/quarantine/{'f' * 64}/acknowledge",
                  data={"csrf": csrf(b)}).status_code == 403


def test_the_set_up_makes_one_admin_and_users_are_managed_from_the_command_line(env, capsys,
                                                                              monkeypatch):
    import io
    import stat

    from sohoa.cli import main

    assert main(["user", "first-admin"]) == 0
    secret = env / "admin-password"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    name, password = secret.read_text().split()
    assert name == "admin" and password not in capsys.readouterr().out  # never printed
    assert main(["user", "first-admin"]) == 0  # once only
    monkeypatch.setattr("sys.stdin", io.StringIO("mot-mat-khau-dai\n"))
    assert main(["user", "add", "hoa", "--role", "clerk", "--password-stdin"]) == 0
    assert main(["user", "add", "Hoa Nguyễn", "--role", "clerk", "--generate"]) == 2
    assert main(["user", "token", "hoa"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    app = App(load_settings())
    c = TestClient(create_app(app), base_url="http://127.0.0.1")
    auth = {"Authorization": f"Bearer {token}"}
    assert c.get("/api/v1/search?q=x", headers=auth).status_code == 200
    assert main(["user", "disable", "hoa"]) == 0
    assert c.get("/api/v1/search?q=x", headers=auth).status_code == 401
    assert login(c, "hoa", "mot-mat-khau-dai").status_code == 401
    assert login(c, "admin", password).status_code == 303
    app.close()


def test_an_unmatched_scan_of_another_registers_result_is_set_aside(desk):
    c = client(desk)
    login(c, "binh")
    c.post(f"/documents/{desk.waiting}/set-aside",
           data={"csrf": csrf(c, f"/documents/{desk.waiting}"), "note": "của tỉnh khác"})
    assert "IMG_0412.png" not in c.get("/review").text
    doc = desk.ws.cat.document_by_id(desk.waiting)
    assert doc.status == "unmatched" and doc.set_aside_by == "binh"  # still stored, listed
    assert [d.sha256 for d in desk.ws.cat.unmatched_documents()] == [desk.waiting]
    (event,) = [e for e in desk.ws.cat.events_of(desk.waiting) if e.outcome == "set aside"]
    assert event.actor == "binh" and event.detail == "của tỉnh khác"
