"""Who is working on which scan: a claim per content hash, kept in the catalogue.

Several runs may look at one inbox at once (two workers of one work pool, a manual run during
the nightly one, a restart after a crash). Before a scan is read, its run claims it; a run that
finds the scan claimed leaves it alone. A claim is a lease renewed by a heartbeat while the scan
is processed and removed when it is done, so a run that died does not block its files for long:
its lease runs out, or, on the same machine, the claim names a process that no longer exists and
is taken over at once.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Claims(Protocol):
    def claim(self, sha256: str, owner: str, lease_seconds: float, file_name: str = "",
              stale=...) -> str | None: ...
    def renew_claim(self, sha256: str, owner: str, lease_seconds: float) -> bool: ...
    def release_claim(self, sha256: str, owner: str) -> None: ...


def owner_id(run_id: str | None = None) -> str:
    """host:pid[:run]: enough to tell a live claim from one left by a dead process."""
    return f"{socket.gethostname()}:{os.getpid()}" + (f":{run_id}" if run_id else "")


def pid_alive(pid: int) -> bool:
    """A process with this pid exists (it may belong to another account)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_here(owner: str) -> bool:
    """True when the owner ran on this machine and its process is gone."""
    host, _, rest = owner.partition(":")
    pid = rest.split(":", 1)[0]
    return host == socket.gethostname() and pid.isdigit() and not pid_alive(int(pid))


class ClaimedElsewhere(Exception):
    def __init__(self, owner: str):
        super().__init__(f"being processed by {owner}")
        self.owner = owner


@contextmanager
def held(claims: Claims, sha256: str, owner: str, lease_seconds: float,
         file_name: str = "") -> Iterator[None]:
    """Hold the claim on `sha256` for the block, renewing it every third of the lease.
    Raises ClaimedElsewhere when another live owner holds it."""
    holder = claims.claim(sha256, owner, lease_seconds, file_name, stale=stale_here)
    if holder is not None:
        raise ClaimedElsewhere(holder)
    stop = threading.Event()

    def heartbeat() -> None:
        while not stop.wait(lease_seconds / 3):
            try:
                claims.renew_claim(sha256, owner, lease_seconds)
            except Exception:  # a database hiccup: the next beat tries again
                pass

    beat = threading.Thread(target=heartbeat, name=f"claim-{sha256[:8]}", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join()
        claims.release_claim(sha256, owner)
