"""The dashboard keeps the request's database connection: the worker panel must not reconnect mid-page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.signals import connection_created

from tests.factories import CallScheduleItemFactory


@pytest.mark.django_db(transaction=True)
def test_the_worker_panel_does_not_reopen_the_database_connection(nurse_client, settings):
    # Autocommit (no test transaction around the request) and CONN_MAX_AGE=0, as the bench and a
    # default deployment run: django-q's ORM broker used to close the connection as "old" and the
    # page reconnected (twice per refresh) for its queue size.
    assert connection.settings_dict["CONN_MAX_AGE"] == 0
    CallScheduleItemFactory()
    nurse_client.get("/")  # the first request opens the connection
    opened = []

    def count(**kwargs: object) -> None:
        opened.append(kwargs)

    connection_created.connect(count)
    try:
        response = nurse_client.get("/")
    finally:
        connection_created.disconnect(count)
    assert response.status_code == 200
    assert "Jobs, last hour" in response.content.decode()
    assert opened == []
