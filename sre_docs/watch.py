"""`sre-docs lint --watch`: lint, then lint again whenever the handbook changes.

File events come from watchdog, the file-watching library MkDocs itself uses for `mkdocs
serve` (inotify, FSEvents, kqueue or ReadDirectoryChangesW, polling elsewhere). Events are
gathered for a short quiet period, so an editor's save (a temporary file, a rename) gives one
run, not three; the cache folder and sre-docs' own temporary files are not changes."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sre_docs.config import Config

QUIET_SECONDS = 0.3


def alert_rule_watch_paths(config: Config) -> list[Path]:
    """What to watch for the `alert_rules` globs: the folder each pattern's fixed part names
    (so a new matching file is seen too), or, when that is the configuration's own folder
    (where the cache changes on every run), the matching files themselves."""
    import glob

    paths: set[Path] = set()
    for pattern in config.alert_rules:
        fixed = []
        for part in PurePosixPath(pattern).parts[:-1]:
            if glob.has_magic(part):
                break
            fixed.append(part)
        folder = config.root.joinpath(*fixed)
        if fixed and folder.is_dir():
            paths.add(folder)
            continue
        matches = glob.glob(str(config.root / pattern), recursive=True)
        paths.update(Path(match) for match in matches)
    return sorted(paths)


def watched_paths(args: argparse.Namespace) -> tuple[list[tuple[Path, bool]], Path | None]:
    """(folder, recursive) pairs to watch: the docs root, the alert rule files' folders, and
    the folders of the configuration file and of single alert rule files (not recursively);
    and the cache folder, whose changes are the runs' own."""
    from sre_docs.config import find_config_file, load_config

    cwd = Path.cwd()
    config = load_config(args.config, cwd=cwd)
    recursive = {config.docs_dir}
    flat: set[Path] = set()
    for path in alert_rule_watch_paths(config):
        (recursive if path.is_dir() else flat).add(path if path.is_dir() else path.parent)
    config_file = args.config if args.config is not None else find_config_file(cwd)
    if config_file is not None:
        flat.add((cwd / config_file).resolve().parent)
    cache = (config.root / config.cache_dir).resolve() if config.cache else None
    folders = sorted(folder for folder in recursive if folder.is_dir())
    # A folder inside another watched one is seen through it.
    outer = [f for f in folders if not any(o != f and o in f.parents for o in folders)]
    inside = [f for f in sorted(flat) if not any(o == f or o in f.parents for o in outer)]
    return [(folder, True) for folder in outer] + [(folder, False) for folder in inside], cache


def is_change(path: str, cache: Path | None, output: Path | None = None) -> bool:
    """False for what a run writes itself (the cache, the `-o` report, atomic writes'
    temporary files) and for version-control internals; True for anything else."""
    candidate = Path(path)
    if output is not None and candidate == output:
        return False
    name = candidate.name
    if name.startswith(".") and name.endswith(".tmp"):
        return False  # `files.write_atomic`'s temporary file
    if any(part in (".git", ".hg", ".svn", "__pycache__") for part in candidate.parts):
        return False
    return not (cache is not None and (candidate == cache or cache in candidate.parents))


def watch_and_lint(args: argparse.Namespace, lint_once: Callable[[argparse.Namespace], int]) -> int:
    """Run `lint_once`, then again after every change, until interrupted (Ctrl-C: exit 0)."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    from sre_docs.errors import UserError

    folders, cache = watched_paths(args)
    output = Path.cwd() / args.output if args.output is not None else None
    output = output.resolve() if output is not None else None
    changed = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            paths = [event.src_path, getattr(event, "dest_path", "") or ""]
            if any(path and is_change(str(path), cache, output) for path in paths):
                changed.set()

    observer: Any = Observer()
    for folder, recursive in folders:
        observer.schedule(Handler(), str(folder), recursive=recursive)
    observer.start()
    try:
        while True:
            try:
                lint_once(args)
            except UserError as error:  # a broken configuration mid-edit: say so, keep watching
                print(f"sre-docs: error: {error}", file=sys.stderr)
            shown = ", ".join(_shown(folder) for folder, _ in folders)
            print(f"Watching {shown} for changes (Ctrl-C to stop).", file=sys.stderr, flush=True)
            sys.stdout.flush()
            changed.wait()
            # Let a burst of events (an editor's save) settle into one run.
            while changed.is_set():
                changed.clear()
                changed.wait(QUIET_SECONDS)
            print("", file=sys.stderr)
    except KeyboardInterrupt:
        return 0
    finally:
        observer.stop()
        observer.join(timeout=5)


def _shown(folder: Path) -> str:
    try:
        relative = folder.relative_to(Path.cwd())
    except ValueError:
        return str(folder)
    return f"{relative.as_posix()}/" if str(relative) != "." else "./"
