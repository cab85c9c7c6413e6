"""Tests of reading files into documents: decoding, front matter, YAML safety, key lines.

Each malformed input must give a problem with a line, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sre_docs import loader
from sre_docs.loader import MAX_YAML_NODES, load_file, load_text, parse_yaml, split_front_matter


def load(text: str, folder_type: str | None = None):
    return load_text("postmortems/x.md", Path("/tmp/x.md"), text, folder_type)


def test_key_lines_follow_nesting() -> None:
    doc = load(
        "---\ntitle: T\nimpact:\n  data_loss: true\n"
        "action_items:\n  - id: A\n    owner: '@a'\n---\nbody\n"
    )
    assert doc.line_of("title") == 2
    assert doc.line_of("impact", "data_loss") == 4
    assert doc.line_of("action_items", 0) == 6
    assert doc.line_of("action_items", 0, "owner") == 7
    assert doc.line_of("action_items", 5, "owner") == 5  # nearest recorded ancestor
    assert doc.body_line == 9


def test_dates_and_times_stay_strings() -> None:
    data = parse_yaml("date: 2026-02-30\nat: 14:05\nn: 3\nf: 99.9\n", 2).data
    assert data == {"date": "2026-02-30", "at": "14:05", "n": 3, "f": 99.9}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\ntitle: [unclosed\n---\n", 3, "not valid YAML"),
        ("---\n- a\n- b\n---\n", 2, "not a list"),
        ("---\njust a string\n---\n", 2, "not a string"),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "duplicate key 'title'"),
        ("---\nx: !!python/object:os.system ls\n---\n", 2, "not valid YAML"),
        ("---\ntitle: never closed\n", 1, "never closed"),
        ("---\na:\n\tb: 1\n---\n", 3, "not valid YAML"),
    ],
)
def test_malformed_front_matter_is_a_problem(text: str, line: int, fragment: str) -> None:
    doc = load(text)
    assert [p.rule for p in doc.problems] == ["invalid-front-matter"]
    assert doc.problems[0].line == line
    assert fragment in doc.problems[0].message


def _through_the_constructor(text: str, first_line: int) -> loader.FrontMatter:
    """`parse_yaml` as it is without the plain-node path: every document built by PyYAML's
    constructor, then normalised."""

    def refuse(node: object, yaml_loader: object) -> object:
        raise loader._NotPlain

    plain = loader._construct_plain
    loader._construct_plain = refuse
    try:
        return parse_yaml(text, first_line)
    finally:
        loader._construct_plain = plain


def _same_front_matter(text: str) -> None:
    fast = parse_yaml(text, 2)
    slow = _through_the_constructor(text, 2)
    # repr: the same types, the same key order, and `nan` equal to itself
    assert repr((fast.data, fast.key_lines, fast.problems)) == repr(
        (slow.data, slow.key_lines, slow.problems)
    )


@pytest.mark.parametrize(
    "text",
    [
        "title: T\nn: 3\nf: 99.9\nok: yes\nno_value:\ntilde: ~\nnull_word: Null\n",
        "a: 0x1F\nb: 0o17\nc: 017\nd: 0b101\ne: 1_000\nf: -0\ng: +12\nh: 12:30\n",
        "a: .inf\nb: -.Inf\nc: .NaN\nd: 1e3\ne: 1.5e3\nf: 6.02E+23\ng: .5\nh: 1_0.5\n",
        "a: On\nb: OFF\nc: y\nd: n\ne: TRUE\nf: False\n",
        "1: one\ntrue: yes\n'1': quoted\n1.0: float\n~: null key\n",
        "a: 1\nb: 2\na: 3\n",
        "base: &b {x: 1, y: [1, 2]}\ncopy: *b\nlist: [*b, *b]\n",
        "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
        "=: value key\n",
        "when: !!timestamp 2026-01-02\nset: !!set {a, b}\nbin: !!binary aGVsbG8=\n",
        "n: !!str 3\ns: !!int '7'\nf: !!float '1'\npairs: !!omap [a: 1, b: 2]\n",
        "? [a, b]\n: collection key\n",
        "nested:\n  - id: A\n    owner: '@a'\n    tags: [x, {y: [1, 2, {z: null}]}]\n",
        "date: 2026-02-30\nat: 14:05\nzone: 2026-01-01T10:00:00Z\n",
        "[a, b]\n",
        "just text\n",
        "",
    ],
)
def test_plain_nodes_are_built_as_the_constructor_builds_them(text: str) -> None:
    _same_front_matter(text)


_SCALARS = st.sampled_from(
    [
        *"0 1 -1 +1 007 0x1f 0b11 0o7 1_000 12:30 1:2:3 1.5 -.5 1e3 .inf -.INF .nan".split(),
        *"true False yes No on OFF y n ~ null Null NULL".split(),
        *"2026-01-01 2026-02-30 14:05 @bob SEV2 'quoted' \"dq\" =".split(),
    ]
) | st.text(alphabet="abcxyz019_-.: ", min_size=1, max_size=8).filter(
    lambda text: text.strip() == text and not text.startswith(("-", ":", "? ")) and ": " not in text
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_SCALARS, _SCALARS, st.booleans()), min_size=1, max_size=8))
def test_plain_path_matches_the_constructor_on_any_scalars(pairs) -> None:
    lines = []
    for key, value, as_list in pairs:
        lines.append(f"{key}: [{value}, {key}]" if as_list else f"{key}: {value}")
    _same_front_matter("\n".join(lines) + "\n")


def test_alias_bomb_is_refused_before_construction() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    parsed = parse_yaml("\n".join(lines) + "\n", 2)
    assert parsed.data is None
    assert str(MAX_YAML_NODES) in parsed.problems[0].message


def test_deep_nesting_is_refused() -> None:
    parsed = parse_yaml("a: " + "[" * 10_000 + "]" * 10_000 + "\n", 2)
    assert parsed.data is None and parsed.problems


def test_no_front_matter_and_empty_block_are_plain_pages() -> None:
    assert load("# Title\n").doc_type is None
    doc = load("---\n---\n# Title\n")
    assert doc.problems == [] and doc.doc_type is None and doc.body_line == 3


def test_folder_type_fills_missing_type_only() -> None:
    assert load("---\ntitle: T\n---\n", "postmortem").doc_type == "postmortem"
    doc = load("---\ntype: runbook\n---\n", "postmortem")
    assert doc.doc_type == "runbook" and doc.type_declared


def test_split_handles_crlf_and_dots_terminator() -> None:
    front, first, body, body_line, problem = split_front_matter("---\r\na: 1\r\n...\r\nbody\r\n")
    assert problem is None and first == 2 and body == "body\r\n" and body_line == 4
    assert front is not None and "a: 1" in front


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"\xff\xfe#\x00 \x00", "UTF-16"),
        (b"# ok\n\x00binary", "NUL"),
        (b"# ok\n\xc3\x28 bad", "invalid UTF-8"),
    ],
)
def test_undecodable_files(tmp_path: Path, raw: bytes, fragment: str) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(raw)
    doc = load_file("x.md", path, None)
    assert [p.rule for p in doc.problems] == ["unreadable-file"]
    assert fragment in doc.problems[0].message


def test_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntype: runbook\n---\n")
    assert load_file("x.md", path, None).doc_type == "runbook"


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    doc = load_file("gone.md", tmp_path / "gone.md", None)
    assert doc.problems[0].rule == "unreadable-file"


@pytest.mark.parametrize(
    ("rel", "front", "date"),
    [
        ("postmortems/2024-03-05-db-outage.md", "", "2024-03-05"),
        ("postmortems/2024-03-05.html.md", "", "2024-03-05"),
        # The front matter's own date wins; no real date, no date.
        ("postmortems/2024-03-05-db-outage.md", "date: 2024-03-04\n", "2024-03-04"),
        ("postmortems/2024-02-30-db-outage.md", "", None),
        ("postmortems/20240305-db-outage.md", "", None),
        ("postmortems/db-outage-2024-03-05.md", "", None),
    ],
)
def test_a_dated_document_takes_its_file_name_date(rel: str, front: str, date: str | None) -> None:
    text = f"---\ntype: postmortem\ntitle: T\n{front}---\nbody\n"
    doc = load_text(rel, Path("/tmp") / rel, text, None)
    assert doc.fields.get("date") == date
    assert ("date" in doc.meta) == bool(front)  # `meta` is what the file writes


def test_an_undated_type_or_a_file_without_front_matter_takes_no_file_name_date() -> None:
    runbook = load_text(
        "runbooks/2024-03-05-x.md", Path("/tmp/x.md"), "---\ntype: runbook\n---\nx\n", None
    )
    assert "date" not in runbook.fields
    bare = load_text("postmortems/2024-03-05-x.md", Path("/tmp/x.md"), "# T\n", "postmortem")
    assert "date" not in bare.fields


def test_another_tools_owner_field_counts_as_the_owner() -> None:
    """The GOV.UK Tech Docs Template's `owner_slack` is the page's owner; `owner` wins."""
    text = '---\ntype: runbook\ntitle: T\nowner_slack: "#platform"\n---\nx\n'
    doc = load_text("runbooks/a.md", Path("/tmp/a.md"), text, None)
    assert doc.fields["owner"] == "#platform" and "owner" not in doc.meta
    both = text.replace("---\nx", "owner: '@payments'\n---\nx")
    assert load_text("runbooks/a.md", Path("/tmp/a.md"), both, None).fields["owner"] == "@payments"
    empty = text.replace('"#platform"', '""')
    assert "owner" not in load_text("runbooks/a.md", Path("/tmp/a.md"), empty, None).fields


def test_read_document_reads_what_a_file_holds_up_to_the_limit(tmp_path: Path) -> None:
    import contextlib
    import os
    import threading

    from sre_docs.loader import MAX_FILE_BYTES, read_document

    small = tmp_path / "small.md"
    small.write_bytes(b"# T\n" * 1000)
    assert read_document(small) == b"# T\n" * 1000
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert read_document(empty) == b""
    # A pipe says it holds nothing and then gives more: read on, to the limit and no further.
    for size, expected in ((5000, b"x" * 5000), (MAX_FILE_BYTES + 10, None)):
        pipe = tmp_path / f"pipe-{size}.md"
        os.mkfifo(pipe)

        def write(path: Path = pipe, count: int = size) -> None:
            # The reader stops at the limit and closes its end.
            with contextlib.suppress(BrokenPipeError), path.open("wb") as handle:
                handle.write(b"x" * count)

        writer = threading.Thread(target=write)
        writer.start()
        result = read_document(pipe)
        writer.join()
        if expected is None:
            assert not isinstance(result, bytes) and "limit" in result.message
        else:
            assert result == expected
