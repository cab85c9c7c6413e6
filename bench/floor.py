"""The single-process Python floor the linter is measured against.

For every markdown file: read it, split the front matter, load it with PyYAML's C loader,
validate it with a cached jsonschema validator and parse the body with markdown-it."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jsonschema
import markdown_it
import yaml

SCHEMA = {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}}}


def main(folder: Path) -> None:
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
                list(validator.iter_errors(meta))
                body = text[end + 5 :]
        parser.parse(body)
        count += 1
    print(f"{count} {time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
