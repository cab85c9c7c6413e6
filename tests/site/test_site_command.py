"""`sre-docs site`: which generator and which configuration file it picks, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sre_docs.cli import main
from sre_docs.errors import UserError
from sre_docs.site.generators import choose_generator


def _files(root: Path, *names: str) -> Path:
    for name in names:
        (root / name).write_text("site_name: T\n" if name.endswith("yml") else "", "utf-8")
    return root


def test_zensical_toml_alone_means_zensical(tmp_path: Path) -> None:
    generator = choose_generator(None, None, _files(tmp_path, "zensical.toml"))
    assert (generator.name, generator.config_file.name) == ("zensical", "zensical.toml")


def test_mkdocs_yml_means_the_first_generator_installed(tmp_path: Path) -> None:
    generator = choose_generator(None, None, _files(tmp_path, "mkdocs.yml", "zensical.toml"))
    assert (generator.name, generator.config_file.name) == ("mkdocs", "mkdocs.yml")


def test_zensical_prefers_its_own_file_and_reads_mkdocs_yml_without_it(tmp_path: Path) -> None:
    both = _files(tmp_path, "mkdocs.yml", "zensical.toml")
    assert choose_generator("zensical", None, both).config_file.name == "zensical.toml"
    (tmp_path / "zensical.toml").unlink()
    assert choose_generator("zensical", None, tmp_path).config_file.name == "mkdocs.yml"


def test_mkdocs_cannot_read_zensical_toml(tmp_path: Path) -> None:
    _files(tmp_path, "zensical.toml")
    with pytest.raises(UserError, match=r"no mkdocs\.yml"):
        choose_generator("properdocs", None, tmp_path)
    with pytest.raises(UserError, match=r"reads mkdocs\.yml, not zensical\.toml"):
        choose_generator("mkdocs", Path("zensical.toml"), tmp_path)


def test_commands_of_each_generator(tmp_path: Path) -> None:
    _files(tmp_path, "mkdocs.yml")
    zensical = choose_generator("zensical", None, tmp_path)
    build = zensical.command("build", strict=True, dev_addr="127.0.0.1:1")
    assert build[-4:] == ["-f", str(tmp_path / "mkdocs.yml"), "--strict", "--clean"]
    serve = choose_generator("mkdocs", None, tmp_path).command("serve", dev_addr="127.0.0.1:1")
    assert serve[-2:] == ["--dev-addr", "127.0.0.1:1"] and "--clean" not in serve


def test_no_configuration_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["site", "build", "--with", "zensical"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("sre-docs: error: no zensical.toml or mkdocs.yml") and "\n" not in err


def test_the_plugin_runs_where_mkdocs_yml_lists_it(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\nplugins:\n  - search\n  - sre-docs\n", encoding="utf-8")
    assert choose_generator("mkdocs", None, tmp_path).runs_plugin
    assert choose_generator("properdocs", None, tmp_path).runs_plugin
    assert not choose_generator("zensical", None, tmp_path).runs_plugin
    config.write_text("site_name: T\nplugins:\n  - search\n", encoding="utf-8")
    assert not choose_generator("mkdocs", None, tmp_path).runs_plugin


def test_what_a_zensical_configuration_lacks_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sre_docs.site.generators import _check_zensical_config
    from tests.conftest import REPO

    _check_zensical_config(choose_generator("zensical", None, REPO))
    assert capsys.readouterr().err == ""  # the demo's zensical.toml
    (tmp_path / "zensical.toml").write_text(
        '[project]\nsite_name = "T"\n[project.extra.sre_docs]\ntoday = "2026-11-24"\n', "utf-8"
    )
    _check_zensical_config(choose_generator(None, None, tmp_path))
    err = capsys.readouterr().err
    assert "add `sre_docs` to markdown_extensions" in err and "add `awesome-nav`" in err
    (tmp_path / "zensical.toml").unlink()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nmarkdown_extensions:\n  - sre_docs\nplugins:\n  - awesome-nav\n", "utf-8"
    )
    _check_zensical_config(choose_generator("zensical", None, tmp_path))
    assert capsys.readouterr().err == ""
