"""`sohoa check` (what is installed) and `sohoa samples` (the sample set)."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ExitCode
from storage.mirror import copies_of


def check(args, app) -> int:
    from storage.seaweed import weed_binary

    print(f"tesseract {app.check_ocr()} with {app.settings.ocr_lang}")
    print(f"weed at {weed_binary()}")
    print(f"state folder {app.settings.state}")
    print_protection(app)
    return ExitCode.OK


def print_protection(app) -> None:
    """Each copy of the archive and what protects it (versions, object lock, refusing an
    overwrite)."""
    with app.object_store() as store:
        copies = copies_of(store)
        for name, copy in copies.items():
            refuses = ("refuses an overwrite" if copy.refuses_overwrite() else
                       "WARNING: takes an overwrite (it ignores conditional writes)")
            print(f"{name} copy: {copy.cfg.endpoint} bucket {copy.bucket}: "
                  f"{protection_line(*copy.protection_state())}; {refuses}")
    if len(copies) == 1:
        print("WARNING: the archive has one copy only: name a second (SOHOA_REPLICA=s3 and "
              "SOHOA_REPLICA_S3_*)")


def protection_line(versioned: bool, lock_mode: str | None, retention: str | None) -> str:
    if lock_mode:
        return f"versioned, object lock {lock_mode}, {retention} for each version"
    if versioned:
        return "versioned, no object lock (a version can be deleted)"
    return "WARNING: not versioned: an overwrite or a delete loses the earlier bytes"


def samples(args, app) -> int:
    from sohoa.samples.build import build_samples

    out = Path(args.out)
    written = build_samples(out)
    print(f"wrote {len(written)} scans to {out / 'inbox'} and {out / 'register.csv'}")
    return ExitCode.OK
