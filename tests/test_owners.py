"""`owner` written as one name or as a list of owning teams, in every type and every consumer:
the schema, the aggregate (summaries and service owners), the site's pages and summary boxes,
`export` and the Prometheus interchange."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sre_docs import doctypes
from sre_docs.aggregate import aggregate
from sre_docs.config import Config
from sre_docs.handbook import Handbook
from sre_docs.linter import lint_handbook, record_from_text
from sre_docs.model import owner_text, owners_of
from sre_docs.schemas import load_schema, schema_message, validator

TODAY = dt.date(2026, 11, 24)

RUNBOOK = """---
type: runbook
title: Cilium troubleshooting
service: checkout-api
alerts: [CiliumAgentDown]
owner:
  - team-cabbage
  - team-phoenix
last_reviewed: 2026-10-01
---
# Cilium troubleshooting
"""
SLO = """---
type: slo
title: Checkout availability
service: checkout-api
sli: availability
target: 99.9
window: 30d
owner: ["@payments", "@sre"]
---
# Checkout availability
"""
TOIL = """---
type: toil
title: Rotating certificates
category: config
frequency: monthly
time_per_occurrence_min: 60
occurrences_per_month: 2
services: [checkout-api]
owner: [team-a, team-b]
---
# Rotating certificates
"""
POSTMORTEM = """---
type: postmortem
title: Checkout 5xx
date: 2026-10-14
severity: SEV3
status: draft
services: [checkout-api]
owner: [team-cabbage]
---
# Checkout 5xx
"""
DOCUMENTS = {
    "runbooks/cilium.md": RUNBOOK,
    "slos/checkout.md": SLO,
    "toil/certs.md": TOIL,
    "postmortems/2026-10-14-checkout.md": POSTMORTEM,
}


def _types_with_owner() -> list[str]:
    return [name for name in doctypes.NAMES if "owner" in load_schema(name)["properties"]]


def _owner_errors(doc_type: str, value: Any) -> list[str]:
    errors = validator(doc_type).iter_errors({"owner": value})
    return [schema_message(e)[1] for e in errors if tuple(e.absolute_path)[:1] == ("owner",)]


def test_every_type_accepts_owner_in_its_schema() -> None:
    assert set(_types_with_owner()) == set(doctypes.NAMES)


@pytest.mark.parametrize("doc_type", _types_with_owner())
@pytest.mark.parametrize("value", ["@payments", "team-a", ["team-a"], ["team-a", "@bob"]])
def test_owner_is_a_name_or_a_list_of_names(doc_type: str, value: Any) -> None:
    assert _owner_errors(doc_type, value) == []


@pytest.mark.parametrize("doc_type", _types_with_owner())
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "owner: must not be empty"),
        ([], "owner: must list at least 1 item"),
        (["team-a", ""], "owner[1]: must not be empty"),
        ([7], "owner[0]: expected a string, got the number 7"),
        (5, "owner: expected a string or a list, got the number 5"),
        ({"team": "a"}, "owner: expected a string or a list, got a mapping"),
    ],
)
def test_an_owner_that_names_nobody_is_refused(doc_type: str, value: Any, message: str) -> None:
    assert _owner_errors(doc_type, value) == [message]


def test_action_item_owner_stays_one_person() -> None:
    item = {"description": "Add an alert", "owner": ["@a", "@b"]}
    errors = list(validator("postmortem").iter_errors({"action_items": [item]}))
    assert [schema_message(e)[1] for e in errors if "owner" in e.absolute_path] == [
        "action_items[0].owner: expected a string, got a list"
    ]


@pytest.mark.parametrize(
    ("value", "names", "text"),
    [
        ("@a", ["@a"], "@a"),
        ("  team-a ", ["team-a"], "team-a"),
        (["team-a", " @b ", "", None, 3], ["team-a", "@b", "3"], "team-a, @b, 3"),
        ([], [], None),
        (None, [], None),
        ({"a": 1}, [], None),
    ],
)
def test_owners_of_any_value(value: Any, names: list[str], text: str | None) -> None:
    assert owners_of(value) == names
    assert owner_text(value) == text


def test_lint_accepts_a_list_of_owning_teams(tmp_path: Path) -> None:
    for rel, text in DOCUMENTS.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    config = Config(root=tmp_path, docs_dir=tmp_path, source="test", cache=False)
    result = lint_handbook(config, today=TODAY, use_cache=False, cwd=tmp_path)
    assert [f for f in result.findings if f.rule == "schema-violation"] == []


def _data(tmp_path: Path) -> tuple[Config, dict[str, Any]]:
    config = Config(root=tmp_path, docs_dir=tmp_path, source="test")
    records = [record_from_text(config, rel, text) for rel, text in DOCUMENTS.items()]
    handbook = Handbook(records=records, files=frozenset(DOCUMENTS))
    return config, aggregate(handbook, config, TODAY)


def test_aggregate_keeps_every_owner(tmp_path: Path) -> None:
    _, data = _data(tmp_path)
    runbook = data["runbooks"]["items"][0]
    assert runbook["owner"] == "team-cabbage, team-phoenix"
    assert runbook["owners"] == ["team-cabbage", "team-phoenix"]
    slo = data["slos"][0]
    assert (slo["owner"], slo["owners"]) == ("@payments, @sre", ["@payments", "@sre"])
    toil = data["toil"]["items"][0]
    assert (toil["owner"], toil["owners"]) == ("team-a, team-b", ["team-a", "team-b"])
    incident = data["incidents"]["items"][0]
    assert (incident["owner"], incident["owners"]) == ("team-cabbage", ["team-cabbage"])
    # Runbook and SLO owners are the service's owners, one by one (not one joined name).
    assert data["services"]["checkout-api"]["owners"] == [
        "team-cabbage",
        "team-phoenix",
        "@payments",
        "@sre",
    ]
    assert json.loads(json.dumps(data)) == data


def test_pages_and_summary_boxes_show_every_owner(tmp_path: Path) -> None:
    from sre_docs.site.pages import render_headers, render_pages

    config, data = _data(tmp_path)
    # Values are escaped for markdown (`team\\-a`): compare the text a reader sees.
    headers = {path: text.replace("\\", "") for path, text in render_headers(data, config).items()}
    assert "**Owner** team-cabbage, team-phoenix" in headers["runbooks/cilium.md"]
    assert "**Owner** @payments, @sre" in headers["slos/checkout.md"]
    assert "**Owner** team-cabbage" in headers["postmortems/2026-10-14-checkout.md"]
    pages = {path: text.replace("\\", "") for path, text in render_pages(data, config).items()}
    runbooks = next(text for path, text in pages.items() if path.endswith("runbooks.md"))
    assert "team-cabbage, team-phoenix" in runbooks
    toil = next(text for path, text in pages.items() if path.endswith("toil.md"))
    assert "team-a, team-b" in toil
    service = next(text for path, text in pages.items() if path.endswith("checkout-api.md"))
    assert "Owners: team-cabbage, team-phoenix, @payments, @sre" in service
    assert "['" not in runbooks + toil + service  # no Python list shown


def test_export_writes_both_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sre_docs.cli import main

    for rel, text in DOCUMENTS.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: .\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["export", "--config", str(tmp_path / "mkdocs.yml"), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["runbooks"]["items"][0]["owners"] == ["team-cabbage", "team-phoenix"]


def test_prometheus_interchange_carries_every_owner(tmp_path: Path) -> None:
    from sre_docs.prometheus.model import build_specs
    from sre_docs.prometheus.openslo import slo_documents

    config = Config(root=tmp_path, docs_dir=tmp_path, source="test")
    records = [record_from_text(config, "slos/checkout.md", SLO)]
    handbook = Handbook(records=records, files=frozenset({"slos/checkout.md"}))
    specs, _ = build_specs(handbook, config)
    assert specs[0].owner == "@payments, @sre"
    slo = next(d for d in slo_documents(specs[0]) if d["kind"] == "SLO")
    assert "@payments, @sre" in slo["metadata"]["annotations"].values()


def test_new_writes_one_owner_as_a_name_and_several_as_a_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sre_docs.cli import main
    from sre_docs.loader import parse_yaml, split_front_matter

    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: docs\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config = str(tmp_path / "mkdocs.yml")
    for title, value, expected in [
        ("One", "@payments", "@payments"),
        ("Two", "team-a,team-b", ["team-a", "team-b"]),
    ]:
        argv = ["new", "runbook", title, "--config", config, "--set", f"owner={value}"]
        assert main([*argv, "--today", "2026-11-24"]) == 0
        path = Path(capsys.readouterr().out.strip())
        path = path if path.is_absolute() else tmp_path / "docs" / "runbooks" / path.name
        front = split_front_matter(path.read_text(encoding="utf-8"))[0]
        assert parse_yaml(front or "", 2).data["owner"] == expected
