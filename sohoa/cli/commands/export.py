"""`sohoa export`: a unit's hand-over package (BagIt + METS + PREMIS), and checking one."""

from __future__ import annotations

from pipeline.errors import ExitCode, UsageError
from pipeline.render.cells import terminal_safe
from sohoa.cli.commands.verify import trusted_certificates


def export(args, app) -> int:
    from app.export import export_unit, verify_package

    if args.verify:
        check = verify_package(args.verify, trusted_certificates(args, app))
        for line in check.lines:
            print(terminal_safe(line))
        print(f"{args.verify}: {'OK' if check.ok else 'NOT OK'}")
        return ExitCode.OK if check.ok else ExitCode.FIXITY_FAILED
    if not args.unit:
        raise UsageError("name the unit: sohoa export --unit CODE [--from D --to D]",
                         hint="or check a package: sohoa export --verify FOLDER")
    if args.start and args.end and args.start > args.end:
        raise UsageError("--from is after --to")
    done = export_unit(app, args.unit, args.start, args.end, args.out)
    print(f"package {done.path}: {done.documents} document(s), {done.files} file(s); "
          f"check it with: sohoa export --verify {done.path}")
    return ExitCode.OK
