"""The MkDocs plugin `sre-docs`: a thin adapter between MkDocs and the sre-docs core.

Only this package (and `sre_docs.site`) imports MkDocs and Jinja2."""
