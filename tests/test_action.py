"""The GitHub Action at the repository root: a composite action that installs sre-docs from its
own checkout, lints with annotations and uploads SARIF; its shell steps run on a handbook."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO
from tests.git_handbook import ORPHAN, make_repository, tool_path

ACTION = REPO / "action.yml"
EXAMPLE = REPO / "content" / "guide" / "examples" / "github-action.yml"
PM = "docs/postmortems/pm-1.md"


def _action() -> dict[str, Any]:
    data = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps() -> list[dict[str, Any]]:
    return _action()["runs"]["steps"]


def test_shape() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {
        "args",
        "paths",
        "python-version",
        "sarif-file",
        "upload-sarif",
        "category",
    }
    uses = [step.get("uses", "") for step in _steps()]
    runs = [step.get("run", "") for step in _steps()]
    assert uses[0].startswith("actions/setup-python@")
    assert '"$GITHUB_ACTION_PATH"' in runs[1]  # sre-docs from the action's own checkout
    assert "--format github" in runs[2] and "--format sarif" in runs[3]
    upload = _steps()[4]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    for step in _steps()[3:]:
        assert step["if"].startswith("always()")  # SARIF even when the lint step failed
    for step in _steps():
        assert "shell" in step or "uses" in step
        assert "${{" not in step.get("run", "")  # inputs reach scripts as variables only


def _run_step(step: dict[str, Any], cwd: Path, inputs: dict[str, str]) -> int:
    env = {"PATH": tool_path(), "HOME": str(cwd)}
    for name, value in step.get("env", {}).items():
        match = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", value)
        assert match, value
        env[name] = inputs[match.group(1)]
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    ).returncode


def _inputs(**overrides: str) -> dict[str, str]:
    values = {name: str(spec.get("default", "")) for name, spec in _action()["inputs"].items()}
    values.update(overrides)
    return values


def test_lint_steps_on_a_broken_and_a_clean_handbook(tmp_path: Path) -> None:
    lint, sarif = _steps()[2], _steps()[3]
    broken = make_repository(tmp_path / "broken")
    (broken / PM).write_text(ORPHAN, encoding="utf-8")
    assert _run_step(lint, broken, _inputs()) == 1  # an error fails the step
    assert _run_step(sarif, broken, _inputs()) == 0  # the report is still written
    report = json.loads((broken / "sre-docs.sarif").read_text(encoding="utf-8"))
    assert [result["ruleId"] for result in report["runs"][0]["results"]] == ["orphan-action-item"]
    clean = make_repository(tmp_path / "clean")
    assert _run_step(lint, clean, _inputs(args="--strict")) == 0
    assert _run_step(sarif, clean, _inputs(**{"sarif-file": "out/x.sarif"})) == 0
    assert json.loads((clean / "out" / "x.sarif").read_text())["runs"][0]["results"] == []


def test_install_step_installs_from_the_action_path(tmp_path: Path) -> None:
    """What `pip install "$GITHUB_ACTION_PATH"` installs: this checkout, as a wheel would."""
    install = _steps()[1]["run"]
    assert install.startswith("python -m pip install")
    result = subprocess.run(
        ["bash", "-c", install.replace("pip install", "pip wheel --no-deps -w wheels")],
        cwd=tmp_path,
        env={**os.environ, "GITHUB_ACTION_PATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert [path.name.split("-")[0] for path in (tmp_path / "wheels").iterdir()] == ["sre_docs"]


def test_guide_shows_the_action() -> None:
    guide = (REPO / "content" / "guide" / "ci.md").read_text(encoding="utf-8")
    assert f'--8<-- "{EXAMPLE.name}"' in guide  # snippets come from the examples folder
    example = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    steps = example["jobs"]["lint"]["steps"]
    assert steps[1]["uses"].endswith("/sre-docs@v0.1.0")
    assert example["permissions"]["security-events"] == "write"
    assert set(steps[1].get("with", {})) <= set(_action()["inputs"])
