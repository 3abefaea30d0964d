"""Every Django form renders with GOV.UK Design System markup through one form renderer."""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

from haven.core.contact_details import phones_from_lines, places_from_lines
from haven.core.limits import FREE_TEXT_MAX

# GOV.UK classes for each widget type; aria-invalid (set by Django on fields with errors)
# adds the error modifier.
_WIDGET_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "password": "govuk-input",
    "number": "govuk-input",
    "tel": "govuk-input",
    "url": "govuk-input",
    "date": "govuk-input",
    "datetime-local": "govuk-input",
    "time": "govuk-input",
    "search": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
    "radio": "govuk-radios__input",
    "file": "govuk-file-upload",
}


def _widget_kind(widget: dict) -> str | None:
    """Inputs carry their type; selects and textareas are known by their template."""
    template = widget.get("template_name", "")
    if template.endswith(("/select.html", "/select_date.html")):
        return "select"
    if template.endswith("/textarea.html"):
        return "textarea"
    if template.endswith(("/radio.html", "/checkbox_select.html")):
        return None  # the group: its options get the classes
    return widget.get("type")


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if isinstance(widget, dict):
            self._add_classes(widget, _widget_kind(widget))
            for group in widget.get("optgroups", ()):
                for option in group[1]:
                    # A select's options take no class; radio and checkbox inputs do.
                    if option.get("type") in ("radio", "checkbox"):
                        self._add_classes(option, option["type"])
        return super().render(template_name, context, request)

    @staticmethod
    def _add_classes(widget: dict, kind: str | None) -> None:
        base = _WIDGET_CLASSES.get(kind)
        if base is None:
            return
        attrs = widget.setdefault("attrs", {})
        classes = [base, attrs.get("class", "")]
        if attrs.get("aria-invalid") == "true" and base in {
            "govuk-input",
            "govuk-select",
            "govuk-textarea",
            "govuk-file-upload",
        }:
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(c for c in classes if c)


DJANGO_REQUIRED = forms.Field.default_error_messages["required"]


# Fields answered by choosing rather than typing.
_CHOSEN = (forms.ChoiceField, forms.BooleanField, forms.FileField)


def required_message(field: forms.Field, name: str) -> str:
    """GOV.UK's wording for an empty required field, from its label: "Enter the reason",
    "Select a team". Fields that need a better sentence say so in their own
    ``error_messages``; this only replaces Django's "This field is required.", which names no
    field and reads the same however many times it appears in the error summary."""
    label = str(field.label or pretty_name(name)).strip().rstrip("?:.")
    # "Case number" -> "case number"; "NRM referral" and "I agree" keep their capitals.
    if label[:1].isupper() and label[1:2].islower():
        label = label[0].lower() + label[1:]
    return f"{'Select' if isinstance(field, _CHOSEN) else 'Enter'} {label}"


class LinesField(forms.CharField):
    """A textarea of one item a line, read by ``parse`` (a pure function from
    ``haven.core.contact_details`` raising ValueError naming the line) into a list."""

    def __init__(self, *, parse, **kwargs):
        self.parse = parse
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)

    def clean(self, value):
        try:
            return self.parse(super().clean(value))
        except ValueError as error:
            raise ValidationError(str(error)) from None


def places_mentioned_field() -> LinesField:
    return LinesField(
        parse=places_from_lines,
        label="Addresses mentioned (optional)",
        help_text="One a line, the postcode at the end, for example "
        "Flat 3, 14 Bridge Street, WA7 1AB",
        max_length=FREE_TEXT_MAX,
    )


def phones_mentioned_field() -> LinesField:
    return LinesField(
        parse=phones_from_lines,
        label="Phone numbers mentioned (optional)",
        help_text="One a line, for example 07700 900982",
        max_length=FREE_TEXT_MAX,
    )


class GovukForm(forms.Form):
    """A form whose page shows a service's refusals: the one mapping from service errors to
    form errors (docs/ARCHITECTURE.md, "Cross-cutting rules").

    Services own the rules and their wording; forms parse what was typed (types, required
    fields, the GOV.UK date input) and views hand a service's ``ValidationError`` to
    ``add_service_errors``. A form whose fields are named differently from the service's
    arguments says so once, in ``service_field_names`` (like the API's
    ``ServiceErrorsMixin.service_field_names``); a form that sends a nested record strips its
    prefix with ``service_error_prefix`` (``"person."``)."""

    service_field_names: dict[str, str] = {}
    service_error_prefix = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.error_messages.get("required") == DJANGO_REQUIRED:
                field.error_messages["required"] = required_message(field, name)

    def add_service_errors(self, error: ValidationError | PermissionDenied) -> None:
        """Each message on its field when the form has one, otherwise in the error summary.
        A ``PermissionDenied`` (for pages that explain a refusal rather than show the 403
        page) goes in the summary."""
        if isinstance(error, PermissionDenied):
            self.add_error(None, str(error) or "You cannot do this.")
            return
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, messages in error.message_dict.items():
            self.add_error(self._field_for(name), messages)

    def _field_for(self, service_name: str) -> str | None:
        name = service_name
        prefix = self.service_error_prefix
        if prefix and name.startswith(prefix):
            name = name[len(prefix) :]
        name = self.service_field_names.get(name, name)
        return name if name in self.fields else None

    def add_stale_error(self, stale) -> None:
        """A save refused because someone saved the record first (``StaleVersionError``):
        what happened, then who changed which fields, and when. What the user typed stays in
        the form (nothing they wrote is lost: decision 0039), now carrying the version they
        have just been shown, so sending it again after reading the changes saves it; a field
        only the other editor changed takes its new value, so sending again keeps both."""
        if not self.is_bound:
            self.cleaned_data = {}  # add_error on an unbound form needs somewhere to look
        elif "version" in self.fields:
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = stale.current.version
            self._take_their_changes(stale.changes)
        self.add_error(None, str(stale))
        for change in stale.changes:
            fields = ", ".join(name.replace("_", " ") for name in change.fields) or "details"
            self.add_error(None, f"{change.by} changed {fields} at {change.at:%H:%M on %d %B %Y}.")

    def _take_their_changes(self, changes) -> None:
        """Each one-box field the other editor changed and this one left as they found it
        (as sent, it is the value before the other's first change) takes its current value.
        A field both changed keeps this editor's text; the page shows the other's."""
        first_before, last_after = {}, {}
        for change in changes:
            for name, values in change.fields.items():
                first_before.setdefault(name, values.get("before"))
                last_after[name] = values.get("after")
        for name, after in last_after.items():
            field = self._field_for(name)
            key = self.add_prefix(field) if field else None
            if key is None or key not in self.data or isinstance(after, list | dict):
                continue
            if isinstance(self.fields[field].widget, forms.MultiWidget):
                continue
            if self.data.get(key) == _as_sent(first_before[name]):
                self.data[key] = _as_sent(after)


def _as_sent(value) -> str:
    """A value from the audit trail's diff as a browser sends it."""
    return "" if value is None else str(value)


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes in a fieldset."""

    template_name = "forms/date_input.html"

    def __init__(self, attrs=None):
        super().__init__(
            {"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}, attrs
        )

    def value_from_datadict(self, data, files, name):
        # A link may give the date whole, ISO 8601 (?date_from=2026-02-01): read it as the
        # three boxes would have been filled in.
        whole = data.get(name)
        if whole and not any(data.get(f"{name}_{part}") for part in ("day", "month", "year")):
            try:
                return [str(part) for part in self.decompress(date.fromisoformat(whole))]
            except ValueError:
                return [whole, "", ""]
        return super().value_from_datadict(data, files, name)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["has_error"] = (attrs or {}).get("aria-invalid") == "true"
        return context


class GovukDateField(forms.MultiValueField):
    """A date from the GOV.UK date input, with GOV.UK's error messages."""

    widget = GovukDateWidget

    def __init__(self, *, noun: str = "date", **kwargs):
        self.noun = noun
        kwargs.setdefault("error_messages", {"required": f"Enter the {noun}"})
        # Day, month and year are a few digits: anything longer is not a real date.
        not_a_date = f"{noun[0].upper()}{noun[1:]} must be a real date"
        super().__init__(
            fields=tuple(
                forms.CharField(
                    required=False, max_length=10, error_messages={"max_length": not_a_date}
                )
                for _ in range(3)
            ),
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = ((part or "").strip() for part in data_list)
        noun = self.noun[0].upper() + self.noun[1:]
        real_date = f"{noun} must be a real date, for example 27 3 2011"
        if not all(part.isdigit() for part in (day, month, year) if part):
            raise ValidationError(real_date)
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise ValidationError(f"{noun} must include a {' and a '.join(missing)}")
        if len(year) != 4:
            raise ValidationError(real_date)
        try:
            return date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"{noun} must be a real date") from error


class GovukTimeField(forms.TimeField):
    """A time typed on the 24-hour clock into a short text box: GOV.UK has no time picker, and
    a browser's own differs from browser to browser."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Use the 24-hour clock, for example 14:30.")
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        )
        kwargs["error_messages"] = {
            "invalid": "Enter the time using the 24-hour clock, for example 14:30",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(input_formats=["%H:%M", "%H.%M", "%H%M"], **kwargs)
