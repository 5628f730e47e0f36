"""Safe YAML loading: standard tags only, bounded size and expansion, positions for every error."""
from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, Field

from simulator.errors import InputError
from simulator.yamlfile import MAX_VALUES, load_model, parse_model, read_text


class Inner(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    source: str = Field(alias="from")
    on: list[str] = []


class Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    count: int = 0
    items: list[Inner] = []


def error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_model(text, "f.yaml", Outer)
    return info.value


def where(exc: InputError) -> tuple[int | None, int | None]:
    return exc.line, exc.column


def test_positions_follow_keys_and_indexes():
    model, positions = parse_model("name: a\nitems:\n  - from: x\n    on: [b, c]\n", "f.yaml", Outer)
    assert model.items[0].source == "x" and model.items[0].on == ["b", "c"]
    assert positions.where(["items", 0, "on", 1]) == (4, 13)
    assert positions.where(["items", 0, "on"], key=True) == (4, 5)
    assert positions.where(["items", 5]) == (3, 3)  # past the end: the deepest node found
    assert str(positions.problem(["name"], "bad")) == "f.yaml:1:7: bad"


@pytest.mark.parametrize("key", ["on", "yes", "off", "No"])
def test_yaml_1_1_boolean_words_as_keys_stay_words(key):
    text = f"name: a\nitems:\n  - from: x\n    {key}: []\n"
    if key == "on":
        assert parse_model(text, "f.yaml", Outer)[0].items[0].on == []
    else:
        exc = error(text)
        assert f"items.0.{key}: unknown key" in exc.message and where(exc) == (4, 5)


def test_boolean_values_are_still_booleans():
    exc = error("name: yes\n")
    assert exc.message.startswith("name: input should be a valid string") and where(exc) == (1, 7)


def test_unknown_key_suggests_the_nearest():
    exc = error("name: a\nitems:\n  - form: x\n")
    assert where(exc) == (3, 5)
    assert exc.message.startswith("items.0.form: unknown key; did you mean 'from'?")


def test_unknown_key_lists_choices_when_nothing_is_close():
    exc = error("name: a\nzzzzz: 1\n")
    assert exc.message == "zzzzz: unknown key; allowed here: count, items, name"


def test_missing_key_and_wrong_type():
    assert error("count: 1\n").message == "name: required key is missing"
    exc = error("name: a\ncount: many\n")
    assert where(exc) == (2, 8) and "valid integer" in exc.message


def test_duplicate_keys_are_refused():
    exc = error("name: a\nname: b\n")
    assert where(exc) == (2, 1) and "duplicate key 'name'" in exc.message


@pytest.mark.parametrize("text, position, fragment", [
    ("name: !!python/name:os.system\n", (1, 7), "is not allowed"),
    ("name: !!python/object/apply:os.system ['true']\n", (1, 7), "is not allowed on a list"),
    ("name: !custom x\n", (1, 7), "tag '!custom' is not allowed"),
    ("name: a\nitems: !!set {a, b}\n", (2, 8), "is not allowed on a mapping"),
    ("base: &b {from: x}\nname: a\nitems:\n  - <<: *b\n", (4, 5), "merge keys"),
    ("name: a\n? [1, 2]\n: x\n", (2, 3), "a key must be plain text"),
])
def test_unsafe_or_unsupported_yaml_is_refused(text, position, fragment):
    exc = error(text)
    assert where(exc) == position and fragment in exc.message


def test_alias_expansion_is_bounded():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 10)}]")
    assert "too many values" in error("\n".join(lines)).message
    assert MAX_VALUES < 10 ** 8


def test_a_few_aliases_are_fine():
    model, _ = parse_model("name: a\nitems:\n  - &i {from: x}\n  - *i\n", "f.yaml", Outer)
    assert [i.source for i in model.items] == ["x", "x"]


def test_syntax_errors_and_empty_files():
    exc = error("name: [a\ncount: 1\n")
    assert exc.message.startswith("YAML syntax error") and where(exc) == (2, 6)
    assert where(error("")) == (1, 1) and "empty" in error("").message
    exc = error("- a\n- b\n")
    assert "expected a mapping of keys at the top, found list" in exc.message


def test_control_characters_are_one_line_with_a_position():
    exc = error('name: a\ncount: 1\nitems: "x\x07"\n')
    assert exc.message == "control character U+0007 is not allowed in YAML; remove it"
    assert where(exc) == (3, 10)


def test_read_text_limits(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path)
    big = tmp_path / "big.yaml"
    big.write_text("x" * 101)
    with pytest.raises(InputError, match="over the 100-byte limit"):
        read_text(big, max_bytes=100)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"name: a\ncount: 1\nplace: caf\xe9\n")
    with pytest.raises(InputError) as info:
        read_text(latin)
    assert info.value.line == 3 and "not UTF-8" in info.value.message
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffname: a\n".encode("utf-8"))
    assert load_model(bom, Outer)[0].name == "a"
