"""Reading .xlsx registers as exported by one-stop systems (openpyxl, read-only)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zipfile import BadZipFile

from pipeline.errors import BadInputError


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) for every row of the first (or named) sheet; dates become
    YYYY-MM-DD. Leading empty rows (titles above the table are common) are skipped up to the
    first row that has at least three filled cells, which is taken as the header."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise BadInputError(path.name, f"not a readable .xlsx workbook ({exc})",
                            hint="save it again from Excel as .xlsx, or as CSV UTF-8") from exc
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        header_seen = False
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in row]
            if not header_seen:
                if sum(1 for c in cells if c.strip()) < 3:
                    continue
                header_seen = True
            yield n, cells
    finally:
        book.close()
