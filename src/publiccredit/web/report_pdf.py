"""The public credit report as a PDF (reportlab), readable by people and by programs.

Chinese is set in an embedded subset of a TrueType CJK font (``pdf_font``),
so every viewer shows it without an Asian font pack. The first page carries the
report number and a QR code and link to the portal page that checks it.
Hashes and leaves are set in Courier, one hash per line, each prefixed by
a fixed keyword (``size``, ``root_hex``, ``leaf_hash``, ``proof`` …), so that
text extracted from the PDF can be parsed back and every proof re-verified.
The layout is a plain flow of lines drawn on the canvas (no table engine):
fast for a company with thousands of records, and its text extracts in reading
order. A proof block never breaks across pages.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from functools import lru_cache
from string import Template

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from publiccredit.web.labels import agency_name
from publiccredit.web.pdf_font import cjk_font
from publiccredit.web.report_data import Report
from publiccredit.web.report_proofs import LeafProof
from publiccredit.web.report_words import fact_rows, report_words, state_name

MONO = "Courier"
WIDTH, HEIGHT = A4
MARGIN = 40.0
TEXT_SIZE = 9.0
MONO_SIZE = 6.5
LEAF_CHARS = 120
"""Characters of a leaf per line: fits the page at ``MONO_SIZE`` after the keyword."""

_WIDE = "\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef"
TOKENS = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+|\s+")
"""Line-break opportunities: around every CJK character, and at spaces between words."""


def _setup() -> str:
    """Register the CJK font once (its name), and switch off ASCII85 for page streams.

    ASCII85 only makes a PDF 7-bit clean (for mail of the 1990s); reportlab's
    pure-Python encoder of it took a third of a large report's time, and the
    binary (Flate) streams it leaves are what every reader expects. reportlab
    reads the setting process-wide; nothing else in the project uses reportlab.
    """
    rl_config.useA85 = 0
    return cjk_font().name


@lru_cache(maxsize=16384)
def _width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (a long word is broken by characters).

    Widths add up token by token (these fonts have no kerning), so a paragraph
    costs one measurement per token, not one per token per line length.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, used = "", 0.0
        for token in TOKENS.findall(paragraph):
            wide = _width(token, font, size)
            if used + wide <= width:
                current, used = current + token, used + wide
                continue
            if current.strip():
                lines.append(current.rstrip())
            current = token.lstrip()
            while current and _width(current, font, size) > width:
                cut = len(current) - 1
                while cut > 1 and _width(current[:cut], font, size) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
            used = _width(current, font, size)
        lines.append(current.rstrip())
    return lines


def leaf_lines(leaf: str, chars: int = LEAF_CHARS) -> list[str]:
    """The leaf in pieces of at most ``chars`` characters, never cut beside a space.

    Text extraction drops spaces at the ends of lines; a cut next to a space
    would lose it, and the leaf joined back would no longer hash to its leaf hash.
    """
    pieces: list[str] = []
    rest = leaf
    while len(rest) > chars:
        cut = chars
        while cut > 1 and (rest[cut - 1] == " " or rest[cut] == " "):
            cut -= 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


class _Flow:
    """Lines drawn top to bottom, a new page (with a footer) whenever one is full."""

    def __init__(self, canvas: Canvas, footer: Template, note: str, cjk: str) -> None:
        self.canvas = canvas
        self.cjk = cjk
        self.footer = footer
        self.note = note
        self.page = 1
        self.y = HEIGHT - MARGIN

    def _finish_page(self) -> None:
        self.canvas.setFont(self.cjk, 7)
        shown = f"{self.note} · {self.footer.substitute(page=self.page)}"
        self.canvas.drawCentredString(WIDTH / 2, MARGIN / 2, shown)
        self.canvas.showPage()
        self.page += 1
        self.y = HEIGHT - MARGIN

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` more points fit on this one."""
        if self.y - height < MARGIN:
            self._finish_page()

    def line(
        self, text: str, font: str | None = None, size: float = TEXT_SIZE, indent: float = 0
    ) -> None:
        """One line (the caller wrapped it) in ``font`` (default: the CJK font)."""
        font = font or self.cjk
        leading = size * 1.35
        self.need(leading)
        self.y -= leading
        self.canvas.setFont(font, size)
        self.canvas.drawString(MARGIN + indent, self.y, text)

    def block(self, lines: list[tuple[str, float]], font: str, size: float) -> None:
        """Lines (each with its indent) kept on one page, drawn as one text object (fast)."""
        leading = size * 1.35
        self.need(len(lines) * leading)
        shown = self.canvas.beginText()
        shown.setFont(font, size, leading)
        for text, indent in lines:
            self.y -= leading
            shown.setTextOrigin(MARGIN + indent, self.y)
            shown.textOut(text)
        self.canvas.drawText(shown)

    def text(
        self, text: str, font: str | None = None, size: float = TEXT_SIZE, indent: float = 0
    ) -> None:
        """A paragraph, wrapped to the page width."""
        font = font or self.cjk
        for piece in wrap(text, font, size, WIDTH - 2 * MARGIN - indent):
            self.line(piece, font, size, indent)

    def heading(self, text: str, size: float = 12) -> None:
        """A section heading, kept with at least a few lines after it."""
        self.need(size * 1.35 + 6 + 4 * TEXT_SIZE * 1.35)
        self.y -= 6
        self.line(text, None, size)

    def close(self) -> None:
        """Finish the last page."""
        self._finish_page()


def _facts(flow: _Flow, report: Report) -> None:
    rows = fact_rows(report)
    for label, value in rows:
        flow.text(f"{label}: {value}")


def _assessment(flow: _Flow, report: Report) -> None:
    say = report_words(report.lang)
    flow.heading(say["rating"])
    if report.rating is None and report.not_rated:
        flow.text(f"{say['not_rated']}: {report.not_rated['reason']}")
    elif report.rating is None:
        flow.text(say["not_assessed"])
    else:
        reasons = (
            "; ".join(report.rating.get("reasons_shown") or report.rating["reasons"]) or say["none"]
        )
        flow.text(
            f"{say['level']}: {report.rating['level']}   {say['score']}: "
            f"{report.rating['score']}   {say['reasons']}: {reasons}"
        )
        if report.rating.get("capped"):
            flow.text(report.rating["capped"])
    flow.heading(say["lists_on"])
    for entry in report.lists:
        until = entry["until"] or say["open_ended"]
        flow.text(
            f"{entry['name']} · {say['since']} {entry['since']} · {say['until']} {until}"
            f" · {say['legal_basis']}: {entry['legal_basis']}"
        )
    if not report.lists:
        flow.text(say["none"])
    flow.heading(say["measures_on"])
    for measure in report.measures:
        agency = agency_name(measure["implementing_agency"], report.lang)
        flow.text(
            f"{measure['content']} · {say['agency']}: {agency}"
            f" · {say['legal_basis']}: {measure['legal_basis']}"
        )
    if not report.measures:
        flow.text(say["none"])


def _records(flow: _Flow, report: Report) -> None:
    say = report_words(report.lang)
    flow.heading(f"{say['records']} ({len(report.records)})")
    if not report.records:
        flow.text(say["no_records"])
    for record in report.records:
        until = record.published_until or say["open_ended"]
        events = ", ".join(map(str, record.events))
        flow.need(3 * TEXT_SIZE * 1.35)
        agency = agency_name(record.agency, report.lang)
        flow.text(
            f"{say['record_id']} {record.source_record_id} · {agency} · "
            f"{record.record_type_name} · {say['decided_on']} {record.decided_on} · "
            f"{state_name(say, record.state)} · {say['published_until']} {until} · "
            f"{say['events']} {events}"
        )
        if record.facts:
            flow.text(f"{say['facts']}: {record.facts}", indent=12)
        if record.details:
            flow.text(record.details, indent=12)


def _mono(flow: _Flow, text: str) -> None:
    flow.line(text, MONO, MONO_SIZE)


def _head(flow: _Flow, report: Report) -> None:
    say = report_words(report.lang)
    flow.heading(say["head"])
    if report.head is None:
        flow.text(say["no_head"])
    else:
        head = report.head
        flow.text(
            f"{say['head_size']}, {say['head_root']}, {say['head_time']}, "
            f"{say['head_key_id']}, {say['head_signature']}:"
        )
        _mono(flow, f"size {head['size']}")
        _mono(flow, f"root_hex {head['root_hex']}")
        _mono(flow, f"timestamp {head['timestamp']}")
        _mono(flow, f"key_id {head['key_id']}")
        _mono(flow, "signature_hex")
        _mono(flow, head["signature_hex"])
    flow.text(f"{say['public_key']}:")
    _mono(flow, f"public_key_hex {report.public_key['raw_hex']}")
    if report.pending_events:
        flow.text(f"{say['pending']} {', '.join(map(str, report.pending_events))}")


def _proof(flow: _Flow, proof: LeafProof) -> None:
    pieces = leaf_lines(proof.leaf)
    indent = MONO_SIZE * 0.6 * 5  # under the leaf, past the word "leaf "
    lines = [
        (f"event {proof.seq} leaf_index {proof.leaf_index} tree_size {proof.tree_size}", 0.0),
        (f"leaf {pieces[0]}", 0.0),
        *((piece, indent) for piece in pieces[1:]),
        (f"leaf_hash {proof.leaf_hash_hex}", 0.0),
        *((f"proof {node}", 0.0) for node in proof.proof_hex),
        ("end", 0.0),
    ]
    flow.need(len(lines) * MONO_SIZE * 1.35 + 4)
    flow.y -= 4
    flow.block(lines, MONO, MONO_SIZE)


def _proofs(flow: _Flow, report: Report, proofs: Iterable[LeafProof]) -> None:
    say = report_words(report.lang)
    flow.heading(say["proofs"])
    flow.text(say["proofs_intro"])
    for proof in proofs:
        _proof(flow, proof)


QR_SIZE = 72.0
"""The QR code's side in points (an inch: scans from paper at arm's length)."""


def _check_code(flow: _Flow, report: Report, check_url: str) -> None:
    """A QR code and a link to the page that checks the report number (shown in the facts)."""
    say = report_words(report.lang)
    widget = QrCodeWidget(check_url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (right - left), 0, 0,
                      QR_SIZE / (top - bottom), 0, 0])  # fmt: skip
    drawing.add(widget)
    x, y = WIDTH - MARGIN - QR_SIZE, HEIGHT - MARGIN - QR_SIZE
    renderPDF.draw(drawing, flow.canvas, x, y)
    flow.canvas.linkURL(check_url, (x, y, x + QR_SIZE, y + QR_SIZE), relative=0)
    flow.text(f"{say['check_number']}:")
    flow.line(check_url, MONO, MONO_SIZE)
    width = pdfmetrics.stringWidth(check_url, MONO, MONO_SIZE)
    flow.canvas.linkURL(check_url, (MARGIN, flow.y - 2, MARGIN + width, flow.y + MONO_SIZE))


def report_pdf(report: Report, check_url: str | None = None) -> bytes:
    """The report as PDF bytes; with ``check_url`` (absolute), the number's QR code and link."""
    cjk = _setup()
    say = report_words(report.lang)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    entity = report.subject["kind"] == "entity"
    canvas.setTitle(f"{say['report']} {report.subject['subject_key'] if entity else ''}".strip())
    canvas.setCreator("publiccredit")
    note = f"{report.subject['subject_key']} · {say['as_of']} {report.as_of}"
    flow = _Flow(canvas, Template(say["footer"]), note, cjk)
    flow.line(say["report"], None, 16)
    flow.y -= 4
    if check_url is not None:
        _check_code(flow, report, check_url)
    _facts(flow, report)
    _assessment(flow, report)
    _records(flow, report)
    _head(flow, report)
    flow.heading(say["how_to_verify"])
    flow.text(say["verify_steps"])
    _proofs(flow, report, report.proofs)
    flow.close()
    canvas.save()
    return buffer.getvalue()
