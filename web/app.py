"""The workspace's web application, built from the composition root's App (`create_app`), and
how its errors become pages and JSON answers."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from app.bootstrap import App
from app.workspace import Workspace
from pipeline.errors import NotAllowed, NotFound, SohoaError, UsageError
from web import api, pages
from web.security import SECURITY_HEADERS, LoginLimiter, bearer

log = logging.getLogger("sohoa.web")

#: paths served without a login: the login form itself and the stylesheet
OPEN = ("/login", "/static/")


def create_app(app: App) -> FastAPI:
    web = FastAPI(title="sohoa", docs_url=None, redoc_url=None, openapi_url=None,
                  summary="Số hóa kết quả TTHC: workspace and API")
    web.state.ws = Workspace(app)
    web.state.limiter = LoginLimiter()
    web.state.secure_cookies = app.settings.web_secure_cookies
    web.mount("/static", StaticFiles(directory=str(pages.HERE / "static")), name="static")
    web.include_router(pages.router)
    web.include_router(api.router)

    @web.get("/api/v1/openapi.json", include_in_schema=False)
    def openapi(request: Request):
        api.api_user(request)
        return web.openapi()

    @web.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            if k == "Cache-Control" and k in response.headers:
                continue
            response.headers.setdefault(k, v)
        return response

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def answer(request: Request, status: int, message: str) -> Response:
        if is_api(request):
            return JSONResponse({"error": message}, status_code=status)
        v = None
        try:
            v = pages.visitor(request)
        except pages.LoginRequired:
            pass
        return pages.page(request, "error.html", v, status=status, message=message,
                          status_code=status)

    @web.exception_handler(pages.LoginRequired)
    async def login_required(request: Request, exc: pages.LoginRequired):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @web.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return answer(request, 404, str(exc))

    @web.exception_handler(NotAllowed)
    async def not_allowed(request: Request, exc: NotAllowed):
        return answer(request, 403, str(exc))

    @web.exception_handler(UsageError)
    async def usage(request: Request, exc: UsageError):
        return answer(request, 400, str(exc) + (f" ({exc.hint})" if exc.hint else ""))

    @web.exception_handler(SohoaError)
    async def failed(request: Request, exc: SohoaError):
        log.error("%s: %s", request.url.path, exc)
        return answer(request, 503 if exc.retryable else 500, str(exc))

    @web.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        if is_api(request) and not bearer(request):
            return JSONResponse({"error": "a valid API token is needed"}, status_code=401)
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return answer(request, 422, f"{where}: {first.get('msg', 'invalid')}")

    @web.exception_handler(HTTPException)
    async def http(request: Request, exc: HTTPException):
        if is_api(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code,
                                headers=exc.headers)
        if exc.status_code == 404:
            return answer(request, 404, "Không có trang này (no such page)")
        return answer(request, exc.status_code, str(exc.detail))

    return web
