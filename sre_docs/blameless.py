"""Detection of blaming wording in postmortem prose, with a blameless rewrite hint for each hit.
Owns the wording policy of the `blame-language` rule; the rule module only feeds it text.

Design. A line is cut into word tokens (offsets kept) and sentences. An *act* is a cue that a
failure is being put on someone: an error ("accidentally", "made a typo", "human error"), an
omission ("forgot to", "didn't check", "missed the page"), a judgement ("careless", "messed
up"), damage ("took down prod", "deleted the wrong directory"), hindsight ("should have
checked") or blame and punishment ("blamed on", "X's fault", "got fired"). Most acts need a
*subject*: the nearest word before the act that names somebody or something is classified as a
person (a name, an @handle, a role, "I", "he", "she", "someone", a team other than the writer's),
the writer's own group ("we", "the team"), people in general ("people", "anyone", "you",
"engineers make mistakes"), or a system (a known thing noun). Only a person makes the act blame.
The subject may stand behind a relative clause ("the engineer who pressed the button has been
fired") or own the change that did the damage ("his change broke", "an engineer deployed a
change that took down checkout"); a person inside a clause about something else is not it
("the service that the engineer restarted failed"), nor is a place ("a crew near Springfield,
Illinois cut the line": the crew), nor an organisation (a name ending in Bank, Capital, Air
Lines; an acronym's "FNB's failure to"). A blame verb with a thing as its object ("the bank
blames a botched upgrade") blames nobody. A narration in the present ("then he deletes the
table") or a realis infinitive ("managed to delete", "proceeded to wipe") is rewritten to the
past first, only where a specific person is narrated doing it.
Then the *frame* of the act is checked: a question, a conditional or hypothetical ("if", "could",
"imagine"), a general statement about a kind of error ("fat finger errors can cause crashes",
"a fat finger trade is a human error in electronic trading", a dictionary entry), a negation
before the act ("not about anyone being careless") or after it ("operator error is never the
root cause"), a mention in quotation marks ("the phrase 'human error'", a
title), or a statement about blame itself ("who to blame", "blame culture") is not blame.
Reported speech that asserts blame ("he said: 'this was incredibly careless'") is read as text.

What one line cannot say, the document can (`Reading`, given the body and the people the front
matter names): a capitalised word the document uses only as a thing ("the Prow bot", the "Prow
deployment", a link to a report, a code span, a host name) is a system, unless the document
also uses it as a person (an @handle, an authors or commander line, a profile link, a verb of
speech after it, a chat speaker, "the Hypha team"); and the turns of a chat conversation pasted
into the report ("alice [5:07 PM]", "[12:03] <alice>", "> bob: ...", two turns at least) are
reported speech, whose "I" is a responder talking in the moment. Without a `Reading` (one
sentence) a capitalised word before its verb is a name, as before.

Every step is a bounded look around one token: the work is linear in the length of the line, and
a line with no cue word is dismissed by a set lookup before it is cut into tokens; a common cue
word ("failed", "had", "fired", "error") also needs its companion next to it ("failed to", "was
fired", "an error by the contractor") before the line is read further.

Why rules over tokens and not a parser: the English models of spaCy are published by their
authors as release files, not on the package registry, and NLTK and Stanza download their
models at run time; a tagger or parser would also cost more than this whole detector does per
line. Only the few words that decide the reading (subjects, negators, modals, quotation marks)
are looked at. TextBlob does ship its authors' tagger and chunker (Pattern's English lexicon)
on the registry, and was measured on the real-prose parts: its chunks as the subject finder
(the noun phrase before the act's verb phrase) removed one false hit for two true ones, found
no blame the rules miss (three new false hits), and its tags as the frame of a general
statement (a bare plural before a modal or present verb) removed nothing the rules do not
already; importing it costs 0.38 s (NLTK included) on the first candidate line.

Decisions on the debatable cases:
- "we" and "the team" owning a gap ("we failed to verify") are not blame: collective ownership
  of a process gap is how a blameless report reads; another team ("the QA team missed") is.
- failure verbs with a system subject ("the deploy failed to start", "the script neglected to
  check the exit code") and agentless passives ("the database was deleted by mistake") are not
  blame: nobody is judged.
- "operator" is a person only with an unmistakably human act ("the operator forgot to") or in
  "operator error"; "the Prometheus operator failed to reconcile" is software.
- a person acting ("Bob restarted the pod") is not blame; a person as the agent of damage
  ("@ravi dropped the production table", "caused by Alex") is.
- "if Mark had checked" blames (a counterfactual about a person); "if a typo can take down a
  region" is a general statement.
- self-blame ("I broke prod", "my bad") is blame: blameless applies to the writer too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class BlameHit:
    start: int
    end: int
    phrase: str
    suggestion: str
    family: str = ""


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
HINTS = {
    "error": _ERROR_HINT,
    "omission": _OMISSION_HINT,
    "judgement": _JUDGEMENT_HINT,
    "damage": _ACTION_HINT,
    "hindsight": _HINDSIGHT_HINT,
    "blame": _FAULT_HINT,
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- Vocabulary: who a word names ----------------------------------------------------------

# Capitalised words that start sentences or name systems: never a person who could be blamed.
# Names of people cannot be told from names of tools by their shape, so common tools are listed.
_NOT_PEOPLE = _words(
    """
    the a an and but or so then when after before during because if since while although
    this that these those there here it its we our us they their them you your i my me he she
    his her everyone everybody nobody nothing something someone somebody anyone anybody all
    each both one two three several many some most no not also however finally later next
    first second third meanwhile eventually apparently initially previously subsequently
    consequently ultimately clearly instead again still yet thus hence therefore moreover
    furthermore unfortunately fortunately luckily additionally overall today yesterday
    manually automatically accidentally accidently mistakenly inadvertently immediately quickly
    actually basically really early simply mostly partly likely nearly probably possibly
    certainly obviously sadly surprisingly interestingly importantly notably recently currently
    originally presumably supposedly similarly alternatively notify honestly despite without
    within upon about above below between through throughout across against along among around
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
    meta facebook apple oracle ibm intel nvidia cisco juniper arista dell hp vmware
    internet web website site app apps application applications platform product products
    company companies business vendor vendors provider providers region regions zone zones
    datacenter datacenters data center centers root please sorry thanks note warning tldr
    step steps phase stage round part section appendix figure table example examples
    following another other such every any same new old good bad ok okay yes
    """
)

_FUNCTION = _words(
    """
    the a an and but or so then when after before during because if since while although this
    that these those there here it its they their them your my our his her all each both one
    two three several many some most no not also at on in of to for with by from as is was were
    be been has had have do did does done none what who why how which where about above below
    between through throughout across against along among around upon within without into onto
    over under up down out off per via than like just only even still yet again once never
    always often sometimes
    """
)
_ROLES = _words(
    """
    engineer engineers developer developers dev devs devops sre sres admin admins administrator
    administrators sysadmin sysadmins oncall on-call on-caller on-callers oncaller intern interns
    contractor contractors subcontractor subcontractors sub-contractor sub-contractors consultant
    consultants employee employees staffer staffers technician technicians electrician
    electricians crew dba dbas reviewer reviewers approver approvers teammate teammates colleague
    colleagues coworker coworkers co-worker co-workers junior juniors rookie rookies newbie
    newbies hire hires manager managers architect architects analyst analysts maintainer
    maintainers responder responders commander commanders person guy guys man woman lead leads
    cto ceo cio ciso vp boss supervisor supervisors staff pilot pilots
    programmer programmers coder coders tester testers member members owner bro brother sister
    someone somebody whoever bloke blokes chap chaps fellow fellows dude dudes trader traders
    clerk clerks banker bankers mechanic mechanics accountant accountants volunteer volunteers
    officer officers director directors
    """
)
# Words that are people only with an unmistakably human act ("the operator forgot to").
_WEAK_ROLES = _words("operator operators author authors worker workers")
# Roles that software also plays: after the name of a system they are a component ("the BOSH
# Director destroys the worker", "the Kubernetes operator"), not a person.
_COMPONENT_ROLES = _words(
    "director directors manager managers operator operators worker workers controller"
)
_JUNIOR = _words("intern interns junior juniors rookie rookies newbie newbies hire hires")
_PERSON_PRONOUNS = _words("i he she him me myself himself herself i'd i've i'm he'd she'd")
_COLLECTIVE = _words("we us ourselves we'd we've we're")
_GENERIC = _words(
    """people humans human anyone anybody everyone everybody nobody you yourself yourselves
    individuals individual folks one somebody's"""
)
_SYSTEM_EXTRA = _words(
    """
    code codebase file files document documents command commands query queries rule rules
    policy policies setting settings option options variable variables key keys certificate
    certificates cert certs token tokens password switch switches router routers cable cables
    line lines device devices hardware software firmware library libraries dependency
    dependencies package packages module modules function functions method methods bug bugs
    defect defects issue issues problem problems failure failures fault faults mistake mistakes
    typo typos thing things it this that which pr prs branch branches repo repos repository
    message messages page pages email emails ticket tickets form forms field fields button
    buttons panel panels screen screens link links endpoint endpoints record records table
    tables row rows column columns value values limit limits quota quotas timeout timeouts
    machine machines vm vms laptop laptops box boxes rack racks power generator generators
    plan plans review reviews approval approvals window windows schedule shift rota rotation
    manual manuals doc docs wiki readme playbook playbooks template templates checklist
    plane planes train trains car cars ship ships satellite satellites rocket rocket
    """
)
_DETERMINERS = _words(
    "the a an our their his her my your its this that these those one some any every each no"
)
_POSSESSIVE_PERSON = _words("my his her")
_EVENTS = _words(
    """standup stand-up meeting meetings retro retrospective flight train bus lunch dinner party
    event conference talk demo"""
)
_CAUSATIVES = _words("made make makes making forced force forces")
_MONTHS = _words("jan feb mar apr jun jul aug sep sept oct nov dec may june july march april")
_HUMAN_SLIPS = _words("mistake mistakes fault typo typos blunder blunders slip slips")
_ALERT_NOUNS = _words(
    "page pages pager alert alerts alarm alarms call calls phone warning warnings"
)
# The last word of an organisation's name: "Commonwealth Bank", "Knight Capital", "Delta Air
# Lines", "Telstra Corporation" are not people, whatever they did.
_ORGANISATION_NOUNS = _words(
    """bank banks banking capital corporation corp inc ltd llc plc gmbh ag co airways airlines
    lines air group telecom telecommunications telco networks technologies communications
    exchange securities holdings energy electric utilities railways rail transit authority
    council agency department ministry bureau commission university partners labs media
    insurance financial motors"""
)
_THING_DETERMINERS = _words("a an the this that these those its our")
_TRACED = _words("traced attributed tracked")
_SPECULATION = _words("maybe perhaps probably possibly if when whenever unless once")
_INDEFINITE_PEOPLE = _words("someone somebody anyone anybody whoever")
_TERM_NOUNS = _words("phrase phrases term terms word words expression expressions jargon")
_CAUSE_GIVEN = _words("blamed blames blaming cited cites citing by")
_NAME_ENDINGS = _words("ted fred ed ned sterling king ling ming ying")
_DEFINITE = _words("the our that this your their his her my one")
_NAME_DETERMINERS = _words("the a an its our their this these those your my every each any no")
_ADVERBS = _words(
    """just also then again clearly obviously apparently accidentally accidently
    inadvertently mistakenly unintentionally carelessly incorrectly wrongly unwittingly
    unknowingly completely totally still
    unfortunately evidently simply even only really actually somehow certainly probably likely
    already immediately quickly later subsequently promptly repeatedly once twice all both
    directly personally himself herself myself mostly partly"""
)
_AUX = _words("was were is are am be been being had has have having did do does got get gets 'd")
_STOPS = _words(
    """because since although though whereas while whilst which where whose whom unless if
    until so yet nor as whether once"""
)
_CONJUNCTIONS = _words("and but or then plus also")
_MODALS = _words(
    """can could may might would will 'll must shall cannot can't couldn't wouldn't won't
    mustn't shan't might've could've would've i'll he'll she'll you'll they'll we'll"""
)
_IRREALIS = _words(
    """afraid fear fears feared terrified worried worry worries scared hope hopefully lest
    imagine imagining suppose supposing assume assuming pretend pretending"""
)
_CONDITIONALS = _words("if unless whenever imagine suppose supposing lest whether")
_NEGATORS = _words(
    """not no never nobody none nothing neither nor without isn't wasn't aren't weren't don't
    doesn't didn't won't can't cannot couldn't shouldn't wouldn't haven't hasn't hadn't ain't
    nobody's"""
)
_FINITE = _words("was were is are am has have had did does")
_NOT_NEGATING_AFTER = _words("just only simply merely necessarily always entirely solely")
_QUESTION_STARTS = _words(
    """was were is are am did do does has have had could would should can will who what why
    how when where which whose isn't wasn't didn't don't doesn't shouldn't couldn't wouldn't
    aren't weren't hasn't haven't"""
)
_META_WORDS = _words(
    """word words term terms phrase phrases label labels language wording saying
    call called calling like avoid avoiding avoids ban banned bans banning replace replacing
    instead than rather use using write writing wrote no not never as e.g. eg i.e. ie such
    example examples phrased mention mentions mentioned rewrite rewriting rephrase"""
)
_ERROR_NOUN_META_BEFORE = _words(
    """remove removes removing removed reduce reduces reducing reduced prevent prevents
    preventing prevented avoid avoids avoiding avoided eliminate eliminates eliminating minimise
    minimize minimises minimizes minimising minimizing mitigate mitigates mitigating against
    concept notion idea myth term label phrase language framing narrative about allowed allow
    allows allowing blaming blame beyond past designing design guard guards protect protects
    tolerate tolerates tolerant understanding study studies theory attribute attributing
    view views symptom symptoms new old risk risks chance likelihood possibility
    prone"""
)
_GENERAL_AFTER = _words(
    """can could may might will would happens happen occurs occur is are remains exists"""
)
_GENERAL_AFTER_WORDS = _words(
    "inevitable unavoidable normal natural common always everywhere rarely seldom often a"
)
_COMPOUND_AFTER = _words(
    """message messages log logs rate rates count counts code codes handling handler handlers
    budget budgets metric metrics page pages path paths reporting response responses tracking
    state states type types class classes dialog dialogs screen screens banner banners text
    string strings event events spike spikes ratio ratios alert alerts mode modes domain
    domains bar bars boundary boundaries output details payload payloads field fields
    tolerance tolerant injection injector injectors"""
)

_PAST_IRREGULAR = _words(
    """forgot forgotten broke broken took taken brought made ran hit cut did had was were
    wrote written put set sent shut left lost drove threw thrown chose chosen saw seen caught
    told read misread spent knew known thought got gotten began begun"""
)
_PRESENT_MARKERS = _words("forget forgets make makes break breaks miss misses ignore ignores")

_OMIT_VERBS = _words(
    """check test read verify look notice follow review confirm validate double-check copy merge
    update run apply escalate acknowledge ack respond answer page inform tell notify
    communicate restart document change push rotate renew drain revert monitor watch ask see
    catch spot do remove add set enable disable configure coordinate report flag mention pay
    care backup back roll hand save wait stop think plan investigate reply sign attend show
    clean close lock unlock patch upgrade install replace"""
)
_OMIT_PAST = _words(
    """checked tested read verified looked noticed followed reviewed confirmed validated
    double-checked copied merged updated ran applied escalated acknowledged responded answered
    paged informed told notified rotated renewed drained reverted asked saw caught spotted did
    bothered monitored watched documented communicated"""
)
_OBJECT_DETERMINERS = _words(
    """the a an all every our his her my their both several three two multiple repeated this
    that these those it any its most half"""
)
_WH_WORDS = _words("what which where whether who when why")
_BELONGINGS = _words(
    """laptop charger phone keys wallet badge headphones headset umbrella lunch coat jacket bag
    glasses"""
)
_ACCOUNT_WORDS = _words(
    """password passwords passphrase passcode pin username login credentials security 2fa mfa
    yubikey token"""
)
_WRONG_VERBS = _words(
    """ran run typed chose picked selected used hit took deleted dropped removed restarted
    rebooted killed terminated edited changed updated applied deployed merged reverted promoted
    drained targeted copied pasted entered configured scaled patched wiped truncated pushed
    pressed clicked unplugged pulled placed put flipped switched opened modified set installed
    upgraded shut rolled sent loaded"""
)
_BAD_CODE = _words("bad broken wrong faulty buggy untested unreviewed")
_SHIP_VERBS = _words(
    "pushed deployed merged shipped committed released wrote introduced rolled applied"
)
_DAMAGE_OBJECTS = _words(
    """prod production live entire whole all everything customer customers users"""
)
_DESTROY_VERBS = _words(
    "deleted dropped truncated overwrote wiped erased destroyed nuked trashed corrupted killed"
    " crashed"
)
_STRONG_DESTROY = _words("wiped erased destroyed nuked trashed corrupted")
_PROD_OBJECTS = _words("prod production live entire whole all everything customer master main")
_OUTAGE_NOUNS = _words(
    """outage outages incident downtime failure problem breakage loss disruption mess crash
    blackout wreck collision accident meltdown"""
)
_MISTAKE_NOUNS = _words(
    """mistake mistakes error errors typo typos slip slips blunder blunders goof goofs misstep
    missteps oversight oversights"""
)
_BAD_MISTAKE_ADJ = _words(
    """basic simple stupid dumb silly rookie obvious avoidable careless boneheaded schoolboy
    amateur amateurish newbie elementary"""
)
_OWNED_NOUNS = _words(
    """fault mistake mistakes error errors typo typos blunder blunders screw-up screwup screw-ups
    negligence carelessness oversight incompetence bad doing"""
)
_HUMAN_ERROR_HEADS = _words(
    "human operator user pilot engineer developer admin personnel manual people staff"
)
_HUMAN_ERROR_TAILS = _words(
    "error errors mistake mistakes oversight oversights negligence failure failures slip slips"
)
_JUDGEMENT_ANY = _words(
    """careless carelessly carelessness sloppy sloppily sloppiness negligent negligently
    negligence reckless recklessly recklessness incompetent incompetence incompetency
    irresponsible irresponsibly inattentive inattention clueless idiot idiots idiotic moron
    morons nitwit nitwits dumbass fool fools foolish foolishly stupid stupidity boneheaded
    laziness hastily screw-up screwup screw-ups cock-up cocked-up blunder blunders fuckup
    fuckups fuck-up fuck-ups
    fat-finger fat-fingered fat-fingering fat-fingers"""
)
_JUDGEMENT_ADJ = _words(
    """careless sloppy lazy negligent distracted inattentive reckless complacent hasty clueless
    incompetent stupid irresponsible"""
)
_MESS_VERBS = _words(
    """messed screwed fucked focked fouled mucked botched bungled cocked goofed flubbed
    mess screw fuck messes messing screws screwing"""
)
_PUNISH_PASSIVE = _words(
    "fired sacked dismissed disciplined reprimanded punished scolded yelled demoted"
)
_BLAME_VERBS = _words("blame blamed blames blaming accuse accused accuses accusing")
_BLAME_META_AFTER = _words(
    """culture cultures game games language session sessions aware awareness shifting
    postmortem postmortems driven focused"""
)
_HINDSIGHT_BEEN_OK = _words("careful attentive aware diligent paying watching awake alert")

_ELIDABLE = frozenset(("error", "omission", "judgement", "damage"))

_URL = re.compile(r"(?:https?://|www\.)[^\s)\]>\"']+")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_TOKEN = re.compile(r"@\w+(?:[.-]\w+)*|\w+(?:['’]\w+)*|\S")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
"""Splits a line into white space, token, white space, token, …, white space."""
_SENTENCE_END = frozenset(".!?;。！？；")
_CLAUSE_END = frozenset(".!?;:,。！？；：，、()[]—–")
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "«": "»", "„": "“", "「": "」", "『": "』", "`": "`"}
_HYPHENS = frozenset("-‐‑")
_MENTION_MARKS = (*(mark for mark in _QUOTE_PAIRS if mark != "'"), " '", "('", "[", "http", "www.")
_INNER_HYPHEN = re.compile(r"\w[-‐‑]\w")
_COMPOUNDS = _words(
    """on-call on-caller on-callers co-worker co-workers sub-contractor sub-contractors
    fat-finger fat-fingered fat-fingering fat-fingers screw-up screw-ups cock-up cocked-up
    double-check double-checked double-checking human-error operator-error well-intentioned
    mess-up mess-ups third-party"""
)
# The word before the hyphen of each compound: a line with none of them joins nothing.
_COMPOUND_FIRSTS = frozenset(compound.split("-", 1)[0] for compound in _COMPOUNDS)

# Words that let a line through the pre-filter: every cue contains one of them.
_KEYS = _words(
    """
    accidentally accidently accidentially inadvertently mistakenly unintentionally erroneously
    wrongly incorrectly unwittingly unknowingly
    accident mistake mistakes error errors typo typos slip slips blunder blunders goof goofed
    erred misstep oversight failure fault faults
    forgot forgotten failed neglected omitted bother bothered
    didn't didn’t did hadn't hadn’t never missed ignored overlooked disregarded without
    careless carelessly carelessness sloppy sloppily sloppiness negligent negligently negligence
    reckless recklessly recklessness incompetent incompetence incompetency irresponsible
    irresponsibly inattentive inattention clueless idiot idiots idiotic moron morons nitwit
    nitwits dumbass fool fools foolish foolishly stupid stupidity boneheaded laziness lazy
    hastily screw screwup screwups screwed cock cocked messed mess fucked focked fouled mucked
    botched bungled flubbed fat finger fingered fingering attention distracted complacent hasty
    broke broken break breaks took brought knocked downs wrong pushed deployed merged shipped
    caused deleted dropped truncated overwrote wiped erased destroyed nuked trashed corrupted
    killed crashed offline misconfigured mistyped misread misunderstood mislabeled mislabelled
    misjudged misclicked misclick should should've shouldn't ought supposed could might had
    blame blamed blames blaming accuse accused accuses fired sacked dismissed disciplined
    disciplinary reprimanded punished demoted suspended pip bad thought asleep responsible
    accountable
    entirely squarely solely lies rests paying pay paid wasn't wasn’t
    """
)


_MAX_CUES = 200
_MAX_HITS = 20
_SUBJECT_REACH = 16
"""How many tokens before an act its subject may be ("an engineer on the payments team forgot")."""
_NEGATION_REACH = 10


# --- Tokens ----------------------------------------------------------------------------------


def _join_compounds(
    words: list[str], starts: list[int], ends: list[int]
) -> tuple[list[str], list[int], list[int]]:
    """Join a hyphenated compound that names one thing: "on-call", "fat-fingered"."""
    count = len(words)
    joins = {
        index
        for index in _indexes(words, _HYPHENS)
        if 0 < index < count - 1
        and ends[index - 1] == starts[index]
        and ends[index] == starts[index + 1]
        and f"{words[index - 1]}-{words[index + 1]}".lower().replace("’", "'") in _COMPOUNDS
    }
    if not joins:
        return words, starts, ends
    joined_words: list[str] = []
    joined_starts: list[int] = []
    joined_ends: list[int] = []
    index = 0  # the next token to copy; the tokens between joins are copied as slices
    for hyphen in sorted(joins):
        first = hyphen - 1
        if first < index:
            continue  # "a-b-c": its middle word already belongs to the compound before
        joined_words += words[index:first]
        joined_starts += starts[index:first]
        joined_ends += ends[index:first]
        joined_words.append(f"{words[first]}-{words[hyphen + 1]}")
        joined_starts.append(starts[first])
        joined_ends.append(ends[hyphen + 1])
        index = hyphen + 2
    joined_words += words[index:]
    joined_starts += starts[index:]
    joined_ends += ends[index:]
    return joined_words, joined_starts, joined_ends


def _indexes(tokens: list[str], marks: Iterable[str]) -> list[int]:
    """Every index of any of `marks` (distinct tokens, rare in a line) in `tokens`, in order:
    a C-level scan for each mark that occurs, instead of a Python loop over every token."""
    found: list[int] = []
    for mark in marks:
        position = -1
        while True:
            try:
                position = tokens.index(mark, position + 1)
            except ValueError:
                break
            found.append(position)
    found.sort()
    return found


def _lows(words: list[str], text: str) -> list[str]:
    """The lowercase forms of a line's tokens, with straight apostrophes."""
    lows = list(map(str.lower, words))
    if "’" in text:
        lows = [low.replace("’", "'") for low in lows]
    return lows


class _Line:
    """The tokens of one line: original text, lowercase form and offsets, plus sentence and
    clause numbers, quotation marks and accepted spans."""

    __slots__ = (
        "_firsts",
        "_timed",
        "_title",
        "boundaries",
        "ends",
        "lows",
        "mention",
        "present",
        "reading",
        "starts",
        "text",
        "words",
    )

    def __init__(self, text: str, accepted: Sequence[tuple[int, int]]) -> None:
        self.text = text
        # The pieces alternate white space and tokens (`_TOKEN.findall`, which covers every
        # other character): their running lengths are where each token starts and ends.
        pieces = _TOKEN_SPLIT.split(text)
        bounds = list(accumulate(map(len, pieces)))
        words, starts, ends = pieces[1::2], bounds[0:-1:2], bounds[1::2]
        lows = _lows(words, text)
        # A compound ("on-call") joins the tokens around a hyphen, the first of which,
        # lowercased, is a compound's first word (compounds are ASCII; str.lower maps each
        # character on its own but a Greek sigma, which stays non-ASCII): a line without such
        # a token joins nothing.
        if not _COMPOUND_FIRSTS.isdisjoint(lows) and _INNER_HYPHEN.search(text):
            words, starts, ends = _join_compounds(words, starts, ends)
            lows = _lows(words, text)
        if accepted:
            index = 0
            for first, last in sorted(accepted):
                index = bisect.bisect_left(starts, first)
                while index < len(starts) and starts[index] < last:
                    lows[index] = "\0accepted"
                    index += 1
        self.words = words
        self.lows = lows
        self.starts = starts
        self.ends = ends
        # Token indexes of sentence-ending punctuation; sentence k ends after boundaries[k].
        boundaries = _indexes(lows, [mark for mark in _SENTENCE_END if mark in text])
        if "." in text:
            # A full stop inside a number or after an abbreviation ("1.2", "Tempe, Ariz.,
            # drilled", "e.g. the") ends no sentence: the next token is glued to it, starts
            # lowercase or is a comma.
            count = len(lows)
            boundaries = [
                index
                for index in boundaries
                if lows[index] != "."
                or index + 1 >= count
                or not (
                    (starts[index + 1] == ends[index] and words[index + 1][:1].isalnum())
                    or words[index + 1][:1].islower()
                    or words[index + 1] in (",", ":", "，")
                )
            ]
        self.boundaries = boundaries
        self._firsts: dict[int, int] = {}
        self._timed: dict[int, bool] = {}
        self.present: frozenset[int] = frozenset()
        self._title: bool | None = None
        self.reading: Reading | None = None
        if text.startswith("'") or any(mark in text for mark in _MENTION_MARKS):
            self.mention = self._mentions()
        else:
            self.mention = [False] * len(lows)

    @property
    def title(self) -> bool:
        """True for a heading in title case ("How to Cultivate a Blame-Aware Culture"): its
        capitalised words are not names."""
        if self._title is None:
            alphabetic = [word for word in self.words[:200] if word[:1].isalpha()]
            capitals = sum(1 for word in alphabetic if word[:1].isupper())
            self._title = len(alphabetic) >= 3 and capitals * 3 >= len(alphabetic) * 2
        return self._title

    def sentence_start(self, index: int) -> int:
        number = bisect.bisect_left(self.boundaries, index)
        first = self._firsts.get(number)
        if first is None:
            first = self.boundaries[number - 1] + 1 if number else 0
            last = self.sentence_end(index)
            words, lows = self.words, self.lows
            while first < last and not (words[first][:1].isalnum() or lows[first][:1] == "@"):
                first += 1
            self._firsts[number] = first
        return first

    def timed(self, index: int) -> bool:
        """Whether the sentence of token `index` gives a clock time (`14:02`) or a date
        (`2026-11-02`): a present tense there narrates the incident ("someone pushes the config
        at 14:02"), it does not say what anyone does in general. Each sentence is read once.
        A time is the tokens `14`, `:`, `02`; a date `2026`, `-`, `11`, `-`, `02`."""
        number = bisect.bisect_left(self.boundaries, index)
        known = self._timed.get(number)
        if known is not None:
            return known
        words = self.words
        start = self.boundaries[number - 1] + 1 if number else 0
        end = self.sentence_end(index)
        found = False
        for k in range(start, min(end, len(words)) - 2):
            first, mark, last = words[k], words[k + 1], words[k + 2]
            if not (first.isdigit() and last.isdigit() and len(last) == 2):
                continue
            if (mark == ":" and len(first) <= 2) or (
                mark == "-" and len(first) == 4 and k + 3 < len(words) and words[k + 3] == "-"
            ):
                found = True
                break
        self._timed[number] = found
        return found

    def sentence_end(self, index: int) -> int:
        number = bisect.bisect_left(self.boundaries, index)
        if number < len(self.boundaries):
            return self.boundaries[number] + 1
        return len(self.lows)

    def _mentions(self) -> list[bool]:
        """True for tokens inside a quotation that is a mention (a word, a title, an example
        given as what not to write) rather than reported speech, and inside link text."""
        lows, words = self.lows, self.words
        mention = [False] * len(lows)
        index = 0
        count = len(lows)
        following: dict[str, list[int]] = {}  # closer -> index of its next occurrence
        for closer in set(_QUOTE_PAIRS.values()) | {"'", "]"}:
            if closer not in self.text:
                continue
            nexts = [count] * (count + 1)
            for position in range(count - 1, -1, -1):
                nexts[position] = position if lows[position] == closer else nexts[position + 1]
            following[closer] = nexts
        while index < count:
            low = lows[index]
            closer = _QUOTE_PAIRS.get(low)
            if (
                closer is None
                and low == "'"
                and (self.starts[index] == 0 or not self.text[self.starts[index] - 1].isalnum())
            ):
                closer = "'"
            if closer is None and low == "[":
                closer = "]"
            if closer is None:
                index += 1
                continue
            end = following[closer][index + 1] if closer in following else count
            if end >= min(count, index + 80):
                index += 1
                continue
            inner = [position for position in range(index + 1, end) if words[position].isalnum()]
            if self._is_mention(index, end, inner, low == "["):
                for position in range(index, end + 1):
                    mention[position] = True
                index = end + 1
            else:
                index += 1  # reported speech: quotations and links inside it still count
        position = 0
        for match in _URL.finditer(self.text):
            while position < count and self.starts[position] < match.start():
                position += 1
            while position < count and self.starts[position] < match.end():
                mention[position] = True
                position += 1
        return mention

    def _is_mention(self, opener: int, closer: int, inner: list[int], link: bool) -> bool:
        if link:
            return closer + 1 < len(self.lows) and self.lows[closer + 1] in ("(", "[")
        if not inner:
            return True
        words = [self.words[position] for position in inner]
        capitals = sum(1 for word in words if word[0].isupper())
        if len(words) >= 3 and capitals >= len(words) - 1:
            return True  # a title: "The Field Guide to Human Error"
        if len(words) <= 2 and opener and _kind(self, opener - 1) == _PERSON:
            return False  # the CTO "fucked up": scare quotes on a person's act
        if len(words) <= 2 and any(
            self.lows[position] in _ROLES
            for position in range(closer + 1, closer + 4)
            if position < len(self.lows)
        ):
            return False  # an 'Idiot' Telecity engineer: scare quotes on a person
        before = [self.lows[position] for position in range(max(0, opener - 3), opener)]
        if before and before[-1] == ":":
            # "Example of blame: 'Dave didn't check the logs'": the label before the colon
            before = [self.lows[position] for position in range(max(0, opener - 5), opener)]
        prefix = self.text[max(0, self.starts[opener] - 10) : self.starts[opener]].lower()
        if "e.g." in prefix or "i.e." in prefix or "such as" in prefix:
            return True
        if any(word in _META_WORDS for word in before):
            return True  # "the phrase 'human error'", "rather than 'Alice merged'"
        if not _TERM_NOUNS.isdisjoint(self.lows[max(0, opener - 8) : opener]):
            return True  # "one phrase you're likely to encounter is 'fat fingered meaning'"
        if before and before[-1] in _CAUSE_GIVEN:
            return False  # "BA has blamed 'human error'": the cause somebody gave, quoted
        after = self.lows[closer + 1 : closer + 3]
        if after and after[0] in (",", "or", "and", "/") and len(words) <= 3:
            return True  # a list of quoted words
        if any(word in ("rather", "instead", "vs", "versus") for word in after):
            return True
        return len(words) <= 2 and not any(
            word in ("i", "he", "she", "my", "his", "her") for word in self.lows[opener:closer]
        )


# --- Who a token names -----------------------------------------------------------------------

_PERSON, _WEAK, _COLLECTIVE_KIND, _GENERIC_KIND, _SYSTEM = "person", "weak", "we", "generic", "sys"


def _base(low: str) -> str:
    if low.endswith("'s"):
        return low[:-2]
    if low.endswith("s'"):
        return low[:-1]
    return low


def _kind(line: _Line, index: int) -> str | None:
    """What the token at `index` names, when it names somebody or something."""
    low = line.lows[index]
    word = line.words[index]
    if low == "\0accepted":
        return _SYSTEM
    if low.startswith("@"):
        return _SYSTEM if low[1:] in _NOT_PEOPLE else _PERSON
    if word == "I" or (low in _PERSON_PRONOUNS and low != "i") or word == "i":
        if (
            low == "i"
            and index + 1 < len(line.words)
            and line.words[index + 1] == "."
            and line.ends[index] == line.starts[index + 1]
        ):
            return None  # "i.e.", "I.e.": an abbreviation
        return _PERSON
    if low in _COLLECTIVE:
        return _COLLECTIVE_KIND
    if low in ("team", "teams"):
        previous = line.lows[index - 1] if index else ""
        if previous in ("the", "our", "my", "this", "whole", "entire", "same", "a", "that", "") or (
            not previous[:1].isalnum() and previous[:1] != "@"
        ):
            return _COLLECTIVE_KIND  # "- Team takes down the frontend": a bullet, the writer's
        return _PERSON  # "the QA team", "the vendor's team": somebody else
    if low in _GENERIC:
        return _GENERIC_KIND
    if (
        index + 1 < len(line.lows)
        and line.lows[index + 1] in _HYPHENS
        and line.ends[index] == line.starts[index + 1]
        and (low in _ROLES or low in _WEAK_ROLES)
    ):
        return _SYSTEM  # "worker-ci-test", "admin-panel": a role word naming a thing
    if low in _COMPONENT_ROLES and index and _names_system(line, index - 1):
        return _SYSTEM  # "the BOSH Director destroys the worker": a component
    if low in _ROLES:
        if low in ("staff", "member", "members", "owner", "lead", "leads", "hire", "hires"):
            previous = line.lows[index - 1] if index else ""
            if (
                low in ("staff",)
                and previous in ("the", "our", "a", "")
                and index + 1 < len(line.lows)
                and line.lows[index + 1] in ("member", "members")
            ):
                return None
            if low in ("lead", "leads") and previous not in ("tech", "team", "devops", "the"):
                return None
            if low in ("hire", "hires") and previous != "new":
                return None
            if low in ("owner",) and previous not in ("the", "service", "code"):
                return None
        return _PERSON
    if low in _WEAK_ROLES:
        return _WEAK
    if low in _FUNCTION or low.isdigit():
        return None
    if low in _NOT_PEOPLE or low in _SYSTEM_EXTRA:
        return _SYSTEM
    if (
        word[:1].isupper()
        and word.isalpha()
        and word[1:].islower()
        and len(word) > 1
        and not line.title
    ):
        if line.reading is not None and low in line.reading.systems:
            return _SYSTEM  # "Prow did not respond": the document runs the Prow deployment
        if low in _ORGANISATION_NOUNS and _after_name(line, index):
            return _SYSTEM  # "Commonwealth Bank", "Knight Capital": an organisation
        if low in _MONTHS and index and line.lows[index - 1].isdigit():
            return _SYSTEM  # "on 8 Jan failed to trigger": a date
        following = line.words[index + 1] if index + 1 < len(line.words) else ""
        if following[:1].isupper() and following.lower() in _NOT_PEOPLE:
            return _SYSTEM  # "Pull Request", "Load Balancer": a proper noun of a thing
        if low.endswith(("ing", "ly")) and low not in _NAME_ENDINGS:
            return None
        if low.endswith("s") and len(low) > 3 and low[-2] not in "suioa":
            return None  # "Transactions", "Graphs", "Admins": plural nouns, not names
        if index and line.lows[index - 1] in _NAME_DETERMINERS:
            return _SYSTEM  # "the Envoy sidecar", "this Pull Request": a thing
        if (
            line.starts[index] == 0
            or _sentence_start(line, index) == index
            or (index and line.lows[index - 1] in (":", "-", "*", "#", "##", "###", "|", "•"))
        ):
            # A capitalised first word is a name only right before its verb ("Bob forgot"),
            # also after a label or a bullet ("summary: Lack of backoff caused ...").
            return "name-first"
        if word.endswith("ing") or word.endswith("ly"):
            return None
        return _PERSON
    return None


def _after_name(line: _Line, index: int) -> bool:
    """Whether the capitalised word at `index` ends a name of several capitalised words
    ("Commonwealth Bank", "Westpac Banking Corporation")."""
    return (
        index > 0
        and line.words[index][:1].isupper()
        and line.words[index - 1][:1].isupper()
        and line.words[index - 1].isalpha()
    )


def _names_system(line: _Line, index: int) -> bool:
    """Whether the word at `index` names a system: a known product word, a word the document
    uses only as a thing, or an acronym that is no role ("BOSH", "AWS"; not "SRE", "DBA")."""
    low = line.lows[index]
    if low in _ROLES or low in _FUNCTION:
        return False
    if low in _NOT_PEOPLE or low in _SYSTEM_EXTRA:
        return True
    if line.reading is not None and low in line.reading.systems:
        return True
    word = line.words[index]
    return len(word) > 1 and word.isalpha() and word.isupper()


def _sentence_start(line: _Line, index: int) -> int:
    return line.sentence_start(index)


def _sentence_end(line: _Line, index: int) -> int:
    return line.sentence_end(index)


def _is_participle(low: str) -> bool:
    return low.endswith(("ed", "en")) or low in _PARTICIPLES


def _is_past(low: str) -> bool:
    return low.endswith("ed") or low in _PAST_IRREGULAR


def _np_start(line: _Line, head: int) -> int:
    """First token of the noun phrase whose head is at `head` ("the on-call engineer")."""
    low = line.lows[head]
    if low.startswith("@") or low in _PERSON_PRONOUNS or line.words[head] in ("I", "i"):
        return head
    if line.words[head][:1].isupper() and low not in _ROLES:
        # A name: "Bob", "Marco Marsala" (a first name before it), never "that Bob".
        previous = head - 1
        if (
            previous >= 0
            and line.words[previous][:1].isupper()
            and (line.lows[previous] not in _NOT_PEOPLE and line.words[previous].isalpha())
        ):
            return previous
        return head
    start = head
    for _ in range(4):
        previous = start - 1
        if previous < 0:
            break
        word, plow = line.words[previous], line.lows[previous]
        if plow in _DETERMINERS or plow == "another":
            start = previous
            if plow == "one":
                continue
            # "one of the vendor's technicians"
            if (
                previous >= 2
                and line.lows[previous - 1] == "of"
                and line.lows[previous - 2]
                in (
                    "one",
                    "some",
                    "two",
                    "any",
                )
            ):
                start = previous - 2
            break
        if plow == "of" and previous >= 1 and line.lows[previous - 1] in ("one", "member"):
            start = previous - 1
            continue
        if not word[:1].isalnum() or plow in _NOT_PEOPLE or plow in _STOPS or _is_verbish(plow):
            break
        start = previous
    return start


def _is_verbish(low: str) -> bool:
    return low in _AUX or low in _MODALS or (low.endswith("ed") and len(low) > 4)


class _Subject(NamedTuple):
    index: int
    kind: str
    generic: bool  # a bare plural ("engineers"): people in general unless the verb is past


def _subject(line: _Line, act: int, strong: bool) -> _Subject | None:
    """The somebody or something that is the subject of the act starting at token `act`."""
    lows = line.lows
    first = _sentence_start(line, act)
    adjacent = True
    position = act - 1
    if position >= 1 and lows[position] == "to" and _realis_to(lows, position):
        position -= 3 if lows[position - 1] == "on" else 2  # "and proceeded to destroy"
    reach = max(first, act - _SUBJECT_REACH)
    while position >= reach:
        low = lows[position]
        if line.mention[position] and line.words[position][:1].isalnum():
            position -= 1
            adjacent = False
            continue
        if adjacent and low in _PARTICIPLE_OPENERS and lows[act] in _ERROR_ADVERBS:
            # "shut down the ports after accidentally knocking them out": the main subject
            return _clause_subject(line, first, position)
        if adjacent and (low in _CONJUNCTIONS or low == ","):
            if low == "," and position > first:
                kind = _kind(line, position - 1)
                if kind in (_PERSON, "name-first"):  # "a junior developer, Leo, had run"
                    return _Subject(position - 1, _PERSON, False)
                # "the on-call engineer, who had been up all night, failed to"
                for back in range(position - 1, max(first, position - 14), -1):
                    if lows[back] in ("who", "whom") and lows[back - 1] == ",":
                        kind = _kind(line, back - 2) if back >= 2 else None
                        if kind in (_PERSON, "name-first", _WEAK):
                            return _Subject(back - 2, _PERSON, _bare_plural(line, back - 2))
                        break
            # "An operator used a tool ... but forgot to": the subject of the first verb.
            return _clause_subject(line, first, position)
        if low in _ADVERBS or low in _AUX or low in ("who", "that", "not", "never"):
            if low == "who":
                strong = True  # "a worker who failed to": a person, not a process
            if low == "that" and position > first and lows[position - 1] == ",":
                # "referred to as Matsnet, that caused a consensus failure": people are
                # "who", so a name that ", that" refers back to names a thing
                kind = _kind(line, position - 2) if position >= 2 else None
                if kind in (_PERSON, "name-first") and line.words[position - 2][:1].isupper():
                    return None
            position -= 1
            continue
        if not low[:1].isalnum() and low not in ("@",) and not low.startswith("@"):
            if low in _SENTENCE_END or low in (":", "(", ")"):
                return None
            adjacent = False
            position -= 1
            continue
        if low.endswith("'s") or low.endswith("s'"):
            adjacent = False
            position -= 1
            continue
        kind = _kind(line, position)
        if kind == _PERSON and _place(line, position):
            adjacent = False  # "a crew near Springfield, Illinois cut the line": a place
            position -= 1
            continue
        if kind == "name-first":
            # A capitalised first word is a name right before its verb: "Bob forgot",
            # "Alice merged without review" (its verb, then the act).
            verb = _next(lows, position + 1)
            named = adjacent or _only_skippable(line, position + 1, act)
            kind = _PERSON if named or (_is_past(verb) and act - position <= 6) else None
        if kind == _SYSTEM:
            qualified = _qualified_person(line, position, reach)
            if qualified is None:
                qualified = _modified_person(line, position, reach)
            if qualified is None:
                qualified = _relative_person(line, position, reach)
            if qualified is not None:
                return _Subject(qualified, _PERSON, _bare_plural(line, qualified))
            opener = _np_start(line, position) - 1
            if (
                opener > reach
                and lows[opener] in _OBJECT_PREPOSITIONS
                and _is_past(lows[opener - 1])
            ):
                # "I deployed to production without double-checking": the object of a
                # preposition, not the subject; read on to the verb's subject
                adjacent = False
                position = opener - 1
                continue
        if kind is not None:
            if kind == _WEAK:
                kind = _PERSON if strong else _SYSTEM
            if (
                kind == _PERSON
                and position + 1 < act
                and _is_past(lows[position + 1])
                and lows[position + 1] not in _AUX
            ):
                opener = _np_start(line, position) - 1
                if (
                    opener >= 0
                    and lows[opener] in ("that", "which")
                    and not (opener and _is_past(lows[opener - 1]))
                ):
                    # "the service that the engineer restarted failed to start"; not "the
                    # review found that an engineer had entered the wrong command"
                    return None
            generic = kind == _PERSON and _bare_plural(line, position)
            return _Subject(position, kind, generic)
        if low == "since" and position and lows[position - 1] in ("has", "have", "had"):
            position -= 1  # "the contractor has since been fired": an adverb
            continue
        if low in _STOPS or low in _CONJUNCTIONS:
            if (
                adjacent
                and low in _PARTICIPLE_OPENERS
                and lows[act] in _ERROR_ADVERBS | {"forgetting"}
            ):
                # "shut down the ports after accidentally knocking them out": the main subject
                return _clause_subject(line, first, position)
            return None
        adjacent = False
        position -= 1
    if position < first and act - first <= 2 and adjacent:
        return _Subject(act, "elided", False)
    return None


def _qualified_person(line: _Line, head: int, reach: int) -> int | None:
    """The person before a qualifier that ends at `head` ("the engineers on the night shift",
    "someone at AWS", "the person on call")."""
    preposition = head - 1
    while (
        preposition > reach
        and preposition >= head - 4
        and (line.lows[preposition] not in _QUALIFYING)
    ):
        if not line.words[preposition][:1].isalnum():
            return None
        preposition -= 1
    if preposition - 1 < reach or line.lows[preposition] not in _QUALIFYING:
        return None
    kind = _kind(line, preposition - 1)
    if kind in (_PERSON, "name-first"):
        return preposition - 1
    return None


def _modified_person(line: _Line, head: int, reach: int) -> int | None:
    """A person whose modifier ends at `head`: "a contractor doing maintenance work at a
    data centre", "an engineer working on the cluster" (a participle right after the person)."""
    for position in range(head - 1, max(reach, head - 12) - 1, -1):
        low = line.lows[position]
        if low in _CLAUSE_END or low in _STOPS or low in _CONJUNCTIONS or _is_past(low):
            return None
        if low.endswith("ing") and position > reach and line.words[position][:1].islower():
            kind = _kind(line, position - 1)
            if kind in (_PERSON, _WEAK, "name-first"):
                return position - 1
    return None


_PLACE_PREPOSITIONS = _words("in at near from of outside inside around")
_OBJECT_PREPOSITIONS = _words("to into onto in on at from against with for")


def _place(line: _Line, index: int) -> bool:
    """A capitalised word after a preposition is a place or an organisation ("near
    Springfield, Illinois", "at Knight"), not somebody who acted."""
    word = line.words[index]
    if not word[:1].isupper() or line.lows[index] in _PERSON_PRONOUNS or word == "I":
        return False
    previous = line.lows[index - 1] if index else ""
    if previous in _PLACE_PREPOSITIONS:
        return True
    return (
        previous == ","
        and index >= 3
        and line.words[index - 2][:1].isupper()
        and line.lows[index - 3] in _PLACE_PREPOSITIONS
    )


def _relative_person(line: _Line, head: int, reach: int) -> int | None:
    """The person a relative clause that ends at `head` is about: "the engineer who pressed
    the button has been fired" (the button is in the clause, the engineer is the subject)."""
    lows = line.lows
    for position in range(head - 1, max(reach, head - 8) - 1, -1):
        low = lows[position]
        if low in _CLAUSE_END or low in _STOPS:
            return None
        if low in ("who", "whom") and position > reach:
            kind = _kind(line, position - 1)
            if kind in (_PERSON, "name-first", _WEAK):
                return position - 1
            return None
    return None


def _only_skippable(line: _Line, first: int, last: int) -> bool:
    return all(
        line.lows[position] in _ADVERBS or line.lows[position] in _AUX
        for position in range(first, last)
    )


def _clause_subject(line: _Line, first: int, last: int) -> _Subject | None:
    """The subject of a clause that starts at `first`: its first word that names somebody."""
    if first < len(line.lows) and _is_past(line.lows[first]) and first < last:
        return _Subject(first, "elided", False)  # "copied the snippet and forgot to ..."
    for position in range(last - 1, first, -1):
        if line.lows[position] in _CLAUSE_OPENERS:
            first = position + 1  # "users that they know are away but forgot": not the first
            break
    if first < last and line.lows[first] in _INTRODUCERS:
        # "During the incident response, it was found that ...": skip the opening phrase.
        for position in range(first, last):
            if line.lows[position] == ",":
                first = position + 1
                break
    for position in range(first, min(last, first + _SUBJECT_REACH)):
        low = line.lows[position]
        if low.endswith("'s") or low.endswith("s'") or line.mention[position]:
            continue
        if low in _ADVERBS or (low.endswith("ly") and low in _NOT_PEOPLE):
            continue  # "Unfortunately I ran git push and was not aware": a sentence adverb
        kind = _kind(line, position)
        if kind == _SYSTEM:
            for ahead in range(position + 1, min(last, position + 3)):
                if line.lows[ahead] in _ROLES:  # "a network technician", "a database admin"
                    return _Subject(ahead, _PERSON, _bare_plural(line, ahead))
        if kind == "name-first":
            following = _next(line.lows, position + 1)
            verbish = following in _AUX or following in _MODALS or _is_past(following)
            kind = _PERSON if verbish or position + 1 == last else None
        if kind == _WEAK:
            kind = _PERSON
        if kind is not None:
            return _Subject(position, kind, kind == _PERSON and _bare_plural(line, position))
        if low in _STOPS:
            return None
    return None


def _bare_plural(line: _Line, index: int) -> bool:
    low = line.lows[index]
    if not low.endswith("s") or (low not in _ROLES and low not in _WEAK_ROLES):
        return False
    previous = line.lows[index - 1] if index else ""
    return (
        previous not in _DETERMINERS
        and not previous.endswith("'s")
        and previous
        not in (
            "two",
            "three",
            "several",
            "both",
            "all",
            "many",
            "few",
            "other",
            "senior",
            "junior",
        )
    )


# --- Frames ----------------------------------------------------------------------------------


def _negated_before(line: _Line, start: int) -> bool:
    lows = line.lows
    position = start - 1
    first = max(0, start - _NEGATION_REACH)
    while position >= first:
        low = lows[position]
        if low in _CLAUSE_END or low in ("but", "because", "so", "and", "when", "after"):
            return False
        if low in _NEGATORS or low.endswith("n't"):
            if low == "without" and any(lows[k] in _FINITE for k in range(position + 1, start)):
                return False  # "a blackout that left millions without power was caused by"
            following = lows[position + 1] if position + 1 < len(lows) else ""
            if low in ("cannot", "can't", "couldn't") and following == "believe":
                return False  # "I cannot believe they pointed the blame at a junior": outrage
            return following not in _NOT_NEGATING_AFTER
        if low in ("rather", "instead") or low in ("avoid", "avoiding", "avoids"):
            return True
        position -= 1
    return False


def _negated_after(line: _Line, end: int) -> bool:
    """ "operator error is never the root cause", "human error wasn't the cause"."""
    lows = line.lows[end : end + 4]
    for offset, low in enumerate(lows):
        if low in ("is", "was", "are", "were", "'s"):
            rest = lows[offset + 1 : offset + 3]
            return any(word in ("never", "not", "rarely", "seldom", "n't") for word in rest)
        if low in ("isn't", "wasn't", "aren't", "weren't"):
            return True
        if low in _CLAUSE_END:
            return False
    return False


def _conditional(line: _Line, start: int) -> bool:
    """The act is inside an if-clause or a hypothetical ("if one typo can take down ...",
    "imagine accidentally running ...")."""
    lows = line.lows
    first = max(_sentence_start(line, start), start - 40)
    position = start - 1
    crossed = False
    while position >= first:
        low = lows[position]
        if low in ("imagine", "suppose", "supposing", "hypothetically"):
            return True
        if low in (",", "then", ";", ":"):
            crossed = True
        elif (low in _CONDITIONALS and not crossed) or (
            low in ("when", "whenever") and not crossed and _present_between(line, position, start)
        ):
            return True
        elif low == "time" and position and lows[position - 1] in ("next", "every", "each", "any"):
            return True  # "next time someone makes a mistake"
        elif low == "case" and position and lows[position - 1] == "in" and not crossed:
            return True  # "in case you did not pay"
        elif low == "say" and position and lows[position - 1] in ("let's", "let’s", "lets"):
            return True  # "let's say Bob ran a command which deleted the database"
        elif (
            low in ("when", "whenever")
            and not crossed
            and _next(lows, position + 1) in _GENERIC_PRONOUNS
            and not _is_past(_next(lows, position + 2))
        ):
            return True  # "when they get tripped up by a silly mistake"
        elif low == "where" and position and lows[position - 1] in _GENERIC_PLACES and not crossed:
            return True  # "in the cases where someone's mistake did contribute"
        position -= 1
    return False


def _present_between(line: _Line, first: int, last: int) -> bool:
    """A verb in the present tense after a noun ("when the operator realizes"): people in
    general, not an event."""
    for position in range(first + 2, last):
        low = line.words[position].lower()
        if (
            low.endswith("s")
            and len(low) > 3
            and low not in _NOT_PRESENT
            and _kind(line, position - 1) not in (None, "name-first")
        ):
            return True
    return False


def _modal_between(line: _Line, first: int, act: int) -> bool:
    """A modal or irrealis word between the subject and the act ("an operator could make")."""
    for position in range(max(first, act - 4), act):
        low = line.lows[position]
        if low in _MODALS or low in _IRREALIS:
            return True
        if low == "to" and position == act - 1:
            # "managed to delete", "went on to wipe": it happened; "easy to forget": not
            return not _realis_to(line.lows, position)
        if low in ("about", "going") and position + 1 < act and line.lows[position + 1] == "to":
            return True
    return False


def _modal_in_clause(line: _Line, start: int) -> bool:
    """A modal earlier in the clause ("outages can be triggered by ... human error"), unless it
    is a guess about the past ("may have been caused by human error")."""
    first = max(_sentence_start(line, start), start - 40)
    for position in range(start - 1, first - 1, -1):
        low = line.lows[position]
        if low in (";", ":", "—"):
            return False
        if low in _MODALS:
            if (
                low in ("will", "shall")
                and _next(line.lows, position + 1) in _FINDING_VERBS
                and any(line.lows[k] in ("that", "how") for k in range(position + 2, start))
            ):
                return False  # "the investigation will state that it was a human error"
            return _next(line.lows, position + 1) != "have"
    return False


_FINDING_VERBS = _words(
    "state show establish find confirm conclude determine reveal say report explain examine"
)


def _irrealis_in_clause(line: _Line, start: int) -> bool:
    first = max(_sentence_start(line, start), start - 8)
    return any(line.lows[position] in _IRREALIS for position in range(first, start))


_CLAIM_VERBS = _words("say write conclude claim assume state call")
_CLAIMING = _words("saying writing concluding claiming assuming stating calling")
_CLAIMS = _words("says say writes claims states")
_CLAIM_OPENERS = _words("by of about avoid stop than like instead not without") | {"", ","}
_COPULAS = _words("is was be are it's that's seems seem")
_ASSERTING = _words("fair safe true accurate honest correct right obvious clear")  # "fair to say"
_DOCUMENT_NOUNS = _words(
    "postmortem postmortems report reports document documents review reviews sentence statement"
)


def _mentioned_claim(line: _Line, start: int) -> bool:
    """Whether the act at `start` is a claim talked about rather than made: after a verb of
    saying that nobody in particular says ("saying an engineer made a mistake is no root cause",
    "it is tempting to conclude that the on-call missed the alert", "a postmortem that says the
    engineer was careless"), or in a list of words ("words like careless and sloppy")."""
    lows = line.lows
    first = max(_sentence_start(line, start), start - 14)
    for position in range(start - 1, first - 1, -1):
        low = lows[position]
        previous = lows[position - 1] if position > first else ""
        if low in _CLAIMING and previous in _CLAIM_OPENERS:
            return True  # "saying ... is no root cause", "avoid writing ...": nobody says it
        if (
            low in _CLAIM_VERBS
            and previous == "to"
            and position >= 3
            and lows[position - 3] in _COPULAS
            and lows[position - 2] not in _ASSERTING
        ):
            return True  # "it is tempting to conclude", not "I have to say", "needless to say"
        if low in _TERM_NOUNS and _next(lows, position + 1) in ("like", "such", "including"):
            return True
        if (
            low in _CLAIMS
            and position >= 3
            and lows[position - 1] in ("that", "which")
            and lows[position - 2] in _DOCUMENT_NOUNS
            and lows[position - 3] in ("a", "an", "any", "every", "each")
        ):
            return True
    return False


def _question(line: _Line, start: int) -> bool:
    end = _sentence_end(line, start)
    if end == 0 or line.lows[end - 1] != "?":
        return False
    first = _sentence_start(line, start)
    if first < len(line.lows) and line.lows[first] in _QUESTION_STARTS:
        return True
    if end - start > 60:
        return False
    return not any(line.lows[position] in (",", "—", ":") for position in range(start, end))


# --- Acts ------------------------------------------------------------------------------------


class _Act(NamedTuple):
    start: int  # token index of the cue's first word
    end: int  # token index after the cue
    family: str
    who: str  # "subject", "strong-subject", "any", "owner", "agent", "junior"
    elidable: bool = False
    negation_is_act: bool = False


def _separated_particle(lows: list[str], first: int) -> int | None:
    """Index of "down", "out" or "offline" after an object that is production or all of
    something ("took production offline", "brought the whole cluster down"), within the few
    words of an object from `first`; taking one node offline is an operation, not damage."""
    production = False
    for position in range(first, min(len(lows), first + 5)):
        word = lows[position]
        if production and word in ("down", "out", "offline"):
            return position
        if not word[:1].isalnum():
            return None
        production = production or word in _PROD_OBJECTS
    return None


def _skip_compound(lows: list[str], index: int, line: _Line) -> int:
    """Past a hyphenated modifier written as tokens ("copy-and-paste error"): the noun."""
    position = index
    while (
        position + 1 < len(lows)
        and position < index + 6
        and lows[position + 1] in _HYPHENS
        and line.ends[position] == line.starts[position + 1]
    ):
        position += 2
    return position + 1 if position > index else index


def _skip_adverbs(lows: list[str], index: int, limit: int = 2) -> int:
    count = len(lows)
    while limit and index < count and (lows[index] in _ADVERBS or lows[index].endswith("ly")):
        index += 1
        limit -= 1
    return index


def _next(lows: list[str], index: int) -> str:
    return lows[index] if index < len(lows) else ""


def _acts_at(line: _Line, i: int) -> Iterable[_Act]:
    """The acts whose cue starts at token `i`."""
    lows = line.lows
    low = lows[i]
    after = _next(lows, i + 1)

    # Error: an adverb of accident on a person's verb ("the admin accidentally rebooted").
    if low in _ERROR_ADVERBS:
        verb = _skip_adverbs(lows, i + 1 if after != "," else i + 2)
        if verb < len(lows) and lows[verb][:1].isalpha():
            previous = lows[i - 1] if i else ""
            if previous in ("was", "were", "been", "being", "got", "be", "is", "are") and not (
                lows[verb].endswith("ing") and previous != "being"
            ):
                # "was inadvertently run": agentless; "accidentally shut down by a worker": not;
                # "I was wrongly assuming": the progressive, the subject's own act
                for position in range(verb + 1, min(len(lows), verb + 4)):
                    if lows[position] == "by":
                        yield _Act(i - 1, position + 1, "error", "agent")
                        break
                return
            if lows[verb] in _THIRD_TO_PAST and verb not in line.present:
                return  # "when a trader accidentally hits the wrong key": anyone, sometimes
            if lows[verb].endswith("ing") and i >= 2 and lows[i - 2] in ("a", "an"):
                return  # "this refers to a trader incorrectly keying in an order"
            # "Incorrectly configured backups led to ...": a participle, not an elided subject
            elidable = low not in ("incorrectly", "wrongly")
            yield _Act(i, verb + 1, "error", "strong-subject", elidable=elidable)
        return
    if low == "by" and after in ("accident", "mistake"):
        verb = lows[i - 1] if i else ""
        noun = verb in _FUNCTION or (i >= 2 and lows[i - 2] in _OBJECT_DETERMINERS)
        if not noun and (
            verb in _THIRD_TO_PAST or (verb.endswith("s") and verb[-2:-1] not in "su'")
        ):
            # "a guard a cooperative party defeats by accident": anyone, any time; not "wiped
            # the backups by mistake", "merged this by accident" (an object before it)
            return
        yield _Act(i, i + 2, "error", "clause-subject")
        return
    if (
        low == "with"
        and after in ("a", "an", "the")
        and _next(lows, i + 2) in _BAD_CODE
        and _next(lows, i + 3) in _BAD_THINGS
    ):
        yield _Act(i, i + 4, "error", "clause-subject")  # "brought it online with a bad config"
        return
    if low in _PHYSICAL_VERBS and not (i and lows[i - 1] in _DETERMINERS):
        # "cut another line", "drilled through a fiber-optic cable", "pulled the power cord";
        # not "the cut lines"
        for position in range(i + 1, min(len(lows), i + 5)):
            if lows[position] in _PHYSICAL_THINGS:
                yield _Act(i, i + 1, "damage", "strong-subject")
                return
            if not lows[position][:1].isalnum() and lows[position] not in _HYPHENS:
                break
    if low in ("damaged", "severed", "unplugged") and after[:1].isalpha():
        yield _Act(i, i + 1, "damage", "strong-subject")
        return
    if (
        low in ("turned", "switched", "shut")
        and after == "off"
        and _next(lows, i + 2)
        in (
            "the",
            "power",
        )
    ):
        yield _Act(i, i + 2, "damage", "strong-subject")
        return
    if low == "compensation" and after == "from":
        yield _Act(i, i + 2, "blame", "agent")
        return
    if low in ("pin", "pinned", "pinning") and "on" in lows[i + 1 : i + 18]:
        position = lows.index("on", i + 1, i + 18)
        if "blame" in lows[i + 1 : position] or (
            after in ("it", "this", "everything") and position - i <= 3
        ):  # "pin the blame for the outage on", "pin it all on"; not "pinning it with X, ... on"
            yield _Act(i, position + 1, "blame", "agent")
        return
    if low in ("point", "pointed", "pointing", "points") and (
        after in ("finger", "fingers")
        or (after in ("the", "a") and _next(lows, i + 2) in ("finger", "fingers"))
    ):
        at = i + (2 if after in ("finger", "fingers") else 3)
        if low == "pointing" and (
            i == _sentence_start(line, i) or lows[i - 1] in ("of", "about", "on", "avoid")
        ):
            return  # "Pointing fingers at the on-call would miss the problem": about blame
        if _next(lows, at) == "at":
            yield _Act(i, at + 1, "blame", "agent")  # "pointed the finger at a contractor"
        return
    if low in _LAY_VERBS and after == "the" and _next(lows, i + 2) == "blame":
        # "point the blame at a junior developer", "laid the blame on the contractor"
        position, last = i + 3, min(len(lows), i + 16)
        while position < last:
            if lows[position] in ("on", "at", "onto"):
                yield _Act(i, position + 1, "blame", "agent")
                return
            if lows[position] == "(" and ")" in lows[position:last]:
                position = lows.index(")", position, last) + 1  # "for its £150m ($272m) loss"
                continue
            if lows[position] in _CLAUSE_END:
                return
            position += 1
        return
    if low in _THROW_VERBS and _next(lows, i + 2) == "under" and _next(lows, i + 4) == "bus":
        # "the company threw him under the bus"
        if after in ("him", "her", "me", "them") or (
            _kind(line, i + 1) == _PERSON and after not in _INDEFINITE_PEOPLE
        ):
            yield _Act(i, i + 5, "blame", "any")
        return
    if low == "so" and after == "bad" and _next(lows, i + 2) == "at":
        yield _Act(i, i + 3, "judgement", "any")
        return
    if low == "rushed" and after[:1].isalpha():
        yield _Act(i, i + 1, "judgement", "subject")
        return

    # Error nouns: "human error", "operator error", "a human mistake".
    if low in _HUMAN_ERROR_HEADS and after in _HUMAN_ERROR_TAILS:
        if low == "manual" and after in ("failure", "failures"):
            return
        if _next(lows, i + 2) in _COMPOUND_AFTER:
            return
        if (
            low in ("human",)
            and after in ("failure", "failures")
            and _next(lows, i + 2)
            in (
                "mode",
                "modes",
            )
        ):
            return
        yield _Act(i, i + 2, "error", "error-noun")
        return
    if low in ("human-error", "operator-error"):
        yield _Act(i, i + 1, "error", "error-noun")
        return

    # Making or committing a mistake ("an engineer made a typo", "I made the mistake of").
    if low in ("made", "committed"):
        position = i + 1
        for _ in range(4):
            word = _next(lows, position)
            if word in _MISTAKE_NOUNS:
                if word in ("oversight", "oversights", "slip", "slips") and low.startswith(
                    "commit"
                ):
                    return
                yield _Act(i, position + 1, "error", "subject")
                return
            if not word[:1].isalpha() or word in ("to", "it", "sure", "changes", "change"):
                return
            position += 1
        return
    if low in ("erred", "goofed", "flubbed"):
        yield _Act(i, i + 1, "error", "strong-subject")  # "the operator erred": a person
        return
    if low == "slipped" and after in ("up", "on"):
        yield _Act(i, i + 2, "error", "subject")
        return

    # Error: acting on the wrong target ("deleted the wrong directory").
    if low == "wrong" and i >= 2:
        # "keyed in the wrong quantity", "plugged into the wrong port": a verb, then "wrong"
        for verb in range(i - 1, max(-1, i - 7), -1):
            word = lows[verb]
            if word in _HYPHENS:
                continue  # "typed rm -rf in the wrong directory"
            if not word[:1].isalnum() or word in _NOT_WRONG_VERBS:
                break
            if word in _WRONG_VERBS or (_is_past(word) and word not in _PARTICIPLE_ADJECTIVES):
                yield _Act(verb, i + 1, "error", "strong-subject")
                return
        return
    if low in _WRONG_VERBS:
        position = i + 1
        for step in range(10):
            word = _next(lows, position)
            if word == "wrong" and step < 4:
                yield _Act(i, position + 1, "error", "strong-subject")
                return
            if word in ("instead", "rather") and any(
                lows[k] in ("production", "prod", "live") for k in range(i + 1, position)
            ):
                yield _Act(i, position + 1, "error", "subject")
                return
            if not word[:1].isalnum():
                break
            position += 1
        if low in _SHIP_VERBS:
            position = i + 1
            if _next(lows, position) in ("a", "an", "the", "some"):
                position += 1
            if _next(lows, position) in _BAD_CODE:
                yield _Act(i, position + 1, "error", "subject")
                return
        if low in _JUNIOR_VERBS:
            yield _Act(i, i + 1, "damage", "junior")
    if low in _SKIP_VERBS and not _PROCESS_OBJECTS.isdisjoint(lows[i + 1 : i + 5]):
        yield _Act(i, i + 1, "omission", "strong-subject")  # "she skipped the review"
        return
    if low in _MIS_VERBS:
        yield _Act(i, i + 1, "error", "subject")  # "an employee misplaced a USB drive"
        return

    # Damage with a person as the subject.
    if low in ("nuked", "trashed", "destroyed") and after[:1].isalpha():
        yield _Act(i, i + 1, "damage", "subject")  # "I'd already nuked half the cache"
        return
    if low in _DESTROY_VERBS:
        position = _skip_adverbs(lows, i + 1)
        for _ in range(4):
            word = _next(lows, position)
            if word in _PROD_OBJECTS or word == "destructive":
                yield _Act(i, position + 1, "damage", "subject")
                return
            if not word[:1].isalnum():
                return
            position += 1
        return
    if low in ("broke", "broken"):
        if after in ("down", "out", "up", "even", "into", "through", "ground", "in", "apart"):
            return
        auxiliary = i - 1
        while auxiliary > 0 and lows[auxiliary] in _ADVERBS and auxiliary > i - 3:
            auxiliary -= 1  # "I had just broken production"
        if low == "broken" and (i == 0 or lows[auxiliary] not in _HAVE_FORMS):
            return
        yield _Act(i, i + 1 if after not in _OBJECT_DETERMINERS else i + 2, "damage", "subject")
        return
    if (
        low in ("took", "brought", "knocked")
        and (after in _OBJECT_DETERMINERS or after in _PROD_OBJECTS)
        and (particle := _separated_particle(lows, i + 1)) is not None
    ):
        yield _Act(i, particle + 1, "damage", "subject")  # "took the site offline"
        return
    if low in ("took", "take", "takes", "taking", "brought", "bring", "knocked") and after in (
        "down",
        "out",
        "over",
    ):
        if low in ("take", "takes", "taking", "bring") and i and lows[i - 1] in _MODALS:
            return
        if after == "over" and not any(
            _next(lows, position) in _PROD_OBJECTS for position in range(i + 2, i + 6)
        ):
            return  # "Hypha takes over comms responsibilities": a handover, not damage
        yield _Act(i, i + 2, "damage", "subject")
        return
    if low in ("downs", "downed") and i and _kind(line, i - 1) == _PERSON:
        yield _Act(i, i + 1, "damage", "subject")
        return
    if low == "caused":
        position = i + 1
        following = _next(lows, position)
        if following in ("the", "this", "an", "a", "that", "our") or following.endswith("'s"):
            position += 1  # "caused the outage", "caused Telstra's nationwide outage"
            for _ in range(3):
                word = _next(lows, position)
                if word in _OUTAGE_NOUNS:
                    yield _Act(i, position + 1, "damage", "subject")
                    return
                if not word[:1].isalnum():
                    return
                position += 1
        return
    if low == "cut" and after in ("through", "the", "a") and _next(lows, i + 2) in ("a", "the"):
        yield _Act(i, i + 2, "damage", "subject")
        return
    if low == "executed" and after in ("a", "the") and _next(lows, i + 2) == "destructive":
        yield _Act(i, i + 3, "damage", "subject")
        return

    # Omission.
    if (
        low == "forgetting"
        and after in ("to", "about")
        and i
        and (_kind(line, i - 1) == _PERSON or lows[i - 1] in ("me", "him", "her"))
    ):
        yield _Act(i - 1, i + 2, "omission", "any")  # "a story about a guy forgetting to refuel"
        return
    if low in ("forgot", "forgotten"):
        if low == "forgotten" and i and lows[i - 1] in ("was", "were", "been", "be", "is", "are"):
            return  # "the flag was forgotten": agentless
        if after in _WH_WORDS:
            return  # "I forgot what the original quota was": a fact not remembered, no omission
        if after in ("nothing", "none"):
            return  # "Bob forgot nothing": the omission denied
        end = i + 1
        if after in ("to", "about"):
            end += 1
        following = _next(lows, end)
        if (
            following in ("my", "your", "their", "his", "her", "the")
            and _next(lows, end + 1) in _ACCOUNT_WORDS | _BELONGINGS
        ):
            return  # "I forgot my password": account recovery; "my charger": a belonging
        yield _Act(i, end, "omission", "strong-subject", elidable=low == "forgot")
        return
    if low == "slept" and after == "through" and not _ALERT_NOUNS.isdisjoint(lows[i + 2 : i + 6]):
        yield _Act(i, i + 2, "omission", "strong-subject")  # "the on-call slept through the page"
        return
    if low in ("failed", "neglected", "omitted") and after == "to" and _next(lows, i + 2) != "be":
        yield _Act(i, i + 2, "omission", "subject")
        return
    if (
        low == "dismissed"
        and after in _OBJECT_DETERMINERS
        and not _ALERT_NOUNS.isdisjoint(lows[i + 2 : i + 5])
    ):
        yield _Act(i, i + 2, "omission", "strong-subject")  # "the on-call dismissed the alert"
        return
    if low in ("neglected", "ignored", "overlooked", "disregarded", "missed") and (
        after in _OBJECT_DETERMINERS or after in ("alerts", "pages", "warnings", "signs")
    ):
        if low == "missed" and _next(lows, i + 2) in _EVENTS:
            return  # "I missed the standup because of the outage": an event not attended
        if (
            low == "missed"
            and after in ("a", "an")
            and _next(lows, i + 2)
            in (
                "few",
                "lot",
                "bit",
            )
        ):
            return
        yield _Act(i, i + 2, "omission", "strong-subject" if low == "missed" else "subject")
        return
    if (low.endswith("n't") or low in ("not", "never")) and after in ("paying", "pay", "paid"):
        yield _Act(i, i + 2, "judgement", "any")
        return
    if low in ("wasn't", "weren't") and after == "aware":
        yield _Act(i, i + 2, "omission", "subject")  # "the engineer wasn't aware of the change"
        return
    if low in ("didn't", "hadn't", "never", "wasn't", "haven't", "hasn't") or (
        low in ("did", "had") and after == "not"
    ):
        position = i + (2 if after == "not" else 1)
        position = _skip_adverbs(lows, position)
        if _next(lows, position) in ("even", "bother"):
            position += 1
            if _next(lows, position) == "to":
                position += 1
        verb = _next(lows, position)
        if (
            (low == "never" and (verb in _OMIT_PAST or verb == "bothered"))
            or (low in ("didn't", "did") and (verb in _OMIT_VERBS or verb == "bother"))
            or (low in ("hadn't", "had", "haven't", "hasn't") and verb in _OMIT_PAST)
        ):
            yield _Act(i, position + 1, "omission", "subject", negation_is_act=True)
        return
    if low == "without":
        position = i + 1
        if _next(lows, position) in ("a", "any", "proper", "much", "adequate", "sufficient"):
            position += 1
        if _next(lows, position) in ("proper", "adequate", "sufficient", "much", "any"):
            position += 1
        word = _next(lows, position)
        if word in ("thinking", "thought"):
            yield _Act(i, position + 1, "judgement", "subject-or-any")
        elif word in (
            "check",
            "test",
            "review",
            "reviewing",
            "checking",
            "testing",
            "approval",
            "verification",
            "peer",
            "care",
            "permission",
            "doublechecking",
            "double-checking",
        ) or (word == "being" and _next(lows, position + 1) == "careful"):
            yield _Act(i, position + 1, "omission", "subject")
        return
    if low in ("failure",) and after == "to" and i and lows[i - 1].endswith(("'s", "s'")):
        yield _Act(i - 1, i + 2, "omission", "owner")
        return
    if low in ("failure",) and after == "to" and i >= 2 and _plural_possessive(line, i - 1):
        yield _Act(i - 2, i + 2, "omission", "owner")  # "one of our devs' failure to"
        return

    # Judgement.
    if low in ("fat-finger", "fat-fingered") and after in _ERROR_HEADS:
        yield _Act(i, i + 2, "error", "error-noun")  # "fat-finger trades": a kind of error
        return
    if (
        low in _JUDGEMENT_ANY
        and "-" not in low
        and after in _HYPHENS
        and i + 2 < len(lows)
        and line.ends[i] == line.starts[i + 1]
        and line.ends[i + 1] == line.starts[i + 2]
    ):
        return  # "fool-proof", "idiot-proof": the first part of a compound word
    if low in _JUDGEMENT_ANY:
        yield _Act(i, i + 1, "judgement", "any")
        return
    if low in ("fat",) and after in ("finger", "fingered", "fingering", "fingers"):
        if after in ("finger", "fingers") and _next(lows, i + 2) in _ERROR_HEADS:
            # "a fat finger error", "fat finger trades": a kind of error, like "human error"
            yield _Act(i, i + 3, "error", "error-noun")
            return
        yield _Act(i, i + 2, "judgement", "any")
        return
    if low in _BAD_MISTAKE_ADJ and after in _MISTAKE_NOUNS:
        yield _Act(i, i + 2, "judgement", "any")
        return
    if low in ("was", "were", "is", "are", "got", "became", "been", "being"):
        position = i + 1
        if _next(lows, position) in (
            "being",
            "too",
            "so",
            "very",
            "quite",
            "incredibly",
            "extremely",
            "simply",
            "just",
            "really",
            "pretty",
        ):
            position += 1
        word = _next(lows, position)
        if word in _JUDGEMENT_ADJ and not (
            word == "distracted" and _next(lows, position + 1) == "by"
        ):
            yield _Act(i, position + 1, "judgement", "subject-or-any")
            return
        if word == "to" and _next(lows, position + 1) == "blame":
            yield _Act(i, position + 2, "blame", "subject-or-error")
            return
        if word in ("held", "deemed", "found", "made") and _next(lows, position + 1) in (
            "responsible",
            "accountable",
        ):
            position += 1  # "the contractor was held responsible for the outage"
            word = _next(lows, position)
        if (
            word in ("responsible", "accountable")
            and _next(lows, position + 1) == "for"
            and (
                _next(lows, position + 2) in ("the", "this", "that", "an", "a")
                and set(lows[position + 3 : position + 5]) & _OUTAGE_NOUNS
            )
        ):
            if low in ("is", "are", "am", "get", "gets"):
                return  # "the incident commander is responsible for the incident": a duty
            yield _Act(i, position + 2, "blame", "subject")
            return
        if word in ("entirely", "all", "squarely", "totally", "completely", "solely", "100") and (
            _next(lows, position + 1) == "on"
        ):
            yield _Act(i, position + 2, "blame", "agent")
            return
        if word == "at" and _next(lows, position + 1) == "fault":
            yield _Act(i, position + 2, "blame", "subject")
            return
        if (
            word == "supposed"
            and low in ("was", "were")
            and _next(lows, position + 1) == "to"
            and _next(lows, position + 2) not in ("be", "have")
        ):
            yield _Act(i, position + 2, "hindsight", "subject")
            return
        if word in _PUNISH_PASSIVE:
            yield _Act(i, position + 1, "blame", "subject")
            return
        position = _skip_adverbs(lows, position)
        word = _next(lows, position)
        if (
            word in ("made", "committed")
            and _next(lows, position + 1) == "by"
            and any(lows[k] in _MISTAKE_NOUNS for k in range(max(0, i - 4), i))
        ):
            yield _Act(i, position + 2, "error", "agent")  # "the error was made by a trader"
            return
        if word in _TRACED and "to" in lows[position + 1 : position + 3]:
            # "the outage was traced to an engineer who skipped the canary"
            to = position + 1 if _next(lows, position + 1) == "to" else position + 2
            yield _Act(i, to + 1, "blame", "agent")
            return
        if word == "unaware" or (
            word in ("not", "never") and _next(lows, position + 1) in ("aware", "familiar")
        ):
            # "the on-call engineer was not aware of the new runbook"
            yield _Act(i, position + (1 if word == "unaware" else 2), "omission", "subject")
            return
        if word in _PASSIVE_DAMAGE and _next(lows, position + 1) == "by":
            yield _Act(i, position + 2, "blame", "agent")
            return
        if (word in _DESTROY_VERBS or word in _JUNIOR_VERBS) and _next(lows, position + 1) == "by":
            # "the table that was dropped by the intern": the passive of a damage act
            yield _Act(i, position + 2, "damage", "passive-agent")
            return
        if (
            word in ("messed", "screwed", "wiped")
            and _next(lows, position + 1)
            in (
                "up",
                "out",
            )
            and _next(lows, position + 2) == "by"
        ):
            yield _Act(i, position + 3, "blame", "agent")
            return
        if word == "blamed":
            yield _Act(i, position + 1, "blame", "subject-or-object")
            return
        return
    if low in ("gets", "get", "got") and after in _PUNISH_PASSIVE:
        yield _Act(i, i + 2, "blame", "subject")
        return
    if low == "lazy" and after in _LAZY_OBJECTS:
        yield _Act(i, i + 2, "judgement", "any")
        return
    if low in _MESS_VERBS and after in ("up", "it", "things", "everything", "something"):
        end = i + 2
        if after in ("it", "things", "everything", "something") and _next(lows, i + 2) == "up":
            end = i + 3
        elif after != "up":
            return
        yield _Act(i, end, "judgement", "subject")
        return
    if low in ("botched", "bungled"):
        if (i and lows[i - 1] in _THING_DETERMINERS) or (
            i + 1 < len(lows) and after not in _PROD_OBJECTS and _kind(line, i + 1) == _SYSTEM
        ):
            return  # "rumors of a botched upgrade", "blames botched upgrade": an adjective
        yield _Act(i, i + 1, "judgement", "subject")
        return
    if low in ("not", "never") and after in ("paying", "pay", "paid"):
        yield _Act(i, i + 2, "judgement", "any")
        return
    if (
        low.endswith("n't")
        and after in ("paying", "pay")
        and _next(lows, i + 2)
        in (
            "attention",
            "any",
        )
    ):
        yield _Act(i, i + 2, "judgement", "any")
        return
    if (
        low == "lack"
        and after == "of"
        and _next(lows, i + 2)
        in (
            "attention",
            "care",
            "diligence",
            "competence",
            "common",
        )
    ):
        yield _Act(i, i + 3, "judgement", "any")
        return
    if low == "asleep" and after == "at":
        yield _Act(i, i + 4, "judgement", "any")
        return
    if (
        low == "thought"
        and after == "it"
        and _next(lows, i + 2) in ("was", "would")
        and ("good" in lows[i + 3 : i + 6] or "idea" in lows[i + 3 : i + 7])
    ):
        yield _Act(i, i + 6, "judgement", "subject")
        return
    if low == "no" and after == "reason" and "shouldn't" in lows[i + 2 : i + 6]:
        yield _Act(i, i + 2, "judgement", "any")
        return

    # Hindsight.
    if low in ("should", "shouldn't", "should've", "ought"):
        position = i + 1
        if low == "ought" and after == "to":
            position += 1
        if _next(lows, position) in ("never", "not"):
            position += 1
        if _next(lows, position + 1) == "already":
            return  # "your lead should have already set up access": an expectation
        if low != "should've":
            if _next(lows, position) != "have":
                return
            position += 1
        word = _next(lows, position)
        if word == "known":
            yield _Act(i, position + 1, "hindsight", "any")
            return
        if word == "been":
            following = _next(lows, position + 1)
            if following == "more" or following in _HINDSIGHT_BEEN_OK:
                yield _Act(i, position + 2, "hindsight", "subject-or-any")
            return
        position = _skip_adverbs(lows, position)
        word = _next(lows, position)
        if _is_participle(word) and word not in _HINDSIGHT_NOT_ACTS:
            yield _Act(i, position + 1, "hindsight", "subject")
        return
    if low in ("could", "might") and after == "have":
        word = _next(lows, i + 2)
        if (
            word == "been"
            and _next(lows, i + 3) == "more"
            and _next(lows, i + 4) in (_HINDSIGHT_BEEN_OK)
        ):
            yield _Act(i, i + 5, "hindsight", "any")
        elif word in ("caught", "noticed", "prevented", "avoided", "checked", "stopped", "seen"):
            yield _Act(i, i + 3, "hindsight", "subject", negation_is_act=True)
        return
    if low == "had" and (i == 0 or lows[i - 1] != "not"):
        position = _skip_adverbs(lows, i + 1)
        word = _next(lows, position)
        if word in _COUNTERFACTUAL_VERBS or (
            word == "been"
            and _next(lows, position + 1)
            in (
                "paying",
                "more",
            )
        ):
            yield _Act(i, position + 1, "hindsight", "if-subject")
        elif i == _sentence_start(line, i) or lows[i - 1] in (",",):
            yield _Act(i, i + 1, "hindsight", "inverted")
        return

    # Blame and punishment.
    if low == "whose" and after == "fault" and i and _kind(line, i - 1) in (_PERSON, _WEAK):
        yield _Act(_np_start(line, i - 1), i + 2, "blame", "any")  # "the engineer whose fault"
        return
    if low in ("fault", "blame", "responsibility") and after in _LIES:
        yield _Act(i, i + 2, "blame", "agent")
        return
    if low == "to" and after == "blame" and _next(lows, i + 2) in ("is", "was", "are", "were"):
        yield _Act(i, i + 2, "blame", "subject")
        return
    if low in _BLAME_VERBS and after in _HYPHENS and line.ends[i] == line.starts[i + 1]:
        return  # "blame-focused", "blame-free": a modifier, not an act
    if low in _BLAME_VERBS:
        if after in _BLAME_META_AFTER or (i and lows[i - 1] in ("git", "svn", "hg", "annotate")):
            return
        if low == "blame" and i and lows[i - 1] in ("of", "no", "without"):
            return  # "a culture of blame", "fear of blame": the noun, about blame
        if low.endswith("ing") and (
            i == _sentence_start(line, i) or lows[i - 1] in ("of", "about", "on", "avoid")
        ):
            return  # "Blaming the on-call would miss the problem": about blame
        yield _Act(i, i + 1, "blame", "subject-or-object")
        return
    if low in ("fault", "mistake", "error", "blunder", "typo", "slip") and after in ("of", "by"):
        yield _Act(i, i + 2, "blame" if low == "fault" else "error", "agent")
        return
    if (
        (low in _MISTAKE_NOUNS or low == "fault")
        and after in ("was", "is")
        and _next(lows, i + 2) in ("mine", "his", "hers")
        and not _next(lows, i + 3)[:1].isalnum()
    ):
        yield _Act(i, i + 3, "blame" if low == "fault" else "error", "any")  # "the fault was mine"
        return
    if low in _MISTAKE_NOUNS and after == "on" and _next(lows, i + 2) in ("my", "his", "her"):
        yield _Act(i, i + 4, "error", "any")
        return
    if low == "'" and _plural_possessive(line, i):
        word = _next(lows, i + 1)
        if word in _OWNED_NOUNS and word not in ("bad", "doing"):
            yield _Act(i - 1, i + 2, "blame" if word == "fault" else "error", "owner")
        return
    if low in _POSSESSIVE_PERSON or low.endswith(("'s", "s'")):
        position = i + 1
        if after in _BAD_MISTAKE_ADJ or after in ("own", "fat-finger", "honest"):
            position += 1
        elif low in _POSSESSIVE_PERSON and after == "or" and _next(lows, i + 2) in ("his", "her"):
            position += 2  # "his or her error"
        position = _skip_compound(lows, position, line)
        word = _next(lows, position)
        if word in _OWNED_NOUNS and _next(lows, position + 1) not in _COMPOUND_AFTER:
            if word == "bad" and low not in ("my",):
                return
            if word == "doing" and low not in _POSSESSIVE_PERSON:
                return
            yield _Act(i, position + 1, "blame" if word == "fault" else "error", "owner")
        return
    if i and lows[i - 1] in _HYPHENS and line.ends[i - 1] == line.starts[i]:
        return  # "cross-disciplinary", "auto-failed": part of a compound word
    if (low == "disciplinary" and _past_in_sentence(line, i)) or (
        low == "pip"
        and i >= 3
        and (lows[i - 1] == "on" or lows[i - 2 : i] == ["on", "a"])
        and lows[i - 3 if lows[i - 1] == "on" else i - 4] in ("put", "placed", "being", "was", "be")
    ):
        yield _Act(i, i + 1, "blame", "person-in-sentence")
        return
    if low == "fired" and after in ("him", "her", "me", "the", "an", "a", "them", "one"):
        yield _Act(i, i + 1, "blame", "object")
        return
    if low in ("told", "asked") and (
        (
            after in ("me", "him", "her", "them")
            and _next(lows, i + 2) == "to"
            and _next(lows, i + 3) in _LEAVE
        )
        or (after == "to" and _next(lows, i + 2) in _LEAVE and i and lows[i - 1] in _AUX)
    ):
        yield _Act(i, i + (4 if after != "to" else 3), "blame", "any")  # "told me to leave"
        return
    if low == "let" and after == "go" and i and lows[i - 1] in ("was", "were", "got", "been"):
        yield _Act(i - 1, i + 2, "blame", "any")  # "the engineer was let go"
        return
    if low == "lost" and after in ("his", "her", "my", "their") and _next(lows, i + 2) == "job":
        yield _Act(i, i + 3, "blame", "any")
        return
    if (
        low in ("fire", "sack")
        and after in ("him", "her", "me", "them")
        and _next(lows, i + 2) not in ("off", "up", "away")
    ):  # not "fire them off in parallel"
        yield _Act(i, i + 2, "blame", "any")  # "had to fire him"
        return


_NOT_WRONG_VERBS = _words(
    """went goes gone going was were is are be been seemed looked proved sounded felt got
    noticed saw seen spotted found detected suspected sensed realised realized knew heard
    discovered observed reported flagged"""
)  # a state, or perceiving it: whoever noticed something wrong did not do it
_PARTICIPLE_ADJECTIVES = _words("need needed used supposed called named labelled labeled")
_HAVE_FORMS = _words("have has had 've i've i'd we've you've he'd she'd")
_SKIP_VERBS = _words("skipped bypassed circumvented overrode sidestepped")
_PROCESS_OBJECTS = _words(
    """review reviews canary test tests testing check checks step steps procedure procedures
    process runbook approval approvals safeguard safeguards protection protections
    confirmation checklist staging"""
)
_MIS_VERBS = _words(
    """misconfigured mistyped misread misunderstood mislabeled mislabelled misjudged misclicked
    mistook misplaced mislaid misrouted misused misapplied miscalculated misdiagnosed
    misinterpreted misidentified misnamed misspelled misspelt misremembered"""
)
_JUNIOR_VERBS = _words(
    """deleted dropped pushed ran merged deployed broke removed changed misconfigured typed
    wiped truncated restarted killed overwrote committed applied"""
)
_CLAUSE_OPENERS = _words(
    """that which who whom whose because since when while although though if unless after
    before where whereas until"""
)
_INTRODUCERS = _words(
    """during after before at in on when while because since although though despite as by
    for from with without following upon once until"""
)
_GENERIC_PRONOUNS = _words("they you we people someone anyone somebody anybody engineers humans")
_GENERIC_PLACES = _words("case cases situation situations times instances scenario scenarios")
_NOT_PRESENT = _words("was has does his this its yes towards always perhaps sometimes less")
_LEAVE = _words("leave resign quit")
_LAY_VERBS = _words(
    """point pointed pointing put putting lay laid laying shift shifted shifting place placed
    placing"""
)
_THROW_VERBS = _words("threw throw throws throwing thrown")
_POWER_THINGS = _words("power plug plugs cable cables supply cord cords strip")
_PHYSICAL_THINGS = _POWER_THINGS | _words(
    """fiber fibre fiber-optic line lines wire wires wiring conduit breaker breakers circuit
    board"""
)
_PHYSICAL_VERBS = _words(
    """cut severed drilled dug damaged destroyed ripped tore kicked tripped unplugged pulled
    disconnected yanked snapped"""
)
_LIES = _words("lies lay rests rested falls fell")
_PARTICIPLE_OPENERS = _words("after while before when by since without whilst")
_ERROR_ADVERBS = _words(
    """accidentally accidently accidentially inadvertently mistakenly unintentionally
    erroneously wrongly incorrectly unwittingly unknowingly"""
)
_QUALIFYING = _words("on in at from of for with")
_PARTICIPLES = _words(
    """known done seen gone been taken caught read run set put sent told thought made built
    left kept found got spent brought written broken chosen given hit cut shut paid said
    heard understood asked waited stopped rolled checked"""
)
_HINDSIGHT_NOT_ACTS = _words(
    """received gotten got had heard gone come arrived started fired triggered worked
    happened been"""
)
_BAD_THINGS = _words(
    """config configuration change command rule value setting flag input script migration
    query patch"""
)
_PASSIVE_DAMAGE = _words(
    """caused broken misconfigured botched bungled ignored overlooked forgotten neglected
    corrupted destroyed"""
)
_LAZY_OBJECTS = _words(
    """review reviews reviewing work testing coding engineering approach attitude fix shortcut
    mistake engineer engineers developer developers dev devs person people on-call admin"""
)
_COUNTERFACTUAL_VERBS = _words(
    """checked double-checked read followed tested verified looked listened asked bothered
    noticed waited paid escalated reviewed confirmed"""
)


def _plural_possessive(line: _Line, index: int) -> bool:
    """The apostrophe at `index` makes the plural before it a possessive ("the devs' fault")."""
    return (
        index > 0
        and line.lows[index] == "'"
        and line.lows[index - 1].endswith("s")
        and line.ends[index - 1] == line.starts[index]
        and (index + 1 >= len(line.lows) or line.ends[index] < line.starts[index + 1])
    )


def _person_after(line: _Line, index: int, reach: int = 6) -> int | None:
    """End token of a person named within `reach` tokens after `index` ("by one of the
    sub-contractors", "on @bob")."""
    lows = line.lows
    for position in range(index, min(len(lows), index + reach)):
        low = lows[position]
        if low in _CLAUSE_END and low != "—":
            return None
        if low.endswith(("'s", "s'")) and _kind_of_base(line, position) == _PERSON:
            continue
        if low in _FUNCTION:
            continue
        kind = _kind(line, position)
        if kind in (_PERSON, "name-first", _WEAK):
            end = position + 1
            while end < len(lows) and end < position + 3 and lows[end] in _ROLES:
                end += 1  # "a junior developer", "the on-call engineer"
            return end
        if kind == _SYSTEM:
            for ahead in range(position + 1, min(len(lows), position + 3)):
                if lows[ahead] in _ROLES or lows[ahead] in ("team", "teams"):
                    return ahead + 1  # "the release engineer", "the release team"
        if kind in (_SYSTEM, _GENERIC_KIND, _COLLECTIVE_KIND) and low[:1].islower():
            return None
    return None


def _blames_a_thing(line: _Line, end: int) -> bool:
    """Whether the active blame verb ending at `end` puts the blame on a thing: an object that
    names no person, and no person it is put on ("blames a botched upgrade for the outage"; not
    "blamed the intern", "blamed the outage on Bob", "blames himself")."""
    lows = line.lows
    if end >= len(lows) or (lows[end] in _FUNCTION and lows[end] not in _THING_DETERMINERS):
        return False  # no direct object ("opened Blame to find the commit")
    if _person_after(line, end, 5) is not None:
        return False
    thing = False
    for position in range(end, min(len(lows), end + 10)):
        low = lows[position]
        if low in _CLAUSE_END:
            break
        if low in ("on", "onto", "upon"):
            return _person_after(line, position + 1, 6) is None
        if not thing and low[:1].isalpha() and low not in _FUNCTION:
            thing = _kind(line, position) in (_SYSTEM, None)
    return thing


def _kind_of_base(line: _Line, index: int) -> str | None:
    base = _base(line.lows[index])
    if base in ("my", "his", "her"):
        return _PERSON
    if base in _ROLES:
        return _PERSON
    word = line.words[index]
    if base.startswith("@"):
        return _PERSON
    stem = word[: len(base)]
    if len(stem) > 1 and stem.isalpha() and stem.isupper():
        return None  # "FNB's failure to provide": an acronym names an organisation or a system
    if base in _ORGANISATION_NOUNS and _after_name(line, index):
        return None  # "Commonwealth Bank's failure to": an organisation's
    if (
        word[:1].isupper()
        and base not in _NOT_PEOPLE
        and not (index and line.lows[index - 1] in ("the", "a", "an", "its", "our", "their"))
        and not (line.reading is not None and base in line.reading.systems)
    ):
        return _PERSON
    return None


def _past_in_sentence(line: _Line, index: int) -> bool:
    first = max(_sentence_start(line, index), index - 12)
    last = min(_sentence_end(line, index), index + 12)
    return any(
        line.lows[position] in ("was", "were", "been", "took", "taken", "faced", "faces")
        for position in range(first, last)
    )


def _person_in_sentence(line: _Line, index: int) -> bool:
    first = _sentence_start(line, index)
    last = _sentence_end(line, index)
    return any(
        _kind(line, position) in (_PERSON, _WEAK)
        for position in range(first, min(last, first + 60))
        if position != index
    )


# --- Scoring one act -------------------------------------------------------------------------


def _judge(line: _Line, act: _Act) -> tuple[int, int] | None:
    """(first token, token after the last) of the blaming phrase, or None when the act is not
    blame in its frame."""
    lows = line.lows
    if any(line.mention[position] for position in range(act.start, act.end)):
        return None
    if act.who not in ("if-subject", "inverted") and _conditional(line, act.start):
        return None
    if _question(line, act.start) or _mentioned_claim(line, act.start):
        return None
    if not act.negation_is_act and _negated_before(line, act.start):
        return None
    who = act.who
    if who == "error-noun":
        if _negated_after(line, act.end) or _modal_in_clause(line, act.start):
            return None
        if _generic_noun(line, act.start, act.end):
            return None
        first = max(0, act.start - 4)
        before = lows[first : act.start]
        if any(word in _ERROR_NOUN_META_BEFORE for word in before):
            return None
        following = lows[act.end : act.end + 2]
        if (
            following
            and following[0] in _GENERAL_AFTER
            and (
                following[0] not in ("is", "are")
                or (following[1:2] and (following[1] in _GENERAL_AFTER_WORDS))
            )
        ):
            return None
        if (
            act.start
            and lows[act.start - 1] in ("no", "of")
            and act.start >= 2
            and lows[act.start - 2]
            in ("concept", "idea", "notion", "myth", "kind", "type", "sort", "guide", "theory")
        ):
            return None
        return act.start, act.end
    if who == "any":
        if _negated_after(line, act.end) or _irrealis_in_clause(line, act.start):
            return None
        if lows[act.end - 1] in _JUDGEMENT_NOUNS and _generic_noun(line, act.start, act.end):
            return None  # "these blunders appear in high-pressure situations"
        if _about_people_in_general(line, act.start):
            return None  # "everyone made mistakes, often ones more boneheaded than mine"
        if act.start >= 2 and lows[act.start - 1] in ("is", "are", "was", "were"):
            said_of = _subject(line, act.start - 1, False)
            clause = _clause_subject(line, _sentence_start(line, act.start), act.start - 1)
            if (
                said_of is not None
                and said_of.kind in (_SYSTEM, _GENERIC_KIND)
                and (clause is None or clause.kind != _PERSON)
            ):
                # "Apache is stupid and starts before the network": a thing; not "whoever
                # wrote this script was incompetent"
                return None
        return act.start, act.end
    if who == "owner":
        owner = act.start
        low = lows[owner]
        before = lows[max(0, owner - 3) : owner]
        if any(word.startswith("learn") for word in before):
            return None  # "learn from my own mistakes"
        if low in _POSSESSIVE_PERSON:
            return act.start, act.end
        if _kind_of_base(line, owner) != _PERSON and not (
            _base(low) in _WEAK_ROLES and lows[act.end - 1] in _HUMAN_SLIPS
        ):
            return None  # "the operator's mistake" is a person's; "the operator's failure" not
        if _base(low) in _ROLES:
            start = _np_start(line, owner)
            previous = lows[start] if start < owner else lows[owner - 1] if owner else ""
            if (
                previous not in _DEFINITE
                and not (
                    owner and line.words[owner - 1][:1].isupper() and previous not in _FUNCTION
                )
                and not _past_event(line, owner)
            ):
                return None  # "a manager's failure to comply": a rule about anyone
        return act.start, act.end
    if who == "agent":
        end = _person_after(line, act.end)
        if end is not None and _indefinite_fragment(line, act.start):
            return None  # a dictionary entry: "A keying mistake by a trader, hitting ..."
        return (act.start, end) if end is not None else None
    if who == "passive-agent":
        # The same acts as in the active voice: a junior's change, or destroying production.
        end = _person_after(line, act.end)
        if end is None:
            return None
        verb = lows[act.end - 2]
        if verb in _JUNIOR_VERBS and any(lows[k] in _JUNIOR for k in range(act.end, end)):
            return act.start, end
        first = _sentence_start(line, act.start)
        if verb in _DESTROY_VERBS and (
            verb in _STRONG_DESTROY
            or any(lows[k] in _PROD_OBJECTS for k in range(first, act.start))
        ):
            return act.start, end
        return None
    if who == "person-in-sentence":
        first = _sentence_start(line, act.start)
        if any(lows[k] in _MODALS for k in range(max(first, act.start - 12), act.start)):
            return None  # "may be subject to disciplinary action": a policy
        return (act.start, act.end) if _person_in_sentence(line, act.start) else None
    if who == "object":
        end = _person_after(line, act.end, 3)
        return (act.start, end) if end is not None else None
    if who == "inverted":
        # "Had the engineer read the runbook": a person, then a hindsight verb.
        end = _person_after(line, act.end, 5)
        if end is None:
            return None
        position = _skip_adverbs(lows, end)
        word = _next(lows, position)
        if word in _COUNTERFACTUAL_VERBS or (
            word == "been"
            and _next(lows, position + 1)
            in (
                "paying",
                "more",
            )
        ):
            return act.start, position + 1
        return None
    strong = who == "strong-subject"
    subject = _subject(line, act.start, strong)
    if who == "if-subject":
        if subject is None or subject.kind != _PERSON:
            return None
        before = lows[max(0, subject.index - 2) : subject.index]
        if "if" not in before and "unless" not in before:
            return None
        return _np_start(line, subject.index), act.end
    if (
        subject is not None
        and subject.kind == "elided"
        and (not act.elidable or not _next(lows, act.end)[:1].isalnum())
    ):
        subject = None
    if subject is not None and subject.kind == "elided":
        if not act.elidable or (
            not _is_past(lows[_skip_adverbs(lows, act.start)])
            and not (
                lows[act.start] in ("accidentally", "accidently", "mistakenly", "inadvertently")
                and _is_past(lows[min(len(lows) - 1, act.end - 1)])
            )
        ):
            return None
        return act.start, act.end
    if who == "subject-or-object":
        if (
            subject is not None
            and subject.kind == _GENERIC_KIND
            and lows[act.start].endswith("s")
            and act.start - subject.index <= 2
            and _next(lows, act.end) not in ("him", "her", "me", "them")
        ):
            return None  # "everybody blames the pilot": what people do, in general
        if subject is not None and subject.kind == _PERSON and not subject.generic:
            if _modal_between(line, subject.index + 1, act.start):
                return None
            if lows[act.start] in _BLAME_VERBS and _blames_a_thing(line, act.end):
                return None  # "the bank blames a botched upgrade": the blamer is not blamed
            return _np_start(line, subject.index), act.end
        if act.start and lows[act.start - 1] in ("to", "who", "whom", "not"):
            return None
        end = _person_after(line, act.end, 5)
        if end is None:
            for position in range(act.end, min(len(lows), act.end + 8)):
                if lows[position] in _CLAUSE_END:
                    break
                if lows[position] in ("by", "on"):  # "blamed by", "blamed the outage on"
                    end = _person_after(line, position + 1, 6)
                    if end is not None or lows[position] == "by":
                        break
        if end is None or _generic_target(line, act.end, end):
            return None
        return act.start, end
    if subject is not None and subject.kind == _SYSTEM and act.family in ("damage", "error"):
        owner = _change_owner(line, subject.index)
        if owner is not None:  # "his change broke prod", "Bob's commit took down the API"
            subject = _Subject(owner, _PERSON, False)
    if (
        subject is None
        and act.family == "blame"
        and act.start
        and lows[act.start - 1] == "they"
        and lows[act.start] in ("were", "got")
    ):
        return act.start - 1, act.end  # "they were fired": the people of the story
    if (
        subject is not None
        and lows[subject.index] == "you"
        and act.family != "hindsight"
        and lows[act.start] not in _MODALS
        and act.start - subject.index <= 2
        and any(_is_past(lows[k]) and k not in line.present for k in range(act.start, act.end))
        and not any(
            lows[k] in _SPECULATION for k in range(_sentence_start(line, act.start), act.start)
        )
    ):
        subject = _Subject(subject.index, _PERSON, False)  # "John, you caused an outage today"
    if subject is None or subject.kind != _PERSON:
        if who in ("subject-or-any",):
            if _negated_after(line, act.end) or _irrealis_in_clause(line, act.start):
                return None
            if subject is not None and subject.kind in (_GENERIC_KIND, _SYSTEM):
                return None  # "people are lazy": people in general; "Apache is stupid": a thing
            word_start = act.end - 1
            return word_start, act.end
        if who == "subject-or-error" and subject is None:
            return None
        if who == "clause-subject":
            clause = _clause_subject(line, _sentence_start(line, act.start), act.start)
            if clause is not None and clause.kind in (_PERSON, "elided"):
                if _modal_between(line, clause.index + 1, act.start):
                    return None
                return _np_start(line, clause.index), act.end
        return None
    if who == "junior" and not any(
        lows[k] in _JUNIOR for k in range(_np_start(line, subject.index), subject.index + 1)
    ):
        return None
    if subject.generic and (
        act.family == "hindsight" or not any(_is_past(lows[k]) for k in range(act.start, act.end))
    ):
        return None  # "engineers make mistakes": people in general
    if (
        lows[subject.index] in _INDEFINITE_PEOPLE
        and not any(_is_past(lows[k]) for k in range(act.start, act.end))
        and not line.timed(subject.index)
    ):
        return None  # "most of the time it's someone who is not aware": anyone, in general
    if _modal_between(line, subject.index + 1, act.start):
        return None
    if _irrealis_in_clause(line, subject.index):
        return None
    if lows[subject.index] in _INDEFINITE_PEOPLE and any(
        lows[k] in _MODALS
        for k in range(max(_sentence_start(line, subject.index), subject.index - 20), subject.index)
    ):
        return None  # "soon they'll say it collapsed because someone pressed the wrong button"
    start = _np_start(line, subject.index)
    if start and lows[start - 1] in _CAUSATIVES:
        return None  # "the late alerts made the operator put the focus in the wrong place"
    return start, act.end


_RUN_VERBS = _words("ran made wrote executed started triggered kicked launched")
_CHANGE_NOUNS = _words(
    """change changes commit commits pr prs push deploy deployment release patch script query
    command edit edits migration typo config configuration update upgrade rollout fix code"""
)


def _change_owner(line: _Line, head: int) -> int | None:
    """The person whose change is the subject at `head` ("his change", "Bob's last commit")."""
    lows = line.lows
    if lows[head] not in _CHANGE_NOUNS:
        return None
    for owner in (head - 1, head - 2, head - 3):
        if owner < 0:
            return None
        low = lows[owner]
        if low in _POSSESSIVE_PERSON or (
            low.endswith(("'s", "s'")) and _kind_of_base(line, owner) == _PERSON
        ):
            return owner
        if low in _SHIP_VERBS or low in _RUN_VERBS:
            # "a senior engineer deployed a config change that took down": who shipped it
            shipper = _subject(line, owner, False)
            if shipper is not None and shipper.kind == _PERSON and not shipper.generic:
                return shipper.index
            return None
        if not low[:1].isalpha() or (low in _FUNCTION and low not in _DETERMINERS):
            return None
    return None


_ERROR_HEADS = _words(
    """error errors trade trades mistake mistakes moment moments mishap mishaps typo typos slip
    slips order orders problem problems incident incidents"""
)
_JUDGEMENT_NOUNS = _words("blunder blunders screwup screwups screw-up screw-ups cock-up")
_GENERIC_VERBS = _words(
    """happen happens occur occurs appear appears arise arises result results lead leads tend
    tends remain remains exist exists mean means refer refers cause causes have has"""
)
_DEFINING = _words(
    """a an one any when what how something type kind sort form here inevitable unavoidable
    normal natural common part everywhere always"""
)
_GENERIC_SKIP = _words(
    """usually often sometimes still even typically generally commonly rarely frequently
    always also can could may might will would"""
)
_KIND_OF = _words("type kind sort form class example")
_SURVEY_WORDS = _words("survey surveys surveyed respondents polled poll study studies statistics")
_QUOTES = frozenset(('"', "'", "“", "”", "‘", "’"))


def _generic_noun(line: _Line, start: int, end: int) -> bool:
    """The error noun at start..end names a kind of error, not what somebody did: "fat finger
    errors can cause crashes", "a fat finger trade is a human error in trading", "this kind
    of error still happens", "human error is one of the main causes"."""
    lows = line.lows
    while end < len(lows) and end < start + 5 and lows[end] in _ERROR_HEADS:
        end += 1  # "fat finger trade orders"
    if end < len(lows) and lows[end] in _QUOTES:
        end += 1  # 'A "fat finger error" is a type of trading mistake'
    if start and lows[start - 1] in _QUOTES:
        start -= 1
    previous = lows[start - 1] if start else ""
    if previous in ("the", "that", "his", "her", "my", "their", "our") or previous.endswith("'s"):
        return False  # "the fat finger trade", "his error": one act
    if lows[end - 1] in ("errors", "mistakes", "slips", "oversights", "failures") and (
        _next(lows, end) in ("are", "can", "cause", "happen", "will", "do", "make", "tend")
    ):
        return True  # "human mistakes are difficult to predict": errors of any kind
    first = _sentence_start(line, start)
    if not _SURVEY_WORDS.isdisjoint(lows[first : min(len(lows), first + 80)]):
        return True  # "82% of the respondents had downtime as the result of human error"
    before = lows[max(0, start - 3) : start]
    if any(word in _KIND_OF for word in before):
        return True  # "a type of trading mistake", "this kind of error"
    if _defined_by(line, start):
        return True  # "a fat finger trade is a human error in electronic trading"
    position = end
    if _next(lows, position) in ("in", "on", "during", "among"):
        # "human error in electronic trading is here to stay": past the qualifier
        for ahead in range(position + 1, min(len(lows), position + 5)):
            if (
                lows[ahead] in _GENERIC_VERBS
                or lows[ahead] in ("is", "are")
                or (lows[ahead] in _MODALS)
            ):
                position = ahead
                break
    while position < len(lows) and position < end + 3 and lows[position] in _GENERIC_SKIP:
        if lows[position] in _MODALS:
            return True  # "fat finger errors can cause market crashes"
        position += 1
    verb = _next(lows, position)
    if verb in _GENERIC_VERBS:
        return verb not in ("have", "has") or _is_participle(_next(lows, position + 1))
    if verb in ("is", "are"):
        # "a fat finger error is a computer error or human error": a definition
        return _next(lows, position + 1) in _DEFINING
    return False


def _defined_by(line: _Line, start: int) -> bool:
    """The noun at `start` is what an indefinite subject is, in the present: "a fat finger
    error is a computer error or human error" (not "the cause is human error")."""
    lows = line.lows
    for position in range(start - 1, max(-1, start - 7), -1):
        low = lows[position]
        if low in _CLAUSE_END:
            return False
        if low in ("is", "are"):
            subject = position - 1
            while subject > 0 and lows[subject] not in _DETERMINERS and lows[subject][:1].isalpha():
                if position - subject > 4:
                    return False
                subject -= 1
            opener = lows[subject] if subject >= 0 else ""
            return opener in ("a", "an") or (opener not in _DETERMINERS and lows[position] == "are")
    return False


def _about_people_in_general(line: _Line, index: int) -> bool:
    """The nearest somebody before `index` in its sentence is people in general."""
    first = max(_sentence_start(line, index), index - 12)
    for position in range(index - 1, first - 1, -1):
        kind = _kind(line, position)
        if kind in (_PERSON, _WEAK, "name-first", _COLLECTIVE_KIND):
            return False
        if kind == _GENERIC_KIND and line.lows[position] not in ("one", "human"):
            return True  # not "human incompetence": a compound
    return False


def _past_event(line: _Line, index: int) -> bool:
    """The clause before `index` tells a past event ("the outage was due to a contractor's
    mistake"), with no modal ("a manager's failure to comply will be reported")."""
    first = max(_sentence_start(line, index), index - 10)
    words = line.lows[first:index]
    return any(word in ("was", "were") or _is_past(word) for word in words) and not any(
        word in _MODALS for word in words
    )


def _indefinite_fragment(line: _Line, index: int) -> bool:
    """The sentence is an indefinite noun phrase with no finite verb: a definition."""
    first = _sentence_start(line, index)
    if line.lows[first] not in ("a", "an"):
        return False
    last = min(_sentence_end(line, index), first + 60)
    return not any(
        line.lows[k] in _FINITE or line.lows[k] in _MODALS or _is_past(line.lows[k])
        for k in range(first, last)
    )


def _generic_target(line: _Line, first: int, end: int) -> bool:
    return any(
        (line.lows[position] in _GENERIC or line.lows[position] in ("someone", "somebody"))
        and not (line.lows[position] == "one" and _next(line.lows, position + 1) == "of")
        for position in range(first, end)
    )


# --- Entry point -----------------------------------------------------------------------------


# Very common words that start a cue only when one of these words follows them.
_COPULA_NEXT = (
    _JUDGEMENT_ADJ
    | _PUNISH_PASSIVE
    | _PASSIVE_DAMAGE
    | _DESTROY_VERBS
    | _JUNIOR_VERBS
    | _ADVERBS
    | _words(
        """being too so very quite incredibly extremely simply just really pretty to at
        responsible supposed blamed entirely all squarely totally completely solely 100
        messed screwed wiped asleep made committed traced attributed tracked unaware not
        never accountable held deemed found"""
    )
)
_NEXT_WORDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("was", "were", "is", "are", "got", "became", "been", "being", "get", "gets"),
        _COPULA_NEXT,
    ),
    "to": frozenset(("blame",)),
    "with": frozenset(("a", "an", "the")),
    "so": frozenset(("bad",)),
    "by": frozenset(("accident", "mistake")),
    "no": frozenset(("reason",)),
    "not": frozenset(("paying", "pay", "paid")),
}


def _with_curly(words: Iterable[str]) -> frozenset[str]:
    return frozenset(variant for word in words for variant in (word, word.replace("'", "’")))


_KEYS_ANY = _with_curly(
    _KEYS
    | _JUNIOR
    | _LAY_VERBS
    | _THROW_VERBS
    | _words("forgetting fuckup fuckups fuck-up fuck-ups")
    | frozenset(("aware", "unaware"))
    | _PHYSICAL_VERBS
    | _MIS_VERBS
    | _SKIP_VERBS
    | frozenset(("whose",))
    | _words(
        """instead fire sack told asked let lost destructive cut damaged severed unplugged
        compensation pin pinned slept
        pinning disconnected pulled
        rushed messes messing screws screwing turned switched shut faulty buggy untested
        unreviewed"""
    )
)
_OWNED_KEYS = _words("error errors mistake mistakes fault failure")
_HAVE = _with_curly(("have", "'ve", "been"))
_ERROR_COMPANIONS = _with_curly(
    _BAD_MISTAKE_ADJ | _words("made committed my his her mine hers human-error operator-error")
)
_AGENT_PREPOSITIONS = frozenset(("by", "of"))
# "human error", "operator mistake": a head right before an error noun (one linear scan, only
# for lines that have an error noun and none of its other companions).
_HEADED_ERROR = re.compile(
    r"\b(?:"
    + "|".join(sorted(_HUMAN_ERROR_HEADS))
    + r")[\s‐‑-]+(?:"
    + "|".join(sorted(_HUMAN_ERROR_TAILS))
    + r")\b"
)
_HEADS = sorted(_HUMAN_ERROR_HEADS)


def _headed_error(lowered: str) -> bool:
    """`_HEADED_ERROR` matches somewhere in `lowered`. Every match contains a head word, so
    a line without one as a substring is answered by a few substring scans, not the regex
    (which tries its alternation at every word boundary)."""
    return any(head in lowered for head in _HEADS) and _HEADED_ERROR.search(lowered) is not None


# A common key word lets a line through only with one of these words (tokens are compared
# later; this is a set lookup on the words of the line).
_COMPANIONS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("should", "could", "might", "ought"), _HAVE),
    "had": _COUNTERFACTUAL_VERBS | _words("paying careful attentive"),
    "caused": _OUTAGE_NOUNS | frozenset(("by",)),
    "fired": _words("was were been be got get gets getting him her me them"),
    **dict.fromkeys(("fire", "sack"), _words("him her me them")),
    **dict.fromkeys(("told", "asked"), _LEAVE),
    "let": frozenset(("go",)),
    "whose": frozenset(("fault",)),
    **dict.fromkeys(_LAY_VERBS, frozenset(("blame", "finger", "fingers"))),
    **dict.fromkeys(_THROW_VERBS, frozenset(("bus",))),
    "forgetting": _words("to about"),
    **dict.fromkeys(_SKIP_VERBS, _PROCESS_OBJECTS),
    "lost": frozenset(("job",)),
    "wrong": _with_curly(
        _WRONG_VERBS
        | _words(
            """keyed plugged inserted connected attached mounted swapped grabbed labelled
            labeled tagged wired routed pointed something"""
        )
    ),
    "without": _words(
        """review reviewing checking testing approval verification peer care permission being
        thinking thought check checks test tests doublechecking double-checking"""
    ),
    **dict.fromkeys(
        ("error", "errors", "mistake", "mistakes", "failure", "fault"), _ERROR_COMPANIONS
    ),
    **dict.fromkeys(("pay", "paid", "paying"), frozenset(("attention",))),
    **dict.fromkeys(("responsible", "accountable"), _OUTAGE_NOUNS),
    **dict.fromkeys(
        ("deployed", "merged", "shipped", "pushed"),
        _with_curly(_BAD_CODE | _words("wrong instead rather intern junior hire rookie newbie")),
    ),
    **dict.fromkeys(
        ("deleted", "dropped", "truncated", "corrupted", "overwrote", "killed", "crashed"),
        _with_curly(_PROD_OBJECTS | _words("wrong destructive intern junior hire rookie newbie")),
    ),
    "broken": _HAVE | _HAVE_FORMS | frozenset(("i’ve", "by")),
    "instead": frozenset(("production", "prod", "live")),
    **dict.fromkeys(sorted(_JUNIOR), _JUNIOR_VERBS),
    "did": frozenset(("not",)),
    "bad": _with_curly(_BAD_THINGS | _words("my at")),
    **dict.fromkeys(("faulty", "buggy", "untested", "unreviewed"), _BAD_THINGS | _words("code")),
    **dict.fromkeys(("turned", "switched", "shut"), frozenset(("off",))),
    "cut": _words("through") | _PHYSICAL_THINGS,
    **dict.fromkeys(_PHYSICAL_VERBS - {"cut", "damaged", "severed", "destroyed"}, _PHYSICAL_THINGS),
    **dict.fromkeys(("pin", "pinned", "pinning"), frozenset(("on",))),
    "compensation": frozenset(("from",)),
    "pip": frozenset(("on",)),
    "entirely": frozenset(("on",)),
    "thought": frozenset(("idea", "good")),
    "slept": frozenset(("through",)),
    "fail": frozenset(("to",)),
    "fails": frozenset(("to",)),
    "failed": _with_curly(("to",)),
}


# Common cue words whose acts all need a person in the sentence (a subject, an owner, an
# agent): a line with only these and no word that can name somebody is dismissed.
_PERSON_KEYS = _with_curly(
    _words(
        """failed did didn't never had hadn't caused fired should could might without wrong
        instead deployed merged pushed shipped deleted dropped truncated overwrote corrupted
        killed crashed offline took brought broken broke responsible entirely missed ignored
        overlooked disregarded neglected omitted thought supposed blame blamed blames blaming
        accused disciplinary pip knocked downs fire sack told asked let lost wrongly incorrectly
        unwittingly unknowingly whose aware unaware slept accountable"""
    )
    | _PHYSICAL_VERBS
    | _MIS_VERBS
    | _SKIP_VERBS
)
_PERSON_WORDS = _with_curly(
    _ROLES
    | _WEAK_ROLES
    | _PERSON_PRONOUNS
    | _JUNIOR
    | _words("my his her someone somebody whoever team teams i")
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:['’]s)?\b")


_NOT_NAMES = (
    _NOT_PEOPLE
    | _FUNCTION
    | _SYSTEM_EXTRA
    | _words(
        """write check do don't expect use see run make keep add remove open ask look read find
        get go wait try note confirm verify restart drain scale roll page escalate start stop
        create delete update review follow watch monitor tell let consider avoid ensure most
        scaling contributing because root impact what why how who detection response recovery
        trigger triggered lessons learned action actions owner owners status"""
    )
)


def _may_name_a_person(text: str, tokens: list[str]) -> bool:
    if "@" in text or not _PERSON_WORDS.isdisjoint(tokens):
        return True
    lowered = text.lower()
    if "on-call" in lowered or "on call" in lowered:
        return True
    return any(
        word.lower().removesuffix("'s").removesuffix("’s") not in _NOT_NAMES
        for word in _CAPITALISED.findall(text)
    )


def accepted_spans(text: str, accepted: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of the accepted terms (whole words, case as written) in `text`."""
    spans: list[tuple[int, int]] = []
    for term in accepted:
        if not term:
            continue
        position = text.find(term)
        while position != -1 and len(spans) < 1000:
            end = position + len(term)
            before = text[position - 1] if position else " "
            after = text[end] if end < len(text) else " "
            if not before.isalnum() and not after.isalnum():
                spans.append((position, end))
            position = text.find(term, end)
    return spans


def _lowercase(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters ("İ") change length when lowercased; offsets must stay exact.
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


_NOT_NARRATORS = _COLLECTIVE | _words("it they this that which there you have has had")


def _positions(sequence: list[str], words: Iterable[str]) -> list[int]:
    """Every index of any of `words` in `sequence`, in order (a few C-level scans)."""
    found: list[int] = []
    for word in words:
        position = -1
        for _ in range(64):
            try:
                position = sequence.index(word, position + 1)
            except ValueError:
                break
            found.append(position)
    return sorted(found)


def _narrated_pasts(text: str, tokens: list[str], tensed: Iterable[str]) -> dict[str, str]:
    """The present or realis verbs that somebody is narrated doing, with their past forms:
    "the engineer deletes" -> deleted, "he managed to wipe" -> wiped (not "it takes down",
    "the attempt fails", "we started to take")."""
    words = [word for word in tensed if word in _THIRD_TO_PAST]
    if not _REALIS_BEFORE_TO.isdisjoint(tensed) and "to" in tokens:
        words.extend(_BASE_KEYS.intersection(tokens))
    pasts: dict[str, str] = {}
    for index in _positions(tokens, words):
        if index == 0:
            continue
        token = tokens[index]
        past = _THIRD_TO_PAST.get(token)
        subject = index - 1
        if past is None:
            if tokens[index - 1] != "to" or index < 3:
                continue
            realis = index - 2 if tokens[index - 2] in _REALIS_BEFORE_TO else index - 3
            if realis == index - 3 and (tokens[index - 2] != "on" or tokens[index - 3] != "went"):
                continue
            if tokens[realis - 1] not in _NOT_NARRATORS:
                pasts[token] = _BASE_TO_PAST[token]  # not "we've started to take"
            continue
        while subject > 0 and tokens[subject] in _ADVERBS:
            subject -= 1
        before = tokens[subject]
        if (
            before in _PERSON_WORDS
            or before == "who"
            or (before not in _NOT_NAMES and f"{before.capitalize()} {token}" in text)
        ):
            pasts[token] = past
    return pasts


# Common key words whose acts need a companion right next to them (before, or within a few
# words after): "was fired", "fired him", "failed to", "had checked", "never tested".
_NEAR: dict[str, tuple[frozenset[str], frozenset[str], int]] = {
    "fired": (
        _words("was were be been being got get gets getting"),
        _words("him her me them the an a one"),
        1,
    ),
    "failed": (frozenset(), frozenset(("to",)), 2),
    "had": (frozenset(), _COMPANIONS["had"], 6),
    "never": (frozenset(), _OMIT_PAST | _words("bothered paid pay paying"), 3),
    "did": (frozenset(), frozenset(("not",)), 1),
    "aware": (_words("not never wasn't weren't"), frozenset(), 0),
    # "the engineer incorrectly entered": a person right before (not "incorrectly configured")
    "incorrectly": (_PERSON_WORDS, frozenset(), 0),
    **dict.fromkeys(("should", "could", "might"), (frozenset(), _HAVE, 3)),
}
_NEAR_KEYS = frozenset(_NEAR)
_NOTHING: frozenset[str] = frozenset()
_CONDITIONAL_KEYS = _NEAR_KEYS | frozenset(_COMPANIONS)


def _error_agent(tokens: list[str]) -> bool:
    """An error noun followed by "by" or "of" and a person word ("a slip by one operator"), or
    "by mistake" ("the engineer deleted the zone by mistake": the act before it is read)."""
    for position in _positions(tokens, _OWNED_KEYS.intersection(tokens)):
        if position and tokens[position - 1] == "by" and tokens[position] == "mistake":
            return True
        if (
            position + 2 < len(tokens)
            and tokens[position + 1] in _AGENT_PREPOSITIONS
            and not _PERSON_WORDS.isdisjoint(tokens[position + 2 : position + 6])
        ):
            return True
    return False


def _near(tokens: list[str], key: str, lowered: str) -> bool:
    """Some occurrence of `key` in `tokens` has one of its companions next to it (a
    companion of the next word only when no punctuation comes between: not "fired. The")."""
    before, after, reach = _NEAR[key]
    position = -1
    count = len(tokens)
    for _ in range(64):  # bounded: a line with more occurrences is simply read
        try:
            position = tokens.index(key, position + 1)
        except ValueError:
            return False
        if position and tokens[position - 1] in before:
            return True
        following = tokens[position + 1 : min(count, position + 1 + reach)]
        if not after.isdisjoint(following) and (reach > 1 or f"{key} {following[0]}" in lowered):
            return True
    return True


# Every ASCII character that is not a word character (nor the apostrophe) becomes a space.
_ASCII_SEPARATORS = str.maketrans(
    {char: " " for char in map(chr, range(128)) if not (char.isalnum() or char in "_'")}
)
# Common non-ASCII punctuation of prose: none is a word character or an apostrophe.
_UNICODE_SEPARATORS = ("—", "–", "“", "”", "‘", "…", "\xa0")


def _word_tokens(lowered: str) -> list[str]:
    """`_WORD.findall(lowered)`, faster for prose without apostrophes (most lines).

    A word is a maximal run of word characters, joined across an apostrophe only. Without an
    apostrophe, replacing characters that are neither by spaces changes no word; once the
    text is ASCII, a word character is [a-z0-9_], the separator table turns every other
    character into a space, and splitting gives the same words in the same order."""
    if "'" in lowered or "’" in lowered:
        return _WORD.findall(lowered)
    plain = lowered
    if not plain.isascii():
        for mark in _UNICODE_SEPARATORS:
            if mark in plain:
                plain = plain.replace(mark, " ")
        if not plain.isascii():
            return _WORD.findall(lowered)
    return plain.translate(_ASCII_SEPARATORS).split()


# --- What the whole document says about a line ------------------------------------------------

# A clock time as chat exports write it: "5:07 PM", "17:07", "17:07:33".
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp]\.?[Mm]\.?)?"
_TURN_TIME = re.compile(r"\[?" + _CLOCK + r"\]? ")  # "[12:03] <alice> ...", "12:03 alice: ..."
_TURN_NICK = re.compile(r"<@?([A-Za-z][\w.-]{0,39})> ")  # IRC: "<alice> ..."
# Slack and Teams copies: "Katharine [5:07 PM]", "Jane Doe  5:07 PM", "**bob** 10:02 AM".
_TURN_NAME = re.compile(r"@?([A-Za-z][\w.-]{0,39})(?: [A-Z][\w.-]{0,39})? {1,3}[\[(]?" + _CLOCK)
_TURN_COLON = re.compile(r"@?([a-z][\w.-]{0,39}): ")  # "alice: ..." (in a quote, or timed)
# Evidence that a capitalised word names a thing: a determiner before it ("the Prow bot", "an
# Envoy"), a thing noun after it ("Prow deployment", "Peckshield audit"), a link to a page or file
# that is not a profile ("[Peckshield](…/audit-report.pdf)"), a code span (`prow`), a host name
# (prow.k8s.io).
_DETERMINED = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Oo]ur|[Tt]heir|[Tt]his|[Tt]hese|[Tt]hose|[Yy]our) ([A-Z][a-z]+)\b"
)
_THING_NOUNS = (
    "deployment deployments job jobs bot bots config configs configuration cluster clusters"
    " instance instances server servers service services api apis pipeline pipelines dashboard"
    " dashboards plugin plugins repo repos repository component components controller node nodes"
    " pod pods binary release releases version versions image images outage outages audit audits"
    " database queue webhook webhooks workflow workflows endpoint endpoints"
    " integration contract contracts protocol network mainnet testnet app"
)
_THING_AFTER = re.compile(r"\b([A-Z][a-z]+)[ -](?:" + "|".join(_THING_NOUNS.split()) + r")\b")
_LINK_NAME = re.compile(r"\[([A-Z][a-z]+)\]\(([^)\s]{1,500})\)")
_PROFILE = re.compile(
    r"(?:mailto:|https?://(?:www\.)?(?:github\.com|gitlab\.com|twitter\.com|x\.com|keybase\.io"
    r"|linkedin\.com/in)/[\w.-]+/?$)"
)
_CODE_WORD = re.compile(r"[A-Za-z][\w-]{0,39}")
_HOST_LABEL = re.compile(
    r"(?<![\w@.])([a-z][a-z0-9-]{0,39})\.(?:[a-z0-9-]{1,40}\.){0,3}(?:io|com|org|net|dev|app|cloud)\b"
)
# Evidence that a capitalised word names a person: an @handle, a name in an authors, owner or
# commander line, a verb of speech or of noticing after it, a profile link, a chat speaker.
_HANDLE = re.compile(r"(?<![\w.])@([A-Za-z][\w-]{0,39})")
_PEOPLE_LINE = re.compile(
    r"\W{0,6}(?:authors?|owners?|(?:incident )?(?:commanders?|leads?)|ic|reporters?|responders?"
    r"|participants?|attendees|on-?call|scribe|people involved)\W{0,4}: ?(.+)",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
# "the Acme team", "Acme engineers": another team, which the report can blame like a person.
_TEAM_NAME = re.compile(r"\b([A-Z][a-z]+) (?:team|teams|engineers?|staff|folks|on-?call)\b")
_SPEECH = re.compile(
    r"\b([A-Z][a-z]+) (?:said|says|asked|asks|wrote|writes|replied|replies|told|tells|mentioned"
    r"|suggested|explained|thanked|apologi[sz]ed|noticed|realised|realized)\b"
)
_FIRST_PERSON_AS_WE = {
    "i": "we",
    "me": "us",
    "my": "our",
    "mine": "ours",
    "myself": "ourselves",
    "i'm": "we're",
    "i've": "we've",
    "i'd": "we'd",
    "i'll": "we'll",
}


class Reading:
    """What a whole document says that one of its lines cannot: which capitalised words it uses
    only as systems or organisations, and which of its lines are turns of a quoted chat
    conversation. Read from the document's prose as `sre_docs.body` finds it (code blocks and
    comments left out; code spans read from the raw line) and the names the front matter gives
    people (`authors`, `owner`, `commander`); each part is worked out on first use, so a
    document whose lines never reach a subject pays nothing for it."""

    __slots__ = ("_body", "_first", "_people", "_prose", "_systems", "_transcript")

    def __init__(
        self,
        body: str,
        first_line: int = 1,
        people: Iterable[str] = (),
        prose: Sequence[tuple[int, str]] | None = None,
    ) -> None:
        self._body = body
        self._first = first_line
        self._people = [name for name in people if isinstance(name, str)]
        self._prose = prose
        self._systems: frozenset[str] | None = None
        self._transcript: frozenset[int] | None = None

    @property
    def systems(self) -> frozenset[str]:
        """Lowercased capitalised words the document uses as a thing and never as a person."""
        if self._systems is None:
            self._systems = self._read_names()
        return self._systems

    def in_transcript(self, number: int) -> bool:
        """True when line `number` (of the file) belongs to a quoted chat conversation."""
        if self._transcript is None:
            self._transcript = self._read_transcript(set())
        return number in self._transcript

    def _lines(self) -> Sequence[tuple[int, str]]:
        if self._prose is None:
            from sre_docs.body import scan_body

            self._prose = scan_body(self._body, self._first).prose
        return self._prose

    def _read_names(self) -> frozenset[str]:
        from sre_docs.body import code_spans

        things: set[str] = set()
        people: set[str] = set()
        for name in self._people:
            people.update(word.lower() for word in _CAPITALISED.findall(name))
            people.update(handle.lower() for handle in _HANDLE.findall(name))
        raw_lines: list[str] | None = None
        for number, text in self._lines():
            if "@" in text:
                people.update(handle.lower() for handle in _HANDLE.findall(text))
            listed = _PEOPLE_LINE.match(text)
            if listed:
                people.update(word.lower() for word in _CAPITALISED.findall(listed.group(1)))
            people.update(word.lower() for word in _SPEECH.findall(text))
            people.update(word.lower() for word in _TEAM_NAME.findall(text))
            things.update(word.lower() for word in _DETERMINED.findall(text))
            things.update(word.lower() for word in _THING_AFTER.findall(text))
            if "](" in text:
                for word, target in _LINK_NAME.findall(text):
                    (people if _PROFILE.match(target) else things).add(word.lower())
            if "." in text:
                things.update(_HOST_LABEL.findall(text))
            # Code spans are blanked out of the prose: read them from the raw line.
            if raw_lines is None:
                raw_lines = self._body.split("\n")
            offset = number - self._first
            raw = raw_lines[offset] if 0 <= offset < len(raw_lines) else ""
            if "`" in raw:
                for begin, end in code_spans(raw):
                    word = raw[begin:end].strip("` ")
                    if _CODE_WORD.fullmatch(word):
                        things.add(word.lower())
        if self._transcript is None:
            self._transcript = self._read_transcript(people)
        else:
            self._read_transcript(people)
        return frozenset(things - people)

    def _read_transcript(self, speakers: set[str]) -> frozenset[int]:
        """Lines of a conversation: a run of paragraphs, each with a turn ("Katharine [5:07
        PM]", "[12:03] <alice>", "> bob: ..."), that holds two turns or more; from the first
        turn on, with every line that continues a turn. Speakers are added to `speakers`."""
        found: set[int] = set()
        run: list[int] = []  # line numbers of the run so far
        names: list[str] = []
        paragraph: list[int] = []
        paragraph_names: list[str] = []

        def end_run() -> None:
            if len(names) >= 2:
                found.update(run)
                speakers.update(name.lower() for name in names)
            run.clear()
            names.clear()

        def end_paragraph() -> None:
            if paragraph_names:
                run.extend(paragraph)
                names.extend(paragraph_names)
            else:
                end_run()
            paragraph.clear()
            paragraph_names.clear()

        previous = None
        for number, text in self._lines():
            if previous is not None and number != previous + 1:
                end_paragraph()  # a blank line, or code, between them
            previous = number
            stripped = text.strip()
            speaker = _turn(stripped) if stripped else None
            if speaker is not None:
                paragraph_names.append(speaker)
            if paragraph_names:  # lines before the first turn of a paragraph are not speech
                paragraph.append(number)
        end_paragraph()
        end_run()
        return frozenset(found)


def _turn(stripped: str) -> str | None:
    """The speaker when the line opens a turn of a chat conversation, else None."""
    if stripped[0] == "|":
        return None
    quoted = stripped[0] == ">"
    text = stripped.lstrip("> ").replace("**", "")
    if not text:
        return None
    timed = _TURN_TIME.match(text)
    if timed:
        text = text[timed.end() :]
    match = _TURN_NICK.match(text) or _TURN_NAME.match(text)
    if match is None and (quoted or timed):
        match = _TURN_COLON.match(text)
    return match.group(1) if match else None


def find_blame(
    text: str, accepted: Sequence[str] = (), reading: Reading | None = None, number: int = 0
) -> list[BlameHit]:
    """Blaming wording in one line/paragraph of prose (code spans already removed by the
    caller). `accepted` lists terms and phrases that are never blame here (a product called
    "Blame", a tool named "Fault Injector"); they are matched as written. `reading` is what the
    whole document says (`Reading`), `number` the line's number in it: a capitalised word the
    document uses only as a system is not a person, and in a quoted chat conversation "I" is
    the responder speaking in the moment, read as the responders' "we"."""
    if len(text) < 4:
        return []
    lowered = text.lower()
    tokens = _word_tokens(lowered)
    found = _PREFILTER.intersection(tokens)
    if not found:
        return []
    derived: frozenset[str] = _NOTHING
    narrated: dict[str, str] = {}
    if not (_TENSE_KEYS.isdisjoint(found) and _VERB_COMPANION_KEYS.isdisjoint(found)) and (
        tensed := _TENSE_FORMS.intersection(tokens)
    ):
        # "he deletes", "managed to delete": the pre-filter reads the past forms too
        narrated = _narrated_pasts(text, tokens, tensed)
        extra = list(narrated.values())
        tokens = tokens + extra
        keys = found & _KEYS_ANY
        derived = _KEYS_ANY.intersection(extra) - keys  # only a person's narration makes these
        found = keys | derived
        if not found:
            return []
    if found <= _CONDITIONAL_KEYS:
        # Every key word needs a companion: "failed to", "was fired", "human error".
        if not any(
            _near(tokens, key, lowered)
            if key in _NEAR
            else not _COMPANIONS[key].isdisjoint(tokens)
            or (key in _OWNED_KEYS and ("'s" in text or "’s" in text or "s'" in text))
            for key in found
        ) and (
            _OWNED_KEYS.isdisjoint(found)
            or not (
                # "a mistake by a contractor", "the error of the engineer": its agent
                (not _AGENT_PREPOSITIONS.isdisjoint(tokens) and _error_agent(tokens))
                or _headed_error(lowered)
            )
        ):
            return []
    if found - derived <= _PERSON_KEYS and not _may_name_a_person(text, tokens):
        return []  # "the batch job failed to acquire its lease": these cues need somebody
    spans = accepted_spans(text, accepted) if accepted else []
    line = _Line(text, spans)
    if reading is not None:
        line.reading = reading
        if reading.in_transcript(number):
            _as_responders(line)
    if narrated:
        _normalise_tense(line, narrated)
    hits: list[BlameHit] = []
    cues = 0
    lows = line.lows
    count = len(lows)
    if "'" in text or "’" in text:
        candidates = [
            index
            for index, low in enumerate(lows)
            if low in _CUE_STARTS or low.endswith(("'s", "s'")) or low == "'"
        ]
    else:
        candidates = [index for index, low in enumerate(lows) if low in _CUE_STARTS]
    for index in candidates:
        low = lows[index]
        needed = _NEXT_WORDS.get(low)
        if needed is not None and (index + 1 >= count or lows[index + 1] not in needed):
            continue  # "was", "to", "by": a cue only with one of a few words after it
        cues += 1
        if cues > _MAX_CUES or len(hits) >= _MAX_HITS:
            break
        for act in _acts_at(line, index):
            span = _judge(line, act)
            if span is None:
                continue
            first, last = span
            last = max(last, first + 1)
            start, end = line.starts[first], line.ends[min(last, len(line.ends)) - 1]
            if any(start < hit.end and hit.start < end for hit in hits):
                continue
            if any(first <= position < last for position in _accepted_tokens(line, first, last)):
                continue
            hits.append(BlameHit(start, end, text[start:end], HINTS[act.family], act.family))
            break
    hits.sort(key=lambda hit: hit.start)
    return hits


def _as_responders(line: _Line) -> None:
    """A turn of a quoted chat conversation: its "I" is one responder talking while the
    incident ran (reported speech, not the report's wording), read like the responders' "we"."""
    lows, words = line.lows, line.words
    for index, low in enumerate(lows):
        plural = _FIRST_PERSON_AS_WE.get(low)
        if plural is not None:
            lows[index] = plural
            words[index] = plural


def _accepted_tokens(line: _Line, first: int, last: int) -> Iterable[int]:
    return (position for position in range(first, last) if line.lows[position] == "\0accepted")


_CUE_STARTS = (
    _words(
        """accidentally accidently accidentially inadvertently mistakenly unintentionally
        erroneously wrongly incorrectly unwittingly unknowingly
        by made make makes making committed commit commits erred goofed flubbed
        slipped misconfigured mistyped misread misunderstood mislabeled mislabelled misjudged
        misclicked mistook broke broken break breaks breaking took take takes taking brought
        bring knocked downs downed caused cut executed forgot forgotten forget forgets
        forgetting failed neglected omitted fail fails ignored overlooked disregarded missed
        didn't hadn't never wasn't haven't hasn't did had without failure fat lazy not asleep
        thought no should shouldn't should've ought could might fault blame responsibility
        mistake error blunder typo slip disciplinary pip fired was were is are got became been
        being gets get human-error operator-error to with damaged severed unplugged turned
        switched shut compensation pin pinned pinning so rushed disconnected pulled fire sack
        told asked let lost wrong slept dismissed"""
    )
    | _HUMAN_ERROR_HEADS
    | _PHYSICAL_VERBS
    | _MIS_VERBS
    | _SKIP_VERBS
    | _LAY_VERBS
    | _THROW_VERBS
    | frozenset(("whose", "forgetting"))
    | _WRONG_VERBS
    | _DESTROY_VERBS
    | _JUDGEMENT_ANY
    | _BAD_MISTAKE_ADJ
    | _MESS_VERBS
    | _BLAME_VERBS
    | _MISTAKE_NOUNS
    | _POSSESSIVE_PERSON
    | frozenset(word for word in _NEGATORS if word.endswith("n't"))
)


# --- Tense ------------------------------------------------------------------------------------
# Acts are described in the past tense ("deleted the production table"). A narration in the
# present ("then he deletes the production table") or a realis infinitive ("managed to delete",
# "proceeded to wipe") is read as the same act: the verb is rewritten to its past form before
# the acts are looked for, only where a person subject or a realis verb is right before it, so a
# noun ("the deletes", "packet drops") or an instruction ("delete the pod") is never read as one.

_IRREGULAR_PAST = {
    "forget": "forgot",
    "break": "broke",
    "take": "took",
    "bring": "brought",
    "make": "made",
    "run": "ran",
    "hit": "hit",
    "cut": "cut",
    "choose": "chose",
    "overwrite": "overwrote",
    "write": "wrote",
    "shut": "shut",
    "put": "put",
    "set": "set",
    "send": "sent",
    "misread": "misread",
    "mistake": "mistook",
    "sever": "severed",
}
_TENSE_VERBS = (
    _WRONG_VERBS
    | _DESTROY_VERBS
    | _SHIP_VERBS
    | _JUNIOR_VERBS
    | _words(
        """misconfigured mistyped misunderstood mislabeled misjudged misclicked ignored
        overlooked neglected missed disregarded failed omitted caused knocked damaged
        unplugged disconnected pulled turned switched rushed botched bungled messed screwed
        drilled erred goofed"""
    )
)


def _present_forms(past: str) -> list[tuple[str, str]]:
    """(base, third-person) forms a regular past form may come from: "dropped" -> (drop,
    drops); spellings that are no word ("droppe") are harmless, they never occur."""
    if past.endswith("ied"):
        return [(past[:-3] + "y", past[:-3] + "ies")]
    if not past.endswith("ed"):
        return []
    stem = past[:-2]
    bases = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        bases.append(stem[:-1])
    return [
        (base, base + ("es" if base.endswith(("s", "sh", "ch", "x", "z")) else "s"))
        for base in bases
        if len(base) > 2
    ]


_FORMS = [
    *((pair, past) for past in sorted(_TENSE_VERBS) for pair in _present_forms(past)),
    *(((base, base + "s"), past) for base, past in _IRREGULAR_PAST.items()),
]
_BASE_TO_PAST = {base: past for (base, _), past in _FORMS}
_THIRD_TO_PAST = {third: past for (_, third), past in _FORMS}
_REALIS_BEFORE_TO = _words("managed proceeded went decided happened chose opted began started")
_TENSE_FORMS = frozenset(_THIRD_TO_PAST) | _REALIS_BEFORE_TO
# Forms that are key words in the past ("deletes": deleted), and key words whose companions
# are past forms ("wrong": ran, typed): only these make the present forms worth reading.
_TENSE_KEYS = (
    frozenset(third for third, past in _THIRD_TO_PAST.items() if past in _KEYS_ANY)
    | _REALIS_BEFORE_TO
)
_VERB_COMPANION_KEYS = frozenset(
    key
    for key, companions in _COMPANIONS.items()
    if not companions.isdisjoint(_TENSE_VERBS) and key not in _OWNED_KEYS | {"errors", "mistakes"}
)
_BASE_KEYS = frozenset(_BASE_TO_PAST)
_PREFILTER = _KEYS_ANY | _TENSE_KEYS
_GENERIC_SUBJECTS = _words("someone somebody whoever anyone anybody everyone everybody one")


def _tense_subject(line: _Line, index: int) -> bool:
    """A single, specific person right before the verb at `index` ("he pulls", "Mark deletes",
    "the intern who runs"), not people in general ("someone deletes", "engineers run")."""
    lows = line.lows
    position = index - 1
    for _ in range(3):
        if position > 0 and (lows[position] in _ADVERBS or lows[position] == "who"):
            position -= 1
    if position < 0:
        return False
    low = lows[position]
    if low in _GENERIC_SUBJECTS or low in ("i", "me", "him", "her", "you", "they", "we"):
        return False
    kind = _kind(line, position)
    # Not a capitalised first word ("Projector breaks, ..."): a noun as often as a name.
    if kind != _PERSON or (low.endswith("s") and low in _ROLES):
        return False
    if low in _ROLES:
        # "the intern runs": a narration; "a technician makes a mistake": anyone, sometimes
        start = _np_start(line, position)
        if lows[start] not in _DETERMINERS and start == _sentence_start(line, start):
            return True  # a headline: "Developer Accidentally Deletes Production Database"
        return lows[start] in _DEFINITE or lows[start].endswith("'s")
    return True


def _realis_to(lows: list[str], to: int) -> bool:
    """The "to" at `to` follows a verb that says the act happened ("managed to", "went on to")."""
    before = lows[to - 1] if to >= 1 else ""
    if before == "on":
        return to >= 2 and lows[to - 2] == "went"
    return before in _REALIS_BEFORE_TO and before != "went"


def _normalise_tense(line: _Line, verbs: Iterable[str]) -> None:
    """Rewrite the present or realis-infinitive `verbs` to their past form where they narrate
    an act."""
    lows = line.lows
    rewritten: list[int] = []
    for index in _positions(lows, verbs):
        if index == 0:
            continue
        low = lows[index]
        past = _THIRD_TO_PAST.get(low)
        if past is not None:
            if not _tense_subject(line, index):
                continue
        else:
            past = _BASE_TO_PAST.get(low)
            if past is None or lows[index - 1] != "to" or not _realis_to(lows, index - 1):
                continue
        lows[index] = past
        rewritten.append(index)
    line.present = frozenset(rewritten)
