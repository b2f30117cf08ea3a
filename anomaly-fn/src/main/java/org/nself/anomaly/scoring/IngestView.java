package org.nself.anomaly.scoring;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** What ingest answers: every point's result in the order sent, and counts. */
@Serdeable
record IngestView(int accepted, int duplicates, int late, int anomalous, List<PointResultView> points) {}
