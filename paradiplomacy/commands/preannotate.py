"""`paradiplomacy preannotate DOC_ID --extractor NAME`: a machine-made draft annotation, for review."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

_EPILOG = """\
Runs the extractor on seeds/DOC_ID.txt and writes annotations/DOC_ID.json marked "status": "draft". A draft is
never gold: `paradiplomacy validate` reports it and `paradiplomacy build` refuses it until reviewed
(`paradiplomacy export labelstudio`, annotate, `paradiplomacy import labelstudio`). An existing draft is
replaced; a gold annotation is never overwritten.
Exit status: 0 written, 1 a problem, 2 usage error."""


def register(subparsers: argparse._SubParsersAction) -> None:
    from paradiplomacy.contrib.repository import repository_option
    from paradiplomacy.extractors.options import add_source_options

    parser = subparsers.add_parser(
        "preannotate",
        help="run an extractor on one seed and write a draft annotation for review",
        description="Pre-annotate a new article with any extractor; the result is a draft, not gold.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("doc_id", metavar="DOC_ID", help="the seed to pre-annotate (seeds/DOC_ID.txt)")
    add_source_options(parser, required=True)
    repository_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy import __version__
    from paradiplomacy.contrib.drafts import draft_record
    from paradiplomacy.contrib.files import json_text
    from paradiplomacy.contrib.repository import Repository
    from paradiplomacy.corpus import Document
    from paradiplomacy.errors import InputError
    from paradiplomacy.extractors.options import collect_predictions
    from paradiplomacy.safeio import write_bytes
    from paradiplomacy.validation.drafts import is_draft

    repository = Repository(args.root).require()
    doc_id = args.doc_id
    text = repository.seed_text(doc_id)
    entry = repository.provenance()["documents"].get(doc_id) or {}
    language = entry.get("language")
    if not isinstance(language, str):
        raise InputError(
            f"{repository.provenance_file}: no language recorded for {doc_id!r}; "
            "add the article with `paradiplomacy add`"
        )
    target = repository.annotation_file(doc_id)
    if target.exists():
        try:
            current = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            current = None
        if not is_draft(current):
            raise InputError(
                f"{target}: an annotation that is not a draft exists; preannotate never overwrites it"
            )
    document = Document(doc_id=doc_id, language=language, text=text, entities=[], agreements=[], sectors=[])
    predictions = collect_predictions(args, [document]) or []
    source = f"extractor:{args.extractor}" if args.extractor else f"command:{args.external_command}"
    options = f" with {args.extractor_args}" if args.extractor_args else ""
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    made = f"paradiplomacy {__version__} preannotate, {source}{options}, on {today}"
    notes = f"Machine-made draft: {made}. Review it."
    record, dropped = draft_record(predictions[0], doc_id, language, text, source, notes)
    write_bytes(target, json_text(record).encode("utf-8"), what="draft annotation")
    for line in dropped:
        print(f"note: {line}", file=sys.stderr)
    print(
        f"{target}: draft written ({len(record['entities'])} entities, "
        f"{len(record['agreements'])} agreements, {len(record['sectors'])} sectors); "
        f"next: paradiplomacy export labelstudio --out labelstudio/ {doc_id}",
        file=sys.stderr,
    )
    return 0
