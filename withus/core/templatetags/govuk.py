"""Render form fields and error summaries with GOV.UK Frontend markup."""

from django import forms, template
from django.utils.translation import gettext as _

from withus.core.forms import DateInputWidget

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, DateInputWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


def _first_input_id(bound: forms.BoundField) -> str:
    kind = _kind(bound.field.widget)
    if kind in {"date", "radios", "checkboxes"}:
        return f"{bound.auto_id}_0"
    return bound.auto_id


@register.inclusion_tag("govuk/field.html")
def govuk_field(
    bound: forms.BoundField, width: str = "", hint_html: str = "", heading: bool = False
):
    kind = _kind(bound.field.widget)
    value = bound.value()
    if kind in {"radios", "select", "checkboxes"}:
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        choices = [
            {"value": str(v), "label": label, "checked": str(v) in selected, "index": i}
            for i, (v, label) in enumerate(bound.field.choices)
        ]
    else:
        choices = []
    date_parts = []
    if kind == "date":
        raw = value if isinstance(value, list | tuple) else bound.field.widget.decompress(value)
        names = ("day", "month", "year")
        date_parts = [
            {
                "name": f"{bound.html_name}_{i}",
                "id": f"{bound.auto_id}_{i}",
                "label": label,
                "value": "" if raw[i] is None else raw[i],
                "width": 4 if i == 2 else 2,
                "autocomplete": "",
                "key": names[i],
            }
            for i, label in enumerate((_("Day"), _("Month"), _("Year")))
        ]
    if not width and isinstance(bound.field, forms.IntegerField):
        width = "4"
    elif not width and isinstance(bound.field, forms.DecimalField):
        width = "10"
    input_type = getattr(bound.field.widget, "input_type", "text")
    inputmode = ""
    if isinstance(bound.field, forms.IntegerField):
        # GOV.UK advice: a text box with a numeric keypad, not type="number".
        input_type, inputmode = "text", "numeric"
    elif isinstance(bound.field, forms.DecimalField):
        input_type, inputmode = "text", "decimal"
    return {
        "field": bound,
        "kind": kind,
        "value": "" if value is None else value,
        "choices": choices,
        "date_parts": date_parts,
        "input_type": input_type,
        "width": width,
        "inputmode": inputmode,
        "heading": heading,
        "autocomplete": bound.field.widget.attrs.get("autocomplete", ""),
    }


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: forms.Form):
    items = []
    for form in forms_:
        if form is None:
            continue
        for error in form.non_field_errors():
            items.append({"href": "", "text": error})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            for error in errors:
                items.append({"href": "#" + _first_input_id(bound), "text": error})
    return {"items": items}
