"""Where documents' files live: their own storage, outside static files and any served folder,
under random names that never contain the uploader's file name, with no URL."""

import stat
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks

from haven.cases.tests.world import open_case
from haven.documents.models import DocumentKind
from haven.documents.services import document_upload
from haven.documents.storage import document_storage
from haven.documents.tests.files import PDF, stored_files, upload

pytestmark = pytest.mark.django_db

NAME = "Amira Haddad age assessment.pdf"


def add(world, case):
    return document_upload(
        actor=world.la("warrington").practitioner,
        case=case,
        file=upload(NAME, PDF),
        kind=DocumentKind.AGE_ASSESSMENT,
        title="Age assessment report",
    )


def test_files_get_random_names_in_the_documents_storage_never_the_users(world, documents_root):
    case = open_case(world)
    first, second = add(world, case), add(world, case)
    assert first.original_name == second.original_name == NAME
    assert first.stored_name != second.stored_name
    files = stored_files(documents_root)
    assert sorted(files) == sorted(documents_root / d.stored_name for d in (first, second))
    for path in files:
        assert "Amira" not in str(path) and "assessment" not in str(path) and path.suffix == ""
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_documents_have_no_url():
    with pytest.raises(ValueError, match="served only by the access-checked download"):
        document_storage().url("ab/abcdef")


def test_by_default_documents_are_kept_outside_static_files_and_the_code():
    root = Path(django_settings.HAVEN_DOCUMENTS_ROOT).resolve()
    for served in (django_settings.STATIC_ROOT, *django_settings.STATICFILES_DIRS):
        served = Path(served).resolve()
        assert served not in root.parents and root != served
    assert Path(django_settings.BASE_DIR, "haven").resolve() not in root.parents


def _errors():
    return [m for m in run_checks() if m.id == "documents.E001"]


def test_the_system_check_refuses_documents_kept_where_files_are_served(settings, tmp_path):
    assert _errors() == []
    for location in (Path(settings.STATIC_ROOT) / "documents", settings.STATICFILES_DIRS[0]):
        settings.STORAGES = {
            **settings.STORAGES,
            "documents": {**settings.STORAGES["documents"], "OPTIONS": {"location": location}},
        }
        [error] = _errors()
        assert "served as files" in error.msg
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {**settings.STORAGES["documents"], "OPTIONS": {"location": tmp_path / "d"}},
    }
    assert len(_errors()) == 1
