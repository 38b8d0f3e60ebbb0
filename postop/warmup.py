"""Load what a live call needs before the first call needs it: the red-flag pipeline and the knowledge indexes.

The agent asks the portal's triage before it answers a patient (with a timeout of a few seconds);
the first triage in a fresh web process loads spaCy, medspaCy's ConText and the catalogues, which
takes a second on an idle machine and much longer on a loaded one. A web process therefore loads
them in a background thread as it starts (`WARM_UP_AT_START`, on by default), so a restart does not
make the first patient's emergency wait on it. Requests are served meanwhile; one that arrives
first simply loads the same things itself.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings

log = logging.getLogger(__name__)


def warm_up() -> None:
    """Load the triage pipeline (English and Spanish), the URL configuration, the clinic's holiday calendar
    and the knowledge index of each language."""
    import time

    from calls.triage.rules import warm_up as warm_triage

    seconds = warm_triage()
    log.info("triage pipeline loaded", extra={"seconds": round(seconds, 2)})
    started = time.perf_counter()
    try:
        # The URL configuration imports every view module (seconds on a loaded machine: the first request
        # would wait on it), and a routine escalation's due time reads the holiday calendar (a second).
        from django.urls import get_resolver
        from django.utils import timezone

        from calls.timing import next_business_day

        get_resolver().url_patterns  # noqa: B018 (imports the URLconf)
        today = timezone.localdate()
        next_business_day(today)
        next_business_day(today.replace(month=12, day=24))  # and across the year's end
    except Exception:
        log.warning("URLs or holiday calendar not loaded ahead", exc_info=True)
    log.info("URLs and holiday calendar loaded", extra={"seconds": round(time.perf_counter() - started, 2)})
    try:
        from knowledge.rag import get_index
        from patients.models import Language

        for language in (Language.ENGLISH, Language.SPANISH):
            get_index(language)
    except Exception:  # a database not migrated yet: the first lookup builds the index instead
        log.warning("knowledge index not loaded ahead; the first lookup will build it", exc_info=True)
    finally:
        from django.db import connections

        connections.close_all()  # this thread's own connections; requests have theirs


def warm_up_in_background() -> threading.Thread | None:
    if not getattr(settings, "WARM_UP_AT_START", True):
        return None
    thread = threading.Thread(target=warm_up, name="postop-warm-up", daemon=True)
    thread.start()
    return thread
