"""The `placeholder-text` rule's first pass: the literal parts every placeholder contains."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from sre_docs.body import scan_body
from sre_docs.placeholders import PLACEHOLDER_TEXT
from sre_docs.rules.postmortem import _may_hold_placeholder, _todo_named

_PIECES = st.sampled_from(
    [
        "TODO", "TBD", "YYYY-MM-DD", "HH:MM", "XXX-123", "xxx-123", "[Answer]", "[Describe x]",
        "[Link](a.md)", "`", "``", "<!--", "-->", "| a | TODO |", "|---|---|", "\n", " ", "-",
        "x", "T", "ODO", "[", "A", "```", "    ",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_a_body_without_the_literals_has_no_line_with_them(body: str) -> None:
    """Checked once on the whole body, the first pass may skip every line: a line of prose
    is a line of the body with code and comments blanked, which adds no character."""
    if not _may_hold_placeholder(body):
        assert not any(_may_hold_placeholder(text) for _, text in scan_body(body, 1).prose)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_every_placeholder_holds_a_literal_of_the_first_pass(text: str) -> None:
    """Mixed-case ticket placeholders (`Xxx-123`) are left out: the first pass has only ever
    let `XXX-` and `xxx-` through."""
    if PLACEHOLDER_TEXT.search(text) and "Xx" not in text and "xX" not in text:
        assert _may_hold_placeholder(text)


def test_a_line_of_many_named_todos_costs_linear_time() -> None:
    """Each TODO reads only a window of words around it: doubling a line of TODOs at most
    about doubles the time (reading the whole line around each would square it)."""

    def cost(count: int) -> float:
        # This process's CPU time, the least of three: other processes do not count.
        text = "our TODO " * count
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            named = sum(1 for found in PLACEHOLDER_TEXT.finditer(text) if _todo_named(text, found))
            assert named == count
            best = min(best, time.process_time() - started)
        return best

    assert cost(40_000) <= 3 * cost(20_000) + 0.05
