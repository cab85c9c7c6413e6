"""The SLOs of a handbook as generators see them: queries, windows, alerts and their runbooks.

Built once from the full records; the rule, rule-test and OpenSLO writers all read it, and every
number comes from `sre_docs.calc.slo`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sre_docs.calc import slo as slo_math
from sre_docs.config import Config
from sre_docs.errors import UserError
from sre_docs.findings import ERROR, WARNING, Finding
from sre_docs.handbook import DocRecord, Handbook
from sre_docs.model import owner_text
from sre_docs.prometheus.sli import SliQueries, sli_problems, sli_queries
from sre_docs.rules.runbook import runbook_target

_ALERT_NAME = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*\Z")


@dataclass(frozen=True, slots=True)
class AlertSpec:
    name: str
    severity: str  # page or ticket
    burn_rate: float
    long_window: str
    short_window: str
    runbook_rel: str | None
    runbook_url: str | None
    line: int

    @property
    def for_minutes(self) -> int:
        return slo_math.alert_for_minutes(self.short_window)


@dataclass(frozen=True, slots=True)
class SloSpec:
    rel: str
    line: int
    slo_id: str
    title: str
    service: str
    owner: str | None
    description: str | None
    sli_name: str | None
    sli_type: str | None
    target: float
    window: str
    window_minutes: int
    queries: SliQueries | None
    raw_sli: dict[str, str]
    alerts: tuple[AlertSpec, ...]
    page_url: str | None

    @property
    def budget_ratio(self) -> float:
        budget = slo_math.error_ratio_budget(self.target)
        assert budget is not None  # a spec is only made for a valid target
        return budget


def page_url(config: Config, rel: str) -> str | None:
    """The published URL of a docs-root-relative markdown file, as MkDocs makes it."""
    if not config.site_url:
        return None
    path = rel[: -len(Path(rel).suffix)] if Path(rel).suffix else rel
    stem = path.rsplit("/", 1)[-1]
    folder = path[: len(path) - len(stem)]
    if stem in ("index", "README"):
        page = folder if config.use_directory_urls else folder + "index.html"
    else:
        page = path + "/" if config.use_directory_urls else path + ".html"
    return config.site_url.rstrip("/") + "/" + quote(page, safe="/-._~")


def _identifier(record: DocRecord) -> str:
    value = record.meta.get("id")
    if isinstance(value, str | int) and str(value).strip():
        return str(value).strip()
    return Path(record.rel).stem


def camel_case(text: str) -> str:
    """`Checkout availability` → `CheckoutAvailability`."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    return "".join(word[:1].upper() + word[1:] for word in words) or "Slo"


def alert_name(base: str, severity: str, burn_rate: float) -> str:
    """`CheckoutAvailabilityPageBurn14x4`: a default alert's name from its SLO's title."""
    rate = f"{burn_rate:g}".replace(".", "x")
    return f"{camel_case(base)}{severity.capitalize()}Burn{rate}"


def build_specs(
    handbook: Handbook, config: Config, selected: set[str] | None = None
) -> tuple[list[SloSpec], list[Finding]]:
    """A spec for every SLO (of `selected` paths, when given), and the findings that make a
    generated alert incomplete (no runbook, unusable SLI queries)."""
    specs: list[SloSpec] = []
    findings: list[Finding] = []
    for record in sorted(handbook.of_type("slo"), key=lambda r: r.rel):
        if selected is not None and record.rel not in selected:
            continue
        spec, problems = _spec(record, handbook, config)
        findings.extend(problems)
        if spec is None:
            continue
        first = next((other for other in specs if other.slo_id == spec.slo_id), None)
        if first is not None:
            # Rule groups and labels are named by the id: a second SLO would clash with the first.
            message = f"SLO id {spec.slo_id!r} is already used by {first.rel}; not generated"
            findings.append(_finding(record, spec.line, "duplicate-id", "FM004", message))
            continue
        specs.append(spec)
    return specs, findings


def _finding(record: DocRecord, line: int, rule: str, code: str, message: str) -> Finding:
    return Finding(record.rel, line, 1, rule, code, ERROR, message)


def _spec(
    record: DocRecord, handbook: Handbook, config: Config
) -> tuple[SloSpec | None, list[Finding]]:
    meta = record.meta
    findings: list[Finding] = []
    target = slo_math.number(meta.get("target"))
    window = meta.get("window")
    minutes = slo_math.parse_window(window)
    if target is None or not 0 < target < 100 or minutes is None or not isinstance(window, str):
        return None, findings  # the linter reports the target and window themselves
    sli = meta.get("sli") if isinstance(meta.get("sli"), dict) else {}
    for key, message in sli_problems(sli):
        findings.append(
            _finding(record, record.line_of("sli", key), "invalid-sli-query", "SLO005", message)
        )
    slo_id = _identifier(record)
    title = record.title or slo_id
    alerts: list[AlertSpec] = []
    raw_alerts = meta.get("burn_rate_alerts")
    if isinstance(raw_alerts, list) and raw_alerts:
        for index, alert in enumerate(raw_alerts):
            if not isinstance(alert, dict) or not slo_math.usable_burn_rate_alert(alert, window):
                continue
            rate = slo_math.number(alert.get("burn_rate"))
            long_window, short_window = alert.get("long_window"), alert.get("short_window")
            if (
                rate is None
                or not isinstance(long_window, str)
                or not isinstance(short_window, str)
            ):
                continue
            severity = (
                alert.get("severity") if alert.get("severity") in ("page", "ticket") else "page"
            )
            name = alert.get("name") if isinstance(alert.get("name"), str) else None
            runbook_rel = None
            link = alert.get("runbook")
            if isinstance(link, str) and link.strip():
                target_rel, _kind = runbook_target(
                    handbook, record.rel, link, config.site_url, config.suffixes
                )
                if target_rel is not None and handbook.doc_types.get(target_rel) == "runbook":
                    runbook_rel = target_rel
            if name is not None and not _ALERT_NAME.match(name):
                fixed = camel_case(name)
                findings.append(
                    Finding(
                        record.rel,
                        record.line_of("burn_rate_alerts", index, "name"),
                        1,
                        "invalid-alert-name",
                        "GEN001",
                        WARNING,
                        f"alert name {name!r} is not a Prometheus alert name (letters, digits, "
                        f"_ and :); generated as {fixed}",
                    )
                )
                name = fixed
            alerts.append(
                AlertSpec(
                    name=name or alert_name(title, str(severity), rate),
                    severity=str(severity),
                    burn_rate=rate,
                    long_window=long_window.strip(),
                    short_window=short_window.strip(),
                    runbook_rel=runbook_rel,
                    runbook_url=page_url(config, runbook_rel) if runbook_rel else None,
                    line=record.line_of("burn_rate_alerts", index),
                )
            )
    else:
        line = (
            record.line_of("burn_rate_alerts")
            if "burn_rate_alerts" in meta
            else record.line_of("target")
        )
        for default in slo_math.default_burn_rate_alerts(window):
            name = alert_name(title, default["severity"], default["burn_rate"])
            runbook_rel = _runbook_for(handbook, name, meta.get("service"))
            if runbook_rel is None and default["severity"] == "page":
                findings.append(
                    _finding(
                        record,
                        line,
                        "missing-runbook-link",
                        "RB001",
                        f"generated page alert {name} has no runbook: add burn_rate_alerts "
                        "with a runbook, or a runbook whose alerts list it",
                    )
                )
            alerts.append(
                AlertSpec(
                    name=name,
                    severity=default["severity"],
                    burn_rate=default["burn_rate"],
                    long_window=default["long_window"],
                    short_window=default["short_window"],
                    runbook_rel=runbook_rel,
                    runbook_url=page_url(config, runbook_rel) if runbook_rel else None,
                    line=line,
                )
            )
    raw_sli = {
        key: str(sli[key]) for key in ("good_events", "bad_events", "total_events") if key in sli
    }
    spec = SloSpec(
        rel=record.rel,
        line=record.line_of("type") if "type" in meta else 1,
        slo_id=slo_id,
        title=title,
        service=str(meta.get("service") or "unknown"),
        owner=owner_text(meta.get("owner")),
        description=str(meta["description"]) if isinstance(meta.get("description"), str) else None,
        sli_name=str(sli["name"])
        if isinstance(sli.get("name"), str)
        else (meta["sli"] if isinstance(meta.get("sli"), str) else None),
        sli_type=str(sli["type"]) if isinstance(sli.get("type"), str) else None,
        target=target,
        window=window.strip(),
        window_minutes=minutes,
        queries=sli_queries(sli),
        raw_sli=raw_sli,
        alerts=tuple(alerts),
        page_url=page_url(config, record.rel),
    )
    return spec, findings


def _runbook_for(handbook: Handbook, alert: str, service: object) -> str | None:
    """The runbook that answers a generated alert: one listing its name, else the only runbook
    of the SLO's service."""
    answering = sorted(handbook.runbook_alerts.get(alert, []))
    if answering:
        return answering[0]
    if isinstance(service, str):
        runbooks = sorted(
            r.rel for r in handbook.of_type("runbook") if r.meta.get("service") == service
        )
        if len(runbooks) == 1:
            return runbooks[0]
    return None


def load_handbook(config: Config, today: dt.date) -> Handbook:
    """Every record of the docs root, in full (what `export` reads, from the same pipeline)."""
    from sre_docs import linter
    from sre_docs.tree import walk

    tree = walk(config, stats=config.cache)
    return linter.load_handbook(config, tree, use_cache=config.cache, full=True).full_handbook()


def selected_paths(config: Config, paths: list[Path], cwd: Path) -> set[str] | None:
    """Docs-root-relative markdown paths under the files or folders named (None: all)."""
    if not paths:
        return None
    from sre_docs.tree import walk

    tree = walk(config)
    selected: set[str] = set()
    docs = config.docs_dir.resolve()
    for path in paths:
        absolute = (cwd / path).resolve()
        if absolute != docs and docs not in absolute.parents:
            raise UserError(f"{path}: not inside the docs folder {docs}")
        rel = absolute.relative_to(docs).as_posix()
        if absolute.is_dir():
            prefix = "" if rel == "." else rel + "/"
            selected.update(name for name in tree.markdown if name.startswith(prefix))
        elif absolute.is_file():
            selected.add(rel)
        else:
            raise UserError(f"{path}: no such file or folder")
    return selected
