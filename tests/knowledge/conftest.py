from __future__ import annotations

import pytest

from knowledge.rag import reset_index


@pytest.fixture(autouse=True)
def fresh_knowledge_index():
    """A rolled-back test database sends no signals: never let one test's index serve the next."""
    reset_index()
    yield
    reset_index()
