"""On a shared server, another local account must not get into the embedded store: only the
S3 port answers, and only to the keys; filer, master and volume HTTP and every gRPC port
refuse anonymous requests; what the store writes is the owner's only. Several processes of
one state folder share one SeaweedFS, which stops when the last leaves (or is killed)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import ssl
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pipeline.errors import StorageError
from storage import seaweed
from storage.objectstore import S3Config, S3Store
from storage.seaweed import EmbeddedSeaweed, embedded_store, running_embedded

ROOT = Path(__file__).resolve().parent.parent
DATA = "Sổ hộ tịch".encode()
KEY = "xa/000.21.11.H01/2024/a.txt"


def _status(method: str, url: str, data: bytes | None = None, **kw) -> int:
    req = urllib.request.Request(url, data=data, method=method, **kw)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _gone(pid: int, within: float) -> bool:
    """Not running (gone, or a zombie its new parent has not reaped yet)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not seaweed._alive(pid):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sec") / "seaweedfs"
    server = EmbeddedSeaweed(folder)
    cfg = server.start()
    S3Store(cfg).put_verified(KEY, DATA, hashlib.sha256(DATA).hexdigest(), "text/plain")
    rt = json.loads((folder / "runtime.json").read_text())
    yield folder, cfg, rt["ports"]
    server.stop()


def test_filer_master_and_volume_http_refuse_anonymous_requests(store):
    folder, cfg, ports = store
    filer, master, volume = (f"http://127.0.0.1:{ports[p]}" for p in
                             ("filer.port", "master.port", "volume.port"))
    refused = {
        "filer list": _status("GET", f"{filer}/buckets/", headers={"Accept": "application/json"}),
        "filer read": _status("GET", f"{filer}/buckets/sohoa/{KEY}"),
        "filer write": _status("PUT", f"{filer}/buckets/sohoa/x.txt", b"x"),
        "filer post": _status("POST", f"{filer}/buckets/sohoa/", b"x"),
        "filer delete": _status("DELETE", f"{filer}/buckets/sohoa/{KEY}"),
        "filer delete all": _status("DELETE", f"{filer}/buckets/?recursive=true"),
        # the master would hand out write/read tokens for the volume server
        "master assign": _status("GET", f"{master}/dir/assign"),
        "master lookup": _status("GET", f"{master}/dir/lookup?volumeId=1&read=yes"),
        "master delete collection": _status("GET", f"{master}/col/delete?collection=sohoa"),
        "volume read": _status("GET", f"{volume}/1,0123456789"),
        "volume write": _status("POST", f"{volume}/1,0123456789", b"x"),
        "volume delete": _status("DELETE", f"{volume}/1,0123456789"),
    }
    assert {k: v for k, v in refused.items() if v not in (401, 403, 404)} == {}
    # the filer's unix socket too (mode 0700 besides)
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(str(folder / "filer.sock"))
        s.sendall(b"GET /buckets/ HTTP/1.0\r\n\r\n")
        assert s.recv(100).split(b" ")[1] in (b"401", b"403", b"404")
    # S3 without the keys: refused; with them: the object is still there, nothing added
    assert _status("GET", f"http://{cfg.endpoint}/sohoa/{KEY}") == 403
    assert _status("PUT", f"http://{cfg.endpoint}/sohoa/x.txt", b"x") == 403
    s3 = S3Store(cfg)
    assert s3.read(KEY) == DATA and s3.keys() == [KEY]


def _tls_hello(port: int, cert: tuple[Path, Path] | None) -> str:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    ctx.set_alpn_protocols(["h2"])
    if cert:
        ctx.load_cert_chain(*cert)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        try:
            with ctx.wrap_socket(raw) as tls:
                tls.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")
                return "answered" if tls.recv(64) else "closed"
        except (ssl.SSLError, ConnectionError) as exc:
            return f"refused: {exc}"


def test_grpc_ports_want_the_folders_client_certificate(store, tmp_path):
    folder, _, ports = store
    own = (folder / "tls" / "grpc.crt", folder / "tls" / "grpc.key")
    seaweed._certificates(tmp_path)  # a certificate from another CA
    other = (tmp_path / "grpc.crt", tmp_path / "grpc.key")
    for name in ("master", "volume", "filer", "s3", "admin"):
        port = ports[f"{name}.port.grpc"]
        with socket.create_connection(("127.0.0.1", port), timeout=10) as plain:
            plain.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
            try:
                assert not plain.recv(64).startswith(b"\x00\x00"), name  # no HTTP/2 frames
            except ConnectionError:
                pass
        assert _tls_hello(port, None).startswith("refused"), name
        assert _tls_hello(port, other).startswith(("refused", "closed")), name
        assert _tls_hello(port, own) == "answered", name


def test_what_the_store_writes_is_the_owners_only(store):
    folder, _, ports = store
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("s3-identities.json", "security.toml", "tls/grpc.key", "weed.log",
                 "runtime.json", "lock"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    loose = []
    for path in [folder, *folder.rglob("*")]:
        mode = path.lstat().st_mode
        if stat.S_ISDIR(mode) and stat.S_IMODE(mode) != 0o700:
            loose.append(path)
        # weed writes .vif (volume settings, no data) 0644 on purpose: the folders hold it in
        elif not stat.S_ISDIR(mode) and mode & 0o077 and path.suffix != ".vif":
            loose.append(path)
    assert loose == []
    assert list((folder / "data").glob("*.dat"))  # the volumes are among those checked
    socks = [p for port in ports.values() for p in Path("/tmp").glob(f"seaweedfs-*-{port}.sock")]
    assert socks and all(p.stat().st_mode & 0o077 == 0 for p in socks)
    toml = (folder / "security.toml").read_text()
    for section in ("[jwt.signing]", "[jwt.signing.read]", "[jwt.filer_signing]",
                    "[jwt.filer_signing.read]", "[grpc.filer]", "[grpc.client]"):
        assert section in toml
    assert not (folder / "tls" / "ca.key").exists()  # nothing else can be signed


USER = """
import json, sys
from pathlib import Path
from storage.seaweed import EmbeddedSeaweed
server = EmbeddedSeaweed(Path(sys.argv[1]))
cfg = server.start()
print(json.dumps({"endpoint": cfg.endpoint, "started": server.started, "pid": server.pid}),
      flush=True)
sys.stdin.readline()  # until told to leave, or killed
server.stop()
"""


def _user(folder: Path) -> tuple[subprocess.Popen, dict]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", USER, str(folder)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    line = proc.stdout.readline()
    assert line, f"the user process failed (code {proc.wait()})"
    return proc, json.loads(line)


def _leave(proc: subprocess.Popen) -> None:
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.wait(timeout=60) == 0


def _works(folder: Path, name: str) -> None:
    cfg = running_embedded(folder, "sohoa")
    assert cfg is not None
    S3Store(cfg).put_verified(name, DATA, hashlib.sha256(DATA).hexdigest(), "text/plain")
    assert S3Store(cfg).read(name) == DATA


def test_two_processes_share_one_server_and_the_last_to_leave_stops_it(tmp_path):
    folder = tmp_path / "seaweedfs"
    first, a = _user(folder)
    second, b = _user(folder)
    try:
        assert a["started"] and not b["started"]
        assert (b["endpoint"], b["pid"]) == (a["endpoint"], a["pid"])
        _leave(first)  # the first run finishes: the server stays for the second
        assert seaweed._alive(a["pid"])
        _works(folder, "after-the-first.txt")
        _leave(second)
        assert _gone(a["pid"], within=10)
        assert not (folder / "runtime.json").exists() and not (folder / "s3.sock").exists()
        assert running_embedded(folder, "sohoa") is None
    finally:
        for p in (first, second):
            p.kill()


def test_killed_users_leave_nothing_running(tmp_path):
    """The starter is killed: the server goes on for the other user. That one is killed too:
    the server stops within seconds (the keeper finds no live user)."""
    folder = tmp_path / "seaweedfs"
    first, a = _user(folder)
    second, _ = _user(folder)
    try:
        rt = json.loads((folder / "runtime.json").read_text())
        first.send_signal(signal.SIGKILL)
        first.wait()
        time.sleep(1.5)  # the keeper looks every half second
        assert seaweed._alive(a["pid"])
        _works(folder, "after-a-kill.txt")
        second.send_signal(signal.SIGKILL)
        second.wait()
        assert _gone(a["pid"], within=15)
        assert _gone(rt["keeper"], within=10)
        assert not (folder / "runtime.json").exists()
        left = [p for port in rt["ports"].values()
                for p in Path("/tmp").glob(f"seaweedfs-*-grpc-{port}.sock")]
        assert left == []
    finally:
        for p in (first, second):
            p.kill()


def test_weed_dies_with_its_keeper_and_a_dead_server_is_replaced(tmp_path):
    folder = tmp_path / "seaweedfs"
    with embedded_store(folder, "sohoa"):
        rt = json.loads((folder / "runtime.json").read_text())
        os.kill(rt["keeper"], signal.SIGKILL)  # weed gets SIGTERM (PR_SET_PDEATHSIG)
        assert _gone(rt["pid"], within=15)
        with embedded_store(folder, "sohoa") as cfg:  # the dead one's files are cleaned
            assert cfg.endpoint != f"127.0.0.1:{rt['s3']}"
            _works(folder, "new-server.txt")
    assert running_embedded(folder, "sohoa") is None


def test_nested_use_in_one_process_keeps_the_server_until_the_outer_leaves(tmp_path):
    folder = tmp_path / "seaweedfs"
    with embedded_store(folder, "sohoa") as outer:
        with embedded_store(folder, "sohoa") as inner:
            assert inner == outer
        _works(folder, "after-inner.txt")
    assert running_embedded(folder, "sohoa") is None


def test_a_failed_start_removes_only_its_own_files(tmp_path, monkeypatch):
    folder = tmp_path / "seaweedfs"
    fake = tmp_path / "weed"
    fake.write_text("#!/bin/sh\necho 'cannot start' >&2\nexit 3\n")
    fake.chmod(0o700)
    monkeypatch.setattr(seaweed, "weed_binary", lambda: str(fake))
    folder.mkdir()
    (folder / "notes.txt").write_text("operator's file")
    with pytest.raises(StorageError, match="exited at start"):
        EmbeddedSeaweed(folder, start_timeout=10).start()
    assert not (folder / "runtime.json").exists()
    assert list((folder / "users").iterdir()) == []
    assert (folder / "notes.txt").exists() and "cannot start" in (folder / "weed.log").read_text()


def test_a_killed_parent_takes_its_child_down(tmp_path):
    """PR_SET_PDEATHSIG, as the Prefect server (sohoa serve) and weed (its keeper) get it."""
    code = ("import subprocess, sys, time; from storage.seaweed import die_with_parent; "
            "p = subprocess.Popen(['sleep', '120'], preexec_fn=die_with_parent()); "
            "print(p.pid, flush=True); time.sleep(120)")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    child = int(parent.stdout.readline())
    assert seaweed._alive(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    assert _gone(child, within=5)


def test_s3_config_of_a_store_shared_by_another_process_uses_the_same_keys(store):
    folder, cfg, _ = store
    assert running_embedded(folder, "sohoa") == S3Config(cfg.endpoint, cfg.access_key,
                                                         cfg.secret_key, "sohoa")
