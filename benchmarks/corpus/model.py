"""What a corpus document is made of: header fields, body blocks, footer. Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Center:
    """A centred line (bold by default), e.g. "QUYẾT ĐỊNH:" before the articles."""

    text: str
    bold: bool = True


@dataclass(frozen=True)
class Heading:
    """A bold line at the left margin, e.g. "I. MỤC ĐÍCH, YÊU CẦU"."""

    text: str


@dataclass(frozen=True)
class Field:
    """A line at the left margin (or indented), not justified, wrapped lines aligned with it."""

    text: str
    indent_mm: float = 0.0


@dataclass(frozen=True)
class Item:
    """A list item: its marker ("1.", "a)", "-") hangs, wrapped lines align after it."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table with ruled lines; each row is one printed line (cells never wrap)."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]           # fractions of the text width, summing to 1
    align: str = ""                      # per column l / c / r; default: l, numbers r


Block = str | Center | Heading | Field | Item | Table  # str: a justified paragraph


@dataclass(frozen=True)
class Doc:
    """One document's text. Rendering choices (font, size, header layout, stamps, capture)
    are made per rendering, not here."""

    key: str
    kind: str                           # quyet_dinh, thong_bao, cong_van, giay_moi, …
    split: str                          # "held-out" | "tuning": fixed once, never moved
    agency: tuple[str, ...]             # left header block, top down (last = issuing body)
    number: str                         # "47/QĐ-UBND" (printed after "Số: ")
    place: str                          # place in the date line
    date: tuple[int, int, int]          # (year, month, day)
    title: tuple[str, ...]              # bold capitals; empty for a letter (công văn)
    body: tuple[Block, ...]
    sign: tuple[str, ...]               # signing titles, e.g. ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    signer: str
    subject: str = ""                   # "Về việc …" (under the title; in the left block as
                                        # "V/v …" for a letter)
    authority: str = ""                 # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …" under the subject
    copy_note: bool = False             # "(BẢN SAO)" printed under the title
    kinh_gui: tuple[str, ...] = ()      # addressees ("Kính gửi: …")
    recipients: tuple[str, ...] = ()    # "Nơi nhận:" items
    left_sign: tuple[str, ...] = ()     # a second signature column on the left: titles…, name
    header: str = "two"                 # "two" (agency | motto) or "one" (motto centred)
    seal: str = ""                      # text on the seal's ring (default: from the agency)
    notes: tuple[str, ...] = field(default_factory=tuple)  # what the text exercises

    @property
    def seal_text(self) -> str:
        if self.seal:
            return self.seal
        a = self.agency
        if len(a) >= 2 and a[-2].upper() in ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
            return f"{a[-2]} {a[-1]}"
        return a[-1]
