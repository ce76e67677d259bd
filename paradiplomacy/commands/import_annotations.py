"""`paradiplomacy import labelstudio EXPORT.json`: reviewed annotations back into annotations/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

_EPILOG = """\
Each task's submitted annotation (the ground-truth one where marked, else the latest) becomes
annotations/DOC_ID.json. A draft becomes gold under its reviewer; a changed gold file records its new
annotator. Every file is validated against its seed first: one problem anywhere and nothing is written.
Exit status: 0 imported, 1 a problem (each named with the task and region), 2 usage error."""


def register(subparsers: argparse._SubParsersAction) -> None:
    from paradiplomacy.contrib.repository import repository_option

    parser = subparsers.add_parser(
        "import",
        help="turn a Label Studio export back into annotation files",
        description="Read annotations made in an annotation tool back into annotations/.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tools = parser.add_subparsers(dest="tool", required=True, metavar="TOOL")
    sub = tools.add_parser("labelstudio", help="a Label Studio JSON export", epilog=_EPILOG)
    sub.add_argument("export", type=Path, metavar="EXPORT.json", help="Label Studio's JSON export")
    sub.add_argument(
        "--annotator", metavar="NAME", help="who annotated (default: the export's completed_by user)"
    )
    repository_option(sub)
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.contrib.repository import Repository
    from paradiplomacy.labelstudio.roundtrip import import_export

    result = import_export(args.export, Repository(args.root).require(), args.annotator)
    for line in result.skipped:
        print(f"note: {line}", file=sys.stderr)
    for item in result.written:
        print(f"{item.path}: written ({item.note})", file=sys.stderr)
    return 0
