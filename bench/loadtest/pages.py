"""The forms of a page, read the way a browser reads them: what it would send if the user pressed submit now."""
from __future__ import annotations

from dataclasses import dataclass, field
import re
from html.parser import HTMLParser

# Inputs whose value a browser sends as it stands; checkboxes and radios only when checked; buttons never.
TEXT_TYPES = {"text", "hidden", "email", "password", "number", "datetime-local", "date", "time", "search", "tel",
              "url", "range", ""}


@dataclass
class Form:
    action: str | None
    css_class: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)

    def fill(self, values: dict[str, str]) -> None:
        """Set fields as a person would: a typed value replaces the old one, a picked radio replaces the checked one.
        A name the page did not have is added (like a row of the dose form filled in)."""
        kept = [(n, v) for n, v in self.fields if n not in values]
        self.fields = kept + list(values.items())

    def as_data(self) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        return data


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, list[tuple[str, bool]]] | None = None  # name, [(value, selected)]
        self._option: list | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action"), a.get("class", ""))
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in TEXT_TYPES or (kind in ("checkbox", "radio") and "checked" in a):
                value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
                self._form.fields.append((name, value))
        elif tag == "select" and name:
            self._select = (name, [])
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
            self._select[1].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        elif self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            name, options = self._select
            chosen = next((o for o in options if o[1]), options[0] if options else None)
            if chosen is not None and self._form is not None:
                # An option without a value attribute sends its text.
                self._form.fields.append((name, chosen[0] if chosen[0] is not None else chosen[2].strip()))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            if self._form is not None:
                self._form.fields.append((name, "".join(parts).removeprefix("\n")))
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    return reader.forms


def find_form(html: str, action: str | None = None, css_class: str | None = None) -> Form | None:
    """The first form whose action matches the pattern `action` (in full) and that has the class `css_class`."""
    for form in forms_of(html):
        if action is not None and not re.fullmatch(action, form.action or ""):
            continue
        if css_class is not None and css_class not in form.css_class.split():
            continue
        return form
    return None
