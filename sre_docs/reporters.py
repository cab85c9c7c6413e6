"""Reporters: findings to text, JSON, SARIF 2.1.0 or GitHub workflow commands.

Plain functions in a `name → function` table; each returns the whole output as one string."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sre_docs import __version__
from sre_docs.findings import ERROR, Finding

INFORMATION_URI = "https://pypi.org/project/sre-docs/"


def text(findings: Sequence[Finding]) -> str:
    """`path:line:col: CODE [name] message`, one line per finding."""
    return "".join(
        f"{f.path}:{f.line}:{f.column}: {f.code} [{f.rule}] {_one_line(f.message)}\n"
        for f in findings
    )


def _one_line(message: str) -> str:
    """Messages quote documents; a line break in one must not split the finding's line."""
    return " ".join(message.splitlines())


def json_report(findings: Sequence[Finding]) -> str:
    import json

    return (
        json.dumps([finding.to_dict() for finding in findings], indent=2, ensure_ascii=False) + "\n"
    )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: one annotation per finding, escaped as GitHub requires."""
    lines = []
    for f in findings:
        command = "error" if f.severity == ERROR else "warning"
        properties = ",".join(
            [
                f"file={_escape_property(f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_escape_property(f'{f.code} [{f.rule}]')}",
            ]
        )
        lines.append(f"::{command} {properties}::{_escape_data(f.message)}\n")
    return "".join(lines)


def sarif(findings: Sequence[Finding]) -> str:
    """A SARIF 2.1.0 log with one run, every rule's help, and a region per result."""
    import json

    from sre_docs.rules import RULES

    rules = []
    index_of: dict[str, int] = {}
    for position, rule in enumerate(RULES):
        index_of[rule.name] = position
        sections = rule.sections()
        summary = sections.get("What it does", rule.summary).split("\n\n")[0].replace("\n", " ")
        rules.append(
            {
                "id": rule.name,
                "name": rule.name,
                "shortDescription": {"text": summary.split(". ")[0].rstrip(".") + "."},
                "fullDescription": {"text": summary},
                "help": {"text": rule.doc, "markdown": rule.doc},
                "helpUri": f"{INFORMATION_URI}#rule-{rule.name}",
                "defaultConfiguration": {"level": "error" if rule.severity == ERROR else "warning"},
                "properties": {"code": rule.code, "tags": ["sre-docs"]},
            }
        )
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": index_of.get(f.rule, 0),
            "level": "error" if f.severity == ERROR else "warning",
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        for f in findings
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sre-docs",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


REPORTERS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": text,
    "json": json_report,
    "sarif": sarif,
    "github": github,
}
