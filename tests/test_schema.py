"""The committed JSON Schemas match the models; ``coachsim schema`` regenerates them."""
from __future__ import annotations

import json

import pytest

from simulator import schema
from simulator.cli import main


def test_committed_schemas_match_the_models():
    drifted = schema.stale()
    assert drifted == [], f"run `coachsim schema --write`: {drifted}"


def test_scenario_schema_shape():
    generated = schema.generate("scenario")
    assert generated["title"] == "coachsim scenario"
    assert generated["$id"] == "urn:coachsim:schema:scenario"
    assert {"id", "states", "transitions", "endings"} <= set(generated["required"])
    transition = generated["$defs"]["Transition"]
    assert "from" in transition["properties"] and "source" not in transition["properties"]
    assert transition["additionalProperties"] is False
    codes = json.dumps(generated["$defs"]["State"])
    assert "reflection.complex" in codes


def test_rendering_is_deterministic():
    text = schema.render("scenario")
    assert text == schema.render("scenario") and text.endswith("}\n")
    assert list(json.loads(text)) == sorted(json.loads(text))


def test_write_and_check(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(schema.paths, "SCHEMAS_DIR", tmp_path)
    assert schema.stale() == [tmp_path / f"{name}.schema.json" for name in schema.SCHEMAS]
    with pytest.raises(SystemExit) as info:
        main(["schema", "--check"])
    assert info.value.code == 1
    with pytest.raises(SystemExit) as info:
        main(["schema", "--write"])
    assert info.value.code == 0
    assert schema.stale() == [] and schema.write_all() == []
    (tmp_path / "scenario.schema.json").write_text("{}\n")
    assert schema.stale() == [tmp_path / "scenario.schema.json"]
    capsys.readouterr()


def test_registry_takes_another_model(monkeypatch, tmp_path):
    monkeypatch.setitem(schema.SCHEMAS, "variable",
                        schema.SchemaSpec("coachsim variable", schema.model_at("simulator.scenario.models", "Variable")))
    assert schema.generate("variable")["title"] == "coachsim variable"
    assert tmp_path / "variable.schema.json" in schema.write_all(tmp_path)


def test_print(capsys):
    with pytest.raises(SystemExit):
        main(["schema", "scenario"])
    assert capsys.readouterr().out == schema.render("scenario")
