"""PostgreSQL backend for the test suite only (config.settings_test): the production backend with a
cheaper flush, and under pytest-xdist one migration per run instead of one per worker (creation.py).

pytest-django empties the database after every transactional test (live server, browsers, threads)
with Django's flush, which on PostgreSQL is one TRUNCATE of every table. TRUNCATE gives each of the
~80 tables a new file, which costs about two seconds per test. Deleting the rows of the nearly empty
tables takes a few milliseconds. Everything else is the stock backend.
"""

from django.db.backends.postgresql import base, operations

from config.test_postgresql.creation import DatabaseCreation

# Rebuilt identically by the post_migrate signal after every flush; keeping them saves that work.
KEPT_TABLES = {"django_content_type", "auth_permission"}


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or not self._may_skip_triggers():
            return super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        # Without triggers (replica role, superusers only) the ledger's "booked entries cannot be
        # deleted" triggers and the foreign key checks stay out of the way; every row goes anyway.
        sql = [f"{style.SQL_KEYWORD('SET LOCAL')} session_replication_role = replica;"]
        sql += [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
            if table not in KEPT_TABLES
        ]
        return sql

    def _may_skip_triggers(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            return cursor.fetchone()[0]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    creation_class = DatabaseCreation
