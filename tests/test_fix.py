"""`sre_docs.fix.set_value`: one front-matter value replaced on its line, every other byte kept,
and nothing guessed where the line is not a plain `key: value`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sre_docs.fix import set_value


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("error_budget: 0.1\n", "error_budget: 0.01\n"),
        ("error_budget: 0.1\r\n", "error_budget: 0.01\r\n"),
        ("error_budget:   0.1   # was wrong\n", "error_budget:   0.01   # was wrong\n"),
        ("error_budget : 0.1\n", "error_budget : 0.01\n"),
        ("error_budget: '0.1'\n", "error_budget: '0.01'\n"),
        ('error_budget: "0.1"  # q\n', 'error_budget: "0.01"  # q\n'),
        ("error_budget: 0.1", "error_budget: 0.01"),
        ("error_budget: 0.1\t# tab\n", "error_budget: 0.01\t# tab\n"),
    ],
)
def test_replaces_the_value_only(line: str, expected: str) -> None:
    assert set_value(line, "error_budget", "0.01") == expected


@pytest.mark.parametrize(
    "line",
    [
        "error_budget:\n",  # a block value on the next lines
        "error_budget: |\n",
        "error_budget: [1, 2]\n",
        "error_budget: {a: 1}\n",
        "error_budget: &anchor 0.1\n",
        "error_budget: !!float 0.1\n",
        "error_budget: # nothing\n",
        "error_budget_minutes: 4\n",  # another key
        "  error_budget: 0.1\n",  # nested
        'error_budget: "0.1 # not a comment"\n',
        "error_budget:0.1\n",
    ],
)
def test_refuses_what_it_cannot_edit_safely(line: str) -> None:
    assert set_value(line, "error_budget", "0.01") is None


@given(
    spaces=st.text(" \t", min_size=1, max_size=5),
    value=st.from_regex(r"[0-9][0-9.]{0,8}", fullmatch=True),
    comment=st.one_of(
        st.just(""),
        st.tuples(st.sampled_from([" ", "\t", "  "]), st.text(max_size=20)).map(
            lambda parts: parts[0] + "# " + parts[1]
        ),
    ),
    ending=st.sampled_from(["\n", "\r\n", ""]),
)
def test_every_other_byte_is_kept(spaces: str, value: str, comment: str, ending: str) -> None:
    comment = comment.replace("\n", " ").replace("\r", " ")
    line = f"total_hours_per_month:{spaces}{value}{comment}{ending}"
    fixed = set_value(line, "total_hours_per_month", "10")
    assert fixed == f"total_hours_per_month:{spaces}10{comment}{ending}"
