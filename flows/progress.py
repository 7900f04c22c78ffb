"""Progress of a run: a Prefect progress artifact updated as files complete, and a bar in the
terminal when there is one."""

from __future__ import annotations

import sys
import time
from collections import Counter

from prefect.artifacts import create_progress_artifact, update_progress_artifact

from pipeline.models import ScanResult


class RunProgress:
    def __init__(self, total: int, key: str = "nightly-progress", every_seconds: float = 2.0,
                 stream=None):
        self.total, self.done, self.every = total, 0, every_seconds
        self.groups: Counter[str] = Counter()
        self.stream = stream if stream is not None else sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last = 0.0
        self.artifact_id = create_progress_artifact(
            0.0, key=key, description=f"{total} file(s) to digitize")

    def line(self) -> str:
        tally = ", ".join(f"{k} {v}" for k, v in sorted(self.groups.items()))
        return f"{self.done}/{self.total} file(s)" + (f": {tally}" if tally else "")

    def advance(self, result: ScanResult) -> None:
        self.done += 1
        self.groups[result.outcome.group] += 1
        now = time.monotonic()
        if self.done == self.total or now - self._last >= self.every:
            self._last = now
            update_progress_artifact(self.artifact_id, self.percent, description=self.line())
        if self.tty:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.line()}\x1b[K")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()

    @property
    def percent(self) -> float:
        return round(100.0 * self.done / self.total, 1) if self.total else 100.0
