"""Resolve an extractor spec: a registered NAME, or `module:attribute` for any importable callable."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any, cast

from paradiplomacy.errors import InputError
from paradiplomacy.extractors.base import Extractor

GROUP = "paradiplomacy.extractors"
DISTRIBUTION = "paradiplomacy"


def available() -> dict[str, EntryPoint]:
    """Every extractor registered in the entry-point group, by name (shipped ones included)."""
    return {ep.name: ep for ep in sorted(entry_points(group=GROUP), key=lambda ep: ep.name)}


def shipped() -> list[str]:
    """Names this distribution itself registers: the ones the leaderboard re-runs."""
    return [name for name, ep in available().items() if ep.dist is not None and ep.dist.name == DISTRIBUTION]


def resolve(spec: str, options: Mapping[str, str] | None = None) -> Extractor:
    """An extractor instance; a class is instantiated with `options` as keyword arguments (strings).

    Options (`--extractor-args key=value,...`) configure adapters such as `spacy` (`model=...`); a plain
    function takes none, so giving it options is an error rather than a silent no-op.
    """
    options = dict(options or {})
    if not spec:
        raise InputError("--extractor: empty; give a registered name (e.g. rules) or module:attribute")
    target = _import_attribute(spec) if ":" in spec else _load_entry_point(spec)
    if inspect.isclass(target):
        try:
            target = target(**options)
        except InputError:
            raise
        except TypeError as error:
            raise InputError(f"extractor {spec}: bad --extractor-args {options} ({error})") from None
        except Exception as error:
            raise InputError(f"extractor {spec}: cannot instantiate {target.__name__}() ({error})") from None
    elif options:
        raise InputError(
            f"extractor {spec}: takes no --extractor-args (got {', '.join(sorted(options))}); "
            "only extractors that are classes accept options"
        )
    if not callable(target) and not callable(getattr(target, "batch", None)):
        raise InputError(f"extractor {spec}: {type(target).__name__} object is not callable")
    return cast(Extractor, target)


def _import_file(path: Path, spec: str) -> Any:
    """`path/to/file.py:attribute`: the file imported as a module of its own, whatever the current folder."""
    import importlib.util
    import sys

    if not path.is_file():
        raise InputError(f"extractor {spec!r}: {path}: no such file")
    name = f"paradiplomacy_extractor_{abs(hash(str(path.resolve())))}"
    module_spec = importlib.util.spec_from_file_location(name, path)
    if module_spec is None or module_spec.loader is None:
        raise InputError(f"extractor {spec!r}: {path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    module_spec.loader.exec_module(module)
    return module


def _load_entry_point(name: str) -> Any:
    registered = available()
    if name not in registered:
        known = ", ".join(registered) or "none"
        raise InputError(
            f"extractor {name!r}: no such extractor (available: {known}; or give module:attribute)"
        )
    try:
        return registered[name].load()
    except Exception as error:  # a plug-in that fails to import, whatever the reason
        raise InputError(
            f"extractor {name!r}: entry point {registered[name].value} cannot be loaded ({error})"
        ) from None


def _import_attribute(spec: str) -> Any:
    module_name, _, attribute = spec.rpartition(":")
    if not module_name or not attribute:
        raise InputError(f"extractor {spec!r}: expected module:attribute or path/to/file.py:attribute")
    try:
        if module_name.endswith(".py"):
            target: Any = _import_file(Path(module_name), spec)
        else:
            target = importlib.import_module(module_name)
    except InputError:
        raise
    except Exception as error:  # a module that fails to import, whatever the reason
        hint = ""
        local = Path(*module_name.split(".")).with_suffix(".py")
        if isinstance(error, ModuleNotFoundError) and local.is_file():
            hint = f"; {local} is here but not on the import path: give --extractor {local}:{attribute}"
        raise InputError(
            f"extractor {spec!r}: cannot import module {module_name!r} ({error}){hint}"
        ) from None
    for part in attribute.split("."):
        if not hasattr(target, part):
            raise InputError(f"extractor {spec!r}: module {module_name!r} has no attribute {attribute!r}")
        target = getattr(target, part)
    return target
