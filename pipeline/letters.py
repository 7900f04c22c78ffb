"""Vietnamese letters reduced to their base (no tone or quality marks). Pure."""

from __future__ import annotations

import unicodedata


def base_char(ch: str) -> str:
    """The letter without any mark: 'ộ' -> 'o', 'Đ' -> 'D'."""
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


class _Bases(dict):
    """Character (its code) -> its base letter, each worked out once, when first met
    (`str.translate` looks every character up: the dictionary's 74,000 words and every
    line read go through `base_form`)."""

    def __missing__(self, code: int) -> str:
        self[code] = base = base_char(chr(code))
        return base


_BASES = _Bases()


#: small letters a capital of the same shape is read as (in print the two differ in size
#: only): "vàng văn sình" is "Vàng Văn Sình" read in the wrong case
SAME_SHAPE = frozenset("cosuvwxz")


def base_form(text: str) -> str:
    """Same length as ``text`` (NFC), every character reduced to its base letter."""
    return unicodedata.normalize("NFC", text).translate(_BASES)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: letters added, dropped or changed (for short strings)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]
