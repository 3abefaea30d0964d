"""Properties of the screening engine over generated inputs, checked against an independent
oracle written from DOMAIN.md sections 2-4."""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from haven.core.working_days import LONDON
from haven.screening.engine import Circumstances, ScreeningInput, assess
from haven.screening.vocabulary import load_vocabulary

VOCABULARY = load_vocabulary()
ALL_CODES = list(VOCABULARY.codes)
AREAS = list(VOCABULARY.areas)


def gives(kind: str) -> list[str]:
    """Codes that put an element or risk of this kind in the screening, recorded or implied."""
    return [
        code
        for code, entry in VOCABULARY.codes.items()
        if entry.kind == kind or any(implied.startswith(f"{kind}.") for implied in entry.implies)
    ]


assessment_times = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2028, 12, 31),
    timezones=st.just(LONDON),
    allow_imaginary=False,
)


@st.composite
def circumstances(draw, *, assessed_at: datetime) -> Circumstances:
    returned_ago = draw(st.none() | st.integers(min_value=0, max_value=30 * 24 * 60))
    return Circumstances(
        returned_from_missing_at=(
            None if returned_ago is None else assessed_at - timedelta(minutes=returned_ago)
        ),
        arrested_or_suspected_offence=draw(st.booleans()),
        parents_or_carers_complicit=draw(st.booleans()),
        reunification_planned=draw(st.booleans()),
        accommodated=draw(st.booleans()),
        abduction_risk=draw(st.sampled_from([None, "low", "medium", "high"])),
        criminal_network=draw(st.booleans()),
        safe_house_placement=draw(st.booleans()),
        home_area=draw(st.none() | st.sampled_from(AREAS)),
        areas_involved=tuple(draw(st.lists(st.sampled_from(AREAS), max_size=3))),
        consents_to_nrm=draw(st.sampled_from([None, True, False])),
        ictg_available=draw(st.sampled_from([None, True, False])),
        repeat_missing=draw(st.booleans()),
    )


@st.composite
def screening_inputs(draw) -> ScreeningInput:
    assessed_at = draw(assessment_times)
    days_old = draw(st.none() | st.integers(min_value=0, max_value=100 * 365))
    return ScreeningInput(
        assessed_at=assessed_at,
        age_years=draw(st.none() | st.integers(min_value=0, max_value=90)),
        date_of_birth=None if days_old is None else assessed_at.date() - timedelta(days=days_old),
        age_uncertain=draw(st.booleans()),
        appears_under_18=draw(st.sampled_from([None, True, False])),
        nationality=draw(st.sampled_from([None, "GB", "VN", "AL", "RO", "ER"])),
        first_language_english=draw(st.sampled_from([None, True, False])),
        immediate_danger=draw(st.booleans()),
        codes=tuple(draw(st.lists(st.sampled_from(ALL_CODES), max_size=8))),
        circumstances=draw(circumstances(assessed_at=assessed_at)),
    )


# ---------------------------------------------------------------------------------------------
# The oracle: DOMAIN.md restated as directly as possible.


def years_old(born: date, on: date) -> int:
    had_birthday = (on.month, on.day) >= (born.month, born.day)
    return on.year - born.year - (0 if had_birthday else 1)


def expected_status(data: ScreeningInput) -> str:
    on = data.assessed_at.astimezone(LONDON).date()
    ages = [data.age_years] if data.age_years is not None else []
    if data.date_of_birth is not None:
        ages.append(years_old(data.date_of_birth, on))
    under = [age for age in ages if age < 18]
    over = [age for age in ages if age >= 18]
    disputed = data.age_uncertain or (under and over) or (over and data.appears_under_18)
    if ages and not disputed:
        return "child" if under else "adult"
    may_be_child = bool(under) or data.appears_under_18 in (True, None)
    return "presumed_child" if may_be_child else "adult"


@dataclass
class Case:
    data: ScreeningInput
    status: str
    present: set[str]

    @property
    def child(self) -> bool:
        return self.status != "adult"

    def has(self, kind: str) -> bool:
        return any(code.startswith(f"{kind}.") for code in self.present)

    @property
    def potential_victim(self) -> bool:
        needed = ["act", "purpose"] if self.child else ["act", "means", "purpose"]
        return all(self.has(kind) for kind in needed)

    @property
    def cse(self) -> bool:
        return "risk.sexually_exploited" in self.present

    @property
    def missing(self) -> bool:
        returned = self.data.circumstances.returned_from_missing_at is not None
        return "risk.missing_from_home_or_care" in self.present or returned

    @property
    def ictg(self) -> bool:
        c = self.data.circumstances
        if c.ictg_available is not None:
            return c.ictg_available
        return c.home_area in {"cheshire_east", "cheshire_west_and_chester", "halton", "warrington"}

    @property
    def another_area(self) -> bool:
        c = self.data.circumstances
        if c.home_area is None:
            return len(set(c.areas_involved)) >= 2
        return any(area != c.home_area for area in c.areas_involved)


def case_of(data: ScreeningInput) -> Case:
    present = set(data.codes)
    for code in data.codes:
        present.update(VOCABULARY.codes[code].implies)
    present = {code for code in present if not code.startswith("ind.")}
    return Case(data=data, status=expected_status(data), present=present)


ORACLE = {
    "call_999": lambda c: c.data.immediate_danger,
    "report_police_101": lambda c: not c.child and not c.data.immediate_danger,
    "adult_social_care_referral": lambda c: not c.child,
    "nrm_referral": lambda c: (
        c.potential_victim and (c.child or c.data.circumstances.consents_to_nrm is True)
    ),
    "duty_to_notify": lambda c: (
        not c.child and c.potential_victim and c.data.circumstances.consents_to_nrm is not True
    ),
    "refer_childrens_social_care": lambda c: c.child,
    "report_to_police": lambda c: c.child and c.potential_victim,
    "strategy_meeting": lambda c: (
        c.child and (c.potential_victim or c.data.circumstances.repeat_missing)
    ),
    "interpreter": lambda c: (
        c.data.nationality not in (None, "GB") or c.data.first_language_english is False
    ),
    "consider_trafficking": lambda c: (
        c.child
        and not c.potential_victim
        and (
            any(code.startswith(("purpose.", "risk.")) for code in c.present)
            or c.data.circumstances.returned_from_missing_at is not None
        )
    ),
    "return_home_interview": lambda c: (
        c.child and c.data.circumstances.returned_from_missing_at is not None
    ),
    "assess_household_children": lambda c: (
        c.child and c.data.circumstances.parents_or_carers_complicit
    ),
    "family_role_established": lambda c: (
        c.child
        and c.potential_victim
        and (
            c.data.circumstances.reunification_planned
            or c.data.circumstances.parents_or_carers_complicit
        )
    ),
    "placement_safety_plan": lambda c: (
        c.child and c.potential_victim and c.data.circumstances.accommodated
    ),
    "safe_house_escalation": lambda c: (
        c.child
        and (
            c.data.circumstances.safe_house_placement
            or (
                c.potential_victim
                and (
                    c.data.circumstances.abduction_risk == "high"
                    or c.data.circumstances.criminal_network
                )
            )
        )
    ),
    "notify_cross_border": lambda c: c.another_area,
    "non_criminalisation_review": lambda c: (
        c.child
        and c.data.circumstances.arrested_or_suspected_offence
        and (c.has("purpose") or c.potential_victim)
    ),
    "ictg_referral": lambda c: c.child and c.potential_victim and c.ictg,
}
LEADS = {
    "call_999": "referrer",
    "report_police_101": "referrer",
    "adult_social_care_referral": "referrer",
    "nrm_referral": "first_responder",
    "duty_to_notify": "police_or_local_authority",
    "refer_childrens_social_care": "referrer",
    "report_to_police": "childrens_social_care",
    "strategy_meeting": "childrens_social_care",
    "interpreter": ("childrens_social_care", "referrer"),
    "consider_trafficking": "lead_practitioner",
    "return_home_interview": "childrens_social_care",
    "assess_household_children": "childrens_social_care",
    "family_role_established": "childrens_social_care",
    "placement_safety_plan": "childrens_social_care",
    "safe_house_escalation": "childrens_social_care",
    "notify_cross_border": ("childrens_social_care", "police"),
    "non_criminalisation_review": "police",
    "ictg_referral": "childrens_social_care",
}
NO_CLOCK = {"interpreter", "family_role_established", "non_criminalisation_review", "ictg_referral"}


def expected_lead(code: str, case: Case) -> str:
    lead = LEADS[code]
    if isinstance(lead, tuple):
        return lead[0] if case.child else lead[1]
    return lead


# ---------------------------------------------------------------------------------------------


@settings(max_examples=400)
@given(screening_inputs())
def test_required_actions_are_exactly_those_whose_condition_holds(data):
    result = assess(screening_input=data)
    case = case_of(data)
    expected = {code for code, condition in ORACLE.items() if condition(case)}
    assert set(result.action_codes) == expected


@settings(max_examples=200)
@given(screening_inputs())
def test_no_action_appears_twice(data):
    codes = assess(screening_input=data).action_codes
    assert len(codes) == len(set(codes))


@settings(max_examples=200)
@given(screening_inputs())
def test_status_elements_and_outcome_follow_the_definition(data):
    result = assess(screening_input=data)
    case = case_of(data)
    assert result.person_status == case.status
    for kind in ("act", "means", "purpose"):
        assert list(getattr(result.elements, kind)) == sorted(
            code for code in case.present if code.startswith(f"{kind}.")
        )
    assert list(result.risk_groups) == sorted(c for c in case.present if c.startswith("risk."))
    if case.potential_victim:
        assert result.outcome == "potential_victim"
    else:
        assert result.outcome in {"trafficking_not_indicated", "insufficient_information"}


@settings(max_examples=200)
@given(screening_inputs())
def test_every_action_has_its_lead_and_a_due_time_unless_due_at_an_event(data):
    result = assess(screening_input=data)
    case = case_of(data)
    for required in result.required_actions:
        assert required.lead == expected_lead(required.code, case)
        assert required.reason
        if required.code in NO_CLOCK:
            assert required.due_by is None
        else:
            assert required.due_by is not None
            assert required.due_by.utcoffset() is not None
            if required.code != "return_home_interview":
                assert required.due_by >= data.assessed_at


@given(
    screening_inputs(),
    st.integers(min_value=0, max_value=17),
    st.sampled_from(gives("act")),
    st.sampled_from(gives("purpose")),
    st.lists(st.sampled_from(gives("means")), max_size=3),
)
def test_child_with_an_act_and_a_purpose_is_always_a_potential_victim(
    data, age, act, purpose, means
):
    child = ScreeningInput(
        assessed_at=data.assessed_at,
        age_years=age,
        appears_under_18=data.appears_under_18,
        codes=(*data.codes, act, purpose, *means),
        circumstances=data.circumstances,
    )
    assert assess(screening_input=child).outcome == "potential_victim"


@given(screening_inputs(), st.integers(min_value=18, max_value=100))
def test_adult_is_never_a_potential_victim_without_a_means(data, age):
    without_means = tuple(code for code in data.codes if code not in gives("means"))
    adult = ScreeningInput(
        assessed_at=data.assessed_at,
        age_years=age,
        appears_under_18=False,
        codes=without_means,
        circumstances=data.circumstances,
    )
    result = assess(screening_input=adult)
    assert result.person_status == "adult"
    assert result.outcome != "potential_victim"


@settings(max_examples=200)
@given(screening_inputs())
def test_refer_childrens_social_care_for_every_child_and_never_an_adult(data):
    result = assess(screening_input=data)
    is_child = result.person_status in {"child", "presumed_child"}
    assert ("refer_childrens_social_care" in result.action_codes) is is_child


@settings(max_examples=100)
@given(screening_inputs())
def test_result_dict_is_json_and_explains_itself(data):
    result = assess(screening_input=data)
    body = json.loads(json.dumps(result.to_dict()))
    assert body["vocabulary_version"] == VOCABULARY.version
    assert body["explanation"][0].startswith("Person status:")
    assert set(body["labels"]) >= {body["person_status"], body["outcome"]}
    if result.outcome != "potential_victim":
        # When the definition is not met, the explanation says what to ask next.
        assert any(": ask " in sentence for sentence in body["explanation"])
