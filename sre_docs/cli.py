"""The `sre-docs` command line: lint, new, rules, explain, export, build-pages, site.

`main(argv)` returns the exit status (0 clean, 1 findings, 2 usage, configuration or internal
error); only `entry_point` calls `sys.exit`. Heavy modules are imported by the command that
needs them, so `sre-docs lint` never imports MkDocs or Jinja2."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sre_docs import __version__
from sre_docs.errors import UserError

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _description() -> str:
    from sre_docs import doctypes

    plurals = ", ".join(entry.plural for entry in doctypes.DOC_TYPES.values())
    return (
        "sre-docs: a linter, scaffolder and site generator for SRE handbooks written in "
        f"markdown\nwith YAML front matter ({plurals})."
    )


_EPILOG = """\
Examples:
  sre-docs init                         start a handbook here (mkdocs.yml and folders)
  sre-docs lint                         lint the handbook (docs_dir of the nearest mkdocs.yml)
  sre-docs lint --fix                   write the budgets and hours the rules compute
  sre-docs lint --watch                 lint again on every change
  sre-docs lint docs/postmortems --strict
  sre-docs lint --format sarif > sre-docs.sarif
  sre-docs new postmortem "Checkout outage" --set severity=SEV2
  sre-docs explain orphan-action-item
  sre-docs site build --strict          lint, generate the pages, build with the generator
  sre-docs adopt postmortems/           propose front matter for documents without any

For help with a command: sre-docs COMMAND --help"""


class _Parser(argparse.ArgumentParser):
    """Usage errors exit 2 with one line, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _UsageError(f"{self.prog}: error: {message}{self._suggestion(message)}")

    def _suggestion(self, message: str) -> str:
        """ "did you mean" for a misspelt option or command, as git and cargo do."""
        import difflib
        import re

        unknown = re.match(r"unrecognized arguments: (\S+)", message)
        if unknown and unknown.group(1).startswith("-"):
            word = unknown.group(1).split("=", 1)[0]
            options = [
                option
                for parser in self._parsers()
                for action in parser._actions
                for option in action.option_strings
                if option.startswith("--")
            ]
            close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
            return f" (did you mean {close[0]}?)" if close else ""
        choice = re.match(r"argument (?:COMMAND|command): invalid choice: '([^']*)'", message)
        if choice:
            close = difflib.get_close_matches(choice.group(1), list(_COMMANDS), n=1, cutoff=0.6)
            return f" (did you mean {close[0]}?)" if close else ""
        return ""

    def _parsers(self) -> list[argparse.ArgumentParser]:
        """This parser and its commands' parsers (unknown options surface at the top)."""
        parsers: list[argparse.ArgumentParser] = [self]
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
        return parsers


class _UsageError(Exception):
    pass


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, **options: Any) -> None:
        width = shutil.get_terminal_size().columns
        options.setdefault("width", width - 2)  # argparse's own margin
        super().__init__(prog, **options)


class _TopParser(_Parser):
    """The `sre-docs` parser: its description names the document types, read from the type
    registry only when help is printed (a lint run does not load the registry to start)."""

    def format_help(self) -> str:
        self.description = _description()
        return super().format_help()


class _RawDescriptionFormatter(_Formatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of the top-level description and examples."""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _today_and_config(parser: argparse.ArgumentParser) -> None:
    """`--today` and `--config`, as every command that reads the handbook takes them."""
    parser.add_argument("--today", type=_date, metavar="YYYY-MM-DD")
    parser.add_argument("--config", type=Path, metavar="FILE")


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `command`, only that command (a run pays for its own options,
    not for every command's). Help and unknown commands build them all."""
    parser = _TopParser(
        prog="sre-docs",
        epilog=_EPILOG,
        formatter_class=_RawDescriptionFormatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"sre-docs {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (summary, description, add_arguments) in _COMMANDS.items():
        if command is None or command == name:
            subparser = commands.add_parser(
                name,
                help=summary,
                description=description() if callable(description) else description,
                formatter_class=_Formatter,
            )
            add_arguments(subparser)
    return parser


def _lint_arguments(lint: argparse.ArgumentParser) -> None:
    lint.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders (default: the docs root)",
    )
    lint.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="output format (default: text; --output-format is the same option)",
    )
    lint.add_argument(
        "--select", type=_names, default=[], metavar="NAME,...", help="only these rules"
    )
    lint.add_argument(
        "--ignore", type=_names, default=[], metavar="NAME,...", help="skip these rules"
    )
    lint.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="date for overdue checks (default: SOURCE_DATE_EPOCH, else today in UTC)",
    )
    lint.add_argument("--strict", action="store_true", help="warnings fail too (exit status 1)")
    lint.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="configuration file (default: the nearest mkdocs.yml or zensical.toml, looking up "
        "to the repository root)",
    )
    lint.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the results cache"
    )
    lint.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="write the report to FILE instead of stdout",
    )
    lint.add_argument("--quiet", "-q", action="store_true", help="no summary line on stderr")
    lint.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="findings recorded in FILE are known: not reported, do not fail",
    )
    lint.add_argument(
        "--write-baseline",
        "--update-baseline",
        action="store_true",
        help="record every current finding in the --baseline FILE (created or replaced)",
    )
    lint.add_argument(
        "--fix",
        action="store_true",
        help="write the values the rules compute (error budgets, toil hours, dates the file "
        "name gives) into the documents, then report what is left",
    )
    lint.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff instead of writing them (exit 1 if any)",
    )
    lint.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also the fixes that may change meaning (timeline order)",
    )
    lint.add_argument(
        "--statistics", action="store_true", help="print the number of findings per rule instead"
    )
    lint.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even with findings (2 still means a usage or configuration error)",
    )
    lint.add_argument(
        "--watch",
        "-w",
        action="store_true",
        help="lint again whenever a document, the configuration or an alert rule file changes",
    )
    lint.add_argument(
        "--force-exclude",
        action="store_true",
        help="skip named files that are not linted (outside the docs root, excluded) without "
        "a word; without it each is reported, and naming only such files is an error",
    )


def _new_arguments(new: argparse.ArgumentParser) -> None:
    from sre_docs import doctypes

    new.add_argument("type", nargs="?", metavar="TYPE", help=doctypes.listed(doctypes.NAMES))
    new.add_argument("title", nargs="?", metavar="TITLE")
    new.add_argument(
        "--dir",
        type=Path,
        metavar="DIR",
        help="folder inside the docs root (default: the type's folder)",
    )
    new.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="assignments",
        help="set a front-matter field (repeatable)",
    )
    new.add_argument(
        "--stdout", action="store_true", help="print the document instead of writing it"
    )
    new.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="write the document to FILE (inside the docs root) instead of the type's folder",
    )
    forms: dict[str, list[str]] = {}
    for entry in doctypes.DOC_TYPES.values():
        for form in entry.forms:
            values = "/".join(form.values)
            forms.setdefault(form.name, []).append(
                f"{entry.name}: a {form.label} (`{form.key}: {form.values[0]}`)"
                if form.replaces
                else f"{entry.name}: the {values} {form.label}"
            )
    chosen = new.add_mutually_exclusive_group()
    for name, uses in forms.items():
        chosen.add_argument(
            f"--{name}", dest="form", action="store_const", const=name, help="; ".join(uses)
        )
    new.add_argument(
        "--suffix",
        action="store_true",
        help="add -2, -3, … when the file exists instead of failing",
    )
    new.add_argument(
        "--list", action="store_true", help="list document types and where each template comes from"
    )
    new.add_argument(
        "--date",
        "--today",
        dest="today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="date to fill in (default: SOURCE_DATE_EPOCH, else today in UTC; the "
        "configuration's `today` is for rules only)",
    )
    new.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="configuration file (default: the nearest mkdocs.yml or zensical.toml, looking up "
        "to the repository root)",
    )


def _adopt_arguments(adopt: argparse.ArgumentParser) -> None:
    adopt.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: docs root)"
    )
    adopt.add_argument(
        "--type",
        metavar="TYPE",
        help="postmortem or runbook (default: by folder, else by sections)",
    )
    adopt.add_argument(
        "--write", action="store_true", help="add the front matter to the files (default: diff)"
    )
    adopt.add_argument("--config", type=Path, metavar="FILE")
    adopt.add_argument("--verbose", "-v", action="store_true", help="say why files are skipped")


def _rules_arguments(rules: argparse.ArgumentParser) -> None:
    rules.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="markdown prints the rule reference page of the guide",
    )
    rules.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )


def _explain_arguments(explain: argparse.ArgumentParser) -> None:
    explain.add_argument("rule", metavar="NAME", help="rule name, code, code prefix (SLO) or ALL")


def _export_arguments(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "--out",
        "--output",
        "-o",
        dest="out",
        type=Path,
        metavar="FILE",
        help="write to FILE (default: stdout)",
    )
    _today_and_config(export)


def _pages_arguments(pages: argparse.ArgumentParser) -> None:
    pages.add_argument(
        "--out",
        "--output",
        "-o",
        dest="out",
        type=Path,
        metavar="DIR",
        help="output folder outside the docs root (default: into the docs root, marked as "
        "generated)",
    )
    _today_and_config(pages)


def _site_arguments(site: argparse.ArgumentParser) -> None:
    site.add_argument("action", choices=("build", "serve"), help="build the site, or serve it")
    site.add_argument(
        "--with",
        dest="generator",
        choices=("mkdocs", "properdocs", "zensical"),
        help="site generator (default: the one the configuration file and the environment "
        "name: zensical.toml → Zensical; mkdocs.yml → MkDocs, ProperDocs or Zensical)",
    )
    site.add_argument("--strict", action="store_true", help="findings fail the build")
    site.add_argument(
        "--config", type=Path, metavar="FILE", help="mkdocs.yml or zensical.toml to build"
    )
    site.add_argument("--dev-addr", metavar="IP:PORT", help="serve: address to listen on")


def _init_arguments(init: argparse.ArgumentParser) -> None:
    init.add_argument(
        "--docs-dir", metavar="DIR", help="docs folder of a new mkdocs.yml (default: docs)"
    )
    init.add_argument(
        "--site-name", metavar="NAME", help="site_name of a new mkdocs.yml (default: the folder)"
    )


def _export_description() -> str:
    from sre_docs import doctypes

    plurals = ", ".join(entry.plural for entry in doctypes.DOC_TYPES.values() if entry.aggregate)
    return (
        f"Write the data behind every generated index page ({plurals}, open action items) as JSON."
    )


_COMMANDS: dict[
    str, tuple[str, str | Callable[[], str], Callable[[argparse.ArgumentParser], None]]
] = {
    "init": (
        "start a handbook here",
        "Write a starter mkdocs.yml (or add the sre-docs plugin to the mkdocs.yml or "
        "zensical.toml of this folder, inserting text and changing nothing else), create the "
        "docs folder with one folder per document type, and print the next steps.",
        _init_arguments,
    ),
    "lint": (
        "check documents for problems",
        "Check SRE documents and report findings. Cross-document rules always see "
        "the whole docs root; findings are reported for the paths given.",
        _lint_arguments,
    ),
    "new": (
        "create a document from a template",
        "Write a new document from the template of TYPE into the type's folder and "
        "print its path. Never overwrites; never writes outside the docs root.",
        _new_arguments,
    ),
    "adopt": (
        "propose front matter for documents that have none",
        "Infer front matter (title, date, severity, services, action items; a runbook's "
        "alert and owner) from the text and file name of documents without any, and print "
        "it as a diff. With --write, add it to the files; the text below is kept byte for "
        "byte.",
        _adopt_arguments,
    ),
    "rules": (
        "list every rule",
        "List every rule with its code, severity and summary.",
        _rules_arguments,
    ),
    "explain": ("explain a rule", "Print a rule's documentation.", _explain_arguments),
    "export": (
        "write the aggregated handbook data as JSON",
        _export_description,
        _export_arguments,
    ),
    "build-pages": (
        "write the generated pages as markdown files",
        "Write the generated reliability pages as markdown, for other site generators.",
        _pages_arguments,
    ),
    "site": (
        "lint, generate the pages and build or serve the site",
        "Lint the handbook, generate the reliability pages and run the site generator: "
        "MkDocs or ProperDocs with the sre-docs plugin, or Zensical.",
        _site_arguments,
    ),
}


# generate / import: rules, rule tests and OpenSLO from SLO documents; Sloth and OpenSLO specs
# into SLO documents. Everything past the arguments lives in `sre_docs.prometheus`.
def _generate_arguments(parser: argparse.ArgumentParser) -> None:
    from sre_docs.prometheus.commands import generate_arguments

    generate_arguments(parser, _today_and_config)


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    from sre_docs.prometheus.commands import import_arguments

    import_arguments(parser, _today_and_config)


_COMMANDS["generate"] = (
    "generate Prometheus rules, rule tests or OpenSLO from the SLO documents",
    "Write Prometheus recording and burn-rate alerting rules (prometheus-rules), promtool "
    "unit tests for them (prometheus-tests) or OpenSLO v1 documents (openslo) from the SLO "
    "documents. --check FILE exits 1 when FILE is out of date.",
    _generate_arguments,
)
_COMMANDS["import"] = (
    "write SLO documents from Sloth or OpenSLO specs",
    "Write one SLO document per SLO of a Sloth or OpenSLO spec into the slo folder. Never "
    "overwrites; never writes outside the docs root.",
    _import_arguments,
)


def _new_positionals(args: argparse.Namespace, extra: list[str]) -> list[str]:
    """`new runbook --troubleshooting "Pod in CrashLoopBackOff"`: argparse takes TYPE and
    TITLE in one go from the first run of words, so a title written after an option is left
    over. The words left over fill TYPE and TITLE still empty, in order; what remains is
    returned (an error)."""
    rest = list(extra)
    for name in ("type", "title"):
        if getattr(args, name) is None and rest and not rest[0].startswith("-"):
            setattr(args, name, rest.pop(0))
    return rest


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    # Top-level options take no value, so the first other word names the command.
    command = next((word for word in arguments if not word.startswith("-")), None)
    parser = build_parser(command if command in _COMMANDS else None)
    try:
        args, extra = parser.parse_known_args(arguments)
        if extra and args.command == "new":
            extra = _new_positionals(args, extra)
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except _UsageError as error:
        print(_printable(str(error)), file=sys.stderr)
        return EXIT_ERROR
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        if args.command == "lint":
            return _lint(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "explain":
            return _explain(args)
        if args.command == "init":
            from sre_docs.init import command_init

            return command_init(args)
        if args.command == "new":
            from sre_docs.scaffold import command_new

            return command_new(args)
        if args.command == "adopt":
            from sre_docs.adopt import command_adopt

            return command_adopt(args)
        if args.command == "export":
            from sre_docs.export import command_export

            return command_export(args)
        if args.command == "build-pages":
            from sre_docs.export import command_build_pages

            return command_build_pages(args)
        if args.command == "site":
            from sre_docs.site.generators import command_site

            return command_site(args)
        if args.command in ("generate", "import"):
            from sre_docs.prometheus.commands import run

            return run(args)
    except UserError as error:
        from sre_docs.reporters import printable

        print(f"sre-docs: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    return EXIT_ERROR


# Options of `lint` that only decide how findings are shown and the exit status; every other
# option is part of a stored answer's key.
_PRESENTATION = frozenset({"command", "format", "output", "quiet", "statistics", "strict"})
_PRESENTATION |= {"exit_zero"}


class _Answer:
    """A stored answer being made by a normal run (see `sre_docs.cache.AnswerStore`)."""

    def __init__(self, request: Any) -> None:
        self.request = request
        self.inputs: Any = None


def _answer_request(args: argparse.Namespace, clock: dt.date) -> Any:
    """The stored-answer request of this command line, or None when it writes files, keeps
    running, compares with a baseline or goes without the cache."""
    if args.no_cache or args.fix or args.diff or args.watch:
        return None
    if args.baseline is not None or args.write_baseline:
        return None
    from sre_docs.cache import answer_request
    from sre_docs.discovery import find_config_file

    cwd = os.getcwd()
    if args.config is not None:
        config_file: Path | None = Path(cwd) / args.config
    else:
        config_file = find_config_file(Path(cwd))
    options = sorted(
        (name, value) for name, value in vars(args).items() if name not in _PRESENTATION
    )
    return answer_request(cwd, config_file, options, clock.isoformat())


def _stored_findings(answer: Any) -> tuple[list[Any], int, tuple[int, int]] | None:
    """Findings, files checked and fixable counts of a stored answer; None unless every part
    has the shape a normal run stores."""
    from sre_docs.findings import ERROR, WARNING, Finding

    rows, checked, fixable = answer.get("findings"), answer.get("checked"), answer.get("fixable")
    if not isinstance(rows, list) or type(checked) is not int or not isinstance(fixable, list):
        return None
    if len(fixable) != 2 or not all(type(count) is int for count in fixable):
        return None
    shape = (str, int, int, str, str, str, str)
    findings = []
    for row in rows:
        if not isinstance(row, list) or len(row) != len(shape):
            return None
        if not all(type(value) is kind for value, kind in zip(row, shape, strict=True)):
            return None
        if row[5] not in (ERROR, WARNING):
            return None
        findings.append(Finding(*row))
    return findings, checked, (fixable[0], fixable[1])


def _run_lint(
    args: argparse.Namespace, clock: dt.date | None = None, answer: _Answer | None = None
) -> tuple[Any, list[Any], int] | None:
    """Lint as `args` say: the configuration, the findings (paths shown from the working
    folder, those of a `--baseline` left out) and the number of files checked; None once
    `--write-baseline` wrote them. `answer`: a stored answer to make; its inputs are set
    when the findings depend on nothing it cannot check."""
    from sre_docs.config import load_config
    from sre_docs.tree import today_from_environment, walk, wanted_files

    select, ignore = _rule_names(args.select), _rule_names(args.ignore)
    cwd = Path.cwd()
    use_cache = not args.no_cache
    config = load_config(args.config, cwd=cwd)
    if len(args.paths) == 1 and args.paths[0].is_dir():
        # A folder outside the docs root (or with no mkdocs.yml) is a handbook of its own.
        folder = (cwd / args.paths[0]).resolve()
        outside = folder != config.docs_dir and config.docs_dir not in folder.parents
        if outside or (config.source == "(defaults)" and folder != config.docs_dir):
            config = load_config(args.config, cwd=cwd, docs_dir=folder)
            answer = None
    if config.rule_mentions:  # the rules load only when the options name some
        from sre_docs.rules import RULE_SELECTORS

        config.check_rule_names(RULE_SELECTORS)
    today = today_from_environment(config, args.today, clock=clock)
    use_cache = use_cache and config.cache
    tree = walk(config, stats=use_cache)
    paths = args.paths or None
    wanted = wanted_files(config, tree, paths, cwd)
    if paths and not args.force_exclude:
        from sre_docs.named_paths import not_checked

        unchecked = not_checked(config, tree, paths, cwd)
        for path, reason in unchecked:
            print(f"sre-docs: {path}: not checked ({reason})", file=sys.stderr)
        if len(unchecked) == len(paths):
            raise UserError("none of the named files is checked (--force-exclude skips them)")
        if unchecked:
            answer = None
    if answer is not None and not _answerable(answer, config, tree, args.paths, cwd):
        answer = None
    from sre_docs.linter import lint_handbook

    result = lint_handbook(
        config,
        today=today,
        paths=paths,
        select=select,
        ignore=ignore,
        use_cache=use_cache,
        cwd=cwd,
        walked=(tree, wanted),
        inputs=answer is not None,
    )
    if answer is not None:
        answer.inputs = result.inputs
    findings, checked = result.findings, result.files_checked
    if args.baseline is not None or args.write_baseline:
        findings = _baseline(args, findings, cwd)
        if findings is None:
            return None  # the baseline was written
    return config, findings, checked


def _answerable(answer: _Answer, config: Any, tree: Any, paths: Sequence[Path], cwd: Path) -> bool:
    """Whether the run reads what the answer's key was made of (the same configuration file,
    unchanged since), and every named path is a document or folder of the docs root named
    without a symbolic link (what the answer's folder listings check)."""
    from sre_docs.discovery import shown_path

    request = answer.request
    if str(config.root) != request.root or not request.config_unchanged():
        return False
    source = "(defaults)" if request.config_file is None else None
    if source is None:
        source = shown_path(request.config_file, cwd)
    if config.source != source:
        return False
    docs = str(config.docs_dir)
    for path in paths:
        absolute = os.path.abspath(cwd / path)
        if os.path.realpath(absolute) != absolute:
            return False
        if absolute == docs:
            continue
        if not absolute.startswith(docs + os.sep):
            return False
        rel = absolute[len(docs) + 1 :].replace(os.sep, "/")
        if rel not in tree.markdown and rel not in tree.folders:
            return False
    return True


def _lint(args: argparse.Namespace) -> int:
    if args.watch:
        from sre_docs.watch import watch_and_lint

        return watch_and_lint(args, _lint_once)
    return _lint_once(args)


def _utc_today() -> dt.date:
    """The clock's date, read once per run: the stored answer's key and the rules share it."""
    return dt.datetime.now(tz=dt.UTC).date()


def _lint_once(args: argparse.Namespace) -> int:
    from sre_docs.findings import has_errors

    clock = _utc_today()
    request = _answer_request(args, clock)
    if request is not None:
        from sre_docs.cache import AnswerStore

        stored = AnswerStore(request).lookup()
        answered = _stored_findings(stored) if stored is not None else None
        if answered is not None:
            findings, checked, fixable = answered
            _report(args, findings)
            if not args.quiet:
                _summary(findings, checked, colour=_colour(sys.stderr))
                _print_fixable(*fixable)
            if args.exit_zero:
                return EXIT_CLEAN
            return EXIT_FINDINGS if has_errors(findings, args.strict) else EXIT_CLEAN
    answer = _Answer(request) if request is not None else None
    result = _run_lint(args, clock, answer)
    if result is None:
        return EXIT_CLEAN
    config, findings, checked = result
    fixed = 0
    if args.fix or args.diff:
        from sre_docs.fix import plan_fixes

        fixes = plan_fixes(config, findings, Path.cwd(), unsafe=args.unsafe_fixes)
        if args.diff:
            from sre_docs.fix import unified_diff

            sys.stdout.write(unified_diff(fixes))
            if not args.quiet:
                count = sum(len(fix.fixed) for fix in fixes)
                files = len(fixes)
                print(
                    f"Would fix {count} finding{'s' if count != 1 else ''} "
                    f"in {files} file{'s' if files != 1 else ''}.",
                    file=sys.stderr,
                )
            return EXIT_FINDINGS if fixes and not args.exit_zero else EXIT_CLEAN
        if fixes:
            from sre_docs.fix import apply_fixes

            fixed = apply_fixes(fixes)
            config, findings, checked = _run_lint(args, clock) or result
    _report(args, findings)
    fixable: tuple[int, int] | None = None
    if not args.quiet:
        _summary(findings, checked, fixed=fixed, colour=_colour(sys.stderr))
        if not args.fix:
            fixable = _fixable_counts(config, findings)
            _print_fixable(*fixable)
    if answer is not None and answer.inputs is not None:
        from sre_docs.cache import AnswerStore

        body = {
            "findings": [list(finding) for finding in findings],
            "checked": checked,
            "fixable": list(fixable or _fixable_counts(config, findings)),
        }
        AnswerStore(answer.request).store(answer.inputs, body)
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if has_errors(findings, args.strict) else EXIT_CLEAN


def _report(args: argparse.Namespace, findings: Sequence[Any]) -> None:
    from sre_docs.reporters import REPORTERS

    if args.statistics:
        from sre_docs.terminal import statistics

        report = statistics(findings, args.format)
    else:
        report = REPORTERS[args.format](findings)
    if args.output is not None:
        from sre_docs.files import write_atomic

        write_atomic(args.output, report, named_output=True)
        return
    if args.format == "text" and not args.statistics and _colour(sys.stdout):
        from sre_docs.terminal import colour_report

        report = colour_report(findings)
    _write_stdout(report)


def _fixable_counts(config: Any, findings: Sequence[Any]) -> tuple[int, int]:
    """How many findings `--fix` fixes, and how many more `--fix --unsafe-fixes` does:
    counted by planning the fixes (which reads only the files with findings of a rule that
    has a fix)."""
    from sre_docs.fix import fixable_rules, plan_fixes

    if not any(finding.rule in fixable_rules(unsafe=True) for finding in findings):
        return 0, 0
    safe = sum(len(fix.fixed) for fix in plan_fixes(config, findings, Path.cwd()))
    every = sum(len(fix.fixed) for fix in plan_fixes(config, findings, Path.cwd(), unsafe=True))
    return safe, every - safe


def _print_fixable(safe: int, more: int) -> None:
    """ "N fixable with --fix", as ruff says it."""
    if safe:
        print(f"{safe} fixable with `sre-docs lint --fix`.", file=sys.stderr)
    if more > 0:
        print(f"{more} more with `--fix --unsafe-fixes`.", file=sys.stderr)


def _colour(stream: Any) -> bool:
    from sre_docs.terminal import wants_colour

    return wants_colour(stream, os.environ)


def _baseline(args: argparse.Namespace, findings: list[Any], cwd: Path) -> list[Any] | None:
    """Findings the baseline does not know; None after writing the baseline."""
    from sre_docs.baseline import apply_baseline, write_baseline

    if args.baseline is None:
        raise UserError("--write-baseline needs --baseline FILE")
    if args.write_baseline:
        count = write_baseline(args.baseline, findings, cwd)
        if not args.quiet:
            print(
                f"Wrote {count} finding{'s' if count != 1 else ''} to {args.baseline}.",
                file=sys.stderr,
            )
        return None
    applied = apply_baseline(args.baseline, findings, cwd)
    if not args.quiet and applied.known:
        plural = "s" if applied.known != 1 else ""
        print(
            f"{applied.known} known finding{plural} in {args.baseline} not shown.", file=sys.stderr
        )
    if not args.quiet and applied.stale and not args.paths:
        print(
            f"{applied.stale} baseline entr{'ies' if applied.stale != 1 else 'y'} no longer "
            "found; `--write-baseline` drops them.",
            file=sys.stderr,
        )
    return applied.findings


def _write_stdout(report: str) -> None:
    """The report as UTF-8 whatever the locale says: reporters escape what is not printable,
    and a strict ASCII stdout must not turn a document's `é` into an internal error."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(report)
        return
    sys.stdout.flush()
    buffer.write(report.encode("utf-8"))
    buffer.flush()


def _rule_names(names: Sequence[str]) -> list[str]:
    """`--select` / `--ignore` values as rule names (codes and prefixes resolved)."""
    if not names:
        return []
    from sre_docs.rules import expand_rules, unknown_rule

    selected: list[str] = []
    for name in names:
        expanded = expand_rules(name)
        if not expanded:
            raise UserError(unknown_rule(name))
        selected.extend(rule for rule in expanded if rule not in selected)
    return selected


def _summary(
    findings: Sequence[object], files_checked: int, *, fixed: int = 0, colour: bool = False
) -> None:
    from sre_docs.findings import ERROR
    from sre_docs.terminal import paint

    errors = sum(1 for f in findings if getattr(f, "severity", None) == ERROR)
    warnings = len(findings) - errors
    checked = f"{files_checked} file{'s' if files_checked != 1 else ''} checked"
    if fixed:
        print(f"Fixed {fixed} finding{'s' if fixed != 1 else ''}.", file=sys.stderr)
    if not findings:
        print(paint(f"All checks passed ({checked}).", "green", colour), file=sys.stderr)
        return
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    line = f"Found {' and '.join(parts)} ({checked})."
    print(paint(line, "red" if errors else "yellow", colour), file=sys.stderr)


def _rules(args: argparse.Namespace) -> int:
    from sre_docs.rules import RULES

    if args.format == "markdown":
        return _write(args.output, rule_reference())
    if args.format == "json":
        import json

        data = [
            {
                "name": r.name,
                "code": r.code,
                "severity": r.severity,
                "scope": r.scope,
                "summary": r.summary,
            }
            for r in RULES
        ]
        return _write(args.output, json.dumps(data, indent=2) + "\n")
    width = max(len(rule.name) for rule in RULES)
    listing = "".join(
        f"{rule.code:<7} {rule.name:<{width}}  {rule.severity:<7}  {rule.summary}\n"
        for rule in RULES
    )
    return _write(args.output, listing)


def _write(output: Path | None, text: str) -> int:
    """`text` to the `-o` file (atomically, never half-written) or to stdout."""
    if output is None:
        sys.stdout.write(text)
    else:
        from sre_docs.files import write_atomic

        write_atomic(output, text, named_output=True)
    return EXIT_CLEAN


def rule_reference() -> str:
    """The rule reference page: every rule's docstring, the same text as `sre-docs explain`."""
    from sre_docs.rules import RULES

    lines = [
        "# Rule reference",
        "",
        "<!-- Generated by `sre-docs rules --format markdown`; edit the rule docstrings. -->",
        "",
        "| Code | Rule | Default severity | What it finds |",
        "|---|---|---|---|",
    ]
    for rule in RULES:
        lines.append(
            f"| {rule.code} | [{rule.name}](#{rule.name}) | {rule.severity} | {rule.summary} |"
        )
    for rule in RULES:
        body = rule.doc.replace("## ", "#### ")
        lines += [
            "",
            f"## {rule.name}",
            "",
            f"`{rule.code}` · default severity **{rule.severity}**",
        ]
        lines += ["", body]
    return "\n".join(lines) + "\n"


def _explain(args: argparse.Namespace) -> int:
    from sre_docs.rules import RULES_BY_NAME, expand_rules, unknown_rule

    names = expand_rules(args.rule)
    if not names:
        raise UserError(unknown_rule(args.rule))
    pages = []
    for name in names:
        rule = RULES_BY_NAME[name]
        pages.append(
            f"# {rule.name} ({rule.code})\n\nDefault severity: {rule.severity}\n\n{rule.doc}\n"
        )
    sys.stdout.write("\n".join(pages))
    return EXIT_CLEAN


def _printable(value: str) -> str:
    from sre_docs.reporters import printable

    return printable(value)


def entry_point() -> None:
    """Console-script entry: exit with `main`'s status; a crash is a bug, reported in one block."""
    try:
        status = main()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = EXIT_ERROR
    except Exception as error:  # one line, never a traceback, for users
        if os.environ.get("SRE_DOCS_DEBUG"):
            raise
        print(
            f"sre-docs: internal error: {type(error).__name__}: {_printable(str(error))} "
            "(this is a bug; SRE_DOCS_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        status = EXIT_ERROR
    # The process ends here: spare the cycle collector its last pass over every object still
    # alive (a whole tree of stats after a lint; ~10 ms of a run that takes 0.2 s).
    gc.freeze()
    sys.exit(status)
