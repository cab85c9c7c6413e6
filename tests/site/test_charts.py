"""Chart legibility: colours against both Material palettes, severities told apart without
colour, and text that never shrinks below 10 px."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from sre_docs.site import charts

# Material's page backgrounds: the default scheme and slate.
BACKGROUNDS = {"default": "#ffffff", "slate": "#1e2129"}


def _luminance(colour: str) -> float:
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", sorted(charts.COLOUR_VALUES))
@pytest.mark.parametrize("palette", sorted(BACKGROUNDS))
def test_chart_colours_reach_three_to_one_on_both_palettes(name: str, palette: str) -> None:
    assert _contrast(charts.COLOUR_VALUES[name], BACKGROUNDS[palette]) >= 3.0


def test_contrast_helper_matches_known_values() -> None:
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert _contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_colour_in_use_is_a_checked_value() -> None:
    used = {*charts.STATE_COLOURS.values(), *charts.SEVERITY_COLOURS.values()}
    for value in used:
        (fallback,) = re.findall(r"#[0-9a-f]{6}", value)
        assert fallback in charts.COLOUR_VALUES.values(), value


def test_neighbouring_severities_differ_by_pattern_as_well_as_colour() -> None:
    svg = charts.stacked_columns(
        "incidents",
        "Incidents",
        [("2026-10", {"SEV1": 1, "SEV2": 2, "SEV3": 0, "SEV4": 1})],
        ("SEV1", "SEV2", "SEV3", "SEV4"),
        charts.SEVERITY_COLOURS,
        charts.SEVERITY_PATTERNS,
    )
    assert "fill:url(#incidents-hatch)" in svg and "fill:url(#incidents-dots)" in svg
    root = ElementTree.fromstring(svg)
    ids = {node.get("id") for node in root.iter() if node.tag.endswith("pattern")}
    assert ids == {"incidents-hatch", "incidents-dots"}
    # Both patterns appear twice: on the column segment and in the legend.
    assert svg.count("url(#incidents-hatch)") == 2 and svg.count("url(#incidents-dots)") == 2


def test_charts_keep_text_at_ten_pixels_or_more() -> None:
    svg = charts.horizontal_bars(
        "bars", "Bars", [charts.Bar("A long label of an SLO", 40.0)], unit=" %"
    )
    root = ElementTree.fromstring(svg)
    chart = next(iter(root))
    width = float(chart.get("viewBox").split()[2])
    style = dict(part.split(":", 1) for part in chart.get("style").split(";") if part)
    minimum = float(style["min-width"].removesuffix("px"))
    assert minimum / width * float(chart.get("font-size")) >= 10 - 0.05


def test_bars_of_no_finite_value_draw_as_not_measured() -> None:
    svg = charts.horizontal_bars(
        "x",
        "Toil",
        [charts.Bar("a", float("inf")), charts.Bar("b", float("nan")), charts.Bar("c", 3.0)],
        unit=" h",
    )
    assert "<svg" in svg and "inf" not in svg and "nan" not in svg
