"""The items of the sections a type shows: a handoff's Open Issues and Known Risks, as plain
text with their lines, carried by its record through the cache and into the aggregate."""

from __future__ import annotations

from pathlib import Path

import pytest

from sre_docs.config import load_config
from sre_docs.handbook import decode_record, encode_record, view
from sre_docs.linter import record_from_text
from sre_docs.section_items import MAX_CHARS, MAX_ITEMS, SectionItems

FRONT = """---
type: handoff
date: 2026-11-23
from: "@a"
to: "@b"
---
"""


def _sections(body: str, tmp_path: Path, mkdocs_yml: str = "") -> list[SectionItems]:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - sre-docs" + mkdocs_yml + "\n", encoding="utf-8"
    )
    (tmp_path / "docs").mkdir(exist_ok=True)
    config = load_config(None, cwd=tmp_path)
    return record_from_text(config, "handoffs/h.md", FRONT + body).section_items


def test_bullets_become_items_with_their_lines(tmp_path: Path) -> None:
    body = """# Week 47

## Open Issues

- Queue **stuck** since [Monday](../postmortems/pm.md), see `kubectl get jobs`
  and PW-4122
  - a detail, not an item of its own
- Second issue

## Recent Changes

- not shown

## Known Risks

1. Black Friday ![chart](c.png)
"""
    issues, risks = _sections(body, tmp_path)
    assert issues == SectionItems(
        "Open Issues",
        9,
        (
            (11, "Queue stuck since Monday, see kubectl get jobs and PW-4122"),
            (14, "Second issue"),
        ),
        2,
        "",
    )
    assert risks.name == "Known Risks" and risks.line == 20
    assert risks.items == ((22, "Black Friday chart"),)


def test_none_missing_and_paragraphs(tmp_path: Path) -> None:
    body = """## Open Issues

None: the October incident is closed.

## Known Risks

The schema migration has no rollback path.

A second risk, in its own paragraph.
"""
    issues, risks = _sections(body, tmp_path)
    assert issues.count == 0 and issues.items == ()
    assert issues.note == "None: the October incident is closed."
    assert not issues.missing
    assert risks.count == 2 and risks.note == ""
    assert [text for _, text in risks.items] == [
        "The schema migration has no rollback path.",
        "A second risk, in its own paragraph.",
    ]
    empty, missing = _sections("## Open Issues\n\n## Recent Changes\n\n- x\n", tmp_path)
    assert (empty.count, empty.note, empty.missing) == (0, "", False)
    assert missing.missing and missing.line == 0 and missing.count == 0


def test_synonyms_tables_subsections_and_code(tmp_path: Path) -> None:
    body = """## Ongoing issues

### Payments

- Webhook retries pile up

```
- not an item: code
```

## Risks

| Risk | Owner |
|---|---|
| Disk on db-3 at 80 % | @amira |
"""
    issues, risks = _sections(body, tmp_path)
    assert [text for _, text in issues.items] == ["Webhook retries pile up"]
    assert risks.items == ((21, "Disk on db-3 at 80 % · @amira"),)


def test_the_teams_synonyms_count(tmp_path: Path) -> None:
    options = (
        ":\n      sections:\n        handoff:\n          synonyms:\n"
        "            Known Risks: [Gefahren]"
    )
    _issues, risks = _sections("## Gefahren\n\n- Hochwasser\n", tmp_path, options)
    assert risks.items == ((9, "Hochwasser"),)


def test_items_are_bounded(tmp_path: Path) -> None:
    many = "\n".join(f"- issue {n}" for n in range(MAX_ITEMS + 10))
    issues, _ = _sections(f"## Open Issues\n\n{many}\n\n- {'x' * 5000}\n", tmp_path)
    assert issues.count == MAX_ITEMS + 11
    assert len(issues.items) == MAX_ITEMS
    (_, long_text), *_ = _sections(f"## Open Issues\n\n- {'y' * 5000}\n", tmp_path)[0].items
    assert len(long_text) == MAX_CHARS and long_text.endswith("…")


def test_a_huge_section_is_read_up_to_its_bound(tmp_path: Path) -> None:
    """Whole lines up to `MAX_SECTION` characters (tests/hostile/test_linear.py times hostile
    ones)."""
    from sre_docs.section_items import MAX_SECTION

    lines = [f"- issue {n} " + "x" * 80 for n in range(1000)]  # about 90,000 characters
    issues, _ = _sections("## Open Issues\n\n" + "\n".join(lines) + "\n", tmp_path)
    assert 0 < issues.count < 1000
    assert issues.count * 90 <= MAX_SECTION + 100


@pytest.mark.parametrize("reads", [frozenset(), frozenset({"section_items"})])
def test_view_and_cache_round_trip(tmp_path: Path, reads: frozenset[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config = load_config(None, cwd=tmp_path)
    record = record_from_text(config, "handoffs/h.md", FRONT + "## Known Risks\n\n- r <b>\n")
    assert decode_record(encode_record(record)) == record
    cut = view(record, reads)
    assert cut.section_items == (record.section_items if reads else [])
    assert decode_record(encode_record(cut)) == cut


def test_other_types_carry_none(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config = load_config(None, cwd=tmp_path)
    text = "---\ntype: runbook\n---\n## Known Risks\n\n- r\n"
    assert record_from_text(config, "runbooks/r.md", text).section_items == []


def test_pages_say_missing_none_recorded_and_count(tmp_path: Path) -> None:
    """Through the one pipeline and the aggregate into the handoff index and summary box."""
    import datetime as dt

    from sre_docs.aggregate import aggregate
    from sre_docs.linter import load_handbook
    from sre_docs.site.pages import render_headers, render_pages
    from sre_docs.tree import walk

    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    folder = tmp_path / "docs" / "handoffs"
    folder.mkdir(parents=True)
    body = "## Open Issues\n\n- Disk | full <b>\n- Second\n\n## Recent Changes\n\nNone.\n"
    (folder / "2026-11-23-w.md").write_text(FRONT + body, encoding="utf-8")
    quiet = "## Open Issues\n\nNothing open.\n\n## Known Risks\n\n- Peak\n"
    (folder / "2026-11-16-q.md").write_text(FRONT.replace("23", "16") + quiet, encoding="utf-8")
    config = load_config(None, cwd=tmp_path)
    loaded = load_handbook(config, walk(config), use_cache=False, full=True)
    data = aggregate(loaded.full_handbook(), config, dt.date(2026, 11, 24))
    first = data["handoffs"][0]
    assert [(s["name"], s["missing"], s["count"]) for s in first["sections"]] == [
        ("Open Issues", False, 2),
        ("Known Risks", True, 0),
    ]
    assert first["sections"][0]["items"][0] == {"line": 9, "text": "Disk | full <b>"}
    index = render_pages(data, config)["reliability/handoffs.md"]
    assert "| 2 | missing |" in index and "| none recorded | 1 |" in index
    assert "- Disk &#124; full &lt;b&gt;" in index
    assert "**Known Risks**: missing: the handoff has no Known Risks section" in index
    assert "**Open Issues**: none recorded (Nothing open\\.)" in index
    header = render_headers(data, config)["handoffs/2026-11-23-w.md"]
    assert "    **Open Issues**: 2\n\n    - Disk &#124; full &lt;b&gt;\n    - Second\n" in header
    assert "**Known Risks**: missing: this handoff has no Known Risks section" in header
