"""Deterministic generator of realistic SRE handbooks, the input of every benchmark.

`python bench/generate.py OUT --docs N [--seed S] [--no-plugin]` writes OUT/mkdocs.yml, OUT/docs/
(all six document types plus plain pages, ~9.5 KB each, cross-linked) and OUT/defects.json."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path

TODAY = dt.date(2026, 11, 24)
"""The `today` written into mkdocs.yml: overdue rules depend on it, never on the clock."""
DEFECT_RATE = 0.03
SHARES = (
    ("postmortem", 35),
    ("runbook", 25),
    ("slo", 12),
    ("handoff", 10),
    ("toil", 8),
    ("service", 5),
    ("page", 5),
)
DOMAINS = (
    "checkout", "payments", "labels", "dispatch", "tracking", "notifications", "search",
    "catalog", "identity", "billing", "inventory", "pricing", "ledger", "returns", "fleet",
    "warehouse", "routing", "customs", "invoices", "carriers", "pickup", "quotes", "claims",
    "reporting", "partners", "webhooks", "addresses", "lockers", "manifests", "rates",
)  # fmt: skip
COMPONENTS = (
    "api", "worker", "gateway", "db", "cache", "queue", "scheduler", "sync", "frontend",
    "ingest", "exporter", "indexer", "resolver", "store", "broker", "cron", "proxy", "engine",
    "importer", "notifier",
)  # fmt: skip
SYMPTOMS = (
    ("High5xxRate", "returns 5xx", "high-5xx"),
    ("LatencyHigh", "is slow", "latency"),
    ("QueueBacklog", "queue backlog grows", "queue-backlog"),
    ("PodsCrashLooping", "pods crash-loop", "crashloop"),
    ("DiskFillingUp", "disk is filling up", "disk-full"),
    ("ReplicationLag", "replication lags", "replication-lag"),
    ("CertificateExpiring", "certificate expires soon", "cert-expiry"),
    ("ConsumerStalled", "consumer stalled", "consumer-stalled"),
    ("ConnectionPoolExhausted", "connection pool exhausted", "pool-exhausted"),
    ("ErrorBudgetBurn", "burns its error budget", "budget-burn"),
    ("MemoryPressure", "runs out of memory", "oom"),
    ("DependencyDown", "loses a dependency", "dependency-down"),
)
PEOPLE = (
    "@amira", "@jonas", "@li.wei", "@sofia", "@tomasz", "@ngozi", "@pedro", "@yuki",
    "@fatima", "@lars", "@priya", "@mateo", "@chen", "@olga", "@kwame", "@ines",
)  # fmt: skip
TEAMS = (
    "@payments-team", "@platform-team", "@logistics-team", "@data-team", "@identity-team",
    "@growth-team", "@storage-team", "@edge-team",
)  # fmt: skip
REGIONS = ("eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-southeast-1")
INCIDENT_PROSE = (
    "The error rate of `{svc}` rose from 0.1 % to {pct} % within two minutes of the rollout.",
    "Requests queued behind a slow call to `{other}` and the p99 latency passed {n} seconds.",
    "The readiness probe only opened a TCP connection, so the load balancer kept sending traffic to pods that could not serve it.",
    "A configuration push changed the connection pool size on every pod at once instead of going through the canary stage.",
    "The on-call engineer rolled back the deploy at the first page and the error rate recovered within {n} minutes.",
    "Dashboards showed the saturation clearly, but no alert was attached to the saturation panel.",
    "Client retries without jitter tripled the load on `{svc}` while it was recovering.",
    "The runbook described the cluster layout of last year and had to be adapted during the incident.",
    "Capacity had been planned for last year's peak; this year's campaign sent {n} times as many requests.",
    "The cache hit ratio dropped from 94 % to {pct} % after the key format changed, and every miss reached `{other}`.",
    "A single tenant's batch import held row locks for {n} minutes and blocked checkout writes.",
    "The batch job failed to acquire its lease and retried in a tight loop, filling the logs at 40 MB/s.",
    "Because the health check failed to notice the stuck consumer, the orchestrator never restarted it.",
    "Traffic shifted to {region} as designed, but the standby pool there was scaled for a quiet night.",
    "The deploy pipeline reported success because its smoke test did not exercise the payment path.",
    "An expired intermediate certificate on the `{other}` endpoint made every TLS handshake fail.",
    "The autoscaler reacted to CPU, while the real bottleneck was the number of open file descriptors.",
    "The feature flag defaulted to on for a region where the new schema had not been migrated yet.",
    "Once the queue passed {n} thousand messages, consumers spent more time rebalancing than processing.",
    "A log line with customer addresses was sampled at 100 % and pushed the ingest cluster past its quota.",
    "The alert fired correctly, but it routed to a rotation whose schedule had a gap that night.",
    "Support noticed the pattern in tickets about {n} minutes before the first alert fired.",
    "Disk usage on the primary climbed by {pct} % an hour because WAL archiving was stuck behind a full bucket.",
    "Nothing in the change review pointed at `{other}`, because the dependency was only declared at runtime.",
)
OPS_PROSE = (
    "Check the error breakdown by upstream before restarting anything: a restart hides the evidence.",
    "If the errors are limited to one availability zone, drain that zone first and keep the others serving.",
    "Most pages of this alert in the last quarter were caused by a deploy or a configuration push.",
    "The service degrades gracefully: when `{other}` is slow, it serves cached answers for up to {n} minutes.",
    "Scaling out helps only when the saturation is CPU; for connection limits it makes things worse.",
    "Write what you did in the incident channel as you go, with times in UTC; the postmortem starts there.",
    "If a rollback is not possible because of a schema change, enable the read-only fallback instead.",
    "The dashboards linked below show the four golden signals of `{svc}` side by side with its dependencies.",
    "Expect the error rate to settle within {n} minutes after mitigation; if it does not, escalate.",
    "Traffic from {region} is usually the first to show the symptom, because it has the smallest pool.",
    "Do not delete messages from the dead-letter queue; they are replayed once the consumer is healthy.",
    "Failover to the replica takes about {n} minutes and loses no acknowledged write.",
)
PLAN_PROSE = (
    "The task takes about {n} minutes each time and needs production access, which makes it a frequent reason to page someone out of hours.",
    "Automating it needs an idempotent API on `{svc}` and a way to dry-run the change against staging.",
    "Teams in {region} run it more often because their partners send corrections by e-mail instead of through the API.",
    "A script exists, but it is not reviewed and lives on one engineer's laptop; it should move into the operations repository.",
    "The work is low risk but interrupts focused work; each occurrence costs more than its minutes suggest.",
    "We measured {n} occurrences last month from the ticket queue and the audit log of `{svc}`.",
    "The service exposes its state on `/healthz` and `/metrics`; every alert is derived from those metrics.",
    "Ownership moved to the current team last quarter together with the on-call rotation.",
    "Deploys go through a canary stage that takes {n} minutes and checks the error rate and the p99 latency.",
    "Capacity is reviewed every quarter against the peak of the previous year plus {pct} %.",
)
LOG_LINES = (
    '{ts} ERROR {svc} request failed upstream={other} status=503 duration_ms={n}',
    '{ts} WARN  {svc} connection pool saturated active={n} max={n}',
    '{ts} ERROR {svc} timeout after 2000ms calling {other}',
    '{ts} INFO  {svc} retrying request attempt=3 backoff_ms={n}',
    '{ts} ERROR {other} too many connections for role "app"',
)  # fmt: skip


SYMPTOM_WORDS = {slug: words for _, words, slug in SYMPTOMS}


def _flow(values: list[str]) -> str:
    """A YAML flow sequence of quoted strings (handles start with `@`, which YAML reserves)."""
    return json.dumps(values)


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


class _Writer:
    """Writes one handbook; document contents depend only on the seed, type and index."""

    def __init__(self, root: Path, docs: int, seed: int) -> None:
        self.root = root
        self.docs_dir = root / "docs"
        self.seed = seed
        total = sum(share for _, share in SHARES)
        self.counts = {kind: max(1, docs * share // total) for kind, share in SHARES}
        self.counts["postmortem"] += max(0, docs - sum(self.counts.values()))
        pool = max(24, self.counts["service"])
        # Distinct up to 600 names; beyond that a round number keeps them distinct.
        self.services = [
            f"{DOMAINS[i % len(DOMAINS)]}-{COMPONENTS[(i // len(DOMAINS) + i) % len(COMPONENTS)]}"
            + (f"-{i // 600 + 1}" if i >= 600 else "")
            for i in range(pool)
        ]
        self.service_position = {name: i for i, name in enumerate(self.services)}
        self.defects: dict[str, str] = {}

    # Identities shared between a document and the documents linking to it.

    def rng(self, kind: str, index: int) -> random.Random:
        return random.Random(f"{self.seed}/{kind}/{index}")

    def pick_service(self, rng: random.Random) -> str:
        # A few services have most incidents, as in every real handbook.
        return self.services[int(len(self.services) * rng.random() ** 2.5)]

    def runbook_identity(self, index: int) -> tuple[str, str, str, str]:
        """(path, alert, service, title) of runbook `index`."""
        index %= self.counts["runbook"]
        service = self.services[index % len(self.services)]
        symptom, words, slug = SYMPTOMS[(index // len(self.services)) % len(SYMPTOMS)]
        round_ = index // (len(self.services) * len(SYMPTOMS))
        suffix = f"-{round_ + 1}" if round_ else ""
        alert = f"{_camel(service)}{symptom}{round_ + 1 if round_ else ''}"
        return f"runbooks/{service}-{slug}{suffix}.md", alert, service, f"{service} {words}"

    def runbook_for(self, service: str, salt: int) -> int:
        """A runbook of `service` when there is one, else any runbook."""
        per_round = len(self.services)
        available = range(self.service_position[service], self.counts["runbook"], per_round)
        if not available:
            return salt % self.counts["runbook"]
        return available[salt % len(available)]

    def postmortem_identity(self, index: int) -> tuple[str, dt.date, str, str]:
        """(path, date, service, symptom slug) of postmortem `index`."""
        rng = self.rng("postmortem-identity", index)
        date = dt.date(2024, 1, 1) + dt.timedelta(
            days=rng.randrange((TODAY - dt.date(2024, 1, 1)).days - 3)
        )
        service = self.pick_service(rng)
        slug = rng.choice(SYMPTOMS)[2]
        return (
            f"postmortems/{date.isoformat()}-{service}-{slug}-{index:05d}.md",
            date,
            service,
            slug,
        )

    def service_path(self, service: str) -> str | None:
        return (
            f"services/{service}.md"
            if self.service_position[service] < self.counts["service"]
            else None
        )

    def slo_path(self, index: int) -> str:
        service = self.services[index % len(self.services)]
        return f"slos/{service}-{('availability', 'latency', 'freshness')[index // len(self.services) % 3]}-{index:04d}.md"

    # Text helpers.

    def fill(self, rng: random.Random, template: str, service: str) -> str:
        return template.format(
            svc=service,
            other=rng.choice(self.services),
            pct=rng.randint(2, 60),
            n=rng.randint(2, 40),
            region=rng.choice(REGIONS),
        )

    def paragraph(
        self, rng: random.Random, pool: tuple[str, ...], service: str, sentences: int
    ) -> str:
        return " ".join(self.fill(rng, rng.choice(pool), service) for _ in range(sentences))

    def paragraphs(
        self, rng: random.Random, pool: tuple[str, ...], service: str, count: int
    ) -> str:
        return "\n\n".join(
            self.paragraph(rng, pool, service, rng.randint(3, 6)) for _ in range(count)
        )

    def link(self, source: str, target: str, broken: bool = False) -> str:
        """A relative link from docs file `source` to docs file `target`."""
        depth = source.count("/")
        if broken:
            folder, _, name = target.rpartition("/")
            target = f"{folder}/{name.replace('.md', '-old.md')}" if folder else "missing.md"
        return "../" * depth + target

    def maybe_defect(self, rng: random.Random, path: str, kinds: tuple[str, ...]) -> str | None:
        if rng.random() >= DEFECT_RATE:
            return None
        kind = rng.choice(kinds)
        self.defects[path] = kind
        return kind

    def write(self, rel: str, text: str) -> None:
        path = self.docs_dir / rel
        path.write_text(text, encoding="utf-8")

    # Documents.

    def postmortem(self, index: int) -> None:
        path, date, service, slug = self.postmortem_identity(index)
        rng = self.rng("postmortem", index)
        defect = self.maybe_defect(
            rng, path, ("orphan-action-item", "blame", "broken-link", "missing-section")
        )
        severity = rng.choices((1, 2, 3, 4), weights=(8, 27, 40, 25))[0]
        services = [service, *rng.sample(self.services, rng.randint(0, 2))]
        services = list(dict.fromkeys(services))
        recent = (TODAY - date).days < 5
        status = rng.choice(("draft", "in-review")) if recent else "final"
        authors = rng.sample(PEOPLE, rng.randint(1, 2))
        reviewers = rng.sample(PEOPLE, rng.randint(1, 3))
        runbooks = [self.runbook_for(s, index + n) for n, s in enumerate(services)]
        alerts = [self.runbook_identity(r)[1] for r in runbooks]
        start = dt.datetime.combine(date, dt.time(rng.randint(0, 13), rng.randint(0, 59)))
        detect, mitigate = rng.randint(1, 25), rng.randint(10, 120)
        resolve = mitigate + rng.randint(0, 180)
        title = f"{service} {SYMPTOM_WORDS[slug]} ({date:%B} {date.day})"
        pm_id = f"PM-{date.year}-{index:05d}"

        items = []
        for number in range(rng.randint(2, 5)):
            done = (TODAY - date).days > 120 and rng.random() < 0.7
            due = (
                date + dt.timedelta(days=rng.randint(14, 90))
                if done
                else dt.date(2027, rng.randint(1, 12), rng.randint(1, 28))
            )
            items.append(
                {
                    "id": f"{pm_id}-AI-{number + 1}",
                    "description": rng.choice(
                        (
                            f"Alert on connection-pool saturation of {service}",
                            f"Roll configuration pushes of {service} through the canary stage",
                            f"Add a readiness probe that exercises the dependency path of {service}",
                            f"Load-test {service} at twice last year's peak",
                            "Add jitter and a retry budget to the client library",
                            f"Update the runbook of {service} with the new failover steps",
                            f"Move the batch import of {service} to the replica",
                        )
                    ),
                    "owner": rng.choice(PEOPLE),
                    "due": due.isoformat(),
                    "ticket": f"PW-{1000 + (index * 7 + number) % 90000}",
                    "priority": f"P{rng.randint(0, 2)}",
                    "type": rng.choice(("prevent", "detect", "mitigate", "process")),
                    "status": "done" if done else rng.choice(("open", "in-progress")),
                }
            )
        orphan_in_table = False
        victim = -1
        if defect == "orphan-action-item":
            victim = rng.randrange(len(items))
            if rng.random() < 0.5:
                items[victim]["owner"] = ""
            else:
                orphan_in_table = True

        fm = [
            "---",
            "type: postmortem",
            f"id: {pm_id}",
            f'title: "{title}"',
            f"date: {date.isoformat()}",
            f"severity: SEV{severity}",
            f"status: {status}",
            f"services: [{', '.join(services)}]",
            f"authors: {_flow(authors)}",
            f"reviewers: {_flow(reviewers)}",
            f"duration_minutes: {resolve}",
            "impact:",
            f"  users_affected: {rng.randint(0, 90000)}",
            f"  revenue_impact_usd: {rng.randint(0, 250) * 100}",
            f"  slo_budget_consumed_pct: {rng.randint(1, 80)}",
            f"  data_loss: {'true' if severity == 1 and rng.random() < 0.2 else 'false'}",
            f"  customer_tickets: {rng.randint(0, 400)}",
            "detection:",
            f"  how_detected: {rng.choices(('alert', 'user-report', 'manual'), weights=(7, 2, 1))[0]}",
            f"  time_to_detect_minutes: {detect}",
            "resolution:",
            f"  time_to_mitigate_minutes: {mitigate}",
            f"  time_to_resolve_minutes: {resolve}",
            f"alerts: [{', '.join(alerts)}]",
            f"tags: [{', '.join(sorted({slug, 'sev' + str(severity), date.strftime('%Y-q') + str((date.month - 1) // 3 + 1)}))}]",
            "action_items:",
        ]
        for item in items:
            fm.append(f"  - id: {item['id']}")
            fm.append(f"    description: {item['description']}")
            if item["owner"]:
                fm.append(f'    owner: "{item["owner"]}"')
            fm += [
                f"    {key}: {item[key]}" for key in ("due", "ticket", "priority", "type", "status")
            ]
        fm.append("---")

        prose = INCIDENT_PROSE
        short = severity >= 3 and rng.random() < 0.3
        sections: list[tuple[str, str]] = []
        summary = self.paragraph(rng, prose, service, rng.randint(3, 5))
        impact_table = "\n".join(
            [
                "| Measure | Value |",
                "|---|---|",
                f"| Requests failed | {rng.randint(1000, 900000):,} |",
                f"| Peak error rate | {rng.randint(2, 70)} % |",
                f"| Orders delayed | {rng.randint(0, 20000):,} |",
                f"| Support tickets | {rng.randint(0, 400)} |",
                f"| Error budget consumed | {rng.randint(1, 80)} % |",
            ]
        )
        sections.append(("What Happened" if short else "Summary", summary))
        if not short:
            sections.append(
                (
                    "Impact",
                    f"{self.paragraph(rng, prose, service, 3)}\n\n{impact_table}\n\n{self.paragraph(rng, prose, service, 3)}",
                )
            )

        moment = start
        lines = [f"All times UTC, {date.isoformat()}.", ""]
        table = rng.random() < 0.3
        if table:
            lines += ["| Time | Event |", "|---|---|"]
        events = rng.randint(24, 44)
        for number in range(events):
            text = self.paragraph(rng, prose, service, rng.randint(1, 2))
            if number == 0:
                text = (
                    f"Deploy of `{service}` {rng.randint(100, 999)}.{rng.randint(0, 40)} starts in {rng.choice(REGIONS)}. "
                    + text
                )
            elif number == min(3, events - 1):
                text = f"`{alerts[0]}` pages the on-call engineer. " + text
            stamp = f"{moment:%H:%M}"
            lines.append(f"| {stamp} | {text} |" if table else f"- **{stamp}** — {text}")
            moment += dt.timedelta(minutes=rng.randint(1, 14))
        sections.append(("Timeline", "\n".join(lines)))

        logs = "\n".join(
            rng.choice(LOG_LINES).format(
                ts=f"{date.isoformat()}T{(start + dt.timedelta(seconds=7 * k)):%H:%M:%S}Z",
                svc=service,
                other=rng.choice(self.services),
                n=rng.randint(10, 4000),
            )
            for k in range(rng.randint(6, 12))
        )
        blame = ""
        if defect == "blame":
            blame = rng.choice(
                (
                    f"{rng.choice(('Bob', 'Alice', 'Dave'))} forgot to drain the node before the upgrade. ",
                    "The root cause was human error during the failover. ",
                    f"{rng.choice(PEOPLE)} forgot to update the allow-list. ",
                    "The engineer failed to check the dashboard before the push. ",
                    "The outage was Dave's fault: he skipped the canary. ",
                )
            )
        whys = "\n".join(f"{n}. Why? {self.paragraph(rng, prose, service, 1)}" for n in range(1, 6))
        root = (
            f"{blame}{self.paragraphs(rng, prose, service, rng.randint(4, 6))}\n\n"
            f"Logs from the first minutes:\n\n```text\n{logs}\n```\n\n"
            f"Five whys:\n\n{whys}"
        )
        sections.append(("Root Cause", root))
        if short:
            sections.append(("Fix", self.paragraph(rng, prose, service, 4)))
        factors = "\n".join(
            f"- {self.paragraph(rng, prose, service, 1)}" for _ in range(rng.randint(3, 6))
        )
        sections.append(("Contributing Factors", factors))

        rows = [
            "| Priority | Action | Owner | Due | Ticket | Status |",
            "|---|---|---|---|---|---|",
        ]
        for number, item in enumerate(items):
            owner = item["owner"] or "TBD"
            if orphan_in_table and number == victim:
                owner = "TBD"
            rows.append(
                f"| {item['priority']} | {item['description']} | {owner} | {item['due']} | {item['ticket']} | {item['status']} |"
            )
        sections.append(("Action Items", "\n".join(rows)))
        lessons = "\n".join(
            f"- {label}: {self.paragraph(rng, prose, service, 2)}"
            for label in ("What went well", "What went wrong", "Where we got lucky")
        )
        sections.append(("Lessons Learned", lessons))

        related = []
        for number, runbook in enumerate(runbooks):
            rb_path, _alert, _svc, rb_title = self.runbook_identity(runbook)
            broken = defect == "broken-link" and number == 0
            related.append(
                f"- Runbook: [{rb_title}]({self.link(path, rb_path, broken)}#mitigation)"
            )
        page = self.service_path(service)
        if page:
            related.append(f"- Service: [{service}]({self.link(path, page)})")
        related.append(f"- Dashboard: <https://grafana.example.com/d/{service}/overview>")
        sections.append(("Related", "\n".join(related)))

        if defect == "missing-section":
            drop = {
                rng.choice(
                    ("Timeline", "Root Cause")
                    if short
                    else ("Timeline", "Root Cause", "Action Items")
                )
            }
            if "Root Cause" in drop:
                drop.add("Contributing Factors")  # an accepted name of the same section
            sections = [s for s in sections if s[0] not in drop]
        body = f"# {title}\n\n" + "\n\n".join(f"## {name}\n\n{text}" for name, text in sections)
        self.write(path, "\n".join(fm) + "\n" + body + "\n")

    def runbook(self, index: int) -> None:
        path, alert, service, title = self.runbook_identity(index)
        rng = self.rng("runbook", index)
        defect = self.maybe_defect(rng, path, ("missing-section", "broken-link"))
        reviewed = TODAY - dt.timedelta(days=rng.randint(3, 170))
        extra = f"{_camel(service)}{rng.choice(SYMPTOMS)[0]}Warning"
        fm = (
            f"---\ntype: runbook\nid: RB-{index:05d}\ntitle: {title}\nalerts: [{alert}, {extra}]\n"
            f'service: {service}\nowner: "{rng.choice(TEAMS)}"\nlast_reviewed: {reviewed.isoformat()}\n'
            f"escalation:\n  after_minutes: {rng.choice((15, 20, 30, 45))}\n"
            f'  contact: "{rng.choice(TEAMS)} lead via PagerDuty"\ntags: [{service.split("-")[0]}, runbook]\n---\n'
        )
        ops = OPS_PROSE
        namespace = service.split("-")[0]
        alert_table = "\n".join(
            [
                "| Alert | Severity | Fires when |",
                "|---|---|---|",
                f"| `{alert}` | page | the symptom lasts {rng.randint(2, 15)} minutes |",
                f"| `{extra}` | ticket | the symptom lasts {rng.randint(30, 120)} minutes |",
            ]
        )
        steps = []
        commands = (
            f"kubectl -n {namespace} get pods -l app={service} -o wide\nkubectl -n {namespace} logs deploy/{service} --since=15m | grep -c ERROR",
            f'sum by (code) (rate(http_requests_total{{service="{service}"}}[5m]))\n/ ignoring(code) group_left sum(rate(http_requests_total{{service="{service}"}}[5m]))',
            f"SELECT pid, state, wait_event, now() - query_start AS age\nFROM pg_stat_activity\nWHERE datname = '{namespace}' ORDER BY age DESC LIMIT 20;",
            f"kubectl -n {namespace} rollout history deploy/{service}\nkubectl -n {namespace} rollout undo deploy/{service}",
            f"flagctl get {namespace}.fallback\nflagctl set {namespace}.fallback true --reason 'incident'",
        )
        languages = ("bash", "promql", "sql", "bash", "bash")
        for number in range(rng.randint(5, 7)):
            pick = rng.randrange(len(commands))
            steps.append(
                f"{number + 1}. {self.paragraph(rng, ops, service, 3)}\n\n"
                f"   ```{languages[pick]}\n   " + commands[pick].replace("\n", "\n   ") + "\n   ```"
            )
        mitigation = "\n".join(
            f"- {self.paragraph(rng, ops, service, 2)}" for _ in range(rng.randint(5, 7))
        )
        pages = "\n".join(
            ["| Date | Postmortem | Cause |", "|---|---|---|"]
            + [
                f"| {pm[1].isoformat()} | [{pm[2]}]({self.link(path, pm[0])}) | {SYMPTOM_WORDS[pm[3]]} |"
                for pm in sorted(
                    self.postmortem_identity(rng.randrange(self.counts["postmortem"]))
                    for _ in range(rng.randint(2, 5))
                )
            ]
        )
        contacts = "\n".join(
            ["| After | Contact | How |", "|---|---|---|"]
            + [
                f"| {m} min | {rng.choice(TEAMS)} | {rng.choice(('PagerDuty', 'Slack #incidents', 'phone'))} |"
                for m in (15, 30, 60)
            ]
        )
        other = self.runbook_identity(rng.randrange(self.counts["runbook"]))
        position = self.service_position[service]
        slo = self.slo_path(position) if position < self.counts["slo"] else None
        related = [f"- [{other[3]}]({self.link(path, other[0], defect == 'broken-link')})"]
        if slo:
            related.append(f"- [SLO of {service}]({self.link(path, slo)})")
        sections = [
            ("Overview", f"{self.paragraphs(rng, ops, service, 2)}\n\n{alert_table}"),
            ("Impact", self.paragraphs(rng, ops, service, 3)),
            ("Diagnosis", self.paragraph(rng, ops, service, 3) + "\n\n" + "\n\n".join(steps)),
            ("Mitigation", f"{mitigation}\n\n{self.paragraph(rng, ops, service, 4)}"),
            ("Escalation", f"{self.paragraph(rng, ops, service, 3)}\n\n{contacts}"),
            ("Known false positives", self.paragraphs(rng, ops, service, 2)),
            ("Recent incidents", pages),
            ("Related", "\n".join(related)),
        ]
        if defect == "missing-section":
            drop = rng.choice(("Diagnosis", "Mitigation", "Escalation"))
            sections = [s for s in sections if s[0] != drop]
        body = f"# {title}\n\n" + "\n\n".join(f"## {name}\n\n{text}" for name, text in sections)
        self.write(path, fm + body + "\n")

    def slo(self, index: int) -> None:
        path = self.slo_path(index)
        service = self.services[index % len(self.services)]
        rng = self.rng("slo", index)
        defect = self.maybe_defect(rng, path, ("slo-budget-mismatch", "broken-runbook-link"))
        kind = path.rsplit("-", 2)[1]
        target = rng.choice((99.0, 99.5, 99.9, 99.95, 99.99))
        window = rng.choice(("28d", "30d", "4w"))
        minutes_in_window = {"28d": 40320, "30d": 43200, "4w": 40320}[window]
        budget = round(100 - target, 4)
        minutes = round(minutes_in_window * budget / 100, 1)
        if defect == "slo-budget-mismatch":
            if rng.random() < 0.5:
                minutes = round(minutes * rng.choice((0.5, 2, 10)), 1)
            else:
                budget = round(budget * 2, 4)
        sla = round(target - rng.choice((0.4, 0.5, 0.9)) * (100 - target), 4)
        current = round(100 - (100 - target) * rng.choice((0.1, 0.3, 0.6, 0.8, 0.95, 1.2)), 4)
        runbook = self.runbook_for(service, index)
        rb_path = self.runbook_identity(runbook)[0]
        slow = self.runbook_for(service, index + 1)
        alerts = []
        for name, rate, long_window, short_window, severity, rb in (
            ("FastBurn", 14.4, "1h", "5m", "page", rb_path),
            ("SlowBurn", 6, "6h", "30m", "page", self.runbook_identity(slow)[0]),
            ("BudgetTicket", 1, "3d", "6h", "ticket", rb_path),
        ):
            target_link = self.link(
                path, rb, defect == "broken-runbook-link" and name == "FastBurn"
            )
            alerts.append(
                f"  - name: {_camel(service)}{_camel(kind)}{name}\n    burn_rate: {rate}\n"
                f"    long_window: {long_window}\n    short_window: {short_window}\n"
                f"    severity: {severity}\n    runbook: {target_link}\n"
            )
        good = {
            "availability": f'sum(rate(http_requests_total{{service="{service}",code!~"5.."}}[5m]))',
            "latency": f'sum(rate(http_request_duration_seconds_bucket{{service="{service}",le="0.5"}}[5m]))',
            "freshness": f"sum(rate({service.replace('-', '_')}_records_fresh_total[5m]))",
        }[kind]
        total = f'sum(rate(http_requests_total{{service="{service}"}}[5m]))'
        fm = (
            f"---\ntype: slo\nid: SLO-{index:05d}\ntitle: {service} {kind}\nservice: {service}\n"
            f'owner: "{rng.choice(TEAMS)}"\nsli:\n  name: {service} {kind}\n  type: {kind}\n'
            f"  good_events: '{good}'\n  total_events: '{total}'\n"
            f"target: {target:g}\nwindow: {window}\nsla: {sla:g}\nerror_budget: {budget:g}\n"
            f"error_budget_minutes: {minutes:g}\ncurrent: {current:g}\nburn_rate_alerts:\n{''.join(alerts)}---\n"
        )
        plan = PLAN_PROSE
        budget_table = "\n".join(
            [
                "| Window | Target | Budget | Budget minutes |",
                "|---|---|---|---|",
                f"| {window} | {target:g} % | {100 - target:.4g} % | {minutes_in_window * (100 - target) / 100:.1f} |",
                f"| 7d | {target:g} % | {100 - target:.4g} % | {10080 * (100 - target) / 100:.1f} |",
            ]
        )
        history = "\n".join(
            ["| Month | Attainment | Budget left |", "|---|---|---|"]
            + [
                f"| 2026-{month:02d} | {100 - (100 - target) * share:.4g} % | {100 - 100 * share:.0f} % |"
                for month, share in zip(
                    range(4, 11), (rng.choice((0.1, 0.4, 0.7, 0.9)) for _ in range(7)), strict=False
                )
            ]
        )
        sections = [
            (
                "What we measure",
                f"{self.paragraph(rng, plan, service, 4)}\n\n```promql\n{good}\n/\n{total}\n```",
            ),
            (f"Why {target:g} %", self.paragraphs(rng, plan, service, 3)),
            ("Error budget", f"{self.paragraph(rng, plan, service, 3)}\n\n{budget_table}"),
            ("History", f"{history}\n\n{self.paragraphs(rng, plan, service, 2)}"),
            (
                "Alerting",
                f"{self.paragraph(rng, OPS_PROSE, service, 3)} See the [runbook]({self.link(path, rb_path)}).",
            ),
            (
                "Error budget policy",
                "\n".join(f"- {self.paragraph(rng, plan, service, 1)}" for _ in range(4)),
            ),
        ]
        body = f"# {service} {kind}\n\n" + "\n\n".join(
            f"## {name}\n\n{text}" for name, text in sections
        )
        self.write(path, fm + body + "\n")

    def handoff(self, index: int) -> None:
        # Four rotations hand off every Monday.
        date = TODAY - dt.timedelta(days=7 * ((self.counts["handoff"] - index + 3) // 4))
        path = f"handoffs/{date.isoformat()}-week-{date.isocalendar().week:02d}-{index:04d}.md"
        rng = self.rng("handoff", index)
        defect = self.maybe_defect(rng, path, ("missing-section", "broken-link"))
        service = self.pick_service(rng)
        giver, taker = rng.sample(PEOPLE, 2)
        incidents = [rng.randrange(self.counts["postmortem"]) for _ in range(rng.randint(2, 4))]
        issues = []
        for number, incident in enumerate(incidents):
            pm_path, _date, pm_service, _slug = self.postmortem_identity(incident)
            broken = defect == "broken-link" and number == 0
            issues.append(
                f"- `{pm_service}`: {self.paragraph(rng, INCIDENT_PROSE, pm_service, 2)} "
                f"([postmortem]({self.link(path, pm_path, broken)}))"
            )
        runbook = self.runbook_identity(rng.randrange(self.counts["runbook"]))
        maintenance = "\n".join(
            ["| When (UTC) | What | Who |", "|---|---|---|"]
            + [
                f"| {(date + dt.timedelta(days=d)).isoformat()} 0{rng.randint(1, 5)}:00 | {rng.choice(('Postgres minor upgrade', 'Node pool rotation', 'Certificate renewal', 'Kafka broker restart'))} on `{rng.choice(self.services)}` | {rng.choice(TEAMS)} |"
                for d in sorted(rng.sample(range(1, 7), 3))
            ]
        )
        sections = [
            ("Open Issues", "\n".join(issues)),
            (
                "Recent Changes",
                "\n".join(
                    f"- {self.paragraph(rng, INCIDENT_PROSE, service, 2)}"
                    for _ in range(rng.randint(4, 7))
                ),
            ),
            (
                "Known Risks",
                "\n".join(
                    f"- {self.paragraph(rng, PLAN_PROSE, service, 2)}"
                    for _ in range(rng.randint(3, 5))
                ),
            ),
            ("Scheduled Maintenance", maintenance),
            (
                "Runbook Updates",
                f"- [{runbook[3]}]({self.link(path, runbook[0])}): {self.paragraph(rng, OPS_PROSE, runbook[2], 2)}",
            ),
            ("Notes", self.paragraphs(rng, OPS_PROSE, service, 3)),
        ]
        if defect == "missing-section":
            drop = rng.choice(("Known Risks", "Scheduled Maintenance", "Runbook Updates"))
            sections = [s for s in sections if s[0] != drop]
        week = date.isocalendar().week
        fm = (
            f"---\ntype: handoff\nid: HO-{index:05d}\ntitle: {rng.choice(('Platform', 'Payments', 'Logistics', 'Data'))} on-call handoff, week {week}\n"
            f'date: {date.isoformat()}\nfrom: "{giver}"\nto: "{taker}"\nrotation: {rng.choice(("platform-primary", "payments-primary", "logistics-secondary"))}\n---\n'
        )
        body = f"# On-call handoff, week {week}\n\n" + "\n\n".join(
            f"## {name}\n\n{text}" for name, text in sections
        )
        self.write(path, fm + body + "\n")

    def toil(self, index: int) -> None:
        rng = self.rng("toil", index)
        service = self.pick_service(rng)
        category = rng.choice(
            ("deployment", "scaling", "config", "data", "access", "monitoring", "recovery")
        )
        path = f"toil/{category}-{service}-{index:04d}.md"
        defect = self.maybe_defect(rng, path, ("toil-hours-mismatch",))
        minutes, occurrences = rng.randint(5, 90), rng.randint(1, 60)
        hours = round(minutes * occurrences / 60, 2)
        if defect:
            hours = round(hours * rng.choice((2, 3)) + 1, 2)
        fm = (
            f"---\ntype: toil\nid: TOIL-{index:05d}\ntitle: Manual {category} work on {service}\ncategory: {category}\n"
            f"frequency: {rng.choice(('daily', 'weekly', 'monthly', 'per-incident'))}\n"
            f"time_per_occurrence_min: {minutes}\noccurrences_per_month: {occurrences}\n"
            f"total_hours_per_month: {hours:g}\nautomation_difficulty: {rng.choice(('low', 'medium', 'high'))}\n"
            f"teams_affected: {_flow(rng.sample(TEAMS, rng.randint(1, 3)))}\n"
            f'owner: "{rng.choice(PEOPLE)}"\n---\n'
        )
        steps = "\n".join(
            f"{n}. {self.paragraph(rng, OPS_PROSE, service, 1)}"
            for n in range(1, rng.randint(5, 8))
        )
        script = f'#!/usr/bin/env bash\nset -euo pipefail\nkubectl -n {service.split("-")[0]} scale deploy/{service} --replicas="$1"\ncurl -fsS https://{service}.internal/admin/reload -X POST\n'
        cost = "\n".join(
            ["| Month | Occurrences | Hours |", "|---|---|---|"]
            + [
                f"| 2026-{m:02d} | {rng.randint(1, 60)} | {rng.randint(1, 40)} |"
                for m in range(5, 11)
            ]
        )
        body = (
            f"# Manual {category} work on {service}\n\n## What we do by hand\n\n{self.paragraphs(rng, PLAN_PROSE, service, 3)}\n\n"
            f"## Steps today\n\n{steps}\n\n```bash\n{script}```\n\n## Cost\n\n{cost}\n\n"
            f"## Automation proposal\n\n{self.paragraphs(rng, PLAN_PROSE, service, 3)}\n\n## Risks\n\n{self.paragraphs(rng, OPS_PROSE, service, 2)}\n"
        )
        self.write(path, fm + body)

    def service(self, index: int) -> None:
        service = self.services[index]
        path = f"services/{service}.md"
        rng = self.rng("service", index)
        defect = self.maybe_defect(rng, path, ("broken-link",))
        upstream = rng.sample(self.services, rng.randint(1, 4))
        downstream = rng.sample(self.services, rng.randint(0, 3))
        fm = (
            f"---\ntype: service\nid: SVC-{index:05d}\ntitle: {service}\n"
            f"tier: {rng.choice(('critical', 'important', 'standard', 'experimental'))}\n"
            f'owner_team: "{rng.choice(TEAMS)}"\noncall_rotation: {rng.choice(("platform-primary", "payments-primary", "logistics-secondary"))}\n'
            f"dependencies:\n  upstream: [{', '.join(upstream)}]\n  downstream: [{', '.join(downstream)}]\n---\n"
        )
        runbooks = [self.runbook_identity(self.runbook_for(service, k)) for k in range(3)]
        links = "\n".join(
            f"- [{title}]({self.link(path, rb_path, defect is not None and number == 0)})"
            for number, (rb_path, _alert, _svc, title) in enumerate(dict.fromkeys(runbooks))
        )
        endpoints = "\n".join(
            ["| Endpoint | Method | p99 budget |", "|---|---|---|"]
            + [
                f"| `/v1/{service.split('-')[0]}/{name}` | {method} | {rng.randint(50, 900)} ms |"
                for name, method in (
                    ("items", "GET"),
                    ("items", "POST"),
                    ("status", "GET"),
                    ("search", "GET"),
                )
            ]
        )
        body = (
            f"# {service}\n\n{self.paragraphs(rng, PLAN_PROSE, service, 4)}\n\n## Endpoints\n\n{endpoints}\n\n"
            f"## Deploying\n\n{self.paragraph(rng, PLAN_PROSE, service, 4)}\n\n```bash\nmake deploy SERVICE={service} ENV=production\n```\n\n"
            f"## Runbooks\n\n{links}\n\n## Capacity\n\n{self.paragraphs(rng, PLAN_PROSE, service, 3)}\n\n## Failure modes\n\n{self.paragraphs(rng, OPS_PROSE, service, 2)}\n"
        )
        self.write(path, fm + body)

    def page(self, index: int) -> None:
        path = f"guides/guide-{index:04d}.md"
        rng = self.rng("page", index)
        defect = self.maybe_defect(rng, path, ("broken-link",))
        service = self.pick_service(rng)
        runbook = self.runbook_identity(rng.randrange(self.counts["runbook"]))
        parts = [
            f"# {rng.choice(('How we', 'Guide:', 'Notes on how we'))} {rng.choice(('deploy', 'scale', 'page', 'fail over', 'review changes to'))} {service}"
        ]
        for heading in (
            "Background",
            "How it works",
            "Common problems",
            "Checklist",
            "Further reading",
        ):
            parts.append(
                f"## {heading}\n\n{self.paragraphs(rng, PLAN_PROSE + OPS_PROSE, service, 3)}"
            )
        parts.insert(
            3,
            f"```yaml\nservice: {service}\nreplicas: {rng.randint(2, 40)}\nresources:\n  cpu: {rng.randint(1, 8)}\n  memory: {rng.randint(1, 16)}Gi\n```",
        )
        parts.append(
            f"- [Handbook home]({self.link(path, 'index.md')})\n"
            f"- [{runbook[3]}]({self.link(path, runbook[0], defect is not None)})"
        )
        self.write(path, "\n\n".join(parts) + "\n")

    def generate(self, plugin: bool) -> None:
        for folder in ("postmortems", "runbooks", "slos", "handoffs", "toil", "services", "guides"):
            (self.docs_dir / folder).mkdir(parents=True, exist_ok=True)
        makers: dict[str, Callable[[int], None]] = {
            "postmortem": self.postmortem,
            "runbook": self.runbook,
            "slo": self.slo,
            "handoff": self.handoff,
            "toil": self.toil,
            "service": self.service,
            "page": self.page,
        }
        for kind, count in self.counts.items():
            for index in range(count):
                makers[kind](index)
        self.write(
            "index.md",
            "# Handbook\n\nPostmortems, runbooks, SLOs, on-call handoffs, toil records and services.\n",
        )
        plugins = (
            f"  - search\n  - sre-docs:\n      today: {TODAY.isoformat()}\n"
            if plugin
            else "  - search\n"
        )
        (self.root / "mkdocs.yml").write_text(
            "site_name: Benchmark handbook\ndocs_dir: docs\ntheme:\n  name: material\n  font: false\n"
            f"markdown_extensions:\n  - admonition\n  - tables\nplugins:\n{plugins}",
            encoding="utf-8",
        )
        (self.root / "defects.json").write_text(
            json.dumps(dict(sorted(self.defects.items())), indent=1) + "\n", encoding="utf-8"
        )


def generate(out: Path, docs: int, seed: int = 0, plugin: bool = True) -> None:
    """Write a handbook of `docs` documents into `out` (mkdocs.yml, docs/, defects.json)."""
    _Writer(out, docs, seed).generate(plugin)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="folder to write mkdocs.yml and docs/ into")
    parser.add_argument("--docs", type=int, default=1000, help="number of documents")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-plugin", action="store_true", help="mkdocs.yml without sre-docs")
    args = parser.parse_args()
    generate(args.out, args.docs, args.seed, plugin=not args.no_plugin)


if __name__ == "__main__":
    main()
