-- orchestration: the choose step (next best action, ADR 0028) logs the option it took, or the one the control group
-- would have had, with its net expected value; caps and budgets count earlier choices by option.
ALTER TABLE journey_step_log ADD COLUMN detail text;
ALTER TABLE journey_step_log ADD COLUMN expected_value double precision;
CREATE INDEX journey_step_log_choices ON journey_step_log (journey_id, step_id, detail, at) WHERE outcome = 'CHOSEN';
