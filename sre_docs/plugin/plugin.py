"""The `sre-docs` MkDocs plugin: lint while building, add the reliability pages and headers.

It reads each page's source once (and hands the text to MkDocs), builds the same records as
`sre-docs lint`, logs every finding as a MkDocs warning, and adds generated pages in memory:
nothing is written into `docs_dir`, so `mkdocs serve` does not rebuild in a loop."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sre_docs.config import Config, config_from_options
from sre_docs.errors import UserError
from sre_docs.findings import ERROR, sort_findings
from sre_docs.handbook import DocRecord, Handbook, LintContext
from sre_docs.linter import MARKDOWN_SUFFIXES, Selection, collect_findings, record_from_text
from sre_docs.plugin.config import SreDocsConfig

log = get_plugin_logger("sre-docs")


class SreDocsPlugin(BasePlugin[SreDocsConfig]):
    """Builds the handbook site: findings as warnings, aggregated pages, summary headers."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.core: Config | None = None
        self.today: dt.date | None = None
        self.records: dict[str, DocRecord] = {}
        self.data: dict[str, Any] = {}
        self.headers: dict[str, str] = {}

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
        except UserError as error:
            raise PluginError(str(error)) from None
        from sre_docs.linter import today_from_environment

        self.today = today_from_environment(self.core)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.core is None or self.today is None:
            return files
        core, today = self.core, self.today
        templates_prefix = core.templates_dir.strip("/") + "/"
        self.records = {}
        cache = None
        if core.cache:
            from sre_docs.cache import PageRecordCache

            cache = PageRecordCache(core)
        for file in files:
            rel = file.src_uri
            if not rel.endswith(MARKDOWN_SUFFIXES) or file.generated_by:
                continue
            if rel.startswith(templates_prefix) or core.is_excluded(rel):
                continue
            try:
                text = file.content_string
            except (OSError, UnicodeDecodeError) as error:
                log.warning(f"{rel}: cannot read: {error}")
                continue
            source_path = file.abs_src_path
            file.content_string = text  # MkDocs renders from memory: the file is read once
            file.abs_src_path = source_path
            if cache is not None:
                self.records[rel] = cache.record(
                    rel, text, lambda rel=rel, text=text: record_from_text(core, today, rel, text)
                )
            else:
                self.records[rel] = record_from_text(core, today, rel, text)
        if cache is not None:
            cache.save()
        handbook = Handbook(
            records=sorted(self.records.values(), key=lambda record: record.rel),
            files=frozenset(file.src_uri for file in files),
            folders=frozenset(
                "/".join(file.src_uri.split("/")[:depth])
                for file in files
                for depth in range(1, file.src_uri.count("/") + 1)
            ),
        )
        from sre_docs.alert_rules import load_alert_rule_files

        handbook.alert_rule_files = load_alert_rule_files(core)
        self._log_findings(handbook, core, today)
        from sre_docs.aggregate import aggregate
        from sre_docs.site.pages import render_header, render_pages

        self.data = aggregate(handbook, core, today)
        self.headers = {}
        for incident in self.data["incidents"]["items"]:
            self.headers[incident["rel"]] = render_header(
                "postmortem", incident, incident["rel"], core.index_folder
            )
        for slo in self.data["slos"]:
            self.headers[slo["rel"]] = render_header("slo", slo, slo["rel"], core.index_folder)
        for runbook in self.data["runbooks"]["items"]:
            self.headers[runbook["rel"]] = render_header(
                "runbook", runbook, runbook["rel"], core.index_folder
            )
        for src_uri, markdown in render_pages(self.data, core).items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                log.warning(f"{src_uri}: a file of the handbook hides the generated page")
                continue
            files.append(File.generated(config, src_uri, content=markdown))
        return files

    def _log_findings(self, handbook: Handbook, core: Config, today: dt.date) -> None:
        selection = Selection.build(core)
        findings = sort_findings(collect_findings(handbook, LintContext(core, today), selection))
        for finding in findings:
            message = (
                f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
                f"[{finding.rule}] {finding.message}"
            )
            if finding.severity == ERROR or core.fail_on == "warning":
                log.warning(message)
            else:
                log.info(message)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        header = self.headers.get(page.file.src_uri)
        if not header:
            return markdown
        lines = markdown.split("\n")
        # Keep a leading H1 first, so the page title stays the document's own.
        if lines and lines[0].startswith("# "):
            return "\n".join([lines[0], "", header, *lines[1:]])
        return header + "\n" + markdown

    def on_page_content(
        self, html_content: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html_content
        if page.title is not None:
            # Themes print titles unescaped (navigation, <title>, search results), whether
            # they come from front matter or from the first heading.
            page.meta["title"] = html.escape(str(page.title), quote=False)
        if not self.config.sanitize_html:
            return html_content
        from sre_docs.site.sanitize import sanitize_html

        return sanitize_html(html_content)
