"""Finding the same person across agencies' records."""

from django.apps import AppConfig
from django.db.models.signals import post_save


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.matching"
    verbose_name = "Matching"

    def ready(self):
        # The name keys follow every change of a name (decision 0042); importing models needs
        # the app registry ready.
        from haven.matching import name_keys  # noqa: PLC0415
        from haven.people.models import Alias, Person  # noqa: PLC0415
        from haven.people.signals import names_changed  # noqa: PLC0415

        post_save.connect(name_keys.person_saved, sender=Person, dispatch_uid="name_keys_person")
        post_save.connect(name_keys.alias_saved, sender=Alias, dispatch_uid="name_keys_alias")
        names_changed.connect(name_keys.names_changed, dispatch_uid="name_keys_names_changed")
