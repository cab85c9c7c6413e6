"""The generated pages as markdown: Jinja2 templates over the aggregated data.

Every value from a document is escaped for markdown and HTML on the way out (the template
environment's `finalize`), and links are only made to relative targets or http(s) URLs."""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2

from sre_docs.config import Config
from sre_docs.site import charts

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


class Safe(str):
    """Markdown built by this module from escaped parts; not escaped again."""


def escape_markdown(value: Any) -> str:
    """Text that renders as itself: HTML entities for `<>&`, backslashes for markdown syntax."""
    if value is None:
        return "—"
    if isinstance(value, float):
        value = f"{value:g}"
    text = html.escape(str(value), quote=False).replace("\r", " ").replace("\n", " ")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


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
    """Helpers bound to one generated page: links relative to where the page lives."""

    def __init__(self, src_uri: str) -> None:
        self.src_uri = src_uri

    def relative(self, rel: str) -> str:
        return posixpath.relpath(rel, posixpath.dirname(self.src_uri) or ".")

    def link(self, text: Any, rel: str | None) -> Safe:
        if not rel:
            return Safe(escape_markdown(text))
        return Safe(f"[{escape_markdown(text)}]({quote(self.relative(rel), safe='/#-._~')})")

    def url_link(self, text: Any, url: str | None) -> Safe:
        target = safe_url(url)
        if target is None:
            return Safe(escape_markdown(text))
        return Safe(f"[{escape_markdown(text)}]({target})")


def _number(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{round(value, digits):g}"
    return str(value)


def _badge(state: Any) -> Safe:
    if state is None:
        return Safe("—")
    return Safe(f"**{escape_markdown(str(state).replace('-', ' '))}**")


def _environment() -> jinja2.Environment:
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
    environment.globals["badge"] = _badge
    environment.globals["Safe"] = Safe
    return environment


_ENVIRONMENT: jinja2.Environment | None = None


def _render(template: str, src_uri: str, **values: Any) -> str:
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = _environment()
    page = PageContext(src_uri)
    return _ENVIRONMENT.get_template(template).render(
        page=page, link=page.link, url_link=page.url_link, **values
    )


def service_slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-.")
    return slug or "service"


def render_pages(data: dict[str, Any], config: Config) -> dict[str, str]:
    """Every generated page: docs-root-relative path → markdown."""
    folder = config.index_folder
    pages: dict[str, str] = {}
    service_links = {
        name: f"{folder}/services/{service_slug(name)}.md" for name in data["services"]
    }
    common = {"data": data, "folder": folder, "service_links": service_links}
    slo_chart = charts.horizontal_bars(
        "slo-budget",
        "Error budget remaining per SLO",
        [
            (
                f"{slo['service'] or '?'}: {slo['title']}",
                slo["budget_remaining_pct"],
                charts.STATE_COLOURS.get(slo["state"], charts.STATE_COLOURS[None]),
            )
            for slo in data["slos"]
        ],
        unit=" %",
        minimum=-100.0,
        maximum=100.0,
    )
    incident_chart = charts.stacked_columns(
        "incidents-per-month",
        "Incidents per month by severity",
        [
            (row["month"], {key: value for key, value in row.items() if key != "month"})
            for row in data["incidents"]["per_month"]
        ],
        ("SEV1", "SEV2", "SEV3", "SEV4"),
        charts.SEVERITY_COLOURS,
    )
    toil_chart = charts.horizontal_bars(
        "toil-by-category",
        "Toil hours per month by category",
        [
            (category, hours, charts.BAR_COLOUR)
            for category, hours in data["toil"]["by_category"].items()
        ],
        unit=" h",
    )
    pages[f"{folder}/index.md"] = _render(
        "index.md.j2", f"{folder}/index.md", slo_chart=Safe(slo_chart), **common
    )
    pages[f"{folder}/slos.md"] = _render(
        "slos.md.j2", f"{folder}/slos.md", chart=Safe(slo_chart), **common
    )
    pages[f"{folder}/incidents.md"] = _render(
        "incidents.md.j2", f"{folder}/incidents.md", chart=Safe(incident_chart), **common
    )
    pages[f"{folder}/action-items.md"] = _render(
        "action-items.md.j2", f"{folder}/action-items.md", **common
    )
    pages[f"{folder}/toil.md"] = _render(
        "toil.md.j2", f"{folder}/toil.md", chart=Safe(toil_chart), **common
    )
    pages[f"{folder}/runbooks.md"] = _render("runbooks.md.j2", f"{folder}/runbooks.md", **common)
    pages[f"{folder}/handoffs.md"] = _render("handoffs.md.j2", f"{folder}/handoffs.md", **common)
    for name, service in data["services"].items():
        path = service_links[name]
        pages[path] = _render("service.md.j2", path, service=service, **common)
    return pages


def render_header(record_type: str, data: dict[str, Any], src_uri: str, folder: str) -> str:
    """The summary block put at the top of a postmortem, SLO or runbook page."""
    return _render(f"header-{record_type}.md.j2", src_uri, item=data, folder=folder)
