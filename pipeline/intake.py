"""Intake checks the national digitization rules ask of each page. Pure.

Each check gives a finding (a code, the Vietnamese label with the English beside it, and the
measured detail). Findings are recorded per page in the catalogue and shown in reports; which
of them keep a document from counting is configuration (`intake_blocking`).
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_DPI = 200          # TT 01/2023/TT-VPCP, Công văn 7197/BKHCN-CĐSQG: at least 200 dpi
MAX_SKEW_DEG = 3.0     # a page stored more askew than this
BLUR_SIGMA = 2.0       # edges spread like a Gaussian blur of this sigma (px at 300 dpi)
DARK_BORDER = 0.01     # share of the page covered by a scanner's dark border

LABELS = {
    "low_resolution": "độ phân giải dưới 200 dpi (resolution below 200 dpi)",
    "no_colour": "trang có dấu/chữ ký quét không màu (sealed or signed page scanned "
                 "without colour)",
    "blurred": "ảnh mờ (blurred)",
    "skewed": "trang nghiêng quá 3° (page skewed more than 3°)",
    "dark_border": "viền đen (dark border)",
    "page_numbering": "số trang không khớp số ảnh (page numbers do not match the images)",
}
#: findings that keep a document from counting unless configured otherwise
DEFAULT_BLOCKING = ("low_resolution", "page_numbering")


@dataclass(frozen=True)
class Finding:
    code: str      # one of LABELS
    detail: str    # what was measured, e.g. "150 dpi"

    def __str__(self) -> str:
        return f"{LABELS.get(self.code, self.code)}: {self.detail}" if self.detail \
            else LABELS.get(self.code, self.code)


@dataclass(frozen=True)
class PageMeasures:
    """What was measured on one page."""

    dpi: float                    # effective resolution of the sheet (a photo: after flattening)
    grey: bool                    # scanned without colour
    sealed_or_signed: bool        # a seal or a signing block was found on it
    blur_sigma: float | None      # see ocr.measure.blur_sigma
    skew_deg: float               # how far the stored page is askew
    border_share: float           # share of the page under a dark border


def page_findings(m: PageMeasures) -> tuple[Finding, ...]:
    out = []
    if m.dpi < MIN_DPI - 0.5:
        out.append(Finding("low_resolution", f"{m.dpi:.0f} dpi"))
    if m.grey and m.sealed_or_signed:
        out.append(Finding("no_colour", "grey or 1-bit"))
    if m.blur_sigma is not None and m.blur_sigma > BLUR_SIGMA:
        out.append(Finding("blurred", f"edges spread {m.blur_sigma:.1f} px at 300 dpi"))
    if abs(m.skew_deg) > MAX_SKEW_DEG:
        out.append(Finding("skewed", f"{m.skew_deg:+.1f}°"))
    if m.border_share > DARK_BORDER:
        out.append(Finding("dark_border", f"{100 * m.border_share:.1f}% of the page"))
    return tuple(out)


def blocking(findings: list[str], blocking_codes: tuple[str, ...] | list[str]) -> list[str]:
    """The finding codes among ``findings`` that keep a document from counting."""
    return [f for f in findings if f in blocking_codes]
