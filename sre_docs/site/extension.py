"""`sre_docs`, a Python-Markdown extension: the summary boxes and the sanitising of the plugin,
for generators that run extensions but not MkDocs plugins (Zensical; MkDocs without the plugin).

List it in `markdown_extensions`. It reads the handbook the way `sre-docs export` does, renders
the boxes with the plugin's own templates (`pages.render_headers`), and finds each page by the
path Zensical gives its extensions (the `rendering_context` preprocessor's `page`, looked up by
name: no Zensical module is imported), else by the page's text."""

from __future__ import annotations

import html
import logging
import threading
import types
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from sre_docs.config import Config, find_config_file, load_config
from sre_docs.errors import UserError

NAMES = ("sre_docs", "sre_docs.site.extension")
ZENSICAL_CONFIG_NAMES = ("zensical.toml", "mkdocs.yml", "mkdocs.yaml")  # Zensical's own order
log = logging.getLogger("sre_docs")


def drop_extension(mkdocs_config: MutableMapping[str, Any]) -> None:
    """Take the extension out of an MkDocs configuration whose `sre-docs` plugin runs: the
    plugin adds the boxes and sanitises itself, and a second copy would only cost time."""
    extensions = mkdocs_config.get("markdown_extensions") or []
    kept = [
        item for item in extensions if not (item in NAMES or isinstance(item, SummaryExtension))
    ]
    if len(kept) != len(extensions):
        mkdocs_config["markdown_extensions"] = kept
        configs = mkdocs_config.get("mdx_configs") or {}
        for name in NAMES:
            configs.pop(name, None)


class _Handbook:
    """The handbook behind the boxes: configuration, box per page, and each page's text key.

    Built on the first page that needs it; a page rendered a second time (a generator serving
    and rebuilding) makes it check the docs folder and rebuild when anything changed there."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file
        self.config: Config = load_config(config_file, cwd=config_file.parent)
        self.snapshot: bytes | None = None
        self.headers: dict[str, str] | None = None
        self.by_text: dict[str, str] | None = None
        self.seen: set[str] = set()

    def refresh(self) -> None:
        from sre_docs.export import load_aggregate
        from sre_docs.site.pages import render_headers
        from sre_docs.tree import walk

        self.config = load_config(self.config_file, cwd=self.config_file.parent)
        self.snapshot = walk(self.config, stats=True).snapshot()
        arguments = types.SimpleNamespace(config=self.config_file, today=None)
        _, data = load_aggregate(arguments, jobs=1)  # no fork inside the generator's threads
        self.headers = render_headers(data, self.config)
        self.by_text = None
        self.seen.clear()

    def header(self, rel: str | None, lines: list[str]) -> str | None:
        if self.headers is None:
            self.refresh()
        found = rel if rel is not None else self._rel_by_text(lines)
        if found is not None and found in self.seen:
            # The page again: the generator is rebuilding, and the handbook may have changed.
            from sre_docs.tree import walk

            if walk(self.config, stats=True).snapshot() != self.snapshot:
                self.refresh()
                found = rel if rel is not None else self._rel_by_text(lines)
        if found is None:
            return None
        self.seen.add(found)
        assert self.headers is not None
        return self.headers.get(found)

    def _rel_by_text(self, lines: list[str]) -> str | None:
        """The document whose body is this text (generators strip the front matter first)."""
        if self.by_text is None:
            from sre_docs.loader import decode, split_front_matter

            assert self.headers is not None
            self.by_text = {}
            for rel in self.headers:
                try:
                    text, _ = decode((self.config.docs_dir / rel).read_bytes())
                except OSError:
                    continue
                if text is not None:
                    key = _text_key(split_front_matter(text)[2].split("\n"))
                    # Two documents with the same body cannot be told apart: neither gets one.
                    self.by_text[key] = "" if key in self.by_text else rel
        return self.by_text.get(_text_key(lines)) or None


def _text_key(lines: list[str]) -> str:
    return "\n".join(line.strip() for line in lines if line.strip())


_LOCK = threading.Lock()
_HANDBOOKS: dict[Path, _Handbook] = {}


def _handbook(config_file: Path) -> _Handbook:
    handbook = _HANDBOOKS.get(config_file)
    if handbook is None:
        handbook = _HANDBOOKS[config_file] = _Handbook(config_file)
    return handbook


class _Context:
    """What the generator says about the page being rendered, read without importing it."""

    def __init__(self, md: Markdown) -> None:
        try:
            processor = md.preprocessors["rendering_context"]
        except KeyError:  # not Zensical
            processor = None
        page = getattr(processor, "page", None)
        path = getattr(page, "path", None)
        self.path = path.replace("\\", "/") if isinstance(path, str) and path else None
        settings = getattr(processor, "config", None)
        root = settings.get("root_dir") if isinstance(settings, dict) else None
        self.root = Path(root) if isinstance(root, str) and root else None


class SummaryExtension(Extension):
    """Adds the summary box to postmortem, SLO and runbook pages; sanitises every page."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "config_file": [
                "",
                "the handbook's mkdocs.yml or zensical.toml (default: the generator's, else "
                "the one in the current folder)",
            ],
        }
        super().__init__(**kwargs)
        self.failed: set[str] = set()

    def extendMarkdown(self, md: Markdown) -> None:
        if "admonition" not in md.parser.blockprocessors:
            from markdown.extensions.admonition import AdmonitionExtension

            AdmonitionExtension().extendMarkdown(md)
        md.registerExtension(self)
        _escape_title(md)  # here: Python-Markdown runs no processor for a page without a body
        _escape_tags(md)
        # After whitespace is normalised (30) and before raw HTML blocks are stashed (20).
        md.preprocessors.register(_BoxPreprocessor(md, self), "sre_docs_summary", 25)
        # Last: the page's final HTML, as the plugin sanitises it.
        md.postprocessors.register(_HeadingTitlePostprocessor(md), "sre_docs_title", 1)
        md.postprocessors.register(_SanitizePostprocessor(md, self), "sre_docs_sanitize", 0)

    def handbook(self, md: Markdown) -> _Handbook | None:
        context = _Context(md)
        configured = str(self.getConfig("config_file") or "")
        if configured:
            config_file: Path | None = Path(configured).resolve()
        else:
            root = context.root or Path.cwd()
            names = ZENSICAL_CONFIG_NAMES if context.root is not None else ()
            config_file = next(
                (root / name for name in names if (root / name).is_file()), None
            ) or find_config_file(root)
        if config_file is None:
            self._warn("(none)", "no mkdocs.yml or zensical.toml found: no summary boxes")
            return None
        with _LOCK:
            try:
                return _handbook(config_file)
            except UserError as error:
                self._warn(str(config_file), str(error))
                return None

    def _warn(self, key: str, message: str) -> None:
        if key not in self.failed:
            self.failed.add(key)
            log.warning("sre_docs: %s", message)


class _BoxPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: SummaryExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        handbook = self.extension.handbook(self.md)
        if handbook is None:
            return lines
        path = _Context(self.md).path
        rel = _docs_relative(path, handbook.config) if path else None
        with _LOCK:
            try:
                header = handbook.header(rel, lines)
            except UserError as error:
                self.extension._warn(str(handbook.config_file), str(error))
                return lines
        if not header:
            return lines
        from sre_docs.site.summary import insert_after_title

        return insert_after_title("\n".join(lines), header).split("\n")


def _escape_title(md: Markdown) -> None:
    """A front-matter title is text, but Zensical prints it as HTML (navigation, `<title>`):
    hand it back escaped, through the page's `rendered_metadata_title`, as the plugin does
    for MkDocs. Set once per page, so an inner Markdown instance does not escape it twice."""
    try:
        page = md.preprocessors["rendering_context"].page
    except (KeyError, AttributeError):
        return
    meta = getattr(page, "meta", None)
    title = meta.get("title") if isinstance(meta, dict) else None
    if title is None or not hasattr(page, "rendered_metadata_title"):
        return
    # Any YAML value: Zensical prints a list or a mapping (`title: ["<img ...>"]`) as its text.
    text = title if isinstance(title, str) else str(title)
    if page.rendered_metadata_title is None:
        page.rendered_metadata_title = html.escape(text, quote=False)


def _escape_tags(md: Markdown) -> None:
    """Zensical prints each tag's name unescaped (`<span class="md-tag">`): the page's `tags`
    become escaped strings (`escape_tags`), as the plugin makes them for MkDocs; a string is
    one tag, as the schemas accept. Once per page: an inner Markdown instance shares it."""
    try:
        page = md.preprocessors["rendering_context"].page
    except (KeyError, AttributeError):
        return
    meta = getattr(page, "meta", None)
    if not isinstance(meta, dict) or "tags" not in meta or getattr(page, _TAGS_ESCAPED, False):
        return
    from sre_docs.site.sanitize import escape_tags

    escape_tags(meta)
    setattr(page, _TAGS_ESCAPED, True)


_TAGS_ESCAPED = "sre_docs_tags_escaped"


def _first_heading_text(html_text: str) -> str | None:
    """The HTML text of the page's first `<h1>`, tags and permalink removed, entities kept.

    Plain `find` calls: linear however a page's raw HTML is written."""
    start = html_text.find("<h1")
    opened = html_text.find(">", start) if start >= 0 else -1
    end = html_text.find("</h1>", opened) if opened >= 0 else -1
    if end < 0:
        return None
    inner = html_text[opened + 1 : end]
    link = inner.find('<a class="headerlink"')
    if link >= 0:
        close = inner.find("</a>", link)
        inner = inner[:link] + (inner[close + 4 :] if close >= 0 else "")
    parts: list[str] = []
    position = 0
    while True:
        tag = inner.find("<", position)
        if tag < 0:
            parts.append(inner[position:])
            break
        parts.append(inner[position:tag])
        position = inner.find(">", tag)
        if position < 0:
            break
        position += 1
    return "".join(parts).strip()


class _HeadingTitlePostprocessor(Postprocessor):
    """A title taken from the first heading: Zensical prints it through `striptags`, which
    turns `&lt;` back into a live `<` in `<title>`. The heading's text, still escaped, goes
    back as the page's title instead (the plugin does the same for MkDocs)."""

    def run(self, text: str) -> str:
        try:
            page = self.md.preprocessors["rendering_context"].page
        except (KeyError, AttributeError):
            return text
        meta = getattr(page, "meta", None)
        if not hasattr(page, "rendered_metadata_title") or page.rendered_metadata_title:
            return text
        if isinstance(meta, dict) and meta.get("title"):
            return text
        title = _first_heading_text(text)
        if title and "&" in title:
            page.rendered_metadata_title = title
        return text


def _docs_relative(path: str, config: Config) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.resolve().relative_to(config.docs_dir).as_posix()
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix().removeprefix("./")


class _SanitizePostprocessor(Postprocessor):
    def __init__(self, md: Markdown, extension: SummaryExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        handbook = self.extension.handbook(self.md)
        if handbook is not None and not handbook.config.sanitize_html:
            return text
        from sre_docs.site.sanitize import sanitize_html

        return sanitize_html(text)


def makeExtension(**kwargs: Any) -> SummaryExtension:
    return SummaryExtension(**kwargs)
