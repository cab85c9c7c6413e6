"""Expected body sections per document type, and how a heading satisfies one.

A section is satisfied by a heading whose normalised text contains one of its names as whole
words, so `## Timeline (UTC)` and `## Customer impact` count."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sre_docs.body import normalise_title


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    aliases: tuple[str, ...]


def _section(name: str, *aliases: str) -> Section:
    return Section(name, (name.lower(), *aliases))


POSTMORTEM_LONG = (
    _section("Summary", "executive summary", "overview", "tl;dr"),
    _section("Timeline", "chronology", "sequence of events"),
    _section("Root Cause", "root cause analysis", "root causes", "contributing factors", "rca"),
    _section("Impact"),
    _section(
        "Action Items",
        "action item",
        "follow-up actions",
        "follow-ups",
        "corrective actions",
        "remediation",
    ),
)
POSTMORTEM_SHORT = (
    _section("What Happened", "summary"),
    _section("Timeline", "chronology"),
    _section("Root Cause", "root cause analysis", "root causes"),
    _section("Fix", "resolution", "remediation", "mitigation"),
)
RUNBOOK = (
    _section("Overview", "meaning", "summary", "description"),
    _section("Impact"),
    _section("Diagnosis", "investigation", "troubleshooting", "triage"),
    _section("Mitigation", "remediation", "resolution", "fix"),
    _section("Escalation", "escalate", "escalation path"),
)
HANDOFF = (
    _section("Open Issues", "open incidents", "ongoing issues"),
    _section("Recent Changes"),
    _section("Known Risks", "risks"),
    _section("Scheduled Maintenance", "maintenance", "upcoming maintenance"),
    _section("Runbook Updates"),
)


@cache
def _pattern(alias: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])")


def present(section: Section, titles: list[str]) -> bool:
    return any(_pattern(alias).search(title) for title in titles for alias in section.aliases)


def missing(expected: tuple[Section, ...], headings: list[str]) -> list[Section]:
    """Sections of `expected` that no heading satisfies; `headings` are raw heading texts."""
    titles = [normalise_title(title) for title in headings]
    return [section for section in expected if not present(section, titles)]
