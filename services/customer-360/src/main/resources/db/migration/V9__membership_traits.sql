-- customer-360: the paid loyalty membership as loyalty last reported it (LoyaltyEvent MEMBERSHIP_*), for segments and
-- journeys (renewal reminders, win-back of lapsed members).
ALTER TABLE customer ADD COLUMN membership_plan text;
ALTER TABLE customer ADD COLUMN membership_ends_at timestamptz;
