package org.nself.anomaly.source;

import java.util.List;

/**
 * One series a source answered: its entity (the default one for a single-series source) and its points;
 * or, with a {@code refusal}, a series whose labels cannot be stored (the run skips it and says why).
 */
public record FetchedSeries(Entity entity, List<FetchedPoint> points, String refusal) {
    public FetchedSeries(Entity entity, List<FetchedPoint> points) {
        this(entity, points, null);
    }

    static FetchedSeries refused(String why) {
        return new FetchedSeries(Entity.DEFAULT, List.of(), why);
    }
}
