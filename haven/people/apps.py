"""People (children, adults of concern, carers), aliases, identifiers, addresses."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.people"
    verbose_name = "People"

    def ready(self):
        # The text person search reads follows every change of a name or an identifier
        # (decision 0047); importing models needs the app registry ready.
        from haven.people import search_text  # noqa: PLC0415
        from haven.people.models import Alias, Identifier, Person  # noqa: PLC0415
        from haven.people.signals import person_changed  # noqa: PLC0415

        post_save.connect(search_text.person_saved, sender=Person, dispatch_uid="search_person")
        for detail in (Alias, Identifier):
            for signal in (post_save, post_delete):
                signal.connect(
                    search_text.detail_changed,
                    sender=detail,
                    dispatch_uid=f"search_{detail.__name__}_{signal is post_save}",
                )
        person_changed.connect(search_text.person_changed, dispatch_uid="search_person_changed")
