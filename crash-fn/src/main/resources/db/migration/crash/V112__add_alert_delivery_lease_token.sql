-- The run holding a delivery's lease: only that run may send the delivery and record its outcome.
ALTER TABLE np_crash_alert_deliveries ADD COLUMN lease_token UUID;
