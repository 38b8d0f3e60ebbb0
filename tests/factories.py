"""factory-boy factories for every model. Personas live in tests/conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from calls.models import (
    CallRecord,
    CallScheduleItem,
    CallStatus,
    CallType,
    DialerBackend,
    PatientResponse,
    Speaker,
    TranscriptTurn,
)
from orders.models import DischargeOrder
from patients.models import Discharge, Patient
from postop.clinics import default_clinic
from postop.roles import NURSE_GROUP

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Casey"
    last_name = factory.Sequence(lambda n: f"Staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@clinic.example")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if create:
            obj.save()

    @factory.post_generation
    def clinics(obj, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        """Staff belong to the default clinic unless the test names theirs (clinics=[...])."""
        if create and (obj.is_staff or extracted is not None):
            obj.clinics.set(extracted if extracted is not None else [default_clinic()])


class NurseFactory(UserFactory):
    username = factory.Sequence(lambda n: f"nurse{n}")
    is_staff = True

    @factory.post_generation
    def groups(obj, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if create:
            group, _ = Group.objects.get_or_create(name=NURSE_GROUP)
            obj.groups.add(group)


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    external_id = factory.Sequence(lambda n: f"MRN{100000 + n}")
    # 555-01xx numbers are reserved for fiction and pass phonenumbers' validation.
    phone = factory.Sequence(lambda n: f"+1212555{(n % 100):04d}"[:12])
    time_zone = "America/New_York"


class DischargeOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DischargeOrder
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"test_order_{n}")
    title = factory.Sequence(lambda n: f"Test order {n}")
    instructions = "Keep the bandage dry for 48 hours."
    procedure_group = "General post-operative"
    call_template = factory.LazyFunction(
        lambda: {
            "timing": "24_hours_after_discharge",
            "call_type": "discharge_reminder",
            "priority": 2,
            "prompt_template": "You are calling {patient_first_name} about: {order_instructions}",
        }
    )


class DischargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discharge

    patient = factory.SubFactory(PatientFactory)
    discharged_at = factory.LazyFunction(lambda: datetime(2025, 1, 15, 15, 0, tzinfo=UTC))
    procedure = "Sclerotherapy of a venous malformation"


class CallScheduleItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallScheduleItem

    patient = factory.SubFactory(PatientFactory)
    call_type = CallType.DISCHARGE_REMINDER
    priority = 2
    llm_prompt = factory.LazyAttribute(lambda c: f"You are calling {c.patient.first_name} about their bandage.")
    scheduled_for = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
    next_attempt_at = factory.LazyAttribute(lambda c: c.scheduled_for)
    status = CallStatus.PENDING
    max_attempts = 3


class CallRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallRecord

    call = factory.SubFactory(CallScheduleItemFactory)
    attempt = 1
    backend = DialerBackend.SIMULATED
    started_at = factory.LazyFunction(timezone.now)


class TranscriptTurnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TranscriptTurn

    record = factory.SubFactory(CallRecordFactory)
    sequence = factory.Sequence(lambda n: n)
    speaker = Speaker.AGENT
    text = "Hello, this is the clinic's automated assistant."
    event_id = factory.Sequence(lambda n: f"evt-turn-{n}")
    spoken_at = factory.LazyFunction(timezone.now)


class PatientResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatientResponse

    record = factory.SubFactory(CallRecordFactory)
    question = "Have you removed the compression bandage?"
    response = "Yes, this morning."
    event_id = factory.Sequence(lambda n: f"evt-resp-{n}")
    recorded_at = factory.LazyFunction(timezone.now)


def livekit_call(**call_fields: object) -> CallScheduleItem:
    """A pending order call for a patient with every identifier filled in (dialer tests)."""
    from datetime import date

    patient = PatientFactory(
        first_name="Maria",
        last_name="Quintanilla",
        external_id="MRN-778812",
        phone="+12125550147",
        date_of_birth=date(1961, 3, 9),
        time_zone="America/Chicago",
        preferred_language="es",
    )
    order = DischargeOrderFactory(
        key="vm_compression",
        title="Compression bandage",
        instructions="Keep the compression bandage on until your return date.",
        parameters=[{"name": "return_date", "label": "Return date", "type": "date", "required": True}],
    )
    discharge = DischargeFactory(
        patient=patient,
        procedure="Sclerotherapy of a venous malformation",
        order_params={"vm_compression": {"return_date": "2025-01-20"}, "other_order": {"x": "y"}},
    )
    discharge.orders.add(order)
    fields: dict[str, object] = {
        "llm_prompt": "You are calling Maria about her compression bandage.",
        "purpose": "Bandage reminder",
        **call_fields,
    }
    return CallScheduleItemFactory(patient=patient, discharge=discharge, order=order, **fields)


def livekit_call_attempt(*, attempt: int = 1, max_attempts: int = 3) -> CallRecord:
    """An open LiveKit attempt of `livekit_call()`, as execute_followup_call leaves it before dialing."""
    call = livekit_call(attempts=attempt, max_attempts=max_attempts, status=CallStatus.IN_PROGRESS)
    return CallRecordFactory(call=call, attempt=attempt, backend=DialerBackend.LIVEKIT)
