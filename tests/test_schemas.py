"""Every schema is a valid Draft 2020-12 schema, and no remote reference is ever fetched."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from paradiplomacy import schemas


def _schema_files() -> list[Path]:
    return sorted((Path(__file__).resolve().parent.parent / "schema").glob("*.schema.json"))


@pytest.mark.parametrize("path", _schema_files(), ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12_with_id_and_version(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/" + path.name)
    assert schema["version"]


def test_relative_refs_resolve_from_disk_with_the_network_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a schema reference tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    validator = schemas.validator(schemas.ANNOTATION)
    errors = list(validator.iter_errors({"language": "xx"}))
    assert any(list(e.absolute_path) == ["language"] for e in errors)


def test_a_remote_ref_is_refused_not_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried to fetch a remote schema")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "https://example.org/other.json",
    }
    validator = Draft202012Validator(schema, registry=schemas.registry())
    with pytest.raises(Unresolvable):
        validator.validate({})
