-- The run holding a notification's lease: only that run may send the notification and record its outcome.
ALTER TABLE np_anomaly_notifications ADD COLUMN lease_token UUID;
