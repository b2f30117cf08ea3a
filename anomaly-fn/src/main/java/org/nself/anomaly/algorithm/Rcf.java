package org.nself.anomaly.algorithm;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.state.RandomCutForestMapper;
import com.amazon.randomcutforest.state.RandomCutForestState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * {@code rcf}: Amazon's Random Cut Forest over a shingle of the last {@code shingle_size} values; the raw
 * score is the forest's anomaly score (about 1 for ordinary points). The expected value and band come
 * from an EWMA beside the forest, because the forest itself gives no forecast cheaply.
 */
final class Rcf implements RawModel {
    static final Set<String> KEYS = Set.of("trees", "sample_size", "shingle_size", "time_decay", "seed", "band_sigmas");
    private final int shingle;
    private final ZScore band;
    private RandomCutForest forest;
    private final long seed;
    private long seen;

    Rcf(Params p) {
        int trees = p.integer("trees", 50, 1, 200);
        int sample = p.integer("sample_size", 256, 16, 2048);
        this.shingle = p.integer("shingle_size", 1, 1, 64);
        double decay = p.number("time_decay", 1.0 / (10.0 * sample), 0, 1);
        this.seed = p.integer("seed", 42, 0, Integer.MAX_VALUE);
        this.band = new ZScore(new Params(Map.of("band_sigmas", p.number("band_sigmas", 3, 0.1, 100))));
        this.forest = RandomCutForest.builder()
                .dimensions(shingle)
                .shingleSize(shingle)
                .internalShinglingEnabled(true)
                .numberOfTrees(trees)
                .sampleSize(sample)
                .timeDecay(decay)
                .outputAfter(Math.max(1, sample / 4))
                .randomSeed(seed)
                .build();
    }

    @Override
    public Estimate raw(long t, double x, boolean learn) {
        Estimate b = band.raw(t, x, learn);
        double[] point = {x};
        double score = forest.isOutputReady() ? forest.getAnomalyScore(point) : 0;
        if (learn) {
            forest.update(point);
            seen++;
        }
        return new Estimate(0, score, b.expected(), b.lower(), b.upper());
    }

    @Override
    public long seen() {
        return seen;
    }

    @Override
    public void write(StateOut out) {
        band.write(out);
        out.writeLong(seen);
        RandomCutForestMapper mapper = new RandomCutForestMapper();
        mapper.setSaveExecutorContextEnabled(true);
        mapper.setSaveTreeStateEnabled(false);
        RandomCutForestState state = mapper.toState(forest);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.writeBytes(bytes.toByteArray());
    }

    @Override
    public void read(StateIn in) {
        band.read(in);
        seen = in.readLong();
        byte[] blob = in.readBytes();
        try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(blob))) {
            // only the forest's own state classes, arrays and boxed primitives may be read back
            o.setObjectInputFilter(info -> {
                Class<?> c = info.serialClass();
                if (c == null || c.isArray() || c.isPrimitive()) {
                    return ObjectInputFilter.Status.UNDECIDED;
                }
                String n = c.getName();
                return n.startsWith("com.amazon.randomcutforest.")
                                || n.startsWith("java.lang.")
                                || n.startsWith("java.util.")
                        ? ObjectInputFilter.Status.ALLOWED
                        : ObjectInputFilter.Status.REJECTED;
            });
            RandomCutForestState state = (RandomCutForestState) o.readObject();
            forest = new RandomCutForestMapper().toModel(state, seed + seen);
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new StateIn.CorruptState(new IOException(e.toString()));
        }
    }
}
