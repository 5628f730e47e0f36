"""Agreement arithmetic and codes files: hand-computed examples, no rubric needed."""
import pytest

from simulator.calibration import NONE, Agreement, confusion_pairs, read_codes
from simulator.errors import InputError


@pytest.mark.parametrize("cells, percent, kappa", [
    # n=10, po=.7, p_ref=.5, p_trainer=.6, pe=.5: kappa=(.7-.5)/(1-.5)=.4
    # agreement counts only replies either side coded: 4 of 7
    ((4, 1, 2, 3), 100 * 4 / 7, 0.4),
    # n=100, po=.6, p_ref=.6, p_trainer=.7, pe=.42+.12=.54: kappa=.06/.46
    ((45, 15, 25, 15), 100 * 45 / 85, 0.06 / 0.46),
    # agreement everywhere, both use the code sometimes
    ((3, 0, 0, 7), 100.0, 1.0),
    # disagreement everywhere, half each: po=0, pe=.5
    ((0, 5, 5, 0), 0.0, -1.0),
    # agreement no better than chance: po=.5, p_ref=.5, p_trainer=.5
    ((1, 1, 1, 1), 100 / 3, 0.0),
])
def test_kappa_matches_hand_computed_values(cells, percent, kappa):
    agreement = Agreement("question.open", *cells)
    assert agreement.percent == pytest.approx(percent)
    assert agreement.kappa == pytest.approx(kappa)


def test_two_blanks_are_not_agreement():
    assert Agreement("judgement", 0, 0, 0, 12).percent is None
    assert Agreement("judgement", 1, 0, 0, 11).percent == 100.0
    assert Agreement("judgement", 0, 1, 1, 10).percent == 0.0


def test_prevalence_and_each_sides_use_of_the_code():
    agreement = Agreement("goal", 2, 1, 3, 4)
    assert (agreement.reference_uses, agreement.trainer_uses) == (3, 5)
    assert agreement.prevalence == pytest.approx(30.0)


def test_kappa_is_undefined_when_neither_side_ever_uses_the_code():
    assert Agreement("judgement", 0, 0, 0, 12).kappa is None
    assert Agreement("judgement", 12, 0, 0, 0).kappa is None


def test_pooled_agreement_sums_the_tables():
    pooled = Agreement("a", 4, 1, 2, 3) + Agreement("b", 0, 5, 5, 0)
    assert (pooled.both, pooled.reference_only, pooled.trainer_only, pooled.neither) == (4, 6, 7, 3)
    # n=20, po=7/20, p_ref=10/20, p_trainer=11/20, pe=(110+90)/400=.5: kappa=(.35-.5)/.5
    assert pooled.kappa == pytest.approx(-0.3)


def test_confusion_pairs_put_shared_codes_on_the_diagonal_and_swaps_off_it():
    ref = frozenset({"question.open", "reflection.complex"})
    mine = frozenset({"question.open", "reflection.simple"})
    assert confusion_pairs(ref, mine) == [("question.open", "question.open"),
                                          ("reflection.complex", "reflection.simple")]


def test_confusion_pairs_use_none_for_codes_the_other_side_left_out():
    assert confusion_pairs(frozenset({"judgement"}), frozenset()) == [("judgement", NONE)]
    assert confusion_pairs(frozenset(), frozenset({"goal"})) == [(NONE, "goal")]
    assert confusion_pairs(frozenset(), frozenset()) == [(NONE, NONE)]


def test_codes_csv_accepts_several_separators_and_empty_rows(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("turn,codes\n1,question.open\n2,reflection.simple; affirmation\n"
                    "3,\n4,permission|information\n")
    sheet = read_codes(path)
    assert sheet.turns["2"].codes == {"reflection.simple", "affirmation"}
    assert sheet.turns["3"].codes == frozenset()
    assert sheet.turns["4"].codes == {"permission", "information"}
    assert sheet.turns["4"].line == 5


def test_codes_jsonl_reads_assess_output_and_skips_session_lines(tmp_path):
    path = tmp_path / "codes.jsonl"
    path.write_text('{"type": "utterance", "session_id": "s", "turn": 1, "text": "x",'
                    ' "codes": ["goal"], "evidence": []}\n'
                    '{"type": "session", "session_id": "s", "metrics": {}, "score": 50}\n')
    sheet = read_codes(path)
    assert list(sheet.turns) == ["1"]
    assert sheet.turns["1"].codes == {"goal"}


@pytest.mark.parametrize("name, text, message, line", [
    ("c.csv", "turn,codes\n1,question.opne\n", "did you mean 'question.open'", 2),
    ("c.csv", "turn,codes\n1,goal\n1,summary\n", "turn 1 is coded twice", 3),
    ("c.csv", "reply_id,labels_given\n1,goal\n", "needs columns turn and codes", 1),
    ("c.csv", "turn,codes\n", "has no rows", 1),
    ("c.jsonl", '{"turn": 1, "codes": ["goal"]}\n{"turn": 2}\n', "needs keys turn and codes", 2),
    ("c.jsonl", '{"turn": 1, "codes": ["goal"]}\n{"turn": 2,\n', "not valid JSON", 2),
    ("c.jsonl", '{"turn": 1, "codes": 3}\n', "must be a list", 1),
])
def test_bad_codes_files_name_the_line(tmp_path, name, text, message, line):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_codes(path)
    assert message in caught.value.message
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}")


def test_codes_file_of_unknown_format_or_missing(tmp_path):
    with pytest.raises(InputError, match="unknown codes file format"):
        (tmp_path / "c.txt").write_text("1 goal\n")
        read_codes(tmp_path / "c.txt")
    with pytest.raises(InputError, match="no such file"):
        read_codes(tmp_path / "missing.csv")
