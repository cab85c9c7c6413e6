"""Rendering of the generated reliability pages: markdown from templates, inline SVG charts.

Imports Jinja2; only the plugin, `build-pages` and tests load this package."""
