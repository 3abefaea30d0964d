"""People (children, adults of concern, carers), aliases, identifiers, addresses."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.people"
    verbose_name = "People"

    def ready(self):
        # The text person search reads follows every change of a name or an identifier
        # (decision 0047); importing models needs the app registry ready.
        from haven.people import search_text  # noqa: PLC0415
        from haven.people.models import Alias, Identifier  # noqa: PLC0415
        from haven.people.signals import follow_people  # noqa: PLC0415

        follow_people(
            search_text.search_text_refresh,
            reads=search_text.SEARCHED_FIELDS,
            details=(Alias, Identifier),
            uid="search_text",
        )
