"""A local PostgreSQL for tests and benchmarks: Debian's cluster, started if it is down.

Production points `database_url` at its own server (``postgresql+psycopg://user:pw@host/db``);
this module only serves the project's own tooling on one machine. It needs Debian's
`postgresql` package (scripts/bootstrap.sh installs it with SOHOA_TESTS=1) and root, as CI has.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time

from pipeline.errors import DependencyError

ROLE = "sohoa_test"


def _run(*cmd: str, user: str | None = None) -> str:
    if user:
        cmd = ("runuser", "-u", user, "--", *cmd)
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DependencyError(f"{' '.join(cmd)} failed: {done.stderr.strip()[-400:]}")
    return done.stdout


def _cluster() -> tuple[str, str, int, str]:
    """(version, name, port, status) of the first Debian cluster."""
    if not shutil.which("pg_lsclusters"):
        raise DependencyError("PostgreSQL is not installed: run SOHOA_TESTS=1 "
                              "scripts/bootstrap.sh (Debian package postgresql)")
    lines = [ln.split() for ln in _run("pg_lsclusters", "--no-header").splitlines() if ln]
    if not lines:
        raise DependencyError("no PostgreSQL cluster: pg_createcluster 15 main")
    version, name, port, status = lines[0][:4]
    return version, name, int(port), status


def ensure_server() -> int:
    """Start the cluster if it is down; return its port."""
    version, name, port, status = _cluster()
    if status != "online":
        _run("pg_ctlcluster", version, name, "start")
        for _ in range(50):
            if _cluster()[3] == "online":
                break
            time.sleep(0.2)
    return port


def fresh_database(prefix: str = "sohoa_test") -> str:
    """A new empty database owned by a test role; its SQLAlchemy URL (127.0.0.1)."""
    port = ensure_server()
    password = secrets.token_hex(12)
    sql = (f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN "
           f"CREATE ROLE {ROLE} LOGIN; END IF; END$$; "
           f"ALTER ROLE {ROLE} PASSWORD '{password}';")
    _run("psql", "-p", str(port), "-qAtc", sql, user="postgres")
    db = f"{prefix}_{secrets.token_hex(4)}"
    _run("createdb", "-p", str(port), "-O", ROLE, db, user="postgres")
    return f"postgresql+psycopg://{ROLE}:{password}@127.0.0.1:{port}/{db}"


def drop_database(url: str) -> None:
    db = url.rsplit("/", 1)[1]
    port = url.rsplit(":", 1)[1].split("/")[0]
    _run("dropdb", "-p", port, "--if-exists", "--force", db, user="postgres")
