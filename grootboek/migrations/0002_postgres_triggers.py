"""On PostgreSQL the database itself guards the ledger, whatever client writes to it:

- booked entries and lines cannot be updated or deleted (error 23001, restrict_violation);
- at commit, every entry must have at least two lines, be non-zero and balance (deferred
  constraint triggers, error 23514, check_violation).

TRUNCATE (used by test-database flushes) is not affected. SQLite relies on the model guards.
"""
from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION grootboek_onwijzigbaar() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Geboekte gegevens in % zijn onwijzigbaar; corrigeer met een tegenboeking', TG_TABLE_NAME
        USING ERRCODE = '23001';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER grootboek_journaalpost_onwijzigbaar
    BEFORE UPDATE OR DELETE ON grootboek_journaalpost
    FOR EACH ROW EXECUTE FUNCTION grootboek_onwijzigbaar();
CREATE TRIGGER grootboek_journaalregel_onwijzigbaar
    BEFORE UPDATE OR DELETE ON grootboek_journaalregel
    FOR EACH ROW EXECUTE FUNCTION grootboek_onwijzigbaar();

CREATE OR REPLACE FUNCTION grootboek_check_balans() RETURNS trigger AS $$
DECLARE
    post_id bigint;
    d numeric;
    c numeric;
    n integer;
BEGIN
    IF TG_TABLE_NAME = 'grootboek_journaalpost' THEN
        post_id := NEW.id;
    ELSE
        post_id := NEW.journaalpost_id;
    END IF;
    SELECT coalesce(sum(debet), 0), coalesce(sum(credit), 0), count(*) INTO d, c, n
        FROM grootboek_journaalregel WHERE journaalpost_id = post_id;
    IF n < 2 OR d = 0 OR d <> c THEN
        RAISE EXCEPTION 'Journaalpost % is niet in balans (debet %, credit %, % regels)', post_id, d, c, n
            USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER grootboek_journaalpost_balans
    AFTER INSERT ON grootboek_journaalpost DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION grootboek_check_balans();
CREATE CONSTRAINT TRIGGER grootboek_journaalregel_balans
    AFTER INSERT ON grootboek_journaalregel DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION grootboek_check_balans();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS grootboek_journaalregel_balans ON grootboek_journaalregel;
DROP TRIGGER IF EXISTS grootboek_journaalpost_balans ON grootboek_journaalpost;
DROP FUNCTION IF EXISTS grootboek_check_balans();
DROP TRIGGER IF EXISTS grootboek_journaalregel_onwijzigbaar ON grootboek_journaalregel;
DROP TRIGGER IF EXISTS grootboek_journaalpost_onwijzigbaar ON grootboek_journaalpost;
DROP FUNCTION IF EXISTS grootboek_onwijzigbaar();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("grootboek", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
