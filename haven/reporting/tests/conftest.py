import pytest


@pytest.fixture(autouse=True)
def _dashboards_counted_every_time(settings):
    # Each test builds its own records: a dashboard kept from another test would be stale.
    settings.HAVEN_DASHBOARD_CACHE_SECONDS = 0
