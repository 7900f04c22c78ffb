"""Shared fixtures: a real SeaweedFS on free loopback ports (one per session), settings
pointing at a fresh state folder and bucket per test, and small generated scans."""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import date
from pathlib import Path

import pytest

# Prefect reads these at import: keep its files out of ~/.prefect and give its local API time
# to start on a loaded 2-core machine.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="sohoa-prefect-"))
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from app import bootstrap
from sohoa.samples.documents import SampleDoc, dossier
from storage.objectstore import S3Config, S3Store
from storage.seaweed import EmbeddedSeaweed


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory) -> S3Config:
    server = EmbeddedSeaweed(tmp_path_factory.mktemp("s3") / "seaweedfs")
    cfg = server.start()
    yield cfg
    server.stop()


@pytest.fixture
def bucket_cfg(seaweed: S3Config) -> S3Config:
    """A fresh bucket per test, so tests see only their own objects."""
    cfg = S3Config(seaweed.endpoint, seaweed.access_key, seaweed.secret_key,
                   f"t-{secrets.token_hex(6)}")
    S3Store(cfg).ensure_bucket()
    return cfg


@pytest.fixture
def env(tmp_path: Path, bucket_cfg: S3Config, monkeypatch) -> Path:
    """SOHOA_* settings for one test: state folder in tmp, the session's S3 server."""
    state = tmp_path / "state"
    for k, v in {
        "SOHOA_STATE_DIR": str(state), "SOHOA_S3_ENDPOINT": bucket_cfg.endpoint,
        "SOHOA_S3_ACCESS_KEY": bucket_cfg.access_key,
        "SOHOA_S3_SECRET_KEY": bucket_cfg.secret_key, "SOHOA_S3_BUCKET": bucket_cfg.bucket,
        "SOHOA_INBOX_SETTLE_SECONDS": "0",
    }.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("SOHOA_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    yield state
    bootstrap.reset()


@pytest.fixture(params=["sqlite", "postgresql"])
def catalogue_url(request, tmp_path):
    """The catalogue on SQLite and on PostgreSQL (Debian's cluster, a fresh database each)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'c.db'}"
        return
    from storage.postgres_local import drop_database, fresh_database

    url = fresh_database()
    yield url
    drop_database(url)


# A register worked out by hand for an as-of date of 2025-06-30 (see test_flow.py).
AS_OF = date(2025, 6, 30)


def _doc(key, unit, proc, issued, **kw) -> SampleDoc:
    return SampleDoc(dossier(unit, issued, key), unit, proc, key, issued,
                     kw.pop("person", "Nguyễn Văn Thắng"), kw.pop("signer", "Phạm Quang Huy"),
                     **kw)


def fixture_documents() -> list[SampleDoc]:
    return [
        _doc(1, "H01", "hkd", date(2024, 3, 15), scan="{id}.png", note="district, valid"),
        _doc(2, "H02", "gpxd", date(2024, 5, 6), note="district, valid, no scan"),
        _doc(3, "H01", "gpxd", date(2023, 4, 11), valid_until=date(2025, 6, 29),
             scan="{id}.png", note="district, expired the day before the as-of date"),
        _doc(4, "X01", "ks", date(2024, 8, 19), valid_until=AS_OF, scan="{id}.jpg",
             variant="upside_down", note="commune, expires on the as-of date: still valid"),
        _doc(5, "X02", "kh", date(2024, 1, 25), revoked=True, revoked_on=date(2025, 3, 1),
             scan="{id}.tif", note="commune, revoked on 1 March 2025"),
        _doc(6, "X03", "ct", date(2024, 6, 14), note="commune, valid, no scan"),
        _doc(7, "X04", "ks", date(2025, 7, 1), note="commune, issued after the as-of date"),
        _doc(8, "X01", "ct", date(2025, 2, 10), scan="Quét ngày 10-02.pdf",
             note="commune, valid, matched through manifest.csv"),
    ]


@pytest.fixture(scope="session")
def fixture_set(tmp_path_factory) -> Path:
    """Generated scans + register for the flow tests (built once; copy before use)."""
    from sohoa.samples.build import build_samples

    out = tmp_path_factory.mktemp("fixture_set")
    build_samples(out, fixture_documents())
    (out / "inbox" / "trong.png").write_bytes(b"")
    (out / "inbox" / "ghi-chu.docx").write_bytes(b"PK\x03\x04 not a scan")
    return out
