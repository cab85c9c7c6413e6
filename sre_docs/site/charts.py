"""Inline SVG charts made at build time: no JavaScript, no network, readable in both palettes.

Text, axes and grid take Material's CSS variables (falling back to `currentColor`), so they follow
the light and dark schemes; every chart has a <title> and a <desc> holding all its numbers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Mid-tone colours with at least 3:1 contrast (WCAG's level for graphics) against both
# Material's white background and its slate one (#1e2129); `tests/site/test_charts.py` checks
# it. Each is a CSS variable, so a handbook can restyle the charts from `extra_css`.
COLOUR_VALUES = {
    "healthy": "#2e9d5b",
    "warning": "#a87c00",
    "critical": "#e0561b",
    "exhausted": "#d93636",
    "sev4": "#5b8def",
    "unknown": "#8a8a8a",
}
STATE_COLOURS = {
    "healthy": f"var(--sre-docs-healthy, {COLOUR_VALUES['healthy']})",
    "warning": f"var(--sre-docs-warning, {COLOUR_VALUES['warning']})",
    "critical": f"var(--sre-docs-critical, {COLOUR_VALUES['critical']})",
    "exhausted": f"var(--sre-docs-exhausted, {COLOUR_VALUES['exhausted']})",
    None: f"var(--md-default-fg-color--light, {COLOUR_VALUES['unknown']})",
}
SEVERITY_COLOURS = {
    "SEV1": f"var(--sre-docs-sev1, {COLOUR_VALUES['exhausted']})",
    "SEV2": f"var(--sre-docs-sev2, {COLOUR_VALUES['critical']})",
    "SEV3": f"var(--sre-docs-sev3, {COLOUR_VALUES['warning']})",
    "SEV4": f"var(--sre-docs-sev4, {COLOUR_VALUES['sev4']})",
}
# Neighbouring severities differ in more than colour: SEV1 is hatched, SEV2 dotted.
SEVERITY_PATTERNS = {"SEV1": "hatch", "SEV2": "dots"}
_PATTERNS = {
    "hatch": '<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" '
    'style="stroke:var(--md-default-bg-color, #fff);stroke-width:1.6"/>',
    "dots": '<circle cx="3" cy="3" r="1.3" style="fill:var(--md-default-bg-color, #fff)"/>',
}
_MIN_SCALE = 10 / 12  # the narrowest a chart is drawn: its 12 px text stays at 10 px or more
BAR_COLOUR = "var(--md-accent-fg-color, #526cfe)"
_TEXT = "fill:var(--md-default-fg-color, currentColor)"
_MUTED_TEXT = "fill:var(--md-default-fg-color--light, currentColor)"
_GRID = "stroke:var(--md-default-fg-color--lightest, currentColor)"
_AXIS = "stroke:var(--md-default-fg-color--light, currentColor)"
_CHAR_WIDTH = 6.6  # average width of a 12 px sans-serif character, for layout only


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, value (None: not measured), fill and an optional word after it."""

    label: str
    value: float | None
    colour: str = BAR_COLOUR
    note: str = ""


def _svg(
    chart_id: str, title: str, description: str, width: float, height: float, body: str
) -> str:
    # On a narrow screen the chart scrolls sideways rather than shrinking its 12 px text below
    # 10 px (a 700-unit chart on a 375 px phone would print at 6 px).
    return (
        '<div class="sre-docs-chart-frame" style="overflow-x:auto">'
        f'<svg class="sre-docs-chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
        f'style="max-width:{width:.0f}px;min-width:{width * _MIN_SCALE:.0f}px;height:auto;'
        'color:inherit" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>{body}</svg></div>'
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", muted: bool = False) -> str:
    style = _MUTED_TEXT if muted else _TEXT
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" style="{style}">'
        f"{escape(text)}</text>"
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float) -> str:
    return f"{value:g}"


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10ⁿ) giving at most about `ticks` intervals over `span`."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)


def horizontal_bars(
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    *,
    unit: str,
    minimum: float = 0.0,
    maximum: float | None = None,
    step: float | None = None,
    floor: float | None = None,
) -> str:
    """One bar per row; negative values extend left of the zero line.

    The scale runs from `minimum` (lowered to fit negative values, but never below `floor`)
    to `maximum` (default: the largest value); values outside it are drawn clipped and their
    number is still printed."""
    # A value that is no finite number (a sum that overflowed) is drawn as not measured.
    bars = [
        bar if bar.value is None or math.isfinite(bar.value) else Bar(bar.label, None, bar.colour)
        for bar in bars
    ]
    values = [bar.value for bar in bars if bar.value is not None]
    top = maximum if maximum is not None else max([*values, 0.0])
    if top <= minimum:
        top = minimum + 1.0
    tick = step or nice_step(top - minimum)
    top = math.ceil(top / tick) * tick
    bottom = min([minimum, *values])
    bottom = math.floor(bottom / tick) * tick
    if floor is not None:
        bottom = max(bottom, floor)
    span = top - bottom
    label_width = min(260.0, max(100.0, _CHAR_WIDTH * max((len(b.label) for b in bars), default=8)))
    label_limit = int(label_width / _CHAR_WIDTH)
    note_width = _CHAR_WIDTH * max((len(b.note) + 10 for b in bars), default=10)
    plot_width, row_height, top_margin = 360.0, 26.0, 8.0
    left = label_width + 12

    def x_of(value: float) -> float:
        clamped = min(max(value, bottom), top)
        return left + plot_width * (clamped - bottom) / span

    plot_bottom = top_margin + row_height * len(bars)
    parts = []
    tick_count = round(span / tick)
    for index in range(tick_count + 1):
        value = bottom + index * tick
        x = x_of(value)
        line_style = _AXIS if abs(value) < 1e-9 else _GRID
        parts.append(
            f'<line x1="{x:.1f}" y1="{top_margin - 4}" x2="{x:.1f}" y2="{plot_bottom:.1f}" '
            f'style="{line_style}"/>'
        )
        parts.append(
            _text(x, plot_bottom + 16, f"{_number(value)}{unit}", anchor="middle", muted=True)
        )
    zero_x = x_of(0.0)
    for index, bar in enumerate(bars):
        y = top_margin + index * row_height
        parts.append(_text(left - 8, y + 17, _clip(bar.label, label_limit), anchor="end"))
        if bar.value is None:
            parts.append(_text(zero_x + 6, y + 17, f"not measured {bar.note}".strip(), muted=True))
            continue
        end_x = x_of(bar.value)
        x, width = (zero_x, end_x - zero_x) if bar.value >= 0 else (end_x, zero_x - end_x)
        parts.append(
            f'<rect x="{x:.1f}" y="{y + 5:.1f}" width="{max(width, 1.5):.1f}" '
            f'height="{row_height - 10:.1f}" rx="2" style="fill:{bar.colour}">'
            f"<title>{escape(bar.label)}: {_number(bar.value)}{escape(unit)}</title></rect>"
        )
        label = f"{_number(bar.value)}{unit} {bar.note}".strip()
        parts.append(_text(max(end_x, zero_x) + 6, y + 17, label))
    description = "; ".join(
        f"{bar.label}: "
        + ("not measured" if bar.value is None else f"{_number(bar.value)}{unit}")
        + (f" ({bar.note})" if bar.note else "")
        for bar in bars
    )
    width = left + plot_width + note_width
    height = plot_bottom + 26
    return _svg(chart_id, title, description or "no data", width, height, "".join(parts))


def stacked_columns(
    chart_id: str,
    title: str,
    columns: Sequence[tuple[str, dict[str, int]]],
    series: Sequence[str],
    colours: dict[str, str],
    patterns: dict[str, str] | None = None,
) -> str:
    """One column per label, stacked by series (incidents per month by severity); a series may
    also carry a fill pattern (`SEVERITY_PATTERNS`), so colour is not the only cue."""
    patterns = patterns or {}
    left, top_margin, plot_height, column_width, gap = 40.0, 14.0, 160.0, 36.0, 12.0
    highest = max([sum(counts.values()) for _, counts in columns] + [1])
    step = max(1.0, nice_step(highest, 4))
    top_value = math.ceil(highest / step) * step
    width = max(left + len(columns) * (column_width + gap) + gap, left + len(series) * 72 + 20)
    base_y = top_margin + plot_height
    parts = []
    ticks = round(top_value / step)
    for index in range(ticks + 1):
        value = index * step
        y = base_y - plot_height * value / top_value
        line_style = _AXIS if index == 0 else _GRID
        parts.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - 4:.1f}" y2="{y:.1f}" '
            f'style="{line_style}"/>'
        )
        parts.append(_text(left - 6, y + 4, _number(value), anchor="end", muted=True))
    for index, (label, counts) in enumerate(columns):
        x = left + gap + index * (column_width + gap)
        y = base_y
        for name in series:
            count = counts.get(name, 0)
            if not count:
                continue
            height = plot_height * count / top_value
            y -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{column_width:.1f}" height="{height:.1f}" '
                f'style="fill:{colours.get(name, BAR_COLOUR)}">'
                f"<title>{escape(label)}, {escape(name)}: {count}</title></rect>"
            )
            parts.append(_pattern_overlay(chart_id, patterns.get(name), x, y, column_width, height))
        total = sum(counts.get(name, 0) for name in series)
        if total:
            parts.append(_text(x + column_width / 2, y - 4, str(total), anchor="middle"))
        parts.append(
            _text(x + column_width / 2, base_y + 16, label, anchor="middle", muted=True).replace(
                "<text ", '<text font-size="10" ', 1
            )
        )
    legend_y = base_y + 32
    for index, name in enumerate(series):
        x = left + index * 72
        parts.append(
            f'<rect x="{x:.1f}" y="{legend_y:.1f}" width="12" height="12" rx="2" '
            f'style="fill:{colours.get(name, BAR_COLOUR)}"/>'
        )
        parts.append(_pattern_overlay(chart_id, patterns.get(name), x, legend_y, 12, 12))
        parts.append(_text(x + 17, legend_y + 11, name))
    description = "; ".join(
        f"{label}: {sum(counts.values())} ("
        + ", ".join(f"{name} {counts.get(name, 0)}" for name in series)
        + ")"
        for label, counts in columns
    )
    height = legend_y + 20
    definitions = "".join(
        f'<pattern id="{chart_id}-{kind}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f"{_PATTERNS[kind]}</pattern>"
        for kind in sorted({patterns[name] for name in series if name in patterns})
    )
    body = (f"<defs>{definitions}</defs>" if definitions else "") + "".join(parts)
    return _svg(chart_id, title, description or "no incidents", width, height, body)


def _pattern_overlay(
    chart_id: str, kind: str | None, x: float, y: float, width: float, height: float
) -> str:
    if kind is None:
        return ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'style="fill:url(#{chart_id}-{kind})" aria-hidden="true"/>'
    )


def burn_down(
    chart_id: str,
    title: str,
    points: Sequence[tuple[str, float | None]],
    *,
    unit: str = " %",
    colour: str = BAR_COLOUR,
) -> str:
    """A line over dated points (error budget remaining per day), the zero line drawn; points
    without a value break the line. The y scale spans 0–100 and stretches to fit."""
    values = [value for _, value in points if value is not None]
    tick = 25.0
    top = max(100.0, math.ceil(max([*values, 0.0]) / tick) * tick)
    bottom = min(0.0, math.floor(min([*values, 0.0]) / tick) * tick)
    left, top_margin, plot_width, plot_height = 48.0, 12.0, 420.0, 150.0
    span = top - bottom
    count = max(len(points) - 1, 1)

    def x_of(index: int) -> float:
        return left + plot_width * index / count

    def y_of(value: float) -> float:
        return top_margin + plot_height * (top - value) / span

    parts = []
    for index in range(round(span / tick) + 1):
        value = bottom + index * tick
        y = y_of(value)
        line_style = _AXIS if abs(value) < 1e-9 else _GRID
        parts.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + plot_width:.1f}" y2="{y:.1f}" '
            f'style="{line_style}"/>'
        )
        parts.append(_text(left - 6, y + 4, f"{_number(value)}{unit}", anchor="end", muted=True))
    segments: list[list[str]] = [[]]
    for index, (label, value) in enumerate(points):
        if value is None:
            segments.append([])
            continue
        segments[-1].append(f"{x_of(index):.1f},{y_of(value):.1f}")
        parts.append(
            f'<circle cx="{x_of(index):.1f}" cy="{y_of(value):.1f}" r="2.5" '
            f'style="fill:{colour}"><title>{escape(label)}: {_number(round(value, 2))}'
            f"{escape(unit)}</title></circle>"
        )
    for segment in segments:
        if len(segment) > 1:
            parts.append(
                f'<polyline points="{" ".join(segment)}" '
                f'style="fill:none;stroke:{colour};stroke-width:2"/>'
            )
    base_y = top_margin + plot_height
    every = max(1, len(points) // 4)
    # Every quarter of the window and its last day, unless that would crowd the one before.
    shown = [
        index for index in range(0, len(points), every) if len(points) - 1 - index >= every / 2
    ]
    shown.append(len(points) - 1)
    for index in shown if points else ():
        parts.append(_text(x_of(index), base_y + 16, points[index][0], anchor="middle", muted=True))
    description = "; ".join(
        f"{label}: " + ("no data" if value is None else f"{_number(round(value, 2))}{unit}")
        for label, value in points
    )
    width, height = left + plot_width + 40, base_y + 26
    return _svg(chart_id, title, description or "no data", width, height, "".join(parts))
