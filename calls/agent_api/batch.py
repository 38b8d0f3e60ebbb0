"""POST /api/v1/agent/calls/<id>/events/batch/: several agent events in one request.

The agent's bookkeeping (transcript turns, tool calls, recorded responses, messages) is queued
in the worker and sent here in batches, in the order it happened, so the call never waits for it.

Semantics (per event, not all-or-nothing):
- The events are stored one after the other, in the order given, each in its own transaction
  through the same service as the single-event endpoint (agent_event_record). Each event is
  validated on its own; a refused event is named in `results` with the reason and its HTTP-like
  `status_code` (400 invalid, 403 the attempt no longer takes it, 409 its id names another kind
  of event), and never stops the events after it. Nothing of a refused event is written.
- Every event id is stored once (the AgentEvent ledger), so a batch sent again after a lost
  answer stores nothing twice: the events already stored come back as "duplicate".
- Every patient turn is triaged as it is stored (its escalations raised), and its result carries the
  portal's reading: `triage` = {tier, keys, title, say, catalogue, agrees}. The agent reads each turn
  with the same rules itself and sends its reading on the event (`triage`: {tier, keys, catalogue});
  `agrees` says whether the two match (null when the agent sent none). Where they differ the portal's
  reading stands: its escalations are raised, and the agent says its instruction next.
- `triage` (optional, the patient's newest words) is answered after the events are stored, like
  POST .../triage/ (needs an open attempt): the agent's awaited safety check carries the queued
  events with it instead of costing a request of its own.
- `complete` (optional, the body of POST .../complete/) is applied last, after every event of
  the batch: a worker that ends its call sends its remaining events and the completion together.
"""

from __future__ import annotations

import logging
from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from calls.agent_api import services as agent_services
from calls.agent_api.services import FINAL, LIVE, AgentAccessError, CompletionConflictError, EventIdConflictError
from calls.agent_api.views import LIVE_EVENT_KINDS, AgentApi, CompleteInputSerializer, EventInputSerializer

MAX_BATCH_EVENTS = 200
logger = logging.getLogger(__name__)


class EventBatchInputSerializer(serializers.Serializer):
    events = serializers.ListField(
        child=serializers.DictField(),
        max_length=MAX_BATCH_EVENTS,
        required=False,
        default=list,
        help_text="Events as for POST .../events/, in the order they happened.",
    )
    triage = serializers.CharField(
        max_length=4000, required=False, help_text="The patient's newest words: answered like POST .../triage/."
    )
    complete = serializers.DictField(required=False, help_text="As for POST .../complete/; applied last.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("events") and "triage" not in attrs and "complete" not in attrs:
            raise serializers.ValidationError("Send at least one of events, triage, complete.")
        return attrs


def _refused(event_id: Any, status_code: int, errors: Any) -> dict[str, Any]:
    return {
        "event_id": event_id if isinstance(event_id, str) else None,
        "status": "rejected",
        "status_code": status_code,
        "errors": errors,
    }


def _store_event(record: Any, raw: dict[str, Any]) -> dict[str, Any]:
    data = EventInputSerializer(data=raw)
    if not data.is_valid():
        return _refused(raw.get("event_id"), 400, data.errors)
    event = dict(data.validated_data)
    local = event.pop("triage", None)
    if event["kind"] in LIVE_EVENT_KINDS:
        try:
            agent_services.check_access(record=record, access=LIVE)
        except AgentAccessError as exc:
            return _refused(event["event_id"], 403, {"detail": str(exc)})
    try:
        stored = agent_services.agent_event_store(record=record, **event)
    except EventIdConflictError as exc:
        return _refused(event["event_id"], 409, {"detail": str(exc)})
    result: dict[str, Any] = {"event_id": event["event_id"], "status": "created" if stored.created else "duplicate"}
    if stored.red_flags is not None:
        result["triage"] = _reading(record, event["event_id"], stored.red_flags, local)
        if stored.bystanders and result["triage"]["tier"] != "emergent":
            # Someone else's emergency: the 911 line for them (no escalation, a note for the nurse).
            result["triage"]["bystander"] = stored.bystanders[0].instruction
    return result


def _reading(record: Any, event_id: str, matches: list[Any], local: dict[str, Any] | None) -> dict[str, Any]:
    """The portal's red-flag reading of a patient turn, and whether the agent's own reading agrees with it."""
    from calls.triage.answers import instruction
    from calls.triage.rules import catalogue_version

    keys = [m.key for m in matches]
    tier = matches[0].tier if matches else None
    agrees = None
    if isinstance(local, dict):
        agrees = local.get("tier") == tier and sorted(map(str, local.get("keys") or [])) == sorted(keys)
        if not agrees:
            logger.warning(
                "triage mismatch call=call-%s attempt=%s event=%s agent=%s/%s portal=%s/%s; the portal's stands",
                record.call_id,
                record.attempt,
                event_id,
                local.get("tier"),
                local.get("catalogue"),
                tier,
                catalogue_version(),
            )
    return {
        "tier": tier,
        "keys": keys,
        "title": matches[0].title if matches else "",
        "say": instruction(matches[0]) if matches else "",
        "catalogue": catalogue_version(),
        "agrees": agrees,
    }


def _triage(record: Any, text: str) -> dict[str, Any]:
    try:
        agent_services.check_access(record=record, access=LIVE)
    except AgentAccessError as exc:
        return {"status_code": 403, "errors": {"detail": str(exc)}}
    return agent_services.agent_triage_turn(record=record, text=text)


def _complete(record: Any, raw: dict[str, Any]) -> dict[str, Any]:
    data = CompleteInputSerializer(data=raw)
    if not data.is_valid():
        return _refused(raw.get("event_id"), 400, data.errors)
    try:
        call = agent_services.agent_call_complete(record=record, **data.validated_data)
    except CompletionConflictError as exc:
        return _refused(data.validated_data["event_id"], 409, {"detail": str(exc)})
    return {
        "event_id": data.validated_data["event_id"],
        "status": "stored",
        "call_id": call.pk,
        "call_status": call.status,
    }


class EventBatchApi(AgentApi):
    @extend_schema(
        summary="Post several events in order (each stored once, refused ones named), optionally with the "
        "red-flag triage of the patient's newest words and the completion",
        request=EventBatchInputSerializer,
        responses={
            200: inline_serializer(
                "AgentEventBatch",
                {
                    "results": serializers.ListField(child=serializers.DictField()),
                    "triage": serializers.DictField(required=False),
                    "completion": serializers.DictField(required=False),
                },
            )
        },
        tags=["agent"],
    )
    def post(self, request: Request, call_id: int) -> Response:
        record = self.get_record(request, call_id, access=FINAL)
        data = EventBatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        body = data.validated_data
        answer: dict[str, Any] = {"results": [_store_event(record, raw) for raw in body["events"]]}
        if "triage" in body:
            answer["triage"] = _triage(record, body["triage"])
        if "complete" in body:
            answer["completion"] = _complete(record, body["complete"])
        return Response(answer)
