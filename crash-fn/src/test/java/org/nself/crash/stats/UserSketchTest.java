package org.nself.crash.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nself.crash.session.SessionParser;

class UserSketchTest {
    @Test
    void smallCountsAreExactAndSurviveStorage() {
        UserSketch sketch = new UserSketch();
        for (int i = 0; i < 200; i++) {
            sketch.add(SessionParser.hashDid("user-" + i));
            sketch.add(SessionParser.hashDid("user-" + i));
        }

        assertThat(UserSketch.fromBytes(sketch.toBytes()).estimate()).isEqualTo(200);
    }

    @Test
    void mergingCountsUsersSeenInBothOnce() {
        UserSketch monday = new UserSketch();
        UserSketch tuesday = new UserSketch();
        for (int i = 0; i < 100; i++) {
            monday.add(SessionParser.hashDid("u" + i));
            tuesday.add(SessionParser.hashDid("u" + (i + 50)));
        }

        monday.merge(tuesday);

        assertThat(monday.estimate()).isEqualTo(150);
    }

    @Test
    void largeCountsStayWithinAFewPercent() {
        SplittableRandom random = new SplittableRandom(42);
        UserSketch a = new UserSketch();
        UserSketch b = new UserSketch();
        for (int i = 0; i < 60_000; i++) {
            (i % 2 == 0 ? a : b).add(random.nextLong());
        }

        a.merge(UserSketch.fromBytes(b.toBytes()));

        assertThat((double) a.estimate()).isCloseTo(60_000, within(60_000 * 0.06));
    }
}
