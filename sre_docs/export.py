"""`sre-docs export` and `sre-docs build-pages`: the aggregated data as JSON or as markdown.

Both take their records from the same pipeline as `sre-docs lint` and the MkDocs plugin
(`linter.load_handbook`), and the same aggregate as the plugin."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sre_docs.config import Config, load_config
from sre_docs.errors import UserError
from sre_docs.files import write_atomic

if TYPE_CHECKING:
    from sre_docs.linter import Loaded


def load(args: argparse.Namespace, jobs: int | None = None) -> tuple[Config, dt.date, Loaded]:
    """Configuration, today, and the records of the handbook the command line points at
    (`jobs=1`: in this process only, for callers inside a generator's threaded process)."""
    from sre_docs.linter import load_handbook
    from sre_docs.tree import today_from_environment, walk

    config = load_config(args.config, cwd=Path.cwd())
    today = today_from_environment(config, args.today)
    tree = walk(config, stats=config.cache)
    return config, today, load_handbook(config, tree, use_cache=config.cache, full=True, jobs=jobs)


def load_aggregate(
    args: argparse.Namespace, jobs: int | None = None
) -> tuple[Config, dict[str, Any]]:
    """Configuration and aggregated data of the handbook the command line points at."""
    from sre_docs.aggregate import aggregate

    config, today, loaded = load(args, jobs)
    data = aggregate(loaded.full_handbook(), config, today)
    for warning in (data["prometheus"] or {}).get("warnings", ()):
        print(f"sre-docs: warning: {warning}", file=sys.stderr)
    return config, data


def command_export(args: argparse.Namespace) -> int:
    _, data = load_aggregate(args)
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_atomic(args.out, text, named_output=True)
        print(args.out)
    return 0


def command_build_pages(args: argparse.Namespace) -> int:
    from sre_docs.site.pages import render_pages

    config, data = load_aggregate(args)
    docs = config.docs_dir.resolve()
    out = docs if args.out is None else (Path.cwd() / args.out).resolve()
    if out == docs:
        from sre_docs.site.written import write_pages_into_docs

        return write_pages_into_docs(config, data)
    if docs in out.parents:
        raise UserError(
            f"{args.out}: inside the docs folder; write into the docs folder itself "
            f"(no --out) or choose a folder outside {docs}"
        )
    pages = render_pages(data, config)
    for rel, markdown in sorted(pages.items()):
        write_atomic(out / rel, markdown)
    print(f"{len(pages)} pages written to {args.out}")
    return 0
