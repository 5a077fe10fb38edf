"""The daily log form: every field optional, since a partly filled day is normal."""
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from ..forms import MultiCheckboxField, NumberField, WholeNumberField, YesNoField, check_item_lengths, comma_items
from ..vocabulary import ITEM_MAX_LENGTH, MAX_FOODS_A_DAY, NOTES_MAX_LENGTH


def _scale(label, low, high, unit=""):
    return WholeNumberField(label, validators=[Optional(), NumberRange(low, high, f"Choose from {low} to {high}{unit}.")])


def _amount(label, maximum, message, places=None):
    field = NumberField if places else WholeNumberField
    extra = {"places": places} if places else {}
    return field(label, validators=[Optional(), NumberRange(0, maximum, message)], **extra)


class DayForm(FlaskForm):
    stress = _scale("Stress today", 0, 10)
    sleep_hours = NumberField("Hours slept last night", places=2, validators=[
        Optional(), NumberRange(0, 24, "Sleep is counted in hours of one night: from 0 to 24.")],
        render_kw={"step": "0.25", "inputmode": "decimal", "min": 0, "max": 24})
    sleep_quality = _scale("How well you slept", 1, 5)
    caffeine_mg = _amount("Caffeine (mg)", 2000, "Caffeine is from 0 to 2000 mg; a cup of coffee is about 100 mg.")
    alcohol_units = _amount("Alcohol (units)", 50, "Alcohol is from 0 to 50 units.", places=1)
    water_l = _amount("Water (litres)", 15, "Water is from 0 to 15 litres.", places=1)
    exercise_min = _amount("Exercise (minutes)", 1440, "Exercise is from 0 to 1440 minutes.")
    menstruating = YesNoField("Period")
    gut_symptoms = _scale("Gut symptoms", 0, 3)
    mood = _scale("Mood", 1, 5)
    skipped_meal = YesNoField("Skipped a meal")
    illness = YesNoField("Ill (cold, infection, fever)")
    allergy = _scale("Allergy symptoms", 0, 3)
    foods = MultiCheckboxField("Foods and drinks worth noting", choices=[], validate_choice=False)
    new_foods = StringField("Add foods", validators=[Length(max=500)],
                            description="Comma-separated, e.g. red wine, aged cheese.")
    notes = TextAreaField("Notes", validators=[Length(max=NOTES_MAX_LENGTH,
                                                      message=f"Notes can be up to {NOTES_MAX_LENGTH} characters.")])

    def validate_foods(self, field):
        check_item_lengths(field.data or [], f"A food can be up to {ITEM_MAX_LENGTH} characters.")

    def validate_new_foods(self, field):
        check_item_lengths(comma_items(field.data),
                           f"Each food can be up to {ITEM_MAX_LENGTH} characters; separate foods with commas.")
        foods = {f.strip().lower() for f in (self.foods.data or []) + comma_items(field.data)}
        if len(foods) > MAX_FOODS_A_DAY:
            raise ValidationError(f"At most {MAX_FOODS_A_DAY} foods a day ({len(foods)} are ticked or typed): note "
                                  "the ones worth watching.")

    def validate_sleep_hours(self, field):
        if field.data is not None and not field.errors and (field.data * 4) % 1:
            raise ValidationError("Round to the quarter hour, e.g. 6.5 or 7.25.")
