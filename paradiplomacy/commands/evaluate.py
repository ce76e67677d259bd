"""`paradiplomacy evaluate`: score predictions against the gold; results carry a signature.

Predictions come from exactly one source: a JSON Lines file, a registered or importable extractor, or an
external program speaking JSON lines.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paradiplomacy.corpus import Document

from paradiplomacy.workers import add_workers_argument

FORMATS = ("table", "markdown", "json")
DETAILS_AUTO = "auto"
DETAILS_INLINE_MAX = 1000  # documents whose errors the results carry inline unless --details says otherwise


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """--output, --format, --bootstrap and --seed, shared with `agree`."""
    parser.add_argument("--output", type=Path, help="write the results JSON here")
    parser.add_argument("--format", choices=FORMATS, default="table", help="what to print (default: table)")
    parser.add_argument(
        "--bootstrap", type=_non_negative, default=1000, help="bootstrap resamples (default: 1000)"
    )
    parser.add_argument("--seed", type=int, default=12345, help="bootstrap seed (default: 12345)")


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
    parser.add_argument(
        "--details",
        default=DETAILS_AUTO,
        metavar="inline|none|FILE.jsonl",
        help="each document's errors: inside the results (inline), left out (none), or written to a JSON "
        f"Lines file; default: inline up to {DETAILS_INLINE_MAX:,} documents, else none, with a warning",
    )
    add_workers_argument(parser, "validating the gold")
    add_output_arguments(parser)
    parser.set_defaults(handler=run)


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def load_gold(annotations: Path | None, seeds: Path | None, workers: int = 1) -> list[Any]:
    """The gold documents, after checking the folder is a valid corpus where the validator is available."""
    from paradiplomacy.corpus import default_seeds_dir, load_corpus
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
    documents = load_corpus(annotations, seeds)
    if not documents:
        raise InputError(f"{annotations}: no annotation files (*.json)")
    return documents


def _load_predictions(args: argparse.Namespace, documents: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """doc_id -> checked prediction record, from whichever source the arguments name."""
    from paradiplomacy.extractors.options import collect_predictions
    from paradiplomacy.predictions import check_predictions, read_predictions

    records = collect_predictions(args, list(documents.values()))
    if records is None:
        return dict(read_predictions(args.predictions, documents))
    return dict(check_predictions(records, documents, "extractor"))


def system_name(args: argparse.Namespace) -> str:
    """What the results call the system: --system, else the extractor, the program or the file's stem."""
    if args.system:
        return str(args.system)
    if args.extractor:
        return str(args.extractor)
    if args.external_command:
        return str(args.external_command)
    return str(args.predictions.stem)


def emit(results: dict[str, Any], args: argparse.Namespace) -> None:
    """Write --output (validated JSON) and print the chosen format; warnings go to stderr."""
    from paradiplomacy.scoring import report
    from paradiplomacy.scoring.results import checked, dump, write

    for warning in results["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    data = checked(results) if args.output or args.format == "json" else {}  # rounded and validated once
    if args.output:
        write(results, args.output, data)
    if args.format == "json" and args.output:
        with args.output.open(encoding="utf-8") as written:  # the same text: serialised once
            shutil.copyfileobj(written, sys.stdout)
    elif args.format == "json":
        dump(data, sys.stdout)
    elif args.format == "markdown":
        sys.stdout.write(report.markdown(results))
    else:
        sys.stdout.write(report.table(results))


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.scoring.evaluate import missing_warnings, score

    if args.predictions is not None:
        results, details, inline = _score_file(args)
    else:
        gold = load_gold(args.corpus, args.seeds, args.workers)
        documents = {document.doc_id: document for document in gold}
        records = _load_predictions(args, documents)
        warnings = missing_warnings(documents, records)
        details, inline = _details(args, len(gold), warnings)
        results = score(
            gold,
            records,
            bootstrap=args.bootstrap,
            seed=args.seed,
            system=system_name(args),
            warnings=warnings,
            details=inline or details != "none",
        )
    if not inline and details != "none":
        write_details(results, Path(details))
    emit(results, args)
    return 0


def _details(args: argparse.Namespace, documents: int, warnings: list[str]) -> tuple[str, bool]:
    """What --details means for this many documents, and whether the errors go inline."""
    details = args.details
    if details == DETAILS_AUTO and documents > DETAILS_INLINE_MAX:
        details = "none"
        warnings.append(
            f"per-document errors of the {documents:,} documents are left out of the results (more than "
            f"{DETAILS_INLINE_MAX:,}); give --details inline, or --details FILE.jsonl to write them apart"
        )
    return details, details in (DETAILS_AUTO, "inline")


def _score_file(args: argparse.Namespace) -> tuple[dict[str, Any], str, bool]:
    """Score a predictions file reading the gold and the predictions one document at a time.

    Two passes over the gold: in doc-id order for the gold hash and the canonical-name index (both need the
    whole gold), then in file order (the order `load_gold` gives) to score; the predictions file is checked
    once, keeping where each record starts, and each record is re-read when its document is scored.
    Memory holds the index and per-document counts, never the corpus or the predictions.
    """
    from paradiplomacy.corpus import annotation_files, default_seeds_dir, iter_documents
    from paradiplomacy.errors import InputError
    from paradiplomacy.predictions import index_predictions
    from paradiplomacy.resources import annotations_dir
    from paradiplomacy.scoring.entities import canonical_index
    from paradiplomacy.scoring.evaluate import missing_warnings, score_pairs
    from paradiplomacy.scoring.signature import GoldHash, settings_for
    from paradiplomacy.validation.annotations import require_valid

    annotations = args.corpus or annotations_dir()
    seeds = args.seeds or default_seeds_dir(annotations)
    if not annotations.is_dir():
        raise InputError(f"{annotations}: no such folder of annotation files")
    if not seeds.is_dir():
        raise InputError(f"{seeds}: no such folder of seed texts (give --seeds)")
    require_valid(annotations, seeds, args.workers)
    doc_ids = [path.stem for path in annotation_files(annotations)]
    if not doc_ids:
        raise InputError(f"{annotations}: no annotation files (*.json)")
    predictions = index_predictions(args.predictions, _SeedTexts(doc_ids, seeds))
    hasher = GoldHash()

    def hashed(documents: Iterable[Document]) -> Iterator[Document]:
        for document in documents:
            hasher.add(document)
            yield document

    index = canonical_index(hashed(iter_documents(annotations, seeds, by_doc_id=True)))
    config = settings_for(hasher.hexdigest(), len(doc_ids), bootstrap=args.bootstrap, seed=args.seed)
    warnings = missing_warnings(dict.fromkeys(doc_ids), predictions.offsets)
    details, inline = _details(args, len(doc_ids), warnings)
    try:
        results = score_pairs(
            ((document, predictions.get(document.doc_id)) for document in iter_documents(annotations, seeds)),
            index=index,
            config=config,
            entity_offsets=(predictions.entities_with_offsets, predictions.entities),
            system=system_name(args),
            warnings=warnings,
            details=inline or details != "none",
        )
    finally:
        predictions.close()
    return results, details, inline


class _SeedTexts(Mapping[str, Any]):
    """doc_id -> an object whose `text` is the seed, read when asked: all that checking predictions needs
    of the gold, without holding every text."""

    def __init__(self, doc_ids: list[str], seeds: Path) -> None:
        self._ids = set(doc_ids)
        self._seeds = seeds

    def __getitem__(self, doc_id: str) -> Any:
        from types import SimpleNamespace

        from paradiplomacy.corpus import read_text

        if doc_id not in self._ids:
            raise KeyError(doc_id)
        return SimpleNamespace(text=read_text(self._seeds / f"{doc_id}.txt"))

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._ids))

    def __len__(self) -> int:
        return len(self._ids)


def write_details(results: dict[str, Any], path: Path) -> None:
    """Move each document's errors out of the results into JSON Lines: {"doc_id": ..., "errors": {...}}."""
    import json

    from paradiplomacy.errors import InputError

    lines = []
    for doc_id, entry in results["per_document"].items():
        lines.append(json.dumps({"doc_id": doc_id, "errors": entry.pop("errors")}, ensure_ascii=False))
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the per-document errors ({error.strerror})") from None
