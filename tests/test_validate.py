"""`paradiplomacy validate` on annotation files: one test per kind of problem, exact message, exit status."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_validate_helpers import (
    GERMAN,
    RUSSIAN,
    english,
    german,
    make_corpus,
    run,
    russian,
    seed_text,
    write,
)

from paradiplomacy.problems import Problem, sorted_problems


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_corpus(tmp_path)


def changed(record: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """A copy of `record` with the member at `pointer` set (`-` appends, a missing value deletes)."""
    result = copy.deepcopy(record)
    *parents, last = pointer.strip("/").split("/")
    node: Any = result
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        if last == "-":
            node.append(value)
        else:
            node[int(last)] = value
    elif value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return result


_DELETE = object()


def problems_of(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    code, out, _ = run(capsys, path)
    assert code == 1, out
    return out.splitlines()[:-1]


def only_problem(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    lines = problems_of(capsys, path)
    assert len(lines) == 1, lines
    return lines[0]


# ---------------------------------------------------------------- valid files


def test_valid_files_in_three_languages_exit_0(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    for record in (german(), russian(), english()):
        write(folder, record)
    code, out, err = run(capsys, folder)
    assert (code, out, err) == (0, "3 files valid\n", "")


def test_output_is_deterministic(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    write(folder, changed(german(), "/entities/0/end", 10**6))
    write(folder, changed(russian(), "/language", "xx"))
    first = run(capsys, folder)
    assert first == run(capsys, folder)
    assert first[0] == 1


# ---------------------------------------------------------------- format


def test_not_utf8_names_the_byte(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    path = folder / f"{GERMAN}.json"
    path.write_bytes(b'{"doc_id": "caf\xe9"}')
    assert (
        only_problem(capsys, path) == f"{path}: not UTF-8: byte 15 (0xe9) invalid continuation byte [format]"
    )


def test_byte_order_mark(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    path = folder / f"{GERMAN}.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(german()).encode())
    assert only_problem(capsys, path) == (
        f"{path}: starts with a UTF-8 byte-order mark; save the file without one [format]"
    )


def test_not_json_names_line_and_column(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    path = folder / f"{RUSSIAN}.json"
    path.write_text('{\n  "doc_id": "Москва",\n  "language": \n}', encoding="utf-8")
    assert only_problem(capsys, path) == f"{path}: line 4 column 1: not JSON: Expecting value [format]"


def test_nan_is_not_json(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    path = folder / f"{GERMAN}.json"
    path.write_text('{"amount": NaN}', encoding="utf-8")
    assert only_problem(capsys, path) == f"{path}: not JSON: NaN is not JSON [format]"


@pytest.mark.parametrize("value", ["[]", '"text"', "null", "3"])
def test_not_an_object(capsys: pytest.CaptureFixture[str], folder: Path, value: str) -> None:
    path = folder / f"{GERMAN}.json"
    path.write_text(value, encoding="utf-8")
    shown = {"[]": "array []", '"text"': "string 'text'", "null": "null null", "3": "integer 3"}[value]
    assert only_problem(capsys, path) == f"{path}: expected a JSON object, got {shown} [format]"


def test_repeated_key_is_reported_at_its_pointer(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    text = json.dumps(german(), ensure_ascii=False).replace('"id": "E1"', '"id": "E1", "id": "E1"', 1)
    path = folder / f"{GERMAN}.json"
    path.write_text(text, encoding="utf-8")
    assert only_problem(capsys, path) == (
        f"{path}: /entities/0/id: key 'id' appears more than once; JSON keeps only the last [format]"
    )


def test_unreadable_entry_is_a_problem_not_a_crash(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    (folder / "folder.json").mkdir()
    write(folder, german())
    code, out, _ = run(capsys, folder)
    assert code == 1
    assert out.splitlines()[0].startswith(f"{folder / 'folder.json'}: is a folder, not a file")
    assert out.splitlines()[-1] == "1 problem in 1 of 2 files: format 1"


# ---------------------------------------------------------------- schema


_ALLOWED = "id, start, end, label, text, canonical, country, level, value, amount, currency, belongs_to"
SCHEMA_CASES = [
    ("/entities/0/canonical", _DELETE, "/entities/0", "missing required member 'canonical'"),
    ("/entities/0/start", "12", "/entities/0/start", "expected integer, got string '12'"),
    ("/entities/0/start", -1, "/entities/0/start", "-1 is less than the minimum 0"),
    ("/entities/0/text", "", "/entities/0/text", "must not be empty"),
    (
        "/entities/0/colour",
        "red",
        "/entities/0/colour",
        f"member 'colour' is not allowed here (allowed: {_ALLOWED})",
    ),
    ("/agreements/0/evidence/0", [1, 2, 3], "/agreements/0/evidence/0", "has 3 items; at most 2 allowed"),
    ("/sectors", ["high_tech", "high_tech"], "/sectors", "'high_tech' listed more than once"),
    (
        "/entities/0/country",
        _DELETE,
        "/entities/0",
        "missing required member 'country', required when label is 'GPE'",
    ),
    (
        "/entities/2/country",
        "BY",
        "/entities/2/country",
        "member 'country' is allowed only when label is 'GPE'",
    ),
]


@pytest.mark.parametrize(("pointer", "value", "location", "message"), SCHEMA_CASES)
def test_schema_error_gives_one_line_at_its_pointer(
    capsys: pytest.CaptureFixture[str], folder: Path, pointer: str, value: Any, location: str, message: str
) -> None:
    path = write(folder, changed(german(), pointer, value))
    assert only_problem(capsys, path) == f"{path}: {location}: {message} [schema]"


def test_missing_label_is_one_line_not_one_per_condition(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    path = write(folder, changed(russian(), "/entities/3/label", _DELETE))
    assert only_problem(capsys, path) == f"{path}: /entities/3: missing required member 'label' [schema]"


def test_badly_formed_date_names_the_expected_form(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    path = write(folder, changed(german(), "/entities/1/value", "15. Mai"))
    line = only_problem(capsys, path)
    assert line.startswith(
        f"{path}: /entities/1/value: '15. Mai' is not of the expected form: ISO 8601 calendar date"
    )
    assert line.endswith("[schema]")


def test_missing_top_level_members_are_all_listed(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    path = write(folder, {"doc_id": GERMAN})
    assert problems_of(capsys, path) == [
        f"{path}: missing required member '{name}' [schema]"
        for name in ("agreements", "entities", "language", "schema_version", "sectors")
    ]


# ---------------------------------------------------------------- vocabulary


VOCABULARY_CASES = [
    ("/entities/0/label", "PERX", "an entity label",
     "PER, ROLE, GOV, ORG, GPE, LOC, FAC, NORP, EVENT, INITIATIVE, DATE, MONEY"),
    ("/language", "fr", "a document language (ISO 639-1)", "en, de, ru"),
    ("/entities/0/level", "town", "a GPE level", "country, region, city, district"),
    ("/agreements/0/type", "treaty", "an agreement type",
     "mou, cooperation_agreement, roadmap, twinning, institution_partnership, contract, "
     "verbal_agreement, proposal"),
    ("/agreements/0/status", "done", "an agreement status", "proposed, agreed, signed, in_force"),
]  # fmt: skip


@pytest.mark.parametrize(("pointer", "value", "vocabulary", "names"), VOCABULARY_CASES)
def test_value_outside_a_vocabulary_names_it(
    capsys: pytest.CaptureFixture[str], folder: Path, pointer: str, value: str, vocabulary: str, names: str
) -> None:
    path = write(folder, changed(russian(), pointer, value))
    lines = problems_of(capsys, path)
    expected = f"{path}: {pointer}: '{value}' is not {vocabulary} (expected one of {names})"
    # A near miss adds "; did you mean X?" (tests/test_hardening.py checks the hint itself).
    assert any(line.startswith(expected) and line.endswith("[vocabulary]") for line in lines), lines
    assert all("[vocabulary]" in line or "[consistency]" in line for line in lines)


def test_unknown_sector_lists_the_sectors_from_the_vocabulary(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    from paradiplomacy.vocabulary import sectors

    path = write(folder, changed(german(), "/sectors/-", "space"))
    expected = f"'space' is not a sector of cooperation (expected one of {', '.join(sectors())})"
    assert only_problem(capsys, path) == f"{path}: /sectors/2: {expected} [vocabulary]"


# ---------------------------------------------------------------- consistency


def consistency(
    capsys: pytest.CaptureFixture[str], folder: Path, record: dict[str, Any], name: str | None = None
) -> str:
    path = write(folder, record, name)
    line = only_problem(capsys, path)
    prefix = f"{path}: "
    assert line.startswith(prefix) and line.endswith(" [consistency]"), line
    return line[len(prefix) : -len(" [consistency]")]


def test_doc_id_must_equal_the_file_stem(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    message = consistency(capsys, folder, german(), name=f"{RUSSIAN}.json")
    assert message == f"/doc_id: '{GERMAN}' differs from the file name '{RUSSIAN}.json'"


def test_doc_id_must_name_a_seed(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    record = changed(changed(german(), "/doc_id", "999_missing"), "/seed_sha256", _DELETE)
    seeds = folder.parent / "seeds"
    message = consistency(capsys, folder, record, name="999_missing.json")
    assert (
        message == f"/doc_id: '999_missing' names no usable seed: {seeds / '999_missing.txt'} does not exist"
    )


def test_doc_id_may_not_reach_outside_the_seeds_folder(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    outside = folder.parent / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (folder.parent / "seeds" / "escape.txt").symlink_to(outside)
    record = changed(changed(german(), "/doc_id", "escape"), "/seed_sha256", _DELETE)
    message = consistency(capsys, folder, record, name="escape.json")
    assert message == f"/doc_id: 'escape' names a file outside the seeds folder {folder.parent / 'seeds'}"


def test_seed_must_be_utf8(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    (folder.parent / "seeds" / "latin1.txt").write_bytes("Straße".encode("latin-1"))
    record = changed(changed(german(), "/doc_id", "latin1"), "/seed_sha256", _DELETE)
    message = consistency(capsys, folder, record, name="latin1.json")
    seed = folder.parent / "seeds" / "latin1.txt"
    assert message == f"/doc_id: 'latin1' names no usable seed: {seed} is not UTF-8 (byte 4)"


def test_seed_sha256_must_match(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    seed = folder.parent / "seeds" / f"{RUSSIAN}.txt"
    record = russian()
    seed.write_bytes(seed.read_bytes() + b"\n")
    actual = __import__("hashlib").sha256(seed.read_bytes()).hexdigest()
    path = write(folder, record)
    lines = problems_of(capsys, path)
    assert f"{path}: /seed_sha256: {seed} has sha256 {actual}, not the recorded {record['seed_sha256']}: " \
           "the seed changed [consistency]" in lines  # fmt: skip
    provenance = folder.parent / "seeds" / "provenance.json"
    assert any(f"but {provenance} records" in line for line in lines)


def test_language_must_match_provenance(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    message = consistency(capsys, folder, changed(german(), "/language", "en"))
    provenance = folder.parent / "seeds" / "provenance.json"
    assert message == f"/language: 'en' differs from the language 'de' that {provenance} records"


def test_broken_provenance_is_reported_once_as_its_own_file(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    provenance = folder.parent / "seeds" / "provenance.json"
    provenance.write_text("{", encoding="utf-8")
    write(folder, german())
    write(folder, russian())
    code, out, _ = run(capsys, folder)
    assert code == 1
    assert out.splitlines() == [
        f"{provenance}: line 1 column 2: not JSON: Expecting property name enclosed in double quotes "
        "[format]",
        "1 problem in 1 of 3 files: format 1",
    ]


def test_end_past_the_text(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    size = len(seed_text(RUSSIAN))
    record = changed(russian(), "/entities/6/end", size + 5)
    assert (
        consistency(capsys, folder, record)
        == f"/entities/6/end: {size + 5} is past the end of the text ({size} characters)"
    )


def test_empty_span(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    record = german()
    start = record["entities"][2]["start"]
    message = consistency(capsys, folder, changed(record, "/entities/2/end", start))
    assert message == f"/entities/2: empty span: start {start} is not before end {start}"


def test_text_must_equal_the_slice_and_both_are_shown(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    record = russian()
    entity = record["entities"][3]
    message = consistency(capsys, folder, changed(record, "/entities/3/text", "Сергей Черемин"))
    assert message == (
        f"/entities/3/text: 'Сергей Черемин' does not match the seed text at "
        f"[{entity['start']}, {entity['end']}): 'Сергей Черёмин'"
    )


def test_span_may_not_start_or_end_with_whitespace(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    record = russian()
    entity = record["entities"][6]  # "6\u00a0марта": widen over the no-break space after it
    text = seed_text(RUSSIAN)
    widened = changed(
        changed(record, "/entities/6/end", entity["end"] + 1),
        "/entities/6/text",
        text[entity["start"] : entity["end"] + 1],
    )
    message = consistency(capsys, folder, widened)
    # repr shows the no-break spaces, which a reader could not tell from spaces otherwise
    assert (
        message
        == f"/entities/6: span [{entity['start']}, {entity['end'] + 1}) '6\\xa0марта ' ends with whitespace"
    )


def test_overlapping_entities_name_both(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    record = german()
    first = record["entities"][4]  # Karamay
    inner = {**first, "id": "E7", "end": first["start"] + 4, "text": "Kara", "label": "LOC"}
    del inner["country"], inner["level"]
    message = consistency(capsys, folder, changed(record, "/entities/-", inner))
    assert message == (
        f"/entities/4: E5 [{first['start']}, {first['end']}) 'Karamay' overlaps "
        f"E7 [{first['start']}, {first['start'] + 4}) 'Kara' at /entities/6"
    )


@pytest.mark.parametrize("layer", ["entities", "agreements"])
def test_ids_are_unique(capsys: pytest.CaptureFixture[str], folder: Path, layer: str) -> None:
    record = russian()
    if layer == "entities":
        record = changed(record, "/entities/6/id", "E1")
        expected = "/entities/6/id: id 'E1' is already used by /entities/0"
    else:
        record = changed(record, "/agreements/-", copy.deepcopy(record["agreements"][0]))
        expected = "/agreements/1/id: id 'A1' is already used by /agreements/0"
    assert consistency(capsys, folder, record) == expected


def test_party_must_exist(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    message = consistency(capsys, folder, changed(russian(), "/agreements/0/parties/1", "E42"))
    assert message == "/agreements/0/parties/1: 'E42' is not the id of an entity in this file"


def test_party_must_be_gpe_gov_or_org(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    message = consistency(capsys, folder, changed(russian(), "/agreements/0/parties/1", "E5"))
    assert (
        message == "/agreements/0/parties/1: 'E5' is a ROLE mention ('вице-мэр'); "
        "parties must be GPE or GOV or ORG mentions"
    )


def test_signatory_must_be_a_person(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    message = consistency(capsys, folder, changed(russian(), "/agreements/0/signatories/0", "E1"))
    assert (
        message
        == "/agreements/0/signatories/0: 'E1' is a GPE mention ('Москвы'); signatories must be PER mentions"
    )


def test_evidence_in_range_and_not_empty(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    size = len(seed_text(GERMAN))
    record = changed(german(), "/agreements/0/evidence/-", [size, size + 1])
    record = changed(record, "/agreements/0/evidence/-", [7, 7])
    path = write(folder, record)
    assert problems_of(capsys, path) == [
        f"{path}: /agreements/0/evidence/1/1: {size + 1} is past the end of the text ({size} characters) "
        "[consistency]",
        f"{path}: /agreements/0/evidence/2: empty span: start 7 is not before end 7 [consistency]",
    ]


@pytest.mark.parametrize(
    ("pointer", "value", "reason"),
    [
        ("/entities/1/value", "2023-02-30", "is not a calendar date (February 2023 has 28 days)"),
        ("/entities/1/value", "--13-01", "is not a calendar date (there is no month 13)"),
        ("/entities/1/value", "--02-30", "is not a calendar date (February has at most 29 days)"),
        ("/entities/1/value", "2023-06/2023-01", "is an interval whose start is after its end"),
        ("/agreements/0/date", "2019-04-31", "is not a calendar date (April 2019 has 30 days)"),
    ],
)
def test_dates_are_calendar_dates(
    capsys: pytest.CaptureFixture[str], folder: Path, pointer: str, value: str, reason: str
) -> None:
    assert consistency(capsys, folder, changed(german(), pointer, value)) == f"{pointer}: '{value}' {reason}"


@pytest.mark.parametrize("value", ["2024-02-29", "--02-29", "2023", "2023-01/2023-06", "2023/2023-06", None])
def test_real_dates_are_accepted(capsys: pytest.CaptureFixture[str], folder: Path, value: str | None) -> None:
    write(folder, changed(german(), "/entities/1/value", value))
    assert run(capsys, folder)[:2] == (0, "1 file valid\n")


def test_agreement_sectors_are_document_sectors(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    message = consistency(capsys, folder, changed(german(), "/agreements/0/sectors/-", "education"))
    assert (
        message == "/agreements/0/sectors/1: 'education' is not among the document's sectors (/sectors), "
        "which must include it"
    )


def test_schema_errors_silence_meaningless_consistency_checks(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    record = changed(german(), "/entities", {"not": "a list"})
    path = write(folder, record)
    assert problems_of(capsys, path) == [
        f'{path}: /entities: expected array, got object {{"not": "a list"}} [schema]'
    ]


# ---------------------------------------------------------------- paths, output, exit status


def test_grouped_by_level_then_file_then_location_with_summary(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    write(folder, changed(german(), "/entities/0/end", 10**5))
    write(folder, changed(russian(), "/language", "xx"))
    (folder / "broken.json").write_text("{", encoding="utf-8")
    write(folder, english())
    code, out, _ = run(capsys, folder)
    levels = [line.rsplit("[", 1)[1] for line in out.splitlines()[:-1]]
    assert code == 1
    assert levels == ["format]", "vocabulary]", "consistency]"]
    assert out.splitlines()[-1] == "3 problems in 3 of 4 files: format 1, vocabulary 1, consistency 1"


def test_locations_sort_naturally(capsys: pytest.CaptureFixture[str]) -> None:
    problems = [Problem("a.json", f"/entities/{n}/end", "consistency", "x") for n in (10, 9, 2)]
    assert [p.location for p in sorted_problems(problems)] == [
        "/entities/2/end",
        "/entities/9/end",
        "/entities/10/end",
    ]


def test_json_output(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    path = write(folder, changed(russian(), "/entities/0/label", "PERX"))
    code, out, _ = run(capsys, "--format", "json", path)
    document = json.loads(out)
    assert code == 1
    assert document["valid"] is False
    assert document["problems"][0]["file"] == str(path)
    assert document["problems"][0]["location"] == "/entities/0/label"
    assert document["problems"][0]["level"] == "vocabulary"
    assert document["summary"]["by_level"] == {"format": 0, "schema": 0, "vocabulary": 1, "consistency": 0}
    assert document["summary"]["text"] == "1 problem in 1 of 1 file: vocabulary 1"


def test_github_output(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    path = write(folder, changed(german(), "/entities/2/end", 10**5))
    code, out, _ = run(capsys, "--format", "github", path)
    assert code == 1
    assert out.splitlines()[0] == (
        f"::error file={path},title=paradiplomacy validate (consistency)::"
        f"/entities/2/end: 100000 is past the end of the text ({len(seed_text(GERMAN))} characters)"
    )


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, tmp_path / "nope.json")
    assert exit_info.value.code == 2
    assert f"argument PATH: {tmp_path / 'nope.json'}: no such file or folder" in capsys.readouterr().err


def test_agreement_json_is_skipped_by_name(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    (folder / "agreement.json").write_text('{"kappa": 0.8}', encoding="utf-8")
    write(folder, german())
    assert run(capsys, folder)[:2] == (0, "1 file valid\n")
    code, out, _ = run(capsys, folder / "agreement.json")
    assert (code, out) == (
        0,
        f"note: skipped {folder / 'agreement.json'}: not an annotation file\n0 files valid\n",
    )


def test_folders_are_not_searched_recursively(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    (folder / "second_pass").mkdir()
    (folder / "second_pass" / "broken.json").write_text("{", encoding="utf-8")
    write(folder, german())
    assert run(capsys, folder)[:2] == (0, "1 file valid\n")


def test_second_pass_finds_seeds_two_folders_up(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    second = folder / "second_pass"
    second.mkdir()
    write(second, russian())
    assert run(capsys, second)[:2] == (0, "1 file valid\n")


def test_seeds_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    make_corpus(tmp_path)
    elsewhere = tmp_path / "far" / "away" / "loose"  # no seeds/ one or two folders up
    elsewhere.mkdir(parents=True)
    write(elsewhere, german())
    assert run(capsys, elsewhere)[0] == 1
    assert run(capsys, "--seeds", tmp_path / "seeds", elsewhere)[:2] == (0, "1 file valid\n")


def test_default_is_annotations_in_the_current_folder(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(folder, changed(german(), "/language", "xx"))
    monkeypatch.chdir(folder.parent)
    code, out, _ = run(capsys)
    assert code == 1
    assert out.startswith(f"annotations/{GERMAN}.json: /language: 'xx' is not a document language")


def test_default_falls_back_to_the_package_annotations(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write(folder, english())
    monkeypatch.setattr("paradiplomacy.resources.annotations_dir", lambda: folder)
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    monkeypatch.chdir(empty)
    assert run(capsys)[:2] == (0, "1 file valid\n")


def test_installed_command_in_a_subprocess(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path)
    write(folder, russian())
    write(folder, changed(german(), "/entities/0/text", "Minsk"))
    command = Path(sys.executable).parent / "paradiplomacy"
    result = subprocess.run(
        [str(command), "validate", "annotations"], cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    start = german()["entities"][0]["start"]
    assert result.stdout == (
        f"annotations/{GERMAN}.json: /entities/0/text: 'Minsk' does not match the seed text at "
        f"[{start}, {start + 5}): 'MINSK' [consistency]\n"
        "1 problem in 1 of 2 files: consistency 1\n"
    )
    usage = subprocess.run(
        [str(command), "validate", "missing"], cwd=tmp_path, capture_output=True, text=True
    )
    assert usage.returncode == 2
    assert "missing: no such file or folder" in usage.stderr
