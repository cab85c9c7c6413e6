"""Runbook and alert rules: stale runbooks, alerts without runbooks, runbook links to nowhere.

Alerts are collected from postmortems, SLO burn-rate alerts and the Prometheus rule files the
`alert_rules` option names; every one must lead to a runbook document."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs.calc.reviews import review
from sre_docs.config import DEFAULT_SUFFIXES
from sre_docs.handbook import resolve_link
from sre_docs.placeholders import is_missing
from sre_docs.rules.base import HANDBOOK, Hit, rule

if TYPE_CHECKING:
    from sre_docs.config import Config
    from sre_docs.handbook import DocRecord, Handbook, LintContext


@rule(
    "stale-runbook",
    "RB003",
    "warning",
    scope=HANDBOOK,
    reads=("meta.last_reviewed", "meta.last_updated"),
)
def stale_runbook(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a runbook whose `last_reviewed` (or `last_updated`) date is more than 180 days
    before today (`stale_runbook_days` in the configuration).

    ## Why is this bad
    Systems change under runbooks. A runbook nobody has read in half a year names dashboards
    that moved and commands that no longer work, and it fails exactly when it is needed.

    ## Example
    ```yaml
    type: runbook
    last_reviewed: 2025-01-10
    ```

    ## Use instead
    Walk through the runbook (ideally in a game day), fix what changed, and update
    `last_reviewed`.
    """
    limit = context.config.stale_runbook_days
    for record in handbook.checked("runbook"):
        last = review(record.meta, context.today, limit)
        if last.stale and last.reviewed is not None:
            yield Hit(
                record.line_of(last.key),
                1,
                f"runbook was last reviewed {last.age_days} days ago "
                f"({last.reviewed.isoformat()}); review it at least every {limit} days",
                record.rel,
            )


def _burn_rate_alerts(record: DocRecord) -> Iterator[tuple[int, dict[str, object]]]:
    alerts = record.meta.get("burn_rate_alerts")
    if isinstance(alerts, list):
        for index, alert in enumerate(alerts):
            if isinstance(alert, dict):
                yield index, alert


def runbook_target(
    handbook: Handbook,
    source_rel: str,
    link: str,
    site_url: str = "",
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
) -> tuple[str | None, str]:
    """Resolve a runbook link to (docs-root-relative target or None, kind).

    kind is `relative`, `site` (a URL under `site_url`: the page `x.md`, or the section page
    `x/index.md`, `x/_index.md`, `x/README.md`, with any of `suffixes`) or `external` (not
    checked)."""
    link = link.strip()
    if site_url and link.startswith(site_url.rstrip("/") + "/"):
        page = link[len(site_url.rstrip("/")) + 1 :].split("#")[0].split("?")[0].strip("/")
        # Site generators lower-case URLs (Hugo does): match the page's path case-insensitively.
        lowered = {rel.lower(): rel for rel in handbook.doc_types}
        endings = tuple(dict.fromkeys((".md", *(suffix for suffix in suffixes if suffix))))
        names = ("index", "_index", "README")
        candidates = [*(page + ending for ending in endings)]
        candidates += [f"{page}/{name}{ending}" for name in names for ending in endings]
        for candidate in (*candidates, page):
            if candidate in handbook.doc_types:
                return candidate, "site"
            if candidate.lower() in lowered:
                return lowered[candidate.lower()], "site"
        return (f"{page}.md" if page else "index.md"), "site"
    target = resolve_link(source_rel, link)
    if target is None:
        return None, "external"
    return target, "relative"


def _describe_target(handbook: Handbook, target: str) -> str | None:
    """Why `target` is not a runbook document, or None when it is one."""
    if target in handbook.doc_types:
        doc_type = handbook.doc_types[target]
        if doc_type == "runbook":
            return None
        kind = f"a {doc_type} document" if doc_type else "a plain page"
        return f"{target} is {kind}, not a runbook"
    return f"{target} does not exist"


@rule(
    "missing-runbook-link",
    "RB001",
    "error",
    scope=HANDBOOK,
    reads=("meta.alerts", "meta.burn_rate_alerts"),
)
def missing_runbook_link(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports an alert that leads to no runbook:

    - a burn-rate alert of an SLO with `severity: page` and no `runbook`;
    - an alert named in a postmortem's `alerts` that no runbook lists in its `alerts`;
    - an alert in a Prometheus rule file named by the `alert_rules` option with no
      `runbook_url` (or `runbook`) annotation, when no runbook lists it either.

    ## Why is this bad
    Every page wakes someone up. An alert without a runbook leaves that person to work out
    from scratch, under pressure, what the alert means and what to do.

    ## Example
    ```yaml
    burn_rate_alerts:
      - name: CheckoutAvailabilityFastBurn
        burn_rate: 14.4
        long_window: 1h
        short_window: 5m
        severity: page
    ```

    ## Use instead
    ```yaml
        severity: page
        runbook: ../runbooks/checkout-high-5xx.md
    ```
    and list `CheckoutAvailabilityFastBurn` in that runbook's `alerts`.
    """
    answered = handbook.runbook_alerts
    for record in handbook.checked("slo"):
        for index, alert in _burn_rate_alerts(record):
            runbook = alert.get("runbook")
            if alert.get("severity") == "page" and not (
                isinstance(runbook, str) and runbook.strip()
            ):
                name = alert.get("name") or f"#{index + 1}"
                yield Hit(
                    record.line_of("burn_rate_alerts", index),
                    1,
                    f"paging burn-rate alert {name!r} has no runbook link",
                    record.rel,
                )
    for record in handbook.checked("postmortem"):
        alerts = record.meta.get("alerts")
        if not isinstance(alerts, list):
            continue
        for index, alert in enumerate(alerts):
            if isinstance(alert, str) and alert.strip() and alert.strip() not in answered:
                yield Hit(
                    record.line_of("alerts", index),
                    1,
                    f"alert {alert!r} is answered by no runbook (no runbook lists it in `alerts`)",
                    record.rel,
                )
    for rule_file in handbook.alert_rule_files:
        if rule_file.error is not None:
            yield Hit(rule_file.error[0], 1, rule_file.error[1], rule_file.rel)
            continue
        for alert in rule_file.alerts:
            if alert.runbook is None and alert.name not in answered:
                yield Hit(
                    alert.line,
                    1,
                    f"alert {alert.name!r} has no runbook_url annotation and no runbook lists it",
                    rule_file.rel,
                )


@rule("broken-runbook-link", "RB002", "error", scope=HANDBOOK, reads=("meta.burn_rate_alerts",))
def broken_runbook_link(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a runbook link that resolves to no runbook document: an SLO burn-rate alert's
    `runbook`, or the `runbook_url` annotation of an alert in a rule file named by
    `alert_rules` when it is a relative path or a URL under the site's `site_url`. The target
    must exist and be a document of type `runbook`. Other absolute URLs are not fetched.

    ## Why is this bad
    A runbook link that goes nowhere is worse than none: the on-call engineer follows it in
    the middle of an incident and lands on a 404 or on an unrelated page.

    ## Example
    ```yaml
    runbook: ../runbooks/checkout-5xx.md    # the file was renamed
    ```

    ## Use instead
    ```yaml
    runbook: ../runbooks/checkout-high-5xx.md
    ```
    """
    for record in handbook.checked("slo"):
        for index, alert in _burn_rate_alerts(record):
            link = alert.get("runbook")
            if not isinstance(link, str) or is_missing(link):
                continue  # a template placeholder is a `placeholder-text` warning
            target, _kind = runbook_target(
                handbook, record.rel, link, context.config.site_url, context.config.suffixes
            )
            if target is None:
                continue
            problem = _describe_target(handbook, target)
            if problem is not None:
                yield Hit(
                    record.line_of("burn_rate_alerts", index, "runbook"),
                    1,
                    f"runbook link {link!r} is broken: {problem}",
                    record.rel,
                )
    for rule_file in handbook.alert_rule_files:
        for alert in rule_file.alerts:
            if alert.runbook is None:
                continue
            problem = _rule_file_link_problem(handbook, context, rule_file.rel, alert.runbook)
            if problem is not None:
                yield Hit(
                    alert.runbook_line,
                    1,
                    f"runbook link of alert {alert.name!r} is broken: {problem}",
                    rule_file.rel,
                )


def rule_file_runbook(
    handbook: Handbook, config: Config, rule_rel: str, link: str
) -> tuple[str | None, str]:
    """Where the `runbook_url` of an alert in a rule file leads, as (target, kind): kind
    `external` (a URL outside the site, not checked; target None), `site` (a URL under
    `site_url`; target is its page's file, which may not exist) or `relative` (target is the
    file in the docs folder, or None when there is none)."""
    site_url = config.site_url
    if site_url and link.startswith(site_url.rstrip("/") + "/"):
        target, _ = runbook_target(handbook, "", link, site_url, config.suffixes)
        return target, "site"
    if "://" in link or link.startswith(("mailto:", "/", "#")):
        return None, "external"
    path = _link_path(link)
    docs_prefix = os.path.relpath(config.docs_dir, config.root).replace(os.sep, "/")
    candidates = [
        posixpath.normpath(posixpath.join(posixpath.dirname(rule_rel), path)),
        path,
    ]
    if docs_prefix != "." and path.startswith(docs_prefix + "/"):
        candidates.insert(0, path[len(docs_prefix) + 1 :])
    for candidate in candidates:
        if candidate in handbook.doc_types:
            return candidate, "relative"
    return None, "relative"


def _link_path(link: str) -> str:
    return link.split("#")[0].split("?")[0]


def _rule_file_link_problem(
    handbook: Handbook, context: LintContext, rule_rel: str, link: str
) -> str | None:
    target, kind = rule_file_runbook(handbook, context.config, rule_rel, link)
    if kind == "external":
        return None
    if target is None:
        return f"{_link_path(link)} does not exist in the docs folder"
    return _describe_target(handbook, target)
