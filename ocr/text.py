"""Vietnamese text normalisation. Pure."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0]+")


def normalize_text(text: str) -> str:
    """NFC, single spaces, no trailing blanks, no empty lines."""
    text = unicodedata.normalize("NFC", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
