-- The victim's journey across pillars and the public-service chain (issue 15).
-- Stages of the journey with their time standard (reference data, with its source), and the points of the
-- public-service chain a case may name as misused or failed.
CREATE TABLE journey_stage (
    code TEXT PRIMARY KEY, seq INTEGER, label_id TEXT, label_en TEXT, pillar TEXT, services TEXT[], pending_id TEXT, after_id TEXT,
    standard_days INTEGER, source TEXT, confidence TEXT);
CREATE TABLE service_point (
    code TEXT PRIMARY KEY, seq INTEGER, label_id TEXT, label_en TEXT, agencies TEXT[], catatan TEXT);
-- Template v2: a case names the service points where the public service was misused (several per case).
ALTER TABLE case_report ADD COLUMN service_points TEXT[];
-- The Kerja Sama pillar's follow-up of a finding with the agency concerned; a follow-up is restated in a later
-- week when its status changes, and its latest row is its current state (gugus/chain.py reads it so, comparing case
-- references as validation does).
CREATE TABLE service_followup (
    upload_id BIGINT NOT NULL, sheet_row INTEGER, case_ref TEXT,
    week TEXT NOT NULL, week_start DATE NOT NULL, service_point TEXT NOT NULL, agency TEXT NOT NULL,
    sent_date DATE, letter TEXT, reply_date DATE, status TEXT, note TEXT);
CREATE INDEX service_followup_upload ON service_followup (upload_id);
DROP VIEW case_current;
CREATE VIEW case_current AS
    SELECT c.* FROM case_report c JOIN upload_current u ON u.id = c.upload_id
    QUALIFY row_number() OVER (PARTITION BY c.case_ref ORDER BY c.week_start DESC, c.upload_id DESC) = 1;
DELETE FROM meta WHERE key = 'reference_hash';
