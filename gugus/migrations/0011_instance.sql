-- Settings the chair may change in the app (Pengaturan); the server's environment variables still win.
-- Every change is also in the audit trail.
CREATE TABLE app_setting (
    name TEXT PRIMARY KEY, value TEXT NOT NULL, changed_by TEXT, changed_at TIMESTAMPTZ NOT NULL DEFAULT now());
-- A database is demo or real for life: 'demo' = '1' marks the demo (set when it is built), '0' a real one.
-- Databases made before this migration with no mark and an upload not marked SIMULASI are real.
INSERT INTO meta (key, value)
SELECT 'demo', '0' WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'demo');
