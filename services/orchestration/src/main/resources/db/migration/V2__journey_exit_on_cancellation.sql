-- An instance whose order was cancelled while it waited ends as EXITED, without acting (JourneyEngine.exit).
COMMENT ON COLUMN journey_instance.state IS 'WAITING, COMPLETED, or EXITED (its order was cancelled while it waited)';
