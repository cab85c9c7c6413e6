"""One report per broken link in a build: sre-docs' `broken-link`, never also MkDocs' own
`validation.links.not_found` warning, and one way to suppress it."""

from __future__ import annotations

from pathlib import Path

from tests.site.helpers import MKDOCS_YML, mkdocs, write_handbook

PAGE = "# Notes\n\nSee [the old page](gone.md).\n"


def _reports(output: str) -> tuple[int, int]:
    ours = sum("[broken-link]" in line and "gone.md" in line for line in output.splitlines())
    theirs = sum("contains a link 'gone.md'" in line for line in output.splitlines())
    return ours, theirs


def test_a_broken_link_is_reported_once_and_one_comment_silences_it(tmp_path: Path) -> None:
    root = write_handbook(_folder(tmp_path / "a"), {"index.md": "# Home\n", "notes.md": PAGE})
    build = mkdocs(root, "build", "--strict")
    assert build.returncode == 1
    assert _reports(build.stderr) == (1, 0), build.stderr
    suppressed = "<!-- sre-docs-disable-next-line broken-link -->\n"
    (root / "docs" / "notes.md").write_text(PAGE.replace("See", suppressed + "See"))
    quiet = mkdocs(root, "build", "--strict")
    assert quiet.returncode == 0, quiet.stderr
    assert _reports(quiet.stderr) == (0, 0)


def test_mkdocs_keeps_the_check_when_broken_link_is_off_or_its_level_is_set(
    tmp_path: Path,
) -> None:
    off = write_handbook(_folder(tmp_path / "off"), {"index.md": "# Home\n", "notes.md": PAGE})
    (off / "mkdocs.yml").write_text(MKDOCS_YML + "      ignore: [broken-link]\n")
    assert _reports(mkdocs(off, "build").stderr) == (0, 1)
    both = write_handbook(_folder(tmp_path / "both"), {"index.md": "# Home\n", "notes.md": PAGE})
    (both / "mkdocs.yml").write_text(MKDOCS_YML + "validation:\n  links:\n    not_found: warn\n")
    assert _reports(mkdocs(both, "build").stderr) == (1, 1)


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path
