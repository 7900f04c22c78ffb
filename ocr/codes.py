"""QR codes and barcodes on a page (zxing-cpp: a maintained decoder), for separator and cover
sheets and for dossier codes printed on results."""

from __future__ import annotations

import logging
import unicodedata

import cv2
import numpy as np

log = logging.getLogger("sohoa.ocr")

#: pages are searched at about this resolution (a cover sheet's code is centimetres wide)
SEARCH_DPI = 150


def read_codes(gray: np.ndarray, dpi: int) -> tuple[str, ...]:
    """The texts of the QR codes and barcodes on a grey page (NFC), in reading order."""
    import zxingcpp

    scale = min(1.0, SEARCH_DPI / max(dpi, 1))
    small = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale,
                                                 interpolation=cv2.INTER_AREA)
    try:
        found = zxingcpp.read_barcodes(np.ascontiguousarray(small))
    except (RuntimeError, ValueError) as exc:  # a decoder failure is no code, not a bad page
        log.warning("barcode reader failed on a page: %s", exc)
        return ()
    texts = [unicodedata.normalize("NFC", b.text).strip() for b in found if b.valid and b.text]
    return tuple(dict.fromkeys(t for t in texts if t))
