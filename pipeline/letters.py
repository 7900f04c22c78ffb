"""Vietnamese letters reduced to their base (no tone or quality marks). Pure."""

from __future__ import annotations

import unicodedata


def base_char(ch: str) -> str:
    """The letter without any mark: 'ộ' -> 'o', 'Đ' -> 'D'."""
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


def base_form(text: str) -> str:
    """Same length as ``text`` (NFC), every character reduced to its base letter."""
    return "".join(base_char(c) for c in unicodedata.normalize("NFC", text))
