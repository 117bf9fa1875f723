-- Boundary polygons loaded from a user's file; every load is a new version, older ones are kept.
CREATE SEQUENCE boundary_version_id_seq START 1;
CREATE TABLE boundary_version (
    id BIGINT PRIMARY KEY DEFAULT nextval('boundary_version_id_seq'),
    level TEXT NOT NULL CHECK (level IN ('kecamatan', 'kabkota')),
    file_name TEXT NOT NULL, sha256 TEXT NOT NULL, loaded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    n_features INTEGER, n_matched INTEGER);
-- One simplified shape per area (WKB, EPSG:4326).
CREATE TABLE boundary (
    version_id BIGINT NOT NULL, area_code TEXT NOT NULL, geometry BLOB NOT NULL,
    PRIMARY KEY (version_id, area_code));
