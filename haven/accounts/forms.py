from django import forms
from django.conf import settings

from haven.accounts.models import AgencyType, Area, Role, Team, TeamFunction


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, for example 'Police case system feed'."
    )
    days = forms.IntegerField(
        label="Days until it expires",
        min_value=1,
        max_value=366,
        initial=settings.HAVEN_API_TOKEN_DEFAULT_DAYS,
    )


class AgencyForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(max_length=80, help_text="Short name for addresses, e.g. 'halton'.")
    agency_type = forms.ChoiceField(label="Type", choices=AgencyType.choices)
    area_code = forms.ChoiceField(
        label="Local authority area", choices=[("", "None"), *Area.choices], required=False
    )
    is_first_responder = forms.BooleanField(label="NRM First Responder", required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    team_name = forms.CharField(label="First team", max_length=200)
    team_function = forms.ChoiceField(label="What the team does", choices=TeamFunction.choices)


class UserForm(forms.Form):
    email = forms.EmailField()
    full_name = forms.CharField(max_length=200)
    team = forms.ModelChoiceField(
        queryset=Team.objects.select_related("agency"), help_text="The team and its agency."
    )
    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300)
