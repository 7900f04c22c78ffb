"""`sohoa check` (what is installed) and `sohoa samples` (the sample set)."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ExitCode


def check(args, app) -> int:
    from storage.seaweed import weed_binary

    print(f"tesseract {app.check_ocr()} with {app.settings.ocr_lang}")
    print(f"weed at {weed_binary()}")
    print(f"state folder {app.settings.state}")
    return ExitCode.OK


def samples(args, app) -> int:
    from sohoa.samples.build import build_samples

    out = Path(args.out)
    written = build_samples(out)
    print(f"wrote {len(written)} scans to {out / 'inbox'} and {out / 'register.csv'}")
    return ExitCode.OK
