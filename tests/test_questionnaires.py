"""MIDAS and HIT-6 scoring against hand-computed examples, band edges included (../shared/domain/clinical.md)."""
import pytest

from diary.questionnaires.scoring import hit6_band, hit6_score, midas_grade, midas_score


@pytest.mark.parametrize("answers, total, grade", [
    ([0, 0, 0, 0, 0], 0, "I"),
    ([1, 1, 1, 1, 1], 5, "I"),
    ([2, 1, 1, 1, 1], 6, "II"),
    ([2, 2, 2, 2, 2], 10, "II"),
    ([3, 2, 2, 2, 2], 11, "III"),
    ([4, 4, 4, 4, 4], 20, "III"),
    ([5, 4, 4, 4, 4], 21, "IV"),
    ([90, 90, 90, 90, 90], 450, "IV"),
])
def test_midas_is_the_sum_of_five_day_counts_graded_I_to_IV(answers, total, grade):
    assert midas_score(answers) == total
    assert midas_grade(total)[0] == grade


@pytest.mark.parametrize("answers", [[1, 2, 3, 4], [1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 91], [0, 0, -1, 0, 0]])
def test_midas_refuses_answers_it_cannot_score(answers):
    with pytest.raises(ValueError):
        midas_score(answers)


@pytest.mark.parametrize("answers, total, band", [
    (["never"] * 6, 36, "little or no impact"),
    (["sometimes"] * 4 + ["never", "very often"], 57, "substantial impact"),
    (["rarely"] * 3 + ["very often", "very often", "sometimes"], 56, "substantial impact"),
    (["sometimes"] * 5 + ["never"], 56, "substantial impact"),
    (["sometimes"] * 4 + ["rarely", "very often"], 59, "substantial impact"),
    (["sometimes"] * 5 + ["always"], 63, "severe impact"),
    (["always"] * 6, 78, "severe impact"),
])
def test_hit6_answers_score_6_8_10_11_13(answers, total, band):
    assert hit6_score(answers) == total
    assert hit6_band(total) == band


@pytest.mark.parametrize("score, band", [
    (49, "little or no impact"), (50, "some impact"), (55, "some impact"), (56, "substantial impact"),
    (59, "substantial impact"), (60, "severe impact"),
])
def test_hit6_band_edges(score, band):
    assert hit6_band(score) == band


def test_hit6_refuses_unknown_answers():
    with pytest.raises(ValueError):
        hit6_score(["often"] * 6)
