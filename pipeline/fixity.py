"""Fixity: is every stored object of a catalogued scan still there, byte for byte? Pure logic;
the store is passed in as a function from key to the SHA-256 of what it holds now."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ObjectCheck:
    key: str
    expected: str            # SHA-256 recorded in the catalogue at ingest
    found: str | None        # SHA-256 of what the store holds now; None: no such object

    @property
    def status(self) -> str:
        if self.found is None:
            return "missing"
        return "ok" if self.found == self.expected else "altered"


@dataclass(frozen=True)
class DocumentFixity:
    sha256: str              # the scan's content hash (its identity in the catalogue)
    result_id: str | None
    file_name: str
    checks: tuple[ObjectCheck, ...]

    @property
    def ok(self) -> bool:
        return all(c.status == "ok" for c in self.checks)

    @property
    def problems(self) -> list[ObjectCheck]:
        return [c for c in self.checks if c.status != "ok"]


@dataclass(frozen=True)
class FixityTarget:
    """What the catalogue says was stored for one scan: key -> SHA-256."""

    sha256: str
    result_id: str | None
    file_name: str
    objects: dict[str, str]


def check(targets: Iterable[FixityTarget],
          hash_of: Callable[[str], str | None]) -> list[DocumentFixity]:
    """Re-read and re-hash every object of every target."""
    return [DocumentFixity(t.sha256, t.result_id, t.file_name,
                           tuple(ObjectCheck(k, sha, hash_of(k))
                                 for k, sha in sorted(t.objects.items())))
            for t in targets]


def summary(results: list[DocumentFixity]) -> dict[str, int]:
    objects = [c for r in results for c in r.checks]
    return {"documents": len(results), "documents_failed": sum(not r.ok for r in results),
            "objects": len(objects),
            "missing": sum(c.status == "missing" for c in objects),
            "altered": sum(c.status == "altered" for c in objects)}


def problem_rows(results: list[DocumentFixity]) -> list[dict[str, str]]:
    """One row per missing or altered object."""
    return [{"result_id": r.result_id or "(unmatched)", "file": r.file_name, "key": c.key,
             "status": c.status, "expected_sha256": c.expected, "found_sha256": c.found or ""}
            for r in results for c in r.problems]
