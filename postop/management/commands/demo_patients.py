"""Demo-only sample patients placed where it is daytime now, so `make demo` shows a live call at any hour.

The calling window and the legal 08:00-21:00 hours stay as they are: the sample patient lives in a
zone where it is mid-day right now (simulated calls only; the demo never dials a real phone).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from calls import rules
from calls.models import CallScheduleItem, CallStatus, CallType, CreatedBy
from orders.models import DischargeOrder
from patients.models import Language, Patient

# One zone per hour of offset, US zones first: at any moment one of them is in its mid-day.
DEMO_ZONES = [
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Anchorage",
    "Pacific/Honolulu", "Pacific/Kiritimati", "Pacific/Auckland", "Pacific/Noumea", "Australia/Brisbane",
    "Asia/Tokyo", "Asia/Shanghai", "Asia/Bangkok", "Asia/Dhaka", "Asia/Karachi", "Asia/Dubai", "Europe/Moscow",
    "Europe/Athens", "Europe/Paris", "Europe/London", "Atlantic/Azores", "Atlantic/South_Georgia",
    "America/Sao_Paulo", "America/Halifax",
]  # fmt: skip
DEMO_MRN = "DEMO-{n:04d}"
# The Spanish-speaking demo patient: a whole call in Spanish (`demo_patients --language es`).
DEMO_SPANISH_MRN = "DEMO-ES-{n:04d}"
DEMO_SPANISH_ORDER = "post_wellness_check"  # a catalog order with reviewed Spanish text
# An adult patient whose wife answers (`--caregiver`): she says who she is and a red flag about "my husband",
# which the triage reads as the patient's (calls.dialing.simulated.DEMO_SCENARIOS plays the scenario).
DEMO_CAREGIVER_MRN = "DEMO-CG-{n:04d}"
DEMO_SPANISH_CAREGIVER_MRN = "DEMO-CG-ES-{n:04d}"
DEMO_PROMPT = (
    'Start with: "Hi {first_name}, this is PostOp AI checking in after your procedure. How are you feeling since '
    'you got home?" Ask about pain, nausea, fever and bleeding.'
)


def daytime_zone(now: datetime) -> str:
    """The demo zone where it is now nearest 13:00 (US zones win a tie): hours of calling left either way."""

    def distance(name: str) -> float:
        local = now.astimezone(ZoneInfo(name))
        return abs(local.hour + local.minute / 60 - 13)

    return min(DEMO_ZONES, key=lambda name: (round(distance(name)), DEMO_ZONES.index(name)))


class Command(BaseCommand):
    help = "Demo only: a sample patient where it is daytime now, with a call ready for Call now (--language es)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--language",
            choices=[Language.ENGLISH, Language.SPANISH],
            default=Language.ENGLISH,
            help="The demo patient's language: en (Maya) or es (Lucía, a whole call in Spanish).",
        )
        parser.add_argument(
            "--caregiver",
            action="store_true",
            help="An adult patient (Robert, or Roberto in Spanish) whose wife answers the call and reports a red flag "
            "about him: the call page shows 'Answered by: a caregiver' and the escalation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        zone = daytime_zone(now)
        spanish = options["language"] == Language.SPANISH
        order = DischargeOrder.objects.filter(key=DEMO_SPANISH_ORDER).first() if spanish else None
        caregiver = options["caregiver"]
        with transaction.atomic():
            patient = self._fresh_patient(zone, now, language=options["language"], caregiver=caregiver)
            call = CallScheduleItem.objects.filter(
                patient=patient, status=CallStatus.PENDING, call_type=CallType.WELLNESS_CHECK
            ).first()
            if call is None:
                call = CallScheduleItem.objects.create(
                    patient=patient,
                    order=order,
                    call_type=CallType.WELLNESS_CHECK,
                    priority=2,
                    llm_prompt=DEMO_PROMPT.format(first_name=patient.first_name),
                    purpose="how you are feeling since you got home",
                    scheduled_for=now + timedelta(days=1),
                    next_attempt_at=now + timedelta(days=1),
                    created_by=CreatedBy.NURSE,
                )
        local = now.astimezone(ZoneInfo(zone))
        who = "Spanish-speaking demo patient" if spanish else "Demo patient"
        watch = "Watch a call in Spanish" if spanish else "Watch a call"
        if caregiver:
            who = f"{who} (his wife answers)"
            watch = f"{watch} answered by a caregiver"
        self.stdout.write(
            self.style.SUCCESS(
                f"{who} {patient.full_name} ({patient.external_id}) lives in {zone}, where it is "
                f"{local:%H:%M} now. {watch}: sign in, open /calls/{call.pk}/ and press Call now."
            )
        )

    def _fresh_patient(
        self, zone: str, now: datetime, *, language: str = Language.ENGLISH, caregiver: bool = False
    ) -> Patient:
        """A demo patient in `zone` who had no call today (the daily limit would defer Call now)."""
        spanish = language == Language.SPANISH
        if caregiver:
            mrn = DEMO_SPANISH_CAREGIVER_MRN if spanish else DEMO_CAREGIVER_MRN
            defaults = {
                "first_name": "Roberto" if spanish else "Robert",
                "date_of_birth": date(1958, 6, 2),  # an adult: only who answered says a caregiver speaks
                "caregiver_name": "Ana Demo" if spanish else "Helen Demo",
                "caregiver_relationship": "wife",  # the nurse's record (and the agent's instructions) are English
            }
        else:
            mrn = DEMO_SPANISH_MRN if spanish else DEMO_MRN
            defaults = {"first_name": "Lucía" if spanish else "Maya"}
        # One phone exchange per kind of demo patient: their numbers never collide.
        exchange = {(False, False): 555, (False, True): 556, (True, False): 557, (True, True): 558}[caregiver, spanish]
        for n in range(1, 100):
            phone = f"+1212{exchange}{(n % 100):04d}"
            patient, _ = Patient.objects.get_or_create(
                external_id=mrn.format(n=n),
                defaults={
                    **defaults,
                    "last_name": f"Demo {n}",
                    "phone": phone,
                    "preferred_language": language,
                },
            )
            if patient.time_zone != zone:
                patient.time_zone = zone
                patient.save(update_fields=["time_zone", "updated_at"])
            used = rules.usage_for_patients(patient_ids=[patient.pk], zones=[zone], now=now, include_queued=True)
            if (
                rules.deferral_for(used.get(patient.pk), zone_name=zone, window=patient.calling_window(), now=now)
                is None
            ):
                return patient
        raise RuntimeError("every demo patient had a call today; delete the DEMO- patients and run again")
