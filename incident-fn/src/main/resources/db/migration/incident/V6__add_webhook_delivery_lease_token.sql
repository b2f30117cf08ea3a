-- The run holding a delivery's lease: only that run may send the delivery and record its outcome.
ALTER TABLE np_incident_webhook_deliveries ADD COLUMN lease_token UUID;
