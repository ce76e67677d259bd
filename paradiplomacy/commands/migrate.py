"""`paradiplomacy migrate`: upgrade annotation files and prediction files to the current schema version."""

from __future__ import annotations

import argparse
from pathlib import Path

_EPILOG = """\
A folder stands for its *.json annotation files and *.jsonl prediction files (not recursive).
Every file is read and upgraded in memory first; if any cannot be, nothing is written. Each file is then
replaced atomically. Files already at the current version are left untouched.

Exit status: 0 done (or nothing to do), 1 a file cannot be migrated, 2 usage error."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "migrate",
        help="upgrade annotation and prediction files of schema 1.0/1.1 to the current version",
        description="Rewrite older annotation files (*.json) and prediction files (*.jsonl) in the "
        "current schema version, losslessly, in place.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.migration import migrate
    from paradiplomacy.vocabulary import version

    outcomes = migrate(args.paths, dry_run=args.dry_run)
    verb = "would migrate" if args.dry_run else "migrated"
    for outcome in outcomes:
        if outcome.status == "current":
            print(f"{outcome.path}: already {version()}")
            continue
        print(f"{outcome.path}: {verb}")
        for change in outcome.changes:
            print(f"  {change}")
    changed = sum(o.status == "migrated" for o in outcomes)
    print(f"{changed} of {len(outcomes)} files {verb} to schema {version()}")
    return 0
