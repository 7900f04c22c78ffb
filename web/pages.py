"""The workspace's pages: server-side HTML with plain forms. Handlers only wire: they read the
request, call the Workspace (app/workspace.py) and render a template."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from app.workspace import Workspace
from pipeline.accounts import ROLE_LABELS, Role
from pipeline.errors import NotAllowed, UsageError
from pipeline.intake import LABELS as FINDING_LABELS
from pipeline.render import RENDERERS
from pipeline.render.text import pct
from pipeline.search import FIELDS
from pipeline.timezone import parse_day
from web.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    Visitor,
    client_address,
    same,
)

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(pct=pct, ROLE_LABELS=ROLE_LABELS, FIELDS=FIELDS,
                             FINDING_LABELS=FINDING_LABELS)

router = APIRouter()

#: the fields a clerk may correct on a document's page (key -> label)
EDITABLE = {"number": "Số ký hiệu (number)", "date": "Ngày ban hành (date, YYYY-MM-DD)",
            "issuing_body": "Cơ quan ban hành (issuing body)", "doc_type": "Loại văn bản (type)",
            "subject": "Trích yếu (subject)", "signer": "Người ký (signer)"}


class LoginRequired(Exception):
    """No live session: the page sends the browser to the login form."""


def ws(request: Request) -> Workspace:
    return request.app.state.ws


def visitor(request: Request) -> Visitor:
    token = request.cookies.get(SESSION_COOKIE, "")
    found = ws(request).session(token)
    if found is None:
        raise LoginRequired
    user, csrf = found
    return Visitor(user, csrf, token)


def acting(request: Request, csrf: str) -> Visitor:
    """The visitor of a form that changes something: its CSRF token must be the session's."""
    v = visitor(request)
    if not same(csrf, v.csrf):
        raise NotAllowed("the form is out of date or did not come from this site (CSRF): "
                         "open the page again")
    return v


def page(request: Request, name: str, v: Visitor | None, status_code: int = 200,
         **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"v": v, **context},
                                      status_code=status_code)


def back(url: str, note: str = "") -> RedirectResponse:
    return RedirectResponse(url + (f"?note={quote(note)}" if note else ""), status_code=303)


# --- login ------------------------------------------------------------------------------

@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/"):
    token = secrets.token_urlsafe(24)
    resp = page(request, "login.html", None, login_csrf=token, next=_local(next), error="")
    resp.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                    secure=request.app.state.secure_cookies, max_age=1800)
    return resp


def _local(url: str) -> str:
    """Only a path of this site (no open redirect)."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url \
        else "/"


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""),
          csrf: str = Form(""), next: str = Form("/")):
    limiter = request.app.state.limiter
    address = client_address(request)
    name = name.strip().lower()
    if not same(csrf, request.cookies.get(LOGIN_COOKIE)):
        return page(request, "login.html", None, login_csrf=csrf, next=_local(next),
                    error="Phiên đăng nhập đã cũ, hãy thử lại (the form expired: try again)",
                    status_code=400)
    if limiter.locked(name, address):
        return page(request, "login.html", None, login_csrf=csrf, next=_local(next),
                    error="Quá nhiều lần đăng nhập sai: chờ 15 phút (too many failed logins: "
                          "wait 15 minutes)", status_code=429)
    user = ws(request).login(name, password)
    if user is None:
        limiter.failed(name, address)
        ws(request).cat.add_audit(f"user:{name}", "account", "login failed",
                                  f"from {address}", actor=name)
        return page(request, "login.html", None, login_csrf=csrf, next=_local(next),
                    error="Sai tên hoặc mật khẩu (wrong name or password)", status_code=401)
    limiter.succeeded(name, address)
    token, _ = ws(request).open_session(user)
    resp = RedirectResponse(_local(next), status_code=303)
    resp.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict",
                    secure=request.app.state.secure_cookies, path="/")
    resp.delete_cookie(LOGIN_COOKIE)
    return resp


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")):
    v = acting(request, csrf)
    ws(request).close_session(v.token, v.user)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


# --- dashboard --------------------------------------------------------------------------

def _as_of(text: str, today: date) -> date:
    """YYYY-MM-DD (a date field) or DD/MM/YYYY (as people write it); empty: today."""
    if not text:
        return today
    return parse_day(text)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, as_of: str = "", level: str = "", unit: str = "",
              note: str = ""):
    v = visitor(request)
    when = _as_of(as_of, ws(request).app.settings.today())
    report = ws(request).report(v.user, when)
    missing = [e for e in report.missing
               if (not level or e.level.value == level) and (not unit or e.unit_code == unit)]
    return page(request, "dashboard.html", v, report=report, as_of=when.isoformat(),
                level=level, unit=unit, missing=missing[:500], missing_total=len(missing),
                queue=ws(request).review_queue(v.user).size, note=note)


@router.get("/report.{fmt}")
def report_file(request: Request, fmt: str, as_of: str = ""):
    v = visitor(request)
    if fmt not in ("csv", "xlsx", "json", "html"):
        raise UsageError(f"no report as {fmt}: csv, xlsx, json or html")
    when = _as_of(as_of, ws(request).app.settings.today())
    report = ws(request).report(v.user, when)
    r = RENDERERS[fmt]
    body = r.render(report)
    name = f"bao-cao-so-hoa-{when.isoformat()}.{r.suffix}"
    return Response(body if isinstance(body, bytes) else body.encode("utf-8"),
                    media_type=r.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/missing.csv")
def missing_file(request: Request, as_of: str = ""):
    v = visitor(request)
    when = _as_of(as_of, ws(request).app.settings.today())
    body = RENDERERS["missing"].render(ws(request).report(v.user, when))
    return Response(body if isinstance(body, bytes) else body.encode("utf-8"),
                    media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="ket-qua-chua-so-hoa-{when}.csv"'})


# --- review queue and documents ---------------------------------------------------------

@router.get("/review", response_class=HTMLResponse)
def review(request: Request, note: str = ""):
    v = visitor(request)
    return page(request, "review.html", v, q=ws(request).review_queue(v.user), note=note)


@router.get("/documents/{ref}", response_class=HTMLResponse)
def document(request: Request, ref: str, note: str = ""):
    v = visitor(request)
    view = ws(request).document(v.user, ref)
    return page(request, "document.html", v, view=view, d=view.doc, editable=EDITABLE,
                note=note)


@router.get("/documents/{ref}/page/{n}.png")
def page_image(request: Request, ref: str, n: int):
    v = visitor(request)
    return Response(ws(request).page_image(v.user, ref, n), media_type="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})


@router.get("/documents/{ref}/{kind}")
def stored_copy(request: Request, ref: str, kind: str, download: int = 0):
    v = visitor(request)
    data, media, name = ws(request).stored(v.user, ref, kind)
    how = "attachment" if download or kind == "original" else "inline"
    return Response(data, media_type=media, headers={
        "Content-Disposition": f"{how}; filename*=UTF-8''{quote(name)}"})


@router.post("/documents/{ref}/correct")
async def correct(request: Request, ref: str):
    form = await request.form()
    v = acting(request, str(form.get("csrf", "")))
    fields = {k: str(form.get(k, "")) for k in EDITABLE if k in form}
    text = str(form["text"]) if "text" in form else None
    n = ws(request).correct(v.user, ref, fields, text, str(form.get("note", "")))
    return back(f"/documents/{ref}", f"Đã lưu phiên bản V{n} (version {n} saved)")


@router.post("/documents/{ref}/confirm")
def confirm(request: Request, ref: str, csrf: str = Form(""), note: str = Form("")):
    v = acting(request, csrf)
    ws(request).confirm(v.user, ref, note)
    return back(f"/documents/{ref}", "Đã xác nhận: văn bản được tính (confirmed: it counts)")


@router.post("/documents/{ref}/attach")
def attach(request: Request, ref: str, result_id: str = Form(""), csrf: str = Form(""),
           note: str = Form("")):
    v = acting(request, csrf)
    ws(request).attach(v.user, ref, result_id, note)
    return back(f"/documents/{ref}", f"Đã gắn với {result_id} (matched to {result_id})")


@router.post("/documents/{ref}/detach")
def detach(request: Request, ref: str, csrf: str = Form(""), note: str = Form("")):
    v = acting(request, csrf)
    ws(request).detach(v.user, ref, note)
    return back(f"/documents/{ref}", "Đã bỏ ghép (match undone)")


@router.post("/documents/{ref}/set-aside")
def set_aside(request: Request, ref: str, csrf: str = Form(""), note: str = Form("")):
    v = acting(request, csrf)
    ws(request).set_aside(v.user, ref, note)
    return back(f"/documents/{ref}", "Đã để riêng: không thuộc sổ này (set aside: not in "
                                     "this register)")


@router.post("/quarantine/{sha256}/retry")
def retry(request: Request, sha256: str, csrf: str = Form("")):
    v = acting(request, csrf)
    name = ws(request).retry_quarantined(v.user, sha256)
    return back("/review", f"{name}: trả lại hộp thư đến (back in the inbox for the next run)")


@router.post("/quarantine/{sha256}/acknowledge")
def acknowledge(request: Request, sha256: str, csrf: str = Form(""), note: str = Form("")):
    v = acting(request, csrf)
    ws(request).acknowledge_quarantined(v.user, sha256, note)
    return back("/review", "Đã ghi nhận (acknowledged): the file stays in quarantine")


@router.get("/results/{result_id}", response_class=HTMLResponse)
def result(request: Request, result_id: str):
    v = visitor(request)
    entry, docs = ws(request).result(v.user, result_id)
    return page(request, "result.html", v, entry=entry, docs=docs)


# --- search -----------------------------------------------------------------------------

@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "", p: int = 1):
    v = visitor(request)
    filters = {k: request.query_params.get(k, "") for k in FIELDS}
    total, hits = ws(request).search(v.user, q, filters, p)
    return page(request, "search.html", v, q=q, filters=filters, total=total, hits=hits,
                p=p)


# --- users ------------------------------------------------------------------------------

def _admin(v: Visitor) -> None:
    if v.user.role != Role.ADMIN:
        raise NotAllowed(f"{v.user.name}: only an admin manages users")


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, note: str = ""):
    v = visitor(request)
    _admin(v)
    return page(request, "users.html", v, accounts=ws(request).cat.accounts(), note=note,
                roles=list(Role))


@router.post("/users")
def add_user(request: Request, name: str = Form(""), role: str = Form(""),
             unit: str = Form(""), password: str = Form(""), csrf: str = Form("")):
    v = acting(request, csrf)
    _admin(v)
    ws(request).add_user(name.strip().lower(), role, password, unit, actor=v.user.name)
    return back("/users", f"Đã tạo {name} (user created)")


@router.post("/users/{name}/token", response_class=HTMLResponse)
def user_token(request: Request, name: str, csrf: str = Form("")):
    v = acting(request, csrf)
    if v.user.role != Role.ADMIN and v.user.name != name:
        raise NotAllowed(f"{v.user.name} may not issue a token for {name}")
    token = ws(request).new_token(name, actor=v.user.name)
    return page(request, "token.html", v, name=name, token=token)
