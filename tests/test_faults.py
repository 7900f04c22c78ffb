"""Faults a night meets: the store stops in the middle of a run, the command is killed. The
run goes on and says what happened; nothing is left running."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from pipeline.errors import ExitCode
from storage.seaweed import EmbeddedSeaweed

pytestmark = pytest.mark.slow
SOHOA = str(Path(sys.executable).parent / "sohoa")
NAMES = ("000.00.11.H01-240315-0001.png", "000.21.11.H01-240819-0004.jpg",
         "000.00.11.H01-230411-0003.png", "ban-quet-khong-ro-ho-so.png")


def documents(db: Path) -> int:
    try:
        with sqlite3.connect(db) as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_the_store_stopping_mid_run_fails_files_not_the_night(tmp_path, fixture_set, env,
                                                              monkeypatch):
    store = EmbeddedSeaweed(tmp_path / "own-s3")
    cfg = store.start()
    for k, v in {"SOHOA_S3_ENDPOINT": cfg.endpoint, "SOHOA_S3_ACCESS_KEY": cfg.access_key,
                 "SOHOA_S3_SECRET_KEY": cfg.secret_key, "SOHOA_S3_BUCKET": "sohoa",
                 "SOHOA_WORKERS": "1"}.items():
        monkeypatch.setenv(k, v)
    subprocess.run([SOHOA, "register", "import", str(fixture_set / "register.csv")],
                   check=True, capture_output=True)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in NAMES:
        shutil.copy2(fixture_set / "inbox" / name, inbox / name)
    run = subprocess.Popen([SOHOA, "run", "--inbox", str(inbox), "--as-of", "2025-06-30"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 400
        while documents(env / "catalogue.db") == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
        store.stop()  # the store goes away with files still to store
        out, err = run.communicate(timeout=600)
    finally:
        run.kill()
        store.stop()
    assert run.returncode == ExitCode.FILES_FAILED, err[-3000:]
    assert "Traceback" not in out
    summary = next(line for line in out.splitlines() if line.startswith("Run: "))
    done, failed = (int(summary.split(f"{k} ")[1].split(",")[0]) for k in ("done", "failed"))
    assert done >= 1 and failed >= 1 and done + failed == len(NAMES)
    assert "Cấp xã" in out and "Tỷ lệ" in out  # the report still printed
    assert "failed:" in out and "object store" in out  # each failed file with its reason
    left = sorted(p.name for p in inbox.iterdir())
    assert len(left) == failed  # failed files stay in the inbox for the next run


def _command(p: psutil.Process) -> str | None:
    """A process's command line; None when it has ended (or is a zombie: it runs no more,
    though no one has reaped it yet)."""
    try:
        return None if p.status() == psutil.STATUS_ZOMBIE else " ".join(p.cmdline())
    except psutil.NoSuchProcess:  # ZombieProcess too: it ended between the two calls
        return None


def test_a_killed_run_leaves_nothing_running(tmp_path, fixture_set, env):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in NAMES:
        shutil.copy2(fixture_set / "inbox" / name, inbox / name)
    run = subprocess.Popen([SOHOA, "run", "--inbox", str(inbox)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    parent = psutil.Process(run.pid)
    deadline = time.monotonic() + 300
    seen: dict[int, psutil.Process] = {}
    while time.monotonic() < deadline:  # until the OCR workers are up (the run is busy)
        kids = parent.children(recursive=True)
        seen.update((k.pid, k) for k in kids)
        if sum("spawn_main" in (_command(k) or "") for k in kids) >= 1 and len(kids) >= 3:
            break
        time.sleep(0.5)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    _, alive = psutil.wait_procs(list(seen.values()), timeout=30)
    names = [c[:80] for p in alive if (c := _command(p)) is not None]
    for p in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    assert names == [], names


def test_an_embedded_store_that_dies_is_started_again_for_the_retries(tmp_path, monkeypatch):
    """SeaweedFS killed (out of memory, by hand) while a run still needs it: the next call
    for the store starts it again, and what was stored before is still there."""
    import hashlib

    from app.bootstrap import App
    from app.settings import load_settings

    for k in ("SOHOA_S3_ENDPOINT", "SOHOA_S3_ACCESS_KEY", "SOHOA_S3_SECRET_KEY"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("SOHOA_STATE_DIR", str(tmp_path / "state"))
    app = App(load_settings())
    data = "Quyết định".encode()
    sha = hashlib.sha256(data).hexdigest()
    with app.object_store() as store:
        store.put_verified("a.txt", data, sha, "text/plain")
        import json

        rt = json.loads((app.settings.seaweed_dir / "runtime.json").read_text())
        os.kill(int(rt["pid"]), signal.SIGKILL)
        deadline = time.monotonic() + 20
        while psutil.pid_exists(int(rt["pid"])) and time.monotonic() < deadline:
            time.sleep(0.2)
        again = app.store()
        assert again is not store and again.verify("a.txt", sha)
    app.close()
