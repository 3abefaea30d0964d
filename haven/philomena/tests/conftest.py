import pytest


@pytest.fixture(autouse=True)
def documents_root(settings, tmp_path):
    """Each test's photographs in a folder of its own, so a test sees exactly what it stored."""
    root = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {**settings.STORAGES["documents"], "OPTIONS": {"location": root}},
    }
    return root
