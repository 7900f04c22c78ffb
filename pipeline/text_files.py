"""Text files as desks save them: Excel on Vietnamese Windows writes CP1258 (tone marks as
combining characters) or Windows-1252, with commas or semicolons. Pure: bytes in, NFC text out."""

from __future__ import annotations

import csv
import io
import unicodedata

#: tried in this order; the single-byte code pages decode almost anything, so UTF-8 comes first
ENCODINGS = ("utf-8-sig", "cp1258", "cp1252")


def decode_text(data: bytes) -> tuple[str, str]:
    """(NFC text, the encoding it was read in). UTF-16 with a BOM too."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return unicodedata.normalize("NFC", data.decode("utf-16")), "utf-16"
    for enc in ENCODINGS:
        try:
            return unicodedata.normalize("NFC", data.decode(enc)), enc
        except UnicodeDecodeError:
            continue
    return unicodedata.normalize("NFC", data.decode("latin-1")), "latin-1"


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (Excel in locales whose decimal mark is a comma) or tab, judged by the
    first line."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text)))
