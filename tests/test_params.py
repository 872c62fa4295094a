from __future__ import annotations

import pytest
import yaml

from benchnb.errors import ParameterError
from benchnb.run.params import (
    PARAMETER_NAMES,
    PERSONA,
    default_yaml,
    defaults,
    from_notebook,
    load_file,
    merge,
    validate,
)
from tests.conftest import REPO, SEED_PARAMS


def test_default_yaml_is_generated_from_parameters() -> None:
    text = (REPO / "parameters" / "default.yaml").read_text(encoding="utf-8")
    assert text == default_yaml(), (
        "regenerate: python -m benchnb.run.params > parameters/default.yaml"
    )
    assert yaml.safe_load(text) == defaults()
    for name in PARAMETER_NAMES:  # each key is preceded by a comment
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
        assert lines[at - 1].startswith("#"), f"{name} is not documented"


def test_seed_parameters_are_the_original_setup() -> None:
    params = validate(load_file(SEED_PARAMS))
    assert params.roots == ["outputs/reports", "data/csv"]
    assert params.types == ["csv", "json", "md"]
    assert params.expected_dirs == ["reports/", "csv_data/", "artifacts/"]
    assert params.model == "gemma3:latest"
    assert params.persona == PERSONA
    assert params.persona.startswith("You are DataCollector-9000")


def test_merge_order_files_then_pairs_then_roots(tmp_path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text("roots: [x]\nmodel: m1\ntitle: A\n")
    b = tmp_path / "b.yaml"
    b.write_text("model: m2\n")
    merged = merge([a, b], [("title", "B"), ("roots", '["p", "q"]')])
    assert merged == {"roots": ["p", "q"], "model": "m2", "title": "B", "name": "a"}
    assert merge([a], [], ["r1"])["roots"] == ["r1"]


def test_p_values_are_parsed_as_yaml() -> None:
    merged = merge([], [("max_file_bytes", "2048"), ("types", "all"), ("roots", '["a", "b"]')])
    params = validate(merged)
    assert params.max_file_bytes == 2048
    assert params.types == "all"
    assert params.roots == ["a", "b"]


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"roots": 5}, "roots"),
        ({"roots": ["a", 5]}, "roots[1]"),
        ({"rootz": ["a"]}, "rootz"),
        ({"types": 3}, "types"),
        ({"types": []}, "types"),
        ({"llm": "gpt-4"}, "llm"),
        ({"max_file_bytes": "10"}, "max_file_bytes"),
        ({"max_file_bytes": 0}, "max_file_bytes"),
    ],
)
def test_invalid_parameters_are_refused_naming_the_parameter(values, named) -> None:
    with pytest.raises(ParameterError) as info:
        validate(values)
    assert f"'{named}'" in str(info.value)
    assert "\n" not in str(info.value)


def test_types_accept_comma_lists_and_all() -> None:
    assert validate({"types": "CSV, json"}).types == ["csv", "json"]
    assert validate({"types": ["md", "all"]}).types == "all"


@pytest.mark.parametrize(
    ("content", "needle"),
    [("roots: [unclosed\n", "not valid YAML"), ("- a\n- b\n", "mapping"), (b"\xff\xfe", "UTF-8")],
)
def test_bad_parameter_files_are_refused(tmp_path, content, needle) -> None:
    f = tmp_path / "p.yaml"
    f.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ParameterError, match=needle):
        load_file(f)


def test_missing_parameter_file(tmp_path) -> None:
    with pytest.raises(ParameterError, match="cannot read parameter file"):
        load_file(tmp_path / "nope.yaml")


def test_one_root_as_a_string_and_a_yaml_list_as_a_string() -> None:
    """What papermill's -p passes: a plain string, or a list written as a string."""
    assert validate({"roots": "data/runs"}).roots == ["data/runs"]
    assert validate({"roots": '["a", "b c"]'}).roots == ["a", "b c"]
    assert validate({"expected_dirs": "reports/"}).expected_dirs == ["reports/"]
    assert validate({"types": '["csv", "json"]'}).types == ["csv", "json"]
    assert validate({"llm_options": "{seed: 7}"}).llm_options == {"seed": 7}
    assert validate({"llm_timeout_s": 30}).llm_timeout_s == 30.0  # papermill gives ints
    assert validate({"roots": "[not yaml"}).roots == ["[not yaml"]


def test_notebook_parameters_are_validated_like_the_command_line() -> None:
    namespace = {**defaults(), "roots": "x", "run_dir": None, "pd": object(), "_": 3}
    assert from_notebook(namespace).roots == ["x"]
    with pytest.raises(ParameterError) as info:
        from_notebook({**namespace, "llm": "gpt9"})
    assert str(info.value).startswith("parameter 'llm': Input should be 'auto'")
    assert info.value._render_traceback_() == [f"benchnb: error: {info.value}"]
