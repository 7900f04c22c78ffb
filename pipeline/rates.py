"""Digitization rate arithmetic. Pure: fed plain values, returns plain values.

Rate of a level on an as-of date = results of that level still valid on that date that have an
archived scan, divided by all results of that level still valid on that date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from pipeline.models import Level, RegisterEntry


def status_on(entry: RegisterEntry, as_of: date,
              issued: Mapping[str, date] | None = None) -> str:
    """'valid', or why not: 'revoked', 'replaced', 'expired', 'not_yet_issued'.

    A result whose valid_until equals the as-of date is still valid that day. A result replaced
    by another stops being valid on the day its replacement was issued (``issued`` maps result
    ids to issue dates); a replacement missing from the register counts as issued already.
    """
    if entry.issued_date > as_of:
        return "not_yet_issued"
    if entry.revoked and (entry.revoked_on is None or entry.revoked_on <= as_of):
        return "revoked"  # from the day it was revoked on (always, when that is not known)
    if entry.replaced_by:
        replaced_on = (issued or {}).get(entry.replaced_by)
        if replaced_on is None or replaced_on <= as_of:
            return "replaced"
    if entry.valid_until is not None and entry.valid_until < as_of:
        return "expired"
    return "valid"


def is_valid_on(entry: RegisterEntry, as_of: date,
                issued: Mapping[str, date] | None = None) -> bool:
    return status_on(entry, as_of, issued) == "valid"


def _issue_dates(entries: list[RegisterEntry]) -> dict[str, date]:
    return {e.result_id: e.issued_date for e in entries}


@dataclass(frozen=True)
class Tally:
    valid: int
    digitized: int

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.digitized, self.valid) if self.valid else None


@dataclass(frozen=True)
class UnitRate:
    unit_code: str
    unit_name: str
    tally: Tally


@dataclass(frozen=True)
class LevelRate:
    level: Level
    tally: Tally
    target: Fraction | None
    units: tuple[UnitRate, ...]

    @property
    def met(self) -> bool | None:
        """True/False against the target; None when there is no target or nothing valid."""
        if self.target is None or self.tally.rate is None:
            return None
        return self.tally.rate >= self.target


@dataclass(frozen=True)
class Exclusions:
    """Register rows not in any denominator, by reason."""

    revoked: int = 0
    expired: int = 0
    not_yet_issued: int = 0
    replaced: int = 0


def to_fraction(target: float | str | Fraction) -> Fraction:
    """0.55 -> 11/20 exactly (via its decimal text, so no float rounding enters the comparison)."""
    return target if isinstance(target, Fraction) else Fraction(str(target))


def compute_level_rates(
    entries: Iterable[RegisterEntry],
    digitized_ids: set[str] | frozenset[str],
    as_of: date,
    targets: Mapping[Level, float | Fraction],
    regroup: Callable[[RegisterEntry], tuple[Level, str, str]] | None = None,
) -> tuple[tuple[LevelRate, ...], Exclusions]:
    """Per level (province, district, commune order) and per unit below it.

    By default a result counts under the unit that issued it, at that unit's level; ``regroup``
    maps a result to another (level, unit code, unit name), e.g. the unit that holds it now."""
    counts: dict[Level, dict[tuple[str, str], list[int]]] = {}
    entries = list(entries)
    issued = _issue_dates(entries)
    excluded = {"revoked": 0, "expired": 0, "not_yet_issued": 0, "replaced": 0}
    for e in entries:
        status = status_on(e, as_of, issued)
        if status != "valid":
            excluded[status] += 1
            continue
        level, code, name = regroup(e) if regroup else (e.level, e.unit_code, e.unit_name)
        cell = counts.setdefault(level, {}).setdefault((code, name), [0, 0])
        cell[0] += 1
        cell[1] += e.result_id in digitized_ids
    return levels_from_counts(counts, targets), Exclusions(**excluded)


@dataclass(frozen=True)
class UnitCount:
    """Valid and digitized results of one issuing unit (what a database GROUP BY returns)."""

    level: Level
    unit_code: str
    unit_name: str
    valid: int
    digitized: int


def rates_from_unit_counts(
    rows: Iterable[UnitCount], targets: Mapping[Level, float | Fraction],
    regroup: Callable[[Level, str, str], tuple[Level, str, str]] | None = None,
) -> tuple[LevelRate, ...]:
    """The same figures as compute_level_rates, from per-unit counts (``regroup`` maps an
    issuing unit to the unit that holds its results now)."""
    counts: dict[Level, dict[tuple[str, str], list[int]]] = {}
    for r in rows:
        level, code, name = (regroup(r.level, r.unit_code, r.unit_name) if regroup
                             else (r.level, r.unit_code, r.unit_name))
        cell = counts.setdefault(level, {}).setdefault((code, name), [0, 0])
        cell[0] += r.valid
        cell[1] += r.digitized
    return levels_from_counts(counts, targets)


def levels_from_counts(counts: Mapping[Level, Mapping[tuple[str, str], list[int]]],
                       targets: Mapping[Level, float | Fraction]) -> tuple[LevelRate, ...]:
    levels = []
    for level in Level:
        if level not in counts and level not in targets:
            continue
        units = tuple(
            UnitRate(code, name, Tally(v, d))
            for (code, name), (v, d) in sorted(counts.get(level, {}).items())
        )
        total = Tally(sum(u.tally.valid for u in units), sum(u.tally.digitized for u in units))
        target = targets.get(level)
        levels.append(
            LevelRate(level, total, None if target is None else to_fraction(target), units)
        )
    return tuple(levels)


@dataclass(frozen=True)
class GroupRate:
    """One row of a drill-down: a field (lĩnh vực) or a procedure within a level."""

    level: Level
    key: str
    name: str
    tally: Tally


def breakdown(entries: Iterable[RegisterEntry], digitized_ids: set[str] | frozenset[str],
              as_of: date, by: str) -> tuple[GroupRate, ...]:
    """Valid / digitized per level and field (``by="field"``) or procedure (``"procedure"``)."""
    counts: dict[tuple[Level, str, str], list[int]] = {}
    entries = list(entries)
    issued = _issue_dates(entries)
    for e in entries:
        if not is_valid_on(e, as_of, issued):
            continue
        key = (e.field, e.field) if by == "field" else (e.procedure_code, e.procedure_name)
        cell = counts.setdefault((e.level, *key), [0, 0])
        cell[0] += 1
        cell[1] += e.result_id in digitized_ids
    order = list(Level)
    return tuple(GroupRate(lv, k, n, Tally(v, d)) for (lv, k, n), (v, d) in
                 sorted(counts.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])))


def missing(entries: Iterable[RegisterEntry], digitized_ids: set[str] | frozenset[str],
            as_of: date) -> tuple[RegisterEntry, ...]:
    """Results valid on ``as_of`` with no counted scan: what is left to digitize."""
    order = list(Level)
    entries = list(entries)
    issued = _issue_dates(entries)
    return tuple(sorted((e for e in entries
                         if is_valid_on(e, as_of, issued) and e.result_id not in digitized_ids),
                        key=lambda e: (order.index(e.level), e.unit_code, e.issued_date,
                                       e.result_id)))
