import pytest

from haven.matching.encode import PersonColumns
from haven.matching.tests.pairs import muhammad_aly_and_mohamad_ali
from haven.matching.tests.synthetic import columns_from_rows, synthetic_rows


@pytest.fixture(scope="session")
def population_rows() -> list[dict[str, str]]:
    return synthetic_rows(size=3000, seed=7)


@pytest.fixture(scope="session")
def population(population_rows) -> PersonColumns:
    return columns_from_rows(population_rows)


@pytest.fixture
def pair(world):
    return muhammad_aly_and_mohamad_ali(world)
