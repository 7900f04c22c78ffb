"""Image cleaning for OCR. Pure functions: array in, array out (and the decision they made).

The archived original is never touched; these images only feed the OCR engine.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

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
    """Remove red/magenta seal ink; print under the seal stays (a page with none comes back
    as it is, not copied).

    In reddish pixels every channel takes the red channel's value: red ink is bright there, so
    the seal fades to paper, while black print multiplied by the seal stays dark, anti-aliased
    edges included."""
    if rgb.ndim == 2:
        return rgb
    red = _reddish(rgb)
    if not red.any():
        return rgb  # no red: the page as it is (not a copy)
    out = rgb.copy()
    out[red] = rgb[..., 0][red][:, None]
    return out


def pen_blue(rgb: np.ndarray) -> np.ndarray | None:
    """How much bluer than grey each pixel of a colour page is (its blue less the larger of
    its red and green, in levels): a ballpoint's blue ink against the print's black (a
    number filled in by hand, `ocr.figures`). None for a page without colour (a grey or
    1-bit scan stored as RGB), where nothing can be told by it."""
    if rgb.ndim == 2:
        return None
    channels = rgb.astype(np.int16)
    r, g, b = channels[..., 0], channels[..., 1], channels[..., 2]
    if int(np.abs(r - g).max()) == 0 and int(np.abs(g - b).max()) == 0:
        return None
    return b - np.maximum(r, g)


def _reddish(rgb: np.ndarray) -> np.ndarray:
    """Pixels of red or magenta ink (a seal's, a stamp's) on a colour page."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    h, s = hsv[..., 0], hsv[..., 1]
    return ((h <= 15) | (h >= 155)) & (s >= 50)


def red_ink(rgb: np.ndarray) -> np.ndarray | None:
    """A colour page's red and magenta ink alone, black on white (what `suppress_red` takes
    away: a red stamp's frame among it); None when the page has none (grey, 1-bit)."""
    red = None if rgb.ndim == 2 else _reddish(rgb)
    return None if red is None or not red.any() else np.where(red, 0, 255).astype(np.uint8)


def rotate_small(img: np.ndarray, angle: float, white: bool = True) -> np.ndarray:
    """Rotate by a small angle about the centre, filling with white (or black)."""
    if abs(angle) < 0.05:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    v = 255 if white else 0
    fill = v if img.ndim == 2 else (v, v, v)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def background_reach(shape: tuple[int, ...]) -> int:
    """The width, in pixels, of the square over which a page's background is judged
    (`flatten_background`): wider than any stroke, a sixtieth of the shorter side."""
    return max(15, (min(shape[:2]) // 60) | 1)


def flatten_background(gray: np.ndarray, coarse: bool = False) -> np.ndarray:
    """Divide out uneven lighting (phone photos, shadows, yellowed paper). ``coarse``: the
    background's median taken at half size (a tenth of its cost on a whole page), for judging
    the page's orientation and skew, which read a reduced page anyway (the same geometry on
    100 of 100 pages checked); the page as read keeps the full median (at half size a name
    by a 1-bit seal was lost)."""
    k = background_reach(gray.shape)
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    if coarse:
        h, w = background.shape
        half = cv2.resize(background, (max(1, w // 2), max(1, h // 2)),
                          interpolation=cv2.INTER_AREA)
        background = cv2.resize(cv2.medianBlur(half, 11), (w, h),
                                interpolation=cv2.INTER_LINEAR)
    else:
        background = cv2.medianBlur(background, 21)
    return cv2.divide(gray, background, scale=255)


#: show-through faded out: ink less than this share as deep as the deepest ink around it
#: goes (the back's print is seen through the paper, lighter than the page's own print
#: beside it, however unevenly that print has faded)
BACK_SHARE = 0.5
#: "around": a square this many inches wide (about four lines of print)
BACK_REACH_IN = 0.85


def fade_show_through(flat: np.ndarray, dpi: int) -> np.ndarray:
    """A flattened grey page with the back's print showing through whitened: every pixel whose
    ink is less than `BACK_SHARE` as deep as the deepest ink within `BACK_REACH_IN` (that
    maximum averaged over the same reach, so that one dark speck does not whiten a line).
    Where print fades by patches a single threshold takes the page's lighter words with the
    back's print; this one follows the fading. A preparation for pages where show-through
    was found, not for every page: it thins faint strokes."""
    win = max(3, round(BACK_REACH_IN * dpi) | 1)
    ink = 255 - flat
    deepest = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (win, win // 2)))
    around = cv2.blur(deepest, (win, win))
    out = flat.copy()
    out[ink.astype(np.float32) < BACK_SHARE * around.astype(np.float32)] = 255
    return out


def denoise(gray: np.ndarray) -> np.ndarray:
    return cv2.medianBlur(gray, 3)


def scale_to_300(gray: np.ndarray, dpi: int) -> float:
    """How far to enlarge a page scanned at under 300 dpi (at most 1.5 times, and only if the
    result stays under 40 megapixels); 1.0 when it need not or should not be."""
    scale = min(1.5, 300 / max(dpi, 1))
    return scale if scale > 1.2 and gray.size * scale * scale <= 40e6 else 1.0


def enlarge(gray: np.ndarray, scale: float) -> np.ndarray:
    """The page enlarged (bicubic): strokes of small print at 200 dpi get the pixels the
    readers were trained on."""
    h, w = gray.shape
    return cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_CUBIC)


def is_bilevel(gray: np.ndarray) -> bool:
    """Whether a page holds only black and white (a 1-bit scan)."""
    sample = gray[::7, ::7]
    return bool(((sample == 0) | (sample == 255)).all())


#: 1-bit: a square `DARK_GROUND_REACH` inches wide more than this share black is the paper
#: itself turned black (the scanner's threshold under a shadow or uneven light, with a
#: speckle of white), not print: lines of print, bold capitals too, leave most of such a
#: square white
DARK_GROUND_INK = 0.5
DARK_GROUND_REACH = 0.4


#: 1-bit: where more than this share is black over `DARK_GROUND_REACH`, the paper around a
#: word is too black to see it on (the corpus's legibility measure puts a word out of sight
#: from 0.7): whitened once the dark ground is evened out (`even_dark_ground`)
BLACK_GROUND_INK = 0.85
#: the grey of the paper about each pixel is the median over a square this many inches wide
#: (about two lines of print)
EVEN_REACH_IN = 0.4


def black_share(gray: np.ndarray, dpi: int) -> np.ndarray:
    """For each pixel of a 1-bit page, the share of black within `DARK_GROUND_REACH`."""
    side = max(3, round(DARK_GROUND_REACH * dpi) | 1)
    return cv2.blur((gray < 128).astype(np.float32), (side, side))


def dark_ground(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Where a 1-bit page's paper came out black (`DARK_GROUND_INK`): a mask, True there."""
    return black_share(gray, dpi) > DARK_GROUND_INK


def even_dark_ground(soft: np.ndarray, share: np.ndarray, dpi: int) -> np.ndarray:
    """A smoothed 1-bit page (`smooth_bilevel`, ``dpi`` its resolution as smoothed) whose
    scanner's threshold turned part of its paper black with a speckle of white: each pixel
    divided by the grey of the paper about it (the median over `EVEN_REACH_IN`, which the
    print, thinner than the speckle's reach, does not set), so that print in the speckle
    stands black on white again, as a person sees it there; and where the page was all
    but black (``share``, its `black_share` as scanned, over `BLACK_GROUND_INK`), white.
    The flattening for grey pages takes the paper's grey from the lightest pixels about
    each one (`flatten_background`): a speckle of white sets it to white, and the speckle
    stayed as dark as the print."""
    h, w = soft.shape
    small = cv2.resize(soft, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    side = max(3, round(EVEN_REACH_IN * dpi / 4) | 1)
    paper = cv2.resize(cv2.medianBlur(small, side), (w, h), interpolation=cv2.INTER_LINEAR)
    out = cv2.divide(soft, np.maximum(paper, 1), scale=255)
    black = cv2.resize(share, (w, h), interpolation=cv2.INTER_LINEAR) > BLACK_GROUND_INK
    out[black] = 255
    return out


def smooth_bilevel(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, float]:
    """A 1-bit scan made grey again, as the readers were trained to see print: blurred over
    about a stroke's width (dither and speckle merge into grey background, strokes keep their
    core), and enlarged to 300 dpi when scanned at less. Returns the image and the scale."""
    k = 7 if dpi < 250 else 5
    soft = cv2.GaussianBlur(gray, (k, k), 0)
    scale = scale_to_300(gray, dpi)
    return (enlarge(soft, scale), scale) if scale != 1.0 else (soft, 1.0)


def thicken_bilevel(gray: np.ndarray) -> np.ndarray:
    """A 1-bit scan's print grown by a pixel each way (the darkest of each 3 x 3): where
    faded ink fell under the scanner's threshold, its strokes came out as specks a pixel or
    two apart ("Thời gian" a dotted outline), and grown they join into strokes again. Print
    that came out whole grows heavier and its counters close a little; the page is read so
    only as one more reading of a page read poorly (`ocr.engine`)."""
    return cv2.erode(gray, np.ones((3, 3), np.uint8))


def despeckle(gray: np.ndarray) -> np.ndarray:
    """Speckle and dither (a 1-bit scan of a grey or shaded sheet) smoothed away: a median of
    5 pixels, then a light blur, so that the background can be told from print again."""
    return cv2.GaussianBlur(cv2.medianBlur(gray, 5), (3, 3), 0)


def binarize(gray: np.ndarray) -> np.ndarray:
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return bw


#: Print inside a dark region found at the edge of a photographed sheet (its shadowed top,
#: dark under one threshold for the whole page) is at least this many grey levels, and half,
#: darker than the paper around it (`BORDER_PAPER_REACH` of the page's shorter side, specks
#: of a pixel or two set aside), and half as many darker than the shadow right around it
PRINT_IN_BORDER = 60
BORDER_PAPER_REACH = 0.01


#: A scanner lid's band is darker than half the page's ink/paper threshold (the grey of
#: print); shaded paper is not: a vignette's corners, a shadow along an edge, dark under the
#: threshold and joined to the band, are the paper's, and the print in them is print
#: (seed 8989 held-025_p1 lost the national title's end, "phúc" and the date's year with a
#: vignetted corner whitened as part of the lid's band beside it)
BAND_DEPTH = 0.5
#: and at least this share of the page's shorter side thick: print's strokes are thinner
BAND_THICKNESS = 1 / 150


def remove_dark_border(gray: np.ndarray, band: float = 0.08,
                       shadowed: bool = False) -> tuple[np.ndarray, int]:
    """The page with its dark border (`dark_border`) filled with the paper beside it
    (`fill_border`), and how many pixels were filled (0: nothing found, image as is)."""
    return fill_border(gray, dark_border(gray, band, shadowed))


def dark_border(gray: np.ndarray, band: float = 0.08, shadowed: bool = False) -> np.ndarray:
    """The dark bands a scanner lid leaves along the edges: regions darker than print's
    threshold (`BAND_DEPTH`) and thicker than its strokes (`BAND_THICKNESS`) that touch the
    image's edge, run along at least a fifth of it, and lie within ``band`` of the edges, and
    lines as dark and as long along the very edge, with the dark pixels at their rim (a
    blurred edge), not the paper beyond. To be found on the page as scanned, before it is
    straightened: a band is square with the scanner, not with the sheet. On a photographed
    sheet (``shadowed``) such a region is a shadow over its edge, and the print in it is not
    the band's (`PRINT_IN_BORDER`; seed 2611 held-021_p1 lost "CỘNG HÒA XÃ HỘI CHỦ NGHĨA"
    with its shadowed top); a scanner's band holds none."""
    t, dark = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    h, w = gray.shape
    thick = max(3, round(BAND_THICKNESS * min(h, w)))
    deep = (cv2.medianBlur(gray, 5) <= BAND_DEPTH * t).astype(np.uint8)
    black = gray <= BAND_DEPTH * t
    if not any(m[0].any() or m[-1].any() or m[:, 0].any() or m[:, -1].any()
               for m in (deep, black)):
        return np.zeros((h, w), bool)  # nothing that dark along the edge: no band
    core = cv2.morphologyEx(deep, cv2.MORPH_OPEN, np.ones((thick, thick), np.uint8))

    def along_edge(x: int, y: int, bw: int, bh: int) -> bool:
        """Touching the image's edge and running along at least a fifth of it."""
        return (x == 0 or y == 0 or x + bw == w or y + bh == h) and _long(bw, bh, w, h)

    n, labels, stats = _edge_pieces(core)
    bx, by = max(1, int(w * band)), max(1, int(h * band))
    inner = np.zeros((h, w), bool)
    inner[by:h - by, bx:w - bx] = True
    border = []
    for k in range(1, n):
        x, y, bw, bh, area = stats[k]
        if not along_edge(x, y, bw, bh):
            continue
        sub = labels[y:y + bh, x:x + bw] == k
        if (sub & inner[y:y + bh, x:x + bw]).sum() <= 0.05 * area:
            border.append(k)
    # and lines as dark but thinner along the very edge (the sheet's or the lid's edge)
    strip = black.astype(np.uint8)
    strip[thick:h - thick, thick:w - thick] = 0
    m, lines, line_stats = _edge_pieces(strip)
    edges = [k for k in range(1, m) if along_edge(*line_stats[k][:4])]
    if not border and not edges:
        return np.zeros((h, w), bool)
    found = np.zeros((h, w), bool)  # a mask with no pieces left its labels unmade (all 0)
    for image, pieces in ((labels, border), (lines, edges)):
        if pieces:
            found |= np.isin(image, pieces)
    rim = cv2.dilate(found.astype(np.uint8), np.ones((7, 7), np.uint8))
    mask = (rim > 0) & (dark > 0)
    if shadowed:
        mask &= ~_print_in_shadow(gray, mask)
    return mask


def _long(bw: int, bh: int, w: int, h: int) -> bool:
    """Whether a piece ``bw`` wide and ``bh`` high runs along at least a fifth of a side of
    a ``w`` by ``h`` image (a lid's band, a sheet's edge; not a letter touching it)."""
    return bw >= w / 5 or bh >= h / 5


def _edge_pieces(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """``mask``'s 8-connected pieces (count, labels, stats), or none (1, an empty label
    image, no stats) when none of them can touch the image's edge and run along it
    (`_long`): nothing of the mask on its outermost rows and columns, or too few columns
    and rows taken (a piece's columns, and its rows, are a run: what it spans it covers).
    The labelling costs tens of milliseconds a page, and most pages have no such piece."""
    h, w = mask.shape
    if mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any():
        cols, rows = np.count_nonzero(mask.any(axis=0)), np.count_nonzero(mask.any(axis=1))
        if _long(cols, rows, w, h):
            n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
            return n, labels, stats
    return 1, np.zeros((h, w), np.int32), np.zeros((1, 5), np.int32)


def fill_border(gray: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, int]:
    """``gray`` with the pixels of ``mask`` filled with the paper beside them
    (`_paper_beside`; white where none is near), and how many there were."""
    if not mask.any():
        return gray, 0
    out = gray.copy()
    out[mask] = _paper_beside(gray, mask)[mask]
    return out, int(mask.sum())


def _paper_beside(gray: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """For each pixel, the lightest grey of the page outside ``mask`` within the reach over
    which `flatten_background` judges the background (after a median over 5 pixels, off the
    region: specks are no paper); white where no such pixel is in reach. A band cut out of
    a shaded sheet by a threshold leaves a ragged rim of the shade's darker pixels, and next
    to white that rim stands out from a background judged white as a line of print (seed
    8989 held-011_p1, a flatbed scan shaded along its top, when the shade was taken for a
    band: "404", read before the header, whose two columns were then read as one); filled
    with the paper beside it, the rim is the paper's own grain."""
    reach = background_reach(gray.shape)
    # the median's window reaches 2 pixels: nearer the region, it takes the region in
    off = cv2.dilate(mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    paper = np.where(off, 0, cv2.medianBlur(gray, 5)).astype(np.uint8)
    near = cv2.dilate(paper, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach)))
    near[near == 0] = 255
    return near


def _print_in_shadow(gray: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The print in a shadow at the edge (``mask``): pieces of pixels much darker than the
    paper near them (the page's grey after a median over 5 pixels, so that specks are not
    taken for paper, closed over `BORDER_PAPER_REACH` of its shorter side) and darker than
    the shadow right around them. Not along the image's very edge, nor the shadow's ragged
    rim, as dark as the shadow beside it."""
    h, w = gray.shape
    side = max(3, round(BORDER_PAPER_REACH * min(h, w)) | 1)
    paper = cv2.morphologyEx(cv2.medianBlur(gray, 5), cv2.MORPH_CLOSE,
                             np.ones((side, side), np.uint8)).astype(np.int16)
    found = mask & (gray < np.minimum(paper - PRINT_IN_BORDER, paper // 2))
    found[:side], found[-side:], found[:, :side], found[:, -side:] = False, False, False, False
    n, labels = cv2.connectedComponents(found.astype(np.uint8), connectivity=8)
    if n <= 1:
        return found
    # the shadow around each piece: 2 to 3 pixels off it
    grown = cv2.dilate(labels.astype(np.float32), np.ones((7, 7), np.uint8))
    ring = mask & (grown > 0) & (cv2.dilate(found.astype(np.uint8), np.ones((3, 3), np.uint8)) == 0)
    at, of = labels[found], grown[ring].astype(np.int64)
    ink = np.bincount(at, gray[found], n) / np.maximum(1, np.bincount(at, None, n))
    ringed = np.bincount(of, None, n)
    around = np.bincount(of, gray[ring], n) / np.maximum(1, ringed)
    keep = (ringed > 0) & (around - ink >= PRINT_IN_BORDER / 2)
    keep[0] = False
    return keep[labels]


#: how far a stroke's lighter pixels may reach from the ink/paper threshold towards the
#: paper and still be print when they are joined to print, tried widest first: the hairlines
#: of a high-contrast face (an H's bar, an N's diagonal, a hyphen) are a pixel or less wide,
#: so a scan renders them grey, lighter than the threshold
HAIRLINE_REACHES = (0.75, 0.625, 0.5, 0.375, 0.25)

#: at a reach, marks standing apart from print (show-through, paper texture, noise) may hold
#: at most this share of the pixels joined to print: beyond it, the page's paper has marks at
#: that grey and a stroke's lighter pixels there cannot be told from them
STANDALONE_SHARE = 0.1


def hairlines(gray: np.ndarray) -> np.ndarray:
    """Pixels lighter than the ink/paper threshold (Otsu) that are print all the same: joined
    to print, at the widest reach (`HAIRLINE_REACHES`) at which the paper holds few marks of
    that grey standing apart (`STANDALONE_SHARE`). All False when there is no such reach (a
    noisy page, strong show-through): the threshold alone decides, as before."""
    t, strong = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    strong = strong > 0
    counts = np.bincount(gray.ravel(), minlength=256).cumsum()
    paper = float(np.searchsorted(counts, gray.size / 2))  # the median grey: paper
    for reach in HAIRLINE_REACHES:
        light = (gray < t + reach * max(0.0, paper - t)).astype(np.uint8)
        n, labels = cv2.connectedComponents(light, connectivity=8)
        in_print = labels[strong]
        joined = np.bincount(in_print, minlength=n) > 0
        joined[0] = False
        near = joined[labels]  # print and the light pixels joined to it
        with_print = np.count_nonzero(near)
        apart = np.count_nonzero(light) - with_print
        if apart <= STANDALONE_SHARE * (with_print - np.count_nonzero(in_print)):
            return near & ~strong
    return np.zeros_like(strong)


def whiten_background(gray: np.ndarray, hair: np.ndarray | None = None) -> np.ndarray:
    """Everything lighter than the ink/paper threshold (Otsu) becomes white, but a stroke's
    hairlines (``hair``, else `hairlines`); print keeps its shading. Removes faint show-through
    from the back of the sheet and paper texture."""
    hair = hairlines(gray) if hair is None else hair
    t, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    out = gray.copy()
    out[(gray > t) & ~hair] = 255
    return out


def clean_for_lines(flat: np.ndarray, hair: np.ndarray | None = None) -> np.ndarray:
    """Flattened, seal-free grey page -> page for the line reader: show-through and paper
    texture whitened, print keeps its shading and its hairlines (``hair``, else
    `hairlines`)."""
    return whiten_background(flat, hair)


def clean_for_tesseract(flat: np.ndarray, hair: np.ndarray | None = None) -> np.ndarray:
    """Flattened, seal-free grey page -> binary page for Tesseract: speckle removed, Otsu;
    a stroke's hairlines (``hair``, else `hairlines`) black too (the median would take them
    for speckle). Not when they outnumber the print and leave the page `speckled`: a grainy
    grey scan's grain joins its print at the hairlines' grey, and taken as hairlines it
    blackened a tenth of the page (10202's held-011: Tesseract laid out 400,000 specks for 75
    CPU-s a reading and read 14 words)."""
    bw = binarize(denoise(flat))
    hair = hairlines(flat) if hair is None else hair
    if np.count_nonzero(hair) > np.count_nonzero(bw == 0):  # more "hairlines" than print
        with_hair = bw.copy()
        with_hair[hair] = 0
        return bw if speckled(with_hair) else with_hair
    bw[hair] = 0
    return bw


#: A binary page is speckled when this share of its black pixels or more lies in specks of
#: `SPECK_PIXELS` or fewer. Measured on Tesseract's page at the first reading of 970 pages
#: (`dev`, `dev-wide`, the bench corpus, a tuning rendering of seed 7101, renderings
#: 9393-10202): 0.06 at most, but 0.44 and 0.77 on the two grainy scans (10202 held-011_p1,
#: 10101 held-006_p2).
SPECKLED = 0.2
SPECK_PIXELS = 4


def speckled(bw: np.ndarray) -> bool:
    """Whether a binary page (print black) is mostly specks (`SPECKLED`)."""
    _, _, stats, _ = cv2.connectedComponentsWithStats((bw == 0).astype(np.uint8),
                                                      connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    return bool(areas.size) and areas[areas <= SPECK_PIXELS].sum() >= SPECKLED * areas.sum()


#: How much darker than the disc and its surround a seal's ring line must be (share of its
#: circumference dark, above the median over radii): a dark, speckled corner of a 1-bit scan
#: has circles everywhere, none darker than the rest.
RING_STANDS_OUT = 0.2


#: the angles a seal's circles are sampled at: every half degree
RING_ANGLES = np.linspace(0, 2 * np.pi, 720, endpoint=False)


def _ring_darkness(dark: np.ndarray, cx: float, cy: float, radii: np.ndarray) -> np.ndarray:
    """For each radius, the share of points on that circle (`RING_ANGLES`) that are dark."""
    h, w = dark.shape
    xs = np.clip((cx + radii[:, None] * np.cos(RING_ANGLES)).astype(int), 0, w - 1)
    ys = np.clip((cy + radii[:, None] * np.sin(RING_ANGLES)).astype(int), 0, h - 1)
    return dark[ys, xs].mean(axis=1)


#: where a seal's centre is looked for around the one found on the reduced copy: these pixels
#: off it, across and down
CENTRE_STEPS = range(-6, 7, 2)


def _centred(dark: np.ndarray, cx: float, cy: float, radii: np.ndarray) -> tuple[float, float]:
    """The centre, of (cx, cy) moved by `CENTRE_STEPS` across and down, round which the
    circles of ``radii`` are darkest (the sum over radii of the square of `_ring_darkness`;
    the first such centre, across then down). The same points are looked at for each centre,
    moved: they are worked out once, on the square the circles reach (its pixels beyond the
    page's edge the edge's own, as `_ring_darkness` takes them)."""
    h, w = dark.shape
    m = max(abs(CENTRE_STEPS.start), abs(CENTRE_STEPS.stop - 1))
    xs = np.clip(np.floor(cx + radii[:, None] * np.cos(RING_ANGLES)).astype(np.intp), -m, w - 1 + m)
    ys = np.clip(np.floor(cy + radii[:, None] * np.sin(RING_ANGLES)).astype(np.intp), -m, h - 1 + m)
    x0, y0, x1, y1 = xs.min() - m, ys.min() - m, xs.max() + m + 1, ys.max() + m + 1
    square = np.pad(dark[max(0, y0):min(h, y1), max(0, x0):min(w, x1)],
                    ((max(0, y0) - y0, y1 - min(h, y1)), (max(0, x0) - x0, x1 - min(w, x1))),
                    mode="edge").astype(np.uint8)
    width, flat = square.shape[1], square.ravel()
    at = (ys - y0) * width + (xs - x0)
    best, most = (cx, cy), -1.0
    for dx in CENTRE_STEPS:
        for dy in CENTRE_STEPS:
            share = np.add.reduce(flat.take(at + (dy * width + dx)), axis=1,
                                  dtype=np.int64) / RING_ANGLES.size
            if (score := float((share ** 2).sum())) > most:
                best, most = (cx + dx, cy + dy), score
    return best


def remove_seal_rings(gray: np.ndarray, min_share: float = 0.4,
                      bilevel: bool = False) -> tuple[np.ndarray, int]:
    """Remove a round seal that lost its colour (a grey or 1-bit scan); print under it stays.

    Circles are found on a reduced copy (Hough); one counts as a seal when at least
    ``min_share`` of its circumference is darker than the paper. In a grey scan the seal's ink
    is much lighter than print: inside the seal everything lighter than halfway between the two
    becomes paper. In a 1-bit scan (``bilevel``; the seal as dark as print, whatever grey
    smoothing gave its thin lines) only the thin circular bands that are dark all round (the
    ring lines, out to the outer one) are whitened, and only where no print touches them.
    Returns the image and the number of seals found."""
    h, w = gray.shape
    scale = 600 / w
    small = cv2.GaussianBlur(cv2.resize(gray, (600, max(1, round(h * scale))),
                                        interpolation=cv2.INTER_AREA), (5, 5), 1.5)
    found = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT, dp=1, minDist=60, param1=120,
                             param2=40, minRadius=30, maxRadius=84)
    if found is None:
        return gray, 0
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    marked = gray < max(otsu, 200)
    ink = gray[gray < otsu]
    print_level = float(np.median(ink)) if ink.size else 0.0
    out, seals = gray, 0
    for x, y, r in found[0][:4]:
        cx, cy, r = x / scale, y / scale, r / scale
        radii = np.arange(0.55 * r, 1.35 * r, 1.0)
        # The reduced copy places the centre to within a few pixels: refine it on the page.
        cx, cy = _centred(marked, cx, cy, radii)
        share = _ring_darkness(marked, cx, cy, radii)
        if share.max() < min_share or share.max() - np.median(share) < RING_STANDS_OUT:
            continue  # no ring, or one no darker than all around it (noise, a dark corner)
        rim, ring_share = radii[share.argmax()], float(share.max())
        outer = radii[share >= 0.6 * share.max()].max()
        rx = np.clip((cx + rim * np.cos(RING_ANGLES)).astype(int), 0, w - 1)
        ry = np.clip((cy + rim * np.sin(RING_ANGLES)).astype(int), 0, h - 1)
        on_rim = gray[ry, rx][marked[ry, rx]]
        seal_level = float(np.median(on_rim)) if on_rim.size else 0.0
        if out is gray:
            out = gray.copy()
        # only the seal's square is worked on: its disc and ring lines, and around them as far
        # as a stroke that crosses a ring line is looked for (`_bridged`'s gap)
        square, dist = _around(gray.shape, cx, cy,
                               outer + 0.06 * r + 4 + (radii[-1] - radii[0]) + 12)
        box, here = gray[square], out[square]
        disc = dist <= outer + 0.06 * r
        # a 1-bit scan's seal is as black as its print, whatever grey smoothing gave its
        # thin lines (they would pass for a lighter ink, and the print over them with them)
        cut = None if bilevel else _two_inks(box[disc & (box < 230)])
        if cut is None and not bilevel and seal_level - print_level > 60:
            cut = (seal_level + print_level) / 2
        wider = _outer_ring(marked, cx, cy, radii[-1], OUTER_RING_REACH * r, ring_share)
        if cut is not None:
            # a grey scan: the seal's ink is lighter than the print over it; everything
            # lighter than the cut between them goes (rings, lettering, star), out to the
            # outer ring when Hough found the inner one (`_outer_ring`)
            if wider is not None:
                square, dist = _around(gray.shape, cx, cy, wider + 0.06 * r + 2)
                box, here = gray[square], out[square]
                disc = dist <= wider + 0.06 * r
            here[disc & (box > cut)] = 255
        else:
            # one ink: only the ring lines go (a stroke that crosses one keeps its pixels
            # there, `_bridged`, and so does a letter that touches or runs along one,
            # `_print_on_ring`), out to the outer ring when Hough found the inner one
            rings = radii[share >= 0.6 * share.max()]
            if wider is not None:
                far = np.arange(radii[-1], wider + 3, 1.0)
                rings = np.concatenate(
                    [rings, far[_ring_darkness(marked, cx, cy, far) >= 0.6 * ring_share]])
                square, dist = _around(gray.shape, cx, cy, wider + 0.06 * r + 24)
                box, here = gray[square], out[square]
            dark = box < 128
            centre = (cx - square[1].start, cy - square[0].start)   # in the square
            yy, xx = np.ogrid[:dark.shape[0], :dark.shape[1]]
            angle = np.mod(np.arctan2(yy - centre[1], xx - centre[0]), 2 * np.pi)
            for r0, r1 in _runs(rings):
                ring = dark & (dist >= r0 - RING_MARGIN) & (dist <= r1 + RING_MARGIN)
                kept = _bridged(ring, dark & ~ring, int(r1 - r0) + 10) | \
                    (ring & _print_on_ring(dark, angle, centre, r0, r1))
                here[ring & ~kept] = 255
        seals += 1
    return out, seals


def _around(shape: tuple[int, ...], cx: float, cy: float,
            reach: float) -> tuple[tuple[slice, slice], np.ndarray]:
    """The square reaching ``reach`` from (cx, cy) on an image of ``shape`` (clipped to it),
    and each of its pixels' distance from that centre."""
    h, w = shape[:2]
    x0, x1 = max(0, int(cx - reach)), min(w, int(cx + reach) + 2)
    y0, y1 = max(0, int(cy - reach)), min(h, int(cy + reach) + 2)
    yy, xx = np.ogrid[y0:y1, x0:x1]
    return (slice(y0, y1), slice(x0, x1)), np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)


#: How far out from the circle Hough found a grey seal's outer ring is looked for, in its
#: radii: Hough may find the thin inner ring, and the thick outer one then lies half as far
#: out again (1.4 to 1.55 times on the seals the generator draws; on 2 of 5 grey seals of a
#: tuning corpus Hough found the inner one).
OUTER_RING_REACH = 1.65


def _outer_ring(marked: np.ndarray, cx: float, cy: float, start: float, stop: float,
                ring_share: float) -> float | None:
    """The radius of the outermost ring line between ``start`` and ``stop`` as dark all round
    as most of the ring found (``ring_share`` of its circle dark), None when there is none."""
    radii = np.arange(start, stop, 1.0)
    if not radii.size:
        return None
    share = _ring_darkness(marked, cx, cy, radii)
    dark = radii[share >= 0.6 * ring_share]
    return float(dark.max()) if dark.size else None


def _two_inks(inked: np.ndarray, apart: float = 50.0) -> float | None:
    """The level halfway between the print (the darkest 2% of the inked pixels of a seal's
    disc) and the seal's ink (their median: the seal covers most of its disc), when they lie
    at least ``apart`` grey levels apart (a grey scan); None when it is one ink (1-bit)."""
    if inked.size < 100:
        return None
    dark, seal = float(np.percentile(inked, 2)), float(np.median(inked))
    return (dark + seal) / 2 if seal - dark >= apart else None


#: How far (pixels) either side of a 1-bit seal's ring line, as its darkness round the circle
#: places it, its pixels are taken for the ring's
RING_MARGIN = 3
#: How far (pixels, at the page's scale) ink must run on from a ring line's band, along the
#: radius, for the ring's pixels at that angle to be taken for print lying on it: more than a
#: speck of dust touching the ring.
REACHES_INTO_RING = 3


def _print_on_ring(dark: np.ndarray, angle: np.ndarray, centre: tuple[float, float],
                   r0: float, r1: float) -> np.ndarray:
    """The pixels of ``dark`` (a seal's square, True where inked; ``angle``: each pixel's
    angle round ``centre``, x and y in the square) at the angles where ink running along the
    radius goes on past the ring line's band (``r0`` to ``r1``, `RING_MARGIN` either side) for
    at least `REACHES_INTO_RING` pixels: a letter that touches the ring, ends
    on it or runs along it. There the ring cannot be told from the letter, and whitening it
    would take the letter's strokes ("Bùi" read "Bế", "Thu" read "Tú"); so both stay, and the
    letter may keep a stub of ring. Elsewhere the ring stands alone and goes."""
    thick = r1 - r0 + 1
    n = max(360, int(2 * np.pi * (r1 + RING_MARGIN)))
    ang = np.arange(n) * 2 * np.pi / n
    lo, hi = r0 - RING_MARGIN - 2 * thick - 4, r1 + RING_MARGIN + 2 * thick + 4
    radii = np.arange(lo, hi + 1, 1.0)
    h, w = dark.shape
    xs = np.round(centre[0] + radii[None, :] * np.cos(ang)[:, None]).astype(int)
    ys = np.round(centre[1] + radii[None, :] * np.sin(ang)[:, None]).astype(int)
    prof = dark[np.clip(ys, 0, h - 1), np.clip(xs, 0, w - 1)]      # angle x radius
    band = (radii >= r0 - RING_MARGIN) & (radii <= r1 + RING_MARGIN)
    # each run of ink along a radius labelled: a new label after every paper pixel
    ids = np.cumsum(~prof, axis=1) + np.arange(n)[:, None] * (prof.shape[1] + 1)
    inband = prof & band[None, :]
    length = np.bincount(ids[prof], minlength=ids.max() + 1)
    within = np.bincount(ids[inband], minlength=ids.max() + 1)
    beyond = np.where(inband, (length - within)[ids], 0).max(axis=1)  # a run past the band
    at = np.round(angle / (2 * np.pi) * n).astype(int) % n
    return (beyond >= REACHES_INTO_RING)[at]


def _bridged(removed: np.ndarray, rest: np.ndarray, gap: int) -> np.ndarray:
    """The removed pixels that a stroke crosses: ink on both sides of them, vertically or
    horizontally, within ``gap`` pixels (a morphological closing of what is left)."""
    u8 = rest.astype(np.uint8)
    across = (cv2.morphologyEx(u8, cv2.MORPH_CLOSE, np.ones((gap, 1), np.uint8))
              | cv2.morphologyEx(u8, cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8)))
    return removed & across.astype(bool)


def _runs(values: np.ndarray, step: float = 1.5) -> list[tuple[float, float]]:
    """Contiguous runs of sorted radii: [(first, last), ...]."""
    runs: list[tuple[float, float]] = []
    for v in np.sort(values):
        if runs and v - runs[-1][1] <= step:
            runs[-1] = (runs[-1][0], float(v))
        else:
            runs.append((float(v), float(v)))
    return runs


def _order_corners(pts: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[s.argmin()], pts[d.argmin()], pts[s.argmax()], pts[d.argmax()]],
                    np.float32)


@dataclass(frozen=True)
class Shrunk:
    """A grey picture's copy at most 800 pixels long (``small``) and its ``scale``: what the
    sheet is looked for on, made once for all of `find_sheet`'s finders."""
    small: np.ndarray
    scale: float

    @classmethod
    def of(cls, gray: np.ndarray) -> Shrunk:
        h, w = gray.shape
        scale = 800 / max(h, w)
        return cls(cv2.resize(gray, (round(w * scale), round(h * scale)),
                              interpolation=cv2.INTER_AREA), scale)


def _reduced(gray: np.ndarray | Shrunk, blur: int) -> tuple[np.ndarray, float]:
    """A blurred copy at most 800 pixels long, and its scale, for finding the sheet."""
    shrunk = gray if isinstance(gray, Shrunk) else Shrunk.of(gray)
    return cv2.GaussianBlur(shrunk.small, (blur, blur), 0), shrunk.scale


def _bright_outline(gray: np.ndarray | Shrunk) -> tuple[np.ndarray | None, np.ndarray, float]:
    """The outline of the largest bright region of a reduced copy (a sheet lighter than the
    desk under it), that copy and its scale; None when there is no bright region."""
    small, scale = _reduced(gray, 7)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    page = max(contours, key=cv2.contourArea) if contours else None
    return page, small, scale


def find_page_quad(gray: np.ndarray | Shrunk) -> np.ndarray | None:
    """Corners of a sheet photographed on a darker surface, or None when the image is the
    page itself (a scan) or no clear four-cornered page stands out (its outline must follow
    sharp edges: a shadow's border is not the sheet's)."""
    page, small, scale = _bright_outline(gray)
    if page is None:
        return None
    sh, sw = small.shape
    x, y, bw, bh = cv2.boundingRect(page)
    margin = 0.01 * max(sh, sw)
    if x < margin or y < margin or x + bw > sw - margin or y + bh > sh - margin:
        return None  # the bright region reaches the frame: a scan, not a sheet on a desk
    area = cv2.contourArea(page) / (sh * sw)
    quad = cv2.approxPolyDP(page, 0.02 * cv2.arcLength(page, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad) or not 0.25 <= area <= 0.9:
        return None
    corners = _order_corners(quad.reshape(4, 2).astype(np.float32))
    return corners / scale if _edges_along(_edge_map(gray)[0], corners) else None


#: a sheet whose corners reach the picture's frame is taken for a photographed one only when
#: its outline is not a rectangle (a corner this far off square): a straight or skewed scan
#: with dark bands along its edges has a rectangular one (found at most 0.5° off), photos
#: held close 2° and more
OFF_SQUARE_DEG = 1.5
#: ... and when each side is a sheet's edge: this much lighter (grey levels) just inside it
#: than just outside (a shadow or a lighting gradient cut by the threshold is not)
EDGE_CONTRAST = 60


def find_sheet_at_frame(gray: np.ndarray | Shrunk) -> np.ndarray | None:
    """Corners of a photographed sheet that fills the picture, reaching its frame (the other
    finders take that for a scan, and could take the text block for the sheet). The bright
    region's outline has four corners, or five or six where the frame cuts corners off (the
    sheet's sides are then extended to where they meet, outside the picture). At least three
    of its sides are the sheet's own (not along the frame), each a sharp edge with paper
    inside and darker desk outside, and the outline is visibly not a rectangle: a straight or
    skewed scan with dark bands is left to deskewing. None otherwise."""
    page, small, scale = _bright_outline(gray)
    if page is None:
        return None
    sh, sw = small.shape
    hull = cv2.convexHull(page)
    if not 0.4 <= cv2.contourArea(hull) / (sh * sw) <= 0.98:
        return None
    poly = cv2.approxPolyDP(hull, 0.01 * cv2.arcLength(hull, True), True).reshape(-1, 2)
    corners = _enclosing_quad(poly.astype(np.float64))
    if corners is None:
        return None
    edges, _ = _edge_map(gray)
    corners = _fit_sides(edges, corners)
    reach = 0.01 * max(sh, sw)
    if not ((corners.min(axis=0) <= reach).any() or corners[:, 0].max() >= sw - 1 - reach
            or corners[:, 1].max() >= sh - 1 - reach):
        return None  # well inside the picture: find_page_quad_edges' case
    own = [k for k in range(4) if not _along_frame(corners[k], corners[(k + 1) % 4], sw, sh)]
    # a scanner's dark band has a side exactly along the picture: then a skewed scan's
    # exposed corners can make the outline look oblique, so a clearer slant is asked for
    banded = any(_axis_aligned(corners[k], corners[(k + 1) % 4]) for k in own)
    least = 2 * OFF_SQUARE_DEG if banded else OFF_SQUARE_DEG
    if len(own) < 3 or not _sheet_like(corners) or _off_square(corners) < least:
        return None
    contrast = [c for k, c in enumerate(_side_contrast(small, corners)) if k in own]
    measured = [c for c in contrast if c is not None]
    if len(measured) < 2 or min(measured) < EDGE_CONTRAST:  # (a side close to the frame
        return None                                           # has no desk to measure)
    if not _edges_along(edges, corners):
        return None
    return corners / scale


def _axis_aligned(p: np.ndarray, q: np.ndarray, tol_deg: float = 0.3) -> bool:
    """Whether the segment p-q runs within ``tol_deg`` of horizontal or vertical."""
    deg = float(np.degrees(np.arctan2(q[1] - p[1], q[0] - p[0]))) % 90
    return min(deg, 90 - deg) <= tol_deg


def _along_frame(p: np.ndarray, q: np.ndarray, sw: int, sh: int, m: float = 2.0) -> bool:
    """Whether the segment p-q runs along an edge of a sw x sh picture (within m pixels)."""
    return any(max(p[a], q[a]) <= m or min(p[a], q[a]) >= far - m
               for a, far in ((0, sw - 1), (1, sh - 1)))


def _enclosing_quad(poly: np.ndarray) -> np.ndarray | None:
    """The outline's corners (top-left, top-right, bottom-right, bottom-left): the outline
    itself when it has four, else the smallest convex four-sided figure whose sides lie on
    four of its sides and which holds it whole (a corner the frame cut off is restored). None
    for fewer than four or more than six corners."""
    n = len(poly)
    if n == 4:
        return _order_corners(poly.astype(np.float32))
    if not 5 <= n <= 6:
        return None
    sides = [np.cross([*poly[i], 1.0], [*poly[(i + 1) % n], 1.0]) for i in range(n)]
    best, best_area = None, np.inf
    for pick in itertools.combinations(range(n), 4):
        meets = [np.cross(sides[pick[j - 1]], sides[pick[j]]) for j in range(4)]
        if any(abs(h[2]) < 1e-9 for h in meets):
            continue
        quad = np.array([h[:2] / h[2] for h in meets], np.float32)
        outline = quad.reshape(-1, 1, 2)
        if not cv2.isContourConvex(outline):
            continue
        area = cv2.contourArea(outline)
        if area < best_area and all(cv2.pointPolygonTest(outline, (float(x), float(y)), True)
                                    >= -2 for x, y in poly):
            best, best_area = quad, area
    return None if best is None else _order_corners(best)


#: share of a side's length along which a found sheet's outline must follow an edge of the
#: picture (a shadow's soft border or a lighting gradient cut by a threshold does not)
EDGE_SUPPORT = 0.6


def _edge_map(gray: np.ndarray | Shrunk) -> tuple[np.ndarray, float]:
    """The sharp edges (Canny) of a reduced copy, and its scale."""
    small, scale = _reduced(gray, 5)
    med = float(np.median(small))
    return cv2.Canny(small, max(10, 0.33 * med), max(30, 0.66 * med)), scale


def _fit_sides(edges: np.ndarray, corners: np.ndarray, band: float = 10.0) -> np.ndarray:
    """The corners (reduced copy's pixels) moved to where the sheet's sides really run: each
    side not along the frame is fitted to the edge pixels within ``band`` of it (a threshold
    and a closing round a sheet's outline off by a few pixels, more near the frame)."""
    sh, sw = edges.shape
    ys, xs = np.nonzero(edges)
    pts = np.stack([xs, ys], axis=1).astype(np.float64)
    sides = []
    for k in range(4):
        p, q = corners[k].astype(np.float64), corners[(k + 1) % 4].astype(np.float64)
        side = np.cross([*p, 1.0], [*q, 1.0])
        if not _along_frame(p, q, sw, sh) and len(pts):
            d = q - p
            t = (pts - p) @ d / float(d @ d)
            off = np.abs((pts - p) @ np.array([-d[1], d[0]])) / float(np.hypot(*d))
            near = pts[(off <= band) & (t > 0.05) & (t < 0.95)]
            if len(near) >= 20:
                vx, vy, x0, y0 = cv2.fitLine(near.astype(np.float32), cv2.DIST_HUBER, 0, 0.01,
                                             0.01).ravel()
                side = np.cross([x0, y0, 1.0], [x0 + vx, y0 + vy, 1.0])
        sides.append(side)
    meets = [np.cross(sides[k - 1], sides[k]) for k in range(4)]
    if any(abs(h[2]) < 1e-9 for h in meets):
        return corners
    return np.array([h[:2] / h[2] for h in meets], np.float32)


def _edges_along(edges: np.ndarray, corners: np.ndarray) -> bool:
    """Whether each side of the quadrilateral (the edge map's pixels) runs along a sharp edge
    for at least EDGE_SUPPORT of its length (the part inside the picture)."""
    sh, sw = edges.shape
    edges = cv2.dilate(edges, np.ones((5, 5), np.uint8))
    q = np.asarray(corners, float)
    along = np.linspace(0.05, 0.95, 60)[:, None]
    for k in range(4):
        pts = q[k] + along * (q[(k + 1) % 4] - q[k])
        seen = ((pts[:, 0] >= 3) & (pts[:, 0] < sw - 3) & (pts[:, 1] >= 3)
                & (pts[:, 1] < sh - 3))
        if seen.sum() >= 10 and \
                (edges[pts[seen, 1].astype(int), pts[seen, 0].astype(int)] > 0).mean() \
                < EDGE_SUPPORT:
            return False
    return True


def _corner_cosines(corners: np.ndarray) -> list[float]:
    """The cosine of each corner's angle of a quadrilateral (0: a right angle)."""
    out = []
    for k in range(4):
        u, v = corners[k - 1] - corners[k], corners[(k + 1) % 4] - corners[k]
        out.append(float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v))))
    return out


def _off_square(corners: np.ndarray) -> float:
    """How far (degrees) the quadrilateral's most oblique corner is from a right angle."""
    return max(abs(float(np.degrees(np.arccos(np.clip(cos, -1, 1)))) - 90)
               for cos in _corner_cosines(corners))


def _side_contrast(small: np.ndarray, corners: np.ndarray) -> list[float | None]:
    """For each side of the quadrilateral, the median of (grey just inside - grey just
    outside) along its middle 80%; None for a side with too little of its outside in the
    picture to tell."""
    sh, sw = small.shape
    centre = corners.mean(axis=0)
    step = 0.012 * float(np.hypot(sh, sw))
    along = np.linspace(0.1, 0.9, 40)[:, None]
    out: list[float | None] = []
    for k in range(4):
        p, q = corners[k].astype(float), corners[(k + 1) % 4].astype(float)
        normal = np.array([q[1] - p[1], p[0] - q[0]]) / np.linalg.norm(q - p)
        if np.dot(centre - (p + q) / 2, normal) < 0:
            normal = -normal
        pts = p + along * (q - p)
        inner, outer = pts + step * normal, pts - step * normal
        seen = ((outer[:, 0] >= 0) & (outer[:, 0] < sw) & (outer[:, 1] >= 0)
                & (outer[:, 1] < sh) & (inner[:, 0] >= 0) & (inner[:, 0] < sw)
                & (inner[:, 1] >= 0) & (inner[:, 1] < sh))
        if seen.sum() < 5:
            out.append(None)
            continue
        vi = small[inner[seen, 1].astype(int), inner[seen, 0].astype(int)].astype(float)
        vo = small[outer[seen, 1].astype(int), outer[seen, 0].astype(int)].astype(float)
        out.append(float(np.median(vi - vo)))
    return out


def find_page_quad_edges(gray: np.ndarray | Shrunk) -> np.ndarray | None:
    """Corners of a sheet photographed on a desk, found by its edges: the largest convex
    four-cornered outline among the edges of a reduced copy (a shadow darkens part of the
    sheet, but its edge against the desk stays sharp). None when there is none."""
    edges, scale = _edge_map(gray)
    sh, sw = edges.shape
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    best, best_area = None, 0.0
    for c in contours:
        hull = cv2.convexHull(c)
        area = cv2.contourArea(hull) / (sh * sw)
        if not 0.25 <= area <= 0.95 or area <= best_area:
            continue
        quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(quad) != 4:
            continue
        x, y, bw, bh = cv2.boundingRect(quad)
        margin = 0.005 * max(sh, sw)
        if x < margin or y < margin or x + bw > sw - margin or y + bh > sh - margin:
            continue  # it reaches the frame of the picture: a scan, or a sheet cut off
        if not _sheet_like(_order_corners(quad.reshape(4, 2).astype(np.float32))):
            continue
        best, best_area = quad, area
    if best is None:
        return None
    return _order_corners(best.reshape(4, 2).astype(np.float32) / scale)


def _sheet_like(corners: np.ndarray) -> bool:
    """Whether four corners (top-left, top-right, bottom-right, bottom-left) can be a flat
    sheet seen at an angle: opposite sides of similar length, every corner 60-120 degrees."""
    sides = [float(np.linalg.norm(corners[(k + 1) % 4] - corners[k])) for k in range(4)]
    if min(sides) <= 0:
        return False
    for a, b in ((sides[0], sides[2]), (sides[1], sides[3])):
        if not 0.6 <= a / b <= 1 / 0.6:
            return False
    return all(-0.5 <= cos <= 0.5 for cos in _corner_cosines(corners))


#: a sheet found inside the picture that reaches this far (share of the picture's longer side)
#: out of the outline found at the frame is not inside it
OUTSIDE = 0.02


def find_sheet(gray: np.ndarray) -> np.ndarray | None:
    """Corners of a photographed sheet, or None for a scan: one that fills the picture
    (`find_sheet_at_frame`), unless a sheet found by its edges well inside the picture
    (`find_page_quad_edges`) reaches out of it: then the outline at the frame took in lit desk
    beside the sheet and a hard shadow's border across it for a side (a text block, which the
    edges may give when the sheet fills the picture, lies inside the sheet); else a sheet
    found by its edges, else by its brightness (`find_page_quad`)."""
    shrunk = Shrunk.of(gray)
    at_frame, inside = find_sheet_at_frame(shrunk), find_page_quad_edges(shrunk)
    if at_frame is not None:
        if inside is None:
            return at_frame
        outline = at_frame.reshape(-1, 1, 2)
        reach = OUTSIDE * max(gray.shape)
        if all(cv2.pointPolygonTest(outline, (float(x), float(y)), True) >= -reach
               for x, y in inside):
            return at_frame
    return inside if inside is not None else find_page_quad(shrunk)


def correct_perspective(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """A photographed sheet warped flat and cropped to the page, and the 3x3 matrix taking the
    flat page's pixels back to the photo's; (image, None) when there is nothing to correct."""
    quad = find_sheet(to_gray(rgb))
    if quad is None:
        return rgb, None
    tl, tr, br, bl = quad
    width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    flat = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]],
                    np.float32)
    m = cv2.getPerspectiveTransform(quad, flat)
    h, w = rgb.shape[:2]
    cut = bool((quad < 0).any() or (quad[:, 0] > w - 1).any() or (quad[:, 1] > h - 1).any())
    # a corner the frame cut off is outside the picture: that part of the sheet is left white
    out = cv2.warpPerspective(rgb, m, (width, height), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT if cut else cv2.BORDER_REPLICATE,
                              borderValue=(255, 255, 255) if rgb.ndim == 3 else 255)
    return out, np.linalg.inv(m)
