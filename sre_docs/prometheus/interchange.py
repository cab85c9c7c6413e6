"""`sre-docs import sloth|openslo|pyrra FILE`: SLO documents from other tools' specs.

Drafts from `sloth.py` and `openslo.py` become front matter checked against the slo schema and
are written like `sre-docs new` writes: into the slo folder, never over an existing file."""

from __future__ import annotations

import argparse
import posixpath
import sys
from pathlib import Path
from typing import Any

from sre_docs.calc import slo as slo_math
from sre_docs.config import Config, load_config
from sre_docs.errors import UserError
from sre_docs.handbook import Handbook


def read_documents(path: Path) -> list[Any]:
    """Every YAML document of a spec file; one-line errors with the file and line."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(
            f"{path}: cannot read: {getattr(error, 'strerror', None) or error}"
        ) from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return [document for document in yaml.load_all(text, Loader=loader) if document is not None]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise UserError(
            f"{path}{where}: not valid YAML: {getattr(error, 'problem', error)}"
        ) from None


def drafts_from(kind: str, path: Path, window: str) -> tuple[list[dict[str, Any]], list[str]]:
    documents = read_documents(path)
    if kind == "sloth":
        from sre_docs.prometheus.sloth import sloth_drafts

        return sloth_drafts(documents, window)
    if kind == "pyrra":
        from sre_docs.prometheus.sloth import pyrra_drafts

        return pyrra_drafts(documents)
    from sre_docs.prometheus.openslo import openslo_drafts

    return openslo_drafts(documents)


def _runbook_link(
    alert: dict[str, Any], handbook: Handbook, config: Config, document_rel: str
) -> str | None:
    """A relative link to the handbook's runbook the spec names (by path, or by its published
    URL), else the URL as the spec gives it."""
    from sre_docs.rules.runbook import runbook_target

    target = alert.get("_runbook_rel")
    url = alert.get("_runbook_url")
    if not (isinstance(target, str) and handbook.doc_types.get(target) == "runbook") and url:
        resolved, kind = runbook_target(
            handbook, document_rel, str(url), config.site_url, config.suffixes
        )
        target = resolved if kind == "site" else None
    if isinstance(target, str) and handbook.doc_types.get(target) == "runbook":
        return posixpath.relpath(target, posixpath.dirname(document_rel) or ".")
    return str(url) if url else None


def document_text(draft: dict[str, Any], alerts: list[dict[str, Any]], source: str) -> str:
    import yaml

    from sre_docs.scaffold import OWNER_PLACEHOLDER, _Dumper, _tidy

    meta: dict[str, Any] = {"type": "slo", "id": draft["id"], "title": draft["title"]}
    meta["service"] = draft["service"]
    meta["owner"] = draft.get("owner") or OWNER_PLACEHOLDER
    meta["sli"] = draft["sli"]
    meta["target"] = _tidy(draft["target"])
    meta["window"] = draft["window"]
    budget = slo_math.error_budget_pct(draft["target"])
    minutes = slo_math.budget_minutes(draft["target"], draft["window"])
    if budget is not None and minutes is not None and 0 < draft["target"] < 100:
        meta["error_budget"] = _tidy(budget)
        meta["error_budget_minutes"] = _tidy(minutes)
    if alerts:
        meta["burn_rate_alerts"] = alerts

    class Dumper(_Dumper):
        """Multi-line PromQL as a block, the way SLO documents are written by hand."""

    Dumper.add_representer(
        str,
        lambda dumper, value: dumper.represent_scalar(
            "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
        ),
    )
    front = yaml.dump(meta, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1000)
    description = draft.get("_description") or f"Imported from {source}."
    return (
        f"---\n{front}---\n# {draft['title']}\n\n## What we measure\n\n{description}\n\n"
        f"<!-- Imported from {source} by `sre-docs import`. -->\n"
    )


def _validate(text: str, shown: str) -> None:
    from sre_docs.loader import parse_yaml, split_front_matter
    from sre_docs.schemas import schema_message, validator

    front, first_line, _, _, _ = split_front_matter(text)
    parsed = parse_yaml(front or "", first_line)
    errors = list(validator("slo").iter_errors(parsed.data))
    if errors:
        _, message = schema_message(errors[0])
        raise UserError(f"{shown}: the imported SLO is not valid: {message}")


def command_import(args: argparse.Namespace) -> int:
    from sre_docs.prometheus.model import load_handbook
    from sre_docs.scaffold import FileExists, _shown, _tidy, slugify, target_folder, write_new
    from sre_docs.tree import today_from_environment

    config = load_config(args.config, cwd=Path.cwd())
    if slo_math.parse_window(args.window) is None:
        raise UserError(f"--window {args.window}: not a window such as 30d or 4w")
    drafts, notes = drafts_from(args.format, args.file, args.window)
    for note in notes:
        print(f"sre-docs: note: {args.file}: {note}", file=sys.stderr)
    if not drafts:
        others = ", ".join(name for name in ("sloth", "openslo", "pyrra") if name != args.format)
        raise UserError(f"{args.file}: no {args.format} SLO found (another format: {others}?)")
    handbook = load_handbook(config, today_from_environment(config, args.today))
    folder = target_folder(config, "slo", args.dir)
    docs = config.docs_dir.resolve()
    failed = 0
    for draft in drafts:
        # The file name it had in a handbook (an annotation of our OpenSLO), else the title's.
        stem = Path(str(draft.get("_file") or "")).stem
        slug = slugify(stem or draft["title"])
        rel = (folder / f"{slug}.md").relative_to(docs).as_posix()
        alerts = []
        for alert in draft["burn_rate_alerts"]:
            entry = {key: value for key, value in alert.items() if not key.startswith("_")}
            entry["burn_rate"] = _tidy(entry["burn_rate"])
            link = _runbook_link(alert, handbook, config, rel)
            if link:
                entry["runbook"] = link
            alerts.append(entry)
        text = document_text(draft, alerts, args.file.name)
        _validate(text, f"{args.file} ({draft['id']})")
        if args.stdout:
            sys.stdout.write(text)
            continue
        try:
            print(_shown(write_new(folder, slug, text)))
        except FileExists:
            print(
                f"sre-docs: error: {_shown(folder / (slug + '.md'))}: already exists; not "
                "overwritten (move it, or import into another folder with --dir)",
                file=sys.stderr,
            )
            failed += 1
    return 1 if failed else 0
