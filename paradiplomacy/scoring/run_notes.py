"""Notes under a results table: what was scored (subset, label space), what was not attempted, labels dropped
by a label map, and the extractor's speed."""

from __future__ import annotations

from typing import Any


def scope_note(results: dict[str, Any]) -> str | None:
    settings = results["settings"]
    parts = []
    if "languages" in settings:
        parts.append(f"languages {', '.join(settings['languages'])}")
    if "labels" in settings:
        parts.append(f"labels {', '.join(settings['labels'])}")
    if "label_space" in settings:
        parts.append(f"labels mapped into the {settings['label_space']} space, gold and predictions")
    return "scored on a subset: " + "; ".join(parts) if parts else None


def not_attempted_note(results: dict[str, Any]) -> str | None:
    names = [name for name, headline in results["headline"].items() if headline["f1"] is None]
    if not names:
        return None
    reason = results["headline"][names[0]].get("reason") or "not attempted"
    return f"n/a: {reason} ({', '.join(names)})"


def dropped_note(results: dict[str, Any]) -> str | None:
    label_map = results.get("label_map")
    if not label_map or not label_map["dropped"]:
        return None
    counts = ", ".join(f"{label} {n}" for label, n in label_map["dropped"].items())
    via = f" by the {label_map['map']} label map" if label_map.get("map") else ""
    return f"predicted mentions dropped{via} (not in this ontology or unknown): {counts}"


def speed_note(results: dict[str, Any]) -> str | None:
    timing = results.get("timing")
    if not timing:
        return None
    rate = timing["docs_per_second"]
    speed = f"{rate:.1f} documents/s" if rate is not None else "too fast to time"
    return (
        f"extractor {results['extractor']['name']}: loaded in {timing['load_seconds']:.1f} s, "
        f"{timing['documents']} documents in {timing['run_seconds']:.2f} s ({speed})"
    )


def run_notes(results: dict[str, Any]) -> list[str]:
    notes = (scope_note(results), not_attempted_note(results), dropped_note(results), speed_note(results))
    return [note for note in notes if note]
