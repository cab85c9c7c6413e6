"""The blame detector's tokens: offsets and compounds as the definitions give them, and the
cheap tests in front of the compound join, checked against the detector run without them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sre_docs import blameless
from sre_docs.blameless import find_blame

FIXTURES = Path(__file__).parent / "fixtures" / "blame"


def _fixture_texts() -> list[str]:
    texts = []
    for path in [FIXTURES / "sentences.yaml", *sorted((FIXTURES / "real").glob("*.yaml"))]:
        texts.extend(entry["text"] for entry in yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


class _EveryWord:
    """Stands for `_COMPOUND_FIRSTS` to turn its test off: every line is read for compounds."""

    def isdisjoint(self, other: object) -> bool:
        return False


_PIECES = st.sampled_from(
    ["on", "-", "‐", "‑", "call", " ", "Co", "’", "'", "worker", "ΣΑΣ", "K", "İ", "@bob",
     ".", "fat", "finger", "ed", "x", "\t", "Human", "error"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
@example("the on-call engineer")
@example("she fat-fingered it")
@example("Co‐workers and a sub‑contractor’s on-CALL")
@example("@on-call on- call on -call")
def test_tokens_are_the_pattern_matches_where_they_are(text: str) -> None:
    matches = list(blameless._TOKEN.finditer(text))
    words = [match.group(0) for match in matches]
    starts = [match.start() for match in matches]
    ends = [match.end() for match in matches]
    expected = blameless._join_compounds(words, starts, ends)
    line = blameless._Line(text, ())
    assert (line.words, line.starts, line.ends) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
@example("the on-call engineer")
@example("she fat-fingered it")
@example("Co‐workers and a sub‑contractor’s on-CALL")
@example("@on-call on- call on -call")
def test_the_compound_test_skips_no_join(text: str) -> None:
    line = blameless._Line(text, ())
    original = blameless._COMPOUND_FIRSTS
    blameless._COMPOUND_FIRSTS = _EveryWord()  # type: ignore[assignment]
    try:
        always = blameless._Line(text, ())
    finally:
        blameless._COMPOUND_FIRSTS = original
    assert (line.words, line.lows, line.starts, line.ends) == (
        always.words,
        always.lows,
        always.starts,
        always.ends,
    )


def test_the_labelled_sentences_get_the_hits_they_get_without_the_compound_test(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = _fixture_texts()
    assert len(texts) > 500
    found = [find_blame(text) for text in texts]
    monkeypatch.setattr(blameless, "_COMPOUND_FIRSTS", _EveryWord())
    assert [find_blame(text) for text in texts] == found
    assert sum(map(bool, found)) > 100
