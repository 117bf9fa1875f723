-- The largest plausible value of an indicator for one week and one area row: a value above it is refused
-- at its cell (an extra zero, a misplaced decimal), so one typo cannot distort every total.
ALTER TABLE indicator ADD COLUMN max_value DOUBLE;
