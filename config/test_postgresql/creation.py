"""Test database creation for the test suite only: under pytest-xdist the migrations run once per run.

Every xdist worker needs a test database of its own. Migrating each one costs the same twenty-odd
seconds of CPU per worker (and on a machine with two cores the workers migrate side by side). Here
the first worker to get there migrates a template database (`<test name>_template`, marked with the
xdist run id); every worker then creates its own database as a copy of it (`CREATE DATABASE ...
TEMPLATE`, well under a second). The copy is byte for byte what the same migrations produced in this
run, so nothing a test sees changes (the one shortcut while migrating is described at the end).
Without xdist, with --reuse-db (keepdb) or with migrations switched off, Django's own procedure runs
as before.
"""

import contextlib
import fcntl
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.db.backends.postgresql import creation


class DatabaseCreation(creation.DatabaseCreation):
    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        name = self._get_test_db_name()
        if (
            keepdb
            or not re.fullmatch(r"[0-9a-f]+", run)
            or not worker
            or not name.endswith(f"_{worker}")
            or self.connection.settings_dict["TEST"].get("MIGRATE") is False
        ):
            return super().create_test_db(verbosity, autoclobber, serialize, keepdb)

        template = f"{name[: -len(worker) - 1]}_template"
        lock = Path(tempfile.gettempdir()) / f"spuk-{template}.lock"
        with open(lock, "w") as handle:
            # One worker at a time: the first migrates the template, each one then copies it (a copy
            # needs the template without connections, so copies do not overlap either).
            fcntl.flock(handle, fcntl.LOCK_EX)
            if self._template_run(template) != run:
                self._build_template(template, run, verbosity, serialize)
            if verbosity >= 1:
                self.log(f"Copying test database {template} to {name}...")
            with self._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {self._quote_name(name)}")
                cursor.execute(f"CREATE DATABASE {self._quote_name(name)} TEMPLATE {self._quote_name(template)}")

        # The rest of Django's create_test_db after its migrate.
        from django.core.management import call_command

        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        call_command("createcachetable", database=self.connection.alias)
        self.connection.ensure_connection()
        return name

    def _template_run(self, template):
        with self._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template]
            )
            row = cursor.fetchone()
        return row[0] if row else None

    def _build_template(self, template, run, verbosity, serialize):
        """Django's own create_test_db (create, migrate), on the template's name."""
        test_settings = self.connection.settings_dict["TEST"]
        saved = test_settings.get("NAME")
        test_settings["NAME"] = template
        try:
            with _historical_state_machines_collect_nothing():
                super().create_test_db(verbosity, autoclobber=True, serialize=False, keepdb=False)
        finally:
            test_settings["NAME"] = saved
            self.connection.close()
            self.connection.close_pool()
        with self._nodb_cursor() as cursor:
            cursor.execute(f"COMMENT ON DATABASE {self._quote_name(template)} IS '{run}'")


@contextlib.contextmanager
def _historical_state_machines_collect_nothing():
    """While the migrations run: django-fsm's fields leave no signal receiver on historical models.

    Every FSMField connects a `class_prepared` receiver that collects its model's transition
    methods. The migrations render historical models (module `__fake__`, no methods, so nothing to
    collect) thousands of times, and each rendering added receivers that every later model class then
    had to call: about a third of the migration time. Models of the app keep their receivers."""
    from django.db.models.signals import class_prepared
    from django_fsm import FSMFieldMixin

    contribute = FSMFieldMixin.contribute_to_class

    def contribute_to_class(self, cls, name, *args, **kwargs):
        contribute(self, cls, name, *args, **kwargs)
        if cls.__module__ == "__fake__":
            class_prepared.disconnect(self._collect_transitions)

    FSMFieldMixin.contribute_to_class = contribute_to_class  # type: ignore[method-assign]
    try:
        yield
    finally:
        FSMFieldMixin.contribute_to_class = contribute  # type: ignore[method-assign]
