"""Checks a generated handbook: every front matter loads and fits its type's schema, links resolve.

`python bench/verify.py OUT` prints one line per problem not explained by OUT/defects.json (the
seeded defects) and exits 1 when there is any; the benchmarks rely on the handbook being sound."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import jsonschema
import yaml

SCHEMAS = Path(__file__).resolve().parent.parent / "sre_docs" / "schemas"
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _plain(value: object) -> object:
    """Dates as the strings the schemas describe (YAML loads them as `datetime.date`)."""
    return json.loads(json.dumps(value, default=str))


def problems(root: Path) -> list[str]:
    docs = root / "docs"
    defects: dict[str, str] = json.loads((root / "defects.json").read_text(encoding="utf-8"))
    validators = {
        path.name.removesuffix(".schema.json"): jsonschema.Draft202012Validator(
            json.loads(path.read_text(encoding="utf-8"))
        )
        for path in SCHEMAS.glob("*.schema.json")
    }
    found: list[str] = []
    broken_seen: set[str] = set()
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        text = path.read_text(encoding="utf-8")
        body = text
        if text.startswith("---\n"):
            end = text.index("\n---\n", 4)
            meta = yaml.load(text[4:end], Loader=yaml.CSafeLoader)
            body = text[end + 5 :]
            if not isinstance(meta, dict) or meta.get("type") not in validators:
                found.append(f"{rel}: front matter without a known type")
            elif rel not in defects:
                for error in validators[meta["type"]].iter_errors(_plain(meta)):
                    found.append(f"{rel}: schema: {error.message}")
            for alert in meta.get("burn_rate_alerts", []) if isinstance(meta, dict) else []:
                if not (path.parent / alert["runbook"]).resolve().is_file():
                    if defects.get(rel) == "broken-runbook-link":
                        broken_seen.add(rel)
                    else:
                        found.append(f"{rel}: broken runbook link {alert['runbook']}")
        for target in LINK.findall(body):
            if "://" in target:
                continue
            file = target.split("#", 1)[0]
            if not (path.parent / file).resolve().is_file():
                if defects.get(rel) == "broken-link":
                    broken_seen.add(rel)
                else:
                    found.append(f"{rel}: broken link {target}")
    for rel, kind in defects.items():
        if kind in ("broken-link", "broken-runbook-link") and rel not in broken_seen:
            found.append(f"{rel}: seeded broken link not found")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python bench/verify.py OUT", file=sys.stderr)
        return 2
    found = problems(Path(args[0]))
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
