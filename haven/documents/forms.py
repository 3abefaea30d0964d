"""The "Add a document" and "Withdraw a document" forms. They parse what was sent; the services
decide what is accepted (type, size, virus scan, dates, reasons)."""

from django import forms

from haven.core.forms import GovukForm
from haven.core.limits import FREE_TEXT_MAX, too_long
from haven.core.uploads import size_label
from haven.documents.content import ALLOWED_EXTENSIONS, ALLOWED_NAMES
from haven.documents.models import TITLE_MAX, DocumentKind
from haven.people.forms import GovukDateField, Radios


class DocumentForm(GovukForm):
    file = forms.FileField(
        label="Upload a file",
        # Empty files are the service's to refuse, with GOV.UK's words.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
        error_messages={"required": "Select a file", "invalid": "Select a file"},
    )
    kind = forms.ChoiceField(
        label="What kind of document is it?",
        choices=DocumentKind.choices,
        widget=Radios,
        error_messages={"required": "Select what kind of document it is"},
    )
    title = forms.CharField(
        label="Title",
        help_text="For example, 'Age assessment report' or 'Letter from the Home Office'",
        max_length=TITLE_MAX,
        error_messages={
            "required": "Enter a title for the document",
            "max_length": too_long("The title", TITLE_MAX),
        },
    )
    document_date = GovukDateField(
        label="Date of the document (optional)",
        noun="date of the document",
        required=False,
        help_text="When it was written or issued, for example 27 3 2026",
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": too_long("The description", FREE_TEXT_MAX)},
    )

    def __init__(self, *args, max_size: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"A {ALLOWED_NAMES}, smaller than {size_label(max_size)}"


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label="Why is the document withdrawn?",
        help_text="For example, it is about another child. It will no longer be shown to anyone.",
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the document is withdrawn",
            "max_length": too_long("The reason", FREE_TEXT_MAX),
        },
    )
