-- Product events reach the running instances whose object is their SKU (JourneyEngine.onProduct): find them by index,
-- not by scanning every instance on each price or stock change.
CREATE INDEX journey_instance_object ON journey_instance (object_key) WHERE state = 'ACTIVE' AND object_key IS NOT NULL;
