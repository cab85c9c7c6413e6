"""The one exception type for user-facing failures.

A `UserError` becomes one line on stderr and exit status 2; any other exception is a bug."""

from __future__ import annotations


class UserError(Exception):
    """A failure the user can fix: bad configuration, unreadable path, refused write."""
