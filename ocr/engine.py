"""The OCR engine the pipeline uses.

page -> orientation and skew (trueocr's models) -> the colour page turned and straightened
-> seal removed, background flattened, binarised for Tesseract -> two readings (trueocr's
lines, Tesseract's words) -> merged per line -> Vietnamese tidy-up -> NFC text, a quality
score (how far the engines agree) and the line boxes for the archival PDF's text layer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np

from ocr.clean import (
    DARK_GROUND_INK,
    black_share,
    clean_for_lines,
    clean_for_tesseract,
    correct_perspective,
    dark_border,
    dark_ground,
    despeckle,
    enlarge,
    even_dark_ground,
    fade_show_through,
    fill_border,
    flatten_background,
    hairlines,
    is_bilevel,
    pen_blue,
    red_ink,
    remove_seal_rings,
    rotate_quarter,
    rotate_small,
    scale_to_300,
    smooth_bilevel,
    suppress_red,
    thicken_bilevel,
    to_gray,
)
from ocr.codes import read_codes
from ocr.documents import assemble
from ocr.figures import reread_figures
from ocr.frames import Frame, drop_stamped, find_frames, stamps, table_order
from ocr.geometry import undo_quarter_turn, undo_rotation
from ocr.layout import HEADER_LINES, Box, page_order, pieces_joined, right_column_at
from ocr.lexicon import own_beside_speckle, part_run_together
from ocr.linereader import Geometry, LineReader
from ocr.margins import margin_marks_out
from ocr.measure import blur_sigma, is_grey
from ocr.memory import keep_freed_memory
from ocr.merge import Line, TWord, agreement, merge_lines, open_spans, part_of, settled
from ocr.options import OcrOptions
from ocr.page import PageOcr
from ocr.pagenumber import page_number
from ocr.places import mend_level_words, mend_places
from ocr.raster import A4_LONG_INCHES, Page, iter_pages, one_page
from ocr.showthrough import (
    beside_cut,
    clearer_lines,
    ink_depth,
    lighter_lines,
    own_text,
    reads_mirrored,
    unit_lines,
    vanished,
    written_figures,
)
from ocr.signer import (
    Candidate,
    best_name,
    candidates,
    completed,
    inside,
    likelier,
    line_crops,
    mend_name,
    name_score,
    names_mended,
    place_name,
    region_threshold,
    runs_on,
    scrawl,
    settled_name,
    signature_region,
    signer_doubt,
    started,
    tones_kept,
    without_solids,
)
from ocr.streaks import remove_streaks
from ocr.tesseract import (
    check_tesseract,
    line_chars,
    read_digits,
    recognise_line_images,
    recognise_lines,
    recognise_words,
)
from ocr.text import normalize_text
from ocr.vietnamese import (
    non_words,
    read_from_speckle,
    syllables_read,
    tidy_line,
    word_share,
    words_read,
)
from pipeline.batches import page_signs
from pipeline.errors import OcrError
from pipeline.header import council_line, is_council
from pipeline.intake import PageMeasures, page_findings
from pipeline.models import PageText, Reading

log = logging.getLogger("sohoa.ocr")

#: a reading on which the two engines agree on fewer than half the words has collapsed
#: somewhere (a person would see it at a glance): the page is tried on other preparations
RETRY_BELOW = 0.5
#: a 1-bit page tried again whose engines agreed on fewer words than this at first is read
#: once more with its print grown by a pixel as scanned (`thicken_bilevel`); one they agreed
#: on more is read well enough that growing its print risks more than it brings (seed 11313
#: held-041_p1, not faded: the back's print showing through grown into lines of garbage,
#: 36 -> 69 characters wrong) ...
THICKEN_BELOW = 0.8
#: ... and that reading is kept only where it reads more syllables than the best so far
#: (`syllables_read`: figures and letters grown out of speckle count as words, not as
#: syllables) and its engines agree on it no more than this much less: grown, the specks of
#: a faded stroke read as the same word to both readers, while speckle grown into blobs and
#: print grown too heavy read as different garbage to each. Both chosen on the retried 1-bit
#: pages of 72 faded study pages (seeds 20001-20005), the tuning split and ten renderings (78
#: pages): 17,031 characters wrong; kept by most words (neither bar), 16,230 (six pages 14
#: to 69 more); by these two bars 15,827 (two pages illegible in part, 14 and 24 more;
#: 0.05 less: 15,913, none more; every page tried, 0.1 less: 15,785, held-041_p1 too)
THICKENED_AGREEMENT = 0.1

#: a page on which this many lines were found to be the back's print showing through, and
#: which reads doubtfully (the engines agree on fewer words than a page passes unflagged
#: with, `OcrOptions.review_below`), is read again with that print faded out
#: (`ocr.clean.fade_show_through`): lines of the page's own text are mixed with it. A page
#: read clearly is not: of 40 such pages (tuning and held-out texts) the second reading
#: bettered none
SHOW_THROUGH_LINES = 1
#: ... and that reading is kept when it holds this share more syllables (less tokens that
#: cannot be words, `syllables_read`) than the first: fading thins the page's faint strokes
#: too, and a stamp's broken frame or a speck read as a syllable or two must not decide.
#: Kept or not, the first reading's lines it no longer finds at all are the back's print
FADED_GAIN = 0.03
#: ... but on a 1-bit page, only where it reads at least this share of the first's
#: syllables. The scanner's threshold left the back's print there as thin strokes, which the
#: fading takes; it leaves a faded page's own print as thin, and the fading takes that too:
#: its lines then vanish as the back's do. On 190 1-bit study pages (seeds 20001-20008 and
#: 20011, the renderings; most with the back showing through): 18,878 characters wrong
#: before 1-bit pages were faded out, 17,204 faded out with no such bar, 16,965 with it
FADED_KEEPS = 0.5
#: a grey page its engines agree on, but for one word in twenty or more, with at least this
#: many tokens that cannot be words is read again with its faint print kept (`_faint_lines`).
#: Chosen on the tuning split, dev, dev-wide and the studied rendering 10707: read again with
#: every line open to replacement, pages with fewer lost more than they gained (dev-018_p1
#: 13 -> 70, tune-018_p2 17 -> 20, tune-027_p2 4 -> 6; 10707 held-007_p1 10 -> 7)
FAINT_NON_WORDS = 3
FAINT_BELOW = 0.95
#: a 1-bit page's skew is measured again without its paper turned black (`dark_ground`),
#: and its grey evened out (`even_dark_ground`), where that covers this share of it: on the
#: 1-bit pages of a tuning split and six renderings without such a region it covered 0-8%
#: (a seal's star, a scanner's dark border, a corner a lamp darkened)
DARK_GROUND_SHARE = 0.1
#: the side of a line kept when the back's print is cut from beside it reads as words on
#: this share of its tokens at least (`Engine._back_beside`)
BESIDE_WORDS = 0.6

#: a word Tesseract read on a row the line reader found in pieces is sure enough to join its
#: pieces when read with this confidence (and `joins_pieces`)
PIECE_WORD_CONF = 30

#: a list's or a clause's dash: joins the words on either side of it like a word
DASHES = "-–—"


def joins_pieces(text: str) -> bool:
    """Whether a word Tesseract read may join pieces of a line: each of its tokens can be a
    word (a syllable, a number, a code: `word_share`), or it is a dash."""
    if any(c.isalnum() for c in text):
        return word_share(text) == 1
    return bool(text) and set(text) <= set(DASHES)


#: a page on which fewer letters than this are read is blank (stray specks read as a letter
#: or two do not make it a page of text)
MIN_LETTERS = 3


def is_blank(text: str) -> bool:
    """Whether a page's reading holds no text: fewer than MIN_LETTERS letters."""
    return sum(c.isalpha() for c in text) < MIN_LETTERS


@dataclass(frozen=True)
class _Reading:
    merged: list[Line]       # the page's lines as read and merged
    lines: list[Line]        # trueocr's lines
    words: list[TWord]       # Tesseract's words
    quality: float           # how far the two engines agree, 0..1
    unread: bool             # a signing title with no name under it that reads as one
    sealed: bool             # a colourless seal was removed
    scale: float             # how far the page was enlarged for this reading
    back: tuple[Box, ...] = ()  # lines found to be the back's print showing through
    red_stamps: tuple[Box, ...] = ()  # red stamps' frames, on the page as it came upright
    frames: tuple[Frame, ...] = ()  # tables' and stamps' frames found on the page as read
    pen: np.ndarray | None = None  # the page's blueness as it came upright (`pen_blue`)

    @property
    def words_read(self) -> int:
        """Words that can be Vietnamese (syllables, numbers, codes) less tokens that cannot:
        fragments and garbage lower it, every word read raises it."""
        return words_read(ln.text for ln in self.merged)


def turned_reads_better(turned: list[str], kept: list[str]) -> bool:
    """Whether the lines a page reads turned another way are to be kept over those read so
    far: more words (`words_read`) and more syllables (`syllables_read`). Read upside down,
    the back's print showing through a short page is flipped top to bottom (0, 3, 8, B, C,
    D, E, H, I, K, O, X keep their shapes): it gives codes and figures that count as words,
    but not syllables (seed 7101 tune-048_p2: 49 words, -2 syllables, against 41 and 32
    upright)."""
    return words_read(turned) > words_read(kept) and syllables_read(turned) > syllables_read(kept)


def in_page_order(lines: list[Line]) -> list[Line]:
    """The lines in the page's reading order (`ocr.layout.page_order`), told afresh from their
    boxes: the header's and the foot's columns as the lines that stand now make them."""
    boxes = [ln.box for ln in lines]
    return [lines[i] for i in page_order(boxes, list(range(len(lines))),
                                         [ln.text for ln in lines])]


def merged_in_order(lines: list[Line], words: list[TWord], more: list[list[TWord]],
                    frames: list[Frame]) -> list[Line]:
    """The lines merged with Tesseract's readings (`merge_lines`), in the page's reading order:
    the columns were told with lines among them the merge finds to be noise (the back's
    print no reader reads, a stray mark's letters); one across the middle under the foot
    ended the foot's columns there (seed 9191 held-011_p1: "Nơi nhận:" and its list read
    between the lines of the signing block). Told again without them."""
    merged = merge_lines(lines, words, more=more)
    if len(merged) < len(lines):
        merged = table_order(in_page_order(merged), frames)
    return merged


def scaled(box: Box, scale: float) -> Box:
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    return x0, y0, x1, y1


def for_geometry(rgb: np.ndarray, band: np.ndarray | None = None) -> np.ndarray:
    """A page as its orientation and skew are judged: a scanner's dark border (``band``, its
    `dark_border` when already found) whitened and uneven light divided out (a dark band or a
    shadow outweighs faded print), the background taken at half size (the readers of
    geometry reduce the page anyway)."""
    gray = to_gray(rgb)
    return flatten_background(fill_border(gray, dark_border(gray) if band is None else band)[0],
                              coarse=True)


def speckle_out(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """A page's lines less those read from the speckle of its paper turned black
    (`read_from_speckle`), but for the page's own words such a line opens or ends with
    (`own_beside_speckle`: its box cut to them by their share of its characters); and what was
    kept out, as said in the log."""
    kept, out = [], []
    for ln in lines:
        if not read_from_speckle(ln.text):
            kept.append(ln)
            continue
        own = own_beside_speckle(ln.text)
        if own is None:
            out.append(repr(ln.text))
            continue
        start, end = own
        kept.append(part_of(ln, start, end))
        dropped = f"{ln.text[:start].strip()} {ln.text[end:].strip()}".strip()
        out.append(f"{dropped!r} (beside {ln.text[start:end]!r}, kept)")
    return kept, out


def red_stamps(rgb: np.ndarray) -> tuple[Box, ...]:
    """The frames of red stamps ("ĐẾN Số: … Ngày: …", "BẢN SAO") on an upright colour page:
    found on its red ink alone, before that is taken away for reading."""
    red = red_ink(rgb)
    if red is None:
        return ()
    return tuple(f.box for f in stamps(find_frames(red), red.shape[1]))


@dataclass
class Engine:
    options: OcrOptions = field(default_factory=OcrOptions)
    reader: LineReader = field(default_factory=LineReader)

    def __post_init__(self) -> None:
        keep_freed_memory()  # a page's images are large: their memory is kept for the next
        # a page is read on one core, as Tesseract and the line reader are: pages are read
        # side by side in worker processes (`ocr.pool`), and OpenCV's threads within a page
        # only fight them for the cores (12 tuning pages in two processes: 2% more CPU-s)
        cv2.setNumThreads(self.reader.threads)

    def check(self) -> str:
        return check_tesseract(self.options.lang)

    def read_page(self, page: Page, name: str) -> PageOcr:
        where = f"{name} p{page.number}"
        height, width = page.rgb.shape[:2]
        bilevel = is_bilevel(to_gray(page.rgb))
        rgb, streaks = remove_streaks(page.rgb, page.dpi)
        if streaks:
            log.info("%s: %d feeder streak(s) taken out", where, streaks)
        rgb, unwarp = correct_perspective(rgb)
        to_stored = np.eye(3) if unwarp is None else unwarp
        photo = unwarp is not None  # a photographed sheet, found and flattened
        if photo:
            log.info("%s: photographed sheet flattened (perspective corrected)", where)
        # a photo's resolution is the sheet's, taken as A4: a phone writes 72 dpi into the
        # file, which would make the readers expect print four times smaller than it is
        dpi = page.dpi
        if photo or page.dpi < 100:
            dpi = max(page.dpi, round(max(rgb.shape[:2]) / A4_LONG_INCHES))
        as_is = to_gray(rgb)
        band = dark_border(as_is)
        geo = self.reader.geometry(for_geometry(rgb, band))
        ground = dark_ground(as_is, dpi) if bilevel else None
        paper_black = ground is not None and float(ground.mean()) >= DARK_GROUND_SHARE
        if paper_black:
            geo = self._skew_off_dark_ground(as_is, ground, geo, where)
        if geo.turn_cw:
            log.info("%s: turned %d° clockwise (orientation model)", where, geo.turn_cw)
        if geo.skew_deg:
            log.info("%s: deskewed by %.2f°", where, geo.skew_deg)
        else:
            log.debug("%s: no skew to correct", where)
        straight, gray, scale, border = self._upright(rgb, geo, bilevel, photo, dpi, where,
                                                      band)
        reading = self._read(gray, dpi, where, scale, bilevel, red_stamps=red_stamps(straight),
                             pen=None if bilevel else pen_blue(straight))
        reading = self._settle(rgb, geo, gray, reading, bilevel, photo, dpi, where, band)
        if reading.quality < RETRY_BELOW:
            # still poor: the orientation model may have misjudged the page's turn (a faded
            # or broken print misleads it); the half-turned page is read once too, and a page
            # that lies on its side as turned, wider than tall, each quarter turn as well
            turned_gray = None
            for other in self._other_turns(rgb, geo, ground if paper_black else None):
                o_straight, o_gray, o_scale, o_border = self._upright(rgb, other, bilevel,
                                                                      photo, dpi, where)
                turned = self._read(o_gray, dpi, where, o_scale, bilevel,
                                    red_stamps=red_stamps(o_straight),
                                    pen=None if bilevel else pen_blue(o_straight))
                turned_texts = [ln.text for ln in turned.merged]
                kept_texts = [ln.text for ln in reading.merged]
                better = turned_reads_better(turned_texts, kept_texts)
                log.info("%s: turned %d° clockwise instead: %d words, %d syllables read (%d, "
                         "%d kept so far)%s", where, other.turn_cw, words_read(turned_texts),
                         syllables_read(turned_texts), words_read(kept_texts),
                         syllables_read(kept_texts), "; kept" if better else "")
                if better:
                    geo, straight, reading, border = other, o_straight, turned, o_border
                    turned_gray = o_gray
            if turned_gray is not None:
                # the page read poorly at the turn first judged was tried again there (faint
                # print kept, the faded-print reader, ...); the turn kept is tried so too
                reading = self._settle(rgb, geo, turned_gray, reading, bilevel, photo, dpi,
                                       where)
        upright_shape = rgb.shape[:2] if geo.turn_cw % 180 == 0 else rgb.shape[1::-1]
        to_stored = to_stored @ undo_quarter_turn(geo.turn_cw, rgb.shape[1], rgb.shape[0])
        to_stored = to_stored @ undo_rotation(geo.skew_deg, upright_shape[1], upright_shape[0])
        if reading.scale != 1.0:
            to_stored = to_stored @ np.diag([1 / reading.scale, 1 / reading.scale, 1.0])
        size = (round(straight.shape[1] * reading.scale), round(straight.shape[0] * reading.scale))
        merged, lines, words, quality = (reading.merged, reading.lines, reading.words,
                                         reading.quality)
        if paper_black:  # the speckle about the black read as letters
            merged, speckle = speckle_out(merged)
            if speckle:
                log.info("%s: %d line(s) read from the speckle of the paper turned black kept "
                         "out of the text: %s", where, len(speckle), "; ".join(speckle))
        number = page_number(merged, words, size[0])
        if number is not None:  # the line reader's detector missed it
            log.info("%s: page number %s read by Tesseract alone, kept", where, number.text)
            merged = [number, *merged]
        merged, marks = margin_marks_out(merged, dpi * reading.scale)
        if marks:
            log.info("%s: %d mark(s) in the left margin read as text kept out: %s", where,
                     len(marks), "; ".join(repr(m) for m in marks))
        text = normalize_text("\n".join(ln.text for ln in merged))
        doubt = ("no signer's name could be read under the signing title" if reading.unread
                 else signer_doubt([ln.text for ln in merged], sealed=reading.sealed))
        if doubt:
            log.warning("%s: %s: page flagged for review", where, doubt)
        blank = is_blank(text)
        if blank:
            log.warning("%s: no text read: page flagged, not counted until a person confirms it",
                        where)
        review = quality < self.options.review_below or doubt is not None or blank
        log.info("%s: %d lines, %d Tesseract words, engines agree %.0f%%%s", where, len(lines),
                 len(words), 100 * quality, " - flagged for review" if review else "")
        conf = round(sum(w.conf for w in words) / len(words), 2) if words else 0.0
        codes = read_codes(to_gray(page.rgb), page.dpi)
        if codes:
            log.info("%s: code(s) on the page: %s", where, ", ".join(codes))
        findings = page_findings(PageMeasures(
            dpi=dpi, grey=is_grey(page.rgb),
            sealed_or_signed=reading.sealed or signature_region(merged, size) is not None,
            blur_sigma=None if bilevel else blur_sigma(to_gray(straight), round(dpi)),
            skew_deg=geo.skew_deg, border_share=border / (straight.shape[0] * straight.shape[1])))
        for finding in findings:
            log.warning("%s: intake check: %s", where, finding)
        signs = page_signs(page.number, [(ln.text, ln.box) for ln in merged], size, codes, blank)
        return PageOcr(page.number, page.dpi, (width, height), to_stored, geo, photo,
                       text, merged, conf, quality, review, blank, codes, findings, signs)

    def _settle(self, rgb: np.ndarray, geo: Geometry, gray: np.ndarray, reading: _Reading,
                bilevel: bool, photo: bool, dpi: int, where: str,
                band: np.ndarray | None = None) -> _Reading:
        """A page's reading (``gray``: the page upright as ``geo`` turns it) tried again as
        poorly read pages are: other preparations when the engines disagree on most words, a
        1-bit page's faint print kept and its print grown when they disagree on enough for
        the page to be flagged, the back's print faded out, a grey page's faint lines read
        again;
        the best reading is returned (`_retry`, `_faded_back`, `_faint_lines`). ``band``: the
        page's `dark_border` as it came, when already found."""
        # a 1-bit scan read poorly is also read with its strokes grown by a pixel: faded ink
        # the scanner's threshold broke into specks is joined into strokes again
        thickened = (self._thickened(rgb, geo, photo, dpi, where, band)
                     if bilevel and reading.quality < THICKEN_BELOW else None)
        if reading.quality < RETRY_BELOW:  # the engines disagree on most words: try again
            reading = self._retry(gray, dpi, where, reading, bilevel, thickened=thickened)
        elif bilevel and reading.quality < self.options.review_below:
            # a 1-bit scan on which they disagree on enough words for the page to be flagged:
            # the scanner's threshold cut faded strokes alike for both readers, who agree on
            # what is left of them; tried again with its faint print kept
            reading = self._retry(gray, dpi, where, reading, bilevel, faint_only=True,
                                  thickened=thickened)
        if len(reading.back) >= SHOW_THROUGH_LINES \
                and reading.quality < self.options.review_below:
            reading = self._faded_back(gray, dpi, where, reading, bilevel)
        if not bilevel and reading.scale == 1.0 and RETRY_BELOW <= reading.quality < FAINT_BELOW:
            # words read as fragments on a page the engines mostly agree on: print faded by
            # patches, whitened there by the cleaning (a 1-bit scan is tried again above)
            reading = self._faint_lines(gray, dpi, where, reading)
        return reading

    def _skew_off_dark_ground(self, gray: np.ndarray, ground: np.ndarray, geo: Geometry,
                              where: str) -> Geometry:
        """``geo`` with the skew of a 1-bit page (``gray``, as it came) measured again with
        its paper turned black (``ground``, its `dark_ground`, over `DARK_GROUND_SHARE` of it)
        whitened: the edge of a black region, not the rows of print, then sets the angle whose
        ink profile changes most sharply (a page lit from one corner read at 0° while 2.7°
        askew, its lines of print cut into pieces). The turn stays the orientation model's,
        judged on the page as it is."""
        light = rotate_quarter(np.where(ground, 255, gray).astype(np.uint8), geo.turn_cw)
        skew = self.reader.skew(for_geometry(light))
        log.info("%s: paper turned black by the scan over %.0f%% of the page: skew measured "
                 "without it, %.2f° (%.2f° with it)", where, 100 * float(ground.mean()), skew,
                 geo.skew_deg)
        return Geometry(geo.turn_cw, skew)

    def _other_turns(self, rgb: np.ndarray, geo: Geometry,
                     ground: np.ndarray | None = None) -> Iterator[Geometry]:
        """The page's other orientations worth a reading when it reads poorly as the
        orientation model turned it: the half turn; and where it lies on its side so turned (an
        administrative document is portrait), the two quarter turns, their skew measured on
        the page so turned. ``ground``: a 1-bit page's paper turned black by the scan (its
        `dark_ground`), whitened before the skew is measured, as for the first turn
        (`_skew_off_dark_ground`)."""
        yield Geometry((geo.turn_cw + 180) % 360, geo.skew_deg)
        height, width = rgb.shape[:2] if geo.turn_cw % 180 == 0 else rgb.shape[1::-1]
        if width <= height:
            return
        page = rgb if ground is None else np.where(ground, 255, to_gray(rgb)).astype(np.uint8)
        for quarter in (90, 270):
            turn = (geo.turn_cw + quarter) % 360
            yield Geometry(turn, self.reader.skew(for_geometry(rotate_quarter(page, turn))))

    def _thickened(self, rgb: np.ndarray, geo: Geometry, photo: bool, dpi: int, where: str,
                   band: np.ndarray | None) -> Callable[[], np.ndarray]:
        """How to make a 1-bit page's grey with its print grown by a pixel as scanned
        (`thicken_bilevel`), straightened and smoothed as the page was (for `_retry`: made
        only when it is tried)."""
        return lambda: self._upright(rgb, geo, True, photo, dpi, where, band, thicken=True)[1]

    @staticmethod
    def _upright(rgb: np.ndarray, geo: Geometry, bilevel: bool, photo: bool, dpi: int,
                 where: str, band_as_is: np.ndarray | None = None, thicken: bool = False,
                 ) -> tuple[np.ndarray, np.ndarray, float, int]:
        """The page turned and straightened as ``geo`` says (colour), and its grey for the
        readers: red seal ink taken out, a scanner's dark border filled with the paper beside it
        (a ``photo``'s deep shadow at its edge but its print), a 1-bit scan smoothed to grey
        (and enlarged: the scale); and how many border pixels were filled. ``band_as_is``: the
        `dark_border` of the page as it came, if found already (the same band when the page
        is not turned and has no red ink); ``thicken``: a 1-bit page's print grown by a pixel
        before it is smoothed (`thicken_bilevel`)."""
        turned = rotate_quarter(rgb, geo.turn_cw)
        straight = rotate_small(turned, geo.skew_deg)
        # the lid's band is square with the scanner, not with the sheet: found before the page
        # is straightened (after, its ends are wedges thinner than a band)
        red_free = suppress_red(turned)
        band = (band_as_is if band_as_is is not None and red_free is rgb and not photo
                else dark_border(to_gray(red_free), shadowed=photo))
        if band.any():
            band = rotate_small(band.astype(np.uint8) * 255, geo.skew_deg, white=False) > 127
        gray, border = fill_border(to_gray(suppress_red(straight)), band)
        if border:
            log.info("%s: dark scanner border removed (%d pixels)", where, border)
        scale = 1.0
        if bilevel:
            share = black_share(gray, dpi)  # the paper as scanned, before any thickening
            gray, scale = smooth_bilevel(thicken_bilevel(gray) if thicken else gray, dpi)
            log.info("%s: 1-bit scan smoothed to grey%s", where,
                     f" and enlarged {scale:.2g}x" if scale != 1.0 else "")
            dark = float((share > DARK_GROUND_INK).mean())
            if dark >= DARK_GROUND_SHARE:
                gray = even_dark_ground(gray, share, round(dpi * scale))
                log.info("%s: paper turned black by the scan over %.0f%% of the page: evened "
                         "out (print in its speckle kept, the blackest of it whitened)",
                         where, 100 * dark)
        return straight, gray, scale, border

    def _read(self, gray: np.ndarray, dpi: int, where: str, scale: float = 1.0,
              bilevel: bool = False, known_back: tuple[Box, ...] = (),
              red_stamps: tuple[Box, ...] = (), faint: bool = False,
              faded: bool = False, pen: np.ndarray | None = None) -> _Reading:
        """One reading of a straight grey page: seal and background removed, stamps kept out,
        trueocr's lines merged with Tesseract's words, the signer's name read again if the
        seal garbled it. ``scale``: how far ``gray`` was enlarged from the page as read;
        ``bilevel``: the page came as a 1-bit scan; ``red_stamps``: the frames of red
        stamps on the page as read (their red is gone from ``gray``, their frame with it, but
        not always all their text, nor the pen's figures written in them); ``faint``: the line
        reader is given the flattened page as it is, nothing lighter than the ink/paper
        threshold whitened (print faded below it is print all the same); ``faded``: its lines
        read by the reader trained on faded print (`LineReader.recognise`); ``pen``: the
        page's blueness as it came upright (`pen_blue`: figures in a blue pen are written by
        hand), None on a page without colour."""
        flattened = flatten_background(gray)
        flat, seals = remove_seal_rings(flattened, bilevel=bilevel)
        if seals:
            log.info("%s: colourless seal removed (%d)", where, seals)
        hair = hairlines(flat)
        log.debug("%s: %d grey pixels joined to print kept as its hairlines", where,
                  np.count_nonzero(hair))
        cleaned = clean_for_lines(flat, hair)
        for_lines = flat if faint else cleaned
        # (frames are found on the page cleaned: with faint print kept, the grey between a
        # stamp's dotted leader joins it into a rule, and the stamp is taken for a table)
        frames = find_frames(cleaned) + [Frame(scaled(box, scale), (), ())
                                           for box in red_stamps]
        # Tesseract twice: laying the page out itself (which also tells what the line reader
        # missed), and on exactly the line reader's lines; where two of the three readers
        # agree on a letter, that letter stands
        opts = self.options
        dpi = round(dpi * scale)
        page_words = [TWord(w.text, w.conf, w.box) for w in
                      recognise_words(clean_for_tesseract(flat, hair), dpi, opts.lang,
                                      opts.timeout)]
        lines = self._pieces_joined(self.reader.read_lines(for_lines, faded), page_words,
                                    for_lines, frames, where, faded)
        lines, stamped = drop_stamped(lines, stamps(frames, for_lines.shape[1]))
        if stamped:
            log.info("%s: %d line(s) inside a stamp kept out of the text", where, stamped)
        lines, back = self._drop_show_through(lines, for_lines, None if bilevel else flat,
                                              known_back)
        if back:
            log.info("%s: %d line(s) of show-through (mirrored text from the back of the "
                     "sheet) kept out of the text", where, len(back))
            # the page's columns were told with the back's lines among its own (a fragment of
            # it across the middle ends the foot's columns there): told again without them
            lines = in_page_order(lines)
        lines = table_order(lines, frames)
        # Tesseract reads show-through too
        words = [w for w in page_words if not any(inside(w.box, b) for b in back)]
        # (only the words the first two disagree on, with their neighbours: the third seldom
        # changes what two agree on; elsewhere on those lines Tesseract's first words stand
        # for it, `open_spans`)
        agreed = settled(lines, words)
        spans, kept = open_spans(lines, words, agreed)
        by_line = kept + [TWord(w.text, w.conf, w.box) for w in recognise_line_images(
            for_lines, spans, dpi, opts.lang, opts.timeout)]
        merged = merged_in_order(lines, words, [by_line], frames)
        agreed_boxes = {ln.box for ln, done in zip(lines, agreed, strict=True) if done}
        if pen is not None and pen.shape != gray.shape:  # an enlarged preparation
            pen = cv2.resize(pen, gray.shape[::-1], interpolation=cv2.INTER_NEAREST)
        merged = mend_level_words(mend_places(self._figures(merged, gray, dpi, where,
                                                             agreed_boxes, pen)))
        merged, unread = self._signer(merged, lines, for_lines,
                                      flattened if seals else None, dpi, where)
        quality = agreement(" ".join(ln.text for ln in lines), " ".join(w.text for w in words))
        return _Reading(merged, lines, words, quality, unread, bool(seals), scale, tuple(back),
                        red_stamps, tuple(frames), pen)

    def _faded_back(self, gray: np.ndarray, dpi: int, where: str, first: _Reading,
                    bilevel: bool = False) -> _Reading:
        """A page with lines of the back's print found on it read again with that print
        faded out; kept when it reads clearly more syllables (`FADED_GAIN` more). Otherwise
        the first reading stands less its lines the faded reading finds nothing on (and
        that are neither the page's own words nor a name): the back's figures and fragments,
        which read as well one way round as the other; and with the faded reading's lines
        where they read a line more clearly, or read the page's own words on a row the first
        reading kept nothing on (`clearer_lines`). On a ``bilevel`` page, smoothed to grey,
        the back's print is thinner, so lighter, than the page's own (the scanner's threshold
        kept only its darkest cores) and the same fading takes it; unless the faded reading
        reads less than `FADED_KEEPS` of the first's syllables: the page's own print was as
        thin."""
        # ``gray`` is the page as it came, but a 1-bit page's, enlarged as it was smoothed
        base = first.scale if bilevel else 1.0

        def as_read(box: Box) -> Box:  # a box of the first reading on ``gray``
            return scaled(box, base / first.scale)

        known = tuple(as_read(box) for box in first.back)
        faded = self._read(fade_show_through(flatten_background(gray), round(dpi * base)), dpi,
                           where, base, known_back=known, red_stamps=first.red_stamps,
                           pen=first.pen)
        before, after = (syllables_read(ln.text for ln in r.merged) for r in (first, faded))
        kept = after > (1 + FADED_GAIN) * max(before, 0)  # (garbage read as -31)
        log.info("%s: show-through faded out: %d syllables read (%d before)%s", where, after,
                 before, "; kept" if kept else "")
        if kept:
            return faded
        if bilevel and after < FADED_KEEPS * before:
            log.info("%s: the page's own print faded out with the back's (%d syllables read of "
                     "%d): the first reading stands", where, after, before)
            return first
        gone = vanished([as_read(ln.box) for ln in first.merged],
                        [ln.text for ln in first.merged], [ln.box for ln in faded.merged],
                        [as_read(f.box) for f in first.frames if f.is_table])
        if gone:
            log.info("%s: %d line(s) not found once the back's print was faded out, kept out "
                     "of the text as show-through: %s", where, len(gone),
                     "; ".join(repr(first.merged[i].text) for i in sorted(gone)))
        lines, replaced = clearer_lines(
            [ln for i, ln in enumerate(first.merged) if i not in gone],
            [replace(ln, box=scaled(ln.box, first.scale / base)) for ln in faded.merged])
        if replaced:
            log.info("%s: %d line(s) read more clearly with the back's print faded out, taken "
                     "from that reading", where, replaced)
            lines = table_order(in_page_order(lines), list(first.frames))
        elif not gone:
            return first
        return replace(first, merged=lines)

    def _faint_lines(self, gray: np.ndarray, dpi: int, where: str, first: _Reading) -> _Reading:
        """A grey page read with words as fragments (`FAINT_NON_WORDS`) read again with its
        faint print kept (nothing lighter than the ink/paper threshold whitened): print faded
        by patches is whitened there by the cleaning ("he tong cot" for "bê tông cốt"). Each
        line read with a token that cannot be a word is taken from that reading where it
        reads more clearly there (`clearer_lines`); no other line is touched: on a page whose
        print is faded all over, keeping faint print keeps the back's and the specks too.
        The page is read again only where those lines, read alone on it with faint print
        kept (a tenth of the cost), read more clearly: on 17 of the 22 pages of the tuning
        sets and three renderings that would be read again, none does, and reading them again
        whole mended nothing either."""
        nw = non_words(ln.text for ln in first.merged)
        if nw < FAINT_NON_WORDS:
            return first
        flat, _ = remove_seal_rings(flatten_background(gray))
        garbled = [ln for ln in first.merged if non_words([ln.text])]
        alone = [Line(tidy_line(text), conf, ln.box) for ln, (text, conf) in zip(
            garbled, self.reader.recognise([flat[y0:y1, x0:x1] for x0, y0, x1, y1 in
                                            (ln.box for ln in garbled)]), strict=True)]
        if not clearer_lines(first.merged, alone, garbled_only=True)[1]:
            log.info("%s: %d tokens that cannot be words; their lines read alone with faint "
                     "print kept read no more clearly", where, nw)
            return first
        faint = self._read(gray, dpi, where, known_back=first.back, red_stamps=first.red_stamps,
                           faint=True, pen=first.pen)
        lines, replaced = clearer_lines(first.merged, faint.merged, garbled_only=True)
        log.info("%s: read again with faint print kept (%d tokens that cannot be words): %d "
                 "line(s) read more clearly there, taken from that reading", where, nw,
                 replaced)
        if not replaced:
            return first
        return replace(first, merged=table_order(in_page_order(lines), list(first.frames)))

    def _pieces_joined(self, lines: list[Line], words: list[TWord], gray: np.ndarray,
                       frames: list[Frame], where: str, faded: bool = False) -> list[Line]:
        """The lines with those the line reader found in pieces or cut short (print faded by
        patches: its detector finds only the darker parts) joined through the words Tesseract
        read surely beside them on their row (`ocr.layout.pieces_joined`), and read again
        whole. Kept where it reads more syllables than the pieces did (less tokens that
        cannot be words, `syllables_read`): the print between them is the page's own words,
        not the back's figures or a stamp's. No word or line inside a table or stamp is
        joined (a stamp's text joined to the words beside it would be kept); nor where the
        line read whole holds the header's two columns (`ocr.layout.right_column_at`)."""
        def framed(box: Box) -> bool:
            return any(inside(box, f.box) for f in frames)

        sure = [w.box for w in words if w.conf >= PIECE_WORD_CONF and joins_pieces(w.text)
                and not framed(w.box)]
        in_frames = {i for i, ln in enumerate(lines) if framed(ln.box)}
        groups = [(members, box) for members, box in pieces_joined([ln.box for ln in lines], sure)
                  if in_frames.isdisjoint(members)]
        if not groups:
            return lines
        read = self.reader.recognise([gray[y0:y1, x0:x1] for _, (x0, y0, x1, y1) in groups],
                                     faded)
        joined: dict[int, Line | None] = {}
        for (members, box), (text, conf) in zip(groups, read, strict=True):
            at = right_column_at(text)
            two_columns = at is not None and 0 < at < len(text.rstrip())
            pieces = [lines[i].text for i in members]
            gain = syllables_read([text]) - syllables_read(pieces)
            if two_columns or gain < 0 or (gain == 0 and not self._closer(text, pieces, box,
                                                                           words)):
                continue
            log.info("%s: a line found in pieces or cut short read whole: %s -> %r", where,
                     " | ".join(repr(lines[i].text) for i in members), text)
            joined.update({i: None for i in members})
            joined[members[0]] = Line(text, conf, box)
        return [joined.get(i, ln) for i, ln in enumerate(lines)
                if joined.get(i, ln) is not None]

    @staticmethod
    def _closer(text: str, pieces: list[str], box: Box, words: list[TWord]) -> bool:
        """Whether a line read whole agrees better than its pieces with the words Tesseract
        read on it: a word parted where the line reader cut the line ("tổn" | "o kết" for
        "tổng hợp kết") reads as many syllables either way."""
        said = " ".join(w.text for w in words if inside(w.box, box))
        return agreement(text, said) > agreement(" ".join(pieces), said)

    def _figures(self, merged: list[Line], gray: np.ndarray, dpi: int, where: str,
                 agreed: set[tuple[int, int, int, int]], pen: np.ndarray | None = None
                 ) -> list[Line]:
        """The header's number and date with their figures read again alone, on the grey
        page as it came (the cleanings thin pen strokes): figures filled in by hand read as
        letters within the printed line; and given unsure when written by hand or in doubt
        (`ocr.figures`)."""
        opts = self.options
        try:
            out = reread_figures(
                merged, gray, lambda imgs: line_chars(imgs, dpi, opts.lang, opts.timeout),
                self.reader.recognise, lambda line: line.box in agreed,
                lambda imgs: read_digits(imgs, dpi, opts.timeout), pen)
        except OcrError as exc:  # a help, not a step the page needs: it stays as read
            log.warning("%s: figures of the number and date not read again: %s", where, exc)
            return merged
        for before, after in zip(merged, out, strict=True):
            if after.text != before.text:
                log.info("%s: figures read again alone: %r -> %r", where, before.text,
                         after.text)
            if after.conf < before.conf:
                log.info("%s: figures written by hand or in doubt, given unsure: %r", where,
                         after.text)
        return out

    def _drop_show_through(self, lines: list[Line], gray: np.ndarray, flat: np.ndarray | None,
                           known: tuple[Box, ...] = ()) -> tuple[list[Line], list[Box]]:
        """The lines less those that are text of the back of the sheet showing through: a
        line read as mostly non-words that reads as words when mirrored; then, when several
        are, the lines as light as those and not the page's own words (`ocr.showthrough`).
        ``flat``: the grey page to measure how light lines are; None for a 1-bit scan, whose
        threshold left all ink equally black (thin broken strokes only look lighter once
        smoothed). ``known``: where an earlier reading of the page found the back's print:
        there only lines that read as the page's own words stay (the back's figures and
        fragments read as well one way as the other, and with the back faded out no line
        may be left to read mirrored). Returns the lines kept and the boxes of those
        dropped."""
        # words read run together are words: a tight face's "XÃĐỒNGVĂN" is the page's own
        texts = [part_run_together(ln.text) for ln in lines]
        # and so is the council's line read with its first word misread or the back's letters
        # run into it ("ẾYBINNHÂNDÂN", "CTNDYBANNHANDAN")
        council = {i for i, ln in enumerate(lines[:HEADER_LINES])
                   if council_line(ln.text) is not None}
        # and so is the unit's line under it, however its capitals read
        heads = council | {i for i, text in enumerate(texts[:HEADER_LINES]) if is_council(text)}
        council |= unit_lines([ln.box for ln in lines], texts, heads)
        # the page's own short line with the back's print run on beside it: cut to its own
        lines, beside = self._back_beside(lines, texts, gray, flat, council)
        texts = [part_run_together(ln.text) for ln in lines]
        # a line read as mostly non-words, or as words but not the page's own ("VẢOVAHH ZAB
        # ỲU .MT", "HOỊT ỦH": the back's capitals, most of which read alike either way round)
        odd = [i for i, text in enumerate(texts) if not own_text(text) and i not in council]
        placed = {i for i, ln in enumerate(lines) if i not in council and not own_text(texts[i])
                  and any(inside(ln.box, b) or inside(b, ln.box) for b in known)}
        if not odd and not placed:
            return lines, []
        crops = [np.ascontiguousarray(np.fliplr(gray[y0:y1, x0:x1]))
                 for x0, y0, x1, y1 in (lines[i].box for i in odd)]
        mirrored = {i for i, (text, _) in zip(odd, self.reader.recognise(crops), strict=True)
                    if reads_mirrored(texts[i], part_run_together(text))} if crops else set()
        if flat is not None and mirrored:
            own = council | {i for i, text in enumerate(texts)
                             if i not in mirrored and own_text(text)}
            lettered = {i for i, text in enumerate(texts) if any(c.isalpha() for c in text)}
            mirrored |= lighter_lines([ink_depth(flat, ln.box) for ln in lines], mirrored, own,
                                      lettered)
        mirrored |= placed
        mirrored -= {i for i in mirrored if written_figures(texts[i])}
        return ([ln for i, ln in enumerate(lines) if i not in mirrored],
                [lines[i].box for i in sorted(mirrored)] + beside)

    def _back_beside(self, lines: list[Line], texts: list[str], gray: np.ndarray,
                     flat: np.ndarray | None, exempt: set[int]) -> tuple[list[Line], list[Box]]:
        """The lines with the back's print that runs on beside the page's own on their row
        cut away ("- Đảng ủy, HĐND xã; dịun) sùo nôh gnò) qồ dbịl": the foot's short line over
        the back's mirrored title): where a line read with a token that cannot be a word (the
        back's run into one: "- Như Điều 3;uudiiuaubgnonglal") has a place to cut it
        (`beside_cut`), its two sides are read, as they are and mirrored; when one reads
        mirrored (`reads_mirrored`) and the other reads as words as it is (`BESIDE_WORDS`),
        the line is that other side as read. A grey or colour page's only (``flat``: None
        for a 1-bit page). Returns the lines and the boxes of the sides cut away."""
        if flat is None:
            return lines, []
        cuts = {}
        for i, (ln, text) in enumerate(zip(lines, texts, strict=True)):
            if i in exempt or not non_words([text]):
                continue
            x0, y0, x1, y1 = ln.box
            at = beside_cut(gray[y0:y1, x0:x1], flat[y0:y1, x0:x1])
            if at is not None:
                cuts[i] = at
        if not cuts:
            return lines, []
        crops = []
        for i, at in cuts.items():
            x0, y0, x1, y1 = lines[i].box
            for side in (gray[y0:y1, x0:x0 + at], gray[y0:y1, x0 + at:x1]):
                crops += [np.ascontiguousarray(side), np.ascontiguousarray(np.fliplr(side))]
        read = self.reader.recognise(crops)
        out, back = list(lines), []
        for n, (i, at) in enumerate(cuts.items()):
            (left, left_conf), (left_flipped, _), (right, right_conf), (right_flipped, _) = \
                read[4 * n:4 * n + 4]
            left_back = reads_mirrored(left, left_flipped)
            if left_back == reads_mirrored(right, right_flipped):
                continue  # both sides the back's, or neither
            x0, y0, x1, y1 = lines[i].box
            left_box, right_box = (x0, y0, x0 + at, y1), (x0 + at, y0, x1, y1)
            text, conf, box, back_box = ((right, right_conf, right_box, left_box) if left_back
                                         else (left, left_conf, left_box, right_box))
            if word_share(text) >= BESIDE_WORDS and any(c.isalpha() for c in text):
                out[i] = Line(tidy_line(text), conf, box)
                back.append(back_box)
                log.debug("the back's print cut from beside a line: %r -> %r",
                          lines[i].text, out[i].text)
        return out, back

    def _retry(self, gray: np.ndarray, dpi: int, where: str, first: _Reading,
               bilevel: bool = False, faint_only: bool = False,
               thickened: Callable[[], np.ndarray] | None = None) -> _Reading:
        """A poor first reading (the engines disagree) tried again on other preparations of
        the page (``faint_only``: those with its faint print kept); the reading with the most
        words that can be Vietnamese is kept (less the tokens that cannot). That score has no
        parameter: nothing in it is tuned to pages (the grown reading's bars are, see below).
        ``thickened``: a 1-bit page's grey with
        its print grown by a pixel (`_thickened`), read last with its faint print kept by
        the reader trained on faded print, and kept as `THICKENED_AGREEMENT` says. (Read by
        the stock line reader too, it added nothing on 42 faded 1-bit study pages: 6,445 ->
        5,948 characters wrong with both, 5,944 with this one alone, 6,280 with the stock
        reader alone, each kept by most words.)"""
        best, tried, kept = first, ["as prepared"], "as prepared"
        for label, prepared, scale, faint, faded in self._preparations(
                gray, round(dpi * first.scale), faint_only):
            reading = self._read(prepared, dpi, where, scale * first.scale, bilevel,
                                 red_stamps=first.red_stamps, faint=faint, faded=faded,
                                 pen=first.pen)
            log.info("%s: %s: %d words read, engines agree %.0f%%", where, label,
                     reading.words_read, 100 * reading.quality)
            tried.append(label)
            if reading.words_read > best.words_read:
                best, kept = reading, label
        if thickened is not None:
            label = ("with its 1-bit print grown by a pixel, read by the reader trained on "
                     "faded print")
            reading = self._read(thickened(), dpi, where, first.scale, bilevel,
                                 red_stamps=first.red_stamps, faint=True, faded=True,
                                 pen=first.pen)
            clearer = syllables_read(ln.text for ln in reading.merged) > syllables_read(
                ln.text for ln in best.merged)
            log.info("%s: %s: %d words read, engines agree %.0f%%", where, label,
                     reading.words_read, 100 * reading.quality)
            tried.append(label)
            if clearer and reading.quality >= best.quality - THICKENED_AGREEMENT:
                best, kept = reading, label
        log.info("%s: engines agreed %.0f%% at first (%d words read): tried %s; kept the "
                 "reading %s (%d words)", where, 100 * first.quality, first.words_read,
                 ", ".join(tried), kept, best.words_read)
        return best

    @staticmethod
    def _preparations(gray: np.ndarray, dpi: int, faint_only: bool = False
                      ) -> Iterator[tuple[str, np.ndarray, float, bool, bool]]:
        """Other preparations of a poorly read page, cheapest first: (label, page, scale,
        faint print kept for the line reader, its lines read by the faded-print reader);
        ``faint_only``: the last two alone (the others are not made)."""
        if not faint_only:
            scale = scale_to_300(gray, dpi)
            if scale != 1.0:  # small print (200 dpi): enlarged
                yield f"enlarged {scale:.2g}x", enlarge(gray, scale), scale, False, False
            yield "with speckle removed (median 5)", despeckle(gray), 1.0, False, False
        yield "with faint print kept (nothing whitened)", gray, 1.0, True, False
        yield ("with faint print kept, read by the reader trained on faded print", gray, 1.0,
               True, True)

    def _signer(self, lines: list[Line], first: list[Line], for_lines: np.ndarray,
                sealed: np.ndarray | None, dpi: int, where: str) -> tuple[list[Line], bool]:
        """The lines with the signer's name read again when the seal garbled it, and whether
        the page has a signing title with no name under it that reads as one (the page is then
        flagged for review). ``first``: the line reader's own lines (before the merge);
        ``sealed``: the flattened page before a colourless seal was removed (None when
        there was none)."""
        h, w = for_lines.shape
        region = signature_region(lines, (w, h))
        if region is None:
            return lines, False
        own = {ln.box: ln.text for ln in first}
        stood = {ln.box: tones_kept(ln.text, own.get(ln.box, "")) for ln in lines
                 if inside(ln.box, region.box)}  # the region's lines as read, before mending
        lines = [replace(ln, text=mend_name(stood[ln.box])) if ln.box in stood else ln
                 for ln in lines]
        strokes = {id(ln) for ln in lines if ln.box in stood and scrawl(ln.text)}
        if strokes:
            log.info("%s: %d line(s) of the signature's strokes read as signs kept out of "
                     "the text", where, len(strokes))
            lines = [ln for ln in lines if id(ln) not in strokes]
        # a name read with a family or middle name that is no listed one is read again too:
        # a ring through "Văn" reads "Vày"; and so is one whose listed names had to be mended
        # ("Than Văn Quyên": a mark lost there may be lost on the given name too), and one
        # whose given name no one writes ("Bíc": a letter lost at a ring); the reading as it
        # stands competes
        named = [ln for ln in lines
                 if inside(ln.box, region.box) and (name_score(ln.text) or 0) >= 1]
        if any(settled_name(ln.text) and not names_mended(stood[ln.box])
               and not runs_on(for_lines, ln.box, region.box[2]) for ln in named):
            return lines, False
        variants = [for_lines]
        if sealed is not None:  # the rings cut strokes of the name: read it with them kept, too
            variants.append(clean_for_lines(sealed))
        variants += [region_threshold(for_lines, region.box),
                     region_threshold(for_lines, region.box, darkest=True)]
        unstarred = without_solids(for_lines, region.box)
        if unstarred is not None:  # a 1-bit seal's star, black against the name
            variants.append(unstarred)

        def tesseract(crops: list[np.ndarray]) -> list[tuple[str, float]]:
            opts = self.options
            return recognise_lines(crops, dpi, opts.lang, opts.timeout, clean_for_tesseract)

        found = candidates(variants, region.box, self.reader.detect,
                           self.reader.recognise_names, tesseract)
        as_read = [Candidate(ln.text, ln.conf, ln.box, -1, name_score(ln.text) or 0)
                   for ln in named]
        best = best_name([*found, *as_read])
        if best is None:
            return lines, not named and not region.placed
        # cut short where a ring crosses it: read on, and back
        best = completed(started(best, found), found)
        crops = [variants[k][b[1]:b[3], b[0]:b[2]] for b, k in line_crops(best, found)]
        weighed = likelier(best, found,
                           lambda texts: self.reader.support(crops, texts, names=True))
        if weighed.text != best.text:
            log.info("%s: the signer's name read %r fits the line's pixels better as %r",
                     where, best.text, weighed.text)
        elif best.variant == -1:  # the line as it was read stands
            return lines, not named and not region.placed
        best = weighed
        text = best.text
        for ln in named:  # a tone mark the reading as it stood has is not dropped either
            text = tones_kept(text, ln.text)
        name = Line(mend_name(tidy_line(text)), best.conf, best.box)
        log.info("%s: signer's name read again under the seal: %s", where, name.text)
        return place_name(lines, region, name), False

    def read_pages(self, path: Path, name: str) -> Iterator[tuple[Page, PageOcr]]:
        for page in iter_pages(path, name, self.options.pdf_dpi, self.options):
            yield page, self.read_page(page, name)

    def read_all(self, path: Path, name: str) -> list[PageOcr]:
        return [ocr for _, ocr in self.read_pages(path, name)]

    def read_one(self, path: Path, name: str, number: int, kind: str) -> PageOcr:
        """One page of a file already checked (`raster.check_intake`)."""
        return self.read_page(one_page(path, name, number, kind, self.options.pdf_dpi), name)

    def read(self, path: Path, name: str) -> list[PageText]:
        return [ocr.as_page_text() for _, ocr in self.read_pages(path, name)]

    def digitize(self, path: Path, name: str, work: Path | None = None) -> Reading:
        """Pages, the documents they hold (a batch scan is split), each document's header
        fields and PDF/A-2b archival copy (written into ``work``; none without it)."""
        return assemble(path, name, self.read_all(path, name), work)

