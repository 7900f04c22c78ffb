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


def rotate_small(img: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by a small angle about the centre, filling with white."""
    if abs(angle) < 0.05:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    fill = 255 if img.ndim == 2 else (255, 255, 255)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


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


def remove_dark_border(gray: np.ndarray, band: float = 0.08) -> tuple[np.ndarray, int]:
    """Whiten the dark bands a scanner lid leaves along the edges: dark regions that touch the
    image's edge, run along at least a fifth of it, and lie within ``band`` of the edges.
    Returns the image and how many pixels were whitened (0: nothing found, image as is)."""
    _, dark = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    h, w = gray.shape
    bx, by = max(1, int(w * band)), max(1, int(h * band))
    inner = np.zeros((h, w), bool)
    inner[by:h - by, bx:w - bx] = True
    border = []
    for k in range(1, n):
        x, y, bw, bh, area = stats[k]
        touches = x == 0 or y == 0 or x + bw == w or y + bh == h
        if not touches or (bw < w / 5 and bh < h / 5):
            continue
        sub = labels[y:y + bh, x:x + bw] == k
        if (sub & inner[y:y + bh, x:x + bw]).sum() <= 0.05 * area:
            border.append(k)
    if not border:
        return gray, 0
    mask = np.isin(labels, border)
    out = gray.copy()
    out[mask] = 255
    return out, int(mask.sum())


def whiten_background(gray: np.ndarray) -> np.ndarray:
    """Everything lighter than the ink/paper threshold (Otsu) becomes white; ink keeps its
    shading. Removes faint show-through from the back of the sheet and paper texture."""
    t, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    out = gray.copy()
    out[gray > t] = 255
    return out


def clean_for_lines(gray: np.ndarray) -> np.ndarray:
    """Seal-free grey page -> grey page for the line reader: lighting flattened, background
    (show-through, paper texture) whitened."""
    return whiten_background(flatten_background(gray))


def clean_for_tesseract(gray: np.ndarray) -> np.ndarray:
    """Seal-free grey page -> binary page for Tesseract: lighting flattened, speckle removed,
    Otsu threshold."""
    return binarize(denoise(flatten_background(gray)))
