"""`sre-docs new`: a document of any type from a template, written safely into the handbook.

Owns template lookup (handbook first, then built-in), `{{ name }}` substitution, `--set` typing by
the type's JSON Schema, file naming (slugs, dates, suffixes) and the never-overwrite write."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sre_docs import doctypes
from sre_docs.config import Config, load_config
from sre_docs.errors import UserError
from sre_docs.files import write_atomic
from sre_docs.loader import parse_yaml, split_front_matter
from sre_docs.schemas import load_schema, schema_message, validator

TEMPLATE_NAMES = tuple(name for entry in doctypes.DOC_TYPES.values() for name in entry.templates)
VARIABLES = ("title", "date", "today", "id", "owner", "slug", "type")
"""What `{{ name }}` can name in a template; other `{{ … }}` text is left alone."""
MAX_SUFFIX = 99
OWNER_PLACEHOLDER = "@TODO"

_VARIABLE = re.compile(r"\{\{\s*(" + "|".join(VARIABLES) + r")\s*\}\}")
_TOKEN = re.compile(r"__sre_docs_variable_(" + "|".join(VARIABLES) + r")__")
_KEY = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLUG_LETTERS = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ł": "l",
    "ı": "i",
    "ħ": "h",
    "ŋ": "ng",
}
_SLUG_DROPPED = "'’‘`´"
_SLUG_MAX_CHARS = 80
_SLUG_MAX_BYTES = 160  # file names are at most 255 bytes; leave room for a date and a suffix


# Templates ----------------------------------------------------------------------------------


def builtin_templates() -> Path:
    """Templates shipped in the wheel, or the repository's `templates/` in a checkout."""
    packaged = Path(__file__).parent / "builtin_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def template_sources(config: Config) -> list[tuple[Path, str]]:
    """Folders searched for templates with their origin, first match wins.

    The handbook's folder inside the docs folder wins over the one next to `mkdocs.yml`; both
    win over the built-in templates."""
    candidates = [
        (config.docs_dir / config.templates_dir, "handbook"),
        (config.root / config.templates_dir, "handbook"),
        (builtin_templates(), "built-in"),
    ]
    sources: list[tuple[Path, str]] = []
    seen: list[Path] = []
    for folder, origin in candidates:
        if not folder.is_dir():
            continue
        real = folder.resolve()
        if real in seen:
            continue
        seen.append(real)
        # A checkout of sre-docs itself: the repository's templates/ are the built-in ones.
        sources.append((folder, "built-in" if real == builtin_templates().resolve() else origin))
    return sources


def find_template(config: Config, name: str) -> tuple[Path, str]:
    """The template file of `name` (a type, or a form's: `postmortem-short`) and where it
    comes from."""
    sources = template_sources(config)
    for folder, origin in sources:
        candidate = folder / f"{name}.md"
        if candidate.is_file():
            return candidate, origin
    looked = ", ".join(str(folder) for folder, _ in sources) or "nowhere"
    raise UserError(f"no template for {name!r} (looked in {looked})")


@dataclass(frozen=True, slots=True)
class Template:
    """A template split into what `new` fills: front matter, its trailing comments, the body."""

    path: Path
    meta: dict[str, Any]
    comments: str
    body: str


def read_template(path: Path) -> Template:
    """Parse a template the way the linter parses documents, with `{{ name }}` kept intact.

    Variables are swapped for plain tokens before parsing, so `title: {{ title }}` (unquoted,
    as Jinja habits write it) is as valid as `title: "{{ title }}"`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read template: {error}") from None
    front, first_line, body, _, problem = split_front_matter(text)
    if front is None or problem is not None:
        raise UserError(f"{path}: a template needs front matter between '---' lines")
    parsed = parse_yaml(
        _VARIABLE.sub(lambda m: f"__sre_docs_variable_{m.group(1)}__", front), first_line
    )
    if parsed.problems:
        problem = parsed.problems[0]
        raise UserError(f"{path}:{problem.line}: {problem.message}")
    if parsed.data is None:
        meta: dict[str, Any] = {}
    elif isinstance(parsed.data, dict):
        meta = parsed.data
    else:
        raise UserError(f"{path}: the front matter of a template must be a mapping")
    return Template(path, meta, _trailing_comments(front), body)


def _trailing_comments(front: str) -> str:
    """The comment lines ending the front matter: hints for optional fields, kept verbatim."""
    lines = front.splitlines()
    start = len(lines)
    while start > 0 and (lines[start - 1].lstrip().startswith("#") or not lines[start - 1].strip()):
        start -= 1
    kept = [line for line in lines[start:] if line.strip()]
    return "".join(line + "\n" for line in kept)


# Names --------------------------------------------------------------------------------------


def slugify(title: str) -> str:
    """A file-name slug: ASCII where a letter transliterates (`Café` → `cafe`), the title's own
    letters where it does not (`故障` stays), words joined by `-`."""
    pieces: list[str] = []
    previous_ascii = False
    for char in unicodedata.normalize("NFC", title).lower():
        if char in _SLUG_DROPPED:
            continue
        char = _SLUG_LETTERS.get(char, char)
        ascii_text = re.sub(
            r"[^a-z0-9]", "", unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        )
        category = unicodedata.category(char[0])
        if ascii_text:
            pieces.append(ascii_text)
            previous_ascii = True
        elif category[0] in "LN" or (category[0] == "M" and not previous_ascii):
            pieces.append(char)
            previous_ascii = False
        elif category[0] == "M":
            continue  # a combining mark on a letter already written in ASCII
        else:
            pieces.append("-")
            previous_ascii = False
    slug = re.sub(r"-{2,}", "-", "".join(pieces)).strip("-")
    return _shorten(slug) or "untitled"


def _shorten(slug: str) -> str:
    if len(slug) <= _SLUG_MAX_CHARS and len(slug.encode()) <= _SLUG_MAX_BYTES:
        return slug
    cut = slug[:_SLUG_MAX_CHARS]
    while len(cut.encode()) > _SLUG_MAX_BYTES:
        cut = cut[:-1]
    # End on a whole word when that keeps most of the text.
    word_end = cut.rfind("-")
    if word_end > len(cut) // 2:
        cut = cut[:word_end]
    return cut.strip("-")


def default_id(doc_type: str, slug: str, date: dt.date, number: int = 1) -> str:
    """`PM-2026-11-24-checkout-outage` for dated types, `RB-disk-full` otherwise; `-2`, `-3`
    for a suffixed file, so the ids stay unique along with the file names."""
    entry = doctypes.DOC_TYPES[doc_type]
    stem = f"{date.isoformat()}-{slug}" if entry.dated else slug
    suffix = f"-{number}" if number > 1 else ""
    return f"{entry.id_prefix}-{stem}{suffix}"


def file_stem(doc_type: str, slug: str, date: dt.date, number: int = 1) -> str:
    stem = f"{date.isoformat()}-{slug}" if doctypes.DOC_TYPES[doc_type].dated else slug
    return f"{stem}-{number}" if number > 1 else stem


def git_handle(cwd: Path) -> str | None:
    """`@name` from `git config user.email` (its local part) or `user.name`, if git knows."""
    for key in ("user.email", "user.name"):
        try:
            result = subprocess.run(
                ["git", "config", "--get", key],
                cwd=cwd,
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
            return None
        value = result.stdout.strip()
        if result.returncode != 0 or not value:
            continue
        if key == "user.email":
            value = value.split("@", 1)[0]
            # GitHub's private addresses: 12345+alice@users.noreply.github.com.
            value = re.sub(r"^\d+\+", "", value)
        handle = re.sub(r"[^\w.-]+", ".", value.lower()).strip(".-")
        if handle:
            return "@" + handle
    return None


# --set --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignment:
    """One `--set KEY=VALUE`, its key split on dots."""

    key: str
    path: tuple[str, ...]
    raw: str


def parse_assignments(assignments: Sequence[str]) -> list[Assignment]:
    parsed = []
    for assignment in assignments:
        key, equals, raw = assignment.partition("=")
        key = key.strip()
        if not equals:
            raise UserError(f"--set {assignment}: expected KEY=VALUE")
        if not _KEY.fullmatch(key):
            raise UserError(f"--set {assignment}: {key!r} is not a field name")
        if key == "type":
            raise UserError(f"--set {assignment}: the type is the TYPE argument of `sre-docs new`")
        parsed.append(Assignment(key, tuple(key.split(".")), raw.strip()))
    return parsed


def _last_value(assignments: Sequence[Assignment], key: str) -> str | None:
    values = [assignment.raw for assignment in assignments if assignment.key == key]
    return values[-1] if values else None


def property_schema(schema: dict[str, Any], path: Sequence[str]) -> dict[str, Any] | None:
    """The schema of a dotted front-matter key; None for keys the schema does not know."""
    node: dict[str, Any] | None = schema
    for part in path:
        if node is None:
            return None
        node = node.get("properties", {}).get(part)
    return node


def parse_date(text: str) -> dt.date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def typed_value(schema: dict[str, Any] | None, key: str, raw: str) -> Any:
    """`--set` text as the type the schema wants: lists (comma-separated), whole numbers,
    numbers, booleans, dates. Keys the schema does not know stay strings."""
    if schema is None:
        return raw
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "array" in kinds and not ("string" in kinds and "," not in raw):
        # A field that is a name or a list (`owner`): a list only when several are given.
        items = schema.get("items") if isinstance(schema.get("items"), dict) else None
        return [typed_value(items, key, item.strip()) for item in raw.split(",") if item.strip()]
    if "integer" in kinds and re.fullmatch(r"[+-]?\d+", raw):
        return int(raw)
    if "number" in kinds:
        try:
            number = float(raw)
        except ValueError:
            number = None
        if number is not None and math.isfinite(number):
            return int(raw) if re.fullmatch(r"[+-]?\d+", raw) else number
    if "boolean" in kinds:
        lowered = raw.lower()
        if lowered in ("true", "yes"):
            return True
        if lowered in ("false", "no"):
            return False
    if "string" in kinds:
        if schema.get("format") == "date" and parse_date(raw) is None:
            raise UserError(f"--set {key}={raw}: not a valid date (YYYY-MM-DD)")
        return raw
    if "integer" in kinds:
        raise UserError(f"--set {key}={raw}: expected a whole number")
    if "number" in kinds:
        raise UserError(f"--set {key}={raw}: expected a number")
    if "boolean" in kinds:
        raise UserError(f"--set {key}={raw}: expected true or false")
    return raw


def apply_assignment(meta: dict[str, Any], schema: dict[str, Any], assignment: Assignment) -> None:
    node = meta
    for depth, part in enumerate(assignment.path[:-1]):
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            parent = ".".join(assignment.path[: depth + 1])
            raise UserError(
                f"--set {assignment.key}={assignment.raw}: {parent} is not a mapping "
                f"(it is {child!r}); set {parent} itself"
            )
        node = child
    node[assignment.path[-1]] = typed_value(
        property_schema(schema, assignment.path), assignment.key, assignment.raw
    )


# Rendering ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Request:
    """Everything that decides the text of a new document."""

    doc_type: str
    title: str
    today: dt.date
    assignments: tuple[Assignment, ...] = ()
    form: str | None = None
    """A form of the type by name (`short`, `procedure`): its template is used."""
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """What `new` will write: the template it came from, the document's date and slug."""

    template: Template
    origin: str
    date: dt.date
    slug: str


def plan(config: Config, request: Request) -> Plan:
    """Choose the template and the document's date; refuse contradictory options early."""
    entry = doctypes.DOC_TYPES[request.doc_type]
    form = None
    if request.form is not None:
        form = entry.form(request.form)
        if form is None:
            with_form = [e.plural for e in doctypes.DOC_TYPES.values() if e.form(request.form)]
            raise UserError(f"--{request.form} applies to {doctypes.listed(with_form, 'and')} only")
        chosen = _last_value(request.assignments, form.key)
        if chosen is not None and chosen not in form.values and form.replaces:
            raise UserError(
                f"--{form.name} is `{form.key}: {form.values[0]}`; "
                f"--set {form.key}={chosen} contradicts it"
            )
        if chosen is not None and chosen not in form.values:
            values = "/".join(form.values)
            names = ", ".join(section.name for section in entry.sections)
            raise UserError(
                f"--{form.name} is the {values} form; a {chosen} {entry.name} needs the full "
                f"form ({names})"
            )
    else:
        # `--set severity=SEV4` or `--set kind=procedure` chooses the form as its flag does.
        form = next(
            (f for f in entry.forms if _last_value(request.assignments, f.key) in f.values), None
        )
    name = form.template if form is not None else entry.template
    path, origin = find_template(config, name)
    date = request.today
    given = _last_value(request.assignments, entry.date_key) if entry.date_key else None
    if given is not None and entry.dated:
        parsed = parse_date(given)
        if parsed is None:
            raise UserError(f"--set date={given}: not a valid date (YYYY-MM-DD)")
        date = parsed  # the incident's or the handoff's day names the file, not today
    return Plan(read_template(path), origin, date, slugify(request.title))


def render(config: Config, request: Request, chosen: Plan, number: int = 1) -> str:
    """The new document's text; refuses (UserError) what the type's schema refuses."""
    variables = {
        "title": request.title,
        "date": chosen.date.isoformat(),
        "today": request.today.isoformat(),
        "id": default_id(request.doc_type, chosen.slug, chosen.date, number),
        "owner": request.owner or OWNER_PLACEHOLDER,
        "slug": chosen.slug,
        "type": request.doc_type,
    }
    meta = {"type": request.doc_type}
    for key, value in _fill_tokens(chosen.template.meta, variables).items():
        if key != "type":
            meta[key] = value
    schema = _schema_for(request.doc_type)
    for assignment in request.assignments:
        apply_assignment(meta, schema, assignment)
    _refresh_slo_budget(meta, {assignment.key for assignment in request.assignments})
    front = yaml.dump(
        meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000, indent=2
    )
    comments = _VARIABLE.sub(lambda m: variables[m.group(1)], chosen.template.comments)
    body = _VARIABLE.sub(lambda m: variables[m.group(1)], chosen.template.body)
    text = f"---\n{front}{comments}---\n{body}"
    _validate(request, chosen.template.path, text)
    return text


def dump_front_matter(meta: dict[str, Any]) -> str:
    """YAML of a front-matter mapping as `new` writes it (keys in order, dates plain)."""
    return yaml.dump(
        meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000, indent=2
    )


def _fill_tokens(value: Any, variables: dict[str, str]) -> Any:
    """Replace template tokens in every string of the front matter, in one pass, so a title
    containing `{{ date }}` stays the title."""
    if isinstance(value, str):
        return _TOKEN.sub(lambda m: variables[m.group(1)], value)
    if isinstance(value, dict):
        return {key: _fill_tokens(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill_tokens(item, variables) for item in value]
    return value


def _refresh_slo_budget(meta: dict[str, Any], assigned: set[str]) -> None:
    """Keep a template's derived budget fields true to the target and window actually set."""
    if meta.get("type") != "slo":
        return
    from sre_docs.calc.slo import budget_minutes, error_budget_pct

    target, window = meta.get("target"), meta.get("window")
    if "error_budget" in meta and "error_budget" not in assigned:
        budget = error_budget_pct(target)
        if budget is not None:
            meta["error_budget"] = _tidy(budget)
    if "error_budget_minutes" in meta and "error_budget_minutes" not in assigned:
        minutes = budget_minutes(target, window)
        if minutes is not None:
            meta["error_budget_minutes"] = _tidy(minutes)


def _tidy(value: float) -> float | int:
    rounded = round(value, 4)
    return int(rounded) if rounded == int(rounded) else rounded


class _Dumper(yaml.SafeDumper):
    """Writes dates plain (`date: 2026-11-24`), as people write them; the linter reads them as
    the same strings either way. Anything else ambiguous (`yes`, `14:05`) is still quoted."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Block lists indented under their key, as the handbook's documents are written.
        super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
    """Lists of plain values inline (`services: [checkout-api, payments]`), others as blocks."""
    inline = all(isinstance(item, str | int | float | bool) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=inline)


_Dumper.add_representer(list, _represent_list)
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _schema_for(doc_type: str) -> dict[str, Any]:
    return load_schema(doc_type)


def _validate(request: Request, template: Path, text: str) -> None:
    """Validate the front matter as the linter will read it back from the file."""
    front, first_line, _, _, _ = split_front_matter(text)
    parsed = parse_yaml(front or "", first_line)
    if parsed.problems or not isinstance(parsed.data, dict):
        raise UserError(f"{template}: the filled-in front matter is not valid YAML")
    errors = list(validator(request.doc_type).iter_errors(parsed.data))
    if not errors:
        return
    for error in errors:
        error_path = tuple(str(part) for part in error.absolute_path)
        for assignment in reversed(request.assignments):
            if error_path[: len(assignment.path)] == assignment.path or (
                assignment.path[: len(error_path)] == error_path and error.validator != "required"
            ):
                _, message = schema_message(error)
                raise UserError(f"--set {assignment.key}={assignment.raw}: {message}")
    _, message = schema_message(errors[0])
    raise UserError(f"{template}: not a valid {request.doc_type} once filled in: {message}")


# Writing ------------------------------------------------------------------------------------


def target_folder(config: Config, doc_type: str, folder: Path | None) -> Path:
    """The folder to write into, inside the docs root; symbolic links are followed first."""
    docs = config.docs_dir.resolve()
    if folder is not None and (folder.is_absolute() or folder.drive):
        raise UserError(f"--dir {folder}: must be relative to the docs folder {docs}")
    relative = folder if folder is not None else Path(config.type_folder(doc_type))
    shown = f"--dir {relative}" if folder is not None else f"folder of {doc_type} {relative}"
    target = (docs / relative).resolve()
    if target != docs and docs not in target.parents:
        raise UserError(f"{shown}: outside the docs folder {docs}; not written")
    templates = (docs / config.templates_dir).resolve()
    if target == templates or templates in target.parents:
        raise UserError(f"{shown}: that is the templates folder, not part of the handbook")
    for folder_or_parent in (target, *target.parents):
        if folder_or_parent == docs:
            break
        if folder_or_parent.exists() and not folder_or_parent.is_dir():
            raise UserError(f"{shown}: {_shown(folder_or_parent)} is a file, not a folder")
    return target


def _write_to(config: Config, args: argparse.Namespace, text: str) -> int:
    """`new -o FILE`: the document at FILE (a `.md` file inside the docs root, never over an
    existing one) instead of the type's folder and the title's file name."""
    output = Path(os.path.abspath(Path.cwd() / args.output))
    if output.suffix not in (".md", ".markdown"):
        raise UserError(f"-o {args.output}: a new document is a .md file")
    docs = config.docs_dir.resolve()
    parent = Path(os.path.realpath(output.parent))
    if parent != docs and docs not in parent.parents:
        raise UserError(f"-o {args.output}: outside the docs folder {docs}; not written")
    folder = target_folder(config, args.type, parent.relative_to(docs))
    path = folder / output.name
    try:
        write_atomic(path, text, exclusive=True)
    except OSError as error:
        raise UserError(f"{path}: cannot write: {error.strerror or error}") from None
    print(_shown(path))
    return 0


class FileExists(UserError):
    """The file a new document would take already exists (nothing was written)."""


def write_new(folder: Path, stem: str, text: str) -> Path:
    """Write `folder/stem.md`, never over an existing file; folders are created as needed."""
    path = folder / f"{stem}.md"
    try:
        write_atomic(path, text, exclusive=True)
    except UserError:
        if os.path.lexists(path):
            raise FileExists(
                f"{_shown(path)}: already exists; not overwritten "
                f"(--suffix writes {stem}-2.md instead)"
            ) from None
        raise
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UserError(f"{error.filename or path}: cannot write: {reason}") from None
    return path


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def list_templates(config: Config) -> str:
    """One line per template: its name, file and origin (`handbook` or `built-in`)."""
    lines = []
    width = max(map(len, TEMPLATE_NAMES)) + 1
    for name in TEMPLATE_NAMES:
        try:
            path, origin = find_template(config, name)
        except UserError:
            lines.append(f"{name:<{width}}(no template)")
            continue
        lines.append(f"{name:<{width}}{_shown(path)} ({origin})")
    return "\n".join(lines) + "\n"


def command_new(args: argparse.Namespace) -> int:
    from sre_docs.tree import today_from_environment

    config = load_config(args.config, cwd=Path.cwd())
    if args.list:
        sys.stdout.write(list_templates(config))
        return 0
    names = ", ".join(doctypes.NAMES)
    if not args.type:
        raise UserError(f'a document type is required: sre-docs new TYPE "Title" ({names})')
    if args.type not in doctypes.DOC_TYPES:
        raise UserError(f"unknown document type {args.type!r} (one of {names})")
    title = " ".join((args.title or "").split())
    if not title:
        raise UserError(f'a title is required: sre-docs new {args.type} "Title"')
    request = Request(
        doc_type=args.type,
        title=title,
        # A pinned `today:` in the configuration dates the rules' checks, not new documents.
        today=today_from_environment(config._replace(today=None), args.today),
        assignments=tuple(parse_assignments(args.assignments)),
        form=args.form,
        owner=git_handle(config.root),
    )
    chosen = plan(config, request)
    if args.stdout:
        sys.stdout.write(render(config, request, chosen))
        return 0
    if getattr(args, "output", None) is not None:
        return _write_to(config, args, render(config, request, chosen))
    folder = target_folder(config, args.type, args.dir)
    last = MAX_SUFFIX if args.suffix else 1
    for number in range(1, last + 1):
        text = render(config, request, chosen, number)
        try:
            path = write_new(folder, file_stem(args.type, chosen.slug, chosen.date, number), text)
        except FileExists:
            if number == last and args.suffix:
                raise UserError(
                    f"{_shown(folder)}: {file_stem(args.type, chosen.slug, chosen.date)}.md and "
                    f"its -2 … -{MAX_SUFFIX} variants all exist; not written"
                ) from None
            if number == last:
                raise
            continue
        print(_shown(path))
        return 0
    raise AssertionError("unreachable")
