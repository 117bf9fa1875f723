-- Columns of an office's plan matrix that name no field of ours (a remark, a location) are kept with each action
-- as they were typed: a JSON object of header -> cell text. Budget source (APBD, APBN, DAK, ...) and amount (Rp)
-- are fields of their own, shown on the Aksi RAN page and in the annual export.
ALTER TABLE plan_action ADD COLUMN extra TEXT;
ALTER TABLE plan_action ADD COLUMN budget_source TEXT;
ALTER TABLE plan_action ADD COLUMN budget_amount DOUBLE;
CREATE OR REPLACE VIEW ran_action AS
    SELECT a.code, a.pillar, a.strategy, a.activity, a.output, a.target, a.unit, a.lead_agency,
           a.related_agencies, a.start, a.due, a.indicator_codes, v.example, a.version_id,
           a.budget_source, a.budget_amount, a.extra
    FROM plan_action a JOIN plan_version v ON v.id = a.version_id
    WHERE a.version_id = (SELECT max(id) FROM plan_version);
