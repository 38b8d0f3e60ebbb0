"""Per-call agent tokens: signed by the portal, naming one call and one attempt, expiring.

The voice agent gets one in its dispatch metadata and can touch nothing but that call.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "postop.calls.agent-token.v1"


class AgentTokenError(Exception):
    """The token is missing, forged or expired (-> 401)."""


@dataclass(frozen=True)
class AgentGrant:
    call_id: int
    attempt: int


def make_agent_token(*, call_id: int, attempt: int) -> str:
    return signing.dumps({"c": call_id, "a": attempt}, salt=SALT, compress=False)


def read_agent_token(token: str, *, max_age_seconds: int | None = None) -> AgentGrant:
    max_age = max_age_seconds if max_age_seconds is not None else settings.AGENT_TOKEN_TTL_HOURS * 3600
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise AgentTokenError("The agent token has expired.") from None
    except signing.BadSignature:
        raise AgentTokenError("The agent token is not valid.") from None
    try:
        return AgentGrant(call_id=int(payload["c"]), attempt=int(payload["a"]))
    except (KeyError, TypeError, ValueError):
        raise AgentTokenError("The agent token is not valid.") from None
