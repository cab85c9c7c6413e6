"""`sre-docs generate …` and `sre-docs import …`: the command-line side of this package.

Generators read the full records of the whole handbook (runbooks resolve across it); findings
that leave a generated alert incomplete are printed like `lint` prints them, and fail the run."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable
from pathlib import Path

from sre_docs.errors import UserError

GENERATE_TARGETS = ("prometheus-rules", "prometheus-tests", "openslo", "sloth")
IMPORT_FORMATS = ("sloth", "openslo", "pyrra")


def generate_arguments(
    parser: argparse.ArgumentParser, common: Callable[[argparse.ArgumentParser], None]
) -> None:
    """The `generate` sub-commands; `common` adds the options every command shares
    (`--today`, `--config`) to each."""
    # A sub-command per target: PATH is then its only positional, so options may come
    # before or after the paths, as with `lint`.
    targets = parser.add_subparsers(dest="target", metavar="TARGET", required=True)
    summaries = {
        "prometheus-rules": "recording rules and burn-rate alerts (a Prometheus rule file)",
        "prometheus-tests": "promtool unit tests for the generated alerts",
        "openslo": "OpenSLO v1 Service, SLO, SLI, AlertPolicy and AlertCondition documents",
        "sloth": "Sloth prometheus/v1 specs, one per service and window",
    }
    for name in GENERATE_TARGETS:
        target = targets.add_parser(name, help=summaries[name], description=summaries[name])
        _target_arguments(target)
        common(target)


def _target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="SLO documents or folders (default: every SLO of the handbook)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write to FILE (openslo: a folder; default: stdout)",
    )
    parser.add_argument(
        "--check",
        type=Path,
        metavar="FILE",
        help="exit 1 when FILE differs from what would be generated",
    )
    parser.add_argument(
        "--rules",
        default="slo-rules.yml",
        metavar="FILE",
        help="prometheus-tests: the rule file the tests load, relative to them "
        "(default: slo-rules.yml)",
    )
    parser.add_argument(
        "--site-url",
        metavar="URL",
        help="published site for runbook_url (default: site_url of mkdocs.yml)",
    )


def import_arguments(
    parser: argparse.ArgumentParser, common: Callable[[argparse.ArgumentParser], None]
) -> None:
    parser.add_argument(
        "format", choices=IMPORT_FORMATS, metavar="FORMAT", help="sloth, openslo or pyrra"
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the spec to import")
    parser.add_argument(
        "--dir", type=Path, metavar="DIR", help="folder inside the docs root (default: slos)"
    )
    parser.add_argument(
        "--window",
        default="30d",
        metavar="WINDOW",
        help="sloth: the SLO period Sloth generates with (its specs carry none; default 30d)",
    )
    parser.add_argument("--stdout", action="store_true", help="print the documents instead")
    common(parser)


def run(args: argparse.Namespace) -> int:
    if args.command == "import":
        from sre_docs.prometheus.interchange import command_import

        return command_import(args)
    return _generate(args)


def _generate(args: argparse.Namespace) -> int:
    from sre_docs.config import load_config
    from sre_docs.findings import has_errors, sort_findings
    from sre_docs.prometheus.model import build_specs, load_handbook, selected_paths
    from sre_docs.reporters import REPORTERS
    from sre_docs.tree import today_from_environment

    cwd = Path.cwd()
    config = load_config(args.config, cwd=cwd)
    if args.site_url:
        config = config._replace(site_url=args.site_url)
    if args.target not in ("openslo", "sloth") and not config.site_url:
        raise UserError(
            f"{config.source}: site_url is not set; runbook_url and slo_url need the published "
            "address (set site_url in mkdocs.yml or pass --site-url)"
        )
    today = today_from_environment(config, args.today)
    handbook = load_handbook(config, today)
    specs, findings = build_specs(handbook, config, selected_paths(config, args.paths, cwd))
    findings = sort_findings([*findings, *_runbook_findings(config, today, specs)])
    if args.target in ("openslo", "sloth"):
        if args.out is None:
            raise UserError(f"generate {args.target} needs --out DIR")
        if args.target == "openslo":
            from sre_docs.prometheus.openslo import write_openslo

            written = write_openslo(specs, cwd / args.out)
            print(f"{written} OpenSLO documents written to {args.out}")
        else:
            from sre_docs.prometheus.sloth import write_sloth

            written = write_sloth(specs, cwd / args.out)
            print(f"{written} Sloth specs written to {args.out}")
    else:
        if args.target == "prometheus-rules":
            from sre_docs.prometheus.rules import render_rules

            text = render_rules(specs)
        else:
            from sre_docs.prometheus.promtests import render_tests

            text = render_tests(specs, args.rules)
        if args.check is not None:
            status = _check(args.check, text)
            if status:
                return status
        elif args.out is not None:
            from sre_docs.files import write_atomic

            write_atomic(cwd / args.out, text, named_output=True)
        else:
            sys.stdout.write(text)
    usable = [spec for spec in specs if spec.queries is not None]
    skipped = [spec.rel for spec in specs if spec.queries is None and not spec.raw_sli]
    if findings:
        sys.stderr.write(REPORTERS["text"](findings))
    print(
        f"{len(usable)} SLO{'s' if len(usable) != 1 else ''} generated"
        + (
            f"; {len(skipped)} without SLI queries skipped ({', '.join(skipped)})"
            if skipped
            else ""
        ),
        file=sys.stderr,
    )
    return 1 if has_errors(findings, False) else 0


def _runbook_findings(config, today, specs):
    """The linter's own runbook findings for the SLO documents generated from."""
    from sre_docs.linter import lint_handbook

    if not specs:
        return []
    paths = [config.docs_dir / spec.rel for spec in specs]
    result = lint_handbook(
        config,
        today=today,
        paths=paths,
        select=["missing-runbook-link", "broken-runbook-link"],
        use_cache=False,
    )
    return list(result.findings)


def _check(path: Path, expected: str) -> int:
    """0 when `path` holds exactly `expected`; else a diff on stderr and 1."""
    try:
        current = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UserError(f"{path}: cannot read: {error.strerror or error}") from None
    if current == expected:
        print(f"{path}: up to date", file=sys.stderr)
        return 0
    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        expected.splitlines(keepends=True),
        fromfile=str(path),
        tofile="generated from the SLO documents",
    )
    sys.stderr.writelines(diff)
    print(f"{path}: out of date; run the same command with --out {path}", file=sys.stderr)
    return 1
