"""Reporters: findings to text, JSON, SARIF 2.1.0 or GitHub workflow commands.

Plain functions in a `name → function` table; each returns the whole output as one string."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence

from sre_docs import __version__
from sre_docs.findings import ERROR, Finding

INFORMATION_URI = "https://pypi.org/project/sre-docs/"


def text(findings: Sequence[Finding]) -> str:
    """`path:line:col: CODE [name] message`, one line per finding."""
    return "".join(text_line(f) + "\n" for f in findings)


def text_line(f: Finding) -> str:
    """One finding as a line of text (also the plugin's log line): nothing in it can end the
    line or start another, and it never starts with `::`, a GitHub Actions workflow command."""
    path = display_path(f.path)
    return f"{path}:{f.line}:{f.column}: {f.code} [{f.rule}] {printable(_one_line(f.message))}"


def display_path(path: str) -> str:
    """A finding's path for a line of text: escaped, and never starting with `::`."""
    shown = printable(path)
    return "./" + shown if shown.startswith("::") else shown


def _one_line(message: str) -> str:
    """Messages quote documents; a line break in one must not split the finding's line."""
    return " ".join(message.splitlines())


# C0 and C1 controls, line and paragraph separators, bidirectional overrides and isolates
# (which reorder what a terminal shows), and lone surrogates: the bytes of a file name that
# are not UTF-8, as the file system layer hands them over (`os.fsdecode`).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_character(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the undecodable byte itself
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: str) -> str:
    """`value` with every control character, separator and undecodable byte shown as an
    escape (`\\x0a`, `\\xff`, `\\u202e`): safe in a terminal, a log and UTF-8 output."""
    return _UNPRINTABLE.sub(_escape_character, value)


def _printable_finding(f: Finding) -> dict[str, object]:
    data = f.to_dict()
    data["path"] = printable(f.path)
    data["message"] = printable(f.message)
    return data


def uri_reference(path: str) -> str:
    """A `/`-separated relative path as an RFC 3986 URI reference: every byte outside the
    unreserved characters percent-encoded (`%20`, `%23`, `%3F`, `%25`, `%0A`, `%FF`), so no
    name reads as a query, a fragment, a scheme or another path."""
    from urllib.parse import quote

    return quote(os.fsencode(path), safe="/")


def json_report(findings: Sequence[Finding]) -> str:
    import json

    return (
        json.dumps([_printable_finding(f) for f in findings], indent=2, ensure_ascii=False) + "\n"
    )


def _escape_data(value: str) -> str:
    escaped = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


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
            "message": {"text": printable(f.message)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": uri_reference(f.path),
                            "uriBaseId": "%SRCROOT%",
                        },
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
