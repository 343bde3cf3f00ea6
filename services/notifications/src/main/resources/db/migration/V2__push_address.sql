-- An app installation's push token (from the analytics events' context.device.token, on the profile as PUSH_TOKEN):
-- the customer's address on the PUSH channel.
ALTER TABLE recipient ADD COLUMN push_token text;
