"""The `programtheory` command: a thin shell over the Python API.

Exit codes: 0 success (warnings allowed), 1 data errors or a failed build, 2 usage or IO problems.
A traceback is never the answer to a user: every expected failure becomes a message.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from functools import cache
from pathlib import Path

from .exceptions import DataError, MissingTool, ToolFailed, UsageError
from .messages import languages

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
LANG_HELP = "language of the output (default: the project's primary language)"

_EPILOG = """exit codes: 0 no errors (warnings allowed), 1 errors in the data or a failed build,
2 a usage or IO problem.

PATH is the project folder: the one holding theory/, outcomes.yaml and barometer.yaml.
It defaults to the current directory. See README.md and docs/ for the data format."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with a pointer to --help
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n"
                              f"Run '{self.prog} --help' for the options.\n")


def _add_graph_filters(p) -> None:
    """The selection options shared by render and the graph exports."""
    p.add_argument("--level", action="append", metavar="LEVEL",
                   help="keep nodes of this level (repeatable)")
    p.add_argument("--kind", action="append", metavar="KIND",
                   help="keep nodes of this kind (repeatable)")
    p.add_argument("--condition", action="append", choices=("necessary", "facilitating"),
                   help="keep nodes with this condition (repeatable)")
    p.add_argument("--focus", metavar="ID", help="show only the surroundings of this node")
    p.add_argument("--depth", type=int, default=None, metavar="N",
                   help="steps around --focus (default 1)")
    p.add_argument("--paths", nargs=2, metavar=("FROM", "TO"),
                   help="show only the paths between two nodes")


def _add_figure_scope(p) -> None:
    """--all / --figure-only: the elements the report's own figure leaves out (in_figure)."""
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--all", dest="figure_only", action="store_false", default=None,
                       help="also draw the elements the report's own figure leaves out "
                       "(in_figure: false), marked grey (default for a version that "
                       "reproduces a figure of the report: only that figure's elements)")
    scope.add_argument("--figure-only", dest="figure_only", action="store_true",
                       help="draw only the elements the report's own figure draws")


@cache  # built once per process: the Python API calls main() again and again (8 ms each)
def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="programtheory", description="Check, draw and report program "
                     "theories (theories of change) kept as YAML.", epilog=_EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("validate", help="check a project and list every problem",
                       description="Read every YAML file of the project, check it, and print "
                       "each finding as FILE:LINE:COL: severity[CODE]: message, with a hint.",
                       epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--no-warnings", action="store_true", help="print errors only")

    p = sub.add_parser("errors", help="show the catalogue of finding codes",
                       description="Print the finding catalogue as Markdown, or write it to "
                       "docs/errors.md (--write) or check that file is current (--check).")
    p.add_argument("--write", metavar="FILE", nargs="?", const="docs/errors.md")
    p.add_argument("--check", metavar="FILE", nargs="?", const="docs/errors.md")

    p = sub.add_parser("render", help="draw a theory version (html, svg, png, pdf)",
                       description="Draw one theory version with the shared layout: a static "
                       "figure (svg, png, pdf) or one offline interactive HTML file.")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--version", dest="theory_version", metavar="V",
                   help="version id (default: the newest)")
    p.add_argument("--format", choices=("html", "svg", "png", "pdf"), default=None,
                   help="default: from the --out suffix, else html")
    p.add_argument("--lang", choices=languages(), default=None,
                   help=LANG_HELP)
    _add_graph_filters(p)
    _add_figure_scope(p)
    p.add_argument("--preset", choices=("a4", "a3", "slide"), default="a4",
                   help="page shape of static figures: A4 or A3 landscape, or 16:9 slide")
    p.add_argument("--out", metavar="FILE",
                   help="output file (default: PATH/build/theory-V.EXT)")

    _add_diff_parser(sub)
    _add_history_parser(sub)

    p = sub.add_parser("build", help="build the report site (build/index.html)",
                       description="Run the notebooks with papermill and export them to an "
                       "offline HTML report with every figure and table as a file. Only what "
                       "changed is rerun.")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--out", default=None, metavar="DIR", help="output folder (default build/)")
    p.add_argument("--only", action="append", metavar="NAME", help="build only this notebook")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="notebooks run at once (default: the number of cores)")
    p.add_argument("-p", dest="params", action="append", default=[], metavar="KEY=VALUE",
                   help="set a notebook parameter (repeatable); values are strings, YAML "
                   "dates too; 'name.key=value' sets it for one notebook only")
    p.add_argument("--force", action="store_true", help="rerun every notebook, and build into "
                   "a non-empty folder that no build made (its other files are kept)")
    _size_options(p)
    _build_site_options(p)
    _monitoring_parsers(sub)
    _confidence_parsers(sub)
    _exchange_parsers(sub)
    from .cli_setup import add_parsers as _setup_parsers
    _setup_parsers(sub)
    return parser


def _build_site_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--notebooks", default=None, metavar="DIR",
                   help="build exactly the notebooks in DIR (default: the notebooks shipped "
                   "with programtheory, overridden and extended by the project's notebooks/)")
    p.add_argument("--lang", default=None, metavar="LANG",
                   help="the site's language (default: the project's primary language); "
                   "'all' (or a list such as 'nl,en') builds each language side by side "
                   "into build/LANG/")


def _size_options(p: argparse.ArgumentParser) -> None:
    from .limits import MAX_NODES, MAX_VERSIONS
    p.add_argument("--max-nodes", type=int, default=None, metavar="N",
                   help=f"refuse a version with more nodes (default {MAX_NODES:,}; 0: no limit)")
    p.add_argument("--max-versions", type=int, default=None, metavar="N",
                   help=f"refuse more versions (default {MAX_VERSIONS:,}; 0: no limit)")


def _add_diff_parser(sub) -> None:
    p = sub.add_parser("diff", help="what changed between two theory versions",
                       description="Compare two versions of the project: added, removed and "
                       "changed nodes, links, conditions and evidence, and the elements the "
                       "revision does not discuss. Either side may be a version as it was at a "
                       "git revision, written REV:VERSION (e.g. HEAD~3:revised); it is read "
                       "from the project's repository without a checkout.", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", nargs="?", metavar="OLD",
                   help="the earlier version: an id (initial) or REV:ID (main:revised)")
    p.add_argument("new", nargs="?", metavar="NEW",
                   help="the later version, in the same forms")
    p.add_argument("path", nargs="?", default=None, metavar="PATH")
    p.add_argument("--path", dest="path_option", default=None, metavar="PATH",
                   help=argparse.SUPPRESS)  # the form of earlier releases
    p.add_argument("--against", metavar="REV",
                   help="compare a version (OLD, default: the newest) as it was at git "
                   "revision REV with the same version in the folder; then the second "
                   "argument is PATH")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown",
                   help="markdown (fits a pull-request comment, with a Mermaid drawing) or "
                   "json for other tools")
    p.add_argument("--lang", choices=languages(), default=None,
                   help="language of the Markdown page (default: the project's primary "
                        "language)")


def _add_history_parser(sub) -> None:
    p = sub.add_parser("history", help="the changelog of one element over the git history",
                       description="List every commit that changed one element (node, link, "
                       "group or evidence item), also after it was deleted: what changed "
                       "(label, condition, links, evidence), author, date and message. The "
                       "project must be in a git repository; only committed states are "
                       "seen, so commit an edit before looking for it here.",
                       epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("element", metavar="ID", help="the id of a node, link, group or evidence")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="markdown fits a pull-request comment; json is for scripts")


def _version() -> str:
    from . import __version__
    return __version__


def main(argv: list[str] | None = None) -> int:
    """The command line; text from data reaches the terminal with its control, bidirectional
    and hiding characters shown escaped (`textsafe.terminal_text`)."""
    from .textsafe import TerminalStream
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalStream(sys.stdout), TerminalStream(sys.stderr)
    try:
        return _main(argv)
    finally:
        # a stream replaced meanwhile (a closed pipe sends stdout to devnull) is kept
        if isinstance(sys.stdout, TerminalStream):
            sys.stdout = saved[0]
        if isinstance(sys.stderr, TerminalStream):
            sys.stderr = saved[1]


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors: return, do not exit
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        if hasattr(args, "path_flag"):
            args.path = args.path or args.path_flag or "."
        return _COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"programtheory {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except MissingTool as exc:
        print(f"programtheory {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ToolFailed as exc:
        print(f"programtheory {args.command}: {exc}", file=sys.stderr)
        return EXIT_DATA
    except DataError as exc:
        print(f"programtheory {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except BrokenPipeError:  # the reader stopped early ('| head'): not an error
        # stays open to the end: the interpreter flushes stdout on exit, and a closed pipe would
        # fail that flush with a second BrokenPipeError
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except OSError as exc:
        print(f"programtheory {args.command}: {exc.filename or ''}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _read(path: str):
    from .project import ProjectNotFound, read_project
    try:
        return read_project(path)
    except ProjectNotFound as exc:
        raise UsageError(str(exc)) from None


def _project(path: str):
    """The typed project, or the first errors (causes first) printed and a data-error exit."""
    from .cascade import short_answer
    result = _read(path)
    if result.errors or result.project is None:
        for line in short_answer(result.findings):
            print(line, file=sys.stderr)
        raise _DataErrors(len(result.errors))
    return result.project


class _DataErrors(DataError):
    def __init__(self, count: int) -> None:
        super().__init__(f"{count} error(s) in the project data; run 'programtheory validate'")
        self.count = count


def cmd_validate(args: argparse.Namespace) -> int:
    result = _read(args.path)
    # notes say which checks were skipped: without them an error list looks complete
    shown = result.errors + result.notes if args.no_warnings else result.findings
    if args.format == "json":
        print(json.dumps({"path": str(Path(args.path)), "files": result.files,
                          "errors": len(result.errors), "warnings": len(result.warnings),
                          "notes": len(result.notes),
                          "findings": [f.to_json() for f in shown]},
                         ensure_ascii=False, indent=2))
    else:
        for item in shown:
            print(item.format())
        summary = (f"{len(result.files)} files checked: {len(result.errors)} error(s), "
                   f"{len(result.warnings)} warning(s)")
        print(summary, file=sys.stderr)
    return EXIT_DATA if result.errors else EXIT_OK


def cmd_errors(args: argparse.Namespace) -> int:
    from .findings import catalogue_markdown
    page = catalogue_markdown()
    if args.check:
        target = Path(args.check)
        if not target.is_file() or target.read_text(encoding="utf-8") != page:
            print(f"{target} is stale: run 'programtheory errors --write'", file=sys.stderr)
            return EXIT_DATA
        return EXIT_OK
    if args.write:
        target = Path(args.write)
        _refuse_foreign_page(target, page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
        return EXIT_OK
    print(page, end="")
    return EXIT_OK


def _refuse_foreign_page(target: Path, page: str) -> None:
    """`errors --write` replaces only a catalogue page it wrote before: never a user's file."""
    marker = page.split("\n\n", 2)[1].split(" from ")[0]  # "Generated by `programtheory ..."
    if target.is_dir():
        raise UsageError(f"--write {target}: that is a folder; give a file name")
    if target.exists():
        try:
            head = target.read_text(encoding="utf-8", errors="replace")[:1000]
        except OSError:
            head = ""
        if marker not in head:
            raise UsageError(f"--write {target}: that file exists and is not a catalogue page "
                             "this command wrote; choose another file (default docs/errors.md)")


def _refuse_project_file(project, out: str | None) -> None:
    """No command writes over the project's data or notebooks (build_files.py)."""
    if out is not None:
        from .build_files import refuse_input_target
        refuse_input_target(project.root, out)


def cmd_render(args: argparse.Namespace) -> int:
    from .render import render_theory
    from .selection import Selection
    if args.depth is not None and not args.focus:
        raise UsageError("--depth needs --focus ID: it counts steps around that node")
    project = _project(args.path)
    _refuse_project_file(project, args.out)
    selection = Selection(levels=args.level, kinds=args.kind, conditions=args.condition,
                          focus=args.focus, depth=args.depth if args.depth is not None else 1,
                          paths=tuple(args.paths) if args.paths else None,
                          figure_only=args.figure_only)
    args.lang = project.language(args.lang)
    out = render_theory(project, version=args.theory_version, fmt=args.format, lang=args.lang,
                        selection=selection, preset=args.preset, out=args.out)
    print(out)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff_sides
    from .gitsource import side_for
    path, old, new = _diff_arguments(args)
    loaded: list = []

    def working():
        if not loaded:
            loaded.append(_project(path))
        return loaded[0]

    if new is None:  # --against without a version: the newest version in the folder
        new = working().default_version_id()
        old = f"{args.against}:{new}"
    change = diff_sides(side_for(path, old, working), side_for(path, new, working))
    print(change.to_markdown(args.lang, drawing=True) if args.format == "markdown"
          else json.dumps(change.to_json(), ensure_ascii=False, indent=2), end=
          "" if args.format == "markdown" else "\n")
    return EXIT_OK


def _diff_arguments(args: argparse.Namespace) -> tuple[str, str | None, str | None]:
    """PATH, OLD and NEW from the two forms 'OLD NEW [PATH]' and '--against REV [ID] [PATH]'."""
    if args.against is None:
        if args.old is None or args.new is None:
            raise UsageError("diff needs OLD and NEW (e.g. 'initial revised'), or --against "
                             "REV")
        return args.path or args.path_option or ".", args.old, args.new
    if args.path is not None:
        raise UsageError("with --against, give at most a version id and PATH")
    version, path = args.old, args.new or args.path_option
    if version is not None and path is None and (Path(version) / "theory").is_dir():
        version, path = None, version  # '--against main PATH'
    if version is not None and ":" in version:
        raise UsageError("with --against REV, give a version id without a revision")
    path = path or "."
    return path, (f"{args.against}:{version}" if version else None), version


def cmd_history(args: argparse.Namespace) -> int:
    from .history import element_history
    changelog = element_history(args.path, args.element)
    if args.format == "json":
        print(json.dumps(changelog.to_json(), ensure_ascii=False, indent=2))
    else:
        print(changelog.to_markdown() if args.format == "markdown" else changelog.to_text(),
              end="")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_report
    params: dict[str, str] = {}
    for item in args.params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"-p takes KEY=VALUE, got '{item}'")
        params[key] = value
    options = {"out": args.out, "only": args.only, "jobs": args.jobs, "params": params,
               "force": args.force, "max_nodes": args.max_nodes,
               "max_versions": args.max_versions, "notebooks": args.notebooks}
    if args.lang is not None and (args.lang == "all" or "," in args.lang):
        from .build import build_languages
        languages = None if args.lang == "all" else \
            [code.strip() for code in args.lang.split(",") if code.strip()]
        result = build_languages(args.path, languages=languages, **options)
    else:
        result = build_report(args.path, lang=args.lang, **options)
    return EXIT_OK if result.ok else EXIT_DATA


def _guard(command):
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except _DataErrors as exc:
            print(f"programtheory {args.command}: {exc}", file=sys.stderr)
            return EXIT_DATA
    return run


# ---------------------------------------------------------------- monitoring over time

def _add_project_path(parser) -> None:
    """PATH after the file, as every other command takes it; `--path` is kept as well."""
    parser.add_argument("path", nargs="?", default=None, metavar="PATH",
                        help="the project folder (default: the current directory)")
    parser.add_argument("--path", dest="path_flag", default=None, metavar="PATH",
                        help=argparse.SUPPRESS)


def _monitoring_parsers(sub) -> None:
    p = sub.add_parser("wave", help="add a survey wave from a raw export (aggregates only)",
                       description="Import a raw survey export (CSV, XLSX or SPSS .sav) as a "
                       "barometer wave: only counts, means, shares, suppressed breakdowns and "
                       "tests are written to barometer.yaml, never an answer.", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    waves = p.add_subparsers(dest="wave_command", metavar="ACTION", parser_class=_Parser,
                             required=True)
    w = waves.add_parser("import", help="import an export as a wave")
    w.add_argument("file", metavar="FILE")
    w.add_argument("--wave", dest="wave_id", metavar="ID",
                   help="the new wave's id (not needed with --suggest)")
    w.add_argument("--date", default="", metavar="D", help="YYYY, YYYY-MM or YYYY-MM-DD")
    w.add_argument("--mapping", metavar="M", help="a mapping id from barometer.yaml")
    w.add_argument("--suggest", action="store_true",
                   help="print a mapping proposed from the question texts; write nothing")
    w.add_argument("--replace", action="store_true",
                   help="overwrite an imported wave with the same id (shows the difference)")
    _add_project_path(w)
    w = waves.add_parser("factors", help="count coded open answers per factor of the barometer")
    w.add_argument("file", metavar="FILE", help="coding sheet: respondent, factor (CSV/XLSX)")
    w.add_argument("--wave", dest="wave_id", metavar="ID", required=True)
    _add_project_path(w)

    p = sub.add_parser("indicator", help="add measurements of an outcome indicator",
                       description="Add a measurement (period, value, n) to an indicator of "
                       "outcomes.yaml, or import many from a CSV (indicator, period, value, n, "
                       "source); comments and layout of the file are kept.", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="indicator_command", metavar="ACTION", parser_class=_Parser,
                               required=True)
    a = actions.add_parser("add", help="add one measurement")
    a.add_argument("indicator_id", metavar="ID")
    a.add_argument("--period", required=True, metavar="P", help="e.g. 2024 or 2024-Q2")
    a.add_argument("--value", required=True, metavar="V")
    a.add_argument("--n", default=None, metavar="N")
    a.add_argument("--source", default="", metavar="TEXT")
    a.add_argument("--replace", action="store_true", help="overwrite the same period")
    _add_project_path(a)
    a = actions.add_parser("import", help="import measurements from a CSV")
    a.add_argument("file", metavar="FILE")
    a.add_argument("--replace", action="store_true", help="overwrite the same periods")
    _add_project_path(a)

    p = sub.add_parser("dashboard", help="the case-management dashboard of an export",
                       description="Read a dossier export (one row per dossier and step with a "
                       "date, CSV or XLSX) and print, per period and team, the share of "
                       "dossiers in which each step took place, the median days between steps "
                       "and the steps most often skipped; small groups are suppressed.",
                       epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--period", choices=("year", "quarter", "month"), default="year")
    p.add_argument("--teams", action="store_true", help="also the shares per team")
    _add_project_path(p)


def cmd_dashboard(args: argparse.Namespace) -> int:
    from .dashboard import dashboard, share_records, summary_records

    project = _project(args.path)
    if project.barometer is None:
        raise UsageError(f"{args.path}: the project has no barometer.yaml (it holds the steps)")
    result = dashboard(project.barometer, args.file, args.period)
    lang = project.language(None)
    print(share_records(result, lang=lang).to_markdown() + "\n")
    if args.teams:
        print(share_records(result, teams=True, lang=lang).to_markdown() + "\n")
    print(summary_records(result, lang=lang).to_markdown())
    return EXIT_OK


def cmd_indicator(args: argparse.Namespace) -> int:
    from . import indicators

    project = _project(args.path)
    if project.outcome_table is None:
        raise UsageError(f"{args.path}: the project has no outcomes.yaml")
    if args.indicator_command == "add":
        entry = indicators.measurement(args.period, args.value, args.n, args.source)
        indicators.add_measurement(project.root, project.outcome_table, args.indicator_id,
                                   entry, args.replace)
        print(f"{args.indicator_id}: {entry['period']} = {entry['value']}")
    else:
        count = indicators.import_measurements(project.root, project.outcome_table,
                                               args.file, args.replace)
        print(f"{count} measurement(s) added")
    return EXIT_OK


def cmd_wave(args: argparse.Namespace) -> int:
    from .survey_import import open_export
    from .survey_mapping import suggest
    from .waves import difference, plan_import, write_wave

    project = _project(args.path)
    if project.barometer is None:
        raise UsageError(f"{args.path}: the project has no barometer.yaml")
    if args.wave_command == "factors":
        return _wave_factors(project, args)
    if args.suggest:
        print(suggest(project.barometer, open_export(args.file), args.mapping or "export"),
              end="")
        return EXIT_OK
    if not args.wave_id:
        raise UsageError("wave import needs --wave ID (or --suggest)")
    plan = plan_import(project.barometer, args.file, args.wave_id, date=args.date,
                       mapping_id=args.mapping, replace=args.replace)
    print(plan.export.describe(), file=sys.stderr)
    if plan.ignored:
        print(f"ignored {len(plan.ignored)} column(s) the mapping does not name: "
              + "; ".join(plan.export.where(h) for h in plan.ignored), file=sys.stderr)
    if not args.date:
        print(f"no --date: the wave is dated {plan.wave['year']}; pass --date YYYY[-MM[-DD]] "
              "and --replace to date it otherwise", file=sys.stderr)
    if plan.replaced is not None:
        print(f"replacing wave '{args.wave_id}':", file=sys.stderr)
        for line in difference(plan.replaced, plan.wave):
            print(f"  {line}", file=sys.stderr)
    write_wave(Path(project.root) / "barometer.yaml", plan.wave)
    summary = plan.wave["summary"]
    print(f"wave {args.wave_id}: n = {plan.wave['n']}, valid {summary['valid_n']}, mean "
          f"{summary.get('mean')}, share >= threshold {summary.get('share_at_threshold')}%")
    return EXIT_OK


def _wave_factors(project, args: argparse.Namespace) -> int:
    from .waves import factor_counts, write_factor_counts

    from .barometer import wave as find_wave

    find_wave(project.barometer, args.wave_id)  # an unknown wave is named before the sheet is read
    counts = factor_counts(project.barometer, args.file)
    write_factor_counts(Path(project.root) / "barometer.yaml", project.barometer,
                        args.wave_id, counts)
    named = sum(1 for c in counts.values() if c)
    print(f"wave {args.wave_id}: {named} of {len(counts)} factors named, "
          f"{sum(counts.values())} mentions")
    return EXIT_OK


# ------------------------------------------------------------------ export, import, evidence

EXPORT_TARGETS = ("xlsx", "docx", "graphml", "gexf", "mermaid", "dot", "csv", "json")
IMPORT_SOURCES = ("xlsx", "evidence", "graphml", "csv")


def _exchange_parsers(sub) -> None:
    p = sub.add_parser("export", help="write a version as a workbook, document or graph file",
                       description="Write one theory version for other tools: xlsx (the "
                       "steering group's workbook), docx (a document for meetings), or "
                       "graphml, gexf, mermaid, dot, csv, json. See docs/exchange.md.",
                       epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("target", nargs="?", metavar="FORMAT", help=", ".join(EXPORT_TARGETS))
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--format", dest="export_format", choices=EXPORT_TARGETS,
                   help="the same as FORMAT")
    p.add_argument("--version", dest="theory_version", metavar="V",
                   help="version id (default: the newest)")
    p.add_argument("--lang", choices=languages(), default=None,
                   help=LANG_HELP)
    _add_graph_filters(p)
    p.add_argument("--out", metavar="FILE", help="output file (default: PATH/build/...)")

    p = sub.add_parser("import", help="read a workbook, findings sheet or graph file back",
                       description="Read the steering group's workbook (xlsx), a sheet of "
                       "coded findings (evidence), or a graphml/csv graph into the YAML files. "
                       "Everything is checked before anything is written; comments are kept.",
                       epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", choices=IMPORT_SOURCES, metavar="SOURCE",
                   help=", ".join(IMPORT_SOURCES))
    p.add_argument("file", metavar="FILE")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--into", metavar="V", help="update version V")
    p.add_argument("--as", dest="as_version", metavar="NEW", help="make a new version NEW")
    p.add_argument("--based-on", metavar="V", help="the version NEW revises")
    p.add_argument("--force", action="store_true",
                   help="apply a workbook whose YAML changed meanwhile; shows the three-way "
                   "difference")
    p.add_argument("--dry-run", action="store_true", help="check and show, write nothing")

    p = sub.add_parser("evidence", help="add one evidence item from the command line",
                       description="evidence add: add one quote, statistic or source that "
                       "bears on elements or links, checked like an imported sheet.")
    p.add_argument("action", choices=("add",), metavar="add")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--kind", required=True)
    p.add_argument("--text", required=True)
    p.add_argument("--role", default="")
    p.add_argument("--bears-on", required=True, metavar="ID[,ID]")
    p.add_argument("--stance", default="")
    p.add_argument("--n", default="")
    p.add_argument("--source", default="", metavar="KEY", help="literature key")
    p.add_argument("--work-package", default="")
    p.add_argument("--note", default="")
    p.add_argument("--dry-run", action="store_true", help="check and show, write nothing")


def _exchange(command):
    def run(args: argparse.Namespace) -> int:
        from .exchange import ExchangeError
        try:
            return command(args)
        except ExchangeError as exc:
            for message in exc.messages:
                print(f"programtheory {args.command}: {message}", file=sys.stderr)
            return EXIT_DATA
    return run


def cmd_export(args: argparse.Namespace) -> int:
    target = args.export_format or args.target
    if args.export_format and args.target:  # 'export --format csv PATH'
        args.path = args.target
    if target not in EXPORT_TARGETS:
        raise UsageError(f"say what to export: one of {', '.join(EXPORT_TARGETS)}")
    filters = [name for name, value in (
        ("--level", args.level), ("--kind", args.kind), ("--condition", args.condition),
        ("--focus", args.focus), ("--depth", args.depth), ("--paths", args.paths))
        if value is not None]
    if target in ("xlsx", "docx") and filters:
        raise UsageError(f"'export {target}' takes no {', '.join(filters)}: it holds the whole "
                         "version so that it can be imported again; the filters apply to "
                         "--format graphml, gexf, mermaid, dot, csv and json")
    if args.depth is not None and not args.focus:
        raise UsageError("--depth needs --focus ID: it counts steps around that node")
    from .outfiles import check_out_suffix
    project = _project(args.path)
    _refuse_project_file(project, args.out)  # first: never a hint to overwrite the data
    check_out_suffix(args.out, target)
    args.lang = project.language(args.lang)
    if target == "xlsx":
        from .exchange import export_workbook
        print(export_workbook(project, args.theory_version, args.out, args.lang))
    elif target == "docx":
        from .exchange.theory_docx import export_docx
        print(export_docx(project, args.theory_version, args.out, args.lang))
    else:
        from .exchange.formats import export_graph
        print(export_graph(project, target, version=args.theory_version, out=args.out,
                           lang=args.lang, levels=args.level, kinds=args.kind,
                           conditions=args.condition, focus=args.focus,
                           depth=args.depth if args.depth is not None else 1,
                           paths=tuple(args.paths) if args.paths else None))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    ignored = {"evidence": ("into", "as_version", "based_on", "force"),
               "xlsx": ()}.get(args.source, ("force",))
    given = [f"--{name.replace('_version', '').replace('_', '-')}" for name in ignored
             if getattr(args, name)]
    if given:
        raise UsageError(f"'import {args.source}' takes no {', '.join(given)}"
                         + (": evidence is shared by every version" if args.source == "evidence"
                            else ""))
    project = _project(args.path)
    if args.source == "xlsx":
        from .exchange import plan_workbook_import
        plan = plan_workbook_import(project, args.file, into=args.into,
                                    as_version=args.as_version, based_on=args.based_on,
                                    force=args.force)
    elif args.source == "evidence":
        from .exchange.evidence_import import import_evidence
        plan = import_evidence(project, args.file)
    else:
        from .exchange.formats import plan_graph_import
        plan = plan_graph_import(project, args.source, args.file, as_version=args.as_version,
                                 based_on=args.based_on, into=args.into)
    return _finish(plan, args.dry_run)


def cmd_evidence(args: argparse.Namespace) -> int:
    from .exchange.evidence_import import plan_evidence_add
    project = _project(args.path)
    plan = plan_evidence_add(project, kind=args.kind, text=args.text, role=args.role,
                             bears_on=args.bears_on, stance=args.stance, n=args.n,
                             source=args.source, work_package=args.work_package,
                             note=args.note)
    return _finish(plan, args.dry_run)


def _finish(plan, dry_run: bool) -> int:
    for note in plan.notes:
        print(note, file=sys.stderr)
    if plan.diff is not None:
        print(plan.diff.to_markdown())
    if not plan.changed:
        print("nothing to change", file=sys.stderr)
    elif dry_run:
        print("dry run: would write " + ", ".join(plan.changed), file=sys.stderr)
    else:
        for name in plan.write():
            print(f"wrote {name}", file=sys.stderr)
    return EXIT_OK


_COMMANDS = {name: _guard(fn) for name, fn in (
    ("validate", cmd_validate), ("errors", cmd_errors), ("render", cmd_render),
    ("diff", cmd_diff), ("build", cmd_build), ("history", cmd_history),
    ("export", _exchange(cmd_export)), ("import", _exchange(cmd_import)),
    ("evidence", _exchange(cmd_evidence)), ("wave", cmd_wave), ("indicator", cmd_indicator),
    ("dashboard", cmd_dashboard))}


# ------------------------------------------------------------------ confidence and pathways

def _confidence_parsers(sub) -> None:
    p = sub.add_parser("paths", help="ranked pathways between two elements, weakest link shown",
                       description="List the pathways from FROM to TO, strongest first: a "
                       "pathway is as strong as its weakest link (see docs/confidence.md). "
                       "FROM and TO are ids or labels (or a unique part of one).",
                       epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="TO")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--version", dest="theory_version", metavar="V",
                   help="version id (default: the newest)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N pathways")
    p.add_argument("--lang", choices=languages(), default=None,
                   help=LANG_HELP)
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("confidence", help="the proposed confidence grade of every element",
                       description="Grade every element and link after GRADE-CERQual, with "
                       "the reasons, beside the researcher's decision; --out writes the "
                       "Summary of Qualitative Findings and the Evidence Profile (.html, "
                       ".docx or .xlsx).", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--version", dest="theory_version", metavar="V",
                   help="version id (default: the newest)")
    p.add_argument("--lang", choices=languages(), default=None,
                   help=LANG_HELP)
    p.add_argument("--out", metavar="FILE", help="write the tables (.html, .docx, .xlsx)")


def cmd_paths(args: argparse.Namespace) -> int:
    from .confidence_texts import text
    from .pathways import element_labels, pathways
    if args.limit < 1:
        raise UsageError("--limit takes a number of at least 1")
    project = _project(args.path)
    args.lang = project.language(args.lang)
    version = project.version(args.theory_version)
    found = pathways(project, args.source, args.target, version, args.limit)
    labels = element_labels(version)
    if args.format == "json":
        print(json.dumps([{"strength": p.strength, "nodes": list(p.nodes),
                           "links": list(p.links), "grades": list(p.grades),
                           "weakest_links": list(p.weakest_links),
                           "continuous": list(p.continuous)} for p in found],
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    if not found:
        print(f"{text(args.lang, 'path_pathway')}: –", file=sys.stderr)
    links = {link.id: link for link in version.links}
    from .confidence import link_label
    for rank, p in enumerate(found, start=1):
        print(f"{rank}. [{text(args.lang, p.strength)}] {p.label_text(labels, args.lang)}")
        for link_id in p.weakest_links:
            label = link_label(links[link_id], labels)
            print(f"   {text(args.lang, 'path_weakest')}: {label.shown(args.lang)}")
        if p.continuous:
            print(f"   {text(args.lang, 'path_continuous')}")
    return EXIT_OK


def cmd_confidence(args: argparse.Namespace) -> int:
    from .confidence import assess_version
    from .confidence_tables import (confidence_records, records_to_docx,
                                    records_to_html_page, records_to_xlsx)
    from .confidence_texts import text
    project = _project(args.path)
    args.lang = project.language(args.lang)
    graded = assess_version(project, args.theory_version)
    if args.out:
        _refuse_project_file(project, args.out)
        tables = list(confidence_records(graded, project, args.lang))
        suffix = Path(args.out).suffix.lower()
        if suffix not in (".html", ".docx", ".xlsx"):
            raise UsageError(f"--out {args.out}: write .html, .docx or .xlsx")
        if suffix == ".html":
            from .atomic import write_text_atomically
            write_text_atomically(args.out, records_to_html_page(tables, args.lang))
        else:
            (records_to_docx if suffix == ".docx" else records_to_xlsx)(tables, args.out)
        print(args.out)
        return EXIT_OK
    for a in graded.values():
        label = a.label.shown(args.lang)
        decided = f" → {text(args.lang, a.grade)} ({text(args.lang, a.status)})" \
            if a.decision else ""
        print(f"{text(args.lang, a.proposed)}{decided}: {label}")
        for c in a.components:
            print(f"   {text(args.lang, c.name)}: {c.text(args.lang)}")
    return EXIT_OK


_COMMANDS.update({name: _guard(fn) for name, fn in (
    ("paths", cmd_paths), ("confidence", cmd_confidence))})

# ------------------------------------------------------------------ init and schema (cli_setup)

from .cli_setup import COMMANDS as _SETUP_COMMANDS  # noqa: E402

_COMMANDS.update({name: _guard(fn) for name, fn in _SETUP_COMMANDS.items()})
