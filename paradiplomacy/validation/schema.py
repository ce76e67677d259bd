"""JSON Schema errors as findings a person can act on: one line per mistake, at its JSON pointer.

jsonschema reports a mistake in the words of the schema ("is not valid under any of the given schemas") and
sometimes several times over (a missing `label` also fails the GPE and DATE conditions). This module words
each error from what the schema says at that point, names the controlled vocabulary a bad value missed (found
by following the error's schema path through `$ref`s into vocabulary.schema.json), and drops errors that
only echo another one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, cast
from urllib.parse import urldefrag, urljoin

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from paradiplomacy import schemas, vocabulary
from paradiplomacy.problems import json_pointer
from paradiplomacy.validation.findings import Finding, json_type, show

_CONDITIONAL = ("then", "else")
_VOCABULARY_DEFS = "/$defs/"


@dataclass(frozen=True)
class _Place:
    """Where an error's keyword sits: the enclosing schema objects and the `$ref` last followed."""

    nodes: tuple[Any, ...]
    ref: str | None


def schema_findings(instance: Any, schema_name: str) -> list[Finding]:
    """Every schema and vocabulary finding for `instance` under the named schema."""
    if quick_validator(schema_name).is_valid(instance):
        return []
    validator = schemas.validator(schema_name)
    errors = list(validator.iter_errors(instance))
    findings: list[Finding] = []
    for error in errors:
        if _echoes_another(error, errors, validator):
            continue
        findings.extend(_describe(error, validator, instance))
    return list(dict.fromkeys(findings))


class _Verdict(Protocol):
    def is_valid(self, instance: Any) -> bool: ...


@cache
def quick_validator(schema_name: str) -> _Verdict:
    """A validator that only answers "valid?", several times faster than the one that words the errors.

    It is the compiled Draft 2020-12 validator `jsonschema-rs` (about 9x faster than pure Python on the
    annotation schema), built from the same schema with every `$ref` inlined, so it needs no registry and
    fetches nothing. Where it cannot be imported (a Python without its wheels), the pure-Python validator
    of the inlined schema, with each `oneOf` of consts as an `enum`, does the same job about 3x slower.
    Either accepts exactly what the original accepts (`tests/test_validate_compiled.py` checks so on the
    gold and on mutated files); the original is consulted for the wording whenever the answer is no, and
    its verdict is the one that counts.
    """
    return _quick(schema_name)


def _compiled(schema: dict[str, Any]) -> _Verdict | None:
    try:
        import jsonschema_rs
    except ImportError:
        return None
    # The schemas use no `format` (asserting formats is where the two validators differ most), and their
    # patterns are ASCII classes; jsonschema-rs is stricter only on a trailing newline before `$`, where
    # the pure-Python validator then words nothing and its "valid" stands.
    return cast(_Verdict, jsonschema_rs.Draft202012Validator(schema, validate_formats=True))


def is_valid(instance: Any, schema_name: str) -> bool:
    """The schema's verdict alone, without the wording (see `quick_validator`)."""
    return quick_validator(schema_name).is_valid(instance) or not schema_findings(instance, schema_name)


def _inline(node: Any, resolver: Any) -> Any:
    if isinstance(node, list):
        return [_inline(item, resolver) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        resolved = resolver.lookup(node["$ref"])
        target = _inline(resolved.contents, resolved.resolver)
        siblings = {k: _inline(v, resolver) for k, v in node.items() if k != "$ref"}
        return {"allOf": [target, siblings]} if siblings else target
    alternatives = node.get("oneOf")
    if isinstance(alternatives, list) and alternatives and all(_is_const(a) for a in alternatives):
        rest = {k: _inline(v, resolver) for k, v in node.items() if k != "oneOf"}
        return {**rest, "enum": [a["const"] for a in alternatives]}
    # `$defs` is only reached through `$ref`s, which are inlined by now; constants are data, not schemas.
    return {
        k: _inline(v, resolver) if k not in ("const", "enum") else v for k, v in node.items() if k != "$defs"
    }


def _is_const(schema: Any) -> bool:
    return isinstance(schema, dict) and "const" in schema and not ({"$ref", "oneOf", "anyOf"} & schema.keys())


def _place(validator: Draft202012Validator, schema_path: Sequence[str | int]) -> _Place:
    """Follow `schema_path` from the root, resolving `$ref`s as the validator did."""
    node: Any = validator.schema
    base = str(validator.schema.get("$id", ""))
    resolver = schemas.registry().resolver(base_uri=base)
    ref = None
    nodes = []
    for key in schema_path:
        while isinstance(node, dict) and key not in node and "$ref" in node:
            ref = urljoin(base, node["$ref"])
            resolved = resolver.lookup(node["$ref"])
            node, resolver, base = resolved.contents, resolved.resolver, urldefrag(ref).url
        nodes.append(node)
        node = node[key]
    return _Place(tuple(nodes), ref)


def _vocabulary_key(place: _Place) -> str | None:
    """The vocabulary whose `oneOf` failed, when the keyword was reached through a `$ref` into one."""
    if place.ref is None:
        return None
    document, fragment = urldefrag(place.ref)
    if document != vocabulary.raw_schema().get("$id") or not fragment.startswith(_VOCABULARY_DEFS):
        return None
    key = fragment[len(_VOCABULARY_DEFS) :]
    return key if key in vocabulary.NAMES else None


def _a(noun: str) -> str:
    noun = noun[0].lower() + noun[1:] if noun[1:2].islower() else noun
    return ("an " if noun[0].lower() in "aeiou" else "a ") + noun


def _describe(error: ValidationError, validator: Draft202012Validator, root: Any) -> list[Finding]:
    pointer = json_pointer(error.absolute_path)
    instance = error.instance
    keyword = error.validator
    place = _place(validator, error.absolute_schema_path)
    if keyword in ("oneOf", "anyOf"):
        key = _vocabulary_key(place)
        if key is not None:
            return [_vocabulary_finding(pointer, instance, key)]
        return _alternatives(error, validator, root)
    if keyword is None:  # a `false` subschema: a member that may not appear here
        return _forbidden_members(error, place, root, pointer)
    if keyword == "required":
        obj = instance if isinstance(instance, dict) else {}
        missing = [key for key in error.validator_value if key not in obj]
        when = _condition(error, place)
        suffix = f", required when {when}" if when and _branch_name(error) == "then" else ""
        return [Finding("schema", pointer, f"missing required member {key!r}{suffix}") for key in missing]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        extra = [key for key in instance if key not in allowed]
        return [
            Finding("schema", json_pointer([*error.absolute_path, key]), _unexpected(key, allowed))
            for key in extra
        ]
    return [Finding("schema", pointer, _plain_message(error))]


def did_you_mean(value: str, names: Sequence[str]) -> str:
    """'; did you mean GPE?' for a case slip or a near miss ('gpe', 'GEP'); '' when nothing is close."""
    import difflib

    folded = {name.casefold(): name for name in names}
    if value.casefold() in folded:
        return f"; did you mean {folded[value.casefold()]}?"
    close = difflib.get_close_matches(value.upper(), [n.upper() for n in names], n=1, cutoff=0.6)
    if close:
        match = next(n for n in names if n.upper() == close[0])
        return f"; did you mean {match}?"
    return ""


def _vocabulary_finding(pointer: str, instance: Any, key: str) -> Finding:
    vocab = vocabulary.vocabulary(key)
    expected = f"expected one of {', '.join(vocab.names)}"
    if isinstance(instance, str):
        guess = did_you_mean(instance, vocab.names)
        return Finding(
            "vocabulary", pointer, f"{show(instance)} is not {_a(vocab.title)} ({expected}){guess}"
        )
    return Finding(
        "schema", pointer, f"{json_type(instance)} {show(instance)} is not {_a(vocab.title)} ({expected})"
    )


def _alternatives(error: ValidationError, validator: Draft202012Validator, root: Any) -> list[Finding]:
    """anyOf/oneOf: explain by the branch of the right type, e.g. a date string that is badly formed."""
    relevant = [e for e in error.context or [] if e.validator != "type"]
    if not relevant:
        types = sorted({t for e in error.context or [] for t in _as_list(e.validator_value)})
        found = f"{json_type(error.instance)} {show(error.instance)}"
        return [
            Finding(
                "schema", json_pointer(error.absolute_path), f"expected {' or '.join(types)}, got {found}"
            )
        ]
    chosen = best_match(relevant)
    assert chosen is not None  # `relevant` is not empty
    return _describe(chosen, validator, root)


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _forbidden_members(error: ValidationError, place: _Place, root: Any, pointer: str) -> list[Finding]:
    # jsonschema points a `false` property schema at the object, not the member; find the members ourselves.
    holder = _follow(root, error.absolute_path)
    properties = (
        place.nodes[-1].get("properties", {}) if place.nodes and isinstance(place.nodes[-1], dict) else {}
    )
    when = _condition(error, place)
    reason = {"else": f"allowed only when {when}", "then": f"not allowed when {when}"}.get(
        _branch_name(error), ""
    )
    reason = reason if when and reason else "not allowed here"
    if not isinstance(holder, dict):
        return [Finding("schema", pointer, f"{show(error.instance)} is {reason}")]
    return [
        Finding("schema", json_pointer([*error.absolute_path, key]), f"member {key!r} is {reason}")
        for key, subschema in properties.items()
        if subschema is False and key in holder
    ]


def _follow(root: Any, path: Sequence[str | int]) -> Any:
    node = root
    for key in path:
        node = node[key]
    return node


def _condition(error: ValidationError, place: _Place) -> str:
    """The `if` an error's `then`/`else` branch hangs on, as "label is 'GPE'"; "" outside a branch."""
    branch = _conditional_branch(error)
    if branch is None:
        return ""
    owner = place.nodes[branch[0]]
    tests = owner.get("if", {}).get("properties", {}) if isinstance(owner, dict) else {}
    parts = [
        f"{name} is {show(test['const'])}"
        for name, test in tests.items()
        if isinstance(test, dict) and "const" in test
    ]
    return " and ".join(parts)


def _conditional_branch(error: ValidationError) -> tuple[int, str] | None:
    """Index in the schema path and name of the innermost `then`/`else` the error sits in."""
    path = list(error.absolute_schema_path)
    for index in range(len(path) - 1, -1, -1):
        if path[index] in _CONDITIONAL:
            return index, str(path[index])
    return None


def _branch_name(error: ValidationError) -> str:
    branch = _conditional_branch(error)
    return branch[1] if branch else ""


def _condition_members(error: ValidationError, validator: Draft202012Validator) -> list[str]:
    branch = _conditional_branch(error)
    if branch is None:
        return []
    owner = _place(validator, list(error.absolute_schema_path)[: branch[0] + 1]).nodes[branch[0]]
    tests = owner.get("if", {}).get("properties", {}) if isinstance(owner, dict) else {}
    return list(tests)


def _echoes_another(
    error: ValidationError, errors: list[ValidationError], validator: Draft202012Validator
) -> bool:
    """A conditional error whose condition member is itself wrong, or a span's extra items said twice."""
    if error.validator == "items" and error.validator_value is False:
        return any(e.validator == "maxItems" and e.absolute_path == error.absolute_path for e in errors)
    members = _condition_members(error, validator)
    if not members:
        return False
    owner = list(error.absolute_path)
    for other in errors:
        if other is error or _conditional_branch(other) is not None:
            continue
        other_path = list(other.absolute_path)
        if other_path[: len(owner)] != owner:
            continue
        if len(other_path) > len(owner) and other_path[len(owner)] in members:
            return True
        if other.validator == "required" and other_path == owner:
            obj = other.instance if isinstance(other.instance, dict) else {}
            if any(name in members and name not in obj for name in other.validator_value):
                return True
    return False


def _unexpected(key: str, allowed: list[str]) -> str:
    return f"member {key!r} is not allowed here (allowed: {', '.join(allowed)})"


def _plain_message(error: ValidationError) -> str:
    keyword, value, instance = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "type":
        return f"expected {' or '.join(_as_list(value))}, got {json_type(instance)} {show(instance)}"
    if keyword == "pattern":
        form = schema.get("description") or f"it must match {value}"
        return f"{show(instance)} is not of the expected form: {form}"
    if keyword == "minLength" and value == 1:
        return "must not be empty"
    if keyword == "minimum":
        return f"{show(instance)} is less than the minimum {value}"
    if keyword == "minItems" and isinstance(instance, list):
        return f"has {_items(len(instance))}; at least {value} required"
    if keyword == "maxItems" and isinstance(instance, list):
        return f"has {_items(len(instance))}; at most {value} allowed"
    if keyword == "uniqueItems" and isinstance(instance, list):
        return f"{', '.join(show(v) for v in _repeated(instance))} listed more than once"
    if keyword == "enum":
        names = [v for v in value if isinstance(v, str)]
        guess = did_you_mean(instance, names) if isinstance(instance, str) else ""
        return f"{show(instance)} is not one of {', '.join(show(v) for v in value)}{guess}"
    return error.message


def _repeated(items: list[Any]) -> Iterator[Any]:
    seen: list[Any] = []
    reported: list[Any] = []
    for item in items:  # JSON values are not all hashable; lists are short
        if item in seen and item not in reported:
            reported.append(item)
            yield item
        seen.append(item)


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


@cache
def quick_validator_at(schema_name: str, *path: str) -> _Verdict:
    """`quick_validator` of the part of a schema at `path` (e.g. "properties", "per_document"), for a writer
    that checks a large object part by part instead of building it whole."""
    return _quick(schema_name, *path)


def _quick(schema_name: str, *path: str) -> _Verdict:
    """The quick validator of the schema, or of its part at `path` (each of the two above caches its own)."""
    validator = schemas.validator(schema_name)
    base = str(validator.schema.get("$id", ""))
    node = _inline(validator.schema, schemas.registry().resolver(base_uri=base))
    for key in path:
        node = node[key]
    compiled = _compiled(node)
    if compiled is not None:
        return compiled
    return Draft202012Validator(node, format_checker=Draft202012Validator.FORMAT_CHECKER)
