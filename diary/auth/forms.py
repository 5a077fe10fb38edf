"""Forms for accounts: register, log in, account settings."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from ..forms import WholeNumberField, check_item_lengths, comma_items
from ..timezones import is_timezone, timezone_names
from .passwords import weakness
from ..vocabulary import FIRST_YEAR, ITEM_MAX_LENGTH, LAST_YEAR, SEXES

PASSWORD_MIN_LENGTH = 10


def _timezone_choices() -> list[SelectChoice]:
    return [SelectChoice(name, name.replace("_", " ")) for name in timezone_names()]


def valid_timezone(form, field) -> None:
    if not is_timezone(field.data or ""):
        raise ValidationError("Choose a time zone from the list, for example Europe/Berlin.")


class RegisterForm(FlaskForm):
    email = EmailField("Email", validators=[
        InputRequired("Enter your email address."),
        Email("Enter an email address like name@example.org.", check_deliverability=False),
        Length(max=254, message="An email address can be at most 254 characters long."),
    ])
    password = PasswordField("Password", validators=[
        InputRequired("Choose a password."),
        Length(min=PASSWORD_MIN_LENGTH, max=200,
               message=f"Use at least {PASSWORD_MIN_LENGTH} characters; a few words strung together work well."),
    ])
    timezone = SelectField("Time zone", default="UTC", validators=[valid_timezone], validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = _timezone_choices()

    def validate_password(self, field) -> None:
        problem = weakness(field.data or "", self.email.data)
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired("Enter your email address.")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password.")])
    remember = BooleanField("Keep me logged in on this device")


class AccountForm(FlaskForm):
    timezone = SelectField("Time zone", validators=[valid_timezone], validate_choice=False,
                           description="Attack times are shown on this clock, and days are counted in it.")
    birth_year = WholeNumberField("Birth year", validators=[
        Optional(), NumberRange(FIRST_YEAR, LAST_YEAR, message=f"Enter a year between {FIRST_YEAR} and "
                                                              f"{LAST_YEAR}.")])
    sex = SelectField("Sex", choices=[SelectChoice("", "Not recorded")] + [SelectChoice(s, s.capitalize()) for s in SEXES],
                      validators=[Optional(strip_whitespace=False)])
    conditions = StringField("Other conditions", validators=[Length(max=500)],
                             description="Comma-separated, for example: irritable bowel syndrome, asthma, "
                                         "multiple sclerosis.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = _timezone_choices()

    def validate_conditions(self, field):
        check_item_lengths(comma_items(field.data),
                           f"Each condition can be up to {ITEM_MAX_LENGTH} characters; separate them with commas.")


def _new_password(label: str) -> PasswordField:
    return PasswordField(label, validators=[
        InputRequired("Choose a new password."),
        Length(min=PASSWORD_MIN_LENGTH, max=200,
               message=f"Use at least {PASSWORD_MIN_LENGTH} characters; a few words strung together work well.")])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[InputRequired("Enter your current password.")])
    new_password = _new_password("New password")

    def __init__(self, *args, email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def validate_new_password(self, field) -> None:
        problem = weakness(field.data or "", self.email)
        if problem:
            raise ValidationError(problem)


class EmailChangeForm(FlaskForm):
    email = EmailField("New email address", validators=[
        InputRequired("Enter the new address."),
        Email("Enter an email address like name@example.org.", check_deliverability=False),
        Length(max=254, message="An email address can be at most 254 characters long.")])
    # Ids of their own: the account page holds this form and the delete form, each with a "password".
    password = PasswordField("Your password", id="email_password", validators=[InputRequired("Enter your password.")])


class PasswordCheckForm(FlaskForm):
    """For what cannot be undone (deleting the account): the password, typed again."""

    password = PasswordField("Your password", id="delete_password", validators=[InputRequired("Enter your password.")])
