"""Form pieces that follow the GOV.UK Design System patterns."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInputWidget(forms.MultiWidget):
    """Day, month and year in three boxes, as the GOV.UK date input pattern."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None):
        super().__init__(
            [forms.TextInput(), forms.TextInput(), forms.TextInput()],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    widget = DateInputWidget

    def __init__(self, **kwargs):
        error_messages = {"incomplete": _("Enter a day, month and year.")}
        fields = tuple(forms.CharField(required=False) for _part in range(3))
        super().__init__(
            fields=fields, error_messages=error_messages, require_all_fields=False, **kwargs
        )

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(v or "").strip() for v in data_list)
        missing = [n for n, v in ((_("day"), day), (_("month"), month), (_("year"), year)) if not v]
        if missing:
            raise ValidationError(
                _("The date must include a %(parts)s.")
                % {"parts": str(_(" and ")).join(map(str, missing))}
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(_("The date must be made of numbers, like 27 3 2027."))
        if len(year) != 4:
            raise ValidationError(_("The year must have 4 numbers, like 2027."))
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(_("The date must be a real date, like 27 3 2027.")) from None


class MoneyField(forms.DecimalField):
    """Pounds and pence, typed with or without a £ sign and commas."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.error_messages.update(
            {
                "invalid": _("Enter an amount in pounds, like 1250000 or 1,250,000.50."),
                "max_decimal_places": _("Enter pence with no more than 2 numbers after the point."),
                "max_digits": _("The amount is too large."),
                "max_whole_digits": _("The amount is too large."),
                "min_value": _("The amount must be %(limit_value)s or more."),
                "max_value": _("The amount must be %(limit_value)s or less."),
            }
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").removeprefix("£").strip()
        return super().to_python(value)


class GovukFormMixin:
    """Plain-English messages for the mistakes every form can have."""

    required_messages: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name).lower()
            field.error_messages.setdefault("required", None)
            field.error_messages["required"] = self.required_messages.get(
                name, _("Enter %(label)s.") % {"label": label}
            )
            if "invalid_choice" in field.error_messages:
                # Django's own words name the raw value; say it plainly instead.
                field.error_messages["invalid_choice"] = _(
                    "Choose one of the options shown. The page may be out of date: reload it."
                )
