package org.nself.anomaly.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nself.anomaly.source.FetchedSeries;

/**
 * Which of the series a pull answered are scored under a detector's {@code max_entities}: those that
 * already have a model first (a series keeps its model while it is answered), then new ones in the
 * order the source answered, up to the cap. The rest, and series whose labels cannot be stored, are
 * skipped and named (at most {@value #NAMED} of them) in the run's result.
 */
record SeriesCap(List<FetchedSeries> scored, int skipped, List<String> skippedNamed) {
    static final int NAMED = 10;

    static SeriesCap admit(List<FetchedSeries> answered, Set<String> known, int max) {
        List<FetchedSeries> scored = new ArrayList<>();
        List<String> named = new ArrayList<>();
        int skipped = 0;
        List<FetchedSeries> fresh = new ArrayList<>();
        for (FetchedSeries s : answered) {
            if (s.refusal() != null) {
                skipped++;
                name(named, "refused: " + s.refusal());
            } else if (known.contains(s.entity().key())) {
                scored.add(s);
            } else {
                fresh.add(s);
            }
        }
        if (scored.size() > max) {
            for (FetchedSeries s : scored.subList(max, scored.size())) {
                skipped++;
                name(named, s.entity().key());
            }
            scored = new ArrayList<>(scored.subList(0, max));
        }
        for (FetchedSeries s : fresh) {
            if (scored.size() < max && scored.stream().noneMatch(o -> o.entity().equals(s.entity()))) {
                scored.add(s);
            } else {
                skipped++;
                name(named, s.entity().key());
            }
        }
        return new SeriesCap(List.copyOf(scored), skipped, List.copyOf(named));
    }

    private static void name(List<String> named, String what) {
        if (named.size() < NAMED) {
            named.add(what);
        }
    }
}
