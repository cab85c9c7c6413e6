"""Property-based tests: random front matter and random markdown never break the linter.

Whatever Hypothesis generates, loading and every rule finish without raising, and every
finding points at a 1-based line inside the file."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sre_docs import doctypes
from sre_docs.config import Config
from sre_docs.findings import Finding
from sre_docs.handbook import Handbook, LintContext
from sre_docs.linter import Selection, collect_findings, record_from_text

TODAY = dt.date(2026, 11, 24)
KEYS = [
    "type",
    "title",
    "date",
    "severity",
    "status",
    "services",
    "action_items",
    "target",
    "window",
    "current",
    "sla",
    "error_budget_minutes",
    "burn_rate_alerts",
    "alerts",
    "owner",
    "last_reviewed",
    "total_hours_per_month",
    "time_per_occurrence_min",
    "impact",
    "id",
    "safety",
    "results",
    "checklist",
    "growth",
    "review_cadence_days",
    "pages",
    "off_hours_pages",
    "false_positive_pages",
    "time_to_acknowledge_minutes",
    "rotation",
    "service",
    "method",
    "decision",
    "reviewers",
    "scaling",
    "cost",
    "automated_on",
    "oncall_rotation",
    "teams_affected",
]
TYPES = [*doctypes.NAMES, "docs", None]  # every registered type, a foreign one, and none

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-11-01",
            "14:05",
            "SEV1",
            "@bob",
            "TODO",
            "99.9",
            "30d",
            "../runbooks/x.md",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [*KEYS, "owner", "due", "description", "runbook", "months", "verify", "slos"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)
front_matter = st.dictionaries(st.sampled_from(KEYS), values, max_size=10).flatmap(
    lambda meta: st.sampled_from(TYPES).map(
        lambda doc_type: {**meta, "type": doc_type} if doc_type else meta
    )
)
line_kinds = st.one_of(
    st.sampled_from(
        [
            "## Summary",
            "## Timeline",
            "## Action Items",
            "## Root Cause",
            "```",
            "~~~",
            "| Priority | Action | Owner | Due | Ticket |",
            "|---|---|---|---|---|",
            "| P1 | fix | @name | Date | XXX-123 |",
            "- **14:05** start",
            "- **13:00** earlier",
            "<!-- sre-docs-disable blame-language -->",
            "<!--",
            "-->",
            "Human error, Bob forgot to.",
            "[link](../missing.md#x)",
            "![img](a b.png)",
            "`code [x](y.md)`",
            "---",
            "",
        ]
    ),
    st.text(alphabet=string.printable + "äß漢\u202e", max_size=80),
)
bodies = st.lists(line_kinds, max_size=40).map("\n".join)


def _config(root: Path) -> Config:
    return Config(root=root, docs_dir=root, source="test")


def _check(text: str, rel: str, tmp: Path) -> list[Finding]:
    config = _config(tmp)
    record = record_from_text(config, rel, text)
    handbook = Handbook(records=[record], files=frozenset({rel}))
    return collect_findings(handbook, LintContext(config, TODAY), Selection.build(config))


@settings(max_examples=250, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(meta=front_matter, body=bodies)
def test_random_documents_never_raise(meta: dict[str, object], body: str, tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp("prop", numbered=True)
    try:
        front = yaml.safe_dump(meta, allow_unicode=True)
    except yaml.YAMLError:
        return
    text = f"---\n{front}---\n{body}\n"
    total_lines = text.count("\n") + 1
    for rel in ("postmortems/x.md", "notes/x.md"):
        for finding in _check(text, rel, tmp):
            assert 1 <= finding.line <= total_lines, finding
            assert finding.column >= 1


@settings(max_examples=250, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.text(max_size=400))
def test_arbitrary_text_never_raises(raw: str, tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp("raw", numbered=True)
    total_lines = raw.count("\n") + raw.count("\r") + 2
    for finding in _check(raw, "postmortems/raw.md", tmp):
        assert 1 <= finding.line <= total_lines, finding


@settings(max_examples=100, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(front=st.text(alphabet="-:[]{}&*!|>'\"%@` \n\tabc123#", max_size=200), body=bodies)
def test_random_yaml_syntax_never_raises(front: str, body: str, tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp("yaml", numbered=True)
    text = f"---\n{front}\n---\n{body}"
    total_lines = text.count("\n") + 1
    for finding in _check(text, "runbooks/x.md", tmp):
        assert 1 <= finding.line <= total_lines, finding


@settings(max_examples=120, deadline=4000, suppress_health_check=[HealthCheck.too_slow])
@given(documents=st.lists(st.tuples(front_matter, bodies), min_size=1, max_size=4))
def test_random_documents_never_break_the_aggregates_or_pages(
    documents: list[tuple[dict[str, object], str]], tmp_path_factory
) -> None:
    """Every generated page (reports, scorecard, the new types' pages) from hostile values."""
    from sre_docs.aggregate import aggregate
    from sre_docs.site.pages import render_pages

    tmp = tmp_path_factory.mktemp("pages", numbered=True)
    config = Config(root=tmp, docs_dir=tmp, source="test", cache=False)
    records = []
    for index, (meta, body) in enumerate(documents):
        try:
            front = yaml.safe_dump(meta, allow_unicode=True)
        except yaml.YAMLError:
            continue
        records.append(record_from_text(config, f"d/{index}.md", f"---\n{front}---\n{body}\n"))
    handbook = Handbook(records=records, files=frozenset(r.rel for r in records))
    data = aggregate(handbook, config, TODAY)
    pages = render_pages(data, config)
    assert "reliability/index.md" in pages
    built = {f"reliability/{page.path}" for page in doctypes.built_pages(data)}
    assert built <= set(pages)
    assert ("reliability/scorecard.md" in pages) == bool(data["services"])
    assert ("reliability/reports/index.md" in pages) == bool(data["reports"])


def _demo_documents() -> dict[str, tuple[dict[str, object], str]]:
    """The demo handbook's typed documents, front matter parsed: realistic shapes to break."""
    root = Path(__file__).resolve().parents[2] / "content"
    found: dict[str, tuple[dict[str, object], str]] = {}
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel.startswith("guide/") or not text.startswith("---\n"):
            continue
        front, body = text[4:].split("\n---\n", 1)
        meta = yaml.safe_load(front)
        if isinstance(meta, dict) and "type" in meta:
            found[rel] = (meta, body)
    return found


DEMO = _demo_documents()
HOSTILE_VALUES = [
    None,
    True,
    0,
    -1,
    10**400,
    -(10**400),
    1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
    dt.date(2026, 1, 1),
    dt.datetime(2026, 1, 1, 12, 0),
    dt.date(1, 1, 1),
    dt.date(999, 12, 31),
    "2026-13-45",
    "",
    [],
    {},
    ["x", 1, None],
    {"a": 1},
    "<img src=x onerror=alert(1)>",
    "x | y",
    "# h",
]


def _leaf_paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            if prefix or key != "type":
                paths += _leaf_paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths += _leaf_paths(child, (*prefix, index))
    return paths


def _replaced(meta: dict[str, object], path: tuple[object, ...], value: object) -> dict:
    import copy

    changed = copy.deepcopy(meta)
    target: object = changed
    for part in path[:-1]:
        target = target[part]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    return changed


def _build_everything(documents: dict[str, tuple[dict[str, object], str]], tmp: Path) -> None:
    """Lint, aggregate, export and render every page and summary box, as a build does."""
    import json

    from sre_docs.aggregate import aggregate
    from sre_docs.site.pages import render_headers, render_pages

    config = Config(root=tmp, docs_dir=tmp, source="test", cache=False)
    records = [
        record_from_text(config, rel, f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{body}")
        for rel, (meta, body) in documents.items()
    ]
    handbook = Handbook(records=records, files=frozenset(documents))
    collect_findings(handbook, LintContext(config, TODAY), Selection.build(config))
    data = aggregate(handbook, config, TODAY)
    json.dumps(data, ensure_ascii=False, allow_nan=False)  # `sre-docs export`: valid JSON
    render_pages(data, config)
    render_headers(data, config)


@pytest.mark.parametrize(
    ("document", "path", "value"),
    [
        ("capacity/checkout-api.md", ("review_cadence_days",), 10**400),
        ("capacity/checkout-api.md", ("review_cadence_days",), float("inf")),
        ("capacity/checkout-api.md", ("current", "capacity"), 10**400),
        ("chaos/2026-11-05-payments-gateway-latency.md", ("date",), True),
        ("readiness/2026-11-12-tracking-api.md", ("reviewers",), True),
        ("capacity/checkout-api.md", ("cost", "monthly_usd"), float("nan")),
        (
            "postmortems/2026-06-21-postgres-failover-data-loss.md",
            ("impact", "users_affected"),
            float("inf"),
        ),
        ("chaos/2026-11-05-payments-gateway-latency.md", ("status",), float("-inf")),
        ("postmortems/2026-06-21-postgres-failover-data-loss.md", ("date",), dt.date(999, 12, 31)),
        ("chaos/2026-11-05-payments-gateway-latency.md", ("date",), dt.date(1, 1, 1)),
    ],
    ids=[
        "huge-cadence",
        "infinite-cadence",
        "huge-capacity",
        "boolean-date",
        "boolean-reviewers",
        "nan-cost",
        "infinite-impact",
        "infinite-status",
        "year-999",
        "year-1",
    ],
)
def test_wrong_types_in_the_new_fields_build(document, path, value, tmp_path: Path) -> None:
    documents = dict(DEMO)
    meta, body = documents[document]
    documents[document] = (_replaced(meta, path, value), body)
    _build_everything(documents, tmp_path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_field_of_a_real_document_with_a_wrong_value_builds(data, tmp_path_factory) -> None:
    """A field of a demo document (any depth) set to a hostile value: lint, aggregate,
    export and every page still work."""
    document = data.draw(st.sampled_from(sorted(DEMO)))
    meta, body = DEMO[document]
    path = data.draw(st.sampled_from(_leaf_paths(meta)))
    value = data.draw(st.sampled_from(HOSTILE_VALUES))
    documents = {**DEMO, document: (_replaced(meta, path, value), body)}
    _build_everything(documents, tmp_path_factory.mktemp("field", numbered=True))
