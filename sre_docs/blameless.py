"""Detection of blaming wording in postmortem prose, with a blameless rewrite hint for each hit.
Owns the wording policy of the `blame-language` rule; the rule module only feeds it text.

Policy. Wording is blame when it judges a person ("careless", "human error", "X's fault", "not
paying attention") or makes a person the subject of a failure verb ("@bob forgot to", "the
engineer failed to", "Alice broke prod", "the intern deleted") or the agent of a damaging
passive ("the outage was caused by Alex"). A person is an @handle, a capitalised name that is
not a known system or sentence word, a role ("the on-call engineer", "the person on call"),
"someone", "he", "she" or "I" (self-blame is still blame).
Decisions on the debatable cases:
- "we" and "the team" owning a gap ("we failed to verify", "the team failed to verify") are
  not blame: collective ownership of a process gap is how a blameless report reads.
- failure verbs with a system subject ("the deploy failed to start", "the script neglected to
  check the exit code", "the cache forgot the session") are not blame: nobody is judged.
- "operator" is a person only in "operator error"; as a subject it is usually a Kubernetes
  operator ("the Prometheus operator failed to reconcile").
- a person acting ("Bob restarted the pod") or acted on ("acknowledged by @alice") is not blame.
- quoted words are mentions, not accusations ("we avoid the phrase 'human error'"), and negated
  forms ("not about human error", "no single person is to blame") are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sre_docs.lazyre import LazyPattern


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
    "describe the conditions the person worked in (time pressure, fatigue, missing tooling or "
    "context) instead of judging the person"
)
_HINDSIGHT_HINT = (
    "hindsight is not insight: describe what the system showed at the time and which signal or "
    "check would have surfaced the problem"
)
_ACTION_HINT = (
    "make the change or the system the subject ('the config change removed the limit') and "
    "ask what condition allowed it, rather than who did it"
)

# Capitalised words that start sentences or name systems: never a person who could be blamed.
# Names of people cannot be told from names of tools by their shape, so common tools are listed.
_NOT_PEOPLE = frozenset(
    """
    the a an and but or so then when after before during because if since while although
    this that these those there here it its we our us they their them you your i my me he she
    his her everyone everybody nobody nothing something someone somebody anyone anybody all
    each both one two three several many some most no not also however finally later next
    first second third meanwhile eventually apparently initially previously subsequently
    consequently ultimately clearly instead again still yet thus hence therefore moreover
    furthermore unfortunately fortunately luckily additionally overall today yesterday
    manually automatically accidentally mistakenly immediately quickly actually basically
    really early simply mostly partly likely nearly probably possibly certainly obviously
    sadly surprisingly interestingly importantly notably recently currently originally
    presumably supposedly similarly alternatively notify
    tomorrow tonight morning evening night sometimes often always never once only even just
    deploy deploys deployment deployments deployer job jobs pipeline pipelines
    service services server servers cluster clusters node nodes pod pods container
    containers alert alerts check checks health healthcheck build builds script scripts cron
    system systems database databases db cache caches migration migrations release releases
    rollout rollback config configuration monitoring staging production prod canary nightly
    controller controllers scheduler worker workers queue queues load balancer proxy dns
    network api apis gateway client clients customer customers user users team teams
    process procedure runbook runbooks tooling tool tools automation test tests ci cd
    update upgrade patch change changes fix commit merge request requests traffic disk disks
    memory cpu host hosts instance instances replica replicas primary leader follower shard
    shards index batch backup backups restore failover slo slos sla error errors incident
    incidents outage outages timeline impact summary root cause action item items lesson
    lessons mitigation resolution detection escalation monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december utc at on in of to for with by from as is was were be been has
    had have do did does done none what who why how which where chart charts operator
    dashboard dashboards metric metrics log logs logging tracing trace webhook webhooks
    feature flag flags version versions image images registry storage volume volumes
    kubernetes k8s prometheus alertmanager grafana loki tempo mimir thanos cortex jaeger
    terraform pulumi ansible puppet chef salt packer vagrant crossplane
    jenkins argo flux helm kustomize spinnaker tekton buildkite circleci travis bazel gradle
    maven npm yarn webpack renovate dependabot github gitlab bitbucket jira slack
    docker podman containerd kubelet kubectl kubeadm kops calico cilium flannel coredns etcd
    istio envoy linkerd consul vault nomad boundary teleport tailscale wireguard openvpn
    nginx traefik haproxy caddy varnish squid apache tomcat kong zuul eureka
    karpenter keda knative velero kyverno gatekeeper falco trivy snyk sonarqube certbot
    kafka zookeeper rabbitmq nats pulsar redis memcached postgres postgresql pgbouncer patroni
    mysql mariadb vitess mongo mongodb cassandra scylla clickhouse druid pinot presto trino
    elasticsearch opensearch kibana logstash fluentd fluentbit vector splunk
    datadog sentry pagerduty opsgenie statuspage nagios zabbix icinga sensu honeycomb
    celery sidekiq resque airflow spark hadoop snowflake bigquery redshift athena aurora
    dynamo dynamodb lambda fargate cloudwatch cloudfront cloudflare fastly akamai heroku
    vercel netlify okta keycloak stripe twilio sendgrid mailgun ceph minio longhorn rook
    openshift rancher aws gcp azure google amazon microsoft linux ubuntu debian alpine
    windows chrome firefox safari android rails django node java python ruby go rust
    """.split()
)

_ROLE_NOUN = (
    r"(?:engineer|developer|dev|devops|on-?call(?:er)?|sre|admin|administrator|sysadmin|"
    r"intern|new\s+hire|contractor|consultant|team\s+member|dba|reviewer|approver|employee|"
    r"person|human|staff\s+member|teammate|colleague|coworker|co-worker|junior|rookie|"
    r"newbie|commander|responder|maintainer|author|technician|architect|analyst|"
    r"(?:tech|team)\s+lead|(?:release|incident|engineering|project|product|delivery)\s+"
    r"manager|human\s+operator)s?"
)
_ADVERB = (
    r"(?:just|simply|also|then|again|clearly|obviously|apparently|accidentally|mistakenly|"
    r"carelessly|incorrectly|completely|totally|never|still|unfortunately|evidently)"
)
# "on call", "on the payments team", "in charge", "from the vendor"
_QUALIFIER = r"(?:\s+(?:on|in|from|of|at)\s+(?:[\w-]+\s+){0,2}?[\w-]+)"
# A person right before a verb, read backwards from the verb (the match must end at the verb).
_SUBJECT = LazyPattern(
    r"(?<![\w@.'’-])(?:"
    r"(?P<handle>@\w[\w.-]*)"
    r"|(?P<generic>(?i:(?:someone|somebody|anyone|anybody)" + _QUALIFIER + r"?))"
    r"|(?P<pronoun>(?i:he|she)|I)"
    r"|(?P<role>(?i:(?:the|our|one|their|that|this)\s+"
    r"(?:[\w-]+\s+){0,2}?" + _ROLE_NOUN + _QUALIFIER + r"?,?))"
    r"|(?P<generic_role>(?i:(?:an?|every|any|whichever)\s+"
    r"(?:[\w-]+\s+){0,2}?" + _ROLE_NOUN + _QUALIFIER + r"?,?))"
    r"|(?P<name>[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?(?:\s+[A-Z][a-z]+)?)"
    r")(?:,?\s+(?i:who|whose)\s[^,;.()]{1,60},)?"  # "the engineer, who was tired, forgot"
    r"(?:\s+(?i:" + _ADVERB + r")|\s+[a-z]+ly)*\s+\Z"
)
_SUBJECT_REACH = 80
"""How far before a verb its subject may start ("an engineer on the payments team forgot")."""

_GENERIC_BEFORE = LazyPattern(r"(?i:\b(?:if|when|whenever|unless|once|time)\s+)\Z")
_CONDITION_BEFORE = LazyPattern(r"(?i:\b(?:if|unless|had)\s+)\Z")
_DETERMINER_BEFORE = LazyPattern(r"(?i:\b(?:the|an?|our|its|their|this)\s+)\Z")

# The person after "by" in a damaging passive ("the outage was caused by the on-call engineer").
_AGENT = LazyPattern(
    r"\s+(?:"
    r"(?P<handle>@\w[\w.-]*)"
    r"|(?P<pronoun>(?i:someone|somebody|him|her|me))\b"
    r"|(?P<role>(?i:(?:the|an?|our|one)\s+(?:[\w-]+\s+){0,2}?" + _ROLE_NOUN + r"))\b"
    r"|(?P<name>[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)\b(?!['’]s\b)"
    r")"
)

Keywords = tuple[tuple[str, ...], ...]
"""Words that must all occur (one of each group) before a pattern is tried; the first anchors."""

# Who a pattern needs before it is blame: a person as the subject before it ("Bob forgot"),
# the same in a condition ("if Mark had checked" blames, "Mark had checked" narrates), a
# person after "had" ("Had the engineer read"), a person agent after it ("caused by Alex"),
# a person owner ("Dave's fault", not "the network's fault"), or nobody (the words blame alone).
_WHO_SUBJECT, _WHO_IF_SUBJECT, _WHO_INVERTED = "subject", "if-subject", "inverted"
_WHO_AGENT, _WHO_OWNER, _WHO_ANY = "agent", "owner", "any"

_COMPOUND_AFTER = (
    r"(?![-\w])(?!\s+(?:messages?|logs?|rates?|counts?|codes?|handling|handlers?|budgets?|"
    r"metrics?|pages?|paths?|reporting|responses?|tracking|states?|types?|class(?:es)?|"
    r"dialogs?|screens?|banners?|text|strings?|events?|spikes?|ratios?|alerts?|modes?|"
    r"domains?|bars?|boundar(?:y|ies)|output|details|payloads?|fields?)\b)"
)

# (pattern on the lowercased text, keyword groups, who must be named, hint)
_PATTERN_SOURCES: tuple[tuple[str, tuple[tuple[str, ...], ...], str, str], ...] = (
    (
        r"\b(?:forgot(?:\s+to|\s+about)?|had\s+forgotten(?:\s+to)?)"
        # "I forgot my password" is account recovery, not an omission in an incident.
        r"(?!\s+(?:my|your|their|his|her|the)\s+(?:password|passphrase|passcode|pin|username|"
        r"login|credentials|security\s+questions?|2fa|mfa|yubikey|token)s?\b)",
        (("forgot", "forgotten"),),
        _WHO_SUBJECT,
        _OMISSION_HINT,
    ),
    (
        r"\b(?:failed\s+to|neglected\s+to|omitted\s+to|did(?:n't|n’t|\s+not)\s+bother(?:\s+to)?|"
        r"never\s+bothered(?:\s+to)?)",
        (("failed", "neglected", "omitted", "bother", "bothered"),),
        _WHO_SUBJECT,
        _OMISSION_HINT,
    ),
    (
        # Not "skipped" or "dismissed": skipping a step or dismissing a page is often routine.
        r"\b(?:ignored|overlooked|disregarded|neglected)\s+(?:the|an?|all|"
        r"every|our|his|her|my|their|both|several|three|two|multiple|repeated)\b",
        (("ignored", "overlooked", "disregarded", "neglected"),),
        _WHO_SUBJECT,
        _OMISSION_HINT,
    ),
    (
        r"\b(?:(?:did|had)(?:n't|n’t|\s+not)|never)\s+(?:(?:bother\s+to|even)\s+)?(?:check|test|"
        r"read|verify|look|notice|follow|review|confirm|validate|double-check)\b|"
        r"\bnever\s+(?:checked|tested|read|verified|looked|noticed|followed|reviewed|confirmed|"
        r"validated|double-checked)\b",
        (
            (
                "check test read verify look notice follow review confirm validate double-check"
                " checked tested verified looked noticed followed reviewed confirmed validated"
                " double-checked"
            ).split(),
            ("didn't", "didn’t", "did", "hadn't", "hadn’t", "had", "never"),
        ),
        _WHO_SUBJECT,
        _OMISSION_HINT,
    ),
    (
        r"\b(?:was|were|is|are|got|became)\s+(?:(?:being|too|so|very|quite|a\s+bit|simply|just)\s+)?"
        r"(?:careless|sloppy|lazy|negligent|distracted(?!\s+by)|inattentive|reckless|"
        r"complacent)\b",
        (
            (
                "careless",
                "sloppy",
                "lazy",
                "negligent",
                "distracted",
                "inattentive",
                "reckless",
                "complacent",
            ),
        ),
        _WHO_SUBJECT,
        _JUDGEMENT_HINT,
    ),
    (
        r"\bshould\s+have\s+(?:known|realized|realised|noticed|caught|checked|double-checked|"
        r"verified|tested|read|seen|paid\s+attention|been\s+more\s+careful|asked|looked|"
        r"escalated|followed|reviewed|confirmed|waited|stopped|thought)\b",
        (("should",),),
        _WHO_SUBJECT,
        _HINDSIGHT_HINT,
    ),
    (
        r"\bhad\s+(?:been\s+(?:paying\s+attention|more\s+careful|more\s+attentive|awake)|"
        r"(?:just\s+|simply\s+)?(?:checked|double-checked|read|followed|tested|verified|"
        r"looked|listened|asked|bothered))\b",
        (("had",),),
        _WHO_IF_SUBJECT,
        _HINDSIGHT_HINT,
    ),
    (
        r"(?:^|[.;:!?(]\s*)had\s+(?P<who>[^,.;:]{1,60}?)\s+(?:read|checked|double-checked|"
        r"followed|tested|verified|looked|noticed|listened|asked|paid\s+attention|"
        r"been\s+(?:paying\s+attention|more\s+careful|more\s+attentive))\b",
        (("had",),),
        _WHO_INVERTED,
        _HINDSIGHT_HINT,
    ),
    (
        r"\b(?:is|was|'s|’s)\s+(?:entirely|all|squarely|totally|completely|solely|100%)\s+on\b",
        (("entirely", "all", "squarely", "totally", "completely", "solely", "100%"), ("on",)),
        _WHO_AGENT,
        _FAULT_HINT,
    ),
    (
        r"\b(?:broke|took\s+down|brought\s+down|knocked\s+over)\s+(?:prod|production|"
        r"the\s+(?:build|site|prod|production|deploy|release|checkout|cluster|database|db|api|"
        r"payments|pipeline|main\s+branch|website|app|service)|everything|it)\b",
        (("broke", "took", "brought", "knocked"),),
        _WHO_SUBJECT,
        _ACTION_HINT,
    ),
    (
        r"\bcaused\s+(?:the|this|an?|that)\s+(?:\w+\s+)?(?:outage|incident|"
        r"downtime|failure|problem|breakage|data\s+loss|disruption|mess)\b",
        (("caused",),),
        _WHO_SUBJECT,
        _FAULT_HINT,
    ),
    (
        r"\bmade\s+(?:a|the|an|another|one|two|several)\s+(?:[\w-]+\s+)?"
        r"(?:mistakes?|errors?|blunders?)\b",
        (
            ("mistake", "mistakes", "error", "errors", "blunder", "blunders"),
            ("made",),
        ),
        _WHO_SUBJECT,
        _ERROR_HINT,
    ),
    (
        r"\b(?:messed|screwed|fouled|mucked|botched|bungled)(?:\s+(?:it\s+)?up)?\b",
        (("messed", "screwed", "fouled", "mucked", "botched", "bungled"),),
        _WHO_SUBJECT,
        _ACTION_HINT,
    ),
    (
        # Acting on the wrong target; "noticed the wrong value" is not in this list.
        r"\b(?:ran|typed|chose|picked|selected|used|hit|took|deleted|dropped|removed|restarted|"
        r"rebooted|killed|terminated|edited|changed|updated|applied|deployed|merged|reverted|"
        r"promoted|drained|targeted|copied|pasted|entered|configured|scaled|patched|wiped|"
        r"truncated|shut\s+down|rolled\s+back)\s+(?:the|a)\s+wrong\b|"
        r"\bpushed\s+(?:a\s+)?(?:bad|broken|wrong|faulty|buggy|untested)\b|"
        r"\b(?:misconfigured|mistyped|misread|misunderstood|mislabell?ed)\b",
        (
            (
                "wrong",
                "pushed",
                "misconfigured",
                "mistyped",
                "misread",
                "misunderstood",
                "mislabeled",
                "mislabelled",
            ),
        ),
        _WHO_SUBJECT,
        _ACTION_HINT,
    ),
    (
        r"\b(?:is|was|are|were)\s+(?:(?:solely|entirely|partly|clearly)\s+)?"
        r"(?:to\s+blame|at\s+fault|responsible\s+for\s+(?:the|this)\s+(?:outage|incident|"
        r"failure|downtime|data\s+loss))",
        (("blame", "fault", "responsible"), ("is", "was", "are", "were")),
        _WHO_SUBJECT,
        _FAULT_HINT,
    ),
    (
        r"\b(?:the\s+)?(?:intern|junior\s+(?:dev|developer|engineer)|new\s+hire|rookie|newbie)s?"
        r"\s+(?:\w+ly\s+)?(?:deleted|dropped|pushed|ran|merged|deployed|broke|removed|changed|"
        r"misconfigured|typed|wiped|truncated|restarted|killed|overwrote|committed|applied)\b",
        (("intern", "interns", "junior", "hire", "rookie", "newbie"),),
        _WHO_ANY,
        _ACTION_HINT,
    ),
    (
        r"\b(?:was|were|got|been)\s+(?:\w+ly\s+)?(?:caused|broken|misconfigured|botched|"
        r"bungled|messed\s+up|screwed\s+up|ignored|overlooked|forgotten|neglected|wiped\s+out)"
        r"\s+by\b",
        (
            (
                "caused",
                "broken",
                "misconfigured",
                "botched",
                "bungled",
                "messed",
                "screwed",
                "ignored",
                "overlooked",
                "forgotten",
                "neglected",
                "wiped",
            ),
            ("by",),
        ),
        _WHO_AGENT,
        _FAULT_HINT,
    ),
    (
        r"\b(?:human|operator|pilot|user|engineer|developer|admin|personnel|manual|people)\s+"
        r"(?:errors?|mistakes?|oversights?|negligence)" + _COMPOUND_AFTER + r"|"
        r"\bhuman\s+failures?" + _COMPOUND_AFTER,
        (
            (
                "error",
                "errors",
                "mistake",
                "mistakes",
                "oversight",
                "oversights",
                "negligence",
                "failure",
                "failures",
            ),
            (
                "human",
                "operator",
                "pilot",
                "user",
                "engineer",
                "developer",
                "admin",
                "personnel",
                "manual",
                "people",
            ),
        ),
        _WHO_ANY,
        _ERROR_HINT,
    ),
    (
        r"\b(?:careless(?:ly|ness)?|sloppy|sloppily|sloppiness|negligen(?:t|tly|ce)|"
        r"incompeten(?:t|ce|cy)|laziness|"
        # "lazy loading", "lazy DB lookups": mostly technical, so only lazy work or people.
        r"lazy\s+(?:review|reviews|reviewing|work|testing|coding|engineering|approach|attitude|"
        r"fix|shortcut|mistake|engineers?|developers?|devs?|person|people|on-?call|admin)\b|"
        r"reckless(?:ly|ness)?|inattentive|inattention|irresponsibl[ey]|"
        r"(?:dumb|stupid|silly|rookie|boneheaded|careless|obvious|avoidable)\s+(?:mistake|error)s?|"
        r"fat[-\s]finger(?:ed|ing|s)?|asleep\s+at\s+the\s+wheel|"
        r"(?:not|never)\s+(?:paying|pay|paid)\s+(?:any\s+)?attention|"
        r"lack\s+of\s+(?:attention|care|diligence|competence|common\s+sense))|"
        r"(?:n't|n’t)\s+(?:paying|pay)\s+(?:any\s+)?attention\b",
        (
            """careless carelessly carelessness sloppy sloppily sloppiness negligent negligently
            negligence incompetent incompetence incompetency laziness lazy reckless recklessly
            recklessness inattentive inattention irresponsible irresponsibly dumb stupid silly
            rookie boneheaded obvious avoidable fat fat-finger fat-fingered fat-fingering
            fat-fingers asleep attention""".split(),
        ),
        _WHO_ANY,
        _JUDGEMENT_HINT,
    ),
    (
        r"(?:@\w[\w.-]*|(?<![\w@.-])[\w-]+)['’]s\s+"
        r"(?:fault|mistakes?|errors?|blunders?|screw-?ups?|negligence|carelessness|oversight|"
        r"incompetence)" + _COMPOUND_AFTER + r"|"
        r"\b(?:my|his|her)\s+(?:fault|mistakes?|blunders?|screw-?ups?|negligence|carelessness|"
        r"oversight)" + _COMPOUND_AFTER,
        (
            (
                "fault",
                "mistake",
                "mistakes",
                "error",
                "errors",
                "blunder",
                "blunders",
                "screw-up",
                "screwup",
                "screw-ups",
                "screwups",
                "negligence",
                "carelessness",
                "oversight",
                "incompetence",
            ),
        ),
        _WHO_OWNER,
        _FAULT_HINT,
    ),
    (
        r"\b(?:blamed?|pinned)\s+(?:the|this|that|it|an?)\s+(?:[\w-]+\s+){0,2}?on\b",
        (("blame", "blamed", "pinned"), ("on",)),
        _WHO_AGENT,
        _FAULT_HINT,
    ),
    (
        r"\b(?:fault|blame|responsibility)\s+(?:lies|lay|rests|rested|is|was|falls|fell)\s+"
        r"(?:squarely\s+|solely\s+|entirely\s+)?(?:with|on)\b|"
        r"\bblamed?\s+(?:it\s+)?(?:on\s+)?(?:@\w[\w.-]*|the\s+" + _ROLE_NOUN + r"\b)",
        (("blame", "blamed", "fault", "responsibility"),),
        _WHO_ANY,
        _FAULT_HINT,
    ),
    (
        r"\bshould\s+have\s+known(?:\s+better)?\b|"
        r"\b(?:should|could)\s+have\s+been\s+more\s+(?:careful|attentive|diligent)\b",
        (("known", "careful", "attentive", "diligent"), ("should", "could")),
        _WHO_ANY,
        _HINDSIGHT_HINT,
    ),
)


def _groups(keywords: tuple[tuple[str, ...], ...]) -> Keywords:
    return tuple(tuple(group) for group in keywords)


# Lowercased text is scanned case-sensitively: several times faster than IGNORECASE. The
# patterns that tell names by their capital letter (the subject and the agent) read the
# original text instead.
_PATTERNS: tuple[tuple[LazyPattern, Keywords, str, str], ...] = tuple(
    (LazyPattern(source), _groups(keywords), who, hint)
    for source, keywords, who, hint in _PATTERN_SOURCES
)
_OWNER = LazyPattern(
    r"(?:(?P<handle>@\w[\w.-]*)|(?P<pronoun>(?i:my|his|her))|(?i:" + _ROLE_NOUN + r")"
    r"|(?P<name>[A-Z][a-z]+))(?:['’]s)?\s"
)
"""The owner in "X's fault" must be a person: "the network's fault" blames nobody."""

# Quotations, code and markdown link text ("[Understanding Human Error](...)": a title).
_QUOTED = LazyPattern(
    r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|(?<![\w])'[^'\n]*'(?![\w])|`[^`\n]*`|"
    r"\[[^\[\]\n]*\](?=[(\[])"
)
_NEGATED = LazyPattern(
    r"(?:\bnot\s+(?:about\s+|due\s+to\s+|a\s+case\s+of\s+|caused\s+by\s+|the\s+result\s+of\s+|"
    r"(?:just\s+|simply\s+|only\s+)?(?:a|an|the)\s+(?:matter|question)\s+of\s+)?|"
    r"\bno\s+(?:single\s+)?(?:one|person|individual|engineer|human)\s+(?:is|was)\s+|"
    r"\bnobody\s+(?:is|was)\s+|\bnever\s+|\bavoid(?:ing|s)?\s+(?:the\s+(?:phrase|term|word)s?\s+)?|"
    r"\brather\s+than\s+|\binstead\s+of\s+|\bwithout\s+(?:assigning\s+|blaming\s+)?|"
    r"\bno\s+(?:longer\s+)?(?:blame|fault)\s+(?:on|with)\s+|(?:n't|n’t|\bnot)\s+be(?:ing)?\s+|"
    # Guarding against an error, or talking about the idea of it, is not blaming anyone.
    r"\b(?:reduc|prevent|avoid|minimi[sz]|eliminat|mitigat)\w*\s+(?:the\s+risk\s+of\s+)?|"
    r"\b(?:guard|protect)\w*\s+against\s+|"
    r"\b(?:views?|concept|notion|idea|myth|understanding|theory|term|phrase|label|language|"
    r"framing|narrative)\s+(?:of\s+)?)$",
    re.IGNORECASE,
)
_NEGATION_REACH = 40

_KEYWORD_WORDS = frozenset(
    word for _, groups, _, _ in _PATTERNS for group in groups for word in group
)
_PUNCTUATION = str.maketrans(dict.fromkeys('.,;:!?()[]{}"“”‘/\\*_`<>|#=+~…', " "))

_WINDOW_BEFORE = 40
_WINDOW_AFTER = 90
_MAX_WINDOWS = 200
_MAX_HITS = 20
"""Bounds for pathological lines (the same phrase thousands of times): work stays linear."""


_NAME_PARTS = LazyPattern(r"[\s'’-]+")


def _is_person_name(text: str, start: int, name: str) -> bool:
    if _DETERMINER_BEFORE.search(text, max(0, start - 8), start):
        return False  # "the Envoy sidecar": a thing, not a person
    return not any(word.lower() in _NOT_PEOPLE for word in _NAME_PARTS.split(name))


def _subject_start(text: str, verb_start: int) -> int | None:
    """Offset of the person who is the subject of the verb at `verb_start`, if there is one."""
    first = max(0, verb_start - _SUBJECT_REACH)
    for match in _SUBJECT.finditer(text, first, verb_start):
        name = match.group("name")
        if name is None:
            if (match.group("generic") or match.group("generic_role")) and _GENERIC_BEFORE.search(
                text, first, match.start()
            ):
                return None  # "if someone made a mistake, ...": people in general
            return match.start()
        # Two capitalised words: "Then Bob" is Bob; "Kubernetes Bob" is nobody.
        words = name.split()
        if len(words) == 2 and words[0].lower() in _NOT_PEOPLE:
            offset = match.start() + name.index(words[1], len(words[0]))
            if _is_person_name(text, offset, words[1]):
                return offset
            return None
        if _is_person_name(text, match.start(), name):
            return match.start()
        return None
    return None


def _agent_end(text: str, by_end: int) -> int | None:
    """End offset of the person named after "by" at `by_end`, if there is one."""
    match = _AGENT.match(text, by_end)
    if match is None:
        return None
    name = match.group("name")
    if name is not None and not _is_person_name(text, match.start("name"), name):
        return None
    return match.end()


def _owner_is_person(text: str, start: int) -> bool:
    match = _OWNER.match(text, start)
    if match is None:
        return False
    name = match.group("name")
    return name is None or _is_person_name(text, start, name)


def _windows(lowered: str, groups: Keywords, found: set[str]) -> list[tuple[int, int, int]]:
    """(keyword position, window start, window end) for every occurrence of the keywords.

    Patterns are only tried in a small window around a keyword: `str.find` skips the rest of
    the text far faster than a regular expression can."""
    if any(found.isdisjoint(group) for group in groups):
        return []
    windows: list[tuple[int, int, int]] = []
    for keyword in groups[0]:
        if keyword not in found:
            continue
        position = lowered.find(keyword)
        while position != -1 and len(windows) < _MAX_WINDOWS:
            windows.append((position, max(0, position - _WINDOW_BEFORE), position + _WINDOW_AFTER))
            position = lowered.find(keyword, position + 1)
    return windows


def _patterns_by_keyword() -> dict[str, list[int]]:
    """Keyword → indexes of the patterns whose first group contains it."""
    index: dict[str, list[int]] = {}
    for position, (_, groups, _, _) in enumerate(_PATTERNS):
        for keyword in groups[0]:
            index.setdefault(keyword, []).append(position)
    return index


_PATTERNS_BY_KEYWORD = _patterns_by_keyword()


def _candidates(found: set[str]) -> list[int]:
    """Patterns worth trying on a line: those whose every keyword group occurs in it.

    Found keywords are few per line; looking patterns up by keyword avoids testing every
    pattern against every line."""
    positions: set[int] = set()
    for keyword in found:
        positions.update(_PATTERNS_BY_KEYWORD.get(keyword, ()))
    return sorted(
        position
        for position in positions
        if all(not found.isdisjoint(group) for group in _PATTERNS[position][1][1:])
    )


def _lowercase(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters ("İ") change length when lowercased; offsets must stay exact.
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def find_blame(text: str) -> list[BlameHit]:
    """Blaming wording in one line/paragraph of prose (code spans already removed by the caller)."""
    if len(text) < 4:
        return []
    lowered = _lowercase(text)
    found = set(_KEYWORD_WORDS.intersection(lowered.translate(_PUNCTUATION).split()))
    if not found:
        return []
    quoted: list[tuple[int, int]] | None = None
    hits: list[BlameHit] = []

    def add(start: int, end: int, hint: str) -> None:
        nonlocal quoted
        if len(hits) >= _MAX_HITS or any(start < hit.end and hit.start < end for hit in hits):
            return
        if quoted is None:
            quoted = [m.span() for m in _QUOTED.finditer(text)] if _has_quotes(text) else []
        if any(first <= start and end <= last for first, last in quoted):
            return
        if _NEGATED.search(text, max(0, start - _NEGATION_REACH), start):
            return
        hits.append(BlameHit(start, end, text[start:end], hint))

    for candidate in _candidates(found):
        pattern, groups, who, hint = _PATTERNS[candidate]
        for position, first, last in _windows(lowered, groups, found):
            for match in pattern.finditer(lowered, first, last):
                if not match.start() <= position < match.end():
                    continue
                if match.start() and lowered[match.start() - 1] == "-":
                    continue  # "auto-failed", "pre-ignored": part of a compound word
                if who in (_WHO_SUBJECT, _WHO_IF_SUBJECT):
                    start = _subject_start(text, match.start())
                    if start is not None and (
                        who == _WHO_SUBJECT
                        or _CONDITION_BEFORE.search(text, max(0, start - 8), start)
                    ):
                        add(start, match.end(), hint)
                elif who == _WHO_INVERTED:
                    # "Had the engineer read the runbook": the words after "had" are a person.
                    verb_start = match.end("who") + 1
                    while text[verb_start].isspace():
                        verb_start += 1
                    if _subject_start(text, verb_start) == match.start("who"):
                        add(match.start("who"), match.end(), hint)
                elif who == _WHO_AGENT:
                    end = _agent_end(text, match.end())
                    if end is not None:
                        add(match.start(), end, hint)
                elif who == _WHO_ANY or _owner_is_person(text, match.start()):
                    add(match.start(), match.end(), hint)
    hits.sort(key=lambda hit: hit.start)
    return hits


def _has_quotes(text: str) -> bool:
    return any(mark in text for mark in "\"'“‘`[")
