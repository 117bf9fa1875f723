-- Reference tables (refreshed from data/reference/*.csv) and fact tables tagged with upload_id.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE pillar (
    slug TEXT PRIMARY KEY, no INTEGER, name_id TEXT, name_en TEXT,
    national_sub_task_force TEXT, lead_agency TEXT);

CREATE TABLE agency (
    code TEXT PRIMARY KEY, name TEXT, short TEXT, aliases TEXT[], pillars TEXT[]);

CREATE TABLE indicator (
    code TEXT PRIMARY KEY, pillar TEXT, name_id TEXT, name_en TEXT, unit TEXT,
    kind TEXT CHECK (kind IN ('count', 'percent')),
    direction TEXT CHECK (direction IN ('up', 'down', 'monitor')),
    period TEXT, area_level TEXT, weekly_target DOUBLE, annual_target DOUBLE,
    sensitive BOOLEAN, definition TEXT, source_agency TEXT);

CREATE TABLE area (
    code TEXT PRIMARY KEY, bps_code TEXT, name TEXT, level TEXT, parent TEXT,
    lat DOUBLE, lon DOUBLE, confidence TEXT, catatan TEXT);

CREATE TABLE place (
    code TEXT PRIMARY KEY, name TEXT, kind TEXT, country TEXT, area_code TEXT,
    lat DOUBLE, lon DOUBLE, radius_km DOUBLE, confidence TEXT, catatan TEXT);

CREATE TABLE route (code TEXT PRIMARY KEY, name TEXT, modus TEXT, mode TEXT, catatan TEXT);

CREATE TABLE route_stop (route_code TEXT, seq INTEGER, place_code TEXT, stage TEXT,
    PRIMARY KEY (route_code, seq));

CREATE TABLE choice (list TEXT, code TEXT, label_id TEXT, label_en TEXT, PRIMARY KEY (list, code));

CREATE TABLE ran_action (
    code TEXT PRIMARY KEY, pillar TEXT, strategy TEXT, activity TEXT, output TEXT,
    target DOUBLE, unit TEXT, lead_agency TEXT, related_agencies TEXT[],
    start DATE, due DATE, indicator_codes TEXT[], example BOOLEAN);

CREATE SEQUENCE upload_id_seq START 1;

-- One row per accepted workbook. Exactly one 'loaded' upload per pillar and week is current.
CREATE TABLE upload (
    id BIGINT PRIMARY KEY DEFAULT nextval('upload_id_seq'),
    pillar TEXT NOT NULL, week TEXT NOT NULL, week_start DATE NOT NULL,
    file_name TEXT NOT NULL, sha256 TEXT NOT NULL,
    uploaded_by TEXT, uploaded_at TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('loaded', 'superseded', 'withdrawn')),
    simulated BOOLEAN NOT NULL DEFAULT false, template_version TEXT,
    agency TEXT, officer TEXT, report_date DATE,
    n_indicator INTEGER, n_case INTEGER, n_service INTEGER, n_ran INTEGER, n_warning INTEGER,
    withdrawn_by TEXT, withdrawn_at TIMESTAMPTZ);

CREATE TABLE indicator_value (
    upload_id BIGINT NOT NULL, sheet_row INTEGER, indicator TEXT NOT NULL,
    week TEXT NOT NULL, week_start DATE NOT NULL, area TEXT NOT NULL,
    value DOUBLE, numerator DOUBLE, denominator DOUBLE, note TEXT);

CREATE TABLE case_report (
    upload_id BIGINT NOT NULL, sheet_row INTEGER, case_ref TEXT NOT NULL,
    week TEXT NOT NULL, week_start DATE NOT NULL, reported_date DATE, origin_area TEXT,
    modus TEXT, exploitation TEXT, route TEXT, crossing TEXT, destination_country TEXT,
    victims_male_adult INTEGER, victims_female_adult INTEGER,
    victims_male_child INTEGER, victims_female_child INTEGER, victims_total INTEGER,
    suspects INTEGER, stage TEXT, stage_date DATE, lat DOUBLE, lon DOUBLE);

CREATE TABLE victim_service (
    upload_id BIGINT NOT NULL, sheet_row INTEGER, case_ref TEXT NOT NULL,
    week TEXT NOT NULL, week_start DATE NOT NULL, pillar TEXT NOT NULL,
    service_date DATE, service TEXT, victims_male INTEGER, victims_female INTEGER,
    victims INTEGER, children INTEGER, origin_area TEXT, referred_from TEXT,
    days_from_referral DOUBLE, note TEXT);

CREATE TABLE ran_update (
    upload_id BIGINT NOT NULL, sheet_row INTEGER, action TEXT NOT NULL,
    week TEXT NOT NULL, week_start DATE NOT NULL, status TEXT, progress DOUBLE,
    agency TEXT, evidence TEXT);

CREATE INDEX upload_pillar_week ON upload (pillar, week);
CREATE INDEX indicator_value_upload ON indicator_value (upload_id);
CREATE INDEX case_report_upload ON case_report (upload_id);
CREATE INDEX victim_service_upload ON victim_service (upload_id);
CREATE INDEX ran_update_upload ON ran_update (upload_id);
