"""Finding the same person across agencies' records."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.matching"
    verbose_name = "Matching"

    def ready(self):
        # The rows matching derives from people follow every change (decisions 0042 and
        # 0045); importing models needs the app registry ready.
        from haven.matching import name_keys  # noqa: PLC0415
        from haven.people.models import Address, Alias, Identifier, Person, Phone  # noqa: PLC0415
        from haven.people.signals import person_changed  # noqa: PLC0415

        post_save.connect(name_keys.person_saved, sender=Person, dispatch_uid="keys_person")
        for detail in (Alias, Identifier, Phone, Address):
            for signal in (post_save, post_delete):
                signal.connect(
                    name_keys.detail_changed,
                    sender=detail,
                    dispatch_uid=f"keys_{detail.__name__}_{signal is post_save}",
                )
        person_changed.connect(name_keys.person_changed, dispatch_uid="keys_person_changed")
