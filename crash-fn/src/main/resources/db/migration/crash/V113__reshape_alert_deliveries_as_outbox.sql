-- The alert deliveries take the shape every outbox has (org.nself.shared.outbox.Outbox): a row of its own
-- id, the alert as the message it carries (its webhook-id), a body column (empty here: the message is built
-- from the alert when sent), when the delivery was recorded, the due index led by the account. An alert is
-- still delivered once per target.
ALTER TABLE np_crash_alert_deliveries RENAME COLUMN alert_id TO message_id;
ALTER TABLE np_crash_alert_deliveries
    RENAME CONSTRAINT np_crash_alert_deliveries_source_account_id_alert_id_fkey TO np_crash_alert_deliveries_alert;
ALTER TABLE np_crash_alert_deliveries ADD COLUMN id UUID NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE np_crash_alert_deliveries ALTER COLUMN id DROP DEFAULT;
ALTER TABLE np_crash_alert_deliveries ADD COLUMN body TEXT;
ALTER TABLE np_crash_alert_deliveries ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();
UPDATE np_crash_alert_deliveries d SET created_at = a.created_at
    FROM np_crash_alerts a WHERE a.source_account_id = d.source_account_id AND a.id = d.message_id;
ALTER TABLE np_crash_alert_deliveries DROP CONSTRAINT np_crash_alert_deliveries_pkey;
ALTER TABLE np_crash_alert_deliveries ADD PRIMARY KEY (source_account_id, id);
ALTER TABLE np_crash_alert_deliveries
    ADD CONSTRAINT np_crash_alert_deliveries_message UNIQUE (source_account_id, message_id, target);
DROP INDEX np_crash_alert_deliveries_due;
CREATE INDEX np_crash_alert_deliveries_due ON np_crash_alert_deliveries (source_account_id, next_attempt_at)
    WHERE status = 'pending';
