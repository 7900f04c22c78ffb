"""Plane geometry between the stored page and the page the OCR read. Pure functions.

Each step that makes a page readable (flattening a photo, a quarter turn, a small rotation)
moves pixels; the archival PDF must put each word back over its original pixels. Each function
returns the 3x3 matrix taking a point of the step's output back to its input.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def undo_quarter_turn(turn_cw: int, w: int, h: int) -> np.ndarray:
    """Point in an image turned ``turn_cw`` clockwise -> point in the ``w`` x ``h`` original."""
    return {
        0: np.eye(3),
        90: np.array([[0.0, 1, 0], [-1, 0, h], [0, 0, 1]]),    # X = y', Y = h - x'
        180: np.array([[-1.0, 0, w], [0, -1, h], [0, 0, 1]]),
        270: np.array([[0.0, -1, w], [1, 0, 0], [0, 0, 1]]),   # X = w - y', Y = x'
    }[turn_cw % 360]


def undo_rotation(angle_deg: float, w: int, h: int) -> np.ndarray:
    """Point after cv2's rotation by ``angle_deg`` about the centre of a ``w`` x ``h`` image ->
    point before it."""
    a = np.radians(angle_deg)
    cx, cy = w / 2, h / 2
    # cv2.getRotationMatrix2D: x' = R (x - c) + c, R = [[cos, sin], [-sin, cos]]
    rot = np.array([[np.cos(a), np.sin(a), 0], [-np.sin(a), np.cos(a), 0], [0, 0, 1]])
    shift = np.array([[1, 0, cx], [0, 1, cy], [0, 0, 1.0]])
    unshift = np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1.0]])
    return shift @ np.linalg.inv(rot) @ unshift


def apply(m: np.ndarray, x: float, y: float) -> tuple[float, float]:
    """Map one point through a 3x3 (projective) matrix."""
    px, py, pw = m @ np.array([x, y, 1.0])
    return float(px / pw), float(py / pw)


def inside(box: Sequence[float], region: Sequence[float]) -> bool:
    """Whether a box's centre lies in a region (both x0, y0, x1, y1)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]
