"""Measure the linter on handbooks nobody here wrote: findings per rule, a fixed sample of them
to judge by reading the documents, precision per rule from the judgements, and the action
items the linter reads.

    python tools/measure.py sample PLAN OUT      # lint every set, write OUT/sample.md and
                                                 # OUT/judgements.tsv (one row per sampled finding)
        [--part holdout7] [--per-rule 40]        # only the sets of a part; a larger sample
    python tools/measure.py score PLAN OUT       # precision per rule and part from the
                                                 # judgements filled in (T or F per row)
    python tools/measure.py items PATH...        # action items the linter reads per file

PLAN is YAML: `sets:` a list of `name`, `part` (`tune` or `holdout`), `docs_dir` and the
options the guide recommends for that tree; `${CORPUS}` and `${MIRROR}` in paths are replaced
by the environment variables of those names. The judgements stay in OUT, outside the project:
only the numbers are reported."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

SAMPLE_PER_RULE = 12
SEED = 20261201


def load_plan(path: Path, parts: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The sets of the plan whose folder exists, only those of `parts` when given."""
    text = path.read_text(encoding="utf-8")
    for name in ("CORPUS", "MIRROR"):
        text = text.replace("${" + name + "}", os.environ.get(name, f"/missing-{name.lower()}"))
    sets = yaml.safe_load(text)["sets"]
    return [
        entry
        for entry in sets
        if Path(entry["docs_dir"]).is_dir() and (not parts or entry["part"] in parts)
    ]


def lint_set(entry: dict[str, Any], today: str = "2026-12-01") -> list[dict[str, Any]]:
    """Findings of one set, through the command line's own entry (JSON output)."""
    from sre_docs.cli import main

    options = {"docs_dir": entry["docs_dir"], "cache": False, **entry.get("options", {})}
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "sre-docs.yml"
        config.write_text(yaml.safe_dump(options), encoding="utf-8")
        output = io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(io.StringIO()):
            status = main(
                ["lint", "--config", str(config), "--format", "json", "--today", today, "-q"]
            )
        if status not in (0, 1):
            raise SystemExit(f"{entry['name']}: sre-docs lint exited {status}")
    findings = json.loads(output.getvalue())
    root = Path(entry["docs_dir"]).resolve()
    for finding in findings:
        absolute = (Path.cwd() / finding["path"]).resolve()
        finding["file"] = str(absolute)
        finding["rel"] = os.path.relpath(absolute, root)
        finding["set"] = entry["name"]
        finding["part"] = entry["part"]
    return findings


def sample(findings: Sequence[dict[str, Any]], per_rule: int = SAMPLE_PER_RULE) -> list[dict]:
    """A fixed sample: up to `per_rule` findings of each rule in each part, spread over sets."""
    chosen = []
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for finding in findings:
        groups[(finding["part"], finding["rule"])].append(finding)
    for key in sorted(groups):
        ordered = sorted(groups[key], key=lambda f: (f["set"], f["rel"], f["line"], f["message"]))
        generator = random.Random(f"{SEED}:{key[0]}:{key[1]}")
        picked = ordered if len(ordered) <= per_rule else generator.sample(ordered, per_rule)
        chosen.extend(sorted(picked, key=lambda f: (f["set"], f["rel"], f["line"])))
    for number, finding in enumerate(chosen, start=1):
        finding["id"] = f"{finding['part'][0]}{number:04d}"
    return chosen


def context(file: str, line: int, around: int = 2) -> str:
    try:
        lines = Path(file).read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return "(file not readable)"
    start, stop = max(0, line - 1 - around), min(len(lines), line + around)
    return "\n".join(
        f"{n + 1:5d}{'>' if n + 1 == line else ' '} {lines[n]}" for n in range(start, stop)
    )


def write_sample(out: Path, findings: list[dict[str, Any]], chosen: list[dict[str, Any]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    counts = Counter((f["part"], f["rule"]) for f in findings)
    (out / "counts.json").write_text(
        json.dumps({f"{part}/{rule}": n for (part, rule), n in sorted(counts.items())}, indent=1)
    )
    sheet = []
    for finding in chosen:
        sheet.append(
            f"## {finding['id']} {finding['rule']} ({finding['part']}, {finding['set']})\n\n"
            f"`{finding['rel']}:{finding['line']}` {finding['message']}\n\n"
            f"```\n{context(finding['file'], finding['line'])}\n```\n"
        )
    (out / "sample.md").write_text("\n".join(sheet), encoding="utf-8")
    judgements = out / "judgements.tsv"
    known = read_judgements(judgements) if judgements.exists() else {}
    rows = ["id\trule\tpart\tset\tverdict\tnote\twhere"]
    for finding in chosen:
        where = f"{finding['rel']}:{finding['line']}"
        verdict, note = known.get((finding["rule"], finding["set"], where), ("", ""))
        cells = (finding["id"], finding["rule"], finding["part"], finding["set"], verdict, note)
        rows.append("\t".join((*cells, where)))
    judgements.write_text("\n".join(rows) + "\n", encoding="utf-8")


def read_judgements(path: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    """Verdicts already given, by (rule, set, file:line): a new sample keeps them."""
    verdicts = {}
    for row in path.read_text(encoding="utf-8").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) >= 7:
            verdicts[(cells[1], cells[3], cells[6])] = (cells[4].strip().upper(), cells[5])
    return verdicts


def precision(out: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """(part, rule) → (true, judged) from the judgements file."""
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in (out / "judgements.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 5 or cells[4].strip().upper() not in ("T", "F"):
            continue
        entry = table[(cells[2], cells[1])]
        entry[1] += 1
        entry[0] += cells[4].strip().upper() == "T"
    return {key: (value[0], value[1]) for key, value in sorted(table.items())}


def action_items(paths: Sequence[str], doc_type: str = "postmortem") -> dict[str, int]:
    from sre_docs.loader import load_file

    counts = {}
    for name in paths:
        path = Path(name)
        counts[name] = len(load_file(path.name, path, doc_type).action_items)
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("sample", "score"):
        command = commands.add_parser(name)
        command.add_argument("plan", type=Path)
        command.add_argument("out", type=Path)
    sampling = commands.choices["sample"]
    sampling.add_argument("--part", action="append", default=[], help="only this part's sets")
    sampling.add_argument("--per-rule", type=int, default=SAMPLE_PER_RULE, metavar="N")
    items = commands.add_parser("items")
    items.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "items":
        for name, count in action_items(args.paths).items():
            print(f"{count:4d} {name}")
        return 0
    if args.command == "sample":
        entries = load_plan(args.plan, args.part)
        findings = [f for entry in entries for f in lint_set(entry)]
        write_sample(args.out, findings, sample(findings, args.per_rule))
        print(f"{len(findings)} findings; sample in {args.out / 'sample.md'}", file=sys.stderr)
        return 0
    counts = json.loads((args.out / "counts.json").read_text())
    print("| part | rule | findings | judged | true | precision |")
    print("|---|---|---|---|---|---|")
    for (part, rule), (true, judged) in precision(args.out).items():
        print(
            f"| {part} | {rule} | {counts.get(f'{part}/{rule}', 0)} | {judged} | {true} "
            f"| {true / judged:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
