"""The one place where errors become what a person reads: one line on stderr saying what went
wrong and what to do, and the documented exit code. Tracebacks only with --debug."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable

from pipeline.errors import ExitCode, SohoaError


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def message_for(exc: SohoaError) -> str:
    line = f"sohoa: error: {one_line(exc)}"
    return line + (f"; {one_line(exc.hint)}" if exc.hint else "")


def _quiet_stdout() -> None:
    """The reader of our output went away (`sohoa audit-log | head`): stop writing, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run(command: Callable[[], int], debug: bool = False) -> int:
    try:
        return int(command())
    except SohoaError as exc:
        if debug:
            traceback.print_exc()
        print(message_for(exc), file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("sohoa: interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        _quiet_stdout()
        return int(ExitCode.OK)
    except Exception as exc:  # a bug: say so in one line, the traceback on request
        if debug:
            traceback.print_exc()
        print(f"sohoa: internal error: {type(exc).__name__}: {one_line(exc)} "
              "(run again with --debug for the traceback, and report it)", file=sys.stderr)
        return int(ExitCode.INTERNAL)
