from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from calls.capture.questions import UNIT_DISPLAY
from postop.clinics import scoped_manager


class Questionnaire(models.Model):
    """One version of the questions an order's call template asks (a FHIR Questionnaire).

    A new version is created when the template's questions change; calls keep the version
    they were asked with, so old answers stay readable against the questions actually asked.
    """

    order = models.ForeignKey("orders.DischargeOrder", on_delete=models.PROTECT, related_name="questionnaires")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    items = models.JSONField(help_text="The resolved question declarations (calls.capture.questions).")
    digest = models.CharField(max_length=64, help_text="sha256 of the items: the same questions, the same version.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["order", "version"], name="one_questionnaire_version"),
            models.UniqueConstraint(fields=["order", "digest"], name="one_questionnaire_per_digest"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def key(self) -> str:
        return self.order.key

    def item(self, question_id: str) -> dict[str, Any] | None:
        return next((i for i in self.items if i["id"] == question_id), None)


class CallCapture(models.Model):
    """A call's questionnaire and its nurse review (sign-off)."""

    call = models.OneToOneField("calls.CallScheduleItem", on_delete=models.PROTECT, related_name="capture")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, null=True, blank=True, related_name="captures"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)

    objects = scoped_manager("call__clinic")

    class Meta:
        permissions = [("sign_off_callcapture", "Can sign off a call's answers in the review queue")]

    def __str__(self) -> str:
        return f"Capture of call {self.call_id}"

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


class AnswerStatus(models.TextChoices):
    ANSWERED = "answered", "Answered"
    UNANSWERED = "unanswered", "Unanswered"


class Answer(models.Model):
    """The typed answer to one question on one call (the latest one the agent recorded)."""

    capture = models.ForeignKey(CallCapture, on_delete=models.CASCADE, related_name="answers")
    record = models.ForeignKey(
        "calls.CallRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    question_id = models.CharField(max_length=64)
    answer_type = models.CharField(max_length=16)
    status = models.CharField(max_length=16, choices=AnswerStatus.choices)
    value_boolean = models.BooleanField(null=True, blank=True)
    value_integer = models.IntegerField(null=True, blank=True)
    value_decimal = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    value_date = models.DateField(null=True, blank=True)
    value_text = models.TextField(blank=True, help_text="A choice's code or a free-text answer.")
    unit = models.CharField(max_length=16, blank=True, help_text="UCUM unit of value_decimal.")
    display = models.CharField(max_length=300, blank=True, help_text="The value as a nurse reads it.")
    abnormal = models.BooleanField(default=False)
    abnormal_reason = models.CharField(max_length=200, blank=True)
    required = models.BooleanField(default=True)
    unanswered_reason = models.CharField(max_length=200, blank=True)
    said = models.TextField(blank=True, help_text="What the agent sent as the patient's words (PHI).")
    event_id = models.CharField(max_length=64, blank=True)
    recorded_at = models.DateTimeField()

    objects = scoped_manager("capture__call__clinic")

    class Meta:
        ordering = ["capture", "id"]
        constraints = [models.UniqueConstraint(fields=["capture", "question_id"], name="one_answer_per_question")]
        indexes = [
            models.Index(fields=["capture"], condition=Q(abnormal=True), name="answer_abnormal_idx"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.question_id} of call capture {self.capture_id}"

    @property
    def is_answered(self) -> bool:
        return self.status == AnswerStatus.ANSWERED

    @property
    def number(self) -> Decimal | int | None:
        """The numeric value for charts: scale and quantity answers."""
        return self.value_integer if self.value_integer is not None else self.value_decimal

    @property
    def label(self) -> str:
        """The question's short label ('Pain (0-10)') for tables; its id when it has none."""
        questionnaire = self.capture.questionnaire
        item = questionnaire.item(self.question_id) if questionnaire is not None else None
        return str((item or {}).get("label") or self.question_id.replace("_", " ").capitalize())

    @property
    def unit_display(self) -> str:
        return UNIT_DISPLAY.get(self.unit, self.unit)
