"""Tests of the blame-language detector: the labelled sentence set, offsets and hints, hostile
input, and a run over real postmortems from ../shared/corpus."""

from __future__ import annotations

import itertools
import json
import os
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sre_docs.blameless import BlameHit, find_blame

SENTENCES = Path(__file__).parent / "fixtures" / "blame" / "sentences.yaml"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
POSTMORTEM_FOLDERS = ("dfds__postmortems", "PostHog__post-mortems", "2i2c-org__incident-reports")

MIN_PRECISION = 0.90
MIN_RECALL = 0.85


def _load_sentences() -> list[dict[str, object]]:
    with SENTENCES.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def test_sentence_set_is_large_balanced_and_well_formed() -> None:
    sentences = _load_sentences()
    assert len(sentences) >= 160
    for entry in sentences:
        assert set(entry) <= {"text", "blame", "note"}, entry
        assert isinstance(entry["text"], str) and entry["text"].strip(), entry
        assert isinstance(entry["blame"], bool), entry
    texts = [entry["text"] for entry in sentences]
    assert len(texts) == len(set(texts)), "duplicate sentences skew the scores"
    blaming = sum(entry["blame"] for entry in sentences)
    # Both classes need weight, or one of precision and recall measures little.
    assert 0.35 <= blaming / len(sentences) <= 0.65


def test_precision_and_recall_on_the_labelled_set() -> None:
    sentences = _load_sentences()
    false_positives: list[str] = []
    false_negatives: list[str] = []
    true_positives = 0
    for entry in sentences:
        text = str(entry["text"])
        hits = find_blame(text)
        if hits and entry["blame"]:
            true_positives += 1
        elif hits:
            false_positives.append(f"{text!r} -> {[hit.phrase for hit in hits]}")
        elif entry["blame"]:
            false_negatives.append(repr(text))
    flagged = true_positives + len(false_positives)
    blaming = true_positives + len(false_negatives)
    precision = true_positives / flagged if flagged else 0.0
    recall = true_positives / blaming if blaming else 0.0
    print(f"blame-language: precision {precision:.3f}, recall {recall:.3f} on {len(sentences)}")
    report = "\n".join(
        [f"precision {precision:.3f}, recall {recall:.3f}"]
        + [f"flagged but neutral: {line}" for line in false_positives]
        + [f"missed blame: {line}" for line in false_negatives]
    )
    assert precision >= MIN_PRECISION, report
    assert recall >= MIN_RECALL, report


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Root cause: human error.", "human error"),
        ("Bob forgot to drain the node.", "Bob forgot to"),
        ("At 14:02 @alice failed to update the flag.", "@alice failed to"),
        ("After the rollback the on-call engineer neglected to page.", "the on-call engineer"),
        ("Honestly, it was Dave's fault.", "Dave's fault"),
        ("The root cause: a careless edit.", "careless"),
        ("The outage was caused by Alex.", "was caused by Alex"),
        # "İ" lowercases to two characters: offsets must still point into the original text.
        ("İstanbul rollout: Bob forgot to drain the node.", "Bob forgot to"),
    ],
)
def test_offsets_point_at_the_phrase(text: str, phrase: str) -> None:
    hits = find_blame(text)
    assert len(hits) == 1, hits
    hit = hits[0]
    assert text[hit.start : hit.end] == hit.phrase
    assert hit.phrase.startswith(phrase)
    assert hit.start == text.index(phrase)


@pytest.mark.parametrize(
    "text",
    [
        "Root cause: human error.",
        "Bob forgot to drain the node.",
        "It was Dave's fault.",
        "Kevin broke prod.",
        "The DBA was careless.",
        "Priya should have known the cron runs at midnight.",
        "The intern deleted the bucket.",
        "The outage was caused by the on-call engineer.",
    ],
)
def test_every_hit_suggests_a_blameless_rewrite(text: str) -> None:
    hits = find_blame(text)
    assert hits
    for hit in hits:
        assert isinstance(hit, BlameHit)
        assert hit.suggestion.strip()
        assert "\n" not in hit.suggestion
        assert any(word in hit.suggestion for word in ("condition", "system", "process")), hit


def test_several_hits_are_sorted_and_disjoint() -> None:
    text = "Bob forgot to drain the node, which was pure human error; Dave was careless too."
    hits = find_blame(text)
    assert [hit.phrase for hit in hits] == ["Bob forgot to", "human error", "Dave was careless"]
    assert all(first.end <= second.start for first, second in itertools.pairwise(hits))


@pytest.mark.parametrize("text", ["", " ", "a", "\n", "forgot"])
def test_empty_and_tiny_input(text: str) -> None:
    assert find_blame(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "forgot " * 100_000,
        "Bob forgot to " * 50_000,
        '"' * 200_000 + " human error",
        "[" * 200_000 + " human error",
        "'a " * 200_000,
        "Had " * 200_000 + "read",
        "was caused by " * 70_000,
        "The engineer, who was tired, failed to " * 20_000,
    ],
    ids=[
        "a-1MB",
        "forgot-100k",
        "person-verb-50k",
        "quotes",
        "brackets",
        "apostrophes",
        "inverted-condition",
        "passive",
        "relative-clause",
    ],
)
def test_pathological_lines_complete(text: str) -> None:
    hits = find_blame(text)
    assert isinstance(hits, list)
    assert len(hits) <= 20  # a runaway line yields a bounded number of findings


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"abcdefghijklmnopqrstuvwxyzABDEIS '\"`[]()@.,;:-_’“”İ\n",
                *("forgot ", "failed to ", "human error", "Bob ", "the engineer ", "'s fault"),
                *("Had ", "if ", "was caused by ", "someone ", "careless", " who was tired, "),
            ]
        ),
        max_size=80,
    ).map("".join)
)
def test_hits_are_exact_slices_for_any_text(text: str) -> None:
    hits = find_blame(text)
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.phrase
    assert all(first.end <= second.start for first, second in itertools.pairwise(hits))


def _require_corpus() -> None:
    missing = [name for name in POSTMORTEM_FOLDERS if not (CORPUS / name).is_dir()]
    if not missing:
        return
    message = f"../shared/corpus not found: {CORPUS} (missing {', '.join(missing)})"
    if os.environ.get("SRE_DOCS_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.mark.corpus
def test_real_postmortems_flag_little_and_the_right_line() -> None:
    _require_corpus()
    hits: list[tuple[str, int, str]] = []
    for folder in POSTMORTEM_FOLDERS:
        for path in sorted((CORPUS / folder).rglob("*.md")):
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            for number, line in enumerate(lines, start=1):
                hits.extend(
                    (str(path.relative_to(CORPUS)), number, hit.phrase) for hit in find_blame(line)
                )
    listing = "\n".join(f"{path}:{number}: {phrase!r}" for path, number, phrase in hits)
    print(f"blame-language on real postmortems: {len(hits)} hits\n{listing}")
    assert any(
        path.startswith("dfds__postmortems/PM2022-002") and phrase == "Human error"
        for path, _, phrase in hits
    ), listing
    # Real blameless postmortems say "failed", "default", "fault" all the time: stay quiet.
    assert len(hits) <= 10, listing


# --- Real prose: sentences quoted from public postmortems, outage news and guides --------------

REAL = Path(__file__).parent / "fixtures" / "blame" / "real"
# Floors that the detector holds on each part, set a little below what it scores now. Only
# `dev` was tuned on from the start; each other part was scored once when it was new (figures
# in README.md in the folder) and most were tuned on afterwards, so their floors guard against
# regressions, not generalisation. `heldout3` and `heldout4` were not tuned on; `dev6` was, in
# the second round of subject, act and frame rules (README.md).
REAL_FLOORS = {
    "dev": (0.95, 0.85),
    "heldout": (0.95, 0.88),
    "heldout2": (0.95, 0.66),
    "heldout3": (0.80, 0.55),
    "heldout4": (0.72, 0.42),
    "dev2": (0.93, 0.80),
    "dev3": (0.90, 0.70),
    "dev4": (0.95, 0.68),
    "dev5": (0.95, 0.50),
    "dev6": (0.95, 0.55),
}


def _score(entries: list[dict[str, object]]) -> tuple[float, float, list[str]]:
    true_positives, misses = 0, []
    flagged = blaming = 0
    for entry in entries:
        hits = find_blame(str(entry["text"]))
        flagged += bool(hits)
        blaming += bool(entry["blame"])
        if hits and entry["blame"]:
            true_positives += 1
        elif hits:
            misses.append(f"flagged but not blame: {entry['text']!r} -> {hits[0].phrase!r}")
        elif entry["blame"]:
            misses.append(f"missed ({entry['family']}): {entry['text']!r}")
    precision = true_positives / flagged if flagged else 0.0
    recall = true_positives / blaming if blaming else 0.0
    return precision, recall, misses


@pytest.mark.parametrize("part", sorted(REAL_FLOORS))
def test_real_prose_precision_and_recall(part: str) -> None:
    with (REAL / f"{part}.yaml").open(encoding="utf-8") as stream:
        entries = yaml.safe_load(stream)
    assert len(entries) >= 70
    for entry in entries:
        assert set(entry) == {"text", "blame", "family", "source", "reason"}, entry
        assert str(entry["source"]).startswith(("http", "github:")), entry
        assert str(entry["reason"]).strip(), entry
    precision, recall, misses = _score(entries)
    print(f"blame-language on real prose ({part}): precision {precision:.3f}, recall {recall:.3f}")
    least_precision, least_recall = REAL_FLOORS[part]
    report = "\n".join([f"precision {precision:.3f}, recall {recall:.3f}", *misses])
    assert precision >= least_precision, report
    assert recall >= least_recall, report


def test_real_prose_parts_share_no_source() -> None:
    parts = {}
    for part in REAL_FLOORS:
        with (REAL / f"{part}.yaml").open(encoding="utf-8") as stream:
            parts[part] = {str(entry["source"]).split(" (")[0] for entry in yaml.safe_load(stream)}
    for first, second in itertools.combinations(parts, 2):
        assert parts[first].isdisjoint(parts[second]), (first, second)
    assert sum(len(sources) for sources in parts.values()) >= 120
    assert (
        sum(
            len(yaml.safe_load((REAL / f"{part}.yaml").read_text(encoding="utf-8")))
            for part in parts
        )
        >= 400
    )


# --- Subject, act and frame ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "family"),
    [
        (
            "The admin accidentally rebooted the primary.",
            "The admin accidentally rebooted",
            "error",
        ),
        ("An engineer made a typo in the router config.", "An engineer made a typo", "error"),
        ("The on-call missed the page at 02:10.", "The on-call missed the", "omission"),
        ("She didn't merge the fix before the freeze.", "She didn't merge", "omission"),
        (
            "One of the vendor's technicians forgot to",
            "One of the vendor's technicians forgot to",
            "omission",
        ),
        ("The crew also forgot to lock the rack.", "The crew also forgot to", "omission"),
        ("Sleepy operator deleted the wrong volume.", "Sleepy operator deleted the wrong", "error"),
        (
            "A worker who failed to check the breaker was named.",
            "A worker who failed to",
            "omission",
        ),
        ("I should have checked twice.", "I should have checked", "hindsight"),
        ("Kevin took down the cluster with one command.", "Kevin took down", "damage"),
        ("Bob took over the entire cluster with his batch job.", "Bob took over", "damage"),
        ("It was entirely my fault.", "my fault", "blame"),
        ("A senior architect said: “This was incredibly careless.”", "careless", "judgement"),
        (
            "The company blamed a junior developer for the outage.",
            "blamed a junior developer",
            "blame",
        ),
        ("Ann forgot—again—to rotate the key.", "Ann forgot", "omission"),
        ("Root cause: human error—the form had no check.", "human error", "error"),
        ("Root cause：human error，the form had no check。", "human error", "error"),
        ("Bob forgot to rotate the key, and the cert expired.", "Bob forgot to", "omission"),
        # Present-tense narration and realis infinitives narrate the act all the same.
        ("She deploys the wrong build to production.", "She deploys the wrong", "error"),
        ("He proceeded to wipe the production volume.", "He proceeded to wipe", "damage"),
        ("I managed to accidentally delete the bucket.", "I managed to accidentally", "error"),
        # Blame through a change somebody made.
        ("His change broke the login service.", "His change broke", "damage"),
        ("Bob's commit took down the API for an hour.", "Bob's commit took down", "damage"),
        (
            "A senior engineer deployed a config change that took down checkout.",
            "A senior engineer deployed a config change that took down",
            "damage",
        ),
        # Passive agents, relative clauses, places between the subject and its verb.
        ("The config that was deleted by the intern held the routes.", "was deleted by", "damage"),
        ("The error was made by a junior trader.", "was made by a junior trader", "error"),
        ("The engineer who pressed the button has been fired.", "The engineer who", "blame"),
        ("A crew near Springfield, Illinois cut the fiber line.", "A crew near", "damage"),
        ("Alice merged without review.", "Alice merged without review", "omission"),
        ("He plugged the cable into the wrong port.", "He plugged the cable", "error"),
        ("The technician wrongly assumed the unit was the backup.", "The technician", "error"),
        # Blame and punishment, a cause given in quotation marks, a possessed error.
        ("The manager had to fire him after the outage.", "fire him", "blame"),
        ("The CTO told me to leave and never come back.", "told me to leave", "blame"),
        ("They blamed the outage on a junior engineer.", "blamed the outage on", "blame"),
        ('The company blamed "human error" for the outage.', "human error", "error"),
        ("His or her copy-and-paste error erased the table.", "His or her copy", "error"),
        ("Human error is the root cause of this outage.", "Human error", "error"),
        ("The outage was attributed to human error.", "human error", "error"),
        ("The outage was traced to an engineer who skipped the canary.", "was traced", "blame"),
        ("The failure was due to a contractor's mistake.", "contractor's mistake", "error"),
        ("For the engineer whose fault it was, it got worse.", "the engineer whose", "blame"),
        ("The on-call engineer was not aware of the new runbook.", "The on-call", "omission"),
        ("She skipped the review.", "She skipped", "omission"),
        ("An employee misplaced a USB drive.", "An employee misplaced", "error"),
        ("I had just broken production.", "I had just broken", "damage"),
        ("I had already nuked half the cache.", "I had already nuked", "damage"),
        ("Developer Accidentally Deletes Production Database", "Developer Accidentally", "error"),
        ("The operator erred.", "The operator erred", "error"),
        ("He deployed without a proper check.", "He deployed without", "omission"),
        # "By mistake" and "something wrong" after a person's act; a subject before an
        # abbreviation's full stop; damage with the particle after the object.
        ("An engineer deleted the DNS zone by mistake.", "An engineer deleted", "error"),
        ("Bob did something wrong with the router.", "Bob did something wrong", "error"),
        ("A contractor in Salem, Ore., drilled through the fiber cable.", "A contractor", "damage"),
        ("I killed the production server.", "I killed the production", "damage"),
        ("Bob brought the whole cluster down with one command.", "Bob brought the", "damage"),
        ("He took production offline.", "He took production offline", "damage"),
        ("The fault was mine.", "fault was mine", "blame"),
        ("The mistake was his.", "mistake was his", "error"),
        ("The on-call engineer slept through the page.", "The on-call engineer slept", "omission"),
        ("She should not have run the script on production.", "She should not have", "hindsight"),
        (
            "The review found that an engineer had entered the wrong command.",
            "an engineer had entered the wrong",
            "error",
        ),
        ("The manager blamed Bob for the outage.", "The manager blamed", "blame"),
        ("She blames herself.", "She blames", "blame"),
        ("The contractor was held responsible for the outage.", "The contractor was", "blame"),
        ("The engineer was dismissed after the outage.", "The engineer was dismissed", "blame"),
        ("The on-call dismissed the alert as noise.", "The on-call dismissed", "omission"),
        ("The operator's mistake cut power to the whole floor.", "operator's mistake", "error"),
        ("The company pointed the finger at a contractor.", "pointed the finger at", "blame"),
        ("Our sysadmin wiped the backups by mistake.", "Our sysadmin wiped", "error"),
        ("Sorry, I merged this by accident.", "I merged this by accident", "error"),
        ("The contractor has since been fired.", "The contractor has since been fired", "blame"),
        ("The technician was demoted after the outage.", "The technician was", "blame"),
        # A claim somebody makes, even after a verb of saying, is still read.
        ("He kept saying that he forgot to check.", "he forgot to", "omission"),
        ("Needless to say, Bob forgot to drain the node.", "Bob forgot to", "omission"),
        ("It is fair to say that Bob was careless.", "Bob was careless", "judgement"),
        # A finding announced for later, a parenthesis inside the phrase, a sentence adverb
        # before the subject, the progressive, a place the act went to.
        ("The review will show that it was human error.", "human error", "error"),
        (
            "The airline will pin the blame for its $100m (£80m) outage on a single worker.",
            "pin the blame for its $100m (£80m) outage on",
            "blame",
        ),
        (
            "Unfortunately I ran the migration and was not aware it targeted production.",
            "I ran the migration and was not aware",
            "omission",
        ),
        ("She was wrongly assuming the host was staging.", "She was wrongly assuming", "error"),
        (
            "I deployed to production without double-checking the target.",
            "I deployed to production without",
            "omission",
        ),
        # The same roles after a role word or no name stay people.
        (
            "The SRE manager forgot to renew the certificate.",
            "The SRE manager forgot to",
            "omission",
        ),
        (
            "The director deleted the production database by mistake.",
            "The director deleted the production",
            "damage",
        ),
        # Someone, in the past: what one person did or did not do in the incident.
        ("Someone was not aware of the new limit.", "Someone was not aware", "omission"),
        # Someone in the present at a clock time: the incident narrated, not anyone in general.
        (
            "Someone messes up the deploy at 14:02 and the site goes down at 14:05.",
            "Someone messes up",
            "judgement",
        ),
    ],
)
def test_blame_is_found_by_subject_act_and_frame(text: str, phrase: str, family: str) -> None:
    hits = find_blame(text)
    assert hits, text
    assert hits[0].phrase.startswith(phrase), hits
    assert hits[0].family == family, hits
    assert text[hits[0].start : hits[0].end] == hits[0].phrase


@pytest.mark.parametrize(
    "text",
    [
        "Was human error involved?",  # a question in a template
        "If one typo can take down a region, that's a design problem.",  # conditional
        "Operator error is never the root cause.",  # negation after the term
        "This is not about anyone being careless.",  # statement about blame
        "We avoid the phrase 'human error' in reports.",  # a mention
        "Humans make mistakes; the system should catch them.",  # people in general
        "The deploy failed to start because the image was missing.",  # a system subject
        "We failed to verify the backup.",  # collective ownership
        "The Prometheus operator failed to reconcile the CRD.",  # software
        "The alert should have fired at 02:00.",  # a system in hindsight
        "The database was deleted by mistake during the cleanup.",  # agentless passive
        "Imagine accidentally running the cleanup against production.",  # hypothetical
        "Blaming the on-call engineer would miss the real problem.",  # about blame
        "Use git blame to find the commit that changed the limit.",  # a tool
        "[The Field Guide to Understanding Human Error](https://example.com/book)",  # a title
        "See https://example.com/human-error-101 for the talk.",  # a URL
        # A kind of error, defined or described in general, is not somebody's act.
        "A fat finger error is a type of trading mistake that can occur when a trader "
        "accidentally hits the wrong key.",
        "Fat-finger trades have triggered flash crashes.",
        "Human error in trading is here to stay.",
        "A keying mistake by a trader, hitting the wrong digit.",  # a dictionary entry
        "This refers to a trader incorrectly keying in an order.",
        "Every once in a while a technician makes a mistake, and the data center goes down.",
        "Soon they'll say the economy collapsed because someone pressed the wrong button.",
        # Systems, and people inside a clause about something else.
        "The service that the engineer restarted failed to start.",
        "The cut lines caused video problems for thousands of customers.",
        "The pod was deleted by the controller.",
        "The old table was dropped by a contractor during cleanup.",  # not production
        "Incorrectly configured backup identifiers led to a data leak.",
        "Then the engineer restarts the service and watches the error rate.",  # acting
        "82% of the respondents had downtime as the result of human error.",  # a survey
        "Human mistakes are difficult to predict.",
        "I realized that everyone made mistakes, often more boneheaded than mine.",
        "Projector breaks, doesn't get sidetracked on fixing it, just moves on.",  # a noun
        "We were not aware of the new runbook.",
        "We stopped attributing outages to human error.",
        "A manager's failure to comply will be reported.",  # a rule about anyone
        # Taking over a role or a duty is a handover, not damage.
        "- 2256 UTC: Hypha takes over comms responsibilities due to Discord permissions issues.",
        "At 14:10 Alice took over as incident commander from Bob.",
        # A role that software also plays, after the name of a system, is a component.
        "The job might fail because the BOSH Director destroys the Concourse worker.",
        "The Kubernetes operator deleted the pods.",
        # Blame put on a thing, an adjective on a thing, organisations named like people.
        "The bank blames a botched upgrade for the outage.",
        "The bank blames the outage on a failed disk.",
        "The CEO denied rumours of a botched upgrade.",
        "FNB's failure to provide a reliable service angered customers.",
        "Knight Capital failed to remove the old code.",
        "Delta Air Lines forgot to patch the servers.",
        # Perceiving something wrong, a deliberate operation, an omission denied.
        "The engineer noticed something wrong in the logs.",
        "The on-call took the node offline to drain it.",
        "Bob forgot nothing: the checklist had no such step.",
        # A duty in the present is no blame; a software operator's failure is software's.
        "The incident commander is responsible for the incident.",
        "The on-call is accountable for the incident response.",
        "The Prometheus operator's failure to reconcile stalled the rollout.",
        "The alert was dismissed automatically.",
        # A claim talked about, not made (as blameless-writing guides do).
        "Words like careless, negligent and sloppy have no place in a postmortem.",
        "A postmortem that says the engineer was careless teaches nothing.",
        "It is tempting to conclude that the on-call engineer simply missed the alert.",
        "Saying an engineer made a mistake is not a root cause.",
        'Rewrite "Alice deployed a broken build" as "the pipeline shipped a failing build".',
        'Example of blame: "Dave didn\'t check the logs."',
        "A culture of blame makes engineers hide their mistakes.",
        "Human error will always happen.",
        "The investigation will examine whether human error was involved.",
        "The job was mistakenly running against production.",
        "The alert fired in production without review.",
        # "I" in "i.e." is no narrator; a noun's place is no verb's ("wraparound in Postgres").
        "I.e. the runners are ephemeral and are destroyed after each job.",
        "Transaction ID wraparound in Postgres caused a partial outage.",
        # Shapes found in public handbooks: a date, a bullet's team, a label, compounds, phrasal
        # verbs, "in case", a thing judged, people in general, a name that ", that" refers to,
        # a causative, a role word inside a name.
        "Nightly runs scheduled on 12 Feb failed to start.",
        "- Team takes down the status page to stop the errors.",
        "summary: Lack of backoff in a microservice caused a cascading failure.",
        "The most fool-proof method is to query the gas price first.",
        "Depending on the rate limit, we can fire them off in parallel.",
        "In case you did not pay the fee, the job is cancelled.",
        "We start by pinning it with Pinata, then mint the NFT on Sepolia.",
        "Apache is stupid and starts before the network is up.",
        "## People are Lazy",
        "The testnet, referred to as Devnet, that caused a consensus failure was reset.",
        "That hid the cause and made the operator put the focus in the wrong place.",
        "worker-ci-test runs an old image -- it was also accidentally deleted.",
        "Let's say Bob ran a command which deleted your entire database.",
        "Don't point fingers at anyone.",
        "I forgot my laptop charger at home.",
        "I missed the standup because of the outage.",
        "Pointing fingers at the on-call engineer fixes nothing.",
        "The Workspace account was suspended until the review.",
        # Someone in general, in the present: who usually causes the load, not who did.
        "Most of the time it's someone who is not aware the export exists and scrapes pages.",
        "Usually it is somebody who does not know the bulk endpoint.",
    ],
)
def test_frames_that_are_not_blame(text: str) -> None:
    assert find_blame(text) == [], find_blame(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ann forgot—again—to rotate the key.",
        "human error—the form had no check",
        "Bob forgot to drain the node，and the upgrade started.",
        "“Human error” was the first answer; Dave was careless… again.",
        "Dave was careless\u00a0again.",
    ],
)
def test_unicode_punctuation_does_not_hide_the_keyword(text: str) -> None:
    assert find_blame(text), text


def test_accepted_terms_are_never_blame() -> None:
    assert find_blame("The outage was the Fault Injector's fault, as planned.")
    assert not find_blame(
        "The outage was the Fault Injector's fault, as planned.", ("Fault Injector",)
    )
    text = "The on-call engineer opened Blame to find the commit."
    assert find_blame(text)
    assert not find_blame(text, ("Blame",))
    # Only the accepted words are exempt: the rest of the line is still read.
    hits = find_blame("Blame showed that Bob forgot to rotate the key.", ("Blame",))
    assert [hit.phrase for hit in hits] == ["Bob forgot to"]


def test_every_family_has_its_own_hint() -> None:
    texts = {
        "error": "Root cause: human error.",
        "omission": "Bob forgot to drain the node.",
        "judgement": "The DBA was careless.",
        "damage": "Kevin broke prod.",
        "hindsight": "Priya should have known the cron runs at midnight.",
        "blame": "It was Dave's fault.",
    }
    hints = {}
    for family, text in texts.items():
        (hit,) = find_blame(text)
        assert hit.family == family, hit
        hints[family] = hit.suggestion
    assert len(set(hints.values())) == len(hints)


CUE_FAMILIES = {
    "an omission, repeated": "Bob forgot to ",
    "an opening bracket": "[",
    "a quotation mark": '"',
    "a relative clause on a person": ", who was tired,",
    "a link naming a cue": "see https://x.io/human-error ",
    "a hindsight opener": "Had the engineer read ",
}


@pytest.mark.parametrize("name", list(CUE_FAMILIES))
def test_a_megabyte_of_cues_costs_about_what_a_megabyte_of_prose_costs(name: str) -> None:
    """Each cue family grows linearly (four times the text costs at most eight times as much)
    and at 1 MB costs at most ten times prose of the same size. Over a bound once may be
    another process: both sides are measured again, in turns, before failing."""

    def best(text: str, runs: int) -> float:
        fastest = float("inf")
        for _ in range(runs):
            start = time.process_time()
            find_blame(text)
            fastest = min(fastest, time.process_time() - start)
        return fastest

    def sized(unit: str, size: int) -> str:
        return (unit * (size // len(unit) + 1))[:size] + " human error"

    # Prose that the pre-filter lets through (cue words and a person word), but no blame.
    prose = "The engineer saw that the deploy failed to start; the image had not been pushed. "
    slack, factor, small, large = 2.0, 10.0, 250_000, 1_000_000
    cues = CUE_FAMILIES[name]
    quarter, whole, reference = sized(cues, small), sized(cues, large), sized(prose, large)
    first, last, plain = best(quarter, 2), best(whole, 2), best(reference, 2)
    for _ in range(4):
        if last <= slack * 4 * first + 0.05 and last <= factor * plain + 0.05:
            break
        first = min(first, best(quarter, 3))
        last = min(last, best(whole, 3))
        plain = min(plain, best(reference, 3))
    assert last <= slack * 4 * first + 0.05, ("superlinear", first, last)
    assert last <= factor * plain + 0.05, ("over ten times prose", last, plain)


def test_accepted_terms_from_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sre_docs.cli import main

    docs = tmp_path / "docs" / "postmortems"
    docs.mkdir(parents=True)
    (docs / "pm.md").write_text(
        "---\ntype: postmortem\n---\n## Summary\n\n"
        "The on-call engineer opened Blame to find the commit.\n\n"
        "The outage was the Fault Injector's fault, as planned.\n",
        encoding="utf-8",
    )
    config = tmp_path / "mkdocs.yml"
    base = "site_name: t\ndocs_dir: docs\nplugins:\n  - sre-docs:\n      cache: false\n"
    config.write_text(base, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def blame_lines() -> list[int]:
        main(["lint", "--format", "json", "-q", "--today", "2026-11-24"])
        findings = json.loads(capsys.readouterr().out or "[]")
        return [f["line"] for f in findings if f["rule"] == "blame-language"]

    assert blame_lines() == [6, 8]
    config.write_text(
        base + '      blame_accepted_terms: ["Blame", "Fault Injector"]\n', encoding="utf-8"
    )
    assert blame_lines() == []
    config.write_text(base + "      blame_accepted_terms: [Blame, 3]\n", encoding="utf-8")
    assert main(["lint", "-q"]) == 2
    assert "blame_accepted_terms" in capsys.readouterr().err


# --- Whole documents: what the rest of the document says about a line -------------------------

DOCUMENTS = Path(__file__).parent / "fixtures" / "blame" / "documents"


@pytest.mark.parametrize(
    "name", sorted(p.name for p in DOCUMENTS.glob("*.md") if p.stem != "README")
)
def test_documents_decide_who_is_a_person(name: str) -> None:
    from sre_docs.blameless import Reading
    from sre_docs.body import scan_body

    body = (DOCUMENTS / name).read_text(encoding="utf-8")
    marked = {
        number
        for number, line in enumerate(body.split("\n"), start=1)
        if line.endswith("<!-- blame -->")
    }
    reading = Reading(body, 1)
    flagged = {
        number for number, text in scan_body(body, 1).prose if find_blame(text, (), reading, number)
    }
    assert flagged == marked, [
        (number, [hit.phrase for hit in find_blame(text, (), reading, number)])
        for number, text in scan_body(body, 1).prose
        if number in flagged ^ marked
    ]
    # Read alone, each blaming line is still blame; where a line reads as blame only alone,
    # the rest of the document is what decides.
    alone = {number for number, text in scan_body(body, 1).prose if find_blame(text)}
    assert alone >= marked, (alone, marked)
    if name in ("ci-system.md", "audit-firm.md", "chat-transcript.md"):
        assert alone > marked, (alone, marked)


def test_reading_names_systems_people_and_chat_lines() -> None:
    from sre_docs.blameless import Reading

    body = (DOCUMENTS / "ci-system.md").read_text(encoding="utf-8")
    assert "crane" in Reading(body).systems
    assert "bob" not in Reading(body).systems
    # A name the front matter gives a person is a person, whatever the body does with it.
    assert "crane" not in Reading(body, 1, ["Crane Smith"]).systems
    transcript = Reading((DOCUMENTS / "chat-transcript.md").read_text(encoding="utf-8"))
    lines = (DOCUMENTS / "chat-transcript.md").read_text(encoding="utf-8").split("\n")
    inside = [n for n in range(1, len(lines) + 1) if transcript.in_transcript(n)]
    assert lines[inside[0] - 1] == ">alice [5:07 PM]"
    assert "root cause" not in " ".join(lines[n - 1].lower() for n in inside)
    assert any("<carol>" in lines[n - 1] for n in inside)
    # Hostile bodies are read in linear time.
    hostile = Reading("[Ab](" * 20_000 + "\n" + ">a [1:00 PM]\n" * 2_000 + "the Ab " * 20_000)
    assert "ab" in hostile.systems
    assert hostile.in_transcript(3)
    # Doubling a hostile body at most about doubles the time: every pattern is linear.
    for unit in ("[Ab](x) ", "the Ab ", ">a [1:00 PM]\n", "a.b.", "`ab` ", "Ab said @ab "):

        def cost(count: int, unit: str = unit) -> float:
            # This process's CPU time, the least of three: other processes on a busy machine
            # do not count.
            best = float("inf")
            for _ in range(3):
                started = time.process_time()
                reading = Reading(unit * count)
                reading.in_transcript(3)
                assert isinstance(reading.systems, frozenset)
                best = min(best, time.process_time() - started)
            return best

        assert cost(40_000) <= 3 * cost(20_000) + 0.05, unit
    # One timed line alone is a timeline entry, not a conversation.
    single = Reading("Intro.\n\n[18:03] <carol> I missed the page\n\nI missed the page.\n")
    assert not any(single.in_transcript(n) for n in range(1, 6))


def test_a_forgotten_fact_is_not_an_omission() -> None:
    assert not find_blame("I forgot what the original quota request was.")
    assert not find_blame("She forgot which node was the primary.")
    assert [hit.phrase for hit in find_blame("I forgot to renew the certificate.")] == [
        "I forgot to"
    ]
