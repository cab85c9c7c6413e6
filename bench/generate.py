"""Deterministic generator of realistic SRE handbooks for the benchmarks (all six types).

`python bench/generate.py OUT --docs N [--seed S] [--no-plugin]` writes OUT/mkdocs.yml and
OUT/docs/; about 9.5 KB a document, cross-linked, with ~3 % seeded defects."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SERVICES = [
    f"svc-{name}"
    for name in (
        "checkout",
        "payments",
        "labels",
        "dispatch",
        "tracking",
        "notify",
        "search",
        "catalog",
        "auth",
        "billing",
        "inventory",
        "pricing",
        "ledger",
        "gateway",
        "cache",
        "queue",
    )
]
PEOPLE = ["@amira", "@jonas", "@li.wei", "@sofia", "@tomasz", "@ngozi", "@pedro", "@yuki"]
SENTENCES = [
    "The error rate of {svc} rose from 0.1 % to 4 % within two minutes of the rollout.",
    "Requests queued behind a slow dependency and the p99 latency passed 2 seconds.",
    "The health check only tested the TCP port, so the load balancer kept sending traffic.",
    "A configuration push changed the connection pool size on every pod at once.",
    "The on-call engineer rolled back the deploy and the error rate recovered.",
    "Dashboards showed the saturation clearly, but no alert was attached to them.",
    "Retries from clients tripled the load on {svc} while it was recovering.",
    "The runbook described the old cluster layout and had to be adapted on the fly.",
    "Capacity was planned for last year's peak; this year's campaign was twice as large.",
    "We added a canary stage for configuration changes and an alert on pool saturation.",
]


def _prose(rng: random.Random, service: str, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES).format(svc=service) for _ in range(sentences))


def _paragraphs(rng: random.Random, service: str, count: int) -> str:
    return "\n\n".join(_prose(rng, service, rng.randint(4, 7)) for _ in range(count))


class Handbook:
    def __init__(self, root: Path, docs: int, seed: int) -> None:
        self.root = root
        self.docs = root / "docs"
        self.rng = random.Random(seed)
        shares = [
            ("postmortem", 35),
            ("runbook", 25),
            ("slo", 12),
            ("handoff", 10),
            ("toil", 8),
            ("service", 5),
            ("page", 5),
        ]
        total = sum(share for _, share in shares)
        self.counts = {kind: max(1, docs * share // total) for kind, share in shares}
        self.counts["postmortem"] += docs - sum(self.counts.values())

    def defect(self) -> bool:
        return self.rng.random() < 0.03

    def write(self, rel: str, text: str) -> None:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def runbook_rel(self, index: int) -> str:
        return f"runbooks/rb-{index % self.counts['runbook']:05d}.md"

    def alert(self, index: int) -> str:
        return f"Alert{index % self.counts['runbook']:05d}"

    def postmortem(self, index: int) -> None:
        rng = self.rng
        service = rng.choice(SERVICES)
        month = 1 + index % 12
        date = f"2026-{month:02d}-{1 + index % 27:02d}"
        items = []
        for number in range(rng.randint(1, 3)):
            owner = "" if self.defect() else f'    owner: "{rng.choice(PEOPLE)}"\n'
            items.append(
                f"  - id: PM-{index}-AI-{number}\n    description: Add a guard rail for {service}\n"
                f"{owner}    due: 2027-0{1 + number}-15\n    ticket: PW-{index}{number}\n"
                f"    priority: P{number % 3}\n    type: prevent\n    status: open\n"
            )
        blame = "Bob forgot to drain the node. " if self.defect() else ""
        rows = "\n".join(
            f"| P{n % 3} | Automate check {n} for {service} | {rng.choice(PEOPLE)} | "
            f"2027-03-{10 + n} | PW-{index}{n + 5} |"
            for n in range(3)
        )
        timeline = "\n".join(
            f"- **{date} {hour:02d}:{minute:02d}** — {_prose(rng, service, 1)}"
            for hour in range(9, 15)
            for minute in (5, 35)
        )
        runbook = self.runbook_rel(index)
        link = "../runbooks/missing.md" if self.defect() else f"../{runbook}"
        sections = ["Summary", "Impact", "Timeline", "Root Cause", "Action Items"]
        if self.defect():
            sections.remove("Impact")
        body = {
            "Summary": _paragraphs(rng, service, 2),
            "Impact": _paragraphs(rng, service, 2),
            "Timeline": timeline,
            "Root Cause": blame
            + _paragraphs(rng, service, 6)
            + "\n\n```bash\nkubectl -n prod rollout history deploy/"
            + service
            + "\n```",
            "Action Items": "| Priority | Action | Owner | Due | Ticket |\n|---|---|---|---|---|\n"
            + rows,
        }
        text = (
            f"---\ntitle: Incident {index} on {service}\ndate: {date}\nseverity: SEV{1 + index % 4}\n"
            f'status: final\nreviewers: ["{rng.choice(PEOPLE)}"]\nservices: [{service}]\n'
            f"id: PM-{index}\nduration_minutes: {rng.randint(5, 300)}\n"
            f"detection: {{how_detected: alert, time_to_detect_minutes: {rng.randint(1, 30)}}}\n"
            f"resolution: {{time_to_mitigate_minutes: {rng.randint(5, 90)}, "
            f"time_to_resolve_minutes: {rng.randint(30, 300)}}}\n"
            f"alerts: [{self.alert(index)}]\naction_items:\n{''.join(items)}---\n"
            f"# Incident {index} on {service}\n\n"
            + "\n\n".join(f"## {name}\n\n{body[name]}" for name in sections)
            + f"\n\nSee the [runbook]({link}).\n\n## Lessons Learned\n\n{_paragraphs(rng, service, 5)}\n"
        )
        self.write(f"postmortems/2026-{month:02d}-pm-{index:05d}.md", text)

    def runbook(self, index: int) -> None:
        rng = self.rng
        service = rng.choice(SERVICES)
        text = (
            f"---\ntype: runbook\nid: RB-{index}\ntitle: {self.alert(index)} on {service}\n"
            f'alerts: [{self.alert(index)}]\nservice: {service}\nowner: "{rng.choice(PEOPLE)}"\n'
            f"last_reviewed: 2026-{6 + index % 6:02d}-10\n"
            f'escalation: {{after_minutes: 30, contact: "{rng.choice(PEOPLE)}"}}\n---\n'
            f"# {self.alert(index)}\n\n## Overview\n\n{_paragraphs(rng, service, 2)}\n\n"
            f"## Impact\n\n{_paragraphs(rng, service, 2)}\n\n## Diagnosis\n\n"
            f'```promql\nsum by (code) (rate(http_requests_total{{service="{service}"}}[5m]))\n```\n\n'
            f"{_paragraphs(rng, service, 3)}\n\n## Mitigation\n\n{_paragraphs(rng, service, 3)}\n\n"
            f"## Escalation\n\n{_paragraphs(rng, service, 1)}\n"
        )
        self.write(self.runbook_rel(index), text)

    def slo(self, index: int) -> None:
        rng = self.rng
        service = SERVICES[index % len(SERVICES)]
        minutes = "4.32" if self.defect() else "43.2"
        text = (
            f"---\ntype: slo\nid: SLO-{index}\ntitle: {service} availability {index}\n"
            f'service: {service}\nowner: "{rng.choice(PEOPLE)}"\n'
            f"sli: {{name: availability, type: availability}}\ntarget: 99.9\nwindow: 30d\n"
            f"error_budget: 0.1\nerror_budget_minutes: {minutes}\ncurrent: {rng.choice(['99.97', '99.94', '99.91', '99.8'])}\n"
            f"burn_rate_alerts:\n  - name: {self.alert(index)}\n    burn_rate: 14.4\n"
            f"    long_window: 1h\n    short_window: 5m\n    severity: page\n"
            f"    runbook: ../{self.runbook_rel(index)}\n---\n"
            f"# {service} availability\n\n{_paragraphs(rng, service, 8)}\n"
        )
        self.write(f"slos/slo-{index:05d}.md", text)

    def handoff(self, index: int) -> None:
        rng = self.rng
        service = rng.choice(SERVICES)
        sections = [
            "Open Issues",
            "Recent Changes",
            "Known Risks",
            "Scheduled Maintenance",
            "Runbook Updates",
        ]
        if self.defect():
            sections.pop()
        incident = index % self.counts["postmortem"]
        links = f"See [incident {incident}](../postmortems/2026-{1 + incident % 12:02d}-pm-{incident:05d}.md)."
        text = (
            f"---\ntype: handoff\nid: HO-{index}\ndate: 2026-{1 + index % 12:02d}-07\n"
            f'from: "{rng.choice(PEOPLE)}"\nto: "{rng.choice(PEOPLE)}"\nrotation: primary\n---\n'
            f"# Handoff {index}\n\n"
            + "\n\n".join(f"## {name}\n\n{_paragraphs(rng, service, 2)}" for name in sections)
            + f"\n\n{links}\n"
        )
        self.write(f"handoffs/ho-{index:05d}.md", text)

    def toil(self, index: int) -> None:
        rng = self.rng
        minutes, occurrences = rng.randint(5, 60), rng.randint(1, 60)
        hours = round(minutes * occurrences / 60, 2) * (2 if self.defect() else 1)
        text = (
            f"---\ntype: toil\nid: TOIL-{index}\ntitle: Manual task {index}\ncategory: "
            f"{rng.choice(['deployment', 'scaling', 'config', 'data', 'access'])}\n"
            f"frequency: weekly\ntime_per_occurrence_min: {minutes}\n"
            f"occurrences_per_month: {occurrences}\ntotal_hours_per_month: {hours}\n"
            f"automation_difficulty: {rng.choice(['low', 'medium', 'high'])}\n"
            f'teams_affected: ["@team-{index % 7}"]\nowner: "{rng.choice(PEOPLE)}"\n---\n'
            f"# Manual task {index}\n\n{_paragraphs(rng, 'svc-ops', 10)}\n"
        )
        self.write(f"toil/toil-{index:05d}.md", text)

    def service(self, index: int) -> None:
        rng = self.rng
        name = f"{SERVICES[index % len(SERVICES)]}-{index}"
        text = (
            f"---\ntype: service\nid: SVC-{index}\ntitle: {name}\ntier: standard\n"
            f'owner_team: "@team-{index % 7}"\noncall_rotation: primary\n'
            f"dependencies: {{upstream: [{rng.choice(SERVICES)}], downstream: []}}\n---\n"
            f"# {name}\n\n{_paragraphs(rng, name, 10)}\n"
        )
        self.write(f"services/svc-{index:05d}.md", text)

    def page(self, index: int) -> None:
        text = (
            f"# Notes {index}\n\n{_paragraphs(self.rng, 'svc-docs', 12)}\n\n[Home](../index.md)\n"
        )
        self.write(f"notes/note-{index:05d}.md", text)

    def generate(self, plugin: bool) -> None:
        for kind, count in self.counts.items():
            for index in range(count):
                getattr(self, kind)(index)
        self.write("index.md", "# Handbook\n\nGenerated for benchmarks.\n")
        plugins = (
            "  - search\n  - sre-docs:\n      today: 2026-11-24\n" if plugin else "  - search\n"
        )
        (self.root / "mkdocs.yml").write_text(
            "site_name: Benchmark handbook\ndocs_dir: docs\ntheme:\n  name: material\n"
            f"  font: false\nmarkdown_extensions:\n  - admonition\n  - tables\nplugins:\n{plugins}",
            encoding="utf-8",
        )


def generate(out: Path, docs: int, seed: int = 0, plugin: bool = True) -> None:
    Handbook(out, docs, seed).generate(plugin)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-plugin", action="store_true")
    args = parser.parse_args()
    generate(args.out, args.docs, args.seed, plugin=not args.no_plugin)


if __name__ == "__main__":
    main()
