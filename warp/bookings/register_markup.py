"""The register's rows, one NHS.UK fieldset of three radios per booked student, written in Python.

A register can name ~140 students. Through Django's widget templates, and then through a template loop, the
rows were most of the page's time (~140 fieldsets, 420 radios); written here they cost about a millisecond.
The markup is exactly what the template loop wrote: a form group per student whose fieldset's legend is the
student's name, the field's errors linked by aria-describedby, and the radios with their labels. Every text
is escaped; names and ids are built from booking ids. RegisterForm still validates what is posted.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from warp.bookings.models import Mark

ROW = """
  <div class="nhsuk-form-group{error_class}">
    <fieldset class="nhsuk-fieldset"{described_by}>
      <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
      {errors}
      <div class="nhsuk-radios nhsuk-radios--inline" id="{id}">
        {radios}
      </div>
    </fieldset>
  </div>"""

ERROR = (
    '<span class="nhsuk-error-message" id="{id}_error"><span class="nhsuk-u-visually-hidden">Error:</span>'
    " {message}</span>"
)

RADIO = """<div class="nhsuk-radios__item">
          <input class="nhsuk-radios__input" type="radio" name="{name}" id="{id}" value="{value}"{checked}>
          <label class="nhsuk-label nhsuk-radios__label" for="{id}">{label}</label>
        </div>"""


def register_rows_html(form, rows) -> SafeString:
    """Every row of the register. The checked value is what was posted (when the form has errors) or the
    current mark; `rows` are bookings.queries.RegisterRow.

    Each radio's fixed parts (value, label) are written once for the page, and each row's parts with
    f-strings: ~140 rows of three radios through str.format were a millisecond of a register's time."""
    choices = [
        (choice, _radio_parts(n, escape(choice), escape(str(label))))
        for n, (choice, label) in enumerate(Mark.choices)
    ]
    written = []
    for row in rows:
        name = f"mark_{row.pk}"
        field_id = f"id_{name}"
        value = form[name].value() if form is not None else row.mark
        errors = list(form.errors.get(name, ())) if form is not None else []
        radios = "\n".join(
            f"{head}{name}{middle}{field_id}{tail_id}{' checked' if choice == value else ''}"
            f"{label_for}{field_id}{after}"
            for choice, (head, middle, tail_id, label_for, after) in choices
        )
        written.append(
            ROW.format(
                error_class=" nhsuk-form-group--error" if errors else "",
                described_by=f' aria-describedby="{field_id}_error"' if errors else "",
                legend=escape(row.student.full_name),
                errors="".join(ERROR.format(id=field_id, message=escape(str(error))) for error in errors),
                id=field_id,
                radios=radios,
            )
        )
    return mark_safe("".join(written))  # noqa: S308 - every text escaped above; names and ids are digits


def _radio_parts(n: int, safe_value: str, safe_label: str) -> tuple[str, str, str, str, str]:
    """RADIO split around the row's name and field id: (before name, before id, after id up to the
    checked flag, before the label's id, the rest)."""
    head, rest = RADIO.split("{name}")
    middle, rest = rest.split("{id}", 1)
    tail_id, rest = rest.split("{checked}")
    label_for, after = rest.split("{id}")
    tail_id = tail_id.replace("{value}", safe_value)
    after = after.replace("{label}", safe_label)
    return head, middle, f"_{n}{tail_id}", label_for, f"_{n}{after}"
