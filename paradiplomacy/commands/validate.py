"""`paradiplomacy validate`: every problem of annotation files (or a prediction file), located, at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from paradiplomacy.validation.report import FORMATS, Report
from paradiplomacy.workers import add_workers_argument

if TYPE_CHECKING:
    from paradiplomacy.corpus import Document

_EPILOG = """\
A folder stands for its *.json files (not recursive). agreement.json (inter-annotator agreement written by
`paradiplomacy agree`) is not an annotation file and is skipped by name, also when named explicitly.
Seeds are looked for in ../seeds from each annotation file's folder (or two folders up, for
annotations/second_pass/), unless --seeds is given.

Levels, reported in this order: format (UTF-8, JSON, an object), schema (structure and types),
vocabulary (controlled values), consistency (against the seed text and within the file).

Exit status: 0 valid, 1 a problem was found, 2 usage error."""


def _existing(value: str) -> Path:
    path = Path(value)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{value}: no such file or folder")
    return path


def _existing_folder(value: str) -> Path:
    path = _existing(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value}: not a folder")
    return path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check annotation files (or a prediction file) and list every problem",
        description="Check annotation files against the schema, the vocabularies and their seed texts.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    default = "default: ./annotations, else the annotations shipped with the package"
    parser.add_argument(
        "paths", nargs="*", type=_existing, metavar="PATH", help=f"files or folders ({default})"
    )
    parser.add_argument("--seeds", type=_existing_folder, metavar="DIR", help="folder of the seed texts")
    parser.add_argument(
        "--predictions", type=Path, metavar="FILE.jsonl", help="check this prediction file against the gold"
    )
    gold = "with --predictions: the gold annotation folder (default: the gold shipped with the package)"
    parser.add_argument("--corpus", type=_existing_folder, metavar="DIR", help=gold)
    parser.add_argument("--format", choices=FORMATS, default="text", help="for people, programs or GitHub")
    add_workers_argument(parser, "checking documents")
    from paradiplomacy.commands.evaluate import add_max_errors

    add_max_errors(parser)
    parser.set_defaults(handler=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.validation.report import render

    parser: argparse.ArgumentParser = args.parser
    if args.predictions is not None:
        if args.paths:
            parser.error("--predictions checks one prediction file against --corpus; give no PATH with it")
        report = _prediction_report(args.predictions, args.corpus, args.seeds, args.max_errors)
    else:
        if args.corpus is not None:
            parser.error("--corpus applies only with --predictions")
        report = _annotation_report(args.paths or [_default_annotations(parser)], args.seeds, args.workers)
        _cap_per_file(report, args.max_errors)
    sys.stdout.write(render(report, args.format))
    return 0 if report.valid else 1


def _default_annotations(parser: argparse.ArgumentParser) -> Path:
    from paradiplomacy.resources import annotations_dir

    for candidate in (Path("annotations"), annotations_dir()):
        if candidate.is_dir():
            return candidate
    parser.error("no PATH given, and no annotations/ folder here or in the package")


def _annotation_report(paths: list[Path], seeds: Path | None, workers: int = 1) -> Report:
    from paradiplomacy.errors import InputError
    from paradiplomacy.validation.annotations import validate_paths

    report = validate_paths(paths, seeds, workers)
    for path in paths:
        if path.suffix == ".jsonl":
            report.notes.append(f"{path} is JSON Lines: did you mean --predictions {path}?")
    if not report.files and not report.skipped:
        # A hook pointed at the wrong folder must fail, not pass on nothing.
        raise InputError(
            f"{', '.join(map(str, paths))}: no annotation files (*.json) to validate; "
            "give the folder that holds them (e.g. annotations/)"
        )
    return report


def _cap_per_file(report: Report, cap: int) -> None:
    """At most `cap` problems shown per file, then a note with the count of the rest (--max-errors)."""
    shown: dict[str, int] = {}
    kept = []
    for problem in report.problems:
        shown[problem.file] = shown.get(problem.file, 0) + 1
        if shown[problem.file] <= cap:
            kept.append(problem)
    if len(kept) == len(report.problems):
        return
    report.problems = kept
    for file, count in shown.items():
        if count > cap:
            report.notes.append(
                f"{file}: ... and {count - cap} more problems not shown (raise the number with --max-errors)"
            )


def _prediction_report(path: Path, corpus: Path | None, seeds: Path | None, max_errors: int) -> Report:
    from paradiplomacy.predictions import load_predictions_noted, missing_documents

    documents = _gold(corpus, seeds)
    predictions, problems, more = load_predictions_noted(path, documents, max_errors=max_errors)
    report = Report(files=[str(path)], problems=problems)
    if more:
        report.notes.append(more)
    missing = missing_documents(predictions, documents) if not problems else []
    if missing:
        names = ", ".join(missing)
        report.notes.append(
            f"no prediction for {len(missing)} of {len(documents)} documents (scored as empty): {names}"
        )
    return report


def _gold(corpus: Path | None, seeds: Path | None) -> dict[str, Document]:
    """The gold documents by doc_id; a gold folder that cannot be loaded is an input error."""
    from paradiplomacy.corpus import load_corpus
    from paradiplomacy.errors import InputError
    from paradiplomacy.resources import annotations_dir

    folder = corpus or annotations_dir()
    try:
        documents = load_corpus(folder, seeds)
    except (KeyError, TypeError, AttributeError) as error:
        hint = f"run `paradiplomacy validate {folder}`"
        raise InputError(f"{folder}: the gold annotations cannot be loaded ({error!r}); {hint}") from None
    if not documents:
        raise InputError(f"{folder}: no gold annotation files to check predictions against")
    return {document.doc_id: document for document in documents}
