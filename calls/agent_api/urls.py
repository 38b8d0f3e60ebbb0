"""/api/v1/agent/...: endpoints the voice agent calls with its per-call token."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from calls.agent_api import views as agent_apis
from calls.agent_api.batch import EventBatchApi
from calls.capture import apis as capture_apis

app_name = "agent"

urlpatterns = [
    path("calls/<int:call_id>/context/", login_not_required(agent_apis.ContextApi.as_view()), name="context"),
    path("calls/<int:call_id>/events/", login_not_required(agent_apis.EventsApi.as_view()), name="events"),
    path("calls/<int:call_id>/events/batch/", login_not_required(EventBatchApi.as_view()), name="event_batch"),
    path("calls/<int:call_id>/reminders/", login_not_required(agent_apis.RemindersApi.as_view()), name="reminders"),
    path(
        "calls/<int:call_id>/escalations/", login_not_required(agent_apis.EscalationsApi.as_view()), name="escalations"
    ),
    path("calls/<int:call_id>/triage/", login_not_required(agent_apis.TriageApi.as_view()), name="triage"),
    path("calls/<int:call_id>/opt-out/", login_not_required(agent_apis.OptOutApi.as_view()), name="opt_out"),
    path("calls/<int:call_id>/identity/", login_not_required(agent_apis.IdentityApi.as_view()), name="identity"),
    path("calls/<int:call_id>/answers/", login_not_required(capture_apis.AnswersApi.as_view()), name="answers"),
    path("calls/<int:call_id>/complete/", login_not_required(agent_apis.CompleteApi.as_view()), name="complete"),
    path("knowledge/<slug:topic>/", login_not_required(agent_apis.KnowledgeApi.as_view()), name="knowledge"),
    path("callbacks/", login_not_required(agent_apis.CallbackApi.as_view()), name="callbacks"),
]
