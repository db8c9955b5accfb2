-- Measurement data for the work-list and notification indexes (docs/declaraties.md, "Indexes"):
-- 200,000 declarations of the gemeente Schaalstad (scripts/perf_dataset.sql first) and 120,000
-- notifications, 19,000 of them for one user with 40 unread. Triggers and foreign keys are off for
-- this session only (the referenced buurten, regels, users and payments are not created): this data
-- is for EXPLAIN, not for the pages. Usage: psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f scripts/perf_werkvoorraad.sql
SET session_replication_role = replica;
BEGIN;
INSERT INTO declaraties_declaratie (nummer, regel_oorsprong_id, bestedingsjaar, bedrag, omschrijving, factuurnummer,
    niet_elders_gefinancierd, status, ronde, reden, aangemaakt_op, ingediend_op, aangemaakt_door_id,
    begrotingsregel_id, betaling_id, journaalpost_id, buurt_id, gemeente_id, partner_id)
SELECT 'P-' || i, 1, 2024 + i % 3, (i % 5000 + 1) * 3.5, 'Schaaldeclaratie', 'F' || i, true,
       CASE WHEN i % 100 < 3 THEN 'ingediend' WHEN i % 100 < 4 THEN 'opnieuw_ingediend'
            WHEN i % 100 < 12 THEN 'afgewezen' ELSE 'betaald' END,
       1, '', now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval, 1, 1,
       CASE WHEN i % 100 >= 12 THEN 1 END, CASE WHEN i % 100 >= 12 THEN (SELECT min(id) FROM grootboek_journaalpost) + i END, 1 + i % 50, (SELECT id FROM core_organisatie WHERE cbs_code = '9999'),
       (SELECT min(id) FROM core_organisatie WHERE naam LIKE 'Schaalpartner %') + i % 40
FROM generate_series(1, 200000) i;
INSERT INTO core_melding (ontvanger_id, titel, tekst, link, aangemaakt_op, gelezen_op, email_gewenst)
SELECT CASE WHEN i <= 19000 THEN 900001 ELSE 900002 + i % 100 END, 'Melding ' || i, '', '',
       now() - (i || ' minutes')::interval, CASE WHEN i % 500 = 0 THEN NULL ELSE now() END, false
FROM generate_series(1, 120000) i;
COMMIT;
SET session_replication_role = origin;
ANALYZE declaraties_declaratie;
ANALYZE core_melding;
