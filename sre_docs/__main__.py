"""`python -m sre_docs`: the same as the `sre-docs` command.

Kept separate so the package imports without running anything."""

from sre_docs.cli import entry_point

entry_point()
