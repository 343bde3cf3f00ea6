-- service-kit: the relay never publishes a row past one that is still claimed (per-key order, OutboxRelay), so each
-- claim looks up the oldest live claim; claims are few and short-lived, so this index stays tiny.
CREATE INDEX kit_outbox_claimed ON kit_outbox (id) WHERE claimed_until IS NOT NULL;
