"""FHIR R4 resources for what patients/ describes: the Patient and the discharge as an Encounter.

Models: fhir.resources 8.x, whose `fhir.resources.R4B` package is FHIR 4.3.0. For every resource
PostOp AI emits (Patient, Encounter, CommunicationRequest, Communication, Bundle) R4B has the same
elements and cardinalities as R4 4.0.1, and fhir.resources no longer ships pure R4 models for
pydantic 2 (the project's pydantic), so R4B is the R4 validator here.

Builders return plain dicts in FHIR JSON form; the bundle validates all of them at once.
Every resource's id is the project's own ("patient-12", "discharge-7"), and resources point
at each other through the bundle's fullUrls (urn:uuid, stable for the same row).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings

from patients.models import Discharge, Language, Patient

# Identifier systems and code systems PostOp AI uses.
MRN_TYPE = {"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR", "display": "Medical record number"}
VISIT_TYPE = {"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "VN", "display": "Visit number"}
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
BCP47 = "urn:ietf:bcp:47"
_NAMESPACE = uuid.UUID("2f6f1b9e-4f0e-4c43-9f6a-5a3c1e0d7b11")

ENCOUNTER_CLASSES = {
    "I": ("IMP", "inpatient encounter"),
    "O": ("AMB", "ambulatory"),
    "E": ("EMER", "emergency"),
}


def system(name: str) -> str:
    """This installation's identifier system for `name` (mrn, discharge, call, ...)."""
    return f"{settings.PORTAL_URL.rstrip('/')}/fhir/sid/{name}"


def full_url(resource_type: str, resource_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{settings.PORTAL_URL}|{resource_type}/{resource_id}')}"


def reference(resource_type: str, resource_id: str) -> dict[str, str]:
    return {"reference": full_url(resource_type, resource_id)}


def fhir_datetime(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def patient_id(patient: Patient) -> str:
    return f"patient-{patient.pk}"


def discharge_id(discharge: Discharge) -> str:
    return f"discharge-{discharge.pk}"


def patient_resource(patient: Patient) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": patient_id(patient),
        "active": True,
        "name": [{"use": "official", "family": patient.last_name, "given": [patient.first_name]}],
        "telecom": [{"system": "phone", "value": patient.phone, "rank": 1}],
    }
    if patient.external_id:
        resource["identifier"] = [
            {"use": "usual", "type": {"coding": [MRN_TYPE]}, "system": system("mrn"), "value": patient.external_id}
        ]
    if patient.date_of_birth:
        resource["birthDate"] = patient.date_of_birth.isoformat()
    if patient.preferred_language and patient.preferred_language != Language.OTHER:
        label = Language(patient.preferred_language).label
        resource["communication"] = [
            {
                "language": {"coding": [{"system": BCP47, "code": patient.preferred_language, "display": label}]},
                "preferred": True,
            }
        ]
    return resource


def encounter_resource(discharge: Discharge) -> dict[str, Any]:
    """The hospital stay the discharge ended; the hospital's details come with the feed (HL7 A03)."""
    encounter = getattr(discharge, "encounter", None)  # patients.adt HospitalEncounter, when fed by HL7
    cancelled = encounter is not None and encounter.setup_status == "cancelled"
    class_code, class_display = ENCOUNTER_CLASSES.get(encounter.patient_class if encounter else "", ("IMP", ""))
    period: dict[str, str] = {"end": fhir_datetime(discharge.discharged_at) or ""}
    if encounter is not None and encounter.admitted_at:
        period["start"] = fhir_datetime(encounter.admitted_at) or ""
    resource: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": discharge_id(discharge),
        "status": "cancelled" if cancelled else "finished",
        "class": {"system": ACT_CODE, "code": class_code, "display": class_display or "inpatient encounter"},
        "subject": reference("Patient", patient_id(discharge.patient)),
        "period": period,
        "reasonCode": [{"text": discharge.procedure}],
        "identifier": [{"system": system("discharge"), "value": str(discharge.pk)}],
    }
    if encounter is not None:
        if encounter.visit_number:
            resource["identifier"].append(
                {"type": {"coding": [VISIT_TYPE]}, "system": system("visit"), "value": encounter.visit_number}
            )
        if encounter.attending:
            resource["participant"] = [
                {
                    "type": [{"coding": [{"system": PARTICIPATION_TYPE, "code": "ATND", "display": "attender"}]}],
                    "individual": {"display": encounter.attending},
                }
            ]
        if encounter.location:
            resource["location"] = [{"location": {"display": encounter.location}, "status": "completed"}]
        if encounter.hospital_service:
            resource["serviceType"] = {"text": encounter.hospital_service}
    return resource
