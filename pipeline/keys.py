"""Object keys in the archive bucket. Pure.

Matched:   {level}/{unit code}/{year issued}/{result id}/{sha256[:16]}{.ext}
           (+ .txt for the text, + .pdfa.pdf for the archival PDF/A copy)
Unmatched: unmatched/{sha256[:16]}{.ext}
"""

from __future__ import annotations

from pathlib import PurePath

from pipeline.models import RegisterEntry


def _safe(segment: str) -> str:
    return "".join(c if c.isalnum() or c in ".-_" else "_" for c in segment)


def archive_keys(entry: RegisterEntry | None, sha256: str,
                 file_name: str) -> tuple[str, str, str]:
    """(original key, text key, archival PDF key)."""
    ext = PurePath(file_name).suffix.lower()
    if entry is None:
        base = f"unmatched/{sha256[:16]}"
    else:
        base = (
            f"{entry.level.slug}/{_safe(entry.unit_code)}/{entry.issued_date.year}/"
            f"{_safe(entry.result_id)}/{sha256[:16]}"
        )
    return base + ext, base + ".txt", base + ".pdfa.pdf"
