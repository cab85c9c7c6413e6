"""Pure reliability math: SLO budgets, toil value, incident statistics, action-item status.

Functions from plain data to plain data, shared by the lint rules, `export` and the site."""
