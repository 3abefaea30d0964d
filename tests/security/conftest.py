import pytest

from tests.security.scene import Scene, build_scene


@pytest.fixture
def scene() -> Scene:
    """The scene the access matrix and the hostile input play in (tests/security/scene.py)."""
    return build_scene()
