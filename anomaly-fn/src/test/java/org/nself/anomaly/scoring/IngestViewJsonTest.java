package org.nself.anomaly.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;

/** The hand-written ingest answer is the serde form of {@link IngestView}, value for value. */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestViewJsonTest implements PostgresTest {
    @Inject
    JsonMapper json;

    @Test
    void writesWhatSerdeWrites() throws IOException {
        Random random = new Random(11);
        List<PointResultView> points = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            boolean stored = random.nextInt(5) == 0;
            points.add(new PointResultView(
                    i % 3 == 0 ? "cpu" : "détecteur \"quoted\" \\ " + i,
                    new PointView(
                            Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000)),
                            random.nextGaussian() * Math.pow(10, random.nextInt(-12, 300)),
                            random.nextDouble(),
                            random.nextBoolean(),
                            stored ? null : random.nextGaussian() * 1e6,
                            stored ? null : -random.nextDouble() * 1e-7,
                            stored ? null : (double) random.nextInt(),
                            random.nextBoolean(),
                            null),
                    stored,
                    random.nextBoolean() ? UUID.randomUUID() : null));
        }
        IngestView view = new IngestView(1_900, 100, 7, 3, points);

        String fast = new String(IngestViewJson.write(view), StandardCharsets.UTF_8);
        String serde = new String(json.writeValueAsBytes(view), StandardCharsets.UTF_8);

        assertThat(json.readValue(fast, Map.class)).isEqualTo(json.readValue(serde, Map.class));
        assertThat(fast.replaceAll("[0-9.eE+-]+", "N")).isEqualTo(serde.replaceAll("[0-9.eE+-]+", "N"));
    }
}
