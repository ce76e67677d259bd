"""Label Studio results back into annotation records: the inverse of `tasks.results`.

Every problem names the task and the region (its id in Label Studio) and says what to do; a problem in any
task stops the whole import before anything is written (see `imports`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from paradiplomacy.errors import InputError
from paradiplomacy.labelstudio.fields import (
    AGREEMENT,
    AGREEMENT_LABEL,
    ENTITY,
    EVIDENCE_RELATION,
    Field,
    annotation_schema,
    document_choices,
    member_order,
    region_fields,
    region_lists,
    relation_labels,
)

_AGREEMENT_ID = re.compile(r"^A([0-9]+)$")


@dataclass
class Region:
    ident: str
    owner: str  # ENTITY or AGREEMENT
    start: int
    end: int
    label: str
    values: dict[str, Any] = field(default_factory=dict)
    order: int = 0


class Reader:
    """Reads one task's results; `where` names the task in every message ("export.json: task 7 (doc X)")."""

    def __init__(self, where: str, text: str) -> None:
        self.where = where
        self.text = text
        self.regions: dict[str, Region] = {}
        self.relations: list[tuple[str, str, str]] = []
        self.document: dict[str, list[str]] = {}
        controls = {f.control: f for owner in (ENTITY, AGREEMENT) for f in region_fields(owner)}
        self.controls = {name: f for name, f in controls.items() if f.kind not in ("link", "links")}
        self.document_options = dict(document_choices())

    def fail(self, message: str) -> InputError:
        return InputError(f"{self.where}: {message}")

    # --- reading -----------------------------------------------------------------------------------------

    def read(self, results: Any) -> dict[str, Any]:
        if not isinstance(results, list):
            raise self.fail("'result' is not a list of Label Studio results")
        items = [self._item(number, item) for number, item in enumerate(results)]
        values = []
        for number, item in items:
            kind = item.get("type")
            if kind == "relation":
                self._relation(number, item)
            elif item.get("from_name") in (ENTITY, AGREEMENT):
                self._region(number, item)
            elif item.get("from_name") in self.document_options:
                self._document(item)
            elif item.get("from_name") in self.controls:
                values.append(item)
            else:
                raise self.fail(
                    f"result {number}: control {item.get('from_name')!r} is not in paradiplomacy's labeling "
                    "configuration: this export comes from another project or configuration; "
                    "export the tasks with `paradiplomacy export labelstudio`, label them with its config.xml"
                )
        for item in values:
            self._value(item)
        self._check_overlaps()
        return self._layers()

    def _item(self, number: int, item: Any) -> tuple[int, dict[str, Any]]:
        if not isinstance(item, dict):
            raise self.fail(f"result {number} is not an object")
        return number, item

    def _region(self, number: int, item: dict[str, Any]) -> None:
        ident, value = item.get("id"), item.get("value")
        if not isinstance(ident, str) or not ident or not isinstance(value, dict):
            raise self.fail(f"result {number}: a region without an id or a value")
        where = f"region {ident}"
        if ident in self.regions:
            raise self.fail(f"{where}: two regions share this id")
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
            raise self.fail(f"{where}: start and end must be character offsets (got {start!r}, {end!r})")
        if not 0 <= start < end <= len(self.text):
            raise self.fail(
                f"{where}: [{start}, {end}) is not a span of the text ({len(self.text)} characters)"
            )
        quoted = value.get("text")
        if isinstance(quoted, str) and quoted != self.text[start:end]:
            raise self.fail(
                f"{where}: Label Studio quotes {quoted!r} but the seed has {self.text[start:end]!r} at "
                f"[{start}, {end}): the task's text is not the seed's"
            )
        owner = item["from_name"]
        allowed = self._labels(owner)
        if not isinstance(labels, list) or len(labels) != 1 or labels[0] not in allowed:
            raise self.fail(
                f"{where} [{start}, {end}) {self.text[start:end]!r}: label {labels!r} is not one of "
                f"{', '.join(allowed)}; give the region exactly one of them"
            )
        self.regions[ident] = Region(ident, owner, start, end, labels[0], order=number)

    @staticmethod
    def _labels(owner: str) -> tuple[str, ...]:
        if owner == AGREEMENT:
            return (AGREEMENT_LABEL,)
        from paradiplomacy import vocabulary

        return vocabulary.entity_labels()

    def _value(self, item: dict[str, Any]) -> None:
        control = self.controls[item["from_name"]]
        ident = item.get("id")
        region = self.regions.get(ident) if isinstance(ident, str) else None
        if region is None:
            raise self.fail(f"{control.control}: a value for region {ident!r}, which is not in the result")
        if region.owner != control.owner:
            raise self.fail(f"region {ident}: {control.control} belongs to {control.owner} regions only")
        value = item.get("value")
        region.values[control.name] = self._decode(
            control, value if isinstance(value, dict) else {}, region.ident
        )

    def _decode(self, control: Field, value: dict[str, Any], ident: str) -> Any:
        where = f"region {ident}: {control.control}"
        if control.kind in ("choice", "choices"):
            chosen = value.get("choices")
            if not isinstance(chosen, list) or any(c not in control.options for c in chosen):
                raise self.fail(f"{where}: {chosen!r} is not a choice of {', '.join(control.options)}")
            if control.kind == "choice":
                if len(chosen) != 1:
                    raise self.fail(f"{where}: choose exactly one (got {len(chosen)})")
                return chosen[0]
            return list(chosen)
        typed = value.get("text")
        lines = [typed] if isinstance(typed, str) else typed
        if not isinstance(lines, list) or len(lines) != 1 or not isinstance(lines[0], str):
            raise self.fail(f"{where}: expected one line of text (got {typed!r})")
        return control.decode(lines[0])

    def _document(self, item: dict[str, Any]) -> None:
        name = item["from_name"]
        chosen = (item.get("value") or {}).get("choices")
        options = self.document_options[name]
        if not isinstance(chosen, list) or any(c not in options for c in chosen):
            raise self.fail(f"document {name}: {chosen!r} is not a choice of {', '.join(options)}")
        self.document[name] = list(chosen)

    def _relation(self, number: int, item: dict[str, Any]) -> None:
        source, target, labels = item.get("from_id"), item.get("to_id"), item.get("labels")
        known = relation_labels()
        if not isinstance(labels, list) or len(labels) != 1 or labels[0] not in known:
            raise self.fail(
                f"relation {source} -> {target}: labels {labels!r}; give it exactly one of {', '.join(known)}"
            )
        if item.get("direction") == "left":  # drawn from the target to the source
            source, target = target, source
        self.relations.append((str(source), str(target), labels[0]))

    # --- checks ------------------------------------------------------------------------------------------

    def _check_overlaps(self) -> None:
        entities = sorted(
            (r for r in self.regions.values() if r.owner == ENTITY), key=lambda r: (r.start, r.end)
        )
        reaching: Region | None = None
        for region in entities:
            if reaching is not None and region.start < reaching.end:
                raise self.fail(
                    f"region {region.ident} [{region.start}, {region.end}) "
                    f"{self.text[region.start : region.end]!r} "
                    f"overlaps region {reaching.ident} [{reaching.start}, {reaching.end}) "
                    f"{self.text[reaching.start : reaching.end]!r}: entity mentions must not overlap "
                    "(guidelines §2); delete or shorten one"
                )
            if reaching is None or region.end > reaching.end:
                reaching = region

    def _endpoints(self, source: str, target: str, label: str) -> tuple[Region, Region]:
        for ident in (source, target):
            if ident not in self.regions:
                raise self.fail(
                    f"relation {label} {source} -> {target}: region {ident} is not in the result "
                    "(deleted?); delete the relation or restore the region"
                )
        return self.regions[source], self.regions[target]

    # --- assembling --------------------------------------------------------------------------------------

    def _layers(self) -> dict[str, Any]:
        # Entity ids follow the text (guidelines §1): E1, E2, ... by start, whatever Label Studio called them.
        in_text_order = sorted(
            (r for r in self.regions.values() if r.owner == ENTITY), key=lambda r: (r.start, r.end, r.order)
        )
        entity_ids = {region.ident: f"E{number}" for number, region in enumerate(in_text_order, start=1)}
        heads, members = self._agreement_groups()
        agreement_ids = _assign_ids(heads, _AGREEMENT_ID, "A")
        links = self._links(entity_ids, members)
        entities = [self._entity(region, entity_ids, links) for region in _by_id(entity_ids, self.regions)]
        agreements = [
            self._agreement(head, members[head.ident], agreement_ids[head.ident], entity_ids, links)
            for head in heads
        ]
        layers: dict[str, Any] = {region_lists()[ENTITY]: entities, region_lists()[AGREEMENT]: agreements}
        for name, _ in document_choices():
            layers[name] = self.document.get(name, [])
        return layers

    def _agreement_groups(self) -> tuple[list[Region], dict[str, list[Region]]]:
        """Agreement regions joined by `evidence` relations; the head is the one no evidence points to."""
        regions = [r for r in sorted(self.regions.values(), key=lambda r: r.order) if r.owner == AGREEMENT]
        parent: dict[str, str] = {}
        for source, target, label in self.relations:
            if label != EVIDENCE_RELATION:
                continue
            head, member = self._endpoints(source, target, label)
            if head.owner != AGREEMENT or member.owner != AGREEMENT:
                raise self.fail(f"relation {label} {source} -> {target}: joins two agreement regions only")
            if target in parent:
                raise self.fail(f"region {target}: evidence of two agreements ({parent[target]}, {source})")
            parent[target] = source

        def root(ident: str) -> str:
            seen = set()
            while ident in parent:
                if ident in seen:
                    raise self.fail(f"region {ident}: evidence relations form a cycle")
                seen.add(ident)
                ident = parent[ident]
            return ident

        members: dict[str, list[Region]] = {}
        for region in regions:
            members.setdefault(root(region.ident), []).append(region)
        heads = [self.regions[ident] for ident in members]
        for ident, group in members.items():
            group.sort(key=lambda r: (r.ident != ident, r.order))
        return heads, members

    def _links(
        self, entity_ids: dict[str, str], members: dict[str, list[Region]]
    ) -> dict[str, dict[str, list[str]]]:
        """Region id (an entity, or an agreement head) -> relation label -> target entity ids, in order."""
        head_of = {r.ident: head for head, group in members.items() for r in group}
        links: dict[str, dict[str, list[str]]] = {}
        for source, target, label in self.relations:
            if label == EVIDENCE_RELATION:
                continue
            origin, goal = self._endpoints(source, target, label)
            if origin.owner == ENTITY and goal.owner == AGREEMENT:  # drawn from the party to the agreement
                source, target, origin, goal = target, source, goal, origin
            if goal.owner != ENTITY:
                raise self.fail(f"relation {label} {source} -> {target}: must point to an entity region")
            owner_key = head_of.get(source, source)
            fields = {f.name: f for f in region_fields(origin.owner)}
            if label not in fields:
                raise self.fail(
                    f"relation {label} {source} -> {target}: {origin.owner} regions have no {label}"
                )
            targets = links.setdefault(owner_key, {}).setdefault(label, [])
            if entity_ids[target] in targets:
                raise self.fail(f"relation {label} {source} -> {target}: given twice")
            targets.append(entity_ids[target])
        return links

    def _members(
        self, owner: str, values: dict[str, Any], links: dict[str, list[str]], where: str
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for control in region_fields(owner):
            if control.kind in ("link", "links"):
                targets = links.get(control.name)
                if control.kind == "link" and targets:
                    if len(targets) > 1:
                        raise self.fail(f"{where}: one {control.name} relation at most (got {len(targets)})")
                    out[control.name] = targets[0]
                elif control.kind == "links" and (targets or control.required):
                    out[control.name] = list(targets or [])
            elif control.name in values:
                out[control.name] = values[control.name]
            elif control.kind == "choices" and control.required:
                out[control.name] = []
        return out

    def _entity(
        self, region: Region, ids: dict[str, str], links: dict[str, dict[str, list[str]]]
    ) -> dict[str, Any]:
        core = {"id": ids[region.ident], "start": region.start, "end": region.end, "label": region.label}
        core["text"] = self.text[region.start : region.end]
        extra = self._members(ENTITY, region.values, links.get(region.ident, {}), f"region {region.ident}")
        return _ordered(ENTITY, core | extra)

    def _agreement(
        self,
        head: Region,
        group: list[Region],
        ident: str,
        entity_ids: dict[str, str],
        links: dict[str, dict[str, list[str]]],
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for region in group:
            for name, value in region.values.items():
                if name in values and values[name] != value:
                    raise self.fail(
                        f"region {region.ident}: {name} {value!r} differs from {values[name]!r} on the same "
                        f"agreement's region {head.ident}; set it on one region"
                    )
                values[name] = value
        extra = self._members(AGREEMENT, values, links.get(head.ident, {}), f"region {head.ident}")
        evidence = [[r.start, r.end] for r in group]
        return _ordered(AGREEMENT, {"id": ident} | extra | {"evidence": evidence})


def _assign_ids(regions: list[Region], pattern: re.Pattern[str], prefix: str) -> dict[str, str]:
    """Keep a region id that is a valid, unused annotation id; number the others after the highest."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for region in regions:
        if pattern.match(region.ident) and region.ident not in taken:
            ids[region.ident] = region.ident
            taken.add(region.ident)
    highest = max((int(pattern.match(i).group(1)) for i in taken), default=0)  # type: ignore[union-attr]
    for region in regions:
        if region.ident not in ids:
            highest += 1
            ids[region.ident] = f"{prefix}{highest}"
    return {region.ident: ids[region.ident] for region in regions}


def _by_id(ids: dict[str, str], regions: dict[str, Region]) -> Iterable[Region]:
    return [regions[ident] for ident in ids]


def _ordered(owner: str, item: dict[str, Any]) -> dict[str, Any]:
    order = member_order(owner)
    return {
        name: item[name] for name in sorted(item, key=lambda n: order.index(n) if n in order else len(order))
    }


def assemble(frame: dict[str, Any], layers: dict[str, Any]) -> dict[str, Any]:
    """The annotation record: the task's frame and the read layers, in the schema's property order."""
    order = list(annotation_schema()["properties"])
    merged = dict(frame) | layers
    return {
        name: merged[name]
        for name in sorted(merged, key=lambda n: order.index(n) if n in order else len(order))
    }
