"""`sre-docs new`: a document of any type from a template, written safely into the handbook.

Templates come from the handbook's own `templates/` folder first, then the built-in ones; the
front matter is filled and typed by the type's JSON Schema, and the file is never overwritten."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from sre_docs.config import DOC_TYPES, Config, load_config
from sre_docs.errors import UserError
from sre_docs.files import write_atomic
from sre_docs.loader import split_front_matter

DATED_TYPES = ("postmortem", "handoff")
SHORT_FORM = "postmortem-short"
TEMPLATE_NAMES = (*DOC_TYPES, SHORT_FORM)
_ID_PREFIX = {
    "postmortem": "PM",
    "runbook": "RB",
    "slo": "SLO",
    "handoff": "HO",
    "toil": "TOIL",
    "service": "SVC",
}


def builtin_templates() -> Path:
    """Templates shipped in the wheel, or the repository's `templates/` in a checkout."""
    packaged = Path(__file__).parent / "builtin_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def template_sources(config: Config) -> list[Path]:
    """Folders searched for templates, first match wins: the handbook's, then built-in."""
    folders = [config.docs_dir / config.templates_dir, config.root / config.templates_dir]
    folders.append(builtin_templates())
    unique: list[Path] = []
    for folder in folders:
        if folder.is_dir() and folder.resolve() not in [f.resolve() for f in unique]:
            unique.append(folder)
    return unique


def find_template(config: Config, name: str) -> Path:
    for folder in template_sources(config):
        candidate = folder / f"{name}.md"
        if candidate.is_file():
            return candidate
    raise UserError(
        f"no template for {name!r} (looked in {', '.join(map(str, template_sources(config)))})"
    )


def slugify(title: str) -> str:
    """A file-name slug: ASCII where the title transliterates, its own letters otherwise."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        slug = re.sub(r"[^\w]+", "-", title.lower(), flags=re.UNICODE).strip("-_")
    return slug[:80].strip("-") or "untitled"


def git_handle(cwd: Path) -> str | None:
    """`@name` from `git config user.email` (its local part) or `user.name`, if git knows."""
    for key in ("user.email", "user.name"):
        try:
            result = subprocess.run(
                ["git", "config", key], cwd=cwd, capture_output=True, text=True, timeout=5
            )
        except (OSError, subprocess.SubprocessError):
            return None
        value = result.stdout.strip()
        if result.returncode == 0 and value:
            local = value.split("@", 1)[0] if key == "user.email" else value
            handle = re.sub(r"[^\w.-]+", ".", local.lower()).strip(".")
            if handle:
                return "@" + handle
    return None


def _schema_for(doc_type: str) -> dict[str, Any]:
    from sre_docs.rules.front_matter import load_schema

    return load_schema(doc_type)


def _property_schema(schema: dict[str, Any], path: list[str]) -> dict[str, Any] | None:
    node: dict[str, Any] | None = schema
    for part in path:
        if node is None:
            return None
        properties = node.get("properties", {})
        node = properties.get(part)
    return node


def typed_value(schema: dict[str, Any] | None, key: str, raw: str) -> Any:
    """`--set` text as the type the schema wants: lists, integers, numbers, booleans."""
    kinds = schema.get("type") if schema else None
    kinds = kinds if isinstance(kinds, list) else [kinds]
    try:
        if "array" in kinds:
            return [item.strip() for item in raw.split(",") if item.strip()]
        if "integer" in kinds and re.fullmatch(r"[+-]?\d+", raw.strip()):
            return int(raw)
        if "number" in kinds and "string" not in kinds:
            return float(raw) if "." in raw or "e" in raw.lower() else int(raw)
        if "boolean" in kinds:
            lowered = raw.strip().lower()
            if lowered in ("true", "yes", "1"):
                return True
            if lowered in ("false", "no", "0"):
                return False
            raise UserError(f"--set {key}={raw}: expected true or false")
    except ValueError:
        raise UserError(f"--set {key}={raw}: expected a number") from None
    return raw


def _assign(meta: dict[str, Any], schema: dict[str, Any], assignment: str) -> str:
    if "=" not in assignment:
        raise UserError(f"--set {assignment}: expected KEY=VALUE")
    key, raw = assignment.split("=", 1)
    key = key.strip()
    if not re.fullmatch(r"[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*", key):
        raise UserError(f"--set {assignment}: {key!r} is not a field name")
    path = key.split(".")
    value = typed_value(_property_schema(schema, path), key, raw)
    node = meta
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[path[-1]] = value
    return key


def _fill(value: Any, replacements: dict[str, str]) -> Any:
    if isinstance(value, str):
        for placeholder, text in replacements.items():
            value = value.replace(placeholder, text)
        return value
    if isinstance(value, dict):
        return {key: _fill(item, replacements) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, replacements) for item in value]
    return value


def render_document(
    config: Config,
    doc_type: str,
    title: str,
    today: dt.date,
    assignments: list[str],
    *,
    short: bool = False,
    owner: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """The new document's text and front matter; refuses values the schema refuses."""
    severity = next(
        (
            a.split("=", 1)[1].strip()
            for a in assignments
            if a.split("=", 1)[0].strip() == "severity"
        ),
        None,
    )
    name = doc_type
    if doc_type == "postmortem" and (short or severity in ("SEV3", "SEV4")):
        name = SHORT_FORM
    template = find_template(config, name)
    text = template.read_text(encoding="utf-8")
    front, _, body, _, problem = split_front_matter(text)
    if front is None or problem is not None:
        raise UserError(f"{template}: a template needs front matter between '---' lines")
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as error:
        raise UserError(f"{template}: invalid YAML in front matter: {error}") from None
    if not isinstance(meta, dict):
        raise UserError(f"{template}: front matter must be a mapping")
    slug = slugify(title)
    identifier = (
        f"{_ID_PREFIX[doc_type]}-{today.isoformat()}-{slug}"
        if doc_type in DATED_TYPES
        else f"{_ID_PREFIX[doc_type]}-{slug}"
    )
    replacements = {
        "{{ title }}": title,
        "{{ date }}": today.isoformat(),
        "{{ id }}": identifier,
        "{{ owner }}": owner or "@TODO",
        "{{ slug }}": slug,
    }
    meta = _fill(meta, replacements)
    meta["type"] = doc_type
    schema = _schema_for(doc_type)
    set_keys = [_assign(meta, schema, assignment) for assignment in assignments]
    _validate(doc_type, meta, set_keys)
    body = _fill(body, replacements)
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{dumped}---\n{body}", meta


def _validate(doc_type: str, meta: dict[str, Any], set_keys: list[str]) -> None:
    from sre_docs.rules.front_matter import _validator, schema_message

    errors = list(_validator(doc_type).iter_errors(meta))
    if not errors:
        return
    path, message = schema_message(errors[0])
    dotted = ".".join(str(part) for part in path)
    origin = next((key for key in set_keys if dotted.startswith(key)), None)
    prefix = f"--set {origin}: " if origin else "template: "
    raise UserError(prefix + message)


def target_folder(config: Config, doc_type: str, folder: Path | None) -> Path:
    """The folder to write into, inside the docs root; symbolic links are followed first."""
    docs = config.docs_dir.resolve()
    if folder is not None and folder.is_absolute():
        raise UserError(f"--dir {folder}: must be relative to the docs folder {docs}")
    relative = folder if folder is not None else Path(config.type_folder(doc_type))
    target = (docs / relative).resolve()
    if target != docs and docs not in target.parents:
        raise UserError(f"--dir {relative}: outside the docs folder {docs}; not written")
    return target


def command_new(args: argparse.Namespace) -> int:
    from sre_docs.linter import today_from_environment

    config = load_config(args.config, cwd=Path.cwd())
    if args.list:
        for name in TEMPLATE_NAMES:
            try:
                source = find_template(config, name)
            except UserError:
                source = None
            origin = "built-in" if source and source.parent == builtin_templates() else "handbook"
            shown = f"{source} ({origin})" if source else "(no template)"
            print(f"{name:<18} {shown}")
        return 0
    if args.type not in DOC_TYPES:
        raise UserError(f"unknown document type {args.type!r} (one of {', '.join(DOC_TYPES)})")
    if not args.title or not args.title.strip():
        raise UserError('a title is required: sre-docs new TYPE "Title"')
    title = " ".join(args.title.split())
    today = today_from_environment(config, args.today)
    text, _ = render_document(
        config,
        args.type,
        title,
        today,
        args.assignments,
        short=args.short,
        owner=git_handle(Path.cwd()),
    )
    if args.stdout:
        sys.stdout.write(text)
        return 0
    folder = target_folder(config, args.type, args.dir)
    stem = slugify(title)
    if args.type in DATED_TYPES:
        stem = f"{today.isoformat()}-{stem}"
    path = folder / f"{stem}.md"
    attempt = 1
    while True:
        try:
            write_atomic(path, text, exclusive=True)
            break
        except UserError:
            if not args.suffix or attempt >= 99:
                raise
            attempt += 1
            path = folder / f"{stem}-{attempt}.md"
    try:
        shown = path.relative_to(Path.cwd())
    except ValueError:
        shown = path
    print(shown)
    return 0
