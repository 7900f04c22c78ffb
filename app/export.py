"""A unit's hand-over package: every archived document of the results the unit answers for
(issued in a date range), as a BagIt bag (RFC 8493) holding the originals, the signed
archival copies, the texts, the metadata records (JSON and XML) and data/mets.xml (METS with
PREMIS events: pipeline/package.py), every file listed with its SHA-256 in the bag's
manifest and in METS. Verifying one checks the bag, METS against the files, and each archival
copy's signature."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from app.bootstrap import App
from pipeline.document_code import ascii_slug
from pipeline.errors import StorageError, UsageError
from pipeline.hashing import sha256_file
from pipeline.models import DocumentRecord
from pipeline.package import PackageDocument, PackageFile, listed_files, mets
from pipeline.timezone import VIETNAM
from pipeline.units import scope


@dataclass(frozen=True)
class Exported:
    path: Path
    documents: int
    files: int


def _in_range(issued: date, start: date | None, end: date | None) -> bool:
    return (start is None or issued >= start) and (end is None or issued <= end)


def export_unit(app: App, unit: str, start: date | None, end: date | None,
                out: Path) -> Exported:
    """The package of ``unit`` (and the units it answers for) written into a new folder
    under ``out``; an existing package is never overwritten."""
    import bagit

    cat = app.catalogue
    units = cat.units()
    if unit not in units and not any(e.unit_code == unit for e in cat.entries()):
        raise UsageError(f"no unit {unit} in the register or the units list",
                         hint="sohoa report lists the units")
    answers_for = scope(unit, units)
    chosen: list[tuple[DocumentRecord, object]] = []
    for doc in cat.documents():
        entry = cat.entry(doc.result_id) if doc.result_id else None
        if entry and entry.unit_code in answers_for and _in_range(entry.issued_date, start,
                                                                   end):
            chosen.append((doc, entry))
    now = datetime.now(VIETNAM).replace(microsecond=0)
    name = "_".join([ascii_slug(unit.replace(".", "-")) or "unit",
                     start.strftime("%Y%m%d") if start else "dau",  # from the first
                     (end or now.date()).strftime("%Y%m%d")])
    target = out / name
    if target.exists():
        raise UsageError(f"{target} exists already", hint="name another folder with --out")
    work = out / f".{name}.part"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700, parents=True)
    documents, written = [], 0
    try:
        with app.object_store() as store:
            for doc, entry in chosen:
                files = _fetch(store, doc, work, cat.versions(doc.sha256))
                written += len(files)
                code = f"{doc.doc_code}_V1" if doc.doc_code else doc.sha256[:16]
                documents.append(PackageDocument(
                    code, doc.result_id or "", f"{entry.procedure_name} · {entry.holder}",
                    tuple(files), tuple(cat.events_of(doc.sha256)),
                    next((f.path for f in files if f.path.endswith(".metadata.xml")), "")))
        (work / "mets.xml").write_bytes(mets(
            documents, package_id=name, label=f"{unit}: {len(documents)} tài liệu",
            creator=app.settings.signing_unit, created=now))
        bagit.make_bag(str(work), {
            "Source-Organization": app.settings.signing_unit,
            "External-Identifier": name,
            "Bag-Group-Identifier": unit,
            "Internal-Sender-Description": (
                f"Kết quả giải quyết TTHC đã số hóa của {unit}, cấp từ "
                f"{start.isoformat() if start else 'đầu'} đến "
                f"{(end or now.date()).isoformat()} (sohoa)"),
            "Payload-Profile": "BagIt + METS + PREMIS (TT 05/2025/TT-BNV, gần nhất dạng mở)",
        }, checksums=["sha256"])
        work.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Exported(target, len(documents), written)


def _fetch(store, doc: DocumentRecord, work: Path, versions=()) -> list[PackageFile]:
    """The document's stored objects downloaded into the package, each checked against the
    catalogue's SHA-256: its original (one for the documents of a batch), V1's text, archival
    copy and metadata record, and each correction's (V2…) text and record."""
    folder = f"{_safe(doc.result_id or 'chua-khop')}/{doc.doc_code or doc.sha256[:16]}_V1"
    ext = PurePosixPath(doc.original_key).suffix
    wanted = [("original", doc.original_key, f"originals/{doc.source[:16]}{ext}",
               doc.media_type),
              ("text", doc.text_key, f"{folder}/{PurePosixPath(doc.text_key).name}",
               "text/plain")]
    if doc.archival_key:
        wanted.append(("archival", doc.archival_key,
                       f"{folder}/{doc.archival_name or PurePosixPath(doc.archival_key).name}",
                       "application/pdf"))
    if doc.metadata_key:
        base = f"{folder}/{doc.doc_code}_V1.metadata"
        wanted += [("metadata", doc.metadata_key, f"{base}.json", "application/json"),
                   ("metadata", doc.metadata_key.removesuffix(".json") + ".xml",
                    f"{base}.xml", "application/xml")]
    for v in versions:
        if v.number < 2:
            continue
        name = f"{folder}/{doc.doc_code or doc.sha256[:16]}_V{v.number}"
        record = v.text_key.removesuffix(".txt") + ".metadata"
        wanted += [("text", v.text_key, f"{name}.txt", "text/plain"),
                   *(("metadata", f"{record}.{ext}", f"{name}.metadata.{ext}", media)
                     for ext, media in (("json", "application/json"), ("xml", "application/xml"))
                     if f"{record}.{ext}" in doc.objects)]
    files = []
    for use, key, rel, media in wanted:
        expected = doc.objects.get(key) or (doc.source if use == "original" else "")
        path = work / rel
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            store.download(key, path)
        found = sha256_file(path)
        if expected and found != expected:
            raise StorageError(f"{doc.file_name}: {key} in the store does not match the "
                               "catalogue", hint="run `sohoa fixity` (it puts it back from "
                                                 "an intact copy), then export again")
        files.append(PackageFile(use, rel, found, path.stat().st_size, media))
    return files


def _safe(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text)


@dataclass(frozen=True)
class PackageCheck:
    ok: bool
    lines: list[str]


def verify_package(path: Path, trusted: list[Path]) -> PackageCheck:
    """The bag complete and every checksum right; every file METS lists there with its
    SHA-256, and none unlisted; every archival copy's signature intact."""
    import bagit

    from storage.signing import verify as verify_pdf

    lines, ok = [], True
    if not (path / "bagit.txt").is_file():
        raise UsageError(f"{path} is not a package (no bagit.txt)")
    try:
        bag = bagit.Bag(str(path))
        bag.validate()
        lines.append(f"BagIt: valid ({len(bag.payload_entries())} files, sha256)")
    except bagit.BagError as exc:
        ok = False
        details = getattr(exc, "details", None) or []
        lines.append(f"BagIt: NOT valid: {exc}")
        lines += [f"  {d}" for d in details[:20]]
    data = path / "data"
    mets_file = data / "mets.xml"
    if not mets_file.is_file():
        return PackageCheck(False, [*lines, "METS: data/mets.xml is missing"])
    listed = listed_files(mets_file.read_bytes())
    for rel, sha in sorted(listed.items()):
        f = data / rel
        if not f.is_file():
            ok = False
            lines.append(f"METS: {rel} is listed but missing")
        elif sha256_file(f) != sha:
            ok = False
            lines.append(f"METS: {rel} does not match its SHA-256")
    present = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    for rel in sorted(present - set(listed) - {"mets.xml"}):
        ok = False
        lines.append(f"METS: {rel} is in the package but not listed")
    signed = [data / rel for rel in listed if rel.endswith(".pdf")
              and not rel.startswith("originals/") and (data / rel).is_file()]
    bad = []
    for pdf in signed:
        verdict = verify_pdf(pdf, trusted)
        if not verdict.ok:
            bad.append(verdict.line)
    ok = ok and not bad
    lines.append(f"METS: {len(listed)} files listed"
                 + ("" if len(present - set(listed) - {'mets.xml'}) else ", none unlisted"))
    lines.append(f"signatures: {len(signed) - len(bad)} of {len(signed)} archival copies "
                 "intact")
    lines += [f"  {b}" for b in bad]
    return PackageCheck(ok, lines)
