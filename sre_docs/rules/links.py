"""The `broken-link` rule: relative links and images in every page point at files that exist.

Anchors and query strings are ignored, URL-encoded names are decoded, links in code are not
links, and absolute URLs are never fetched."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import unquote

from sre_docs.config import DEFAULT_SUFFIXES, glob_match, section_page
from sre_docs.handbook import outside_path, resolve_link
from sre_docs.rules.base import HANDBOOK, Hit, rule
from sre_docs.tree import SKIPPED_DIRECTORIES

if TYPE_CHECKING:
    from sre_docs.handbook import Handbook, LintContext


@rule("broken-link", "LN001", "error", scope=HANDBOOK, reads=("links",))
def broken_link(handbook: Handbook, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports a relative markdown link or image, in any page of the handbook (plain pages
    included), whose target file does not exist. `#anchors` and `?queries` are ignored;
    `%20` and other escapes are decoded, and so are, as every CommonMark renderer reads them,
    backslash escapes (`add\\_keplr.md`) and character references (`a&#32;b.md`, also in an
    HTML `href`); links inside code are skipped, and absolute URLs
    (`https://…`, `mailto:`) are not fetched. Links into the folder of generated pages
    (`reliability/` by default, the `index_folder` option) are left to the site build, which
    creates those pages. Footnotes (`[^1]: …`) are not links; code (fenced, indented, `<pre>`,
    inline) is skipped. A target outside the docs root (`../…`) or in a folder the linter does
    not walk (a hidden one such as `.github/` or GitBook's `.gitbook/assets/`, or
    `node_modules`) counts when the file exists on disk: GitHub and GitBook show those files.
    MkDocs and Jekyll leave hidden folders out of the site they build, so on such a site the
    link works in the repository but not on the published page.

    The `link_forms` option accepts the URL forms of other site generators: `html` finds
    `page.html` as `page.html.md` or `page.md` (Middleman, Jekyll); `directory` finds `page/`
    as `page.md`, `page/index.md`, `page/_index.md` or `page/README.md` (or with another of
    the `suffixes`: `page/index.qmd` on a Quarto site), and resolves a link that is not to a
    markdown file from the page's URL folder too (Hugo, MkDocs `use_directory_urls`); with
    `html`, an image is also looked up from the docs root; `sphinx` finds a document named
    without its suffix (`[metrics](metrics)` as `metrics.md`, `.rst` or `.ipynb`, Sphinx with
    MyST), and a MyST target (`(metrics-page)=` on a line of its own) from any page. Targets
    matching `ignore_links`
    (pages the generator creates) and targets that are template code (`<%= … %>`, `{{ … }}`)
    are not checked.

    ## Why is this bad
    Handbooks are read in a hurry. A link from a postmortem to the runbook that was renamed,
    or from a handoff to a deleted dashboard page, breaks the one path the reader had.

    ## Example
    ```markdown
    See the [checkout runbook](../runbooks/checkout-5xx.md).
    ```

    ## Use instead
    ```markdown
    See the [checkout runbook](../runbooks/checkout-high-5xx.md).
    ```
    """
    root = context.config.docs_dir
    forms = context.config.link_forms
    ignored = context.config.ignore_links
    generated = context.config.index_folder.strip("/") + "/"
    labels = _MystLabels()
    for record in handbook.checked():
        for link in record.links:
            if _TEMPLATE_CODE.search(link.target):
                continue  # `<%= … %>`, `{{ … }}`: the site generator writes the target
            target = resolve_link(record.rel, link.target)
            if target is None:
                continue
            if ignored and any(glob_match(pattern, target) for pattern in ignored):
                continue
            if target.startswith("../"):
                if os.path.exists(outside_path(root, target)):
                    continue
            elif handbook.exists(target.rstrip("/")) or target.startswith(generated):
                continue
            elif _in_unlisted_folder(target) and os.path.exists(os.path.join(root, target)):
                continue  # `.github/…`, `.gitbook/assets/…`: folders the linter does not walk
            if forms and _exists_as_site_url(
                handbook, record.rel, link.target, target, forms, context.config.suffixes
            ):
                continue
            if "sphinx" in forms and link.target in labels(handbook, root):
                continue  # a MyST `(label)=` target, which Sphinx resolves from any page
            if "html" in forms and link.image and handbook.exists(_from_root(link.target)):
                continue  # Middleman looks images up in the site's images folder
            kind = "image" if link.image else "link"
            yield Hit(
                link.line, link.column, f"{kind} target {link.target!r} does not exist", record.rel
            )


def _in_unlisted_folder(target: str) -> bool:
    """True when the docs-root-relative `target` lies in a folder the tree walk skips: a
    hidden one (`.github`, `.gitbook`) or one of `SKIPPED_DIRECTORIES`."""
    return any(
        part.startswith(".") or part in SKIPPED_DIRECTORIES
        for part in target.rstrip("/").split("/")
    )


_SECTION_PAGES = ("index", "_index", "README")
_SPHINX_SUFFIXES = (".md", ".rst", ".ipynb")
_TEMPLATE_CODE = re.compile(r"<%|\{\{|\{%")


class _MystLabels:
    """The `(label)=` targets of a Sphinx (MyST) handbook, read once, on first need."""

    def __init__(self) -> None:
        self.found: frozenset[str] | None = None

    def __call__(self, handbook: Handbook, root: os.PathLike[str] | str) -> frozenset[str]:
        if self.found is None:
            found = set()
            for rel in sorted(handbook.files):
                if rel.endswith(".md"):
                    found.update(myst_labels(os.path.join(root, rel)))
            self.found = frozenset(found)
        return self.found


_LABEL_FILE_LIMIT = 4 * 1024 * 1024


def myst_labels(path: str) -> list[str]:
    """The MyST targets (`(label)=` alone on a line) of one markdown file."""
    try:
        if os.path.islink(path) or os.path.getsize(path) > _LABEL_FILE_LIMIT:
            return []
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().split("\n")
    except OSError:
        return []
    found = []
    for line in lines:
        text = line.strip()
        if text.startswith("(") and text.endswith(")=") and len(text) > 3:
            label = text[1:-2]
            if label and not any(char.isspace() or char in "()" for char in label):
                found.append(label)
    return found


def _from_root(written: str) -> str:
    path = unquote(written.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return ""
    parts = [part for part in posixpath.normpath(path.lstrip("/")).split("/") if part != ".."]
    return "/".join(parts)  # a URL cannot climb above the site root: `../images/x` is `images/x`


def _exists_as_site_url(
    handbook: Handbook,
    source_rel: str,
    written: str,
    target: str,
    forms: tuple[str, ...],
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
) -> bool:
    """True when a site generator of one of `forms` turns the link into an existing page
    (`suffixes`: the file name endings of the handbook's pages)."""
    candidates = [] if target.startswith("../") else [target]
    path = written.split("#", 1)[0].split("?", 1)[0]
    endings = tuple(dict.fromkeys((".md", *(suffix for suffix in suffixes if suffix))))
    if "directory" in forms and not path.endswith(endings):
        # The page `a/b.md` is served at `a/b/`, a section page `a/index.md` at `a/`: its
        # links resolve from there.
        stem, _ = posixpath.splitext(source_rel)
        section = section_page(source_rel, suffixes)
        page_folder = posixpath.dirname(source_rel) if section else stem
        from_page = resolve_link(page_folder + "/", written)
        if from_page is not None and not from_page.startswith("../"):
            candidates.append(from_page)
    for candidate in candidates:
        bare = candidate.rstrip("/")
        options: list[str] = []
        if "html" in forms and bare.endswith(".html"):
            options += [bare + ".md", bare + ".md.erb", bare[: -len(".html")] + ".md"]
        if "html" in forms:
            options.append(bare + ".erb")  # Middleman renders `x.csv.erb` as `x.csv`
            if "." not in posixpath.basename(bare):
                # `page` for `page.html`, as GitHub Pages and most servers answer
                options += [bare + ".html.md", bare + ".html.md.erb", bare + ".md"]
        if "directory" in forms:
            options += [bare + ending for ending in endings]
            options += [f"{bare}/{page}{ending}" for page in _SECTION_PAGES for ending in endings]
        if "sphinx" in forms and "." not in posixpath.basename(bare):
            # Sphinx with MyST: `[metrics](metrics)` names the document `metrics.md`
            options += [bare + suffix for suffix in _SPHINX_SUFFIXES]
        if any(handbook.exists(option) for option in options if option):
            return True
        if "directory" in forms and handbook.exists(bare):
            return True
    return False
