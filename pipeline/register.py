"""Reading the register of procedure results (CSV or Excel rows). Bad rows are reported, good
rows load."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from pipeline.letters import base_form
from pipeline.models import Level, RegisterEntry

COLUMNS = (
    "result_id",
    "procedure_code",
    "procedure_name",
    "field",
    "unit_code",
    "unit_name",
    "level",
    "issued_date",
    "valid_until",
    "revoked",
    "replaced_by",
    "document_number",
    "signer",
    "holder",
    "revoked_on",
)
REQUIRED = ("result_id", "unit_code", "level", "issued_date")

#: Column headers as one-stop systems export them (compared on base letters, lower case, single
#: spaces), mapped to the register's own column names.
HEADER_ALIASES = {
    "ma ho so": "result_id", "so ho so": "result_id", "ma ket qua": "result_id",
    "ma thu tuc": "procedure_code", "ma tthc": "procedure_code",
    "ten thu tuc": "procedure_name", "ten tthc": "procedure_name", "thu tuc": "procedure_name",
    "ten thu tuc hanh chinh": "procedure_name",
    "linh vuc": "field",
    "ma don vi": "unit_code", "ma co quan": "unit_code",
    "ten don vi": "unit_name", "don vi": "unit_name", "co quan": "unit_name",
    "ten co quan": "unit_name", "don vi cap": "unit_name",
    "cap": "level", "cap hanh chinh": "level",
    "ngay cap": "issued_date", "ngay ban hanh": "issued_date", "ngay tra ket qua": "issued_date",
    "hieu luc den": "valid_until", "ngay het hieu luc": "valid_until",
    "co gia tri den": "valid_until", "het han": "valid_until",
    "thu hoi": "revoked", "da thu hoi": "revoked",
    "ngay thu hoi": "revoked_on", "thu hoi ngay": "revoked_on", "ngay bi thu hoi": "revoked_on",
    "thay the boi": "replaced_by", "duoc thay the boi": "replaced_by",
    "bi thay the boi": "replaced_by", "ket qua thay the": "replaced_by",
    "so ky hieu": "document_number", "so, ky hieu": "document_number",
    "so ky hieu van ban": "document_number", "so van ban": "document_number",
    "so hieu van ban": "document_number", "so quyet dinh": "document_number",
    "nguoi ky": "signer", "nguoi ky ket qua": "signer",
    "chu ho so": "holder", "nguoi nhan ket qua": "holder", "to chuc, ca nhan": "holder",
    "ten chu ho so": "holder", "ho ten chu ho so": "holder",
}

_LEVELS = {
    "province": Level.PROVINCE, "tinh": Level.PROVINCE, "tỉnh": Level.PROVINCE,
    "cấp tỉnh": Level.PROVINCE,
    "district": Level.DISTRICT, "huyen": Level.DISTRICT, "huyện": Level.DISTRICT,
    "cấp huyện": Level.DISTRICT,
    "commune": Level.COMMUNE, "xa": Level.COMMUNE, "xã": Level.COMMUNE, "cấp xã": Level.COMMUNE,
    "cap tinh": Level.PROVINCE, "cap huyen": Level.DISTRICT, "cap xa": Level.COMMUNE,
}
#: valid_until cells that mean "no end": the result stays valid
_NO_END = {"không thời hạn", "khong thoi han", "vô thời hạn", "vo thoi han", "vĩnh viễn",
           "vinh vien", "không", "khong", "-", "—"}
_TRUE = {"1", "true", "yes", "y", "x", "có", "co"}
_FALSE = {"", "0", "false", "no", "n", "không", "khong"}


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class ParsedRegister:
    entries: tuple[RegisterEntry, ...]
    errors: tuple[RowError, ...]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def parse_level(value: str) -> Level:
    """"commune", "xã", "Cấp xã", "cap xa", "CẤP XÃ": a level, with or without marks."""
    text = nfc(value).lower()
    found = _LEVELS.get(text) or _LEVELS.get(" ".join(base_form(text).split()))
    if found is None:
        raise ValueError(f"unknown level {value!r} (use province, district or commune)")
    return found


def parse_date(value: str, column: str) -> date:
    value = value.strip()
    if len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value)  # the common case, far faster than strptime
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{column} {value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")


def parse_bool(value: str, column: str) -> bool:
    v = nfc(value).lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"{column} {value!r} is not yes/no")


def parse_row(row: dict[str, str]) -> RegisterEntry:
    return _entry({k: nfc(row.get(k) or "") for k in COLUMNS})


def _entry(cells: dict[str, str]) -> RegisterEntry:
    """A register entry from one row's cells (NFC, stripped), or ValueError saying why not."""
    missing = [k for k in REQUIRED if not cells[k]]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    issued = parse_date(cells["issued_date"], "issued_date")
    no_end = not cells["valid_until"] or cells["valid_until"].lower() in _NO_END
    valid_until = None if no_end else parse_date(cells["valid_until"], "valid_until")
    if valid_until is not None and valid_until < issued:
        raise ValueError(f"valid_until {valid_until} is before issued_date {issued}")
    level = _LEVELS.get(cells["level"].lower()) or parse_level(cells["level"])
    revoked = cells["revoked"].lower()
    revoked_on = parse_date(cells["revoked_on"], "revoked_on") if cells["revoked_on"] else None
    if revoked_on is not None and revoked_on < issued:
        raise ValueError(f"revoked_on {revoked_on} is before issued_date {issued}")
    return RegisterEntry(
        result_id=cells["result_id"],
        procedure_code=cells["procedure_code"],
        procedure_name=cells["procedure_name"],
        field=cells["field"],
        unit_code=cells["unit_code"],
        unit_name=cells["unit_name"],
        level=level,
        issued_date=issued,
        valid_until=valid_until,
        revoked=revoked_on is not None or ((revoked in _TRUE) if revoked in _TRUE
                                           or revoked in _FALSE
                                           else parse_bool(revoked, "revoked")),
        revoked_on=revoked_on,
        replaced_by=cells["replaced_by"],
        document_number=cells["document_number"],
        signer=cells["signer"],
        holder=cells["holder"],
    )


def column_name(header: str) -> str:
    """The register column a header cell names: its own name, or a Vietnamese alias."""
    name = nfc(header)
    if name in COLUMNS:
        return name
    key = " ".join(base_form(name).lower().replace("_", " ").split())
    return HEADER_ALIASES.get(key, name)


def parse_register_csv(text: str) -> ParsedRegister:
    """Parse register CSV text (UTF-8, header row with the COLUMNS names or Vietnamese ones).

    Line numbers in errors are the file's own line numbers (the header is line 1).
    A result id that appears twice keeps its first row; the second is an error.
    """
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))  # once, not per cell
    reader = csv.reader(io.StringIO(text))
    rows = ((reader.line_num, cells) for cells in reader)
    return parse_register_rows(rows, normalized=True)


def csv_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of CSV text given line by line (a file open in text mode), each
    line made NFC: a register of millions of rows is read without holding it."""
    reader = csv.reader(unicodedata.normalize("NFC", line) for line in lines)
    return ((reader.line_num, cells) for cells in reader)


def parse_register_rows(rows: Iterable[tuple[int, list[str]]],
                        normalized: bool = False) -> ParsedRegister:
    """Parse (line number, cells) rows whose first row is the header (`normalized`: the
    cells are NFC already)."""
    entries: list[RegisterEntry] = []
    errors: list[RowError] = []
    for item in iter_register(rows, normalized):
        (errors if isinstance(item, RowError) else entries).append(item)
    return ParsedRegister(tuple(entries), tuple(errors))


def iter_register(rows: Iterable[tuple[int, list[str]]], normalized: bool = False,
                  batch: int = 50_000) -> Iterator[RegisterEntry | RowError]:
    """Each row's entry or the error saying why not, as the rows come (a batch at a time):
    nothing but the batch and the ids seen so far is held. A result id that appears twice
    keeps its first row; the second is an error naming the first's line."""
    rows = iter(rows)
    first = next(rows, None)
    header = [column_name(h or "") for h in (first[1] if first else [])]
    absent = [c for c in REQUIRED if c not in header]
    if absent:
        yield RowError(1, f"header lacks column(s) {', '.join(absent)}")
        return
    seen = SeenIds()
    width = len(header)
    where = [(k, header.index(k) if k in header else width) for k in COLUMNS]
    waiting: list[tuple[RegisterEntry, int]] = []
    for line, cells in rows:
        if normalized:  # csv text: str cells, NFC already
            texts = [c.strip() for c in cells[:width]]
        else:
            texts = [unicodedata.normalize("NFC", "" if c is None else str(c)).strip()
                     for c in cells[:width]]
        if not any(texts):
            continue
        texts.extend([""] * (width + 1 - len(texts)))  # short rows; index `width` is ""
        try:
            waiting.append((_entry({k: texts[i] for k, i in where}), line))
        except ValueError as exc:
            yield RowError(line, str(exc))
            continue
        if len(waiting) >= batch:
            yield from _first_rows(waiting, seen)
            waiting = []
    yield from _first_rows(waiting, seen)


def _first_rows(waiting: list[tuple[RegisterEntry, int]],
                seen: SeenIds) -> Iterator[RegisterEntry | RowError]:
    for (entry, line), before in zip(waiting, seen.add([(e.result_id, n) for e, n in waiting]),
                                     strict=True):
        if before is None:
            yield entry
        else:
            yield RowError(line, f"result_id {entry.result_id} repeats line {before}")


class SeenIds:
    """The result ids of one import so far, in about 12 bytes each (a 64-bit hash and the
    line, in sorted runs merged as they grow): ten million ids in ~120 MB where a set of the
    strings would take more than a gigabyte. Two ids with the same 64-bit hash would be taken
    for one (odds about 3 in a million at ten million ids)."""

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []   # (sorted hashes, lines)

    def add(self, items: list[tuple[str, int]]) -> list[int | None]:
        """For each (id, line) in order: None if the id is new (it is remembered), else the
        line it was first seen on."""
        if not items:
            return []
        hashes = np.fromiter((hash(i) for i, _ in items), dtype=np.int64, count=len(items))
        before = np.full(len(items), -1, dtype=np.int64)
        for run, lines in self.runs:
            at = np.minimum(np.searchsorted(run, hashes), len(run) - 1)
            hit = (run[at] == hashes) & (before < 0)
            before[hit] = lines[at[hit]]
        out: list[int | None] = []
        local: dict[int, int] = {}
        for (_, line), h, b in zip(items, hashes.tolist(), before.tolist(), strict=True):
            first = b if b >= 0 else local.get(h)
            if first is None:
                local[h] = line
            out.append(first)
        if local:
            self._push(np.fromiter(local.keys(), dtype=np.int64, count=len(local)),
                       np.fromiter(local.values(), dtype=np.int64, count=len(local)))
        return out

    def _push(self, hashes: np.ndarray, lines: np.ndarray) -> None:
        order = np.argsort(hashes, kind="stable")
        self.runs.append((hashes[order], lines[order]))
        while len(self.runs) > 1 and len(self.runs[-1][0]) >= len(self.runs[-2][0]):
            (h2, l2), (h1, l1) = self.runs.pop(), self.runs.pop()
            h, lines = np.concatenate([h1, h2]), np.concatenate([l1, l2])
            order = np.argsort(h, kind="stable")
            self.runs.append((h[order], lines[order]))
