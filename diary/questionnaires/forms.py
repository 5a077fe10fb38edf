"""MIDAS and HIT-6 forms. The questions are put in our own words; the scoring follows the published instruments."""
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired, NumberRange

from ..forms import DayField, WholeNumberField, choices
from .scoring import HIT6_ANSWER_SCORES, MIDAS_MAX_DAYS

MIDAS_QUESTIONS = (
    "On how many days did you miss work or school because of headache?",
    "On how many other days did headache cut what you got done at work or school by half or more?",
    "On how many days did you not do any housework because of headache?",
    "On how many other days did headache cut what you got done at home by half or more?",
    "On how many days did you miss family, social or leisure activities because of headache?",
)
HIT6_QUESTIONS = (
    "When you have a headache, how often is the pain severe?",
    "How often does headache limit your usual daily activities (housework, work, school, social life)?",
    "When you have a headache, how often do you wish you could lie down?",
    "In the past 4 weeks, how often have you been too tired for work or daily activities because of headache?",
    "In the past 4 weeks, how often have you felt fed up or irritated because of headache?",
    "In the past 4 weeks, how often has headache limited your concentration on work or daily activities?",
)
DAYS_MESSAGE = f"Enter a number of days from 0 to {MIDAS_MAX_DAYS} (the last 3 months)."


def _days(question):
    return WholeNumberField(question, validators=[InputRequired(DAYS_MESSAGE), NumberRange(0, MIDAS_MAX_DAYS, DAYS_MESSAGE)],
                        render_kw={"inputmode": "numeric", "min": 0, "max": MIDAS_MAX_DAYS})


def _often(question):
    return RadioField(question, choices=choices(HIT6_ANSWER_SCORES),
                      validators=[InputRequired("Choose one answer.")])


class MidasForm(FlaskForm):
    taken_on = DayField("Date", validators=[InputRequired("Enter the date you answered.")])
    q1, q2, q3, q4, q5 = (_days(q) for q in MIDAS_QUESTIONS)

    def answers(self) -> list[int]:
        return [self.q1.data, self.q2.data, self.q3.data, self.q4.data, self.q5.data]


class Hit6Form(FlaskForm):
    taken_on = DayField("Date", validators=[InputRequired("Enter the date you answered.")])
    q1, q2, q3, q4, q5, q6 = (_often(q) for q in HIT6_QUESTIONS)

    def answers(self) -> list[str]:
        return [self.q1.data, self.q2.data, self.q3.data, self.q4.data, self.q5.data, self.q6.data]
