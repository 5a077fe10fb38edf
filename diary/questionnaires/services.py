"""Saving questionnaire results and reading their history."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from .. import submissions
from ..extensions import db
from ..models import QuestionnaireResult
from .scoring import grade_and_meaning, score


@dataclass(frozen=True)
class ScoredResult:
    result: QuestionnaireResult
    meaning: str  # "Grade II, mild disability" or "some impact"


def describe(result: QuestionnaireResult) -> str:
    grade, meaning = grade_and_meaning(result.kind, result.score)
    return f"grade {grade}, {meaning}" if grade else meaning


def save_result(user_id: int, kind: str, taken_on: date, answers: list) -> QuestionnaireResult:
    """One result per kind and date: answering again on the same day replaces that day's answers (and of two sends
    at once, the second updates the result the first one created)."""
    def write() -> QuestionnaireResult:
        result = db.session.scalar(select(QuestionnaireResult).where(
            QuestionnaireResult.user_id == user_id, QuestionnaireResult.kind == kind,
            QuestionnaireResult.taken_on == taken_on)) or QuestionnaireResult(user_id=user_id, kind=kind,
                                                                             taken_on=taken_on)
        result.answers, result.score = answers, score(kind, answers)
        db.session.add(result)
        return result
    return submissions.commit_or_retry(write)


def history(user_id: int) -> dict[str, list[ScoredResult]]:
    """Each questionnaire's results, newest first."""
    results = db.session.scalars(select(QuestionnaireResult).where(QuestionnaireResult.user_id == user_id)
                                 .order_by(QuestionnaireResult.taken_on.desc(), QuestionnaireResult.id.desc()))
    grouped: dict[str, list[ScoredResult]] = {"MIDAS": [], "HIT-6": []}
    for result in results:
        grouped[result.kind].append(ScoredResult(result, describe(result)))
    return grouped
