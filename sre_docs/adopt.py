"""`sre-docs adopt`: front matter proposed for documents that have none, from their text.

The proposal is prepended; the file's own bytes follow unchanged, so nothing the author wrote
is lost. By default it is printed as a diff; `--write` replaces each file atomically."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sre_docs import doctypes
from sre_docs.config import Config, load_config
from sre_docs.errors import UserError

_LABEL = re.compile(
    r"^[ \t>*_-]{0,6}(?P<label>[A-Za-z][A-Za-z ]{1,30}?)[ \t]{0,2}[*_]{0,2}[ \t]{0,2}:[*_]{0,2}"
    r"[ \t]{0,4}(?P<value>\S.{0,300})$"
)
_SEV = re.compile(r"\bsev(?:erity)?[ \t_-]{0,2}([0-4])\b", re.IGNORECASE)
_P_LEVEL = re.compile(r"^p([0-4])\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_MINUTES = re.compile(
    r"^(?:(?P<hours>\d{1,4})[ \t]{0,2}(?:h|hours?))?[ \t,]{0,3}"
    r"(?:(?P<minutes>\d{1,5})[ \t]{0,2}(?:m|mins?|minutes?))?\b",
    re.IGNORECASE,
)
_ALERT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{2,120}$")
_SEVERITY_WORDS = {
    "critical": "SEV1",
    "major": "SEV2",
    "high": "SEV2",
    "moderate": "SEV3",
    "medium": "SEV3",
    "minor": "SEV3",
    "low": "SEV4",
}


@dataclass(slots=True)
class Proposal:
    rel: str
    path: Path
    doc_type: str
    meta: dict[str, Any]
    missing: list[str]
    original: bytes
    new: bytes


def infer_postmortem(doc: Any, name: str) -> dict[str, Any]:
    """Front matter a postmortem's text states: title, date, severity, services, durations,
    action items."""
    meta: dict[str, Any] = {"type": "postmortem", "title": _title(doc, name)}
    labels = dict(_labels(doc))
    date = _file_date(name) or _label_date(labels) or _heading_date(doc) or _timeline_date(doc)
    if date is not None:
        meta["date"] = date.isoformat()
    severity = _severity(labels)
    if severity:
        meta["severity"] = severity
    services = _services(labels)
    if services:
        meta["services"] = services
    detect = _minutes(labels.get("time to detection") or labels.get("time to detect"))
    recover = _minutes(
        labels.get("time to recovery") or labels.get("time to resolve") or labels.get("duration")
    )
    if detect is not None:
        meta["detection"] = {"time_to_detect_minutes": detect}
    if recover is not None:
        meta["resolution"] = {"time_to_resolve_minutes": recover}
    items = [_item(item) for item in doc.action_items if item.source == "list"]
    if items:
        meta["action_items"] = items
    return meta


def infer_runbook(doc: Any, name: str) -> dict[str, Any]:
    """Front matter a runbook's text states: title, the alert it answers, owner, service."""
    meta: dict[str, Any] = {"type": "runbook", "title": _title(doc, name)}
    labels = dict(_labels(doc))
    stem = _stem(name)
    alert = labels.get("alert") or labels.get("alert name")
    if alert:
        meta["alerts"] = [alert.strip("`*_ ")]
    elif _ALERT_NAME.match(stem) and any(char.isupper() for char in stem[1:]):
        # Alert runbooks are named after their alert: `KubePodCrashLooping.md`.
        meta["alerts"] = [stem]
    for key in ("owner", "team", "owner team", "owning team"):
        if labels.get(key):
            meta["owner"] = labels[key].strip("`*_ ")
            break
    if labels.get("service"):
        meta["service"] = labels["service"].strip("`*_ ")
    if "alerts" not in meta and "kind" not in doc.implied:  # not where the folder says it
        if _reads_as_procedure(doc):
            meta["kind"] = "procedure"
        elif _reads_as_troubleshooting(doc):
            meta["kind"] = "troubleshooting"
    return meta


def _reads_as_procedure(doc: Any) -> bool:
    """A how-to by its headings: steps and their checks or undo (Prerequisites, Verification
    or Rollback), and nothing of an alert's Diagnosis or Mitigation. Purpose is not counted:
    its words (overview, summary) are every document's."""
    from sre_docs.body import normalise_title

    titles = [normalise_title(heading.title) for heading in doc.body_index.headings]
    sections = {s.name: s for s in (*doctypes.PROCEDURE.sections, *doctypes.RUNBOOK.sections)}

    def has(name: str) -> bool:
        return any(sections[name].matches(title) for title in titles)

    checks = ("Prerequisites", "Verification", "Rollback")
    return has("Steps") and any(map(has, checks)) and not (has("Diagnosis") or has("Mitigation"))


_SYMPTOMS = doctypes.Section("Symptoms", ("symptom", "error message"))
_SOLUTION = doctypes.Section("Resolution", ("solution", "workaround", "fix", "resolve"))


def _reads_as_troubleshooting(doc: Any) -> bool:
    """An article about an error by its headings: its Symptoms (or the error message) and a
    Resolution, Solution, Workaround or Fix, and nothing of an alert runbook's Impact or
    Escalation. A heading that only says Overview or Problem is every document's, and
    Mitigation is an alert's: neither is counted."""
    from sre_docs.body import normalise_title

    titles = [normalise_title(heading.title) for heading in doc.body_index.headings]
    alert = {s.name: s for s in doctypes.RUNBOOK.sections}

    def has(section: doctypes.Section) -> bool:
        return any(section.matches(title) for title in titles)

    return (
        has(_SYMPTOMS) and has(_SOLUTION) and not (has(alert["Impact"]) or has(alert["Escalation"]))
    )


def _stem(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    for suffix in (".html.md.erb", ".md.erb", ".html.md", ".markdown", ".md"):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def _title(doc: Any, name: str) -> str:
    for heading in doc.body_index.headings:
        if heading.level == 1 and heading.title.strip():
            return heading.title.strip()
    return _stem(name).replace("-", " ").replace("_", " ").strip() or name


def _labels(doc: Any) -> Iterator[tuple[str, str]]:
    """`Label: value` lines (`**Date:** …`, `- Category: …`) of the body, label lowercased."""
    for _line, text in doc.body_index.prose:
        if ":" not in text or text.lstrip().startswith("|"):
            continue
        match = _LABEL.match(text.strip())
        if match:
            value = match.group("value").strip().strip("*_").strip()
            if value:
                yield match.group("label").strip().lower(), value


def _file_date(name: str) -> dt.date | None:
    """A date anywhere in the file name: a proposal the author reviews, so a date that does
    not start the name counts too (the linter takes only one that does)."""
    from sre_docs.loader import file_name_date

    found = file_name_date(name, anywhere=True)
    return dt.date.fromisoformat(found) if found else None


def _date_in(text: str) -> dt.date | None:
    from sre_docs.rules.postmortem import written_date

    found = written_date(text.strip(" *_`"))
    if found is None:
        return None
    if found.year == 2000 and "2000" not in text:
        year = _YEAR.search(text)
        if year is None:
            return None
        try:
            found = found.replace(year=int(year.group(1)))
        except ValueError:
            return None
    return found


def _label_date(labels: dict[str, str]) -> dt.date | None:
    for key in ("date", "incident date", "date of incident", "started", "start"):
        if key in labels:
            found = _date_in(labels[key])
            if found is not None:
                return found
    return None


def _heading_date(doc: Any) -> dt.date | None:
    for heading in doc.body_index.headings:
        if heading.level == 1:
            return _date_in(heading.title) or _date_after_dash(heading.title)
    return None


def _date_after_dash(title: str) -> dt.date | None:
    for part in re.split(r" [-–—] ", title)[1:]:
        found = _date_in(part)
        if found is not None:
            return found
    return None


def _timeline_date(doc: Any) -> dt.date | None:
    from sre_docs.rules.postmortem import timeline_entries

    entries = timeline_entries(doc)
    if entries and entries[0].moment.year != 2000:
        return entries[0].moment.date()
    return None


def _severity(labels: dict[str, str]) -> str | None:
    for key in ("severity", "sev", "priority", "impact level"):
        value = labels.get(key)
        if not value:
            continue
        numbered = _SEV.search(value) or _P_LEVEL.match(value.strip())
        if numbered:
            return f"SEV{max(1, int(numbered.group(1)))}"
        if value.strip().isdigit() and 1 <= int(value.strip()) <= 4:
            return f"SEV{int(value.strip())}"
        word = value.strip().split()[0].strip("*_,.()").lower()
        if word in _SEVERITY_WORDS:
            return _SEVERITY_WORDS[word]
    return None


def _services(labels: dict[str, str]) -> list[str]:
    for key in ("services", "service", "affected services", "services affected", "systems"):
        value = labels.get(key)
        if value:
            names = [part.strip(" `*_.") for part in re.split(r",|;| and ", value)]
            return [name for name in names if name and len(name) <= 60]
    return []


def _minutes(value: str | None) -> int | None:
    if not value:
        return None
    match = _MINUTES.match(value.strip())
    if match is None or not (match.group("hours") or match.group("minutes")):
        return None
    return int(match.group("hours") or 0) * 60 + int(match.group("minutes") or 0)


def _item(item: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"description": item.description}
    for key in ("owner", "due", "ticket"):
        value = getattr(item, key)
        if value:
            data[key] = value
    data["status"] = item.status
    return data


_INFER = {"postmortem": infer_postmortem, "runbook": infer_runbook}


def guess_type(doc: Any) -> str | None:
    """postmortem or runbook, by the sections a document has; None when it is neither."""
    from sre_docs.body import normalise_title

    titles = " | ".join(normalise_title(heading.title) for heading in doc.body_index.headings)
    postmortem = sum(word in titles for word in ("timeline", "root cause", "action item", "impact"))
    runbook = sum(word in titles for word in ("diagnos", "mitigat", "meaning", "troubleshoot"))
    if postmortem >= 2 and postmortem >= runbook:
        return "postmortem"
    if runbook >= 2:
        return "runbook"
    return None


def propose(config: Config, rel: str, doc_type: str | None) -> Proposal | str:
    """The proposal for one file, or why there is none."""
    from sre_docs.loader import decode, load_text

    path = config.docs_dir / rel
    if config.is_section_page(rel) and config.folder_type(rel) is None:
        return "a section page (index, README), not a document"
    if path.is_symlink():
        return "a symbolic link; not changed"
    try:
        raw = path.read_bytes()
    except OSError as error:
        return f"cannot read: {error.strerror}"
    text, problem = decode(raw)
    if text is None:
        return problem.message if problem else "not text"
    if text.startswith("---"):
        return "already has front matter"
    folder_type = config.folder_type(rel)
    chosen = doc_type or folder_type
    # The folder's form (`kind: procedure`) is the document's without being written again.
    form = config.folder_form(rel) if chosen == folder_type else {}
    doc = load_text(rel, path, text, chosen or "postmortem", config.types, folder_form=form)
    if chosen is None:
        chosen = guess_type(doc)
        if chosen is None:
            return "not a postmortem or runbook by its sections (give --type)"
        doc = load_text(rel, path, text, chosen, config.types)
    if chosen not in _INFER:
        return f"adopt proposes front matter for postmortems and runbooks, not {chosen}s"
    meta = _INFER[chosen](doc, rel)
    from sre_docs.schemas import required_fields

    required = required_fields(chosen, {**meta, **doc.implied})
    missing = [key for key in required if key not in meta]
    front = _front_matter(meta, missing)
    newline = "\r\n" if b"\r\n" in raw.split(b"\n", 1)[0] + b"\n" else "\n"
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    prefix = front.replace("\n", newline).encode("utf-8")
    new = bom + prefix + raw[len(bom) :]
    if not new.endswith(raw[len(bom) :]):  # the body is kept byte for byte, always
        raise AssertionError("adopt would change the body")
    return Proposal(rel, path, chosen, meta, missing, raw, new)


def _front_matter(meta: dict[str, Any], missing: list[str]) -> str:
    from sre_docs.scaffold import dump_front_matter

    text = "---\n" + dump_front_matter(meta)
    if missing:
        text += f"# to fill in: {', '.join(missing)}\n"
    return text + "---\n"


def _diff(proposal: Proposal, shown: str) -> str:
    before = proposal.original.decode("utf-8", "replace").splitlines(keepends=True)
    after = proposal.new.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, f"a/{shown}", f"b/{shown}", n=2)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def files_under(config: Config, paths: list[Path], cwd: Path) -> list[str]:
    """Docs-root-relative markdown files that `paths` name (all of the docs root if none)."""
    from sre_docs.tree import walk, wanted_files

    tree = walk(config)
    wanted = wanted_files(config, tree, paths or None, cwd)
    return [rel for rel in tree.markdown if wanted is None or rel in wanted]


def command_adopt(args: argparse.Namespace) -> int:
    from sre_docs.files import write_atomic
    from sre_docs.reporters import printable

    cwd = Path.cwd()
    config = load_config(args.config, cwd=cwd)
    if len(args.paths) == 1 and args.paths[0].is_dir():
        folder = (cwd / args.paths[0]).resolve()
        if folder != config.docs_dir and config.docs_dir not in folder.parents:
            config = load_config(args.config, cwd=cwd, docs_dir=folder)
    if args.type is not None and args.type not in doctypes.NAMES:
        raise UserError(f"unknown document type {args.type!r} (one of {', '.join(doctypes.NAMES)})")
    proposals = 0
    for rel in files_under(config, list(args.paths), cwd):
        # Escaped: a name's newline or terminal escape would start a line of its own (a forged
        # diff header, a CI workflow command) or reach the terminal.
        shown = printable(Path(os.path.relpath(config.docs_dir / rel, cwd)).as_posix())
        result = propose(config, rel, args.type)
        if isinstance(result, str):
            if args.verbose:
                print(f"{shown}: skipped: {result}", file=sys.stderr)
            continue
        proposals += 1
        if args.write:
            mode = result.path.stat().st_mode & 0o7777
            write_atomic(result.path, result.new, mode=mode)
            note = f"; fill in {', '.join(result.missing)}" if result.missing else ""
            print(f"{shown}: front matter added ({result.doc_type}{note})", file=sys.stderr)
        else:
            sys.stdout.write(_diff(result, shown))
    verb = "adopted" if args.write else "to adopt (run again with --write)"
    print(f"{proposals} document{'s' if proposals != 1 else ''} {verb}.", file=sys.stderr)
    return 0
