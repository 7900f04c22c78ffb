"""The typefaces the corpus is set in, each checked to really cover Vietnamese.

A family is used only when all four of its styles map every code point Vietnamese needs
(U+1EA0–U+1EF9, the precomposed letters with two marks or a dot below, and Ă ă Đ đ Ơ ơ Ư ư,
plus the Latin-1 letters with one mark); a family that misses any is skipped and named in the
build log. Debian's packages for these (scripts/bootstrap.sh with SOHOA_BENCH=1):
fonts-liberation2, fonts-dejavu-core, fonts-noto-core, fonts-freefont-ttf, fonts-urw-base35,
fonts-crosextra-caladea, fonts-crosextra-carlito. Nimbus Roman/Sans (urw-base35) and Caladea
lack U+1EA0–U+1EF9 and are skipped by the check; URW's Z003 (a chancery script) is used only
for handwritten digits, which it does cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOTS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts/opentype"))

#: Every code point a Vietnamese text may use beyond ASCII.
VIETNAMESE = frozenset(
    list(range(0x1EA0, 0x1EFA))
    + [ord(c) for c in "ĂăĐđƠơƯưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĨĩŨũ²×"]
)
DIGITS = frozenset(ord(c) for c in "0123456789/")

def _oblique(stem: str) -> dict[str, str]:
    """A family whose italics are obliques, as DejaVu Sans names them."""
    return {"Regular": f"{stem}.ttf", "Bold": f"{stem}-Bold.ttf",
            "Italic": f"{stem}-Oblique.ttf", "BoldItalic": f"{stem}-BoldOblique.ttf"}


#: (name as the manifest gives it, kind, {style: file under ROOTS})
CANDIDATES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("Liberation Serif", "serif", {s: f"liberation2/LiberationSerif-{s}.ttf"
                                   for s in ("Regular", "Bold", "Italic", "BoldItalic")}),
    ("Liberation Sans", "sans", {s: f"liberation2/LiberationSans-{s}.ttf"
                                 for s in ("Regular", "Bold", "Italic", "BoldItalic")}),
    ("DejaVu Serif", "serif", {"Regular": "dejavu/DejaVuSerif.ttf",
                               "Bold": "dejavu/DejaVuSerif-Bold.ttf",
                               "Italic": "dejavu/DejaVuSerif-Italic.ttf",
                               "BoldItalic": "dejavu/DejaVuSerif-BoldItalic.ttf"}),
    ("DejaVu Serif Condensed", "serif", {
        "Regular": "dejavu/DejaVuSerifCondensed.ttf",
        "Bold": "dejavu/DejaVuSerifCondensed-Bold.ttf",
        "Italic": "dejavu/DejaVuSerifCondensed-Italic.ttf",
        "BoldItalic": "dejavu/DejaVuSerifCondensed-BoldItalic.ttf"}),
    ("DejaVu Sans", "sans", _oblique("dejavu/DejaVuSans")),
    ("Noto Serif", "serif", {s: f"noto/NotoSerif-{s}.ttf"
                             for s in ("Regular", "Bold", "Italic", "BoldItalic")}),
    ("Noto Sans", "sans", {s: f"noto/NotoSans-{s}.ttf"
                           for s in ("Regular", "Bold", "Italic", "BoldItalic")}),
    ("FreeSerif", "serif", {"Regular": "freefont/FreeSerif.ttf",
                            "Bold": "freefont/FreeSerifBold.ttf",
                            "Italic": "freefont/FreeSerifItalic.ttf",
                            "BoldItalic": "freefont/FreeSerifBoldItalic.ttf"}),
    ("FreeSans", "sans", {"Regular": "freefont/FreeSans.ttf",
                          "Bold": "freefont/FreeSansBold.ttf",
                          "Italic": "freefont/FreeSansOblique.ttf",
                          "BoldItalic": "freefont/FreeSansBoldOblique.ttf"}),
    ("Carlito", "sans", {s: f"crosextra/Carlito-{s}.ttf"
                         for s in ("Regular", "Bold", "Italic", "BoldItalic")}),
    ("Caladea", "serif", {s: f"crosextra/Caladea-{s}.ttf"
                          for s in ("Regular", "Bold", "Italic", "BoldItalic")}),
    ("Nimbus Roman", "serif", {"Regular": "urw-base35/NimbusRoman-Regular.otf",
                               "Bold": "urw-base35/NimbusRoman-Bold.otf",
                               "Italic": "urw-base35/NimbusRoman-Italic.otf",
                               "BoldItalic": "urw-base35/NimbusRoman-BoldItalic.otf"}),
    ("Nimbus Sans", "sans", {"Regular": "urw-base35/NimbusSans-Regular.otf",
                             "Bold": "urw-base35/NimbusSans-Bold.otf",
                             "Italic": "urw-base35/NimbusSans-Italic.otf",
                             "BoldItalic": "urw-base35/NimbusSans-BoldItalic.otf"}),
)
#: Faces with Vietnamese that the corpus never sets a page in (`--faces unseen`): a check of
#: how the engine reads type it was never tuned on. DejaVu Sans Condensed and Noto Sans
#: Display are close to faces offices print in; Noto Serif Display is a high-contrast display
#: face (hairline strokes), far from them.
UNSEEN_CANDIDATES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("DejaVu Sans Condensed", "sans", _oblique("dejavu/DejaVuSansCondensed")),
    ("Noto Serif Display", "serif", {s: f"noto/NotoSerifDisplay-{s}.ttf"
                                     for s in ("Regular", "Bold", "Italic", "BoldItalic")}),
    ("Noto Sans Display", "sans", {s: f"noto/NotoSansDisplay-{s}.ttf"
                                   for s in ("Regular", "Bold", "Italic", "BoldItalic")}),
)
FACES = ("corpus", "unseen")

#: script-like faces for handwritten digits, first found wins (jitter is added either way)
SCRIPT_CANDIDATES = ("urw-base35/Z003-MediumItalic.otf", "freefont/FreeSerifItalic.ttf",
                     "dejavu/DejaVuSans-Oblique.ttf")


@dataclass(frozen=True)
class Family:
    name: str
    kind: str                   # serif | sans
    files: dict[str, str]       # style -> absolute path

    def path(self, style: str = "Regular") -> str:
        return self.files[style]


def _find(rel: str) -> Path | None:
    for root in ROOTS:
        if (root / rel).exists():
            return root / rel
    return None


def covers(path: Path, needed: frozenset[int]) -> bool:
    """Whether the font's character map has every code point in `needed`."""
    try:
        from fontTools.ttLib import TTFont
    except ImportError:  # without fontTools: compare each glyph with the missing-glyph box
        return _covers_by_pixels(path, needed)
    font = TTFont(str(path), lazy=True, fontNumber=0)
    cmap = font.getBestCmap() or {}
    font.close()
    return needed <= set(cmap)


def _covers_by_pixels(path: Path, needed: frozenset[int]) -> bool:
    from PIL import ImageFont

    f = ImageFont.truetype(str(path), 40)
    notdef = f.getmask("\U0010fffd").tobytes()
    return all(f.getmask(chr(c)).tobytes() != notdef for c in needed)


@cache
def survey(faces: str = "corpus") -> tuple[tuple[Family, ...], tuple[str, ...]]:
    """(families usable for Vietnamese, reasons the others were skipped): of the corpus's
    faces, or of those it never uses (``faces="unseen"``)."""
    usable, skipped = [], []
    for name, kind, rel in UNSEEN_CANDIDATES if faces == "unseen" else CANDIDATES:
        paths = {s: _find(r) for s, r in rel.items()}
        missing = [s for s, p in paths.items() if p is None]
        if missing:
            skipped.append(f"{name}: not installed")
            continue
        bad = [s for s, p in paths.items() if not covers(p, VIETNAMESE)]
        if bad:
            skipped.append(f"{name}: no Vietnamese (U+1EA0–U+1EF9) in {', '.join(bad)}")
            continue
        usable.append(Family(name, kind, {s: str(p) for s, p in paths.items()}))
    return tuple(usable), tuple(skipped)


@cache
def script_font() -> str:
    """A script-like face that has the digits (for numbers and dates filled in by hand)."""
    for rel in SCRIPT_CANDIDATES:
        p = _find(rel)
        if p is not None and covers(p, DIGITS):
            return str(p)
    return survey()[0][0].path("Italic")
