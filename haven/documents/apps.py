"""Documents on a case: age assessments, NRM evidence, letters, photographs."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.documents"
    verbose_name = "Documents"

    def ready(self):
        # Registering the storage location's system check needs the app registry ready.
        from haven.documents import checks  # noqa: F401, PLC0415
