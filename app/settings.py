"""The one settings object: environment variables SOHOA_* over an optional TOML file.

The TOML file is $SOHOA_CONFIG, else ./sohoa.toml if present. Credentials are SecretStr: they
never appear in a repr, a log line or a Prefect parameter.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from pipeline.content_match import DEFAULT_MARGIN, DEFAULT_THRESHOLD
from pipeline.errors import ConfigError
from pipeline.intake import DEFAULT_BLOCKING, LABELS
from pipeline.models import Level
from pipeline.timezone import DEFAULT_ZONE, local_today


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOHOA_", extra="ignore")

    state_dir: Path = Path(".sohoa")
    inbox: Path | None = None            # default: <state_dir>/inbox
    keep_inbox: bool = False             # True: copy out of the inbox instead of moving
    inbox_settle_seconds: float = 2.0    # files changed more recently are left for later
    database_url: str | None = None      # default: sqlite file in the state folder

    s3_endpoint: str | None = None       # host:port of MinIO/S3; unset = embedded SeaweedFS
    s3_access_key: SecretStr | None = None
    s3_secret_key: SecretStr | None = None
    s3_bucket: str = "sohoa"
    s3_secure: bool = False

    #: the archive bucket, when sohoa makes it, keeps every version of every object, each
    #: under object lock in this mode for s3_lock_days (COMPLIANCE: no one can delete or
    #: shorten it; GOVERNANCE: only with the bypass permission; "off": versions only)
    s3_lock_mode: Literal["COMPLIANCE", "GOVERNANCE", "off"] = "COMPLIANCE"
    s3_lock_days: int = Field(3650, gt=0)

    #: the archive's second copy: "embedded" (a second SeaweedFS in replica_dir: put it on
    #: another disk), "s3" (another S3 endpoint, replica_s3_*), "off". Unset: "embedded"
    #: when the archive itself is the embedded store, else "off" (name one for production)
    replica: Literal["embedded", "s3", "off"] | None = None
    replica_dir: Path | None = None      # default: <state_dir>/replica
    replica_s3_endpoint: str | None = None
    replica_s3_access_key: SecretStr | None = None
    replica_s3_secret_key: SecretStr | None = None
    replica_s3_bucket: str = "sohoa"
    replica_s3_secure: bool = False

    #: an S3 inbox, s3://bucket/prefix, on the same S3 server; used when no folder is given
    s3_inbox: str | None = None
    #: where a run started from a deployment (the Prefect API) may take scans: folders and
    #: s3://bucket/prefix addresses. Empty: the configured inbox and S3 inbox only.
    inbox_roots: list[str] = []

    #: intake limits: a file past one is quarantined with the reason
    intake_max_file_mb: float = Field(500.0, gt=0)
    intake_max_pages: int = Field(1000, gt=0)
    intake_max_megapixels: float = Field(180.0, gt=0)
    intake_max_page_mm: float = Field(1500.0, gt=0)

    #: intake checks (pipeline/intake.py) that keep a document from counting until a person
    #: looks; the others only warn. Codes: low_resolution, no_colour, blurred, skewed,
    #: dark_border, page_numbering.
    intake_blocking: list[str] = list(DEFAULT_BLOCKING)

    #: matching by content: the best register candidate is taken when its score (0..1) is at
    #: least this, and this far ahead of the next one; else a person chooses
    match_threshold: float = Field(DEFAULT_THRESHOLD, ge=0.0, le=1.0)
    match_margin: float = Field(DEFAULT_MARGIN, ge=0.0, le=1.0)

    #: a document with pages flagged for review counts before a person has looked at them
    count_flagged: bool = False
    #: the flow metric (Decision 766): a result issued in the period counts as digitized when
    #: its scan counted within this many days of its issue
    flow_days: int = Field(7, ge=0, le=366)
    #: the results missing a scan that a report (HTML, XLSX, JSON, the nightly run's) lists,
    #: at most; it gives how many there are in all, and `sohoa report --missing` lists every
    #: one (a province's millions would not fit a page or a spreadsheet)
    report_missing_shown: int = Field(10_000, ge=0, le=1_000_000)
    #: the desk's time zone: "today", and where an as-of day ends (a scan archived at 00:30
    #: on 1 July in Hà Nội counts from 1 July, not from 30 June as in UTC)
    time_zone: str = DEFAULT_ZONE

    #: the digitizing agency's code: the MCQ of document codes MCQ_LV_STT_PB (e.g. G06.01)
    agency_code: str = Field("MCQ", pattern=r"^[0-9A-Za-z.\-]{1,40}$")

    #: sign every archival copy (PAdES, pyHanko) for the digitizing unit
    signing: bool = True
    #: the digitizing unit's name, in the signature and its appearance
    signing_unit: str = "Bộ phận Một cửa"
    #: the unit's key and certificate (PKCS#12); unset: a self-signed one made into
    #: <state>/signing/ by the set-up (demo, tests)
    signing_pkcs12: Path | None = None
    #: a file holding the PKCS#12 passphrase (default: the .p12 path + ".pass")
    signing_passphrase_file: Path | None = None
    #: or the unit's key on a PKCS#11 token / HSM: its module (library), the token's label,
    #: the key's label (its certificate under the same label) and a file holding the PIN
    signing_pkcs11_module: Path | None = None
    signing_pkcs11_token: str | None = None
    signing_pkcs11_key: str | None = None
    signing_pkcs11_pin_file: Path | None = None
    #: PAdES level: "B-LT" (the chain and revocation data embedded, checkable after the
    #: certificate expires), "B-B", or "auto" (B-LT while the revocation data can be had)
    signing_level: Literal["auto", "B-LT", "B-B"] = "auto"
    #: the unit's seal as an image (PNG with transparency); unset: a drawn stand-in
    signing_seal_image: Path | None = None

    #: the workspace (`sohoa web`) on 127.0.0.1
    web_port: int = Field(8600, gt=0, lt=65536)
    #: minutes a login lasts without use
    web_session_minutes: int = Field(480, gt=0)
    #: the session cookie only over HTTPS (set when a TLS proxy stands in front)
    web_secure_cookies: bool = False

    #: OCR processes (0: one per core). The pages of a file are read in all of them.
    workers: int = Field(0, ge=0)
    #: Dask scheduler address (tcp://host:8786): the OCR tasks run on that cluster instead
    dask_address: str | None = None
    #: how many files may write to the object store and the catalogue at once (Prefect global
    #: concurrency limit "sohoa-storage", created by `sohoa serve` / `sohoa deploy`)
    storage_concurrency: int = Field(4, ge=1)
    #: a run's claim on a file lapses this long after its last heartbeat (a run that died)
    claim_lease_seconds: float = Field(300.0, gt=0)

    #: `sohoa serve`: the local Prefect server and its UI on 127.0.0.1
    prefect_port: int = 4200
    #: Prefect's own database; unset = SQLite under <state>/prefect
    #: (postgresql+asyncpg://user:password@host/db)
    prefect_database_url: SecretStr | None = None

    ocr_lang: str = "vie"
    ocr_pdf_dpi: int = 300
    ocr_timeout_seconds: float = 180.0
    #: pages whose two OCR engines agree on fewer of their words than this are flagged
    ocr_review_below: float = Field(0.85, ge=0.0, le=1.0)

    # Targets per level as fractions; a level without a target shows "—".
    targets: dict[Level, float] = {Level.DISTRICT: 0.60, Level.COMMUNE: 0.55}
    #: Targets for particular years (the as-of date's year picks them); a level a year does not
    #: name keeps its target from `targets`. E.g. {2026 = {commune = 0.70, province = 1.0}}.
    targets_by_year: dict[int, dict[Level, float]] = {}

    @field_validator("intake_blocking")
    @classmethod
    def _known_findings(cls, codes: list[str]) -> list[str]:
        unknown = [c for c in codes if c not in LABELS]
        if unknown:
            raise ValueError(f"unknown intake check(s) {', '.join(unknown)} (known: "
                             f"{', '.join(LABELS)})")
        return codes

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r} (e.g. Asia/Ho_Chi_Minh)") from None
        return name

    def today(self) -> date:
        """The date now where the desk is (time_zone), not the server's UTC date."""
        return local_today(self.time_zone)

    def targets_for(self, year: int) -> dict[Level, float]:
        return {**self.targets, **self.targets_by_year.get(year, {})}

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = os.environ.get("SOHOA_CONFIG") or ("sohoa.toml" if Path("sohoa.toml").is_file()
                                                  else None)
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml:
            if not Path(toml).is_file():
                raise ConfigError(f"SOHOA_CONFIG names {toml}, which does not exist")
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml))
        return tuple(sources)

    @cached_property
    def state(self) -> Path:
        return self.state_dir.expanduser().resolve()

    @property
    def inbox_dir(self) -> Path:
        return (self.inbox or self.state / "inbox").expanduser().resolve()

    @property
    def quarantine_dir(self) -> Path:
        return self.state / "quarantine"

    @property
    def processed_dir(self) -> Path:
        return self.state / "processed"

    @property
    def seaweed_dir(self) -> Path:
        return self.state / "seaweedfs"

    @property
    def replica_kind(self) -> str:
        """"embedded", "s3" or "off"."""
        return self.replica or ("off" if self.s3_endpoint else "embedded")

    @property
    def replica_folder(self) -> Path:
        return (self.replica_dir or self.state / "replica").expanduser().resolve()

    @property
    def ocr_processes(self) -> int:
        return self.workers or os.cpu_count() or 1

    @property
    def staging_dir(self) -> Path:
        return self.state / "staging"

    @property
    def work_dir(self) -> Path:
        """Archival copies being made, before they are uploaded."""
        return self.state / "work"

    @property
    def signing_key(self) -> tuple[Path, Path]:
        """(PKCS#12, passphrase file) of the digitizing unit's signing key."""
        p12 = (self.signing_pkcs12 or self.state / "signing" / "unit.p12").expanduser()
        return p12, (self.signing_passphrase_file or p12.with_name(p12.name + ".pass"))

    @property
    def catalogue_url(self) -> str:
        return self.database_url or f"sqlite:///{self.state / 'catalogue.db'}"


def load_settings(**overrides) -> Settings:
    """Read the settings (once per process: the composition root keeps them). A malformed
    file or value is a ConfigError naming it."""
    toml = os.environ.get("SOHOA_CONFIG") or ("sohoa.toml" if Path("sohoa.toml").is_file()
                                              else None)
    try:
        settings = Settings(**overrides)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{toml}: not valid TOML ({exc})",
                          hint="fix the file, or see sohoa.example.toml") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "?"
        source = f"SOHOA_{where.upper()} or {toml or 'sohoa.toml'}"
        raise ConfigError(f"setting {where}: {first['msg']} (from {source})",
                          hint="see the README's Settings table") from None
    return settings
