-- Current values: facts of the one 'loaded' upload per pillar and week (superseded and
-- withdrawn uploads stay in the tables for history and rollback).
CREATE VIEW upload_current AS
    SELECT * FROM upload WHERE status = 'loaded';

CREATE VIEW indicator_value_current AS
    SELECT v.*, u.pillar FROM indicator_value v JOIN upload_current u ON u.id = v.upload_id;

-- A case appears in every weekly sheet that updates it; its current state is the latest one.
CREATE VIEW case_current AS
    SELECT c.* FROM case_report c JOIN upload_current u ON u.id = c.upload_id
    QUALIFY row_number() OVER (PARTITION BY c.case_ref ORDER BY c.week_start DESC, c.upload_id DESC) = 1;

CREATE VIEW victim_service_current AS
    SELECT s.* FROM victim_service s JOIN upload_current u ON u.id = s.upload_id;

CREATE VIEW ran_update_current AS
    SELECT r.*, u.pillar FROM ran_update r JOIN upload_current u ON u.id = r.upload_id;
