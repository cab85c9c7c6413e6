"""`sre-docs site build|serve` and `build-pages` into the docs folder: one command per generator.

MkDocs and ProperDocs run the `sre-docs` plugin, which lints and adds the pages itself.
Zensical runs no plugins: the handbook is linted here, the generated pages and navigation files
are written into the docs folder (marked, see `sre_docs.generated`), and Zensical's Markdown
extension `sre_docs` adds the summary boxes."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sre_docs.config import Config, load_config, plugin_options
from sre_docs.errors import UserError

GENERATORS = ("mkdocs", "properdocs", "zensical")
MKDOCS_CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
POLL_SECONDS = 1.0


class Generator:
    """One site generator: its name, its configuration file, and how to run it."""

    def __init__(self, name: str, config_file: Path) -> None:
        self.name = name
        self.config_file = config_file
        self.executable = _executable(name)

    @property
    def runs_plugin(self) -> bool:
        """MkDocs and ProperDocs with the `sre-docs` plugin in `mkdocs.yml`."""
        if self.name == "zensical" or self.config_file.suffix == ".toml":
            return False
        from sre_docs.config import parse_yaml

        name = self.config_file.name
        try:
            data = parse_yaml(self.config_file.read_bytes(), name)
        except OSError as error:
            raise UserError(f"{name}: cannot read configuration: {error}") from None
        return isinstance(data, dict) and plugin_options(data, self.config_file.name) is not None

    def command(
        self, action: str, *, strict: bool = False, dev_addr: str | None = None
    ) -> list[str]:
        if self.executable is None:
            raise UserError(f"{self.name} is not installed (pip install {_package(self.name)})")
        command = [*self.executable, action, "-f", str(self.config_file)]
        if strict and action == "build":
            command.append("--strict")
        if self.name == "zensical" and action == "build":
            # Zensical keeps each page's HTML while the page's own text is the same; a summary
            # box shows other documents too (the runbooks that answer an alert).
            command.append("--clean")
        if dev_addr and action == "serve":
            command += ["--dev-addr", dev_addr]
        return command


def _package(name: str) -> str:
    return "'sre-docs[mkdocs]'" if name == "mkdocs" else name


def _executable(name: str) -> list[str] | None:
    """The generator installed next to sre-docs (so that it finds the plugin and extension)."""
    import importlib.util

    if importlib.util.find_spec(name) is None:
        return None
    return [sys.executable, "-m", name]


def choose_generator(wanted: str | None, config_file: Path | None, cwd: Path) -> Generator:
    """`--with NAME`, else the generator of the configuration file found (`zensical.toml`:
    Zensical; `mkdocs.yml`: MkDocs, else ProperDocs, else Zensical, the first installed)."""
    if config_file is not None:
        config_file = (cwd / config_file).resolve()
        if not config_file.is_file():
            raise UserError(f"{config_file}: configuration file not found")
    found = {
        name: cwd / name
        for name in (*MKDOCS_CONFIG_NAMES, "zensical.toml")
        if (cwd / name).is_file()
    }
    if wanted is None:
        if config_file is not None and config_file.suffix == ".toml":
            wanted = "zensical"
        elif config_file is None and not any(name in found for name in MKDOCS_CONFIG_NAMES):
            wanted = "zensical" if "zensical.toml" in found else None
        if wanted is None:
            wanted = next((name for name in GENERATORS if _executable(name)), None)
            if wanted is None:
                raise UserError(
                    "no site generator installed: pip install 'sre-docs[mkdocs]', "
                    "properdocs or zensical"
                )
    if wanted == "zensical":
        names: tuple[str, ...] = ("zensical.toml", *MKDOCS_CONFIG_NAMES)  # Zensical's own order
    else:
        names = MKDOCS_CONFIG_NAMES
    if config_file is None:
        config_file = next((found[name] for name in names if name in found), None)
        if config_file is None:
            raise UserError(f"no {' or '.join(names)} in {cwd}")
    elif config_file.suffix == ".toml" and wanted != "zensical":
        raise UserError(f"{config_file.name}: {wanted} reads mkdocs.yml, not zensical.toml")
    return Generator(wanted, config_file)


def lint_for_site(config: Config, *, strict: bool) -> bool:
    """Lint the handbook, findings on stderr as the plugin logs them; False when `strict` and
    a finding fails the build (every one, or errors only with `fail_on: error`)."""
    from sre_docs.findings import ERROR
    from sre_docs.linter import lint_handbook
    from sre_docs.tree import today_from_environment

    result = lint_handbook(
        config, today=today_from_environment(config), use_cache=config.cache, cwd=config.root
    )
    failing = 0
    for finding in result.findings:
        fails = finding.severity == ERROR or config.fail_on == "warning"
        failing += fails
        level = "WARNING" if fails else "INFO"
        print(
            f"{level} -  sre-docs: {finding.path}:{finding.line}:{finding.column}: "
            f"{finding.code} [{finding.rule}] {finding.message}",
            file=sys.stderr,
        )
    if strict and failing:
        print(
            f"sre-docs: aborted with {failing} finding{'s' if failing != 1 else ''} in strict mode",
            file=sys.stderr,
        )
        return False
    return True


def generate(config_file: Path) -> tuple[Config, dict[str, str]]:
    """The generated pages written into the docs folder, from a fresh read of the handbook;
    with the summary box of each document, as the extension renders them."""
    from sre_docs.export import load_aggregate
    from sre_docs.site.pages import render_headers
    from sre_docs.site.written import write_pages_into_docs

    config, data = load_aggregate(argparse.Namespace(config=config_file, today=None))
    write_pages_into_docs(config, data, quiet=True)
    return config, render_headers(data, config)


def _check_zensical_config(generator: Generator) -> None:
    """Say what a Zensical configuration lacks for the handbook to look as under MkDocs."""
    from sre_docs.site.extension import NAMES

    path = generator.config_file
    try:
        raw = path.read_bytes()
        if path.suffix == ".toml":
            from sre_docs.config import parse_toml

            data = parse_toml(raw.decode("utf-8-sig"), path.name)
            data = data.get("project", data)
        else:
            from sre_docs.config import parse_yaml

            data = parse_yaml(raw, path.name)
    except (OSError, UnicodeDecodeError, ValueError, UserError):
        return  # Zensical reports its own configuration's errors
    if not isinstance(data, dict):
        return
    extensions, plugins = data.get("markdown_extensions") or [], data.get("plugins") or []
    if not any(name in _names(extensions) for name in NAMES):
        print(
            f"sre-docs: {path.name}: add `sre_docs` to markdown_extensions for the summary boxes "
            "and escaped titles",
            file=sys.stderr,
        )
    if "awesome-nav" not in _names(plugins):
        print(
            f"sre-docs: {path.name}: add `awesome-nav` to plugins for the navigation files "
            "(Zensical reads them itself; nothing to install)",
            file=sys.stderr,
        )


def _names(entries: Any) -> set[str]:
    """The names in a `markdown_extensions` or `plugins` list (YAML) or table (TOML)."""
    if isinstance(entries, dict):
        return {str(key) for key in entries}
    names: set[str] = set()
    if isinstance(entries, list):
        for entry in entries:
            if isinstance(entry, str):
                names.add(entry)
            elif isinstance(entry, dict):
                names.update(str(key) for key in entry)
    return names


def command_site(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    generator = choose_generator(args.generator, args.config, cwd)
    root = generator.config_file.parent
    if generator.runs_plugin:
        # The plugin lints and adds the pages in the generator's own process.
        command = generator.command(args.action, strict=args.strict, dev_addr=args.dev_addr)
        return _run(command, root)
    config = load_config(generator.config_file, cwd=root)
    if generator.name == "zensical":
        _check_zensical_config(generator)
    if not lint_for_site(config, strict=args.strict):
        return 1
    _, headers = generate(generator.config_file)
    command = generator.command(args.action, strict=args.strict, dev_addr=args.dev_addr)
    if args.action == "build":
        return _run(command, root)
    rebuild = generator.command("build") if generator.name == "zensical" else None
    return _Server(command, rebuild, root, generator.config_file).run(config, headers)


def _run(command: list[str], cwd: Path) -> int:
    try:
        return subprocess.run(command, cwd=cwd, check=False).returncode
    except OSError as error:
        raise UserError(f"{command[0]}: cannot run: {error}") from None


class _Server:
    """The generator's own server, with the pages generated again whenever a document changes
    (the generator then rebuilds the pages whose text changed).

    A summary box also shows other documents (the runbooks that answer an alert): when a box
    changes on a page whose own text did not, Zensical, which keeps such a page's HTML, is
    stopped, rebuilds with `rebuild` (a clean build) and serves again."""

    def __init__(self, command: list[str], rebuild: list[str] | None, cwd: Path, config_file: Path):
        self.command, self.rebuild, self.cwd, self.config_file = command, rebuild, cwd, config_file
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> subprocess.Popen[bytes]:
        try:
            self.process = subprocess.Popen(self.command, cwd=self.cwd)
        except OSError as error:
            raise UserError(f"{self.command[0]}: cannot run: {error}") from None
        return self.process

    def stop(self) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def run(self, config: Config, headers: dict[str, str]) -> int:
        from sre_docs.tree import walk

        def interrupt(signum: int, frame: object) -> None:
            raise KeyboardInterrupt  # and so the generator's server is stopped too

        signal.signal(signal.SIGTERM, interrupt)
        process = self.start()
        tree = walk(config, stats=True)
        try:
            while process.poll() is None:
                time.sleep(POLL_SECONDS)
                try:
                    current = walk(config, stats=True)
                    if current.snapshot() != tree.snapshot():
                        config = load_config(self.config_file, cwd=self.cwd)
                        lint_for_site(config, strict=False)
                        config, boxes = generate(self.config_file)
                        edited = {
                            rel
                            for rel in current.stats
                            if current.stats[rel] != tree.stats.get(rel)
                        }
                        stale = {
                            rel
                            for rel in boxes.keys() | headers.keys()
                            if boxes.get(rel) != headers.get(rel) and rel not in edited
                        }
                        headers = boxes
                        if stale and self.rebuild is not None:
                            self.stop()
                            _run(self.rebuild, self.cwd)
                            process = self.start()
                        # The pages just written are skipped by the walk: they change nothing.
                        current = walk(config, stats=True)
                except UserError as error:
                    print(f"sre-docs: error: {error}", file=sys.stderr)
                    current = tree
                tree = current
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
        return process.returncode if process.returncode and process.returncode > 0 else 0
