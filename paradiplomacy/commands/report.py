"""`paradiplomacy report`: an HTML error-analysis report of one or more results files, readable offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML error analysis of results files",
        description="One HTML file, no network needed: per system the scores per layer, label and language "
        "with 95% CIs, a confusion matrix, every document with its gold and predicted mentions highlighted "
        "and classified, agreements and sectors side by side, filters; with several files, where the systems "
        "differ. The texts come from the gold corpus the results were scored on.",
    )
    parser.add_argument("results", type=Path, nargs="+", metavar="RESULTS.json", help="results of evaluate")
    parser.add_argument("--output", "-o", type=Path, required=True, help="the HTML file to write")
    parser.add_argument("--corpus", type=Path, help="folder of annotation files (default: the shipped gold)")
    parser.add_argument("--seeds", type=Path, help="folder of seed texts (default: ../seeds from --corpus)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.commands.evaluate import load_gold
    from paradiplomacy.extractors.leaderboard import COLUMNS
    from paradiplomacy.report.html import page
    from paradiplomacy.report.load import load_all
    from paradiplomacy.report.write import write_atomic
    from paradiplomacy.scoring.signature import gold_hash

    documents = load_gold(args.corpus, args.seeds)
    loaded = load_all(list(args.results), documents, gold_hash(documents))
    for item in loaded:
        for warning in item.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    text = page(loaded, documents, COLUMNS)
    write_atomic(args.output, text)
    print(
        f"{args.output}: report of {len(loaded)} results file(s), {len(documents)} documents", file=sys.stderr
    )
    return 0
