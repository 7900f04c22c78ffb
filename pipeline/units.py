"""Administrative units and their successors. Pure.

Since 1 July 2025 the district level no longer exists and many communes were merged. Results
issued by a unit that has since ended stay valid; an auditor reports them under the unit that
issued them (historical levels) or under the unit that holds them now: follow ``successor``
from the issuing unit while the unit had ended by the as-of date.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pipeline.letters import base_form
from pipeline.models import Level
from pipeline.register import RowError, nfc, parse_date, parse_level

UNIT_COLUMNS = ("code", "name", "level", "parent", "valid_from", "valid_to", "successor",
                "alias_of")
_ALIASES = {"ma don vi": "code", "ma": "code", "ten don vi": "name", "ten": "name",
            "cap": "level", "don vi cap tren": "parent", "truc thuoc": "parent",
            "hieu luc tu": "valid_from", "tu ngay": "valid_from",
            "hieu luc den": "valid_to", "den ngay": "valid_to",
            "don vi ke thua": "successor", "ke thua": "successor", "sap nhap vao": "successor",
            "ma chinh thuc": "alias_of", "la ma cua": "alias_of"}
#: successors of a unit split between several: "cu:xa:10123" -> "moi:xa:10105;moi:xa:10108"
SEPARATOR = ";"

#: The words that name a unit's level (Xã, Phường, Thị trấn, Thị xã, Huyện, Quận, Thành phố,
#: Tỉnh), as a pattern on capitals without marks.
LEVEL_WORDS = r"(?:XA|PHUONG|THI TRAN|THI XA|HUYEN|QUAN|THANH PHO|TINH)"


@dataclass(frozen=True)
class AdminUnit:
    code: str
    name: str
    level: Level
    parent: str = ""
    valid_from: date | None = None
    valid_to: date | None = None   # last day the unit existed; None: still exists
    successor: str = ""            # the unit(s) that took over its results ("a;b": split)
    alias_of: str = ""             # another code of the unit named here (an agency code)

    def ended_by(self, as_of: date) -> bool:
        return self.valid_to is not None and self.valid_to < as_of

    @property
    def successors(self) -> tuple[str, ...]:
        return tuple(c.strip() for c in self.successor.split(SEPARATOR) if c.strip())


def _column(header: str) -> str:
    name = nfc(header)
    if name in UNIT_COLUMNS:
        return name
    return _ALIASES.get(" ".join(base_form(name).lower().split()), name)


def parse_units_csv(text: str) -> tuple[list[AdminUnit], list[RowError]]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = [_column(h) for h in next(reader, [])]
    missing = [c for c in ("code", "name", "level") if c not in header]
    if missing:
        return [], [RowError(1, f"header lacks column(s) {', '.join(missing)}")]
    units, errors, seen = [], [], set()
    for cells in reader:
        line = reader.line_num
        row = {k: nfc(v) for k, v in zip(header, cells, strict=False)}
        if not any(row.values()):
            continue
        try:
            if not row.get("code") or not row.get("name"):
                raise ValueError("missing code or name")
            if row["code"] in seen:
                raise ValueError(f"unit {row['code']} repeats")
            unit = AdminUnit(
                row["code"], row["name"], parse_level(row.get("level", "")),
                row.get("parent", ""),
                parse_date(row["valid_from"], "valid_from") if row.get("valid_from") else None,
                parse_date(row["valid_to"], "valid_to") if row.get("valid_to") else None,
                row.get("successor", ""), row.get("alias_of", ""))
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        seen.add(unit.code)
        units.append(unit)
    known = {u.code for u in units}
    for u in units:
        for what, code in (*(("successor", c) for c in u.successors),
                           *(("alias_of", c) for c in filter(None, [u.alias_of]))):
            if code not in known:
                errors.append(RowError(0, f"unit {u.code}: {what} {code} is not listed"))
    return units, errors


def current_unit(code: str, units: dict[str, AdminUnit], as_of: date) -> AdminUnit | None:
    """The unit that holds, on ``as_of``, the results issued by ``code`` (or by the unit it
    is another code of): itself if it still existed then, else its successor's current unit.
    A unit split between several successors holds no longer one: its results are shown under
    it, marked split, with the units that share it named (the register says nothing, such as
    the holder's address, to divide them by). None for an unknown code."""
    unit = units.get(code)
    if unit is not None and unit.alias_of:
        unit = units.get(unit.alias_of, unit)
    seen = set()
    while unit is not None and unit.ended_by(as_of) and unit.successors:
        if unit.code in seen:  # a successor loop: stop where it closes
            break
        seen.add(unit.code)
        if len(unit.successors) > 1:
            heirs = [units[c] for c in unit.successors if c in units]
            names = ", ".join(h.name for h in heirs) or unit.successor
            return AdminUnit(unit.code, f"{unit.name} (đã chia tách, split: {names})",
                             heirs[0].level if heirs else unit.level, unit.parent,
                             unit.valid_from, unit.valid_to, unit.successor)
        unit = units.get(unit.successors[0], unit)
    return unit


def scope(code: str, units: Mapping[str, AdminUnit]) -> frozenset[str]:
    """The unit `code` and every unit whose results it answers for: units under it (parent,
    transitively) and units it succeeded (successor, transitively), and theirs in turn."""
    found = {code}
    changed = True
    while changed:
        changed = False
        for u in units.values():
            if u.code not in found and (u.parent in found or u.alias_of in found
                                        or any(c in found for c in u.successors)):
                found.add(u.code)
                changed = True
    return frozenset(found)


def parse_agency_map(text: str) -> tuple[list[tuple[str, str]], list[RowError]]:
    """The user's table from the register's agency codes (mã định danh, ``000.21.11.H01``)
    to the statistics office's units: columns ``agency_code`` and ``official_code``."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    aliases = {"ma dinh danh": "agency_code", "ma co quan": "agency_code",
               "ma thong ke": "official_code", "ma chinh thuc": "official_code"}
    header = [aliases.get(" ".join(base_form(nfc(h)).lower().split()), nfc(h))
              for h in next(reader, [])]
    if "agency_code" not in header or "official_code" not in header:
        return [], [RowError(1, "header lacks agency_code and official_code")]
    a, o = header.index("agency_code"), header.index("official_code")
    rows, errors, seen = [], [], set()
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        agency = nfc(cells[a]) if a < len(cells) else ""
        official = nfc(cells[o]) if o < len(cells) else ""
        if not agency or not official:
            errors.append(RowError(line, "missing agency_code or official_code"))
        elif agency in seen:
            errors.append(RowError(line, f"agency code {agency} repeats"))
        else:
            seen.add(agency)
            rows.append((agency, official))
    return rows, errors
