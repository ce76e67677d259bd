"""Generated blocks inside hand-written Markdown.

A block is written as `<!-- generated:NAME -->` ... `<!-- /generated:NAME -->`; everything between the
markers is replaced by its renderer's output, so the numbers and tables in a document are never typed by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from paradiplomacy.errors import InputError

_BLOCK = re.compile(
    r"(<!-- generated:(?P<name>[\w.:-]+) -->\n)(?P<body>.*?)(<!-- /generated:(?P=name) -->)", re.S
)


_START = re.compile(r"<!-- generated:(?P<name>[\w.:-]+) -->")
_END = re.compile(r"<!-- /generated:(?P<name>[\w.:-]+) -->")


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def check_markers(text: str, source: str) -> None:
    """Each start marker has its end marker after it, and the other way round; else InputError (with line)."""
    open_at: dict[str, int] = {}
    events = sorted(
        [(m.start(), "start", m.group("name")) for m in _START.finditer(text)]
        + [(m.start(), "end", m.group("name")) for m in _END.finditer(text)]
    )
    for index, kind, name in events:
        if kind == "start":
            if name in open_at:
                break
            open_at[name] = index
        elif name not in open_at:
            raise InputError(
                f"{source}: line {_line(text, index)}: end marker of generated block '{name}' without its "
                f"start marker <!-- generated:{name} -->"
            )
        else:
            del open_at[name]
    for name, index in open_at.items():
        raise InputError(
            f"{source}: line {_line(text, index)}: generated block '{name}' has no end marker "
            f"<!-- /generated:{name} -->; restore it, then run `paradiplomacy docs`"
        )


def fill(text: str, renderers: Mapping[str, Callable[[], str]], *, source: str = "<text>") -> str:
    """`text` with every generated block re-rendered; an unknown block name or a lost marker is an error."""
    check_markers(text, source)

    def render(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in renderers:
            raise InputError(
                f"{source}: generated block '{name}' has no renderer (known: {', '.join(sorted(renderers))})"
            )
        return match.group(1) + renderers[name]().rstrip("\n") + "\n" + match.group(4)

    return _BLOCK.sub(render, text)
