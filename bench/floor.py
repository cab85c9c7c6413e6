"""The baselines sre-docs is measured against: the single-process Python floor and the import floor.

`python bench/floor.py FOLDER` prints "FILES SECONDS" for the Python floor over every `.md` under
FOLDER; `python bench/floor.py --imports` prints the import floor in seconds (median of 5)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import jsonschema
import markdown_it
import yaml

IMPORTS = "import yaml, jsonschema, markdown_it"
SCHEMA = {
    "type": "object",
    "required": ["type", "title"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"}},
}


def python_floor(folder: Path) -> tuple[int, float]:
    """(files, seconds) to read, split, YAML-load, validate and markdown-parse every file.

    The least a single Python process must do to lint the folder, with the same libraries and
    the fast paths (C YAML loader, one validator built once) a linter would use. The benchmark
    times the whole process (interpreter and imports included), as it times `sre-docs lint`."""
    start = time.perf_counter()
    validator = jsonschema.Draft202012Validator(SCHEMA)
    parser = markdown_it.MarkdownIt()
    count = 0
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end != -1:
                meta = yaml.load(text[4:end], Loader=yaml.CSafeLoader)
                for _error in validator.iter_errors(meta):
                    pass
                body = text[end + 5 :]
        parser.parse(body)
        count += 1
    return count, time.perf_counter() - start


def import_floor(python: str = sys.executable, repeat: int = 5) -> float:
    """Median seconds a fresh interpreter takes to import the linter's libraries."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([python, "-c", IMPORTS], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--imports"]:
        print(f"{import_floor():.4f}")
        return 0
    if len(args) != 1:
        print("usage: python bench/floor.py FOLDER | --imports", file=sys.stderr)
        return 2
    files, seconds = python_floor(Path(args[0]))
    print(f"{files} {seconds:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
