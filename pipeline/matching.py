"""Matching a scan to its register entry: result id in the file name, else a sidecar manifest."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from pipeline.letters import base_form
from pipeline.text_files import csv_rows, decode_text

# Dossier codes look like 000.00.06.H56-231027-0361: {agency id}-{yyMMdd}-{NNNN}; since
# TT 04/2025/TT-VPCP (25/01/2026) the final number has four digits or more. A code is read
# whole: never a shorter code out of a longer one, nor one out of a longer run of letters.
DOSSIER_CODE = re.compile(r"(?<![0-9A-Za-z.])[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)+-\d{6}-\d{4,}"
                          r"(?![0-9])")

MANIFEST_NAME = "manifest.csv"


def candidate_ids(file_name: str) -> list[str]:
    """Result ids a file name may carry: dossier-code-shaped tokens, then the whole stem."""
    stem = unicodedata.normalize("NFC", PurePath(file_name).stem).strip()
    found = [m.group(0) for m in DOSSIER_CODE.finditer(stem)]
    return [*found, stem] if stem not in found else found


#: manifest headers (compared on base letters, lower case, single spaces)
MANIFEST_HEADERS = {
    "file": "file", "file name": "file", "filename": "file", "ten tep": "file", "tep": "file",
    "ten file": "file", "tap tin": "file", "ten tap tin": "file",
    "result id": "result_id", "ma ho so": "result_id", "so ho so": "result_id",
    "ma ket qua": "result_id", "dossier": "result_id", "dossier code": "result_id",
}


@dataclass(frozen=True)
class Manifest:
    """The sidecar manifest's rows (NFC file name -> result id), and what was wrong with it:
    an unreadable manifest is a warning for the run, never its end."""

    rows: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def _header(cell: str) -> str:
    key = " ".join(base_form(unicodedata.normalize("NFC", cell)).lower().replace("_", " ")
                   .split())
    return MANIFEST_HEADERS.get(key, key)


def read_manifest(data: bytes | str) -> Manifest:
    """Sidecar manifest: CSV with columns file,result_id (or Tên tệp, Mã hồ sơ), comma or
    semicolon, in UTF-8 (with or without BOM), CP1258 or Windows-1252. Keys are NFC names."""
    if isinstance(data, bytes):
        text, encoding = decode_text(data)
    else:
        text, encoding = unicodedata.normalize("NFC", data.removeprefix("\ufeff")), "utf-8"
    if not text.strip():
        return Manifest()
    warnings = []
    if encoding != "utf-8-sig" and encoding != "utf-8":
        warnings.append(f"{MANIFEST_NAME}: read as {encoding} (not UTF-8)")
    try:
        rows = csv_rows(text)
    except csv.Error as exc:
        return Manifest({}, (f"{MANIFEST_NAME}: not readable as CSV ({exc}): ignored",))
    head = [_header(c) for c in rows[0]] if rows else []
    if "file" not in head or "result_id" not in head:
        return Manifest({}, (*warnings, f"{MANIFEST_NAME}: no file and result_id columns "
                             f"(Tên tệp, Mã hồ sơ) in its first line: ignored",))
    fi, ri = head.index("file"), head.index("result_id")
    out: dict[str, str] = {}
    for cells in rows[1:]:
        if len(cells) <= max(fi, ri):
            continue
        name, rid = cells[fi].strip(), cells[ri].strip()
        if name and rid:
            out[name] = rid
    return Manifest(out, tuple(warnings))


def parse_manifest(text: str) -> dict[str, str]:
    """The manifest's rows (see read_manifest)."""
    return read_manifest(text).rows


def match_result_id(
    file_name: str,
    manifest: dict[str, str],
    known: Callable[[Iterable[str]], set[str]],
) -> tuple[str | None, str]:
    """Return (result id or None, how it was matched). `known` says which ids the register has.

    The manifest wins over the file name: staff write it on purpose to correct or add a match.
    """
    name = unicodedata.normalize("NFC", file_name)
    if name in manifest:
        rid = manifest[name]
        if known([rid]):
            return rid, "manifest"
        return None, f"manifest names {rid}, which is not in the register"
    candidates = candidate_ids(name)
    hits = known(candidates)
    for c in candidates:
        if c in hits:
            return c, "file name"
    return None, "no register result id in the file name or manifest"
