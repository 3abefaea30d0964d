"""Every Django form renders with GOV.UK Design System markup through one form renderer."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

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
        }:
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(c for c in classes if c)


class GovukForm(forms.Form):
    """A form that can show a service's ValidationError on its own fields."""

    def add_service_errors(self, error: ValidationError, *, prefix: str = "") -> None:
        """Each message on its field when the form has one (``prefix`` strips e.g.
        ``person.``), otherwise in the error summary."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for name, messages in error.message_dict.items():
            field = name[len(prefix) :] if prefix and name.startswith(prefix) else name
            self.add_error(field if field in self.fields else None, messages)
