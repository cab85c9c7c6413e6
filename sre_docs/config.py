"""Configuration: the `sre-docs` entry under `plugins:` in `mkdocs.yml` (or the
`[project.extra.sre_docs]` table of `zensical.toml`), read once.

The command line and the MkDocs plugin build the same typed `Config`; this module never imports
MkDocs and tolerates MkDocs' custom YAML tags (`!!python/name:`, `!ENV`, `!relative`). It is on
the start-up path of every command, so PyYAML is imported only when a file must be parsed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import functools
from collections.abc import Collection, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from sre_docs import doctypes
from sre_docs.calc.policy import DEFAULT_POLICY, PolicyStep, parse_policy
from sre_docs.discovery import find_config_file as find_upward
from sre_docs.discovery import shown_path
from sre_docs.errors import UserError

PLUGIN_NAME = "sre-docs"
ZENSICAL_TABLE = "sre_docs"  # `[project.extra.sre_docs]`: Zensical keeps no plugin options
DOC_TYPES = doctypes.NAMES
DEFAULT_FOLDERS: dict[str, str] = doctypes.default_folders()
DEFAULT_CACHE_DIR = ""
"""No `cache_dir`: the cache lives in the user's cache folder (see `sre_docs.cache`)."""

SEVERITY_CHOICES = ("error", "warning", "off")
LINK_FORMS = ("html", "directory", "sphinx")
"""`html`: `page.html` is the page `page.html.md` or `page.md` (Middleman, Jekyll);
`directory`: `page/` is `page.md`, `page/index.md`, `page/_index.md` or `page/README.md` (with
any of the `suffixes`), and a link that is not to a markdown file resolves from the page's own
URL folder (Hugo, MkDocs directory URLs, Quarto)."""


class PrometheusSettings(NamedTuple):
    """The `prometheus:` option: where live error budgets are measured at build time.

    `headers` maps a header name to the environment variable holding its value (tokens stay
    out of the repository)."""

    url: str
    timeout: float = 10.0
    headers: Mapping[str, str] = MappingProxyType({})


@functools.cache
def _tolerant_loader() -> type:
    """PyYAML's safe loader (the C one when built) that turns unknown tags into plain values
    instead of failing."""
    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def construct_unknown(loader: Any, suffix: str, node: Any) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            values = loader.construct_sequence(node, deep=True)
            # `!ENV [NAME, default]`: the default is the most useful offline value.
            return values[-1] if suffix == "ENV" and values else values
        return loader.construct_mapping(node, deep=True)

    loader = type("TolerantLoader", (base,), {})
    loader.add_multi_constructor("", construct_unknown)
    return loader


DEFAULT_SUFFIXES = (".md", ".markdown")
SECTION_PAGE_NAMES = frozenset({"index", "_index", "readme"})
"""Names (without suffix, any case) of a folder's front page in the common site generators."""


class Config(NamedTuple):
    """Every setting the linter, the scaffolder and the plugin read (immutable)."""

    root: Path
    docs_dir: Path
    source: str
    site_url: str = ""
    enabled: bool = True
    folders: Mapping[str, str] = MappingProxyType(DEFAULT_FOLDERS)
    folder_forms: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType({})
    """Per `folders` key, the (form key, value) pairs its documents take when their front
    matter does not say (`"ops/how-to/**": {type: runbook, kind: procedure}`)."""
    severities: Mapping[str, str] = MappingProxyType({})
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    exclude: tuple[str, ...] = ()
    stale_runbook_days: int = 180
    postmortem_review_days: int = 5
    today: dt.date | None = None
    alert_rules: tuple[str, ...] = ()
    index_folder: str = "reliability"
    fail_on: str = "warning"
    templates_dir: str = "templates"
    cache: bool = True
    cache_dir: str = DEFAULT_CACHE_DIR
    budget_policy: tuple[PolicyStep, ...] = DEFAULT_POLICY
    sanitize_html: bool = True
    use_directory_urls: bool = True
    prometheus: PrometheusSettings | None = None
    budget_burn_p0_pct: float = 20.0
    rule_mentions: tuple[tuple[str, str], ...] = ()
    """(where, name) of every rule name the options write, `where` as errors show it
    (`mkdocs.yml: plugins.sre-docs.rules.NAME`); see `check_rule_names`."""
    blame_accepted_terms: tuple[str, ...] = ()
    link_forms: tuple[str, ...] = ()
    """URL forms of the site generator that `broken-link` accepts (`LINK_FORMS`)."""
    ignore_links: tuple[str, ...] = ()
    """Globs of docs-root-relative link targets the site generator creates."""
    types: Mapping[str, str | None] = MappingProxyType({})
    """Foreign `type:` values: mapped to a document type, or None (the page is then untyped)."""
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES
    """File name endings linted as markdown; `""` stands for names without any dot."""
    exclude_templates: bool = True
    """Files whose name contains `template` are templates, not documents."""
    sections: Mapping[
        str, tuple[tuple[str, ...] | None, tuple[tuple[str, tuple[str, ...]], ...]]
    ] = MappingProxyType({})
    """Per type, and per form as `type.form` (`runbook.procedure`): (the required section
    names, or None for the built-in ones), and extra heading synonyms per section name. See
    `expected_sections`."""
    timeline_date_order: str = "auto"
    """How `timeline-out-of-order` reads `07/06/23`: `auto`, `day-first` or `month-first`."""
    docs_dir_written: str = ""
    """The docs folder as the configuration names it, before symbolic links are resolved
    (`""`: not known). A stored answer checks that it still leads to `docs_dir`."""

    def check_rule_names(self, known: Collection[str]) -> None:
        """Refuse a rule name the options write that is not in `known` (the rule registry).

        The rules sit above the configuration, so the caller that holds both (the lint engine,
        the plugin) asks this; the error names the file and the key. `known` may answer for
        codes, prefixes and `ALL` too (`sre_docs.rules.RULE_SELECTORS`), and say what the
        closest rule is (its `unknown` method)."""
        for where, name in self.rule_mentions:
            if name not in known:
                explain = getattr(known, "unknown", None)
                problem = explain(name) if explain else f"unknown rule {name!r}"
                raise UserError(
                    f"{where}: {problem}" + ("" if explain else " (see `sre-docs rules`)")
                )

    def folder_type(self, rel: str) -> str | None:
        """The document type a docs-root-relative path implies through `folders`, if any.

        A key is a folder (`postmortems`), a glob of folders (`postmortems/20*`,
        `incidents/**`) or of files (`incidents/*-retro.md`), one file
        (`runbooks/cluster-upgrade.md`), or the docs root (`.`); a folder
        covers its files at any depth, and the most deeply nested match wins (then the
        longest key). A section page (`is_section_page`) implies no type: it is the folder's
        front page, not one of its documents, unless a key names that very file
        (`README.md: postmortem`, a repository whose one report is its README)."""
        return self.folder_type_and_form(rel)[0]

    def _names_file(self, rel: str) -> bool:
        return any(key.strip("/") == rel for key in self.folders)

    def is_section_page(self, rel: str) -> bool:
        """True for a folder's front page: `index`, Hugo's `_index` or `README`, with any of
        the `suffixes` linted as markdown (`index.md`, Quarto's `index.qmd`, `README`)."""
        return section_page(rel, self.suffixes)

    def folder_type_and_form(self, rel: str) -> tuple[str | None, dict[str, str]]:
        """`folder_type` and `folder_form` of a path, with one look through `folders`."""
        if self.is_section_page(rel) and not self._names_file(rel):
            return None, {}
        key = folder_key_of(self.folders, rel)
        if key is None:
            return None, {}
        return self.folders[key], dict(self.folder_forms.get(key, ()))

    def folder_form(self, rel: str) -> dict[str, str]:
        """The form values (`{"kind": "procedure"}`) the folder mapping gives a path's
        documents of the folder's type: those of the key that gives the type."""
        return self.folder_type_and_form(rel)[1]

    def expected_sections(
        self, entry: doctypes.DocType
    ) -> tuple[tuple[doctypes.Section, ...], tuple[doctypes.Form, ...]]:
        """The sections a type's documents need and the type's other forms, with the team's
        `sections` settings applied.

        The type's `required` replaces its own sections and drops its alternative forms (the
        SEV3/SEV4 short form) unless they have their own entry (`sections.postmortem.short`):
        the team's list is the team's template. A replacing form (the
        runbook's procedure) is another kind of document and keeps its sections unless its own
        entry (`sections.runbook.procedure.required`) replaces them. The type's synonyms apply
        to every form's section of that name; a form's synonyms to that form only."""
        required, synonyms = self.sections.get(entry.name, (None, ()))
        builtin = [*entry.sections, *(s for form in entry.forms for s in form.sections)]
        sections = _chosen_sections(entry.sections, required, synonyms, builtin)
        forms = []
        for form in entry.forms:
            own = self.sections.get(f"{entry.name}.{form.name}")
            if required is not None and not form.replaces and own is None:
                continue
            own_required, own_synonyms = own or (None, ())
            chosen = _chosen_sections(
                form.sections, own_required, (*synonyms, *own_synonyms), [*form.sections, *builtin]
            )
            forms.append(dataclasses.replace(form, sections=chosen))
        return sections, tuple(forms)

    def action_item_synonyms(self) -> dict[str, tuple[str, ...]]:
        """Per type, the team's extra headings for its action-item section (`sections`): the
        documents' tables and bullets under them are read as items too."""
        extra: dict[str, tuple[str, ...]] = {}
        for key, (_required, synonyms) in self.sections.items():
            doc_type = key.split(".", 1)[0]
            place = doctypes.DOC_TYPES[doc_type].action_items
            if place is None or place.heading is None:
                continue
            for name, words in synonyms:
                if name.lower() in place.heading.aliases:
                    extra[doc_type] = (*extra.get(doc_type, ()), *words)
        return extra

    def declared_type(self, value: object) -> tuple[bool, str | None]:
        """(known to `types`, the type it stands for) for a front-matter `type` value."""
        if isinstance(value, str) and value in self.types:
            return True, self.types[value]
        return False, None

    def is_markdown(self, name: str) -> bool:
        """True when a file name is linted as markdown (`suffixes`)."""
        if name.endswith(tuple(suffix for suffix in self.suffixes if suffix)):
            return True
        return "" in self.suffixes and "." not in name and name not in _NOT_DOCUMENTS

    def type_folder(self, doc_type: str) -> str:
        """The folder new documents of `doc_type` go into; a configured folder wins over the
        built-in default (configured entries come after the defaults)."""
        for folder, folder_type in reversed(list(self.folders.items())):
            if (
                folder_type == doc_type
                and folder.strip("/") not in (".", "")
                and not any(char in _GLOB_CHARACTERS for char in folder)
            ):
                return folder.strip("/")
        return doc_type + "s"

    def ignored_for(self, rel: str) -> frozenset[str]:
        """Rule names that `per_file_ignores` turns off for this docs-root-relative path."""
        names: set[str] = set()
        for pattern, rules in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern):
                names.update(rules)
        return frozenset(names)

    def is_excluded(self, rel: str) -> bool:
        if self.exclude_templates and "template" in rel.rsplit("/", 1)[-1].lower():
            return True
        return any(fnmatch.fnmatch(rel, pattern) for pattern in self.exclude)

    def document_fingerprint(self) -> str:
        """The settings that change per-file results, as text (the cache key's part)."""
        return repr(
            (
                sorted(self.folders.items()),
                sorted(self.folder_forms.items()),
                sorted(self.types.items(), key=repr),
                sorted(self.sections.items()),
                self.timeline_date_order,
                self.blame_accepted_terms,
            )
        )


def _chosen_sections(
    own: tuple[doctypes.Section, ...],
    required: tuple[str, ...] | None,
    synonyms: tuple[tuple[str, tuple[str, ...]], ...],
    builtin: list[doctypes.Section],
) -> tuple[doctypes.Section, ...]:
    """`own` sections, or the `required` names instead, with the extra `synonyms` added."""
    extra: dict[str, tuple[str, ...]] = {}
    for name, words in synonyms:
        extra[name.lower()] = (*extra.get(name.lower(), ()), *words)

    def extended(section: doctypes.Section) -> doctypes.Section:
        words = extra.get(section.name.lower(), ())
        return dataclasses.replace(section, synonyms=(*section.synonyms, *words))

    if required is None:
        return tuple(extended(section) for section in own)
    chosen = []
    for name in required:
        # A required name that is a built-in section or synonym keeps the built-in words.
        known = next((s for s in builtin if name.lower() in s.aliases), None)
        words = tuple(a for a in known.aliases if a != name.lower()) if known else ()
        numbered = known.numbered if known else False
        chosen.append(extended(doctypes.Section(name, words, numbered)))
    return tuple(chosen)


_NOT_DOCUMENTS = frozenset(
    {"LICENSE", "LICENCE", "COPYING", "NOTICE", "CODEOWNERS", "Makefile", "Dockerfile", "AUTHORS"}
)
_GLOB_CHARACTERS = frozenset("*?[")


def section_page(rel: str, suffixes: Collection[str] = DEFAULT_SUFFIXES) -> bool:
    """See `Config.is_section_page`."""
    name = rel.rsplit("/", 1)[-1].lower()
    for suffix in suffixes:
        if name.endswith(suffix.lower()) and name[: len(name) - len(suffix)] in SECTION_PAGE_NAMES:
            return True
    return False


def folder_key_of(folders: Mapping[str, str], rel: str) -> str | None:
    """The `folders` key that decides a path's type: the most deeply nested match, then the
    longest key, then the last written (a configured key over a built-in default)."""
    parts = rel.split("/")[:-1]
    ancestors = ["/".join(parts[:depth]) for depth in range(len(parts), -1, -1)]
    best: tuple[int, int] | None = None
    chosen: str | None = None
    for key in folders:
        folder = key.strip("/")
        if folder.endswith("/**"):
            folder = folder[:-3]
        elif folder == "**":
            folder = "."
        folder = "" if folder == "." else folder
        globbed = any(char in _GLOB_CHARACTERS for char in folder)
        rank: tuple[int, int] | None = None
        if (globbed and glob_match(folder, rel)) or folder == rel:
            # A glob may name files too (`incidents/*-retro.md`), and so may a plain key
            # (`runbooks/cluster-upgrade.md`): the most specific match.
            rank = (rel.count("/") + 1, len(folder))
        else:
            for ancestor in ancestors:
                if ancestor == folder or (globbed and glob_match(folder, ancestor)):
                    rank = (ancestor.count("/") + 1 if ancestor else 0, len(folder))
                    break
        if rank is not None and (best is None or rank >= best):
            best, chosen = rank, key
    return chosen


def glob_match(pattern: str, path: str) -> bool:
    """Whether a `/`-separated path matches a glob: `*`, `?` and `[…]` within one name,
    `**` for any number of folders (as in `.gitignore`)."""
    wanted = [part for part in pattern.split("/") if part]
    names = [part for part in path.split("/") if part] if path else []
    # matches[i][j]: the pattern from part i matches the names from j (linear in both).
    matches = [[False] * (len(names) + 1) for _ in range(len(wanted) + 1)]
    matches[len(wanted)][len(names)] = True
    for i in range(len(wanted) - 1, -1, -1):
        for j in range(len(names), -1, -1):
            if wanted[i] == "**":
                matches[i][j] = matches[i + 1][j] or (j < len(names) and matches[i][j + 1])
            else:
                matches[i][j] = (
                    j < len(names)
                    and fnmatch.fnmatchcase(names[j], wanted[i])
                    and matches[i + 1][j + 1]
                )
    return matches[0][0]


def find_config_file(start: Path) -> Path | None:
    """The nearest `mkdocs.yml` (else `zensical.toml`) in `start` or a parent folder, up to
    the repository root (`sre_docs.discovery`)."""
    return find_upward(start)


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise UserError(f"{shown}: cannot read configuration: {error}") from None


def parse_toml(text: str, shown: str) -> dict[str, Any]:
    """The TOML document `text`; errors name the file as `shown`. The reader recurses into
    arrays and inline tables: one nested past Python's stack is invalid TOML too."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{shown}: invalid TOML: {error}") from None
    except RecursionError:
        raise UserError(f"{shown}: invalid TOML: nested deeper than it is read") from None


def parse_yaml(raw: bytes, shown: str) -> Any:
    """The YAML document in `raw` (UTF-8, BOM allowed); errors name the file as `shown`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{shown}: cannot read configuration: {error}") from None
    import yaml

    try:
        return yaml.load(text, Loader=_tolerant_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise UserError(f"{shown}{where}: invalid YAML: {problem}") from None


def plugin_options(mkdocs_config: Mapping[str, Any], source: str) -> dict[str, Any] | None:
    """The options of the `sre-docs` entry under `plugins:`; None when the plugin is absent."""
    plugins = mkdocs_config.get("plugins")
    if plugins is None:
        return None
    if isinstance(plugins, Mapping):
        items: list[Any] = [{key: value} for key, value in plugins.items()]
    elif isinstance(plugins, list):
        items = plugins
    else:
        raise UserError(f"{source}: 'plugins' must be a list")
    for item in items:
        if item == PLUGIN_NAME:
            return {}
        if isinstance(item, Mapping) and PLUGIN_NAME in item:
            options = item[PLUGIN_NAME]
            if options is None:
                return {}
            if not isinstance(options, Mapping):
                raise UserError(f"{source}: plugins.{PLUGIN_NAME} must be a mapping of options")
            return dict(options)
    return None


def load_config(
    config_file: Path | None = None,
    *,
    cwd: Path | None = None,
    docs_dir: Path | None = None,
) -> Config:
    """Read the configuration: `config_file`, else the nearest `mkdocs.yml` or `zensical.toml`
    in cwd or a parent folder up to the repository root, else defaults rooted at cwd.

    A `--config` file may be an `mkdocs.yml` or a YAML mapping of the plugin's options alone.
    """
    cwd = (cwd or Path.cwd()).resolve()
    if config_file is None:
        config_file = find_config_file(cwd)
        if config_file is None:
            written = docs_dir or cwd
            return Config(
                root=cwd,
                docs_dir=written.resolve(),
                source="(defaults)",
                docs_dir_written=str(written),
            )
    config_file = config_file if config_file.is_absolute() else cwd / config_file
    if not config_file.is_file():
        raise UserError(f"{config_file}: configuration file not found")
    source = shown_path(config_file, cwd)
    raw = _read_bytes(config_file, source)
    if config_file.suffix.lower() == ".toml":
        return _config_from_toml(raw, config_file, source, docs_dir)
    return _config_from_data(parse_yaml(raw, source), config_file, source, docs_dir)


def _config_from_data(data: Any, config_file: Path, source: str, docs_dir: Path | None) -> Config:
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise UserError(f"{source}: the configuration must be a mapping")
    root = config_file.parent.resolve()
    is_mkdocs = "plugins" in data or "site_name" in data or "nav" in data or "theme" in data
    if is_mkdocs:
        options = plugin_options(data, source) or {}
        prefix = f"plugins.{PLUGIN_NAME}"
        configured_docs = data.get("docs_dir", "docs")
        if not isinstance(configured_docs, str):
            raise UserError(f"{source}: docs_dir must be a string")
        site_url = data.get("site_url") or ""
        use_directory_urls = data.get("use_directory_urls", True) is not False
    else:
        options = dict(data)
        prefix = ""
        configured_docs = options.pop("docs_dir", ".")
        site_url = options.pop("site_url", "") or ""
        use_directory_urls = options.pop("use_directory_urls", True) is not False
        if not isinstance(configured_docs, str):
            raise UserError(f"{source}: docs_dir must be a string")
    resolved_docs = docs_dir or (root / configured_docs)
    return config_from_options(
        options,
        root=root,
        docs_dir=resolved_docs.resolve(),
        source=source,
        prefix=prefix,
        site_url=str(site_url),
    )._replace(use_directory_urls=use_directory_urls, docs_dir_written=str(resolved_docs))


def _config_from_toml(raw: bytes, config_file: Path, source: str, docs_dir: Path | None) -> Config:
    """A `zensical.toml`: the options are the `[project.extra.sre_docs]` table."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{source}: invalid TOML: {error}") from None
    data = parse_toml(text, source)
    project = data.get("project", data)
    if not isinstance(project, Mapping):
        raise UserError(f"{source}: project must be a table")
    extra = project.get("extra", {})
    options = extra.get(ZENSICAL_TABLE, {}) if isinstance(extra, Mapping) else {}
    if not isinstance(options, Mapping):
        raise UserError(f"{source}: project.extra.{ZENSICAL_TABLE} must be a table of options")
    configured_docs = project.get("docs_dir", "docs")
    if not isinstance(configured_docs, str):
        raise UserError(f"{source}: project.docs_dir must be a string")
    root = config_file.parent.resolve()
    written = docs_dir or root / configured_docs
    return config_from_options(
        options,
        root=root,
        docs_dir=written.resolve(),
        source=source,
        prefix=f"project.extra.{ZENSICAL_TABLE}",
        site_url=str(project.get("site_url") or ""),
    )._replace(
        use_directory_urls=project.get("use_directory_urls", True) is not False,
        docs_dir_written=str(written),
    )


def config_from_options(
    options: Mapping[str, Any],
    *,
    root: Path,
    docs_dir: Path,
    source: str,
    prefix: str = f"plugins.{PLUGIN_NAME}",
    site_url: str = "",
) -> Config:
    """Validate the plugin options (as written in YAML) into a `Config`; errors name the key."""
    return _OptionReader(options, source, prefix).read(root, docs_dir, site_url)


class _OptionReader:
    """Validates one options mapping, naming the file and key in every error."""

    def __init__(self, options: Mapping[str, Any], source: str, prefix: str) -> None:
        self.options = dict(options)
        self.source = source
        self.prefix = prefix
        self.rule_mentions: list[tuple[str, str]] = []

    def where(self, key: str) -> str:
        return f"{self.source}: {self.prefix}.{key}" if self.prefix else f"{self.source}: {key}"

    def fail(self, key: str, problem: str) -> UserError:
        return UserError(f"{self.where(key)}: {problem}")

    def read(self, root: Path, docs_dir: Path, site_url: str) -> Config:
        known = {
            "enabled",
            "folders",
            "rules",
            "ignore",
            "per_file_ignores",
            "exclude",
            "stale_runbook_days",
            "postmortem_review_days",
            "today",
            "alert_rules",
            "index_folder",
            "fail_on",
            "templates_dir",
            "cache",
            "cache_dir",
            "sanitize_html",
            "budget_policy",
            "link_forms",
            "ignore_links",
            "timeline_date_order",
            "types",
            "suffixes",
            "exclude_templates",
            "sections",
            "blame_accepted_terms",
            "prometheus",
            "budget_burn_p0_pct",
            "trusted_embeds",  # read by the plugin only
        }
        unknown = sorted(set(self.options) - known)
        if unknown:
            import difflib

            close = difflib.get_close_matches(str(unknown[0]), sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise self.fail(unknown[0], f"unknown option ({hint}known: {', '.join(sorted(known))})")
        folders = doctypes.default_folders()
        raw_folders = self.options.get("folders", {})
        if not isinstance(raw_folders, Mapping):
            raise self.fail("folders", "expected a mapping of folder → document type")
        folder_forms: dict[str, tuple[tuple[str, str], ...]] = {}
        for folder, value in raw_folders.items():
            key = str(folder).strip("/") or "."
            if value is None or value is False or value in ("", "off", "none"):
                folders.pop(key, None)  # a default mapping switched off
                folder_forms.pop(key, None)
                continue
            doc_type, form = self.folder_setting(f"folders.{folder}", value)
            folders[key] = doc_type
            if form:
                folder_forms[key] = form
            else:
                folder_forms.pop(key, None)
        types: dict[str, str | None] = {}
        raw_types = self.options.get("types", {})
        if not isinstance(raw_types, Mapping):
            raise self.fail("types", "expected a mapping of foreign type → document type or null")
        for foreign, doc_type in raw_types.items():
            if doc_type is not None and doc_type not in doctypes.NAMES:
                raise self.fail(
                    f"types.{foreign}",
                    f"unknown document type {doc_type!r} "
                    f"(one of {', '.join(doctypes.NAMES)}, or null)",
                )
            types[str(foreign)] = doc_type
        suffixes = self.strings("suffixes") if "suffixes" in self.options else DEFAULT_SUFFIXES
        for suffix in suffixes:
            if suffix and not suffix.startswith("."):
                raise self.fail("suffixes", f"{suffix!r} must start with '.' (or be \"\")")
        severities: dict[str, str] = {}
        raw_rules = self.options.get("rules", {})
        if not isinstance(raw_rules, Mapping):
            raise self.fail("rules", "expected a mapping of rule name → error, warning or off")
        for name, severity in raw_rules.items():
            self.check_rule_name(f"rules.{name}", name)
            if severity is False:
                severity = "off"
            if severity not in SEVERITY_CHOICES:
                raise self.fail(f"rules.{name}", f"{severity!r} is not error, warning or off")
            severities[name] = severity
        ignore = self.names("ignore")
        per_file: dict[str, tuple[str, ...]] = {}
        raw_per_file = self.options.get("per_file_ignores", {})
        if not isinstance(raw_per_file, Mapping):
            raise self.fail("per_file_ignores", "expected a mapping of glob → list of rule names")
        for pattern, names in raw_per_file.items():
            if isinstance(names, str):
                names = [names]
            if not isinstance(names, list):
                raise self.fail(f"per_file_ignores.{pattern}", "expected a list of rule names")
            for name in names:
                self.check_rule_name(f"per_file_ignores.{pattern}", name)
            per_file[str(pattern)] = tuple(names)
        return Config(
            root=root,
            docs_dir=docs_dir,
            source=self.source,
            site_url=site_url,
            enabled=self.boolean("enabled", True),
            folders=folders,
            folder_forms=folder_forms,
            severities=severities,
            ignore=ignore,
            per_file_ignores=per_file,
            exclude=self.strings("exclude"),
            stale_runbook_days=self.positive_int("stale_runbook_days", 180),
            postmortem_review_days=self.positive_int("postmortem_review_days", 5),
            today=self.date("today"),
            alert_rules=self.strings("alert_rules"),
            index_folder=self.folder_name("index_folder", "reliability"),
            fail_on=self.choice("fail_on", ("warning", "error"), "warning"),
            templates_dir=self.folder_name("templates_dir", "templates"),
            cache=self.boolean("cache", True),
            cache_dir=self.path_name("cache_dir"),
            budget_policy=self.policy("budget_policy"),
            rule_mentions=tuple(self.rule_mentions),
            sanitize_html=self.boolean("sanitize_html", True),
            link_forms=self.link_forms(),
            ignore_links=self.strings("ignore_links"),
            types=types,
            suffixes=suffixes,
            exclude_templates=self.boolean("exclude_templates", True),
            sections=self.section_options(),
            timeline_date_order=self.choice(
                "timeline_date_order",
                ("auto", "day-first", "month-first"),
                "auto",
            ),
            blame_accepted_terms=self.terms("blame_accepted_terms"),
            prometheus=self.prometheus(),
            budget_burn_p0_pct=self.percent("budget_burn_p0_pct", 20.0),
        )

    def policy(self, key: str) -> tuple[PolicyStep, ...]:
        raw = self.options.get(key)
        if raw is None or raw == []:
            return DEFAULT_POLICY
        try:
            return parse_policy(raw)
        except ValueError as error:
            raise self.fail(key, str(error)) from None

    def folder_setting(self, key: str, value: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
        """(type, form values) of one `folders` entry: a type name, or a mapping with `type`
        and the type's form key (`{type: runbook, kind: procedure}`)."""
        doc_type = value.get("type") if isinstance(value, Mapping) else value
        if not isinstance(doc_type, str) or doc_type not in doctypes.NAMES:
            names = ", ".join(doctypes.NAMES)
            if not isinstance(value, Mapping):
                problem = f"unknown document type {doc_type!r} (one of {names}, or null to switch"
                raise self.fail(key, f"{problem} a default off)")
            if "type" not in value:
                raise self.fail(key, f"a mapping needs `type` (one of {names})")
            raise self.fail(f"{key}.type", f"unknown document type {doc_type!r} (one of {names})")
        if not isinstance(value, Mapping):
            return doc_type, ()
        from sre_docs.schemas import field_choices

        entry = doctypes.DOC_TYPES[doc_type]
        # Only a form that is a kind of document of its own is a folder's to choose.
        forms = {form.key: form for form in entry.forms if form.replaces}
        keys = list(forms)
        allowed = ", ".join(f"`{name}`" for name in ("type", *keys))
        chosen = []
        for name, setting in value.items():
            if name == "type":
                continue
            if name not in keys:
                if any(form.key == name for form in entry.forms):
                    reason = f"`{name}` is a fact of each {entry.name}, not of its folder"
                elif not keys:
                    reason = f"{entry.plural} have no form a folder chooses"
                else:
                    reason = "a folder gives a type and its form, no other front matter"
                raise self.fail(f"{key}.{name}", f"{reason}; a folder sets only {allowed}")
            choices = field_choices(doc_type, str(name)) or forms[name].values
            if setting not in choices:
                raise self.fail(
                    f"{key}.{name}", f"expected one of {', '.join(choices)}, got {setting!r}"
                )
            chosen.append((str(name), str(setting)))
        return doc_type, tuple(chosen)

    def section_options(
        self,
    ) -> dict[str, tuple[tuple[str, ...] | None, tuple[tuple[str, tuple[str, ...]], ...]]]:
        raw = self.options.get("sections", {})
        if not isinstance(raw, Mapping):
            raise self.fail("sections", "expected a mapping of document type → settings")
        result: dict[
            str, tuple[tuple[str, ...] | None, tuple[tuple[str, tuple[str, ...]], ...]]
        ] = {}
        for doc_type, settings in raw.items():
            key = f"sections.{doc_type}"
            if doc_type not in doctypes.NAMES:
                raise self.fail(key, f"unknown document type (one of {', '.join(doctypes.NAMES)})")
            forms = [form.name for form in doctypes.DOC_TYPES[doc_type].forms]
            allowed = {"required", "synonyms", *forms}
            if not isinstance(settings, Mapping) or set(settings) - allowed:
                also = "".join(f", `{name}`" for name in forms)
                raise self.fail(key, f"expected a mapping with `required`, `synonyms`{also}")
            result[str(doc_type)] = self.section_setting(key, settings)
            for name in forms:
                if name not in settings:
                    continue
                where, form_settings = f"{key}.{name}", settings[name]
                if not isinstance(form_settings, Mapping) or set(form_settings) - {
                    "required",
                    "synonyms",
                }:
                    raise self.fail(where, "expected a mapping with `required` and/or `synonyms`")
                result[f"{doc_type}.{name}"] = self.section_setting(where, form_settings)
        return result

    def section_setting(
        self, key: str, settings: Mapping[str, Any]
    ) -> tuple[tuple[str, ...] | None, tuple[tuple[str, tuple[str, ...]], ...]]:
        """(required names or None, extra synonyms) of one `sections` entry."""
        required = settings.get("required")
        if required is not None and (
            not isinstance(required, list) or not all(isinstance(n, str) for n in required)
        ):
            raise self.fail(f"{key}.required", "expected a list of section names")
        synonyms = settings.get("synonyms", {})
        if not isinstance(synonyms, Mapping):
            raise self.fail(f"{key}.synonyms", "expected a mapping of section → headings")
        extra = []
        for name, words in synonyms.items():
            if isinstance(words, str):
                words = [words]
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise self.fail(f"{key}.synonyms.{name}", "expected a list of headings")
            extra.append((str(name), tuple(w.strip().lower() for w in words if w.strip())))
        return (tuple(required) if required is not None else None, tuple(extra))

    def link_forms(self) -> tuple[str, ...]:
        forms = self.strings("link_forms")
        for form in forms:
            if form not in LINK_FORMS:
                raise self.fail("link_forms", f"{form!r} is not one of {', '.join(LINK_FORMS)}")
        return forms

    def prometheus(self) -> PrometheusSettings | None:
        """`prometheus: {url, timeout, headers}`; None without the option or with no `url`."""
        value = self.options.get("prometheus")
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise self.fail("prometheus", "expected a mapping with url, timeout and headers")
        unknown = sorted(set(value) - {"url", "timeout", "headers"})
        if unknown:
            raise self.fail(
                f"prometheus.{unknown[0]}", "unknown option (known: headers, timeout, url)"
            )
        url = value.get("url") or ""
        if not isinstance(url, str):
            raise self.fail("prometheus.url", f"expected a URL, got {url!r}")
        url = url.strip()
        if not url:
            return None  # `url: !ENV [PROMETHEUS_URL, ""]` left empty: no live budgets
        if not url.lower().startswith(("http://", "https://")):
            raise self.fail("prometheus.url", f"expected an http(s) URL, got {url!r}")
        timeout = value.get("timeout", 10)
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise self.fail("prometheus.timeout", f"expected seconds above 0, got {timeout!r}")
        headers = value.get("headers") or {}
        if not isinstance(headers, Mapping) or not all(
            isinstance(name, str) and isinstance(variable, str)
            for name, variable in headers.items()
        ):
            raise self.fail(
                "prometheus.headers",
                "expected a mapping of header name → environment variable name",
            )
        return PrometheusSettings(url.rstrip("/"), float(timeout), MappingProxyType(dict(headers)))

    def percent(self, key: str, default: float) -> float:
        value = self.options.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise self.fail(key, f"expected a percentage from 0 to 100, got {value!r}")
        return float(value)

    def check_rule_name(self, key: str, name: object) -> None:
        """Keep a rule name for `Config.check_rule_names`: the rule registry is not known here."""
        if not isinstance(name, str):
            raise self.fail(key, f"expected a rule name, got {name!r}")
        self.rule_mentions.append((self.where(key), name))

    def names(self, key: str) -> tuple[str, ...]:
        values = self.strings(key)
        for value in values:
            self.check_rule_name(key, value)
        return values

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.options.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, "expected a list of strings")
        return tuple(value)

    def terms(self, key: str) -> tuple[str, ...]:
        values = self.strings(key)
        for value in values:
            if not value.strip() or len(value) > 200 or "\n" in value:
                raise self.fail(
                    key, f"expected one-line terms of 1 to 200 characters, got {value!r}"
                )
        return values

    def boolean(self, key: str, default: bool) -> bool:
        value = self.options.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {value!r}")
        return value

    def positive_int(self, key: str, default: int) -> int:
        value = self.options.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(key, f"expected a whole number ≥ 0, got {value!r}")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.options.get(key, default)
        if value not in choices:
            raise self.fail(key, f"expected one of {', '.join(choices)}, got {value!r}")
        return str(value)

    def folder_name(self, key: str, default: str) -> str:
        value = self.options.get(key, default)
        if not isinstance(value, str) or not value.strip("/") or ".." in value.split("/"):
            raise self.fail(key, f"expected a relative folder name, got {value!r}")
        return value.strip("/")

    def path_name(self, key: str) -> str:
        value = self.options.get(key, "")
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(key, f"expected a folder, got {value!r}")
        return value.strip()

    def date(self, key: str) -> dt.date | None:
        value = self.options.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"expected a date YYYY-MM-DD, got {value!r}") from None
