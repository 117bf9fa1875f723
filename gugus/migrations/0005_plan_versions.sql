-- The RAN/RAD action plan is imported (etl plan), not fixed reference data: each import is a version.
-- ran_action becomes the current plan; actions left out of a newer plan stay in plan_action with
-- their history and show in ran_action_removed.
CREATE SEQUENCE plan_version_id_seq START 1;
CREATE TABLE plan_version (
    id BIGINT PRIMARY KEY DEFAULT nextval('plan_version_id_seq'),
    file_name TEXT NOT NULL, sha256 TEXT NOT NULL, imported_by TEXT,
    imported_at TIMESTAMPTZ NOT NULL DEFAULT now(), n_actions INTEGER, example BOOLEAN NOT NULL DEFAULT false);
CREATE TABLE plan_action (
    version_id BIGINT NOT NULL, sheet_row INTEGER, code TEXT NOT NULL, pillar TEXT NOT NULL, strategy TEXT,
    activity TEXT NOT NULL, output TEXT, target DOUBLE, unit TEXT, lead_agency TEXT NOT NULL,
    related_agencies TEXT[], start DATE, due DATE, indicator_codes TEXT[],
    PRIMARY KEY (version_id, code));
DROP TABLE ran_action;
CREATE VIEW ran_action AS
    SELECT a.code, a.pillar, a.strategy, a.activity, a.output, a.target, a.unit, a.lead_agency,
           a.related_agencies, a.start, a.due, a.indicator_codes, v.example, a.version_id
    FROM plan_action a JOIN plan_version v ON v.id = a.version_id
    WHERE a.version_id = (SELECT max(id) FROM plan_version);
CREATE VIEW ran_action_removed AS
    SELECT a.code, arg_max(a.activity, a.version_id) AS activity, arg_max(a.pillar, a.version_id) AS pillar,
           max(a.version_id) AS last_version
    FROM plan_action a WHERE a.code NOT IN (SELECT code FROM ran_action)
    GROUP BY a.code;
