"""A register row's life as the rate sees it: the days its state changes. Pure.

A result is not yet issued before its issue date, then valid, digitized from the day its
first counted scan began counting, and no longer valid from the day it was revoked, replaced
(its replacement's issue date) or expired (the day after valid_until) — the first of those
that applies on a day, in that order, as `rates.status_on` says. The rate summary
(storage/catalogue/rollup.py) adds these changes up per unit and day, so that a report for
any day is a sum over a few rows per unit and month instead of a pass over every result."""

from __future__ import annotations

from datetime import date, timedelta

#: what a result is on a day, once issued ("valid" and "digitized" are in the denominator)
STATES = ("valid", "digitized", "revoked", "replaced", "expired")
#: every result, from the first day: the not-yet-issued are those not in any state yet
REGISTERED = "registered"
FIRST_DAY = date(1, 1, 1)


def state_on(day: date, issued: date, revoked: date | None, replaced: date | None,
             expires: date | None, counted: date | None) -> str | None:
    """The state on ``day`` (None: not yet issued). ``revoked``, ``replaced``, ``expires``:
    the first day it is so (``expires`` = valid_until + 1); ``counted``: the first day its
    scan counted."""
    if day < issued:
        return None
    if revoked is not None and revoked <= day:
        return "revoked"
    if replaced is not None and replaced <= day:
        return "replaced"
    if expires is not None and expires <= day:
        return "expired"
    if counted is not None and counted <= day:
        return "digitized"
    return "valid"


def changes(issued: date, revoked: date | None, replaced: date | None,
            valid_until: date | None, counted: date | None
            ) -> list[tuple[date, str | None, str]]:
    """(day, state until then (None: not yet issued), state from that day), in order."""
    expires = valid_until + timedelta(days=1) if valid_until is not None else None
    points = sorted({d for d in (revoked, replaced, expires, counted)
                     if d is not None and d > issued} | {issued})
    out: list[tuple[date, str | None, str]] = []
    before: str | None = None
    for day in points:
        now = state_on(day, issued, revoked, replaced, expires, counted)
        if now != before:
            out.append((day, before, now))
            before = now
    return out


def tally(deltas: dict[str, int]) -> tuple[int, int, dict[str, int]]:
    """(valid, digitized, exclusions) from summed changes per state (and REGISTERED)."""
    valid = deltas.get("valid", 0) + deltas.get("digitized", 0)
    issued = sum(deltas.get(s, 0) for s in STATES)
    excluded = {"revoked": deltas.get("revoked", 0), "expired": deltas.get("expired", 0),
                "replaced": deltas.get("replaced", 0),
                "not_yet_issued": deltas.get(REGISTERED, 0) - issued}
    return valid, deltas.get("digitized", 0), excluded


# --- the same for many results at once (numpy), as the rate summary reads them --------------

#: an epoch day (days since 1970-01-01) no date reaches: "none" (date.max is day 2,932,896)
NEVER = 1 << 22
#: the last epoch day a date can hold (a change after it never shows in a report)
LAST_DAY = (date.max - date(1970, 1, 1)).days
#: each state's number in the arrays below (-1: not yet issued)
CODES = {s: i for i, s in enumerate(STATES)}


def states_on(day, issued, revoked, replaced, expires, counted):
    """`state_on` for arrays of epoch days: each result's state code on its ``day``."""
    import numpy as np

    s = np.where(counted <= day, CODES["digitized"], CODES["valid"])
    s = np.where(expires <= day, CODES["expired"], s)
    s = np.where(replaced <= day, CODES["replaced"], s)
    s = np.where(revoked <= day, CODES["revoked"], s)
    return np.where(day < issued, -1, s)


def change_events(issued, revoked, replaced, valid_until, counted):
    """`changes` for arrays of epoch days (NEVER where a result has none): the changes as
    (result's index, day, state code, +1 entering / -1 leaving) arrays, in no order."""
    import numpy as np

    expires = np.where(valid_until < NEVER, valid_until + 1, NEVER)
    points = (issued, revoked, replaced, expires, counted)
    out: list[tuple] = []
    for k, p in enumerate(points):
        ok = p <= LAST_DAY
        if k:  # after the issue, and each distinct day once
            ok &= p > issued
            for q in points[1:k]:
                ok &= p != q
        idx = np.nonzero(ok)[0]
        day = p[idx]
        at = (issued[idx], revoked[idx], replaced[idx], expires[idx], counted[idx])
        now, before = states_on(day, *at), states_on(day - 1, *at)
        moved = now != before
        idx, day, now, before = idx[moved], day[moved], now[moved], before[moved]
        out.append((idx, day, now, np.ones(len(idx), np.int64)))
        had = before >= 0
        out.append((idx[had], day[had], before[had], -np.ones(int(had.sum()), np.int64)))
    return tuple(np.concatenate([o[i] for o in out]) for i in range(4))
