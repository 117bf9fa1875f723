-- One definition per indicator: what kind of number it is (and so how it combines over weeks and
-- areas), which way is better, its target and the period that target covers. The reference CSV is
-- loaded again right after (its hash is forgotten), so the table is rebuilt with the new columns.
DROP TABLE indicator;
CREATE TABLE indicator (
    code TEXT PRIMARY KEY, pillar TEXT, name_id TEXT, short_name TEXT, name_en TEXT, unit TEXT,
    kind TEXT CHECK (kind IN ('count', 'percent', 'average', 'stock')),
    direction TEXT CHECK (direction IN ('up', 'down', 'monitor')),
    target_period TEXT CHECK (target_period IN ('year', 'level')), target DOUBLE,
    period TEXT, area_level TEXT, max_value DOUBLE, sensitive BOOLEAN, definition TEXT, source_agency TEXT);
DELETE FROM meta WHERE key = 'reference_hash';
