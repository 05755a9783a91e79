"""Which font the PDF report sets Chinese in: an embedded subset of a real CJK font.

A PDF that names a font without embedding it (reportlab's CID ``STSong-Light``)
relies on the reader's Asian font pack; viewers without one show "�" or empty
boxes. So the report embeds WenQuanYi Micro Hei (Debian's ``fonts-wqy-microhei``,
Apache-2.0 / GPLv3 with the font exception), which reportlab subsets to the
glyphs a report uses: a few dozen kilobytes, readable in any viewer.

``PUBLICCREDIT_CJK_FONT`` names another TrueType file (or collection); when no
font is found the report falls back to ``STSong-Light`` and says so once in the
server's log, so a machine without the package still serves a report.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FALLBACK = "STSong-Light"
EMBEDDED = "WenQuanYiMicroHei"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
"""Debian's paths for TrueType CJK fonts reportlab can embed (CFF-based OpenType,
such as Noto Sans CJK, it cannot)."""

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CjkFont:
    """The registered font's name, and the file it embeds (``None``: not embedded)."""

    name: str
    path: Path | None


def _candidates() -> list[Path]:
    chosen = os.environ.get("PUBLICCREDIT_CJK_FONT")
    return [Path(chosen)] if chosen else [Path(path) for path in CANDIDATES]


@cache
def cjk_font() -> CjkFont:
    """Register and return the report's CJK font (once per process)."""
    for path in _candidates():
        if not path.is_file():
            continue
        try:
            pdfmetrics.registerFont(TTFont(EMBEDDED, str(path), subfontIndex=0))
        except (TTFError, OSError) as error:
            log.warning("the CJK font %s cannot be embedded: %s", path, error)
            continue
        return CjkFont(EMBEDDED, path)
    log.warning(
        "no embeddable CJK font found (%s): PDF reports name STSong-Light without "
        "embedding it; install fonts-wqy-microhei or set PUBLICCREDIT_CJK_FONT",
        ", ".join(map(str, _candidates())),
    )
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return CjkFont(FALLBACK, None)
