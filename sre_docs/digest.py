"""BLAKE2b, the one hash the cache uses, without importing `hashlib`.

`hashlib` loads OpenSSL for its other algorithms (~5 ms of every run's start-up); BLAKE2 is
built into CPython as `_blake2`, which `hashlib.blake2b` is."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without the module
    from hashlib import blake2b

__all__ = ["blake2b"]
