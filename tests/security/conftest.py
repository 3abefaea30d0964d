import pytest

from tests.security.scene import Scene, build_scene


@pytest.fixture
def scene() -> Scene:
    """The scene the hostile-input tests play in (tests/security/scene.py); the access matrix
    builds a bigger one of its own."""
    return build_scene()
