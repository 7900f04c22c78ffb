"""Matching a scan to its register entry: result id in the file name, else a sidecar manifest."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import PurePath

# Dossier codes look like 000.00.06.H56-231027-0361: {agency id}-{yyMMdd}-{NNNN}.
DOSSIER_CODE = re.compile(r"[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)+-\d{6}-\d{4}")

MANIFEST_NAME = "manifest.csv"


def candidate_ids(file_name: str) -> list[str]:
    """Result ids a file name may carry: dossier-code-shaped tokens, then the whole stem."""
    stem = unicodedata.normalize("NFC", PurePath(file_name).stem).strip()
    found = [m.group(0) for m in DOSSIER_CODE.finditer(stem)]
    return [*found, stem] if stem not in found else found


def parse_manifest(text: str) -> dict[str, str]:
    """Sidecar manifest: CSV with columns file,result_id. Keys are NFC file names."""
    rows = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    out: dict[str, str] = {}
    for row in rows:
        name = unicodedata.normalize("NFC", (row.get("file") or "").strip())
        rid = unicodedata.normalize("NFC", (row.get("result_id") or "").strip())
        if name and rid:
            out[name] = rid
    return out


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
