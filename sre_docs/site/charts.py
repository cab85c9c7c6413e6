"""Inline SVG charts made at build time: no JavaScript, no network, readable in both palettes.

Text and axes use `currentColor`, so they follow Material's light and dark schemes; every chart
has a <title> and a <desc> with the numbers, for screen readers and search."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

STATE_COLOURS = {
    "healthy": "#2e9d5b",
    "warning": "#e0a100",
    "critical": "#e0561b",
    "exhausted": "#b3261e",
    None: "#8a8a8a",
}
SEVERITY_COLOURS = {"SEV1": "#b3261e", "SEV2": "#e0561b", "SEV3": "#e0a100", "SEV4": "#5b8def"}
BAR_COLOUR = "#5b8def"


def _svg(chart_id: str, title: str, description: str, width: int, height: int, body: str) -> str:
    return (
        f'<svg class="sre-docs-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12" '
        f'fill="currentColor">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>{body}</svg>'
    )


def _label(text: str, limit: int = 28) -> str:
    return escape(text if len(text) <= limit else text[: limit - 1] + "…")


def horizontal_bars(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, float | None, str]],
    *,
    unit: str,
    minimum: float = 0.0,
    maximum: float | None = None,
) -> str:
    """One bar per row (label, value, colour); negative values extend left of the zero line."""
    label_width, bar_width, row_height = 190, 360, 26
    values = [value for _, value, _ in rows if value is not None]
    top = maximum if maximum is not None else max([*values, 1.0])
    bottom = min([minimum, *values]) if values else minimum
    span = (top - bottom) or 1.0
    zero_x = label_width + bar_width * (0 - bottom) / span
    height = row_height * len(rows) + 30
    parts = []
    for index, (label, value, colour) in enumerate(rows):
        y = index * row_height + 6
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{_label(label)}</text>'
        )
        if value is None:
            parts.append(f'<text x="{zero_x + 4:.1f}" y="{y + 15}" opacity="0.7">n/a</text>')
            continue
        x_end = label_width + bar_width * (value - bottom) / span
        x, width = (zero_x, x_end - zero_x) if value >= 0 else (x_end, zero_x - x_end)
        parts.append(
            f'<rect x="{x:.1f}" y="{y + 2}" width="{max(width, 1):.1f}" height="{row_height - 8}" '
            f'fill="{escape(colour)}" rx="2"/>'
        )
        text_x = max(x_end, zero_x) + 4
        parts.append(f'<text x="{text_x:.1f}" y="{y + 15}">{value:g}{escape(unit)}</text>')
    axis_bottom = row_height * len(rows) + 4
    parts.append(
        f'<line x1="{zero_x:.1f}" y1="2" x2="{zero_x:.1f}" y2="{axis_bottom}" '
        f'stroke="currentColor" stroke-opacity="0.5"/>'
    )
    description = "; ".join(
        f"{label}: {'n/a' if value is None else f'{value:g}{unit}'}" for label, value, _ in rows
    )
    width = label_width + bar_width + 70
    return _svg(chart_id, title, description, width, height, "".join(parts))


def stacked_columns(
    chart_id: str,
    title: str,
    columns: Sequence[tuple[str, dict[str, int]]],
    series: Sequence[str],
    colours: dict[str, str],
) -> str:
    """One column per label, stacked by series (incidents per month by severity)."""
    left, plot_height, column_width, gap = 36, 160, 34, 10
    top_value = max([sum(counts.values()) for _, counts in columns] + [1])
    width = left + len(columns) * (column_width + gap) + 20
    height = plot_height + 70
    parts = []
    for tick in range(top_value + 1):
        y = 10 + plot_height - plot_height * tick / top_value
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" '
            f'stroke="currentColor" stroke-opacity="0.15"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    for index, (label, counts) in enumerate(columns):
        x = left + gap + index * (column_width + gap)
        base = 10 + plot_height
        for name in series:
            count = counts.get(name, 0)
            if not count:
                continue
            bar = plot_height * count / top_value
            base -= bar
            parts.append(
                f'<rect x="{x}" y="{base:.1f}" width="{column_width}" height="{bar:.1f}" '
                f'fill="{escape(colours.get(name, BAR_COLOUR))}"><title>{escape(label)} '
                f"{escape(name)}: {count}</title></rect>"
            )
        parts.append(
            f'<text x="{x + column_width / 2:.1f}" y="{plot_height + 26}" text-anchor="middle" '
            f'font-size="10">{escape(label)}</text>'
        )
    legend_y = plot_height + 50
    for index, name in enumerate(series):
        x = left + index * 80
        parts.append(
            f'<rect x="{x}" y="{legend_y}" width="12" height="12" '
            f'fill="{escape(colours.get(name, BAR_COLOUR))}"/>'
            f'<text x="{x + 16}" y="{legend_y + 11}">{escape(name)}</text>'
        )
    description = "; ".join(
        f"{label}: " + ", ".join(f"{name} {counts.get(name, 0)}" for name in series)
        for label, counts in columns
    )
    return _svg(chart_id, title, description, max(width, 360), height, "".join(parts))
