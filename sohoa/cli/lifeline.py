"""Children die with their parent. A long command (run, serve, demo, fixity) starts helpers
that are processes of their own: Prefect's local API server, SeaweedFS, OCR workers. Killed
with SIGKILL, the command cannot stop them, and they would run on (~870 MB) forever.

The lifeline is a small process that watches the command: every second it notes the
command's descendants (psutil); once the command is gone it ends those that are still running
(SIGTERM, then SIGKILL after a grace period). When the command ends normally its children are
already stopped and the lifeline only exits."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import psutil

GRACE_SECONDS = 8.0


_started: set[int] = set()


def start() -> subprocess.Popen | None:
    """Start the lifeline for this process, once (it exits by itself when this process
    ends)."""
    if os.getpid() in _started:
        return None
    _started.add(os.getpid())
    try:
        return subprocess.Popen([sys.executable, "-m", "sohoa.cli.lifeline", str(os.getpid())],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return None


def _end(procs: dict[int, psutil.Process]) -> None:
    alive = []
    for p in procs.values():
        try:
            if p.is_running():  # same pid *and* same start time: not a reused pid
                p.terminate()
                alive.append(p)
        except psutil.Error:
            continue
    _, left = psutil.wait_procs(alive, timeout=GRACE_SECONDS)
    for p in left:
        try:
            p.kill()
        except psutil.Error:
            continue


def watch(parent_pid: int, every: float = 1.0) -> None:
    me = os.getpid()
    try:
        parent = psutil.Process(parent_pid)
    except psutil.Error:
        return
    known: dict[int, psutil.Process] = {}
    while True:
        try:
            if not parent.is_running() or parent.status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        except psutil.Error:
            pass
        try:
            children = parent.children(recursive=True)
        except psutil.Error:  # a child ended while we looked: look again next time
            children = []
        for child in children:
            if child.pid != me:
                known.setdefault(child.pid, child)
        time.sleep(every)
    _end(known)


if __name__ == "__main__":
    watch(int(sys.argv[1]))
