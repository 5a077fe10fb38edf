"""Scoring of the MIDAS and HIT-6 questionnaires, exactly as in ../shared/domain/clinical.md."""

# MIDAS (Stewart et al., Neurology 2001;56(6 Suppl 1):S20-S28, doi:10.1212/wnl.56.suppl_1.s20):
# five day counts over the last 3 months, summed.
# Grade I 0-5 little or no disability, II 6-10 mild, III 11-20 moderate, IV >= 21 severe.
MIDAS_ITEMS = 5
MIDAS_MAX_DAYS = 90
MIDAS_GRADES = ((5, "I", "little or no disability"), (10, "II", "mild disability"),
                (20, "III", "moderate disability"), (None, "IV", "severe disability"))

# HIT-6 (Kosinski et al., Qual Life Res 2003;12(8):963-974, doi:10.1023/A:1026119331193):
# six items, 4-week recall, answers scored 6/8/10/11/13, total 36-78.
HIT6_ITEMS = 6
HIT6_ANSWER_SCORES = {"never": 6, "rarely": 8, "sometimes": 10, "very often": 11, "always": 13}
HIT6_BANDS = ((49, "little or no impact"), (55, "some impact"), (59, "substantial impact"),
              (None, "severe impact"))


def midas_score(answers: list[int]) -> int:
    if len(answers) != MIDAS_ITEMS or any(not 0 <= a <= MIDAS_MAX_DAYS for a in answers):
        raise ValueError(f"MIDAS needs {MIDAS_ITEMS} day counts between 0 and {MIDAS_MAX_DAYS}")
    return sum(answers)


def midas_grade(score: int) -> tuple[str, str]:
    """The grade (I-IV) and its meaning for a MIDAS score."""
    for upper, grade, meaning in MIDAS_GRADES:
        if upper is None or score <= upper:
            return grade, meaning
    raise AssertionError("unreachable")


def hit6_score(answers: list[str]) -> int:
    if len(answers) != HIT6_ITEMS or any(a not in HIT6_ANSWER_SCORES for a in answers):
        raise ValueError(f"HIT-6 needs {HIT6_ITEMS} answers from: {', '.join(HIT6_ANSWER_SCORES)}")
    return sum(HIT6_ANSWER_SCORES[a] for a in answers)


def hit6_band(score: int) -> str:
    """The impact band for a HIT-6 total."""
    for upper, meaning in HIT6_BANDS:
        if upper is None or score <= upper:
            return meaning
    raise AssertionError("unreachable")


def grade_and_meaning(kind: str, score: int) -> tuple[str | None, str]:
    """A MIDAS score's grade (I-IV) and what it means; for HIT-6 no grade, and its impact band."""
    return midas_grade(score) if kind == "MIDAS" else (None, hit6_band(score))


def score(kind: str, answers: list) -> int:
    return midas_score(answers) if kind == "MIDAS" else hit6_score(answers)
