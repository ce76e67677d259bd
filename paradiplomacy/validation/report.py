"""A validation report for people (text), for programs (JSON) and for GitHub Actions annotations."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from paradiplomacy.problems import LEVELS, Problem

FORMATS = ("text", "json", "github")
_LINE = re.compile(r"^line (\d+)")


@dataclass
class Report:
    """What a run checked and found; `files` counts every file checked, valid or not."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def summary(report: Report) -> str:
    """'3 problems in 2 of 5 files: schema 1, consistency 2', or '5 files valid'."""
    if report.valid:
        return f"{_count(len(report.files), 'file')} valid"
    by_level = Counter(p.level for p in report.problems)
    levels = ", ".join(f"{level} {by_level[level]}" for level in LEVELS if by_level[level])
    broken = len({p.file for p in report.problems})
    files = _count(len(report.files), "file")
    return f"{_count(len(report.problems), 'problem')} in {broken} of {files}: {levels}"


def render(report: Report, style: str) -> str:
    if style == "json":
        return render_json(report)
    if style == "github":
        return render_github(report)
    return render_text(report)


def render_text(report: Report) -> str:
    lines = [f"{problem} [{problem.level}]" for problem in report.problems]
    lines += [f"note: {note}" for note in report.notes]
    lines += [f"note: skipped {path}: not an annotation file" for path in report.skipped]
    return "\n".join([*lines, summary(report)]) + "\n"


def render_json(report: Report) -> str:
    by_level = Counter(p.level for p in report.problems)
    document = {
        "valid": report.valid,
        "problems": [
            {"file": p.file, "location": p.location, "level": p.level, "message": p.message}
            for p in report.problems
        ],
        "summary": {
            "files": len(report.files),
            "files_with_problems": len({p.file for p in report.problems}),
            "problems": len(report.problems),
            "by_level": {level: by_level[level] for level in LEVELS},
            "text": summary(report),
        },
        "skipped": report.skipped,
        "notes": report.notes,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem) -> str:
    """`::error file=…,line=…,title=…::…`; a line is given where the location names one (JSON Lines)."""
    properties = [f"file={_escape_property(problem.file)}"]
    line = _LINE.match(problem.location)
    if line:
        properties.append(f"line={line.group(1)}")
    properties.append(f"title={_escape_property(f'paradiplomacy validate ({problem.level})')}")
    where = f"{problem.location}: " if problem.location else ""
    return f"::error {','.join(properties)}::{_escape_data(where + problem.message)}"


def render_github(report: Report) -> str:
    lines = [github_command(problem) for problem in report.problems]
    lines += [f"::notice::{_escape_data(note)}" for note in report.notes]
    lines += [f"::notice file={_escape_property(p)}::skipped: not an annotation file" for p in report.skipped]
    return "\n".join([*lines, summary(report)]) + "\n"
