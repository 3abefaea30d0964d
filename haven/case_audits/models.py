"""Case audits (decision 0032). These models sit with the case records, below the access door,
because the door reads them: an open audit lets its auditor read the cases in its sample."""

from django.conf import settings
from django.db import models


class AuditStatus(models.TextChoices):
    OPEN = "open", "In progress"
    COMPLETED = "completed", "Completed"


class SampleMethod(models.TextChoices):
    RANDOM = "random", "Random sample of the cases that meet the criteria"
    CRITERIA = "criteria", "The most recently opened cases that meet the criteria"


class Question(models.TextChoices):
    """The set questions each sampled case is graded against (strategy section 7)."""

    TIMELINESS = "timeliness", "Timeliness"
    VOICE_OF_THE_CHILD = "voice_of_the_child", "Voice of the child"
    THREE_RISKS = "three_risks", "All three risks considered"
    NRM = "nrm", "NRM referral made"
    NON_CRIMINALISATION = "non_criminalisation", "Non-criminalisation"
    PLACEMENT_SAFETY = "placement_safety", "Placement safety"


class Answer(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Grade(models.TextChoices):
    """The overall grade: these codes are a contract (DOMAIN §8)."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class CaseAudit(models.Model):
    """A sample of cases drawn by one auditor, with what was asked for: the criteria, the
    method, the size and (for a random sample) the seed, so the same draw can be made again."""

    title = models.CharField(max_length=200)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_audits"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=10, choices=SampleMethod.choices)
    seed = models.BigIntegerField(null=True, blank=True)
    criteria = models.JSONField(default=dict)
    sample_size = models.PositiveSmallIntegerField()
    # How many cases met the criteria when the sample was drawn.
    population_size = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=AuditStatus.choices, default=AuditStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["auditor", "status"])]

    def __str__(self) -> str:
        return self.title


class SampledCase(models.Model):
    """A case in an audit's sample, and once graded, its overall grade and findings."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.PROTECT, related_name="sampled")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    findings = models.TextField(blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "case"], name="case_audit_samples_once")
        ]

    def __str__(self) -> str:
        return f"{self.audit}: case {self.position}"


class QuestionAnswer(models.Model):
    sampled = models.ForeignKey(SampledCase, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=30, choices=Question.choices)
    answer = models.CharField(max_length=20, choices=Answer.choices)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sampled", "question"], name="case_audit_answers_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_question_display()}: {self.get_answer_display()}"


class AuditAction(models.Model):
    """An action the audit of a case calls for: it becomes a task for the owning team."""

    sampled = models.ForeignKey(SampledCase, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=200)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    task = models.OneToOneField(
        "actions.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description
