"""One error taxonomy and one set of exit codes.

Each error says which stage failed, whether trying again can help, which exit code the command
line ends with, and (``hint``) what the person should do. The CLI turns any of them into one
line on stderr (`sohoa/cli/handler.py`); the nightly flow retries only the retryable ones.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """What `sohoa` returns. Documented in the README (section "Exit codes")."""

    OK = 0
    FILES_FAILED = 1        # some files failed for a reason outside them: left for the next run
    USAGE = 2               # wrong arguments or settings, a named file or folder missing
    BAD_INPUT = 3           # an input file cannot be used (register, units, a scan to read)
    MISSING_DEPENDENCY = 4  # Tesseract, its Vietnamese data, SeaweedFS ... not installed
    UNAVAILABLE = 5         # the object store or the catalogue database did not answer
    FIXITY_FAILED = 6       # a stored object is missing or altered
    INTERNAL = 70           # a bug: the traceback is shown with --debug
    INTERRUPTED = 130       # Ctrl-C


class SohoaError(Exception):
    stage = "sohoa"
    retryable = False
    exit_code = ExitCode.INTERNAL

    def __init__(self, message: str = "", hint: str = ""):
        super().__init__(message)
        self.hint = hint

    def __reduce__(self):  # crosses process boundaries (OCR worker processes)
        return type(self), (str(self), self.hint)


class UsageError(SohoaError):
    """The person asked for something that cannot be done as asked: say what to do instead."""

    stage = "cli"
    exit_code = ExitCode.USAGE


class ConfigError(UsageError):
    """The settings (SOHOA_* variables, sohoa.toml) are malformed or contradict each other."""

    stage = "settings"


class InboxError(UsageError):
    """The inbox named does not exist (a folder, or an S3 bucket)."""

    stage = "inbox"


class NotAllowed(UsageError):
    """A user asked for what their role or their units do not allow (the workspace: 403)."""

    stage = "workspace"


class NotFound(UsageError):
    """A document, result or user named does not exist, or not for this user (404)."""

    stage = "workspace"


class BadInputError(SohoaError):
    """The file itself is unusable (empty, corrupt, unsupported): quarantine it, go on."""

    stage = "read"
    exit_code = ExitCode.BAD_INPUT

    def __init__(self, name: str, reason: str, hint: str = ""):
        super().__init__(f"{name}: {reason}", hint)
        self.name = name
        self.reason = reason

    def __reduce__(self):
        return type(self), (self.name, self.reason, self.hint)


class DependencyError(SohoaError):
    """A required program or data file is missing: stop before touching any file."""

    stage = "startup"
    exit_code = ExitCode.MISSING_DEPENDENCY


class OcrError(SohoaError):
    """The OCR engine failed or timed out on a readable file: leave it for the next run."""

    stage = "ocr"
    retryable = True
    exit_code = ExitCode.FILES_FAILED


class StorageError(SohoaError):
    """The object store refused, timed out, or returned bytes that do not match."""

    stage = "store"
    retryable = True
    exit_code = ExitCode.UNAVAILABLE


class ObjectExists(StorageError):
    """A write would replace an object that holds other bytes: the archive does not
    overwrite (the store refused the conditional write)."""

    retryable = False


class SigningError(SohoaError):
    """An archival copy could not be signed at the level asked (the revocation data of a
    PAdES B-LT signature could not be fetched, say): the file is left for the next run."""

    stage = "sign"
    retryable = True
    exit_code = ExitCode.FILES_FAILED


class CatalogueError(SohoaError):
    """The catalogue database refused a statement for a reason that will not pass by itself
    (read-only file, damaged database, a schema it cannot upgrade): not retried."""

    stage = "catalogue"
    exit_code = ExitCode.UNAVAILABLE


class CatalogueUnavailable(CatalogueError):
    """The catalogue database did not answer (connection refused or lost, locked too long)."""

    retryable = True
