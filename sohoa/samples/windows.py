"""Text as old Windows tools save Vietnamese: CP1258, where a letter keeps its vowel mark
(â, ơ, ư …) and the tone mark follows as a combining character. For the generators of test
and benchmark files (manifests, file names)."""

from __future__ import annotations

import unicodedata

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def cp1258_bytes(text: str) -> bytes:
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return out
