"""The document types: one entry per type, the only place that says what a type is.

Rules, scaffolding, the aggregates, the site pages, the command line and the rule reference read
these entries; the module imports nothing of the package, so every layer may read it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
"""A word of a heading; a hyphenated compound (`follow-up`, `low-impact`) is one word."""
STOP_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by"})
"""Words a heading may add or drop without changing what it names (`&` and a lone `-` are no
words at all)."""


def heading_words(text: str) -> frozenset[str]:
    """The content words of a heading or a section synonym, for matching in any order: no
    case, no stop words, no plural (`Vulnerability Details` and `details of vulnerability`
    give the same words)."""
    return frozenset(
        _singular(word) for word in _WORD.findall(text.casefold()) if word not in STOP_WORDS
    )


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"  # summaries
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]  # processes, fixes, patches
    if word.endswith(("ss", "us", "is")):
        return word  # process, status, analysis
    return word[:-1]


@dataclass(frozen=True, slots=True)
class Section:
    """A body section a type expects: its name and the heading texts accepted for it.

    Plain data (a name and lower-case synonyms), so teams can add their own words through
    configuration. A heading satisfies the section when its words include every content word
    of the name or of a synonym, in any order, without regard to case, plurals and stop words
    (`heading_words`): `## Timeline (UTC)`, `## Customer impact` and, for the synonym
    "details of vulnerability", `## Vulnerability Details` count."""

    name: str
    synonyms: tuple[str, ...] = ()
    numbered: bool = False
    """Numbered steps satisfy it too, whatever the heading above them says: two or more
    numbered list items (`1. Drain the node`), numbered headings (`### 2. Merge`) or headings
    that open with a step's verb (`## Install the SDK`, `## Creating the keypair`)."""

    @property
    def aliases(self) -> tuple[str, ...]:
        return (self.name.lower(), *self.synonyms)

    def matches(self, title: str) -> bool:
        """Whether a normalised heading title (see `body.normalise_title`) is this section."""
        words = _title_words(title)
        for alias in self.aliases:
            wanted = _alias_words(alias)
            # A synonym of stop words only (`of the`) must be the whole heading.
            if (wanted <= words) if wanted else alias == title:
                return True
        return False


_alias_words = cache(heading_words)
_title_words = lru_cache(maxsize=4096)(heading_words)


def missing_sections(
    expected: Iterable[Section], titles: Iterable[str], numbered: bool = False
) -> list[Section]:
    """Sections of `expected` that no title satisfies; `titles` are normalised heading texts,
    `numbered` says whether the document has numbered steps (see `Section.numbered`)."""
    titles = list(titles)
    return [
        section
        for section in expected
        if not (section.numbered and numbered) and not any(section.matches(t) for t in titles)
    ]


@dataclass(frozen=True, slots=True)
class Form:
    """Another form of a type, chosen by a front-matter key having one of some values.

    An alternative form (`replaces` false) is accepted besides the type's own sections: a
    SEV3/SEV4 postmortem may use What Happened, Timeline, Root Cause, Fix. A replacing form is
    a kind of document of its own and is checked against its sections alone: a runbook with
    `kind: procedure` is a how-to (Purpose, Prerequisites, Steps, Verification, Rollback), not
    the answer to an alert. `name` is how the command line (`sre-docs new --short`) and the
    `sections` option name it; `label` how messages do (`runbook (procedure)`)."""

    name: str
    label: str
    key: str
    values: tuple[str, ...]
    sections: tuple[Section, ...]
    template: str
    replaces: bool = False

    def applies(self, meta: Mapping[str, object]) -> bool:
        return meta.get(self.key) in self.values


@dataclass(frozen=True, slots=True)
class ActionItemPlace:
    """Where a type keeps action items: a front-matter list and a body heading with a table."""

    key: tuple[str, ...] = ("action_items",)
    heading: Section | None = None
    lists: bool = False
    """Bullets and task-list items under the heading are action items too."""


@dataclass(frozen=True, slots=True)
class Page:
    """A generated page under the index folder: its path there, its title, its navigation
    position, the template that renders it, and when it is built.

    A page is built when the handbook has something for it to list (`built`): a document of
    one of `types`, or something at one of the `lists` places of the aggregated data. A page
    that names neither is always built (the overview). A team without chaos experiments gets
    no empty chaos page, and no entry for it in the navigation of every page."""

    path: str
    title: str
    order: int
    template: str
    types: tuple[str, ...] = ()
    """Type names: the page is built when the handbook has a document of one of them."""
    lists: tuple[str, ...] = ()
    """Dotted places in the aggregated data (`runbooks.alerts`, `reports`): the page is built
    when one of them holds something."""

    @property
    def always(self) -> bool:
        """Whether the page is built on every handbook, even one with no document at all."""
        return not self.types and not self.lists

    def built(self, data: Mapping[str, Any]) -> bool:
        """Whether the page is built for this aggregated data (`aggregate.aggregate`)."""
        if self.always:
            return True
        places = [*(_type_key(name) for name in self.types), *self.lists]
        return any(_holds(data, place) for place in places if place is not None)


def _type_key(name: str) -> str | None:
    """Where a type's documents are in the aggregated data."""
    entry = DOC_TYPES.get(name)
    return entry.aggregate.key if entry is not None and entry.aggregate is not None else None


def _holds(data: Mapping[str, Any], place: str) -> bool:
    """Whether the value at a dotted place of the aggregated data is a non-empty list or
    mapping."""
    value: Any = data
    for part in place.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return isinstance(value, (list, tuple, Mapping)) and len(value) > 0


@dataclass(frozen=True, slots=True)
class Aggregate:
    """What the aggregates take from a type.

    `key` is the dotted place of its documents' summaries in the aggregated data (`export`),
    `service_keys` the front-matter keys that name its services, and `service_list` the list
    of the service page it appears in."""

    key: str
    service_keys: tuple[str, ...] = ()
    service_list: str | None = None
    owners_are_service_owners: bool = False
    """A document's `owner` is listed among its service's owners (SLOs, runbooks)."""
    fields: tuple[tuple[str, str], ...] = ()
    """(name, dotted front-matter path) of the values a summary takes as they are written,
    for types summarised from their entry alone (no summary function in `aggregate`)."""
    columns: tuple[tuple[str, str], ...] = ()
    """(header, summary field) of the table its documents get on their service's page."""


@dataclass(frozen=True, slots=True)
class DocType:
    """One document type."""

    name: str
    plural: str
    """How help text and pages name several of them: `postmortems`, `SLOs`."""
    folder: str
    """Folder that implies the type (`postmortems/` → `postmortem`) and takes new documents."""
    schema: str
    """JSON Schema file in `sre_docs/schemas/`."""
    id_prefix: str
    """Start of the id `sre-docs new` proposes: `PM-2026-11-24-checkout-outage`."""
    template: str
    """Scaffolding template name (`templates/<name>.md`)."""
    sections: tuple[Section, ...] = ()
    section_rule: str = "missing-section"
    """The rule that reports a missing section of this type."""
    forms: tuple[Form, ...] = ()
    """Other forms of the type (see `Form`), each with its sections and template."""
    action_items: ActionItemPlace | None = None
    dated: bool = False
    """File names start with the document's `date`: `2026-11-24-checkout-outage.md`."""
    date_key: str | None = None
    """The front-matter key holding the day the document is about."""
    header: str | None = None
    """Template of the summary box put at the top of each document's page."""
    shown_sections: tuple[str, ...] = ()
    """Names of `sections` whose items each record carries (`DocRecord.section_items`) for
    the type's pages to show: a handoff's Open Issues and Known Risks."""
    index_page: Page | None = None
    """The type's page under the index folder, built when the handbook has a document of the
    type (and when what its `lists` name holds something, see `Page`)."""
    aggregate: Aggregate | None = None

    @property
    def templates(self) -> tuple[str, ...]:
        return (self.template, *(form.template for form in self.forms))

    def form(self, name: str) -> Form | None:
        """The form of that name (`short`, `procedure`), if the type has one."""
        return next((form for form in self.forms if form.name == name), None)

    def form_of(self, meta: Mapping[str, object]) -> Form | None:
        """The replacing form a document's front matter chooses, if any (`kind: procedure`)."""
        return next((form for form in self.forms if form.replaces and form.applies(meta)), None)


SUMMARY = Section(
    "Summary",
    ("executive summary", "overview", "tl;dr", "background", "what happened", "what happens"),
)
TIMELINE = Section("Timeline", ("chronology", "sequence of events", "key events"))
ROOT_CAUSE = Section(
    "Root Cause",
    (
        "root cause analysis",
        "root causes",
        "contributing factors",
        "contributing factor",
        "rca",
        "cause",
        "causes",
        "what went wrong",
        "why did it happen",
        "why it happened",
        "why this happens",
        "how did it happen",
        "root issue",
        "trigger",
        "origin",
    ),
)
ACTION_ITEMS = Section(
    "Action Items",
    (
        "action item",
        "follow-up actions",
        "follow-up items",
        "follow-up improvements",
        "follow ups",
        "follow-ups",
        "follow-up",
        "followups",
        "corrective actions",
        "corrective and preventative measures",
        "corrective and preventive measures",
        "preventive measures",
        "preventative measures",
        "proactive measures",
        "remediation items",
        "remediation",
        "next steps",
        "looking forward",
        "planned actions",
        "preventing it from happening again",
        "prevent it from happening again",
        "prevent this from happening again",
    ),
)
"""The heading whose tables and lists are read for action items, and that the section check
accepts."""
ACTION_ITEMS_SECTION = Section(
    "Action Items",
    (*ACTION_ITEMS.synonyms, "lessons learned", "learnings", "improvements", "prevention"),
)
"""The section check also accepts the headings under which templates (the Google SRE book's,
PagerDuty's, Atlassian's) put what follows from an incident; lessons are not read as items."""

POSTMORTEM = DocType(
    name="postmortem",
    plural="postmortems",
    folder="postmortems",
    schema="postmortem.schema.json",
    id_prefix="PM",
    template="postmortem",
    sections=(
        SUMMARY,
        TIMELINE,
        ROOT_CAUSE,
        Section("Impact", ("fallout", "consequences")),
        ACTION_ITEMS_SECTION,
    ),
    forms=(
        Form(
            name="short",
            label="short form",
            key="severity",
            values=("SEV3", "SEV4"),
            sections=(
                Section("What Happened", ("summary",)),
                Section("Timeline", ("chronology",)),
                Section("Root Cause", ("root cause analysis", "root causes")),
                Section("Fix", ("resolution", "remediation", "mitigation")),
            ),
            template="postmortem-short",
        ),
    ),
    action_items=ActionItemPlace(("action_items",), ACTION_ITEMS, lists=True),
    dated=True,
    date_key="date",
    header="header-postmortem.md.j2",
    index_page=Page("incidents.md", "Incidents", 20, "incidents.md.j2"),
    aggregate=Aggregate("incidents.items", ("services",), "incidents"),
)
PROCEDURE = Form(
    name="procedure",
    label="procedure",
    key="kind",
    values=("procedure",),
    sections=(
        Section(
            "Purpose",
            (
                "when to use",
                "overview",
                "summary",
                "introduction",
                "intro",
                "background",
                "about",
                "context",
                "scope",
                "outline",
                "description",
                "what is this for",
            ),
        ),
        Section(
            "Prerequisites",
            (
                "prerequisite",
                "pre-requisites",
                "pre-requisite",
                "requirements",
                "before you start",
                "before you begin",
                "preparation",
                "preparations",
                "prepare",
                "preparing",
                "pre-checks",
                "pre-check",
                "prechecks",
                "pre checks",
                "pre-change steps",
                "preflight",
                "information required",
                "what you need",
            ),
        ),
        Section(
            "Steps",
            (
                "step",
                "procedure",
                "process",
                "execution",
                "instructions",
                "how to",
                "main actions",
                "change steps",
            ),
            numbered=True,
        ),
        Section(
            "Verification",
            (
                "verify",
                "verifying",
                "validation",
                "validate",
                "post-checks",
                "post-check",
                "post checks",
                "postchecks",
                "post-change steps",
                "testing",
                "confirm",
                "confirmation",
            ),
        ),
        Section(
            "Rollback",
            (
                "roll back",
                "roll-back",
                "rolling back",
                "revert",
                "reverting",
                "undo",
                "back out",
                "backout",
                "backing out",
            ),
        ),
    ),
    template="runbook-procedure",
    replaces=True,
)
"""A how-to runbook (`kind: procedure`): rotate a certificate, fail over a database, restore a
backup. It answers no alert, so it is not asked for Impact or Diagnosis; the synonyms are the
headings real procedure runbooks use (pre-checks, post-checks, "When to use this runbook")."""
TROUBLESHOOTING = Form(
    name="troubleshooting",
    label="troubleshooting guide",
    key="kind",
    values=("troubleshooting",),
    sections=(
        Section(
            "Symptoms",
            (
                "symptom",
                "overview",
                "summary",
                "description",
                "problem",
                "issue",
                "error",
                "error message",
                "what you see",
                "introduction",
                "background",
                "context",
                "about",
            ),
        ),
        Section(
            "Diagnosis",
            (
                "investigation",
                "investigate",
                "troubleshooting",
                "triage",
                "diagnose",
                "diagnostics",
                "diagnostic steps",
                "debugging",
                "debug",
                "cause",
                "causes",
                "root cause",
                "checks",
                "what to check",
            ),
        ),
        Section(
            "Resolution",
            (
                "resolve",
                "resolving",
                "solution",
                "fix",
                "fixes",
                "fixing",
                "workaround",
                "mitigation",
                "remediation",
            ),
        ),
    ),
    template="runbook-troubleshooting",
    replaces=True,
)
"""A troubleshooting runbook (`kind: troubleshooting`): what to do about an error met while
debugging or operating a system (`CrashLoopBackOff`, `ModuleNotFoundError`, a log line) rather
than an alert of the team's monitoring. It answers no alert, so it lists no `alerts` and is not
asked for Impact or Escalation; its sections are those of a knowledge-base article (Symptoms,
Diagnosis, Resolution), with the headings real troubleshooting guides use as synonyms."""
RUNBOOK = DocType(
    name="runbook",
    plural="runbooks",
    folder="runbooks",
    schema="runbook.schema.json",
    id_prefix="RB",
    template="runbook",
    sections=(
        Section("Overview", ("meaning", "summary", "description")),
        Section("Impact"),
        Section(
            "Diagnosis", ("investigation", "troubleshooting", "triage", "diagnose", "diagnostics")
        ),
        Section("Mitigation", ("remediation", "resolution", "fix", "mitigating")),
        Section("Escalation", ("escalate", "escalation path")),
    ),
    forms=(PROCEDURE, TROUBLESHOOTING),
    header="header-runbook.md.j2",
    index_page=Page(
        "runbooks.md",
        "Runbooks",
        50,
        "runbooks.md.j2",
        lists=("runbooks.alerts",),  # alerts of postmortems, SLOs and alert rule files
    ),
    aggregate=Aggregate("runbooks.items", ("service",), "runbooks", owners_are_service_owners=True),
)
SLO = DocType(
    name="slo",
    plural="SLOs",
    folder="slos",
    schema="slo.schema.json",
    id_prefix="SLO",
    template="slo",
    header="header-slo.md.j2",
    index_page=Page("slos.md", "SLOs and error budgets", 10, "slos.md.j2"),
    aggregate=Aggregate("slos", ("service",), "slos", owners_are_service_owners=True),
)
HANDOFF = DocType(
    name="handoff",
    plural="on-call handoffs",
    folder="handoffs",
    schema="handoff.schema.json",
    id_prefix="HO",
    template="handoff",
    sections=(
        Section("Open Issues", ("open incidents", "ongoing issues")),
        Section("Recent Changes"),
        Section("Known Risks", ("risks",)),
        Section("Scheduled Maintenance", ("maintenance", "upcoming maintenance")),
        Section("Runbook Updates"),
    ),
    section_rule="missing-handoff-section",
    dated=True,
    date_key="date",
    header="header-handoff.md.j2",
    shown_sections=("Open Issues", "Known Risks"),
    index_page=Page("handoffs.md", "On-call handoffs", 60, "handoffs.md.j2"),
    aggregate=Aggregate("handoffs"),
)
TOIL = DocType(
    name="toil",
    plural="toil records",
    folder="toil",
    schema="toil.schema.json",
    id_prefix="TOIL",
    template="toil",
    index_page=Page("toil.md", "Toil", 40, "toil.md.j2"),
    aggregate=Aggregate("toil.items", ("services",), "toil"),
)
SERVICE = DocType(
    name="service",
    plural="services",
    folder="services",
    schema="service.schema.json",
    id_prefix="SVC",
    template="service",
    aggregate=Aggregate("services"),
)

CHAOS_EXPERIMENT = DocType(
    name="chaos-experiment",
    plural="chaos experiments",
    folder="chaos",
    schema="chaos-experiment.schema.json",
    id_prefix="CHAOS",
    template="chaos-experiment",
    action_items=ActionItemPlace(("results", "action_items")),
    dated=True,
    date_key="date",
    header="header-chaos.md.j2",
    index_page=Page("chaos.md", "Chaos experiments", 70, "chaos.md.j2"),
    aggregate=Aggregate(
        "chaos_experiments",
        ("service",),
        "chaos_experiments",
        fields=(
            ("date", "date"),
            ("status", "status"),
            ("hypothesis", "hypothesis"),
            ("fault_type", "method.fault_type"),
            ("target", "method.target"),
            ("blast_radius", "method.blast_radius"),
            ("outcome", "results.outcome"),
        ),
        columns=(
            ("Date", "date"),
            ("Fault", "fault_type"),
            ("Status", "status"),
            ("Outcome", "outcome"),
        ),
    ),
)
READINESS_REVIEW = DocType(
    name="readiness-review",
    plural="readiness reviews",
    folder="readiness",
    schema="readiness-review.schema.json",
    id_prefix="PRR",
    template="readiness-review",
    action_items=ActionItemPlace(("action_items",)),
    dated=True,
    date_key="date",
    header="header-readiness.md.j2",
    index_page=Page("readiness.md", "Production readiness reviews", 80, "readiness.md.j2"),
    aggregate=Aggregate(
        "readiness_reviews",
        ("service",),
        "readiness_reviews",
        fields=(("date", "date"), ("decision", "decision"), ("reviewers", "reviewers")),
        columns=(("Date", "date"), ("Decision", "decision"), ("Failed items", "failed")),
    ),
)
CAPACITY_PLAN = DocType(
    name="capacity-plan",
    plural="capacity plans",
    folder="capacity",
    schema="capacity-plan.schema.json",
    id_prefix="CAP",
    template="capacity-plan",
    header="header-capacity.md.j2",
    index_page=Page("capacity.md", "Capacity plans", 90, "capacity.md.j2"),
    aggregate=Aggregate(
        "capacity_plans",
        ("service",),
        "capacity_plans",
        fields=(
            ("bottleneck_resource", "bottleneck_resource"),
            ("unit", "current.unit"),
            ("scaling_strategy", "scaling.strategy"),
            ("cost_monthly_usd", "cost.monthly_usd"),
            ("cost_projected_monthly_usd", "cost.projected_monthly_usd"),
        ),
        columns=(
            ("Bottleneck", "bottleneck_resource"),
            ("Peak", "peak_utilisation_pct"),
            ("Growth / month", "monthly_growth_pct"),
            ("Reviewed", "last_reviewed"),
        ),
    ),
)

DOC_TYPES: Mapping[str, DocType] = MappingProxyType(
    {
        entry.name: entry
        for entry in (
            POSTMORTEM,
            RUNBOOK,
            SLO,
            HANDOFF,
            TOIL,
            SERVICE,
            CHAOS_EXPERIMENT,
            READINESS_REVIEW,
            CAPACITY_PLAN,
        )
    }
)
"""Every document type by name, in the order help text lists them."""
NAMES: tuple[str, ...] = tuple(DOC_TYPES)

FOREIGN_TYPES = frozenset(
    {
        # Hugo: a page's `type` picks its layout (`docs` of the Docsy and Book themes, `blog`,
        # `posts`); its page kinds.
        "docs",
        "doc",
        "blog",
        "post",
        "posts",
        "page",
        "pages",
        "home",
        "section",
        "list",
        "taxonomy",
        "term",
        # Jekyll and Middleman sites' own keys (cloud.gov's `type: index`, GOV.UK's `learn`).
        "index",
        "landing",
        "article",
        "default",
        "redirect",
        "learn",
        "chapter",
    }
)
"""`type:` values other site generators and themes write: a page that declares one is not a
misspelt SRE document but someone else's page, read as if it declared no type (the `types`
option maps them otherwise: `types: {page: runbook}`)."""

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    # The GOV.UK Tech Docs Template's page owner: the Slack channel of the owning team.
    "owner": ("owner_slack",),
}
"""Front-matter keys other tools write for a field: a document that writes the alias and not
the field has the field (`owner_slack: "#platform"` is the page's owner)."""

HANDBOOK_PAGES: tuple[Page, ...] = (
    Page("index.md", "Reliability overview", 0, "index.md.j2"),
    Page(
        "action-items.md",
        "Open action items",
        30,
        "action-items.md.j2",
        types=tuple(entry.name for entry in DOC_TYPES.values() if entry.action_items),
    ),
    Page("oncall.md", "On-call health", 65, "oncall.md.j2", types=("handoff",)),
    Page(
        "scorecard.md",
        "Reliability scorecard",
        100,
        "scorecard.md.j2",
        lists=("scorecard.services",),
    ),
    Page(
        "reports/index.md", "Monthly reliability reports", 110, "reports.md.j2", lists=("reports",)
    ),
)
"""Generated pages that belong to no one type: the overview (always built), the action items
of every type that has some, on-call health from the handoffs, the scorecard of the services,
and the monthly reports when a month has data."""
SERVICE_PAGE = Page("services/{slug}.md", "", 1000, "service.md.j2")
"""The page of each service, from every type that names it."""
REPORT_PAGE = Page("reports/{month}.md", "Reliability report", 1001, "report.md.j2")
"""The monthly reliability report, one page per month that has data."""


def get(name: str | None) -> DocType | None:
    """The entry of a type name; None for unknown types and plain pages."""
    return DOC_TYPES.get(name) if name is not None else None


def default_folders() -> dict[str, str]:
    """Folder → type, each type's default folder."""
    return {entry.folder: entry.name for entry in DOC_TYPES.values()}


def with_action_items() -> tuple[DocType, ...]:
    """Types whose documents hold action items."""
    return tuple(entry for entry in DOC_TYPES.values() if entry.action_items is not None)


def with_sections(rule: str) -> tuple[DocType, ...]:
    """Types whose missing sections `rule` reports."""
    return tuple(
        entry for entry in DOC_TYPES.values() if entry.sections and entry.section_rule == rule
    )


@cache
def index_pages() -> tuple[Page, ...]:
    """Every generated index page (not the service pages), in navigation order. A type's own
    index page is built when the handbook has a document of the type (and for whatever else
    its entry names)."""
    pages = list(HANDBOOK_PAGES)
    for entry in DOC_TYPES.values():
        page = entry.index_page
        if page is not None:
            pages.append(page if entry.name in page.types else _with_type(page, entry.name))
    return tuple(sorted(pages, key=lambda page: (page.order, page.path)))


def _with_type(page: Page, name: str) -> Page:
    return Page(page.path, page.title, page.order, page.template, (name, *page.types), page.lists)


def built_pages(data: Mapping[str, Any]) -> tuple[Page, ...]:
    """The index pages built for a handbook's aggregated data, in navigation order: the only
    place that decides it, read by the site's pages, the plugin's navigation and
    `sre-docs build-pages` (see `Page.built`)."""
    return tuple(page for page in index_pages() if page.built(data))


def listed(names: Iterable[str] = NAMES, last: str = "or") -> str:
    """`postmortem, runbook, … or service`, for messages and help."""
    items = list(names)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def sections_reference(rule: str) -> str:
    """The expected sections of every type `rule` checks, as a markdown list (rule docs)."""
    lines = []
    for entry in with_sections(rule):
        names = ", ".join(_section_text(section) for section in entry.sections)
        line = f"- {entry.name.capitalize()}: {names}."
        for form in entry.forms:
            values = "/".join(f"`{value}`" for value in form.values)
            if form.replaces:
                names = ", ".join(_section_text(section) for section in form.sections)
                line += f" A {entry.name} with `{form.key}: {form.values[0]}` has: {names}."
            else:
                short = ", ".join(section.name for section in form.sections)
                line += f" A {values} {entry.name} may use the {form.label}: {short}."
        line += _unread_headings(entry)
        lines.append(line)
    return "\n".join(lines)


def _unread_headings(entry: DocType) -> str:
    """The headings the section check accepts for the action-item section but under which
    items are not read (lessons and findings, more often than work to do), as a sentence."""
    heading = entry.action_items.heading if entry.action_items is not None else None
    if heading is None:
        return ""
    checked = next((section for section in entry.sections if section.name == heading.name), None)
    if checked is None:
        return ""
    unread = [synonym for synonym in checked.synonyms if synonym not in heading.synonyms]
    if not unread:
        return ""
    return (
        f" Action items are read under {heading.name} and its synonyms, not under "
        f"{', '.join(unread)}: what those hold is more often what was learnt than work to do "
        "(a team's own synonym is read)."
    )


def _section_text(section: Section) -> str:
    steps = ("or numbered steps or headings that open with a step's verb",)
    words = [*section.synonyms, *(steps if section.numbered else ())]
    return f"{section.name} ({', '.join(words)})" if words else section.name
