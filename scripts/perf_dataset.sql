-- Measurement data set for docs/grootboek.md ("Performance"): one gemeente ("Schaalstad", CBS 9999)
-- with 500,000 balanced entries = 1,000,000 journal lines over 2022-2026, 10 beschikkingen and
-- 40 partners. Written straight in SQL for speed (the ledger triggers are switched off for this
-- session only), so afterwards run `manage.py herbereken_rekeningtotalen` and
-- `manage.py grootboek_controle --gemeente 9999`. Usage:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f scripts/perf_dataset.sql
SET session_replication_role = replica;
BEGIN;
INSERT INTO core_organisatie (naam, soort, cbs_code, kvk_nummer, email, actief)
VALUES ('Schaalstad', 'gemeente', '9999', '', '', true);
INSERT INTO core_organisatie (naam, soort, cbs_code, kvk_nummer, email, actief)
SELECT 'Schaalpartner ' || p, 'partner', '', lpad(p::text, 8, '7'), '', true FROM generate_series(1, 40) p;
CREATE TEMP TABLE g AS SELECT id FROM core_organisatie WHERE cbs_code = '9999';
INSERT INTO grootboek_rekening (gemeente_id, nummer, naam, soort, rol, beschikkingsnummer, kostenplaats, taakveld,
                                economische_categorie, actief)
SELECT g.id, r.nummer, r.naam, r.soort, r.rol, r.nr, '', '6.1', '', true
FROM g, (
    SELECT '1100' AS nummer, 'Bank' AS naam, 'activa' AS soort, 'bank' AS rol, '' AS nr
    UNION ALL SELECT '1600', 'Crediteuren', 'passiva', 'crediteuren', ''
    UNION ALL SELECT '1700.' || lpad(b::text, 2, '0'), 'Vooruitontvangen SPUK PERF-' || b, 'passiva', 'vooruitontvangen', 'PERF-' || b FROM generate_series(1, 10) b
    UNION ALL SELECT '4400.' || lpad(b::text, 2, '0'), 'Lasten SPUK PERF-' || b, 'lasten', 'lasten', 'PERF-' || b FROM generate_series(1, 10) b
    UNION ALL SELECT '8400.' || lpad(b::text, 2, '0'), 'Baten SPUK PERF-' || b, 'baten', 'baten', 'PERF-' || b FROM generate_series(1, 10) b
) r;
INSERT INTO grootboek_boekjaar (gemeente_id, jaar, laatste_volgnummer, gesloten)
SELECT g.id, j, 100000, false FROM g, generate_series(2022, 2026) j;
INSERT INTO grootboek_journaalpost (gemeente_id, boekjaar, volgnummer, boekdatum, omschrijving, bron_id,
                                    bron_referentie, aangemaakt_op)
SELECT g.id, 2022 + (i - 1) / 100000, (i - 1) % 100000 + 1,
       make_date(2022 + (i - 1) / 100000, 1, 1) + (((i - 1) % 100000) * 365 / 100000),
       'Schaalboeking ' || i, '', '', now()
FROM g, generate_series(1, 500000) i;
-- Four kinds of entry in turn: declaration (Lasten/Crediteuren), payment (Crediteuren/Bank),
-- instalment (Bank/Vooruitontvangen), release (Vooruitontvangen/Baten).
CREATE TEMP TABLE rek AS SELECT r.id, r.rol, r.beschikkingsnummer FROM grootboek_rekening r JOIN g ON r.gemeente_id = g.id;
CREATE TEMP TABLE p AS
SELECT jp.id, jp.volgnummer, jp.boekjaar, (jp.volgnummer % 4) AS soort, 'PERF-' || (jp.volgnummer % 10 + 1) AS nr,
       (jp.volgnummer % 997 + 1) * 1.25 AS bedrag
FROM grootboek_journaalpost jp JOIN g ON jp.gemeente_id = g.id;
CREATE TEMP TABLE partners AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM core_organisatie WHERE naam LIKE 'Schaalpartner %';
INSERT INTO grootboek_journaalregel (journaalpost_id, rekening_id, debet, credit, relatie_id, bestedingsjaar, omschrijving, sisa_categorie)
SELECT p.id, d.id, p.bedrag, 0, CASE WHEN p.soort IN (0, 1) THEN pa.id END,
       CASE WHEN p.soort = 0 THEN p.boekjaar END, '', CASE WHEN p.soort = 0 THEN 'zelfstandig' ELSE '' END
FROM p JOIN partners pa ON pa.n = p.volgnummer % 40
JOIN rek d ON (p.soort = 0 AND d.rol = 'lasten' AND d.beschikkingsnummer = p.nr)
           OR (p.soort = 1 AND d.rol = 'crediteuren')
           OR (p.soort = 2 AND d.rol = 'bank')
           OR (p.soort = 3 AND d.rol = 'vooruitontvangen' AND d.beschikkingsnummer = p.nr);
INSERT INTO grootboek_journaalregel (journaalpost_id, rekening_id, debet, credit, relatie_id, bestedingsjaar, omschrijving, sisa_categorie)
SELECT p.id, c.id, 0, p.bedrag, CASE WHEN p.soort IN (0, 1) THEN pa.id END, NULL, '', ''
FROM p JOIN partners pa ON pa.n = p.volgnummer % 40
JOIN rek c ON (p.soort = 0 AND c.rol = 'crediteuren')
           OR (p.soort = 1 AND c.rol = 'bank')
           OR (p.soort = 2 AND c.rol = 'vooruitontvangen' AND c.beschikkingsnummer = p.nr)
           OR (p.soort = 3 AND c.rol = 'baten' AND c.beschikkingsnummer = p.nr);
COMMIT;
SET session_replication_role = origin;
ANALYZE;
