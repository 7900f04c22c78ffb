"""Backing up and restoring the catalogue: SQLite through its online backup API (a consistent
copy while runs go on), PostgreSQL through pg_dump / pg_restore (custom format). The password
goes to pg_dump in its environment, never on its command line."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, make_url

from pipeline.errors import CatalogueError, DependencyError, UsageError

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


def suffix_for(url: str) -> str:
    return ".db" if make_url(url).get_backend_name() == "sqlite" else ".dump"


def _private_tmp(out: Path) -> Path:
    out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return out.with_name(f".{out.name}.part")


def _pg(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump / pg_restore."""
    args = ["-h", url.host or "localhost", "-p", str(url.port or 5432)]
    if url.username:
        args += ["-U", url.username]
    env = {**os.environ, "PGPASSWORD": url.password or ""} if url.password else dict(os.environ)
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise DependencyError(f"{name} not found: install Debian's postgresql-client")
    return found


def _has_tables(url: str) -> bool:
    engine = create_engine(url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def backup(url: str, out: Path) -> Path:
    """A consistent copy of the catalogue at ``url`` written to ``out`` (owner-only)."""
    parsed = make_url(url)
    tmp = _private_tmp(out)
    if parsed.get_backend_name() == "sqlite":
        source = Path(parsed.database or "")
        if not source.is_file():
            raise UsageError(f"there is no catalogue at {source} to back up")
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, \
                sqlite3.connect(tmp) as dst:
            src.backup(dst)
        dst.close()
    else:
        args, env = _pg(parsed)
        done = subprocess.run([_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(tmp), *args,
                               parsed.database or ""], env=env, capture_output=True, text=True)
        if done.returncode:
            tmp.unlink(missing_ok=True)
            raise CatalogueError(f"pg_dump failed: {done.stderr.strip()[-300:]}")
    tmp.chmod(0o600)
    tmp.replace(out)
    return out


def restore(url: str, source: Path) -> None:
    """The backup ``source`` loaded into the catalogue at ``url``, which must be empty (a
    fresh state folder or database): a restore never overwrites a catalogue in use."""
    head = source.read_bytes()[:16] if source.is_file() else b""
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    if head.startswith(SQLITE_MAGIC) != sqlite or not head.startswith(
            (SQLITE_MAGIC, PGDUMP_MAGIC)):
        kind = "SQLite" if sqlite else "PostgreSQL (pg_dump -Fc)"
        raise UsageError(f"{source} is not a {kind} catalogue backup")
    if sqlite:
        target = Path(parsed.database or "")
        if target.exists() and target.stat().st_size:
            raise UsageError(f"a catalogue is already at {target}",
                             hint="restore into a fresh state folder (SOHOA_STATE_DIR)")
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, \
                sqlite3.connect(target) as dst:
            src.backup(dst)
        dst.close()
        target.chmod(0o600)
        return
    if _has_tables(url):
        raise UsageError(f"a catalogue is already in {parsed.render_as_string(True)}",
                         hint="restore into an empty database (SOHOA_DATABASE_URL)")
    args, env = _pg(parsed)
    done = subprocess.run([_tool("pg_restore"), "--no-owner", "--exit-on-error", *args,
                           "-d", parsed.database or "", str(source)],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise CatalogueError(f"pg_restore failed: {done.stderr.strip()[-300:]}")
