"""The identity check the agent asks for: shared by the dialers and the agent API."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def identity_method(patient: Any) -> str:
    """What the agent asks for besides the first name: IDENTITY_CHECK, or phone_last4 with no DOB on file."""
    if settings.IDENTITY_CHECK == "dob" and patient.date_of_birth is not None:
        return "dob"
    return "phone_last4"
