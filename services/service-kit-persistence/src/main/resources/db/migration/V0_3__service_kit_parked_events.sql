-- service-kit: events waiting for a dependency are parked as outbox rows that re-deliver them to the same
-- consumer (headers say which) once not_before has passed (ADR 0008).
ALTER TABLE kit_outbox ADD COLUMN headers jsonb;
ALTER TABLE kit_outbox ADD COLUMN not_before timestamptz;
