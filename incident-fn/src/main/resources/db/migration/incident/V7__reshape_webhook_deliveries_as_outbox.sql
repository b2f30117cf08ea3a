-- The webhook deliveries take the shape every outbox has (org.nself.shared.outbox.Outbox): the timeline
-- entry as the message the delivery carries (its webhook-id), the body, and the target that sends it; the
-- webhook, event type, incident and seq stay as this table's own columns for the delivery log.
ALTER TABLE np_incident_webhook_deliveries RENAME COLUMN event_id TO message_id;
ALTER TABLE np_incident_webhook_deliveries RENAME COLUMN payload TO body;
ALTER TABLE np_incident_webhook_deliveries ALTER COLUMN body DROP NOT NULL;
ALTER TABLE np_incident_webhook_deliveries ADD COLUMN target VARCHAR(20) NOT NULL DEFAULT 'webhook';
ALTER TABLE np_incident_webhook_deliveries ALTER COLUMN target DROP DEFAULT;
ALTER TABLE np_incident_webhook_deliveries
    ADD CONSTRAINT np_incident_webhook_deliveries_target_check CHECK (target IN ('webhook'));
ALTER INDEX np_incident_webhook_deliveries_due_idx RENAME TO np_incident_webhook_deliveries_due;
