"""The `blame-language` rule: wording that blames people instead of conditions.

Detection lives in `sre_docs.blameless`; this rule feeds it the prose of every SRE document
(code already blanked out) and the free-text front-matter fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sre_docs.rules.base import Hit, rule

if TYPE_CHECKING:
    from sre_docs.handbook import LintContext
    from sre_docs.model import Doc

_TEXT_FIELDS = ("title", "summary", "description")


@rule("blame-language", "BL001", "error")
def blame_language(doc: Doc, context: LintContext) -> Iterator[Hit]:
    """## What it does
    Reports wording that puts an incident on a person: an error ("the admin accidentally
    rebooted", "human error"), an omission ("@bob forgot to", "the on-call missed the page"),
    a judgement ("careless", "messed up"), damage ("Kevin took down prod"), hindsight ("I should
    have checked") or blame and punishment ("X's fault", "blamed the contractor", "was let
    go"). The detector reads who the subject is (a name, an @handle, a role, "I", "someone" or
    another team is a person; "we", "the team", people in general and systems are not), also
    when it stands behind a relative clause ("the engineer who pressed the button has been
    fired") or owns the change that did the damage ("his change broke the login page", "a
    senior engineer deployed a change that took down checkout"), and it reads a narration in
    the present ("she deploys the wrong build") as the act it narrates. Who a capitalised
    word names is read from the whole document: a word the document uses only as a thing (a
    deployment, "the Prow bot", a link to an audit report, a code span, a host name such as
    prow.k8s.io) is a system or an organisation, so "Prow did not respond" and "Peckshield did
    not report any high-severity issues" are not blame, while a name the document also gives a
    person (an @handle, an `authors`, `owner` or commander field, a profile link, a speaker
    in a chat log, "Bob said", "the Hypha team") stays a person: "Bob did not respond to the
    page" is reported. A role that software also plays (director, manager, operator, worker,
    controller) after the name of a system is a component: "the BOSH Director destroys the
    worker", "the Kubernetes operator deleted the pods". A name whose last word is an
    organisation's (Commonwealth Bank, Knight Capital, Delta Air Lines) or an acronym's
    possessive ("FNB's failure to") is an organisation, not a person, and blame put on a thing
    ("the bank blames a botched upgrade") blames nobody; a duty in the present ("the incident
    commander is responsible for the incident") is not blame, "was held responsible for the
    outage" is.
    In a chat conversation pasted into the report (`alice [5:07 PM]`, `[12:03] <alice>`,
    `> bob: ...`), "I" is a responder speaking while the incident ran, read like "we"; in the
    report's own prose "I forgot to renew the certificate" is self-blame. Forgetting a fact
    ("I forgot what the quota was") is no omission. Then it reads the
    frame: questions, conditionals ("if one typo can take down a region"), general statements
    about a kind of error ("fat finger errors can cause market crashes") or about someone in
    the present ("most of the time it's someone who is not aware of the export": anyone, in
    general; "someone was not aware" is reported, and so is a present in a sentence with a
    clock time or a date, "someone pushes the config at 14:02", which narrates the incident),
    negations ("operator
    error is never the root cause"), quoted mentions and titles, and statements about blame
    itself are left alone, as are code, URLs and the terms listed in `blame_accepted_terms` (a
    product called "Blame", a tool named "Fault Injector"). The message suggests a rewrite
    that fits the family: the missing guard rail for an error, the missing check for an
    omission.

    ## Why is this bad
    Blameless postmortems find the conditions that made a mistake possible and likely: the
    missing guard rail, the confusing tool, the absent alert. Naming a culprit ends the
    investigation early, teaches people to hide their mistakes, and fixes nothing.

    ## Example
    ```markdown
    The outage was caused by human error: @bob forgot to drain the node before the upgrade,
    and the admin accidentally rebooted the primary.
    ```

    ## Use instead
    ```markdown
    The upgrade procedure did not drain the node first, and nothing in the tooling checked
    for it; the node went down with live traffic. The reboot command accepted the primary as
    a target without asking.
    ```
    """
    if not doc.is_sre_doc:
        return
    # Imported here: a run whose documents all come from the cache never needs the detector.
    from sre_docs.blameless import Reading, find_blame

    accepted = context.config.blame_accepted_terms
    # What the whole document says (who is a person, what is a system, which lines are a quoted
    # chat), read only if a line gets as far as asking.
    reading = Reading(doc.body, doc.body_line, _people(doc.meta), doc.body_index.prose)
    for key in _TEXT_FIELDS:
        value = doc.meta.get(key)
        if isinstance(value, str):
            for hit in find_blame(value, accepted):
                yield Hit(doc.line_of(key), 1, _message(hit.phrase, hit.suggestion))
    for item in doc.action_items:
        if item.source == "front-matter" and item.index is not None:
            for hit in find_blame(item.description, accepted):
                line = doc.item_field_line(item, "description")
                yield Hit(line, 1, _message(hit.phrase, hit.suggestion))
    for line, text in doc.body_index.prose:
        for hit in find_blame(text, accepted, reading, line):
            yield Hit(line, hit.start + 1, _message(hit.phrase, hit.suggestion))


# Front-matter fields that name people: their names are people wherever the body uses them.
_PEOPLE_FIELDS = (
    "author",
    "authors",
    "owner",
    "owners",
    "commander",
    "incident_commander",
    "ic",
    "participants",
    "responders",
    "reporter",
    "reviewers",
)


def _people(meta: dict[str, object]) -> list[str]:
    names: list[str] = []
    for key in _PEOPLE_FIELDS:
        value = meta.get(key)
        values = value if isinstance(value, list) else [value]
        names.extend(item for item in values if isinstance(item, str))
    return names


def _message(phrase: str, suggestion: str) -> str:
    return f"blaming wording {phrase.strip()!r}: {suggestion}"
