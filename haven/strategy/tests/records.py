"""Training and action plan records for tests, written through the services as a strategic
lead, with dates taken from the clock."""

from datetime import timedelta

from django.utils import timezone

from haven.core.areas import Area
from haven.strategy.models import Stage
from haven.strategy.services import (
    self_assessment_record,
    training_attendee_add,
    training_course_add,
    training_session_record,
)

STATEMENTS = [
    "I can recognise the indicators of child trafficking",
    "I know how to make a referral to the National Referral Mechanism",
]


def a_course(actor, title="Multi-agency child trafficking awareness"):
    return training_course_add(actor=actor, title=title, statements=STATEMENTS)


def a_session(actor, course, *, days_ago=30, area=Area.HALTON):
    return training_session_record(
        actor=actor,
        course=course,
        held_on=timezone.localdate() - timedelta(days=days_ago),
        area=area,
        venue="Runcorn Town Hall",
        trainer="ECPAT UK",
    )


def an_attendee_answering(actor, session, agency, name, before, after):
    """An attendee whose scores for the two statements were ``before`` then ``after`` (either
    None: not answered)."""
    attendee = training_attendee_add(
        actor=actor, session=session, agency=agency, full_name=name, job_role="Social worker"
    )
    statements = list(session.course.statements.all())
    for stage, scores in ((Stage.BEFORE, before), (Stage.AFTER, after)):
        if scores is not None:
            self_assessment_record(
                actor=actor,
                attendee=attendee,
                stage=stage,
                scores={s.pk: score for s, score in zip(statements, scores, strict=True)},
            )
    return attendee
