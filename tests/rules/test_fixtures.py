"""Every rule proven on fixtures: a bad and a good docs folder per rule, expected findings beside.

`tests/fixtures/rules/<rule>/bad/` must produce exactly the findings of `expected.yaml` for that
rule (path, line, optional column, message fragment); `good/` must produce none of that rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from sre_docs.config import Config
from sre_docs.linter import lint_handbook
from sre_docs.rules import RULES
from tests.conftest import FIXTURES, run_cli

RULE_FIXTURES = FIXTURES / "rules"
TODAY = dt.date(2026, 11, 24)


def _findings(folder: Path, rule: str) -> list[tuple[str, int, int, str]]:
    config = Config(root=folder, docs_dir=folder, source="fixture", cache=False)
    result = lint_handbook(config, today=TODAY, use_cache=False, cwd=folder)
    return [(f.path, f.line, f.column, f.message) for f in result.findings if f.rule == rule]


@pytest.mark.parametrize("rule", [rule.name for rule in RULES])
def test_bad_fixture_gives_exactly_the_expected_findings(rule: str) -> None:
    folder = RULE_FIXTURES / rule
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    actual = _findings(folder / "bad", rule)
    assert len(actual) == len(expected), actual
    for (path, line, column, message), wanted in zip(actual, expected, strict=True):
        assert path == wanted["path"], (actual, wanted)
        assert line == wanted["line"], (actual, wanted)
        if "column" in wanted:
            assert column == wanted["column"], (actual, wanted)
        assert wanted["message"] in message, (message, wanted)


@pytest.mark.parametrize("rule", [rule.name for rule in RULES])
def test_good_fixture_is_clean_for_the_rule(rule: str) -> None:
    assert _findings(RULE_FIXTURES / rule / "good", rule) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_rule_is_documented(rule) -> None:
    sections = rule.sections()
    for heading in ("What it does", "Why is this bad", "Example", "Use instead"):
        assert sections.get(heading), f"{rule.name}: no '{heading}' section"
    assert rule.summary.endswith(".")


def test_explain_prints_the_docstring() -> None:
    result = run_cli(["explain", "orphan-action-item"], FIXTURES)
    assert result.returncode == 0
    assert "## Why is this bad" in result.stdout and "AI001" in result.stdout
