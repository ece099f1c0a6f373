"""Server-rendered SVG charts: horizontal (stacked) bars with a legend, no JavaScript, no CDN.

The same SVG is shown on the dashboard, printed on the annual-report page and embedded in the
PDF, so a chart looks the same everywhere.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from kcc.rapportage.norms import format_number
from kcc.rapportage.tables import Chart

WIDTH = 720
LABEL_W = 230
BAR_H = 18
GAP = 8
TOP = 34
FONT = "font-family='Helvetica, Arial, sans-serif'"


def _attr(text: str) -> str:
    return escape(text, {"'": "&apos;", '"': "&quot;"})


def render(chart: Chart, *, tooltips: bool = True) -> str:
    """The chart as a standalone SVG document fragment; ``tooltips=False`` leaves out the ``<title>``
    elements (for the PDF, whose SVG renderer does not know them)."""
    totals = [
        sum(series.values[i] for series in chart.series) if chart.stacked
        else max((series.values[i] for series in chart.series), default=0)
        for i in range(len(chart.categories))
    ]  # fmt: skip
    # Without data only the message shows: category rows of zeros would be drawn over it.
    rows = len(chart.categories) if any(totals) else 0
    legend_y = TOP + max(rows, 1) * (BAR_H + GAP) + 10
    height = legend_y + (24 if rows else 0)
    plot_w = WIDTH - LABEL_W - 60
    peak = max(totals, default=0) or 1
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {height}' width='{WIDTH}' height='{height}' "
        f"role='img' aria-label='{_attr(chart.title)}' class='chart' data-chart='{_attr(chart.key)}'>",
        f"<title>{escape(chart.title)}</title>" if tooltips else "",
        f"<rect x='0' y='0' width='{WIDTH}' height='{height}' fill='#ffffff'/>",
        f"<text x='0' y='18' {FONT} font-size='15' font-weight='bold' fill='#212121'>{escape(chart.title)}</text>",
    ]
    if not rows:
        parts.append(
            f"<text x='0' y='{TOP + 14}' {FONT} font-size='13' fill='#616161'>Geen gegevens in deze periode.</text>"
        )
    for i, category in enumerate(chart.categories[:rows]):
        y = TOP + i * (BAR_H + GAP)
        label = category if len(category) <= 34 else category[:33] + "…"
        parts.append(
            f"<text x='{LABEL_W - 8}' y='{y + BAR_H - 5}' {FONT} font-size='12' text-anchor='end' fill='#212121'>"
            f"{escape(label)}</text>"
        )
        x = float(LABEL_W)
        for series in chart.series:
            value = series.values[i]
            width = plot_w * value / peak
            if width > 0:
                bar_x = x if chart.stacked else LABEL_W
                parts.append(
                    f"<rect x='{bar_x:.1f}' y='{y}' width='{width:.1f}' height='{BAR_H}' fill='{series.color}'>"
                    + (
                        f"<title>{escape(category)}, {escape(series.name)}: {format_number(value)}</title>"
                        if tooltips
                        else ""
                    )
                    + "</rect>"
                )
                if chart.stacked:
                    x += width
        parts.append(
            f"<text x='{(x if chart.stacked else LABEL_W + plot_w * totals[i] / peak) + 6:.1f}' y='{y + BAR_H - 5}' "
            f"{FONT} font-size='12' fill='#424242'>{format_number(totals[i])}</text>"
        )
    x = 0
    if rows and len(chart.series) > 1:
        for series in chart.series:
            parts.append(f"<rect x='{x}' y='{legend_y}' width='12' height='12' fill='{series.color}'/>")
            parts.append(
                f"<text x='{x + 16}' y='{legend_y + 11}' {FONT} font-size='12' fill='#212121'>"
                f"{escape(series.name)}</text>"
            )
            x += 24 + 7 * len(series.name)
    parts.append("</svg>")
    return "".join(parts)
