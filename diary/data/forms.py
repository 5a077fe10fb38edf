"""The import form."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from ..forms import choices
from .services import SOURCES


class ImportForm(FlaskForm):
    file = FileField("File", validators=[FileRequired("Choose a file to import.")])
    source = SelectField("Kind of file", choices=choices(SOURCES, SOURCES), default="migraine-diary")
