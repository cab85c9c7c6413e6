"""Runs every benchmark of sre-docs and prints a table of ratios measured in the same run.

`python bench/run.py [--quick]`: generated handbooks, the Python floor, the import floor,
markdownlint-cli2 (when Node is present), `mkdocs build` with and without the plugin."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402 - the bench folder is not a package


def handbook(name: str, docs: int, plugin: bool = True) -> Path:
    root = WORK / f"{name}-{docs}"
    marker = root / ".complete"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        generate(root, docs, seed=7, plugin=plugin)
        marker.write_text("done\n")
    return root


def timed(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        raise SystemExit(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}"
        )
    return elapsed


def median(command: Sequence[str], cwd: Path, repeat: int, **kwargs: object) -> float:
    return statistics.median(timed(command, cwd, **kwargs) for _ in range(repeat))  # type: ignore[arg-type]


def peak_memory(command: Sequence[str], cwd: Path) -> tuple[float, float]:
    """(largest single process, largest sum over the process tree), in MB."""
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak_sum = 0.0
    peak_one = 0.0

    def rss(pid: int) -> float:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return 0.0
        return 0.0

    def children(pid: int) -> list[int]:
        found: list[int] = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                found += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
        return found

    while process.poll() is None:
        tree = [process.pid]
        index = 0
        while index < len(tree):
            tree += children(tree[index])
            index += 1
        sizes = [rss(pid) for pid in tree]
        peak_sum = max(peak_sum, sum(sizes))
        peak_one = max(peak_one, max(sizes, default=0.0))
        time.sleep(0.05)
    return peak_one, peak_sum


def markdownlint(root: Path) -> float | None:
    """Seconds markdownlint-cli2 takes on the handbook, or None without Node."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return None
    prefix = WORK / "node"
    binary = prefix / "node_modules" / ".bin" / "markdownlint-cli2"
    if not binary.exists():
        subprocess.run(
            [npm, "install", "--silent", "--prefix", str(prefix), "markdownlint-cli2@0.22"],
            check=True,
            capture_output=True,
        )
    start = time.perf_counter()
    subprocess.run([str(binary), "docs/**/*.md"], cwd=root, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2k documents, one repetition")
    args = parser.parse_args()
    big = 2000 if args.quick else 10_000
    repeat = 1 if args.quick else 3
    WORK.mkdir(exist_ok=True)
    sre_docs = str(BIN / "sre-docs")
    python = sys.executable
    # An installed wheel has compiled bytecode; an editable checkout gets it here.
    subprocess.run([python, "-m", "compileall", "-q", str(REPO / "sre_docs")], check=True)

    large = handbook("handbook", big)
    small = handbook("handbook", 1000)
    site_with = handbook("site-plugin", 300)
    site_without = handbook("site-plain", 300, plugin=False)
    files = sum(1 for _ in (large / "docs").rglob("*.md"))
    size_mb = sum(p.stat().st_size for p in (large / "docs").rglob("*.md")) / 1e6
    one_file = str(next((large / "docs" / "postmortems").glob("*.md")).relative_to(large))

    rows: list[tuple[str, str, str, str, str, bool | None]] = []

    def add(
        measure: str,
        ours: float,
        baseline: float | None,
        unit: str,
        target: str,
        holds: bool | None,
    ) -> None:
        ratio = f"{ours / baseline:.2f}×" if baseline else "—"
        base = f"{baseline:.3f} {unit}" if baseline is not None else "—"
        rows.append((measure, f"{ours:.3f} {unit}", base, ratio, target, holds))

    floors = []
    for _ in range(repeat):
        out = subprocess.run(
            [python, str(BENCH / "floor.py"), str(large / "docs")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        floors.append(float(out[1]))
    floor = statistics.median(floors)
    import_floor = statistics.median(
        timed([python, "-c", "import yaml, jsonschema, markdown_it, frontmatter"], REPO)
        for _ in range(5)
    )

    cold = median([sre_docs, "lint", "--no-cache", "-q", "--format", "json"], large, repeat)
    add(
        f"cold lint, {big} docs ({size_mb:.0f} MB)",
        cold,
        floor,
        "s",
        "≤ 0.6× floor",
        cold <= 0.6 * floor,
    )
    mdl = markdownlint(large)
    if mdl is not None:
        ours_rate, their_rate = files / cold, files / mdl
        rows.append(
            (
                "files/s vs markdownlint-cli2 0.22",
                f"{ours_rate:.0f}/s",
                f"{their_rate:.0f}/s",
                f"{ours_rate / their_rate:.1f}×",
                "≥ 6×",
                ours_rate >= 6 * their_rate,
            )
        )
    else:
        rows.append(("files/s vs markdownlint-cli2", "—", "skipped (no node)", "—", "≥ 6×", None))
    timed([sre_docs, "lint", "-q"], large)  # populate the cache
    warm = median([sre_docs, "lint", "-q"], large, repeat)
    add("warm re-lint, nothing changed", warm, cold, "s", "≤ 0.1× cold", warm <= 0.1 * cold)
    one_warm = median([sre_docs, "lint", "-q", one_file], large, max(repeat, 3))
    add(
        "one file in the handbook, warm",
        one_warm,
        import_floor,
        "s",
        "≤ 0.6× import floor",
        one_warm <= 0.6 * import_floor,
    )
    one_cold = median([sre_docs, "lint", "-q", "--no-cache", one_file], large, repeat)
    add("one file in the handbook, cold", one_cold, import_floor, "s", "report", None)
    plain = median(
        [str(BIN / "mkdocs"), "build", "-q", "-d", str(WORK / "site-a")],
        site_without,
        repeat,
        env={"NO_MKDOCS_2_WARNING": "1"},
    )
    plugged = median(
        [str(BIN / "mkdocs"), "build", "-q", "-d", str(WORK / "site-b")],
        site_with,
        repeat,
        env={"NO_MKDOCS_2_WARNING": "1"},
    )
    add(
        "mkdocs build, 300 pages, with plugin",
        plugged,
        plain,
        "s",
        "≤ 1.05×",
        plugged <= 1.05 * plain,
    )
    if not args.quick:
        small_cold = median([sre_docs, "lint", "--no-cache", "-q"], small, repeat)
        add(
            "scaling 1k → 10k docs (cold)",
            cold,
            small_cold,
            "s",
            "≤ 10.5×",
            cold <= 10.5 * small_cold,
        )
    single, total = peak_memory([sre_docs, "lint", "--no-cache", "-q"], large)
    rows.append(
        (
            f"peak memory, cold lint of {big}",
            f"{total:.0f} MB (largest process {single:.0f} MB)",
            "—",
            "—",
            "≤ 200 MB",
            total <= 200,
        )
    )
    rows.insert(0, ("single-process Python floor", f"{floor:.3f} s", "—", "—", "baseline", None))
    rows.insert(
        1,
        (
            "import floor (yaml, jsonschema, markdown_it, frontmatter)",
            f"{import_floor:.3f} s",
            "—",
            "—",
            "baseline",
            None,
        ),
    )

    header = ("measure", "ours", "baseline", "ratio", "target", "holds")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        holds = {True: "yes", False: "**no**", None: "—"}[row[5]]
        lines.append("| " + " | ".join([*row[:5], holds]) + " |")
    machine = (
        f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{files} documents"
    )
    report = "\n".join(lines) + f"\n\nMachine: {machine}\n"
    print(report)
    (WORK / "results.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
