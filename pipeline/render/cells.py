"""Cell text made safe for where it goes. Register cells and file names come from outside:
a spreadsheet must not run them as formulas, a terminal must not obey their escape codes.
Pure."""

from __future__ import annotations

import re

#: characters a spreadsheet takes as the start of a formula (OWASP, "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """Without control characters (ESC, BEL, NUL ...); tab, CR and LF kept."""
    return _CONTROL.sub("", text)


def spreadsheet_safe(value: object) -> object:
    """A text cell that would start a formula gets a leading apostrophe (shown as text by
    Excel and LibreOffice, the apostrophe hidden); control characters removed. Numbers as
    they are."""
    if not isinstance(value, str):
        return value
    text = strip_control(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def terminal_safe(text: str) -> str:
    """Control characters shown escaped (\\x1b), so that a name cannot move the cursor, ring
    the bell or recolour the terminal."""
    return _CONTROL_ALL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
