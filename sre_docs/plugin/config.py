"""Options of the `sre-docs` plugin entry in `mkdocs.yml`.

MkDocs sees permissive types here; `sre_docs.config.config_from_options` validates the values,
so the command line and the plugin accept exactly the same configuration."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

from sre_docs.site.sanitize import embed_origin


class Origins(c.ListOfItems[str]):
    """The `trusted_embeds` option: origins such as `https://grafana.example.com`."""

    def __init__(self) -> None:
        super().__init__(c.Type(str), default=[])

    def run_validation(self, value: object) -> list[str]:
        origins = super().run_validation(value)
        for origin in origins:
            if embed_origin(origin) != origin.rstrip("/").lower():
                raise c.ValidationError(
                    f"{origin!r} is not an origin (scheme and host, such as "
                    "'https://grafana.example.com', with no path)"
                )
        return origins


class SreDocsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    folders = c.Type(dict, default={})
    rules = c.Type(dict, default={})
    ignore = c.Type(list, default=[])
    per_file_ignores = c.Type(dict, default={})
    exclude = c.Type(list, default=[])
    stale_runbook_days = c.Type(int, default=180)
    postmortem_review_days = c.Type(int, default=5)
    today = c.Optional(c.Type((str, dt.date)))
    alert_rules = c.Type(list, default=[])
    index_folder = c.Type(str, default="reliability")
    fail_on = c.Choice(("warning", "error"), default="warning")
    templates_dir = c.Type(str, default="templates")
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default="")
    sanitize_html = c.Type(bool, default=True)
    budget_policy = c.Type(list, default=[])
    link_forms = c.Type(list, default=[])
    ignore_links = c.Type(list, default=[])
    types = c.Type(dict, default={})
    suffixes = c.Optional(c.Type(list))
    exclude_templates = c.Type(bool, default=True)
    sections = c.Type(dict, default={})
    timeline_date_order = c.Choice(("auto", "day-first", "month-first"), default="auto")
    blame_accepted_terms = c.Type(list, default=[])
    prometheus = c.Optional(c.Type(dict))
    budget_burn_p0_pct = c.Optional(c.Type((int, float)))
    trusted_embeds = Origins()

    # Keys whose value MkDocs does not model (dates) are passed through untouched.
    def as_options(self) -> dict[str, object]:
        plugin_only = {"sanitize_html", "trusted_embeds"}
        return {key: self[key] for key in self if self[key] is not None and key not in plugin_only}
