"""Case audits made through the workflow and services, for tests here and elsewhere."""

from haven.case_audits.models import Answer, Grade, Question, SampleMethod
from haven.case_audits.services import sampled_case_grade
from haven.workflows.case_audits import audit_draw


def an_audit(auditor, *, size: int = 5, seed: int = 42, **criteria):
    return audit_draw(
        actor=auditor,
        title="Quarter 3 audit",
        method=SampleMethod.RANDOM,
        sample_size=size,
        seed=seed,
        **criteria,
    )


def all_met(comment: str = "") -> dict[str, tuple[str, str]]:
    return {question.value: (Answer.MET, comment) for question in Question}


def grade(auditor, sampled, grade: str = Grade.GOOD, answers=None):
    return sampled_case_grade(
        actor=auditor,
        sampled=sampled,
        answers=answers or all_met(),
        grade=grade,
        findings="The child's views are recorded at every meeting.",
    )
