"""Treatment courses: preventives, therapies, supplements and diets, each from start to stop."""
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import TreatmentCourse

# Suggestions for the form, grouped as people and their doctors name them.
COMMON_TREATMENTS = {
    "anti-CGRP antibody": ["erenumab", "fremanezumab", "galcanezumab", "eptinezumab"],
    "gepant": ["atogepant", "rimegepant"],
    "beta blocker": ["propranolol", "metoprolol"],
    "anticonvulsant": ["topiramate", "valproate"],
    "antidepressant": ["amitriptyline", "venlafaxine"],
    "calcium channel blocker": ["flunarizine", "verapamil"],
    "angiotensin blocker": ["candesartan"],
    "botulinum toxin": ["onabotulinumtoxinA"],
    "behavioural therapy": ["CBT", "mindfulness", "biofeedback", "relaxation training"],
    "supplement": ["magnesium", "riboflavin", "coenzyme Q10", "probiotic"],
    "diet": ["low-histamine diet", "elimination diet", "ketogenic diet", "regular meals"],
}


def courses(user_id: int, today: date) -> tuple[list[TreatmentCourse], list[TreatmentCourse]]:
    """Current courses (not stopped, or stopping later) and past ones, newest first."""
    all_courses = db.session.scalars(select(TreatmentCourse).where(TreatmentCourse.user_id == user_id)
                                     .order_by(TreatmentCourse.started_on.desc())).all()
    current = [c for c in all_courses if c.stopped_on is None or c.stopped_on >= today]
    return current, [c for c in all_courses if c not in current]


def name_taken(user_id: int, name: str, started_on: date, course_id: int | None) -> bool:
    """The diary keys a course by its name and start (so an import can merge it); two alike would clash."""
    clash = db.session.scalar(select(TreatmentCourse.id).where(
        TreatmentCourse.user_id == user_id, TreatmentCourse.name == name, TreatmentCourse.started_on == started_on))
    return clash is not None and clash != course_id


def save_course(course: TreatmentCourse, form) -> TreatmentCourse:
    course.name = " ".join(form.name.data.split())
    course.purpose = form.purpose.data
    course.treatment_class = (form.treatment_class.data or "").strip()
    course.dose = (form.dose.data or "").strip()
    course.started_on, course.stopped_on = form.started_on.data, form.stopped_on.data
    db.session.add(course)
    db.session.commit()
    return course


def stop_course(course: TreatmentCourse, on: date) -> None:
    course.stopped_on = max(on, course.started_on)
    db.session.commit()


def delete_course(course: TreatmentCourse) -> None:
    db.session.delete(course)
    db.session.commit()
