package org.nself.crash.stats;

import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;

/** The releases' health in a range, sorted by one of {@link #SORTS} (then by release) and paged. */
@Singleton
record ListReleases(StatsRepository rollups) {
    static final Set<String> SORTS = Set.of("last_seen", "sessions", "crash_free_sessions", "release");
    static final String DEFAULT_SORT = "last_seen";

    /** {@code sort} is one of {@link #SORTS}; {@code environment} narrows when not null. */
    ListView<StatsViews.ReleaseHealth> list(
            String account, StatsRange range, String environment, String sort, PageRequest page) {
        // health is computed per release from all its rollups, so the order and the page can only be
        // taken after the calculation (a release list is short: one row per release in the range)
        List<StatsViews.ReleaseHealth> sorted =
                ReleaseHealthCalculation.releases(rollups.read(account, range, null, environment, false)).stream()
                        .sorted(order(sort).thenComparing(StatsViews.ReleaseHealth::release))
                        .toList();
        int from = (int) Math.min(page.offset(), sorted.size());
        int to = (int) Math.min(sorted.size(), from + (long) page.limit());
        return ListView.of(sorted.subList(from, to), sorted.size(), page);
    }

    private static Comparator<StatsViews.ReleaseHealth> order(String sort) {
        return switch (sort) {
            case "sessions" ->
                Comparator.comparingLong(
                                (StatsViews.ReleaseHealth r) -> r.sessions().started())
                        .reversed();
            case "crash_free_sessions" ->
                Comparator.comparing(
                        StatsViews.ReleaseHealth::crashFreeSessions, Comparator.nullsLast(Comparator.naturalOrder()));
            case "release" -> Comparator.comparing(StatsViews.ReleaseHealth::release);
            default ->
                Comparator.comparing(
                        StatsViews.ReleaseHealth::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()));
        };
    }
}
