"""The commands that set a project up: `init` (a new project folder) and `schema` (the JSON
Schemas of the project files). `cli` adds these parsers and commands."""

from __future__ import annotations

import argparse
import sys

from .errors import UsageError
from .findings import did_you_mean

EXIT_OK = 0


def add_parsers(sub) -> None:
    p = sub.add_parser("schema", help="write the JSON Schemas of the project files",
                       description="Print the JSON Schema of one file role, or write every "
                       "schema into a folder. A YAML file names its schema on its first line "
                       "('# yaml-language-server: $schema=...'), so that editors complete and "
                       "check its fields.")
    p.add_argument("--role", metavar="ROLE", help="print the schema of this file role "
                   "(version, evidence, sources, recommendations, outcomes, barometer, ...)")
    p.add_argument("--out", metavar="DIR", help="write every schema into DIR")

    p = sub.add_parser("init", help="start a new project folder that validates and builds",
                       description="Create a project folder with its settings, one theory "
                       "version, an evidence file, sources, an empty outcome table and a "
                       "README on what to edit first. The folder must not exist or be empty; "
                       "nothing is written unless everything is.")
    p.add_argument("path", metavar="PATH", help="the new project folder")
    p.add_argument("--lang", choices=("en", "nl"), default="en",
                   help="the project's language (default en)")
    p.add_argument("--example", action="store_true",
                   help="fill the project with a small worked example instead of a skeleton")


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import FILE_MODELS, file_schema, write_schemas
    if args.role is not None and args.out is not None:
        raise UsageError("give --role (print one schema) or --out DIR (write all), not both")
    if args.out is not None:
        for path in write_schemas(args.out):
            print(path)
        return EXIT_OK
    if args.role is None:
        raise UsageError("give --role ROLE to print one schema, or --out DIR to write all of "
                         "them (roles: " + ", ".join(FILE_MODELS) + ")")
    if args.role not in FILE_MODELS:
        hint = did_you_mean(args.role, FILE_MODELS)
        raise UsageError(f"unknown file role '{args.role}'" + (f"; {hint}" if hint else "")
                         + " (roles: " + ", ".join(FILE_MODELS) + ")")
    import json
    print(json.dumps(file_schema(args.role), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import create_project
    created = create_project(args.path, lang=args.lang, example=args.example)
    print(f"created {created}", file=sys.stderr)
    print(f"next: read {created / 'README.md'}, then run 'programtheory validate {args.path}' "
          f"and 'programtheory build {args.path}'", file=sys.stderr)
    return EXIT_OK


COMMANDS = {"schema": cmd_schema, "init": cmd_init}
