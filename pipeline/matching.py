"""Matching a document to its register entry: the sidecar manifest, the result id in the file
name, a dossier code in a QR code, then what is printed on it (pipeline/content_match.py)."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Protocol

from pipeline.content_match import (
    DEFAULT_MARGIN,
    DEFAULT_THRESHOLD,
    SHOWN,
    choose,
    contradiction,
    rank,
    text_dates,
    text_numbers,
)
from pipeline.dossier import DOSSIER_CODE
from pipeline.letters import base_form
from pipeline.models import RegisterEntry
from pipeline.text_files import csv_rows, decode_text

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


class Register(Protocol):
    """What matching asks of the register (the catalogue answers it)."""

    def known_result_ids(self, candidates: Iterable[str]) -> set[str]: ...

    def entry(self, result_id: str) -> RegisterEntry | None: ...

    def candidates_for(self, number: str, issued: date | None) -> list[RegisterEntry]: ...


@dataclass(frozen=True)
class MatchPolicy:
    threshold: float = DEFAULT_THRESHOLD  # a content match is taken at this score or more
    margin: float = DEFAULT_MARGIN        # ... and this far ahead of the next candidate


@dataclass(frozen=True)
class Match:
    result_id: str | None
    how: str                                  # one line, kept as the match note
    evidence: dict[str, object] = field(default_factory=dict)  # how, score, candidates


def _read(fields: Mapping[str, object], key: str) -> str:
    f = fields.get(key)
    return str(f.get("value") or "") if isinstance(f, Mapping) else ""


def match_document(register: Register, fields: Mapping[str, object], text: str = "", *,
                   file_name: str = "", manifest: Mapping[str, str] | None = None,
                   code: str = "", policy: MatchPolicy = MatchPolicy()) -> Match:
    """The register entry a document is, in order of trust: the manifest and the file name
    (only for a file that is one document: ``file_name``), a dossier code on a cover sheet or
    a QR code on the page (``code``), then its header fields against the register's columns.
    A name or code whose entry the page contradicts (another number and date, both read
    surely) is not taken: the document is left to a person with both candidates."""
    named, name_note = None, ""
    if file_name:
        rid, name_note = match_result_id(file_name, dict(manifest or {}),
                                         register.known_result_ids)
        named = (rid, name_note) if rid else None
    by_code = named is None and bool(code) and bool(register.known_result_ids([code]))
    if by_code:
        named = (code, "mã hồ sơ trên mã QR (dossier code in a QR code or barcode)")
    read_date = None
    try:
        read_date = date.fromisoformat(_read(fields, "date")) if _read(fields, "date") else None
    except ValueError:
        pass
    entries = {e.result_id: e for e in register.candidates_for(_read(fields, "number"),
                                                               read_date)}
    for number in text_numbers(text) if text else []:  # printed after "Số" elsewhere
        entries.update((e.result_id, e) for e in register.candidates_for(number, None))
    if read_date is None:  # no date line read: the dates written in the opening lines
        for day in text_dates(text) if text else []:
            entries.update((e.result_id, e) for e in register.candidates_for("", day))
    ranked = rank(entries.values(), fields, text)
    shown = [c.as_dict() for c in ranked[:SHOWN]]
    found = choose(ranked, policy.threshold, policy.margin)
    if named is not None:
        rid, how = named
        entry = register.entry(rid)
        # a code a desk printed and fed in is trusted over a misread number and date: only
        # another result matching the page by its content contradicts it
        why = contradiction(entry, fields, found.result_id, strict=not by_code) \
            if entry and how != "manifest" else ""
        if why:
            return Match(None, f"{how} says {rid}, but {why}: left to a person",
                         {"how": "contradicted", "named": rid, "candidates":
                          [{"result_id": rid, "score": None, "evidence": [how]}, *shown]})
        own = next((c for c in ranked if c.result_id == rid), None)
        return Match(rid, how, {"how": how, "evidence": list(own.evidence) if own else []})
    if found.result_id:
        return Match(found.result_id, found.reason,
                     {"how": "content", "score": found.candidates[0].score,
                      "evidence": list(found.candidates[0].evidence), "candidates": shown})
    note = "; ".join(x for x in (name_note, found.reason) if x)
    return Match(None, note, {"how": "unmatched", "candidates": shown})
