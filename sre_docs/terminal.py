"""What the command line prints for people: colour on a terminal, counts per rule.

Colour follows the conventions every linter follows: only on a terminal, never with `NO_COLOR`
set (https://no-color.org), always with `FORCE_COLOR` set (https://force-color.org)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from sre_docs.findings import ERROR, Finding

_CODES = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "cyan": "36", "dim": "2"}


def wants_colour(stream: Any, environ: Mapping[str, str]) -> bool:
    """Colour for `stream`: `NO_COLOR` (any value) turns it off, `FORCE_COLOR` (any value but
    `0` or `false`) on; else only a terminal that is not `TERM=dumb` gets it."""
    if environ.get("NO_COLOR"):
        return False
    force = environ.get("FORCE_COLOR")
    if force is not None and force != "":
        return force.lower() not in ("0", "false")
    if environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def paint(text: str, colour: str, enabled: bool) -> str:
    if not enabled:
        return text
    return f"\x1b[{_CODES[colour]}m{text}\x1b[0m"


def colour_report(findings: Sequence[Finding]) -> str:
    """The text report with the place bold and the code red (error) or yellow (warning); the
    same characters as the plain report once the escape sequences are removed."""
    from sre_docs.reporters import _one_line as one_line
    from sre_docs.reporters import display_path, printable

    lines = []
    for f in findings:
        place = paint(f"{display_path(f.path)}:{f.line}:{f.column}:", "bold", True)
        code = paint(f.code, "red" if f.severity == ERROR else "yellow", True)
        rule = paint(f"[{f.rule}]", "dim", True)
        lines.append(f"{place} {code} {rule} {printable(one_line(f.message))}\n")
    return "".join(lines)


def statistics(findings: Sequence[Finding], output_format: str) -> str:
    """Findings per rule, most first (ruff's `--statistics`): `COUNT CODE [name] severity`
    lines, or with `--format json` a list of `{rule, code, severity, count}`."""
    counts = Counter((f.rule, f.code, f.severity) for f in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][1], item[0][2]))
    if output_format == "json":
        data = [
            {"rule": rule, "code": code, "severity": severity, "count": count}
            for (rule, code, severity), count in rows
        ]
        return json.dumps(data, indent=2) + "\n"
    if not rows:
        return ""
    width = max(len(str(count)) for _, count in rows)
    code_width = max(len(code) for (_, code, _), _ in rows)
    return "".join(
        f"{count:>{width}}  {code:<{code_width}}  [{rule}] {severity}\n"
        for (rule, code, severity), count in rows
    )
