package org.nself.anomaly.nab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A NAB-format directory: {@code data/<category>/<name>.csv} and {@code combined_windows.json}. */
record NabCorpus(List<Series> series) {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One labelled file: timestamps (epoch ms), values, and windows as inclusive row ranges. */
    record Series(String name, long[] timestamps, double[] values, List<int[]> windows) {
        int size() {
            return values.length;
        }
    }

    static NabCorpus load(Path root, java.util.function.Predicate<String> include) {
        Map<String, List<long[]>> labels = windows(root.resolve("combined_windows.json"));
        List<Series> out = new ArrayList<>();
        for (String name : labels.keySet()) {
            if (!include.test(name)) {
                continue;
            }
            Path file = root.resolve("data").resolve(name);
            if (!Files.exists(file)) {
                continue;
            }
            out.add(read(name, file, labels.get(name)));
        }
        return new NabCorpus(out);
    }

    static long parse(String ts) {
        String s = ts.length() > 19 ? ts.substring(0, 19) : ts;
        return LocalDateTime.parse(s, TS).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static Series read(String name, Path file, List<long[]> labelled) {
        List<String> lines;
        try (Stream<String> s = Files.lines(file)) {
            lines = s.skip(1).filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] ts = new long[lines.size()];
        double[] values = new double[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            ts[i] = parse(parts[0].trim());
            values[i] = Double.parseDouble(parts[1].trim());
        }
        List<int[]> windows = new ArrayList<>();
        for (long[] w : labelled) {
            int start = -1;
            int end = -1;
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] >= w[0] && ts[i] <= w[1]) {
                    if (start < 0) {
                        start = i;
                    }
                    end = i;
                }
            }
            if (start >= 0) {
                windows.add(new int[] {start, end});
            }
        }
        return new Series(name, ts, values, windows);
    }

    static Map<String, List<long[]>> windows(Path json) {
        String text;
        try {
            text = Files.readString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<long[]>> out = new LinkedHashMap<>();
        Matcher entry = Pattern.compile("\"([^\"]+\\.csv)\"\\s*:\\s*\\[((?:\\s*\\[[^\\]]*\\]\\s*,?)*)\\s*\\]")
                .matcher(text);
        Pattern pair = Pattern.compile("\\[\\s*\"([^\"]+)\"\\s*,\\s*\"([^\"]+)\"\\s*\\]");
        while (entry.find()) {
            List<long[]> list = new ArrayList<>();
            Matcher p = pair.matcher(entry.group(2));
            while (p.find()) {
                list.add(new long[] {parse(p.group(1)), parse(p.group(2))});
            }
            out.put(entry.group(1), list);
        }
        return out;
    }
}
