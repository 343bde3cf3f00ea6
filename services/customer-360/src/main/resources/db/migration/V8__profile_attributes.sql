-- Attributes journeys set on a customer (ProfileCommand), published as traits.attributes (ADR 0022).
ALTER TABLE customer ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}';
