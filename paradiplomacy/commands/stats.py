"""`paradiplomacy stats`: corpus statistics (mentions, agreements, sectors) as a table, Markdown or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("table", "markdown", "json")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="corpus statistics: mentions per label and language, agreements, sectors",
        description="Count the gold: documents, mentions per label and language, agreements, sectors.",
    )
    parser.add_argument("--annotations", type=Path, default=Path("annotations"), help="annotation folder")
    parser.add_argument(
        "--seeds", type=Path, default=None, help="seed folder (default: beside the annotations)"
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy import stats
    from paradiplomacy.corpus import default_seeds_dir
    from paradiplomacy.dataset.sources import load_documents

    seeds = args.seeds or default_seeds_dir(args.annotations)
    corpus = stats.compute(load_documents(args.annotations, seeds))
    renderers = {
        "table": stats.render_table,
        "markdown": stats.render_markdown,
        "json": stats.CorpusStats.to_json,
    }
    sys.stdout.write(renderers[args.format](corpus))
    return 0
