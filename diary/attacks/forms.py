"""Forms for attacks and the doses taken for them."""
from datetime import datetime, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..forms import CreatingForm, MultiCheckboxField, TimeField, WholeNumberField, choices
from ..timezones import local_to_utc
from ..vocabulary import (
    ATTACK_KINDS,
    ATTACK_MAX_DAYS,
    AURA_TYPES,
    DISABILITY_LEVELS,
    FUTURE_SLACK_MINUTES,
    LOCATIONS,
    MEDICATION_CLASSES,
    NOTES_MAX_LENGTH,
    PAIN_SIDES,
    PREMONITORY_SYMPTOMS,
    RELIEF_EFFECTS,
    RELIEF_LEVELS,
    SYMPTOMS,
)

LOCAL_FORMAT = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
INTENSITY_MESSAGE = "Intensity goes from 0 (no pain) to 10 (the worst pain imaginable)."


class DoseForm(Form):
    """One dose inside the attack form. A row left without a name is ignored."""

    id = HiddenField()
    # "Name", not "Medication": the row sits under the form's "Medication" heading already.
    name = StringField("Name", validators=[Length(max=100)], render_kw={
        "list": "medication-names", "autocomplete": "off", "placeholder": "e.g. sumatriptan"})
    drug_class = SelectField("Class", choices=choices(MEDICATION_CLASSES), default="other")
    dose = StringField("Dose", validators=[Length(max=100)], render_kw={"placeholder": "e.g. 50 mg"})
    taken_at = TimeField("Taken at", format=LOCAL_FORMAT, validators=[Optional()])
    relief = SelectField("Relief after 2 hours", choices=choices(RELIEF_LEVELS, RELIEF_LEVELS, empty="not yet known"),
                         default="")
    remove = BooleanField("Remove this dose")


class ReliefMethodForm(Form):
    name = StringField("Tried", validators=[Length(max=100)], render_kw={"list": "relief-methods",
                                                                         "placeholder": "e.g. dark room"})
    # "Unsure" until the person says otherwise: a typed "dark room" must not count as having helped.
    effect = SelectField("Effect", choices=choices(RELIEF_EFFECTS), default="unsure")


def intensity_field(label: str):
    """Worst intensity, 0-10, as the full form and the after-attack page both ask it."""
    return WholeNumberField(label, validators=[Optional(), NumberRange(0, 10, INTENSITY_MESSAGE)])


def disability_field(label: str):
    return WholeNumberField(label, validators=[Optional(), NumberRange(0, 3, "Choose from none (0) to bed rest (3).")])


def notes_field():
    return TextAreaField("Notes", validators=[Length(max=NOTES_MAX_LENGTH,
                                                     message=f"Notes can be up to {NOTES_MAX_LENGTH} characters.")])


class AttackForm(CreatingForm):
    started_at = TimeField("Started", format=LOCAL_FORMAT,
                                    validators=[InputRequired("Enter when the attack started.")])
    ended_at = TimeField("Ended", format=LOCAL_FORMAT, validators=[Optional()],
                                  description="Leave empty while the attack is still going on.")
    kind = RadioField("Kind", choices=choices(ATTACK_KINDS), default="migraine")
    peak_intensity = intensity_field("Worst intensity")
    aura = BooleanField("Aura before or during the attack")
    aura_types = MultiCheckboxField("Aura", choices=choices(AURA_TYPES))
    symptoms = MultiCheckboxField("Symptoms", choices=choices(SYMPTOMS))
    most_bothersome = SelectField("Most bothersome symptom", choices=choices(SYMPTOMS, empty="—"), default="")
    premonitory = MultiCheckboxField("Warning signs in the hours before", choices=choices(PREMONITORY_SYMPTOMS))
    pain_sides = MultiCheckboxField("Where the pain was", choices=choices(PAIN_SIDES))
    disability = disability_field("How much it stopped you")
    location = SelectField("Where it began", choices=choices(LOCATIONS, empty="—"), default="")
    # Labels as the page's headings say them, for the error summary ("Medication 1, Name: ...").
    relief_methods = FieldList(FormField(ReliefMethodForm), "What else you tried", min_entries=2)
    notes = notes_field()
    doses = FieldList(FormField(DoseForm), "Medication", min_entries=1)

    disability_levels = DISABILITY_LEVELS

    def __init__(self, *args, zone: str, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone, self.now = zone, now

    def utc(self, local: datetime | None) -> datetime | None:
        return None if local is None else local_to_utc(local, self.zone)

    def validate_started_at(self, field) -> None:
        if field.data and (self.utc(field.data) - self.now).total_seconds() > FUTURE_SLACK_MINUTES * 60:
            raise ValidationError("The start is in the future. Log an attack once it has begun.")

    def validate_ended_at(self, field) -> None:
        if not field.data:
            return
        if self.started_at.data and field.data < self.started_at.data:
            raise ValidationError("The end is before the start.")
        if self.started_at.data and self.utc(field.data) < self.utc(self.started_at.data):
            # A start in the hour the clocks skip in spring ("2:30") is read as the time before the change.
            raise ValidationError("The clocks changed in between, and in real time this end comes before the start. "
                                  "Check both times.")
        if (self.utc(field.data) - self.now).total_seconds() > FUTURE_SLACK_MINUTES * 60:
            raise ValidationError("The end is in the future. Leave it empty while the attack goes on.")
        if self.started_at.data and self.utc(field.data) - self.utc(self.started_at.data) > \
                timedelta(days=ATTACK_MAX_DAYS):
            raise ValidationError(f"The attack would last more than {ATTACK_MAX_DAYS} days. Check the end, or log "
                                  "separate attacks.")

    def validate_aura_types(self, field) -> None:
        # Which was meant, an aura or none? Ask rather than drop the ticked kinds or switch the aura on unasked.
        if field.data and not self.aura.data:
            raise ValidationError("You ticked a kind of aura, but \"Aura\" is off: switch it on, or untick the kinds.")

    def validate_most_bothersome(self, field) -> None:
        if field.data and field.data not in (self.symptoms.data or []):
            self.symptoms.data = sorted(set(self.symptoms.data or []) | {field.data})

    def validate_doses(self, field) -> None:
        for row in field:
            entry = row.form
            if not (entry.name.data or "").strip():
                if entry.dose.data or entry.taken_at.data or entry.relief.data:
                    entry.name.errors.append("Enter the name of the medication, or clear this row.")
                    raise ValidationError("A dose has no name.")
                continue
            taken = entry.taken_at.data
            if taken and (self.utc(taken) - self.now).total_seconds() > FUTURE_SLACK_MINUTES * 60:
                entry.taken_at.errors.append("This time is in the future.")
                raise ValidationError("A dose is in the future.")
            if taken and self.started_at.data and (self.started_at.data - taken).days >= 1:
                entry.taken_at.errors.append("This is more than a day before the attack started.")
                raise ValidationError("A dose is long before the attack.")


class QuickDoseForm(CreatingForm):
    """"Took medication" during an attack: a name is enough; the time is now."""

    name = StringField("Medication", validators=[DataRequired("Enter what you took."), Length(max=100)],
                       render_kw={"list": "medication-names", "autocomplete": "off"})
    drug_class = SelectField("Class", choices=choices(MEDICATION_CLASSES, empty="look up"), default="")
    dose = StringField("Dose", validators=[Length(max=100)], render_kw={"placeholder": "e.g. 50 mg"})


class IntensityForm(FlaskForm):
    peak_intensity = WholeNumberField("Worst so far", validators=[InputRequired(INTENSITY_MESSAGE),
                                                              NumberRange(0, 10, INTENSITY_MESSAGE)])


class ReliefForm(FlaskForm):
    relief = WholeNumberField("Relief", validators=[InputRequired("Choose how well it worked."),
                                                NumberRange(0, 3, "Relief goes from 0 (none) to 3 (pain-free).")])


class StandaloneDoseForm(CreatingForm):
    """A dose taken without a logged attack; it still counts toward medication days."""

    name = StringField("Medication", validators=[DataRequired("Enter what you took."), Length(max=100)],
                       render_kw={"list": "medication-names", "autocomplete": "off"})
    dose = StringField("Dose", validators=[Length(max=100)], render_kw={"placeholder": "e.g. 400 mg"})
    drug_class = SelectField("Class", choices=choices(MEDICATION_CLASSES, empty="look up"), default="")
    taken_at = TimeField("Taken at", format=LOCAL_FORMAT, validators=[InputRequired("Enter when you took it.")])
    relief = SelectField("Relief after 2 hours", choices=choices(RELIEF_LEVELS, RELIEF_LEVELS, empty="not yet known"),
                         default="")

    def __init__(self, *args, zone: str, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone, self.now = zone, now

    def utc(self, local: datetime) -> datetime:
        return local_to_utc(local, self.zone)

    def validate_taken_at(self, field) -> None:
        if field.data and (self.utc(field.data) - self.now).total_seconds() > FUTURE_SLACK_MINUTES * 60:
            raise ValidationError("This time is in the future.")


class DoseReliefForm(Form):
    """How well one dose of the attack worked, on the after-attack page."""

    id = HiddenField()
    # Each row's label names its dose (the view sets it): "sumatriptan 50 mg, taken at 14:10".
    relief = RadioField("Relief after 2 hours", choices=choices(RELIEF_LEVELS, RELIEF_LEVELS, empty="not yet known"),
                        default="")


class AfterAttackForm(FlaskForm):
    """The few questions worth asking as an attack ends; the rest waits for the full form."""

    peak_intensity = intensity_field("How bad was it at worst?")
    doses = FieldList(FormField(DoseReliefForm), "Medication")
    disability = disability_field("How much did it stop you?")
    notes = notes_field()
