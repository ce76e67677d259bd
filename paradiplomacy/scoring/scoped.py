"""`evaluate`'s options for what is scored, and the one path from a source of predictions to results.

`--languages`, `--labels`, `--label-space` and `--layers` choose the scope (`subsets.py`); `--label-map` and
`--unknown-labels` map predicted labels into ours before the predictions are checked (`labelmaps.py`).
`evaluate` and `leaderboard` both go through `evaluate_source`, so a leaderboard row is exactly what
`paradiplomacy evaluate` prints for the same extractor and options.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from paradiplomacy.corpus import Document
from paradiplomacy.scoring.subsets import HasLanguage, Scope, check_scope, parse_list


def _list(value: str) -> tuple[str, ...]:
    try:
        items = parse_list(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if not items:
        raise argparse.ArgumentTypeError("expected a comma-separated list, e.g. en,ru")
    return items


def add_scope_arguments(parser: argparse.ArgumentParser) -> None:
    from paradiplomacy.labelmaps import SPACES, UNKNOWN_POLICIES

    group = parser.add_argument_group("what is scored (each is recorded in the results and the signature)")
    group.add_argument(
        "--languages",
        type=_list,
        metavar="LANG,...",
        help="score only documents in these languages (e.g. en,ru); other predictions are ignored, counted",
    )
    group.add_argument(
        "--labels",
        type=_list,
        metavar="LABEL,...",
        help="score only mentions with these labels (e.g. PER,GPE)",
    )
    group.add_argument(
        "--label-space",
        choices=SPACES,
        help="map gold and predicted labels into this coarser crosswalk space before scoring",
    )
    group.add_argument(
        "--label-map",
        metavar="ontonotes|conll|FILE",
        help="map predicted labels into ours through the vocabulary's inverse crosswalk, or a JSON file "
        '{"THEIRS": "OURS" or null}',
    )
    group.add_argument(
        "--unknown-labels",
        choices=UNKNOWN_POLICIES,
        default="error",
        help="a predicted label the --label-map does not know: stop (default) or drop it, counted",
    )
    group.add_argument(
        "--layers",
        type=_list,
        metavar="LAYER,...",
        help="the layers the predictions attempt (mentions, entities, agreements, sectors); others are n/a. "
        "Default: what the extractor declares; for --predictions, every layer (an absent layer is empty)",
    )


def scope_from_args(args: argparse.Namespace, gold: Sequence[HasLanguage]) -> Scope:
    return check_scope(
        Scope(
            languages=args.languages,
            labels=args.labels,
            label_space=args.label_space,
            layers=args.layers,
        ),
        gold,
    )


def evaluate_source(
    args: argparse.Namespace,
    gold: list[Document],
    scope: Scope,
    *,
    system: str,
    label_map: str | None = None,
    unknown_labels: str = "error",
    details: bool = True,
) -> dict[str, Any]:
    """Results for the predictions of an extractor or program in `args` (--extractor or --command) within
    `scope`; `details=False` leaves each document's errors out (`score`). A predictions file goes through
    `evaluate_predictions`, which holds neither the gold nor the predictions."""
    import dataclasses

    from paradiplomacy.extractors.running import collect
    from paradiplomacy.labelmaps import dropped_counts, relabeller
    from paradiplomacy.scoring.evaluate import missing_warnings, score
    from paradiplomacy.scoring.subsets import restrict, scope_warnings

    mapping = _label_map(label_map, unknown_labels)
    in_scope = [d for d in gold if scope.languages is None or d.language in scope.languages]
    run = collect(args, in_scope, relabeller(mapping))
    if run is None:
        raise ValueError(
            "evaluate_source scores an extractor or a program; a file goes to evaluate_predictions"
        )
    records = run.by_id
    attempts = {**run.attempts, "source": "extractor"}
    warnings = scope_warnings(scope, run.attempts, system)
    if scope.layers is None:
        scope = dataclasses.replace(scope, layers=tuple(run.attempts["layers"]))
    else:
        attempts = {**attempts, "layers": list(scope.layers), "source": "--layers"}
    documents, records, ignored = restrict(gold, records, scope)
    warnings = ignored + missing_warnings({d.doc_id: d for d in documents}, records) + warnings
    results = score(
        documents,
        records,
        bootstrap=args.bootstrap,
        seed=args.seed,
        system=system,
        warnings=warnings,
        scope=scope,
        whole_gold=gold,
        details=details,
    )
    _record_source(results, attempts, mapping, dropped_counts(records.values()), run)
    return results


def evaluate_predictions(
    args: argparse.Namespace,
    gold: Any,
    scope: Scope,
    *,
    system: str,
    label_map: str | None = None,
    unknown_labels: str = "error",
    details: str | Path = "inline",
) -> dict[str, Any]:
    """Results for `--predictions FILE` against a validated corpus folder read by `stream.read_gold_folder`,
    one document at a time (`scoring/stream.py`); `details`: "inline", "none" or a JSON Lines file."""
    from paradiplomacy.predictions import MAX_ERRORS
    from paradiplomacy.scoring.stream import evaluate_file

    mapping = _label_map(label_map, unknown_labels)
    results, dropped = evaluate_file(
        gold,
        args.predictions,
        scope,
        bootstrap=args.bootstrap,
        seed=args.seed,
        system=system,
        label_map=mapping,
        max_errors=getattr(args, "max_errors", MAX_ERRORS),
        details=details,
        workers=getattr(args, "workers", 1),
    )
    attempts = {"layers": list(scope.layers) if scope.layers else None, "source": "--layers"}
    _record_source(results, attempts, mapping, dropped, None)
    return results


def _label_map(label_map: str | None, unknown_labels: str) -> Any:
    from paradiplomacy.labelmaps import load_label_map

    return load_label_map(label_map, unknown_labels) if label_map else None


def _record_source(
    results: dict[str, Any], attempts: dict[str, Any], mapping: Any, dropped: dict[str, int], run: Any
) -> None:
    """What the results say of where the predictions came from: layers attempted, label map, extractor."""
    if attempts.get("layers") is not None:
        results["attempts"] = {key: value for key, value in attempts.items() if key != "layers" or value}
    if mapping is not None or dropped:
        own = run.extractor["settings"] if run is not None else {}
        results["label_map"] = {
            "map": mapping.name if mapping else own.get("map"),
            "unknown_labels": mapping.unknown if mapping else own.get("unknown_labels", "error"),
            "dropped": dropped,
        }
    if run is not None:
        results["extractor"] = run.extractor
        results["timing"] = run.timing
