"""Loading the register of results and the administrative units into the catalogue."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from app.bootstrap import App
from pipeline.errors import BadInputError, UsageError
from pipeline.models import RegisterEntry
from pipeline.register import RowError, csv_rows, iter_register
from pipeline.units import parse_agency_map, parse_units_csv
from storage.spreadsheet import xlsx_rows


@dataclass(frozen=True)
class ImportSummary:
    file: Path
    read: int
    added: int
    updated: int
    problems: list[RowError] = field(default_factory=list)

    @property
    def nothing_usable(self) -> bool:
        return bool(self.problems) and self.read == 0


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise UsageError(f"{path} does not exist" if not path.exists()
                         else f"{path} is not a file", hint="check the path")
    return path


def _utf8(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                            hint="save it as CSV UTF-8, or as an Excel .xlsx") from None


#: rejected rows kept to be shown, at most (the rest are counted)
SHOWN_PROBLEMS = 1000


def import_register(app: App, path: Path) -> ImportSummary:
    """A CSV (UTF-8) or Excel .xlsx register: new rows added, changed rows updated by
    result_id, bad rows reported with their line and reason. Streamed: a register of
    millions of rows goes to the catalogue a chunk at a time, never held whole."""
    with _existing(path).open("rb") as f:
        excel = f.read(4) == b"PK\x03\x04"  # .xlsx is a zip archive
    if not excel:
        _check_utf8(path)  # before anything is imported: all of it, or none
    problems: list[RowError] = []
    counts = {"read": 0, "rejected": 0}

    def entries(items) -> Iterator[RegisterEntry]:
        for item in items:
            if isinstance(item, RowError):
                counts["rejected"] += 1
                if len(problems) < SHOWN_PROBLEMS:
                    problems.append(item)
            else:
                counts["read"] += 1
                yield item

    with nullcontext() if excel else path.open(encoding="utf-8-sig", newline="") as text:
        rows = xlsx_rows(path) if excel else csv_rows(text)
        added, updated = app.catalogue.upsert_entries(
            entries(iter_register(rows, normalized=not excel)), today=app.settings.today())
    app.catalogue.rebuild_rate_summary()  # a large register's: reports read it
    if counts["rejected"] > len(problems):
        problems.append(RowError(0, f"… and {counts['rejected'] - len(problems)} more "
                                    "rejected row(s)"))
    return ImportSummary(path, counts["read"], added, updated, problems)


def _check_utf8(path: Path) -> None:
    """The whole file decodes as UTF-8 (read in pieces), or BadInputError saying where not."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as f:
        while piece := f.read(1 << 20):
            try:
                decoder.decode(piece)
            except UnicodeDecodeError as exc:
                raise BadInputError(str(path), f"not UTF-8 text ({exc.reason} at byte "
                                               f"{offset + exc.start})",
                                    hint="save it as CSV UTF-8, or as an Excel .xlsx") from None
            offset += len(piece)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise BadInputError(str(path), f"not UTF-8 text ({exc.reason} at the end)",
                                hint="save it as CSV UTF-8, or as an Excel .xlsx") from None


def import_units(app: App, path: Path) -> ImportSummary:
    units, errors = parse_units_csv(_utf8(_existing(path)))
    added, updated = app.catalogue.upsert_units(units)
    return ImportSummary(path, len(units), added, updated, list(errors))


def import_official_units(app: App, province: str | None,
                          agency_map: Path | None = None) -> ImportSummary:
    """The statistics office's units (all, or one province's, before and after 1 July 2025,
    with successors), and the register's agency codes mapped to them (``agency_map``)."""
    from storage.official_units import PACKAGE, agency_aliases, official_units

    units = official_units(province)
    errors: list[RowError] = []
    if agency_map is not None:
        rows, errors = parse_agency_map(_utf8(_existing(agency_map)))
        known = {u.code: u for u in units} | app.catalogue.units()
        units += agency_aliases(rows, known)
    added, updated = app.catalogue.upsert_units(units)
    return ImportSummary(agency_map or Path(PACKAGE), len(units), added, updated, errors)
