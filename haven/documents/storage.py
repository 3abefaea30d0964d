"""Where documents' files are kept: a storage of their own (``STORAGES["documents"]``), by default
``var/documents/`` (``HAVEN_DOCUMENTS_ROOT``), outside the web root, static files and any media
URL. Files get random names, never the uploader's file name, are readable only by Haven's own
user, and have no URL: the only way to a file is the access-checked, audited download."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class DocumentStorage(FileSystemStorage):
    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location or settings.HAVEN_DOCUMENTS_ROOT, **kwargs)

    def url(self, name):
        raise ValueError(
            "Documents have no URL: they are served only by the access-checked download."
        )


def document_storage() -> Storage:
    return storages["documents"]
