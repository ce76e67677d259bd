"""`--extractor-args key=value,...` reach an extractor class; functions refuse options; bad syntax exits 2."""

from __future__ import annotations

import argparse
from typing import Any, ClassVar

import pytest

from paradiplomacy.cli import main
from paradiplomacy.errors import InputError
from paradiplomacy.extractors.base import attempted, described
from paradiplomacy.extractors.options import parse_extractor_args
from paradiplomacy.extractors.registry import resolve


class Configurable:
    attempts: ClassVar[dict[str, Any]] = {"layers": ["mentions", "entities"], "languages": ["en"]}

    def __init__(self, model: str = "none", batch_size: str = "1") -> None:
        self.model = model
        self.batch_size = int(batch_size)

    def __call__(self, document):
        return {"entities": []}

    def describe(self):
        return {"model": self.model, "batch_size": self.batch_size}


def test_parse_pairs_and_first_equals_sign() -> None:
    assert parse_extractor_args("model=a/b=c, batch_size=8") == {"model": "a/b=c", "batch_size": "8"}
    assert parse_extractor_args("") == {}


@pytest.mark.parametrize("bad", ["model", "=x", "a=1,a=2"])
def test_parse_refuses_malformed(bad: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_extractor_args(bad)


def test_class_receives_options_and_declares_attempts() -> None:
    extractor = resolve(f"{__name__}:Configurable", {"model": "m", "batch_size": "4"})
    assert described(extractor) == {"model": "m", "batch_size": 4}
    assert attempted(extractor) == {"layers": ["mentions", "entities"], "labels": None, "languages": ["en"]}


def test_unknown_option_is_an_input_error() -> None:
    with pytest.raises(InputError, match="bad --extractor-args"):
        resolve(f"{__name__}:Configurable", {"colour": "red"})


def test_function_refuses_options() -> None:
    with pytest.raises(InputError, match="takes no --extractor-args"):
        resolve("rules", {"model": "x"})


def test_plain_extractor_attempts_everything() -> None:
    assert attempted(resolve("rules"))["layers"] == ["mentions", "entities", "agreements", "sectors"]


def test_malformed_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["predict", "--extractor", "rules", "--extractor-args", "model", "--output", "x.jsonl"])
    assert exit_info.value.code == 2
    assert "expected key=value" in capsys.readouterr().err
