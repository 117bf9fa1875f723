-- Local accounts. Passwords are stored only as argon2 hashes.
CREATE TABLE app_user (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('ketua', 'pilar', 'pimpinan', 'admin')),
    pillar TEXT,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT true,
    must_change BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((role = 'pilar') = (pillar IS NOT NULL)));

-- Files that were refused: what was wrong, for the officer and the chair. Never the file itself,
-- and issue values of identity checks are already masked.
CREATE SEQUENCE rejection_id_seq START 1;
CREATE TABLE rejection (
    id BIGINT PRIMARY KEY DEFAULT nextval('rejection_id_seq'),
    file_name TEXT NOT NULL, sha256 TEXT NOT NULL, pillar TEXT, week TEXT,
    uploaded_by TEXT, uploaded_at TIMESTAMPTZ NOT NULL,
    n_error INTEGER, issues JSON);
