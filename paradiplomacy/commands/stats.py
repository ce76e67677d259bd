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
    parser.add_argument(
        "--annotations",
        type=Path,
        default=None,
        help="annotation folder (default: ./annotations, else the gold shipped with the package)",
    )
    parser.add_argument(
        "--seeds", type=Path, default=None, help="seed folder (default: beside the annotations)"
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy import stats
    from paradiplomacy.corpus import default_seeds_dir
    from paradiplomacy.dataset.sources import load_documents
    from paradiplomacy.resources import annotations_dir

    annotations = args.annotations
    if annotations is None:
        annotations = Path("annotations") if Path("annotations").is_dir() else annotations_dir()
    seeds = args.seeds or default_seeds_dir(annotations)
    corpus = stats.compute(load_documents(annotations, seeds))
    renderers = {
        "table": stats.render_table,
        "markdown": stats.render_markdown,
        "json": stats.CorpusStats.to_json,
    }
    sys.stdout.write(renderers[args.format](corpus))
    return 0
