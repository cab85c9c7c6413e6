"""The CI examples of the guide have the shape their CI systems need.

GitHub: annotations with --format github, SARIF uploaded to code scanning. GitLab: a job that
lints and keeps the report."""

from __future__ import annotations

import yaml

from tests.conftest import REPO

EXAMPLES = REPO / "content" / "guide" / "examples"


def test_github_workflow() -> None:
    workflow = yaml.safe_load((EXAMPLES / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["lint"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    runs = [step.get("run", "") for step in steps]
    assert any(use.startswith("actions/checkout@") for use in uses)
    assert any(use.startswith("actions/setup-python@") for use in uses)
    assert "pip install sre-docs" in runs
    assert "sre-docs lint --format github" in runs
    sarif = next(run for run in runs if "--format sarif" in run)
    upload = next(
        step
        for step in steps
        if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    )
    assert upload["with"]["sarif_file"] in sarif
    assert workflow["permissions"]["security-events"] == "write"
    assert workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True


def test_gitlab_job() -> None:
    config = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = config["handbook-lint"]
    assert "pip install sre-docs" in job["script"]
    assert any(line.startswith("sre-docs lint") for line in job["script"])
    assert job["artifacts"]["when"] == "always"


def test_guide_includes_the_workflow() -> None:
    guide = (REPO / "content" / "guide" / "ci.md").read_text(encoding="utf-8")
    assert '--8<-- "content/guide/examples/github-workflow.yml"' in guide
