"""Claims keep two runs (two workers, or a restart beside a live run) off the same scan."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from pipeline.claims import ClaimedElsewhere, held, owner_id, stale_here
from storage.catalogue import SqlCatalogue

SHA = "ab" * 32


def test_a_claimed_scan_is_left_to_its_owner_then_free_again(catalogue_url):
    cat = SqlCatalogue(catalogue_url)
    me = owner_id("run-1")
    with held(cat, SHA, me, 60, "Quyết định 435.pdf"):
        assert [c[1] for c in cat.claims()] == ["Quyết định 435.pdf"]
        other = "other-host:1234:run-2"
        with pytest.raises(ClaimedElsewhere) as exc:
            with held(cat, SHA, other, 60):
                pass
        assert exc.value.owner == me
    assert cat.claims() == []  # released when done
    with held(cat, SHA, "other-host:1234:run-2", 60):
        pass
    cat.close()


def test_a_lapsed_lease_or_a_dead_process_here_gives_the_scan_up(catalogue_url):
    cat = SqlCatalogue(catalogue_url)
    # a lease long enough that a loaded machine still asks again within it
    assert cat.claim(SHA, "far-away:1:run-1", 2.0) is None
    assert cat.claim(SHA, "far-away:2:run-2", 60) == "far-away:1:run-1"
    time.sleep(2.2)  # no heartbeat: the lease runs out
    assert cat.claim(SHA, "far-away:2:run-2", 60) is None

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    crashed = owner_id("run-3").split(":")[0] + f":{dead}:run-3"
    assert stale_here(crashed) and not stale_here(owner_id())
    other = "ab" * 31 + "cd"
    assert cat.claim(other, crashed, 600) is None
    assert cat.claim(other, owner_id("run-4"), 600, stale=stale_here) is None  # at once
    cat.close()


def test_the_heartbeat_keeps_a_long_scan_claimed(tmp_path):
    cat = SqlCatalogue(f"sqlite:///{tmp_path / 'c.db'}")
    with held(cat, SHA, owner_id("slow"), 0.6):
        time.sleep(1.5)  # longer than the lease: renewed every 0.2 s
        assert cat.claim(SHA, "far-away:9:run", 60) is not None
    cat.close()
