"""Every Django form renders with GOV.UK Design System markup through one form renderer."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
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
            "govuk-file-upload",
        }:
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(c for c in classes if c)


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
        what happened, then who changed which fields, and when."""
        if not self.is_bound:
            self.cleaned_data = {}  # add_error on an unbound form needs somewhere to look
        self.add_error(None, str(stale))
        for change in stale.changes:
            fields = ", ".join(name.replace("_", " ") for name in change.fields) or "details"
            self.add_error(None, f"{change.by} changed {fields} at {change.at:%H:%M on %d %B %Y}.")
