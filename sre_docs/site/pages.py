"""The generated pages as markdown: Jinja2 templates over the aggregated data.

Every value from a document is escaped for markdown and HTML on the way out (the template
environment's `finalize`), and links are only made to relative targets or http(s) URLs."""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2

from sre_docs import doctypes, service_names
from sre_docs.aggregate import documents
from sre_docs.calc.incidents import SEVERITIES
from sre_docs.config import Config
from sre_docs.site import charts
from sre_docs.site.assets import PAGE_MARKER

# Punctuation that markdown (Python-Markdown and CommonMark alike) lets a backslash escape,
# and characters that only an entity keeps literal everywhere: `|` outside tables, and the
# `~ ^ = :` of common extensions (strike-through, insert, mark, emoji, magic links).
_ESCAPES = str.maketrans(
    {
        **{char: "\\" + char for char in "\\`*_{}[]()#+!.-"},
        **{char: f"&#{ord(char)};" for char in "|~^=:"},
        "\r": " ",
        "\n": " ",
    }
)


class Safe(str):
    """Markdown built by this module from escaped parts; not escaped again."""


def escape_markdown(value: Any) -> str:
    """Text that renders as itself: HTML entities for `<>&`, backslashes for markdown syntax."""
    if value is None:
        return "—"
    if isinstance(value, float):
        value = f"{value:g}"
    return html.escape(str(value), quote=False).translate(_ESCAPES)


def _finalize(value: Any) -> str:
    if isinstance(value, Safe):
        return value
    return escape_markdown(value)


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s) or relative; None for `javascript:`, `data:` and the like."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    if not parts.scheme and url.startswith("//"):
        return None
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")


class PageContext:
    """Helpers bound to one page: links relative to where the page lives."""

    def __init__(self, src_uri: str) -> None:
        self.src_uri = src_uri

    def relative(self, rel: str) -> str:
        """`rel` as seen from this page; both are docs-root-relative (no working folder)."""
        target = [part for part in posixpath.normpath(rel).split("/") if part != "."]
        start_dir = posixpath.normpath(posixpath.dirname(self.src_uri) or ".")
        start = [part for part in start_dir.split("/") if part != "."]
        common = 0
        while common < min(len(target), len(start)) and target[common] == start[common]:
            common += 1
        parts = [".."] * (len(start) - common) + target[common:]
        return "/".join(parts) or "."

    def link(self, text: Any, rel: str | None) -> Safe:
        """A link to a docs-root-relative file of the handbook (or plain text without one)."""
        if not rel:
            return Safe(escape_markdown(text))
        return Safe(f"[{escape_markdown(text)}]({quote(self.relative(rel), safe='/#-._~')})")

    def url_link(self, text: Any, url: str | None) -> Safe:
        """A link to an absolute http(s) URL from a document; plain text for anything else.

        Relative URLs from front matter are resolved by the aggregate into handbook paths
        (`runbook_rel`) and linked with `link`, only when the target exists."""
        target = safe_url(url)
        if target is None or not urlsplit(target).scheme:
            return Safe(escape_markdown(text))
        return Safe(f"[{escape_markdown(text)}]({target})")


def _number(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{round(value, digits):g}"
    return str(value)


def _counted(value: Any, noun: str) -> str:
    """`1 day`, `20 days`: a number with its noun, plural when it is not one."""
    return f"{_number(value)} {noun}{'' if value == 1 else 's'}"


def _plural(noun: str, count: Any) -> str:
    """`runbook` → `runbooks` unless `count` is one (`SLO` → `SLOs`, `toil` stays)."""
    return noun if count == 1 else f"{noun}s"


def _duration(hours: Any) -> str:
    """`14 h`, `3.2 days`: hours, in days beyond two days."""
    if hours is None:
        return "—"
    if hours >= 48:
        return f"{_number(hours / 24, 1)} days"
    return f"{_number(hours, 1)} h"


def burn_down_chart(slo: dict[str, Any]) -> str | None:
    """The SLO's budget remaining per day of the window, from Prometheus (None: no points)."""
    live = slo.get("live") or {}
    points = [(point["date"], point["remaining_pct"]) for point in live.get("budget_points", [])]
    if not any(value is not None for _, value in points):
        return None
    ident = re.sub(r"[^a-z0-9-]+", "-", str(slo.get("id") or slo["rel"]).lower()).strip("-")
    return charts.burn_down(
        f"burn-down-{ident}",
        f"{slo['title']}: error budget remaining per day (as of {live['as_of']}, from Prometheus)",
        points,
        colour=charts.STATE_COLOURS.get(slo.get("state"), charts.STATE_COLOURS[None]),
    )


def _badge(state: Any) -> Safe:
    """A state or status word in bold (admonition titles: no HTML there)."""
    if state is None:
        return Safe("—")
    return Safe(f"**{escape_markdown(str(state).replace('-', ' '))}**")


_MARKER_COLOURS = {
    **charts.STATE_COLOURS,
    "overdue": charts.STATE_COLOURS["exhausted"],
    "stale": charts.STATE_COLOURS["warning"],
}


def _state(state: Any) -> Safe:
    """A state word with a coloured dot for table cells; the word carries the meaning."""
    badge = _badge(state)
    colour = _MARKER_COLOURS.get(state) if isinstance(state, str) else None
    if colour is None:
        return badge
    marker = (
        '<svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">'
        f'<circle cx="5" cy="5" r="5" style="fill:{colour}"/></svg>'
    )
    return Safe(f'<span style="white-space:nowrap">{marker} {badge}</span>')


@functools.cache
def _environment() -> jinja2.Environment:
    """The template environment, compiled in memory once per process (nothing is loaded from
    or written to disk but the package's own templates)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("sre_docs.site", "templates"),
        autoescape=False,  # markdown, escaped by `finalize` instead
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["number"] = _number
    environment.filters["counted"] = _counted
    environment.filters["plural"] = _plural
    environment.filters["duration"] = _duration
    environment.globals["badge"] = _badge
    environment.globals["state"] = _state
    environment.globals["Safe"] = Safe
    return environment


def compile_templates(names: Iterable[str] | None = None) -> None:
    """Compile the page templates `names` (None: all) now, in memory (the plugin does it
    while its workers build the records, instead of on the way to the first page)."""
    environment = _environment()
    for name in environment.list_templates(extensions=["j2"]) if names is None else names:
        environment.get_template(name)


def _render(environment: jinja2.Environment, template: str, src_uri: str, **values: Any) -> str:
    page = PageContext(src_uri)
    return environment.get_template(template).render(
        page=page, link=page.link, url_link=page.url_link, **values
    )


def service_slug(name: str) -> str:
    slug = service_names.slug(name)
    # `index.md` would become the section's own page rather than the service's.
    return slug if slug and slug not in ("index", "readme") else f"{slug or 'unnamed'}-service"


def _service_links(data: dict[str, Any], folder: str) -> dict[str, str]:
    """Service id, and every name documents give it, → its generated page; ids that slug
    alike get numbered pages."""
    links: dict[str, str] = {}
    taken: set[str] = set()
    for key in data["services"]:
        slug = service_slug(key)
        candidate, number = slug, 2
        while candidate in taken:
            candidate, number = f"{slug}-{number}", number + 1
        taken.add(candidate)
        links[key] = f"{folder}/" + doctypes.SERVICE_PAGE.path.format(slug=candidate)
    for name, key in data.get("service_aliases", {}).items():
        if key in links:
            links.setdefault(name, links[key])
    return links


def _plan(
    data: dict[str, Any], folder: str, service_links: dict[str, str]
) -> list[tuple[str, str, dict[str, Any]]]:
    """Every generated page: its path, its template, and the values of its own."""
    plan: list[tuple[str, str, dict[str, Any]]] = [
        (f"{folder}/{page.path}", page.template, {"title": page.title})
        for page in doctypes.built_pages(data)
    ]
    for name, service in data["services"].items():
        plan.append((service_links[name], doctypes.SERVICE_PAGE.template, {"service": service}))
    for report in data["reports"]:
        path = f"{folder}/" + doctypes.REPORT_PAGE.path.format(month=report["month"])
        plan.append((path, doctypes.REPORT_PAGE.template, {"report": report}))
    return plan


def page_paths(data: dict[str, Any], config: Config) -> list[str]:
    """The paths of the pages `render_pages` makes, in the same order, without making them."""
    folder = config.index_folder
    return [path for path, _, _ in _plan(data, folder, _service_links(data, folder))]


def _generated_link(data: dict[str, Any], folder: str) -> Any:
    """`generated("slos.md")`, for the templates: the docs-root-relative path of an index page
    when it is built for this handbook (`doctypes.built_pages`), else None (its link is plain
    text, never a link to a page that is not there)."""
    built = {page.path for page in doctypes.built_pages(data)}

    def generated(name: str) -> str | None:
        path = name.partition("#")[0]
        if path not in built:
            return None
        return f"{folder}/{name}"

    return generated


def render_pages(data: dict[str, Any], config: Config) -> dict[str, str]:
    """Every generated page: docs-root-relative path → markdown."""
    environment = _environment()
    folder = config.index_folder
    pages: dict[str, str] = {}
    service_links = _service_links(data, folder)
    common = {
        "data": data,
        "folder": folder,
        "service_links": service_links,
        "index_pages": doctypes.built_pages(data),
        "generated": _generated_link(data, folder),
        "action_item_types": [entry.plural for entry in doctypes.with_action_items()],
        "listed_types": [
            entry
            for entry in doctypes.DOC_TYPES.values()
            if entry.aggregate is not None and entry.aggregate.columns
        ],
    }
    slo_chart = charts.horizontal_bars(
        "slo-budget",
        "Error budget remaining per SLO",
        [
            charts.Bar(
                slo["title"],
                slo["budget_remaining_pct"],
                charts.STATE_COLOURS.get(slo["state"], charts.STATE_COLOURS[None]),
                slo["state"] or "",
            )
            for slo in data["slos"]
        ],
        unit=" %",
        maximum=100.0,
        step=25.0,
        floor=-100.0,
    )
    incident_chart = charts.stacked_columns(
        "incidents-per-month",
        "Incidents per month by severity",
        [
            (row["month"], {key: value for key, value in row.items() if key != "month"})
            for row in data["incidents"]["per_month"]
        ],
        SEVERITIES,
        charts.SEVERITY_COLOURS,
        charts.SEVERITY_PATTERNS,
    )
    toil_chart = charts.horizontal_bars(
        "toil-by-category",
        "Toil hours per month by category",
        [charts.Bar(category, hours) for category, hours in data["toil"]["by_category"].items()],
        unit=" h",
    )
    extra: dict[str, dict[str, Any]] = {
        "index": {"slo_chart": Safe(slo_chart)},
        "slos": {"chart": Safe(slo_chart)},
        "incidents": {"chart": Safe(incident_chart)},
        "toil": {"chart": Safe(toil_chart)},
        "handoffs": {"shown": doctypes.DOC_TYPES["handoff"].shown_sections},
    }
    for path, template, values in _plan(data, folder, service_links):
        if "title" in values:  # an index page: `extra` by its path under the folder
            values.update(extra.get(path.removeprefix(f"{folder}/").removesuffix(".md"), {}))
        pages[path] = _render(environment, template, path, **values, **common)
    # The table script (`sre_docs/site/assets`) enhances only the pages that carry its marker.
    return {
        path: f"{FRONT_MATTER}{text.rstrip()}\n\n{PAGE_MARKER}\n" for path, text in pages.items()
    }


def render_headers(data: dict[str, Any], config: Config) -> dict[str, str]:
    """The summary box at the top of the page of every document whose type has one, by path."""
    environment = _environment()
    folder = config.index_folder
    common = {
        "folder": folder,
        "service_links": _service_links(data, folder),
        "generated": _generated_link(data, folder),
    }
    headers: dict[str, str] = {}
    for entry in doctypes.DOC_TYPES.values():
        if entry.header is None:
            continue
        for item in documents(data, entry.name):
            chart = burn_down_chart(item) if entry.name == "slo" else None
            headers[item["rel"]] = _render(
                environment,
                entry.header,
                item["rel"],
                item=item,
                chart=Safe(chart or ""),
                **common,
            )
    return headers


FRONT_MATTER = "---\nhide:\n  - toc\n---\n\n"
"""Of every generated page: the pages are mostly wide tables, so Material's table of contents
gives them its room."""
HEALTH_PAGE = "health.md"
HEALTH_TEMPLATE = "health.md.j2"
"""The page, under the index folder, that lists every finding of the build (the plugin's)."""


def render_health(
    findings: list[Any], data: dict[str, Any], config: Config, linkable: set[str]
) -> str:
    """`reliability/health.md`: every finding of the build, by rule and by document; only
    the documents in `linkable` (pages of the site) are linked."""
    path = f"{config.index_folder}/{HEALTH_PAGE}"
    counts: dict[str, dict[str, Any]] = {}
    for finding in findings:
        row = counts.setdefault(
            finding.rule,
            {"rule": finding.rule, "code": finding.code, "severity": finding.severity, "count": 0},
        )
        row["count"] += 1
    page = _render(
        _environment(),
        HEALTH_TEMPLATE,
        path,
        title="Handbook health",
        data=data,
        findings=findings,
        by_rule=sorted(counts.values(), key=lambda row: (-row["count"], row["rule"])),
        by_document=sorted({finding.path for finding in findings}),
        errors=sum(1 for finding in findings if finding.severity == "error"),
        linkable=linkable,
    )
    return f"{FRONT_MATTER}{page.rstrip()}\n\n{PAGE_MARKER}\n"


def render_notice(count: int, health_url: str) -> str:
    """The short notice put at the top of a page that has findings, linking to the health
    page (`health_url`, relative to the page), as the HTML of an admonition: it goes into the
    converted page, once every page is converted and the findings are known."""
    noun = "finding" if count == 1 else "findings"
    href = html.escape(health_url, quote=True)
    return (
        f'<div class="admonition warning sre-docs-box">\n'
        f'<p class="admonition-title">{count} lint {noun}</p>\n'
        f'<p>This page has {count} lint {noun}: see <a href="{href}">the handbook health page'
        "</a>.</p>\n</div>\n"
    )


def insert_notice(content: str, notice: str) -> str:
    """`notice` after the page's leading `<h1>` (where the summary box follows), else first."""
    stripped = content.lstrip()
    if stripped.startswith("<h1"):
        end = stripped.find("</h1>")
        if end != -1:
            end += len("</h1>")
            return f"{stripped[:end]}\n{notice}{stripped[end:]}"
    return notice + content
