"""Prometheus alerting rule files named by the `alert_rules` option: every alert and its runbook.

Files are globs relative to the configuration's folder; each alert keeps the line of its `alert:`
key and of its `runbook_url` (or `runbook`) annotation."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from sre_docs.config import Config

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class AlertDefinition:
    name: str
    line: int
    runbook: str | None
    runbook_line: int


@dataclass(frozen=True, slots=True)
class AlertRuleFile:
    rel: str  # relative to the docs root (may start with ../)
    alerts: tuple[AlertDefinition, ...]
    error: tuple[int, str] | None = None


def load_alert_rule_files(config: Config) -> list[AlertRuleFile]:
    files: list[AlertRuleFile] = []
    seen: set[str] = set()
    for pattern in config.alert_rules:
        matches = sorted(glob.glob(str(config.root / pattern), recursive=True))
        for match in matches:
            path = Path(match)
            if not path.is_file() or match in seen:
                continue
            seen.add(match)
            rel = Path(os.path.relpath(path, config.docs_dir)).as_posix()
            files.append(parse_alert_rule_file(path, rel))
    return files


def parse_alert_rule_file(path: Path, rel: str) -> AlertRuleFile:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return AlertRuleFile(rel, (), (1, f"cannot read alert rule file: {error}"))
    alerts: list[AlertDefinition] = []
    try:
        for document in yaml.compose_all(text, Loader=_BaseLoader):
            if document is not None:
                alerts.extend(_alerts_in(document))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return AlertRuleFile(
            rel, tuple(alerts), (line, f"alert rule file is not valid YAML: {error}")
        )
    return AlertRuleFile(rel, tuple(alerts))


def _mapping(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        key.value: (key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)
    }


def _alerts_in(document: yaml.Node) -> list[AlertDefinition]:
    """Alerts in `groups[].rules[]` (a rule file) or `spec.groups[].rules[]` (a PrometheusRule)."""
    top = _mapping(document)
    if "spec" in top:
        top = _mapping(top["spec"][1])
    groups = top.get("groups")
    if groups is None or not isinstance(groups[1], yaml.SequenceNode):
        return []
    alerts: list[AlertDefinition] = []
    for group in groups[1].value:
        rules = _mapping(group).get("rules")
        if rules is None or not isinstance(rules[1], yaml.SequenceNode):
            continue
        for rule_node in rules[1].value:
            fields = _mapping(rule_node)
            alert = fields.get("alert")
            if alert is None or not isinstance(alert[1], yaml.ScalarNode):
                continue
            runbook: str | None = None
            runbook_line = alert[0].start_mark.line + 1
            annotations = fields.get("annotations")
            if annotations is not None:
                notes = _mapping(annotations[1])
                for key in ("runbook_url", "runbook"):
                    if key in notes and isinstance(notes[key][1], yaml.ScalarNode):
                        runbook = notes[key][1].value.strip() or None
                        runbook_line = notes[key][0].start_mark.line + 1
                        break
            alerts.append(
                AlertDefinition(alert[1].value, alert[0].start_mark.line + 1, runbook, runbook_line)
            )
    return alerts
