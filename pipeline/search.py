"""Searching the archive insensitive to marks and case: "quyet dinh thu hoi" finds "Quyết định
thu hồi", "d" finds "đ". Pure: folding, the terms of a query, and the highlighted snippet.

Texts are indexed folded (`fold`); a query is folded the same way and split into terms, every
one of which a document must contain (as a word or the start of one). The snippet is cut from
the original text: folding keeps every character in its place (pipeline.letters.base_form).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.letters import base_form

#: the fields a search may be narrowed by (query parameter -> label)
FIELDS = {"number": "Số ký hiệu (number)", "date": "Ngày (date)",
          "issuing_body": "Cơ quan ban hành (issuing body)", "holder": "Chủ hồ sơ (holder)",
          "signer": "Người ký (signer)", "procedure": "Thủ tục (procedure)",
          "unit": "Đơn vị (unit)"}


def fold(text: str) -> str:
    """Lower case, base letters (no tone or quality marks, đ -> d), NFC, same length."""
    return base_form(unicodedata.normalize("NFC", text or "")).lower()


def terms(query: str, limit: int = 12) -> list[str]:
    """The folded words of a query (letters and digits; "47/QĐ-UBND" -> 47, qd, ubnd)."""
    return list(dict.fromkeys(re.findall(r"\w+", fold(query))))[:limit]


@dataclass(frozen=True)
class Piece:
    text: str
    hit: bool


def snippet(text: str, words: list[str], width: int = 220) -> list[Piece]:
    """The stretch of ``text`` around the first term found, terms marked, about ``width``
    characters; the text's start when no term is in it."""
    text = unicodedata.normalize("NFC", text or "")
    flat = fold(text)
    spans = []
    for w in words:
        spans += [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(w)}\w*", flat)]
    spans.sort()
    if not spans:
        return [Piece(re.sub(r"\s+", " ", text[:width]), False)] if text else []
    start = max(0, spans[0][0] - width // 4)
    end = min(len(text), start + width)
    out, at = [], start
    for a, b in spans:
        if a < at or b > end:
            continue
        if a > at:
            out.append(Piece(text[at:a], False))
        out.append(Piece(text[a:b], True))
        at = b
    if at < end:
        out.append(Piece(text[at:end], False))
    pieces = [Piece(re.sub(r"\s+", " ", p.text), p.hit) for p in out]
    if start > 0:
        pieces.insert(0, Piece("… ", False))
    if end < len(text):
        pieces.append(Piece(" …", False))
    return pieces
