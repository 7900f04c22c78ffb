"""Entry point: parse, read the settings once, build the composition root, run the command
through the one error handler."""

from __future__ import annotations

import logging
import sys

from sohoa.cli import handler, lifeline
from sohoa.cli.parser import parser
from sohoa.cli.prefect_env import prefect_env


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # a usage mistake: argparse says so, exit 2
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per Prefect API call

    def command() -> int:
        from app import bootstrap
        from app.settings import load_settings

        app = bootstrap.install(bootstrap.App(load_settings()))
        app.prepare_state()
        prefect_env(app.settings.state)
        if getattr(args, "long_running", False):
            lifeline.start()  # its helpers (Prefect, SeaweedFS, OCR workers) die with it
        return args.fn(args, app)

    try:
        return handler.run(command, debug=args.debug)
    finally:
        from app import bootstrap

        bootstrap.reset()  # OCR worker processes and database connections closed cleanly


if __name__ == "__main__":
    sys.exit(main())
