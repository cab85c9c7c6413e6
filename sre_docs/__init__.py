"""sre-docs: docs-as-code for site reliability engineering.

Lints an SRE handbook written as markdown with YAML front matter, scaffolds new documents and
publishes the handbook with MkDocs."""

__version__ = "0.1.0"
