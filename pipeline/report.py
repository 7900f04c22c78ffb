"""The digitization report: rates per level and unit, what was not counted, drill-downs.
Built from rate figures; rendered by pipeline/render/."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from pipeline.flow import Flow
from pipeline.models import Level, RegisterEntry
from pipeline.rates import (
    Exclusions,
    GroupRate,
    LevelRate,
    Tally,
    UnitCount,
    breakdown,
    compute_level_rates,
    missing,
    rates_from_unit_counts,
)
from pipeline.units import AdminUnit, current_unit


@dataclass(frozen=True)
class UnmatchedScan:
    file_name: str
    sha256: str
    key: str


@dataclass(frozen=True)
class QuarantinedFile:
    file_name: str
    reason: str
    path: str


@dataclass(frozen=True)
class FixityFailure:
    """A scan whose stored objects the last fixity check found missing or altered."""

    result_id: str | None
    file_name: str
    key: str


@dataclass(frozen=True)
class HeldDocument:
    """A stored document that does not count until a person looks at it, and why."""

    result_id: str | None
    file_name: str
    page_range: str     # its pages in a batch scan; "" for the whole file
    reason: str


@dataclass(frozen=True)
class Report:
    as_of: date
    levels: tuple[LevelRate, ...]
    exclusions: Exclusions
    unmatched: tuple[UnmatchedScan, ...]
    quarantined: tuple[QuarantinedFile, ...]
    fixity_failed: tuple[FixityFailure, ...] = ()
    by_field: tuple[GroupRate, ...] = ()
    by_procedure: tuple[GroupRate, ...] = ()
    missing: tuple[RegisterEntry, ...] = ()
    grouping: str = "issuing"  # "issuing": under the unit that issued; "current": holds now
    scope: str = ""            # a unit code: only results that unit answers for; "": all
    held: tuple[HeldDocument, ...] = ()
    #: intake findings (pipeline/intake.py): code -> pages found so
    findings: tuple[tuple[str, int], ...] = ()
    #: the flow beside the stock: results issued this month to the as-of date, digitized in
    #: time (pipeline/flow.py)
    flow: Flow | None = None
    #: how many valid results miss a scan when ``missing`` lists only the first of them (a
    #: province's millions); None: ``missing`` is all of them
    missing_total: int | None = None

    @property
    def missing_count(self) -> int:
        return len(self.missing) if self.missing_total is None else self.missing_total

    @property
    def missing_cut(self) -> bool:
        """Whether ``missing`` lists only the first of the results missing a scan."""
        return self.missing_count > len(self.missing)


def holder(units: Mapping[str, AdminUnit], as_of: date):
    """(level, unit code, unit name) of an issuing unit -> those of the unit holding its
    results on ``as_of`` (itself when it still existed, or when it is not in the table)."""
    unit_map = dict(units)

    def hold(level: Level, code: str, name: str) -> tuple[Level, str, str]:
        now = current_unit(code, unit_map, as_of)
        return (level, code, name) if now is None else (now.level, now.code, now.name)

    return hold


def report_from_counts(
    as_of: date, unit_counts: Iterable[UnitCount], excluded: Exclusions,
    targets: Mapping[Level, float], *, field_counts: Iterable[UnitCount] = (),
    procedure_counts: Iterable[UnitCount] = (), missing_entries: Iterable[RegisterEntry] = (),
    unmatched: Iterable[UnmatchedScan] = (), quarantined: Iterable[QuarantinedFile] = (),
    fixity_failed: Iterable[FixityFailure] = (), units: Mapping[str, AdminUnit] | None = None,
) -> Report:
    """The report from counts a database made (GROUP BY), not from every register row: the
    same figures as build_report at any register size."""
    regroup = None if units is None else holder(units, as_of)

    def groups(counts: Iterable[UnitCount]) -> tuple[GroupRate, ...]:
        order = list(Level)
        return tuple(sorted((GroupRate(c.level, c.unit_code, c.unit_name,
                                       Tally(c.valid, c.digitized)) for c in counts),
                            key=lambda g: (order.index(g.level), g.key)))

    return Report(as_of, rates_from_unit_counts(unit_counts, targets, regroup), excluded,
                  tuple(unmatched), tuple(quarantined), tuple(fixity_failed),
                  groups(field_counts), groups(procedure_counts), tuple(missing_entries),
                  "issuing" if units is None else "current")


def build_report(
    entries: Iterable[RegisterEntry], digitized_ids: set[str], as_of: date,
    targets: Mapping[Level, float], unmatched: list[UnmatchedScan],
    quarantined: list[QuarantinedFile], fixity_failed: Iterable[FixityFailure] = (),
    units: Mapping[str, AdminUnit] | None = None,
) -> Report:
    """With ``units``, results count under the unit that holds them on the as-of date
    (following successors of ended units); without, under the unit that issued them."""
    entries = list(entries)
    regroup = None
    if units is not None:
        hold = holder(units, as_of)

        def regroup(e: RegisterEntry) -> tuple[Level, str, str]:
            return hold(e.level, e.unit_code, e.unit_name)
    levels, excluded = compute_level_rates(entries, digitized_ids, as_of, targets, regroup)
    return Report(as_of, levels, excluded, tuple(unmatched), tuple(quarantined),
                  tuple(fixity_failed), breakdown(entries, digitized_ids, as_of, "field"),
                  breakdown(entries, digitized_ids, as_of, "procedure"),
                  missing(entries, digitized_ids, as_of),
                  "issuing" if units is None else "current")
