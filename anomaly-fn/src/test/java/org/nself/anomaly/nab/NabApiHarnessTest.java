package org.nself.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NabApiHarnessTest implements PostgresTest {
    /** The NAB data shipped beside the repository (see its README). */
    static final Path NAB = Path.of(System.getProperty("nab.dir", "../../shared/data/nab"));
    /** The default detector's threshold rule, as the API fills it in for {@code {}}. */
    static final org.nself.anomaly.threshold.ThresholdConfig DEFAULTS =
            org.nself.anomaly.detector.DetectorSpec.threshold(Map.of(), "ensemble", Map.of());

    @Inject
    EmbeddedServer server;

    static Path nab() {
        Path p = NAB;
        if (!Files.exists(p.resolve("combined_windows.json"))) {
            p = Path.of("/work/shared/data/nab");
        }
        assertThat(p.resolve("combined_windows.json")).as("NAB data directory").exists();
        return p;
    }

    @Test
    void scoresThroughTheApiEqualTheInProcessScoresOnASmallSubset() {
        NabCorpus corpus = NabCorpus.load(
                nab(), n -> n.startsWith("realAdExchange/exchange-4") || n.equals("realTraffic/speed_7578.csv"));
        assertThat(corpus.series()).hasSize(3);
        String account = "t-nab-" + UUID.randomUUID().toString().substring(0, 8);
        NabApiHarness.Run api = NabApiHarness.run(new TestHttp(server.getURL()), account, corpus, "{}");
        List<NabScorer.Scored> local = NabHarness.run(corpus, "ensemble", Map.of());
        for (int f = 0; f < local.size(); f++) {
            assertThat(api.scored().get(f).scores())
                    .as(corpus.series().get(f).name())
                    .containsExactly(local.get(f).scores());
        }
        // the anomalies the API opened are the ones the default rule opens in-process
        List<NabScorer.Scored> rule =
                NabHarness.detections(NabHarness.estimate(corpus, "ensemble", Map.of()), DEFAULTS);
        for (int f = 0; f < rule.size(); f++) {
            assertThat(api.detections().get(f).scores())
                    .as(corpus.series().get(f).name())
                    .containsExactly(rule.get(f).scores());
        }
        assertThat(NabScorer.detected(api.detections(), NabScorer.PROFILES.get(0)))
                .isGreaterThan(0);
    }

    /**
     * The full dev subset through the API: {@code -Dgroups=nab -Danomaly.excludedGroups=none}, optionally
     * {@code -Dnab.detector='{"algorithm":"zscore"}'}. Prints the three scores and the ingest rate.
     */
    @Test
    @Tag("nab")
    void theDefaultDetectorOnTheWholeDevSubset() {
        NabCorpus corpus = NabCorpus.load(nab(), n -> true);
        String account = "t-nab-" + UUID.randomUUID().toString().substring(0, 8);
        String detector = System.getProperty("nab.detector", "{}");
        NabApiHarness.Run run = NabApiHarness.run(new TestHttp(server.getURL()), account, corpus, detector);
        StringBuilder b = new StringBuilder("NAB dev subset through the API, detector ")
                .append(detector)
                .append(", ")
                .append(corpus.series().size())
                .append(" series, ")
                .append(run.points())
                .append(" points, ingest ")
                .append(Math.round(run.pointsPerSecond()))
                .append(" points/s\n");
        b.append("  the anomalies the API opened, scored as they are:\n");
        for (NabScorer.Profile p : NabScorer.PROFILES) {
            b.append(String.format("  %-20s %6.1f%n", p.name(), NabScorer.detected(run.detections(), p)));
        }
        if (detector.equals("{}")) {
            // the same default in-process with the API's rule for a repeated timestamp (the first value
            // wins): the API restores the model on every batch of 5,000, and a restored model scores
            // exactly as an uninterrupted one, so those scores and detections must be the API's
            List<NabHarness.Estimated> estimated = NabHarness.estimate(corpus, "ensemble", Map.of());
            List<NabScorer.Scored> local = NabHarness.scores(estimated);
            List<NabScorer.Scored> detections = NabHarness.detections(estimated, DEFAULTS);
            b.append("in-process, the default rule ").append(DEFAULTS.toMap()).append(":\n");
            for (NabScorer.Profile p : NabScorer.PROFILES) {
                b.append(String.format("  %-20s %6.1f%n", p.name(), NabScorer.detected(detections, p)));
            }
            System.out.println(b);
            for (int f = 0; f < detections.size(); f++) {
                assertThat(run.detections().get(f).scores())
                        .as("detections of " + corpus.series().get(f).name())
                        .containsExactly(detections.get(f).scores());
            }
            List<String> differing = new java.util.ArrayList<>();
            for (int f = 0; f < local.size(); f++) {
                double[] viaApi = run.scored().get(f).scores();
                double[] inProcess = local.get(f).scores();
                int first = -1;
                int count = 0;
                for (int i = 0; i < inProcess.length; i++) {
                    if (Double.compare(viaApi[i], inProcess[i]) != 0) {
                        first = first < 0 ? i : first;
                        count++;
                    }
                }
                if (count > 0) {
                    differing.add(corpus.series().get(f).name() + " (" + inProcess.length + " points): " + count
                            + " differ from " + first + ", " + viaApi[first] + " vs " + inProcess[first]);
                }
            }
            assertThat(differing)
                    .as("series whose API scores differ from in-process ones")
                    .isEmpty();
        } else {
            System.out.println(b);
        }
        assertThat(run.points())
                .isEqualTo(corpus.series().stream()
                        .mapToLong(NabCorpus.Series::size)
                        .sum());
    }
}
