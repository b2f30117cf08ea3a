-- The notifications take the shape every outbox has (org.nself.shared.outbox.Outbox): a row of its own id,
-- the anomaly as the message it carries (webhook-id and dedup key), a body that may be built when sent,
-- the due index led by the account. An anomaly is still notified once per target.
ALTER TABLE np_anomaly_notifications RENAME COLUMN anomaly_id TO message_id;
ALTER TABLE np_anomaly_notifications ADD COLUMN id UUID NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE np_anomaly_notifications ALTER COLUMN id DROP DEFAULT;
ALTER TABLE np_anomaly_notifications ALTER COLUMN body DROP NOT NULL;
ALTER TABLE np_anomaly_notifications DROP CONSTRAINT np_anomaly_notifications_pkey;
ALTER TABLE np_anomaly_notifications ADD PRIMARY KEY (source_account_id, id);
ALTER TABLE np_anomaly_notifications
    ADD CONSTRAINT np_anomaly_notifications_message UNIQUE (source_account_id, message_id, target);
DROP INDEX np_anomaly_notifications_due;
CREATE INDEX np_anomaly_notifications_due ON np_anomaly_notifications (source_account_id, next_attempt_at)
    WHERE status = 'pending';
