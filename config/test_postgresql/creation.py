"""Test database creation for the test suite only: under pytest-xdist the migrations run once per
version of the code.

Every xdist worker needs a test database of its own. Migrating each one costs the same twenty-odd
seconds of CPU per worker (and on a machine with two cores the workers migrate side by side). Here
the first worker to get there migrates a template database (`<test name>_template`); every worker
then creates its own, fresh database as a copy of it (`CREATE DATABASE ... TEMPLATE`, well under a
second). The template is marked with a hash of everything a migration run can depend on (every
source and data file of the project outside tests/, bench/ and docs/, and the locked package
versions) and migrated again whenever that hash changes: an unchanged tree gets the database the same
migrations would produce, without the 10–15 s of migrating on the critical path of every run (a
second run, or CI after a local run of the same commit). The one shortcut while migrating is
described at the end. Without xdist, with --reuse-db (keepdb) or with migrations switched off,
Django's own procedure runs as before.
"""

import contextlib
import fcntl
import hashlib
import os
import re
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.backends.postgresql import creation

TEMPLATE_PREFIX = "spuk_test_template_"


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

        # Named after the code, so every run of the same tree on this server (a local run, CI's clean
        # clone of that commit) copies the same template; the comment marks a completed build.
        sleutel = code_sleutel()
        template = f"{TEMPLATE_PREFIX}{sleutel[:20]}"
        lock = Path(tempfile.gettempdir()) / "spuk-test-template.lock"
        with open(lock, "w") as handle:
            # One worker at a time: the first migrates the template, each one then copies it (a copy
            # needs the template without connections, so copies do not overlap either).
            fcntl.flock(handle, fcntl.LOCK_EX)
            if self._template_sleutel(template) != sleutel:
                self._build_template(template, sleutel, verbosity, serialize)
                self._drop_old_templates(keep=template)
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

    def _template_sleutel(self, template):
        with self._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template]
            )
            row = cursor.fetchone()
        return row[0] if row else None

    def _drop_old_templates(self, keep):
        """Templates of earlier versions of the code; one still being copied by another run stays."""
        with self._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                [TEMPLATE_PREFIX.replace("_", r"\_") + "%", keep],
            )
            oud = [row[0] for row in cursor.fetchall()]
        for naam in oud:
            with contextlib.suppress(Exception), self._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {self._quote_name(naam)}")

    def _build_template(self, template, sleutel, verbosity, serialize):
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
            cursor.execute(f"COMMENT ON DATABASE {self._quote_name(template)} IS '{sleutel}'")


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


# Top-level entries whose content cannot change what the migrations produce.
_NIET_GEHASHT = {"tests", "bench", "docs", "node_modules", "static", "staticfiles", "media", "var", "private"}
_GEHASHT = {".py", ".json", ".yaml", ".yml", ".sql", ".csv", ".txt", ".toml", ".cfg"}


@cache
def code_sleutel() -> str:
    """A hash of the files a migration run can read: project sources and data outside the excluded
    directories, and requirements/*.txt (the locked versions of Django and the other apps)."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    paden = []
    for map_, submappen, bestanden in os.walk(root):
        relatief = Path(map_).relative_to(root)
        if relatief == Path("."):
            submappen[:] = [
                d for d in submappen if d not in _NIET_GEHASHT and not d.startswith(".") and not d.endswith(".egg-info")
            ]
        submappen[:] = [d for d in submappen if d != "__pycache__"]
        paden += [relatief / b for b in bestanden if Path(b).suffix in _GEHASHT]
    for pad in sorted(paden):
        digest.update(str(pad).encode() + b"\0" + (root / pad).read_bytes() + b"\0")
    return digest.hexdigest()[:32]
