"""Reads the forms out of a rendered page, so the fuzzer posts the fields a person would see."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # input type ("text", "date", "checkbox", ...), "select", "select-multiple" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)  # select options, or the values of radios/checkboxes
    checked: bool = False


@dataclass
class Form:
    method: str
    action: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(
                method=a.get("method", "get").lower(),
                action=a.get("action", ""),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._select.options.append(a.get("value", ""))
            return
        name = a["name"]
        fields = self._form.fields
        if "disabled" in a:  # shown, never sent: the form keeps its own value
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("radio", "checkbox"):
                entry = fields.setdefault(name, Field(name=name, kind=kind))
                entry.options.append(a.get("value", "on"))
                entry.checked = entry.checked or "checked" in a
                return
            fields[name] = Field(name=name, kind=kind, value=a.get("value", ""))
        elif tag == "select":
            self._select = Field(name=name, kind="select-multiple" if "multiple" in a else "select")
            fields[name] = self._select
        elif tag == "textarea":
            self._textarea = Field(name=name, kind="textarea")
            fields[name] = self._textarea

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def forms_in(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms
