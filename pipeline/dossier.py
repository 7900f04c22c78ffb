"""Dossier codes (mã hồ sơ): how a result is known in the one-stop systems. Pure."""

from __future__ import annotations

import re

# 000.00.06.H56-231027-0361: {agency id}-{yyMMdd}-{NNNN}; since TT 04/2025/TT-VPCP
# (25/01/2026) the final number has four digits or more. A code is read whole: never a shorter
# code out of a longer one, nor one out of a longer run of letters.
DOSSIER_CODE = re.compile(r"(?<![0-9A-Za-z.])[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)+-\d{6}-\d{4,}"
                          r"(?![0-9])")
