"""Detection of blaming wording in postmortem prose, with a blameless rewrite hint for each hit.

Policy: wording is blame when it judges a person ("careless", "human error", "X's fault") or
makes a person the subject of a failure verb ("@bob forgot to", "the engineer failed to",
"Alice broke prod"). The same verbs with a system as subject ("the deploy failed to start",
"the script neglected to check") are neutral, and so is "we" (the team owning a gap).
Quoted words are mentions, not accusations ("we avoid the phrase 'human error'"), and negated
forms ("not about human error", "no one is to blame") are left alone."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BlameHit:
    start: int
    end: int
    phrase: str
    suggestion: str


_ERROR_HINT = (
    "name the condition that made the mistake possible (a missing guard rail, a confusing "
    "tool, an unclear procedure) instead of calling it an error of a person"
)
_OMISSION_HINT = (
    "describe what the system or process lacked (a check, a reminder, automation, a review "
    "step) rather than what a person did not do"
)
_FAULT_HINT = (
    "describe the contributing conditions and the system's gaps; incidents have many causes, "
    "not one culprit"
)
_JUDGEMENT_HINT = (
    "describe the circumstances (time pressure, fatigue, missing tooling or context) instead "
    "of judging a person"
)
_HINDSIGHT_HINT = (
    "hindsight is not insight: describe what information was available at the time and what "
    "would have surfaced the problem"
)
_ACTION_HINT = (
    "make the change or the system the subject ('the config change removed the limit') and "
    "ask what would have caught it, rather than who did it"
)

# Capitalised words that begin sentences or name systems, never a person who could be blamed.
_NOT_PEOPLE = frozenset(
    """
    the a an and but or so then when after before during because if since while although
    this that these those there here it its we our us they their them you your i my he she
    everyone everybody nobody nothing something someone somebody anyone anybody all each
    both one two three several many some most no not also however finally later next first
    second deploy deploys deployment deployments deployer job jobs pipeline pipelines
    service services server servers cluster clusters node nodes pod pods container
    containers alert alerts check checks health healthcheck build builds script scripts cron
    system systems database databases db cache caches migration migrations release releases
    rollout rollback config configuration monitoring terraform kubernetes k8s prometheus
    alertmanager grafana postgres postgresql mysql redis nginx ingress operator operators
    controller controllers scheduler worker workers queue queues load balancer proxy dns
    network api apis gateway client clients customer customers user users team teams on-call
    oncall process procedure runbook runbooks tooling tool tools automation test tests ci cd
    github gitlab jenkins argo helm docker aws gcp azure lambda s3 ec2 rds cdn cloudflare
    kafka rabbitmq elasticsearch vault consul etcd certificate certificates cert certs
    update upgrade patch change changes fix commit merge request requests traffic disk disks
    memory cpu host hosts instance instances replica replicas primary leader follower shard
    shards index batch backup backups restore failover slo slos sla error errors incident
    incidents outage outages timeline impact summary root cause action item items lesson
    lessons mitigation resolution detection escalation monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december utc at on in of to for with by from as is was were be been has
    had have do did does done nothing none what who why how which where chart charts
    dashboard dashboards metric metrics log logs logging tracing trace webhook webhooks
    feature flag flags version versions image images registry storage volume volumes
    """.split()
)

_ROLE = (
    r"(?:engineer|developer|dev|devops|operator|on-?call(?:\s+engineer)?|sre|admin|"
    r"administrator|sysadmin|intern|new\s+hire|contractor|team\s+member|dba|reviewer|"
    r"employee|person|human|staff\s+member|teammate|colleague|junior(?:\s+(?:dev|developer|"
    r"engineer))?|rookie|newbie|someone|somebody)"
)
_PERSON = (
    r"(?:@[\w][\w.-]*"
    r"|(?:the|an?|our|one|their|that|this)\s+(?:(?:new|junior|senior|on-?call|responsible|"
    r"same|other|backend|frontend|platform|database)\s+)?" + _ROLE + r"s?"
    r"|someone|somebody|he|she"
    r"|(?P<name>(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)))"
)
_ADVERB = r"(?:\s+(?:just|simply|also|then|again|clearly|obviously|apparently|accidentally|"
_ADVERB += r"mistakenly|carelessly|incorrectly|completely|totally|never))*"

_SUBJECT_PATTERNS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        r"forgot(?:\s+to|\s+about)?|had\s+forgotten(?:\s+to)?",
        ("forgot", "forgotten"),
        _OMISSION_HINT,
    ),
    (
        r"failed\s+to|neglected\s+to|omitted\s+to|did(?:n't|\s+not)\s+bother(?:\s+to)?",
        ("failed", "neglected", "omitted", "bother"),
        _OMISSION_HINT,
    ),
    (
        r"(?:ignored|overlooked|disregarded|dismissed)\s+(?:the|an?|all|every|our|his|her)\b",
        ("ignored", "overlooked", "disregarded", "dismissed"),
        _OMISSION_HINT,
    ),
    (
        r"(?:did(?:n't|\s+not)|never)\s+(?:check|test|read|verify|look|notice|follow|review)\b",
        (
            ("check", "test", "read", "verify", "look", "notice", "follow", "review"),
            ("didn't", "did", "never"),
        ),
        _OMISSION_HINT,
    ),
    (
        r"(?:was|were|wasn't|weren't)\s+(?:not\s+)?(?:paying\s+attention|careless|sloppy|lazy|"
        r"negligent|distracted|asleep\s+at\s+the\s+wheel)",
        (
            ("attention", "careless", "sloppy", "lazy", "negligent", "distracted", "asleep"),
            ("was", "were", "wasn't", "weren't"),
        ),
        _JUDGEMENT_HINT,
    ),
    (
        r"should\s+have\s+(?:known|realized|realised|noticed|caught|checked|double-checked|"
        r"verified|tested|read|seen|paid\s+attention|been\s+more\s+careful|asked|looked)",
        (
            ("should",),
            tuple(
                """known realized realised noticed caught checked double-checked verified
                tested read seen paid attention been asked looked""".split()
            ),
        ),
        _HINDSIGHT_HINT,
    ),
    (
        r"broke\s+(?:prod|production|the\s+(?:build|site|prod|deploy|release|checkout|cluster|"
        r"database|db|api|payments|pipeline)|everything|it)",
        ("broke",),
        _ACTION_HINT,
    ),
    (
        r"caused\s+(?:the|this|an?|that)\s+(?:outage|incident|downtime|failure|problem|issue|"
        r"breakage|data\s+loss|disruption)",
        ("caused",),
        _FAULT_HINT,
    ),
    (
        r"(?:made|makes)\s+(?:a|the|an|another)\s+(?:\w+\s+)?(?:mistake|error|blunder)",
        (("mistake", "error", "blunder"), ("made", "makes")),
        _ERROR_HINT,
    ),
    (
        r"(?:messed|screwed|fouled|botched)\s+(?:up|it)|botched|fat-fingered|fat\s+fingered",
        ("messed", "screwed", "fouled", "botched", "fat", "fat-fingered"),
        _ACTION_HINT,
    ),
    (
        r"ran\s+the\s+wrong|pushed\s+(?:a\s+)?(?:bad|broken|wrong)|typed\s+the\s+wrong|"
        r"misconfigured|mistyped|deleted\s+the\s+wrong",
        ("wrong", "pushed", "misconfigured", "mistyped"),
        _ACTION_HINT,
    ),
    (
        r"(?:is|was)\s+(?:to\s+blame|at\s+fault|responsible\s+for\s+(?:the|this)\s+"
        r"(?:outage|incident|failure))",
        (("blame", "fault", "responsible"), ("is", "was")),
        _FAULT_HINT,
    ),
)

_DEMEANED_ACTOR = re.compile(
    r"\b(?:the\s+)?(?:intern|junior\s+(?:dev|developer|engineer)|new\s+hire|rookie|newbie)\s+"
    r"(?:deleted|dropped|pushed|ran|merged|deployed|broke|removed|changed|misconfigured|typed|"
    r"wiped|truncated|restarted|killed)\b",
    re.IGNORECASE,
)

_STANDALONE: tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...] = (
    (
        re.compile(
            r"\b(?:human|operator|pilot|user|engineer|developer|admin|personnel)\s+"
            r"(?:error|errors|mistake|mistakes|failure|oversight|negligence)\b",
            re.IGNORECASE,
        ),
        (
            ("error", "errors", "mistake", "mistakes", "failure", "oversight", "negligence"),
            ("human", "operator", "pilot", "user", "engineer", "developer", "admin", "personnel"),
        ),
        _ERROR_HINT,
    ),
    (
        re.compile(
            r"\b(?:careless(?:ly|ness)?|sloppy|sloppiness|negligen(?:t|ce)|incompeten(?:t|ce)|"
            r"laziness|reckless(?:ly|ness)?|inattentive|inattention|"
            r"irresponsible|dumb\s+mistake|stupid\s+mistake|rookie\s+mistake)\b",
            re.IGNORECASE,
        ),
        tuple(
            """careless carelessly carelessness sloppy sloppiness negligent negligence
            incompetent incompetence laziness reckless recklessly recklessness inattentive
            inattention irresponsible dumb stupid rookie""".split()
        ),
        _JUDGEMENT_HINT,
    ),
    (
        re.compile(
            r"(?:\b(?-i:[A-Z][a-z]+)|@[\w.-]+|\b(?:the\s+)?" + _ROLE + r")['’]s\s+"
            r"(?:fault|mistake|error|blunder|screw-?up|negligence)\b",
            re.IGNORECASE,
        ),
        (("fault", "mistake", "error", "blunder", "screw-up", "screwup", "negligence"), ("'s",)),
        _FAULT_HINT,
    ),
    (
        re.compile(
            r"\b(?:fault|blame)\s+(?:lies|lay|rests|is)\s+(?:with|on)\b|\bto\s+blame\s+for\b|"
            r"\bblamed?\s+(?:on\s+)?(?:@[\w.-]+|(?-i:[A-Z][a-z]+)|the\s+" + _ROLE + r")",
            re.IGNORECASE,
        ),
        ("blame", "blamed", "fault"),
        _FAULT_HINT,
    ),
    (
        re.compile(r"\bshould\s+have\s+known(?:\s+better)?\b", re.IGNORECASE),
        ("known",),
        _HINDSIGHT_HINT,
    ),
    (
        re.compile(r"\b(?:should|could)\s+have\s+been\s+more\s+careful\b", re.IGNORECASE),
        ("careful",),
        _JUDGEMENT_HINT,
    ),
    (_DEMEANED_ACTOR, ("intern", "junior", "hire", "rookie", "newbie"), _ACTION_HINT),
)

Keywords = tuple[tuple[str, ...], ...]


def _groups(keywords: tuple[str, ...] | Keywords) -> Keywords:
    """Keyword groups of a pattern: every group must occur in the line; the first anchors."""
    if keywords and isinstance(keywords[0], tuple):
        return keywords  # type: ignore[return-value]
    return (keywords,)  # type: ignore[return-value]


_VERBS: tuple[tuple[re.Pattern[str], Keywords, str], ...] = tuple(
    # Matched against the lowercased line: case-sensitive patterns scan several times faster.
    (re.compile(r"\b(?:" + verb + r")"), _groups(keywords), hint)
    for verb, keywords, hint in _SUBJECT_PATTERNS
)
_STANDALONE_GROUPS: tuple[tuple[re.Pattern[str], Keywords, str], ...] = tuple(
    (pattern, _groups(keywords), hint) for pattern, keywords, hint in _STANDALONE
)
_SUBJECT_REACH = 72
"""How far before a verb its subject may start ("the new on-call engineer simply forgot")."""

_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|(?<![\w])'[^'\n]*'(?![\w])|`[^`\n]*`")
_NEGATED = re.compile(
    r"(?:\bnot\s+(?:about\s+|due\s+to\s+|a\s+case\s+of\s+|caused\s+by\s+|the\s+result\s+of\s+)?|"
    r"\bno\s+(?:single\s+)?(?:one|person|individual|engineer|human)\s+(?:is|was)\s+|"
    r"\bnobody\s+(?:is|was)\s+|\bnever\s+|\bavoid(?:ing|s)?\s+(?:the\s+(?:phrase|term|word)s?\s+)?|"
    r"\brather\s+than\s+|\binstead\s+of\s+|\bwithout\s+(?:assigning\s+)?)$",
    re.IGNORECASE,
)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in _QUOTED.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(first <= start and end <= last for first, last in spans)


def _negated(text: str, start: int) -> bool:
    window = text[max(0, start - 40) : start]
    return _NEGATED.search(window) is not None


_KEYWORD_WORDS = frozenset(
    word
    for _, groups, _ in (*_VERBS, *_STANDALONE_GROUPS)
    for group in groups
    for word in group
    if word != "'s"
)
_PUNCTUATION = str.maketrans(dict.fromkeys('.,;:!?()[]{}"“”‘/\\*_`<>|#=+~…', " "))
_TOKEN = re.compile(r"@?[\w'’-]+(?:\.[\w-]+)*")
_ROLE_WORDS = frozenset(
    """engineer engineers developer developers dev devs devops operator operators on-call oncall
    sre sres admin admins administrator sysadmin intern interns hire contractor member dba
    reviewer employee person human teammate colleague junior rookie newbie""".split()
)
_ROLE_MODIFIERS = frozenset(
    """new junior senior on-call oncall responsible same other backend frontend platform
    database team staff""".split()
)
_DETERMINERS = frozenset("the a an our one their that this".split())
_PRONOUNS = frozenset("someone somebody he she".split())
_ADVERBS = frozenset(
    """just simply also then again clearly obviously apparently accidentally mistakenly
    carelessly incorrectly completely totally never""".split()
)
_NAME = re.compile(r"[A-Z][a-z]+")


def _subject_start(text: str, verb_start: int) -> int | None:
    """Offset of the person who is the subject of the verb at `verb_start`, if one is.

    Reads the few words before the verb: an @handle, someone/he/she, a determiner with a role
    ("the on-call engineer"), or a capitalised name that is not a common word or system."""
    window_start = max(0, verb_start - _SUBJECT_REACH)
    before = text[window_start:verb_start]
    last = before.rsplit(None, 1)[-1] if before.strip() else ""
    if not last or (
        last[0].islower()
        and last not in _ROLE_WORDS
        and last not in _PRONOUNS
        and last not in _ADVERBS
    ):
        return None  # the usual case: a system noun ("the check failed to")
    tokens = list(_TOKEN.finditer(before))
    index = len(tokens) - 1
    end = len(before)
    while index >= 0:
        token = tokens[index]
        if before[token.end() : end].strip():
            return None  # punctuation between the words: not one clause
        if token.group().lower() not in _ADVERBS:
            break
        end = token.start()
        index -= 1
    if index < 0:
        return None
    token = tokens[index]
    if before[token.end() : end].strip():
        return None
    word = token.group()
    lowered = word.lower()
    if (word.startswith("@") and len(word) > 1) or lowered in _PRONOUNS:
        return window_start + token.start()
    if lowered in _ROLE_WORDS:
        position = index - 1
        while position >= 0 and tokens[position].group().lower() in _ROLE_MODIFIERS:
            position -= 1
        if position >= 0 and tokens[position].group().lower() in _DETERMINERS:
            return window_start + tokens[position].start()
        return None
    if _NAME.fullmatch(word) and lowered not in _NOT_PEOPLE:
        start = token.start()
        previous = tokens[index - 1] if index > 0 else None
        if (
            previous is not None
            and _NAME.fullmatch(previous.group())
            and previous.group().lower() not in _NOT_PEOPLE
            and not before[previous.end() : token.start()].strip()
        ):
            start = previous.start()
        return window_start + start
    return None


def _windows(lowered: str, groups: Keywords, found: set[str]) -> list[tuple[int, int, int]]:
    """(keyword position, window start, window end) for every occurrence of the keywords.

    Patterns are only tried in a small window around a keyword: `str.find` skips the rest of
    the text far faster than a regular expression can."""
    windows: list[tuple[int, int, int]] = []
    for group in groups:
        if found.isdisjoint(group):
            return []
    for keyword in groups[0]:
        if keyword not in found:
            continue
        position = lowered.find(keyword)
        while position != -1 and len(windows) < _MAX_WINDOWS:
            windows.append((position, max(0, position - _WINDOW_BEFORE), position + _WINDOW_AFTER))
            position = lowered.find(keyword, position + 1)
    return windows


_WINDOW_BEFORE = 40
_WINDOW_AFTER = 60
_MAX_WINDOWS = 200
_MAX_HITS = 20
"""Bounds for pathological lines (the same phrase thousands of times): work stays linear."""


def find_blame(text: str) -> list[BlameHit]:
    """Blaming wording in one line or paragraph of prose (code already removed by the caller)."""
    if not text or len(text) < 4:
        return []
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters change length when lowercased; keep offsets exact.
        lowered = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    found = set(_KEYWORD_WORDS.intersection(lowered.translate(_PUNCTUATION).split()))
    if not found:
        return []
    if "'s" in lowered or "’s" in lowered:
        found.add("'s")
    quoted: list[tuple[int, int]] | None = None
    hits: list[BlameHit] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, hint: str) -> None:
        nonlocal quoted
        if len(hits) >= _MAX_HITS or any(start < last and first < end for first, last in taken):
            return
        if quoted is None:
            quoted = _quoted_spans(text) if any(q in text for q in "\"'“‘`") else []
        if _inside(quoted, start, end) or _negated(text, start):
            return
        taken.append((start, end))
        hits.append(BlameHit(start, end, text[start:end], hint))

    for verb, groups, hint in _VERBS:
        for position, first, last in _windows(lowered, groups, found):
            for match in verb.finditer(lowered, first, last):
                if not match.start() <= position < match.end():
                    continue
                if match.start() and lowered[match.start() - 1] == "-":
                    continue
                start = _subject_start(text, match.start())
                if start is not None:
                    add(start, match.end(), hint)
    for pattern, groups, hint in _STANDALONE_GROUPS:
        for position, first, last in _windows(lowered, groups, found):
            for match in pattern.finditer(text, first, last):
                if match.start() <= position < match.end():
                    add(match.start(), match.end(), hint)
    hits.sort(key=lambda hit: hit.start)
    return hits
