"""Croissant 1.0 JSON-LD describing the parquet files (with sha256) and every field, nested ones included.

Written by hand from the same features the parquet carries, so the build needs no `mlcroissant`; the tests
validate it with the real `mlcroissant`. Nothing comes from the clock, so the file is deterministic:
`datePublished` is the newest source's full publication date (the release cannot predate it) and
`temporalCoverage` spans the sources' dates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from datasets import ClassLabel, Value

from paradiplomacy import vocabulary
from paradiplomacy.corpus import Document
from paradiplomacy.dataset import metadata
from paradiplomacy.dataset.configs import BuiltConfig

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATA_TYPES = {"string": "sc:Text", "int32": "sc:Integer", "int64": "sc:Integer", "float64": "sc:Float"}


def _data_type(feature: Any) -> str:
    if isinstance(feature, ClassLabel):
        return "sc:Integer"
    if isinstance(feature, Value):
        return _DATA_TYPES[feature.dtype]
    raise TypeError(f"no Croissant type for {feature!r}")


def _describe(feature: Any) -> str:
    if isinstance(feature, ClassLabel):
        return "ClassLabel id; names in order: " + ", ".join(feature.names)
    return ""


def _inner(feature: Any) -> tuple[Any, int]:
    """The element feature under any number of list wrappers, and how many there were."""
    depth = 0
    while hasattr(feature, "feature") and not isinstance(feature, (ClassLabel, Value)):
        feature, depth = feature.feature, depth + 1
    return feature, depth


def _source(file_id: str, column: str, json_path: str | None) -> dict[str, Any]:
    source: dict[str, Any] = {"fileObject": {"@id": file_id}, "extract": {"column": column}}
    if json_path:
        source["transform"] = {"jsonPath": json_path}
    return source


def _field(field_id: str, name: str, feature: Any, file_id: str, column: str, json_path: str | None) -> dict:
    element, depth = _inner(feature)
    field: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": name}
    if isinstance(element, dict):
        field["description"] = f"List of {name} records." if depth else f"{name} record."
        field["dataType"] = "sc:Thing"
        field["subField"] = [
            _field(f"{field_id}/{key}", key, sub, file_id, column, key) for key, sub in element.items()
        ]
    else:
        description = _describe(element)
        if depth > 1:
            description = f"[start, end] code-point spans (pairs of integers). {description}".strip()
        if description:
            field["description"] = description
        field["dataType"] = _data_type(element)
        field["source"] = _source(file_id, column, json_path)
    if depth:
        field["repeated"] = True
    return field


def record_set(config: BuiltConfig) -> dict[str, Any]:
    fields = [
        _field(f"{config.name}/{column}", column, feature, config.path, column, None)
        for column, feature in config.features.items()
    ]
    return {
        "@type": "cr:RecordSet",
        "@id": config.name,
        "name": config.name,
        "description": f"Configuration `{config.name}`, split `test`: one record per document.",
        "key": {"@id": f"{config.name}/doc_id"},
        "field": fields,
    }


def file_object(config: BuiltConfig) -> dict[str, Any]:
    return {
        "@type": "cr:FileObject",
        "@id": config.path,
        "name": config.path,
        "description": f"Parquet file of configuration `{config.name}`.",
        "contentUrl": config.path,
        "contentSize": f"{len(config.parquet)} B",
        "encodingFormat": "application/x-parquet",
        "sha256": config.sha256,
    }


def _full_dates(documents: Sequence[Document]) -> list[str]:
    dates = (d.provenance.get("published") or "" for d in documents)
    return sorted(date for date in dates if _FULL_DATE.fullmatch(date))


def render(configs: Sequence[BuiltConfig], documents: Sequence[Document]) -> str:
    dates = _full_dates(documents)
    dated: dict[str, Any] = (
        {"datePublished": dates[-1], "temporalCoverage": f"{dates[0]}/{dates[-1]}"} if dates else {}
    )
    document = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": metadata.NAME,
        "description": metadata.DESCRIPTION,
        "url": metadata.SOURCE_URL,
        "version": metadata.version(),
        "license": metadata.LICENSE_URL,
        "citeAs": metadata.citation(),
        "creator": {"@type": "sc:Organization", "name": metadata.CREATOR, "url": metadata.SOURCE_URL},
        "keywords": list(metadata.KEYWORDS),
        "inLanguage": list(vocabulary.languages()),
        "isAccessibleForFree": True,
        **dated,
        "distribution": [file_object(config) for config in configs],
        "recordSet": [record_set(config) for config in configs],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
