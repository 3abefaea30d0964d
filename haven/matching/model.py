"""Fellegi–Sunter match model: comparison levels, m/u probabilities, weights.

Each comparison sorts a pair of records into one of a few levels (e.g. names: exact,
variant, phonetic, ...).  A level's weight is ``log2(m / u)``: ``m`` is the probability of
that level among true matches and ``u`` among random non-matching pairs.  A pair's match
weight is the prior log-odds plus the weights of its levels, and its match probability is
``2**w / (1 + 2**w)``.  A null level (a value missing on either side) weighs nothing.

The defaults below are priors from experience of agency records; :mod:`haven.matching.train`
re-estimates ``u`` from random pairs and ``m`` and the prior by expectation maximisation.
"""

from dataclasses import dataclass, field, replace

import numpy as np

NULL_LEVEL = -1


@dataclass(frozen=True)
class ComparisonSpec:
    name: str
    levels: tuple[str, ...]
    default_m: tuple[float, ...]
    default_u: tuple[float, ...]


_NAME_LEVELS = (
    "exact",
    "variant",
    "phonetic",
    "shared_token",
    "similar_spelling",
    "loosely_similar",
    "different",
)

GIVEN_NAME = ComparisonSpec(
    name="given_name",
    levels=_NAME_LEVELS,
    default_m=(0.70, 0.08, 0.04, 0.04, 0.05, 0.04, 0.05),
    default_u=(0.008, 0.002, 0.004, 0.002, 0.002, 0.02, 0.962),
)
FAMILY_NAME = ComparisonSpec(
    name="family_name",
    levels=_NAME_LEVELS,
    default_m=(0.70, 0.06, 0.04, 0.03, 0.05, 0.04, 0.08),
    default_u=(0.005, 0.001, 0.003, 0.002, 0.002, 0.02, 0.967),
)
DATE_OF_BIRTH = ComparisonSpec(
    name="date_of_birth",
    levels=(
        "exact",
        "same_year_imprecise",
        "day_month_swapped",
        "one_part_differs",
        # One digit of YYYYMMDD mistyped, or two neighbouring digits swapped (1955 / 1965,
        # 19551192 / 19551129): how dates typed by hand go wrong.
        "one_digit_differs",
        "within_one_year_imprecise",
        "same_year",
        "different_imprecise",
        "different",
    ),
    default_m=(0.70, 0.12, 0.02, 0.06, 0.02, 0.04, 0.02, 0.01, 0.03),
    default_u=(0.00015, 0.01, 0.0002, 0.004, 0.0003, 0.02, 0.05, 0.1, 0.81535),
)
IDENTIFIER = ComparisonSpec(
    name="identifier",
    levels=("personal_match", "personal_conflict", "other_match", "other_conflict"),
    default_m=(0.96, 0.002, 0.033, 0.005),
    default_u=(1e-9, 0.7, 1e-6, 0.299999),
)
GENDER = ComparisonSpec(
    name="gender",
    levels=("same", "different"),
    default_m=(0.97, 0.03),
    default_u=(0.5, 0.5),
)
NATIONALITY = ComparisonSpec(
    name="nationality",
    levels=("shared", "different"),
    default_m=(0.9, 0.1),
    default_u=(0.2, 0.8),
)
# Phone and address together: siblings share both, so scoring them as independent
# comparisons would count one household twice.
CONTACT = ComparisonSpec(
    name="contact",
    levels=(
        "same_phone_and_address",
        "same_phone",
        "same_address",
        "same_postcode",
        "similar_address",
        # Much of the address in common and no different house number, whatever the
        # postcodes: an address typed with several errors, or with a locality added.
        "partly_similar_address",
        "same_district",
        "different",
    ),
    default_m=(0.15, 0.3, 0.15, 0.1, 0.03, 0.03, 0.07, 0.17),
    default_u=(0.0002, 0.001, 0.0005, 0.001, 0.0002, 0.001, 0.03, 0.9661),
)

COMPARISONS: tuple[ComparisonSpec, ...] = (
    GIVEN_NAME,
    FAMILY_NAME,
    DATE_OF_BIRTH,
    IDENTIFIER,
    GENDER,
    NATIONALITY,
    CONTACT,
)
COMPARISON_INDEX = {spec.name: position for position, spec in enumerate(COMPARISONS)}

# Name levels whose weight depends on how common the agreeing name is ("Muhammad" agreeing
# says less than "Ghebremedhin" agreeing), as in Splink's term-frequency adjustments: keyed
# by the name key whose frequency is used.
FREQUENCY_ADJUSTED_LEVELS = {"canonical": (0, 1), "skeleton": (2,), "token": (3,)}
MINIMUM_TERM_FREQUENCY = 1e-5

# The prior probability that two records picked at random are the same person, used until
# a model is trained on real data: roughly one duplicate per record in 100,000.
DEFAULT_PRIOR = 1e-5


def _normalised(values: tuple[float, ...] | np.ndarray) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    return array / array.sum()


def _default_m() -> dict[str, np.ndarray]:
    return {spec.name: _normalised(spec.default_m) for spec in COMPARISONS}


def _default_u() -> dict[str, np.ndarray]:
    return {spec.name: _normalised(spec.default_u) for spec in COMPARISONS}


@dataclass(frozen=True)
class MatchModel:
    """Parameters of the match model.  Immutable: training returns a new model."""

    prior: float = DEFAULT_PRIOR
    m: dict[str, np.ndarray] = field(default_factory=_default_m)
    u: dict[str, np.ndarray] = field(default_factory=_default_u)

    def level_weights(self, comparison: str) -> np.ndarray:
        """log2(m/u) per level of ``comparison``."""
        return np.log2(self.m[comparison] / self.u[comparison])

    @property
    def prior_weight(self) -> float:
        return float(np.log2(self.prior / (1.0 - self.prior)))

    def weight_table(self) -> np.ndarray:
        """(comparison, level + 1) weights; column 0 is the null level and weighs nothing."""
        width = 1 + max(len(spec.levels) for spec in COMPARISONS)
        table = np.zeros((len(COMPARISONS), width), dtype=np.float64)
        for position, spec in enumerate(COMPARISONS):
            table[position, 1 : 1 + len(spec.levels)] = self.level_weights(spec.name)
        return table

    def as_json(self) -> dict:
        return {
            "prior": self.prior,
            "m": {name: values.tolist() for name, values in self.m.items()},
            "u": {name: values.tolist() for name, values in self.u.items()},
        }

    @classmethod
    def from_json(cls, parameters: dict) -> "MatchModel":
        """The model of :meth:`as_json`; comparisons it does not name keep their defaults."""
        default = cls()

        def fitted(side: str) -> dict[str, np.ndarray]:
            # A comparison whose levels changed since the fit keeps its defaults.
            return {
                name: np.array(values)
                for name, values in parameters[side].items()
                if name in default.m and len(values) == len(default.m[name])
            }

        return default.with_parameters(prior=parameters["prior"], m=fitted("m"), u=fitted("u"))

    def with_parameters(
        self,
        *,
        prior: float | None = None,
        m: dict[str, np.ndarray] | None = None,
        u: dict[str, np.ndarray] | None = None,
    ) -> "MatchModel":
        return replace(
            self,
            prior=self.prior if prior is None else prior,
            m={**self.m, **(m or {})},
            u={**self.u, **(u or {})},
        )


def probability_from_weight(weight: np.ndarray | float) -> np.ndarray:
    """Match probability from a match weight (log2 odds), without overflow."""
    return 1.0 / (1.0 + np.exp2(-np.asarray(weight, dtype=np.float64)))


def weight_from_probability(probability: float) -> float:
    """The match weight (log2 odds) of a match probability: -inf at 0, inf at 1."""
    with np.errstate(divide="ignore"):
        return float(np.log2(probability) - np.log2(1.0 - probability))
