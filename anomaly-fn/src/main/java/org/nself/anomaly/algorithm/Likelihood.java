package org.nself.anomaly.algorithm;

/**
 * Calibrates raw scores into [0, 1], after Numenta's "anomaly likelihood": the short moving average of
 * the raw score is compared with the distribution of that average over a long window, and the Gaussian
 * tail probability is mapped to a log scale so that 0.5 means about 1 in 100,000. One threshold then
 * means the same for every algorithm. O(1) per point; the long window's sums are recomputed once per
 * window to keep rounding from drifting.
 */
final class Likelihood {
    private static final double LOG_EPS = Math.log(1e-10);

    static double VARIANCE_FLOOR = Double.parseDouble(System.getProperty("lk.floor", "1.5e-5"));
    private final int learning;
    private final double nominal;
    private final Window averages;
    private final Window points;
    private final Ranks ranks;
    /** With {@code calibration_tail: ranks}: the empirical tail of the short average too. */
    private final Ranks averageRanks;

    private final double[] recent;
    private int recentHead;
    private int recentCount;
    private double recentSum;

    Likelihood(int window, int shortWindow, int learning, double nominal, String tail, int reference) {
        this.nominal = nominal;
        this.averages = new Window(window);
        this.points = new Window(window);
        boolean empirical = !tail.equals("gaussian");
        this.ranks = empirical ? new Ranks(window, reference) : null;
        this.averageRanks = tail.equals("ranks") ? new Ranks(window, reference) : null;
        this.recent = new double[shortWindow];
        this.learning = learning;
    }

    static Likelihood fromParams(Params p, double nominal) {
        int window = p.integer("calibration_window", 5000, 50, 100_000);
        int shortWindow = p.integer("calibration_short_window", 3, 1, 1000);
        int learning = p.integer("calibration_learning", 300, 10, 100_000);
        String tail = p.choice("calibration_tail", DEFAULT_TAIL, java.util.Set.of("gaussian", "empirical", "ranks"));
        int reference = p.integer("calibration_reference", window, 1, 100_000);
        // two windows of doubles, and two sorted rings of two arrays each for the rank tails
        p.reserve("calibration_window", 8L * window * (2 + 4) + 8L * shortWindow);
        return new Likelihood(window, shortWindow, learning, nominal, tail, reference);
    }

    /** The calibrated score of {@code raw}; with {@code learn} the raw score joins the history. */
    double score(double raw, boolean learn) {
        // squash the raw score into [0, 1) around the model's nominal surprise so one spike cannot dominate
        double r = Double.isNaN(raw)
                ? 0
                : (raw == Double.POSITIVE_INFINITY ? 1 : Math.max(0, raw) / (Math.max(0, raw) + nominal));
        double nextRecentSum = recentSum + r - (recentCount == recent.length ? recent[recentHead] : 0);
        int n = Math.min(recentCount + 1, recent.length);
        double average = nextRecentSum / n;
        double result = 0;
        if (averages.count >= learning) {
            // a sustained shift shows in the short average, a lone spike in the point itself
            double point = ranks != null ? ranks.logTail(r) : (POINTWISE ? points.logTail(r) : 0);
            double sustained = averageRanks != null ? averageRanks.logTail(average) : averages.logTail(average);
            result = Math.max(sustained, point);
        }
        if (learn) {
            recent[recentHead] = r;
            recentHead = (recentHead + 1) % recent.length;
            recentCount = n;
            recentSum = nextRecentSum;
            averages.push(average);
            points.push(r);
            if (ranks != null) {
                ranks.push(r);
            }
            if (averageRanks != null) {
                averageRanks.push(average);
            }
        }
        return result;
    }

    /** Chosen on the NAB dev subset (docs/benchmarks.md). */
    static final String DEFAULT_TAIL = "empirical";

    static boolean POINTWISE = !Boolean.getBoolean("lk.nopoint");

    /**
     * The empirical tail: how many of the last values were at least this large. Heavy-tailed raw scores
     * (a forest's) are not Gaussian; the rank says how unusual a point is without that assumption.
     * The log scale is relative to the full window (score 1 = the largest of the window), or, while
     * fewer values have been seen, to max(seen, reference): with a reference below the window a young
     * history can reach a high score sooner (the largest of 2,000 scores like the largest of 5,000).
     * Kept sorted: binary search plus one array shift per point.
     */
    private static final class Ranks {
        final SortedWindow window;
        final int reference;

        Ranks(int size, int reference) {
            window = new SortedWindow(size);
            this.reference = Math.min(size, reference);
        }

        double logTail(double x) {
            int count = window.count();
            int atLeast = count - window.lowerIndex(x);
            double tail = (atLeast + 1.0) / (count + 1.0);
            double scale = Math.min(window.size(), Math.max(count, reference));
            return Math.min(1, Math.max(0, Math.log(tail) / Math.log(1.0 / (scale + 1.0))));
        }

        void push(double x) {
            window.push(x);
        }

        void write(StateOut out) {
            window.write(out);
        }

        void read(StateIn in) {
            window.read(in, "calibration window");
        }
    }

    /** A long window of values with running sums. */
    private static final class Window {
        final double[] values;
        int head;
        int count;
        double sum;
        double sumSq;
        long updates;

        Window(int size) {
            values = new double[size];
        }

        double logTail(double x) {
            double mean = sum / count;
            double variance = Math.max(0, sumSq / count - mean * mean);
            double std = Math.sqrt(Math.max(variance, VARIANCE_FLOOR));
            double z = (x - mean) / std;
            double tail = 0.5 * erfc(z / Math.sqrt(2));
            return Math.min(1, Math.max(0, Math.log(tail + 1e-10) / LOG_EPS));
        }

        void push(double x) {
            if (count == values.length) {
                double old = values[head];
                sum -= old;
                sumSq -= old * old;
            } else {
                count++;
            }
            values[head] = x;
            head = (head + 1) % values.length;
            sum += x;
            sumSq += x * x;
            updates++;
            if (updates % values.length == 0) {
                sum = 0;
                sumSq = 0;
                for (int i = 0; i < count; i++) {
                    sum += values[i];
                    sumSq += values[i] * values[i];
                }
            }
        }

        void write(StateOut out) {
            out.writeDoubles(values)
                    .writeInt(head)
                    .writeInt(count)
                    .writeDouble(sum)
                    .writeDouble(sumSq)
                    .writeLong(updates);
        }

        void read(StateIn in) {
            in.readDoubles(values, "calibration window");
            head = in.readInt();
            count = in.readInt();
            sum = in.readDouble();
            sumSq = in.readDouble();
            updates = in.readLong();
        }
    }

    void write(StateOut out) {
        averages.write(out);
        points.write(out);
        if (ranks != null) {
            ranks.write(out);
        }
        if (averageRanks != null) {
            averageRanks.write(out);
        }
        out.writeDoubles(recent).writeInt(recentHead).writeInt(recentCount).writeDouble(recentSum);
    }

    void read(StateIn in) {
        averages.read(in);
        points.read(in);
        if (ranks != null) {
            ranks.read(in);
        }
        if (averageRanks != null) {
            averageRanks.read(in);
        }
        in.readDoubles(recent, "calibration short window");
        recentHead = in.readInt();
        recentCount = in.readInt();
        recentSum = in.readDouble();
    }

    /** Complementary error function, fractional error below 1.2e-7 everywhere (Numerical Recipes' erfcc). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }
}
