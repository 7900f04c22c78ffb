"""The hostile-input corpus (benchmarks/hostile_corpus.py, 48 kinds) through a real `sohoa
run`: nothing lost, nothing mishandled, the run not crashed (`make bench-hostile` prints the
table)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def test_every_hostile_kind_is_handled_none_lost_no_run_crashed(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "hostile.py"),
                           "--keep", str(tmp_path / "work")], capture_output=True, text=True,
                          timeout=1800)
    last = done.stdout.strip().splitlines()[-1]
    assert "lost 0" in last and "runs crashed 0" in last, done.stdout[-6000:] + done.stderr
    assert "mishandled 0" in last and done.returncode == 0, done.stdout[-6000:]
