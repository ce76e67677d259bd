"""The project's JSON Schemas, resolved against each other from disk: no remote `$ref` is ever fetched."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from paradiplomacy.resources import schema_dir

ANNOTATION = "annotation.schema.json"
PREDICTION = "prediction.schema.json"
PROVENANCE = "provenance.schema.json"


@cache
def load(name: str) -> dict[str, Any]:
    with (schema_dir() / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _refuse_remote(uri: str) -> Resource:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs-generated __init__


@cache
def registry() -> Registry:
    """Every schema under its `$id` and its file name; anything else is refused, never fetched."""
    resources = []
    for path in sorted(schema_dir().glob("*.schema.json")):
        resource = Resource.from_contents(load(path.name))
        resources.append((resource.id() or path.name, resource))
    return Registry(retrieve=_refuse_remote).with_resources(resources)  # type: ignore[call-arg]


@cache
def validator(name: str) -> Draft202012Validator:
    schema = load(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(
        schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
