"""Engine and sessions, and what a database error means to sohoa (pipeline/errors.py): callers
outside storage/ never see a SQLAlchemy or driver exception."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import CatalogueError, CatalogueUnavailable, ConfigError, DependencyError
from pipeline.timezone import DEFAULT_ZONE
from storage.catalogue.schema import make_engine, migrate, utc_now

URL_HINT = ("set SOHOA_DATABASE_URL to sqlite:///<path>/catalogue.db or "
            "postgresql+psycopg://user:password@host:5432/db")

#: SQLite errors that will not pass by themselves (an OperationalError like a lock would):
#: not retried, and what to do about each
LASTING = {
    "attempt to write a readonly database":
        "give the account running sohoa write access to the database file and its folder",
    "database disk image is malformed": "the file is damaged: restore it from a backup",
    "file is not a database": "the file is not a SQLite database: check SOHOA_DATABASE_URL",
    "no such table": "the catalogue's tables are gone: check that SOHOA_DATABASE_URL names "
                     "the sohoa catalogue, then start again to create them",
    "unable to open database file":
        "the file cannot be opened: check that its folder exists and may be written",
}


class Database:
    """An engine on one catalogue database, its schema made or upgraded on construction."""

    def __init__(self, url: str, *, count_flagged: bool = False,
                 time_zone: str = DEFAULT_ZONE):
        #: whether a document with pages flagged for review counts before a person looked at
        #: them (setting count_flagged; default: it does not)
        self.count_flagged = count_flagged
        #: where a day begins and ends for "as of" dates (setting time_zone)
        self.time_zone = time_zone
        #: the time a document starts counting (tests set a day in the past)
        self.clock = utc_now
        try:
            parsed = make_url(url)
            self.name = parsed.render_as_string(hide_password=True)
            self.engine = make_engine(url)
        except NoSuchModuleError as exc:
            raise ConfigError(f"catalogue database URL: {exc}", URL_HINT) from None
        except ArgumentError:  # its message repeats the URL, password included
            raise ConfigError("catalogue database URL is malformed", URL_HINT) from None
        except ModuleNotFoundError as exc:
            raise DependencyError(f"catalogue database {self.name}: the driver {exc.name} is "
                                  "not installed", f"install it (pip install {exc.name})") from None
        self._password = parsed.password or ""
        self._driver_error = self.engine.dialect.loaded_dbapi.Error
        for attempt in range(3):
            try:
                migrate(self.engine)
                break
            except DBAPIError as exc:
                # another process (a second worker) created the same table or column between
                # our check and our CREATE: look again. Not when no statement ran (the
                # connection failed) or the cause lasts (read-only file...)
                if attempt == 2 or exc.statement is None or self._lasting(exc):
                    raise self.error(exc) from exc
            except PoolTimeout as exc:
                raise self.error(exc) from exc
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self, *, races: bool = False) -> Iterator[Session]:
        """One transaction. A database error comes out as CatalogueError (CatalogueUnavailable
        when trying again may help); an IntegrityError too, unless ``races``: for the callers
        that detect a concurrent insert by it, and catch it."""
        try:
            with self._session.begin() as s:
                yield s
        except IntegrityError as exc:
            if races:
                raise
            raise self.error(exc) from exc
        # the driver's own errors too: register imports use its cursor (COPY, ANY(%s))
        except (DBAPIError, PoolTimeout, self._driver_error) as exc:
            raise self.error(exc) from exc

    def health_check(self) -> None:
        """Before a run writes: a damaged SQLite file is an error now, not a night of scans
        written into broken pages (PRAGMA quick_check). PostgreSQL: a round trip."""
        with self.session() as s:
            if self.engine.dialect.name != "sqlite":
                s.execute(text("SELECT 1"))
                return
            found = [r[0] for r in s.execute(text("PRAGMA quick_check"))]
        if found != ["ok"]:
            raise CatalogueError(f"catalogue database {self.name} is damaged: {found[0]}",
                                 "restore it from a backup (the stored objects are intact); "
                                 "nothing was written")

    def _lasting(self, exc: BaseException) -> str | None:
        text = self._first_line(exc)
        return next((hint for message, hint in LASTING.items() if message in text), None)

    def _first_line(self, exc: BaseException) -> str:
        orig = getattr(exc, "orig", None) or exc  # not str(exc): that holds the SQL and values
        line = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        return line.replace(self._password, "***") if self._password else line

    def error(self, exc: BaseException) -> CatalogueError:
        """The project's error for a database error, naming the database (password hidden)."""
        if isinstance(exc, self._driver_error):
            exc = DBAPIError.instance(None, None, exc, self._driver_error,
                                      dialect=self.engine.dialect)
        what = self._first_line(exc)
        where = f"catalogue database {self.name}"
        if hint := self._lasting(exc):
            return CatalogueError(f"{where}: {what}", hint)
        if isinstance(exc, OperationalError | InterfaceError | PoolTimeout) or getattr(
                exc, "connection_invalidated", False):
            return CatalogueUnavailable(
                f"{where} did not answer: {what}",
                "check that the database server is running and reachable (SQLite: that no "
                "other program keeps the file locked), then run again")
        if isinstance(exc, IntegrityError):
            return CatalogueError(f"{where} refused a duplicate: {what}",
                                  "another process wrote the same rows at the same time: "
                                  "run again")
        return CatalogueError(f"{where} refused a statement: {what}",
                              "check that SOHOA_DATABASE_URL names a sohoa catalogue")
