"""System check: documents are never kept where the web server serves files from (static files,
a media root), so no URL can reach one around the access-checked download."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register
from django.core.files.storage import FileSystemStorage

from haven.documents.storage import document_storage


def served_folders() -> list[Path]:
    folders = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS, settings.MEDIA_ROOT]
    return [Path(folder).resolve() for folder in folders if folder]


@register()
def documents_outside_served_folders(app_configs, **kwargs):
    storage = document_storage()
    if not isinstance(storage, FileSystemStorage):
        return []
    root = Path(storage.location).resolve()
    clashes = [
        folder
        for folder in served_folders()
        if root == folder or folder in root.parents or root in folder.parents
    ]
    return [
        Error(
            f"Documents are kept in {root}, which overlaps {folder}, a folder served as files.",
            hint="Set HAVEN_DOCUMENTS_ROOT to a folder outside static and media files.",
            id="documents.E001",
        )
        for folder in clashes
    ]
