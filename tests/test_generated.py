"""`sre-docs build-pages` into the docs folder: marked, ignored by git and by lint, and never
writing over, or removing, a file it did not write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sre_docs.cli import main
from sre_docs.config import load_config
from sre_docs.generated import MARKER_NAME, generated_files
from tests.conftest import REPO, TODAY
from tests.site.helpers import write_handbook
from tests.site.test_extension import SLO


@pytest.fixture
def handbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_handbook(
        tmp_path,
        {"index.md": "# Home\n", "slos/index.md": "# SLOs\n", "slos/checkout.md": SLO},
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _build(*args: str) -> int:
    return main(["build-pages", "--today", TODAY, *args])


def test_pages_written_into_the_docs_folder_marked(handbook: Path) -> None:
    assert _build() == 0
    docs = handbook / "docs"
    folder = docs / "reliability"
    assert (folder / "slos.md").is_file() and (folder / "services" / "checkout-api.md").is_file()
    marker = json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))
    assert "reliability/slos.md" in marker["files"] and ".nav.yml" in marker["files"]
    ignored = (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/slos.md", "/services/checkout-api.md", f"/{MARKER_NAME}", "/.gitignore"} <= set(
        ignored
    )
    root_nav = (docs / ".nav.yml").read_text(encoding="utf-8")
    assert root_nav.index('"index.md"') < root_nav.index('"reliability"')
    assert '"SLOs": "slos"' in root_nav
    nav = (folder / ".nav.yml").read_text(encoding="utf-8")
    assert nav.index('"index.md"') < nav.index('"slos.md"') < nav.index('"services"')
    config = load_config(cwd=handbook)
    assert "reliability/slos.md" in generated_files(config)


def test_lint_skips_the_generated_pages_and_lints_them_once_edited(
    handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build() == 0
    capsys.readouterr()
    assert main(["lint", "--today", TODAY, "--format", "json", "-q", "--no-cache"]) == 0
    linted = json.loads(capsys.readouterr().out)
    assert linted == []
    page = handbook / "docs" / "reliability" / "slos.md"
    page.write_text("# Mine\n\n[broken](../nowhere.md)\n", encoding="utf-8")
    assert main(["lint", "--today", TODAY, "--format", "json", "-q", "--no-cache"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [finding["path"] for finding in findings] == ["docs/reliability/slos.md"]


def test_files_of_the_handbook_are_never_written_over_or_removed(
    handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = handbook / "docs"
    mine = docs / "reliability" / "scorecard.md"
    mine.parent.mkdir()
    mine.write_text("# My scorecard\n", encoding="utf-8")
    (docs / ".nav.yml").write_text("nav:\n  - index.md\n", encoding="utf-8")
    assert _build() == 0
    assert mine.read_text(encoding="utf-8") == "# My scorecard\n"
    assert (docs / ".nav.yml").read_text(encoding="utf-8") == "nav:\n  - index.md\n"
    err = capsys.readouterr().err
    assert "reliability/scorecard.md: kept" in err and ".nav.yml: kept" in err
    # An edited page is the user's now: kept on the next run, not removed when it goes stale.
    slos = docs / "reliability" / "slos.md"
    slos.write_text("# Edited\n", encoding="utf-8")
    (docs / "slos" / "checkout.md").unlink()
    assert _build() == 0
    assert slos.read_text(encoding="utf-8") == "# Edited\n"
    assert not (docs / "reliability" / "services" / "checkout-api.md").exists()  # stale, removed
    # No service left, so no scorecard is generated: the handbook's own page stays all the same.
    assert mine.read_text(encoding="utf-8") == "# My scorecard\n"


def test_a_page_is_removed_once_its_last_document_is_gone(
    handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An index page is built only when the handbook has something for it: the SLO page goes
    with the last SLO, and out of the navigation; pages for types the handbook never had are
    never written, and a page of the handbook's own at such a path is not touched."""
    docs = handbook / "docs"
    folder = docs / "reliability"
    folder.mkdir()
    (folder / "chaos.md").write_text("# Our game days\n", encoding="utf-8")
    assert _build() == 0
    written = {path.name for path in folder.glob("*.md")}
    assert written == {"index.md", "slos.md", "scorecard.md", "chaos.md"}
    assert '"slos.md"' in (folder / ".nav.yml").read_text(encoding="utf-8")
    (docs / "slos" / "checkout.md").unlink()
    assert _build() == 0
    assert {path.name for path in folder.glob("*.md")} == {"index.md", "chaos.md"}
    assert (folder / "chaos.md").read_text(encoding="utf-8") == "# Our game days\n"
    assert not (folder / "services").exists() or not any((folder / "services").iterdir())
    nav = (folder / ".nav.yml").read_text(encoding="utf-8")
    assert '"slos.md"' not in nav and '"scorecard.md"' not in nav and '"index.md"' in nav
    marker = json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))
    assert "reliability/slos.md" not in marker["files"]
    assert "/slos.md" not in (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    overview = (folder / "index.md").read_text(encoding="utf-8")
    assert "**0** SLOs:" in overview and "slos.md" not in overview
    # The first SLO again: the page is back.
    (docs / "slos" / "checkout.md").write_text(SLO, encoding="utf-8")
    assert _build() == 0
    assert (folder / "slos.md").is_file()
    assert "reliability/slos.md" in generated_files(load_config(cwd=handbook))


def test_second_run_writes_nothing(handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _build() == 0
    page = handbook / "docs" / "reliability" / "index.md"
    before = page.stat().st_mtime_ns
    capsys.readouterr()
    assert _build() == 0
    assert "(0 files written, 0 kept)" in capsys.readouterr().out
    assert page.stat().st_mtime_ns == before


def test_a_linked_index_folder_is_not_written_through(handbook: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (handbook / "docs" / "reliability").symlink_to(elsewhere, target_is_directory=True)
    assert _build() == 2
    assert not any(elsewhere.iterdir())


def test_a_forged_marker_hides_no_document(handbook: Path) -> None:
    from sre_docs.generated import digest

    folder = handbook / "docs" / "reliability"
    folder.mkdir()
    right = digest((handbook / "docs" / "slos" / "checkout.md").read_bytes())
    marker = {"format": 1, "files": {"slos/checkout.md": right, "../x.md": "0" * 32}}
    (folder / MARKER_NAME).write_text(json.dumps(marker), encoding="utf-8")
    assert generated_files(load_config(cwd=handbook)) == frozenset()


@pytest.mark.parametrize("nested", ["[" * 100_000 + "]" * 100_000, '{"files":' * 50_000 + "1"])
def test_a_marker_nested_past_the_decoder_is_no_marker(
    handbook: Path, capsys: pytest.CaptureFixture[str], nested: str
) -> None:
    """A committed marker nested deeper than the JSON decoder goes is no marker: lint and
    build-pages run as without one (it was an internal error of every run)."""
    folder = handbook / "docs" / "reliability"
    folder.mkdir()
    (folder / MARKER_NAME).write_text(nested, encoding="utf-8")
    assert main(["lint", "--today", TODAY, "-q", "--no-cache", "docs/slos"]) == 0
    assert _build() == 0
    assert "internal error" not in capsys.readouterr().err
    assert "reliability/slos.md" in generated_files(load_config(cwd=handbook))


def test_a_stale_page_another_run_removed_first(
    handbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two build-pages runs at once both find a page that is no longer generated, and both
    remove it: the second finds it gone (that was an internal error)."""
    from sre_docs import generated

    assert _build() == 0
    (handbook / "docs" / "slos" / "checkout.md").unlink()
    stale = handbook / "docs" / "reliability" / "services" / "checkout-api.md"
    assert stale.is_file()
    unchanged = generated.unchanged

    def removed_meanwhile(config, rel, recorded):  # type: ignore[no-untyped-def]
        same = unchanged(config, rel, recorded)
        if same and rel == "reliability/services/checkout-api.md":
            stale.unlink()  # what the other run does between the look and the removal
        return same

    write_into_docs = generated.write_into_docs

    def writing(*args, **kwargs):  # type: ignore[no-untyped-def]
        with monkeypatch.context() as patch:
            patch.setattr(generated, "unchanged", removed_meanwhile)
            return write_into_docs(*args, **kwargs)

    monkeypatch.setattr(generated, "write_into_docs", writing)
    assert _build() == 0
    assert not stale.exists()


def test_a_forged_marker_makes_build_pages_remove_nothing_it_did_not_write(handbook: Path) -> None:
    """A committed marker naming a document (directly, or through a linked folder inside the
    index folder) with its right digest: the document is still there after build-pages."""
    from sre_docs.generated import digest

    docs = handbook / "docs"
    folder = docs / "reliability"
    folder.mkdir()
    (folder / "linked").symlink_to(docs / "slos", target_is_directory=True)
    slo = docs / "slos" / "checkout.md"
    home = docs / "index.md"
    right = digest(slo.read_bytes())
    files = {
        "slos/checkout.md": right,
        "index.md": digest(home.read_bytes()),
        "reliability/linked/checkout.md": right,
    }
    (folder / MARKER_NAME).write_text(json.dumps({"format": 1, "files": files}), encoding="utf-8")
    (folder / "services").symlink_to(docs / "slos", target_is_directory=True)
    assert _build() == 0
    assert slo.is_file() and home.is_file()
    assert sorted(path.name for path in (docs / "slos").iterdir()) == ["checkout.md", "index.md"]


def test_a_forged_marker_claims_no_file_that_build_pages_would_not_write(
    handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The handbook's own `.nav.yml` and a document in the index folder, named by a committed
    marker with their right digests: the first is not written over, the second is linted."""
    from sre_docs.generated import digest

    docs = handbook / "docs"
    folder = docs / "reliability"
    folder.mkdir()
    nav = docs / ".nav.yml"
    nav.write_text("nav:\n  - index.md\n", encoding="utf-8")
    hidden = folder / "notes.md"
    hidden.write_text("---\ntype: postmortem\ntitle: Hidden\n---\n# Hidden\n", encoding="utf-8")
    files = {
        ".nav.yml": digest(nav.read_bytes()),
        "reliability/notes.md": digest(hidden.read_bytes()),
    }
    (folder / MARKER_NAME).write_text(json.dumps({"format": 1, "files": files}), encoding="utf-8")
    assert generated_files(load_config(cwd=handbook)) == frozenset()
    assert main(["lint", "--today", TODAY, "--format", "json", "-q", "--no-cache"]) == 1
    assert "docs/reliability/notes.md" in capsys.readouterr().out
    assert _build() == 0
    assert nav.read_text(encoding="utf-8") == "nav:\n  - index.md\n"
    assert hidden.is_file()


def test_outside_the_docs_folder_unchanged(handbook: Path, tmp_path: Path) -> None:
    assert _build("--out", str(tmp_path / "out")) == 0
    assert (tmp_path / "out" / "reliability" / "slos.md").is_file()
    assert not (tmp_path / "out" / "reliability" / MARKER_NAME).exists()
    assert _build("--out", "docs/sub") == 2


def test_zensical_toml_options(tmp_path: Path) -> None:
    (tmp_path / "zensical.toml").write_text(
        '[project]\nsite_name = "T"\ndocs_dir = "handbook"\n\n'
        '[project.extra.sre_docs]\ntoday = "2026-11-24"\nstale_runbook_days = 90\n'
        'ignore = ["broken-link"]\n',
        encoding="utf-8",
    )
    config = load_config(cwd=tmp_path)
    assert config.docs_dir == (tmp_path / "handbook").resolve()
    assert (config.stale_runbook_days, config.ignore, str(config.today)) == (
        90,
        ("broken-link",),
        TODAY,
    )
    (tmp_path / "zensical.toml").write_text(
        "[project.extra.sre_docs]\nstale_runbooks = 1\n", encoding="utf-8"
    )
    with pytest.raises(Exception, match=r"project\.extra\.sre_docs\.stale_runbooks"):
        load_config(cwd=tmp_path)


def test_the_demo_configurations_agree() -> None:
    mkdocs = load_config(REPO / "mkdocs.yml", cwd=REPO)
    zensical = load_config(REPO / "zensical.toml", cwd=REPO)
    assert mkdocs._replace(source="") == zensical._replace(source="")
