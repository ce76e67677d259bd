"""Command-line options shared by `predict` and `evaluate`: where predictions come from.

`evaluate` adds its own `--predictions FILE` to the group this returns, so exactly one source is given.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

DEFAULT_TIMEOUT = 60.0


def add_source_options(
    parser: argparse.ArgumentParser, *, required: bool = False
) -> argparse._MutuallyExclusiveGroup:
    from paradiplomacy.limits import timeout_seconds

    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument(
        "--extractor",
        metavar="SPEC",
        help="a registered extractor name (e.g. rules) or module:attribute of any importable callable",
    )
    group.add_argument(
        "--command",
        dest="external_command",  # `args.command` is the subcommand's name
        metavar='"PROGRAM ARGS"',
        help="a program reading one JSON document per line on stdin, answering one JSON prediction per line",
    )
    parser.add_argument(
        "--extractor-args",
        type=parse_extractor_args,
        default={},
        metavar="KEY=VALUE,...",
        help="options for --extractor, lm-evaluation-harness style (e.g. model=en_core_web_sm,batch_size=32)",
    )
    parser.add_argument(
        "--timeout",
        type=timeout_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"per-document time limit for --command and --extractor (default {DEFAULT_TIMEOUT:g}); an "
        "--extractor runs in a worker process that is stopped when the limit passes",
    )
    return group


def collect_predictions(args: argparse.Namespace, documents: Sequence[Any]) -> list[dict[str, Any]] | None:
    """Predictions from `--extractor` or `--command`, checked; None if neither was given."""
    from paradiplomacy.extractors.running import collect

    run = collect(args, documents)
    return None if run is None else run.records


def checked(records: list[dict[str, Any]], documents: Sequence[Any], *, source: str) -> list[dict[str, Any]]:
    """The validator's verdict on the records (schema, ids, offsets), in document order."""
    from paradiplomacy.predictions import check_predictions

    check_predictions(records, {document.doc_id: document for document in documents}, source)
    return records


def parse_extractor_args(value: str) -> dict[str, str]:
    """`key=value,key=value` into a dict of strings; each adapter converts and checks its own values.

    The syntax is lm-evaluation-harness's `--model_args`: commas separate pairs, the first `=` separates a key
    from its value, keys are unique. An empty string means no options.
    """
    options: dict[str, str] = {}
    for pair in filter(None, (part.strip() for part in value.split(","))):
        key, sep, item = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise argparse.ArgumentTypeError(f"expected key=value, got {pair!r}")
        if key in options:
            raise argparse.ArgumentTypeError(f"option {key!r} given twice")
        options[key] = item.strip()
    return options
