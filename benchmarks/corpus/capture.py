"""Making a clean 300 dpi page look scanned or photographed, and saying exactly how.

Scans (flatbed or sheet feeder, colour / grey / 1-bit, 200 or 300 dpi): paper tint and
fibre, faded ink in patches, show-through of the back side (mirrored), resampling to the
scan resolution, skew up to 3° with the scanner's lid or backing in the exposed corners,
uneven light (gradient, shadow along an edge, vignette), blur, feeder streaks (vertical
lines that run the length of the sheet), noise and specks, dark borders, a JPEG round trip,
the colour mode (1-bit: a fixed threshold after the damage, so faded strokes break up) and a
quarter turn or half turn (a sheet fed the wrong way round).

Phone photos: the sheet (with its tint, fading, show-through) seen in perspective on a desk
(corner shift up to 8% of the frame; held close, the sheet fills the picture and its corners
reach the picture's edges, as when a person frames the page tightly), a shadow falling across
it and light falling off, a colour cast, defocus blur, sensor noise, JPEG, 72 dpi in the file
as phones write it.

Every function returns what it applied, in the keys of the shared corpora's manifest
(`degradations`: skew_deg, rotation_cw_deg, gaussian_noise_sigma, salt_pepper, blur_sigma,
jpeg_quality, illumination, paper, faded_ink, dark_border, bleed_through, perspective) plus
`adf_streaks`, `shadow`, `colour_cast`; `scan`: lid_rgb, bilevel_threshold.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import cv2
import numpy as np

from benchmarks.corpus.layout import A4, DPI

SEVERITIES = ("clean", "mild", "moderate", "harsh")


@dataclass
class Capture:
    """What to do to one page (the plan), before the random draws."""

    kind: str                  # flatbed | adf | phone
    color_mode: str            # rgb | gray | bilevel
    dpi: int                   # 200 | 300 (phone: the sheet's effective resolution)
    severity: str              # clean | mild | moderate | harsh
    rotation_cw: int = 0       # 0 | 90 | 180 | 270
    show_through: bool = False
    faded: bool = False
    close: bool = False        # phone held close: the sheet fills the picture, corners at its edge

    @property
    def label(self) -> str:
        if self.kind == "phone":
            return "phone photo, close" if self.close else "phone photo"
        mode = {"rgb": "colour", "gray": "grey", "bilevel": "1-bit"}[self.color_mode]
        return f"{'flatbed' if self.kind == 'flatbed' else 'ADF'} {mode}"


@dataclass
class Result:
    image: np.ndarray          # uint8, HxWx3 (rgb) or HxW (gray, bilevel as 0/255)
    dpi: int                   # resolution to write into the file
    degradations: dict = field(default_factory=dict)
    scan: dict = field(default_factory=dict)
    ink: np.ndarray | None = None  # the clean page's text ink (255), moved as the page was


def _smooth_field(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    """Low-frequency noise in [0, 1] over `shape`."""
    h, w = shape
    small = rng.random((cells, max(2, round(cells * w / h))), dtype=np.float32)
    big = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    lo, hi = float(big.min()), float(big.max())
    return (big - lo) / max(1e-6, hi - lo)


def paper(img: np.ndarray, kind: str, rng: np.random.Generator) -> np.ndarray:
    """Grey or yellowed paper with fibre texture, multiplied under the print."""
    h, w = img.shape[:2]
    tint = {"grey": (236, 236, 233), "yellowed": (246, 236, 206)}[kind]
    fib = rng.normal(0, 1, (h // 3, w // 3)).astype(np.float32)
    fib = cv2.GaussianBlur(cv2.resize(fib, (w, h)), (0, 0), sigmaX=3, sigmaY=0.8)
    fib = 1 + 0.025 * fib / max(1e-6, float(np.abs(fib).max()))
    out = img.astype(np.float32) * (np.array(tint, np.float32) / 255) * fib[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def ink_mask(page: np.ndarray) -> np.ndarray:
    """The text's ink on the clean page (255): print and pen, not the red seal or stamps.
    It is moved through the same resizing, skew, perspective and turns as the page (no random
    draw), so that what survived of each word can be measured on the capture."""
    return np.where(page.max(axis=2) < 160, 255, 0).astype(np.uint8)


def fade(img: np.ndarray, mean: float, rng: np.random.Generator) -> np.ndarray:
    """Ink weaker in patches: ink strength varies smoothly around `mean` (0..1)."""
    f = _smooth_field(rng, img.shape[:2], 7)
    strength = np.clip(mean + (f - 0.5) * 0.6, 0.2, 1.0)
    out = 255 - (255 - img.astype(np.float32)) * strength[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def show_through(img: np.ndarray, back: np.ndarray, opacity: float) -> np.ndarray:
    """The back side's print, mirrored and softened, seen through the paper."""
    b = cv2.GaussianBlur(back[:, ::-1], (0, 0), 2.2).astype(np.float32)
    b = cv2.cvtColor(b, cv2.COLOR_RGB2GRAY)[..., None]
    layer = 255 - opacity * (255 - b)
    return np.clip(img.astype(np.float32) * layer / 255, 0, 255).astype(np.uint8)


def skew(img: np.ndarray, deg: float, fill: tuple[int, int, int]) -> np.ndarray:
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), deg, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def illumination(img: np.ndarray, kind: str, strength: float, angle: float) -> np.ndarray:
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == "gradient":
        a = np.radians(angle)
        t = (xx / w - 0.5) * np.cos(a) + (yy / h - 0.5) * np.sin(a) + 0.5
        dark = np.clip(t, 0, 1) * strength
    elif kind == "shadow":  # along one edge, as where a book's spine or the lid lifts
        edge = int(angle // 90) % 4
        d = (xx / w, 1 - xx / w, yy / h, 1 - yy / h)[edge]
        dark = strength * np.exp(-d / 0.07)
    else:  # vignette
        r = np.sqrt(((xx / w - 0.5) * 2) ** 2 + ((yy / h - 0.5) * 2) ** 2) / np.sqrt(2)
        dark = strength * r ** 2
    out = img.astype(np.float32) * (1 - dark)[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def streaks(img: np.ndarray, rng: np.random.Generator, n: int) -> tuple[np.ndarray, list]:
    """A sheet feeder's dirty glass: thin lines down the whole length of the page."""
    h, w = img.shape[:2]
    out = img.astype(np.int16)
    made = []
    for _ in range(n):
        x = int(rng.integers(w // 12, w - w // 12))
        width = int(rng.integers(1, 5))
        delta = int(rng.choice([-1, -1, -1, 1]) * rng.integers(35, 140))
        wobble = (np.sin(np.linspace(0, rng.uniform(2, 8), h)) * 0.25 + 0.75)
        out[:, x:x + width] += (delta * wobble)[:, None, None].astype(np.int16)
        made.append({"x_px": x, "width_px": width, "delta": delta})
    return np.clip(out, 0, 255).astype(np.uint8), made


def noise(img: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    n = rng.normal(0, sigma, img.shape[:2]).astype(np.float32)[..., None]
    return np.clip(img.astype(np.float32) + n, 0, 255).astype(np.uint8)


def salt_pepper(img: np.ndarray, frac: float, rng: np.random.Generator) -> np.ndarray:
    out = img.copy()
    h, w = img.shape[:2]
    k = int(frac * h * w)
    ys, xs = rng.integers(0, h, k), rng.integers(0, w, k)
    out[ys[: k // 2], xs[: k // 2]] = 0
    out[ys[k // 2:], xs[k // 2:]] = 255
    return out


def jpeg_trip(img: np.ndarray, q: int) -> np.ndarray:
    _, buf = cv2.imencode(".jpg", img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, q])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1].copy()


def rotate_cw(img: np.ndarray, deg: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(img, k=-(deg // 90)))


def _r(rnd: random.Random, lo: float, hi: float, nd: int = 2) -> float:
    return round(rnd.uniform(lo, hi), nd)


def scan(page: np.ndarray, back: np.ndarray | None, cap: Capture,
         rnd: random.Random) -> Result:
    """A flatbed or sheet-feeder scan of a clean 300 dpi RGB page."""
    rng = np.random.default_rng(rnd.getrandbits(64))
    sev = cap.severity
    deg: dict = {}
    sc: dict = {}
    img = page
    ink = ink_mask(page)
    level = SEVERITIES.index(sev)
    if level >= 2 or (level == 1 and rnd.random() < 0.3):
        deg["paper"] = rnd.choice(("grey", "yellowed"))
        img = paper(img, deg["paper"], rng)
    if cap.faded:
        deg["faded_ink"] = _r(rnd, *((0.62, 0.8) if level <= 2 else (0.45, 0.65)))
        img = fade(img, deg["faded_ink"], rng)
    if cap.show_through and back is not None:
        deg["bleed_through"] = _r(rnd, *((0.08, 0.16) if level <= 2 else (0.14, 0.28)))
        img = show_through(img, back, deg["bleed_through"])
    if cap.dpi != DPI:
        w, h = A4
        img = cv2.resize(img, (round(w * cap.dpi / DPI), round(h * cap.dpi / DPI)),
                         interpolation=cv2.INTER_AREA)
        ink = cv2.resize(ink, img.shape[1::-1], interpolation=cv2.INTER_AREA)
    k = cap.dpi / DPI
    if level >= 1:
        lim = {1: (0.15, 1.0), 2: (0.5, 2.2), 3: (1.4, 3.0)}[level]
        s = _r(rnd, *lim) * rnd.choice((-1, 1))
        if cap.kind == "adf" and level >= 2:
            s = round(max(-3.0, min(3.0, s * 1.2)), 2)
        deg["skew_deg"] = s
        lid = ((245, 245, 242) if rnd.random() < 0.6 else (40, 40, 44)) if cap.kind == "flatbed" \
            else (200, 200, 200)
        sc["lid_rgb"] = list(lid)
        img = skew(img, s, lid)
        ink = skew(ink, s, (0, 0, 0))
    if level >= 2 and rnd.random() < (0.5 if level == 2 else 0.75):
        kind = rnd.choice(("gradient", "shadow", "vignette"))
        strength = _r(rnd, *((0.08, 0.25) if level == 2 else (0.2, 0.45)), 3)
        deg["illumination"] = {"kind": kind, "strength": strength,
                               "angle_deg": _r(rnd, 0, 360, 1)}
        img = illumination(img, kind, strength, deg["illumination"]["angle_deg"])
    if level >= 1:
        b = _r(rnd, *{1: (0.0, 0.7), 2: (0.6, 1.3), 3: (1.1, 1.9)}[level])
        if b >= 0.3:
            deg["blur_sigma"] = b
            img = cv2.GaussianBlur(img, (0, 0), b * k)
    if cap.kind == "adf":
        img, made = streaks(img, rng, rnd.randint(1, 3) if level <= 1 else rnd.randint(2, 6))
        deg["adf_streaks"] = made
    if level >= 1:
        s = _r(rnd, *{1: (1.0, 3.0), 2: (3.0, 8.0), 3: (7.0, 14.0)}[level], 1)
        deg["gaussian_noise_sigma"] = s
        img = noise(img, s, rng)
    if level >= 2 and rnd.random() < (0.2 if level == 2 else 0.35):
        deg["salt_pepper"] = _r(rnd, *((0.0005, 0.002) if level == 2 else (0.002, 0.005)), 4)
        img = salt_pepper(img, deg["salt_pepper"], rng)
    if level >= 2 and rnd.random() < (0.3 if level == 2 else 0.5):
        h, w = img.shape[:2]
        sides = rnd.sample(("left", "right", "top", "bottom"), rnd.randint(1, 2))
        border = {}
        for side in sides:
            n = rnd.randint(round(0.01 * w), round(0.04 * w))
            shade = rnd.randint(20, 70)
            sl = {"left": np.s_[:, :n], "right": np.s_[:, w - n:], "top": np.s_[:n, :],
                  "bottom": np.s_[h - n:, :]}[side]
            img[sl] = shade
            border[side] = n
        deg["dark_border"] = border
    if level >= 2 and rnd.random() < 0.5:
        deg["jpeg_quality"] = rnd.randint(*((40, 65) if level == 2 else (25, 45)))
        img = jpeg_trip(img, deg["jpeg_quality"])
    img = to_mode(img, cap.color_mode, sc, rnd)
    if cap.rotation_cw:
        deg["rotation_cw_deg"] = cap.rotation_cw
        img = rotate_cw(img, cap.rotation_cw)
        ink = rotate_cw(ink, cap.rotation_cw)
    return Result(img, cap.dpi, deg, sc, ink)


def to_mode(img: np.ndarray, mode: str, sc: dict, rnd: random.Random) -> np.ndarray:
    if mode == "rgb":
        return img
    gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    if mode == "gray":
        return gray
    t = rnd.randint(150, 185)
    sc["bilevel_threshold"] = t
    return np.where(gray > t, 255, 0).astype(np.uint8)


DESKS = ((118, 82, 52), (92, 64, 44), (70, 72, 76), (150, 146, 138), (40, 62, 52),
         (190, 180, 165))


def desk(rng: np.random.Generator, rnd: random.Random, w: int, h: int) -> np.ndarray:
    """A desk surface: a base colour with grain or mottle."""
    base = np.array(rnd.choice(DESKS), np.float32)
    grain = rng.normal(0, 1, (h // 8, w // 2)).astype(np.float32)
    grain = cv2.GaussianBlur(cv2.resize(grain, (w, h)), (0, 0), sigmaX=1.5, sigmaY=12)
    mottle = _smooth_field(rng, (h, w), 5) - 0.5
    tex = 1 + 0.10 * grain / max(1e-6, float(np.abs(grain).max())) + 0.12 * mottle
    return np.clip(base * tex[..., None], 0, 255)


def phone(page: np.ndarray, back: np.ndarray | None, cap: Capture,
          rnd: random.Random) -> Result:
    """A phone photo of the sheet lying on a desk."""
    rng = np.random.default_rng(rnd.getrandbits(64))
    level = SEVERITIES.index(cap.severity)
    deg: dict = {}
    img = page
    if rnd.random() < 0.5:
        deg["paper"] = rnd.choice(("grey", "yellowed"))
        img = paper(img, deg["paper"], rng)
    if cap.faded:
        deg["faded_ink"] = _r(rnd, 0.55, 0.8)
        img = fade(img, deg["faded_ink"], rng)
    if cap.show_through and back is not None:
        deg["bleed_through"] = _r(rnd, 0.08, 0.2)
        img = show_through(img, back, deg["bleed_through"])
    fw, fh = rnd.choice(((2448, 3264), (3024, 4032)))
    ph, pw = img.shape[:2]
    shift = {1: 0.03, 2: 0.055, 3: 0.08}.get(level, 0.03)
    # the sheet's height in the frame: the whole sheet stays inside, whatever the shift
    # (held close: so large that its corners are pushed to the picture's edges)
    frac = (rnd.uniform(1 - 2 * shift, 1.0) if cap.close
            else rnd.uniform(0.70, 1 - 2 * (shift + 0.045)))
    sh = fh * frac
    sw = sh * pw / ph
    cx = fw / 2 + rnd.uniform(-0.04, 0.04) * fw
    cy = fh / 2 + rnd.uniform(-0.03, 0.03) * fh
    base = [(cx - sw / 2, cy - sh / 2), (cx + sw / 2, cy - sh / 2),
            (cx + sw / 2, cy + sh / 2), (cx - sw / 2, cy + sh / 2)]
    corners = []
    for x, y in base:
        corners.append((x + rnd.uniform(-shift, shift) * fw,
                        y + rnd.uniform(-shift, shift) * fh))
    corners = [(min(fw - 4, max(4, x)), min(fh - 4, max(4, y))) for x, y in corners]
    real = max(max(abs(x - bx) / fw, abs(y - by) / fh)
               for (x, y), (bx, by) in zip(corners, base, strict=True))
    m = cv2.getPerspectiveTransform(
        np.float32([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]]), np.float32(corners))
    warped = cv2.warpPerspective(img, m, (fw, fh), flags=cv2.INTER_AREA)
    ink = cv2.warpPerspective(ink_mask(page), m, (fw, fh), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), m, (fw, fh),
                               flags=cv2.INTER_LINEAR).astype(np.float32)[..., None] / 255
    out = desk(rng, rnd, fw, fh) * (1 - mask) + warped.astype(np.float32) * mask
    eff = round(((corners[3][1] - corners[0][1] + corners[2][1] - corners[1][1]) / 2)
                / (A4[1] / DPI))
    deg["perspective"] = {"max_corner_shift_frac": round(real, 4),
                          "page_corners_px": [[round(x), round(y)] for x, y in corners],
                          "effective_dpi": eff, "frame_px": [fw, fh]}
    # light: falling off across the frame, and a soft shadow (the phone, a hand) over part
    kind = rnd.choice(("gradient", "vignette"))
    strength = _r(rnd, *{1: (0.05, 0.2), 2: (0.15, 0.32), 3: (0.25, 0.45)}[level], 3)
    deg["illumination"] = {"kind": kind, "strength": strength, "angle_deg": _r(rnd, 0, 360, 1)}
    out = illumination(out.astype(np.uint8), kind, strength,
                       deg["illumination"]["angle_deg"]).astype(np.float32)
    if level >= 2 or rnd.random() < 0.4:
        sm = np.zeros((fh, fw), np.float32)
        edge = rnd.choice(("left", "right", "top", "bottom"))
        depth = rnd.uniform(0.15, 0.45)
        a, b = rnd.uniform(0, 1), rnd.uniform(0, 1)
        if edge in ("left", "right"):
            x1, x2 = depth * fw * (0.6 + 0.8 * a), depth * fw * (0.6 + 0.8 * b)
            poly = [(0, 0), (x1, 0), (x2, fh), (0, fh)]
            if edge == "right":
                poly = [(fw - x, y) for x, y in poly]
        else:
            y1, y2 = depth * fh * (0.6 + 0.8 * a), depth * fh * (0.6 + 0.8 * b)
            poly = [(0, 0), (fw, 0), (fw, y2), (0, y1)]
            if edge == "bottom":
                poly = [(x, fh - y) for x, y in poly]
        cv2.fillPoly(sm, [np.int32(poly)], 1.0)
        sm = cv2.GaussianBlur(sm, (0, 0), fw * rnd.uniform(0.01, 0.04))
        sd = _r(rnd, *((0.15, 0.3) if level <= 2 else (0.3, 0.5)), 3)
        out *= (1 - sd * sm)[..., None]
        deg["shadow"] = {"edge": edge, "strength": sd}
    cast = [round(rnd.uniform(-0.06, 0.06), 3) for _ in range(3)]
    deg["colour_cast"] = cast
    out *= 1 + np.array(cast, np.float32)
    out = np.clip(out, 0, 255).astype(np.uint8)
    b = _r(rnd, *{1: (0.5, 1.0), 2: (0.9, 1.5), 3: (1.4, 2.2)}[level])
    deg["blur_sigma"] = b
    out = cv2.GaussianBlur(out, (0, 0), b)
    s = _r(rnd, *{1: (1.5, 3.5), 2: (3.0, 6.0), 3: (5.0, 9.0)}[level], 1)
    deg["gaussian_noise_sigma"] = s
    out = np.clip(out.astype(np.float32) + rng.normal(0, s, out.shape).astype(np.float32),
                  0, 255).astype(np.uint8)
    if cap.rotation_cw:
        deg["rotation_cw_deg"] = cap.rotation_cw
        out = rotate_cw(out, cap.rotation_cw)
        ink = rotate_cw(ink, cap.rotation_cw)
    return Result(out, 72, deg, {}, ink)
