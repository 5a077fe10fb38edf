"""The treatment course form."""
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..forms import CreatingForm, DayField, choices
from ..vocabulary import TREATMENT_PURPOSES

PURPOSE_LABELS = {"acute": "Acute (for attacks)", "preventive": "Preventive medicine",
                  "behavioural": "Behavioural (CBT, mindfulness, ...)", "supplement": "Supplement",
                  "diet": "Diet change"}


class TreatmentForm(CreatingForm):
    name = StringField("Name", validators=[DataRequired("Enter the treatment's name."), Length(max=100)],
                       render_kw={"list": "treatment-names", "autocomplete": "off"})
    purpose = SelectField("Kind", choices=choices(TREATMENT_PURPOSES, PURPOSE_LABELS), default="preventive")
    treatment_class = StringField("Class", validators=[Length(max=100)], render_kw={"list": "treatment-classes"},
                                  description="e.g. anti-CGRP antibody, beta blocker, probiotic.")
    dose = StringField("Dose", validators=[Length(max=100)], render_kw={"placeholder": "e.g. 70 mg monthly"})
    started_on = DayField("Started", validators=[InputRequired("Enter the day you started.")])
    stopped_on = DayField("Stopped", validators=[Optional()], description="Leave empty while you still take it.")

    def validate_stopped_on(self, field):
        if field.data and self.started_on.data and field.data < self.started_on.data:
            raise ValidationError("The stop is before the start.")
