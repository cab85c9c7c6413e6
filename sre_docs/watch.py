"""`sre-docs lint --watch`: lint, then lint again whenever the handbook changes.

File events come from watchdog, the file-watching library MkDocs itself uses for `mkdocs
serve` (inotify, FSEvents, kqueue or ReadDirectoryChangesW, polling elsewhere). Events are
gathered for a short quiet period, so an editor's save (a temporary file, a rename) gives one
run, not three; the cache folder and sre-docs' own temporary files are not changes."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

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


class Watched(NamedTuple):
    """What a watch looks at: folders seen whole, single files (the configuration, alert rule
    files at the top), and the cache folder, whose changes are the runs' own."""

    folders: list[Path]
    files: set[Path]
    cache: Path | None

    def covers(self, path: Path) -> bool:
        return path in self.files or any(
            folder == path or folder in path.parents for folder in self.folders
        )


def watched_paths(args: argparse.Namespace) -> Watched:
    from sre_docs.config import find_config_file, load_config

    cwd = Path.cwd()
    config = load_config(args.config, cwd=cwd)
    folders = {config.docs_dir}
    files: set[Path] = set()
    for path in alert_rule_watch_paths(config):
        (folders if path.is_dir() else files).add(path.resolve())
    config_file = args.config if args.config is not None else find_config_file(cwd)
    if config_file is not None:
        files.add((cwd / config_file).resolve())
    from sre_docs.cache import cache_folder
    from sre_docs.errors import UserError

    try:
        cache = cache_folder(config).resolve() if config.cache else None
    except UserError:
        cache = None  # no home folder: the runs go without the cache
    existing = sorted(folder for folder in folders if folder.is_dir())
    # A folder inside another watched one is seen through it.
    outer = [f for f in existing if not any(o != f and o in f.parents for o in existing)]
    return Watched(outer, files, cache)


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

    watched = watched_paths(args)
    cache = watched.cache
    output = Path.cwd() / args.output if args.output is not None else None
    output = output.resolve() if output is not None else None
    changed = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            paths = [event.src_path, getattr(event, "dest_path", "") or ""]
            for path in paths:
                if path and watched.covers(Path(os.fsdecode(path))):
                    if is_change(os.fsdecode(path), cache, output):
                        changed.set()

    observer: Any = Observer()
    for folder in watched.folders:
        observer.schedule(Handler(), str(folder), recursive=True)
    # Single files are seen through their folder, which is not watched below itself.
    for folder in sorted({file.parent for file in watched.files} - set(watched.folders)):
        if not watched.covers(folder) and folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=False)
    observer.start()
    try:
        while True:
            try:
                lint_once(args)
            except UserError as error:  # a broken configuration mid-edit: say so, keep watching
                print(f"sre-docs: error: {error}", file=sys.stderr)
            shown = ", ".join(_shown(folder) for folder in watched.folders)
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
