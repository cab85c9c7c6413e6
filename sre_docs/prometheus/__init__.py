"""Prometheus and its neighbours: rules, rule tests and live budgets from SLO documents, and
OpenSLO and Sloth interchange."""
