-- Columns of an office's plan matrix that name no field of ours (a budget note, a remark, a location) are kept
-- with each action as they were typed: a JSON object of header -> cell text.
ALTER TABLE plan_action ADD COLUMN extra TEXT;
