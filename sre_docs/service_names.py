"""Service identity: each service has an id (its slug) and a display name, and documents may
name it by either.

A service entry's id is its `id` key, else the slug of its `title`; "Checkout API",
"checkout-api" and "checkout api" all name the same service. The aggregates, the site and the
`unknown-service` rule read services through one `ServiceDirectory`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_NOT_SLUG = re.compile(r"[^a-z0-9._-]+")


def slug(name: str) -> str:
    """`Checkout API` → `checkout-api`: lower case, runs of other characters as one `-`."""
    return _NOT_SLUG.sub("-", name.lower()).strip("-.")


@dataclass(slots=True)
class ServiceDirectory:
    """The services of the handbook's service entries, by id, and every name they go by."""

    names: dict[str, str] = field(default_factory=dict)
    """Service id → display name (the entry's title, else its id)."""
    _aliases: dict[str, str] = field(default_factory=dict)

    def add(self, service_id: str | None, title: str | None) -> str | None:
        """Register an entry; returns its id (None when it has neither id nor title)."""
        key = slug(service_id or "") or slug(title or "")
        if not key:
            return None
        self.names.setdefault(key, (title or service_id or key).strip())
        for alias in (service_id, title):
            if alias and slug(alias):
                self._aliases.setdefault(slug(alias), key)
        return key

    def resolve(self, name: str) -> str | None:
        """The id of the entry that `name` names, by id or display name; None if none does."""
        return self._aliases.get(slug(name))

    def key(self, name: str) -> str:
        """The id `name` resolves to, else its own slug: names with no entry still group
        (`Checkout API` and `checkout-api` are one service page either way)."""
        return self.resolve(name) or slug(name) or name

    def suggest(self, name: str) -> str | None:
        """The display name of the entry `name` most likely meant, if any is close."""
        candidates = {
            **{key: key for key in self.names},
            **{slug(n): k for k, n in self.names.items()},
        }
        match = difflib.get_close_matches(slug(name), list(candidates), n=1, cutoff=0.6)
        return self.names[candidates[match[0]]] if match else None


def directory(entries: Iterable[tuple[str | None, str | None]]) -> ServiceDirectory:
    """The directory of service entries given as (id, title) pairs."""
    services = ServiceDirectory()
    for service_id, title in entries:
        services.add(service_id, title)
    return services
