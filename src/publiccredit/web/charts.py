"""Charts the app draws itself: inline SVG, no JavaScript, no external service.

Three shapes cover the statistics page: horizontal bars (totals by a key),
lines over months (one line per series) and stacked columns over months
(parts of a whole, such as decisions on time and late). Every chart is a
``<figure>`` whose SVG has ``role="img"`` with a ``<title>`` and a ``<desc>``
for screen readers, every bar, column and point carries its own ``<title>``
("label: value", shown on hover), and the page puts a data table next to it,
so nothing is only in the picture. Every label goes through ``render``, so a
name with markup in it stays text. The SVG scales to the page width
(``viewBox``), which keeps it readable on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from publiccredit.web.html import Markup, join, render

WIDTH = 640
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 44
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999999",
           "#000000", "#f0e442", "#882255")  # fmt: skip
"""Okabe–Ito colours (told apart by people with colour-vision deficiencies), then two more."""

NOTHING = Markup("")

STYLE = (
    ".grid{stroke:#ddd}.tick,.value{font-size:11px;fill:#333}.axis-label{font-size:12px;fill:#333}"
)
"""Text and grid styles, inside each SVG so a chart looks the same wherever it is put."""

MAX_POINTS = 48
"""Lines with more months than this get no point markers (the table has the numbers)."""


@dataclass(frozen=True, slots=True)
class Series:
    """One named line or column part; ``values`` align with the chart's x labels."""

    name: str
    values: tuple[int, ...]


def nice_maximum(value: int) -> int:
    """The axis top: the smallest 1, 2 or 5 × 10ⁿ at or above ``value`` (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _frame(chart_id: str, title: str, desc: str, height: int, body: Markup) -> Markup:
    return render(
        '<svg class="chart" role="img" aria-labelledby="$id-t $id-d" viewBox="0 0 $w $h" '
        'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="$id-t">$title</title><desc id="$id-d">$desc</desc>'
        f"<style>{STYLE}</style>$body</svg>",
        id=chart_id,
        w=WIDTH,
        h=height,
        title=title,
        desc=desc,
        body=body,
    )


def _figure(caption: str, svg: Markup, legend: Markup = NOTHING) -> Markup:
    return render(
        '<figure class="chart" style="margin:0.5rem 0">$svg$legend'
        '<figcaption class="muted">$caption</figcaption></figure>',
        caption=caption,
        svg=svg,
        legend=legend,
    )


def shorten(label: str, room: int = 24) -> str:
    """``label`` cut to ``room`` columns (a Chinese character takes two), with an ellipsis."""
    used, kept = 0, list[str]()
    for char in label:
        used += 2 if ord(char) > 0x2E7F else 1
        if used > room:
            return "".join(kept) + "…"
        kept.append(char)
    return label


def legend(series: Sequence[Series]) -> Markup:
    """The colour key of ``series``, as an HTML list (it wraps on a narrow screen)."""
    items = join(
        render(
            '<li><span class="swatch" style="display:inline-block;width:0.8em;height:0.8em;'
            'margin-right:0.3em;background:$c"></span>$n</li>',
            c=PALETTE[i % len(PALETTE)],
            n=s.name,
        )
        for i, s in enumerate(series)
    )
    return render(
        '<ul class="legend" style="list-style:none;padding:0;display:flex;flex-wrap:wrap;'
        'gap:0.25rem 1rem">$items</ul>',
        items=items,
    )


def ticks(top: int) -> list[int]:
    """Whole-number ticks from 0 to ``top`` (a ``nice_maximum``): every 1 up to 5, else fifths."""
    steps = top if top <= 5 else 5
    return [top * i // steps for i in range(steps + 1)]


def _y_axis(top: int, plot_height: int, y_label: str) -> Markup:
    parts = []
    for value in ticks(top):
        y = TOP + plot_height - plot_height * value / top
        parts.append(
            render(
                '<line class="grid" x1="$x1" y1="$y" x2="$x2" y2="$y"/>'
                '<text class="tick" x="$tx" y="$ty" text-anchor="end">$v</text>',
                x1=LEFT,
                x2=WIDTH - RIGHT,
                y=f"{y:.1f}",
                tx=LEFT - 4,
                ty=f"{y + 4:.1f}",
                v=value,
            )
        )
    parts.append(
        render(
            '<text class="axis-label" x="12" y="$y" transform="rotate(-90 12 $y)" '
            'text-anchor="middle">$label</text>',
            y=f"{TOP + plot_height / 2:.1f}",
            label=y_label,
        )
    )
    return join(parts)


def _x_labels(labels: Sequence[str], plot_height: int, x_label: str) -> Markup:
    step = max(1, -(-len(labels) // 12))  # at most ~12 labels under the axis
    width = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    parts = [
        render(
            '<text class="tick" x="$x" y="$y" text-anchor="middle">$t</text>',
            x=f"{LEFT + width * (i + 0.5):.1f}",
            y=TOP + plot_height + 16,
            t=label,
        )
        for i, label in enumerate(labels)
        if i % step == 0
    ]
    parts.append(
        render(
            '<text class="axis-label" x="$x" y="$y" text-anchor="middle">$label</text>',
            x=f"{LEFT + (WIDTH - LEFT - RIGHT) / 2:.1f}",
            y=TOP + plot_height + 36,
            label=x_label,
        )
    )
    return join(parts)


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    x_label: str,
    y_label: str,
) -> Markup:
    """One line per series over ``labels`` (months), with axes, a legend and point titles."""
    plot_height = 200
    top = nice_maximum(max((v for s in series for v in s.values), default=0))
    width = (WIDTH - LEFT - RIGHT) / max(1, len(labels))

    def point(i: int, value: int) -> tuple[float, float]:
        return LEFT + width * (i + 0.5), TOP + plot_height - plot_height * value / top

    lines = []
    for n, one in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = [point(i, v) for i, v in enumerate(one.values)]
        marks = Markup("")
        if len(labels) <= MAX_POINTS:
            marks = join(
                render(
                    '<circle cx="$x" cy="$y" r="3" fill="$c"><title>$t</title></circle>',
                    x=f"{x:.1f}",
                    y=f"{y:.1f}",
                    c=colour,
                    t=f"{one.name} {label}: {value}",
                )
                for (x, y), label, value in zip(points, labels, one.values, strict=True)
            )
        lines.append(
            render(
                '<g class="series"><title>$name: $total</title>'
                '<polyline fill="none" stroke="$c" stroke-width="2" points="$pts"/>$marks</g>',
                name=one.name,
                total=sum(one.values),
                c=colour,
                pts=" ".join(f"{x:.1f},{y:.1f}" for x, y in points),
                marks=marks,
            )
        )
    body = join([_y_axis(top, plot_height, y_label), _x_labels(labels, plot_height, x_label),
                 *lines])  # fmt: skip
    svg = _frame(chart_id, title, desc, TOP + plot_height + BOTTOM, body)
    return _figure(desc, svg, legend(series))


def stacked_columns(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    x_label: str,
    y_label: str,
) -> Markup:
    """A column per label, split into the parts ``series`` (each part titled with its value)."""
    plot_height = 200
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = nice_maximum(max(totals, default=0))
    width = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    columns = []
    for i, label in enumerate(labels):
        base = 0
        for n, one in enumerate(series):
            value = one.values[i]
            if value:
                y = TOP + plot_height - plot_height * (base + value) / top
                columns.append(
                    render(
                        '<rect x="$x" y="$y" width="$w" height="$h" fill="$c">'
                        "<title>$t</title></rect>",
                        x=f"{LEFT + width * i + width * 0.15:.1f}",
                        y=f"{y:.1f}",
                        w=f"{width * 0.7:.1f}",
                        h=f"{plot_height * value / top:.1f}",
                        c=PALETTE[n % len(PALETTE)],
                        t=f"{one.name} {label}: {value}",
                    )
                )
            base += value
    body = join([_y_axis(top, plot_height, y_label), _x_labels(labels, plot_height, x_label),
                 *columns])  # fmt: skip
    svg = _frame(chart_id, title, desc, TOP + plot_height + BOTTOM, body)
    return _figure(desc, svg, legend(series))


def bar_chart(
    chart_id: str, title: str, desc: str, bars: Sequence[tuple[str, int]], *, value_label: str
) -> Markup:
    """Horizontal bars, one per (label, value), labelled on the left, valued on the right."""
    row, label_width = 22, 150
    top = nice_maximum(max((value for _, value in bars), default=0))
    room = WIDTH - label_width - RIGHT - 48
    rows = [
        render(
            '<g class="bar"><title>$label: $value</title>'
            '<text class="tick" x="$lx" y="$ty" text-anchor="end">$short</text>'
            '<rect x="$x" y="$y" width="$w" height="$h" fill="$c"/>'
            '<text class="value" x="$vx" y="$ty">$value</text></g>',
            label=label,
            short=shorten(label),
            value=value,
            lx=label_width - 6,
            x=label_width,
            y=TOP + row * i,
            h=row - 6,
            ty=TOP + row * i + row - 10,
            w=f"{room * value / top:.1f}",
            vx=f"{label_width + room * value / top + 4:.1f}",
            c=PALETTE[0],
        )
        for i, (label, value) in enumerate(bars)
    ]
    axis = render(
        '<text class="axis-label" x="$x" y="$y" text-anchor="middle">$label</text>',
        x=label_width + room // 2,
        y=TOP + row * len(bars) + 16,
        label=value_label,
    )
    svg = _frame(chart_id, title, desc, TOP + row * len(bars) + 28, join([*rows, axis]))
    return _figure(desc, svg)
