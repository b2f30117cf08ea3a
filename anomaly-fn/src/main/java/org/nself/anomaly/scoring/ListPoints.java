package org.nself.anomaly.scoring;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.nself.anomaly.detector.DetectorRepository;
import org.nself.anomaly.source.EntityFilter;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.time.Rfc3339;

/** A page of a detector's stored points in time order (of all its series, or of those asked for), within [since, until). */
@Singleton
record ListPoints(
        DetectorRepository detectors,
        DataPointRepository points,
        EntityRepository entities,
        TransactionOperations<Connection> tx) {
    /** What {@code since}, {@code until} and preview timestamps must be. */
    static final String RFC_3339 = "must be RFC 3339, e.g. 2026-05-17T10:00:00Z";

    static final Instant END = Instant.parse("9999-01-01T00:00:00Z");

    /** {@code entity}: only the series whose labels include these (all series when null). */
    ListView<PointView> list(
            String account, String id, PageRequest page, String since, String until, EntityFilter entity) {
        detectors.find(account, id).orElseThrow(() -> ApiException.notFound("detector"));
        Instant from = since == null ? Instant.EPOCH : Rfc3339.storable("since", since, RFC_3339);
        Instant to = until == null ? END : Rfc3339.storable("until", until, RFC_3339);
        return tx.executeRead(s -> {
            Connection c = s.getConnection();
            List<String> series = entity == null ? null : entities.matching(c, account, id, entity.labels());
            List<PointView> data = points.range(c, account, id, series, from, to, page.limit(), page.offset());
            return ListView.of(data, points.count(c, account, id, series, from, to), page);
        });
    }
}
