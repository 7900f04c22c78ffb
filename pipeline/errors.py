"""One error taxonomy. Each error says which stage failed and whether trying again can help."""

from __future__ import annotations


class SohoaError(Exception):
    stage = "sohoa"
    retryable = False


class BadInputError(SohoaError):
    """The file itself is unusable (empty, corrupt, unsupported): quarantine it, go on."""

    stage = "read"

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason

    def __reduce__(self):  # crosses process boundaries (OCR worker processes)
        return type(self), (self.name, self.reason)


class DependencyError(SohoaError):
    """A required program or data file is missing: stop before touching any file."""

    stage = "startup"


class OcrError(SohoaError):
    """The OCR engine failed or timed out on a readable file: leave it for the next run."""

    stage = "ocr"
    retryable = True


class StorageError(SohoaError):
    """The object store refused, timed out, or returned bytes that do not match."""

    stage = "store"
    retryable = True
