"""Static files the generated pages use: the table script and the stylesheet of the tables,
the overview tiles and the charts.

Shipped inside the package and added to the site in memory, so a handbook needs no CDN and
no copy of them in its docs folder."""

from __future__ import annotations

from importlib import resources

# Where the files appear in the built site, relative to its root.
PREFIX = "assets/sre-docs/"
SCRIPTS = ("tables.js",)
STYLESHEETS = ("sre-docs.css",)
# Put on every generated page: the table script enhances only pages that carry it.
PAGE_MARKER = '<div class="sre-docs-tables" hidden></div>'


def asset_texts() -> dict[str, str]:
    """Site path → text of every shipped asset."""
    folder = resources.files("sre_docs.site") / "assets"
    return {
        PREFIX + name: (folder / name).read_text(encoding="utf-8")
        for name in (*SCRIPTS, *STYLESHEETS)
    }
