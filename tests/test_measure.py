"""tools/measure.py: the sample is fixed, precision comes from the judgements, and a real
corpus set lints through the command line's own entry."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import measure


def _finding(part: str, rule: str, number: int) -> dict[str, object]:
    return {
        "part": part,
        "rule": rule,
        "set": "s",
        "rel": f"doc-{number:03d}.md",
        "line": number,
        "message": "m",
        "file": "/nonexistent",
    }


def test_sample_is_fixed_and_bounded_per_rule_and_part() -> None:
    findings = [_finding("tune", "broken-link", n) for n in range(40)]
    findings += [_finding("holdout", "broken-link", n) for n in range(3)]
    first = measure.sample(findings, per_rule=5)
    again = measure.sample(list(reversed(findings)), per_rule=5)
    assert [f["rel"] for f in first] == [f["rel"] for f in again]
    assert sum(f["part"] == "tune" for f in first) == 5
    assert sum(f["part"] == "holdout" for f in first) == 3
    assert len({f["id"] for f in first}) == len(first)


def test_precision_from_judgements(tmp_path: Path) -> None:
    findings = [_finding("tune", "orphan-action-item", n) for n in range(4)]
    chosen = measure.sample(findings, per_rule=4)
    measure.write_sample(tmp_path, findings, chosen)
    rows = (tmp_path / "judgements.tsv").read_text(encoding="utf-8").splitlines()
    verdicts = ["T", "T", "F", ""]  # the last one not judged yet
    filled = [rows[0]]
    for row, verdict in zip(rows[1:], verdicts, strict=True):
        cells = row.split("\t")
        cells[4] = verdict
        filled.append("\t".join(cells))
    (tmp_path / "judgements.tsv").write_text("\n".join(filled) + "\n", encoding="utf-8")
    assert measure.precision(tmp_path) == {("tune", "orphan-action-item"): (2, 3)}
    # Sampling again keeps the verdicts already given.
    measure.write_sample(tmp_path, findings, measure.sample(findings, per_rule=4))
    assert measure.precision(tmp_path) == {("tune", "orphan-action-item"): (2, 3)}


@pytest.mark.corpus
def test_a_corpus_set_through_the_command_line(corpus: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yml"
    plan.write_text(
        "sets:\n  - name: 2i2c\n    part: tune\n"
        f"    docs_dir: {corpus / '2i2c-org__incident-reports'}\n"
        "    options: {folders: {reports: postmortem}}\n",
        encoding="utf-8",
    )
    findings = [f for entry in measure.load_plan(plan) for f in measure.lint_set(entry)]
    rules = {f["rule"] for f in findings}
    assert {"orphan-action-item", "schema-violation", "missing-section"} <= rules
    assert all(f["rel"].startswith("reports/") for f in findings)


def test_a_plan_read_for_one_part(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    plan = tmp_path / "plan.yml"
    plan.write_text(
        "sets:\n"
        f"  - {{name: a, part: tune, docs_dir: {tmp_path / 'a'}}}\n"
        f"  - {{name: b, part: holdout7, docs_dir: {tmp_path / 'b'}}}\n"
        f"  - {{name: c, part: holdout7, docs_dir: {tmp_path / 'missing'}}}\n",
        encoding="utf-8",
    )
    assert [e["name"] for e in measure.load_plan(plan)] == ["a", "b"]
    assert [e["name"] for e in measure.load_plan(plan, ["holdout7"])] == ["b"]
