"""`sohoa verify FILE`: a signed archival copy checked, in one line per file."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ExitCode, UsageError
from pipeline.render.cells import terminal_safe


def trusted_certificates(args, app) -> list[Path]:
    """The certificates named with --trust, and the digitizing unit's own."""
    trusted = [Path(t) for t in args.trust or []]
    p12, _ = app.settings.signing_key
    if p12.is_file():
        trusted.append(p12)
    return trusted


def verify(args, app) -> int:
    from storage.signing import verify as check

    trusted = trusted_certificates(args, app)
    worst = ExitCode.OK
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"{name} does not exist", hint="check the path")
        verdict = check(path, trusted)
        print(terminal_safe(verdict.line))
        if not verdict.ok:
            worst = ExitCode.FIXITY_FAILED
    return worst
