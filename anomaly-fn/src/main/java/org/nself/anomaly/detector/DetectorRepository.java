package org.nself.anomaly.detector;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.DataType;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/**
 * {@code np_anomaly_detectors}; every statement filters by account. Statements run in the caller's
 * transaction when there is one: {@link #lock} holds the row for it (ingest, scheduled runs and
 * changes of one detector serialise there).
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface DetectorRepository extends GenericRepository<DetectorRow, String> {

    /** Inserts; false when the id is taken in this account. */
    default boolean insert(String account, String id, DetectorSpec spec) {
        DetectorStatus status = spec.enabled() ? DetectorStatus.LEARNING : DetectorStatus.PAUSED;
        DetectorRow row = DetectorRow.of(account, id, spec, status, null, ModelTrainer.Trained.NONE, 1, null);
        // plain parameters: their row count tells a taken id (an entity insert answers 1 either way)
        return insertRow(
                        row.sourceAccountId(),
                        row.id(),
                        row.name(),
                        row.source(),
                        row.algorithm(),
                        row.params(),
                        row.threshold(),
                        row.schedule(),
                        row.enabled(),
                        row.status())
                == 1;
    }

    default Optional<Detector> find(String account, String id) {
        return findRow(account, id).map(DetectorRow::detector);
    }

    /** The detector, its row locked until the caller's transaction ends. */
    default Optional<Detector> lock(String account, String id) {
        return lockRow(account, id).map(DetectorRow::detector);
    }

    default List<Detector> list(String account, int limit, long offset) {
        return listRows(account, limit, offset).stream()
                .map(DetectorRow::detector)
                .toList();
    }

    /** Writes a new configuration with the model that goes with it. */
    default void saveConfig(
            String account,
            String id,
            DetectorSpec spec,
            DetectorStatus status,
            @Nullable String statusReason,
            ModelTrainer.Trained model,
            int version,
            @Nullable Instant nextRunAt) {
        updateConfig(DetectorRow.of(account, id, spec, status, statusReason, model, version, nextRunAt));
    }

    /** Stores the model after scoring. */
    default void saveModel(
            Detector d, byte[] state, byte[] ruleState, long learned, Instant lastTimestamp, DetectorStatus status) {
        updateModel(d.account(), d.id(), state, ruleState, learned, lastTimestamp, status.wire());
    }

    /** Records a scheduled run: its status (and the reason of an error), the watermark, when it ran and runs next. */
    default void recordRun(
            Detector d,
            DetectorStatus status,
            @Nullable String reason,
            @Nullable Instant watermark,
            Instant ranAt,
            Instant nextRunAt) {
        updateRun(d.account(), d.id(), status.wire(), reason, watermark, ranAt, nextRunAt);
    }

    @Query("SELECT count(*) FROM np_anomaly_detectors WHERE source_account_id = :account")
    long count(String account);

    /** One page of the account's detectors, with the count of all of them. */
    default ListView<Detector> page(String account, PageRequest page) {
        return ListView.of(list(account, page.limit(), page.offset()), count(account), page);
    }

    /** The detector's points, anomalies and series models go with it. */
    @Query("DELETE FROM np_anomaly_data_points WHERE source_account_id = :account AND detector_id = :id")
    void deletePoints(String account, String id);

    @Query("DELETE FROM np_anomaly_events WHERE source_account_id = :account AND detector_id = :id")
    void deleteEvents(String account, String id);

    @Query("DELETE FROM np_anomaly_entities WHERE source_account_id = :account AND detector_id = :id")
    void deleteEntities(String account, String id);

    /** Rows deleted (0 or 1). */
    @Query("DELETE FROM np_anomaly_detectors WHERE source_account_id = :account AND id = :id")
    int delete(String account, String id);

    /**
     * The scheduled detector that falls due first before {@code dueBefore} and that no other
     * transaction holds, locked for the caller's; empty when none is left.
     */
    @Query("SELECT source_account_id, id FROM np_anomaly_detectors WHERE schedule IS NOT NULL AND enabled"
            + " AND next_run_at < :dueBefore ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED")
    Optional<DetectorKey> nextDue(Instant dueBefore);

    /** A run that failed (and rolled back) leaves the detector in error, due again one schedule after {@code tick}. */
    @Query("UPDATE np_anomaly_detectors SET status = 'error', status_reason = :reason,"
            + " next_run_at = CAST(:tick AS timestamptz) + make_interval(secs =>"
            + " CAST(COALESCE(NULLIF(regexp_replace(schedule, '\\D', '', 'g'), ''), '60') AS int)),"
            + " updated_at = now() WHERE source_account_id = :account AND id = :id")
    void markFailed(String account, String id, String reason, Instant tick);

    @Query("INSERT INTO np_anomaly_detectors (source_account_id, id, name, source, algorithm, params, threshold,"
            + " schedule, enabled, status, next_run_at) VALUES (:account, :id, :name, CAST(:source AS jsonb),"
            + " :algorithm, CAST(:params AS jsonb), CAST(:threshold AS jsonb), :schedule, :enabled, :status,"
            + " CASE WHEN CAST(:schedule AS text) IS NULL THEN NULL ELSE now() END)"
            + " ON CONFLICT (source_account_id, id) DO NOTHING")
    int insertRow(
            String account,
            String id,
            String name,
            @TypeDef(type = DataType.JSON) Map<String, Object> source,
            String algorithm,
            @TypeDef(type = DataType.JSON) Map<String, Object> params,
            @TypeDef(type = DataType.JSON) Map<String, Object> threshold,
            @Nullable String schedule,
            boolean enabled,
            String status);

    @Query("SELECT * FROM np_anomaly_detectors WHERE source_account_id = :account AND id = :id")
    Optional<DetectorRow> findRow(String account, String id);

    @Query("SELECT * FROM np_anomaly_detectors WHERE source_account_id = :account AND id = :id FOR UPDATE")
    Optional<DetectorRow> lockRow(String account, String id);

    @Query("SELECT * FROM np_anomaly_detectors WHERE source_account_id = :account ORDER BY created_at, id"
            + " LIMIT :limit OFFSET :offset")
    List<DetectorRow> listRows(String account, int limit, long offset);

    @Query("UPDATE np_anomaly_detectors SET name = :name, source = CAST(:source AS jsonb), algorithm = :algorithm,"
            + " params = CAST(:params AS jsonb), threshold = CAST(:threshold AS jsonb), schedule = :schedule,"
            + " enabled = :enabled, status = :status, status_reason = :statusReason, state = :state,"
            + " rule_state = :ruleState, points_learned = :pointsLearned, version = :version,"
            + " next_run_at = :nextRunAt, updated_at = now() WHERE source_account_id = :sourceAccountId AND id = :id")
    void updateConfig(DetectorRow row);

    @Query("UPDATE np_anomaly_detectors SET state = :state, rule_state = :ruleState, points_learned = :learned,"
            + " last_timestamp = :lastTimestamp, status = :status, status_reason = NULL, updated_at = now()"
            + " WHERE source_account_id = :account AND id = :id")
    void updateModel(
            String account,
            String id,
            byte[] state,
            byte[] ruleState,
            long learned,
            @Nullable Instant lastTimestamp,
            String status);

    @Query("UPDATE np_anomaly_detectors SET status = :status, status_reason = :reason, watermark = :watermark,"
            + " last_run_at = :ranAt, next_run_at = :nextRunAt, updated_at = now()"
            + " WHERE source_account_id = :account AND id = :id")
    void updateRun(
            String account,
            String id,
            String status,
            @Nullable String reason,
            @Nullable Instant watermark,
            Instant ranAt,
            Instant nextRunAt);
}
