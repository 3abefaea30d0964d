"""Every Django form renders with GOV.UK Design System markup through one form renderer."""

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


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if isinstance(widget, dict):
            self._add_classes(widget)
            for group in widget.get("optgroups", ()):
                for option in group[1]:
                    self._add_classes(option)
        return super().render(template_name, context, request)

    @staticmethod
    def _add_classes(widget: dict) -> None:
        kind = widget.get("type") or (
            "textarea" if "textarea" in widget.get("template_name", "") else None
        )
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
