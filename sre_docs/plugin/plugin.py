"""The `sre-docs` MkDocs plugin: lint while building, add the reliability pages and headers.

It takes its records from the same pipeline as `sre-docs lint` (`linter.load_handbook`), logs
every finding as a MkDocs warning, and adds generated pages in memory: nothing is written into
`docs_dir`, so `mkdocs serve` does not rebuild in a loop.

On a handbook large enough for worker processes (a build, not `mkdocs serve`), the workers
build the records from `on_config` on, while MkDocs loads its theme and lists the files, and
one renders the generated pages while MkDocs converts the handbook's own; otherwise the
records are built from the page sources MkDocs read, in `on_files`."""

from __future__ import annotations

import datetime as dt
import html
import logging
import posixpath
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from sre_docs import doctypes
from sre_docs.config import Config, config_from_options
from sre_docs.errors import UserError
from sre_docs.findings import ERROR, Finding, sort_findings
from sre_docs.handbook import DocRecord, Handbook, LintContext
from sre_docs.linter import Loaded, Selection, collect_findings, load_handbook
from sre_docs.loader import decode
from sre_docs.plugin.config import SreDocsConfig
from sre_docs.plugin.safety import undecodable_name
from sre_docs.reporters import text_line
from sre_docs.rules import RULE_SELECTORS
from sre_docs.site.summary import insert_after_title
from sre_docs.tree import MARKDOWN_SUFFIXES, walk
from sre_docs.workers import PARALLEL_THRESHOLD, RecordPool

if TYPE_CHECKING:
    from jinja2 import Environment

log = get_plugin_logger("sre-docs")


def use_site_assets(config: MkDocsConfig) -> None:
    """What the generated pages need from the site: the summary boxes are admonitions (enabled
    here when the handbook's `mkdocs.yml` does not list them), the tables use the shipped script
    and stylesheet."""
    from sre_docs.site import assets

    if "admonition" not in config.markdown_extensions:
        config.markdown_extensions.append("admonition")
    for name in assets.STYLESHEETS:
        if assets.PREFIX + name not in config.extra_css:
            config.extra_css.append(assets.PREFIX + name)
    scripts = [str(script) for script in config.extra_javascript]
    for name in assets.SCRIPTS:
        if assets.PREFIX + name not in scripts:
            config.extra_javascript.append(assets.PREFIX + name)


class SreDocsPlugin(BasePlugin[SreDocsConfig]):
    """Builds the handbook site: findings as warnings, aggregated pages, summary headers."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.core: Config | None = None
        self.today: dt.date | None = None
        self.records: dict[str, DocRecord] = {}
        self.data: dict[str, Any] = {}
        self.headers: dict[str, str] = {}
        self.findings: list[Finding] = []
        self.notices: dict[str, int] = {}
        self.pool: RecordPool | None = None
        self.handbook: Handbook | None = None
        self.loaded: Loaded | None = None
        self.health: str | None = None
        self.linkable: set[str] = set()
        self.rendered: Callable[[], dict[str, str]] | None = None
        self.headers_later: Callable[[], dict[str, str]] | None = None
        self.pages: dict[str, str] | None = None
        self.deferred: set[str] = set()
        self.loading: Future[Loaded] | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        config_file = Path(config.config_file_path or "mkdocs.yml")
        options = dict(self.config.as_options())
        try:
            self.core = config_from_options(
                options,
                root=config_file.parent.resolve(),
                docs_dir=Path(config.docs_dir).resolve(),
                source=config_file.name,
                site_url=config.site_url or "",
            )
            self.core.check_rule_names(RULE_SELECTORS)
        except UserError as error:
            raise PluginError(str(error)) from None
        from sre_docs.tree import today_from_environment

        self.today = today_from_environment(self.core)
        from sre_docs.site.extension import drop_extension

        drop_extension(config)  # the plugin puts the summary boxes in itself
        quiet_duplicate_link_warnings(config, self.core, config_file)
        cached = 0
        if self.core.cache:
            from sre_docs.cache import RecordCache
            from sre_docs.linter import handbook_reads

            try:
                cache = RecordCache.open(self.core, handbook_reads())
                cached = cache.count()
                cache.close()
            except UserError as error:
                if self.core.cache_dir:
                    raise PluginError(str(error)) from None
        self.pool = RecordPool(self.core)
        self.loading = None
        if cached < PARALLEL_THRESHOLD and self.pool.start():
            # No records of an earlier build (a CI build): the workers start now and build
            # the records while MkDocs loads the theme and lists the files; `on_files` takes
            # them. (Started after the fork: the pool refuses a process with threads.)
            self.loading = _load_meanwhile(self.core, self.pool)
        use_site_assets(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.core is None or self.today is None:
            return files
        core, today = self.core, self.today
        templates_prefix = core.templates_dir.strip("/") + "/"
        contents: dict[str, bytes] = {}
        from sre_docs.generated import generated_files

        written = generated_files(core)  # by `sre-docs build-pages`: made here in memory
        for file in list(files):
            rel = file.src_uri
            if rel.startswith(templates_prefix) or rel in written:
                # Scaffolding templates are full of placeholders and template links: they
                # are inputs of `sre-docs new`, not pages of the handbook.
                files.remove(file)
                continue
            if not rel.endswith(MARKDOWN_SUFFIXES) or file.generated_by or core.is_excluded(rel):
                continue
            if undecodable_name(file):  # logged as the lint reports it
                files.remove(file)
                continue
            try:
                raw = file.content_bytes
            except OSError:
                continue  # the pipeline reports why it cannot be read
            contents[rel] = raw
            if decode(raw)[1] is not None:
                files.remove(file)  # not a page MkDocs can render; the lint's finding says why
                continue
            source_path = file.abs_src_path
            file.content_bytes = raw  # MkDocs renders from memory the bytes read here
            file.abs_src_path = source_path
        try:
            loaded = None
            if self.loading is not None:
                _prepare_pages(workers_render=True)
                loading, self.loading = self.loading, None
                loaded = loading.result()
                if not _loaded_from(loaded, contents):
                    loaded = None  # loaded again from the sources MkDocs renders, below
            if loaded is None:
                tree = walk(core, stats=core.cache)
                many = len(tree.markdown) >= PARALLEL_THRESHOLD
                loaded = load_handbook(
                    core,
                    tree,
                    contents=contents,
                    use_cache=core.cache,
                    full=True,
                    pool=self.pool,
                    meanwhile=lambda: _prepare_pages(workers_render=many),
                    # The document rules run on one worker while MkDocs converts the pages;
                    # the findings are taken once they are in (`_settle`).
                    defer_hits=True,
                )
        except UserError as error:
            self._stop_workers()
            raise PluginError(str(error)) from None
        if loaded.later is None and len(loaded.records) < PARALLEL_THRESHOLD:
            self._stop_workers()  # nothing for them to do: see below
        self.loaded = loaded
        self.records = loaded.records
        self.handbook = loaded.handbook
        self.findings = []
        from sre_docs.aggregate import aggregate
        from sre_docs.site.pages import (
            FRONT_MATTER,
            HEALTH_PAGE,
            page_paths,
            render_headers,
            render_pages,
        )

        self.data = aggregate(loaded.full_handbook(), core, today)
        for warning in (self.data["prometheus"] or {}).get("warnings", ()):
            log.warning(warning)  # live budgets: Prometheus unreachable, or a query gave nothing
        self.rendered, self.pages, self.deferred = None, None, set()
        self.headers_later = None
        if self.pool is not None:
            # A handbook large enough for workers (started now if the records came from the
            # cache): they render the summary boxes and the pages while MkDocs converts the
            # handbook's own pages, which come first; each page's markdown is taken when
            # MkDocs reads it (`on_pre_page`). Until then a page holds the front matter
            # it will have. Where no worker can start (`mkdocs serve`) they are rendered
            # then, here.
            self.headers_later = self.pool.call_later(_render_headers, self.data)
            self.rendered = self.pool.call_later(_render_pages, self.data)
            pages = dict.fromkeys(page_paths(self.data, core), FRONT_MATTER)
        else:
            self.headers = render_headers(self.data, core)
            pages = render_pages(self.data, core)
        generated = []
        for src_uri, markdown in pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                log.warning(f"{src_uri}: a file of the handbook hides the generated page")
                continue
            files.append(File.generated(config, src_uri, content=markdown))
            generated.append(src_uri)
        if self.rendered is not None:
            self.deferred = set(generated)  # not the handbook's own files at those paths
        health = f"{core.index_folder}/{HEALTH_PAGE}"
        self.health = None
        if files.get_file_from_path(health) is None:
            self.linkable = {file.src_uri for file in files if file.src_uri.endswith(".md")}
            # Its markdown comes when MkDocs reads it (`on_pre_page`): by then the
            # findings are in. The front matter is the one it will have.
            files.append(File.generated(config, health, content=FRONT_MATTER))
            generated.append(health)
            self.health = health
        from sre_docs.site.assets import asset_texts

        for src_uri, text in asset_texts().items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=text))
        if config.nav is not None:
            config.nav = expand_nav(config.nav, core.index_folder, generated)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Auto navigation: sections titled by their index page, the reliability pages first.

        An explicit `nav:` is the user's: it is left as written (see `expand_nav`)."""
        if not self.config.enabled or self.core is None or config.nav is not None:
            return nav
        folder = self.core.index_folder
        titles = {
            rel: record.title
            for rel, record in self.records.items()
            if record.title and record.title != PurePosixPath(rel).stem
        }
        _title_sections(nav.items, titles, skip=f"{folder}/index.md")
        section = _reliability_section(nav.items, folder)
        if section is not None:
            section.children.sort(key=lambda item: _generated_order(item, folder))
            if section in nav.items and nav.items and isinstance(nav.items[0], Page):
                # Right after the home page: the overview is what most readers come for.
                nav.items.remove(section)
                nav.items.insert(1, section)
        _relink_pages(nav)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        """MkDocs has converted every page: log the findings, and put a notice linking to
        the health page on each page that has some (before the theme or search reads it)."""
        if self.handbook is not None and self.core is not None and self.today is not None:
            self._settle()
            self._log_findings(self.core)
            self.handbook = None
            from sre_docs.site.pages import HEALTH_PAGE, insert_notice, render_notice

            health = files.get_file_from_path(f"{self.core.index_folder}/{HEALTH_PAGE}")
            if health is not None and self.config.enabled:
                for file in files.documentation_pages():
                    count = self.notices.get(file.src_uri)
                    page = file.page
                    if count and page is not None and page.content is not None:
                        notice = render_notice(count, health.url_relative_to(file))
                        page.content = insert_notice(page.content, notice)
        return env

    def _settle(self) -> None:
        """The findings, once the document rules' hits are in (see `on_files`)."""
        if self.loaded is None or self.core is None or self.today is None:
            return
        loaded, self.loaded = self.loaded, None
        try:
            self._rendered_pages()  # before the workers stop
            self._summary_boxes()
            loaded.finish()
        except BaseException:
            self._stop_workers()
            raise
        self._stop_workers(wait=False)  # their jobs are done: they exit as MkDocs goes on
        core = self.core
        self.findings = sort_findings(
            collect_findings(loaded.handbook, LintContext(core, self.today), Selection.build(core))
        )
        self.notices = {}
        for finding in self.findings:
            self.notices[finding.path] = self.notices.get(finding.path, 0) + 1

    def _summary_boxes(self) -> dict[str, str]:
        """The summary boxes by page, waited for once when a worker renders them."""
        if self.headers_later is not None:
            self.headers, self.headers_later = self.headers_later(), None
        return self.headers

    def _rendered_pages(self) -> dict[str, str]:
        """The generated pages' markdown, waited for once (see `on_files`)."""
        if self.pages is None:
            self.pages = self.rendered() if self.rendered is not None else {}
            self.rendered = None
        return self.pages

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """`mkdocs serve` rebuilds when an `alert_rules` file changes, as for a page."""
        if self.config.enabled and self.core is not None:
            from sre_docs.watch import alert_rule_watch_paths

            for path in alert_rule_watch_paths(self.core):
                server.watch(str(path))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_workers()

    def _stop_workers(self, wait: bool = True) -> None:
        if self.loading is not None:  # the build stopped before `on_files`
            loading, self.loading = self.loading, None
            futures.wait([loading])
        if self.pool is not None:
            self.pool.close(wait)
            self.pool = None

    def _log_findings(self, core: Config) -> None:
        for finding in self.findings:
            message = text_line(finding)  # control characters escaped
            if finding.severity == ERROR or core.fail_on == "warning":
                log.warning(message)
            else:
                log.info(message)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        """A page whose markdown comes late (the health page, pages rendered on a worker, see
        `on_files`) gets it now, just before MkDocs reads it: every plugin's `on_page_markdown`
        (before this one's too) and whatever reads the source later see the page as if it
        had held it from the start."""
        if not self.config.enabled:
            return page
        rel = page.file.src_uri
        if rel == self.health and self.core is not None:
            from sre_docs.site.pages import render_health

            self._settle()
            page.file.content_string = render_health(
                self.findings, self.data, self.core, self.linkable
            )
        elif rel in self.deferred:
            page.file.content_string = self._rendered_pages()[rel]
        return page

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        if "tags" in page.meta:
            # Before Material's tags plugin reads them (at priority -50): it prints each name
            # unescaped (on the page and in the tags index) and takes a list of strings only,
            # aborting the build on anything else (`tags: true`). `tags: post-mortem` is the
            # one tag the linter accepts; any other value is its schema-violation.
            from sre_docs.site.sanitize import escape_tags

            escape_tags(page.meta)
        header = self._summary_boxes().get(page.file.src_uri, "")
        if not header:
            return markdown
        return insert_after_title(markdown, header)

    def on_page_content(
        self, html_content: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html_content
        if page.title is not None:
            title = _html_title(page)
            # Only where it changes what the theme prints: a page whose `meta` stays empty
            # spares Material its icon, subtitle and status look-ups for that page in the
            # navigation of every other page (most of the plugin's cost on a large handbook
            # of plain pages, where each of n pages renders n navigation entries).
            if "title" in page.meta or "&" in title:
                page.meta["title"] = title
        from sre_docs.plugin.safety import escape_page_meta, sanitize_page

        escape_page_meta(page, config)
        if not self.config.sanitize_html:
            return html_content
        return sanitize_page(html_content, page, self.config.trusted_embeds)


def _load_meanwhile(core: Config, pool: RecordPool) -> Future[Loaded]:
    """The records, loaded on a thread of this process from the documents on disk, with the
    document rules' hits deferred (see `load_handbook`): the thread mostly waits for `pool`."""

    def load() -> Loaded:
        tree = walk(core, stats=core.cache)
        return load_handbook(
            core, tree, use_cache=core.cache, full=True, pool=pool, defer_hits=True
        )

    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sre-docs-load")
    try:
        return executor.submit(load)
    finally:
        executor.shutdown(wait=False)  # the thread ends with its one task


def _loaded_from(loaded: Loaded, contents: dict[str, bytes]) -> bool:
    """Whether the records `_load_meanwhile` read from disk are those of the page sources
    MkDocs renders (`contents`): not when a plugin before this one changed a page's source,
    or a file changed in between."""
    from sre_docs.handbook import content_digest

    return all(
        loaded.digests.get(rel) == content_digest(raw)
        for rel, raw in contents.items()
        if rel in loaded.handbook.by_rel
    )


def _render_pages(core: Config, data: dict[str, Any]) -> dict[str, str]:
    """The generated pages, on a worker (see `SreDocsPlugin.on_files`)."""
    from sre_docs.site.pages import render_pages

    return render_pages(data, core)


def _render_headers(core: Config, data: dict[str, Any]) -> dict[str, str]:
    """The summary boxes, on a worker (see `SreDocsPlugin.on_files`)."""
    from sre_docs.site.pages import render_headers

    return render_headers(data, core)


def _prepare_pages(workers_render: bool) -> None:
    """What the pages need that does not depend on the records: the compiled templates of
    what this process renders (the health page; every page unless workers render them, see
    `on_files`), compiled while the workers build the records."""
    from sre_docs.site.pages import HEALTH_TEMPLATE, compile_templates

    compile_templates([HEALTH_TEMPLATE] if workers_render else None)


def quiet_duplicate_link_warnings(config: MkDocsConfig, core: Config, config_file: Path) -> None:
    """One report per broken link: while `broken-link` is on, MkDocs' own check of links to
    missing files (`validation.links.not_found`) is set to `ignore` (MkDocs' debug level), so
    the link is reported once, with its line, and an sre-docs suppression comment silences
    it. A `not_found` level the user wrote in `mkdocs.yml` is kept."""
    if not Selection.build(core).enabled("broken-link"):
        return
    if _user_sets_link_validation(config_file):
        return
    config.validation.links.not_found = logging.DEBUG  # MkDocs' `ignore`


def _user_sets_link_validation(config_file: Path) -> bool:
    from sre_docs.config import parse_yaml

    try:
        data = parse_yaml(config_file.read_bytes(), config_file.name)
    except (OSError, UserError):
        return False
    validation = data.get("validation") if isinstance(data, dict) else None
    if not isinstance(validation, dict):
        return False
    links = validation.get("links")
    return "not_found" in validation or (isinstance(links, dict) and "not_found" in links)


def _html_title(page: Page) -> str:
    """The page's title as HTML, escaped exactly once.

    Themes print `page.meta.title` as HTML (navigation, `<title>`). A title from front matter
    or the file name is text; one rendered from the first heading is already HTML, and Material
    would pass it through `striptags`, which unescapes `&lt;` back into a live `<`."""
    title = str(page.title)
    if "title" not in page.meta and getattr(page, "_title_from_render", None):
        title = html.unescape(title)
    return html.escape(title, quote=False)


GENERATED_ORDER = tuple(page.path for page in doctypes.index_pages() if "/" not in page.path)
"""The reading order of the index pages; which of them a handbook gets is
`doctypes.built_pages` (the navigation lists only the pages built)."""


def expand_nav(nav: Any, folder: str, generated: list[str]) -> Any:
    """An explicit `nav:` with every `reliability/` entry replaced by the generated pages.

    Writing `- Reliability: reliability/` lists the overview, the index pages and a Services
    section with one page per service, however many services the handbook names."""
    placeholders = {folder + "/", folder}
    top = [f"{folder}/{name}" for name in GENERATED_ORDER if f"{folder}/{name}" in generated]
    services = sorted(rel for rel in generated if rel.startswith(f"{folder}/services/"))
    reports = sorted(
        (rel for rel in generated if rel.startswith(f"{folder}/reports/")),
        key=lambda rel: (not rel.endswith("/index.md"), rel),
    )
    entries: list[Any] = [
        *top,
        *([{"Services": services}] if services else []),
        *([{"Reports": reports}] if reports else []),
    ]

    def expand(value: Any) -> Any:
        if isinstance(value, str):
            return list(entries) if value.strip() in placeholders else value
        if isinstance(value, list):
            items: list[Any] = []
            for item in value:
                if isinstance(item, str) and item.strip() in placeholders:
                    items.extend(entries)
                else:
                    items.append(expand(item))
            return items
        if isinstance(value, dict):
            return {key: expand(item) for key, item in value.items()}
        return value

    return expand(nav)


def _index_page(section: Section) -> Page | None:
    for child in section.children:
        if isinstance(child, Page) and posixpath.basename(child.file.src_uri) in (
            "index.md",
            "README.md",
        ):
            return child
    return None


def _title_sections(items: list[Any], titles: dict[str, str], *, skip: str) -> None:
    """Name each section after its index page's title (`SLOs`, not the folder's `Slos`)."""
    for item in items:
        if not isinstance(item, Section):
            continue
        index = _index_page(item)
        if index is not None and index.file.src_uri != skip:
            title = titles.get(index.file.src_uri)
            if title:
                # Themes print section titles as HTML; a title is a document's text.
                item.title = html.escape(title, quote=False)
        _title_sections(item.children, titles, skip=skip)


def _reliability_section(items: list[Any], folder: str) -> Section | None:
    for item in items:
        if isinstance(item, Section):
            index = _index_page(item)
            if index is not None and index.file.src_uri == f"{folder}/index.md":
                return item
            found = _reliability_section(item.children, folder)
            if found is not None:
                return found
    return None


def _generated_order(item: Any, folder: str) -> tuple[int, str]:
    if isinstance(item, Page):
        name = item.file.src_uri[len(folder) + 1 :]
        if name in GENERATED_ORDER:
            return (GENERATED_ORDER.index(name), name)
        return (len(GENERATED_ORDER), name)
    return (len(GENERATED_ORDER) + 1, str(getattr(item, "title", "")))


def _relink_pages(nav: Navigation) -> None:
    """Rebuild the flat page list and previous/next links after moving items."""
    pages: list[Page] = []

    def collect(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Page):
                pages.append(item)
            elif isinstance(item, Section):
                collect(item.children)

    collect(nav.items)
    nav.pages = pages
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index > 0 else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None
