from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from two_factor.forms import (
    AuthenticationTokenForm,
    BackupTokenForm,
    DeviceValidationForm,
    TOTPDeviceForm,
)

from haven.accounts.models import SENIOR_OFFICES, AgencyType, TeamFunction
from haven.accounts.selectors import agencies_for_admin, teams_for_admin
from haven.accounts.services import (
    password_reset_email_send,
    password_reset_possible,
    roles_grantable_by,
)
from haven.core.areas import Area
from haven.core.forms import GovukForm

EMAIL_MESSAGES = {
    "required": "Enter an email address",
    "invalid": "Enter an email address in the correct format, like name@example.org",
    "max_length": "Email address must be 254 characters or fewer",
}


class ApiTokenForm(GovukForm):
    name = forms.CharField(
        max_length=100,
        help_text="What the token is for, for example 'Police case system feed'.",
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "What the token is for must be 100 characters or fewer",
        },
    )
    # How long a token may last is the service's rule (api_token_create).
    days = forms.IntegerField(
        label="Days until it expires",
        initial=settings.HAVEN_API_TOKEN_DEFAULT_DAYS,
        error_messages={
            "required": "Enter the number of days until the token expires",
            "invalid": "Days until it expires must be a whole number, like 30",
        },
    )


class AgencyForm(GovukForm):
    form_name = forms.CharField(widget=forms.HiddenInput, initial="agency")
    name = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Enter the agency's name",
            "max_length": "The agency's name must be 200 characters or fewer",
        },
    )
    slug = forms.SlugField(
        label="Short name",
        max_length=80,
        help_text="For addresses and commands, e.g. 'halton'.",
        error_messages={
            "required": "Enter a short name",
            "invalid": "Short name must only include letters, numbers, hyphens and underscores",
            "max_length": "Short name must be 80 characters or fewer",
        },
    )
    agency_type = forms.ChoiceField(
        label="Type",
        choices=AgencyType.choices,
        error_messages={
            "required": "Select the type of agency",
            "invalid_choice": "Select the type of agency",
        },
    )
    area_code = forms.ChoiceField(
        label="Local authority area",
        choices=[("", "None"), *Area.choices],
        required=False,
        error_messages={"invalid_choice": "Select a local authority area, or None"},
    )
    is_first_responder = forms.BooleanField(label="NRM First Responder", required=False)
    email = forms.EmailField(label="Email address", required=False, error_messages=EMAIL_MESSAGES)
    phone = forms.CharField(
        max_length=40,
        required=False,
        error_messages={"max_length": "Phone must be 40 characters or fewer"},
    )
    team_name = forms.CharField(
        label="First team",
        max_length=200,
        error_messages={
            "required": "Enter the name of the agency's first team",
            "max_length": "The team's name must be 200 characters or fewer",
        },
    )
    team_function = forms.ChoiceField(
        label="What the team does",
        choices=TeamFunction.choices,
        error_messages={
            "required": "Select what the team does",
            "invalid_choice": "Select what the team does",
        },
    )


class TeamForm(GovukForm):
    """A team for one of the agencies the administrator manages."""

    form_name = forms.CharField(widget=forms.HiddenInput, initial="team")
    agency = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose an agency",
        error_messages={
            "required": "Select an agency",
            "invalid_choice": "Select an agency",
        },
    )
    name = forms.CharField(
        label="Team name",
        max_length=200,
        error_messages={
            "required": "Enter the team's name",
            "max_length": "The team's name must be 200 characters or fewer",
        },
    )
    function = forms.ChoiceField(
        label="What the team does",
        choices=TeamFunction.choices,
        error_messages={
            "required": "Select what the team does",
            "invalid_choice": "Select what the team does",
        },
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = agencies_for_admin(actor=actor)
        self.fields["agency"].queryset = agencies
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk


class SeniorOfficersForm(GovukForm):
    """An authority's senior officers, each one of its active users or not set up."""

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        for office, label in SENIOR_OFFICES.items():
            self.fields[office] = forms.ModelChoiceField(
                queryset=users,
                required=False,
                label=label,
                empty_label="Not set up",
                error_messages={"invalid_choice": f"Select an active user as {label}"},
            )
        self.fields[
            "head_of_service"
        ].help_text = "Told of overdue tasks and of every safe-house escalation."
        self.fields["operational_director"].help_text = "Told of every safe-house escalation."
        self.fields["chief_executive"].help_text = "Told of every safe-house escalation."


class _UserFields(GovukForm):
    full_name = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Enter the user's full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    team = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a team",
        help_text="The team and its agency.",
        error_messages={"required": "Select a team", "invalid_choice": "Select a team"},
    )
    role = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what this administrator may use: their own agency's teams and the roles they
        # may give. A team or role from elsewhere is refused as "Select a team/role".
        self.fields["team"].queryset = teams_for_admin(actor=actor)
        self.fields["role"].choices = [(r.value, r.label) for r in roles_grantable_by(actor)]


class UserForm(_UserFields):
    email = forms.EmailField(label="Email address", error_messages=EMAIL_MESSAGES)
    field_order = ["email", "full_name", "team", "role"]


class UserEditForm(_UserFields):
    pass


class UserSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name or email address",
        max_length=200,
        required=False,
        error_messages={"max_length": "Search must be 200 characters or fewer"},
    )


class ReasonForm(GovukForm):
    reason = forms.CharField(
        max_length=300,
        error_messages={"max_length": "The reason must be 300 characters or fewer"},
    )

    def __init__(
        self, *args, label: str = "Reason", required_message: str = "Enter a reason", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message


class HavenPasswordResetForm(PasswordResetForm):
    """'Forgotten your password?': the link goes by email to the address Haven holds, built on
    HAVEN_BASE_URL (accounts.services.password_reset_email_send), never on the request's Host."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        help_text="The work email address you sign in with.",
        error_messages={**EMAIL_MESSAGES, "required": "Enter your email address"},
    )

    def get_users(self, email):
        return (user for user in super().get_users(email) if password_reset_possible(user))

    def save(self, **kwargs):
        # Django's own save() would build the link from the request's Host header.
        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_email_send(user=user)


# Password validators' codes, in GOV.UK words.
_PASSWORD_MESSAGES = {
    "password_too_short": "Password must be {min_length} characters or more",
    "password_too_common": "Choose a password that is harder to guess",
    "password_entirely_numeric": "Password must include letters or symbols, not only numbers",
    "password_too_similar": "Password must not be like your name or email address",
}


class HavenSetPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": "The passwords do not match"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, second.label = "New password", "Confirm new password"
        first.help_text = "At least 12 characters. Avoid common words and your name."
        second.help_text = ""
        first.error_messages["required"] = "Enter a new password"
        second.error_messages["required"] = "Confirm your new password"

    def validate_password_for_user(self, user, password_field_name="new_password2"):  # noqa: S107
        password = self.cleaned_data.get(password_field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            min_length = next(
                (
                    v.min_length
                    for v in password_validation.get_default_password_validators()
                    if hasattr(v, "min_length")
                ),
                12,
            )
            for problem in error.error_list:
                message = _PASSWORD_MESSAGES.get(problem.code)
                self.add_error(
                    password_field_name,
                    message.format(min_length=min_length) if message else problem.messages[0],
                )


# The sign-in and set-up steps are django-two-factor-auth's forms; these are their words in
# GOV.UK style ("Token" and "Please enter a correct..." are the packages' own).
CODE_LABEL = "Code from your authenticator app"
SIX_DIGITS = "Enter the code as 6 numbers, for example 123456"
CODE_MESSAGES = {
    "required": "Enter the 6-digit code from your authenticator app",
    **dict.fromkeys(("invalid", "min_length", "max_length", "min_value", "max_value"), SIX_DIGITS),
}
WRONG_CODE = "The code is not right: enter the code your authenticator app shows now"
TOO_MANY = "Too many wrong codes: wait a minute, then enter a new code"
BACKUP_MESSAGES = {
    "required": "Enter one of your backup codes",
    "invalid_token": "The backup code is not right, or it has been used",
}


def sign_in_form_in_govuk_words(form: forms.Form) -> forms.Form:
    """Give a sign-in or two-factor set-up form GOV.UK labels and error messages."""
    if isinstance(form, AuthenticationForm):
        form.fields["username"].label = "Email address"
        form.fields["username"].error_messages["required"] = "Enter your email address"
        form.fields["password"].error_messages["required"] = "Enter your password"
        form.error_messages = {
            "invalid_login": "Enter a correct email address and password",
            "inactive": "Your account is not active: ask your Haven administrator",
        }
        return form
    if not isinstance(form, (AuthenticationTokenForm, TOTPDeviceForm, DeviceValidationForm)):
        return form  # the set-up wizard's other steps ask for no code
    backup = isinstance(form, BackupTokenForm)
    field = form.fields["otp_token" if "otp_token" in form.fields else "token"]
    field.label = "Backup code" if backup else CODE_LABEL
    field.error_messages.update(CODE_MESSAGES)
    if backup:
        field.error_messages["required"] = BACKUP_MESSAGES["required"]
    wrong = BACKUP_MESSAGES["invalid_token"] if backup else WRONG_CODE
    if isinstance(form, AuthenticationTokenForm):  # sign-in: django-otp's messages
        form.otp_error_messages = {
            **form.otp_error_messages,
            "token_required": field.error_messages["required"],
            "invalid_token": wrong,
            "n_failed_attempts": TOO_MANY,
            "verification_not_allowed": TOO_MANY,
        }
    else:  # setting up the app
        form.error_messages = {"invalid_token": wrong}
    return form
