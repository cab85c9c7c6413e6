"""`sre-docs init`: a starter `mkdocs.yml` and the handbook's folders, or the `sre-docs`
plugin added to an existing configuration without losing a byte of it.

An existing file is only ever added to: the new text is inserted, never re-dumped, so
comments, order, quoting and MkDocs' own YAML tags stay exactly as written."""

from __future__ import annotations

import argparse
from pathlib import Path

from sre_docs import doctypes
from sre_docs.config import PLUGIN_NAME, parse_yaml, plugin_options
from sre_docs.errors import UserError
from sre_docs.files import write_atomic

STARTER = """\
site_name: {site_name}
docs_dir: {docs_dir}

theme:
  name: material
  font: false              # no fonts from a CDN
  features:
    - navigation.indexes
    - navigation.sections
    - search.highlight

markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true

plugins:
  - search
  - sre-docs:
      # Options: see the configuration page of the sre-docs guide.
      # stale_runbook_days: 180
      # alert_rules: ["alerts/*.yml"]
"""


def command_init(args: argparse.Namespace) -> int:
    from sre_docs.discovery import MKDOCS_FILE_NAMES, ZENSICAL_FILE_NAME

    cwd = Path.cwd()
    existing = next(
        (cwd / name for name in (*MKDOCS_FILE_NAMES, ZENSICAL_FILE_NAME) if (cwd / name).is_file()),
        None,
    )
    done: list[str] = []
    if existing is None:
        docs_dir = args.docs_dir or "docs"
        _check_folder_name(docs_dir)
        site_name = args.site_name or cwd.name.replace("-", " ").replace("_", " ").title()
        text = STARTER.format(site_name=_yaml_string(site_name), docs_dir=_yaml_string(docs_dir))
        write_atomic(cwd / "mkdocs.yml", text, exclusive=True)
        done.append("wrote mkdocs.yml")
        config_name = "mkdocs.yml"
    else:
        config_name = existing.name
        try:
            raw = existing.read_bytes()
            original = raw.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(f"{config_name}: cannot read: {error}") from None
        added = _with_plugin(original, existing.name)
        if added is None:
            done.append(f"{config_name} already enables sre-docs: left as it is")
        else:
            bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
            write_atomic(existing, bom + added.encode("utf-8"))
            done.append(f"added the sre-docs plugin to {config_name}")
        docs_dir = args.docs_dir or _configured_docs_dir(existing)
    docs = cwd / docs_dir
    created = _make_folders(docs)
    if created:
        done.append(f"created {', '.join(created)}")
    for line in done:
        print(f"sre-docs: {line}")
    print(
        "\nNext steps:\n"
        f'  sre-docs new postmortem "Checkout outage"   a first document ({docs_dir}/…)\n'
        "  sre-docs lint                              check the handbook\n"
        "  mkdocs serve                               preview the site at http://127.0.0.1:8000\n"
        "  pre-commit and CI: see the sre-docs guide (pre-commit.md, ci.md)"
    )
    if config_name.endswith(".toml"):
        print("  sre-docs site build                        build the site with Zensical")
    return 0


def _with_plugin(text: str, name: str) -> str | None:
    """`text` with the sre-docs plugin added; None when it is already there."""
    if name.endswith(".toml"):
        return _toml_with_plugin(text)
    data = parse_yaml(text.encode("utf-8"), name)
    if data is not None and not isinstance(data, dict):
        raise UserError(f"{name}: not a mapping; add the sre-docs plugin by hand")
    if plugin_options(data or {}, name) is not None:
        return None
    updated = _yaml_with_plugin(text, name)
    check = parse_yaml(updated.encode("utf-8"), name)
    if not isinstance(check, dict) or plugin_options(check, name) is None:
        raise UserError(f"{name}: could not add the plugin safely; add `- sre-docs` by hand")
    return updated


def _yaml_with_plugin(text: str, name: str) -> str:
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    start = next((i for i, line in enumerate(lines) if line.startswith("plugins:")), None)
    if start is None:
        # MkDocs enables `search` when `plugins` is absent; an explicit list must name it.
        tail = "" if not text or text.endswith(("\n", "\r")) else newline
        return (
            f"{text}{tail}{newline}plugins:{newline}  - search{newline}  - {PLUGIN_NAME}{newline}"
        )
    head = lines[start].rstrip("\r\n")[len("plugins:") :].strip()
    if head.startswith("[") and head.endswith("]"):
        inner = head[1:-1].strip()
        lines[start] = lines[start].replace(
            head, f"[{inner}, {PLUGIN_NAME}]" if inner else f"[{PLUGIN_NAME}]", 1
        )
        return "".join(lines)
    if head and not head.startswith("#"):
        raise UserError(f"{name}: 'plugins:' is written in a form to edit by hand")
    end = start + 1
    item_indent: str | None = None
    mapping = False
    while end < len(lines):
        line = lines[end]
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "-")) and not line[:1].isspace():
            break  # the next top-level key (list items may sit at the key's own indent)
        if stripped and not stripped.startswith("#") and item_indent is None:
            item_indent = line[: len(line) - len(line.lstrip())]
            mapping = not stripped.startswith("- ") and stripped != "-"
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # keep the blank lines before the next key after the new entry
    indent = item_indent if item_indent is not None else "  "
    entry = (
        f"{indent}{PLUGIN_NAME}: {{}}{newline}" if mapping else f"{indent}- {PLUGIN_NAME}{newline}"
    )
    if end > 0 and not lines[end - 1].endswith(("\n", "\r")):
        lines[end - 1] += newline
    lines.insert(end, entry)
    return "".join(lines)


def _toml_with_plugin(text: str) -> str | None:
    """A `zensical.toml` keeps the options in `[project.extra.sre_docs]` (Zensical has no
    plugin options): that table, empty, appended; None when it is there."""
    from sre_docs.config import ZENSICAL_TABLE, parse_toml

    data = parse_toml(text, "zensical.toml")
    project = data.get("project", {})
    extra = project.get("extra", {}) if isinstance(project, dict) else {}
    if isinstance(extra, dict) and ZENSICAL_TABLE in extra:
        return None
    tail = "" if not text or text.endswith("\n") else "\n"
    return f"{text}{tail}\n[project.extra.{ZENSICAL_TABLE}]\n"


def _configured_docs_dir(config_file: Path) -> str:
    from sre_docs.config import load_config

    config = load_config(config_file, cwd=config_file.parent)
    try:
        return config.docs_dir.relative_to(config_file.parent.resolve()).as_posix()
    except ValueError:
        return str(config.docs_dir)


def _make_folders(docs: Path) -> list[str]:
    """The docs folder, its home page and one folder per document type with an index page
    (git keeps no empty folder); nothing that exists is touched."""
    created: list[str] = []
    docs.mkdir(parents=True, exist_ok=True)
    home = docs / "index.md"
    if not home.exists():
        write_atomic(home, "# Reliability handbook\n", exclusive=True)
        created.append(f"{docs.name}/index.md")
    for entry in doctypes.DOC_TYPES.values():
        index = docs / entry.folder / "index.md"
        if index.exists() or (docs / entry.folder).is_file():
            continue
        title = entry.plural[:1].upper() + entry.plural[1:]
        write_atomic(index, f"# {title}\n", exclusive=True)
        created.append(f"{docs.name}/{entry.folder}/")
    return created


def _check_folder_name(value: str) -> None:
    if not value.strip("/") or ".." in value.split("/") or value.startswith("/"):
        raise UserError(f"--docs-dir {value!r}: expected a relative folder name")


def _yaml_string(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string
