"""Runs every benchmark of sre-docs in one go and prints a table of ratios measured side by side.

`python bench/run.py [--quick]` times the installed `sre-docs` and `mkdocs` commands against the
floors, markdownlint-cli2 and a plain `mkdocs build` on generated handbooks in bench/.work/."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import posixpath
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
SEED = 7
MARKDOWNLINT = "markdownlint-cli2@0.22"
CORPUS_HANDBOOK = REPO.parent / "shared" / "corpus" / "sourcegraph__handbook" / "content"
MKDOCS_ENV = {"NO_MKDOCS_2_WARNING": "1"}  # keep Material's notice out of captured output
LINES = ("cold", "markdownlint", "warm", "one-file", "build", "real-build", "scaling", "memory")
"""Names of the lines `--only` chooses (warm, markdownlint and scaling compare with cold)."""

sys.path.insert(0, str(BENCH))
from floor import IMPORTS  # noqa: E402 - bench/ is a folder of scripts, not a package
from generate import generate  # noqa: E402


class MeasureFailed(Exception):
    """A command the benchmark needs failed; the message is one line for the table."""


@dataclass(slots=True)
class Row:
    measure: str
    ours: str
    baseline: str = "—"
    ratio: str = "—"
    target: str = "—"
    holds: bool | None = None


@dataclass(slots=True)
class Handbook:
    root: Path
    files: int
    megabytes: float
    generated_in: float | None  # None when reused from an earlier run


@dataclass(frozen=True, slots=True)
class Timing:
    """Wall-clock seconds (what the targets are about) and the CPU seconds of the process tree.

    CPU time barely moves when other work shares the machine; wall time does. Both are shown so a
    ratio taken on a busy machine can be told from a slow program."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:.3f} s (CPU {self.cpu:.2f} s)"

    @staticmethod
    def median(samples: Sequence[Timing]) -> Timing:
        return Timing(
            statistics.median(t.wall for t in samples), statistics.median(t.cpu for t in samples)
        )


def cache_home(root: Path) -> Path:
    """The user cache folder (XDG_CACHE_HOME) the commands run in `root` get: one per handbook,
    so that clearing one handbook's cache leaves the others', outside the repository (sre-docs
    refuses a cache folder inside one)."""
    return Path(tempfile.gettempdir()) / "sre-docs-bench-cache" / root.name


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no output)"


def run(
    command: Sequence[str],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    any_status: bool = False,
) -> Timing:
    """How long `command` takes; exit 0 or 1 is success (seeded defects make the linter exit 1).

    Commands run one at a time, so the growth of RUSAGE_CHILDREN is this command's process tree."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            env={**os.environ, "XDG_CACHE_HOME": str(cache_home(cwd)), **(env or {})},
            check=False,
        )
    except OSError as error:
        raise MeasureFailed(f"{command[0]}: {error.strerror}") from None
    elapsed = Timing(time.perf_counter() - start, _children_cpu() - cpu_before)
    name = " ".join(Path(part).name if index == 0 else part for index, part in enumerate(command))
    if "Traceback (most recent call last)" in result.stderr:
        raise MeasureFailed(f"`{name}` crashed: {_last_line(result.stderr)}")
    if not any_status and result.returncode not in (0, 1):
        raise MeasureFailed(
            f"`{name}` exited {result.returncode}: {_last_line(result.stderr or result.stdout)}"
        )
    return elapsed


def median(
    command: Sequence[str],
    cwd: Path,
    repeat: int,
    *,
    before: Callable[[], None] | None = None,
    **kwargs: object,
) -> Timing:
    samples = []
    for _ in range(repeat):
        if before is not None:
            before()
        samples.append(run(command, cwd, **kwargs))  # type: ignore[arg-type]
    return Timing.median(samples)


def _generator_digest() -> str:
    return hashlib.sha256((BENCH / "generate.py").read_bytes()).hexdigest()[:16]


def handbook(docs: int, plugin: bool = True) -> Handbook:
    """The generated handbook of `docs` documents, reused when its parameters have not changed."""
    root = WORK / (f"handbook-{docs}" if plugin else f"handbook-{docs}-plain")
    stamp = root / ".params.json"
    params = {"docs": docs, "seed": SEED, "plugin": plugin, "generator": _generator_digest()}
    generated_in = None
    try:
        reuse = json.loads(stamp.read_text(encoding="utf-8")) == params
    except (OSError, ValueError):
        reuse = False
    if not reuse:
        shutil.rmtree(root, ignore_errors=True)
        start = time.perf_counter()
        generate(root, docs, seed=SEED, plugin=plugin)
        generated_in = time.perf_counter() - start
        stamp.write_text(json.dumps(params) + "\n", encoding="utf-8")
    paths = list((root / "docs").rglob("*.md"))
    size = sum(path.stat().st_size for path in paths) / 1e6
    return Handbook(root, len(paths), size, generated_in)


def write_plugin_additions(plugin_root: Path, docs: Path) -> None:
    """Write into the pages under `docs` what the plugin adds in memory to the same pages of
    the handbook at `plugin_root`: the summary box of each postmortem, SLO and runbook, the
    notice on each page with findings, and the health page listing every finding."""
    from sre_docs.aggregate import aggregate
    from sre_docs.export import load
    from sre_docs.linter import LintContext, Selection, collect_findings
    from sre_docs.plugin.plugin import insert_after_title
    from sre_docs.site.pages import HEALTH_PAGE, render_headers, render_health, render_notice

    here, home = Path.cwd(), os.environ.get("XDG_CACHE_HOME")
    os.chdir(plugin_root)
    os.environ["XDG_CACHE_HOME"] = str(cache_home(plugin_root))
    try:
        config, today, loaded = load(argparse.Namespace(config=None, today=None))
        loaded.finish()
        data = aggregate(loaded.full_handbook(), config, today)
        findings = collect_findings(
            loaded.handbook, LintContext(config, today), Selection.build(config)
        )
    finally:
        os.chdir(here)
        if home is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = home
    health = f"{config.index_folder}/{HEALTH_PAGE}"
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.path] = counts.get(finding.path, 0) + 1
    headers = render_headers(data, config)
    for page in sorted(docs.rglob("*.md")):
        rel = page.relative_to(docs).as_posix()
        header = headers.get(rel, "")
        if counts.get(rel):
            # The page's URL as MkDocs makes it (`use_directory_urls`), as the plugin links it.
            stem = rel.removesuffix(".md")
            folder = posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem
            link = posixpath.relpath(health.removesuffix(".md"), folder or ".") + "/"
            header = render_notice(counts[rel], link) + "\n" + header
        if not header:
            continue
        text = page.read_text("utf-8")
        # The plugin sees the page as MkDocs hands it over: without its front matter.
        end = text.find("\n---\n", 4) + 5 if text.startswith("---\n") else 0
        page.write_text(text[:end] + insert_after_title(text[end:], header), "utf-8")
    linkable = {page.relative_to(docs).as_posix() for page in docs.rglob("*.md")}
    (docs / health).write_text(render_health(findings, data, config, linkable), "utf-8")


def find_command(name: str) -> str | None:
    for candidate in (REPO / ".venv" / "bin" / name, Path(sys.executable).parent / name):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def probe_sre_docs() -> tuple[str | None, str, bool]:
    """(path of the installed command or None, why not / its version, whether it has --no-cache)."""
    command = find_command("sre-docs")
    if command is None:
        return None, "sre-docs is not installed (pip install -e . in the venv)", False
    try:
        result = subprocess.run(
            [command, "lint", "--help"], capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"`sre-docs lint --help` failed: {error}", False
    if result.returncode != 0:
        return None, f"`sre-docs lint --help` failed: {_last_line(result.stderr)}", False
    version = subprocess.run(
        [command, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return command, version or "sre-docs", "--no-cache" in result.stdout


def markdownlint_command() -> list[str]:
    """The markdownlint-cli2 binary, installed once into bench/.work/node."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise MeasureFailed("skipped (no node)")
    prefix = WORK / "node"
    binary = prefix / "node_modules" / ".bin" / "markdownlint-cli2"
    if not binary.exists():
        result = subprocess.run(
            [npm, "install", "--silent", "--prefix", str(prefix), MARKDOWNLINT],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not binary.exists():
            raise MeasureFailed(f"skipped (npm install failed: {_last_line(result.stderr)})")
    return [str(binary)]


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"nproc {usable}, {model}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load average {load}"
    )


def ratio(ours: Timing, baseline: Timing) -> str:
    return f"{ours.wall / baseline.wall:.2f}×" if baseline.wall > 0 else "—"


def table(rows: list[Row]) -> str:
    header = ("measure", "ours", "baseline", "ratio", "target", "holds?")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        holds = {True: "yes", False: "**no**", None: "—"}[row.holds]
        cells = (row.measure, row.ours, row.baseline, row.ratio, row.target, holds)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="2,000 instead of 10,000 documents, one run each"
    )
    parser.add_argument(
        "--builds", action="store_true", help="only the `mkdocs build` lines, five rounds each"
    )
    parser.add_argument(
        "--only",
        type=lambda value: [name.strip() for name in value.split(",") if name.strip()],
        default=None,
        metavar="LINE,...",
        help=f"measure only these lines (besides the floors): {', '.join(LINES)}",
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.only or ()) - set(LINES))
    if unknown:
        parser.error(f"unknown line {unknown[0]!r} (one of {', '.join(LINES)})")
    chosen = set(args.only or LINES)
    if args.builds:
        chosen &= {"build", "real-build"}
    big_docs = 2000 if args.quick else 10_000
    repeat = 1 if args.quick else 3
    WORK.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    machine_before = machine()
    rows: list[Row] = []
    failures = 0

    def attempt(measure: str, target: str, body: Callable[[], None], line: str) -> None:
        nonlocal failures
        if line not in chosen:
            return
        try:
            body()
        except MeasureFailed as error:
            reason = str(error)
            failures += 0 if reason.startswith("skipped") else 1
            rows.append(Row(measure, reason, target=target))

    print("Generating handbooks (reused when unchanged) …", file=sys.stderr)
    big = handbook(big_docs)
    small = handbook(1000)
    site_plugin = handbook(300)
    site_plain = handbook(300, plugin=False)
    handbooks = [("lint", big), ("scaling", small), ("site", site_plugin), ("site", site_plain)]
    generation = "\n".join(
        f"- {book.root.name}: {book.files} files, {book.megabytes:.1f} MB, "
        + (f"generated in {book.generated_in:.1f} s" if book.generated_in else "reused")
        for _, book in handbooks
    )
    print(generation, file=sys.stderr)

    sre_docs, version, has_no_cache = probe_sre_docs()
    measured_with = version if sre_docs else "no sre-docs"
    no_cache = ["--no-cache"] if has_no_cache else []
    notes: list[str] = []
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if os.getloadavg()[0] > (usable or 1):
        notes.append(
            "The machine was busy when the run started (load average above nproc): wall-clock "
            "ratios are noisy; the CPU seconds show how much of a gap is the program's own."
        )
    if sre_docs is None:
        notes.append(f"sre-docs not measured: {version}.")
    elif not has_no_cache:
        notes.append("`sre-docs lint` has no --no-cache yet: cold runs may read a cache.")
    if (REPO / "sre_docs").is_dir():
        # An installed wheel ships compiled bytecode; an editable checkout gets it here.
        subprocess.run([python, "-m", "compileall", "-q", str(REPO / "sre_docs")], check=False)

    def need_sre_docs() -> str:
        if sre_docs is None:
            raise MeasureFailed(f"not measured: {version}")
        return sre_docs

    def clear_cache(root: Path) -> Callable[[], None]:
        return lambda: shutil.rmtree(cache_home(root), ignore_errors=True)

    if not args.builds:
        print("Floors …", file=sys.stderr)
        floor = median([python, str(BENCH / "floor.py"), "docs"], big.root, repeat)
        import_floor = median([python, "-c", IMPORTS], REPO, 5)
        rows.append(Row(f"single-process Python floor, {big.files} files", str(floor)))
        rows.append(Row("import floor (`" + IMPORTS + "`)", str(import_floor)))

    cold: dict[str, Timing] = {}

    def cold_lint() -> None:
        command = [need_sre_docs(), "lint", *no_cache, "--format", "json", "docs"]
        cold["big"] = median(command, big.root, repeat, before=clear_cache(big.root))
        rows.append(
            Row(
                f"cold lint, {big.files} files ({big.megabytes:.0f} MB)",
                str(cold["big"]),
                f"{floor.wall:.3f} s (Python floor)",
                ratio(cold["big"], floor),
                "≤ 0.6×",
                cold["big"].wall <= 0.6 * floor.wall,
            )
        )

    print("Cold lint …", file=sys.stderr)
    attempt(f"cold lint, {big.files} files", "≤ 0.6×", cold_lint, "cold")

    def versus_markdownlint() -> None:
        command = [*markdownlint_command(), "docs/**/*.md"]
        theirs = median(command, big.root, repeat, any_status=True)
        if "big" not in cold:
            raise MeasureFailed(f"markdownlint-cli2 took {theirs}; no cold lint to compare")
        ours_rate, their_rate = big.files / cold["big"].wall, big.files / theirs.wall
        rows.append(
            Row(
                "files/s, cold lint vs markdownlint-cli2 0.22",
                f"{ours_rate:.0f} files/s",
                f"{their_rate:.0f} files/s ({theirs})",
                f"{ours_rate / their_rate:.2f}×",
                "≥ 6×",
                ours_rate >= 6 * their_rate,
            )
        )

    print("markdownlint-cli2 …", file=sys.stderr)
    attempt("files/s vs markdownlint-cli2 0.22", "≥ 6×", versus_markdownlint, "markdownlint")

    def warm_lint() -> None:
        command = [need_sre_docs(), "lint", "--format", "json", "docs"]
        clear_cache(big.root)()
        run(command, big.root)  # populates the cache
        warm = median(command, big.root, repeat)
        if "big" not in cold:
            raise MeasureFailed(f"{warm}; no cold lint to compare")
        rows.append(
            Row(
                "warm re-lint, nothing changed",
                str(warm),
                f"{cold['big'].wall:.3f} s (cold lint)",
                ratio(warm, cold["big"]),
                "≤ 0.1×",
                warm.wall <= 0.1 * cold["big"].wall,
            )
        )

    print("Warm lint …", file=sys.stderr)
    attempt("warm re-lint, nothing changed", "≤ 0.1×", warm_lint, "warm")

    one_file = min((big.root / "docs" / "postmortems").glob("*.md")).relative_to(big.root)

    def one_file_warm() -> None:
        """The same command again on an unchanged tree: answered from its stored answer."""
        command = [need_sre_docs(), "lint", one_file.as_posix()]
        if not cache_home(big.root).exists():
            run([need_sre_docs(), "lint"], big.root)  # the cache a pre-commit run finds
        run(command, big.root)  # stores this command line's answer
        timing = median(command, big.root, max(repeat, 3))
        rows.append(
            Row(
                "one file in the handbook, warm (pre-commit path)",
                str(timing),
                f"{import_floor.wall:.3f} s (import floor)",
                ratio(timing, import_floor),
                "≤ 0.6×",
                timing.wall <= 0.6 * import_floor.wall,
            )
        )

    def one_file_other() -> None:
        """Another file each time: no stored answer, every record from the cache."""
        others = sorted((big.root / "docs" / "postmortems").glob("*.md"))[1:]
        names = iter(path.relative_to(big.root).as_posix() for path in others)
        samples = []
        if not cache_home(big.root).exists():
            run([need_sre_docs(), "lint"], big.root)
        for _ in range(max(repeat, 3)):
            samples.append(run([need_sre_docs(), "lint", next(names)], big.root))
        timing = Timing.median(samples)
        rows.append(
            Row(
                "one file in the handbook, warm, a file not named before (no stored answer)",
                str(timing),
                f"{import_floor.wall:.3f} s (import floor)",
                ratio(timing, import_floor),
                "report",
            )
        )

    def one_file_cold() -> None:
        command = [need_sre_docs(), "lint", *no_cache, one_file.as_posix()]
        timing = median(command, big.root, repeat)
        rows.append(
            Row(
                "one file in the handbook, cold (no cache)",
                str(timing),
                f"{import_floor.wall:.3f} s (import floor)",
                ratio(timing, import_floor),
                "report",
            )
        )

    def one_file_edited() -> None:
        """What pre-commit usually sees: the named file was just changed, so it is parsed."""
        command = [need_sre_docs(), "lint", one_file.as_posix()]
        path = big.root / one_file
        original = path.read_bytes()
        edits = iter(range(1_000_000))

        def edit() -> None:
            path.write_bytes(original + f"\nEdit {next(edits)}.\n".encode())

        try:
            timing = median(command, big.root, max(repeat, 3), before=edit)
        finally:
            path.write_bytes(original)
        rows.append(
            Row(
                "one file in the handbook, just edited, warm (pre-commit path)",
                str(timing),
                f"{import_floor.wall:.3f} s (import floor)",
                ratio(timing, import_floor),
                "report",
            )
        )

    print("One file …", file=sys.stderr)
    attempt("one file in the handbook, warm", "≤ 0.6×", one_file_warm, "one-file")
    attempt("one file in the handbook, not named before", "report", one_file_other, "one-file")
    attempt("one file in the handbook, just edited", "report", one_file_edited, "one-file")
    attempt("one file in the handbook, cold", "report", one_file_cold, "one-file")

    def static_site(out: Path) -> Path:
        """The plain handbook plus the reliability pages written as files by `build-pages`,
        and what the plugin adds to pages written into them (summary boxes, notices, the health
        page): the same site as the plugin's, made without it."""
        root = WORK / "handbook-300-static"
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(site_plain.root, root)
        pages = out / "pages"
        run([need_sre_docs(), "build-pages", "--out", str(pages)], site_plugin.root)
        shutil.copytree(pages, root / "docs", dirs_exist_ok=True)  # pages/reliability/…
        write_plugin_additions(site_plugin.root, root / "docs")
        return root

    def mkdocs_builds() -> None:
        mkdocs = find_command("mkdocs")
        if mkdocs is None:
            raise MeasureFailed("not measured: mkdocs is not installed")
        out = Path(tempfile.mkdtemp(prefix="sre-docs-bench-site-"))
        try:
            static_root = static_site(out)
            static_pages = sum(1 for _ in (static_root / "docs").rglob("*.md"))
            plain_command = [mkdocs, "build", "-q", "-d", str(out / "plain")]
            static_command = [mkdocs, "build", "-q", "-d", str(out / "static")]
            plugin_command = [mkdocs, "build", "-q", "-d", str(out / "plugin")]
            run(plain_command, site_plain.root, env=MKDOCS_ENV)  # warm the disk and imports
            plain: list[Timing] = []
            static: list[Timing] = []
            plugin_cold: list[Timing] = []
            plugin_warm: list[Timing] = []
            # Interleaved, so drift hits every side alike; five rounds, as 5 % is within the
            # noise of three on a shared machine.
            for _ in range(5 if args.builds else repeat if args.quick else max(repeat, 5)):
                plain.append(run(plain_command, site_plain.root, env=MKDOCS_ENV))
                static.append(run(static_command, static_root, env=MKDOCS_ENV))
                clear_cache(site_plugin.root)()
                plugin_cold.append(run(plugin_command, site_plugin.root, env=MKDOCS_ENV))
                plugin_warm.append(run(plugin_command, site_plugin.root, env=MKDOCS_ENV))
        finally:
            shutil.rmtree(out, ignore_errors=True)
        same_pages = Timing.median(static)
        bare = Timing.median(plain)
        for label, samples, base, base_label, target in (
            (
                "no sre-docs cache (CI)",
                plugin_cold,
                same_pages,
                f"without the plugin, the same {static_pages} pages as files",
                "≤ 1.05×",
            ),
            (
                "cache from an earlier build",
                plugin_warm,
                same_pages,
                f"without the plugin, the same {static_pages} pages as files",
                "report",
            ),
            (
                "no sre-docs cache (CI)",
                plugin_cold,
                bare,
                f"without the plugin and without the {static_pages - site_plain.files} "
                "reliability pages",
                "report",
            ),
        ):
            timing = Timing.median(samples)
            rows.append(
                Row(
                    f"`mkdocs build`, {site_plugin.files} pages, with the plugin, {label}",
                    str(timing),
                    f"{base} ({base_label})",
                    ratio(timing, base),
                    target,
                    timing.wall <= 1.05 * base.wall if target != "report" else None,
                )
            )

    print("mkdocs build …", file=sys.stderr)
    attempt(
        f"`mkdocs build`, {site_plugin.files} pages, with the plugin",
        "≤ 1.05×",
        mkdocs_builds,
        "build",
    )

    def real_handbook_builds() -> None:
        """A handbook nobody here wrote, built as a new user would: the plugin added to a
        plain Material site (cache removed before each build), against the same site
        without it."""
        mkdocs = find_command("mkdocs")
        if mkdocs is None:
            raise MeasureFailed("not measured: mkdocs is not installed")
        if not CORPUS_HANDBOOK.is_dir():
            raise MeasureFailed(f"skipped (no {CORPUS_HANDBOOK})")
        pages = sum(1 for _ in CORPUS_HANDBOOK.rglob("*.md"))
        out = Path(tempfile.mkdtemp(prefix="sre-docs-bench-corpus-"))
        try:
            sites = {}
            for name, plugins in (
                ("plain", "  - search\n"),
                ("plugin", "  - search\n  - sre-docs\n"),
            ):
                root = out / name
                root.mkdir()
                (root / "mkdocs.yml").write_text(
                    f"site_name: Sourcegraph handbook\ndocs_dir: {CORPUS_HANDBOOK}\n"
                    f"theme:\n  name: material\n  font: false\nplugins:\n{plugins}",
                    encoding="utf-8",
                )
                sites[name] = (root, [mkdocs, "build", "-q", "-d", str(out / f"{name}-site")])
            run(sites["plain"][1], sites["plain"][0], env=MKDOCS_ENV)  # warm the disk
            plain: list[Timing] = []
            plugin: list[Timing] = []
            for _ in range(5 if args.builds else repeat):
                plain.append(run(sites["plain"][1], sites["plain"][0], env=MKDOCS_ENV))
                clear_cache(sites["plugin"][0])()
                plugin.append(run(sites["plugin"][1], sites["plugin"][0], env=MKDOCS_ENV))
        finally:
            shutil.rmtree(out, ignore_errors=True)
        ours, theirs = Timing.median(plugin), Timing.median(plain)
        rows.append(
            Row(
                f"`mkdocs build`, sourcegraph__handbook ({pages} pages), with the plugin, "
                "no sre-docs cache",
                str(ours),
                f"{theirs} (the same site without the plugin)",
                f"{ratio(ours, theirs)} (CPU {ours.cpu / theirs.cpu:.2f}×)",
                "≤ 1.05×",
                ours.wall <= 1.05 * theirs.wall,
            )
        )

    print("mkdocs build of a real handbook …", file=sys.stderr)
    attempt(
        "`mkdocs build`, sourcegraph__handbook, with the plugin",
        "≤ 1.05×",
        real_handbook_builds,
        "real-build",
    )

    factor = big_docs / 1000
    scaling_target = f"≤ {1.05 * factor:.1f}×"

    def scaling() -> None:
        command = [need_sre_docs(), "lint", *no_cache, "--format", "json", "docs"]
        timing = median(command, small.root, repeat, before=clear_cache(small.root))
        if "big" not in cold:
            raise MeasureFailed(f"1k took {timing}; no cold lint of {big_docs} to compare")
        rows.append(
            Row(
                f"scaling 1k → {big_docs // 1000}k documents (cold lint)",
                str(cold["big"]),
                f"{timing} (1k)",
                ratio(cold["big"], timing),
                scaling_target,
                cold["big"].wall <= 1.05 * factor * timing.wall,
            )
        )

    print("Scaling …", file=sys.stderr)
    attempt(f"scaling 1k → {big_docs // 1000}k documents", scaling_target, scaling, "scaling")

    def memory() -> None:
        command = [need_sre_docs(), "lint", *no_cache, "--format", "json", "docs"]
        clear_cache(big.root)()
        result = subprocess.run(
            [python, str(BENCH / "memory.py"), *command],
            cwd=big.root,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise MeasureFailed(f"memory wrapper failed: {_last_line(result.stderr)}")
        peak = json.loads(result.stdout)
        if peak["returncode"] not in (0, 1):
            raise MeasureFailed(f"`sre-docs lint` exited {peak['returncode']} under the wrapper")
        rows.append(
            Row(
                f"peak memory, cold lint of {big.files} files, all processes",
                f"{peak['peak_rss_sum_mb']:.0f} MB RSS summed ({peak['peak_pss_sum_mb']:.0f} MB "
                f"PSS); largest process {peak['largest_process_mb']:.0f} MB; "
                f"{peak['processes']} processes",
                "—",
                "—",
                "≤ 200 MB",
                peak["peak_rss_sum_mb"] <= 200,
            )
        )

    print("Peak memory …", file=sys.stderr)
    attempt(f"peak memory, cold lint of {big.files} files", "≤ 200 MB", memory, "memory")

    machine_after = machine().rsplit("load average ", 1)[1]
    mode = "quick: one run each" if args.quick else f"median of {repeat} runs"
    if args.builds:
        mode = "only the builds: median of 5 interleaved rounds"
    report = (
        f"{table(rows)}\n\n"
        f"Measured with {measured_with} ({mode}; import floor median of 5).\n"
        f"Machine: {machine_before} (at the end: {machine_after}).\n\nHandbooks:\n\n{generation}\n"
        + "".join(f"\n{note}\n" for note in notes)
    )
    print(report)
    (WORK / "results.md").write_text(report, encoding="utf-8")
    return 1 if failures else 0


def entry_point() -> None:
    try:
        sys.exit(main())
    except MeasureFailed as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    entry_point()
