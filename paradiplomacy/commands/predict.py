"""`paradiplomacy predict`: run an extractor once over the gold documents and keep its predictions file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    from paradiplomacy.extractors.options import add_source_options

    parser = subparsers.add_parser(
        "predict",
        help="run an extractor over the corpus and write its predictions (JSON Lines)",
        description="Run an extractor (--extractor or --command) over the gold documents and write one "
        "prediction per document, in doc_id order, so that a slow system runs once and is scored many times.",
    )
    add_source_options(parser, required=True)
    parser.add_argument(
        "--corpus", type=Path, default=None, metavar="DIR", help="annotation folder (default: shipped gold)"
    )
    parser.add_argument(
        "--output", type=Path, default=None, metavar="FILE.jsonl", help="where to write (default stdout)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.extractors.documents import gold_documents
    from paradiplomacy.extractors.jsonl import dumps_predictions
    from paradiplomacy.extractors.options import collect_predictions

    documents = gold_documents(args.corpus)
    predictions = collect_predictions(args, documents) or []
    text = dumps_predictions(predictions)
    if args.output is None:
        sys.stdout.write(text)
    else:
        from paradiplomacy.safeio import write_text

        write_text(args.output, text, what="predictions")
        print(f"{args.output}: {len(predictions)} predictions", file=sys.stderr)
    return 0
