"""Test-only tools that build states the application itself refuses to produce."""

from django.db import connection, models


def force_update(model, pk, **fields):
    """Rewrite a frozen row to simulate history (e.g. a budget line lowered after submissions).

    Bypasses the frozen queryset and, on PostgreSQL, the frozen triggers for this one statement
    (`session_replication_role = replica` skips ordinary triggers; the test user is a superuser).
    """
    queryset = model._base_manager.filter(pk=pk)
    if connection.vendor != "postgresql":
        return models.QuerySet.update(queryset, **fields)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        return models.QuerySet.update(queryset, **fields)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
