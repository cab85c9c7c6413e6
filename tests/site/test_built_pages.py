"""The generated pages a handbook gets: only those it has something for.

A real `mkdocs build --strict` of a handbook with postmortems only builds the overview, the
incidents, the action items, the health page and what follows from the postmortems' data
(their service, their month), and no empty SLO, toil or chaos page; its navigation lists
exactly the built pages, and no page links to one that is not built."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.site.helpers import mkdocs, write_handbook
from tests.site.test_nav import _primary_nav
from tests.site.test_serve import POSTMORTEM

_HREF = re.compile(r'href="([^"#?]*)[^"]*"')


def dangling_links(site: Path) -> list[tuple[str, str]]:
    """(page, href) of every relative link of the built site whose target is not there."""
    missing = []
    for page in sorted(site.rglob("*.html")):
        for href in _HREF.findall(page.read_text(encoding="utf-8")):
            if not href or urlsplit(href).scheme or href.startswith("/"):
                continue
            target = (page.parent / unquote(href)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append((page.relative_to(site).as_posix(), href))
    return missing


def _built(site: Path) -> set[str]:
    folder = site / "reliability"
    return {path.parent.relative_to(folder).as_posix() for path in folder.rglob("index.html")}


def test_a_handbook_of_postmortems_builds_only_its_pages(tmp_path: Path) -> None:
    root = write_handbook(tmp_path, {"index.md": "# Home\n", "postmortems/queue.md": POSTMORTEM})
    site = tmp_path / "built"
    result = mkdocs(root, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert _built(site) == {
        ".",
        "incidents",
        "action-items",  # postmortems hold action items, even when none is open
        "health",
        "scorecard",  # the postmortem names a service: its page and its score
        "services/queue",
        "reports",  # the postmortem is dated: a month to report
        "reports/2026-11",
    }
    assert dangling_links(site) == []
    nav = _primary_nav(site / "index.html")
    start = nav.index("Reliability")
    assert nav[start : nav.index("Postmortems")] == [
        "Reliability",
        "Reliability",
        "Reliability overview",
        "Incidents",
        "Open action items",
        "Reliability scorecard",
        "Handbook health",
        "Reports",
        "Reports",
        "Monthly reliability reports",
        "Reliability report 2026-11",
        "Services",
        "Services",
        "queue",
    ]
    overview = (site / "reliability" / "index.html").read_text(encoding="utf-8")
    # Every count stays on the overview (they add up); only built pages are links.
    assert re.search(r"<strong>0</strong> SLOs:", overview)
    assert re.search(r"<strong>1</strong> <a href=\"incidents/\">postmortem</a>", overview)
    assert re.search(r"<strong>0</strong> chaos experiments", overview)
    assert 'href="slos/"' not in overview and 'href="chaos/"' not in overview
    more = overview[overview.index("More:") :].split("</p>", 1)[0]
    assert re.findall(r">([^<]+)</a>", more) == [
        "Incidents",
        "Open action items",
        "Reliability scorecard",
        "Monthly reliability reports",
    ]


def test_a_handbook_of_one_type_with_an_explicit_nav_builds_strict(tmp_path: Path) -> None:
    """`- Reliability: reliability/` in an explicit `nav:` expands to the built pages only,
    so `--strict` finds no entry pointing at a page that is not there."""
    toil = (
        "---\ntype: toil\ntitle: Manual restarts\ncategory: config\nfrequency: monthly\n"
        "time_per_occurrence_min: 30\noccurrences_per_month: 4\ntotal_hours_per_month: 2\n"
        "automation_difficulty: low\nteams_affected: ['@ops']\nstatus: open\n"
        "owner: '@ops'\n---\n# Manual restarts\n"
    )
    root = write_handbook(tmp_path, {"index.md": "# Home\n", "toil/restarts.md": toil})
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "nav:\n  - Home: index.md\n  - Reliability: reliability/\n  - toil/restarts.md\n",
        encoding="utf-8",
    )
    site = tmp_path / "built"
    result = mkdocs(root, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert _built(site) == {".", "toil", "health"}
    assert dangling_links(site) == []
    nav = _primary_nav(site / "index.html")
    assert nav[nav.index("Reliability") :][:4] == [
        "Reliability",
        "Reliability",
        "Reliability overview",
        "Toil",
    ]
