"""Rubric files: loading by name and path, profiles, positioned errors, unsafe patterns."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from simulator.codes import CODES
from simulator.errors import InputError
from simulator.paths import RUBRICS_DIR
from simulator.rubric import Coder, load_rubric, validate_rubric
from simulator.rubric.patterns import PatternError, check_pattern

PROFILES = ("core", "foundation", "refresher", "assessment")


@pytest.mark.parametrize("name", PROFILES)
def test_shipped_rubrics_load_and_validate(name):
    rubric = load_rubric(name)
    assert rubric.id == name
    assert set(rubric.codes) == set(CODES)
    assert validate_rubric(RUBRICS_DIR / f"{name}.yaml") == []
    first = (RUBRICS_DIR / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/rubric.schema.json"


def test_profiles_keep_the_phrases_and_differ_in_thresholds():
    core = load_rubric("core")
    rubrics = {name: load_rubric(name) for name in PROFILES}
    for name, rubric in rubrics.items():
        assert rubric.codes == core.codes, name  # one copy of the phrase lists
    bars = {name: (r.scoring.bands["fair"], r.scoring.bands["good"]) for name, r in rubrics.items()}
    assert len({repr(b) for b in bars.values()}) == len(PROFILES)
    fair, good = bars["assessment"]
    assert (fair.reflection_question_ratio, good.reflection_question_ratio) == (1.0, 2.0)
    assert (fair.complex_reflection_share, good.complex_reflection_share) == (0.4, 0.5)
    assert good.max_judgement == 0 and good.max_unsolicited_advice == 0
    assert bars["foundation"][1].reflection_question_ratio < good.reflection_question_ratio
    assert rubrics["foundation"].extends == "core"


def test_load_by_path_and_unknown_name():
    assert load_rubric(str(RUBRICS_DIR / "core.yaml")).id == "core"
    with pytest.raises(InputError, match="did you mean 'core'"):
        load_rubric("cor")


def _copy_core(tmp_path: Path, old: str, new: str) -> Path:
    text = (RUBRICS_DIR / "core.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rubrics" / "broken.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_unknown_code_is_a_positioned_error(tmp_path):
    path = _copy_core(tmp_path, "  affirmation:\n", "  affirmations:\n")
    with pytest.raises(InputError) as info:
        load_rubric(path)
    err = info.value
    assert "unknown code 'affirmations'" in err.message and "did you mean 'affirmation'" in err.message
    assert (err.line, err.column) == (_line_of(path, "  affirmations:"), 3)
    assert str(err).startswith(f"{path}:{err.line}:3: ")


def test_misspelt_key_is_a_positioned_error(tmp_path):
    path = _copy_core(tmp_path, "    feedback: An affirmation", "    feedbak: An affirmation")
    with pytest.raises(InputError) as info:
        load_rubric(path)
    assert info.value.line == _line_of(path, "feedbak:")
    assert "did you mean 'feedback'" in info.value.message


def test_catastrophic_pattern_is_refused_at_load(tmp_path):
    path = _copy_core(tmp_path, "      - id: warning\n",
                      "      - id: nested\n        pattern: '(a+)+$'\n      - id: warning\n")
    problems = validate_rubric(path)
    assert len(problems) == 1
    assert problems[0].line == _line_of(path, "pattern: '(a+)+$'")
    assert "exponential" in problems[0].message
    with pytest.raises(InputError, match="exponential"):
        load_rubric(path)


@pytest.mark.parametrize("pattern", [r"(a+)+b", r"(a|aa)*c", r"(?:\w+\s?)+$", r"(x)\1", r"(?:a*)*"])
def test_nested_quantifiers_and_backreferences_are_rejected(pattern):
    with pytest.raises(PatternError):
        check_pattern(pattern)


@pytest.mark.parametrize("pattern", [r"\byou (?:really )?need to\b", r"[a-z]+ing\b", r"(?:ab)+", r"a{1,3}b"])
def test_safe_patterns_compile(pattern):
    assert isinstance(check_pattern(pattern), re.Pattern)


def test_rubric_patterns_run_in_bounded_time_on_hostile_input():
    # The shipped patterns are linear: a long run of near-matches finishes (no timeout needed).
    coder = Coder(load_rubric("core"))
    coding = coder.code("you " * 1200 + "you really should stop")
    assert coding.has("advice.unsolicited")
    assert coder.code("you " * 1200 + "you really should know better").has("judgement")


def test_unknown_placeholder_in_a_template(tmp_path):
    path = _copy_core(tmp_path, "What would it take for you to {rest}, if you decided to?",
                      "What would it take for you to {verb}, if you decided to?")
    problems = validate_rubric(path)
    assert problems and "unknown placeholder {verb}" in problems[0].message
    assert problems[0].line == _line_of(path, "{verb}")


def test_yaml_booleans_and_syntax_errors_are_positioned(tmp_path):
    path = tmp_path / "rubrics" / "bad.yaml"
    path.parent.mkdir()
    path.write_text("id: bad\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        validate_rubric(path)
    assert info.value.line >= 2 and "YAML" in info.value.message


def test_a_profile_extends_a_rubric_in_its_own_folder(tmp_path):
    folder = tmp_path / "rubrics"
    folder.mkdir()
    shutil.copy(RUBRICS_DIR / "core.yaml", folder / "core.yaml")
    (folder / "strict.yaml").write_text(
        "id: strict\ntitle: Strict\nextends: core\n", encoding="utf-8")
    rubric = load_rubric(folder / "strict.yaml")
    assert rubric.id == "strict" and rubric.scoring == load_rubric("core").scoring
    (folder / "loop_a.yaml").write_text("id: loop_a\ntitle: A\nextends: loop_b\n", encoding="utf-8")
    (folder / "loop_b.yaml").write_text("id: loop_b\ntitle: B\nextends: loop_a\n", encoding="utf-8")
    with pytest.raises(InputError, match="circle"):
        load_rubric(folder / "loop_a.yaml")
    (folder / "orphan.yaml").write_text("id: orphan\ntitle: O\nextends: nowhere\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_rubric(folder / "orphan.yaml")
    assert info.value.line == 3 and "no rubric named 'nowhere'" in info.value.message


def test_profile_with_an_unknown_section_is_refused(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("id: p\ntitle: P\nextends: core\nscorng: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_rubric(path)
    assert info.value.line == 4 and "did you mean 'scoring'" in info.value.message


def test_literal_heads_let_a_pattern_scan_be_skipped():
    from simulator.rubric.patterns import literal_heads

    assert literal_heads(r"\bwhy not(?! a\b)") == ("why not",)
    assert literal_heads(r"(?<!\bdo )\byou know (?:that )?") == ("you know ",)
    # Alternatives each give their own head (the words they share after a group are not needed).
    assert literal_heads(r"\b(?:would|is) it be|\bcan i share") == ("can i share", "is", "would")
    # Unknown starts (a class, a repeat) give no heads: the pattern is always scanned.
    assert literal_heads(r"[a-z]+ing\b") is None
    assert literal_heads(r"(?:foo|\w+)bar") is None


# -- patterns whose worst case is not linear (issue 13, item 5) --------------------------------
@pytest.mark.parametrize("pattern, why", [
    (r"(?:\w{1,50}){1,50}!", "nested"),           # bounded inside bounded
    (r"(?:a{2,3})+b", "nested"),                  # variable repeat inside a repeat
    (r"(?:\w+\s?)*$", "nested"),                  # a word run whose separator is optional
    (r"(?:a|ab)+c", "nested"),                    # alternatives inside a repeat
    (r"(?: (?:well|well then)){0,2}x", "nested"),  # one word begins another
    (r"(?:\w+\s*)*x", "nested"),                   # a run that can go on into the next one
    (r"\w*\w*\w*\w*!", "overlap"),                # adjacent repeats of one set
    (r".*.*=", "overlap"),
    (r"\w+\s*\w+!", "overlap"),                   # only an optional set between them
    (r"[a-z]+x?[a-z0-9]+!", "overlap"),           # overlapping sets
    (r"\w{1,40}\w{1,40}!", "overlap"),            # bounded ones too
    (r"\w*a\w*!", "overlap"),                     # a literal they both match does not part them
    (r"(a)\1", "back-reference"),
    (r"(?=.*x)y", "lookaround"),                  # a scan from every position
    (r"you(?!\s+.*really)", "lookaround"),
])
def test_patterns_whose_worst_case_is_not_linear_are_refused(pattern, why):
    with pytest.raises(PatternError, match=why):
        check_pattern(pattern)


@pytest.mark.parametrize("pattern", [
    r"\byou know (?:that )?(?:[\w']+ ){0,4}?(?:bad for you|too much)\b",  # a word run ended by a space
    r"\w+\s+\w+",                                 # a mandatory set they do not share parts them
    r"[a-z]+ing\b", r"(?:ab)+", r"a{1,3}b", r"\bhave you tried(?!\W{0,9}$| to\b)",
    r"you(?<![\w']you)(?: really| just)? (?:should|must)\b",
    r"you(?: (?:really|just|at least)){0,2} (?:should|must)\b",  # words none of which begins another
    r"\bwhat(?:\s+[a-z']+){0,3}?\s+will you\b",     # a run led by a separator it cannot take
])
def test_linear_patterns_still_compile(pattern):
    assert isinstance(check_pattern(pattern), re.Pattern)


def test_a_non_linear_pattern_is_refused_by_validate_with_file_line_and_column(tmp_path, capsys):
    from simulator.cli import main

    path = _copy_core(tmp_path, "      - id: warning\n",
                      "      - id: slow\n        pattern: '(?:\\w{1,50}){1,50}!'\n      - id: warning\n")
    line = _line_of(path, "pattern: '(?:")
    with pytest.raises(SystemExit) as info:
        main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert info.value.code == 1
    assert out.startswith(f"{path}:{line}:18: pattern: ") and "nested" in out
    with pytest.raises(InputError, match="nested") as loaded:
        load_rubric(path)
    assert (loaded.value.line, loaded.value.column) == (line, 18)
