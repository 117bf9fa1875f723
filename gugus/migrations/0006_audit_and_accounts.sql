-- Who did what. Events are only ever inserted (gugus/audit.py has no update or delete); loads and
-- refusals are already kept row by row in upload and rejection, and appear in audit_log beside them.
CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_event (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    happened_at TIMESTAMPTZ NOT NULL DEFAULT now(), actor TEXT, action TEXT NOT NULL, target TEXT, detail TEXT,
    source TEXT NOT NULL DEFAULT 'app');
CREATE VIEW audit_log AS
    SELECT happened_at, actor, action, target, detail, source FROM audit_event
    UNION ALL
    SELECT uploaded_at, uploaded_by, 'unggah', '#' || id || ' ' || pillar || ' ' || week,
           file_name || ' (' || CASE status WHEN 'loaded' THEN 'berlaku' WHEN 'superseded' THEN 'diganti versi baru'
                                  ELSE 'ditarik' END || ')', 'app/cli' FROM upload
    UNION ALL
    SELECT uploaded_at, uploaded_by, 'unggah-ditolak', coalesce(pillar || ' ' || week, ''),
           file_name || ': ' || n_error || ' kesalahan', 'app/cli' FROM rejection;

-- Lockout after repeated failures, with a growing delay.
ALTER TABLE app_user ADD COLUMN failed_logins INTEGER DEFAULT 0;
ALTER TABLE app_user ADD COLUMN locked_until TIMESTAMPTZ;
ALTER TABLE app_user ADD COLUMN last_login TIMESTAMPTZ;
-- Tokens issued before this moment no longer log anyone in (logout, idle timeout).
ALTER TABLE app_user ADD COLUMN sessions_ended_at TIMESTAMPTZ;
