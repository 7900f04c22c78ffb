"""Writing the sample set: scans in every format, a register CSV, a manifest and a README."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PIL import Image

from pipeline.register import COLUMNS
from sohoa.samples.documents import (
    CORRUPT_NAME,
    PROCEDURES,
    UNIT_TABLE,
    UNITS,
    UNMATCHED,
    SampleDoc,
    sample_documents,
)
from sohoa.samples.render import degrade, render_pages
from sohoa.samples.sheets import blank_sheet, cover_sheet

DPI = 200


def scan_name(doc: SampleDoc) -> str | None:
    if doc.batch:
        return doc.batch
    return doc.scan.format(id=doc.result_id) if doc.scan else None


def scanned_pages(doc: SampleDoc, dpi: int = DPI) -> list[Image.Image]:
    """The pages of `doc` as its scan shows them."""
    return [degrade(p, doc.variant, f"{doc.result_id}-{i}")
            for i, p in enumerate(render_pages(doc, dpi))]


def batch_pages(docs: list[SampleDoc], dpi: int = DPI) -> list[Image.Image]:
    """A stack of documents through the sheet feeder: each one's cover sheet (when it has
    one), its pages, the blank back of its last sheet (when it has one)."""
    pages = []
    for i, d in enumerate(docs):
        if d.cover:
            pages.append(cover_sheet(d.result_id, dpi))
        pages += scanned_pages(d, dpi)
        if d.blank_after:
            pages.append(blank_sheet(dpi, seed=i))
    return pages


def write_scan(doc: SampleDoc, path: Path, dpi: int = DPI) -> None:
    """Render `doc` and save it in the format its file name says."""
    write_pages(scanned_pages(doc, dpi), path, doc.variant, dpi)


def bilevel(pages: list[Image.Image]) -> list[Image.Image]:
    """The pages as a scanner's black-and-white mode stores them: 1 bit a pixel."""
    return [p.convert("L").point(lambda v: 255 if v > 160 else 0).convert("1") for p in pages]


def write_pages(pages: list[Image.Image], path: Path, variant: str = "clean",
                dpi: int = DPI) -> None:
    """Save pages in the format the file name says (``variant``: how they were captured)."""
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        # a 1-bit scan in a PDF, as a scanner stores a black-and-white page: one 1-bit image
        frames, extra = (bilevel(pages), {}) if variant == "bilevel" else (pages, {"quality": 80})
        frames[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=frames[1:],
                       **extra)
    elif suffix in (".tif", ".tiff"):
        if variant == "bilevel":
            frames = bilevel(pages)
            frames[0].save(path, "TIFF", compression="group4", dpi=(dpi, dpi), save_all=True,
                           append_images=frames[1:])
        else:
            frames = [p.convert("L") for p in pages]
            frames[0].save(path, "TIFF", compression="tiff_deflate", dpi=(dpi, dpi),
                           save_all=True, append_images=frames[1:])
    elif suffix in (".jpg", ".jpeg"):
        extra = {} if variant == "photo" else {"dpi": (dpi, dpi)}
        pages[0].save(path, "JPEG", quality=85, **extra)
    elif suffix == ".png":
        pages[0].save(path, "PNG", dpi=(dpi, dpi), optimize=True)
    else:
        raise ValueError(f"cannot write {path.name}: unknown format")


def write_corrupt_pdf(path: Path) -> None:
    """What a scan cut short by a failed copy looks like: a PDF header, then nothing usable."""
    buf = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buf, "PDF", resolution=DPI)
    path.write_bytes(buf.getvalue()[:300])


def register_rows(docs: list[SampleDoc]) -> list[dict[str, str]]:
    rows = []
    for d in docs:
        unit, proc = UNITS[d.unit], PROCEDURES[d.procedure]
        rows.append({
            "result_id": d.result_id, "procedure_code": proc.code,
            "procedure_name": proc.name, "field": proc.field, "unit_code": unit.code,
            "unit_name": unit.name, "level": unit.level, "issued_date": d.issued.isoformat(),
            "valid_until": d.valid_until.isoformat() if d.valid_until else "",
            "revoked": "yes" if d.revoked else "no",
            "revoked_on": d.revoked_on.isoformat() if d.revoked_on else "",
            "document_number": f"{d.number}/{proc.symbol}", "signer": d.signer,
            "holder": d.person,
        })
    return rows


def write_register(docs: list[SampleDoc], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(register_rows(docs))


def build_samples(out: Path, docs: list[SampleDoc] | None = None, dpi: int = DPI,
                  unmatched: bool = True, corrupt: bool = True) -> list[Path]:
    """Write `out/inbox/*` (the scans), `out/register.csv` and `out/README.md`."""
    docs = sample_documents() if docs is None else docs
    inbox = out / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    written, manifest, lines = [], [], []
    batches: dict[str, list[SampleDoc]] = {}
    for d in docs:
        name = scan_name(d)
        if d.batch:
            batches.setdefault(d.batch, []).append(d)
        elif name:
            write_scan(d, inbox / name, dpi)
            written.append(inbox / name)
            if d.result_id not in name:
                manifest.append((name, d.result_id))
        lines.append(f"| {d.result_id} | {UNITS[d.unit].level} | {name or '—'} | {d.note} |")
    for name, stack in batches.items():
        write_pages(batch_pages(stack, dpi), inbox / name, dpi=dpi)
        written.append(inbox / name)
    if unmatched:
        name = scan_name(UNMATCHED)
        write_scan(UNMATCHED, inbox / name, dpi)
        written.append(inbox / name)
        lines.append(f"| (none) | — | {name} | {UNMATCHED.note} |")
    if corrupt:
        write_corrupt_pdf(inbox / CORRUPT_NAME)
        written.append(inbox / CORRUPT_NAME)
        lines.append(f"| — | — | {CORRUPT_NAME} | truncated PDF: goes to quarantine |")
    if manifest:
        with (inbox / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["file", "result_id"])
            w.writerows(manifest)
    write_register(docs, out / "register.csv")
    with (out / "units.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "level", "parent", "valid_from", "valid_to", "successor"])
        w.writerows(UNIT_TABLE)
    (out / "README.md").write_text(
        "# sample_scans\n\nMade by `sohoa samples` (sohoa/samples/) from text written for "
        "sohoa; the units, names and numbers are illustrative. `inbox/` holds the scans, "
        "`register.csv` the register of procedure results, `units.csv` the administrative "
        "units: both districts end on 30/06/2025 and their communes merge in pairs into two "
        "new communes (`sohoa report --by current`).\n\n"
        "| result id | level | scan | what it exercises |\n|---|---|---|---|\n"
        + "\n".join(lines) + "\n", encoding="utf-8")
    return written
