"""A local Prefect server (API and UI) as a child process: `prefect server start` bound to
127.0.0.1, its database SQLite under the state folder or PostgreSQL by URL.

The machine may be shared: the API (and the UI's calls to it) want HTTP basic auth with
credentials generated once into `<home>/api-auth` (`user:password`, mode 0600): the server
reads them from PREFECT_SERVER_API_AUTH_STRING, clients send PREFECT_API_AUTH_STRING. Only
GET /api/health and /api/ready answer anyone (Prefect leaves them open for probes). The server
gets SIGTERM if the process that started it dies, even by SIGKILL."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from storage.seaweed import die_with_parent


def prefect_binary() -> str:
    here = Path(sys.executable).parent / "prefect"
    return str(here) if here.exists() else (shutil.which("prefect") or "prefect")


@dataclass
class PrefectServer:
    home: Path                     # PREFECT_HOME: its SQLite database and logs live here
    port: int = 4200
    host: str = "127.0.0.1"
    database_url: str | None = None
    start_timeout: float = 180.0
    auth: bool = True              # basic auth on the API, credentials in `auth_file`
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.home / "server.log"

    @property
    def auth_file(self) -> Path:
        return self.home / "api-auth"

    @property
    def auth_string(self) -> str | None:
        """`user:password` for the API, generated once (never printed nor logged)."""
        if not self.auth:
            return None
        path = self.auth_file
        if not path.exists():
            self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp = path.with_name(f".api-auth.{os.getpid()}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(f"sohoa:{secrets.token_urlsafe(24)}\n")
            os.replace(tmp, path)
        return path.read_text().strip()

    def client_env(self) -> dict[str, str]:
        """What a client (serving process, flow run, worker) needs to reach this server."""
        env = {"PREFECT_API_URL": self.api_url}
        if self.auth:
            env["PREFECT_API_AUTH_STRING"] = self.auth_string
        return env

    def env(self) -> dict[str, str]:
        env = {**os.environ, "PREFECT_HOME": str(self.home),
               "PREFECT_SERVER_API_HOST": self.host,
               "PREFECT_SERVER_API_PORT": str(self.port),
               "PREFECT_UI_API_URL": self.api_url,
               "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
        env.pop("PREFECT_API_URL", None)
        env.pop("PREFECT_SERVER_API_AUTH_STRING", None)
        env.pop("PREFECT_LOGGING_SETTINGS_PATH", None)  # its console is already `log_file`
        if self.auth:
            env["PREFECT_SERVER_API_AUTH_STRING"] = env["PREFECT_API_AUTH_STRING"] = \
                self.auth_string
        if self.database_url:
            env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = self.database_url
        return env

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def start(self) -> str:
        if self.healthy():
            raise RuntimeError(f"a Prefect server already answers on {self.api_url}: stop it, "
                               "choose another port, or serve to it with --no-server")
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.home, 0o700)  # its database holds every run: the owner's only
        env = self.env()  # credentials made before the server starts
        log = self.log_file.open("ab")
        self.process = subprocess.Popen(
            [prefect_binary(), "server", "start", "--host", self.host, "--port",
             str(self.port)], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=env, start_new_session=True, preexec_fn=die_with_parent())
        log.close()
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_file.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the Prefect server exited (code {self.process.returncode})"
                                   f"; end of {self.log_file}:\n{tail}")
            if self.healthy():
                return self.api_url
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the Prefect server did not answer on {self.api_url} within "
                           f"{self.start_timeout:.0f} s (see {self.log_file})")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None
