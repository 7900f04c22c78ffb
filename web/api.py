"""The workspace's JSON API (Công văn 7197/BKHCN-CĐSQG: import, read, update and download
digitized documents by their code). Every call needs `Authorization: Bearer <token>` (`sohoa
user token NAME`); a user's role and units apply as on the pages. `{code}` is the result's
id (mã hồ sơ) or a document's id (its SHA-256)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from app.workspace import Workspace, fields_json
from pipeline.accounts import User
from pipeline.errors import NotFound, UsageError
from pipeline.render.jsondoc import render_json
from pipeline.search import FIELDS
from pipeline.timezone import parse_day
from web.security import bearer

router = APIRouter(prefix="/api/v1")

#: the largest file the import takes (bytes)
MAX_IMPORT = 200 * 1024 * 1024


def ws(request: Request) -> Workspace:
    return request.app.state.ws


def api_user(request: Request) -> User:
    user = ws(request).token_user(bearer(request))
    if user is None:
        raise HTTPException(401, "a valid API token is needed (Authorization: Bearer …)",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


Caller = Annotated[User, Depends(api_user)]


class Correction(BaseModel):
    """A correction of a document: header fields (number, date, issuing_body, doc_type,
    subject, signer) and/or its text. Creates a new version."""

    fields: dict[str, str] = Field(default_factory=dict)
    text: str | None = None
    note: str = ""


def _document(w: Workspace, user: User, code: str):
    """The document a code names: its id, or the (first) document of a result."""
    if w.cat.document_by_id(code) is not None:
        return w.document(user, code)
    _, docs = w.result(user, code)
    if not docs:
        raise NotFound(f"result {code} has no digitized document yet")
    return w.document(user, docs[0].sha256)


@router.post("/documents/import", status_code=202)
async def import_document(request: Request, user: Caller,
                          file: Annotated[UploadFile, File()], code: Annotated[str, Form()] = ""):
    """A scan handed in: written to the inbox (named after its dossier code when given) for
    the next nightly run, which archives, matches and counts it."""
    data = await file.read(MAX_IMPORT + 1)
    if len(data) > MAX_IMPORT:
        raise UsageError(f"{file.filename}: larger than {MAX_IMPORT // 2**20} MB")
    if not data:
        raise UsageError(f"{file.filename}: empty file")
    name = ws(request).import_file(user, file.filename or "scan", data, code.strip())
    return {"status": "queued", "inbox_name": name, "code": code or None}


@router.get("/documents/download/{code}")
def download(request: Request, user: Caller, code: str, kind: str = "archival"):
    """The archival PDF/A (``kind=archival``) or the scan as handed in (``kind=original``)."""
    view = _document(ws(request), user, code)
    data, media, name = ws(request).stored(user, view.doc.sha256, kind)
    return Response(data, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


@router.get("/documents/{code}")
def get_document(request: Request, user: Caller, code: str, text: bool = False):
    view = _document(ws(request), user, code)
    out = fields_json(view)
    if text:
        out["text"] = view.text
    return out


@router.put("/documents/{code}")
def put_document(request: Request, user: Caller, code: str, body: Correction):
    view = _document(ws(request), user, code)
    n = ws(request).correct(user, view.doc.sha256, body.fields, body.text, body.note)
    return fields_json(ws(request).document(user, view.doc.sha256)) | {"created_version": n}


@router.get("/search")
def search(request: Request, user: Caller, q: str = "", page: int = 1):
    filters = {k: request.query_params.get(k, "") for k in FIELDS}
    total, hits = ws(request).search(user, q, filters, page)
    return {"total": total, "page": page, "results": [
        {"id": h.doc.sha256, "code": h.doc.result_id, "file_name": h.doc.file_name,
         "page_range": h.doc.page_range,
         "snippet": "".join(f"[{p.text}]" if p.hit else p.text for p in h.pieces)}
        for h in hits]}


@router.get("/report")
def report(request: Request, user: Caller, as_of: str = ""):
    when = parse_day(as_of) if as_of else ws(request).app.settings.today()
    return Response(render_json(ws(request).report(user, when)),
                    media_type="application/json")
