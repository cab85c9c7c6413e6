"""Pure helpers of the MkDocs plugin: where the summary box goes, how an explicit nav grows.

The plugin as a whole is tested through real builds (`test_build.py`, `test_nav.py`)."""

from __future__ import annotations

from sre_docs.plugin.plugin import expand_nav, insert_after_title


def test_summary_box_goes_after_the_title() -> None:
    assert insert_after_title("# Title\nBody", "BOX") == "# Title\n\nBOX\nBody"
    assert insert_after_title("\nTitle\n=====\nBody", "BOX") == "\nTitle\n=====\n\nBOX\nBody"
    assert insert_after_title("Body only", "BOX") == "BOX\nBody only"
    assert insert_after_title("## Section\nBody", "BOX") == "BOX\n## Section\nBody"


GENERATED = [
    "reliability/handoffs.md",
    "reliability/index.md",
    "reliability/services/b.md",
    "reliability/services/a.md",
    "reliability/slos.md",
]


def test_explicit_nav_entry_becomes_the_generated_pages() -> None:
    nav = [{"Home": "index.md"}, {"Reliability": "reliability/"}, "guide.md"]
    assert expand_nav(nav, "reliability", GENERATED) == [
        {"Home": "index.md"},
        {
            "Reliability": [
                "reliability/index.md",
                "reliability/slos.md",
                "reliability/handoffs.md",
                {"Services": ["reliability/services/a.md", "reliability/services/b.md"]},
            ]
        },
        "guide.md",
    ]


def test_bare_entry_is_spliced_into_its_list() -> None:
    nav = [{"Ops": ["ops.md", "reliability/"]}]
    expanded = expand_nav(nav, "reliability", GENERATED[:2])
    assert expanded == [{"Ops": ["ops.md", "reliability/index.md", "reliability/handoffs.md"]}]


def test_nav_without_the_entry_is_left_alone() -> None:
    nav = [{"Home": "index.md"}, {"SLOs": "reliability/slos.md"}]
    assert expand_nav(nav, "reliability", GENERATED) == nav
