"""The search row of one document (search_index), made or brought up to date in the same
transaction as the change that calls for it: a document recorded, matched, or corrected."""

from __future__ import annotations

import json
from collections.abc import Mapping

from pipeline.search import fold
from storage.catalogue.schema import DocumentRow, RegisterRow, SearchRow


def _value(fields: Mapping[str, object], key: str) -> str:
    f = fields.get(key)
    return str(f.get("value") or "") if isinstance(f, Mapping) else ""


def index_row(s, doc: DocumentRow, body_text: str | None = None) -> None:
    """The document's row in search_index made or brought up to date: its fields (header
    fields read or corrected, and its register entry's), and its text when given."""
    row = s.get(SearchRow, doc.id)
    if row is None:
        row = SearchRow(document_id=doc.id)
        s.add(row)
    if body_text is not None:
        row.text = body_text
        row.body = fold(body_text)
    fields = json.loads(doc.fields_json or "{}")
    entry = s.get(RegisterRow, doc.result_id) if doc.result_id else None
    row.number = fold(" ".join(x for x in (_value(fields, "number"),
                                           entry.document_number if entry else "") if x))
    row.issued = (entry.issued_date.isoformat() if entry else _value(fields, "date"))[:10]
    row.issuing_body = fold(_value(fields, "issuing_body"))
    row.signer = fold(" ".join(x for x in (_value(fields, "signer"),
                                           entry.signer if entry else "") if x))
    row.holder = fold(entry.holder if entry else "")
    row.procedure = fold(f"{entry.procedure_code} {entry.procedure_name}" if entry else "")
    row.unit = fold(f"{entry.unit_code} {entry.unit_name}" if entry else "")
    row.unit_code = entry.unit_code if entry else ""
