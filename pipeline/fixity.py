"""Fixity: is every stored object of a catalogued scan still there, byte for byte, in every copy
of the archive? Pure logic; each copy is passed in as a function from key to the SHA-256 of
what it holds now. An object found damaged in one copy and put back from an intact one (the
other copy, or an earlier version the store kept) is "restored"."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ObjectCheck:
    key: str
    expected: str            # SHA-256 recorded in the catalogue at ingest
    found: str | None        # SHA-256 of what the store holds now; None: no such object
    copy: str = "primary"    # which copy of the archive
    restored_from: str = ""  # where an intact copy was put back from, once it was

    @property
    def damage(self) -> str:
        """What the check found: ok, missing or altered."""
        if self.found is None:
            return "missing"
        return "ok" if self.found == self.expected else "altered"

    @property
    def status(self) -> str:
        return "restored" if self.restored_from else self.damage


@dataclass(frozen=True)
class DocumentFixity:
    sha256: str              # the scan's content hash (its identity in the catalogue)
    result_id: str | None
    file_name: str
    checks: tuple[ObjectCheck, ...]

    @property
    def ok(self) -> bool:
        return all(c.status in ("ok", "restored") for c in self.checks)

    @property
    def problems(self) -> list[ObjectCheck]:
        """Objects still missing or altered."""
        return [c for c in self.checks if c.status not in ("ok", "restored")]

    @property
    def findings(self) -> list[ObjectCheck]:
        """Objects found missing or altered, restored since or not."""
        return [c for c in self.checks if c.damage != "ok"]


@dataclass(frozen=True)
class FixityTarget:
    """What the catalogue says was stored for one scan: key -> SHA-256."""

    sha256: str
    result_id: str | None
    file_name: str
    objects: dict[str, str]


HashOf = Callable[[str], str | None]


def check(targets: Iterable[FixityTarget],
          hash_of: HashOf | Mapping[str, HashOf]) -> list[DocumentFixity]:
    """Re-read and re-hash every object of every target in every copy (``hash_of``: one
    function, or one per copy by name)."""
    copies = hash_of if isinstance(hash_of, Mapping) else {"primary": hash_of}
    return [DocumentFixity(t.sha256, t.result_id, t.file_name,
                           tuple(ObjectCheck(k, sha, of(k), name)
                                 for k, sha in sorted(t.objects.items())
                                 for name, of in copies.items()))
            for t in targets]


def intact_copies(result: DocumentFixity, damaged: ObjectCheck) -> list[str]:
    """The copies in which the same object is intact (found so, or put back since): where to
    put it back from."""
    return [c.copy for c in result.checks if c.key == damaged.key and c.copy != damaged.copy
            and c.status in ("ok", "restored")]


def restored(result: DocumentFixity, damaged: ObjectCheck, source: str) -> DocumentFixity:
    """The result with that object marked as put back from ``source``."""
    return replace(result, checks=tuple(replace(c, restored_from=source) if c == damaged
                                        else c for c in result.checks))


def summary(results: list[DocumentFixity]) -> dict[str, int]:
    objects = [c for r in results for c in r.checks]
    return {"documents": len(results), "documents_failed": sum(not r.ok for r in results),
            "objects": len(objects),
            "missing": sum(c.damage == "missing" for c in objects),
            "altered": sum(c.damage == "altered" for c in objects),
            "restored": sum(c.status == "restored" for c in objects)}


def problem_rows(results: list[DocumentFixity]) -> list[dict[str, str]]:
    """One row per object found missing or altered (status "restored" once it was put back
    from an intact copy)."""
    return [{"result_id": r.result_id or "(unmatched)", "file": r.file_name, "key": c.key,
             "copy": c.copy, "status": c.status, "found": c.damage,
             "restored_from": c.restored_from, "expected_sha256": c.expected,
             "found_sha256": c.found or ""}
            for r in results for c in r.findings]
