"""Hostile lines cost what prose costs: each pattern family, doubled up to 1 MB, grows linearly.

Every family is a line shape that once made a body pattern (or the old sanitiser) quadratic or
cubic. Times are compared with each other and with a line of plain prose of the same size
measured in the same run; no test depends on how fast the machine is."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sre_docs.config import Config
from sre_docs.linter import record_from_text
from sre_docs.site.sanitize import sanitize_html

FRONT = (
    "---\ntype: postmortem\ntitle: Checkout\ndate: 2026-11-01\nseverity: SEV2\n"
    "status: draft\nservices: [checkout]\n---\n"
)
PROSE = "All quiet on the checkout front. "
SMALLEST = 16384
LARGEST = 1 << 20
# A linear family stays within this factor of its own smallest size scaled up, or of prose of
# the same size; a quadratic one passes it by the third doubling, long before it gets slow.
SLACK = 4.0
# At 1 MB, a family may cost this many times a line of prose (it finds links, comments, …).
PROSE_FACTOR = 10.0


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _postmortem(line: str, section: str = "Timeline") -> str:
    return f"{FRONT}# Checkout\n\n## Summary\n\ns\n\n## {section}\n\n{line}\n\n## Root Cause\n\nr\n"


def _backtick_runs(size: int) -> str:
    parts, total, length = [], 0, 1
    while total < size:
        parts.append("x" + "`" * length)
        total += length + 1
        length = length % 512 + 1
    return "".join(parts)[:size]


def _handoff(line: str) -> str:
    """A handoff whose Open Issues hold `line` (its items are read for the site)."""
    front = '---\ntype: handoff\ndate: 2026-11-23\nfrom: "@a"\nto: "@b"\n---\n'
    return f"{front}# Week\n\n## Open Issues\n\n{line}\n\n## Known Risks\n\nNone.\n"


LINT_FAMILIES: dict[str, Callable[[int], str]] = {
    "repeated `<a `": lambda n: _postmortem(_repeat("<a ", n)),
    "handoff item of `- [<a `": lambda n: _handoff(_repeat("- [<a ", n)),
    "handoff items of `- [x](`": lambda n: _handoff(_repeat("- [x](\n", n)),
    "`[x](` and spaces": lambda n: _postmortem("[x](" + " " * n),
    "`[x](<` repeated": lambda n: _postmortem(_repeat("[x](<", n)),
    "`[x](y (` repeated": lambda n: _postmortem(_repeat("[x](y (", n)),
    "repeated `<!-- `": lambda n: _postmortem(_repeat("<!-- ", n)),
    "closed comments": lambda n: _postmortem(_repeat("<!-- a --> b ", n)),
    "a run of backticks": lambda n: _postmortem("x" + "`" * n + "x"),
    "runs of backticks": lambda n: _postmortem(_backtick_runs(n)),
    "ATX heading, spaces": lambda n: f"{FRONT}# Checkout" + " " * n + "x\n",
    "ATX heading, closing #": lambda n: f"{FRONT}# Checkout " + "# " * (n // 2) + "x\n",
    "table delimiter, spaces": lambda n: (
        f"{FRONT}| a | b |\n" + " " * (n // 2) + "-" + " " * (n // 2) + "x\n"
    ),
    "suppression comment, spaces": lambda n: _postmortem(
        "<!-- sre-docs-disable blame-language" + " " * n + "x -->"
    ),
    "timeline `- ` and spaces": lambda n: _postmortem("- " + " " * n + "x 12:00"),
    "timeline markup run": lambda n: _postmortem(_repeat("-*|#> ", n) + "x 12:00"),
    "action items, done brackets": lambda n: _postmortem(
        "- x " + _repeat("(done in ", n), "Action Items"
    ),
    "action items, done dashes": lambda n: _postmortem(
        "- x" + _repeat(" - done -", n) + " x", "Action Items"
    ),
    "action items, done labels": lambda n: _postmortem(
        "- " + _repeat("DONE: ✔ ", n) + "(done", "Action Items"
    ),
    "timeline approximation words": lambda n: _postmortem("- " + _repeat("around ~ ", n) + "12:00"),
    "timeline approximate times": lambda n: _postmortem(_repeat("- ~12:00ish (approx.) ", n)),
    "repeated `[Add `": lambda n: _postmortem(_repeat("[Add ", n)),
    "repeated `[x`": lambda n: _postmortem(_repeat("[x", n)),
    "heading attribute list": lambda n: f"{FRONT}# Checkout" + " " * n + "{x\n",
    # The words that make an action item done in the passive, or keep it open.
    "action items, passive reports": lambda n: _postmortem(
        "- " + _repeat("The alert was added; ", n), "Action Items"
    ),
    "action items, passive auxiliaries": lambda n: _postmortem(
        "- Alerts " + _repeat("have been were ", n), "Action Items"
    ),
    "action items, passive qualifiers": lambda n: _postmortem(
        "- A ticket has been closed " + _repeat("but not yet ", n), "Action Items"
    ),
    "action items, passive clauses": lambda n: _postmortem(
        "- " + _repeat("The pull request was merged;;; could have been ", n), "Action Items"
    ),
    # Closing states in a table's state cell, and in the cells of a table without one.
    "action items, closing state cells": lambda n: _postmortem(
        "| Action | Owner | Status |\n|---|---|---|\n| x | @a | " + _repeat("won't fix ", n) + "|",
        "Action Items",
    ),
    "action items, closing state rows": lambda n: _postmortem(
        "| Action | Owner | Canary |\n|---|---|---|\n" + _repeat("| x | @a | FAILED |\n", n),
        "Action Items",
    ),
    # Someone in the present: the blame frame of people in general.
    "blame, someone in the present": lambda n: _postmortem(
        _repeat("it is someone who is not aware and someone forgot ", n), "Summary"
    ),
    "blame, someone who": lambda n: _postmortem("someone " + _repeat("who is ", n), "Summary"),
    "blame, someone at a time": lambda n: _postmortem(
        _repeat("someone messes up the deploy at 14:02 and ", n), "Summary"
    ),
}
SANITIZER_FAMILIES: dict[str, Callable[[int], str]] = {
    "repeated `<script>`": lambda n: _repeat("<script>", n),
    "`<p ` with one handler": lambda n: _repeat("<p ", n) + " onclick=alert(1)>",
    "unclosed attribute quote": lambda n: '<a href="' + _repeat("x ", n),
    "nested `<div>`": lambda n: _repeat("<div>", n),
    "nested `<div><span>`": lambda n: _repeat("<div><span>", n),
    "nested `<ul><li>`": lambda n: _repeat("<ul><li>", n),
    "formatting and blocks": lambda n: _repeat("<b><p>", n),
    "nesting just allowed": lambda n: _repeat("<div>" * 500 + "</div>" * 500, n),
}


def _runbook(line: str) -> str:
    """A runbook without front matter, as `sre-docs adopt` reads one: its headings decide
    whether it reads as a troubleshooting article."""
    return f"# Import error\n\n{line}\n"


# What `adopt` reads to propose `kind: troubleshooting`: the headings of a runbook.
ADOPT_FAMILIES: dict[str, Callable[[int], str]] = {
    "troubleshooting headings": lambda n: _runbook(
        _repeat("## Symptoms\n\n## Error message\n\n## Workaround\n\n", n)
    ),
    "one heading of cue words": lambda n: _runbook(
        "## " + _repeat("symptom error message workaround fix resolve ", n)
    ),
    "headings of an alert runbook": lambda n: _runbook(
        _repeat("## Symptom\n## Impact\n## Escalation\n", n)
    ),
}


def _ordinary_html(size: int) -> str:
    """Page HTML as markdown makes it: paragraphs with emphasis and links."""
    return _repeat('<p>All <em>quiet</em> on the <a href="front.md">front</a>.</p>\n', size)


def _best(work: Callable[[], object], runs: int) -> float:
    """The fastest of `runs` runs, the collector paused: on a busy machine the minimum is the
    one measure that other processes do not inflate."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(runs):
            start = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def _lint(text: str) -> Callable[[], object]:
    config = Config(root=Path("/nonexistent"), docs_dir=Path("/nonexistent"), source="test")
    return lambda: record_from_text(config, "postmortems/x.md", text)


def _adopt(text: str) -> Callable[[], object]:
    from sre_docs.adopt import infer_runbook
    from sre_docs.loader import load_text

    def work() -> object:
        doc = load_text("ops/import-error.md", Path("import-error.md"), text, "runbook")
        return infer_runbook(doc, "import-error.md")

    return work


def _sanitize(text: str) -> Callable[[], object]:
    return lambda: sanitize_html(text)


RETRIES = 3


def _allowed(rows: list[tuple[int, float, float]], size: int, reference: float) -> float:
    first_size, first, first_reference = rows[0]
    scale = size / first_size
    return SLACK * max(first * scale, first_reference * scale, reference)


def measure(
    family: Callable[[int], str], prose: Callable[[int], str], run: Callable[[str], Callable]
) -> list[tuple[int, float, float]]:
    """(size, family's time, prose's time) for each doubling; stops as soon as the family
    grows faster than linearly, so a regression fails in seconds instead of hanging."""
    rows: list[tuple[int, float, float]] = []
    size = SMALLEST
    while size <= LARGEST:
        runs = 3 if size < LARGEST // 4 else 2
        work, reference_work = run(family(size)), run(prose(size))
        hostile, reference = _best(work, runs), _best(reference_work, runs)
        for _ in range(RETRIES):
            if not rows or hostile <= _allowed(rows, size, reference):
                break
            # Over the bound once may be another process; a superlinear family stays over it.
            hostile = min(hostile, _best(work, 5))
            reference = min(reference, _best(reference_work, 5))
        rows.append((size, hostile, reference))
        first_size, first, _ = rows[0]
        assert hostile <= _allowed(rows, size, reference), (
            f"superlinear: {hostile:.4f} s at {size} bytes, {first:.4f} s at {first_size} "
            f"(prose {reference:.4f} s): {rows}"
        )
        size *= 2
    return rows


def _within_prose_factor(
    rows: list[tuple[int, float, float]],
    family: Callable[[int], str],
    prose: Callable[[int], str],
    run: Callable[[str], Callable],
) -> None:
    """The largest input costs at most `PROSE_FACTOR` times prose of its size. Measured again,
    in turns, when over it once: the two times of `measure` were taken apart, and another
    process may have slowed one of them."""
    size, hostile, reference = rows[-1]
    assert size == LARGEST
    work, reference_work = run(family(size)), run(prose(size))
    for _ in range(RETRIES):
        bound = PROSE_FACTOR * max(reference, rows[0][2] * LARGEST / SMALLEST)
        if hostile <= bound:
            return
        hostile = min(hostile, _best(work, 3))
        reference = min(reference, _best(reference_work, 3))
    assert hostile <= PROSE_FACTOR * max(reference, rows[0][2] * LARGEST / SMALLEST), rows


@pytest.mark.parametrize("name", list(LINT_FAMILIES))
def test_lint_is_linear(name: str) -> None:
    prose = lambda n: _postmortem(_repeat(PROSE, n))  # noqa: E731
    rows = measure(LINT_FAMILIES[name], prose, _lint)
    _within_prose_factor(rows, LINT_FAMILIES[name], prose, _lint)


@pytest.mark.parametrize("name", list(SANITIZER_FAMILIES))
def test_sanitizer_is_linear(name: str) -> None:
    rows = measure(SANITIZER_FAMILIES[name], _ordinary_html, _sanitize)
    _within_prose_factor(rows, SANITIZER_FAMILIES[name], _ordinary_html, _sanitize)


@pytest.mark.parametrize("name", list(ADOPT_FAMILIES))
def test_adopt_is_linear(name: str) -> None:
    # Compared with headings that read as nothing: what is measured is the guess, not the
    # markdown parser's cost of a heading.
    prose = lambda n: _runbook(_repeat("## Notes on the front\n\nAll quiet.\n\n", n))  # noqa: E731
    rows = measure(ADOPT_FAMILIES[name], prose, _adopt)
    _within_prose_factor(rows, ADOPT_FAMILIES[name], prose, _adopt)


def test_families_still_mean_what_they_say() -> None:
    """The shapes reach the code they target: a heading is a heading, a timeline a timeline."""
    from sre_docs.loader import load_text

    doc = load_text(
        "postmortems/x.md", Path("x.md"), LINT_FAMILIES["ATX heading, spaces"](64), None
    )
    assert doc.body_index.headings[0].title.endswith("x")
    text = LINT_FAMILIES["table delimiter, spaces"](64).replace("x\n", "\n")
    doc = load_text("postmortems/x.md", Path("x.md"), text, None)
    assert doc.body_index.tables
    from sre_docs.adopt import infer_runbook

    doc = load_text(
        "ops/a.md", Path("a.md"), ADOPT_FAMILIES["troubleshooting headings"](512), "runbook"
    )
    assert infer_runbook(doc, "a.md").get("kind") == "troubleshooting"
    text = LINT_FAMILIES["action items, closing state rows"](512)
    assert load_text("postmortems/x.md", Path("x.md"), text, "postmortem").action_items
