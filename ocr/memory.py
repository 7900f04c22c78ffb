"""How the reading process's C allocator (glibc's malloc) treats the page images' memory.

A page's images are large (a 300 dpi A4 page is 8.7 million pixels; its component labels
35 MB, an index over it 70 MB). glibc gives every block above its mapping threshold a mapping
of its own and hands it back to the kernel when freed, so the next page's images are faulted
in afresh, page by page: measured on `dev`, 0.7 CPU-second of system time a page, about a
tenth of the reading. Kept in the process instead (no block mapped on its own, the heap's free
top not trimmed), the memory freed by one step serves the next: a worker holds on to the
most its pages needed at once, which it would need again for the next such page anyway.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger("sohoa.ocr")

#: glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4

_kept = False


def keep_freed_memory() -> bool:
    """Make this process's allocator keep the memory it frees (once per process); False
    where the C library is not glibc (the allocator is then left as it is)."""
    global _kept
    if _kept:
        return True
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        mallopt = libc.mallopt if libc is not None else None
    except (OSError, AttributeError):
        mallopt = None
    if mallopt is None:
        log.debug("C library without mallopt: its allocator is left as it is")
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    _kept = bool(mallopt(_M_MMAP_MAX, 0)) and bool(mallopt(_M_TRIM_THRESHOLD, 2**31 - 1))
    return _kept
