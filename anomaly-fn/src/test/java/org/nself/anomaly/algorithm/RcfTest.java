package org.nself.anomaly.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.state.RandomCutForestMapper;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RcfTest {
    @Test
    void theSameCheckpointAndSeedGiveTheSameForest() throws Exception {
        RandomCutForest live = RandomCutForest.builder()
                .dimensions(1)
                .shingleSize(1)
                .internalShinglingEnabled(true)
                .numberOfTrees(50)
                .sampleSize(64)
                .timeDecay(1.0 / 640)
                .outputAfter(16)
                .randomSeed(42)
                .build();
        Random r = new Random(5);
        for (int i = 0; i < 1500; i++) {
            live.update(new double[] {r.nextGaussian()});
        }
        RandomCutForestMapper mapper = new RandomCutForestMapper();
        mapper.setSaveExecutorContextEnabled(true);
        mapper.setSaveTreeStateEnabled(false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(mapper.toState(live));
        }
        RandomCutForest a = Rcf.toModel(bytes.toByteArray(), 1542);
        RandomCutForest b = Rcf.toModel(bytes.toByteArray(), 1542);
        for (int i = 0; i < 2000; i++) {
            double x = i == 1500 ? 12 : r.nextGaussian();
            assertThat(a.getAnomalyScore(new double[] {x})).as("at " + i).isEqualTo(b.getAnomalyScore(new double[] {x
            }));
            a.update(new double[] {x});
            b.update(new double[] {x});
        }
    }

    @Test
    void aStateInTheFormatBeforeCheckpointsIsStillReadAndBecomesTheCheckpoint() {
        // exactly 1,000 updates: the state is the band, the checkpoint at 1,000 and no values since; the old
        // format was the band, seen and the whole forest serialized, so the same bytes in that layout must
        // restore the same forest
        Rcf live = new Rcf(new Params(Map.of()));
        Random r = new Random(9);
        for (int i = 0; i < Rcf.CHECKPOINT; i++) {
            live.raw(i * 1000L, r.nextGaussian(), true);
        }
        StateOut now = new StateOut();
        live.write(now);
        StateOut bandOnly = new StateOut();
        new ZScore(new Params(Map.of("band_sigmas", 3.0))).write(bandOnly);
        int bandLength = bandOnly.toByteArray().length;
        StateIn in = new StateIn(now.toByteArray());
        StateOut legacy = new StateOut();
        for (int i = 0; i < bandLength / 4; i++) {
            legacy.writeInt(in.readInt());
        }
        assertThat(in.readLong()).isEqualTo(-2); // the format mark
        legacy.writeLong(in.readLong()); // seen at the checkpoint
        assertThat(in.readBoolean()).isTrue();
        legacy.writeBytes(in.readBytes());
        assertThat(in.readInt()).isZero();

        Rcf restored = new Rcf(new Params(Map.of()));
        restored.read(new StateIn(legacy.toByteArray()));
        assertThat(restored.seen()).isEqualTo(Rcf.CHECKPOINT);
        StateOut again = new StateOut();
        restored.write(again);
        assertThat(again.toByteArray()).isEqualTo(now.toByteArray());
        for (int i = Rcf.CHECKPOINT; i < 2500; i++) {
            double x = i == 2200 ? 9 : r.nextGaussian();
            assertThat(restored.raw(i * 1000L, x, true).raw())
                    .as("at " + i)
                    .isEqualTo(live.raw(i * 1000L, x, true).raw());
        }
    }
}
