from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from postop.clinics import ClinicScopedManager, ClinicScopedQuerySet, scoped_manager


class CallStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    QUEUED = "queued", "Queued"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    VOICEMAIL = "voicemail", "Voicemail left"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"
    # The dispatcher skips the call until the hold lifts (back to pending) or a nurse cancels it:
    # the patient is back in hospital (HL7 A01/A04/A06), or the order has no reviewed text in the
    # patient's language (`language_hold`). status_reason says which. See calls/holds/.
    ON_HOLD = "on_hold", "On hold"


# The catalog's prompts say what the agent opens with as: Start with: "Hi Maya, this is ...".
OPENING_LINE = re.compile(r'Start with:\s*"(?P<line>[^"]+)"')

ACTIVE_STATUSES = (CallStatus.QUEUED, CallStatus.IN_PROGRESS)
FINAL_STATUSES = (CallStatus.COMPLETED, CallStatus.VOICEMAIL, CallStatus.FAILED, CallStatus.CANCELLED)


class CallType(models.TextChoices):
    DISCHARGE_REMINDER = "discharge_reminder", "Discharge reminder"
    WELLNESS_CHECK = "wellness_check", "Wellness check"
    MEDICATION_REMINDER = "medication_reminder", "Medication reminder"
    WOUND_CHECK = "wound_check", "Wound check"
    SCHOOL_RETURN = "school_return", "Return to school"
    FOLLOWUP_APPOINTMENT = "followup_appointment", "Follow-up appointment"
    WARNING_SIGNS = "warning_signs", "Warning signs check"
    PATIENT_REQUESTED = "patient_requested", "Reminder the patient asked for"
    NURSE_CALL = "nurse_call", "Call scheduled by a nurse"


class CreatedBy(models.TextChoices):
    ORDER = "order", "Discharge order"
    NURSE = "nurse", "Nurse"
    AGENT = "agent", "Agent (patient request)"
    API = "api", "API integration"


class CallOutcome(models.TextChoices):
    COMPLETED = "completed", "Completed"
    VOICEMAIL = "voicemail", "Voicemail"
    NO_ANSWER = "no_answer", "No answer"
    BUSY = "busy", "Busy"
    FAILED = "failed", "Failed"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class DialerBackend(models.TextChoices):
    LIVEKIT = "livekit", "LiveKit (real phone call)"
    SIMULATED = "simulated", "Simulated (no phone call)"


def patients_clinic_ids(patient_ids: set[int]) -> dict[int, int]:
    """patient id -> clinic id, read past any clinic scope (the row is the patient's, whoever writes it)."""
    from patients.models import Patient

    return dict(Patient._base_manager.filter(pk__in=patient_ids).values_list("pk", "clinic_id"))


class PatientClinicQuerySet(ClinicScopedQuerySet):
    """Rows that carry their patient's clinic (`clinic`, copied from `patient.clinic`).

    Calls and escalations are the dashboard's hot tables: scoping them by their own column lets
    PostgreSQL filter one table instead of joining every patient of the clinic (see docs/clinics.md).
    """

    clinic_lookup = "clinic"

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        missing = {obj.patient_id for obj in objs if obj.clinic_id is None}
        if missing:
            clinics = patients_clinic_ids(missing)
            for obj in objs:
                if obj.clinic_id is None:
                    obj.clinic_id = clinics.get(obj.patient_id)
        return super().bulk_create(objs, *args, **kwargs)


class PatientClinicMixin(models.Model):
    """Keeps `clinic` equal to the patient's clinic whenever the row is saved."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if type(self).patient.field.is_cached(self):
            clinic_id = self.patient.clinic_id
        elif self.clinic_id is None or (update_fields is not None and "patient" in update_fields):
            clinic_id = patients_clinic_ids({self.patient_id}).get(self.patient_id)
        else:
            clinic_id = self.clinic_id
        if clinic_id != self.clinic_id:
            self.clinic_id = clinic_id
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "clinic"}
        super().save(*args, **kwargs)


def patient_clinic_field() -> models.ForeignKey:
    return models.ForeignKey(
        "postop.Clinic",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        # The composite indexes in Meta lead with clinic (and CallScheduleItem adds a one-column one for its count).
        db_index=False,
        help_text="The patient's clinic, kept equal to it on save (clinic-scoped reads filter this column).",
    )


class CallScheduleItemQuerySet(PatientClinicQuerySet):
    def due(self, now: datetime) -> CallScheduleItemQuerySet:
        """Pending calls whose time has come, most overdue and most urgent first."""
        return self.filter(status=CallStatus.PENDING, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "priority", "id"
        )

    def pending(self) -> CallScheduleItemQuerySet:
        return self.filter(status=CallStatus.PENDING).order_by("scheduled_for", "priority", "id")

    def active(self) -> CallScheduleItemQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)


class CallScheduleItem(PatientClinicMixin):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="calls")
    clinic = patient_clinic_field()
    discharge = models.ForeignKey(
        "patients.Discharge", on_delete=models.PROTECT, null=True, blank=True, related_name="calls"
    )
    order = models.ForeignKey(
        "orders.DischargeOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="calls"
    )
    call_type = models.CharField(max_length=32, choices=CallType.choices)
    priority = models.PositiveSmallIntegerField(default=3, help_text="1 = most urgent.")
    llm_prompt = models.TextField(help_text="The rendered instructions the agent follows on this call.")
    purpose = models.CharField(max_length=300, blank=True, help_text="Short purpose, e.g. for patient requests.")
    scheduled_for = models.DateTimeField(help_text="When the call was first meant to happen (UTC).")
    deadline = models.DateTimeField(null=True, blank=True, help_text="No attempt is started after this time.")
    status = models.CharField(max_length=16, choices=CallStatus.choices, default=CallStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    next_attempt_at = models.DateTimeField(help_text="When the dispatcher may next place this call (UTC).")
    last_error = models.TextField(blank=True)
    status_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the call is in its status: cancelled, deferred, failed."
    )
    needs_attention = models.BooleanField(default=False, help_text="A nurse should look at this call.")
    language = models.CharField(  # calls.language.planned_call_language: blank is the patient's
        max_length=8,
        blank=True,
        help_text="The language a nurse chose for this call (en), overriding the patient's; blank: the patient's.",
    )
    language_hold = models.BooleanField(
        default=False,
        help_text="On hold: the order has no reviewed text in the patient's language (calls/holds/language.py).",
    )
    created_by = models.CharField(max_length=16, choices=CreatedBy.choices, default=CreatedBy.ORDER)
    created_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parent_record = models.ForeignKey(
        "calls.CallRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scheduled_calls",
        help_text="The call attempt during which an agent scheduled this call.",
    )
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last claimed the call.")
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="A queued or in-progress call with no progress by then is recovered."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallScheduleItemQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_for", "priority", "id"]
        # Clinical actions on a call, apart from editing it (which only the services do).
        permissions = [
            ("call_now_callscheduleitem", "Can place a scheduled call now"),
            ("reschedule_callscheduleitem", "Can reschedule a call"),
            ("cancel_callscheduleitem", "Can cancel a call"),
        ]
        indexes = [
            # The dispatcher's query touches only pending rows: its cost follows due calls.
            models.Index(
                fields=["next_attempt_at", "priority"],
                condition=Q(status="pending"),
                name="call_due_idx",
            ),
            # Dispatch fails due calls past their deadline: only pending rows with a deadline.
            models.Index(
                fields=["deadline"],
                condition=Q(status="pending", deadline__isnull=False),
                name="call_pending_deadline_idx",
            ),
            models.Index(
                fields=["lease_expires_at"],
                condition=Q(status__in=["queued", "in_progress"]),
                name="call_lease_idx",
            ),
            models.Index(fields=["status", "scheduled_for"], name="call_status_time_idx"),
            # The calls list pages newest first; without this PostgreSQL sorts the whole table.
            models.Index(fields=["scheduled_for", "id"], name="call_time_idx"),
            models.Index(fields=["updated_at"], condition=Q(needs_attention=True), name="call_attention_idx"),
            # The dashboard's "failed in the last 7 days": recent failures, not every failure ever.
            models.Index(fields=["updated_at"], condition=Q(status="failed"), name="call_failed_idx"),
            # The dashboard's "today": calls that ended today, read by time instead of scanning every final row.
            models.Index(
                fields=["updated_at"],
                condition=Q(status__in=["completed", "voicemail", "failed", "cancelled"]),
                name="call_final_updated_idx",
            ),
            models.Index(fields=["patient", "scheduled_for"], name="call_patient_time_idx"),
            # A clinic's dashboard panels: due and active calls by status and next attempt, today's
            # and the attention panel's by status and last change (postop/views.py), one clinic's rows only.
            models.Index(fields=["clinic", "status", "next_attempt_at"], name="call_clinic_status_next_idx"),
            models.Index(fields=["clinic", "status", "updated_at"], name="call_clinic_status_changed_idx"),
            # The calls list's "N calls" (every call of the nurse's clinics): an index-only count over a
            # deduplicated one-column index (a few pages at 50,000 calls) instead of reading the whole table.
            models.Index(fields=["clinic"], name="call_clinic_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["discharge", "order", "scheduled_for"],
                condition=Q(discharge__isnull=False, order__isnull=False),
                name="one_call_per_discharge_order_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Call {self.pk} ({self.get_call_type_display()}, {self.status})"

    @property
    def ref(self) -> str:
        return f"call-{self.pk}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def is_live(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def can_cancel(self) -> bool:
        return self.status in (CallStatus.PENDING, CallStatus.ON_HOLD)

    @property
    def opening_line(self) -> str:
        """What the patient hears first, when the prompt says it (the agent improvises otherwise)."""
        match = OPENING_LINE.search(self.llm_prompt or "")
        return match["line"].strip() if match else ""

    @property
    def spoken(self) -> Any:
        """The call's language and its first words in it (calls.language.SpokenPreview)."""
        from calls.language import spoken_preview

        return spoken_preview(self)

    @property
    def attempts_left(self) -> int:
        return max(self.max_attempts - self.attempts, 0)


class AnsweredBy(models.TextChoices):
    """Who the person on the line said they were at the identity check (blank: not known, or not asked)."""

    PATIENT = "patient", "The patient"
    CAREGIVER = "caregiver", "A caregiver"


class CallRecord(models.Model):
    """One attempt of one call: the audit record of what happened on the line."""

    call = models.ForeignKey(CallScheduleItem, on_delete=models.PROTECT, related_name="records")
    # The call's patient, copied onto the attempt (set by save() from the call; moved with the
    # calls on an ADT merge): the calling-frequency rules read a few patients' last week of
    # attempts through (patient, started_at) without walking each patient's whole call history.
    patient = models.ForeignKey(
        "patients.Patient",
        on_delete=models.PROTECT,
        related_name="call_records",
        editable=False,
        db_index=False,  # record_patient_started_idx leads with the patient
    )
    attempt = models.PositiveSmallIntegerField()
    backend = models.CharField(max_length=16, choices=DialerBackend.choices)
    outcome = models.CharField(max_length=16, choices=CallOutcome.choices, blank=True)
    sip_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    sip_status = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    room_name = models.CharField(max_length=128, blank=True)
    dispatch_id = models.CharField(max_length=128, blank=True)
    summary = models.TextField(blank=True)
    language = models.CharField(  # calls.language.record_language: blank is the planned language
        max_length=8,
        blank=True,
        help_text="The language spoken on this attempt (en, es): as planned, or as the patient asked mid-call.",
    )
    error = models.TextField(blank=True)
    configuration_problem = models.BooleanField(
        default=False, help_text="The failure came from the clinic's setup (credentials, trunk), not the patient."
    )
    transport_failure = models.BooleanField(
        default=False,
        help_text=(
            "LiveKit could not be reached (connection refused, DNS, time-out before any SIP answer): "
            "nothing rang, so the attempt does not count against the patient's calling limits."
        ),
    )
    completion_event_id = models.CharField(max_length=64, blank=True, help_text="Event id of the agent's completion.")
    last_activity_at = models.DateTimeField(null=True, blank=True)
    identity_attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times the agent asked the portal to confirm who answered."
    )
    identity_verified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person on the line was confirmed as the patient or a caregiver."
    )
    # The red-flag triage hears "my husband's face is drooping" from a caregiver as the patient's red flag
    # (calls.triage.escalations.speaker_for); a name and date of birth alone do not say who is speaking.
    answered_by = models.CharField(
        max_length=16,
        choices=AnsweredBy.choices,
        blank=True,
        help_text="Who answered, as said at the identity check: the patient or a caregiver; blank if not known.",
    )

    objects = scoped_manager("call__clinic")

    class Meta:
        ordering = ["call", "attempt"]
        constraints = [models.UniqueConstraint(fields=["call", "attempt"], name="one_record_per_attempt")]
        indexes = [
            models.Index(fields=["started_at"], name="record_started_idx"),
            # The calling-frequency rules count a few patients' recent attempts: call, then time.
            models.Index(fields=["call", "started_at"], name="record_call_started_idx"),
            # The calling-frequency rules (calls/rules.py): a few patients' attempts of the last week.
            models.Index(fields=["patient", "started_at"], name="record_patient_started_idx"),
        ]

    def __str__(self) -> str:
        return f"Call {self.call_id} attempt {self.attempt} ({self.outcome or 'open'})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.patient_id is None and self.call_id is not None:
            if CallRecord.call.is_cached(self):
                self.patient_id = self.call.patient_id
            else:
                self.patient_id = CallScheduleItem.objects.values_list("patient_id", flat=True).get(pk=self.call_id)
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def answered_by_phrase(self) -> str:
        """ "the patient" / "a caregiver" for the call page's "Answered by: ..."; blank when not known."""
        return {AnsweredBy.PATIENT: "the patient", AnsweredBy.CAREGIVER: "a caregiver"}.get(self.answered_by, "")


class Speaker(models.TextChoices):
    AGENT = "agent", "Agent"
    PATIENT = "patient", "Patient"
    TOOL = "tool", "Tool"


class TranscriptTurn(models.Model):
    record = models.ForeignKey(CallRecord, on_delete=models.CASCADE, related_name="turns")
    sequence = models.PositiveIntegerField()
    speaker = models.CharField(max_length=8, choices=Speaker.choices)
    text = models.TextField()
    event_id = models.CharField(max_length=64)
    spoken_at = models.DateTimeField()

    objects = scoped_manager("record__call__clinic")

    class Meta:
        ordering = ["record", "sequence", "id"]
        constraints = [models.UniqueConstraint(fields=["record", "event_id"], name="one_turn_per_event")]

    def __str__(self) -> str:
        return f"Turn {self.sequence} of record {self.record_id}"


class PatientResponse(models.Model):
    record = models.ForeignKey(CallRecord, on_delete=models.CASCADE, related_name="responses")
    question = models.TextField()
    response = models.TextField()
    event_id = models.CharField(max_length=64)
    recorded_at = models.DateTimeField()

    objects = scoped_manager("record__call__clinic")

    class Meta:
        ordering = ["record", "recorded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["record", "event_id"], name="one_response_per_event")]

    def __str__(self) -> str:
        return f"Response {self.pk} of record {self.record_id}"


class AgentEvent(models.Model):
    """Every event id the agent used on one attempt and what it named: one id is one event, whatever its kind.

    Turns, tool calls, responses, escalations, messages, reminders, opt-outs and the completion all
    carry an event id; a retried post with the same id replays `response` instead of acting twice,
    and the same id reused for another kind of event is refused.
    """

    record = models.ForeignKey(CallRecord, on_delete=models.CASCADE, related_name="agent_events")
    event_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=16)
    response = models.JSONField(default=dict, blank=True, help_text="What the portal answered the first time.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager("record__call__clinic")

    class Meta:
        ordering = ["record", "id"]
        constraints = [models.UniqueConstraint(fields=["record", "event_id"], name="one_agent_event_per_id")]

    def __str__(self) -> str:
        return f"{self.kind} event of record {self.record_id}"


class EscalationTier(models.TextChoices):
    EMERGENT = "emergent", "Emergent (911)"
    URGENT = "urgent", "Urgent (same-day callback)"
    ROUTINE = "routine", "Routine (next business day)"


# Higher is more serious: an escalation never downgrades a more serious one on the same call.
TIER_RANK = {EscalationTier.ROUTINE: 1, EscalationTier.URGENT: 2, EscalationTier.EMERGENT: 3}


class EscalationSource(models.TextChoices):
    AGENT_TOOL = "agent_tool", "The agent escalated"
    SYMPTOM_LOOKUP = "symptom_lookup", "Care guide lookup"
    RULE = "rule", "Red-flag rule"


class EscalationStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class Escalation(PatientClinicMixin):
    """A patient concern raised on a call that a nurse must act on (calls/triage/ creates them)."""

    call = models.ForeignKey(CallScheduleItem, on_delete=models.PROTECT, related_name="escalations")
    record = models.ForeignKey(CallRecord, on_delete=models.PROTECT, related_name="escalations")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="escalations")
    clinic = patient_clinic_field()
    tier = models.CharField(max_length=16, choices=EscalationTier.choices)
    reason = models.CharField(max_length=300, help_text="What the red flag is, in clinical words.")
    patient_words = models.TextField(blank=True, help_text="What the patient said, as transcribed.")
    source = models.CharField(max_length=16, choices=EscalationSource.choices)
    rule_key = models.CharField(
        max_length=64, help_text="The red-flag rule (source rule) or the tier (agent tool, symptom lookup)."
    )
    triggers = models.JSONField(
        default=list, blank=True, help_text="Every trigger ('source:key') that reported this concern on the call."
    )
    status = models.CharField(max_length=16, choices=EscalationStatus.choices, default=EscalationStatus.OPEN)
    due_by = models.DateTimeField(help_text="When a nurse should have called the patient back (UTC).")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClinicScopedManager.from_queryset(PatientClinicQuerySet)()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["record", "source", "rule_key"], name="one_escalation_per_trigger"),
        ]
        indexes = [
            models.Index(fields=["due_by"], condition=~Q(status="resolved"), name="escalation_open_idx"),
            models.Index(fields=["patient", "created_at"], name="escalation_patient_idx"),
            # A clinic's open escalations (the dashboard panel, /metrics per clinic).
            models.Index(
                fields=["clinic", "due_by"], condition=~Q(status="resolved"), name="escalation_clinic_open_idx"
            ),
            models.Index(fields=["clinic", "created_at"], name="escalation_clinic_time_idx"),
        ]

    def __str__(self) -> str:
        return f"Escalation {self.pk} ({self.tier}, {self.status})"

    @property
    def ref(self) -> str:
        return f"esc-{self.pk}"

    @property
    def is_emergent(self) -> bool:
        return self.tier == EscalationTier.EMERGENT

    @property
    def is_open(self) -> bool:
        return self.status == EscalationStatus.OPEN

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        if self.acknowledged_at is None or self.created_at is None:
            return None
        return self.acknowledged_at - self.created_at

    def is_overdue(self, now: datetime) -> bool:
        return self.status != EscalationStatus.RESOLVED and self.due_by < now
