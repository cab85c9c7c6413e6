"""The CI examples of the guide have the shape their CI systems need, and their commands work.

GitHub: annotations with --format github, SARIF uploaded to code scanning. GitLab: a job that
fails on errors and keeps the SARIF report; every `sre-docs` command is run on a handbook."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, run_cli
from tests.git_handbook import ORPHAN, make_repository, tool_path

EXAMPLES = REPO / "content" / "guide" / "examples"
GITHUB = EXAMPLES / "github-workflow.yml"
GITLAB = EXAMPLES / "gitlab-ci.yml"
PM = "docs/postmortems/pm-1.md"


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _lint_job() -> list[dict[str, Any]]:
    return _load(GITHUB)["jobs"]["lint"]["steps"]


@pytest.fixture
def broken_handbook(tmp_path: Path) -> Path:
    root = make_repository(tmp_path / "handbook")
    (root / PM).write_text(ORPHAN, encoding="utf-8")
    return root


def test_github_workflow_shape() -> None:
    workflow = _load(GITHUB)
    # YAML 1.1 (PyYAML) reads the key `on` as True; GitHub reads it as "on".
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers and "push" in triggers
    assert workflow["permissions"]["security-events"] == "write"
    steps = _lint_job()
    uses = [step.get("uses", "") for step in steps]
    runs = [step.get("run", "") for step in steps]
    assert uses[0].startswith("actions/checkout@")
    assert uses[1].startswith("actions/setup-python@")
    install = next(i for i, run in enumerate(runs) if run.startswith("pip install"))
    assert "sre-docs @ git+" in runs[install]  # not on PyPI: from the team's copy
    assert install < runs.index("sre-docs lint --format github")
    sarif_index = next(i for i, run in enumerate(runs) if "--format sarif" in run)
    upload_index = next(
        i for i, use in enumerate(uses) if use.startswith("github/codeql-action/upload-sarif@")
    )
    assert runs.index("sre-docs lint --format github") < sarif_index < upload_index
    sarif_args = shlex.split(runs[sarif_index])
    output = sarif_args[sarif_args.index("--output") + 1]
    assert steps[upload_index]["with"]["sarif_file"] == output == "sre-docs.sarif"
    # A failing lint step must not stop the report from reaching code scanning.
    assert steps[sarif_index]["if"] == "always()" and steps[upload_index]["if"] == "always()"


def test_github_workflow_commands(broken_handbook: Path) -> None:
    commands = [
        shlex.split(step["run"]) for step in _lint_job() if "sre-docs lint" in step.get("run", "")
    ]
    assert len(commands) == 2
    for command in commands:
        assert command[:2] == ["sre-docs", "lint"]
        result = run_cli(command[1:], cwd=broken_handbook)
        assert result.returncode == 1, result.stderr
    annotations = run_cli(["lint", "--format", "github"], cwd=broken_handbook).stdout
    assert annotations.startswith(
        f"::error file={PM},line=10,col=1,title=AI001 [orphan-action-item]::"
    )
    sarif = json.loads((broken_handbook / "sre-docs.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "orphan-action-item"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == PM
    assert location["region"]["startLine"] == 10


def test_gitlab_job_shape() -> None:
    job = _load(GITLAB)["handbook-lint"]
    assert job["image"].startswith("python:3")
    script = job["script"]
    assert script[0] == 'pip install "$SRE_DOCS_PACKAGE"'
    assert job["variables"]["SRE_DOCS_PACKAGE"].startswith("sre-docs @ git+")
    assert script[-1] == "sre-docs lint"  # its exit status is the job's
    assert job["artifacts"]["when"] == "always"
    assert "sre-docs.sarif" in job["artifacts"]["paths"]
    assert any("sre-docs.sarif" in line and "--format sarif" in line for line in script)


@pytest.mark.parametrize("broken", [False, True], ids=["clean", "broken"])
def test_gitlab_job_script(tmp_path: Path, broken: bool) -> None:
    """Run the script as the job's shell would, without the install line."""
    root = make_repository(tmp_path / "handbook")
    if broken:
        (root / PM).write_text(ORPHAN, encoding="utf-8")
    script = _load(GITLAB)["handbook-lint"]["script"][1:]
    statuses = [
        subprocess.run(
            ["sh", "-c", line],
            cwd=root,
            env={"PATH": tool_path()},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        ).returncode
        for line in script
    ]
    assert statuses == [0] * (len(script) - 1) + [1 if broken else 0]
    results = json.loads((root / "sre-docs.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert len(results["results"]) == (1 if broken else 0)


def test_guide_includes_the_examples() -> None:
    guide = (REPO / "content" / "guide" / "ci.md").read_text(encoding="utf-8")
    for example in (GITHUB, GITLAB):
        # Snippets come from the examples folder only (`base_path` in mkdocs.yml).
        assert f'--8<-- "{example.name}"' in guide
