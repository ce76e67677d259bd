"""`paradiplomacy evaluate`: score predictions against the gold; results carry a signature.

Predictions come from exactly one source: a JSON Lines file, a registered or importable extractor, or an
external program speaking JSON lines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from paradiplomacy.workers import add_workers_argument

FORMATS = ("table", "markdown", "json")
DETAILS_AUTO = "auto"
DETAILS_INLINE_MAX = 1000  # documents whose errors the results carry inline unless --details says otherwise


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """--output, --format, --bootstrap and --seed, shared with `agree`."""
    parser.add_argument(
        "--output", type=Path, help="write the results JSON here (then --format json prints nothing)"
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="what to print (default: table)")
    from paradiplomacy.limits import bootstrap_count, seed_value

    parser.add_argument(
        "--bootstrap", type=bootstrap_count, default=1000, help="bootstrap resamples (default: 1000)"
    )
    parser.add_argument("--seed", type=seed_value, default=12345, help="bootstrap seed (default: 12345)")


def add_max_errors(parser: argparse.ArgumentParser) -> None:
    """--max-errors N: problems shown per predictions file before only a count of the rest."""
    from paradiplomacy.limits import positive_count
    from paradiplomacy.predictions import MAX_ERRORS

    parser.add_argument(
        "--max-errors",
        type=positive_count,
        default=MAX_ERRORS,
        metavar="N",
        help=f"problems shown per predictions file, then a count of the rest (default: {MAX_ERRORS})",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score predictions or an extractor against the gold",
        description="Score predictions against the gold: mentions, entities, agreements, sectors, with "
        "bootstrap confidence intervals and a signature. Give a JSON Lines file (--predictions), an "
        "extractor (--extractor) or a program (--command).",
    )
    from paradiplomacy.extractors.options import add_source_options

    sources = add_source_options(parser, required=True)
    sources.add_argument("--predictions", type=Path, help="JSON Lines file, one record per document")
    parser.add_argument("--corpus", type=Path, help="folder of annotation files (default: the shipped gold)")
    parser.add_argument("--seeds", type=Path, help="folder of seed texts (default: ../seeds from --corpus)")
    parser.add_argument("--system", help="system name recorded in the results")
    add_max_errors(parser)
    from paradiplomacy.scoring.scoped import add_scope_arguments

    add_scope_arguments(parser)
    add_output_arguments(parser)
    parser.add_argument(
        "--details",
        default=DETAILS_AUTO,
        metavar="inline|none|FILE.jsonl",
        help="each document's errors: inside the results (inline), left out (none), or written to a JSON "
        f"Lines file; default: inline up to {DETAILS_INLINE_MAX:,} documents, else none, with a warning",
    )
    add_workers_argument(parser, "validating the gold")
    parser.add_argument(
        "--show",
        type=_show,
        default=(),
        metavar="WHAT",
        help="add to the table: 'labels' (per-label scores), 'languages' (per-language scores), 'errors' "
        "(each gold mention beside its prediction, with the text around it); comma-separated",
    )
    parser.set_defaults(handler=run)


def _show(text: str) -> tuple[str, ...]:
    from paradiplomacy.report.terminal import SHOWABLE

    wanted = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in wanted if part not in SHOWABLE]
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(f"expected some of {','.join(SHOWABLE)}, not {text!r}")
    return wanted


def load_gold(annotations: Path | None, seeds: Path | None, workers: int = 1) -> list[Any]:
    """The gold documents, after checking the folder is a valid corpus where the validator is available."""
    from paradiplomacy.corpus import load_corpus

    annotations, seeds = check_gold(annotations, seeds, workers)
    documents = load_corpus(annotations, seeds)
    if not documents:
        from paradiplomacy.errors import InputError

        raise InputError(f"{annotations}: no annotation files (*.json)")
    return documents


def check_gold(annotations: Path | None, seeds: Path | None, workers: int = 1) -> tuple[Path, Path]:
    """The annotation and seeds folders (defaults filled in), after `validate` has passed them."""
    from paradiplomacy.corpus import default_seeds_dir
    from paradiplomacy.errors import InputError
    from paradiplomacy.resources import annotations_dir
    from paradiplomacy.validation.annotations import require_valid

    annotations = annotations or annotations_dir()
    seeds = seeds or default_seeds_dir(annotations)
    if not annotations.is_dir():
        raise InputError(f"{annotations}: no such folder of annotation files")
    if not seeds.is_dir():
        raise InputError(f"{seeds}: no such folder of seed texts (give --seeds)")
    require_valid(annotations, seeds, workers)
    return annotations, seeds


def system_name(args: argparse.Namespace) -> str:
    """What the results call the system: --system, else the extractor, the program or the file's stem."""
    if args.system:
        return str(args.system)
    if args.extractor:
        return str(args.extractor)
    if args.external_command:
        return str(args.external_command)
    return str(args.predictions.stem)


def emit(results: dict[str, Any], args: argparse.Namespace, documents: list[Any] | None = None) -> None:
    """Write --output (validated JSON) and print the chosen format; warnings go to stderr. The JSON goes to
    the file or to standard output, not both: `--output FILE` keeps the terminal for people."""
    from paradiplomacy.scoring import report
    from paradiplomacy.scoring.results import iter_dumps, write

    for warning in results["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    if args.output:
        write(results, args.output)
    show = getattr(args, "show", ())
    if args.format == "json":
        if args.output:
            print(f"{args.output}: results written", file=sys.stderr)
        else:
            sys.stdout.writelines(iter_dumps(results))  # a batch of documents at a time
    elif args.format == "markdown":
        sys.stdout.write(report.markdown(results))
    else:
        sys.stdout.write(report.table(results))
    if show and args.format == "json":
        print(
            "warning: --show adds to the table or markdown output; it is ignored with --format json",
            file=sys.stderr,
        )
    elif show:
        from paradiplomacy.report.terminal import sections

        sys.stdout.write("\n" + sections(results, documents or [], show, markdown=args.format == "markdown"))


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.scoring.scoped import evaluate_predictions, evaluate_source, scope_from_args

    if args.predictions is not None:
        from paradiplomacy.scoring.stream import read_gold_folder

        folder = read_gold_folder(*check_gold(args.corpus, args.seeds, args.workers), args.workers)
        documents: list[Any] = folder.documents
    else:
        documents = load_gold(args.corpus, args.seeds, args.workers)
    details: str | Path = args.details
    note = []
    if details == DETAILS_AUTO:
        details = "inline"
        if len(documents) > DETAILS_INLINE_MAX:
            details = "none"
            note.append(
                f"per-document errors of the {len(documents):,} documents are left out of the results (more "
                f"than {DETAILS_INLINE_MAX:,}); give --details inline, or --details FILE.jsonl to write them "
                "apart"
            )
    elif details not in ("inline", "none"):
        details = Path(details)
    scope = scope_from_args(args, documents)
    options = {
        "system": system_name(args),
        "label_map": args.label_map,
        "unknown_labels": args.unknown_labels,
    }
    if args.predictions is not None:
        results = evaluate_predictions(args, folder, scope, details=details, **options)
    else:
        results = evaluate_source(args, documents, scope, details=details != "none", **options)
        if isinstance(details, Path):
            write_details(results, details)
    results["warnings"] += note
    if args.show:
        from paradiplomacy.corpus import load_corpus

        if args.predictions is not None:  # the documents' texts, for the errors shown in context
            documents = load_corpus(folder.annotations, folder.seeds)
    emit(results, args, documents)
    return 0


def write_details(results: dict[str, Any], path: Path) -> None:
    """Move each document's errors out of the results into JSON Lines: {"doc_id": ..., "errors": {...}}
    (an extractor's run; those of a predictions file are written as they are made, `scoring/stream.py`)."""
    from paradiplomacy.safeio import write_pieces
    from paradiplomacy.scoring.results import details_line

    per_document = results["per_document"]
    write_pieces(
        path, (details_line(d, e["errors"]) for d, e in per_document.items()), what="per-document errors"
    )
    for entry in per_document.values():
        entry.pop("errors")
