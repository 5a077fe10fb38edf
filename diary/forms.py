"""Form pieces shared by the diary's forms."""
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from .submissions import new_key
from .vocabulary import FIRST_YEAR, ITEM_MAX_LENGTH, LAST_YEAR, plausible_year

YEAR_MESSAGE = f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}."


def choices(values, labels: dict | None = None, empty: str | None = None) -> list[SelectChoice]:
    """Choices for a select or radio field, with an optional first "not recorded" choice."""
    options = [SelectChoice("", empty)] if empty is not None else []
    return options + [SelectChoice(str(v), (labels or {}).get(v, str(v).capitalize())) for v in values]


def check_item_lengths(items, message: str) -> None:
    """Each item of a list a person typed (foods, conditions) within what the interchange format allows, so that
    the diary's backup imports again."""
    if any(len(item) > ITEM_MAX_LENGTH for item in items):
        raise ValidationError(message)


def comma_items(text: str | None) -> list[str]:
    """The items of a comma-separated field, as far as their length goes (the spaces around them are dropped)."""
    return [part.strip() for part in (text or "").split(",")]


class CreatingForm(FlaskForm):
    """A form that creates an entry: its one-time key, made when the page is shown, lets a second send of the same
    page find the entry the first one made (diary/submissions.py)."""

    submission = HiddenField(default=new_key)


class WholeNumberField(IntegerField):
    """A whole number as people type them. One of hundreds of digits is refused with a message: WTForms' range check
    turns it into a float on the way, which overflows into an error page (found by tests/test_hostile_forms.py)."""

    def process_formdata(self, valuelist):
        if valuelist and len(str(valuelist[0]).strip().lstrip("+-")) > 9:
            self.data = None
            raise ValueError("That number is far too large.")
        super().process_formdata(valuelist)


class NumberField(DecimalField):
    """A decimal number as people write them: "inf", "NaN" and the like are not numbers here."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError("Enter a number.")


class InDiaryYears:
    """For a date field: a year outside the diary's years is a message, like a date that cannot be read."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not plausible_year(self.data):
            self.data = None
            raise ValueError(YEAR_MESSAGE)


class DayField(InDiaryYears, DateField):
    """A calendar date."""


class TimeField(InDiaryYears, DateTimeLocalField):
    """A wall-clock date and time, as a phone's picker sends it."""


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (symptoms, sides, foods): easier to tap on a phone than a multi-select."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class YesNoField(RadioField):
    """Yes / no / not recorded. A missing answer stays missing: it is never read as "no"."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=choices(("yes", "no"), empty="—"), **kwargs)

    def process_data(self, value):
        self.data = "" if value is None else ("yes" if value else "no")

    @property
    def value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.data)


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token is what makes a one-button action (end, stop, delete) safe."""
