"""Image cleaning for OCR. Pure functions: array in, array out (and the decision they made).

The archived original is never touched; these images only feed the OCR engine.
"""

from __future__ import annotations

import cv2
import numpy as np


def to_gray(rgb: np.ndarray) -> np.ndarray:
    return rgb if rgb.ndim == 2 else cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def rotate_quarter(img: np.ndarray, clockwise_deg: int) -> np.ndarray:
    """Turn by 0/90/180/270 degrees clockwise (lossless)."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
             270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    turn = clockwise_deg % 360
    return img if turn == 0 else cv2.rotate(img, codes[turn])


def suppress_red(rgb: np.ndarray) -> np.ndarray:
    """Remove red/magenta seal ink; print under the seal stays.

    In reddish pixels every channel takes the red channel's value: red ink is bright there, so
    the seal fades to paper, while black print multiplied by the seal stays dark, anti-aliased
    edges included."""
    if rgb.ndim == 2:
        return rgb
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    h, s = hsv[..., 0], hsv[..., 1]
    red = ((h <= 15) | (h >= 155)) & (s >= 50)
    out = rgb.copy()
    out[red] = rgb[..., 0][red][:, None]
    return out


def _ink_mask(gray: np.ndarray, width: int = 1000) -> np.ndarray:
    scale = width / gray.shape[1]
    small = cv2.resize(gray, (width, max(1, round(gray.shape[0] * scale))),
                       interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _profile_score(ink: np.ndarray, angle: float) -> float:
    h, w = ink.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rotated.sum(axis=1, dtype=np.float64)
    return float(np.var(rows))


def estimate_skew(gray: np.ndarray, max_deg: float = 6.0) -> tuple[float, float]:
    """Angle (degrees, counter-clockwise positive, as cv2 rotates) that makes text lines
    horizontal, and how sure: the profile sharpness gain over no rotation (1.0 = no gain)."""
    ink = _ink_mask(gray)
    if ink.mean() < 0.5:  # blank page
        return 0.0, 1.0
    base = _profile_score(ink, 0.0) or 1.0
    coarse = np.arange(-max_deg, max_deg + 1e-9, 0.5)
    best = max(coarse, key=lambda a: _profile_score(ink, a))
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = max(fine, key=lambda a: _profile_score(ink, a))
    return round(float(best), 2), _profile_score(ink, best) / base


def rotate_small(img: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by a small angle about the centre, filling with white."""
    if abs(angle) < 0.05:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    fill = 255 if img.ndim == 2 else (255, 255, 255)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def deskew(img: np.ndarray, min_gain: float = 1.05) -> tuple[np.ndarray, float]:
    """Straighten text lines; skipped (angle 0) when the estimate is not clearly better."""
    angle, gain = estimate_skew(to_gray(img))
    if gain < min_gain or abs(angle) < 0.05:
        return img, 0.0
    return rotate_small(img, angle), angle


def flatten_background(gray: np.ndarray) -> np.ndarray:
    """Divide out uneven lighting (phone photos, shadows, yellowed paper)."""
    k = max(15, (min(gray.shape) // 60) | 1)
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    background = cv2.medianBlur(background, 21)
    flat = cv2.divide(gray, background, scale=255)
    return flat


def denoise(gray: np.ndarray) -> np.ndarray:
    return cv2.medianBlur(gray, 3)


def binarize(gray: np.ndarray) -> np.ndarray:
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return bw


def prepare_for_ocr(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """Upright RGB page -> binary image for OCR, and the deskew angle applied."""
    straight, angle = deskew(rgb)
    gray = to_gray(suppress_red(straight))
    return binarize(denoise(flatten_background(gray))), angle


def whiten_background(gray: np.ndarray) -> np.ndarray:
    """Everything lighter than the ink/paper threshold (Otsu) becomes white; ink keeps its
    shading. Removes faint show-through from the back of the sheet and paper texture."""
    t, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    out = gray.copy()
    out[gray > t] = 255
    return out


def clean_for_lines(rgb: np.ndarray) -> np.ndarray:
    """Upright, straight colour page -> grey page for the line reader: seal removed, lighting
    flattened, background whitened."""
    return whiten_background(flatten_background(to_gray(suppress_red(rgb))))


def clean_for_tesseract(rgb: np.ndarray) -> np.ndarray:
    """Upright, straight colour page -> binary page for Tesseract: seal removed, lighting
    flattened, speckle removed, Otsu threshold."""
    return binarize(denoise(flatten_background(to_gray(suppress_red(rgb)))))
