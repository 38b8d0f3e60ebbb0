"""A web process loads the red-flag pipeline and the knowledge indexes as it starts, not on a patient's first turn."""

from __future__ import annotations

import pytest

from knowledge import rag
from postop.warmup import warm_up_in_background
from tests.patience import patience


@pytest.mark.django_db(transaction=True)
def test_the_web_process_loads_triage_and_both_knowledge_indexes_in_the_background(settings):
    settings.WARM_UP_AT_START = True
    rag.reset_index()
    thread = warm_up_in_background()
    assert thread is not None and thread.daemon
    thread.join(timeout=patience(120))
    assert not thread.is_alive()
    assert rag._states["en"].index is not None and rag._states["es"].index is not None


def test_warm_up_can_be_turned_off(settings):
    settings.WARM_UP_AT_START = False
    assert warm_up_in_background() is None
