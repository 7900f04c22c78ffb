"""The SQL catalogue: register entries, stored scans, pages, quarantine, claims, audit events.

SQLite by default, PostgreSQL by URL. One transaction per recorded scan. Its methods take and
return the records of pipeline/ and raise the errors of pipeline/errors.py, never SQLAlchemy's.
"""

from __future__ import annotations

from storage.catalogue.claims import ClaimTable
from storage.catalogue.documents import DocumentTables
from storage.catalogue.fixity import FixityRecords
from storage.catalogue.queries import Queries
from storage.catalogue.register import RegisterTables
from storage.catalogue.rollup import RateSummary
from storage.catalogue.schema import Base, DocumentRow, make_engine
from storage.catalogue.submissions import SubmissionTables
from storage.catalogue.workspace import WorkspaceTables

__all__ = ["Base", "DocumentRow", "SqlCatalogue", "make_engine"]


class SqlCatalogue(RegisterTables, DocumentTables, ClaimTable, FixityRecords, Queries,
                   WorkspaceTables, SubmissionTables, RateSummary):
    """``SqlCatalogue(url)``: the tables are made, or an older catalogue upgraded, at once."""

    def close(self) -> None:
        self.engine.dispose()
