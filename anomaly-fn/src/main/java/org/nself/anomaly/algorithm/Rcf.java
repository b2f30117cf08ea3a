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
 *
 * <p>State is a checkpoint plus a replay log, so a restored forest scores exactly as an uninterrupted one:
 * every {@link #CHECKPOINT} updates the live forest itself goes through the mapper (state, bytes and back,
 * reseeded with {@code seed + seen}) and the bytes are kept; the values learned since are kept beside them.
 * Saving writes the cached bytes and the values; restoring rebuilds the forest from the same bytes with the
 * same seed and replays the values through the same update path, which leaves the same forest and random
 * stream. Before the first checkpoint the "checkpoint" is the freshly built forest itself.
 */
final class Rcf implements RawModel {
    static final Set<String> KEYS = Set.of("trees", "sample_size", "shingle_size", "time_decay", "seed", "band_sigmas");
    /** Updates between checkpoints: bounds the replay on restore and the values kept beside the bytes. */
    static final int CHECKPOINT = 1000;
    /** Written where the old format had {@code seen} (never negative), so old states stay readable. */
    private static final long FORMAT = -2;

    private final int shingle;
    private final int trees;
    private final int sample;
    private final double decay;
    private final ZScore band;
    private RandomCutForest forest;
    private final long seed;
    private long seen;
    /** The forest at the last checkpoint, serialized; null while it is the freshly built one. */
    private byte[] checkpoint;

    private long checkpointSeen;
    /** The values learned since the checkpoint, in order. */
    private double[] pending = new double[16];

    private int pendingCount;

    Rcf(Params p) {
        this.trees = p.integer("trees", 50, 1, 200);
        this.sample = p.integer("sample_size", 256, 16, 2048);
        this.shingle = p.integer("shingle_size", 1, 1, 64);
        this.decay = p.number("time_decay", 1.0 / (10.0 * sample), 0, 1);
        this.seed = p.integer("seed", 42, 0, Integer.MAX_VALUE);
        this.band = new ZScore(new Params(Map.of("band_sigmas", p.number("band_sigmas", 3, 0.1, 100))));
        p.reserve("trees", estimatedBytes(trees, sample, shingle));
        this.forest = build();
    }

    /**
     * The forest's heap and its checkpoint bytes: measured about 40 bytes per tree and sample point at
     * shingle 1 and 9 more per shingle value (randomcutforest-core 4.4), the checkpoint a third of that.
     */
    static long estimatedBytes(int trees, int sample, int shingle) {
        return (long) trees * sample * (64 + 12L * shingle);
    }

    private RandomCutForest build() {
        return RandomCutForest.builder()
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
        double score = forest.isOutputReady() ? forest.getAnomalyScore(new double[] {x}) : 0;
        if (learn) {
            learn(x);
        }
        return new Estimate(0, score, b.expected(), b.lower(), b.upper());
    }

    /** The one update path, shared by live learning and the replay on restore. */
    private void learn(double x) {
        forest.update(new double[] {x});
        seen++;
        if (pendingCount == pending.length) {
            pending = java.util.Arrays.copyOf(pending, pending.length * 2);
        }
        pending[pendingCount++] = x;
        if (seen % CHECKPOINT == 0) {
            checkpoint = serialize(mapper().toState(forest));
            checkpointSeen = seen;
            pendingCount = 0;
            pending = new double[16];
            // from the bytes, as a restore does: the live forest and a restored one start from the same object
            forest = toModel(checkpoint, seed + seen);
        }
    }

    @Override
    public long seen() {
        return seen;
    }

    @Override
    public void write(StateOut out) {
        band.write(out);
        out.writeLong(FORMAT);
        out.writeLong(checkpointSeen);
        out.writeBoolean(checkpoint != null);
        if (checkpoint != null) {
            out.writeBytes(checkpoint);
        }
        out.writeInt(pendingCount);
        for (int i = 0; i < pendingCount; i++) {
            out.writeDouble(pending[i]);
        }
    }

    @Override
    public void read(StateIn in) {
        band.read(in);
        long head = in.readLong();
        if (head >= 0) {
            // the format before checkpoints: a whole forest serialized at seen = head, restored reseeded;
            // those bytes become the checkpoint, so a later save and restore rebuild the same forest
            seen = head;
            checkpointSeen = head;
            checkpoint = in.readBytes();
            pendingCount = 0;
            forest = toModel(checkpoint, seed + seen);
            return;
        }
        if (head != FORMAT) {
            throw new StateIn.CorruptState(new IOException("unknown forest state format " + head));
        }
        checkpointSeen = in.readLong();
        checkpoint = in.readBoolean() ? in.readBytes() : null;
        int n = in.readInt();
        if (checkpointSeen < 0 || n < 0 || n > 10 * CHECKPOINT) {
            throw new StateIn.CorruptState(new IOException("bad forest replay log " + checkpointSeen + "/" + n));
        }
        double[] replay = new double[n];
        for (int i = 0; i < n; i++) {
            replay[i] = in.readDouble();
        }
        forest = checkpoint == null ? build() : toModel(checkpoint, seed + checkpointSeen);
        seen = checkpointSeen;
        pending = new double[Math.max(16, n)];
        pendingCount = 0;
        for (double x : replay) {
            learn(x);
        }
    }

    private static RandomCutForestMapper mapper() {
        RandomCutForestMapper mapper = new RandomCutForestMapper();
        mapper.setSaveExecutorContextEnabled(true);
        mapper.setSaveTreeStateEnabled(false);
        return mapper;
    }

    private static byte[] serialize(RandomCutForestState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The forest in {@code blob} with a random stream from {@code streamSeed}; the same inputs, the same forest. */
    static RandomCutForest toModel(byte[] blob, long streamSeed) {
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
            return new RandomCutForestMapper().toModel(state, streamSeed);
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new StateIn.CorruptState(new IOException(e.toString()));
        }
    }
}
