"""Forms of the sharing page."""
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from ..access import PERMISSIONS

PERMISSION_CHOICES = [SelectChoice("view", "View: charts, attacks, days, insights"),
                      SelectChoice("log", "View and log: also start, edit and end attacks, add doses and days")]


class InviteForm(FlaskForm):
    email = EmailField("Their email address", validators=[
        InputRequired("Enter the address of the person you invite."),
        Email("Enter an email address like name@example.org.", check_deliverability=False),
        Length(max=254, message="An email address can be at most 254 characters long.")],
        description="Suggested to them when they register; they may use another.")
    caregiver_name = StringField("Their name, as you call them", validators=[Length(max=60)],
                                 description="Shown to you on entries they log, for example “logged by Sam”.")
    patient_name = StringField("Your name, as they call you", validators=[Length(max=60)],
                               description="Shown to them above your diary, for example “Alex's diary”.")
    permission = RadioField("They may", choices=PERMISSION_CHOICES, default="view",
                            validators=[InputRequired("Choose what they may do.")])


class PermissionForm(FlaskForm):
    permission = RadioField("They may", choices=[SelectChoice(key, label) for key, label in PERMISSIONS.items()],
                            validators=[InputRequired("Choose what they may do.")])
