"""`sohoa backup` (a consistent copy of the catalogue, kept in the state folder and in the
archive) and `sohoa restore` (a backup loaded into a fresh state folder or empty database)."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.errors import ExitCode
from pipeline.hashing import sha256_file
from storage.catalogue.backup import backup as make_backup
from storage.catalogue.backup import restore as load_backup
from storage.catalogue.backup import suffix_for


def backup(args, app) -> int:
    s = app.settings
    app.catalogue  # noqa: B018 — made or upgraded before it is copied
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or s.state / "backups" / f"catalogue-{stamp}{suffix_for(s.catalogue_url)}"
    make_backup(s.catalogue_url, out)
    sha = sha256_file(out)
    print(f"catalogue backed up to {out} (sha256 {sha})")
    if not args.local_only:
        key = f"backups/catalogue/{out.name}"
        with app.object_store() as store:
            store.put_verified(key, out, sha, "application/octet-stream")
        print(f"and stored in the archive as {store.bucket}/{key}, read back and checked")
    return ExitCode.OK


def restore(args, app) -> int:
    load_backup(app.settings.catalogue_url, args.file)
    docs = len(app.catalogue.documents())
    print(f"catalogue restored from {args.file}: {docs} document(s)")
    return ExitCode.OK
