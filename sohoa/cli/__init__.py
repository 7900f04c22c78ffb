"""The `sohoa` command: a parser, one module per command group, one error handler."""

from sohoa.cli.main import main

__all__ = ["main"]
