"""Finding the same person across agencies' records."""

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.matching"
    verbose_name = "Matching"

    def ready(self):
        # The rows matching derives from people follow every change (decisions 0042 and
        # 0045); importing models needs the app registry ready.
        from haven.matching import name_keys  # noqa: PLC0415
        from haven.people.models import Address, Alias, Identifier, Phone  # noqa: PLC0415
        from haven.people.signals import follow_people  # noqa: PLC0415

        follow_people(
            name_keys.keys_refresh,
            reads=name_keys.MATCHED_FIELDS,
            details=(Alias, Identifier, Phone, Address),
            uid="matching_keys",
        )
