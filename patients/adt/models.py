"""What the hospital's ADT feed leaves behind: every raw message, the encounters, holds and merges.

AdtMessage is the interface log an analyst asks for ("did you get control id X, and what did you
answer?"): one row per message received, raw text included, so it is protected health
information like a transcript (read-only admin, every read recorded as an access event).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from postop.clinics import scoped_manager


class AckCode(models.TextChoices):
    ACCEPT = "AA", "AA: applied"
    ERROR = "AE", "AE: could not be applied"
    REJECT = "AR", "AR: rejected"


class MessageOutcome(models.TextChoices):
    APPLIED = "applied", "Applied"
    IGNORED = "ignored", "Accepted and ignored (not an event PostOp AI acts on)"
    DUPLICATE = "duplicate", "Duplicate control id (already applied; nothing changed)"
    ERROR = "error", "Not applied (AE)"
    REJECTED = "rejected", "Rejected (AR)"


# A control id counts as "already applied" once a message with it was applied or ignored.
SETTLED_OUTCOMES = (MessageOutcome.APPLIED, MessageOutcome.IGNORED)


class AdtMessage(models.Model):
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    control_id = models.CharField("control id (MSH-10)", max_length=199, blank=True)
    sending_application = models.CharField("sending application (MSH-3)", max_length=227, blank=True)
    sending_facility = models.CharField("sending facility (MSH-4)", max_length=227, blank=True)
    message_type = models.CharField("message type (MSH-9)", max_length=32, blank=True, help_text="e.g. ADT^A03")
    event = models.CharField(max_length=8, blank=True, help_text="The trigger event, e.g. A03.")
    raw = models.TextField(help_text="The message as received (segments separated by carriage returns).")
    outcome = models.CharField(max_length=16, choices=MessageOutcome.choices)
    ack_code = models.CharField(max_length=2, choices=AckCode.choices)
    ack_text = models.CharField(
        max_length=300, blank=True, help_text="What the ACK said (MSA-3/ERR); never names the patient."
    )
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, null=True, blank=True, related_name="adt_messages"
    )
    discharge = models.ForeignKey(
        "patients.Discharge", on_delete=models.PROTECT, null=True, blank=True, related_name="adt_messages"
    )
    peer = models.CharField(max_length=64, blank=True, help_text="The connecting address (host:port).")

    objects = scoped_manager("patient__clinic")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "ADT message"
        indexes = [models.Index(fields=["sending_facility", "control_id"], name="adt_control_idx")]
        constraints = [
            # The idempotency guarantee: one settled message per control id and facility, even when
            # two connections deliver the same message at once (the loser sees IntegrityError).
            models.UniqueConstraint(
                fields=["sending_facility", "control_id"],
                condition=Q(outcome__in=["applied", "ignored"]),
                name="adt_one_settled_message_per_control_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_type or 'unparsed'} {self.control_id or '-'} ({self.ack_code})"


class SetupStatus(models.TextChoices):
    TO_SET_UP = "to_set_up", "To set up (a nurse picks the orders)"
    AUTO_SCHEDULED = "auto_scheduled", "Auto-scheduled by a clinic rule"
    SET_UP = "set_up", "Set up by a nurse"
    CANCELLED = "cancelled", "Cancelled by the hospital"


class HospitalEncounter(models.Model):
    """The hospital's side of a discharge that arrived through the feed (A03): visit, location, attending."""

    discharge = models.OneToOneField("patients.Discharge", on_delete=models.PROTECT, related_name="encounter")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="encounters")
    sending_facility = models.CharField(max_length=227)
    visit_number = models.CharField("visit number (PV1-19)", max_length=250, blank=True)
    patient_class = models.CharField("patient class (PV1-2)", max_length=8, blank=True)
    location = models.CharField("assigned location (PV1-3)", max_length=250, blank=True)
    attending = models.CharField("attending doctor (PV1-7)", max_length=250, blank=True)
    hospital_service = models.CharField("hospital service (PV1-10)", max_length=64, blank=True)
    procedure_codes = models.JSONField(default=list, blank=True, help_text="PR1-3 codes, in message order.")
    admitted_at = models.DateTimeField(null=True, blank=True)
    setup_status = models.CharField(max_length=16, choices=SetupStatus.choices, default=SetupStatus.TO_SET_UP)
    setup_note = models.CharField(
        max_length=500, blank=True, help_text="Why the discharge waits for a nurse, or which rule scheduled it."
    )
    rule = models.ForeignKey(
        "adt.OrderSetRule", on_delete=models.SET_NULL, null=True, blank=True, related_name="encounters"
    )
    set_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_up_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager("patient__clinic")

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("set_up_hospitalencounter", "Can pick the orders of a discharge from the hospital feed")]
        constraints = [
            # A corrected A03 for the same visit updates the discharge instead of adding a second one.
            models.UniqueConstraint(
                fields=["sending_facility", "visit_number"],
                condition=~Q(visit_number=""),
                name="adt_one_encounter_per_visit",
            ),
        ]
        indexes = [models.Index(fields=["setup_status", "created_at"], name="adt_encounter_setup_idx")]

    def __str__(self) -> str:
        return f"Encounter {self.pk} (discharge {self.discharge_id}, {self.setup_status})"


class RuleCodeKind(models.TextChoices):
    PROCEDURE = "procedure", "Procedure code (PR1-3)"
    SERVICE = "service", "Hospital service (PV1-10)"


class OrderSetRule(models.Model):
    """Clinic configuration: a discharge with this procedure or service code gets these orders at once."""

    name = models.CharField(max_length=200, help_text="e.g. 'Sclerotherapy: compression and school'.")
    kind = models.CharField(max_length=16, choices=RuleCodeKind.choices)
    code = models.CharField(max_length=64, help_text="Matched exactly, ignoring case and surrounding spaces.")
    orders = models.ManyToManyField("orders.DischargeOrder", related_name="order_set_rules")
    order_params = models.JSONField(
        default=dict, blank=True, help_text='Parameters per order key, e.g. {"vm_school": {"return_date": "..."}}.'
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "code", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="adt_one_rule_per_code")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}: {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class HoldStatus(models.TextChoices):
    HELD = "held", "Calls on hold"
    RESUMED = "resumed", "Calls resumed by a nurse"
    REPLACED = "replaced", "Calls replaced by a nurse"
    CANCELLED = "cancelled", "Calls cancelled by the hospital"


class CallHold(models.Model):
    """A readmission (A01), ED/outpatient registration (A04) or change to inpatient (A06) held these calls."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="call_holds")
    event = models.CharField(max_length=8, help_text="A01, A04 or A06.")
    reason = models.CharField(max_length=300, help_text="What the worklist shows, e.g. 'Readmitted (A01) ...'.")
    calls = models.ManyToManyField("calls.CallScheduleItem", related_name="holds")
    message = models.ForeignKey(AdtMessage, on_delete=models.PROTECT, related_name="holds")
    visit_number = models.CharField(max_length=250, blank=True)
    status = models.CharField(max_length=16, choices=HoldStatus.choices, default=HoldStatus.HELD)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager("patient__clinic")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["patient", "status"], name="adt_hold_patient_idx")]

    def __str__(self) -> str:
        return f"Hold {self.pk} ({self.event}, {self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == HoldStatus.HELD


class PatientMerge(models.Model):
    """A40: `merged` was folded into `survivor`. The merged-away record is kept (emptied of calls) for audit."""

    survivor = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="merges_received")
    merged = models.OneToOneField("patients.Patient", on_delete=models.PROTECT, related_name="merged_into")
    prior_mrn = models.CharField(max_length=64, help_text="MRG-1: the identifier that was retired.")
    moved = models.JSONField(default=dict, help_text="How many rows moved, by kind.")
    message = models.ForeignKey(AdtMessage, on_delete=models.PROTECT, related_name="merges")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager("survivor__clinic")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"patient-{self.merged_id} merged into patient-{self.survivor_id}"
