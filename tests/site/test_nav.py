"""Navigation of the built site: generated pages in the auto nav and in an explicit `nav:`.

Checked on the HTML of real `mkdocs build` runs, the way readers see the sidebar."""

from __future__ import annotations

import re
from pathlib import Path

from tests.site.helpers import build_demo, mkdocs, write_handbook


def _primary_nav(page: Path) -> list[str]:
    """Link texts and section titles of Material's primary navigation, in order."""
    html = page.read_text(encoding="utf-8")
    start = html.index('md-nav--primary"')
    end = html.rindex("<", start, html.index("md-sidebar--secondary", start))
    text = re.sub(r"<[^>]+>", "\n", html[start:end])
    # Material prints each section's title twice: as its label and as its nested nav's title.
    return [line.strip() for line in text.splitlines() if line.strip()][1:]


def test_auto_nav_puts_the_reliability_pages_first(tmp_path: Path) -> None:
    result = build_demo(tmp_path)
    assert result.returncode == 0, result.stderr
    nav = _primary_nav(tmp_path / "index.html")
    reliability = nav.index("Reliability")
    assert nav[reliability : reliability + 22] == [
        "Reliability",
        "Reliability",
        "SLOs and error budgets",
        "Incidents",
        "Open action items",
        "Toil",
        "Runbooks",
        "On-call handoffs",
        "On-call health",
        "Chaos experiments",
        "Production readiness reviews",
        "Capacity plans",
        "Reliability scorecard",
        "Handbook health",
        "Reports",
        "Reports",
        "Reliability report 2026-06",
        "Reliability report 2026-09",
        "Reliability report 2026-10",
        "Reliability report 2026-11",
        "Services",
        "Services",
    ]
    assert reliability < nav.index("User guide") < nav.index("Postmortems")
    # Sections take their index page's title instead of the folder's name.
    assert "SLOs" in nav and "Slos" not in nav and "Guide" not in nav
    services = nav.index("Services", reliability + 8)
    assert nav[services + 2 : services + 4] == ["checkout-api", "dispatch-engine"]


EXPLICIT = """
nav:
  - Home: index.md
  - Reliability: reliability/
  - Runbooks:
      - runbooks/db.md
"""


def test_explicit_nav_expands_the_reliability_entry(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path,
        {
            "index.md": "# Home\n",
            "runbooks/db.md": "---\ntype: runbook\ntitle: Database down\nalerts: [DbDown]\n"
            "owner: '@db'\nlast_reviewed: 2026-11-01\nservice: postgres\n---\n"
            "## Overview\n## Impact\n## Diagnosis\n## Mitigation\n## Escalation\n",
            "services/api.md": "---\ntype: service\ntitle: api\ntier: critical\n"
            "dependencies: {upstream: [postgres]}\n---\n",
            "services/postgres.md": "---\ntype: service\ntitle: postgres\ntier: critical\n---\n",
        },
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + EXPLICIT, encoding="utf-8")
    result = mkdocs(root, "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    nav = _primary_nav(tmp_path / "site" / "index.html")
    assert nav[nav.index("Reliability") :] == [
        "Reliability",
        "Reliability",
        "Reliability overview",
        "Runbooks",  # the pages this handbook has something for: no empty SLO page
        "Reliability scorecard",
        "Services",
        "Services",
        "api",
        "postgres",
        "Runbooks",
        "Runbooks",
        "Database down",
    ]
    # The service document is not in the explicit nav, and stays out of it.
    assert (tmp_path / "site" / "services" / "api" / "index.html").is_file()
