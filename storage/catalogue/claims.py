"""Claims on the scans being processed now (see pipeline/claims.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from storage.catalogue.database import Database
from storage.catalogue.schema import ClaimRow, as_utc, utc_now


class ClaimTable(Database):
    def claim(self, sha256: str, owner: str, lease_seconds: float, file_name: str = "",
              stale=lambda owner: False) -> str | None:
        """Take the scan for `owner`. None when taken; else the owner that holds it. A claim
        whose lease ran out, or whose owner `stale(owner)` says is dead, is taken over."""
        now = utc_now()
        until = now + timedelta(seconds=lease_seconds)
        try:
            with self.session(races=True) as s:
                s.add(ClaimRow(sha256=sha256, owner=owner, file_name=file_name,
                               expires_at=until))
            return None
        except IntegrityError:
            pass
        with self.session() as s:
            row = s.get(ClaimRow, sha256)
            if row is None:  # released meanwhile
                return self.claim(sha256, owner, lease_seconds, file_name, stale)
            held_by, expires = row.owner, as_utc(row.expires_at)
            if held_by != owner and expires > now and not stale(held_by):
                return held_by
            taken = s.execute(update(ClaimRow).where(
                ClaimRow.sha256 == sha256, ClaimRow.owner == held_by).values(
                owner=owner, expires_at=until)).rowcount
        return None if taken == 1 else self.claim(sha256, owner, lease_seconds, file_name,
                                                  stale)

    def renew_claim(self, sha256: str, owner: str, lease_seconds: float) -> bool:
        with self.session() as s:
            return s.execute(update(ClaimRow).where(
                ClaimRow.sha256 == sha256, ClaimRow.owner == owner).values(
                expires_at=utc_now() + timedelta(seconds=lease_seconds))).rowcount == 1

    def release_claim(self, sha256: str, owner: str) -> None:
        with self.session() as s:
            s.execute(delete(ClaimRow).where(ClaimRow.sha256 == sha256,
                                             ClaimRow.owner == owner))

    def drop_stale_claims(self, stale=lambda owner: False) -> int:
        """Remove claims whose lease ran out or whose owner `stale(owner)` says is dead (a
        run that was killed); how many."""
        with self.session() as s:
            dead = [c.sha256 for c in s.scalars(select(ClaimRow))
                    if as_utc(c.expires_at) <= utc_now() or stale(c.owner)]
            if dead:
                s.execute(delete(ClaimRow).where(ClaimRow.sha256.in_(dead)))
        return len(dead)

    def claims(self) -> list[tuple[str, str, str, datetime]]:
        """(sha256, file name, owner, lease end) of scans being processed now."""
        with self.session() as s:
            return [(c.sha256, c.file_name, c.owner, as_utc(c.expires_at))
                    for c in s.scalars(select(ClaimRow).order_by(ClaimRow.file_name))]
