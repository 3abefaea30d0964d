from django import forms
from django.conf import settings


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
